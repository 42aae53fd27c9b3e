"""A real PostgreSQL for the lake tests: the one named in BP3MI_TEST_POSTGRES, or our own.

``BP3MI_TEST_POSTGRES`` names a server to use (a libpq connection string
without a database, e.g. ``host=127.0.0.1 port=5432 user=postgres``): the
tests make their databases on it and start nothing. Without it (a plain
``make test``, and ``.ci/run``, which only installs Debian's ``postgresql``
when it is missing), the tests start a throwaway server of their own, once
per session, when PostgreSQL's programs are on this machine
(``/usr/lib/postgresql/<version>/bin``), and stop it at the end of the
session, whatever happened; this module is the one place that does so.

PostgreSQL will not run as root: as root, its cluster belongs to the user
``postgres`` and its programs run through ``runuser``. Its folder is made
here under the system's temporary folder, for that reason: pytest's own
temporary folders are readable by their owner only, and the user
``postgres`` could not enter them. The folder is removed with the server.

Where no server can be had, the lake tests are skipped, each with the
reason, which ``pytest -ra`` lists at the end of the run: never passed
without running.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENVIRONMENT = "BP3MI_TEST_POSTGRES"
# A user whose password the tests' own server checks (all others are trusted).
PASSWORD_USER = "lake_writer"
PASSWORD = "Rahasia-Lake-2025"


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
def own_server() -> Iterator[str]:
    """Start a throwaway PostgreSQL in a folder of its own; its connection string while it
    runs. The server is stopped and its folder removed on the way out, whatever happened."""
    initdb, pg_ctl = _program("initdb"), _program("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise Unavailable(
            f"PostgreSQL is not installed here (no initdb/pg_ctl) and {ENVIRONMENT} is not set: "
            "install Debian's postgresql, or run the tests through .ci/run"
        )
    folder = Path(tempfile.mkdtemp(prefix="bp3mi-test-postgres."))
    try:
        if os.geteuid() == 0:
            try:
                shutil.chown(folder, "postgres")
            except LookupError:
                raise Unavailable("running as root, and there is no user postgres") from None
        data, port = folder / "data", _free_port()
        created = subprocess.run(
            _as_server_user([initdb, "-D", str(data), "-A", "trust", "-U", "postgres"]),
            capture_output=True,
            text=True,
        )
        if created.returncode != 0:
            raise Unavailable(f"initdb failed: {created.stderr.strip()[-300:]}")
        # Every user is trusted but PASSWORD_USER, whose password is checked (the tests of a
        # wrong password): the first line of pg_hba.conf that matches decides.
        hba = data / "pg_hba.conf"
        checked = f"host all {PASSWORD_USER} 127.0.0.1/32 scram-sha-256\n"
        hba.write_text(checked + hba.read_text())
        options = f"-p {port} -h 127.0.0.1 -k {folder}"
        log = folder / "log"
        start = [pg_ctl, "-D", str(data), "-o", options, "-l", str(log), "-w", "start"]
        started = subprocess.run(
            _as_server_user(start),
            capture_output=True,
            text=True,
        )
        if started.returncode != 0:
            told = log.read_text(errors="replace") if log.exists() else started.stderr
            raise Unavailable(f"PostgreSQL did not start: {told.strip()[-300:]}")
        try:
            yield f"host=127.0.0.1 port={port} user=postgres"
        finally:
            subprocess.run(
                _as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
                capture_output=True,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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


def password_user(server: str) -> str:
    """``server`` as :data:`PASSWORD_USER`, a superuser with the password :data:`PASSWORD`
    (made here once): its connection string without a database."""
    psql = _program("psql")
    if psql is None:
        raise Unavailable("psql is not installed: the lake tests cannot make their users")
    made = subprocess.run(
        [psql, server + " dbname=postgres", "-q", "-c",
         f"do $$ begin if not exists (select from pg_roles where rolname = '{PASSWORD_USER}') "
         f"then create role {PASSWORD_USER} login superuser password '{PASSWORD}'; "
         "end if; end $$"],
        capture_output=True, text=True,
    )  # fmt: skip
    if made.returncode != 0:
        raise Unavailable(f"cannot create a user on {server}: {made.stderr.strip()}")
    return (
        " ".join(part for part in server.split() if not part.startswith(("user=", "password=")))
        + f" user={PASSWORD_USER}"
    )
