"""What both pages of the dashboard draw alike: their tables, and when their data was published.

Streamlit sizes a table's columns by the first rows it samples, and leaves out a value
twice as wide as the others' mean: where most offices have no budget yet ("-"), the
figures of those that have one were cut ("Rp 5.382.4"), and a heading longer than its
values was cut too ("Rata-rata capaian (%", "Sesuai t..."). Every column is therefore given
a width that fits its heading and its longest value (:func:`show_table`); a column of long
text (an indicator's name) is kept to :data:`WRAP_WIDTH` and its cells wrap, the rows made
tall enough for the lines, so that a wide table's other columns stay on the screen.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import streamlit as st

from pipelines.lib.indonesian import format_datetime

# A Rupiah figure, alone or after what it is ("Total DIPA: Rp 13.488.991.000").
RUPIAH = r"\bRp -?\d"
# Pixels per character: wider than any character of a figure or its label in the table's
# 14 px font (digits are 6,2 px; "Total DIPA: Rp 13.488.991.000" is 171 px, 5,9 a character).
CHAR_WIDTH = 7.5
PADDING = 24  # the cell's padding (8 px a side) and a margin


# A column of text longer than this many pixels wraps within it (its rows made taller).
WRAP_WIDTH = 300
# Pixels per character of a wrapped text, to count its lines (the font's mean, 6,3 px,
# and a margin): CHAR_WIDTH would count a line too many and leave rows half empty.
WRAP_CHAR_WIDTH = 6.8
# The page's width for its content on a 1500 px screen with the sidebar open: a table
# wider scrolls, its first column (the row's name) pinned.
PAGE_WIDTH = 1030
LINE_HEIGHT = 21  # px a line of the table's 14 px font takes when a cell wraps
# Streamlit lets cells wrap only in rows taller than 4 rem (64 px).
WRAPPING_ROW = 65
HEADER_HEIGHT = 36  # px of the table's heading row


def rupiah_columns(frame: pd.DataFrame) -> list[str]:
    """The columns of which some cell writes a Rupiah figure."""
    return [
        column
        for column in frame.columns
        if frame[column].astype(str).str.contains(RUPIAH, regex=True).any()
    ]


def text_width(text: str) -> int:
    """Pixels that show ``text`` whole in a cell (its padding included)."""
    return math.ceil(len(text) * CHAR_WIDTH) + PADDING


def fitting_width(frame: pd.DataFrame, column: str) -> int:
    """Pixels that show ``column``'s longest value, and its name, whole."""
    return max(text_width(str(text)) for text in [column, *frame[column]])


def column_width(frame: pd.DataFrame, column: str) -> int:
    """``column``'s width: its longest value's, no wider than :data:`WRAP_WIDTH` for a
    column of text (its cells wrap) unless a Rupiah figure or the heading needs more (a
    heading does not wrap)."""
    width = fitting_width(frame, column)
    if column in rupiah_columns(frame):
        return width
    return min(width, max(WRAP_WIDTH, text_width(str(column))))


def lines_in(text: str, width: int) -> int:
    """The lines ``text`` wraps into in a cell ``width`` pixels wide (broken at spaces)."""
    room, lines, used = width - PADDING, 1, 0.0
    for word in text.split():
        size = len(word) * WRAP_CHAR_WIDTH
        if used and used + WRAP_CHAR_WIDTH + size > room:
            lines, used = lines + 1, size
        else:
            used += (WRAP_CHAR_WIDTH if used else 0) + size
    return lines


def row_height(frame: pd.DataFrame, widths: dict[str, int]) -> int | None:
    """A row's height where a cell wraps (None: every cell is one line)."""
    lines = max(
        (
            lines_in(str(value), widths[column])
            for column in frame.columns
            for value in frame[column]
        ),
        default=1,
    )
    return None if lines == 1 else max(WRAPPING_ROW, lines * LINE_HEIGHT + 8)


def show_table(frame: pd.DataFrame, where=st) -> None:
    """``frame`` as a table (no index), every column wide enough for its heading and its
    values, a long text wrapping in its cell (:func:`column_width`); the first column
    pinned where the table is wider than the page."""
    widths = {column: column_width(frame, column) for column in frame.columns}
    wide = sum(widths.values()) > PAGE_WIDTH
    config = {
        column: st.column_config.Column(width=width, pinned=wide and index == 0)
        for index, (column, width) in enumerate(widths.items())
    }
    rows = row_height(frame, widths)
    # Taller rows: the table as tall as all of them (its default height shows ten rows of
    # one line, and hid the last indicators behind a scroll bar).
    height = HEADER_HEIGHT + len(frame) * rows + 2 if rows else "auto"
    where.dataframe(frame, hide_index=True, column_config=config, row_height=rows, height=height)


def data_as_of(published_at: dt.datetime | None) -> str:
    """When the figures shown were published, in WIB: ``Data per 31 Januari 2025 pukul
    08.15 WIB``."""
    if published_at is None:
        return "Waktu publikasi data tidak tercatat"
    return f"Data per {format_datetime(published_at)}"


def for_operator(path: Path, publish_id: str) -> str:
    """Where the figures come from, for an operator (the caption's tooltip)."""
    return f"Gudang data {path}, publikasi {publish_id}."
