"""Take a feed's files from the raw directory into DuckDB, losing no row.

For each file of a table: read its cells as text, match the header to the
contract, parse the Indonesian numbers and dates, validate with the table's
Pandera model, pseudonymise personal columns, and load. A row that breaks a
rule is not dropped: it goes to ``audit.quarantine`` with its file, row,
column, rule and (pseudonymised) raw values. A problem with the whole file
(its name, a sheet, a required column, its encoding) rejects it with a
:class:`FeedFileError` that names the file and the rule.

Only new and changed files are read. Each file is read and its header checked
on its own; the files of one office are then parsed, validated and inserted
as one batch, because Pandera's cost is per call, not per row
(docs/performance.md). Memory holds one office's new files, not a feed;
duplicates across files are found afterwards in DuckDB.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Literal

import duckdb
import pandera.polars as pa
import polars as pl

from pipelines.lib import indonesian, ledger
from pipelines.lib.errors import FeedFileError
from pipelines.lib.filenames import FileIdentity, PeriodKind, parse_file_name
from pipelines.lib.ledger import LEDGER_DDL
from pipelines.lib.pseudonym import pseudonymise_series
from pipelines.lib.rawscan import file_stamp, folder_entries, stat_settled
from pipelines.lib.readers import (
    CONTROL_MARK,
    CONTROL_PATTERN,
    SOURCE_ROW,
    file_sha256,
    read_csv_text,
    read_xlsx_sheet,
    tidy_cells,
)
from pipelines.lib.warehouse import table_exists

ColumnKind = Literal["text", "integer", "number", "money", "date", "flag"]
FLAG_MARKS = ("✓",)
IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Column:
    """One column of the contract."""

    name: str
    kind: ColumnKind = "text"
    required: bool = True
    personal: bool = False
    values: tuple[str, ...] = ()

    @property
    def field(self) -> str:
        """The column's name in the warehouse (lower case)."""
        return self.name.lower()

    @property
    def stored_as(self) -> str:
        """Personal columns are stored as their pseudonym only."""
        return f"{self.field}_pseudonym" if self.personal else self.field


@dataclass(frozen=True)
class TableSpec:
    """A kind of raw file and the table it loads into (``raw.<table>``)."""

    feed: str
    table: str
    prefix: str
    period: PeriodKind
    ext: Literal["csv", "xlsx"]
    columns: tuple[Column, ...]
    schema: type[pa.DataFrameModel]
    sheet: str | None = None
    unique_key: str | None = None
    # Columns computed from a file's clean rows before names are pseudonymised.
    derive: Callable[[pl.DataFrame], pl.DataFrame] | None = None
    derived_columns: tuple[tuple[str, type[pl.DataType]], ...] = ()

    def __post_init__(self) -> None:
        # Table and column names are spliced into SQL: they must be plain identifiers.
        names = [self.table, self.feed, *(c.stored_as for c in self.columns)]
        for name in names:
            if not IDENTIFIER.fullmatch(name):
                raise ValueError(f"{name!r} is not a plain SQL identifier")

    def output_schema(self) -> dict[str, pl.DataType]:
        """Column types of ``raw.<table>``, lineage first."""
        model_columns = self.schema.to_schema().columns
        types: dict[str, pl.DataType] = {
            "office_code": pl.String,
            "file_period": pl.String,
            "source_file": pl.String,
            "source_row": pl.Int64,
            "source_sha256": pl.String,
        }
        for column in self.columns:
            dtype = model_columns[column.field].dtype.type
            types[column.stored_as] = pl.String if column.personal else dtype
        types.update(self.derived_columns)
        return types


@dataclass
class FileReport:
    """What happened to one raw file in one load."""

    source_file: str
    sha256: str
    size_bytes: int
    identity: FileIdentity
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    extra_columns: list[str] = field(default_factory=list)
    path: Path | None = None


# --- finding the files -----------------------------------------------------


def discover_files(
    raw_dir: Path, specs: Sequence[TableSpec], errors: list[FeedFileError] | None = None
) -> dict[str, list[Path]]:
    """The files of each table in its feed folder; refuse what cannot be a delivery.

    Which entries count as delivered files is :func:`~pipelines.lib.rawscan.folder_entries`'
    rule, the sensor's too: a FIFO, a device, a link to nothing or a link that
    leaves the raw directory is refused (``not_a_file``, ``symlink``), as is a
    file no table of the folder claims (``file_name``). A missing feed folder
    is an error (``missing_folder``): an empty one is an office that has
    delivered nothing yet. The first refusal is raised, unless ``errors`` is
    given: then every refusal is added to it and the entry left out
    (``python -m pipelines validate`` reports them all).
    """

    def refuse(error: FeedFileError) -> None:
        if errors is None:
            raise error
        errors.append(error)

    found: dict[str, list[Path]] = {spec.table: [] for spec in specs}
    feeds = {spec.feed for spec in specs}
    for feed in sorted(feeds):
        folder = raw_dir / feed
        if not folder.is_dir():
            refuse(
                FeedFileError(
                    folder,
                    "missing_folder",
                    "the feed folder does not exist: is the raw directory unmounted or "
                    "mistyped? (an office with nothing to deliver yet keeps the folder, empty)",
                )
            )
            continue
        feed_specs = [s for s in specs if s.feed == feed]
        for entry in folder_entries(folder, raw_dir):
            path = entry.path
            if entry.refused is not None:
                refuse(entry.refused)
                continue
            owners = [s for s in feed_specs if path.name.startswith(f"{s.prefix}_")]
            if not owners:
                names = " or ".join(sorted({f"{s.prefix}_<OFFICE>..." for s in feed_specs}))
                refuse(FeedFileError(path, "file_name", f"not a file of feed {feed!r} ({names})"))
                continue
            try:
                for owner in owners:
                    parse_file_name(path, owner.prefix, owner.period, owner.ext)
            except FeedFileError as error:
                refuse(error)
                continue
            for owner in owners:
                found[owner.table].append(path)
    return found


