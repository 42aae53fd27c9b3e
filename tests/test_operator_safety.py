"""An operator's ordinary mistakes never publish wrong, stale or empty marts.

Two refreshes at once, a file put back, a mistyped or unmounted raw
directory, a subset run, a run killed between its renames, a run killed
outright: each is reproduced on the small office's real files with real
refreshes, and what the warehouse, its reports and the operator see after
it is asserted.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.cli import failure_text
from pipelines.definitions import REFRESH_JOB, all_assets, defs, resources
from pipelines.defs.publish.sensors import WAREHOUSE_TAG, build_failure_sensor, fail_dead_runs
from pipelines.defs.reports.assets import update_reports
from pipelines.lib import lock, publish
from pipelines.lib.failures import failure_log
from pipelines.unchanged import nothing_to_do
from tests.conftest import (
    IKU4_2025,
    PROJECT_ROOT,
    REPATRIATIONS,
    SMALL_OFFICE,
    build_warehouse,
    drop_last_line,
    one,
    snapshot,
)
from tests.test_pseudonym import environment_key

REPORT = "TESTB_2025/lkj_TESTB_2025.html"


def reports_state(published: Path) -> tuple[str, bytes]:
    """Where the reports link points, and one report's bytes."""
    link = published.parent / "reports"
    return os.readlink(link), (link / REPORT).read_bytes()


def command(raw: Path, published: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "pipelines", "refresh", "--lang", "en",
        "--raw-dir", str(raw), "--warehouse", str(published), *extra,
    ]  # fmt: skip


def cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        list(args),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **env},
    )


def start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def wait_for_line(process: subprocess.Popen, text: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    for line in process.stdout:
        if text in line:
            return
        assert time.monotonic() < deadline, f"no line with {text!r}"
    raise AssertionError(f"the process ended without a line with {text!r}")


def failure_of(result: dg.ExecuteInProcessResult, step: str) -> str:
    """The innermost error of a failed step."""
    error = result.failure_data_for_node(step).error
    while error.cause is not None:
        error = error.cause
    return error.message


def errors_of(result: dg.ExecuteInProcessResult) -> str:
    """Every error message of a run's events, causes included (a run may fail before any
    step, as it sets up its resources)."""
    messages = []
    for event in result.all_events:
        error = getattr(event.event_specific_data, "error", None)
        while error is not None:
            messages.append(error.message)
            error = error.cause
    return "\n".join(messages)


# --- 1. one refresh at a time ---------------------------------------------------------


def test_a_second_refresh_exits_or_waits_while_one_runs(raw: Path, published: Path) -> None:
    drop_last_line(raw / REPATRIATIONS)  # one repatriation less: 2
    first = start(command(raw, published, "--verbose"))
    try:
        wait_for_line(first, "Running dbt command")  # the first is at work in dbt
        second = cli(*command(raw, published))
        assert second.returncode == 75, second.stderr
        assert "Another refresh of this warehouse is running" in second.stderr
        assert f"process {first.pid} " in second.stderr
        assert "Traceback" not in second.stderr
        # A Dagster run (schedule, sensor, UI) that may not wait fails, naming the holder.
        run = build_warehouse(published, raw, lock_wait_seconds=0)
        assert not run.success
        assert f"another refresh of {published} is running" in errors_of(run)
        first.stdout.read()
        assert first.wait(timeout=300) == 0
    finally:
        for process in (first,):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
    # Whatever ran, what is published is one refresh's: raw rows, marts and ledger agree.
    assert one(published, "select count(*) from raw.pemulangan") == 2
    assert one(published, IKU4_2025) == 2
    assert one(published, "select count(*) from audit.changed_slices") == 0
    assert not lock.is_locked(published)


def test_the_lock_is_the_warehouses_and_goes_with_its_process(tmp_path: Path) -> None:
    warehouse = tmp_path / "w" / "warehouse.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from pipelines.lib import lock\n"
            f"with lock.hold(Path({str(warehouse)!r}), run_id='r1', started_by='a test'):\n"
            "    print('held', flush=True); time.sleep(600)",
        ],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert lock.is_locked(warehouse)
        with (
            pytest.raises(lock.RefreshLocked, match="run r1, started by a test"),
            lock.hold(warehouse, wait_seconds=0.5),
        ):
            pass
        with lock.hold(tmp_path / "other" / "warehouse.duckdb"):  # another warehouse: free
            pass
    finally:
        holder.kill()
        holder.wait()
    assert not lock.is_locked(warehouse)  # killed: the lock went with it
    # One that may wait queues behind the holder, and says whom it waits for.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from pathlib import Path; from pipelines.lib import lock\n"
            f"with lock.hold(Path({str(warehouse)!r}), run_id='r2', started_by='a test'):\n"
            "    print('held', flush=True); time.sleep(2)",
        ],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    told: list[str] = []
    started = time.monotonic()
    with lock.hold(warehouse, wait_seconds=60, on_wait=told.append):
        assert time.monotonic() - started > 0.5  # it waited for the holder to end
    holder.wait(timeout=30)
    [said] = told
    assert said.startswith(f"waiting (at most 60 s) for another refresh of {warehouse} to end: ")
    assert "run r2, started by a test" in said
    with lock.hold(warehouse), lock.hold(warehouse):  # and this process may nest it
        assert lock.is_locked(warehouse)
    assert not lock.is_locked(warehouse)


