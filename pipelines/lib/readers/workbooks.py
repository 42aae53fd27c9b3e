"""Contract workbooks: one named sheet, the header in row 1, read by calamine.

A workbook is checked before calamine opens it (:func:`_check_workbook`):
its parts' uncompressed size, their compression ratio, and how far from A1
each sheet's values reach, since calamine holds a sheet as a dense grid.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from pathlib import Path

import polars as pl
from python_calamine import CalamineWorkbook

from pipelines.lib.errors import FeedFileError
from pipelines.lib.i18n import Message, Number
from pipelines.lib.readers.cells import (
    SOURCE_ROW,
    check_header,
    column_names,
    mark_control_characters,
    tidy_frame,
)
from pipelines.lib.readers.files import read_bytes

# A workbook part that expands this many times is a zip bomb, not a sheet (real
# sheets expand about 10 times); parts under a megabyte may expand as they like.
XLSX_MAX_RATIO = 100

XLSX_RATIO_FROM = 1 << 20

# Calamine holds a sheet as a dense grid from A1 to its farthest cell with a value, and
# the reader copies it: some 64 bytes a cell at the peak (one stray cell at XFD1048576
# asks for 17 billion of them, and the process aborts).
XLSX_BYTES_PER_CELL = 64

_REFERENCE = rb"""\br\s*=\s*["']([A-Za-z]{1,3})([0-9]+)["']"""

# A cell with a value: neither a self-closing element nor one closed at once (a cell that
# only carries a style: `<c r="X9" s="1"/>`, or `<c r="X9" s="1"></c>` as openpyxl writes
# it where lxml is installed); calamine gives neither a place in its grid.
_VALUE_CELL = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?"
    + _REFERENCE
    + rb"[^>]*?(?<!/)>(?!\s*</(?:[A-Za-z_][\w.-]*:)?c>)"
)

_SPACED_ATTRIBUTE = re.compile(rb"r\s+=|r=\s")

# What zipfile raises on a file that is no zip or a damaged one (zlib on bad data).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    ValueError,
)


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