# --- header ------------------------------------------------------------------


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
            raise FeedFileError(path, "duplicate_column", f"column {name!r} appears twice")
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
            f"{name} (is it {close[0]!r}?)"
            if (close := get_close_matches(name, extra, 1, 0.6))
            else name
            for name in missing
        ]
        raise FeedFileError(
            path, "missing_column", f"required column(s) missing: {', '.join(hints)}"
        )
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


# --- parsing -----------------------------------------------------------------

# What a file's name says about its rows, carried by every row read from it.
LINEAGE = ("office_code", "file_period", "source_file", "source_sha256")
PERIOD = ("period_start", "period_end")


def _parser(column: Column, ext: str) -> Callable[[pl.Expr], pl.Expr] | None:
    if column.kind == "integer":
        return indonesian.integer_expr
    if column.kind == "number":
        return indonesian.number_expr
    if column.kind == "money":
        return indonesian.money_expr
    if column.kind == "date":
        return indonesian.xlsx_date_expr if ext == "xlsx" else indonesian.dmy_date_expr
    return None


def _parse_column(column: Column, ext: str) -> tuple[pl.Expr, pl.Expr | None]:
    """The typed value of a column and, where parsing can fail, a failure flag."""
    raw = pl.col(column.field)
    if column.kind == "flag":
        typed = raw.is_in(FLAG_MARKS).fill_null(False)
        return typed, raw.is_not_null() & ~typed
    if column.values:
        canonical = {v.casefold(): v for v in column.values}
        typed = raw.str.to_lowercase().replace_strict(
            canonical, default=raw, return_dtype=pl.String
        )
        return typed, None
    parser = _parser(column, ext)
    if parser is None:
        return raw, None
    typed = parser(raw)
    return typed, raw.is_not_null() & typed.is_null()


def parse_cells(
    spec: TableSpec, text: pl.DataFrame, identity: FileIdentity | None = None
) -> tuple[pl.DataFrame, list[dict]]:
    """Type the text cells; return the typed frame and the cells that would not parse.

    ``text`` holds the cells of one file or of many (with their ``period_start``
    and ``period_end`` columns, as :func:`read_file` gives them); ``identity``
    supplies the period of a single file's cells that have no such columns.
    Lineage columns, if present, are kept.
    """
    if identity is not None:
        text = text.with_columns(
            pl.lit(identity.period_start, dtype=pl.Date).alias("period_start"),
            pl.lit(identity.period_end, dtype=pl.Date).alias("period_end"),
        )
    typed_exprs = []
    failures = []
    for column in spec.columns:
        typed, failed = _parse_column(column, spec.ext)
        typed_exprs.append(typed.alias(column.field))
        if failed is not None:
            failures.append(failed.alias(column.field))
    lineage = [name for name in LINEAGE if name in text.columns]
    typed = text.select(pl.col(SOURCE_ROW), *PERIOD, *typed_exprs, *lineage)
    problems: list[dict] = []
    if failures:
        flags = text.select(pl.int_range(pl.len()).alias("position"), *failures)
        for column in spec.columns:
            if column.field not in flags.columns:
                continue
            positions = flags.filter(pl.col(column.field))["position"].to_list()
            values = text[column.field].gather(positions).to_list()
            for position, value in zip(positions, values, strict=True):
                problems.append(
                    {
                        "position": position,
                        "column": column.name,
                        "rule": f"invalid_{column.kind}",
                        "detail": _parse_detail(column, value, spec.ext),
                    }
                )
    return typed, problems


KIND_WORDS = {
    "integer": "whole number",
    "number": "number",
    "money": "amount of Rupiah",
    "date": "date",
    "flag": "mark",
}


def _shown(value: object) -> str:
    """A non-personal cell's value for a detail: quoted, escaped, long ones cut short."""
    text = str(value)
    if len(text) > 40:
        return f"{text[:40]!r}... ({len(text):,} characters)"
    return repr(text)


def _parse_detail(column: Column, value: str, ext: str) -> str:
    """Why a cell would not parse, in plain words; a personal cell's value is never shown."""
    if column.kind == "flag":
        reason = f"only {' or '.join(FLAG_MARKS)} marks a cell (or leave it empty)"
    else:
        reason = indonesian.why_not(column.kind, value, xlsx=ext == "xlsx")
    what = f"not a valid {KIND_WORDS[column.kind]}: {reason}"
    if column.personal:
        return f"{column.name}: {what}"
    return f"{column.name}: {_shown(value)} is {what}"


# --- validation --------------------------------------------------------------


def _rule_of(check: str) -> str:
    """A short rule name from a Pandera check's description."""
    for prefix, rule in (
        ("not_nullable", "missing_value"),
        ("isin", "not_allowed_value"),
        ("str_matches", "bad_format"),
        ("in_range", "out_of_range"),
        ("greater_than", "out_of_range"),
        ("less_than", "out_of_range"),
    ):
        if check.startswith(prefix):
            return rule
    return check