# --- 2. a file put back ------------------------------------------------------------------


def ledger(path: Path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "select sha256, status, rows_read from audit.file_ledger "
            "where table_name = 'pemulangan' order by first_seen_at"
        ).fetchall()


def test_a_file_put_back_or_an_edit_undone_is_current_again(raw: Path, published: Path) -> None:
    target = raw / REPATRIATIONS
    original = target.read_bytes()
    [(sha, _, _)] = ledger(published)

    target.unlink()
    assert build_warehouse(published, raw).success
    assert ledger(published) == [(sha, "removed", 3)]
    target.write_bytes(original)  # put back
    assert build_warehouse(published, raw).success  # the ledger's unique test passes
    assert ledger(published) == [(sha, "current", 3)]
    assert one(published, IKU4_2025) == 3

    drop_last_line(target)  # edited ...
    assert build_warehouse(published, raw).success
    [(_, first, _), (edited, second, _)] = ledger(published)
    assert (first, second) == ("replaced", "current")
    target.write_bytes(original)  # ... and undone
    assert build_warehouse(published, raw).success
    assert ledger(published) == [(sha, "current", 3), (edited, "replaced", 2)]
    assert one(published, IKU4_2025) == 3


# --- 3. a missing raw directory, folder or office ---------------------------------------


def test_a_missing_raw_directory_changes_nothing(tmp_path: Path, published: Path) -> None:
    before, reports = snapshot(published), reports_state(published)
    missing = tmp_path / "unmounted" / "raw"
    by_option = cli(*command(missing, published))
    assert by_option.returncode == 1
    assert f"raw directory {missing} does not exist" in by_option.stderr
    by_setting = cli(
        sys.executable, "-m", "pipelines", "refresh", "--warehouse", str(published),
        RAW_DIR=str(missing),
    )  # fmt: skip
    assert by_setting.returncode == 1
    assert f"direktori raw {missing} tidak ada" in by_setting.stderr  # the default language
    assert snapshot(published) == before
    assert reports_state(published) == reports
    entries = failure_log(published).read_text().splitlines()
    assert len(entries) == 2 and "does not exist" in json.loads(entries[0])["message"]


def test_a_missing_feed_folder_is_an_error(raw: Path, published: Path) -> None:
    before = snapshot(published)
    shutil.rmtree(raw / "kasus")
    result = build_warehouse(published, raw)
    assert not result.success
    assert "kasus: [missing_folder]" in failure_of(result, "raw_files")
    assert snapshot(published) == before


