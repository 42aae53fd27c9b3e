"""The DuckDB side of a load: tables, inserts, duplicates, transactions, the writer thread."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from string import Formatter

import duckdb
import polars as pl

from pipelines.lib import i18n
from pipelines.lib.ingest.batch import QUARANTINE_COLUMNS, BatchOutcome, value_columns
from pipelines.lib.ingest.contract import TableSpec


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    if frame.is_empty():
        return
    con.register("incoming_batch", frame.to_arrow())
    try:
        con.execute(f"insert into {table} by name select * from incoming_batch")
    finally:
        con.unregister("incoming_batch")


def held_table(spec: TableSpec) -> str:
    """Where rows that repeat an earlier row's key wait, typed, in case the earlier one goes.

    A duplicate is in ``audit.quarantine`` with its reason, like every rejected
    row; its typed copy here lets a later correction of the first copy bring
    it back without reading its file again.
    """
    return f"audit.held_{spec.table}"


def create_table(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> None:
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
    con.execute("delete from audit.value_warnings where table_name = ?", [spec.table])


DUPLICATE = i18n.N_("{column}: {key} is already loaded from {file} row {row}")


def sql_sentence(msgid: str, lang: str, **exprs: str) -> str:
    """A sentence in ``lang`` as a SQL expression, its placeholders the SQL ``exprs`` given.

    For a sentence said of many rows at once, in the query that writes them.
    """
    parts = []
    for literal, name, _, _ in Formatter().parse(i18n.translate(msgid, lang)):
        if literal:
            parts.append("'" + literal.replace("'", "''") + "'")
        if name is not None:
            parts.append(f"({exprs[name]})")
    return " || ".join(parts) or "''"


def quarantine_duplicates(
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
    values = ", ".join(value_columns(spec))
    detail = {
        lang: sql_sentence(
            DUPLICATE,
            lang,
            column="$key_name",
            key=key,
            file="first_file",
            row="first_row::varchar",
        )
        for lang in ("en", "id")
    }
    con.execute(
        f"""
        insert into audit.quarantine ({", ".join(QUARANTINE_COLUMNS)})
        select
            $feed, $table, source_file, source_row, source_sha256, office_code, file_period,
            'duplicate', $key_name, {detail["en"]}, to_json(struct_pack({values})),
            {detail["id"]}
        from duplicate_rows
        """,
        {"feed": spec.feed, "table": spec.table, "key_name": key_name},
    )
    columns = ", ".join(spec.output_schema())
    con.execute(f"insert into {held_table(spec)} select {columns} from duplicate_rows")
    con.execute(
        f"delete from {table} t using duplicate_rows d "
        "where t.source_file = d.source_file and t.source_row = d.source_row"
    )
    con.execute("drop table duplicate_rows")


def forget_files(
    con: duckdb.DuckDBPyConnection, spec: TableSpec, names: Sequence[str], offices: Sequence[str]
) -> None:
    """Take the rows of these files out; give the offices' held duplicates back to be judged."""
    con.register("gone_files", pl.DataFrame({"source_file": list(names)}).to_arrow())
    try:
        gone = "source_file in (select source_file from gone_files)"
        con.execute(f"delete from raw.{spec.table} where {gone}")
        con.execute(f"delete from audit.quarantine where table_name = ? and {gone}", [spec.table])
        con.execute(
            f"delete from audit.value_warnings where table_name = ? and {gone}", [spec.table]
        )
        if spec.unique_key:
            held = held_table(spec)
            con.execute(f"delete from {held} where {gone}")
            # Only when something is held: in DuckDB 1.5.5, an insert of no rows from a
            # table, then an insert of some 120,000 rows or more into the same table in the
            # same transaction, commits none of them (seen here; 2.0 keeps them). Every
            # load is also reconciled (ledger.reconcile).
            if con.execute(
                f"select count(*) from {held} where list_contains($offices, office_code)",
                {"offices": list(offices)},
            ).fetchone()[0]:
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


def file_counts(
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


def write_batch(
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
        forget_files(con, spec, names, offices)
    insert(con, f"raw.{spec.table}", outcome.clean)
    insert(con, "audit.quarantine", outcome.quarantine)
    insert(con, "audit.value_warnings", outcome.warnings)


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
            with transaction(self._cursor):
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
