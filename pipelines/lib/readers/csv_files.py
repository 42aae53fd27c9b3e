"""Contract CSV files: ``;``-separated, ``"``-quoted, one header row, UTF-8 (BOM or not).

polars reads a good file; only when the counts of separators and quotes say
something is off does :func:`csv_problem` scan the lines to name the row and
the rule. polars' own message is never shown: it quotes whole rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.lib.errors import FeedFileError
from pipelines.lib.i18n import N_, Message
from pipelines.lib.readers.cells import (
    CONTROL_BYTES,
    SOURCE_ROW,
    check_header,
    column_names,
    mark_control_characters,
    tidy_frame,
)
from pipelines.lib.readers.files import open_regular, read_bytes

# What one pass over a CSV file's bytes keeps: its control bytes.
_NOT_CONTROL = bytes(b for b in range(256) if b not in CONTROL_BYTES)


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


TOO_MANY_FIELDS = N_(
    "this row has {fields} fields, the header has {width}: a ';' in a value not in quotes?"
)

TOO_FEW_FIELDS = N_(
    "this row has {fields} fields, the header has {width}: "
    "a line break in a value not in quotes, or a row cut short?"
)

STRAY_QUOTE = N_(
    'a " inside a value that does not start with a quote: '
    'put the value in quotes and write its " twice ("")'
)

TEXT_AFTER_QUOTE = N_(
    "text after the closing quote of a value: a quoted value must end at its quote"
)

HEADER_NEVER_ENDS = N_(
    "the header row does not end: is this a CSV file, or a quote in the header not closed?"
)

NEVER_CLOSED = N_("a quoted field opened here is never closed (is the file cut short?)")


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


def csv_problem(text: str) -> tuple[int, Message] | None:
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
                return row, Message(problem)
        else:
            index += 1
            fields = line.count(";") + 1 if line.strip("\r") else (width or 1)
        if width is None:
            width = fields
        elif fields != width:
            template = TOO_MANY_FIELDS if fields > width else TOO_FEW_FIELDS
            return row, Message(template, fields=fields, width=width)
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
            path,
            "csv_format",
            Message("not a readable CSV file: check the quotes and the ';' of its rows"),
        )
    row, detail = problem
    return FeedFileError(path, "csv_format", detail, row=row)


def _decoded(path: Path, raw: bytes, lines_before: int = 0, first: bool = True) -> str:
    """A contract CSV's text: refused when empty, not UTF-8 or not ``;``-separated.

    ``raw`` may be a part of a larger file (:func:`read_csv_parts`): its lines
    are then counted from ``lines_before``, and only the ``first`` part is
    judged for emptiness and separators.
    """
    if first and not raw.strip(b"\xef\xbb\xbf \r\n\t"):
        raise FeedFileError(path, "empty_file", Message("the file is empty: not even a header row"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        row = raw[: error.start].count(b"\n") + 1 + lines_before
        byte = raw[error.start]
        raise FeedFileError(
            path,
            "encoding",
            Message(
                "not UTF-8: byte {byte} cannot be read (a Windows-1252 export?); "
                "save the file again as CSV UTF-8",
                byte=f"0x{byte:02X}",
            ),
            row=row,
        ) from None
    header = _first_line(raw)
    if first and ";" not in header and ("," in header or "\t" in header):
        separator = "," if "," in header else "tab"
        raise FeedFileError(
            path,
            "delimiter",
            Message(
                "the fields are separated by {separator}, the contract says ';'",
                separator=repr(separator),
            ),
            row=1,
        )
    return text


def _shifted(error: FeedFileError, rows_before: int) -> FeedFileError:
    """A part's error with the file's row number (the part's row 1 is the file's header)."""
    if rows_before and error.row is not None and error.row > 1:
        error.row += rows_before
    return error


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
    return _read_csv_bytes(path, read_bytes(path), tidy=tidy)


def _read_csv_bytes(
    path: Path,
    raw: bytes,
    tidy: bool = True,
    rows_before: int = 0,
    lines_before: int = 0,
) -> pl.DataFrame:
    """:func:`read_csv_text` of a file's bytes, or of a part of them after the header row
    (``rows_before`` rows and ``lines_before`` lines of the file before the part's)."""
    first = rows_before == 0 and lines_before == 0
    text = _decoded(path, raw, lines_before, first)
    quotes = _count_byte(raw, b'"')
    controls = len(raw.translate(None, _NOT_CONTROL))  # one pass, an empty result if good
    # Balanced quotes come in pairs ("" inside a field is a pair too): scan only when odd.
    if quotes % 2:
        raise _shifted(_dialect_error(path, text), rows_before)
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
        raise _shifted(_dialect_error(path, text), rows_before) from None
    names = _header_cells(text)
    if len(names) != frame.width:
        raise _shifted(_dialect_error(path, text), rows_before)
    frame.columns = check_header(path, column_names(names))
    if _miscounted(frame, names, quotes, _count_byte(raw, b";")):
        problem = csv_problem(text)
        if problem is not None:
            error = FeedFileError(path, "csv_format", problem[1], row=problem[0])
            raise _shifted(error, rows_before)
    del text
    if controls:
        frame = mark_control_characters(frame)
    start = rows_before + 2
    frame = frame.select(
        pl.int_range(start, pl.len() + start, dtype=pl.Int64).alias(SOURCE_ROW), pl.all()
    )
    return tidy_frame(frame) if tidy else frame


# How much of a CSV file is read at a time (:func:`read_csv_parts`): some 100,000 rows of
# placements, the batch a load validates at once (docs/input-errors.md, "Large files").
PART_BYTES = 16 << 20

# A record that runs on over this many parts without ending (an unclosed quote) stops the
# reading: the file is refused rather than held whole.
_MOST_PARTS_PER_RECORD = 4


def _record_end(block: bytes) -> int:
    """Where the last whole record of ``block`` ends (after its line break), or 0.

    A line break ends a record when the quotes before it are even: ``""``
    inside a quoted value is a pair too. Counted from the end, so a usual
    file (no quote at all) costs one count.
    """
    end = block.rfind(b"\n") + 1
    if not end:
        return 0
    quotes = _count_byte(block[:end], b'"')
    while quotes % 2:
        cut = block.rfind(b"\n", 0, end - 1) + 1
        if not cut:
            return 0
        quotes -= block.count(b'"', cut, end)
        end = cut
    return end


def read_csv_parts(
    path: Path, part_bytes: int = PART_BYTES, tidy: bool = True
) -> Iterator[pl.DataFrame]:
    """A contract CSV read part by part, in bounded memory (issue 21).

    Each part is some ``part_bytes`` of whole records read under the file's
    header row, with every check of :func:`read_csv_text` and the file's own
    row numbers, so that a file read in parts gives the rows, and rejects
    for the same rule and row, as one read whole. A fault of the file is
    raised at the part it is in: a caller that must take a file whole or
    not at all reads it once to the end before using its parts.
    """
    with open_regular(path) as handle:
        carry = handle.read(part_bytes)
        end = 0 if not carry else _header_end(carry)
        while not end and carry:  # a header longer than a part: read on
            more = handle.read(part_bytes)
            if not more or len(carry) > _MOST_PARTS_PER_RECORD * part_bytes:
                break
            carry += more
            end = _header_end(carry)
        if not end:  # a file of one record (a header alone) or none
            if len(carry) > _MOST_PARTS_PER_RECORD * part_bytes:
                raise FeedFileError(path, "csv_format", Message(HEADER_NEVER_ENDS), row=1)
            yield _read_csv_bytes(path, carry, tidy)
            return
        header, carry = carry[:end], carry[end:]
        rows_before = lines_before = 0
        eof = False
        while carry or not eof:
            if not eof and len(carry) < part_bytes:
                more = handle.read(part_bytes)
                eof = not more
                carry += more
                continue
            cut = len(carry) if eof else _record_end(carry)
            if not cut:
                if len(carry) > _MOST_PARTS_PER_RECORD * part_bytes:
                    cut = len(carry)  # let the part's checks name the unclosed quote
                else:
                    more = handle.read(part_bytes)
                    eof = not more
                    carry += more
                    continue
            part, carry = carry[:cut], carry[cut:]
            frame = _read_csv_bytes(path, header + part, tidy, rows_before, lines_before)
            rows_before += frame.height
            lines_before += part.count(b"\n")
            yield frame
            if eof and not carry:
                return


def _header_end(block: bytes) -> int:
    """Where the header record of ``block`` ends (after its line break), or 0."""
    at = 0
    while True:
        newline = block.find(b"\n", at)
        if newline < 0:
            return 0
        if block.count(b'"', 0, newline) % 2 == 0:
            return newline + 1
        at = newline + 1
