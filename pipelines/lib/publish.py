"""Build beside, publish by rename: readers never see a half-built warehouse.

Each refresh works on its own build file next to the published warehouse
(``warehouse.duckdb.build-<run id>``), a copy of the published file to start
from, so that unchanged raw files need not be read again. Only when every
blocking check has passed is the build checkpointed, closed and moved over
the published file in one atomic ``os.replace``. A reader that has the old
file open keeps reading it (the rename does not touch an open file); a new
connection opens the new one. A failed or killed refresh leaves its build
file behind and the published warehouse untouched; the next refresh removes
stale builds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path

import duckdb

from pipelines.lib import config
from pipelines.lib.rawscan import fingerprint
from pipelines.lib.warehouse import table_exists

BUILD_MARK = ".build-"
# A build untouched for this long belongs to a refresh that died.
STALE_AFTER_SECONDS = 6 * 3600

PUBLISH_LOG_DDL = """
create schema if not exists audit;
create table if not exists audit.publish_log (
    run_id varchar not null,
    published_at timestamp not null,
    raw_files_sha256 varchar not null,
    raw_files json not null,
    mart_rows json not null
);
"""


def build_path(published: Path, run_id: str) -> Path:
    """The build file of one run, beside the published file."""
    return published.with_name(f"{published.name}{BUILD_MARK}{run_id}")


def wal_path(database: Path) -> Path:
    """DuckDB's write-ahead log of a database file."""
    return database.with_name(database.name + ".wal")


def remove_stale_builds(published: Path, keep: Path, now: float | None = None) -> list[Path]:
    """Delete the build files (and logs) of refreshes that died long ago."""
    now = time.time() if now is None else now
    removed = []
    for path in published.parent.glob(f"{published.name}{BUILD_MARK}*"):
        base = path.with_name(path.name.removesuffix(".wal"))
        if base == keep or now - path.stat().st_mtime < STALE_AFTER_SECONDS:
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def prepare_build(published: Path, build: Path) -> Path:
    """Start a build as a copy of the published warehouse (or empty, the first time)."""
    if build.exists():
        return build
    build.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(published, keep=build)
    if published.exists():
        if wal_path(published).exists():
            raise RuntimeError(
                f"{published}: a write-ahead log lies beside the published warehouse; "
                "a publish was interrupted or another program writes it"
            )
        partial = build.with_name(build.name + ".copying")
        shutil.copyfile(published, partial)
        os.replace(partial, build)
    return build


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def mart_row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows of every table in schema marts."""
    tables = [
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' and table_type = 'BASE TABLE' order by 1"
        ).fetchall()
    ]
    return {
        table: con.execute(f'select count(*) from marts."{table}"').fetchall()[0][0]
        for table in tables
    }


def publish(build: Path, published: Path, run_id: str) -> dict:
    """Record the build in ``audit.publish_log``, checkpoint it and move it into place."""
    with duckdb.connect(str(build), config=config.duckdb_write_config()) as con:
        con.execute(PUBLISH_LOG_DDL)
        files = con.execute(
            "select distinct source_file, sha256 from audit.file_ledger "
            "where status = 'current' order by source_file"
        ).fetchall()
        listing = [[name, sha] for name, sha in files]
        entry = {
            "run_id": run_id,
            "published_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
            "raw_files_sha256": fingerprint(listing),
            "raw_files": json.dumps(listing),
            "mart_rows": json.dumps(mart_row_counts(con)),
        }
        con.execute("insert into audit.publish_log values (?, ?, ?, ?, ?)", list(entry.values()))
        con.execute("checkpoint")
    if wal_path(build).exists():
        raise RuntimeError(f"{build}: still has a write-ahead log after closing; not published")
    _fsync(build)
    os.replace(build, published)
    _fsync(published.parent)
    return entry


def published_fingerprint(published: Path) -> str | None:
    """The raw files' fingerprint of the last publish, or None before the first."""
    if not published.exists():
        return None
    with duckdb.connect(str(published), read_only=True) as con:
        if not table_exists(con, "audit", "publish_log"):
            return None
        rows = con.execute(
            "select raw_files_sha256 from audit.publish_log order by published_at desc limit 1"
        ).fetchall()
    return rows[0][0] if rows else None
