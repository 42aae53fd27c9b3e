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
import io
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


def tidy_cells(columns: list[str]) -> list[pl.Expr]:
    """Each column's cells trimmed, empty ones null."""
    return [pl.col(c).str.strip_chars().replace("", None).alias(c) for c in columns]


def _tidy(frame: pl.DataFrame) -> pl.DataFrame:
    """Trim every text cell and turn empty ones into null."""
    return frame.with_columns(tidy_cells([c for c in frame.columns if c != SOURCE_ROW]))


def _first_line(raw: bytes) -> str:
    return raw.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff")


def _open_quote_row(text: str) -> int | None:
    """The row whose quoted field is never closed (a file cut short), or None."""
    row, start, quoted = 1, 1, False
    at_field_start = True
    for char in text:
        if char == '"' and (quoted or at_field_start):
            quoted = not quoted
            if quoted:
                start = row
        if char == "\n":
            row += 1
        at_field_start = char in ";\n" and not quoted
    return start if quoted else None


def read_csv_text(path: Path, tidy: bool = True) -> pl.DataFrame:
    """Read a contract CSV (``;``, ``"``, one header row, UTF-8 with or without BOM).

    The file's bytes are handed to the parser, never its name: a name with
    ``*``, ``?`` or ``[`` would otherwise be expanded as a pattern. With
    ``tidy=False`` the cells are left untrimmed, for a caller that trims the
    cells of many files at once.
    """
    raw = path.read_bytes()
    if not raw.strip(b"\xef\xbb\xbf \r\n\t"):
        raise FeedFileError(path, "empty_file", "the file is empty: not even a header row")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        row = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start]
        raise FeedFileError(
            path,
            "encoding",
            f"not UTF-8: byte 0x{byte:02X} cannot be read (a Windows-1252 export?); "
            "save the file again as CSV UTF-8",
            row=row,
        ) from error
    header = _first_line(raw)
    if ";" not in header and ("," in header or "\t" in header):
        separator = "," if "," in header else "tab"
        raise FeedFileError(
            path,
            "delimiter",
            f"the fields are separated by {separator!r}, the contract says ';'",
            row=1,
        )
    # Balanced quotes come in pairs ("" inside a field is a pair too): scan only when odd.
    open_quote = _open_quote_row(text) if text.count('"') % 2 else None
    if open_quote is not None:
        raise FeedFileError(
            path,
            "csv_format",
            "a quoted field opened here is never closed (is the file cut short?)",
            row=open_quote,
        )
    try:
        frame = pl.read_csv(
            io.BytesIO(raw),
            separator=";",
            quote_char='"',
            has_header=True,
            infer_schema=False,
            encoding="utf8",
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError as error:
        raise FeedFileError(path, "csv_format", f"not a readable CSV file: {error}") from error
    frame = frame.select(
        pl.int_range(2, pl.len() + 2, dtype=pl.Int64).alias(SOURCE_ROW),
        *(pl.col(c).alias(c.strip()) for c in frame.columns),
    )
    return _tidy(frame) if tidy else frame


def _cell_text(value: object) -> str | None:
    """A cell as text: date cells in ISO form, numbers without float noise."""
    if type(value) is str:  # most cells: tested first, as this runs once a cell
        return value or None
    if value is None:
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


def _fill_merged_cells(rows: list[list[object]], ranges: list) -> None:
    """Give every cell of a merged range the value shown in it (its top-left cell's).

    A recap that merges one date over ten rows means that date for each row.
    """
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            for c in range(left, min(right, len(rows[r]) - 1) + 1):
                rows[r][c] = value


def read_xlsx_sheet(path: Path, sheet: str) -> pl.DataFrame:
    """Read one sheet of a workbook; the header is row 1.

    The sheet is found by name whether it is visible or hidden; other sheets
    (hidden or not) are ignored. Formula cells give the value Excel last
    computed and saved; merged cells give their value to every cell they cover.
    """
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
    data = workbook.get_sheet_by_name(names[sheet.casefold()])
    rows = [list(row) for row in data.to_python(skip_empty_area=False)]
    _fill_merged_cells(rows, data.merged_cell_ranges or [])
    if not rows or not any(_cell_text(v) for v in rows[0]):
        raise FeedFileError(path, "empty_file", f"sheet {sheet!r} has no header in row 1")
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
