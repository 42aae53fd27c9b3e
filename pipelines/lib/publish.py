"""Build beside, publish by rename: readers never see a half-built warehouse.

Each refresh works on its own build file next to the published warehouse
(``warehouse.duckdb.build-<run id>``), a copy of the published file to start
from, so that unchanged raw files need not be read again. A refresh holds
the warehouse's lock (:mod:`pipelines.lib.lock`) from start to end, so no
other refresh builds or publishes the same warehouse meanwhile, and any
other build file beside it belongs to a refresh that died: it is removed.

Publishing is one step, in this order:

1. :func:`seal`: the build records its publish in ``audit.publish_log`` and
   is checkpointed; with a lake (``pipelines/lib/lake.py``), the build is then
   copied into it in one transaction, and the build records that publish in
   ``audit.lake_publish_log`` (:func:`record_lake_publish`);
2. the LKj reports are written from the build into a folder of the run's own
   (:func:`stage_reports`, ``.reports/<run id>/``);
3. :func:`swap_in`: the build is moved over the published file in one
   atomic ``os.replace``;
4. :func:`swap_reports`: the ``reports`` link beside the warehouse is turned
   to the run's folder, again in one ``os.replace``.

A failure before 3 leaves the published warehouse and its reports as they
were. Between 3 and 4 is one system call; a refresh killed there leaves the
new warehouse beside the old reports, and the next refresh (any command
that takes the lock, :func:`recover`) turns the link first. After any
failure the warehouse and the reports are therefore both the old ones or
both the new ones. A reader that has the old file open keeps reading it (the
rename does not touch an open file); a new connection opens the new one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
from pathlib import Path

import duckdb

from pipelines.lib.audit import PUBLISH_LOG_DDL
from pipelines.lib.lake import LakePublish
from pipelines.lib.rawscan import fingerprint
from pipelines.lib.warehouse import table_exists

BUILD_MARK = ".build-"
# The reports readers open: a symbolic link to the folder of the run that published.
REPORTS_LINK = "reports"
# The folders of the reports, one per publishing run (``.reports/<run id>``).
REPORTS_STORE = ".reports"
# The error workbooks of the published warehouse (pipelines/lib/errorbook.py): a folder of
# the reports, and a link of that name beside the warehouse.
ERRORS_LINK = "kesalahan"


def build_path(published: Path, run_id: str) -> Path:
    """The build file of one run, beside the published file."""
    return published.with_name(f"{published.name}{BUILD_MARK}{run_id}")


def dbt_link(published: Path) -> Path:
    """The name dbt opens the build by while it runs (a symbolic link, pipelines/lib/dbt.py)."""
    return published.with_name(published.name + ".dbt")


def wal_path(database: Path) -> Path:
    """DuckDB's write-ahead log of a database file."""
    return database.with_name(database.name + ".wal")


def remove_stale_builds(published: Path, keep: Path | None) -> list[Path]:
    """Delete the build files (and logs, unfinished copies) of refreshes that died.

    Called under the warehouse's lock: no other refresh of this warehouse is
    running, so every build but ``keep`` (if any) is a dead one's.
    """
    removed = []
    for path in published.parent.glob(f"{published.name}{BUILD_MARK}*"):
        base = path.with_name(path.name.removesuffix(".wal"))
        if base == keep:
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def prepare_build(published: Path, build: Path) -> Path:
    """Start a build as a copy of the published warehouse (or empty, the first time).

    Runs under the warehouse's lock: it first finishes a publish that was
    killed between its two renames (:func:`recover`) and removes what dead
    refreshes left behind.
    """
    if build.exists():
        return build
    build.parent.mkdir(parents=True, exist_ok=True)
    recover(published, keep_run=run_of_build(published, build))
    remove_stale_builds(published, keep=build)
    if published.exists() and not edited_outside(published):
        if wal_path(published).exists():
            raise RuntimeError(
                f"{published}: a write-ahead log lies beside the published warehouse; "
                "a publish was interrupted or another program writes it"
            )
        partial = build.with_name(build.name + ".copying")
        try:
            shutil.copyfile(published, partial)
            os.replace(partial, build)
        except BaseException:  # a full disk: no half copy is left to fill it
            partial.unlink(missing_ok=True)
            raise
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


