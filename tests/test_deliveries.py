"""What has arrived: the expected deliveries of each office-year and whether it is complete.

Two offices on 15 April 2025 (the reference date the refresh is given):

- TESTB, the small office (tests/fixtures/small_office), with its placements of January
  and March 2025 only: February is missing;
- TESTC, placements of January, February and March 2025 and a repatriations file that
  is refused whole (a header the contract does not know), nothing else.

Both are provisional: TESTB up to January, TESTC up to March. The committed sample
(JATENG 2024) is complete.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.contract.specs import TABLES
from pipelines.unchanged import nothing_to_do
from tests.conftest import SMALL_OFFICE, build_warehouse, write_csv
from tests.test_pseudonym import environment_key

REFERENCE_DATE = dt.date(2025, 4, 15)
PLACEMENTS = "penempatan"
HEADER = (
    "ID_PMI;NIK;NAMA;JENIS_KELAMIN;TANGGAL_PENEMPATAN;UNIT_LAYANAN;JENIS_UNIT;SKEMA;SEKTOR;"
    "NEGARA_TUJUAN;JABATAN;KAB_KOTA_ASAL;P3MI"
)


def placements(raw: Path, office: str, month: int, count: int) -> Path:
    """A placements file of ``office`` for ``month`` of 2025 with ``count`` rows."""
    rows = [
        f"{office}-{month}-{n};99000000000{month:02d}{n:03d};Contoh Orang;P;"
        f"{n + 1:02d}/{month:02d}/2025;P4MI Contoh;BP3MI/P4MI;P to P;Informal;Hongkong;"
        "House Maid;Kab. Contoh;PT. Contoh Jaya"
        for n in range(1, count + 1)
    ]
    return write_csv(raw / PLACEMENTS / f"penempatan_{office}_2025-{month:02d}.csv", HEADER, *rows)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, pseudonym_key_file: Path) -> tuple[Path, Path]:
    """The two offices' raw directory and the warehouse published from it on 15 April 2025."""
    root = tmp_path_factory.mktemp("deliveries")
    raw = Path(shutil.copytree(SMALL_OFFICE, root / "raw"))
    (raw / PLACEMENTS / "penempatan_TESTB_2025-04.csv").unlink()
    placements(raw, "TESTB", 3, 2)
    for month, count in ((1, 1), (2, 2), (3, 1)):
        placements(raw, "TESTC", month, count)
    write_csv(raw / "pemulangan" / "pemulangan_TESTC_2025.csv", "NOMOR;TANGGAL", "1;10/02/2025")
    path = root / "warehouse" / "warehouse.duckdb"
    result = build_warehouse(path, raw, reference_date=REFERENCE_DATE)
    assert result.success
    return path, raw


@pytest.fixture(scope="module")
def con(built: tuple[Path, Path]):
    with duckdb.connect(str(built[0]), read_only=True) as connection:
        yield connection


def rows(con: duckdb.DuckDBPyConnection, sql: str, *params) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def test_a_monthly_feed_is_expected_every_month_of_the_year(
    con: duckdb.DuckDBPyConnection,
) -> None:
    got = rows(
        con,
        "select office_code, period, status, source_file, rows_loaded, is_period_closed "
        "from marts.fct_deliveries where table_name = 'penempatan' and year = 2025 "
        "and period <= 5 order by all",
    )
    assert got == [
        ("TESTB", 1, "delivered", "penempatan/penempatan_TESTB_2025-01.csv", 3, True),
        ("TESTB", 2, "missing", None, None, True),
        ("TESTB", 3, "delivered", "penempatan/penempatan_TESTB_2025-03.csv", 2, True),
        ("TESTB", 4, "missing", None, None, False),
        ("TESTB", 5, "missing", None, None, False),
        ("TESTC", 1, "delivered", "penempatan/penempatan_TESTC_2025-01.csv", 1, True),
        ("TESTC", 2, "delivered", "penempatan/penempatan_TESTC_2025-02.csv", 2, True),
        ("TESTC", 3, "delivered", "penempatan/penempatan_TESTC_2025-03.csv", 1, True),
        ("TESTC", 4, "missing", None, None, False),
        ("TESTC", 5, "missing", None, None, False),
    ]
    # Twelve months each, and a row per table of the contract for every other table.
    counts = rows(
        con,
        "select office_code, count(*) filter (where table_name = 'penempatan'), count(*) "
        "from marts.fct_deliveries where year = 2025 group by all order by all",
    )
    others = len(TABLES) - 1
    assert counts == [("TESTB", 12, 12 + others), ("TESTC", 12, 12 + others)]
    # Only 2025 is expected: TESTB's 2024 is in the historical feed, a standing file.
    assert rows(con, "select distinct year from marts.fct_deliveries") == [(2025,)]


