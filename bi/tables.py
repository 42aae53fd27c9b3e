"""What both pages of the dashboard draw alike: their tables, and when their data was published.

Streamlit sizes a table's columns by the first rows it samples, and leaves out a value
twice as wide as the others' mean: where most offices have no budget yet ("-"), the
figures of those that have one were cut ("Rp 5.382.4"). Every column that writes Rupiah
is therefore given a width that fits its longest value (:func:`show_table`).
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


def rupiah_columns(frame: pd.DataFrame) -> list[str]:
    """The columns of which some cell writes a Rupiah figure."""
    return [
        column
        for column in frame.columns
        if frame[column].astype(str).str.contains(RUPIAH, regex=True).any()
    ]


def fitting_width(frame: pd.DataFrame, column: str) -> int:
    """Pixels that show ``column``'s longest value, and its name, whole."""
    longest = max([len(str(column)), *(len(str(value)) for value in frame[column])])
    return math.ceil(longest * CHAR_WIDTH) + PADDING


def show_table(frame: pd.DataFrame, where=st) -> None:
    """``frame`` as a table (no index), every Rupiah column wide enough for its values."""
    config = {
        column: st.column_config.TextColumn(width=fitting_width(frame, column))
        for column in rupiah_columns(frame)
    }
    where.dataframe(frame, hide_index=True, column_config=config)


def data_as_of(published_at: dt.datetime | None) -> str:
    """When the figures shown were published, in WIB: ``Data per 31 Januari 2025 pukul
    08.15 WIB``."""
    if published_at is None:
        return "Waktu publikasi data tidak tercatat"
    return f"Data per {format_datetime(published_at)}"


def for_operator(path: Path, publish_id: str) -> str:
    """Where the figures come from, for an operator (the caption's tooltip)."""
    return f"Gudang data {path}, publikasi {publish_id}."
