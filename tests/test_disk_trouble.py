"""A warehouse folder that cannot be written, a dbt child left behind, a feed's subfolders,
a warehouse edited outside the refresh: each reproduced with real refreshes."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pipelines.lib import lock, publish
from pipelines.lib.diskerrors import FolderProblem, from_text
from pipelines.lib.failures import FAILURE_LOG, failure_log
from tests.conftest import IKU4_2025, PROJECT_ROOT, REPATRIATIONS, one

NOISE = ("Traceback", 'File "', "Errno")


def command(raw: Path, published: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "pipelines", "refresh",
        "--raw-dir", str(raw), "--warehouse", str(published), *extra,
    ]  # fmt: skip


def cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        list(args), cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, **env},
    )  # fmt: skip


def failures(*logs: Path) -> list[dict]:
    """The failures recorded in these failure logs."""
    return [
        json.loads(line)
        for log in logs
        if log.is_file()
        for line in log.read_text(encoding="utf-8").splitlines()
    ]


def one_line(run: subprocess.CompletedProcess) -> str:
    """What a refresh that failed on its folder says: one line, no traceback."""
    assert run.returncode == 1, run.stdout + run.stderr
    for noise in NOISE:
        assert noise not in run.stdout + run.stderr
    [line] = run.stderr.splitlines()
    assert line.startswith("Refresh GAGAL: ")
    return line


def leftovers(published: Path) -> list[str]:
    """What refreshes left beside the warehouse: builds, unfinished copies."""
    return sorted(p.name for p in published.parent.glob(f"{published.name}.build-*"))


def system_change(folder: Path, make: list[str], undo: list[str], what: str) -> Iterator[Path]:
    """``folder`` changed by the system command ``make`` (skipped, saying ``what`` is not
    possible, where it fails), and ``undo`` at the end."""
    made = subprocess.run([*make, str(folder)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"{what} is not possible here: {made.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run([*undo, str(folder)], check=True)


@pytest.fixture
def immutable(published: Path) -> Iterator[Path]:
    """The warehouse folder made immutable (``chattr +i``): no file is created or removed."""
    yield from system_change(published.parent, ["chattr", "+i"], ["chattr", "-i"], "chattr +i")


def test_an_immutable_warehouse_folder_fails_in_one_line(
    raw: Path, published: Path, immutable: Path, dagster_home: Path
) -> None:
    before = published.read_bytes()
    run = cli(*command(raw, published, "--force"))
    line = one_line(run)
    assert line == (
        f"Refresh GAGAL: folder gudang data {immutable} tidak dapat ditulisi (tidak ada izin, "
        "atau dikunci dari perubahan dengan chattr +i). Tidak ada yang diterbitkan, gudang "
        "data tetap seperti sebelumnya; berkas refresh yang belum selesai sudah dihapus. "
        f"Kegagalan ini dicatat di {dagster_home / 'refresh_failures.jsonl'} (folder gudang "
        "data tidak dapat ditulisi)."
    )
    assert published.read_bytes() == before
    # Not beside the warehouse (it cannot be written): in the Dagster home, naming it.
    assert not failure_log(published).exists()
    [entry] = [e for e in failures(dagster_home / FAILURE_LOG) if e["warehouse"] == str(published)]
    assert "cannot be written" in entry["message"] and str(immutable) in entry["message"]


def test_a_folder_where_the_lock_file_goes_fails_in_one_line(raw: Path, published: Path) -> None:
    lock_file = lock.lock_path(published)
    lock_file.unlink()
    lock_file.mkdir()
    run = cli(*command(raw, published, "--force"))
    assert one_line(run).startswith(
        f"Refresh GAGAL: {lock_file} adalah sebuah folder, padahal refresh menulis berkas di "
        "situ: pindahkan folder itu. "
    )
    [entry] = failures(failure_log(published))
    assert entry["message"].startswith(f"{lock_file} is a folder")
    assert leftovers(published) == []


def test_reports_and_validate_say_a_refused_folder_in_one_line(
    raw: Path, published: Path, immutable: Path
) -> None:
    """The trial of issue 21: `reports` and `validate` ended in a traceback where the
    refresh said one line."""
    base = [sys.executable, "-m", "pipelines"]
    runs = {
        "reports": cli(*base, "reports", "--warehouse", str(published)),
        "validate": cli(*base, "validate", "--raw-dir", str(raw), "--warehouse", str(published)),
    }
    for command, run in runs.items():
        assert run.returncode == 1, run.stdout + run.stderr
        assert "Traceback" not in run.stderr
        line = run.stderr.splitlines()[-1]
        assert line.startswith(f"{command} GAGAL: "), line
        assert f"folder gudang data {immutable} tidak dapat ditulisi (tidak ada izin" in line
        assert line.endswith("lalu jalankan lagi."), line


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A disk of 20 MB (a tmpfs), unmounted at the end."""
    folder = tmp_path / "disk"
    folder.mkdir()
    yield from system_change(
        folder,
        ["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs"],
        ["umount", "--lazy"],
        "a small disk (tmpfs)",
    )


