"""The parts of the HTML page besides the tables: the charts, the headline cards, the
findings' summary, each drawn from the figures of one office-year (``LkjData``).

The outline (``outline.py``) places them in the page's sections; ``lkj_html`` writes
the page. Charts are inline SVG (``svg.py``), numbered in the order they are drawn.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from pipelines.lib.indonesian import format_number
from pipelines.lkj.lkj_data import LkjData
from pipelines.lkj.lkj_tables import BASIS_NAMES, MONTH_NAMES, UNIT_TYPES, headline, measure, pct
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


class Charts:
    """Numbers the charts (Grafik 1, 2, ...) in the order they appear on the page."""

    def __init__(self) -> None:
        self.count = 0

    def figure(self, key: str, title: str, svg: str, caption: str = "") -> Markup:
        """The chart's figure; ``svg`` is the chart's markup, its text escaped by ``svg.py``."""
        self.count += 1
        return render(
            "figure.html.j2",
            key=key,
            number=self.count,
            title=title,
            svg=Markup(svg),
            caption=caption,
        )


def achievement_chart(data: LkjData, charts: Charts) -> str:
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
    return charts.figure("grafik-capaian-iku", title, svg)


def indicator_charts(data: LkjData, code: str, charts: Charts) -> list[str]:
    """Target against realisation on both bases, and the multi-year series where there is one."""
    indicator = data.indicator(code)

    def label(value: float) -> str:
        return measure(value, indicator.unit).text()

    def axis(value: float) -> str:
        return axis_label(value, measure(value, indicator.unit).suffix)

    pk, dipa = data.annual(code, "PK"), data.annual(code, "DIPA_AA")
    title = f"Target dan Realisasi {indicator.label} Tahun {data.year}"
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
    out = [charts.figure(f"grafik-{code.lower()}-capaian", title, svg, f"Capaian: {achieved}.")]
    years = data.years_of(code)
    if len(years) > 1:
        title = f"Target dan Realisasi {indicator.label} Tahun {years[0]} s.d. {years[-1]} (PK)"
        svg = column_chart(
            title,
            [str(y) for y in years],
            [
                Series("Target", [data.annual(code, "PK", y).target for y in years], TARGET),
                Series(
                    "Realisasi",
                    [data.annual(code, "PK", y).realisation for y in years],
                    REALISATION,
                ),
            ],
            label=label,
            axis=axis,
            width=640,
            height=260,
        )
        out.append(charts.figure(f"grafik-{code.lower()}-tahunan", title, svg))
    return out


def budget_chart(data: LkjData, charts: Charts) -> str:
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
    return charts.figure("grafik-anggaran-kinerja", title, svg)


def placements_chart(data: LkjData, charts: Charts) -> str:
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
    return charts.figure("grafik-penempatan-bulanan", title, svg)


def cases_chart(data: LkjData, charts: Charts) -> str:
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
    return charts.figure("grafik-kasus-negara", title, svg)


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
