"""The national warehouse: the published tables in a DuckLake with a PostgreSQL catalog.

A refresh builds and checks its build file exactly as it does for one office
(``pipelines/lib/publish.py``). With ``WAREHOUSE_URL`` set, its publish step
also copies the analysts' schemas (:data:`LAKE_SCHEMAS`) of the build into the
lake, **in one DuckLake transaction**: a reader on any machine, attached to
the lake, sees the last published state or the new one, never a mixture,
and a refresh that fails or is killed before the commit leaves the lake as
it was (its Parquet files written so far are orphans, removed later by
:func:`maintain`). The build file is then moved over the local working copy
as on the file target, so that the next refresh starts from it.

The copy is by difference, not whole: a raw table's rows (and their
quarantine, value warnings and held duplicates) are replaced file by file, for the files
whose ledger entry differs between the build and the lake (a new, changed,
removed or recounted file), so that one office's corrected file rewrites
that file's rows only. The other tables (marts, reference, the ledger and
the logs: small) are replaced whole.

Only one refresh writes a lake at a time: it holds its working copy's lock
(``pipelines/lib/lock.py``) and Dagster's run queue lets one run at a time;
DuckLake refuses a second writer's conflicting commit rather than mixing.
And one working copy writes a lake: the first publish records its id
(:class:`WorkingCopy`, ``lake-writer.id`` beside the warehouse) in the lake
(:data:`OWNER_TABLE`); another working copy's refresh is refused in its first
step (:meth:`LakeTarget.check`) and, should it get that far, in the publish's
transaction, until ``python -m pipelines take-over-lake`` moves the lake to it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import getpass
import re
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.lib import messages, secrets

EXTENSIONS = ("ducklake", "postgres")
# The schemas analysts read: published into the lake. staging and intermediate (dbt's
# views and helper tables) stay in the build.
LAKE_SCHEMAS = ("raw", "audit", "reference", "marts")
# The refresh's own bookkeeping, not published: what dbt and the ingest need next time, and
# the warehouse's record of its publishes into a lake (written after the lake's commit).
INTERNAL = {
    ("audit", "raw_file_stats"),
    ("audit", "changed_slices"),
    ("audit", "dbt_state"),
    ("audit", "lake_publish_log"),
}
# Audit tables of rows of any raw table, each with its table_name and source_file.
FILE_AUDIT = {("audit", "quarantine"), ("audit", "value_warnings")}
# What tells a file's rows apart from one publish to the next (the ledger's columns).
_LEDGER_KEY = ("sha256", "loader_fingerprint", "rows_loaded", "rows_quarantined")
# Orphaned and replaced Parquet files younger than this are kept: a reader that started
# before a publish may still read them.
KEEP_FILES = dt.timedelta(days=7)


# A DuckLake's catalog in PostgreSQL: one of the tables the first publish creates.
CATALOG_TABLE = "ducklake_snapshot"
# One lake, one writer: the working copy that publishes into it, recorded in the lake (in a
# schema of its own, which the publish neither copies nor drops), and the file beside the
# warehouse that names a working copy (created by its first publish into a lake).
OWNER_TABLE = "lake_control.owner"
OWNER_FILE = "lake-writer.id"


class LakeError(RuntimeError):
    """The lake cannot be reached, written, or is another working copy's: ``lake`` (its
    address without a password), the ``reason`` (the database's own words, without a
    password either); the operator's sentence is the catalog's ``key``, with ``values``."""

    def __init__(self, lake: str, reason: str, key: str = "lake_unreachable", **values: str):
        self.lake, self.reason, self.key, self.values = lake, reason, key, values
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        return messages.text(self.key, lang, lake=self.lake, reason=self.reason, **self.values)


@contextlib.contextmanager
def _lake_errors(url: str, key: str = "lake_unreachable") -> Iterator[None]:
    """Any DuckDB error inside, as a :class:`LakeError` of ``url`` without a password (and
    without its chain, which would repeat the connection string)."""
    try:
        yield
    except duckdb.Error as error:
        raise LakeError(_described(url), _reason(error), key) from None


@dataclass(frozen=True)
class LakePublish:
    """What one publish committed to the lake: its snapshot and the rows written per table
    (tables left as they were are not listed)."""

    snapshot_id: int
    written: dict[str, int]


@functools.cache
def install_extensions() -> None:
    """Install the DuckLake and PostgreSQL extensions from their Python packages, once.

    ``duckdb_extensions.import_extension`` puts the extension where DuckDB looks
    for it, so a plain ``LOAD`` works afterwards in every process (dbt's too);
    nothing is downloaded.
    """
    import duckdb_extensions

    for name in EXTENSIONS:
        duckdb_extensions.import_extension(name)


def connect_lake(
    url: str, data_path: str | None = None, *, read_only: bool = False, alias: str = "lake"
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the lake attached as ``alias``."""
    install_extensions()
    con = duckdb.connect()
    for name in EXTENSIONS:
        con.execute(f"load {name}")
    options = ["read_only"] if read_only else []
    if data_path:
        options.append(f"data_path '{_quoted(data_path)}'")
    try:
        with _lake_errors(url):
            con.execute(
                f"attach '{_quoted(url)}' as {alias}"
                + (f" ({', '.join(options)})" if options else "")
            )
    except LakeError:
        con.close()
        raise
    return con


def _quoted(text: str) -> str:
    return text.replace("'", "''")


def _described(url: str) -> str:
    """The lake's address without a password."""
    secrets.remember(url)
    return secrets.one_line(url)


def _reason(error: duckdb.Error) -> str:
    """Why an attach failed, in one line without a password: PostgreSQL's own words when it
    could not be reached (DuckDB's wrapper repeats the connection string)."""
    text = secrets.one_line(str(error))
    found = re.search(r'Unable to connect to Postgres at "[^"]*": (.*)', text)
    return found[1] if found else text


def _catalog_exists(url: str) -> bool:
    """Whether the PostgreSQL database of ``url`` holds a DuckLake catalog yet (the first
    publish creates it). :class:`LakeError` if the database cannot be reached."""
    install_extensions()
    with duckdb.connect() as con:
        con.execute("load postgres")
        with _lake_errors(url):
            con.execute(
                f"attach '{_quoted(url.removeprefix('ducklake:postgres:'))}' "
                "as catalog (type postgres, read_only)"
            )
        found = con.execute(
            "select count(*) from duckdb_tables() where database_name = 'catalog' "
            "and table_name = ?",
            [CATALOG_TABLE],
        ).fetchone()[0]
    return found > 0


@dataclass(frozen=True)
class WorkingCopy:
    """A working copy that publishes into a lake: its id (``lake-writer.id`` beside its
    warehouse) and where it is, as the lake records its writer."""

    id: str
    warehouse: str
    host: str

    @classmethod
    def of(cls, published: Path, create: bool = False) -> WorkingCopy:
        """The working copy of the warehouse ``published``; with ``create`` its id is made
        if it has none (by its first publish into a lake); else its id is "" until then."""
        path = Path(published).parent / OWNER_FILE
        if create and not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(uuid.uuid4().hex + "\n", encoding="utf-8")
        found = path.read_text(encoding="utf-8").strip() if path.is_file() else ""
        return cls(found, str(published), f"{getpass.getuser()}@{socket.gethostname()}")

    def describe(self) -> str:
        return _writer(self.warehouse, self.host, self.id)


def _writer(warehouse: str, host: str, id: str) -> str:
    """A working copy as the messages name it: its warehouse, user@host and short id."""
    return f"{warehouse} ({host}" + (f", id {id[:8]})" if id else ")")


@dataclass(frozen=True)
class LakeTarget:
    """A DuckLake the warehouse is published into: its catalog and its data path."""

    url: str
    data_path: str

    def __post_init__(self) -> None:
        secrets.remember(self.url)  # its password out of every message of this process

    def describe(self) -> str:
        return _described(self.url)

    def check(self, writer: WorkingCopy) -> None:
        """Before a refresh builds anything: the lake can be reached with its settings, and
        ``writer`` (this working copy) may publish into it. :class:`LakeError` if not."""
        try:
            con = connect_lake(self.url, read_only=True)
        except LakeError:
            if not _catalog_exists(self.url):
                return  # a database with no lake yet: the first publish creates it
            raise
        with con, _lake_errors(self.url):
            owner = _owner(con)
        self._refuse_other(owner, writer)

    def _refuse_other(self, owner: tuple | None, writer: WorkingCopy) -> None:
        if owner is None or owner[0] == writer.id:
            return
        raise LakeError(
            self.describe(),
            "",
            "lake_other_writer",
            owner=_writer(owner[1], owner[2], owner[0]),
            since=f"{owner[3]:%Y-%m-%d %H:%M} UTC",
            this=writer.describe(),
        )

    def publish(self, build: Path, writer: WorkingCopy) -> LakePublish:
        """Copy the build's analysts' schemas into the lake in one transaction (the first
        publish creates the lake in its database, and records ``writer`` as its writer);
        the snapshot it committed. Refused, before anything is written, if the lake's writer
        is another working copy."""
        with connect_lake(self.url, self.data_path) as con, _lake_errors(self.url, "lake_failed"):
            con.execute(f"attach '{_quoted(str(build))}' as build (read_only)")
            con.execute("begin")
            try:
                owner = _owner(con)
                self._refuse_other(owner, writer)
                if owner is None:
                    _record_owner(con, writer)
                written = _copy(con)
                con.execute("commit")
            except BaseException:
                with contextlib.suppress(duckdb.Error):  # a failed commit ended it already
                    con.execute("rollback")
                raise
            snapshot = con.execute(
                "select coalesce((from ducklake_last_committed_snapshot('lake')), "
                "(from ducklake_current_snapshot('lake')))"
            ).fetchone()[0]
        return LakePublish(snapshot, written)

    def take_over(self, writer: WorkingCopy) -> str | None:
        """Record ``writer`` (with an id) as the lake's writer, deliberately; the writer it
        replaces, as the messages name it, if any."""
        with connect_lake(self.url, self.data_path) as con, _lake_errors(self.url, "lake_failed"):
            con.execute("begin")
            before = _owner(con)
            _record_owner(con, writer)
            con.execute("commit")
        return _writer(before[1], before[2], before[0]) if before else None

    def last_publish(self) -> str | None:
        """The run id of the lake's last publish, or None: also when its database holds no
        lake yet (the first publish creates it). :class:`LakeError` if it cannot be
        reached."""
        try:
            con = connect_lake(self.url, read_only=True)
        except LakeError:
            if not _catalog_exists(self.url):
                return None
            raise
        with con, _lake_errors(self.url):
            if not _tables(con, "lake").get(("audit", "publish_log")):
                return None
            rows = con.execute(
                "select run_id from lake.audit.publish_log order by published_at desc limit 1"
            ).fetchall()
        return rows[0][0] if rows else None

    def maintain(self, keep: dt.timedelta = KEEP_FILES) -> None:
        """Remove what no snapshot younger than ``keep`` needs: old snapshots, the files
        they alone used, and orphans (of a writer killed before its commit)."""
        older = dt.datetime.now(dt.UTC) - keep
        with connect_lake(self.url, self.data_path) as con, _lake_errors(self.url, "lake_failed"):
            con.execute("call ducklake_expire_snapshots('lake', older_than => ?)", [older])
            con.execute("call ducklake_cleanup_old_files('lake', older_than => ?)", [older])
            con.execute("call ducklake_delete_orphaned_files('lake', older_than => ?)", [older])


def _owner(con: duckdb.DuckDBPyConnection) -> tuple | None:
    """The lake's writer (id, warehouse, host, since), or None before its first publish."""
    schema, table = OWNER_TABLE.split(".")
    exists = con.execute(
        "select count(*) from duckdb_tables() where database_name = 'lake' "
        "and schema_name = ? and table_name = ?",
        [schema, table],
    ).fetchone()[0]
    if not exists:
        return None
    rows = con.execute(
        f"select owner_id, warehouse, host, since from lake.{OWNER_TABLE} limit 1"
    ).fetchall()
    return rows[0] if rows else None


def _record_owner(con: duckdb.DuckDBPyConnection, writer: WorkingCopy) -> None:
    schema = OWNER_TABLE.split(".")[0]
    con.execute(f"create schema if not exists lake.{schema}")
    con.execute(
        f"create or replace table lake.{OWNER_TABLE} as select ? as owner_id, "
        "? as warehouse, ? as host, (now() at time zone 'UTC') as since",
        [writer.id, writer.warehouse, writer.host],
    )


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[tuple[str, str], list]:
    """The base tables of a catalog's analysts' schemas with their columns and types."""
    rows = con.execute(
        "select schema_name, table_name, column_name, data_type from duckdb_columns() "
        "where database_name = ? and list_contains(?, schema_name) "
        "and (schema_name, table_name) in (select (schema_name, table_name) "
        "from duckdb_tables() where database_name = ?) "
        "order by schema_name, table_name, column_index",
        [catalog, list(LAKE_SCHEMAS), catalog],
    ).fetchall()
    tables: dict[tuple[str, str], list] = {}
    for schema, table, column, kind in rows:
        if (schema, table) not in INTERNAL:
            tables.setdefault((schema, table), []).append((column, kind))
    return tables


def _changed_files(con: duckdb.DuckDBPyConnection) -> None:
    """``changed_files(table_name, source_file)``: the files whose ledger entry differs
    between the build and the lake (new, changed, removed, recounted)."""
    key = ", ".join(_LEDGER_KEY)
    current = "select table_name, source_file, {key} from {ledger} where status = 'current'"
    con.execute(
        f"""
        create or replace temp table changed_files as
        select table_name, source_file from (
            ({current.format(key=key, ledger="build.audit.file_ledger")}
             except {current.format(key=key, ledger="lake.audit.file_ledger")})
            union
            ({current.format(key=key, ledger="lake.audit.file_ledger")}
             except {current.format(key=key, ledger="build.audit.file_ledger")})
        )
        group by all
        """
    )


def _copy_by_files(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> int:
    """Replace the rows of the changed files in one lake table; the rows written."""
    target = f'lake.{schema}."{table}"'
    source = f'build.{schema}."{table}"'
    if (schema, table) in FILE_AUDIT:
        match = "(table_name, source_file) in (select (table_name, source_file) from changed_files)"
    else:
        raw_table = table.removeprefix("held_") if schema == "audit" else table
        match = (
            "source_file in (select source_file from changed_files "
            f"where table_name = '{raw_table}')"
        )
    con.execute(f"delete from {target} where {match}")
    return con.execute(f"insert into {target} select * from {source} where {match}").fetchone()[0]


def _by_files(schema: str, table: str) -> bool:
    """Whether a table's rows carry their raw file, and are copied file by file."""
    return (
        schema == "raw"
        or (schema, table) in FILE_AUDIT
        or (schema == "audit" and table.startswith("held_"))
    )


def _copy(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The body of the publish transaction."""
    built, lake = _tables(con, "build"), _tables(con, "lake")
    incremental = ("audit", "file_ledger") in lake and ("audit", "file_ledger") in built
    if incremental:
        _changed_files(con)  # before the lake's ledger is replaced, below
    written: dict[str, int] = {}  # the tables replaced whole, and those copied by files
    for schema in LAKE_SCHEMAS:
        con.execute(f"create schema if not exists lake.{schema}")
    for (schema, table), columns in built.items():
        name = f"{schema}.{table}"
        if incremental and _by_files(schema, table) and lake.get((schema, table)) == columns:
            if rows := _copy_by_files(con, schema, table):
                written[name] = rows
        else:
            con.execute(
                f'create or replace table lake.{schema}."{table}" as '
                f'select * from build.{schema}."{table}"'
            )
            written[name] = con.execute(f'select count(*) from lake.{schema}."{table}"').fetchone()[
                0
            ]
    for schema, table in lake.keys() - built.keys():
        con.execute(f'drop table lake.{schema}."{table}"')
    return written
