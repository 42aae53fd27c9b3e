"""Read a raw file into a frame of text cells, exactly as delivered.

Every reader returns one string column per header cell (header names as
written, trimmed) plus ``source_row``, the row's number in the file as a
spreadsheet shows it (the header is row 1). Values are trimmed and empty
cells are null; typing is the parser's job, so that a bad cell ends in
quarantine with its raw text rather than in a reader's exception.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import polars as pl
from python_calamine import CalamineWorkbook

from pipelines.lib.errors import FeedFileError

SOURCE_ROW = "source_row"


def file_sha256(path: Path) -> str:
    """The file's SHA-256, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tidy(frame: pl.DataFrame) -> pl.DataFrame:
    """Trim every text cell and turn empty ones into null."""
    cells = [c for c in frame.columns if c != SOURCE_ROW]
    return frame.with_columns(pl.col(c).str.strip_chars().replace("", None).alias(c) for c in cells)


def read_csv_text(path: Path) -> pl.DataFrame:
    """Read a contract CSV (``;``, ``"``, one header row, UTF-8 with or without BOM)."""
    try:
        frame = pl.read_csv(
            path,
            separator=";",
            quote_char='"',
            has_header=True,
            infer_schema=False,
            encoding="utf8",
            raise_if_empty=False,
        )
    except pl.exceptions.ComputeError as error:
        raise FeedFileError(path, "csv_format", f"not a readable CSV file: {error}") from error
    frame = frame.rename({c: c.strip() for c in frame.columns})
    frame = frame.with_row_index(SOURCE_ROW, offset=2).with_columns(
        pl.col(SOURCE_ROW).cast(pl.Int64)
    )
    return _tidy(frame)


def _cell_text(value: object) -> str | None:
    """A cell as text: date cells in ISO form, numbers without float noise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat() + "T00:00:00"
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        # Numeric cells carry a decimal point; the number parsers read Indonesian text.
        return repr(value).replace(".", ",")
    return str(value)


def read_xlsx_sheet(path: Path, sheet: str) -> pl.DataFrame:
    """Read one sheet of a workbook; the header is row 1."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises several of its own types
        raise FeedFileError(
            path, "xlsx_format", f"not a readable XLSX workbook: {error}"
        ) from error
    names = {name.strip().casefold(): name for name in workbook.sheet_names}
    if sheet.casefold() not in names:
        raise FeedFileError(
            path,
            "missing_sheet",
            f"sheet {sheet!r} not found (sheets: {', '.join(workbook.sheet_names) or 'none'})",
        )
    rows = workbook.get_sheet_by_name(names[sheet.casefold()]).to_python(skip_empty_area=False)
    if not rows:
        return pl.DataFrame(schema={SOURCE_ROW: pl.Int64})
    header = [(_cell_text(v) or "").strip() for v in rows[0]]
    width = len(header)
    records: list[list[str | None]] = []
    numbers: list[int] = []
    for index, row in enumerate(rows[1:], start=2):
        cells = [_cell_text(v) for v in row[:width]] + [None] * (width - len(row))
        if any(c is not None and c.strip() for c in cells):
            records.append(cells)
            numbers.append(index)
    columns = {name or f"column_{i + 1}": [r[i] for r in records] for i, name in enumerate(header)}
    frame = pl.DataFrame(columns, schema={k: pl.String for k in columns})
    frame = frame.with_columns(pl.Series(SOURCE_ROW, numbers, dtype=pl.Int64))
    return _tidy(frame.select([SOURCE_ROW, *columns]))