def _row_check_detail(
    spec: TableSpec, check: str, text: pl.DataFrame, position: int
) -> tuple[str, str]:
    """The column and message of a failed whole-row check."""
    if check == "out_of_period":
        date = next(c for c in spec.columns if c.kind == "date")
        value = text[date.field][position]
        period = text["file_period"][position] if "file_period" in text.columns else None
        return (
            date.name,
            f"{date.name} {value!r} lies outside the file's period {period}",
        )
    if check == "one_sex_marked":
        return "L", "exactly one of L and P must be marked"
    return "", f"row: {check}"


def _schema_failures(spec: TableSpec, typed: pl.DataFrame) -> pl.DataFrame | None:
    """Pandera's failure cases for the typed rows, or None when every row passes."""
    columns = list(spec.schema.to_schema().columns)
    try:
        spec.schema.validate(typed.select(columns), lazy=True)
    except pa.errors.SchemaErrors as errors:
        return errors.failure_cases
    return None


def validate(
    spec: TableSpec, typed: pl.DataFrame, text: pl.DataFrame, paths: Sequence[Path]
) -> list[dict]:
    """Validate with the table's Pandera model, once for all the rows given.

    Returns the failing rows (by position) and their rules. A failure of the
    whole table (not of rows) rejects the file it comes from: ``paths`` are
    the files of the rows, in the order of ``typed`` (by ``source_file``).
    """
    cases = _schema_failures(spec, typed)
    if cases is None:
        return []
    problems: list[dict] = []
    names = {c.field: c.name for c in spec.columns}
    by_field = {c.field: c for c in spec.columns}
    for case in cases.iter_rows(named=True):
        if case["index"] is None:
            raise _whole_table_error(spec, typed, paths, case)
        position = case["index"]
        rule = _rule_of(case["check"])
        if case["schema_context"] == "DataFrameSchema":
            column, detail = _row_check_detail(spec, rule, text, position)
        else:
            column = names[case["column"]]
            value = text[case["column"]][position]
            detail = _check_detail(by_field[case["column"]], rule, case["check"], value)
        problems.append({"position": position, "column": column, "rule": rule, "detail": detail})
    return problems


def _number_words(text: str) -> str:
    """A bound of a range check written the Indonesian way (``100000`` -> ``100.000``).

    Numbers under 10.000 keep their digits together, as years do (``2100``).
    """
    try:
        number = float(text)
    except ValueError:
        return text
    if number.is_integer():
        grouped = f"{int(number):,}" if abs(number) >= 10_000 else str(int(number))
        return grouped.replace(",", ".")
    return text.replace(".", ",")


def _range_words(check: str) -> str:
    """What a Pandera range check asks, in words: ``in_range(1, 12)`` -> ``between 1 and 12``."""
    match = re.fullmatch(r"(\w+)\((.*)\)", check)
    if match is None:
        return f"outside its range ({check})"
    bounds = [_number_words(b.strip()) for b in match[2].split(",")]
    words = {
        "in_range": "between {} and {}",
        "greater_than_or_equal_to": "at least {}",
        "less_than_or_equal_to": "at most {}",
        "greater_than": "more than {}",
        "less_than": "less than {}",
    }.get(match[1])
    if words is None or words.count("{}") != len(bounds):
        return f"outside its range ({check})"
    return "must be " + words.format(*bounds)


def _nik_problem(value: str, check: str) -> str:
    """What is wrong with a NIK-like number, without its digits."""
    length = re.search(r"\{(\d+)\}", check)
    required = length[1] if length else "16"
    if all("0" <= char <= "9" for char in value):
        return f"{len(value)} digits, {required} required"
    return f"contains spaces or other non-digits ({required} digits 0-9 required)"


def _check_detail(column: Column, rule: str, check: str, value: str | None) -> str:
    """A failed column check in plain words; a personal column's value is never shown."""
    if rule == "missing_value" or value is None:
        return f"{column.name}: missing (a value is required)"
    if column.personal:
        if rule == "bad_format":
            return f"{column.name}: {_nik_problem(value, check)}"
        return f"{column.name}: breaks the rule {rule} (the value is personal: not shown)"
    shown = _shown(value)
    if rule == "not_allowed_value":
        return f"{column.name}: {shown} is not one of the allowed values (see docs/raw-feeds.md)"
    if rule == "bad_format":
        return f"{column.name}: {shown} does not have the required form (see docs/raw-feeds.md)"
    if rule == "out_of_range":
        return f"{column.name}: {shown} {_range_words(check)}"
    return f"{column.name}: {shown} breaks the rule {rule}"


def _whole_table_error(
    spec: TableSpec, typed: pl.DataFrame, paths: Sequence[Path], case: dict
) -> FeedFileError:
    """Name the file behind a failure of the whole table, validating file by file."""
    message = f"{case['column']}: {case['check']} failed for the whole table"
    if len(paths) > 1 and "source_file" in typed.columns:
        for path, (_, rows) in zip(
            paths, typed.group_by("source_file", maintain_order=True), strict=False
        ):
            failures = _schema_failures(spec, rows)
            if failures is not None and failures["index"].null_count():
                return FeedFileError(path, "schema", message)
    return FeedFileError(paths[0], "schema", message)


# --- reading and checking files ----------------------------------------------


