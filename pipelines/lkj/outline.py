"""The LKj declared once: its sections, in order, and the tables and figures of each.

Every table of the report is one entry here, naming what it reads of the marts (a
:class:`~pipelines.lkj.lkj_data.Read`: the mart, its columns, the report's year or every
year up to it) and the function that lays it out (``lkj_tables.py``). Everything else
derives from this outline:

- the workbook's sheets and the HTML page's sections and tables (``lkj_tables``,
  ``lkj_html``), the .docx's chapter (:data:`CHAPTER`);
- the queries ``load_lkj`` runs, one per mart (:data:`MART_READS`), and the reports'
  fingerprint (``MARTS_READ_ROWS`` in ``pipelines/defs/reports/assets.py``);
- the numbers of the tables. The LKj numbers its tables through the report (Tabel 1 and 2
  of Bab I and II are not data tables: the first here is Tabel 3); the indicators' tables
  of Bab III are those the Renstra declares for each indicator of the report's year
  (``tables`` in ``dbt_project.yml``'s ``renstra``), numbered in order after the tables
  before them. For 2024 that gives the published Tabel 3-25.

docs/reports.md ("How the report is declared") says how to add a table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup

from pipelines import indicators
from pipelines.lkj import html_parts, lkj_tables
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
PLACEMENTS = Read(
    "fct_placements_monthly",
    ("month", "unit_type", "scheme_group", "sector", "sex", "placements"),
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
    """A part of the HTML page that is not a table (a chart, the headline cards):
    ``draw(data, charts)``, or ``draw(data, indicator, charts)`` in an indicator's section."""

    draw: Callable[..., Markup | list[Markup]]
    reads: tuple[Read, ...]


@dataclass(frozen=True)
class Section:
    """A section of the page: its id, heading, and its tables and figures in order."""

    key: str
    heading: str
    parts: tuple[TableEntry | Figure, ...]


@dataclass(frozen=True)
class IndicatorSections:
    """A section per indicator of the report's year (Bab III), id ``iku1``: the tables the
    declaration names for it (``tables``: a name of :attr:`tables` each), then ``figures``."""

    tables: Mapping[str, TableEntry]
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class ChapterSection:
    """The drafted analysis chapter (``analysis.py``): a section of the page, headed by the
    chapter's title, and the .docx."""

    key: str
    draft: Callable[[LkjData], Chapter]
    reads: tuple[Read, ...]


def _indicator_charts(data: LkjData, indicator: Indicator, charts: html_parts.Charts) -> list:
    return html_parts.indicator_charts(data, indicator.code, charts)


CHAPTER = ChapterSection("analisis", draft_chapter, (KPI, KPI_QUARTERS, GOALS, OFFICE, CASES))

# The first table's number: Tabel 1 and 2 (Bab I, II) are not data tables.
FIRST_NUMBER = 3

