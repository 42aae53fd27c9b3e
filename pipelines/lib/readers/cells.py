"""What every reader does to the cells it returns: names, trimming, control characters."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.lib.errors import FeedFileError
from pipelines.lib.i18n import Message

SOURCE_ROW = "source_row"

# A boolean column a reader adds when some row's cells hold a control character.
CONTROL_MARK = "source_control_characters"

RESERVED_COLUMNS = (SOURCE_ROW, CONTROL_MARK)

# C0 control characters but tab, line feed and carriage return, and DEL: no export
# writes them in a cell; a NUL or a BEL there is a damaged file.
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])

CONTROL_PATTERN = r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]"


def tidy_cells(columns: list[str]) -> list[pl.Expr]:
    """Each column's cells trimmed, empty ones null."""
    return [pl.col(c).str.strip_chars().replace("", None).alias(c) for c in columns]


def tidy_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Trim every text cell and turn empty ones into null."""
    return frame.with_columns(tidy_cells([c for c in frame.columns if c not in RESERVED_COLUMNS]))


def mark_control_characters(frame: pl.DataFrame) -> pl.DataFrame:
    """Add :data:`CONTROL_MARK` (a row's cells hold a control character) if any row has one."""
    columns = [c for c in frame.columns if c not in RESERVED_COLUMNS]
    if not columns:
        return frame
    marked = pl.any_horizontal(
        pl.col(c).str.contains(CONTROL_PATTERN).fill_null(False) for c in columns
    )
    flags = frame.select(marked.alias(CONTROL_MARK))
    return frame.hstack(flags) if flags[CONTROL_MARK].any() else frame


def check_header(path: Path, names: list[str]) -> list[str]:
    """``names``, or reject a header that names a column twice (trimmed, ignoring case)."""
    seen: dict[str, int] = {}
    for number, name in enumerate(names, start=1):
        key = name.strip().casefold()
        if not key:
            continue
        if key in RESERVED_COLUMNS:
            detail = Message("column {name} is a name the pipeline keeps", name=repr(name))
            raise FeedFileError(path, "duplicate_column", detail, row=1)
        if key in seen:
            raise FeedFileError(
                path,
                "duplicate_column",
                Message(
                    "column {name} appears twice (columns {first} and {second}): "
                    "which one holds the data?",
                    name=repr(name.strip()),
                    first=seen[key],
                    second=number,
                ),
                row=1,
            )
        seen[key] = number
    return names


def column_names(names: list[str]) -> list[str]:
    """Header cells trimmed; an empty one named by its place (``column_3``), as in XLSX."""
    return [name.strip() or f"column_{i + 1}" for i, name in enumerate(names)]
