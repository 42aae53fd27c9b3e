"""A real PostgreSQL for the lake tests: the one `.ci/run` started, or one of our own.

``.ci/run`` starts a server before ``make test`` and stops it whatever
happens (a trap), and says where it is in ``BP3MI_TEST_POSTGRES`` (a libpq
connection string without a database, e.g. ``host=127.0.0.1 port=54329
user=postgres``). Without it, the tests start a throwaway server of their
own in a temporary folder when PostgreSQL's programs are on this machine
(Debian's ``postgresql``: ``/usr/lib/postgresql/<version>/bin``), and stop it
at the end. Where neither can be had, the lake tests are skipped, each with
the reason, which ``pytest -ra`` lists at the end of the run: never passed
without running.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENVIRONMENT = "BP3MI_TEST_POSTGRES"


class Unavailable(RuntimeError):
    """No PostgreSQL can be had here; the message says why."""


def _program(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the user postgres."""
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            raise Unavailable("running as root without runuser: PostgreSQL cannot be started")
        return [runuser, "-u", "postgres", "--", *command]
    return command


@contextmanager
def own_server(folder: Path) -> Iterator[str]:
    """Start a throwaway PostgreSQL in ``folder``; its connection string while it runs."""
    initdb, pg_ctl = _program("initdb"), _program("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise Unavailable(
            f"PostgreSQL is not installed here (no initdb/pg_ctl) and {ENVIRONMENT} is not set: "
            "install Debian's postgresql, or run the tests through .ci/run"
        )
    data, port = folder / "data", _free_port()
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    started = subprocess.run(
        _as_server_user([initdb, "-D", str(data), "-A", "trust", "-U", "postgres"]),
        capture_output=True,
        text=True,
    )
    if started.returncode != 0:
        raise Unavailable(f"initdb failed: {started.stderr.strip()[-300:]}")
    options = f"-p {port} -h 127.0.0.1 -k {folder}"
    run = subprocess.run(
        _as_server_user(
            [pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]
        ),
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise Unavailable(f"PostgreSQL did not start: {run.stderr.strip()[-300:]}")
    try:
        yield f"host=127.0.0.1 port={port} user=postgres"
    finally:
        subprocess.run(
            _as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )


def create_database(server: str, name: str) -> str:
    """A new, empty database on ``server``; its connection string."""
    psql = _program("psql")
    if psql is None:
        raise Unavailable("psql is not installed: the lake tests cannot make their databases")
    made = subprocess.run(
        [psql, server + " dbname=postgres", "-q", "-c", f'create database "{name}"'],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        raise Unavailable(f"cannot create a database on {server}: {made.stderr.strip()}")
    return f"{server} dbname={name}"
