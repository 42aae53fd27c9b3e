"""The file ledger: every raw file the warehouse has seen, and what became of it.

``audit.file_ledger`` has one row per table and version of a file (its
SHA-256). The version now in the raw directory is ``current``; a version a
later delivery replaced is ``replaced`` (a restatement: its rows left the
warehouse with it); a file no longer in the raw directory is ``removed``
(its rows left too). A version put back later (a file removed and returned,
an edit undone) is ``current`` again in its own row, so that a table, file
and version always have one row. Counts are those of the file's last load:
rows read = rows loaded + rows quarantined.

A version refused whole (a missing column, an unreadable workbook, a wrong
delimiter: :class:`~pipelines.lib.errors.FeedFileError`) is ``rejected``,
with the rule, the row where one is to blame, and the reason in English and
Indonesian (``reject_*``); it loads nothing, and the version accepted before
it, if any, stays ``current`` with its rows. A file has at most one
``rejected`` version: the one delivered now. Once it is corrected, replaced
by another version or removed, that row becomes ``replaced`` or ``removed``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import duckdb
import polars as pl


@dataclass(frozen=True)
class FileVersion:
    """A version of a raw file: where it is, whose, of which period, its content's hash."""

    feed: str
    table_name: str
    source_file: str
    office_code: str
    file_period: str | None
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class LedgerRow(FileVersion):
    """What one load found in one file (the columns of ``audit.file_ledger`` it sets)."""

    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    extra_columns: list[str]


@dataclass(frozen=True)
class CurrentFile:
    """What the ledger holds of a file's current version."""

    sha256: str
    loader_fingerprint: str
    office_code: str
    file_period: str | None
    rows_loaded: int
    rows_quarantined: int


def current_files(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, CurrentFile]:
    """The current files of a table, by name."""
    rows = con.execute(
        "select source_file, sha256, loader_fingerprint, office_code, file_period, "
        "rows_loaded, rows_quarantined from audit.file_ledger "
        "where table_name = ? and status = 'current'",
        [table],
    ).fetchall()
    return {name: CurrentFile(*rest) for name, *rest in rows}


def mark_seen(con: duckdb.DuckDBPyConnection, table: str, now: dt.datetime) -> None:
    """The current files were seen again in the raw directory."""
    con.execute(
        "update audit.file_ledger set last_seen_at = ? where table_name = ? and status = 'current'",
        [now, table],
    )


# The statements of record_changes, in the order they run, over the registered frames
# ledger_incoming (the files read), ledger_gone (the files removed) and ledger_recount
# (rows loaded and quarantined per file, counted in the tables). Parameters: $table,
# $now, $fingerprint.
_LEDGER_STEPS: tuple[tuple[str, str], ...] = (
    (
        "restated",  # another version of a current file: the old one is replaced
        """
        update audit.file_ledger as f set status = 'replaced', status_changed_at = $now
        from ledger_incoming as i
        where f.table_name = $table and f.status = 'current'
            and f.source_file = i.source_file and f.sha256 <> i.sha256
        returning f.source_file
        """,
    ),
    (
        "removed",
        """
        update audit.file_ledger set status = 'removed', status_changed_at = $now
        where table_name = $table and status = 'current'
            and source_file in (select source_file from ledger_gone)
        returning source_file
        """,
    ),
    (
        "reread",  # the same version read again (by a new loader): its row stays
        """
        update audit.file_ledger as f set rows_read = i.rows_read,
            extra_columns = i.extra_columns, loader_fingerprint = $fingerprint
        from ledger_incoming as i
        where f.table_name = $table and f.status = 'current'
            and f.source_file = i.source_file and f.sha256 = i.sha256
        returning f.source_file
        """,
    ),
    (
        # A version seen before and put back (a file removed and returned, an edit undone)
        # is current again in its own row: one row per table, file and version.
        "revived",
        """
        update audit.file_ledger as f set status = 'current', status_changed_at = $now,
            last_seen_at = $now, size_bytes = i.size_bytes, rows_read = i.rows_read,
            rows_loaded = i.rows_loaded, rows_quarantined = i.rows_quarantined,
            extra_columns = i.extra_columns, loader_fingerprint = $fingerprint,
            reject_rule = null, reject_row = null, reject_detail = null, reject_detail_id = null
        from ledger_incoming as i
        where f.table_name = $table and f.status <> 'current'
            and f.source_file = i.source_file and f.sha256 = i.sha256
            and not exists (
                select 1 from audit.file_ledger as c
                where c.table_name = $table and c.status = 'current'
                    and c.source_file = i.source_file
            )
        returning f.source_file
        """,
    ),
    (
        "inserted",
        """
        insert into audit.file_ledger (
            feed, table_name, source_file, office_code, file_period, sha256, size_bytes,
            rows_read, rows_loaded, rows_quarantined, extra_columns, status,
            first_seen_at, last_seen_at, status_changed_at, loader_fingerprint
        )
        select feed, table_name, source_file, office_code, file_period, sha256, size_bytes,
            rows_read, rows_loaded, rows_quarantined, extra_columns, 'current',
            $now, $now, $now, $fingerprint
        from ledger_incoming as i
        where not exists (
            select 1 from audit.file_ledger as f
            where f.table_name = $table and f.status = 'current'
                and f.source_file = i.source_file
        )
        returning source_file
        """,
    ),
    (
        "recounted",  # a file not read can gain or lose rows when duplicates are judged again
        """
        update audit.file_ledger as f set rows_loaded = c.rows_loaded,
            rows_quarantined = c.rows_quarantined
        from ledger_recount as c
        where f.table_name = $table and f.status = 'current'
            and f.source_file = c.source_file
            and (f.rows_loaded, f.rows_quarantined)
                is distinct from (c.rows_loaded, c.rows_quarantined)
        returning f.source_file
        """,
    ),
    (
        "emptied",  # a file read that yielded no row at all: nothing loaded or quarantined
        """
        update audit.file_ledger as f set rows_loaded = 0, rows_quarantined = 0
        from ledger_incoming as i
        where f.table_name = $table and f.status = 'current'
            and f.source_file = i.source_file
            and i.source_file not in (select source_file from ledger_recount)
        returning f.source_file
        """,
    ),
)

