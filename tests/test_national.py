"""The national workbook (reports/NASIONAL/lkj_NASIONAL_<YEAR>.xlsx), read back with openpyxl.

On the sample warehouse with a second office, TESTX (JATENG's rows of the
marts again, with 10.000 placements in 2024): the offices side by side and
the national row (25.207 + 10.000 = 35.207 placements; 2 x 128 cases, 2 x 48
still in process; the DIPA 2 x 13.488.991.000, absorbed 96,24 %), the
national totals per year, the trends; written by the reports step beside the
offices' reports, kept while no office changes, written again when one does.
"""

from __future__ import annotations

import json
import re
import shutil
from contextlib import closing
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from pipelines.analyst import connect
from pipelines.defs.reports.assets import MARTS_READ, ReportsUpdate, update_reports
from pipelines.lkj.national import national_path
from tests.conftest import add_second_office

SHEETS = [
    "Keterangan",
    "Kantor 2024",
    "Total Nasional",
    "Tren Penempatan",
    "Tren Capaian",
    "Tren Penyerapan",
    "Tren Kasus",
]


@pytest.fixture
def two_offices(warehouse: Path, tmp_path: Path) -> Path:
    """A copy of the sample warehouse with TESTX beside JATENG (see the module's docstring)."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse, path)
    return add_second_office(path)


def update(path: Path, publish_id: str, *changes: str) -> ReportsUpdate:
    with duckdb.connect(str(path)) as con:
        for change in changes:
            con.execute(change)
    with closing(connect(path)) as con:
        return update_reports(con, path.parent / "reports", publish_id, workers=1)


def rows(sheet) -> list[list]:
    """The table's rows (from row 4 to the first empty row), as values."""
    table = []
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if all(value is None for value in row):
            break
        table.append(list(row))
    return table


def by_first_cells(table: list[list], columns: int = 2) -> dict[str, list]:
    return {" ".join(str(v) for v in row[:columns] if v is not None): row for row in table}


def test_the_national_workbook_sums_the_offices(two_offices: Path) -> None:
    written = update(two_offices, "p1")
    assert written.national.rebuilt == {"NASIONAL_2024": "new"}
    path = national_path(two_offices.parent / "reports", 2024)
    assert path == two_offices.parent / "reports" / "NASIONAL" / "lkj_NASIONAL_2024.xlsx"
    book = load_workbook(path)
    assert book.sheetnames == SHEETS
    cover = dict(row[:2] for row in rows(book["Keterangan"])[1:])
    assert cover["Publikasi gudang data (run id)"] == "p1"
    assert cover["Kantor"] == 2
    assert cover["Laporan"] == "Kinerja BP3MI Nasional Tahun 2024"  # no "(Sementara)"
    assert cover["Status data"] == "Lengkap"  # every file of 2024 is in
    assert book.properties.identifier == "p1"
    assert re.fullmatch(
        r"\d{1,2} [A-Z][a-z]+ \d{4} pukul \d{2}\.\d{2} WIB", cover["Laporan dibuat"]
    )

    side = rows(book["Kantor 2024"])
    # Two header rows: No, Kantor, Status data, IKU 1-8 and their mean, Pagu, Realisasi, %,
    # then counts.
    assert side[0][:4] == ["No", "Kantor", "Status data", "Capaian IKU (%)"]
    assert side[1][3:12] == [f"IKU {n}" for n in range(1, 9)] + ["Rata-rata"]
    body = by_first_cells(side[2:])
    jateng, testx = body["1 BP3MI Jawa Tengah"], body["2 BP3MI TESTX"]
    national = body["Nasional (2 kantor)"]
    # Tabel 6 and 24 of the published LKj 2024: IKU 1 71,29 %, mean 88,27 %, 96,24 %.
    assert jateng[3] == 71.29 and jateng[11] == 88.27 and jateng[14] == 96.24
    assert jateng[12:] == [13_488_991_000, 12_981_591_744, 96.24, 25_207, 128, 48]
    assert testx[15:] == [10_000, 128, 48]
    assert national[12:] == [26_977_982_000, 25_963_183_488, 96.24, 35_207, 256, 96]
    assert national[11] == 88.27  # the mean of two offices' 88,27
    assert [jateng[2], testx[2], national[2]] == ["Lengkap"] * 3
    # Figures are numbers with the LKj's formats, not text.
    cell = book["Kantor 2024"].cell(row=4 + 4, column=16)  # Nasional, Penempatan
    assert cell.value == 35_207 and cell.number_format == "#,##0"

    totals = by_first_cells(rows(book["Total Nasional"])[1:], columns=1)
    assert list(totals) == ["2021", "2022", "2023", "2024"]
    assert totals["2024"][1:] == [
        2,
        "Lengkap",
        *(88.27, 26_977_982_000, 25_963_183_488, 96.24, 35_207, 256, 96),
    ]
    # 2021-2023 come from the historical feed: placements, no budget, no cases, no status.
    assert totals["2021"][1:3] == [2, "-"] and totals["2021"][7] == 2 * 4_385
    assert totals["2021"][4:7] == ["-", "-", "-"]  # the sheet's note: "'-': tahun tanpa angka"

    trend = by_first_cells(rows(book["Tren Penempatan"])[1:])
    assert trend["2 BP3MI TESTX"][2:] == [4_385, 16_153, 25_569, 10_000]
    assert trend["Nasional"][2:] == [8_770, 32_306, 51_138, 35_207]

    manifest = json.loads((two_offices.parent / "reports" / "manifest.json").read_text())
    assert manifest["national"]["NASIONAL_2024"]["files"] == ["NASIONAL/lkj_NASIONAL_2024.xlsx"]


