"""Read a raw file into a frame of text cells, exactly as delivered.

Every reader returns one string column per header cell (header names as
written, trimmed) plus ``source_row``, the row's number in the file as a
spreadsheet shows it (the header is row 1). Values are trimmed and empty
cells are null; typing is the parser's job, so that a bad cell ends in
quarantine with its raw text rather than in a reader's exception.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import numpy as np
import polars as pl
from python_calamine import CalamineWorkbook

from pipelines.lib import config
from pipelines.lib.errors import FeedFileError

SOURCE_ROW = "source_row"
# A boolean column a reader adds when some row's cells hold a control character.
CONTROL_MARK = "source_control_characters"
RESERVED_COLUMNS = (SOURCE_ROW, CONTROL_MARK)

# C0 control characters but tab, line feed and carriage return, and DEL: no export
# writes them in a cell; a NUL or a BEL there is a damaged file.
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
CONTROL_PATTERN = r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]"
# What one pass over a CSV file's bytes keeps: its control bytes.
_NOT_CONTROL = bytes(b for b in range(256) if b not in CONTROL_BYTES)
# A workbook part that expands this many times is a zip bomb, not a sheet (real
# sheets expand about 10 times); parts under a megabyte may expand as they like.
XLSX_MAX_RATIO = 100
XLSX_RATIO_FROM = 1 << 20
# Calamine holds a sheet as a dense grid from A1 to its farthest cell with a value, and
# the reader copies it: some 64 bytes a cell at the peak (one stray cell at XFD1048576
# asks for 17 billion of them, and the process aborts).
XLSX_BYTES_PER_CELL = 64
_REFERENCE = rb"""\br\s*=\s*["']([A-Za-z]{1,3})([0-9]+)["']"""
# A cell with a value: not a self-closing element (a cell that only carries a style).
_VALUE_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?" + _REFERENCE + rb"[^>]*?(?<!/)>")
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


@contextmanager
def open_regular(path: Path) -> Iterator[BinaryIO]:
    """Open a raw file for reading, refusing anything but a regular file.

    The file is opened without blocking, so that a FIFO (which would make
    the refresh wait for a writer for ever) or a device such as
    ``/dev/zero`` (which never ends) is refused before a byte is read. A
    file that cannot be opened or read is refused naming the file, not with
    the system's bare error.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise FeedFileError(
            path, "not_a_file", "the file is gone, or is a link to nothing"
        ) from None
    except OSError as error:
        raise FeedFileError(path, "unreadable", _os_reason(error)) from None
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise FeedFileError(
                path,
                "not_a_file",
                f"{file_kind(mode)}, not a regular file: nothing is read from it",
            )
        try:
            yield handle
        except OSError as error:
            raise FeedFileError(path, "unreadable", _os_reason(error)) from None


def _os_reason(error: OSError) -> str:
    """Why the system would not open or read a file, in words (its name is already said)."""
    reason = os.strerror(error.errno) if error.errno else type(error).__name__
    if isinstance(error, PermissionError):
        return f"the refresh may not read it ({reason}): check the file's permissions"
    return f"the file cannot be read ({reason}): copy it in again"


def file_kind(mode: int) -> str:
    """What a directory entry is, in words, from its ``st_mode``."""
    for test, kind in (
        (stat.S_ISREG, "a regular file"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symbolic link"),
    ):
        if test(mode):
            return kind
    return "not a file"


def file_sha256(path: Path) -> str:
    """The file's SHA-256, read in blocks (a regular file only: :func:`open_regular`)."""
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_bytes(path: Path) -> bytes:
    """The whole of a regular file (:func:`open_regular`)."""
    with open_regular(path) as handle:
        return handle.read()


def tidy_cells(columns: list[str]) -> list[pl.Expr]:
    """Each column's cells trimmed, empty ones null."""
    return [pl.col(c).str.strip_chars().replace("", None).alias(c) for c in columns]


def _tidy(frame: pl.DataFrame) -> pl.DataFrame:
    """Trim every text cell and turn empty ones into null."""
    return frame.with_columns(tidy_cells([c for c in frame.columns if c not in RESERVED_COLUMNS]))


def _mark_control_characters(frame: pl.DataFrame) -> pl.DataFrame:
    """Add :data:`CONTROL_MARK` (a row's cells hold a control character) if any row has one."""
    columns = [c for c in frame.columns if c not in RESERVED_COLUMNS]
    if not columns:
        return frame
    marked = pl.any_horizontal(
        pl.col(c).str.contains(CONTROL_PATTERN).fill_null(False) for c in columns
    )
    flags = frame.select(marked.alias(CONTROL_MARK))
    return frame.hstack(flags) if flags[CONTROL_MARK].any() else frame


def _check_header(path: Path, names: list[str]) -> list[str]:
    """``names``, or reject a header that names a column twice (trimmed, ignoring case)."""
    seen: dict[str, int] = {}
    for number, name in enumerate(names, start=1):
        key = name.strip().casefold()
        if not key:
            continue
        if key in RESERVED_COLUMNS:
            raise FeedFileError(
                path, "duplicate_column", f"column {name!r} is a name the pipeline keeps", row=1
            )
        if key in seen:
            raise FeedFileError(
                path,
                "duplicate_column",
                f"column {name.strip()!r} appears twice (columns {seen[key]} and {number}): "
                "which one holds the data?",
                row=1,
            )
        seen[key] = number
    return names


def _column_names(names: list[str]) -> list[str]:
    """Header cells trimmed; an empty one named by its place (``column_3``), as in XLSX."""
    return [name.strip() or f"column_{i + 1}" for i, name in enumerate(names)]


def _first_line(raw: bytes) -> str:
    return raw.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff")


def _header_cells(text: str) -> list[str]:
    """The header row's cells, as the ``csv`` module reads them."""
    end = 0
    while True:  # the first record: up to a line break that is not inside quotes
        newline = text.find("\n", end)
        end = len(text) if newline < 0 else newline + 1
        if newline < 0 or text.count('"', 0, end) % 2 == 0:
            break
    record = io.StringIO(text[:end].lstrip("\ufeff"), newline="")
    return next(csv.reader(record, delimiter=";", quotechar='"'), [])


TOO_MANY_FIELDS = (
    "this row has {fields} fields, the header has {width}: a ';' in a value not in quotes?"
)
TOO_FEW_FIELDS = (
    "this row has {fields} fields, the header has {width}: "
    "a line break in a value not in quotes, or a row cut short?"
)
STRAY_QUOTE = (
    'a " inside a value that does not start with a quote: '
    'put the value in quotes and write its " twice ("")'
)
TEXT_AFTER_QUOTE = "text after the closing quote of a value: a quoted value must end at its quote"
NEVER_CLOSED = "a quoted field opened here is never closed (is the file cut short?)"


def _quoted_record(lines: list[str], index: int) -> tuple[int, str | None, int]:
    """Fields of the record starting at ``lines[index]``, which holds a quote.

    Returns the field count, the dialect rule it breaks (or None) and the
    index of the next record's line (a quoted value may hold line breaks).
    """
    fields, quoted, at_start, closed = 1, False, True, False
    while True:
        line = lines[index]
        index += 1
        for char in line:
            if quoted:
                if char == '"':
                    quoted, closed = False, True
                continue
            if closed:
                closed = False
                if char == '"':  # "" inside a quoted value
                    quoted = True
                    continue
                if char != ";" and char != "\r":
                    return fields, TEXT_AFTER_QUOTE, index
            if char == ";":
                fields, at_start = fields + 1, True
            elif char == '"':
                if not at_start:
                    return fields, STRAY_QUOTE, index
                quoted, at_start = True, False
            else:
                at_start = False
        if not quoted:
            return fields, None, index
        if index >= len(lines):
            return fields, NEVER_CLOSED, index


def csv_problem(text: str) -> tuple[int, str] | None:
    """The first row that breaks the contract's CSV dialect, and how, or None.

    The header is row 1 and sets the number of fields; a row is a record (a
    quoted value may span lines), as the rows of the loaded table count. An
    empty line is a row of empty cells, judged later by the contract's rules.
    This is the slow, exact reading of a file that the fast reader failed on
    or miscounted: it runs in Python over the lines, and never on a good file.
    """
    lines = text.lstrip("\ufeff").split("\n")
    if lines[-1] == "":
        lines.pop()  # the line break that ends the last row
    width, index, row = None, 0, 0
    while index < len(lines):
        row += 1
        line = lines[index]
        if '"' in line:
            fields, problem, index = _quoted_record(lines, index)
            if problem is not None:
                return row, problem
        else:
            index += 1
            fields = line.count(";") + 1 if line.strip("\r") else (width or 1)
        if width is None:
            width = fields
        elif fields != width:
            template = TOO_MANY_FIELDS if fields > width else TOO_FEW_FIELDS
            return row, template.format(fields=fields, width=width)
    return None


def _count_byte(raw: bytes, byte: bytes) -> int:
    """How many times ``byte`` occurs in ``raw`` (by blocks, 3 times as fast as ``bytes.count``)."""
    view = np.frombuffer(raw, dtype=np.uint8)
    value = ord(byte)
    block = 1 << 24
    return sum(
        int(np.count_nonzero(view[start : start + block] == value))
        for start in range(0, len(view), block)
    )


def _miscounted(frame: pl.DataFrame, names: list[str], quotes: int, separators: int) -> bool:
    """Whether the file's rows may not be what polars made of them, to be read again slowly.

    Polars pads a row with too few fields with empty cells, and takes a
    ``"`` inside an unquoted value as text. Every ``;`` of the file either
    separates two fields or sits inside a quoted value, so a file of whole
    rows has exactly ``(rows + 1) * (columns - 1)`` separators plus those
    inside values. A value holding a ``"`` may be a stray quote.
    """
    expected = (frame.height + 1) * (frame.width - 1)
    if not quotes:  # the usual file: no value can hold a ';' or a '"'
        return separators != expected
    if any('"' in name for name in names):
        return True
    # A file whose values are quoted but hold neither ';' nor '"' (one pass per column).
    special = [pl.col(c).str.contains(r'[;"]').any() for c in frame.columns]
    if not frame.select(pl.any_horizontal(special).alias("special")).item():
        return separators != expected + sum(name.count(";") for name in names)
    in_values, quoted = frame.select(
        pl.sum_horizontal(
            pl.col(c).str.count_matches(";", literal=True).sum() for c in frame.columns
        ).alias("separators"),
        pl.any_horizontal(
            pl.col(c).str.contains('"', literal=True).any() for c in frame.columns
        ).alias("quotes"),
    ).row(0)
    in_values += sum(name.count(";") for name in names)
    return quoted or separators != expected + in_values


def _dialect_error(path: Path, text: str) -> FeedFileError:
    """The error of a file the fast reader rejected, naming its row and rule, never its content."""
    problem = csv_problem(text)
    if problem is None:
        return FeedFileError(
            path, "csv_format", "not a readable CSV file: check the quotes and the ';' of its rows"
        )
    row, detail = problem
    return FeedFileError(path, "csv_format", detail, row=row)


def read_csv_text(path: Path, tidy: bool = True) -> pl.DataFrame:
    """Read a contract CSV (``;``, ``"``, one header row, UTF-8 with or without BOM).

    The file's bytes are handed to the parser, never its name: a name with
    ``*``, ``?`` or ``[`` would otherwise be expanded as a pattern. With
    ``tidy=False`` the cells are left untrimmed, for a caller that trims the
    cells of many files at once.

    Every row must have the header's number of fields, and a ``"`` may only
    open, close or (doubled) sit inside a quoted value; a file that breaks
    this is rejected, naming the first such row. Polars pads a short row
    with empty cells and takes some stray quotes as text, so the reader
    counts the file's separators and quotes (:func:`_miscounted`), and reads
    the file again slowly (:func:`csv_problem`) only when the count is off or
    a value holds a quote. One pass over the bytes looks for control
    characters; rows whose cells hold one are marked (:data:`CONTROL_MARK`),
    for the quarantine.
    """
    raw = read_bytes(path)
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
        ) from None
    header = _first_line(raw)
    if ";" not in header and ("," in header or "\t" in header):
        separator = "," if "," in header else "tab"
        raise FeedFileError(
            path,
            "delimiter",
            f"the fields are separated by {separator!r}, the contract says ';'",
            row=1,
        )
    quotes = _count_byte(raw, b'"')
    controls = len(raw.translate(None, _NOT_CONTROL))  # one pass, an empty result if good
    # Balanced quotes come in pairs ("" inside a field is a pair too): scan only when odd.
    if quotes % 2:
        raise _dialect_error(path, text)
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
    except pl.exceptions.PolarsError:
        # Polars' message quotes the rows it read, names and NIK included: never shown.
        raise _dialect_error(path, text) from None
    names = _header_cells(text)
    if len(names) != frame.width:
        raise _dialect_error(path, text)
    frame.columns = _check_header(path, _column_names(names))
    if _miscounted(frame, names, quotes, _count_byte(raw, b";")):
        problem = csv_problem(text)
        if problem is not None:
            raise FeedFileError(path, "csv_format", problem[1], row=problem[0])
    if controls:
        frame = _mark_control_characters(frame)
    frame = frame.select(pl.int_range(2, pl.len() + 2, dtype=pl.Int64).alias(SOURCE_ROW), pl.all())
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


