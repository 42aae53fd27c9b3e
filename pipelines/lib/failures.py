"""``refresh_failures.jsonl`` beside the warehouse: one line per failed refresh.

Written for every failed refresh, whoever started it: the command line
writes its own runs' failures, the sensor ``record_refresh_failures`` those
of runs Dagster launched. A run is written once, whichever of the two sees
it first (a command-line run recorded in Dagster's history is seen by both).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pipelines.lib.secrets import scrub

FAILURE_LOG = "refresh_failures.jsonl"

# The errors of ours whose message is written for the data officer: shown as they are.
OUR_ERRORS = {
    "FeedFileError",
    "RemovalRefused",
    "RawDirectoryError",
    "RefreshLocked",
    "PseudonymKeyError",
    "ReportError",
    "LakeError",
    "Failure",
}


def root_cause(error) -> str:
    """The message of a Dagster error (``SerializableErrorInfo``) that names file, row and
    rule: the deepest error of ours in its chain, else its innermost error, without the
    ``module.Class: `` Dagster puts before it."""
    chain = [error]
    while chain[-1].cause is not None:
        chain.append(chain[-1].cause)
    ours = [e for e in chain if e.cls_name in OUR_ERRORS]
    chosen = ours[-1] if ours else chain[-1]
    text = chosen.message.strip()
    marker = f"{chosen.cls_name}: "
    return text.split(marker, 1)[1] if marker in text else text


def failure_log(warehouse: Path) -> Path:
    """The failure log of a warehouse."""
    return Path(warehouse).parent / FAILURE_LOG


def fallback_log(dagster_home: Path) -> Path:
    """Where a failure is recorded when the warehouse folder cannot be written (full,
    read-only): ``refresh_failures.jsonl`` in the Dagster home, each line naming its
    warehouse."""
    return Path(dagster_home) / FAILURE_LOG


def _recorded_runs(log: Path) -> set[str]:
    runs = set()
    for line in log.read_text(encoding="utf-8").splitlines() if log.is_file() else []:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("run_id"):
            runs.add(entry["run_id"])
    return runs


def record_failure(
    warehouse: Path,
    *,
    run_id: str | None,
    message: str,
    steps: dict[str, str] | None = None,
    started_by: str = "",
    job: str = "nightly_refresh",
    log: Path | None = None,
    to: Path | None = None,
) -> bool:
    """Append a failed refresh to the log (``to``, by default the warehouse's), unless its
    run is there already (without a password, pipelines/lib/secrets.py)."""
    path = to or failure_log(warehouse)
    if run_id is not None and run_id in _recorded_runs(path):
        return False
    entry = {
        "run_id": run_id,
        "job": job,
        "started_by": started_by,
        "failed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "message": scrub(message),
        "steps": {step: scrub(text) for step, text in (steps or {}).items()},
        "log": str(log) if log else None,
        "warehouse": str(warehouse),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return True


def record_failure_somewhere(
    warehouse: Path, dagster_home: Path | None, **failure
) -> tuple[Path | None, OSError | None]:
    """Record a failure beside the warehouse, else in the Dagster home (:func:`fallback_log`).

    Returns where it was recorded (None if nowhere), and why the warehouse's own log
    could not take it (None if it did).
    """
    try:
        record_failure(warehouse, **failure)
        return failure_log(warehouse), None
    except OSError as error:
        refused = error
    if dagster_home is not None:
        try:
            record_failure(warehouse, to=fallback_log(dagster_home), **failure)
            return fallback_log(dagster_home), refused
        except OSError:
            pass
    return None, refused
