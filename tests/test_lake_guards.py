"""The national lake's guards, on a real PostgreSQL (tests/postgres.py): an analyst's
connection reads the lake and nothing else; the lake's password is written nowhere, and a
wrong one stops the refresh in its first seconds; one lake has one writer."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
import zlib
from contextlib import closing
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines import analyst
from pipelines.lib import messages
from pipelines.lib.failures import failure_log, record_failure
from pipelines.lib.lake import OWNER_FILE, LakeError, LakeTarget, WorkingCopy, connect_lake
from tests import postgres
from tests.conftest import PROJECT_ROOT, build_warehouse, lake_settings, one
from tests.test_lake import lake_env

WRONG = "Salah-Sandi-7731"


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``python -m pipelines ...`` as the operator runs it, in Indonesian."""
    return subprocess.run(
        [sys.executable, "-m", "pipelines", *args],
        cwd=PROJECT_ROOT, env={**env, "REFRESH_LANG": "id"}, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip


def refresh(raw: Path, warehouse: Path, env: dict[str, str], *options: str):
    return run_cli(
        "refresh", "--raw-dir", str(raw), "--warehouse", str(warehouse), *options, env=env
    )


def with_password(server: str, lake: LakeTarget, password: str, form: str) -> LakeTarget:
    """``lake`` reached as the user whose password the server checks, the password written
    in ``form``: libpq's ``password=`` or a URI's ``user:password@``."""
    user = postgres.password_user(server)
    database = lake.url.rsplit("dbname=", 1)[1]
    if form == "keyword":
        url = f"ducklake:postgres:{user} password={password} dbname={database}"
    else:
        words = dict(part.split("=", 1) for part in user.split())
        url = (
            f"ducklake:postgres:postgresql://{words['user']}:{password}@"
            f"{words['host']}:{words['port']}/{database}"
        )
    return LakeTarget(url, lake.data_path)


def written_anywhere(folder: Path, secret: str) -> list[Path]:
    """The files under ``folder`` (logs, failure log, ...) that hold ``secret``."""
    return [
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not path.name.startswith("warehouse.duckdb")
        and secret in path.read_text(encoding="utf-8", errors="replace")
    ]


def in_dagster_history(secret: str) -> list[str]:
    """The tables of the Dagster home's databases (run history, job snapshots: compressed)
    that hold ``secret``."""
    found = []
    for database in Path(os.environ["DAGSTER_HOME"]).rglob("*.db"):
        with closing(sqlite3.connect(database)) as con:
            tables = con.execute("select name from sqlite_master where type = 'table'")
            for (table,) in tables.fetchall():
                for row in con.execute(f'select * from "{table}"'):
                    for value in row:
                        data = value.encode() if isinstance(value, str) else value
                        if not isinstance(data, bytes):
                            continue
                        with contextlib.suppress(zlib.error):
                            data += zlib.decompress(data)
                        if secret.encode() in data:
                            found.append(f"{database.name}:{table}")
    return found


# --- an analyst's connection ----------------------------------------------------------


def test_an_analysts_lake_connection_reads_the_lake_and_nothing_else(
    lake: LakeTarget, postgres_server: str, tmp_path: Path
) -> None:
    """The four ways out the issue found (a file read, a file written, another lake and a
    PostgreSQL database attached with the environment's credentials) each fail with
    DuckDB's permission error; the lake's tables are read all the same."""
    with connect_lake(lake.url, lake.data_path) as con:
        con.execute("create schema lake.marts")
        con.execute("create table lake.marts.t as select range as i from range(5)")
    other = postgres.create_database(postgres_server, f"lake_{uuid.uuid4().hex[:12]}")
    written = tmp_path / "x.csv"
    attacks = {
        "select * from read_csv('/etc/passwd')": 'Cannot access file "/etc/passwd"',
        f"copy (select 1) to '{written}'": f'Cannot access file "{written}"',
        f"attach 'ducklake:postgres:{other}' as l2": "Attaching Postgres databases is disabled",
        f"attach '{other}' as pg (type postgres)": "Attaching Postgres databases is disabled",
        "set enable_external_access = true": "the configuration has been locked",
        "set allowed_directories = ['/']": "the configuration has been locked",
    }
    with analyst.connect_lake(lake.url) as con:
        for sql, said in attacks.items():
            with pytest.raises(duckdb.Error, match=re.escape(said)):
                con.execute(sql)
        assert con.execute("select sum(i) from marts.t").fetchone() == (10,)
        databases = con.execute(
            "select database_name from duckdb_databases() where not internal "
            "and database_name not like '__ducklake%' order by 1"
        ).fetchall()
        assert databases == [("memory",), ("warehouse",)]  # nothing attached
    assert not written.exists()


# --- the lake's password --------------------------------------------------------------


@pytest.mark.parametrize("form", ["keyword", "uri"])
def test_a_wrong_password_stops_the_refresh_at_once_and_is_written_nowhere(
    form: str, raw: Path, published: Path, lake: LakeTarget, postgres_server: str
) -> None:
    """A wrong password, in either form, with and without --force: the refresh stops before
    it builds anything, in seconds, with one Indonesian line naming WAREHOUSE_URL; the
    password is in none of what it prints or writes."""
    wrong = with_password(postgres_server, lake, WRONG, form)
    try:
        connect_lake(wrong.url, read_only=True).close()
        pytest.skip("this PostgreSQL does not check passwords (BP3MI_TEST_POSTGRES)")
    except LakeError:
        pass
    for options in ((), ("--force",)):
        started = time.monotonic()
        ran = refresh(raw, published, lake_env(wrong), *options)
        assert time.monotonic() - started < 45  # the build alone takes over a minute
        assert ran.returncode == 1
        first, *rest = ran.stderr.splitlines()
        assert first.startswith("Lake di WAREHOUSE_URL (ducklake:postgres:")
        assert "Periksa WAREHOUSE_URL" in first
        assert 'password authentication failed for user "lake_writer"' in first
        assert "memeriksa direktori raw" not in ran.stdout  # no step ran
        assert WRONG not in ran.stdout + ran.stderr
        assert rest == [messages.text("failed", "id")]  # one line, then "failed"
    recorded = failure_log(published).read_text(encoding="utf-8").splitlines()
    assert len(recorded) == 2 and all("Lake di WAREHOUSE_URL" in line for line in recorded)
    assert written_anywhere(published.parent, WRONG) == []


def test_a_wrong_password_fails_the_dagster_runs_first_step(
    raw: Path, published: Path, lake: LakeTarget, postgres_server: str
) -> None:
    """Started from Dagster (the schedule, the UI): the first step fails, before any raw file
    is read, with the Indonesian sentence in its failure metadata, and no password."""
    wrong = with_password(postgres_server, lake, WRONG, "uri")
    result = build_warehouse(published, raw, settings=lake_settings(wrong))
    assert not result.success
    [failure] = [e for e in result.all_events if e.is_step_failure]
    assert failure.step_key == "raw_files"  # the raw_inventory asset
    assert not result.get_asset_materialization_events()  # nothing built
    metadata = result.failure_data_for_node("raw_files").user_failure_data.metadata
    assert str(metadata["pesan"].value).startswith(f"Lake di WAREHOUSE_URL ({wrong.describe()})")
    everything = " ".join(str(e) for e in result.all_events) + repr(metadata)
    assert WRONG not in everything and "lake_writer@127.0.0.1" in wrong.describe()
    # What the failure sensor writes, whatever the message holds.
    record_failure(published, run_id=result.run_id, message=f"x {wrong.url} y", steps={})
    assert WRONG not in failure_log(published).read_text(encoding="utf-8")


def test_a_setting_error_does_not_echo_the_password(raw: Path, published: Path) -> None:
    env = {**lake_env(LakeTarget(f"postgresql://lake_writer:{WRONG}@127.0.0.1/x", "/tmp/d/"))}
    ran = refresh(raw, published, env)
    assert ran.returncode == 2
    assert "WAREHOUSE_URL='postgresql://lake_writer@127.0.0.1/x' tidak dapat dipakai" in ran.stderr
    assert WRONG not in ran.stdout + ran.stderr


# --- one lake, one writer -------------------------------------------------------------


def test_one_lake_has_one_writer(
    raw: Path,
    published: Path,
    lake: LakeTarget,
    postgres_server: str,
    small_office_template: Path,
    tmp_path: Path,
) -> None:
    """Working copy A publishes first (with the password in the URL: it is written nowhere)
    and is the lake's writer. Working copy B of the same office is refused in seconds,
    naming the lake and A, and refused again if it reaches the lake's transaction; the lake
    stays A's. B takes the lake over on purpose, and A is refused."""
    target = with_password(postgres_server, lake, postgres.PASSWORD, "uri")
    env = lake_env(target)
    first = refresh(raw, published, env, "--verbose")
    assert first.returncode == 0, first.stderr
    said = first.stdout + first.stderr
    assert f"publish: into the lake {target.describe()}, one transaction" in said
    assert postgres.PASSWORD not in said
    assert written_anywhere(published.parent, postgres.PASSWORD) == []
    assert in_dagster_history(postgres.PASSWORD) == []  # the run's job snapshot included
    a = WorkingCopy.of(published)
    assert a.id and a.id == (published.parent / OWNER_FILE).read_text().strip()
    a_publish = target.last_publish()
    assert a_publish == one(published, "select max(run_id) from audit.lake_publish_log")

    copy = tmp_path / "b"
    shutil.copytree(small_office_template / "raw", copy / "raw")
    shutil.copytree(small_office_template / "warehouse", copy / "warehouse", symlinks=True)
    b_warehouse = copy / "warehouse" / "warehouse.duckdb"
    started = time.monotonic()
    refused = refresh(copy / "raw", b_warehouse, env)
    assert time.monotonic() - started < 45
    assert refused.returncode == 1
    line = refused.stderr.splitlines()[0]
    assert line.startswith(
        f"Lake di WAREHOUSE_URL ({target.describe()}) ditulis oleh salinan kerja lain: "
        f"{published} ("
    )
    assert f"id {a.id[:8]}" in line and "python -m pipelines take-over-lake" in line
    assert f"salinan kerja ini, {b_warehouse} (" in line  # with no id yet
    assert target.last_publish() == a_publish
    # Past the check (A took the lake in between): refused in the transaction, nothing written.
    b = WorkingCopy.of(b_warehouse, create=True)
    with pytest.raises(LakeError) as in_transaction:
        target.publish(b_warehouse, b)
    assert in_transaction.value.key == "lake_other_writer"
    assert target.last_publish() == a_publish

    taken = run_cli("take-over-lake", "--warehouse", str(b_warehouse), env=env)
    assert taken.returncode == 0, taken.stderr
    assert f"sekarang ditulis oleh salinan kerja ini, {b.describe()}" in taken.stdout
    assert f"(sebelumnya: {published} (" in taken.stdout
    target.check(b)  # B may publish now (its refresh would, as A's did above)
    again = refresh(raw, published, env, "--force")
    assert again.returncode == 1
    assert f"ditulis oleh salinan kerja lain: {b_warehouse} (" in again.stderr


def test_a_dagster_run_of_another_working_copy_fails_its_first_step(
    raw: Path, published: Path, lake: LakeTarget
) -> None:
    """The lake is another working copy's: a run started from Dagster fails in its first
    step, naming the lake's writer."""
    other = WorkingCopy("0" * 32, "/elsewhere/warehouse.duckdb", "clerk@kantor-lain")
    lake.take_over(other)
    result = build_warehouse(published, raw, settings=lake_settings(lake))
    assert not result.success
    metadata = result.failure_data_for_node("raw_files").user_failure_data.metadata
    assert "ditulis oleh salinan kerja lain: /elsewhere/warehouse.duckdb (clerk@kantor-lain, " in (
        metadata["pesan"].value
    )
    assert dg.AssetKey(["warehouse", "published"]) not in {
        e.asset_key for e in result.get_asset_materialization_events()
    }