def _check_workbook(path: Path, data: bytes) -> None:
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
            "not a readable XLSX workbook: the file is not a zip archive "
            "(an .xls or a CSV file renamed .xlsx?)",
        ) from None
    limit_mb = config.xlsx_max_uncompressed_mb()
    setting = f"the limit is {limit_mb} MB (setting XLSX_MAX_UNCOMPRESSED_MB)"
    with book:
        parts = book.infolist()
        total = sum(part.file_size for part in parts)
        if total > limit_mb << 20:
            size = f"{total / (1 << 20):,.1f} MB"
            raise FeedFileError(
                path,
                "xlsx_too_large",
                f"the workbook's parts take {size} once uncompressed; {setting}",
            )
        for part in parts:
            if part.file_size > max(XLSX_RATIO_FROM, XLSX_MAX_RATIO * part.compress_size):
                raise FeedFileError(
                    path,
                    "xlsx_too_large",
                    f"part {part.filename!r} claims to expand {part.file_size:,} bytes from "
                    f"{part.compress_size:,}, more than {XLSX_MAX_RATIO} times as no real sheet "
                    f"does (a zip bomb?); {setting}",
                )
        for part in parts:
            if not (part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")):
                continue
            try:
                xml = book.read(part)
            except _ZIP_ERRORS:  # a bad checksum, a damaged or encrypted part, ...
                raise FeedFileError(
                    path, "xlsx_format", "not a readable XLSX workbook: a part of it is damaged"
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


def _check_sheet_extent(path: Path, part: str, xml: bytes, limit_mb: int, setting: str) -> None:
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
            f"sheet part {part!r} has values as far as row {rows:,} and column {letters}: "
            f"{rows * _columns(letters):,} cells to hold, more than {most:,}; delete the stray "
            f"cells beyond the data; {setting}",
        )


def read_xlsx_sheet(path: Path, sheet: str) -> pl.DataFrame:
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
    _check_workbook(path, data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # calamine raises several of its own types
        # Its message may quote the workbook's XML: only its kind is shown.
        raise FeedFileError(
            path,
            "xlsx_format",
            f"not a readable XLSX workbook ({type(error).__name__}): open it in Excel and save it",
        ) from None
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
    header = _check_header(path, _column_names([_cell_text(v) or "" for v in rows[0]]))
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
    frame = _mark_control_characters(frame)
    frame = frame.with_columns(pl.Series(SOURCE_ROW, numbers, dtype=pl.Int64))
    return _tidy(frame.select(SOURCE_ROW, pl.exclude(SOURCE_ROW)))
