"""The file ledger: every raw file the warehouse has seen, and what became of it.

``audit.file_ledger`` has one row per table and version of a file (its
SHA-256). The version now in the raw directory is ``current``; a version a
later delivery replaced is ``replaced`` (a restatement: its rows left the
warehouse with it); a file no longer in the raw directory is ``removed``
(its rows left too). Counts are those of the file's last load: rows read =
rows loaded + rows quarantined.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

LEDGER_DDL = """
create schema if not exists audit;
create table if not exists audit.file_ledger (
    feed varchar not null,
    table_name varchar not null,
    source_file varchar not null,
    office_code varchar not null,
    file_period varchar,
    sha256 varchar not null,
    size_bytes bigint not null,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_quarantined bigint not null,
    extra_columns varchar[],
    status varchar not null,
    first_seen_at timestamp not null,
    last_seen_at timestamp not null,
    status_changed_at timestamp not null,
    loader_fingerprint varchar not null
);
"""


@dataclass(frozen=True)
class LedgerRow:
    """What one load found in one file (the columns of ``audit.file_ledger`` it sets)."""

    feed: str
    table_name: str
    source_file: str
    office_code: str
    file_period: str | None
    sha256: str
    size_bytes: int
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    extra_columns: list[str]


def current_versions(
    con: duckdb.DuckDBPyConnection, table: str, office: str | None = None
) -> dict[str, tuple[str, str]]:
    """The current files of a table (of one office, if given): name -> (sha256, fingerprint
    of the loader that read it)."""
    rows = con.execute(
        "select source_file, sha256, loader_fingerprint from audit.file_ledger "
        "where table_name = ? and status = 'current' and (? is null or office_code = ?)",
        [table, office, office],
    ).fetchall()
    return {name: (sha, fingerprint) for name, sha, fingerprint in rows}


def current_offices(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    """Offices with current files in a table."""
    rows = con.execute(
        "select distinct office_code from audit.file_ledger "
        "where table_name = ? and status = 'current'",
        [table],
    ).fetchall()
    return {office for (office,) in rows}


def mark_seen(con: duckdb.DuckDBPyConnection, table: str, now: dt.datetime) -> None:
    """An unchanged delivery: the current files were seen again, nothing else happens."""
    con.execute(
        "update audit.file_ledger set last_seen_at = ? where table_name = ? and status = 'current'",
        [now, table],
    )


def record_load(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: Sequence[LedgerRow],
    fingerprint: str,
    now: dt.datetime,
    office: str,
) -> dict[str, int]:
    """Write one office's new load of a table into the ledger; count the files by change."""
    present = {row.source_file: row.sha256 for row in rows}
    summary = {"new": 0, "restated": 0, "removed": 0, "unchanged": 0}
    for name, (sha, _) in current_versions(con, table, office).items():
        if name not in present:
            status, summary["removed"] = "removed", summary["removed"] + 1
        elif present[name] != sha:
            status, summary["restated"] = "replaced", summary["restated"] + 1
        else:
            continue
        con.execute(
            "update audit.file_ledger set status = ?, status_changed_at = ? "
            "where table_name = ? and source_file = ? and status = 'current'",
            [status, now, table, name],
        )
    for row in rows:
        updated = con.execute(
            "update audit.file_ledger set rows_read = ?, rows_loaded = ?, rows_quarantined = ?, "
            "extra_columns = ?, last_seen_at = ?, loader_fingerprint = ? "
            "where table_name = ? and source_file = ? and sha256 = ? and status = 'current' "
            "returning 1",
            [
                row.rows_read,
                row.rows_loaded,
                row.rows_quarantined,
                row.extra_columns,
                now,
                fingerprint,
                table,
                row.source_file,
                row.sha256,
            ],
        ).fetchall()
        if updated:
            summary["unchanged"] += 1
            continue
        summary["new"] += 1
        con.execute(
            "insert into audit.file_ledger values "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'current', ?, ?, ?, ?)",
            [
                row.feed,
                row.table_name,
                row.source_file,
                row.office_code,
                row.file_period,
                row.sha256,
                row.size_bytes,
                row.rows_read,
                row.rows_loaded,
                row.rows_quarantined,
                row.extra_columns,
                now,
                now,
                now,
                fingerprint,
            ],
        )
    summary["new"] -= summary["restated"]
    return summary


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
