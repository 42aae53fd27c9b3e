"""Progress during the year: realisation to date against the quarter's target, projection.

One generated office, TESTP, refreshed on 15 June 2025 (a fixed reference date, as in
tests/test_deliveries.py): placements of January-May 2025 (so provisional up to May,
the second quarter in progress with two of its months complete), a repatriations file
with rows up to June, a governance file scoring IKU7 in the first and second quarter,
and a targets file phasing IKU1 and IKU7 by quarter but not IKU4 (the pro rata rule).
No cases or preventions file. Every expected figure is computed here from these rows
(docs/warehouse.md, "Progress during the year").
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest

from pipelines.lkj.lkj_workbook import FIRST_ROW, STATUS_ROW
from tests.conftest import SMALL_OFFICE, build_warehouse, write_csv
from tests.test_provisional_reports import placements

REFERENCE_DATE = dt.date(2025, 6, 15)
OFFICE = "TESTP"
YEAR = 2025
PLACEMENTS = {1: 2, 2: 3, 3: 1, 4: 4, 5: 2}  # month -> rows; June not yet delivered
MONTHS = max(PLACEMENTS)  # complete months: January-May
REPATRIATIONS = ["10/02/2025", "03/04/2025", "20/05/2025", "02/06/2025"]  # dd/mm/yyyy
LABEL = "Sementara, data s.d. Mei 2025"
SCORES = {1: 80.0, 2: 95.0}  # IKU7 per quarter; the second quarter is not complete
# (indicator, quarter or None for the year, PK target)
TARGETS = [
    ("IKU1", None, 40, "Orang"),
    ("IKU1", 1, 5, "Orang"),
    ("IKU1", 2, 10, "Orang"),
    ("IKU1", 3, 15, "Orang"),
    ("IKU1", 4, 10, "Orang"),
    ("IKU4", None, 12, "Orang"),
    ("IKU7", None, 90, "Nilai"),
    ("IKU7", 1, 85, "Nilai"),
    ("IKU7", 2, 88, "Nilai"),
    ("IKU7", 3, 90, "Nilai"),
    ("IKU7", 4, 90, "Nilai"),
]


def target(indicator: str, quarter: int | None) -> float:
    return next(t for i, q, t, _ in TARGETS if (i, q) == (indicator, quarter))


def iku1_to_date() -> int:
    """IKU1's target to May: Q1's, then two thirds of Q2's (April and May of April-June),
    5 + 10 x 2 / 3 = 11,67 persons, rounded up: people are whole."""
    return math.ceil(target("IKU1", 1) + target("IKU1", 2) * (MONTHS - 3) / 3)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory, pseudonym_key_file: Path) -> Path:
    root = tmp_path_factory.mktemp("progress")
    raw = Path(shutil.copytree(SMALL_OFFICE, root / "raw"))  # every feed's folder (TESTB)
    for month, count in PLACEMENTS.items():
        placements(raw, OFFICE, YEAR, month, count)
    write_csv(
        raw / "pemulangan" / f"pemulangan_{OFFICE}_{YEAR}.csv",
        "ID_PEMULANGAN;TANGGAL;NAMA_PMI;KATEGORI;NEGARA;KAB_KOTA_ASAL",
        *(
            f"R-{n};{day};Contoh Orang;PMI Terkendala;Malaysia;Kab. Contoh"
            for n, day in enumerate(REPATRIATIONS, 1)
        ),
    )
    write_csv(
        raw / "tata_kelola" / f"nilai_{OFFICE}_{YEAR}.csv",
        "TRIWULAN;KODE_IKU;NILAI;PREDIKAT",
        *(f"{q};IKU7;{score:.2f}".replace(".", ",") + ";" for q, score in SCORES.items()),
    )
    write_csv(
        raw / "target" / f"target_kinerja_{OFFICE}.csv",
        "TAHUN;KODE_IKU;DASAR;TRIWULAN;TARGET;SATUAN",
        *(f"{YEAR};{i};PK;{q or ''};{t};{unit}" for i, q, t, unit in TARGETS),
    )
    path = root / "warehouse" / "warehouse.duckdb"
    assert build_warehouse(path, raw, reference_date=REFERENCE_DATE).success
    return path


@pytest.fixture(scope="module")
def progress(warehouse: Path) -> dict[str, dict]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cursor = con.execute(
            "select * from marts.fct_indicator_progress where office_code = ? and year = ?",
            [OFFICE, YEAR],
        )
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return {row["indicator_code"]: row for row in rows}


def test_one_row_per_indicator_of_the_year_up_to_the_last_complete_month(
    warehouse: Path, progress: dict[str, dict]
) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        declared = con.execute(
            "select count(*) from reference.indicators where ? between first_year and last_year",
            [YEAR],
        ).fetchone()[0]
    assert len(progress) == declared
    row = progress["IKU1"]
    assert row["status"] == "provisional"
    assert row["data_through_date"] == dt.date(YEAR, MONTHS, 31)
    assert row["months_elapsed"] == MONTHS
    assert row["quarter_in_progress"] == 2  # June, the month after May, is in the second


def test_a_count_phased_by_quarter(progress: dict[str, dict]) -> None:
    row = progress["IKU1"]
    realised = sum(PLACEMENTS.values())
    to_date = iku1_to_date()
    annual = target("IKU1", None)
    assert row["realisation_to_date"] == realised
    assert row["target_source"] == "triwulan"
    assert row["target_quarter_cumulative"] == target("IKU1", 1) + target("IKU1", 2)
    assert row["target_to_date"] == to_date
    assert row["annual_target"] == annual
    assert row["progress_pct"] == pytest.approx(realised / to_date * 100)
    # Projected by the quarterly plan: the share of the target to date, of the year's.
    assert row["projection_method"] == "plan"
    assert row["projection_year_end"] == pytest.approx(realised / to_date * annual)
    assert row["projected_achievement_pct"] == pytest.approx(realised / to_date * 100)
    assert row["is_on_track"] is (realised >= to_date)
    assert row["track_label_id"] == ("Sesuai target" if realised >= to_date else "Tertinggal")


def test_a_count_without_quarterly_rows_is_pro_rata(progress: dict[str, dict]) -> None:
    row = progress["IKU4"]
    realised = sum(1 for day in REPATRIATIONS if int(day[3:5]) <= MONTHS)  # not June's
    to_date = math.ceil(target("IKU4", None) * MONTHS / 12)  # persons: rounded up
    assert realised < len(REPATRIATIONS)
    assert row["realisation_to_date"] == realised
    assert row["target_source"] == "prorata"
    assert row["target_to_date"] == to_date
    assert row["target_quarter_cumulative"] == math.ceil(target("IKU4", None) * 6 / 12)
    assert row["projection_method"] == "linear"
    assert row["projection_year_end"] == pytest.approx(realised * 12 / MONTHS)
    assert row["is_on_track"] is (realised >= to_date)
    assert row["track_label_id"] == ("Sesuai target" if realised >= to_date else "Tertinggal")


def test_a_score_is_the_latest_complete_quarter_against_the_quarter_in_progress(
    progress: dict[str, dict],
) -> None:
    row = progress["IKU7"]
    complete_quarters = [q for q in SCORES if q * 3 <= MONTHS]
    latest = SCORES[max(complete_quarters)]
    assert latest != SCORES[max(SCORES)]  # the second quarter's score is not counted yet
    assert row["realisation_to_date"] == latest
    assert row["target_to_date"] == target("IKU7", 2)
    assert row["target_quarter_cumulative"] == target("IKU7", 2)
    assert row["projection_method"] == "latest_score"
    assert row["projection_year_end"] == latest
    assert row["projected_achievement_pct"] == pytest.approx(latest / target("IKU7", None) * 100)
    assert row["is_on_track"] is (latest >= target("IKU7", 2))


def test_on_track_and_the_projection_agree(progress: dict[str, dict]) -> None:
    """A count on track is projected to reach its annual target, one behind to fall short
    ("Sesuai target" beside "Proyeksi capaian 81,04 %" was the trial's contradiction)."""
    judged = [
        row
        for row in progress.values()
        if row["kind"] == "count" and row["is_on_track"] is not None and row["annual_target"]
    ]
    assert {row["indicator_code"] for row in judged} == {"IKU1", "IKU4"}
    for row in judged:
        assert row["is_on_track"] is (row["projected_achievement_pct"] >= 100 - 1e-9), row


def test_no_file_or_no_target_is_not_judged(progress: dict[str, dict]) -> None:
    # IKU2 (2025: cases resolved): a target in no row, no cases file.
    # IKU3 (preventions): neither a target nor a file.
    for code in ("IKU2", "IKU3"):
        row = progress[code]
        assert row["realisation_to_date"] is None
        assert row["target_source"] is None
        assert (row["is_on_track"], row["track_label_id"]) == (None, "-")


# --- the quarterly monitoring workbook, as the refresh published it -----------------------


@pytest.fixture(scope="module")
def workbook(warehouse: Path) -> openpyxl.Workbook:
    folder = warehouse.parent / "reports" / f"{OFFICE}_{YEAR}"
    return openpyxl.load_workbook(folder / f"Monitoring_Triwulan_{OFFICE}_{YEAR}.xlsx")


def sheet_rows(sheet) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(min_row=FIRST_ROW, values_only=True)]


