"""Bar charts as inline SVG: no script, no download, nothing to load when the page is read."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

FONT = "font-family='Segoe UI, Arial, sans-serif'"
AXIS = "#595959"
GRID = "#E0E0E0"
REFERENCE = "#C00000"  # the 100 % line of achievement charts
# A white edge around a value's label: it stays legible where a line crosses it.
HALO = {"stroke": "white", "stroke_width": 3, "paint_order": "stroke"}


@dataclass(frozen=True)
class Series:
    """One named series of values, one per category (None where there is none)."""

    name: str
    values: Sequence[float | None]
    color: str


def nice_step(span: float, intervals: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that covers ``span`` in ``intervals``."""
    if span <= 0:
        return 1.0
    raw = span / intervals
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _range(values: Sequence[float]) -> tuple[float, float, float]:
    lo, hi = min([0.0, *values]), max([0.0, *values])
    step = nice_step(hi - lo)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step or step, step


def _ticks(lo: float, hi: float, step: float) -> list[float]:
    return [lo + i * step for i in range(round((hi - lo) / step) + 1)]


def _text(x: float, y: float, body: str, size: int = 11, anchor: str = "middle", **extra) -> str:
    attrs = "".join(f" {k.replace('_', '-')}='{v}'" for k, v in extra.items())
    return (
        f"<text x='{x:.1f}' y='{y:.1f}' font-size='{size}' text-anchor='{anchor}' {FONT}"
        f"{attrs}>{escape(body)}</text>"
    )


def _legend(series: Sequence[Series], x: float, y: float) -> list[str]:
    parts = []
    for s in series:
        parts.append(f"<rect x='{x:.1f}' y='{y - 9:.1f}' width='10' height='10' fill='{s.color}'/>")
        parts.append(_text(x + 14, y, s.name, anchor="start"))
        x += 24 + 6.5 * len(s.name)
    return parts


def _svg(width: float, height: float, title: str, parts: list[str]) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' width='{width:.0f}' "
        f"height='{height:.0f}' viewBox='0 0 {width:.0f} {height:.0f}'>"
        f"<title>{escape(title)}</title>{''.join(parts)}</svg>"
    )


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
    """Vertical bars per category, side by side or stacked, each labelled with its value.

    ``label`` writes the values, ``axis`` the ticks (``label`` if not given);
    ``reference`` is a value drawn as a dashed line across the bars, with its label
    (``(100, "Target 100 %")``). One function of some 60 lines: the geometry of one
    chart, computed top to bottom.
    """
    axis = axis or label
    left, right, top, bottom = 72, 16, 36, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    if stacked:
        totals = [
            sum(v or 0 for v in column) for column in zip(*(s.values for s in series), strict=True)
        ]
        lo, hi, step = _range(totals)
    else:
        lo, hi, step = _range([v for s in series for v in s.values if v is not None])

    def y(value: float) -> float:
        return top + plot_h * (hi - value) / (hi - lo)

    parts = _legend(series, left, 16)
    for tick in _ticks(lo, hi, step):
        parts.append(
            f"<line x1='{left}' x2='{left + plot_w}' y1='{y(tick):.1f}' y2='{y(tick):.1f}' "
            f"stroke='{GRID if tick else AXIS}'/>"
        )
        parts.append(_text(left - 6, y(tick) + 4, axis(tick), anchor="end", fill=AXIS))
    if reference is not None and lo <= reference[0] <= hi:
        # under the bars and their labels; named in the legend, after the series
        parts += _reference_line(left, left + plot_w, y(reference[0]))
        x = left + sum(24 + 6.5 * len(s.name) for s in series)
        parts += _reference_line(x, x + 18, 12)
        parts.append(_text(x + 22, 16, reference[1], anchor="start"))
    group = plot_w / max(len(categories), 1)
    bars = 1 if stacked else len(series)
    bar = group * 0.75 / bars
    show_values = len(categories) * bars <= 48
    for c, category in enumerate(categories):
        x0 = left + group * c + group * 0.125
        base = 0.0
        for s_index, s in enumerate(series):
            value = s.values[c]
            if value is None:
                continue
            x = x0 if stacked else x0 + bar * s_index
            start, end = (base, base + value) if stacked else (0.0, value)
            top_y, bottom_y = min(y(start), y(end)), max(y(start), y(end))
            parts.append(
                f"<rect x='{x:.1f}' y='{top_y:.1f}' width='{bar:.1f}' "
                f"height='{max(bottom_y - top_y, 0.5):.1f}' fill='{s.color}'>"
                f"<title>{escape(f'{category} - {s.name}: {label(value)}')}</title></rect>"
            )
            if show_values and not stacked:
                parts.append(_text(x + bar / 2, top_y - 3, label(value), size=10, **HALO))
            base = end
        if show_values and stacked:
            parts.append(_text(x0 + bar / 2, y(base) - 3, label(base), size=10, **HALO))
        parts.append(_text(x0 + group * 0.375, top + plot_h + 16, category))
    return _svg(width, height, title, parts)


def _reference_line(x1: float, x2: float, y: float) -> list[str]:
    """A dashed line at ``y`` from ``x1`` to ``x2``."""
    return [
        f"<line class='target-line' x1='{x1:.1f}' x2='{x2:.1f}' y1='{y:.1f}' y2='{y:.1f}' "
        f"stroke='{REFERENCE}' stroke-width='1.5' stroke-dasharray='6 3'/>"
    ]


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    label: Callable[[float], str],
    axis: Callable[[float], str] | None = None,
    width: float = 720,
    row: float = 20,
) -> str:
    """Horizontal stacked bars, one row per category, with the row's total at its end."""
    axis = axis or label
    left, right, top = 150, 48, 30
    height = top + row * len(categories) + 24
    totals = [sum(s.values[c] or 0 for s in series) for c in range(len(categories))]
    _, hi, step = _range(totals)
    scale = (width - left - right) / hi
    parts = _legend(series, left, 16)
    for tick in _ticks(0.0, hi, step):
        x = left + tick * scale
        parts.append(
            f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{top}' y2='{height - 20}' stroke='{GRID}'/>"
        )
        parts.append(_text(x, height - 6, axis(tick), fill=AXIS))
    for c, category in enumerate(categories):
        y = top + row * c
        parts.append(_text(left - 6, y + row * 0.7, category, anchor="end"))
        x = left
        for s in series:
            value = s.values[c] or 0
            if value:
                parts.append(
                    f"<rect x='{x:.1f}' y='{y + 3:.1f}' width='{value * scale:.1f}' "
                    f"height='{row - 6:.1f}' fill='{s.color}'>"
                    f"<title>{escape(f'{category} - {s.name}: {label(value)}')}</title></rect>"
                )
            x += value * scale
        parts.append(_text(x + 4, y + row * 0.7, label(totals[c]), size=10, anchor="start"))
    return _svg(width, height, title, parts)