# The frames' columns, as FileVersion and its two kinds declare them.
_VERSION_SCHEMA = {
    "feed": pl.String,
    "table_name": pl.String,
    "source_file": pl.String,
    "office_code": pl.String,
    "file_period": pl.String,
    "sha256": pl.String,
    "size_bytes": pl.Int64,
}
_INCOMING_SCHEMA = {
    **_VERSION_SCHEMA,
    "rows_read": pl.Int64,
    "rows_loaded": pl.Int64,
    "rows_quarantined": pl.Int64,
    "extra_columns": pl.List(pl.String),
}


def _run_steps(
    con: duckdb.DuckDBPyConnection,
    frames: Mapping[str, pl.DataFrame],
    steps: Sequence[str],
    params: Mapping[str, object],
) -> list[int]:
    """Run ``steps`` over ``frames`` (registered under their names), each with the
    ``params`` it names (``$table``); the rows each returned."""
    for name, frame in frames.items():
        con.register(name, frame.to_arrow())
    try:
        counts = []
        for sql in steps:
            used = {key: value for key, value in params.items() if f"${key}" in sql}
            counts.append(len(con.execute(sql, used).fetchall()))
        return counts
    finally:
        for name in frames:
            con.unregister(name)


def record_changes(
    con: duckdb.DuckDBPyConnection,
    table: str,
    read: Sequence[LedgerRow],
    removed: Sequence[str],
    counts: Mapping[str, tuple[int, int]],
    fingerprint: str,
    now: dt.datetime,
) -> dict[str, int]:
    """Write a load into the ledger, set-wise (:data:`_LEDGER_STEPS`); count the files by change.

    ``read`` are the files read in this load (new, restated, or read again by
    a new loader), ``removed`` the current files no longer delivered, and
    ``counts`` the rows loaded and quarantined per file of the offices the
    load touched, counted in the tables: a file that was not read can still
    gain or lose rows when duplicates are judged again.
    """
    frames = {
        "ledger_incoming": pl.DataFrame([asdict(row) for row in read], schema=_INCOMING_SCHEMA),
        "ledger_recount": pl.DataFrame(
            [(name, loaded, quarantined) for name, (loaded, quarantined) in counts.items()],
            schema={
                "source_file": pl.String,
                "rows_loaded": pl.Int64,
                "rows_quarantined": pl.Int64,
            },
            orient="row",
        ),
        "ledger_gone": pl.DataFrame(
            {"source_file": list(removed)}, schema={"source_file": pl.String}
        ),
    }
    params = {"table": table, "now": now, "fingerprint": fingerprint}
    counts = _run_steps(con, frames, [sql for _, sql in _LEDGER_STEPS], params)
    changed = {step: count for (step, _), count in zip(_LEDGER_STEPS, counts, strict=True)}
    new = len(read) - changed["restated"] - changed["reread"]
    return {"new": new, "restated": changed["restated"], "removed": len(removed)}