def read_text(spec: TableSpec, path: Path, tidy: bool = True) -> pl.DataFrame:
    """The file's cells as text, by the table's format (CSV cells untrimmed if not ``tidy``)."""
    if spec.ext == "csv":
        return read_csv_text(path, tidy=tidy)
    assert spec.sheet is not None, f"{spec.table}: an XLSX table needs a sheet"
    return read_xlsx_sheet(path, spec.sheet)


def read_file(
    spec: TableSpec, path: Path, raw_dir: Path, sha256: str | None = None
) -> tuple[FileReport, pl.DataFrame]:
    """One file's cells as text under the contract's column names, with its lineage.

    Rejects the file (:class:`FeedFileError`) when its name, format, sheet or
    header break the contract; the rows themselves are judged later.
    """
    identity = parse_file_name(path, spec.prefix, spec.period, spec.ext)
    report = FileReport(
        source_file=path.relative_to(raw_dir).as_posix(),
        sha256=sha256 or file_sha256(path),
        size_bytes=path.stat().st_size,
        identity=identity,
        path=path,
    )
    cells = read_text(spec, path, tidy=False)
    header = [c for c in cells.columns if c != CONTROL_MARK]
    exprs, report.extra_columns = _header_plan(spec, header, path)
    report.rows_read = cells.height
    # Rows whose cells hold a control character, for process_batch to name the column.
    marked = CONTROL_MARK in cells.columns
    # One pass over the file's frame; the cells are trimmed later, for the whole batch.
    text = cells.select(
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
    return report, text


def _repeated_headers(spec: TableSpec, text: pl.DataFrame) -> list[int]:
    """Positions of rows that repeat the header (every required column holds its own name)."""
    required = [c for c in spec.columns if c.required]
    first = required[0]
    # Only rows whose first required cell has the length of its name can repeat the header.
    candidates = text.select(
        pl.int_range(pl.len()).alias("position"), *(pl.col(c.field) for c in required)
    ).filter(pl.col(first.field).str.len_chars() == len(first.name))
    same = pl.all_horizontal(
        pl.col(c.field).str.to_lowercase().eq(c.name.lower()).fill_null(False) for c in required
    )
    return candidates.filter(same)["position"].to_list()


def _pseudonymised(spec: TableSpec, frame: pl.DataFrame, key: bytes) -> pl.DataFrame:
    personal = [c for c in spec.columns if c.personal]
    return frame.with_columns(
        pseudonymise_series(frame[c.field], key).alias(c.field) for c in personal
    ).rename({c.field: c.stored_as for c in personal})


def _derived(spec: TableSpec, clean: pl.DataFrame) -> pl.DataFrame:
    """The table's derived columns, computed file by file (their rules are per file)."""
    if spec.derive is None:
        return clean
    parts = [spec.derive(rows) for rows in clean.partition_by("source_file", maintain_order=True)]
    if not parts:
        return clean.with_columns(pl.lit(None, dtype=t).alias(n) for n, t in spec.derived_columns)
    return pl.concat(parts, how="vertical")


def _control_characters(spec: TableSpec, text: pl.DataFrame) -> list[dict]:
    """Cells of the contract's columns that hold a control character (a NUL, a BEL, ...).

    Only rows a reader marked (:data:`~pipelines.lib.readers.CONTROL_MARK`)
    are looked at, so a good file costs nothing here. The value is never
    shown: the character may be the only sign of what else is damaged.
    """
    if CONTROL_MARK not in text.columns or not text[CONTROL_MARK].any():
        return []
    fields = {c.field: c.name for c in spec.columns}
    found = (
        text.select(pl.int_range(pl.len()).alias("position"), CONTROL_MARK, *fields)
        .filter(pl.col(CONTROL_MARK))
        .select(
            "position",
            *(pl.col(f).str.contains(CONTROL_PATTERN).fill_null(False) for f in fields),
        )
    )
    return [
        {
            "position": row["position"],
            "column": name,
            "rule": "control_character",
            "detail": f"{name} holds a control character (a damaged export?)",
        }
        for row in found.iter_rows(named=True)
        for field, name in fields.items()
        if row[field]
    ]


@dataclass
class BatchOutcome:
    """Files processed together: rows to load and rows to quarantine."""

    clean: pl.DataFrame
    quarantine: pl.DataFrame


def process_batch(
    spec: TableSpec, files: Sequence[tuple[FileReport, pl.DataFrame]], key: bytes
) -> BatchOutcome:
    """Parse, validate and pseudonymise the rows of many files at once.

    The files' cells are put one under the other, so that parsing, Pandera's
    validation and the pseudonyms are paid once per batch, not once per
    file; every row keeps its file and row number for lineage, and the file's
    period for the out-of-period rule.
    """
    if not files:
        raise ValueError("a batch needs at least one file")
    text = pl.concat([frame for _, frame in files], how="vertical")
    text = text.with_columns(tidy_cells([c.field for c in spec.columns]))
    paths = [report.path or Path(report.source_file) for report, _ in files]
    typed, problems = parse_cells(spec, text)
    damaged = _control_characters(spec, text)
    unparsed = {(p["position"], p["column"]) for p in problems}
    for problem in validate(spec, typed, text, paths):
        # A cell that would not parse is null by now: say so once, as the parse error.
        if (
            problem["rule"] == "missing_value"
            and (problem["position"], problem["column"]) in unparsed
        ):
            continue
        problems.append(problem)

    by_position: dict[int, list[dict]] = {}
    for problem in [*damaged, *problems]:  # a damaged cell first: it explains the rest
        by_position.setdefault(problem["position"], []).append(problem)
    for position in _repeated_headers(spec, text):
        by_position[position] = [
            {
                "position": position,
                "column": "",
                "rule": "repeated_header",
                "detail": "the header row is repeated here (files pasted together?)",
            }
        ]
    bad = pl.Series("position", sorted(by_position), dtype=pl.Int64)
    positions = pl.int_range(pl.len(), dtype=pl.Int64)

    clean = typed.filter(~positions.is_in(bad.implode())).drop(*PERIOD)
    clean = _pseudonymised(spec, _derived(spec, clean), key)
    clean = clean.select(list(spec.output_schema()))

    failing = _pseudonymised(spec, text.select(pl.all().gather(bad)), key)
    raw_values = failing.select(pl.struct(_value_columns(spec)).struct.json_encode()).to_series()
    first = [by_position[p][0] for p in bad]
    quarantine = failing.select(*LINEAGE, SOURCE_ROW).with_columns(
        pl.Series("rule", [p["rule"] for p in first], dtype=pl.String),
        pl.Series("column_name", [p["column"] for p in first], dtype=pl.String),
        pl.Series(
            "detail",
            ["; ".join(x["detail"] for x in by_position[p]) for p in bad],
            dtype=pl.String,
        ),
        raw_values.alias("raw_values"),
        pl.lit(spec.feed).alias("feed"),
        pl.lit(spec.table).alias("table_name"),
    )
    return BatchOutcome(clean, quarantine.select(QUARANTINE_COLUMNS))


# --- DuckDB ------------------------------------------------------------------

QUARANTINE_COLUMNS = [
    "feed",
    "table_name",
    "source_file",
    "source_row",
    "source_sha256",
    "office_code",
    "file_period",
    "rule",
    "column_name",
    "detail",
    "raw_values",
]

AUDIT_DDL = (
    LEDGER_DDL
    + """
create schema if not exists raw;
create table if not exists audit.quarantine (
    feed varchar not null,
    table_name varchar not null,
    source_file varchar not null,
    source_row bigint not null,
    source_sha256 varchar not null,
    office_code varchar not null,
    file_period varchar,
    rule varchar not null,
    column_name varchar,
    detail varchar not null,
    raw_values json
);
-- The office-years whose raw rows or quarantine changed since the marts were last
-- built (year null: every year of the office). dbt rebuilds these slices of its
-- incremental models, and empties the table when the build succeeds.
create table if not exists audit.changed_slices (
    table_name varchar not null,
    office_code varchar not null,
    year integer
);
-- Each raw file's size, times and inode when its SHA-256 was last computed: a file
-- whose four are the same is not read again to be compared with the ledger.
create table if not exists audit.raw_file_stats (
    table_name varchar not null,
    source_file varchar not null,
    size_bytes bigint not null,
    mtime_ns bigint not null,
    ctime_ns bigint not null,
    inode ubigint not null,
    sha256 varchar not null
);
"""
)

STAT_COLUMNS = ("size_bytes", "mtime_ns", "ctime_ns", "inode")


def file_hashes(
    con: duckdb.DuckDBPyConnection, table: str, files: Sequence[Path], raw_dir: Path
) -> tuple[dict[str, str], list[tuple]]:
    """SHA-256 of each file by its name in ``raw_dir``, and the stat rows to remember.

    A file is hashed again unless its size, modification time, change time
    and inode are all those recorded in ``audit.raw_file_stats`` when it was
    last hashed (:func:`~pipelines.lib.rawscan.file_stamp`, as the sensor
    compares them); a stat that merely changed only costs a hash. A file
    written so recently that a second write could still leave the same times
    (:func:`~pipelines.lib.rawscan.stat_settled`) is not remembered: it is
    hashed again next time.
    """
    known = {
        name: (tuple(stamp), sha)
        for name, *stamp, sha in con.execute(
            f"select source_file, {', '.join(STAT_COLUMNS)}, sha256 "
            "from audit.raw_file_stats where table_name = ?",
            [table],
        ).fetchall()
    }
    hashes: dict[str, str] = {}
    stats: list[tuple] = []
    for path in files:
        name = path.relative_to(raw_dir).as_posix()
        info = path.stat()
        stamp = file_stamp(info)
        stamp_then, sha = known.get(name, ((), ""))
        if stamp_then != stamp:
            sha = file_sha256(path)
        hashes[name] = sha
        if stat_settled(info.st_mtime_ns, info.st_ctime_ns, time.time_ns()):
            stats.append((table, name, *stamp, sha))
    return hashes, stats


def remember_file_stats(con: duckdb.DuckDBPyConnection, table: str, stats: list[tuple]) -> None:
    """Make ``audit.raw_file_stats`` of ``table`` the stat rows of :func:`file_hashes`."""
    current = con.execute(
        f"select table_name, source_file, {', '.join(STAT_COLUMNS)}, sha256 "
        "from audit.raw_file_stats where table_name = ? order by source_file",
        [table],
    ).fetchall()
    if current == sorted(stats, key=lambda row: row[1]):
        return
    con.execute("delete from audit.raw_file_stats where table_name = ?", [table])
    if stats:
        con.executemany("insert into audit.raw_file_stats values (?, ?, ?, ?, ?, ?, ?)", stats)


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    if frame.is_empty():
        return
    con.register("incoming_batch", frame.to_arrow())
    try:
        con.execute(f"insert into {table} by name select * from incoming_batch")
    finally:
        con.unregister("incoming_batch")


def _value_columns(spec: TableSpec) -> list[str]:
    return [c.stored_as for c in spec.columns]


def held_table(spec: TableSpec) -> str:
    """Where rows that repeat an earlier row's key wait, typed, in case the earlier one goes.

    A duplicate is in ``audit.quarantine`` with its reason, like every rejected
    row; its typed copy here lets a later correction of the first copy bring
    it back without reading its file again.
    """
    return f"audit.held_{spec.table}"


def _quarantine_duplicates(
    con: duckdb.DuckDBPyConnection, spec: TableSpec, offices: Sequence[str]
) -> None:
    """Move later copies of a unique key (later period, or further down) to quarantine."""
    key = spec.unique_key
    assert key is not None
    table = f"raw.{spec.table}"
    key_name = next(c.name for c in spec.columns if c.field == key)
    con.execute(
        f"""
        create or replace temp table duplicate_rows as
        -- Only keys that repeat are ordered: a sort of every row costs minutes at scale.
        with repeated as (
            select office_code, {key}
            from {table}
            where list_contains($offices, office_code)
            group by all
            having count(*) > 1
        )
        select
            t.*,
            first_value(t.source_file) over copies as first_file,
            first_value(t.source_row) over copies as first_row,
            row_number() over copies as copy_number
        from {table} as t
        semi join repeated as r
            on t.office_code = r.office_code and t.{key} is not distinct from r.{key}
        window copies as (
            partition by t.office_code, t.{key}
            order by t.file_period nulls first, t.source_file, t.source_row
        )
        qualify copy_number > 1
        """,
        {"offices": list(offices)},
    )
    values = ", ".join(_value_columns(spec))
    con.execute(
        f"""
        insert into audit.quarantine
        select
            ?, ?, source_file, source_row, source_sha256, office_code, file_period,
            'duplicate', ?,
            ? || ': ' || {key} || ' is already loaded from ' || first_file
                || ' row ' || first_row::varchar,
            to_json(struct_pack({values}))
        from duplicate_rows
        """,
        [spec.feed, spec.table, key_name, key_name],
    )
    columns = ", ".join(spec.output_schema())
    con.execute(f"insert into {held_table(spec)} select {columns} from duplicate_rows")
    con.execute(
        f"delete from {table} t using duplicate_rows d "
        "where t.source_file = d.source_file and t.source_row = d.source_row"
    )
    con.execute("drop table duplicate_rows")


# Bump when the way files are read changes, so that unchanged files are read again.
LOADER_VERSION = "3"


def loader_fingerprint(spec: TableSpec, key: bytes) -> str:
    """What a table's load depends on besides its files: the loader, the rules, the key."""
    digest = hashlib.sha256()
    for part in (LOADER_VERSION, repr(spec.columns), repr(spec.schema.to_schema())):
        digest.update(part.encode())
    digest.update(hmac.new(key, b"loader-fingerprint", hashlib.sha256).digest())
    return digest.hexdigest()


@dataclass
class TableLoad:
    """The outcome of loading one table: its files and whether anything changed."""

    table: str
    changed: bool
    files: dict[str, int]
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    reports: list[FileReport]
    offices_reloaded: list[str] = field(default_factory=list)
    files_read: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)
    slices: list[tuple[str, int | None]] = field(default_factory=list)


