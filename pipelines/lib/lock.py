"""One refresh at a time per warehouse: an exclusive lock on a file beside it.

Every refresh, whoever starts it (the command line, the schedule, the raw
files sensor, a person in Dagster's UI, a test), holds ``<warehouse>.lock``
for its whole run (:func:`hold`). The lock is the operating system's
(``flock``): it goes with the process that held it, so a refresh that is
killed never leaves it behind. The file also says who holds it (process,
host, run, since when), for the message a second refresh gives.

A process may take the same warehouse's lock again while it holds it (the
command line takes it before Dagster starts the run, and the run's
resources take it again); another process, or another warehouse, may not.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# How often a waiting refresh tries the lock again.
POLL_SECONDS = 1.0
# How long a Dagster run (schedule, sensor, UI) waits for another refresh of its
# warehouse, say one started from the command line, before it fails. The command line
# does not wait unless told to (``--wait``).
RUN_WAIT_SECONDS = 2 * 3600.0


class RefreshLocked(RuntimeError):
    """Another refresh holds the warehouse's lock."""

    def __init__(self, warehouse: Path, holder: dict, waited: float):
        self.warehouse = warehouse
        self.holder = holder
        who = describe_holder(holder)
        waited_text = f" (waited {waited:.0f} s)" if waited >= 1 else ""
        super().__init__(
            f"another refresh of {warehouse} is running{waited_text}: {who}. "
            "Wait until it ends and run the refresh again (it does whatever is left), "
            "or use --wait to queue behind it."
        )


def lock_path(warehouse: Path) -> Path:
    """The lock file of a warehouse: ``<warehouse>.lock`` beside it."""
    return warehouse.with_name(warehouse.name + ".lock")


def describe_holder(holder: dict) -> str:
    """Who holds a lock, in words, from what the lock file says."""
    if not holder:
        return "its holder has not written its name yet"
    parts = [f"process {holder.get('pid', '?')} on {holder.get('host', '?')}"]
    if holder.get("run_id"):
        parts.append(f"run {holder['run_id']}")
    if holder.get("started_by"):
        parts.append(f"started by {holder['started_by']}")
    if holder.get("since"):
        parts.append(f"since {holder['since']}")
    return ", ".join(parts)


def read_holder(warehouse: Path) -> dict:
    """What the lock file says of its last holder (empty when unknown)."""
    try:
        text = lock_path(warehouse).read_text(encoding="utf-8")
        holder = json.loads(text) if text.strip() else {}
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


@dataclass
class _Held:
    descriptor: int
    depth: int


_held: dict[Path, _Held] = {}
_guard = threading.Lock()


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def is_locked(warehouse: Path) -> bool:
    """Whether a refresh (in any process) holds the warehouse's lock now."""
    path = lock_path(Path(warehouse).resolve())
    if path in _held:
        return True
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        if _try_lock(descriptor):
            fcntl.flock(descriptor, fcntl.LOCK_UN)
            return False
        return True
    finally:
        os.close(descriptor)


def _write_holder(descriptor: int, run_id: str | None, started_by: str) -> None:
    holder = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "run_id": run_id,
        "started_by": started_by,
        "since": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, (json.dumps(holder) + "\n").encode(), 0)


@contextmanager
def hold(
    warehouse: Path,
    *,
    wait_seconds: float = 0,
    run_id: str | None = None,
    started_by: str = "",
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the warehouse's refresh lock for the ``with`` block.

    Waits up to ``wait_seconds`` for another holder to finish, then raises
    :class:`RefreshLocked`, naming the holder. ``on_wait`` is told once,
    in words, whom it waits for. Re-entrant within a process.
    """
    path = lock_path(Path(warehouse).resolve())
    with _guard:
        held = _held.get(path)
        if held is not None:
            held.depth += 1
    if held is not None:
        try:
            yield
        finally:
            with _guard:
                held.depth -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        started = time.monotonic()
        told = False
        while not _try_lock(descriptor):
            waited = time.monotonic() - started
            if waited >= wait_seconds:
                raise RefreshLocked(Path(warehouse), read_holder(Path(warehouse)), waited)
            if on_wait is not None and not told:
                holder = describe_holder(read_holder(Path(warehouse)))
                on_wait(
                    f"waiting (at most {wait_seconds:.0f} s) for another refresh of "
                    f"{warehouse} to end: {holder}"
                )
                told = True
            time.sleep(min(POLL_SECONDS, max(wait_seconds - waited, 0.01)))
        _write_holder(descriptor, run_id, started_by)
        held = _Held(descriptor, 1)
        with _guard:
            _held[path] = held
        try:
            yield
        finally:
            with _guard:
                held.depth -= 1
                if held.depth == 0:
                    del _held[path]
            if held.depth == 0:
                fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        if held is None or held.depth == 0:
            os.close(descriptor)