def _check_workbook(path: Path, data: bytes, limit_mb: int) -> None:
    """Refuse a workbook that is no zip, or that would take too much memory to read.

    A workbook is a zip of XML parts, and reading it costs memory in
    proportion to their uncompressed size, which a small file can hide: the
    sizes the zip declares are checked before anything is uncompressed.
    Then each sheet's farthest cell with a value: calamine holds a sheet as
    a grid from A1 to it (:func:`_check_sheet_extent`).
    """
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        raise FeedFileError(
            path,
            "xlsx_format",
            Message(
                "not a readable XLSX workbook: the file is not a zip archive "
                "(an .xls or a CSV file renamed .xlsx?)"
            ),
        ) from None
    setting = Message(
        "the limit is {limit} MB (setting XLSX_MAX_UNCOMPRESSED_MB)", limit=str(limit_mb)
    )
    with book:
        parts = book.infolist()
        total = sum(part.file_size for part in parts)
        if total > limit_mb << 20:
            raise FeedFileError(
                path,
                "xlsx_too_large",
                Message(
                    "the workbook's parts take {size} MB once uncompressed; {setting}",
                    size=Number(total / (1 << 20), 1),
                    setting=setting,
                ),
            )
        for part in parts:
            if part.file_size > max(XLSX_RATIO_FROM, XLSX_MAX_RATIO * part.compress_size):
                raise FeedFileError(
                    path,
                    "xlsx_too_large",
                    Message(
                        "part {part} claims to expand {size} bytes from {compressed}, more "
                        "than {ratio} times as no real sheet does (a zip bomb?); {setting}",
                        part=repr(part.filename),
                        size=part.file_size,
                        compressed=part.compress_size,
                        ratio=XLSX_MAX_RATIO,
                        setting=setting,
                    ),
                )
        for part in parts:
            if not (part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")):
                continue
            try:
                xml = book.read(part)
            except _ZIP_ERRORS:  # a bad checksum, a damaged or encrypted part, ...
                raise FeedFileError(
                    path,
                    "xlsx_format",
                    Message("not a readable XLSX workbook: a part of it is damaged"),
                ) from None
            _check_sheet_extent(path, part.filename, xml, limit_mb, setting)


def _extent(refs: list[tuple[bytes, bytes]]) -> tuple[int, str]:
    """The farthest row and column of cell references such as ``(b"XFD", b"7")``."""
    rows = max((int(row) for _, row in refs), default=0)
    columns = (column.decode().upper() for column, _ in refs)
    return rows, max(columns, key=lambda c: (len(c), c), default="")


def _columns(letters: str) -> int:
    """How many columns there are from ``A`` to ``letters`` (``XFD`` is 16384)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _check_sheet_extent(path: Path, part: str, xml: bytes, limit_mb: int, setting: Message) -> None:
    """Refuse a sheet whose farthest cell with a value makes a grid too large to hold.

    A quick search proves most sheets small: no reference beyond column Z
    or with more row digits than the limit allows. Otherwise every cell with
    a value (calamine skips those that only carry a style) is looked at.
    """
    most = (limit_mb << 20) // XLSX_BYTES_PER_CELL
    digits = len(str(most // 26)) - 1  # rows under 10**digits, 26 columns: within the limit
    if digits >= 1 and not _SPACED_ATTRIBUTE.search(xml):
        far = rb"""r=["'](?:[A-Za-z]{2}|[A-Za-z]{0,3}[0-9]{%d})""" % (digits + 1)
        if not re.search(far, xml):
            return
    rows, letters = _extent(_VALUE_CELL.findall(xml))
    if rows * _columns(letters) > most:
        raise FeedFileError(
            path,
            "xlsx_too_large",
            Message(
                "sheet part {part} has values as far as row {rows} and column {column}: "
                "{cells} cells to hold, more than {most}; delete the stray cells beyond the "
                "data; {setting}",
                part=repr(part),
                rows=rows,
                column=letters,
                cells=rows * _columns(letters),
                most=most,
                setting=setting,
            ),
        )


def read_xlsx_sheet(path: Path, sheet: str, *, max_uncompressed_mb: int) -> pl.DataFrame:
    """Read one sheet of a workbook; the header is row 1.

    The sheet is found by name whether it is visible or hidden; other sheets
    (hidden or not) are ignored. Formula cells give the value Excel last
    computed and saved; merged cells give their value to every cell they
    cover. The workbook's uncompressed size is checked first
    (:func:`_check_workbook`); a header naming a column twice is rejected,
    and rows whose cells hold a control character (calamine turns an
    ``_x0007_`` escape into one) are marked (:data:`CONTROL_MARK`).
    """
    data = read_bytes(path)
    _check_workbook(path, data, max_uncompressed_mb)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # calamine raises several of its own types
        # Its message may quote the workbook's XML: only its kind is shown.
        raise FeedFileError(
            path,
            "xlsx_format",
            Message(
                "not a readable XLSX workbook ({kind}): open it in Excel and save it",
                kind=type(error).__name__,
            ),
        ) from None
    names = {name.strip().casefold(): name for name in workbook.sheet_names}
    if sheet.casefold() not in names:
        raise FeedFileError(
            path,
            "missing_sheet",
            Message(
                "sheet {sheet} not found (sheets: {sheets})",
                sheet=repr(sheet),
                sheets=workbook.sheet_names or Message("none"),
            ),
        )
    data = workbook.get_sheet_by_name(names[sheet.casefold()])
    rows = [list(row) for row in data.to_python(skip_empty_area=False)]
    _fill_merged_cells(rows, data.merged_cell_ranges or [])
    if not rows or not any(_cell_text(v) for v in rows[0]):
        detail = Message("sheet {sheet} has no header in row 1", sheet=repr(sheet))
        raise FeedFileError(path, "empty_file", detail)
    header = check_header(path, column_names([_cell_text(v) or "" for v in rows[0]]))
    width = len(header)
    records: list[list[str | None]] = []
    numbers: list[int] = []
    for index, row in enumerate(rows[1:], start=2):
        cells = [_cell_text(v) for v in row[:width]] + [None] * (width - len(row))
        if any(c is not None and c.strip() for c in cells):
            records.append(cells)
            numbers.append(index)
    columns = {name: [r[i] for r in records] for i, name in enumerate(header)}
    frame = pl.DataFrame(columns, schema={k: pl.String for k in columns})
    frame = mark_control_characters(frame)
    frame = frame.with_columns(pl.Series(SOURCE_ROW, numbers, dtype=pl.Int64))
    return tidy_frame(frame.select(SOURCE_ROW, pl.exclude(SOURCE_ROW)))
