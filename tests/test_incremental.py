"""A one-file correction reads that file only, and gives what a full rebuild gives.

The whole refresh (marts included) after a one-file change is compared with a full
rebuild in ``test_incremental_marts.py``; here, the ingest on its own.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.lib import ingest, rawscan
from tests.conftest import SMALL_OFFICE, ingest_feeds, snapshot


def two_offices(raw: Path) -> Path:
    """The small office as TESTB, and the same files delivered by a second office TESTD."""
    shutil.copytree(SMALL_OFFICE, raw, ignore=shutil.ignore_patterns("README.md"))
    for path in list(raw.glob("*/*_TESTB*")):
        shutil.copyfile(path, path.with_name(path.name.replace("TESTB", "TESTD")))
    return raw


def contents(path: Path) -> dict[str, list[tuple]]:
    """Every row of the data, quarantine and marts tables, in a stable order."""
    return snapshot(
        path,
        "table_type = 'BASE TABLE' and (table_schema in ('raw', 'marts', 'reference') "
        "or (table_schema = 'audit' and table_name = 'quarantine'))",
    )


def raw_state(path: Path) -> dict[str, list[tuple]]:
    """The placement rows, their quarantine, held duplicates and ledger counts."""
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            "rows": con.execute("select * from raw.penempatan order by all").fetchall(),
            "quarantine": con.execute(
                "select * from audit.quarantine where table_name = 'penempatan' order by all"
            ).fetchall(),
            "held": con.execute("select * from audit.held_penempatan order by all").fetchall(),
            "ledger": con.execute(
                "select source_file, sha256, rows_read, rows_loaded, rows_quarantined "
                "from audit.file_ledger where table_name = 'penempatan' and status = 'current' "
                "order by all"
            ).fetchall(),
        }


def placements_metadata(result) -> dict:
    [event] = [
        e
        for e in result.get_asset_materialization_events()
        if e.asset_key.path == ["raw", "penempatan"]
    ]
    return {name: value.value for name, value in event.materialization.metadata.items()}


def test_a_correction_reads_one_file_and_judges_duplicates_again(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(SMALL_OFFICE, raw, ignore=shutil.ignore_patterns("README.md"))
    january = raw / "penempatan" / "penempatan_TESTB_2025-01.csv"
    april = raw / "penempatan" / "penempatan_TESTB_2025-04.csv"
    # April repeats January's T-001 (another person under the same id): a duplicate.
    with april.open("a") as handle:
        handle.write(
            "T-001;9900000000000191;Contoh Ulang;P;10/04/2025;LTSA Contoh;LTSA/MPP;P to P;"
            "Informal;Taiwan;Caregiver;Kab. Contoh;PT. Contoh Jaya\n"
        )
    warehouse = tmp_path / "incremental.duckdb"
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    before = raw_state(warehouse)
    assert [(q[2], q[3], q[7]) for q in before["quarantine"]] == [
        ("penempatan/penempatan_TESTB_2025-04.csv", 4, "duplicate")
    ]
    assert len(before["held"]) == 1

    # January is corrected: T-001 was typed there by mistake. April's T-001 is now the first.
    lines = january.read_text().splitlines(keepends=True)
    january.write_text("".join(line for line in lines if not line.startswith("T-001;")))
    result = ingest_feeds(raw, warehouse, {"penempatan"})
    assert result.success
    metadata = placements_metadata(result)
    assert metadata["files_read"] == ["penempatan/penempatan_TESTB_2025-01.csv"]
    assert metadata["files"] == {
        "new": 0, "restated": 1, "removed": 0, "unchanged": 1, "rejected": 0,
    }  # fmt: skip
    after = raw_state(warehouse)
    assert after["quarantine"] == [] and after["held"] == []
    assert ("penempatan/penempatan_TESTB_2025-04.csv", 3, 3, 0) in [
        l[:1] + l[2:] for l in after["ledger"]
    ]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select source_file from raw.penempatan where id_pmi = 'T-001'"
        ).fetchall() == [("penempatan/penempatan_TESTB_2025-04.csv",)]
        assert con.execute(
            "select distinct office_code, year from audit.changed_slices "
            "where table_name = 'penempatan' order by all"
        ).fetchall() == [("TESTB", 2025), ("TESTB", None)]
    fresh = tmp_path / "fresh.duckdb"
    assert ingest_feeds(raw, fresh, {"penempatan"}).success
    assert raw_state(fresh) == after

    # April is withdrawn: its rows leave, nothing else is read.
    april.unlink()
    result = ingest_feeds(raw, warehouse, {"penempatan"})
    assert result.success
    metadata = placements_metadata(result)
    assert metadata["files_read"] == [] and metadata["files_removed"] == [
        "penempatan/penempatan_TESTB_2025-04.csv"
    ]
    fresh = tmp_path / "fresh-after-removal.duckdb"
    assert ingest_feeds(raw, fresh, {"penempatan"}).success
    assert raw_state(fresh) == raw_state(warehouse)
    assert len(raw_state(warehouse)["rows"]) == 2


def test_a_rejected_file_leaves_its_batch_and_the_rest_loads(tmp_path: Path) -> None:
    # The two offices' placements (a few rows each) make one batch: the bad file leaves it.
    raw = two_offices(tmp_path / "raw")
    bad = raw / "penempatan" / "penempatan_TESTD_2025-04.csv"
    bad.write_bytes(bad.read_bytes().replace(b"Contoh Empat", "Contoh \u00c9mpat".encode("cp1252")))
    warehouse = tmp_path / "warehouse.duckdb"
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    others = [p for p in sorted((raw / "penempatan").glob("*.csv")) if p != bad]
    rows = sum(len(p.read_text().splitlines()) - 1 for p in others)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from raw.penempatan").fetchall() == [(rows,)]
        assert con.execute(
            "select count(*) from raw.penempatan where source_file = ?", [f"penempatan/{bad.name}"]
        ).fetchall() == [(0,)]
        assert con.execute(
            "select source_file, reject_rule from audit.file_ledger where status = 'rejected'"
        ).fetchall() == [(f"penempatan/{bad.name}", "encoding")]


def test_a_rejected_file_is_read_again_once_corrected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest.load, "BATCH_ROWS", 1)  # a batch per file
    raw = two_offices(tmp_path / "raw")
    bad = raw / "penempatan" / "penempatan_TESTD_2025-04.csv"
    good = bad.read_bytes()
    bad.write_bytes(good.replace(b"Contoh Empat", "Contoh \u00c9mpat".encode("cp1252")))
    warehouse = tmp_path / "warehouse.duckdb"
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success  # TESTD's April is rejected
    # Every other file went in, before and after it.
    others = sorted(f"penempatan/{p.name}" for p in (raw / "penempatan").glob("*.csv") if p != bad)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        written = con.execute("select distinct source_file from raw.penempatan order by 1")
        assert [name for (name,) in written.fetchall()] == others
    # Not read again while it is as it was.
    again = ingest_feeds(raw, warehouse, {"penempatan"})
    assert placements_metadata(again)["files_read"] == []

    bad.write_bytes(good)  # the office sends the file again, as UTF-8
    result = ingest_feeds(raw, warehouse, {"penempatan"})
    assert result.success
    assert placements_metadata(result)["files_read"] == [f"penempatan/{bad.name}"]
    assert placements_metadata(result)["offices_reloaded"] == ["TESTD"]
    fresh = tmp_path / "fresh.duckdb"
    assert ingest_feeds(raw, fresh, {"penempatan"}).success
    assert raw_state(fresh) == raw_state(warehouse)


def test_files_whose_stat_is_unchanged_are_not_hashed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = two_offices(tmp_path / "raw")
    placements = sorted((raw / "penempatan").glob("*.csv"))
    hashed: list[str] = []
    real = rawscan.file_sha256

    def counted(path: Path) -> str:
        hashed.append(path.name)
        return real(path)

    monkeypatch.setattr(rawscan, "file_sha256", counted)
    warehouse = tmp_path / "warehouse.duckdb"
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    assert sorted(hashed) == [p.name for p in placements]  # the first load hashes every file
    with duckdb.connect(str(warehouse), read_only=True) as con:
        remembered = con.execute(
            "select source_file, size_bytes, mtime_ns, inode, sha256 from audit.raw_file_stats "
            "where table_name = 'penempatan' order by source_file"
        ).fetchall()
    assert remembered == [
        (f"penempatan/{p.name}", p.stat().st_size, p.stat().st_mtime_ns, p.stat().st_ino, real(p))
        for p in placements
    ]

    hashed.clear()
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    assert hashed == []

    # One file corrected in place, same size, its modification time put back: the change
    # time still differs, so it is hashed, found changed and read again.
    april = raw / "penempatan" / "penempatan_TESTB_2025-04.csv"
    before = april.stat()
    april.write_bytes(april.read_bytes().replace(b";Taiwan;", b";Jepang;", 1))
    os.utime(april, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (april.stat().st_size, april.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    hashed.clear()
    result = ingest_feeds(raw, warehouse, {"penempatan"})
    assert result.success
    assert hashed == [april.name]
    assert placements_metadata(result)["files_read"] == [f"penempatan/{april.name}"]


SECOND = 1_000_000_000


@pytest.mark.parametrize(
    ("written_ns", "now_ns", "settled"),
    [
        # nanosecond times: a write 10 ms later shows
        (1_764_300_000_123_456_789, 1_764_300_000_123_456_789 + 5_000_000, False),
        (1_764_300_000_123_456_789, 1_764_300_000_123_456_789 + 11_000_000, True),
        # whole-second times (a FAT or network share): two seconds must pass
        (1_764_300_000 * SECOND, 1_764_300_000 * SECOND + SECOND, False),
        (1_764_300_000 * SECOND, 1_764_300_000 * SECOND + 3 * SECOND, True),
        # a clock behind the file server's: never settled
        (1_764_300_000_123_456_789, 1_764_300_000_000_000_000, False),
    ],
)
def test_a_stat_vouches_for_a_file_only_a_tick_after_its_last_write(
    written_ns: int, now_ns: int, settled: bool
) -> None:
    assert rawscan.stat_settled(written_ns - SECOND, written_ns, now_ns) is settled
    assert rawscan.stat_settled(written_ns, written_ns - SECOND, now_ns) is settled


def test_a_file_written_during_the_load_is_hashed_again_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = two_offices(tmp_path / "raw")
    april = raw / "penempatan" / "penempatan_TESTB_2025-04.csv"
    hashed: list[str] = []
    real = rawscan.file_sha256

    def hash_then_touch(path: Path) -> str:
        hashed.append(path.name)
        digest = real(path)
        if path == april and len(hashed) <= 8:
            path.write_bytes(path.read_bytes())  # written again as it is hashed
        return digest

    monkeypatch.setattr(rawscan, "file_sha256", hash_then_touch)
    warehouse = tmp_path / "warehouse.duckdb"
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    hashed.clear()
    # Its stat was taken before it was written again: the next load sees it changed.
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    assert hashed == [april.name]


def test_a_file_written_within_a_tick_of_its_stat_is_not_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    (raw / "penempatan").mkdir(parents=True)
    fresh = raw / "penempatan" / "penempatan_TESTB_2025-04.csv"
    fresh.write_text("ID_PMI\n")
    written = max(fresh.stat().st_mtime_ns, fresh.stat().st_ctime_ns)
    con = duckdb.connect()
    con.execute(ingest.AUDIT_DDL)
    for clock, remembered in ((written + 1_000_000, False), (written + 3 * SECOND, True)):
        monkeypatch.setattr(rawscan.time, "time_ns", lambda clock=clock: clock)
        hashes, stats = ingest.file_hashes(con, "penempatan", [fresh], raw)
        assert hashes == {"penempatan/penempatan_TESTB_2025-04.csv": rawscan.file_sha256(fresh)}
        assert [row[1] for row in stats] == (
            ["penempatan/penempatan_TESTB_2025-04.csv"] if remembered else []
        )


def test_the_sensor_sees_a_same_size_correction_with_its_time_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = two_offices(tmp_path / "raw")
    april = raw / "penempatan" / "penempatan_TESTB_2025-04.csv"
    hashed: list[str] = []
    real = rawscan.file_sha256

    def counted(path: Path) -> str:
        hashed.append(path.name)
        return real(path)

    monkeypatch.setattr(rawscan, "file_sha256", counted)
    # Files copied a moment ago are not yet settled (the sensor would hash them again).
    newest = max(max(p.stat().st_mtime_ns, p.stat().st_ctime_ns) for p in raw.glob("*/*"))
    while not rawscan.stat_settled(newest, newest, time.time_ns()):
        time.sleep(0.01)
    cache: dict[str, list] = {}
    first = rawscan.raw_listing(raw, cache, follow_symlinks=False)
    assert sorted(hashed) == sorted(p.name for p in raw.glob("*/*") if p.is_file())
    hashed.clear()
    assert rawscan.raw_listing(raw, cache, follow_symlinks=False) == first and hashed == []

    before = april.stat()
    april.write_bytes(april.read_bytes().replace(b";Taiwan;", b";Jepang;", 1))
    os.utime(april, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (april.stat().st_size, april.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    after = rawscan.raw_listing(raw, cache, follow_symlinks=False)
    assert hashed == [april.name]
    assert [row for row in after if row not in first] == [[f"penempatan/{april.name}", real(april)]]