OUTLINE: tuple[Section | IndicatorSections | ChapterSection, ...] = (
    Section(
        "ringkasan",
        "Ringkasan",
        (
            Figure(lambda data, _charts: html_parts.cards(data), (KPI, OFFICE, CASES)),
            TableEntry(
                lkj_tables.summary, (OFFICE, QUARANTINE, FINDINGS), "ringkasan", "Ringkasan"
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
            Figure(html_parts.achievement_chart, (KPI,)),
        ),
    ),
    IndicatorSections(
        tables={
            "capaian": TableEntry(lkj_tables.capaian, (KPI,)),
            "series": TableEntry(lkj_tables.series, (KPI,)),
            "series_total": TableEntry(lkj_tables.series_total, (KPI,)),
            "series_dipa": TableEntry(lkj_tables.series_dipa, (KPI,)),
            "bases": TableEntry(lkj_tables.bases, (KPI,)),
        },
        figures=(Figure(_indicator_charts, (KPI,)),),
    ),
    CHAPTER,
    Section(
        "realisasi-anggaran",
        "Realisasi Anggaran",
        (
            TableEntry(lkj_tables.budget_pk, (KPI, GOALS, OFFICE)),
            TableEntry(lkj_tables.budget_dipa, (KPI, GOALS, OFFICE)),
            Figure(html_parts.budget_chart, (GOALS, OFFICE)),
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
            Figure(html_parts.placements_chart, (PLACEMENTS,)),
        ),
    ),
    Section(
        "kasus",
        "Lampiran III: Rekap Kasus",
        (
            TableEntry(lkj_tables.lampiran_iii, (CASE_LINES,), "lampiran-iii", "Lampiran III"),
            Figure(html_parts.cases_chart, (CASES,)),
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
        (TableEntry(lkj_tables.manual_iku, (), "manual-iku", "Manual IKU"),),
    ),
    Section(
        "temuan-data",
        "Temuan Data: di mana masukan tidak cocok",
        (
            Figure(lambda data, _charts: html_parts.findings_summary(data), (FINDINGS,)),
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
        return replace(laid, key=self.key, label=self.label)


@dataclass(frozen=True)
class PlacedFigure:
    figure: Figure
    indicator: Indicator | None = None

    def draw(self, data: LkjData, charts: html_parts.Charts) -> list[Markup]:
        drawn = (
            self.figure.draw(data, charts)
            if self.indicator is None
            else self.figure.draw(data, self.indicator, charts)
        )
        return list(drawn) if isinstance(drawn, list) else [drawn]


@dataclass(frozen=True)
class PlacedSection:
    key: str
    heading: str  # empty for the chapter, headed by its own title
    parts: tuple[PlacedTable | PlacedFigure | ChapterSection, ...]


class OutlineError(ValueError):
    """An indicator names a table the outline does not have."""


def placed(year_indicators: Sequence[Indicator]) -> list[PlacedSection]:
    """The outline's sections for a year with ``year_indicators`` (``LkjData.indicators``),
    every table with its key and label, numbered from :data:`FIRST_NUMBER` in order."""
    number = FIRST_NUMBER
    sections: list[PlacedSection] = []

    def place(entry: TableEntry, indicator: Indicator | None = None) -> PlacedTable:
        nonlocal number
        if entry.key:
            return PlacedTable(entry.key, entry.label, entry, indicator)
        number += 1
        return PlacedTable(f"tabel-{number - 1}", f"Tabel {number - 1}", entry, indicator)

    for item in OUTLINE:
        if isinstance(item, ChapterSection):
            sections.append(PlacedSection(item.key, "", (item,)))
        elif isinstance(item, Section):
            parts = tuple(
                place(part) if isinstance(part, TableEntry) else PlacedFigure(part)
                for part in item.parts
            )
            sections.append(PlacedSection(item.key, item.heading, parts))
        else:
            for indicator in year_indicators:
                unknown = set(indicator.tables) - set(item.tables)
                if unknown:
                    raise OutlineError(
                        f"indicator {indicator.code}: no table of the outline is named "
                        f"{', '.join(sorted(unknown))} (one of {', '.join(item.tables)})"
                    )
                tables = tuple(place(item.tables[name], indicator) for name in indicator.tables)
                figures = tuple(PlacedFigure(figure, indicator) for figure in item.figures)
                heading = f"{indicator.label}: {indicator.name}"
                sections.append(PlacedSection(indicator.code.lower(), heading, tables + figures))
    return sections


def placed_tables(year_indicators: Sequence[Indicator]) -> list[PlacedTable]:
    """Every table of the report, in its order, for a year with ``year_indicators``."""
    return [
        part
        for section in placed(year_indicators)
        for part in section.parts
        if isinstance(part, PlacedTable)
    ]


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
    """Every read of every entry of the outline, the tables any indicator may name included."""
    found: list[Read] = []
    for item in OUTLINE:
        if isinstance(item, ChapterSection):
            found += item.reads
        elif isinstance(item, Section):
            found += [read for part in item.parts for read in part.reads]
        else:
            found += [read for entry in item.tables.values() for read in entry.reads]
            found += [read for figure in item.figures for read in figure.reads]
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


def check_declared_tables() -> None:
    """Place the outline for each Renstra period: an indicator that names a table the
    outline does not have raises :class:`OutlineError` (a test holds it)."""
    for period in indicators.renstra().periods:
        placed(year_lists(period.first_year)[1])