def test_removing_an_office_or_many_files_needs_allow_removals(raw: Path, published: Path) -> None:
    before, reports = snapshot(published), reports_state(published)
    # Three of the twelve files (25 %): more than the 20 % a refresh removes unasked.
    for name in ("penempatan_TESTB_2025-01.csv", "penempatan_TESTB_2025-04.csv"):
        (raw / "penempatan" / name).unlink()
    (raw / REPATRIATIONS).unlink()
    refused = cli(*command(raw, published))
    assert refused.returncode == 1
    assert "would remove 3 of the 12 file(s)" in refused.stderr
    assert "25% of all files would be removed (more than 20%)" in refused.stderr
    assert "--allow-removals" in refused.stderr
    # Every file of the office gone (the folders kept): refused too, naming the office.
    for path in raw.glob("*/*_TESTB*"):
        path.unlink()
    emptied = build_warehouse(published, raw)
    assert not emptied.success
    failure = emptied.failure_data_for_node("raw_files")
    assert "every file of office(s) TESTB would be removed" in failure_text(failure, "en")
    assert "semua berkas kantor TESTB akan terhapus" in failure_text(failure, "id")
    assert snapshot(published) == before
    assert reports_state(published) == reports
    # Meant: the office's rows leave, and its reports with them.
    allowed = cli(*command(raw, published, "--allow-removals"))
    assert allowed.returncode == 0, allowed.stderr
    assert one(published, "select count(*) from raw.pemulangan") == 0
    assert not (published.parent / "reports" / REPORT).exists()


# --- 4. reports and publish, together or not at all -------------------------------------


def test_a_report_that_cannot_be_written_publishes_nothing(raw: Path, published: Path) -> None:
    before, reports = snapshot(published), reports_state(published)
    drop_last_line(raw / REPATRIATIONS)  # TESTB 2025's report must be written again
    # A folder where the workbook must go: the disk refuses the report.
    link = published.parent / "reports"
    current = link.resolve()
    (current / "TESTB_2025" / "lkj_TESTB_2025.xlsx").unlink()
    (current / "TESTB_2025" / "lkj_TESTB_2025.xlsx" / "blocked").mkdir(parents=True)
    result = build_warehouse(published, raw)
    assert not result.success
    assert [e.step_key for e in result.all_events if e.is_step_failure] == ["published_warehouse"]
    assert snapshot(published) == before  # the warehouse was not published without them
    assert reports_state(published) == reports
    shutil.rmtree(current / "TESTB_2025" / "lkj_TESTB_2025.xlsx")
    result = build_warehouse(published, raw)
    assert result.success
    assert one(published, IKU4_2025) == 2
    assert result.run_id in (link / REPORT).read_text()


def test_a_publish_killed_between_its_renames_is_finished_by_the_next_command(
    raw: Path, published: Path
) -> None:
    old_reports = reports_state(published)
    drop_last_line(raw / REPATRIATIONS)
    # A refresh without its publish step: its build is left, ready.
    steps = [a for a in all_assets() if dg.AssetKey(["warehouse", "published"]) not in a.keys]
    built = dg.materialize(steps, resources=resources(published, raw))
    assert built.success
    run_id = built.run_id
    build = publish.build_path(published, run_id)
    # The publish step as it runs, killed after the warehouse's rename.
    publish.seal(build, run_id, resources(published, raw)["warehouse"].connection_config())
    staged = publish.stage_reports(published, run_id)
    with closing(duckdb.connect(str(build), read_only=True)) as con:
        update_reports(con, staged, run_id)
    publish.swap_in(build, published)
    assert one(published, IKU4_2025) == 2  # the new warehouse ...
    assert reports_state(published) == old_reports  # ... beside the old reports
    # The next command that takes the lock turns the link first.
    with lock.hold(published):
        assert publish.recover(published) == run_id
    assert os.readlink(published.parent / "reports") == f".reports/{run_id}"
    assert run_id in (published.parent / "reports" / REPORT).read_text()
    assert [p.name for p in (published.parent / ".reports").iterdir()] == [run_id]


