"""The parts of the HTML page besides the tables: the charts, the headline cards, the
findings' summary, each drawn from the figures of one office-year (``LkjData``).

The outline (``outline.py``) places them in the page's sections and numbers the charts
as the LKj numbers them (Grafik 5-20 in 2024); ``lkj_html`` writes the page. Charts are
inline SVG (``svg.py``), each drawn as a :class:`Drawn` and captioned by
:func:`figure_html` with the label the outline gives it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from pipelines.lib.indonesian import format_number
from pipelines.lkj.lkj_data import Indicator, LkjData
from pipelines.lkj.lkj_tables import (
    BASIS_NAMES,
    MONTH_NAMES,
    UNIT_TYPES,
    headline,
    measure,
    pct,
    year_span,
)
from pipelines.lkj.svg import Series, bar_chart, column_chart

TARGET, TARGET_DIPA, REALISATION = "#9DC3E6", "#BDD7EE", "#1F4E79"
ABSORPTION, ACHIEVEMENT_PK, ACHIEVEMENT_DIPA = "#C55A11", "#1F4E79", "#70AD47"
OPEN, CLOSED = "#C00000", "#A5A5A5"

FULL_ACHIEVEMENT = (100.0, "Target 100 %")  # the line achievement charts draw at 100 %
TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment() -> Environment:
    """The page's templates (``templates/``), every value escaped unless marked ``Markup``."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )


def render(template: str, **values: object) -> Markup:
    """HTML from ``templates/<template>``: safe to put into another template as it is."""
    return Markup(_environment().get_template(template).render(**values))


def pct_label(value: float) -> str:
    return f"{format_number(value, 2)} %"


def axis_label(value: float, suffix: str = "") -> str:
    """A tick: as few decimals as the step needs (``2,5``, ``40.000``), then the unit."""
    decimals = next(d for d in (0, 1, 2) if round(value, d) == round(value, 6))
    number = format_number(value, decimals)
    return f"{number} {suffix}" if suffix else number


def axis_pct(value: float) -> str:
    return axis_label(value, "%")


def count_label(value: float) -> str:
    return format_number(value, 0)


@dataclass(frozen=True)
class Drawn:
    """A chart drawn: its id, title, SVG (its text escaped by ``svg.py``) and a caption."""

    key: str
    title: str
    svg: str
    caption: str = ""


def figure_html(label: str, drawn: Drawn) -> Markup:
    """The chart's figure, captioned ``<label>. <title>`` (``Grafik 5. Capaian IKU 1``)."""
    return render(
        "figure.html.j2",
        key=drawn.key,
        label=label,
        title=drawn.title,
        svg=Markup(drawn.svg),
        caption=drawn.caption,
    )


def achievement_chart(data: LkjData) -> Drawn:
    """Achievement of every indicator on both bases."""
    codes = [i.code for i in data.indicators]
    title = f"Capaian IKU Tahun {data.year} (%)"
    svg = column_chart(
        title,
        [data.indicator(code).label for code in codes],
        [
            Series(
                f"Capaian {BASIS_NAMES[basis]}",
                [data.annual(code, basis).achievement_pct for code in codes],
                color,
            )
            for basis, color in (("PK", ACHIEVEMENT_PK), ("DIPA_AA", ACHIEVEMENT_DIPA))
        ],
        label=lambda v: format_number(v, 2),
        axis=axis_pct,
        reference=FULL_ACHIEVEMENT,
        width=1000,
    )
    return Drawn("grafik-capaian-iku", title, svg)


def _unit_labels(indicator: Indicator):
    """The values' and the ticks' labels of an indicator's charts, in its unit."""

    def label(value: float) -> str:
        return measure(value, indicator.unit).text()

    def axis(value: float) -> str:
        return axis_label(value, measure(value, indicator.unit).suffix)

    return label, axis


def year_chart(data: LkjData, indicator: Indicator) -> Drawn:
    """The LKj's "Capaian IKU 1" (2024: Grafik 5): the year's target against the
    realisation on both bases."""
    code = indicator.code
    label, axis = _unit_labels(indicator)
    pk, dipa = data.annual(code, "PK"), data.annual(code, "DIPA_AA")
    title = f"Capaian {indicator.label}"
    svg = column_chart(
        title,
        [BASIS_NAMES["PK"], BASIS_NAMES["DIPA_AA"]],
        [
            Series("Target", [pk.target, dipa.target], TARGET),
            Series("Realisasi", [pk.realisation, dipa.realisation], REALISATION),
        ],
        label=label,
        axis=axis,
        width=520,
        height=260,
    )
    achieved = ", ".join(
        f"{BASIS_NAMES[b]} {pct(k.achievement_pct).text()}"  # as the tables print it
        for b, k in (("PK", pk), ("DIPA_AA", dipa))
    )
    caption = f"Tahun {data.year}. Capaian: {achieved}."
    return Drawn(f"grafik-{code.lower()}-capaian", title, svg, caption)


