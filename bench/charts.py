"""The LKj page's charts drawn two ways, timed side by side (docs/performance.md).

    .venv/bin/pip install vl-convert-python==1.9.0.post1   # once: a 33 MB wheel, not in the lock
    python -m bench.charts WAREHOUSE [OFFICE YEAR] [--repeat N]

``svg.py`` (hand-drawn inline SVG, what the reports use) against Altair
(Vega-Lite) exported to static SVG offline by vl-convert: the same 17 charts of
one report (``lkj_html``'s chart functions, with ``svg.column_chart`` and
``svg.bar_chart`` swapped for the Altair versions below), then one report's
whole HTML page each way, then every office-year of the warehouse. Prints a
table of seconds; the Altair columns also give vl-convert's first call (its
JavaScript engine starting) apart.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager, nullcontext
from pathlib import Path

import altair as alt

try:
    import vl_convert as vlc
except ImportError:  # kept out of requirements.lock: only this benchmark needs it
    raise SystemExit(
        "bench.charts needs vl-convert: .venv/bin/pip install vl-convert-python==1.9.0.post1"
    ) from None

from bench.timing import seconds
from pipelines.analyst import connect
from pipelines.lib.indonesian import INDONESIAN
from pipelines.lkj import html_parts, lkj_html, outline
from pipelines.lkj.lkj_data import LkjData, load_lkj_many, office_years
from pipelines.lkj.svg import Series

# d3-format has no Indonesian locale: it is made from Babel's (``.`` thousands, ``,`` decimals).
D3_LOCALE = {
    "decimal": INDONESIAN.number_symbols["latn"]["decimal"],
    "thousands": INDONESIAN.number_symbols["latn"]["group"],
    "grouping": [3],
    "currency": ["Rp", ""],
}
FONT = "Segoe UI, Arial, sans-serif"


def _unit(axis: Callable[[float], str]) -> str:
    """The unit a tick function writes after the number (``0 %`` -> `` %``)."""
    return axis(0.0)[1:]


def _chart(layers: list[alt.Chart], title: str, width: float, height: float) -> str:
    chart = alt.layer(*layers).properties(width=width - 90, height=height - 70)
    spec = chart.configure(font=FONT).configure_legend(orient="top", title=None).to_dict()
    spec["description"] = title
    return vlc.vegalite_to_svg(spec, format_locale=D3_LOCALE)


def column_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    label: Callable[[float], str],
    axis: Callable[[float], str] | None = None,
    stacked: bool = False,
    width: float = 720,
    height: float = 300,
    reference: tuple[float, str] | None = None,
) -> str:
    """``svg.column_chart`` in Vega-Lite."""
    axis = axis or label
    rows = [
        {"kategori": c, "seri": s.name, "nilai": v, "label": label(v)}
        for s in series
        for c, v in zip(categories, s.values, strict=True)
        if v is not None
    ]
    names = [s.name for s in series]
    y_axis = alt.Axis(format=",~f", labelExpr=f"datum.label + '{_unit(axis)}'", title=None)
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("kategori:N", sort=list(categories), title=None, axis=alt.Axis(labelAngle=0)),
        color=alt.Color(
            "seri:N",
            sort=names,
            scale=alt.Scale(domain=names, range=[s.color for s in series]),
        ),
    )
    if stacked:
        bars = base.mark_bar().encode(y=alt.Y("sum(nilai):Q", axis=y_axis), order="seri:N")
        totals = [
            {"kategori": c, "total": t, "label": label(t)}
            for c, t in zip(
                categories,
                (sum(v or 0 for v in col) for col in zip(*(s.values for s in series), strict=True)),
                strict=True,
            )
        ]
        text = (
            alt.Chart(alt.Data(values=totals))
            .mark_text(dy=-6, fontSize=10)
            .encode(x=alt.X("kategori:N", sort=list(categories)), y="total:Q", text="label:N")
        )
        layers = [bars, text]
    else:
        offset = alt.XOffset("seri:N", sort=names)
        bars = base.mark_bar().encode(y=alt.Y("nilai:Q", axis=y_axis), xOffset=offset)
        text = base.mark_text(dy=-6, fontSize=10, color="#222").encode(
            y="nilai:Q", xOffset=offset, text="label:N"
        )
        layers = [bars, text]
    if reference is not None:
        line = alt.Chart(alt.Data(values=[{"y": reference[0], "t": reference[1]}]))
        layers.append(line.mark_rule(color="#C00000", strokeDash=[6, 3]).encode(y="y:Q"))
        layers.append(
            line.mark_text(align="right", dy=-5, x="width", color="#C00000").encode(
                y="y:Q", text="t:N"
            )
        )
    return _chart(layers, title, width, height)


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    label: Callable[[float], str],
    axis: Callable[[float], str] | None = None,
    width: float = 720,
    row: float = 20,
) -> str:
    """``svg.bar_chart`` in Vega-Lite: horizontal stacked bars, the row's total at its end."""
    rows = [
        {"kategori": c, "seri": s.name, "nilai": v or 0}
        for s in series
        for c, v in zip(categories, s.values, strict=True)
    ]
    names = [s.name for s in series]
    y = alt.Y("kategori:N", sort=list(categories), title=None)
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("sum(nilai):Q", axis=alt.Axis(format=",~f"), title=None),
            color=alt.Color(
                "seri:N", sort=names, scale=alt.Scale(domain=names, range=[s.color for s in series])
            ),
        )
    )
    totals = [
        {"kategori": c, "total": sum(s.values[i] or 0 for s in series)}
        for i, c in enumerate(categories)
    ]
    for t in totals:
        t["label"] = label(t["total"])
    text = (
        alt.Chart(alt.Data(values=totals))
        .mark_text(align="left", dx=4, fontSize=10)
        .encode(y=y, x="total:Q", text="label:N")
    )
    return _chart([bars, text], title, width, row * len(categories) + 80)