# --- 5. a subset never publishes -------------------------------------------------------


def test_a_subset_run_publishes_nothing(raw: Path, published: Path) -> None:
    before = snapshot(published)
    drop_last_line(raw / REPATRIATIONS)
    subset = dg.materialize(
        all_assets(),
        resources=resources(published, raw),
        selection=["raw_files", "raw/pemulangan", "warehouse/published", "reports/lkj"],
        raise_on_error=False,
    )
    assert not subset.success
    message = failure_of(subset, "published_warehouse")
    assert "publish refused: this run did not build the whole warehouse" in message
    assert "not built in this run: audit/file_ledger" in message
    assert snapshot(published) == before
    # The same with Dagster's own command line, as the operator typed it.
    typed = cli(
        str(Path(sys.executable).with_name("dagster")), "asset", "materialize",
        "-m", "pipelines.definitions",
        "--select", "raw_files,raw/pemulangan,warehouse/published,reports/lkj",
        WAREHOUSE_PATH=str(published), RAW_DIR=str(raw),
    )  # fmt: skip
    assert typed.returncode != 0
    assert "publish refused" in typed.stdout + typed.stderr
    assert snapshot(published) == before


# --- 17. the tests and a dead run never hold the operator's queue ------------------------


def test_the_tests_keep_a_dagster_home_of_their_own(dagster_home: Path) -> None:
    assert os.environ["DAGSTER_HOME"] == str(dagster_home)
    assert dagster_home.resolve() != (PROJECT_ROOT / ".dagster_home").resolve()
    settings = (dagster_home / "dagster.yaml").read_text()
    assert "max_concurrent_runs: 1" in settings
    assert "run_monitoring:\n  enabled: true" in settings


def started_on(warehouse: Path) -> dg.RunsFilter:
    """The refresh runs of ``warehouse`` that Dagster shows as started."""
    return dg.RunsFilter(
        job_name=REFRESH_JOB,
        statuses=[dg.DagsterRunStatus.STARTED],
        tags={WAREHOUSE_TAG: str(warehouse.resolve())},
    )


def test_a_killed_refresh_is_failed_so_the_queue_moves_on(raw: Path, published: Path) -> None:
    refresh = start(command(raw, published, "--verbose", "--force"))
    try:
        wait_for_line(refresh, "STEP_START")  # the run holds the lock by now
        instance = dg.DagsterInstance.get()
        [record] = instance.get_run_records(filters=started_on(published))
        run_id = record.dagster_run.run_id
        # Alive, it holds the lock: not touched.
        assert fail_dead_runs(instance, REFRESH_JOB, published, dead_after=0) == []
    finally:
        os.killpg(refresh.pid, signal.SIGKILL)
        refresh.wait(timeout=30)
    assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.STARTED  # stuck
    assert fail_dead_runs(instance, REFRESH_JOB, published, dead_after=0) == [run_id]
    assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.FAILURE
    # No failure sensor watches a command-line run: the dead run is recorded here, once.
    [entry] = [json.loads(line) for line in failure_log(published).read_text().splitlines()]
    assert entry["run_id"] == run_id and "process is gone" in entry["message"]
    assert not instance.get_run_records(filters=started_on(published))


# --- 18, 19. what the operator reads ---------------------------------------------------


