"""A night with nothing to do costs seconds: is there anything a refresh would change?

Nothing, when the published warehouse already holds what a refresh would
build:

- every delivered file is a current file of the ledger, with the same
  SHA-256, read by the same loader (rules, columns, pseudonym key), and no
  current file is gone (a file's stat spares its hashing, as in a refresh:
  ``audit.raw_file_stats``);
- the dbt project and engine are those of the last complete build
  (``audit.dbt_state``), and no slice waits to be rebuilt;
- the reports were written by this report code, and are in place;
- the published file is as its publish left it (:func:`publish.edited_outside`);
- no month has ended since the marts judged which periods had
  (``marts.fct_office_year_status.reference_date``): on the first of a month
  an office-year's status may change with no file changed;
- no due date has passed since (:func:`overdue.next_due_date`): a delivery still
  owed becomes overdue with no file changed.

Then the command line says so and ends, without Dagster, a build or a
publish (``python -m pipelines refresh --force`` runs all the same), and the
schedule skips its night. Anything unsure (a file that cannot be read, a
warehouse from before these records) means "a refresh has work": it runs,
and says what is wrong.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.contract.specs import TABLES
from pipelines.lib import overdue, publish
from pipelines.lib.dbt_fingerprint import project_fingerprint
from pipelines.lib.errors import FeedFileError
from pipelines.lib.indonesian import WIB as JAKARTA
from pipelines.lib.ingest import discover_deliveries, loader_fingerprint
from pipelines.lib.ingest.load import STAT_COLUMNS
from pipelines.lib.lake import LakeTarget
from pipelines.lib.rawscan import hash_files
from pipelines.lib.summary import rejected_count
from pipelines.lib.warehouse import table_exists
from pipelines.lkj.code import REPORT_CODE_VERSION

AUDIT_TABLES = ("file_ledger", "raw_file_stats", "dbt_state", "changed_slices", "publish_log")


def _reports_current(published: Path) -> bool:
    """The reports link points to a folder written by this report code."""
    folder = publish.current_reports(published)
    if folder is None:
        return False
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("code") == REPORT_CODE_VERSION


def _warehouse_state(con: duckdb.DuckDBPyConnection) -> dict | None:
    """What the published warehouse records of its last refresh, or None if it cannot say."""
    if not all(table_exists(con, "audit", table) for table in AUDIT_TABLES):
        return None
    publishes = con.execute(
        "select run_id, published_at from audit.publish_log order by published_at desc limit 1"
    ).fetchall()
    builds = con.execute("select project_fingerprint from audit.dbt_state").fetchall()
    pending = con.execute("select count(*) from audit.changed_slices").fetchall()[0][0]
    if not publishes or len(builds) != 1 or pending:
        return None
    # What the raw directory held at the last refresh: the current version of each file,
    # or the version rejected after it (the one delivered then; the current one's rows stay).
    ledger: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    for table, name, sha, loader in con.execute(
        "select table_name, source_file, sha256, loader_fingerprint from audit.file_ledger "
        "where status in ('current', 'rejected') order by status = 'rejected'"
    ).fetchall():
        ledger[table][name] = (sha, loader)
    rejected = rejected_count(con)
    stats: dict[str, dict[str, list]] = defaultdict(dict)
    for table, name, *rest in con.execute(
        f"select table_name, source_file, {', '.join(STAT_COLUMNS)}, sha256 "
        "from audit.raw_file_stats"
    ).fetchall():
        stats[table][name] = rest
    run_id, published_at = publishes[0]
    judged_on = None
    if table_exists(con, "marts", "fct_office_year_status"):
        judged_on = con.execute(
            "select max(reference_date) from marts.fct_office_year_status"
        ).fetchall()[0][0]
    return {
        "judged_on": judged_on,
        "next_due": overdue.next_due_date(con),
        "run_id": run_id,
        "published_at": published_at,
        "dbt": builds[0][0],
        "ledger": ledger,
        "stats": stats,
        "rejected": rejected,
    }


def _files_unchanged(raw_dir: Path, key: bytes, state: dict, follow_symlinks: bool) -> bool:
    """Every table's delivered files are its current ledger files, same content, same loader."""
    try:
        found, refused = discover_deliveries(raw_dir, TABLES, follow_symlinks=follow_symlinks)
        for spec in TABLES:
            regular = [path for path, _ in refused[spec.table] if path.is_file()]
            paths = [*found[spec.table], *regular]
            hashes, _ = hash_files(paths, raw_dir, state["stats"][spec.table])
            loader = loader_fingerprint(spec, key)
            current = {name: (sha, loader) for name, sha in hashes.items()}
            for path, _ in refused[spec.table]:  # a FIFO, a broken link: no content
                current.setdefault(path.relative_to(raw_dir).as_posix(), ("", loader))
            if current != state["ledger"][spec.table]:
                return False
    except (OSError, FeedFileError):
        return False
    return True


