"""A file larger than memory is read in bounded memory (issue 21, point 1).

A large CSV is read in parts of :data:`~pipelines.lib.readers.PART_BYTES`,
checked to its end before any of its rows is stored, then validated and
stored batch by batch: the peak memory of a check or a refresh does not grow
with the file. The reproduction generates a placement CSV of millions of
ordinary rows (:mod:`pipelines.sample.large_file`) and runs the real command
line on it in a child process, whose peak resident memory is read from the
system; the parts' semantics (the file's own row numbers, a fault anywhere
rejecting the whole file, a restated file's rows replaced once) are checked
on small parts of small files, through real loads.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.contract.specs import FEEDS
from pipelines.lib.ingest import load, read
from pipelines.lib.readers import read_csv_parts, read_csv_text
from pipelines.sample.large_file import NAME, write_large_csv
from tests.conftest import PROJECT_ROOT, ingest_feeds, rejected, write_csv
from tests.test_hostile_input import JANUARY
from tests.test_ingest import PLACEMENT_HEADER, placement

# The documented bound (docs/input-errors.md, "Large files"): the peak resident memory of
# `validate` with one CSV of any size. Before issue 21 a 2,000,000-row file took 2.8 GB.
VALIDATE_BOUND_MB = 1_500
# A refresh adds DuckDB's own memory (DUCKDB_MEMORY_LIMIT, 1 GB by default) and dbt.
REFRESH_BOUND_MB = 2_000


def rows_of(count: int, every: int = 7) -> list[str]:
    """Placement rows, some with quoted values holding ';', '"' and line breaks."""
    out = []
    for n in range(1, count + 1):
        row = placement(f"A{n:06d}", f"{n % 28 + 1:02d}/01/2024")
        if n % every == 0:
            row = row.replace("Nama Contoh", '"Nama; ""Ani""\nContoh"')
        out.append(row)
    return out


def test_a_csv_read_in_parts_is_the_file_read_whole(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "raw" / JANUARY, PLACEMENT_HEADER, *rows_of(3_000))
    parts = list(read_csv_parts(path, part_bytes=16_384))
    assert len(parts) > 10
    assert pl.concat(parts).equals(read_csv_text(path))
    # The file's own row numbers: the header is row 1, a value's line break is no new row.
    assert pl.concat(parts)["source_row"].to_list() == list(range(2, 3_002))


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files of a few hundred KB read in parts of 16 KB and loaded 500 rows a batch, so
    that a small file takes the path of a large one."""
    monkeypatch.setattr(read, "PART_BYTES", 16_384)
    monkeypatch.setattr(load, "BATCH_ROWS", 500)


def counts(warehouse: Path) -> tuple:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select (select count(*) from raw.penempatan), "
            "(select list(source_row order by source_row) from audit.quarantine), "
            "(select list((status, rows_read, rows_loaded, rows_quarantined)) "
            "from audit.file_ledger where table_name = 'penempatan' and status <> 'replaced')"
        ).fetchone()


@pytest.mark.usefixtures("small_parts")
def test_a_file_read_in_parts_loads_every_row_at_its_own_row_number(tmp_path: Path) -> None:
    rows = rows_of(3_000)
    rows[2_400] = rows[2_400].replace("/01/2024", "/13/2024")  # row 2,402: no 13th month
    path = write_csv(tmp_path / "raw" / JANUARY, PLACEMENT_HEADER, *rows)
    assert path.stat().st_size > 10 * read.PART_BYTES
    warehouse = tmp_path / "w.duckdb"
    assert ingest_feeds(tmp_path / "raw", warehouse, {"penempatan"}).success
    assert counts(warehouse) == (2_999, [2_402], [("current", 3_000, 2_999, 1)])
    # Restated: its old rows leave once, with its first part, not with each part.
    rows[2_400] = placement("A002401", "02/01/2024")
    write_csv(path, PLACEMENT_HEADER, *rows[:2_500])
    assert ingest_feeds(tmp_path / "raw", warehouse, {"penempatan"}).success
    assert counts(warehouse) == (2_500, None, [("current", 2_500, 2_500, 0)])