def run_of_build(published: Path, build: Path) -> str:
    """The run id in a build file's name."""
    return build.name.removeprefix(f"{published.name}{BUILD_MARK}")


def seal(build: Path, run_id: str, duckdb_config: dict[str, str]) -> dict:
    """Record the publish in the build's ``audit.publish_log`` and checkpoint it.

    ``duckdb_config``: the run's DuckDB settings (the warehouse resource's
    ``connection_config()``). Done again by a retry of the step: the run's earlier entry
    is replaced.
    """
    with duckdb.connect(str(build), config=duckdb_config) as con:
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
        con.execute("begin")
        con.execute("delete from audit.publish_log where run_id = ?", [run_id])
        con.execute("insert into audit.publish_log values (?, ?, ?, ?, ?)", list(entry.values()))
        con.execute("commit")
        con.execute("checkpoint")
    _require_no_wal(build)
    return entry


def _require_no_wal(build: Path) -> None:
    if wal_path(build).exists():
        raise RuntimeError(f"{build}: still has a write-ahead log after closing; not published")


def record_lake_publish(
    build: Path,
    run_id: str,
    lake: str,
    done: LakePublish,
    duckdb_config: dict[str, str],
) -> None:
    """Record in the sealed build that it was published into ``lake`` (its address without
    a password) as snapshot ``done.snapshot_id``; checkpointed again."""
    with duckdb.connect(str(build), config=duckdb_config) as con:
        con.execute(PUBLISH_LOG_DDL)
        con.execute("begin")
        con.execute("delete from audit.lake_publish_log where run_id = ?", [run_id])
        con.execute(
            "insert into audit.lake_publish_log values (?, ?, ?, ?, ?, ?)",
            [
                run_id,
                dt.datetime.now(dt.UTC).replace(tzinfo=None),
                lake,
                done.snapshot_id,
                len(done.written),
                sum(done.written.values()),
            ],
        )
        con.execute("commit")
        con.execute("checkpoint")
    _require_no_wal(build)


def swap_in(build: Path, published: Path) -> None:
    """Move the sealed build over the published file, durably; record its stamp."""
    _fsync(build)
    os.replace(build, published)
    _fsync(published.parent)
    record_stamp(published, run_of_build(published, build))


# --- a published file written outside the refresh -----------------------------------
#
# The publish records the published file's size and modification time beside it
# (``<warehouse>.published``). Any write to the file afterwards (a read-write
# connection of another program) changes its modification time: the file is then
# no longer what the refresh published, and the next refresh rebuilds it from the
# raw files instead of starting from a copy of it (:func:`prepare_build`). A copy
# that keeps the times (``cp -p``, a backup restored with them) is the same file.


def stamp_path(published: Path) -> Path:
    """Where the publish records the published file's stamp."""
    return published.with_name(published.name + ".published")


def _stamp(published: Path) -> dict[str, int]:
    info = published.stat()
    return {"size": info.st_size, "mtime_ns": info.st_mtime_ns}


def record_stamp(published: Path, run_id: str) -> None:
    """Record the published file's size and modification time, as this run left it.

    The file is published by then: a stamp that cannot be written is removed
    (the next refresh, unable to vouch for the file, rebuilds it), never raised.
    """
    path = stamp_path(published)
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(json.dumps({"run_id": run_id, **_stamp(published)}), "utf-8")
        os.replace(partial, path)
    except OSError:
        for stale in (partial, path):
            with contextlib.suppress(OSError):
                stale.unlink(missing_ok=True)


def edited_outside(published: Path) -> bool:
    """Whether the published file was written since its publish: its size or modification
    time differs from what the publish recorded (False when none was recorded, as for a
    warehouse published before these records, or when there is no file)."""
    try:
        recorded = json.loads(stamp_path(published).read_text(encoding="utf-8"))
        now = _stamp(published)
    except (OSError, ValueError):
        return False
    return not isinstance(recorded, dict) or any(
        recorded.get(key) != value for key, value in now.items()
    )


def publish(build: Path, published: Path, run_id: str, duckdb_config: dict[str, str]) -> dict:
    """Seal the build and move it into place (no reports: :func:`stage_reports` for those)."""
    entry = seal(build, run_id, duckdb_config)
    swap_in(build, published)
    return entry


# --- the reports that go with a publish ---------------------------------------