def indicator_row(sheet, indicator_name: str) -> tuple:
    [row] = [r for r in sheet_rows(sheet) if indicator_name in r]
    return row


@pytest.fixture(scope="module")
def names(warehouse: Path) -> dict[str, str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return dict(
            con.execute(
                "select indicator_code, indicator_name from reference.indicators "
                "where ? between first_year and last_year",
                [YEAR],
            ).fetchall()
        )


def test_the_workbook_is_labelled_provisional_on_its_cover_and_sheets(
    workbook: openpyxl.Workbook,
) -> None:
    assert workbook.sheetnames == ["Keterangan", "Triwulan", "Kemajuan"]
    title = workbook["Keterangan"]["A1"].value
    assert title.startswith("Monitoring Capaian Kinerja Triwulanan")
    assert title.endswith(f"Tahun {YEAR} ({LABEL})")
    for name in ("Triwulan", "Kemajuan"):
        assert workbook[name].cell(row=STATUS_ROW, column=1).value == LABEL


def test_the_quarters_sheet_stops_at_the_last_complete_quarter(
    workbook: openpyxl.Workbook, names: dict[str, str]
) -> None:
    sheet = workbook["Triwulan"]
    header = [cell for row in sheet_rows(sheet)[:2] for cell in row if cell]
    assert "Triwulan I" in header and "Triwulan II" not in header  # May: Q2 not complete
    assert header.count("Capaian (%)") == 1
    first_quarter = sum(n for month, n in PLACEMENTS.items() if month <= 3)
    row = indicator_row(sheet, names["IKU1"])
    i = row.index(names["IKU1"])
    assert row[i + 1 : i + 4] == (
        target("IKU1", 1),
        first_quarter,
        round(first_quarter / target("IKU1", 1) * 100, 2),
    )


def test_the_progress_sheet(workbook: openpyxl.Workbook, names: dict[str, str]) -> None:
    sheet = workbook["Kemajuan"]
    header = sheet_rows(sheet)[0]
    assert "Realisasi s.d. Mei 2025" in header and "Target s.d. Mei 2025" in header
    assert "Target kumulatif Triwulan II" in header
    assert "Kemajuan (%)" in header and "Capaian (%)" not in header  # as the dashboard
    realised = sum(PLACEMENTS.values())
    to_date = iku1_to_date()
    row = indicator_row(sheet, names["IKU1"])
    i = row.index(names["IKU1"])
    unit, real, to_date_shown, progress, quarter_end, projection, projected = row[i + 1 : i + 8]
    assert (unit, real, to_date_shown) == ("Orang", realised, to_date)  # a whole person
    assert progress == pytest.approx(realised / to_date * 100, abs=0.01)
    assert quarter_end == target("IKU1", 1) + target("IKU1", 2)
    assert projection == pytest.approx(realised / to_date * target("IKU1", None), abs=0.01)
    assert projected == pytest.approx(projection / target("IKU1", None) * 100, abs=0.01)
    assert row[-2].startswith("Mengikuti pola target triwulan")
    assert row[-1] == "Sesuai target"
    assert indicator_row(sheet, names["IKU4"])[-2].startswith("Linear")
    assert indicator_row(sheet, names["IKU4"])[-1] == "Tertinggal"
    assert indicator_row(sheet, names["IKU3"])[-1] == "-"  # no target, no file