def reconcile(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    """Current files of ``raw.<table>`` whose rows read differ from loaded + quarantined.

    Counts what is really in the tables, not what the loader believes it wrote.
    """
    return con.execute(
        f"""
        with loaded as (
            select source_file, count(*) as n from raw.{table} group by all
        ),
        quarantined as (
            select source_file, count(*) as n
            from audit.quarantine where table_name = ? group by all
        )
        select
            f.source_file,
            f.rows_read,
            coalesce(l.n, 0) as rows_loaded,
            coalesce(q.n, 0) as rows_quarantined
        from audit.file_ledger as f
        left join loaded as l using (source_file)
        left join quarantined as q using (source_file)
        where f.table_name = ? and f.status = 'current'
            and f.rows_read <> coalesce(l.n, 0) + coalesce(q.n, 0)
        """,
        [table, table],
    ).fetchall()


@dataclass(frozen=True)
class RejectedFile(FileVersion):
    """A version of a file refused whole, and why (the ``reject_*`` columns)."""

    rule: str
    row: int | None
    detail: str
    detail_id: str


def rejected_files(
    con: duckdb.DuckDBPyConnection, table: str, besides: Sequence[str] = ()
) -> dict[str, tuple[str, str]]:
    """The rejected versions of a table's files: SHA-256 and loader, by name (but those
    rejected by one of the rules ``besides``)."""
    rows = con.execute(
        "select source_file, sha256, loader_fingerprint from audit.file_ledger "
        "where table_name = $table and status = 'rejected' "
        "and not list_contains($besides, reject_rule)",
        {"table": table, "besides": list(besides)},
    ).fetchall()
    return {name: (sha, loader) for name, sha, loader in rows}


# The rules that refuse a file before it is read (its name, its kind: a link, a FIFO);
# every other rule of a rejected file is found while reading it.
SIGHT_RULES = ("file_name", "not_a_file", "symlink")


_REJECTED_SCHEMA = {
    **_VERSION_SCHEMA,
    "rule": pl.String,
    "row": pl.Int64,
    "detail": pl.String,
    "detail_id": pl.String,
}

_REJECTION_STEPS: tuple[str, ...] = (
    # A rejected version that is no longer what the raw directory holds is over.
    """
    update audit.file_ledger as f
    set status = case when exists (
            select 1 from ledger_delivered as d where d.source_file = f.source_file
        ) then 'replaced' else 'removed' end,
        status_changed_at = $now
    where f.table_name = $table and f.status = 'rejected'
        and not exists (
            select 1 from ledger_delivered as d
            where d.source_file = f.source_file and d.sha256 = f.sha256
        )
    """,
    # This load's rejections: a version seen before (a current one read again by a new
    # loader among them) becomes rejected in its own row; rows loaded from it are gone.
    """
    update audit.file_ledger as f
    set status = 'rejected',
        status_changed_at = case when f.status = 'rejected' then f.status_changed_at
            else $now end,
        last_seen_at = $now, size_bytes = r.size_bytes, rows_read = 0, rows_loaded = 0,
        rows_quarantined = 0, extra_columns = [], loader_fingerprint = $fingerprint,
        reject_rule = r.rule, reject_row = r.row, reject_detail = r.detail,
        reject_detail_id = r.detail_id
    from ledger_rejected as r
    where f.table_name = $table and f.source_file = r.source_file and f.sha256 = r.sha256
    """,
    """
    insert into audit.file_ledger (
        feed, table_name, source_file, office_code, file_period, sha256, size_bytes,
        rows_read, rows_loaded, rows_quarantined, extra_columns, status,
        first_seen_at, last_seen_at, status_changed_at, loader_fingerprint,
        reject_rule, reject_row, reject_detail, reject_detail_id
    )
    select feed, table_name, source_file, office_code, file_period, sha256, size_bytes,
        0, 0, 0, [], 'rejected', $now, $now, $now, $fingerprint,
        rule, row, detail, detail_id
    from ledger_rejected as r
    where not exists (
        select 1 from audit.file_ledger as f
        where f.table_name = $table and f.source_file = r.source_file
            and f.sha256 = r.sha256
    )
    """,
    # A rejection of an earlier night, not read again (same version, same loader).
    """
    update audit.file_ledger set last_seen_at = $now
    where table_name = $table and status = 'rejected'
    """,
)


def record_rejections(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rejected: Sequence[RejectedFile],
    delivered: Mapping[str, str],
    fingerprint: str,
    now: dt.datetime,
) -> None:
    """Write a load's rejected files into the ledger (:data:`_REJECTION_STEPS`).

    ``delivered``: the SHA-256 of every file of the table in the raw
    directory now, by name; a rejected version no longer delivered as it was
    is ``removed`` or ``replaced``.
    """
    frames = {
        "ledger_rejected": pl.DataFrame([asdict(row) for row in rejected], schema=_REJECTED_SCHEMA),
        "ledger_delivered": pl.DataFrame(
            {"source_file": list(delivered), "sha256": list(delivered.values())},
            schema={"source_file": pl.String, "sha256": pl.String},
        ),
    }
    params = {"table": table, "now": now, "fingerprint": fingerprint}
    _run_steps(con, frames, _REJECTION_STEPS, params)