def test_a_full_disk_fails_in_one_line_and_leaves_no_partial_copy(
    raw: Path, published: Path, small_disk: Path, dagster_home: Path
) -> None:
    shutil.copytree(published.parent, small_disk / "warehouse", symlinks=True)
    target = small_disk / "warehouse" / "warehouse.duckdb"
    before = target.read_bytes()
    # The disk keeps half the warehouse's size free: the build's copy cannot be made.
    free = shutil.disk_usage(small_disk).free - len(before) // 2
    (small_disk / "filler").write_bytes(bytes(free))
    run = cli(*command(raw, target, "--force"))
    assert one_line(run).startswith(
        f"Refresh GAGAL: folder gudang data {target.parent} penuh (disk penuh). Tidak ada yang "
        "diterbitkan"
    )
    assert target.read_bytes() == before
    assert leftovers(target) == []
    [entry] = [
        e
        for e in failures(failure_log(target), dagster_home / FAILURE_LOG)
        if e["warehouse"] == str(target)
    ]
    assert "is full" in entry["message"]


# --- a killed refresh's dbt and build -----------------------------------------------


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in text:
            found.append(int(status.parent.name))
    return found


def is_dbt(pid: int) -> bool:
    """A ``dbt build`` process."""
    try:
        return b"build" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False


def alive(pid: int) -> bool:
    """Running (a zombie, dead but not yet reaped, is not)."""
    try:
        return " Z " not in Path(f"/proc/{pid}/stat").read_text().split(")", 1)[1][:3]
    except OSError:
        return False


