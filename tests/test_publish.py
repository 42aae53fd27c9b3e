"""Nothing lost, nothing half-published: readers, kills, restatements, blocked publishes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import REFRESH_JOB, all_assets, defs, resources
from pipelines.defs.publish.sensors import FAILURE_LOG, build_failure_sensor, build_raw_files_sensor
from pipelines.lib import publish
from tests.conftest import (
    IKU4_2025,
    PROJECT_ROOT,
    REPATRIATIONS,
    build_warehouse,
    drop_last_line,
    one,
    snapshot,
)


def test_a_reader_keeps_its_version_while_a_refresh_publishes(raw: Path, published: Path) -> None:
    reader_code = textwrap.dedent(
        f"""
        import sys, duckdb
        con = duckdb.connect({str(published)!r}, read_only=True)
        for line in sys.stdin:
            print(con.execute({IKU4_2025!r}).fetchall()[0][0], flush=True)
        """
    )
    reader = subprocess.Popen(
        [sys.executable, "-c", reader_code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        reader.stdin.write("?\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "3.0"
        drop_last_line(raw / REPATRIATIONS)  # one repatriation less: 2
        assert build_warehouse(published, raw).success
        reader.stdin.write("?\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "3.0"  # the old file, still open
        assert one(published, IKU4_2025) == 2  # a new connection sees the new one
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
    assert reader.returncode == 0


def test_a_refresh_killed_in_dbt_leaves_the_published_warehouse(raw: Path, published: Path) -> None:
    before = snapshot(published)
    drop_last_line(raw / REPATRIATIONS)
    command = [
        sys.executable, "-m", "pipelines", "refresh", "--verbose",
        "--raw-dir", str(raw), "--warehouse", str(published),
    ]  # fmt: skip
    refresh = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    for line in refresh.stdout:
        if "Running dbt command" in line or time.monotonic() > deadline:
            break
    time.sleep(1.5)  # dbt is at work on the build file
    os.killpg(refresh.pid, signal.SIGKILL)
    refresh.wait(timeout=30)
    assert refresh.returncode == -signal.SIGKILL
    assert snapshot(published) == before
    assert list(published.parent.glob("warehouse.duckdb.build-*"))  # the dead run's build

    assert build_warehouse(published, raw).success
    assert one(published, IKU4_2025) == 2


def ledger(path: Path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "select source_file, status, rows_read, rows_loaded from audit.file_ledger "
            "where table_name = 'pemulangan' order by first_seen_at, status"
        ).fetchall()


# Slow (four refreshes); tests/test_operator_safety.py covers each case in the default run
# (a file put back or restated, a removal, a copy with the same content): make test-all.
@pytest.mark.slow
def test_redelivery_restatement_and_removal(raw: Path, published: Path) -> None:
    target = raw / REPATRIATIONS
    first = ledger(published)
    assert first == [(REPATRIATIONS, "current", 3, 3)]

    # The same file delivered again (new time, same content): nothing changes.
    target.write_bytes(target.read_bytes())
    result = build_warehouse(published, raw)
    assert result.success
    changed = result.asset_materializations_for_node("raw_pemulangan")[0].metadata["changed"]
    assert changed.value is False
    assert ledger(published) == first
    assert one(published, "select count(*) from raw.pemulangan") == 3

    # A corrected file replaces the earlier content: no duplicates, the correction counts.
    target.write_text(target.read_text().replace("R-3;12/11/2025", "R-3;12/10/2025"))
    assert build_warehouse(published, raw).success
    assert [row[1] for row in ledger(published)] == ["replaced", "current"]
    assert one(published, "select count(*) from raw.pemulangan") == 3
    assert one(published, "select max(tanggal) from raw.pemulangan").month == 10

    # A removed file's rows leave the warehouse.
    target.unlink()
    assert build_warehouse(published, raw).success
    assert [row[1] for row in ledger(published)] == ["replaced", "removed"]
    assert one(published, "select count(*) from raw.pemulangan") == 0
    assert one(published, IKU4_2025) is None


def test_a_failed_reconciliation_blocks_the_publish(published: Path, raw: Path) -> None:
    """A ledger that no longer matches the tables (tampered here) stops the run before
    anything is published."""
    with duckdb.connect(str(published)) as con:
        con.execute(
            "update audit.file_ledger set rows_read = rows_read + 1 "
            "where table_name = 'pemulangan' and status = 'current'"
        )
    # A tamper the publish's stamp does not see (the file's times put back, say): else the
    # refresh would not start from the file at all (test_disk_trouble.py).
    publish.record_stamp(published, publish.last_publish(published))
    before = snapshot(published)
    result = build_warehouse(published, raw)
    assert not result.success
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    assert [e.asset_check_key.asset_key.to_user_string() for e in failed] == ["raw/pemulangan"]
    published_events = result.asset_materializations_for_node("published_warehouse")
    assert published_events == []
    assert snapshot(published) == before


def test_raw_files_sensor_reacts_to_content_not_time(raw: Path, published: Path) -> None:
    sensor = build_raw_files_sensor(defs().resolve_job_def(REFRESH_JOB))
    cursor = None

    def evaluate(instance: dg.DagsterInstance):
        nonlocal cursor
        with dg.build_sensor_context(
            instance=instance, cursor=cursor, resources=resources(published, raw)
        ) as context:
            result = sensor(context)
            cursor = context.cursor
        return result

    with dg.instance_for_test() as instance:
        assert isinstance(evaluate(instance), dg.SkipReason)  # as published
        target = raw / REPATRIATIONS
        target.write_bytes(target.read_bytes())
        assert isinstance(evaluate(instance), dg.SkipReason)  # touched, same content
        drop_last_line(target)
        assert isinstance(evaluate(instance), dg.RunRequest)
        target.unlink()
        assert isinstance(evaluate(instance), dg.RunRequest)  # a removal is a change too


def test_failure_sensor_records_the_failed_refresh(tmp_path: Path, raw: Path) -> None:
    shutil.rmtree(raw / "penempatan")  # an operator's mistake (a bad file is only rejected)
    warehouse = tmp_path / "w" / "warehouse.duckdb"
    sensor = build_failure_sensor(defs().resolve_job_def(REFRESH_JOB))
    with dg.instance_for_test() as instance:
        result = dg.materialize(
            all_assets(),
            resources=resources(warehouse, raw),
            instance=instance,
            raise_on_error=False,
        )
        assert not result.success
        failure = next(e for e in result.all_events if e.event_type_value == "PIPELINE_FAILURE")
        with dg.build_run_status_sensor_context(
            sensor_name=sensor.name,
            dagster_event=failure,
            dagster_instance=instance,
            dagster_run=instance.get_run_by_id(result.run_id),
            resources=resources(warehouse, raw),
        ) as status:
            sensor(status.for_run_failure())
    [line] = (warehouse.parent / FAILURE_LOG).read_text().splitlines()
    entry = json.loads(line)
    assert entry["run_id"] == result.run_id
    assert "penempatan: [missing_folder]" in entry["steps"]["raw_files"]
    assert not warehouse.exists()  # nothing was published