def test_a_failed_command_line_refresh_is_recorded_once_without_a_stack_trace(
    raw: Path, published: Path
) -> None:
    shutil.rmtree(raw / "penempatan")  # an operator's mistake: a feed folder gone
    run = cli(*command(raw, published))
    assert run.returncode == 1
    assert "penempatan: [missing_folder]" in run.stderr
    assert "-> a feed folder is missing (missing_folder)" in run.stderr
    for noise in ("Traceback", "Stack Trace", "dagster._core", 'File "'):
        assert noise not in run.stdout + run.stderr
    assert len((run.stdout + run.stderr).splitlines()) < 15
    [line] = failure_log(published).read_text().splitlines()
    entry = json.loads(line)
    assert "[missing_folder]" in entry["steps"]["raw_files"]
    assert Path(entry["log"]).is_file()
    # The failure sensor sees the same run in Dagster's history: still one line.
    instance = dg.DagsterInstance.get()
    dagster_run = instance.get_run_by_id(entry["run_id"])
    failure = next(
        e.dagster_event
        for e in instance.all_logs(entry["run_id"])
        if e.dagster_event is not None and e.dagster_event.event_type_value == "PIPELINE_FAILURE"
    )
    sensor = build_failure_sensor(defs().resolve_job_def(REFRESH_JOB))
    with dg.build_run_status_sensor_context(
        sensor_name=sensor.name,
        dagster_event=failure,
        dagster_instance=instance,
        dagster_run=dagster_run,
        resources=resources(published, raw),
    ) as status:
        sensor(status.for_run_failure())
    assert len(failure_log(published).read_text().splitlines()) == 1