def test_a_killed_refresh_takes_its_dbt_along_and_its_build_goes_next_night(
    raw: Path, published: Path
) -> None:
    refresh = subprocess.Popen(
        command(raw, published, "--force"),
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300
        dbt = []
        while not dbt:
            assert refresh.poll() is None and time.monotonic() < deadline, "no dbt started"
            dbt = [pid for pid in children(refresh.pid) if is_dbt(pid)]
            time.sleep(0.1)
        os.kill(refresh.pid, signal.SIGKILL)  # the refresh alone, not its process group
        refresh.wait(timeout=30)
        deadline = time.monotonic() + 5
        while alive(dbt[0]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(dbt[0]), "dbt outlived the refresh that started it"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(refresh.pid, signal.SIGKILL)
    assert leftovers(published)  # the dead run's build
    assert publish.dbt_link(published).is_symlink()  # dbt's name for it
    # The next night has nothing to do: it removes the dead run's build all the same.
    run = cli(*command(raw, published))
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Tidak ada yang perlu dikerjakan")
    assert leftovers(published) == []
    assert not publish.dbt_link(published).is_symlink()


# --- files in a subfolder of a feed folder ---------------------------------------------


def test_files_in_a_feed_subfolder_are_named_as_not_read(raw: Path, published: Path) -> None:
    subfolder = raw / "penempatan" / "2024"
    (subfolder / "lama").mkdir(parents=True)
    for name in ("penempatan_TESTB_2025-01.csv", "penempatan_TESTB_2025-04.csv"):
        shutil.copyfile(raw / "penempatan" / name, subfolder / name)
    shutil.copyfile(raw / REPATRIATIONS, subfolder / "lama" / "pemulangan_TESTB_2025.csv")
    (subfolder / "~$penempatan_TESTB_2025-01.csv").write_text("")  # Excel's lock file
    (raw / "kasus" / "kosong").mkdir()  # an empty subfolder is not worth a line
    line = (
        "TIDAK DIBACA: penempatan/2024/: 3 berkas di subfolder ini tidak dibaca: refresh "
        "hanya membaca berkas yang langsung berada di folder feed penempatan/ (pindahkan "
        "berkas itu ke folder feed agar dimuat)"
    )
    # Nothing else changed: a night with nothing to do says so too.
    quiet = cli(*command(raw, published))
    assert quiet.returncode == 0 and line in quiet.stdout.splitlines(), quiet.stdout
    assert "kosong" not in quiet.stdout
    run = cli(*command(raw, published, "--force"))
    assert run.returncode == 0, run.stderr
    assert line in run.stdout.splitlines()
    assert one(published, "select count(*) from audit.file_ledger where status = 'current' "
               "and source_file like '%2024%'") == 0  # fmt: skip
    # The run's log has Dagster's warning, in English.
    [log] = (published.parent / "logs").glob("refresh-*.log")
    [warning] = [line for line in log.read_text().splitlines() if " WARNING " in line]
    assert warning.endswith(
        "raw_files - penempatan/2024/: 3 file(s) in this subfolder were not read: a refresh "
        "reads only the files directly in the feed folder penempatan/ (move them up into it "
        "to load them)"
    )
    check = cli(
        sys.executable, "-m", "pipelines", "validate", "--raw-dir", str(raw),
        "--warehouse", str(published),
    )  # fmt: skip
    assert line in check.stdout.splitlines(), check.stdout + check.stderr


# --- a warehouse written outside the refresh -----------------------------------------------


def test_a_warehouse_edited_outside_the_refresh_is_rebuilt(raw: Path, published: Path) -> None:
    assert not publish.edited_outside(published)
    with duckdb.connect(str(published)) as con:  # an analyst's read-write connection
        con.execute(
            "update marts.fct_kpi_annual set realisation = 999 "
            "where year = 2025 and indicator_code = 'IKU4' and target_basis = 'PK'"
        )
        con.execute("delete from raw.pemulangan where true")
    assert one(published, IKU4_2025) == 999
    assert publish.edited_outside(published)
    run = cli(*command(raw, published))  # no --force: nothing was delivered
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(
        f"Gudang data {published} diubah di luar refresh sejak publikasi terakhirnya (ada "
        "program yang menulis ke dalamnya): gudang data dibangun ulang dari berkas raw.\n"
    )
    assert one(published, IKU4_2025) == 3  # the three repatriations of the fixture
    assert one(published, "select count(*) from raw.pemulangan") == 3
    assert not publish.edited_outside(published)
    again = cli(*command(raw, published))
    assert again.stdout.startswith("Tidak ada yang perlu dikerjakan"), again.stdout


def test_a_full_disk_is_read_from_duckdbs_words_and_pythons(tmp_path: Path) -> None:
    """A step's error reaches the command line as text: DuckDB's, or Python's."""
    warehouse = tmp_path / "warehouse.duckdb"
    build = f"{warehouse}.build-1"
    for text in (
        f'IO Error: Could not write all bytes to file "{build}": No space left on device',
        f"[Errno 28] No space left on device: '{build}'",
    ):
        found = from_text(text)
        assert found == FolderProblem(errno.ENOSPC, Path(build))
        assert found.text(warehouse).render("id") == (
            f"folder gudang data {tmp_path} penuh (disk penuh)"
        )
    assert from_text("a row of penempatan_TESTB_2025-01.csv is wrong") is None


def test_a_full_disk_is_named_by_the_disk_that_is_full(small_disk: Path) -> None:
    """The trial of issue 21: a full warehouse disk while dbt ran was said as dbt's own target
    folder (the first path in dbt's words), on a disk with room to spare."""
    warehouse = small_disk / "warehouse.duckdb"
    target = PROJECT_ROOT / "dbt_project" / "target" / "warehouse_models-1"
    found = from_text(f"[Errno 28] No space left on device: '{target}'", small_disk)
    assert found == FolderProblem(errno.ENOSPC, small_disk)
    assert found.text(warehouse).render("id") == (
        f"folder gudang data {small_disk} penuh (disk penuh)"
    )
