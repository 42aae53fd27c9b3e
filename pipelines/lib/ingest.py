"""Take a feed's files from the raw directory into DuckDB, losing no row.

For each file of a table: read its cells as text, match the header to the
contract, parse the Indonesian numbers and dates, validate with the table's
Pandera model, pseudonymise personal columns, and load. A row that breaks a
rule is not dropped: it goes to ``audit.quarantine`` with its file, row,
column, rule and (pseudonymised) raw values. A problem with the whole file
(its name, a sheet, a required column, its encoding) rejects it with a
:class:`FeedFileError` that names the file and the rule.

Files are processed one at a time, so memory holds one file, not a feed;
duplicates across files are found afterwards in DuckDB.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Callable, Sequence
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
from pipelines.lib.pseudonym import pseudonymise_expr
from pipelines.lib.readers import (
    SOURCE_ROW,
    file_sha256,
    read_csv_text,
    read_xlsx_sheet,
)

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


# --- finding the files -----------------------------------------------------


def _ignored(path: Path) -> bool:
    """Hidden files and Excel's lock files (``~$name.xlsx``) are not deliveries."""
    return path.name.startswith((".", "~$"))


def discover_files(raw_dir: Path, specs: Sequence[TableSpec]) -> dict[str, list[Path]]:
    """The files of each table in a feed folder; a file no table claims is rejected."""
    found: dict[str, list[Path]] = {spec.table: [] for spec in specs}
    feeds = {spec.feed for spec in specs}
    for feed in sorted(feeds):
        folder = raw_dir / feed
        if not folder.is_dir():
            continue
        feed_specs = [s for s in specs if s.feed == feed]
        for path in sorted(folder.iterdir()):
            if _ignored(path) or path.is_dir():
                continue
            owners = [s for s in feed_specs if path.name.startswith(f"{s.prefix}_")]
            if not owners:
                names = " or ".join(sorted({f"{s.prefix}_<OFFICE>..." for s in feed_specs}))
                raise FeedFileError(path, "file_name", f"not a file of feed {feed!r} ({names})")
            for owner in owners:
                parse_file_name(path, owner.prefix, owner.period, owner.ext)
                found[owner.table].append(path)
    return found


# --- header ------------------------------------------------------------------


def match_header(
    spec: TableSpec, frame: pl.DataFrame, path: Path
) -> tuple[pl.DataFrame, list[str]]:
    """Rename the file's columns to the contract's; reject on a missing required column.

    Names are matched after trimming and ignoring case. Unknown columns are
    dropped and returned, to be reported; optional columns that are absent
    are added as empty.
    """
    by_key: dict[str, str] = {}
    for name in frame.columns:
        if name == SOURCE_ROW:
            continue
        key = name.strip().casefold()
        if key in by_key:
            raise FeedFileError(path, "duplicate_column", f"column {name!r} appears twice")
        by_key[key] = name
    renames: dict[str, str] = {}
    missing: list[str] = []
    for column in spec.columns:
        original = by_key.pop(column.name.casefold(), None)
        if original is None:
            if column.required:
                missing.append(column.name)
            continue
        renames[original] = column.field
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
    frame = frame.drop(extra).rename(renames)
    absent = [c.field for c in spec.columns if c.field not in frame.columns]
    frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(name) for name in absent)
    return frame.select([SOURCE_ROW, *(c.field for c in spec.columns)]), extra


# --- parsing -----------------------------------------------------------------


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
    spec: TableSpec, text: pl.DataFrame, identity: FileIdentity
) -> tuple[pl.DataFrame, list[dict]]:
    """Type the text cells; return the typed frame and the cells that would not parse."""
    typed_exprs = []
    failures = []
    for column in spec.columns:
        typed, failed = _parse_column(column, spec.ext)
        typed_exprs.append(typed.alias(column.field))
        if failed is not None:
            failures.append(failed.alias(column.field))
    typed = text.select(
        pl.col(SOURCE_ROW),
        pl.lit(identity.period_start, dtype=pl.Date).alias("period_start"),
        pl.lit(identity.period_end, dtype=pl.Date).alias("period_end"),
        *typed_exprs,
    )
    problems: list[dict] = []
    if failures:
        flags = text.select(pl.int_range(pl.len()).alias("position"), *failures)
        for column in spec.columns:
            if column.field not in flags.columns:
                continue
            positions = flags.filter(pl.col(column.field))["position"].to_list()
            for position in positions:
                value = text[column.field][position]
                problems.append(
                    {
                        "position": position,
                        "column": column.name,
                        "rule": f"invalid_{column.kind}",
                        "detail": f"{column.name}: {value!r} is not a valid {column.kind}",
                    }
                )
    return typed, problems


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
    spec: TableSpec, check: str, text: pl.DataFrame, position: int, period: str | None
) -> tuple[str, str]:
    """The column and message of a failed whole-row check."""
    if check == "out_of_period":
        date = next(c for c in spec.columns if c.kind == "date")
        value = text[date.field][position]
        return (
            date.name,
            f"{date.name} {value!r} lies outside the file's period {period}",
        )
    if check == "one_sex_marked":
        return "L", "exactly one of L and P must be marked"
    return "", f"row: {check}"


