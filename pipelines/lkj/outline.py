"""The LKj declared once: its sections, in order, and the tables and figures of each.

Every table of the report is one entry here, naming what it reads of the marts (a
:class:`~pipelines.lkj.lkj_data.Read`: the mart, its columns, the report's year or every
year up to it) and the function that lays it out (``lkj_tables.py``). Everything else
derives from this outline:

- the workbook's sheets and the HTML page's sections and tables (``lkj_tables``,
  ``lkj_html``), the .docx's chapter (:data:`CHAPTER`);
- the queries ``load_lkj`` runs, one per mart (:data:`MART_READS`, with
  :data:`REPORT_READS`, what every report reads: the office-year's status, its
  deliveries), and the reports' fingerprint (``MARTS_READ_ROWS``, ``MARTS_READ_COLUMNS``
  in ``pipelines/defs/reports/assets.py``);
- the numbers of the tables. The LKj numbers its tables through the report (Tabel 1 and 2
  of Bab I and II are not data tables: the first here is Tabel 3); the indicators' tables
  of Bab III are those the Renstra declares for each indicator of the report's year
  (``tables`` in ``dbt_project.yml``'s ``renstra``), numbered in order after the tables
  before them. For 2024 that gives the published Tabel 3-25.
- the numbers of the charts, the same way: Grafik 1-4 of Bab I are not data charts (the
  first here is Grafik 5); an indicator's charts come with its series table, as the LKj
  draws them. For 2024 that gives the published Grafik 5-20. A chart the LKj does not have
  is captioned "Grafik tambahan", unnumbered.

docs/reports.md ("How the report is declared") says how to add a table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from markupsafe import Markup

from pipelines import indicators
from pipelines.lkj import html_parts, lkj_tables, narrative
from pipelines.lkj.analysis import Chapter, draft_chapter
from pipelines.lkj.lkj_data import Indicator, LkjData, Read, year_lists
from pipelines.lkj.lkj_tables import Table

# --- what the tables read of the marts: one read per mart, by column name -------------

KPI = Read(
    "fct_kpi_annual",
    (
        "indicator_code",
        "target_basis",
        "year",
        "target",
        "realisation",
        "achievement_pct_lkj as achievement_pct",
        "realisation_source as source",
        "target_dipa_awal",
    ),
    years="<=",  # the series of Bab III: every year up to the report's
)
KPI_QUARTERS = Read(
    "fct_kpi_quarterly",
    ("indicator_code", "quarter", "target", "realisation", "records", "grade"),
)
GOALS = Read(
    "fct_goal_annual",
    (
        "goal_code",
        "target_basis",
        "avg_achievement_pct_lkj as avg_achievement_pct",
        "budget_ceiling",
        "budget_realisation",
        "budget_absorption_pct",
    ),
)
OFFICE = Read(
    "fct_office_annual",
    (
        "target_basis",
        "avg_achievement_pct_lkj as avg_achievement_pct",
        "budget_ceiling_initial",
        "budget_ceiling",
        "budget_realisation",
        "budget_absorption_pct_2dp as budget_absorption_pct",
    ),
)
# Every year up to the report's: a provisional year is compared with the same months of
# the year before (analysis.py); Lampiran II shows the report's year.
PLACEMENTS = Read(
    "fct_placements_monthly",
    ("year", "month", "unit_type", "scheme_group", "sector", "sex", "placements"),
    years="<=",
)
CASES = Read(
    "fct_cases_annual",
    ("country_code", "country_name", "case_category", "cases", "cases_open"),
    order_by="country_name, case_category",
)
IKPA = Read(
    "fct_ikpa_components",
    ("component_number as number", "aspect", "component", "score", "weight", "weighted_score"),
    order_by="component_number",
)
ACTIVITIES = Read(
    "fct_activity_budgets",
    (
        "activity_code as code",
        "goal_code",
        "activity_name as name",
        "budget_ceiling_initial",
        "budget_ceiling",
    ),
    order_by="activity_code",
)
CASE_LINES = Read(
    "fct_cases_by_type",
    ("country_as_typed as country", "case_type_as_typed as case_type", "cases", "cases_open"),
    order_by="lower(country_as_typed), country_as_typed, lower(case_type_as_typed), "
    "case_type_as_typed",
)
# The person as the first 8 characters of the pseudonym: enough to tell rows apart.
# Numbered as the recap numbers them (its NO, which the LKj prints), or by place.
PREVENTIONS = Read(
    "fct_preventions",
    (
        "coalesce(recap_number, prevention_number) as number",
        "prevention_date as date",
        "location",
        "organiser",
        "left(person_name_pseudonym, 8) as person",
        "sex",
        "intended_country_as_typed as country",
        "origin_area as origin",
        "problem",
        "follow_up",
        "coalesce(suspected_duplicate_of_recap_number, suspected_duplicate_of_number) "
        "as repeats_number",
    ),
    order_by="prevention_number",
)
# The office's own words per indicator, woven into the drafted chapter (narrative.py).
NARRATIVES = Read(narrative.MART, narrative.COLUMNS)
QUARANTINE = Read(
    "fct_quarantine_annual", ("feed", "rule", "rows_quarantined as rows"), order_by="feed, rule"
)
FINDINGS = Read(
    "dq_findings",
    (
        "check_name",
        "subject",
        "expected",
        "actual",
        "difference",
        "severity",
        "detail_id as detail",
        "expected_label_id as expected_label",
        "actual_label_id as actual_label",
    ),
    order_by="severity desc, check_name, subject",
)

# What has arrived: whether the office-year is complete or provisional (the label every
# part of the report carries, docs/reports.md "A provisional year"), and which feeds have
# nothing delivered for the year (their figures print "-"). Read by every report, whatever
# its parts: :data:`REPORT_READS`.
# Every year up to the report's: the year before's months complete say whether it holds
# the months a provisional year is compared with.
STATUS = Read(
    "fct_office_year_status",
    ("year", "status", "is_complete", "status_label", "months_complete"),
    years="<=",
)
DELIVERIES = Read(
    "fct_deliveries", ("feed", "status", "is_optional"), order_by="table_order, period"
)
REPORT_READS = (STATUS, DELIVERIES)

# The quarterly monitoring workbook of an office-year (monitoring.py, docs/reports.md "The
# quarterly monitoring workbook"): Tabel 5's quarters with their achievement, and the
# progress during the year (marts.fct_indicator_progress).
PROGRESS = Read(
    "fct_indicator_progress",
    (
        "indicator_code",
        "data_through_date",
        "quarter_in_progress",
        "realisation_to_date",
        "target_to_date",
        "target_source",
        "progress_pct",
        "target_quarter_cumulative",
        "projection_year_end",
        "projection_method_label_id as projection_method",
        "projected_achievement_pct",
        "track_label_id as track",
    ),
)
QUARTER_ACHIEVEMENTS = Read(
    "fct_kpi_quarterly", ("indicator_code", "quarter", "achievement_pct_2dp as achievement_pct")
)
MONITORING_READS = (PROGRESS, QUARTER_ACHIEVEMENTS, *REPORT_READS)


# --- the kinds of entry ------------------------------------------------------------------


@dataclass(frozen=True)
class TableEntry:
    """A table: its layout (``layout(data)``, or ``layout(data, indicator)`` for an
    indicator's table) and what it reads. ``key`` and ``label`` name a table the LKj does
    not number (``lampiran-i``, ``Lampiran I``); without them it is numbered (``tabel-7``,
    ``Tabel 7``)."""

    layout: Callable[..., Table]
    reads: tuple[Read, ...]
    key: str = ""
    label: str = ""


@dataclass(frozen=True)
class Figure:
    """A part of the HTML page that is neither table nor chart (the headline cards, the
    findings' summary): ``draw(data)``."""

    draw: Callable[[LkjData], Markup]
    reads: tuple[Read, ...]


@dataclass(frozen=True)
class Chart:
    """A chart of the page: ``draw(data)``, or ``draw(data, indicator)`` for an indicator's
    chart (``html_parts``). ``numbered``: a chart the LKj has, numbered in order from
    :data:`FIRST_CHART_NUMBER`; else captioned :data:`EXTRA_CHART`."""

    draw: Callable[..., html_parts.Drawn]
    reads: tuple[Read, ...]
    numbered: bool = True


@dataclass(frozen=True)
class Section:
    """A section of the page: its id, heading, and its tables, charts and figures in order."""

    key: str
    heading: str
    parts: tuple[TableEntry | Chart | Figure, ...]


@dataclass(frozen=True)
class IndicatorSections:
    """A section per indicator of the report's year (Bab III), id ``iku1``: the tables the
    declaration names for it (``tables``: a name of :attr:`tables` each), each with the
    charts the LKj draws around it."""

    tables: Mapping[str, tuple[TableEntry | Chart, ...]]


@dataclass(frozen=True)
class ChapterSection:
    """The drafted analysis chapter (``analysis.py``): a section of the page, headed by the
    chapter's title, and the .docx."""

    key: str
    draft: Callable[[LkjData], Chapter]
    reads: tuple[Read, ...]


CHAPTER = ChapterSection(
    "analisis", draft_chapter, (KPI, KPI_QUARTERS, GOALS, OFFICE, CASES, NARRATIVES)
)

# The first table's number: Tabel 1 and 2 (Bab I, II) are not data tables.
FIRST_NUMBER = 3
# The first chart's number: Grafik 1-4 (Bab I, the staff) are not data charts.
FIRST_CHART_NUMBER = 5
# The caption of a chart the LKj does not have.
EXTRA_CHART = "Grafik tambahan"

OUTLINE: tuple[Section | IndicatorSections | ChapterSection, ...] = (
    Section(
        "ringkasan",
        "Ringkasan",
        (
            Figure(html_parts.cards, (KPI, OFFICE, CASES)),
            TableEntry(
                lkj_tables.summary, (OFFICE, QUARANTINE, FINDINGS), "tabel-ringkasan", "Ringkasan"
            ),
        ),
    ),
    Section(
        "perjanjian-kinerja",
        "Perjanjian Kinerja",
        (
            TableEntry(lkj_tables.tabel_3, (KPI, ACTIVITIES)),
            TableEntry(lkj_tables.tabel_4, (KPI, ACTIVITIES)),
        ),
    ),
    Section(
        "pengukuran-kinerja",
        "Pengukuran Kinerja",
        (
            TableEntry(lkj_tables.tabel_5, (KPI, KPI_QUARTERS)),
            TableEntry(lkj_tables.tabel_6, (KPI, OFFICE)),
            Chart(html_parts.achievement_chart, (KPI,), numbered=False),
        ),
    ),
    # The LKj draws an indicator's charts where it has a series: the year's and the
    # realisation's from year to year after the year's table, the series' after its table
    # (2024, IKU 1: Tabel 7, Grafik 5, 6, Tabel 8, Grafik 7); none for IKU 6-8.
    IndicatorSections(
        tables={
            "capaian": (TableEntry(lkj_tables.capaian, (KPI,)),),
            "series": (
                Chart(html_parts.year_chart, (KPI,)),
                Chart(html_parts.realisation_chart, (KPI,)),
                TableEntry(lkj_tables.series, (KPI,)),
                Chart(html_parts.series_chart, (KPI,)),
            ),
            "series_total": (TableEntry(lkj_tables.series_total, (KPI,)),),
            "series_dipa": (
                TableEntry(lkj_tables.series_dipa, (KPI,)),
                Chart(html_parts.series_dipa_chart, (KPI,)),
            ),
            "bases": (TableEntry(lkj_tables.bases, (KPI,)),),
        },
    ),
    CHAPTER,
    Section(
        "realisasi-anggaran",
        "Realisasi Anggaran",
        (
            TableEntry(lkj_tables.budget_pk, (KPI, GOALS, OFFICE)),
            TableEntry(lkj_tables.budget_dipa, (KPI, GOALS, OFFICE)),
            Chart(html_parts.budget_chart, (GOALS, OFFICE), numbered=False),
        ),
    ),
    Section(
        "lampiran-pk",
        "Lampiran I: Perjanjian Kinerja",
        (TableEntry(lkj_tables.lampiran_i, (KPI, ACTIVITIES), "lampiran-i", "Lampiran I"),),
    ),
    Section(
        "penempatan",
        "Lampiran II: Data Penempatan",
        (
            TableEntry(lkj_tables.lampiran_ii, (PLACEMENTS,), "lampiran-ii", "Lampiran II"),
            Chart(html_parts.placements_chart, (PLACEMENTS,), numbered=False),
        ),
    ),
    Section(
        "kasus",
        "Lampiran III: Rekap Kasus",
        (
            TableEntry(lkj_tables.lampiran_iii, (CASE_LINES,), "lampiran-iii", "Lampiran III"),
            Chart(html_parts.cases_chart, (CASES,), numbered=False),
        ),
    ),
    Section(
        "pencegahan",
        "Lampiran IV: Data Pencegahan PMI Non Prosedural",
        (TableEntry(lkj_tables.lampiran_iv, (PREVENTIONS,), "lampiran-iv", "Lampiran IV"),),
    ),
    Section(
        "anggaran-satker",
        "Lampiran V: Nilai Kinerja Anggaran",
        (TableEntry(lkj_tables.lampiran_v, (KPI,), "lampiran-v", "Lampiran V"),),
    ),
    Section(
        "ikpa",
        "Lampiran: Nilai IKPA",
        (TableEntry(lkj_tables.lampiran_ikpa, (IKPA,), "lampiran-ikpa", "Lampiran IKPA"),),
    ),
    Section(
        "manual-iku",
        "Manual IKU",
        (TableEntry(lkj_tables.manual_iku, (), "tabel-manual-iku", "Manual IKU"),),
    ),
    Section(
        "temuan-data",
        "Temuan Data: di mana masukan tidak cocok",
        (
            Figure(html_parts.findings_summary, (FINDINGS,)),
            TableEntry(lkj_tables.findings, (FINDINGS,), "temuan", "Temuan Data"),
        ),
    ),
)


# --- the outline placed for one year's indicators ---------------------------------------


@dataclass(frozen=True)
class PlacedTable:
    """A table of the outline with its key and label for one year's indicators."""

    key: str
    label: str
    entry: TableEntry
    indicator: Indicator | None = None

    def table(self, data: LkjData) -> Table:
        layout = self.entry.layout
        laid = layout(data) if self.indicator is None else layout(data, self.indicator)
        return replace(laid, key=self.key, label=self.label, status=data.status_label)


@dataclass(frozen=True)
class PlacedFigure:
    figure: Figure

    def draw(self, data: LkjData) -> Markup:
        return self.figure.draw(data)


@dataclass(frozen=True)
class PlacedChart:
    """A chart of the outline with its label (``Grafik 5``, or :data:`EXTRA_CHART`)."""

    label: str
    chart: Chart
    indicator: Indicator | None = None

    def drawn(self, data: LkjData) -> html_parts.Drawn:
        draw = self.chart.draw
        return draw(data) if self.indicator is None else draw(data, self.indicator)

    def html(self, data: LkjData) -> Markup:
        return html_parts.figure_html(self.label, self.drawn(data))


@dataclass(frozen=True)
class PlacedSection:
    key: str
    heading: str  # empty for the chapter, headed by its own title
    parts: tuple[PlacedTable | PlacedChart | PlacedFigure | ChapterSection, ...]


class OutlineError(ValueError):
    """An indicator names a table the outline does not have."""


def placed(year_indicators: Sequence[Indicator]) -> list[PlacedSection]:
    """The outline's sections for a year with ``year_indicators`` (``LkjData.indicators``),
    every table with its key and label, numbered from :data:`FIRST_NUMBER` in order, every
    chart the LKj has numbered from :data:`FIRST_CHART_NUMBER`."""
    number, chart_number = FIRST_NUMBER, FIRST_CHART_NUMBER
    sections: list[PlacedSection] = []

    def place(
        entry: TableEntry | Chart | Figure, indicator: Indicator | None = None
    ) -> PlacedTable | PlacedChart | PlacedFigure:
        nonlocal number, chart_number
        if isinstance(entry, Figure):
            return PlacedFigure(entry)
        if isinstance(entry, Chart):
            if not entry.numbered:
                return PlacedChart(EXTRA_CHART, entry, indicator)
            chart_number += 1
            return PlacedChart(f"Grafik {chart_number - 1}", entry, indicator)
        if entry.key:
            return PlacedTable(entry.key, entry.label, entry, indicator)
        number += 1
        return PlacedTable(f"tabel-{number - 1}", f"Tabel {number - 1}", entry, indicator)

    for item in OUTLINE:
        if isinstance(item, ChapterSection):
            sections.append(PlacedSection(item.key, "", (item,)))
        elif isinstance(item, Section):
            parts = tuple(place(part) for part in item.parts)
            sections.append(PlacedSection(item.key, item.heading, parts))
        else:
            for indicator in year_indicators:
                unknown = set(indicator.tables) - set(item.tables)
                if unknown:
                    raise OutlineError(
                        f"indicator {indicator.code}: no table of the outline is named "
                        f"{', '.join(sorted(unknown))} (one of {', '.join(item.tables)})"
                    )
                declared = [part for name in indicator.tables for part in item.tables[name]]
                parts = tuple(place(part, indicator) for part in declared)
                heading = f"{indicator.label}: {indicator.name}"
                sections.append(PlacedSection(indicator.code.lower(), heading, parts))
    return sections


Part = TypeVar("Part", "PlacedTable", "PlacedChart")


def _placed_parts(year_indicators: Sequence[Indicator], kind: type[Part]) -> list[Part]:
    return [
        part
        for section in placed(year_indicators)
        for part in section.parts
        if isinstance(part, kind)
    ]


def placed_charts(year_indicators: Sequence[Indicator]) -> list[PlacedChart]:
    """Every chart of the report, in its order, for a year with ``year_indicators``."""
    return _placed_parts(year_indicators, PlacedChart)


def placed_tables(year_indicators: Sequence[Indicator]) -> list[PlacedTable]:
    """Every table of the report, in its order, for a year with ``year_indicators``."""
    return _placed_parts(year_indicators, PlacedTable)


def table_keys(year: int) -> list[str]:
    """The ids of the tables of an LKj of ``year`` (``tabel-3``, ...), from the Renstra."""
    _, of_year = year_lists(year)
    return [table.key for table in placed_tables(of_year)]


def lkj_tables(data: LkjData) -> list[Table]:
    """Every table of the report of ``data``, laid out, in the LKj's order: the workbook's
    sheets."""
    return [table.table(data) for table in placed_tables(data.indicators)]


def table(data: LkjData, key: str) -> Table:
    """The table ``key`` (``tabel-3``, ``lampiran-iv``) of the report of ``data``."""
    [found] = [t for t in placed_tables(data.indicators) if t.key == key]
    return found.table(data)


def _reads() -> list[Read]:
    """Every read of every entry of the outline, the tables any indicator may name included,
    those of every report (:data:`REPORT_READS`) and of the monitoring workbook
    (:data:`MONITORING_READS`)."""
    found: list[Read] = [*REPORT_READS, *MONITORING_READS]
    for item in OUTLINE:
        if isinstance(item, ChapterSection):
            found += item.reads
        elif isinstance(item, Section):
            found += [read for part in item.parts for read in part.reads]
        else:
            found += [read for parts in item.tables.values() for p in parts for read in p.reads]
    return found


def _merged(reads: Sequence[Read]) -> tuple[Read, ...]:
    by_mart: dict[str, Read] = {}
    for read in reads:
        by_mart[read.mart] = by_mart[read.mart].merged(read) if read.mart in by_mart else read
    return tuple(by_mart.values())


# One query per mart: what all the outline's entries read of it.
MART_READS: tuple[Read, ...] = _merged(_reads())
# The rows of each mart a report reads: the report's year ("=") or every year up to it
# ("<="); the reports' fingerprint (reports/assets.py) digests these.
MARTS_READ_ROWS: dict[str, str] = {read.mart: read.years for read in MART_READS}
# The columns the report reads of each mart: the fingerprint digests these, not the whole
# row (a column no report shows, such as the deliveries marts' reference date, which
# changes every day, writes no report again).
MARTS_READ_COLUMNS: dict[str, tuple[str, ...]] = {read.mart: read.columns for read in MART_READS}


def check_declared_tables() -> None:
    """Place the outline for each Renstra period: an indicator that names a table the
    outline does not have raises :class:`OutlineError` (a test holds it)."""
    for period in indicators.renstra().periods:
        placed(year_lists(period.first_year)[1])