@pytest.mark.usefixtures("small_parts")
def test_a_fault_in_a_late_part_rejects_the_whole_file(tmp_path: Path) -> None:
    rows = rows_of(3_000)
    good = write_csv(tmp_path / "raw" / JANUARY, PLACEMENT_HEADER, *rows)
    warehouse = tmp_path / "w.duckdb"
    assert ingest_feeds(tmp_path / "raw", warehouse, {"penempatan"}).success
    rows[2_800] = rows[2_800].replace("Nama Contoh", 'Nama "Ani" Contoh')  # row 2,802
    write_csv(good, PLACEMENT_HEADER, *rows)
    ingest_feeds(tmp_path / "raw", warehouse, {"penempatan"})
    [message] = rejected(warehouse, tmp_path / "raw")
    assert message.startswith(f'{good}, row 2802: [csv_format] a " inside a value')
    # Nothing of the new version is stored; the version accepted before keeps its rows.
    assert counts(warehouse) == (
        3_000, None, [("current", 3_000, 3_000, 0), ("rejected", 0, 0, 0)]
    )  # fmt: skip


def test_a_batch_of_150_000_rows_keeps_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch over ~120,000 rows, written in the transaction that first forgets its office's
    old files: DuckDB 1.5.5 committed none of its rows when that transaction had inserted
    no held duplicates from an empty table (store.forget_files), and validate said
    "0 loaded, 0 quarantined" of a 1,000,000-row file. Read whole, in one batch."""
    monkeypatch.setattr(read, "PART_BYTES", 1 << 30)
    monkeypatch.setattr(load, "BATCH_ROWS", 200_000)
    raw = large_raw(tmp_path, 150_000)
    warehouse = tmp_path / "w.duckdb"
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    assert counts(warehouse)[0] + len(counts(warehouse)[1] or []) == 150_000
    assert counts(warehouse)[2] == [("current", 150_000, 150_000, 0)]


def child_peak_mb() -> float:
    """The largest peak resident memory of the children waited for so far, in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines", *args, "--lang", "en"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900, env=dict(os.environ),
    )  # fmt: skip


def large_raw(tmp_path: Path, rows: int) -> Path:
    """A raw directory of empty feed folders and one placement CSV of ``rows`` rows."""
    raw = tmp_path / "raw"
    for feed in FEEDS:
        (raw / feed).mkdir(parents=True)
    path = write_large_csv(raw, rows)
    with path.open("rb") as handle:
        assert sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")) == (
            rows + 1
        )
    return raw


def test_a_large_csv_is_validated_in_bounded_memory(tmp_path: Path) -> None:
    """2,000,000 rows, 320 MB: 2.8 GB before issue 21, some 0.8 GB read in parts."""
    raw = large_raw(tmp_path, 2_000_000)
    # A child of this test alone: RUSAGE_CHILDREN is the peak of every child waited for.
    code = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=False, stdout=sys.stdout, stderr=sys.stderr); "
        "print('peak', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, sys.executable, "-m", "pipelines", "validate",
         "--raw-dir", str(raw), "--errors-dir", str(tmp_path / "errors"), "--lang", "en"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900, env=dict(os.environ),
    )  # fmt: skip
    assert "Validation: 1 file" in result.stdout, result.stdout + result.stderr
    peak = int(re.search(r"^peak (\d+)$", result.stdout, re.M)[1]) / 1024
    assert peak < VALIDATE_BOUND_MB, f"peak {peak:.0f} MB"
    # Every row of the file is loaded: the summary's placements line.
    assert re.search(r"^penempatan\s+1\s+2,000,000\s+0\s*$", result.stdout, re.M), result.stdout


@pytest.mark.slow
def test_a_refresh_of_a_large_csv_stays_in_bounded_memory(tmp_path: Path) -> None:
    """1,000,000 rows through a whole refresh (ingest, dbt, publish) into a warehouse."""
    raw = large_raw(tmp_path, 1_000_000)
    warehouse = tmp_path / "warehouse" / "warehouse.duckdb"
    code = (
        "import resource, subprocess, sys; "
        "r = subprocess.run(sys.argv[1:], check=False, stdout=sys.stdout, stderr=sys.stderr); "
        "print('peak', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
        "sys.exit(r.returncode)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, sys.executable, "-m", "pipelines", "refresh",
         "--raw-dir", str(raw), "--warehouse", str(warehouse), "--lang", "en"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900, env=dict(os.environ),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    peak = int(re.search(r"^peak (\d+)$", result.stdout, re.M)[1]) / 1024
    assert peak < REFRESH_BOUND_MB, f"peak {peak:.0f} MB"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select rows_read, rows_loaded, rows_quarantined from audit.file_ledger "
            "where source_file = ?",
            [NAME],
        ).fetchall() == [(1_000_000, 1_000_000, 0)]