def validate(
    spec: TableSpec,
    typed: pl.DataFrame,
    text: pl.DataFrame,
    path: Path,
    period: str | None,
) -> list[dict]:
    """Validate with the table's Pandera model; return the failing rows and rules."""
    try:
        spec.schema.validate(typed, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    problems: list[dict] = []
    names = {c.field: c.name for c in spec.columns}
    for case in cases.iter_rows(named=True):
        if case["index"] is None:
            raise FeedFileError(
                path,
                "schema",
                f"{case['column']}: {case['check']} failed for the whole table",
            )
        position = case["index"]
        rule = _rule_of(case["check"])
        if case["schema_context"] == "DataFrameSchema":
            column, detail = _row_check_detail(spec, rule, text, position, period)
        else:
            column = names[case["column"]]
            value = text[case["column"]][position]
            detail = f"{column}: {rule} {value!r} ({case['check']})"
        problems.append({"position": position, "column": column, "rule": rule, "detail": detail})
    return problems


# --- one file ----------------------------------------------------------------


def read_text(spec: TableSpec, path: Path) -> pl.DataFrame:
    """The file's cells as text, by the table's format."""
    if spec.ext == "csv":
        return read_csv_text(path)
    assert spec.sheet is not None, f"{spec.table}: an XLSX table needs a sheet"
    return read_xlsx_sheet(path, spec.sheet)


def _repeated_headers(spec: TableSpec, text: pl.DataFrame) -> list[int]:
    """Positions of rows that repeat the header (every required column holds its own name)."""
    required = [c for c in spec.columns if c.required]
    same = pl.all_horizontal(
        pl.col(c.field).str.to_lowercase().eq(c.name.lower()).fill_null(False) for c in required
    )
    flags = text.select(same.alias("is_header"))["is_header"]
    return [i for i, flag in enumerate(flags) if flag]


def _pseudonymised(spec: TableSpec, frame: pl.DataFrame, key: bytes) -> pl.DataFrame:
    personal = [c for c in spec.columns if c.personal]
    return frame.with_columns(
        pseudonymise_expr(pl.col(c.field), key).alias(c.field) for c in personal
    ).rename({c.field: c.stored_as for c in personal})


@dataclass
class FileOutcome:
    """One file, processed: rows to load, rows to quarantine, and its report."""

    report: FileReport
    clean: pl.DataFrame
    quarantine: pl.DataFrame


def _lineage(report: FileReport) -> list[pl.Expr]:
    return [
        pl.lit(report.identity.office_code).alias("office_code"),
        pl.lit(report.identity.period, dtype=pl.String).alias("file_period"),
        pl.lit(report.source_file).alias("source_file"),
        pl.lit(report.sha256).alias("source_sha256"),
    ]


def process_file(
    spec: TableSpec, path: Path, raw_dir: Path, key: bytes, sha256: str | None = None
) -> FileOutcome:
    """Read, parse, validate and pseudonymise one file."""
    identity = parse_file_name(path, spec.prefix, spec.period, spec.ext)
    report = FileReport(
        source_file=path.relative_to(raw_dir).as_posix(),
        sha256=sha256 or file_sha256(path),
        size_bytes=path.stat().st_size,
        identity=identity,
    )
    text, report.extra_columns = match_header(spec, read_text(spec, path), path)
    report.rows_read = text.height
    typed, problems = parse_cells(spec, text, identity)
    unparsed = {(p["position"], p["column"]) for p in problems}
    for problem in validate(spec, typed, text, path, identity.period):
        # A cell that would not parse is null by now: say so once, as the parse error.
        if (
            problem["rule"] == "missing_value"
            and (problem["position"], problem["column"]) in unparsed
        ):
            continue
        problems.append(problem)

    by_position: dict[int, list[dict]] = {}
    for problem in problems:
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

    clean = typed.filter(~positions.is_in(bad.implode())).drop("period_start", "period_end")
    if spec.derive is not None:
        clean = spec.derive(clean)
    clean = _pseudonymised(spec, clean, key).with_columns(_lineage(report))
    clean = clean.select(list(spec.output_schema()))

    masked = _pseudonymised(spec, text, key)
    raw_values = masked.drop(SOURCE_ROW).select(pl.struct(pl.all()).struct.json_encode())
    first = [by_position[p][0] for p in bad]
    quarantine = pl.DataFrame(
        {
            "source_row": text[SOURCE_ROW].gather(bad),
            "rule": [p["rule"] for p in first],
            "column_name": [p["column"] for p in first],
            "detail": ["; ".join(x["detail"] for x in by_position[p]) for p in bad],
            "raw_values": raw_values.to_series().gather(bad),
        },
        schema={
            "source_row": pl.Int64,
            "rule": pl.String,
            "column_name": pl.String,
            "detail": pl.String,
            "raw_values": pl.String,
        },
    ).with_columns(
        *_lineage(report),
        pl.lit(spec.feed).alias("feed"),
        pl.lit(spec.table).alias("table_name"),
    )
    report.rows_loaded = clean.height
    report.rows_quarantined = quarantine.height
    return FileOutcome(report, clean, quarantine.select(QUARANTINE_COLUMNS))


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
"""
)


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    con.register("incoming_batch", frame.to_arrow())
    try:
        con.execute(f"insert into {table} by name select * from incoming_batch")
    finally:
        con.unregister("incoming_batch")


def _value_columns(spec: TableSpec) -> list[str]:
    return [c.stored_as for c in spec.columns]


def _quarantine_duplicates(
    con: duckdb.DuckDBPyConnection, spec: TableSpec, reports: dict[str, FileReport], office: str
) -> None:
    """Move later copies of a unique key (later period, or further down) to quarantine."""
    key = spec.unique_key
    assert key is not None
    table = f"raw.{spec.table}"
    key_name = next(c.name for c in spec.columns if c.field == key)
    con.execute(
        f"""
        create or replace temp table duplicate_rows as
        select
            *,
            first_value(source_file) over copies as first_file,
            first_value(source_row) over copies as first_row,
            row_number() over copies as copy_number
        from {table}
        where office_code = $office
        window copies as (
            partition by office_code, {key}
            order by file_period nulls first, source_file, source_row
        )
        qualify copy_number > 1
        """,
        {"office": office},
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
    con.execute(
        f"delete from {table} t using duplicate_rows d "
        "where t.source_file = d.source_file and t.source_row = d.source_row"
    )
    for source_file, count in con.execute(
        "select source_file, count(*) from duplicate_rows group by all"
    ).fetchall():
        reports[source_file].rows_loaded -= count
        reports[source_file].rows_quarantined += count


# Bump when the way files are read changes, so that unchanged files are read again.
LOADER_VERSION = "1"


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


def load_table(
    con: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    files: Sequence[Path],
    raw_dir: Path,
    key: bytes,
    now: dt.datetime,
) -> TableLoad:
    """Make ``raw.<table>`` and its quarantine the content of ``files``, office by office.

    An office whose files are all the versions the ledger already holds (same
    SHA-256, same loader) is not read again. An office with a new, changed or
    removed file has its rows rebuilt from its files, so that a correction
    replaces its earlier rows, a removed file's rows leave, and duplicates
    (which never cross offices) are judged again. Runs inside the caller's
    transaction: a rejected file leaves the previous load as it was.
    """
    table = f"raw.{spec.table}"
    fingerprint = loader_fingerprint(spec, key)
    by_office: dict[str, dict[str, tuple[Path, str]]] = {}
    for path in files:
        office = parse_file_name(path, spec.prefix, spec.period, spec.ext).office_code
        name = path.relative_to(raw_dir).as_posix()
        by_office.setdefault(office, {})[name] = (path, file_sha256(path))
    exists = con.execute(
        "select count(*) from duckdb_tables() where schema_name = 'raw' and table_name = ?",
        [spec.table],
    ).fetchall()[0][0]
    if not exists:
        empty = pl.DataFrame(schema=spec.output_schema())
        con.register("empty_batch", empty.to_arrow())
        con.execute(f"create table {table} as select * from empty_batch")
        con.unregister("empty_batch")
        con.execute("delete from audit.quarantine where table_name = ?", [spec.table])

    offices = sorted(set(by_office) | ledger.current_offices(con, spec.table))
    changed = [
        office
        for office in offices
        if not exists
        or ledger.current_versions(con, spec.table, office)
        != {name: (sha, fingerprint) for name, (_, sha) in by_office.get(office, {}).items()}
    ]
    summary = {"new": 0, "restated": 0, "removed": 0, "unchanged": 0}
    reports: list[FileReport] = []
    for office in changed:
        office_reports = _load_office(con, spec, by_office.get(office, {}), raw_dir, key, office)
        rows = [_ledger_row(spec, report) for report in office_reports]
        counted = ledger.record_load(con, spec.table, rows, fingerprint, now, office)
        summary = {k: summary[k] + counted[k] for k in summary}
        reports += office_reports
    ledger.mark_seen(con, spec.table, now)
    load = _unchanged(con, spec)
    untouched = sum(len(by_office[o]) for o in by_office if o not in changed)
    summary["unchanged"] += untouched
    load.changed = bool(changed)
    load.files = summary
    load.reports = reports
    load.offices_reloaded = changed
    return load


def _load_office(
    con: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    files: dict[str, tuple[Path, str]],
    raw_dir: Path,
    key: bytes,
    office: str,
) -> list[FileReport]:
    """Replace one office's rows and quarantine in a table with the content of its files."""
    table = f"raw.{spec.table}"
    con.execute(f"delete from {table} where office_code = ?", [office])
    con.execute(
        "delete from audit.quarantine where table_name = ? and office_code = ?",
        [spec.table, office],
    )
    reports: dict[str, FileReport] = {}
    for name in sorted(files):
        path, sha = files[name]
        outcome = process_file(spec, path, raw_dir, key, sha)
        reports[outcome.report.source_file] = outcome.report
        _insert(con, table, outcome.clean)
        _insert(con, "audit.quarantine", outcome.quarantine)
    if spec.unique_key:
        _quarantine_duplicates(con, spec, reports, office)
    return list(reports.values())


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
