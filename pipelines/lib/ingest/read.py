"""A file's cells as text under the contract's column names, with their lineage."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from difflib import get_close_matches
from pathlib import Path

import polars as pl

from pipelines.lib.errors import FeedFileError
from pipelines.lib.filenames import parse_file_name
from pipelines.lib.i18n import Message
from pipelines.lib.ingest.contract import FileReport, TableSpec
from pipelines.lib.readers import (
    CONTROL_MARK,
    PART_BYTES,
    SOURCE_ROW,
    file_sha256,
    read_csv_parts,
    read_csv_text,
    read_xlsx_sheet,
)


def _header_plan(
    spec: TableSpec, columns: Sequence[str], path: Path
) -> tuple[list[pl.Expr], list[str]]:
    """How to take the contract's columns from a file's: one expression per column.

    Names are matched after trimming and ignoring case. Unknown columns are
    returned, to be reported; optional columns that are absent come out
    empty. A missing required column rejects the file.
    """
    by_key: dict[str, str] = {}
    for name in columns:
        if name == SOURCE_ROW:
            continue
        key = name.strip().casefold()
        if key in by_key:
            detail = Message("column {name} appears twice", name=repr(name))
            raise FeedFileError(path, "duplicate_column", detail)
        by_key[key] = name
    exprs: list[pl.Expr] = []
    missing: list[str] = []
    for column in spec.columns:
        original = by_key.pop(column.name.casefold(), None)
        if original is None:
            if column.required:
                missing.append(column.name)
            exprs.append(pl.lit(None, dtype=pl.String).alias(column.field))
        else:
            exprs.append(pl.col(original).alias(column.field))
    extra = sorted(by_key.values())
    if missing:
        hints = [
            Message("{name} (is it {close}?)", name=name, close=repr(close[0]))
            if (close := get_close_matches(name, extra, 1, 0.6))
            else name
            for name in missing
        ]
        detail = Message("required column(s) missing: {columns}", columns=hints)
        raise FeedFileError(path, "missing_column", detail)
    return exprs, extra


def match_header(
    spec: TableSpec, frame: pl.DataFrame, path: Path
) -> tuple[pl.DataFrame, list[str]]:
    """Rename the file's columns to the contract's; reject on a missing required column.

    Names are matched after trimming and ignoring case. Unknown columns are
    dropped and returned, to be reported; optional columns that are absent
    are added as empty.
    """
    exprs, extra = _header_plan(spec, frame.columns, path)
    return frame.select(pl.col(SOURCE_ROW), *exprs), extra


def read_text(
    spec: TableSpec, path: Path, tidy: bool = True, *, xlsx_max_uncompressed_mb: int
) -> pl.DataFrame:
    """The file's cells as text, by the table's format (CSV cells untrimmed if not ``tidy``;
    a workbook refused beyond ``xlsx_max_uncompressed_mb``, ``XLSX_MAX_UNCOMPRESSED_MB``)."""
    if spec.ext == "csv":
        return read_csv_text(path, tidy=tidy)
    assert spec.sheet is not None, f"{spec.table}: an XLSX table needs a sheet"
    return read_xlsx_sheet(path, spec.sheet, max_uncompressed_mb=xlsx_max_uncompressed_mb)


def read_file(
    spec: TableSpec,
    path: Path,
    raw_dir: Path,
    sha256: str | None = None,
    *,
    xlsx_max_uncompressed_mb: int,
) -> tuple[FileReport, pl.DataFrame]:
    """One file's cells as text under the contract's column names, with its lineage.

    Rejects the file (:class:`FeedFileError`) when its name, format, sheet or
    header break the contract; the rows themselves are judged later.
    """
    report = _report(spec, path, raw_dir, sha256)
    cells = read_text(spec, path, tidy=False, xlsx_max_uncompressed_mb=xlsx_max_uncompressed_mb)
    text = _with_lineage(spec, report, cells)
    report.rows_read = text.height
    return report, text


def _report(spec: TableSpec, path: Path, raw_dir: Path, sha256: str | None) -> FileReport:
    return FileReport(
        source_file=path.relative_to(raw_dir).as_posix(),
        sha256=sha256 or file_sha256(path),
        size_bytes=path.stat().st_size,
        identity=parse_file_name(path, spec.prefix, spec.period, spec.ext),
        path=path,
    )


def _with_lineage(spec: TableSpec, report: FileReport, cells: pl.DataFrame) -> pl.DataFrame:
    """The cells under the contract's names, each row with its file's lineage."""
    assert report.path is not None
    identity = report.identity
    header = [c for c in cells.columns if c != CONTROL_MARK]
    exprs, report.extra_columns = _header_plan(spec, header, report.path)
    # Rows whose cells hold a control character, for process_batch to name the column.
    marked = CONTROL_MARK in cells.columns
    # One pass over the file's frame; the cells are trimmed later, for the whole batch.
    return cells.select(
        pl.col(SOURCE_ROW),
        *exprs,
        pl.lit(identity.office_code).alias("office_code"),
        pl.lit(identity.period, dtype=pl.String).alias("file_period"),
        pl.lit(report.source_file).alias("source_file"),
        pl.lit(report.sha256).alias("source_sha256"),
        pl.lit(identity.period_start, dtype=pl.Date).alias("period_start"),
        pl.lit(identity.period_end, dtype=pl.Date).alias("period_end"),
        pl.col(CONTROL_MARK) if marked else pl.lit(False).alias(CONTROL_MARK),
    )


def read_in_parts(spec: TableSpec, path: Path) -> bool:
    """Whether a file is read part by part (:func:`read_file_parts`): a CSV larger than a
    part, of a table whose derived columns do not need the whole file at once."""
    return spec.ext == "csv" and spec.derive is None and path.stat().st_size > PART_BYTES


def read_file_parts(
    spec: TableSpec, path: Path, raw_dir: Path, sha256: str | None = None
) -> tuple[FileReport, Callable[[], Iterator[pl.DataFrame]]]:
    """:func:`read_file` of a large CSV in parts of bounded size (issue 21).

    The file is read once to its end first, in parts that are dropped as
    they are checked: a fault of the file (its header, its dialect, its
    encoding) rejects it before any of its rows is validated or stored, as
    when a file is read whole. The parts returned read it again, each with
    the file's own row numbers; ``report.rows_read`` counts the file's rows.
    """
    report = _report(spec, path, raw_dir, sha256)
    rows = 0
    for cells in read_csv_parts(path, tidy=False):
        rows += _with_lineage(spec, report, cells).height
    report.rows_read = rows

    def parts() -> Iterator[pl.DataFrame]:
        for cells in read_csv_parts(path, tidy=False):
            yield _with_lineage(spec, report, cells)

    return report, parts