@dataclass(frozen=True)
class _Found:
    path: Path
    sha256: str
    office: str
    period: str | None


def _create_table(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> None:
    """An empty ``raw.<table>`` (and its held duplicates); its quarantine starts empty."""
    empty = pl.DataFrame(schema=spec.output_schema())
    con.register("empty_batch", empty.to_arrow())
    try:
        con.execute(f"create or replace table raw.{spec.table} as select * from empty_batch")
        if spec.unique_key:
            con.execute(f"create or replace table {held_table(spec)} as select * from empty_batch")
    finally:
        con.unregister("empty_batch")
    con.execute("delete from audit.quarantine where table_name = ?", [spec.table])


def _slice_year(period: str | None) -> int | None:
    """The year of a file's period (``2024`` or ``2024-04``); None when it has none."""
    return int(period[:4]) if period and period[:4].isdigit() else None


def load_table(
    con: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    files: Sequence[Path],
    raw_dir: Path,
    key: bytes,
    now: dt.datetime,
) -> TableLoad:
    """Make ``raw.<table>`` and its quarantine the content of ``files``, reading only changes.

    A file whose version the ledger already holds (same SHA-256, read by the
    same loader; a file's stat spares its hashing, :func:`file_hashes`) is
    not read again. The rows of a changed or removed file leave; a new or
    changed file is read, and files are parsed, validated and inserted in
    batches of about :data:`BATCH_ROWS` rows, office after office.
    Duplicates of the unique key (which never cross offices) are judged
    again over every row of the offices touched, so that a correction of a
    first copy brings a later one back. The ledger's counts follow, and the
    office-years touched are listed in ``audit.changed_slices`` for dbt.

    Rows are written in transactions of about :data:`BATCH_ROWS` rows, and the
    ledger last, in one more: one transaction over a whole table would hold every new row
    in memory until it commits (DuckDB keeps a transaction's appends in
    memory; 3.6 GB for 5 million placements). A rejected file stops the load
    before its batch is written; batches written before it are ahead of the
    ledger, so the next load reads their files again, and the refresh that
    failed never publishes its build file (:mod:`pipelines.lib.publish`).
    """
    fingerprint = loader_fingerprint(spec, key)
    hashes, stats = file_hashes(con, spec.table, files, raw_dir)
    found: dict[str, _Found] = {}
    for path in files:
        identity = parse_file_name(path, spec.prefix, spec.period, spec.ext)
        name = path.relative_to(raw_dir).as_posix()
        found[name] = _Found(path, hashes[name], identity.office_code, identity.period)
    exists = table_exists(con, "raw", spec.table)
    if spec.unique_key and exists and not table_exists(con, "audit", f"held_{spec.table}"):
        exists = False  # a warehouse from before the held table: read everything again
    if not exists:
        with _transaction(con):
            _create_table(con, spec)
    previous = ledger.current_files(con, spec.table)
    to_read = sorted(
        name
        for name, file in found.items()
        if not exists
        or name not in previous
        or (previous[name].sha256, previous[name].loader_fingerprint) != (file.sha256, fingerprint)
    )
    removed = sorted(name for name in previous if name not in found)
    if not to_read and not removed:
        with _transaction(con):
            ledger.mark_seen(con, spec.table, now)
            remember_file_stats(con, spec.table, stats)
        return _unchanged(con, spec)

    office_of = {n: found[n].office for n in to_read} | {
        n: previous[n].office_code for n in removed
    }
    offices = sorted(set(office_of.values()))
    gone = {office: [n for n, o in office_of.items() if o == office] for office in offices}
    # Office by office, but a batch may hold the end of one office and the start of
    # the next: the small feeds' files of every office make one or two batches.
    ordered = sorted(to_read, key=lambda n: (found[n].office, n))
    reports: list[FileReport] = []
    started: set[str] = set()
    with BatchWriter(con) as writer:
        for batch in _batches(spec, [found[n] for n in ordered], raw_dir):
            outcome = process_batch(spec, batch, key)
            # An office's old rows leave with its first new ones, in the same transaction.
            first = sorted({found[r.source_file].office for r, _ in batch} - started)
            started.update(first)
            forget = ([n for o in first for n in gone[o]], first)
            writer.submit(_write_batch, spec, outcome, forget if first else None)
            reports += [report for report, _ in batch]
        only_lost = [office for office in offices if office not in started]
        if only_lost:
            writer.submit(_forget_files, spec, [n for o in only_lost for n in gone[o]], only_lost)
    with _transaction(con):
        summary, slices_changed = _judge_and_record(
            con, spec, offices, reports, removed, found, previous, fingerprint, now, exists
        )
        remember_file_stats(con, spec.table, stats)
    load = _unchanged(con, spec)
    load.changed = True
    load.files = {**summary, "unchanged": len(found) - summary["new"] - summary["restated"]}
    load.reports = reports
    load.offices_reloaded = offices
    load.files_read = to_read
    load.files_removed = removed
    load.slices = slices_changed
    return load


def _write_batch(
    con: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    outcome: BatchOutcome,
    forget: tuple[list[str], list[str]] | None,
) -> None:
    """Insert a batch's rows and quarantine, first taking out the old files of its offices.

    ``forget`` names the offices whose first new rows are in this batch, and
    their files that are restated or removed.
    """
    if forget is not None:
        names, offices = forget
        _forget_files(con, spec, names, offices)
    _insert(con, f"raw.{spec.table}", outcome.clean)
    _insert(con, "audit.quarantine", outcome.quarantine)


class BatchWriter:
    """Writes batches into DuckDB in a thread of its own, each in its own transaction.

    While DuckDB stores one batch (its string columns cost some 5 µs a row,
    docs/performance.md), the next is read, validated and pseudonymised: the
    two halves take about as long, and the machine has two cores. Batches are
    written in the order they are submitted; at most one waits while another
    is written, so memory holds three batches at most. Leaving the ``with``
    block waits for every batch; a failed write is raised there (or at the
    next :meth:`submit`), and a batch submitted after it is not written.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self._cursor: duckdb.DuckDBPyConnection | None = None
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="duckdb-writer")
        self._pending: deque[Future[None]] = deque()
        self._failed = False

    def __enter__(self) -> BatchWriter:
        return self

    def submit(self, write: Callable[..., None], *args: object) -> None:
        """Write ``write(connection, *args)`` in a transaction, after the batches before it."""
        while len(self._pending) >= 2:
            self._pending.popleft().result()
        self._pending.append(self._pool.submit(self._run, write, *args))

    def _run(self, write: Callable[..., None], *args: object) -> None:
        if self._failed:
            raise RuntimeError("an earlier batch failed to be written")
        if self._cursor is None:  # a connection of the writer's own, to the same database
            self._cursor = self._con.cursor()
        try:
            with _transaction(self._cursor):
                write(self._cursor, *args)
        except BaseException:
            self._failed = True
            raise

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        try:
            # Batches submitted before a rejected file are written, as they would
            # have been one by one; the ledger does not count them (load_table).
            while self._pending:
                future = self._pending.popleft()
                if error is None:
                    future.result()
                else:
                    future.exception()
        finally:
            self._pool.shutdown(wait=True)
            if self._cursor is not None:
                self._cursor.close()


# Rows parsed, validated and inserted together: enough that Pandera's cost per call
# (some 17 ms) is small, few enough that memory stays bounded (docs/performance.md).
BATCH_ROWS = 100_000


def _batches(
    spec: TableSpec, files: Sequence[_Found], raw_dir: Path
) -> Iterator[list[tuple[FileReport, pl.DataFrame]]]:
    """The files read, in groups of about :data:`BATCH_ROWS` rows (a file is never split)."""
    batch: list[tuple[FileReport, pl.DataFrame]] = []
    rows = 0
    for file in files:
        report, text = read_file(spec, file.path, raw_dir, file.sha256)
        batch.append((report, text))
        rows += text.height
        if rows >= BATCH_ROWS:
            yield batch
            batch, rows = [], 0
    if batch:
        yield batch


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def _judge_and_record(
    con: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    offices: list[str],
    reports: list[FileReport],
    removed: list[str],
    found: dict[str, _Found],
    previous: dict[str, ledger.CurrentFile],
    fingerprint: str,
    now: dt.datetime,
    existed: bool,
) -> tuple[dict[str, int], list[tuple[str, int | None]]]:
    """Judge duplicates over the offices touched, then write the ledger and the slices."""
    to_read = {report.source_file for report in reports}
    if spec.unique_key:
        _quarantine_duplicates(con, spec, offices)

    counts = _file_counts(con, spec, offices)
    for report in reports:
        report.rows_loaded, report.rows_quarantined = counts.get(report.source_file, (0, 0))
    summary = ledger.record_changes(
        con,
        spec.table,
        [_ledger_row(spec, report) for report in reports],
        removed,
        counts,
        fingerprint,
        now,
    )
    recounted = [
        name
        for name, (loaded, quarantined) in counts.items()
        if name in previous
        and name not in to_read
        and (previous[name].rows_loaded, previous[name].rows_quarantined) != (loaded, quarantined)
    ]
    slices = {(o, None) for o in offices} if not existed else set()
    slices |= {(found[n].office, _slice_year(found[n].period)) for n in to_read}
    slices |= {(previous[n].office_code, _slice_year(previous[n].file_period)) for n in removed}
    slices |= {(found[n].office, _slice_year(found[n].period)) for n in recounted}
    ordered = sorted(slices, key=lambda s: (s[0], s[1] is None, s[1] or 0))
    con.executemany(
        "insert into audit.changed_slices values (?, ?, ?)",
        [[spec.table, office, year] for office, year in ordered],
    )
    ledger.mark_seen(con, spec.table, now)
    return summary, ordered


def _forget_files(
    con: duckdb.DuckDBPyConnection, spec: TableSpec, names: Sequence[str], offices: Sequence[str]
) -> None:
    """Take the rows of these files out; give the offices' held duplicates back to be judged."""
    con.register("gone_files", pl.DataFrame({"source_file": list(names)}).to_arrow())
    try:
        gone = "source_file in (select source_file from gone_files)"
        con.execute(f"delete from raw.{spec.table} where {gone}")
        con.execute(f"delete from audit.quarantine where table_name = ? and {gone}", [spec.table])
        if spec.unique_key:
            held = held_table(spec)
            con.execute(f"delete from {held} where {gone}")
            con.execute(
                f"insert into raw.{spec.table} select * from {held} "
                "where list_contains($offices, office_code)",
                {"offices": list(offices)},
            )
            con.execute(
                f"delete from {held} where list_contains($offices, office_code)",
                {"offices": list(offices)},
            )
            con.execute(
                "delete from audit.quarantine where table_name = $table and rule = 'duplicate' "
                "and list_contains($offices, office_code)",
                {"table": spec.table, "offices": list(offices)},
            )
    finally:
        con.unregister("gone_files")


def _file_counts(
    con: duckdb.DuckDBPyConnection, spec: TableSpec, offices: Sequence[str]
) -> dict[str, tuple[int, int]]:
    """Rows loaded and quarantined per file of the offices, counted in the tables."""
    rows = con.execute(
        f"""
        with loaded as (
            select source_file, count(*) as n from raw.{spec.table}
            where list_contains($offices, office_code) group by all
        ),
        quarantined as (
            select source_file, count(*) as n from audit.quarantine
            where table_name = $table and list_contains($offices, office_code) group by all
        )
        select source_file, coalesce(l.n, 0), coalesce(q.n, 0)
        from loaded as l full join quarantined as q using (source_file)
        """,
        {"offices": list(offices), "table": spec.table},
    ).fetchall()
    return {name: (loaded, quarantined) for name, loaded, quarantined in rows}


def _ledger_row(spec: TableSpec, report: FileReport) -> ledger.LedgerRow:
    return ledger.LedgerRow(
        feed=spec.feed,
        table_name=spec.table,
        source_file=report.source_file,
        office_code=report.identity.office_code,
        file_period=report.identity.period,
        sha256=report.sha256,
        size_bytes=report.size_bytes,
        rows_read=report.rows_read,
        rows_loaded=report.rows_loaded,
        rows_quarantined=report.rows_quarantined,
        extra_columns=report.extra_columns,
    )


def _unchanged(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> TableLoad:
    files, read, loaded, quarantined = con.execute(
        "select count(*), coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0), "
        "coalesce(sum(rows_quarantined), 0) from audit.file_ledger "
        "where table_name = ? and status = 'current'",
        [spec.table],
    ).fetchall()[0]
    return TableLoad(
        table=spec.table,
        changed=False,
        files={"new": 0, "restated": 0, "removed": 0, "unchanged": files},
        rows_read=read,
        rows_loaded=loaded,
        rows_quarantined=quarantined,
        reports=[],
    )