def realisation_chart(data: LkjData, indicator: Indicator) -> Drawn:
    """The LKj's "Capaian IKU 1 dari Tahun 2021 s.d. 2024" (2024: Grafik 6): the
    realisation of every year of the series, from year to year."""
    label, axis = _unit_labels(indicator)
    years = data.years
    title = f"Capaian {indicator.label} {year_span(data)}"
    svg = column_chart(
        title,
        [str(y) for y in years],
        [
            Series(
                "Realisasi",
                [data.annual(indicator.code, "PK", y).realisation for y in years],
                REALISATION,
            )
        ],
        label=label,
        axis=axis,
        width=640,
        height=260,
    )
    return Drawn(f"grafik-{indicator.code.lower()}-realisasi-tahunan", title, svg)


def _series_chart(data: LkjData, indicator: Indicator, basis: str, key: str, title: str) -> Drawn:
    label, axis = _unit_labels(indicator)
    years = data.years
    svg = column_chart(
        title,
        [str(y) for y in years],
        [
            Series("Target", [data.annual(indicator.code, basis, y).target for y in years], TARGET),
            Series(
                "Realisasi",
                [data.annual(indicator.code, basis, y).realisation for y in years],
                REALISATION,
            ),
        ],
        label=label,
        axis=axis,
        width=640,
        height=260,
    )
    return Drawn(key, title, svg, f"Basis target: {BASIS_NAMES[basis]}.")


def series_chart(data: LkjData, indicator: Indicator) -> Drawn:
    """The LKj's "Target dan Capaian IKU 1 dari Tahun 2021 s.d. 2024" (2024: Grafik 7):
    the series table's target and realisation of every year (PK)."""
    title = f"Target dan Capaian {indicator.label} {year_span(data)}"
    return _series_chart(data, indicator, "PK", f"grafik-{indicator.code.lower()}-tahunan", title)


def series_dipa_chart(data: LkjData, indicator: Indicator) -> Drawn:
    """The same on the DIPA basis (2024: Grafik 20, IKU 5)."""
    title = f"Target dan Capaian {indicator.label} {year_span(data)} Berdasarkan DIPA"
    key = f"grafik-{indicator.code.lower()}-tahunan-dipa"
    return _series_chart(data, indicator, "DIPA_AA", key, title)


def budget_chart(data: LkjData) -> Drawn:
    """Budget absorption beside achievement on both bases, per goal and for the office."""
    names = [f"Sasaran Strategis {n}" for n in range(1, len(data.goals) + 1)] + ["Satker"]

    def series(name: str, basis: str, field: str, color: str) -> Series:
        goals = [getattr(data.goal_budget(g.code, basis), field) for g in data.goals]
        office = getattr(data.office_budget(basis), field)
        return Series(name, [*goals, office], color)

    title = f"Penyerapan Anggaran dan Capaian Kinerja Tahun {data.year} (%)"
    svg = column_chart(
        title,
        names,
        [
            series("Penyerapan anggaran", "PK", "budget_absorption_pct", ABSORPTION),
            series("Capaian kinerja (PK)", "PK", "avg_achievement_pct", ACHIEVEMENT_PK),
            series(
                "Capaian kinerja (DIPA setelah AA)",
                "DIPA_AA",
                "avg_achievement_pct",
                ACHIEVEMENT_DIPA,
            ),
        ],
        label=lambda v: format_number(v, 2),
        axis=axis_pct,
        reference=FULL_ACHIEVEMENT,
        width=760,
    )
    return Drawn("grafik-anggaran-kinerja", title, svg)


def placements_chart(data: LkjData) -> Drawn:
    """Placements per month, stacked by kind of service point."""
    title = f"Penempatan per Bulan Tahun {data.year}"
    svg = column_chart(
        title,
        [name[:3] for name in MONTH_NAMES],
        [
            Series(
                unit,
                [
                    sum(n for (m, u, *_), n in data.placements.items() if m == month and u == unit)
                    for month in range(1, 13)
                ],
                color,
            )
            for unit, color in zip(UNIT_TYPES, (REALISATION, TARGET), strict=True)
        ],
        label=count_label,
        stacked=True,
        width=1000,
    )
    return Drawn("grafik-penempatan-bulanan", title, svg)


def cases_chart(data: LkjData) -> Drawn:
    """Cases per country, those still in process apart."""
    totals: dict[str, list[int]] = {}
    for line in data.cases:
        closed_open = totals.setdefault(line.country_name, [0, 0])
        closed_open[0] += line.cases - line.cases_open
        closed_open[1] += line.cases_open
    countries = sorted(totals, key=lambda c: (-sum(totals[c]), c))
    title = f"Kasus per Negara Tahun {data.year}"
    svg = bar_chart(
        title,
        countries,
        [
            Series("Selesai", [totals[c][0] for c in countries], CLOSED),
            Series("Masih proses", [totals[c][1] for c in countries], OPEN),
        ],
        label=count_label,
        width=760,
    )
    return Drawn("grafik-kasus-negara", title, svg)


def cards(data: LkjData) -> Markup:
    return render("cards.html.j2", cards=headline(data))


def findings_summary(data: LkjData) -> Markup:
    warnings = sum(f.severity == "warning" for f in data.findings)
    return render(
        "findings_summary.html.j2",
        total=len(data.findings),
        warnings=warnings,
        infos=len(data.findings) - warnings,
    )