@contextmanager
def altair_charts() -> Iterator[None]:
    """``lkj_html`` drawing its charts with the Altair versions for a while."""
    kept = html_parts.column_chart, html_parts.bar_chart
    html_parts.column_chart, html_parts.bar_chart = column_chart, bar_chart
    try:
        yield
    finally:
        html_parts.column_chart, html_parts.bar_chart = kept


def draw_charts(data: LkjData) -> list[str]:
    """The report's charts, as ``lkj_html`` draws them for its page (the outline's)."""
    return [chart.html(data) for chart in outline.placed_charts(data.indicators)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("office_year", nargs="*", default=["JATENG", "2024"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench-charts"))
    args = parser.parse_args()
    with closing(connect(args.warehouse)) as con:
        everyone = list(load_lkj_many(con, office_years(con), "bench"))
    office, year = args.office_year[0], int(args.office_year[1])
    [one] = [d for d in everyone if (d.office_code, d.year) == (office, year)]
    args.out.mkdir(parents=True, exist_ok=True)

    def page(data: LkjData) -> Path:
        return lkj_html.render_html(data, args.out / f"{data.office_code}_{data.year}.html")

    def every_page() -> None:
        for data in everyone:
            page(data)

    results = {"svg.py": {}, "Altair + vl-convert": {}}
    started = time.perf_counter()
    with altair_charts():
        draw_charts(one)
        results["Altair + vl-convert"]["first call (engine start + one report's charts)"] = (
            time.perf_counter() - started
        )
    for name, context in (
        ("svg.py", nullcontext),
        ("Altair + vl-convert", altair_charts),
    ):
        with context():
            results[name]["one report's 17 charts"] = seconds(lambda: draw_charts(one), args.repeat)
            results[name]["one report's HTML page"] = seconds(lambda: page(one), args.repeat)
            every = f"all the warehouse's pages ({len(everyone)} office-years)"
            results[name][every] = seconds(every_page, 1)
    rows = sorted(
        {k for r in results.values() for k in r}, key=list(results["Altair + vl-convert"]).index
    )
    print(f"| seconds ({office} {year}, median of {args.repeat}) | svg.py | Altair + vl-convert |")
    print("|---|---:|---:|")
    for key in rows:
        cells = [f"{results[n][key]:.3f}" if key in results[n] else "" for n in results]
        print(f"| {key} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