def test_the_command_line_prints_a_summary_and_logs_the_rest(raw: Path, published: Path) -> None:
    target = raw / REPATRIATIONS
    target.write_text(target.read_text() + "R-4;31/02/2025;Contoh Sembilan;PMI Sakit;Malaysia;X\n")
    # A NIK of 15 digits, and one with spaces: quarantined, never shown.
    participants = raw / "pemberdayaan" / "pemberdayaan_TESTB_2025.csv"
    niks = ("990000000000205", "9900 0000 0000 0206")
    participants.write_text(
        participants.read_text()
        + "".join(
            f"21/10/2025;Pelatihan;Kab. Contoh;{nik};Peserta Lain;PMI Purna\n" for nik in niks
        )
    )
    run = cli(*command(raw, published))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) < 45  # with the overdue deliveries' heading and a line per office
    assert "- pemulangan: 1 file(s), 3 row(s) loaded, 1 quarantined" in lines
    assert "- pemberdayaan: 1 file(s), 4 row(s) loaded, 2 quarantined" in lines
    header = next(line for line in lines if line.startswith("feed"))
    assert header.split() == ["feed", "files", "rows", "loaded", "quarantined"]
    [bad] = [line for line in lines if line.startswith(REPATRIATIONS)]
    assert bad.split()[1:4] == ["1", "row", "5"]
    assert bad.endswith("not a valid date (invalid_date)")
    assert f"Refresh succeeded: {published}" in lines
    log = Path(lines[-1].removeprefix("Full log: "))
    text = log.read_text()
    assert "Running dbt command" in text and "STEP_SUCCESS" in text  # Dagster's and dbt's
    assert "DEBUG" not in run.stdout
    with duckdb.connect(str(published), read_only=True) as con:
        details = con.execute(
            "select detail from audit.quarantine union all "
            "select first_detail from marts.fct_quarantine_summary"
        ).fetchall()
    assert ("NIK: 15 digits, 16 required",) in details
    for nik in niks:
        assert not [d for (d,) in details if d and (nik in d or nik.replace(" ", "") in d)]
        assert nik not in text and nik not in run.stdout + run.stderr
    # In Bahasa Indonesia by default (validate prints the same summary, without a refresh).
    again = cli(
        sys.executable, "-m", "pipelines", "validate", "--raw-dir", str(raw),
        "--warehouse", str(published),
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert "baris 5" in again.stdout and "bukan tanggal yang sah (invalid_date)" in again.stdout
    assert "feed            berkas    baris dimuat    dikarantina" in again.stdout


def test_validate_lists_every_problem_and_publishes_nothing(raw: Path, published: Path) -> None:
    before = snapshot(published)
    (raw / "penempatan" / "penempatan_TESTB_2025_13.csv").write_text("x\n")
    (raw / "pemulangan" / "pemulangan_TESTC_2025.csv").write_text("ID_PEMULANGAN;TANGGAL\n")
    target = raw / REPATRIATIONS
    target.write_text(target.read_text() + "R-4;31/02/2025;Contoh Sembilan;PMI Sakit;Malaysia;X\n")
    errors = published.parent / "validasi"
    validate = [
        sys.executable, "-m", "pipelines", "validate", "--raw-dir", str(raw),
        "--errors-dir", str(errors),
    ]  # fmt: skip
    run = cli(*validate, "--lang", "en")
    assert run.returncode == 1
    # Both rejected files, not only the first, each with its rule in plain words.
    assert "Validation: 2 file(s) would be REJECTED" in run.stderr
    out = run.stdout
    assert "- penempatan/penempatan_TESTB_2025_13.csv: " in out and "file name" in out
    assert "- pemulangan/pemulangan_TESTC_2025.csv: " in out
    assert "required column(s) missing" in out
    [bad] = [line for line in run.stdout.splitlines() if line.startswith(REPATRIATIONS)]
    assert "row 5" in bad and bad.endswith("(invalid_date)")
    # Every row to fix, and an error workbook per faulty file.
    assert f"- {REPATRIATIONS}, row 5, TANGGAL: " in out
    assert sorted(p.relative_to(errors).as_posix() for p in errors.rglob("*.xlsx")) == [
        "pemulangan/pemulangan_TESTB_2025.csv.xlsx",
        "pemulangan/pemulangan_TESTC_2025.csv.xlsx",
        "penempatan/penempatan_TESTB_2025_13.csv.xlsx",
    ]
    shutil.rmtree(errors)
    assert snapshot(published) == before
    assert sorted(p.name for p in raw.iterdir()) == sorted(p.name for p in SMALL_OFFICE.iterdir())
    # Fixed: the files follow the contract; the bad row would still be quarantined.
    (raw / "penempatan" / "penempatan_TESTB_2025_13.csv").unlink()
    (raw / "pemulangan" / "pemulangan_TESTC_2025.csv").unlink()
    run = cli(*validate)
    assert run.returncode == 0, run.stderr
    assert "Validasi: 12 berkas sesuai kontrak; 1 baris akan dikarantina." in run.stdout


def test_a_night_with_nothing_to_do_ends_at_once(raw: Path, published: Path) -> None:
    """Nothing delivered since the publish: no run, no build, no publish, no log."""
    before = snapshot(published)
    logs = set((published.parent / "logs").glob("*.log"))
    target = raw / REPATRIATIONS
    target.write_bytes(target.read_bytes())  # copied again: same content, new times
    run = cli(*command(raw, published))
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Nothing to do: since the publish of ")
    assert "the 12 raw file(s), the rules, the dbt project and the report code" in run.stdout
    assert snapshot(published) == before
    assert set((published.parent / "logs").glob("*.log")) == logs
    assert not list(published.parent.glob("warehouse.duckdb.build-*"))
    # --force runs it all the same.
    assert "Refresh succeeded" in cli(*command(raw, published, "--force")).stdout
    key = environment_key()
    assert nothing_to_do(published, raw, key, follow_symlinks=False) is not None
    # A slice left to rebuild (a dbt build that did not finish), a rule or key that
    # changed, a file changed: each is work.
    with duckdb.connect(str(published)) as con:
        con.execute("insert into audit.changed_slices values ('pemulangan', 'TESTB', 2025)")
    assert nothing_to_do(published, raw, key, follow_symlinks=False) is None
    with duckdb.connect(str(published)) as con:
        con.execute("delete from audit.changed_slices")
    assert nothing_to_do(published, raw, bytes(32) + b"another key", follow_symlinks=False) is None
    drop_last_line(target)
    assert nothing_to_do(published, raw, key, follow_symlinks=False) is None


def test_the_schedule_skips_a_night_with_nothing_to_do(raw: Path, published: Path) -> None:
    schedule = defs().resolve_schedule_def("nightly_refresh_schedule")

    def tick(instance: dg.DagsterInstance):
        with dg.build_schedule_context(
            instance=instance, resources=resources(published, raw)
        ) as context:
            return schedule.evaluate_tick(context)

    with dg.instance_for_test() as instance:
        skipped = tick(instance)
        assert skipped.run_requests == []
        assert "nothing to do: nothing changed since the publish" in skipped.skip_message
        # The published warehouse is recorded as checked and current (its freshness).
        event = instance.get_latest_materialization_event(dg.AssetKey(["warehouse", "published"]))
        assert event is not None and event.run_id == ""
        assert "nothing changed" in event.asset_materialization.description
        drop_last_line(raw / REPATRIATIONS)
        assert len(tick(instance).run_requests) == 1


def test_a_warehouse_inside_the_raw_directory_is_refused_before_anything_is_written(
    raw: Path,
) -> None:
    """Issue 21: WAREHOUSE_PATH inside a feed folder was rejected only after the refresh had
    written its logs, lock and failure record into the feed folder. Now nothing new appears
    in the raw directory: not by the command line, not by Dagster's code location."""
    from pipelines.definitions import build_definitions
    from pipelines.lib.removals import RawDirectoryError

    def listing() -> list[str]:
        return sorted(path.relative_to(raw).as_posix() for path in raw.rglob("*"))

    before = listing()
    warehouse = raw / "penempatan" / "warehouse.duckdb"
    run = cli(*command(raw, warehouse))
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stderr == (
        f"python -m pipelines: the warehouse {warehouse} lies inside the raw directory {raw}: "
        "a refresh writes its logs and error workbooks beside the warehouse. Set "
        "WAREHOUSE_PATH (or --warehouse) to a file outside the raw directory. Nothing was "
        "written.\n"
    )
    # The setting, in Indonesian (the default); validate writes nothing there either.
    for action in ("refresh", "validate"):
        run = cli(
            sys.executable, "-m", "pipelines", action, "--raw-dir", str(raw),
            WAREHOUSE_PATH=str(warehouse),
        )  # fmt: skip
        assert run.returncode == 2
        assert f"gudang data {warehouse} berada di dalam direktori raw {raw}" in run.stderr
    with pytest.raises(RawDirectoryError, match="lies inside the raw directory"):
        build_definitions(raw / "warehouse.duckdb", raw)
    # dbt's own command, and the other folders a refresh writes into (the trial of issue 21
    # found a warehouse written into raw/kasus/ by `dbt debug`, a Dagster home in raw/kasus/).
    outside = raw.parent / "elsewhere" / "warehouse.duckdb"
    for variable, action in (
        ("WAREHOUSE_PATH", ["dbt", "debug"]),
        ("DAGSTER_HOME", ["refresh", "--raw-dir", str(raw), "--warehouse", str(outside)]),
        ("DUCKDB_TEMP_DIRECTORY", ["validate", "--raw-dir", str(raw)]),
    ):
        inside = raw / "kasus" / "w.duckdb" if variable == "WAREHOUSE_PATH" else raw / "kasus"
        run = cli(
            sys.executable, "-m", "pipelines", *action,
            RAW_DIR=str(raw), REFRESH_LANG="en", **{variable: str(inside)},
        )  # fmt: skip
        assert run.returncode == 2, (variable, run.stderr)
        assert "inside the raw directory" in run.stderr and str(inside) in run.stderr
    assert listing() == before
    assert not outside.parent.exists()