@dataclass(frozen=True)
class Unchanged:
    """The publish a refresh would leave as it is."""

    run_id: str
    published_at: dt.datetime
    files: int
    rejected: int = 0  # files rejected whole, as they were at the last refresh


def nothing_to_do(
    published: Path,
    raw_dir: Path,
    key: bytes,
    lake: LakeTarget | None = None,
    *,
    follow_symlinks: bool,
    today: dt.date | None = None,
) -> Unchanged | None:
    """The publish a refresh of ``published`` from ``raw_dir`` would not change, or None
    when it has work (``follow_symlinks``: ``RAW_FOLLOW_SYMLINKS``, as the refresh reads).
    With a ``lake``, it must hold the same publish (a refresh stopped between the lake's
    commit and the file's rename has the other to catch up). ``today``: the day in
    Jakarta, by default now's."""
    if not published.is_file() or not raw_dir.is_dir() or not _reports_current(published):
        return None
    if publish.edited_outside(published):
        return None  # written outside the refresh: rebuilt (publish.prepare_build)
    with duckdb.connect(str(published), read_only=True) as con:
        state = _warehouse_state(con)
    if state is None or state["dbt"] != project_fingerprint():
        return None
    today = today or dt.datetime.now(JAKARTA).date()
    if state["judged_on"] and (today.year, today.month) != (
        state["judged_on"].year,
        state["judged_on"].month,
    ):
        return None  # a month ended since: an office-year's status may change
    if state["next_due"] and state["next_due"] < today:
        return None  # a due date passed since: a delivery may be overdue
    if (
        publish.reports_folder(published, state["run_id"]).is_dir()
        and publish.current_reports(published)
        != publish.reports_folder(published, state["run_id"]).resolve()
    ):
        return None  # a publish to finish (publish.recover)
    if not _files_unchanged(raw_dir, key, state, follow_symlinks):
        return None
    if lake is not None and lake.last_publish() != state["run_id"]:
        return None
    files = {name for by_name in state["ledger"].values() for name in by_name}
    return Unchanged(state["run_id"], state["published_at"], len(files), state["rejected"])


def remove_dead_builds(published: Path) -> list[Path]:
    """Remove what refreshes that died left beside the warehouse (a killed run's copy of
    it, DuckDB's spill files in the warehouse's own spill folder), if the warehouse's lock
    is free; else nothing (a running refresh owns them, or the folder refuses: the next
    refresh removes them). For a night with nothing to do, and after a failed refresh."""
    from pipelines.lib import config, lock

    spill = config.spill_directory(published)
    try:
        with lock.hold(published, wait_seconds=0, started_by="removing dead runs' files"):
            removed = publish.remove_stale_builds(published, keep=None)
            link = publish.dbt_link(published)
            if link.is_symlink() and not link.exists():  # its build is gone
                link.unlink()
                removed.append(link)
            for path in spill.glob("duckdb_temp_*") if spill.is_dir() else []:
                path.unlink(missing_ok=True)
                removed.append(path)
            return removed
    except (lock.RefreshLocked, OSError):
        return []