def reports_link(published: Path) -> Path:
    """``reports`` beside the warehouse: what readers open."""
    return published.parent / REPORTS_LINK


def reports_folder(published: Path, run_id: str) -> Path:
    """The folder of the reports a run publishes."""
    return published.parent / REPORTS_STORE / run_id


def current_reports(published: Path) -> Path | None:
    """The folder the reports link points to (or a plain ``reports`` folder of old)."""
    link = reports_link(published)
    if link.is_symlink():
        target = link.resolve()
        return target if target.is_dir() else None
    return link if link.is_dir() else None


def stage_reports(published: Path, run_id: str) -> Path:
    """The run's reports folder, starting as the published reports (hard links).

    Reports are written by replacing files (``write_atomically``), never in
    place, so the published files the links share are never changed.
    """
    staged = reports_folder(published, run_id)
    if staged.exists():
        shutil.rmtree(staged)
    staged.parent.mkdir(parents=True, exist_ok=True)
    current = current_reports(published)
    if current is None:
        staged.mkdir()
    else:
        shutil.copytree(current, staged, copy_function=os.link)
    return staged


def errors_folder(reports: Path) -> Path:
    """Where a reports folder keeps the error workbooks (:mod:`pipelines.lib.errorbook`)."""
    return reports / ERRORS_LINK


def errors_link(published: Path) -> Path:
    """``kesalahan`` beside the warehouse: the published error workbooks, one per faulty
    raw file (a link into the reports, published with them)."""
    return published.parent / ERRORS_LINK


def link_errors(published: Path) -> None:
    """Make ``kesalahan`` beside the warehouse lead to the published error workbooks."""
    link = errors_link(published)
    target = Path(REPORTS_LINK) / ERRORS_LINK
    if link.is_symlink() and Path(os.readlink(link)) == target:
        return
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)  # a folder of its own from elsewhere: the link replaces it
    partial = link.with_name(f".{ERRORS_LINK}.link")
    partial.unlink(missing_ok=True)
    partial.symlink_to(target)
    os.replace(partial, link)


def swap_reports(published: Path, run_id: str) -> None:
    """Point ``reports`` at the run's folder in one rename; remove the folders before it.

    A ``reports`` folder of an older version of this project (not a link) is
    moved into the store first.
    """
    link = reports_link(published)
    target = reports_folder(published, run_id)
    if link.exists() and not link.is_symlink():
        os.replace(link, target.parent / f"before-{run_id}")
    partial = link.with_name(f".{REPORTS_LINK}.{run_id}")
    partial.unlink(missing_ok=True)
    partial.symlink_to(target.relative_to(link.parent))
    os.replace(partial, link)
    _fsync(published.parent)
    _remove_other_reports(published, keep=run_id)


def _remove_other_reports(published: Path, keep: str | None) -> None:
    store = published.parent / REPORTS_STORE
    current = current_reports(published)
    for folder in store.iterdir() if store.is_dir() else []:
        if folder.name == keep or (current is not None and folder == current):
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _last_publish_value(published: Path, column: str) -> str | None:
    """A column of the published warehouse's last ``audit.publish_log`` row, or None."""
    if not published.exists():
        return None
    with duckdb.connect(str(published), read_only=True) as con:
        if not table_exists(con, "audit", "publish_log"):
            return None
        rows = con.execute(
            f"select {column} from audit.publish_log order by published_at desc limit 1"
        ).fetchall()
    return rows[0][0] if rows else None


def last_publish(published: Path) -> str | None:
    """The run id of the published warehouse's last publish, or None."""
    return _last_publish_value(published, "run_id")


def recover(published: Path, keep_run: str | None = None) -> str | None:
    """Finish a publish killed between its two renames; remove dead runs' report folders.

    Under the warehouse's lock. Returns the run whose reports were put in
    place, if one was.
    """
    finished = None
    run_id = last_publish(published)
    if run_id is not None and reports_folder(published, run_id).is_dir():
        current = current_reports(published)
        if current != reports_folder(published, run_id).resolve():
            swap_reports(published, run_id)
            finished = run_id
    if (published.parent / REPORTS_STORE).is_dir():
        _remove_other_reports(published, keep=keep_run)
    return finished


def published_fingerprint(published: Path) -> str | None:
    """The raw files' fingerprint of the last publish, or None before the first."""
    return _last_publish_value(published, "raw_files_sha256")
