"""The national warehouse: the same refresh published into a DuckLake on a real PostgreSQL.

The tests start a PostgreSQL of their own (tests/postgres.py; as root, as the
user postgres), and ``.ci/run`` installs it where it is missing, so CI runs
them; skipped, with the reason, where none can be had.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines import analyst
from pipelines.lib import messages
from pipelines.lib.lake import INTERNAL, LAKE_SCHEMAS, LakeTarget, connect_lake
from pipelines.unchanged import nothing_to_do
from tests.conftest import (
    IKU4_2025,
    PROJECT_ROOT,
    REPATRIATIONS,
    build_warehouse,
    drop_last_line,
    lake_settings,
    one,
)
from tests.test_pseudonym import environment_key

CONSISTENT = (
    "select (select count(*) from raw.pemulangan), "
    "(select realisation from marts.fct_kpi_annual where year = 2025 "
    "and indicator_code = 'IKU4' and target_basis = 'PK'), "
    "(select run_id from audit.publish_log order by published_at desc limit 1)"
)


def tables_of(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, list[tuple]]:
    """Every row of every table of the analysts' schemas of a catalog, sorted."""
    names = con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = ? "
        "and list_contains(?, schema_name) order by 1, 2",
        [catalog, list(LAKE_SCHEMAS)],
    ).fetchall()
    return {
        f"{schema}.{table}": con.execute(
            f'select * from {catalog}.{schema}."{table}" order by all'
        ).fetchall()
        for schema, table in names
    }


def lake_env(lake: LakeTarget) -> dict[str, str]:
    return {**os.environ, "WAREHOUSE_URL": lake.url, "WAREHOUSE_DATA_PATH": lake.data_path}


def test_the_sample_on_the_lake_equals_the_file_target(
    tmp_path: Path, lake: LakeTarget, sample_raw: Path
) -> None:
    """The 2024 sample built with the lake as its target: the lake's tables are the file's,
    row for row, and the published LKj figures come out of the lake."""
    path = tmp_path / "warehouse" / "warehouse.duckdb"
    result = build_warehouse(path, sample_raw, settings=lake_settings(lake))
    assert result.success
    with connect_lake(lake.url, lake.data_path) as con:
        con.execute(f"attach '{path}' as file (read_only)")
        on_lake, on_file = tables_of(con, "lake"), tables_of(con, "file")
    assert set(on_lake) == set(on_file) - {f"{schema}.{table}" for schema, table in INTERNAL}
    assert {"raw.penempatan", "marts.fct_kpi_annual", "audit.quarantine"} <= set(on_lake)
    for table, rows in on_lake.items():
        assert rows == on_file[table], table
    with analyst.connect_lake(lake.url) as con:  # as an analyst on another machine reads it
        assert con.execute(
            "select realisation from marts.fct_kpi_annual where office_code = 'JATENG' "
            "and year = 2024 and indicator_code = 'IKU1' and target_basis = 'PK'"
        ).fetchone() == (25207,)


@pytest.fixture
def on_lake(raw: Path, published: Path, lake: LakeTarget) -> LakeTarget:
    """The small office published into ``lake`` (and its working copy, ``published``)."""
    result = build_warehouse(published, raw, settings=lake_settings(lake), lock_wait_seconds=0)
    assert result.success
    with analyst.connect_lake(lake.url) as con:
        assert con.execute(CONSISTENT).fetchone()[:2] == (3, 3)
    return lake


READER = textwrap.dedent(
    """
    import sys, time
    from pipelines import analyst
    seen = set()
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not sys.stdin.closed:
        with analyst.connect_lake(sys.argv[1]) as con:
            seen.add(tuple(con.execute(sys.argv[2]).fetchone()))
        print(repr(sorted(seen)), flush=True)
        if len(seen) > 1 and any(s[0] == 2 for s in seen):
            break
    """
)


def test_a_corrected_file_on_the_lake_rewrites_its_rows_and_readers_see_no_mixture(
    raw: Path, published: Path, on_lake: LakeTarget
) -> None:
    """One office's corrected file: the lake gets that file's rows only, and a reader in
    another process, reading all along, sees the old publish or the new, nothing between."""
    drop_last_line(raw / REPATRIATIONS)  # one repatriation less
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, on_lake.url, CONSISTENT],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline()  # it reads before the refresh starts
        result = build_warehouse(published, raw, settings=lake_settings(on_lake))
        assert result.success
        lines = reader.communicate(timeout=300)[0].splitlines()
    finally:
        reader.kill()
    seen = ast.literal_eval(lines[-1])  # the states the reader saw, each (rows, IKU 4, publish)
    assert {(rows, realisation) for rows, realisation, _ in seen} == {(3, 3), (2, 2)}
    assert len({run for _, _, run in seen}) == 2  # the two publishes, and nothing between
    [event] = [
        e
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey(["warehouse", "published"])
    ]
    written = event.materialization.metadata["lake_rows_written"].value
    assert written["raw.pemulangan"] == 2  # the corrected file's rows, not the table's
    assert "raw.penempatan" not in written and "raw.kasus" not in written
    assert one(published, IKU4_2025) == 2


