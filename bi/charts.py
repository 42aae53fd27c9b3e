"""The dashboard's charts, in Altair (Vega-Lite, as Streamlit draws them), the Indonesian way.

Every chart carries Vega-Lite's ``config.locale``: numbers on its axes and in
its tooltips are written with ``.`` between thousands and ``,`` before the
decimals (2.000; 71,29), Rupiah as ``Rp 1.234.567``. Charts are drawn as SVG,
so that a browser (and the tests) can read their labels.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

# d3-format's locale (Vega's ``formatLocale``): Indonesian separators, Rupiah.
LOCALE = {
    "number": {
        "decimal": ",",
        "thousands": ".",
        "grouping": [3],
        "currency": ["Rp ", ""],
    }
}
WHOLE = ",d"  # 2.000
PERCENT = ",.2f"  # 71,29 (the field is already in per cent)
PERCENT_AXIS = ",.2~f"  # 71,29 and 140 (no trailing zeros on an axis's round ticks)
RUPIAH = "$,.0f"  # Rp 1.234.567
TARGET = 100  # the line every achievement is held against


def indonesian(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """``chart`` with the Indonesian number locale, drawn as SVG."""
    return chart.configure(locale=LOCALE).properties(usermeta={"embedOptions": {"renderer": "svg"}})


def achievement_bars(
    frame: pd.DataFrame,
    category: str,
    value: str,
    color: str | None = None,
    *,
    horizontal: bool = False,
) -> alt.TopLevelMixin:
    """Achievements (%) by ``category`` (grouped by ``color``), with the 100 % line; bars
    across the page (``horizontal``) where there are too many categories to name below."""
    along = {"axis": alt.Axis(format=PERCENT_AXIS, title="Capaian (%)")}
    names = {"sort": None, "title": None}
    encoding = {
        "x": alt.X(f"{category}:N", **names, axis=alt.Axis(labelAngle=-45)),
        "y": alt.Y(f"{value}:Q", **along),
        "tooltip": [
            alt.Tooltip(f"{category}:N"),
            alt.Tooltip(f"{value}:Q", format=PERCENT),
        ],
    }
    if horizontal:
        encoding["x"], encoding["y"] = alt.X(f"{value}:Q", **along), alt.Y(f"{category}:N", **names)
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None, legend=alt.Legend(orient="top"))
        encoding["xOffset"] = alt.XOffset(f"{color}:N")
        encoding["tooltip"].insert(1, alt.Tooltip(f"{color}:N"))
    bars = alt.Chart(frame).mark_bar().encode(**encoding)
    target = {"x" if horizontal else "y": alt.datum(TARGET)}
    line = alt.Chart().mark_rule(color="#C0392B", strokeDash=[6, 3], size=2).encode(**target)
    return indonesian(alt.layer(bars, line))


def stacked_bars(
    frame: pd.DataFrame,
    category: str,
    value: str,
    color: str,
    *,
    horizontal: bool = False,
    number: str = WHOLE,
) -> alt.TopLevelMixin:
    """``value`` summed by ``category`` and ``color`` first, then stacked by ``color``."""
    summed = frame.groupby([category, color], as_index=False, sort=False)[value].sum()
    across = alt.X(f"{category}:N", sort=None, title=None)
    along = alt.Y(f"sum({value}):Q", title=value, axis=alt.Axis(format=number))
    if horizontal:
        across = alt.Y(f"{category}:N", sort="-x", title=None)
        along = alt.X(f"sum({value}):Q", title=value, axis=alt.Axis(format=number))
    chart = (
        alt.Chart(summed)
        .mark_bar()
        .encode(
            across,
            along,
            color=alt.Color(f"{color}:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=[
                alt.Tooltip(f"{category}:N"),
                alt.Tooltip(f"{color}:N"),
                alt.Tooltip(f"sum({value}):Q", title=value, format=number),
            ],
        )
    )
    return indonesian(chart)


def trend_lines(frame: pd.DataFrame, value: str, number: str) -> alt.TopLevelMixin:
    """``value`` of each office (``Kantor``) across the years (``Tahun``)."""
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("Tahun:O", title=None),
            y=alt.Y(f"{value}:Q", axis=alt.Axis(format=number), title=value),
            # 24 offices: a legend would not fit; the tooltip names the line's office.
            color=alt.Color("Kantor:N", legend=None),
            tooltip=[
                alt.Tooltip("Kantor:N"),
                alt.Tooltip("Tahun:O"),
                alt.Tooltip(f"{value}:Q", format=number),
            ],
        )
    )
    return indonesian(chart)