def test_annual_standing_rejected_and_optional_deliveries(
    con: duckdb.DuckDBPyConnection,
) -> None:
    got = rows(
        con,
        "select table_name, period_kind, is_optional, status, source_file, "
        "is_period_closed, reject_rule from marts.fct_deliveries "
        "where office_code = 'TESTC' and table_name in ('pemulangan', 'kasus', "
        "'target_kinerja', 'orientasi') order by table_name",
    )
    assert got == [
        ("kasus", "year", False, "missing", None, False, None),
        ("orientasi", "year", True, "missing", None, False, None),
        ("pemulangan", "year", False, "rejected", "pemulangan/pemulangan_TESTC_2025.csv",
         False, "missing_column"),
        ("target_kinerja", "none", False, "missing", None, True, None),
    ]  # fmt: skip
    # TESTB's standing targets file and its annual cases file are in; its IKPA file not.
    got = rows(
        con,
        "select table_name, status, rows_loaded, first_seen_at is not null "
        "from marts.fct_deliveries where office_code = 'TESTB' and table_name in "
        "('target_kinerja', 'kasus', 'tata_kelola_ikpa') order by table_name",
    )
    assert got == [
        ("kasus", "delivered", 4, True),  # four cases (README.md)
        ("target_kinerja", "delivered", 15, True),  # 15 lines under the header
        ("tata_kelola_ikpa", "missing", None, False),
    ]


def test_provisional_up_to_the_last_complete_month(con: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        con,
        "select office_code, year, status, months_complete, data_through_date, status_label, "
        "deliveries_due, deliveries_delivered, deliveries_rejected, deliveries_missing, "
        "reference_date from marts.fct_office_year_status order by all",
    )
    assert got == [
        ("TESTB", 2025, "provisional", 1, dt.date(2025, 1, 31),
         "Sementara, data s.d. Januari 2025", 3, 2, 0, 1, REFERENCE_DATE),
        ("TESTC", 2025, "provisional", 3, dt.date(2025, 3, 31),
         "Sementara, data s.d. Maret 2025", 3, 3, 0, 0, REFERENCE_DATE),
    ]  # fmt: skip


def test_the_committed_sample_is_complete_for_2024(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as sample:
        status = rows(
            sample,
            "select office_code, year, status, months_complete, data_through_date, "
            "status_label, deliveries_due = deliveries_delivered "
            "from marts.fct_office_year_status",
        )
        not_in = rows(
            sample,
            "select table_name from marts.fct_deliveries where status <> 'delivered' order by all",
        )
    assert status == [
        ("JATENG", 2024, "complete", 12, dt.date(2024, 12, 31), "Lengkap", True),
    ]
    # Only the optional feeds are not delivered.
    assert not_in == [
        (spec.table,) for spec in sorted(TABLES, key=lambda s: s.table) if spec.optional
    ]


def test_a_month_ended_since_is_work_for_the_nightly_refresh(built: tuple[Path, Path]) -> None:
    published, raw = built
    key = environment_key()
    # Later in April nothing changed; on 1 May April has ended: the status may change.
    assert nothing_to_do(published, raw, key, follow_symlinks=False, today=dt.date(2025, 4, 30))
    assert (
        nothing_to_do(published, raw, key, follow_symlinks=False, today=dt.date(2025, 5, 1)) is None
    )