def test_a_lake_refresh_killed_in_its_publish_leaves_the_lake_whole(
    raw: Path, published: Path, on_lake: LakeTarget
) -> None:
    with analyst.connect_lake(on_lake.url) as con:
        before = con.execute(CONSISTENT).fetchone()
    drop_last_line(raw / REPATRIATIONS)
    refresh = subprocess.Popen(
        [sys.executable, "-m", "pipelines", "refresh", "--verbose", "--lang", "en",
         "--raw-dir", str(raw), "--warehouse", str(published)],
        cwd=PROJECT_ROOT, env=lake_env(on_lake), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    for line in refresh.stdout:
        if "into the lake" in line or time.monotonic() > deadline:
            break
    os.killpg(refresh.pid, signal.SIGKILL)  # in the lake's transaction, or just before
    refresh.wait(timeout=30)
    with analyst.connect_lake(on_lake.url) as con:
        after = con.execute(CONSISTENT).fetchone()
    # Killed in its transaction (or, rarely, just after the commit): the lake holds one
    # published state, whole, never a mixture.
    assert after[:2] in {(3, 3), (2, 2)}
    assert after == before or after[2] != before[2]
    # The next refresh publishes, and the dead one's files are cleaned up.
    assert build_warehouse(published, raw, settings=lake_settings(on_lake)).success
    with analyst.connect_lake(on_lake.url) as con:
        assert con.execute(CONSISTENT).fetchone()[:2] == (2, 2)
    on_lake.maintain(keep=dt.timedelta(0))
    with analyst.connect_lake(on_lake.url) as con:
        assert con.execute(CONSISTENT).fetchone()[:2] == (2, 2)


def refresh_cli(raw: Path, published: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``python -m pipelines refresh`` as the operator runs it (no --force), in Indonesian."""
    return subprocess.run(
        [sys.executable, "-m", "pipelines", "refresh", "--raw-dir", str(raw),
         "--warehouse", str(published)],
        cwd=PROJECT_ROOT, env={**env, "REFRESH_LANG": "id"}, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip


def test_a_warehouse_first_published_to_a_new_lake_then_refreshed_without_it(
    raw: Path, published: Path, lake: LakeTarget
) -> None:
    """docs/deploy.md on an office's warehouse: the database made (createdb), WAREHOUSE_URL
    and WAREHOUSE_DATA_PATH set, `make refresh` without --force. The first publish creates
    the lake and names its snapshot, tables and rows; a refresh without WAREHOUSE_URL then
    succeeds and warns that the lake is behind, and how to catch it up."""
    key = environment_key()
    assert nothing_to_do(published, raw, key, follow_symlinks=False) is not None  # nothing new
    assert lake.last_publish() is None  # a database with no lake in it: never published to

    first = refresh_cli(raw, published, lake_env(lake))
    assert first.returncode == 0, first.stderr
    with connect_lake(lake.url, lake.data_path) as con:
        con.execute(f"attach '{published}' as file (read_only)")
        on_lake, on_file = tables_of(con, "lake"), tables_of(con, "file")
        [(snapshot,)] = con.execute("from ducklake_current_snapshot('lake')").fetchall()
    marts = [name for name in on_file if name.startswith("marts.")]
    assert marts and all(on_lake[name] == on_file[name] for name in marts)
    tables, rows = len(on_lake), sum(len(rows) for rows in on_lake.values())
    say = lambda value: messages.number(value, "id")  # noqa: E731
    assert f"snapshot {snapshot} diterbitkan, {say(tables)} tabel dengan {say(rows)} baris" in (
        first.stdout
    )
    assert lake.last_publish() == one(published, "select max(run_id) from audit.lake_publish_log")

    drop_last_line(raw / REPATRIATIONS)  # one repatriation less, published to the file only
    without = {k: v for k, v in lake_env(lake).items() if not k.startswith("WAREHOUSE_")}
    second = refresh_cli(raw, published, without)
    assert second.returncode == 0, second.stderr
    assert one(published, IKU4_2025) == 2
    assert f"PERINGATAN: lake {lake.describe()} sekarang tertinggal" in second.stdout
    at = one(published, "select max(published_at) from audit.lake_publish_log")
    wib = at + dt.timedelta(hours=7)  # stored in UTC; said in Western Indonesian Time
    assert f"pukul {wib:%H.%M} WIB (snapshot {snapshot})" in second.stdout
    assert "isi WAREHOUSE_URL dan WAREHOUSE_DATA_PATH" in second.stdout
    with analyst.connect_lake(lake.url) as con:
        assert con.execute(CONSISTENT).fetchone()[:2] == (3, 3)  # the lake as it was
    # With WAREHOUSE_URL again, the next refresh has work: it catches the lake up.
    assert nothing_to_do(published, raw, environment_key(), lake, follow_symlinks=False) is None


def test_a_lake_that_cannot_be_reached_is_one_line_naming_the_setting(
    raw: Path, published: Path, tmp_path: Path
) -> None:
    """No PostgreSQL at the address: the refresh stops before it starts, with one line that
    names WAREHOUSE_URL and leaves the password out."""
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"ducklake:postgres:host=127.0.0.1 port={port} user=warehouse password=s3cret dbname=x"
    ran = refresh_cli(raw, published, lake_env(LakeTarget(url, f"{tmp_path}/lake-data/")))
    assert ran.returncode == 1
    first, *rest = ran.stderr.splitlines()
    assert first.startswith(f"Lake di WAREHOUSE_URL (ducklake:postgres:host=127.0.0.1 port={port}")
    assert "tidak bisa dihubungi" in first and "Connection refused" in first
    assert "s3cret" not in ran.stdout + ran.stderr
    assert rest == [messages.text("failed", "id")]
