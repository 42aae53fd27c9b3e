"""The national workbook on a year in progress, read back with openpyxl.

The warehouse is tests/partial_year.py's, refreshed on 15 April 2026: TESTB's 2025
complete, TESTB's and TESTC's 2026 provisional (a month missing each, no cases file).
The labels expected are the status mart's (``fct_office_year_status``), the figures the
fixture's files (their rows, ``PLACEMENTS``); which are provisional, the fixture's
declarations.
"""

from __future__ import annotations

import shutil
from contextlib import closing
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from pipelines.analyst import connect
from pipelines.defs.reports.assets import update_reports
from pipelines.lkj.national import national_path
from pipelines.lkj.year_status import PROVISIONAL_NOTE
from tests.partial_year import PLACEMENTS

PARTIAL, COMPLETE = 2026, 2025
OFFICES = sorted(PLACEMENTS)  # TESTB, TESTC: both have 2026, both provisional
MARK = '" (sementara)"'  # the end of a provisional figure's number format


@pytest.fixture(scope="module")
def built(partial_year_warehouse: Path) -> Path:
    return partial_year_warehouse


@pytest.fixture(scope="module")
def reports(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reports of a copy of the warehouse, whose cases mart holds a 0 for TESTC 2026
    (as a count of nothing would): no cases file of 2026 was delivered, so "-" all the same."""
    path = tmp_path_factory.mktemp("national") / "warehouse.duckdb"
    shutil.copyfile(built, path)
    with duckdb.connect(str(path)) as con:
        con.execute(
            "insert into marts.fct_cases_annual select * replace ('TESTC' as office_code, "
            f"{PARTIAL} as year, 0 as cases, 0 as cases_open) from marts.fct_cases_annual "
            f"where office_code = 'TESTB' and year = {COMPLETE} limit 1"
        )
    with closing(connect(path)) as con:
        update_reports(con, path.parent / "reports", "p1", workers=1)
    return path


@pytest.fixture(scope="module")
def labels(built: Path) -> dict[tuple[str, int], str]:
    """The status mart's label of every provisional office-year."""
    with closing(connect(built)) as con:
        rows = con.execute(
            "select office_code, year, status_label from marts.fct_office_year_status "
            "where not is_complete"
        ).fetchall()
    return {(office, year): label for office, year, label in rows}


def table(sheet: Worksheet) -> list[list]:
    """The sheet's table (row 4 to the first empty row), as cells."""
    found = []
    for row in sheet.iter_rows(min_row=4):
        if all(cell.value is None for cell in row):
            break
        found.append(list(row))
    return found


def by_name(cells: list[list], column: int = 1) -> dict[str, list]:
    return {str(row[column].value): row for row in cells}


def test_a_year_in_progress_is_labelled(reports: Path, labels: dict) -> None:
    # the fixture: every office's 2026 is short of a month, its 2025 (TESTB) complete
    assert set(labels) == {(office, PARTIAL) for office in OFFICES}
    book = load_workbook(national_path(reports.parent / "reports", PARTIAL))
    title = f"Kinerja BP3MI Nasional Tahun {PARTIAL} (Sementara)"
    assert book.properties.title == title
    cover = book["Keterangan"]
    assert cover["A2"].value == f"Laporan {title}"
    said = {row[0].value: row[1].value for row in table(cover)[1:]}
    assert said["Laporan"] == title
    named = "; ".join(f"BP3MI {o}: {labels[(o, PARTIAL)]}" for o in OFFICES)
    assert said["Status data"] == (
        f"Angka tahun {PARTIAL} bersifat sementara: {len(OFFICES)} dari {len(OFFICES)} kantor "
        f"belum lengkap berkasnya ({named}). Jumlah nasional memuat angka sementara itu."
    )

    # Every table of the year says so under its title; the offices' table names each label.
    for name in book.sheetnames[1:]:
        assert book[name]["A3"].value.startswith(f"Sementara: {len(OFFICES)} dari")
    side = book[f"Kantor {PARTIAL}"]
    head = [cell.value for cell in table(side)[0]]
    status, placed, cases, still_open = (
        head.index(name) for name in ("Status data", "Penempatan (orang)", "Kasus", "Masih proses")
    )
    body = by_name(table(side)[2:])
    national = by_name(table(side)[2:], column=0)["Nasional (2 kantor)"]
    for office in OFFICES:
        row = body[f"BP3MI {office}"]
        assert row[status].value == labels[(office, PARTIAL)]
        assert row[placed].value == sum(PLACEMENTS[office][PARTIAL].values())
        # no cases file of 2026 (TESTC's mart row says 0): "-", not 0
        assert (row[cases].value, row[still_open].value) == ("-", "-")
    assert national[status].value == f"Sementara ({len(OFFICES)} dari {len(OFFICES)} kantor)"
    assert (national[cases].value, national[still_open].value) == ("-", "-")


def test_the_trends_mark_a_partial_year(reports: Path) -> None:
    """A provisional office-year's figure, and the national figure of its year, are
    followed by "(sementara)" (a number still: its format says it); whole years are not."""
    book = load_workbook(national_path(reports.parent / "reports", PARTIAL))
    trend = table(book["Tren Penempatan"])
    years = [str(cell.value) for cell in trend[0]]
    partial, complete = years.index(str(PARTIAL)), years.index(str(COMPLETE))
    body = by_name(trend[1:])
    for office in OFFICES:
        cell = body[f"BP3MI {office}"][partial]
        assert cell.value == sum(PLACEMENTS[office][PARTIAL].values())
        assert cell.number_format.endswith(MARK)
    whole = body["BP3MI TESTB"][complete]
    assert whole.value == sum(PLACEMENTS["TESTB"][COMPLETE].values())
    assert whole.number_format == "#,##0"
    national = by_name(trend[1:], column=0)["Nasional"]  # spans No and Kantor
    assert national[partial].value == sum(sum(PLACEMENTS[o][PARTIAL].values()) for o in OFFICES)
    assert national[partial].number_format.endswith(MARK)
    assert not national[complete].number_format.endswith(MARK)
    note = [row[0].value for row in book["Tren Penempatan"].iter_rows() if row[0].value]
    assert note[-1].endswith(PROVISIONAL_NOTE)

    totals = table(book["Total Nasional"])
    head = [cell.value for cell in totals[0]]
    rows = by_name(totals[1:], column=0)
    status, placed = head.index("Status data"), head.index("Penempatan (orang)")
    assert (
        rows[str(PARTIAL)][status].value == f"Sementara ({len(OFFICES)} dari {len(OFFICES)} kantor)"
    )
    assert rows[str(PARTIAL)][placed].number_format.endswith(MARK)
    assert rows[str(COMPLETE)][status].value == "Lengkap"
    assert not rows[str(COMPLETE)][placed].number_format.endswith(MARK)


def test_the_complete_year_has_no_label(reports: Path) -> None:
    """2025's workbook: TESTB's complete year, TESTC's only in the historical feed (not
    judged, "-"); nothing provisional, nothing marked."""
    book = load_workbook(national_path(reports.parent / "reports", COMPLETE))
    assert book.properties.title == f"Kinerja BP3MI Nasional Tahun {COMPLETE}"
    said = {row[0].value: row[1].value for row in table(book["Keterangan"])[1:]}
    assert said["Status data"] == "Lengkap"
    side = table(book[f"Kantor {COMPLETE}"])
    status = [cell.value for cell in side[0]].index("Status data")
    body = by_name(side[2:])
    assert body["BP3MI TESTB"][status].value == "Lengkap"
    assert body["BP3MI TESTC"][status].value == "-"
    for name in book.sheetnames[1:]:
        assert book[name]["A3"].value is None
        assert not any(
            cell.number_format.endswith(MARK) for row in book[name].iter_rows() for cell in row
        )