def test_the_national_workbook_follows_every_office(two_offices: Path) -> None:
    update(two_offices, "p1")
    path = national_path(two_offices.parent / "reports", 2024)
    stamp = path.stat().st_mtime_ns, path.stat().st_ino
    kept = update(two_offices, "p2")
    assert kept.national.rebuilt == {} and kept.rebuilt == {}
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == stamp

    changed = update(
        two_offices,
        "p3",
        "update marts.fct_kpi_annual set realisation = 10001 where office_code = 'TESTX' "
        "and indicator_code = 'IKU1' and year = 2024",
    )
    assert changed.rebuilt == {"TESTX_2024": "changed"}
    assert changed.national.rebuilt == {"NASIONAL_2024": "changed"}
    side = by_first_cells(rows(load_workbook(path)["Kantor 2024"])[2:])
    assert side["Nasional (2 kantor)"][15] == 35_208  # 25.207 + 10.001

    # A year no office has a report for (JATENG 2022, the historical feed's) is in the
    # trends: a change there writes the national workbook again, and no office's report.
    historical = update(
        two_offices,
        "p3b",
        "update marts.fct_office_annual set budget_absorption_pct_2dp = 50 "
        "where office_code = 'JATENG' and year = 2022",
    )
    assert (historical.rebuilt, historical.national.rebuilt) == ({}, {"NASIONAL_2024": "changed"})

    path.unlink()
    assert update(two_offices, "p4").national.rebuilt == {"NASIONAL_2024": "file missing"}

    gone = update(two_offices, "p5", *(f"delete from marts.{name}" for name in MARTS_READ))
    assert gone.national.removed == ["NASIONAL_2024"]
    assert not path.parent.exists()


def test_the_national_absorption_leaves_out_an_office_whose_realisation_is_not_in() -> None:
    """Office B's ceiling without its realisation (not reported yet) is in the national
    ceiling but not in the absorption: 900 of 1.000 is 90 %, not 900 of 3.000."""
    from pipelines.lkj.national import OfficeYear, national_total

    rows = [
        OfficeYear("A", "BP3MI A", 2024, budget_ceiling=1000, budget_realisation=900),
        OfficeYear("B", "BP3MI B", 2024, budget_ceiling=2000),
    ]
    total = national_total(2024, rows, ())
    assert (total.budget_ceiling, total.budget_realisation) == (3000, 900)
    assert total.budget_absorption_pct == 90.0
