"""The generated LKj: the asset writes it beside the warehouse, with the published figures.

The expected figures are printed in the published LKj 2024 of BP3MI Jawa
Tengah (the Tabel is named at each test); the workbook holds them as the
report prints them, so they compare exactly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import struct
import tempfile
import zipfile
from contextlib import closing
from pathlib import Path
from random import Random

import dagster as dg
import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from pipelines.analyst import connect
from pipelines.definitions import all_assets
from pipelines.defs.publish.assets import PUBLISHED_KEY
from pipelines.defs.reports.assets import (
    MARTS_READ,
    REPORTS_KEY,
    SUFFIXES,
    ReportsUpdate,
    read_manifest,
    regenerate_reports,
    update_reports,
    write_reports,
)
from pipelines.lkj import lkj_data, lkj_workbook, outline
from pipelines.lkj.lkj_data import (
    LkjData,
    latest_publish,
    load_lkj,
    load_lkj_many,
    office_years,
)
from pipelines.lkj.lkj_tables import Cell, Table, place
from pipelines.lkj.lkj_workbook import render_workbook
from pipelines.lkj.national import NATIONAL
from pipelines.lkj.outline import lkj_tables
from pipelines.lkj.output import report_path
from pipelines.lkj.render import ReportError, render_all, workers_for
from tests import browser
from tests.published_lkj_2024 import (
    IKPA_TOTAL,
    IKPA_WEIGHTED_SCORES,
    IKPA_WEIGHTS,
    LAMPIRAN_II,
    LAMPIRAN_V_NK,
)

EXACT = 1e-9
# Tabel 6 (PK basis), in the order of the indicators IKU 1-8.
TABEL_6_TARGETS = [35354, 6, 150, 97, 320, 88, 95, 85]
TABEL_6_REALISATIONS = [25207, 4.48, 62, 174, 160, 86.06, 97.12, 76.11]
TABEL_6_ACHIEVEMENTS = [71.29, 74.66, 41.33, 179.38, 50, 97.79, 102.23, 89.54]
# The tables of the 2024 LKj, from the outline (tests/test_outline.py pins their numbers).
TABLE_IDS = outline.table_keys(2024)
# The LKj draws three charts for each indicator with a series (IKU 1-5), a fourth for IKU 5's
# series on the DIPA basis (Grafik 20), none for IKU 6-8; the page draws four more.
CHARTS_OF_A_SERIES = ("capaian", "realisasi-tahunan", "tahunan")
CHART_IDS = [
    "grafik-capaian-iku",
    *(f"grafik-iku{n}-{chart}" for n in range(1, 6) for chart in CHARTS_OF_A_SERIES),
    "grafik-iku5-tahunan-dipa",
    "grafik-anggaran-kinerja",
    "grafik-penempatan-bulanan",
    "grafik-kasus-negara",
]


@pytest.fixture(scope="module")
def generated(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The reports of a copy of the sample warehouse, written again from scratch (as
    ``python -m pipelines reports`` does): its reports dir and publish id."""
    copy = tmp_path_factory.mktemp("published") / "warehouse.duckdb"
    shutil.copyfile(warehouse, copy)
    regenerate_reports(copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        publish_id = latest_publish(con)
    assert publish_id is not None
    return copy.parent / "reports", publish_id


@pytest.fixture(scope="module")
def workbook(generated: tuple[Path, str]):
    return load_workbook(generated[0] / "JATENG_2024" / "lkj_JATENG_2024.xlsx")


@pytest.fixture(scope="module")
def html_path(generated: tuple[Path, str]) -> Path:
    return generated[0] / "JATENG_2024" / "lkj_JATENG_2024.html"


def body(sheet, columns: int) -> list[tuple]:
    """The table's rows below its header: from the row numbered 1 to the first empty row."""
    rows = [row[:columns] for row in sheet.iter_rows(min_row=4, values_only=True)]
    first = next(i for i, row in enumerate(rows) if row[0] == 1)
    end = next((i for i in range(first, len(rows)) if not any(rows[i])), len(rows))
    return rows[first:end]


def test_the_asset_writes_the_files_of_every_office_year(generated: tuple[Path, str]) -> None:
    reports, _ = generated
    assert sorted(p.relative_to(reports).as_posix() for p in reports.rglob("*")) == [
        "JATENG_2024",
        "JATENG_2024/Monitoring_Triwulan_JATENG_2024.xlsx",  # tests/test_progress.py
        "JATENG_2024/lkj_JATENG_2024.docx",  # the drafted Bab III (tests/test_analysis.py)
        "JATENG_2024/lkj_JATENG_2024.html",
        "JATENG_2024/lkj_JATENG_2024.xlsx",
        "NASIONAL",
        "NASIONAL/lkj_NASIONAL_2024.xlsx",  # head office's (tests/test_national.py)
        "manifest.json",
    ]


def test_the_reports_are_made_by_the_publish_step_from_the_marts() -> None:
    """One step writes the reports from the run's build and publishes them with it."""
    [publish] = [a for a in all_assets() if PUBLISHED_KEY in a.keys]
    assert set(publish.keys) == {PUBLISHED_KEY, REPORTS_KEY}
    deps = publish.asset_deps[REPORTS_KEY]
    assert {dg.AssetKey(["marts", "fct_kpi_annual"]), dg.AssetKey(["marts", "dq_findings"])} <= deps
    assert deps <= {key for definition in all_assets() for key in definition.keys}
    assert publish.group_names_by_key[REPORTS_KEY] == "publish"


def test_tabel_6(workbook) -> None:
    rows = body(workbook["Tabel 6"], 6)
    indicators, footer = rows[:8], rows[8]
    assert [r[3] for r in indicators] == pytest.approx(TABEL_6_TARGETS, abs=EXACT)
    assert [r[4] for r in indicators] == pytest.approx(TABEL_6_REALISATIONS, abs=EXACT)
    assert [r[5] for r in indicators] == pytest.approx(TABEL_6_ACHIEVEMENTS, abs=EXACT)
    assert [r[0] for r in indicators] == [1, None, None, None, None, 2, None, None]
    assert footer[5] == pytest.approx(88.27, abs=EXACT)  # BAB III.A.2


def test_tabel_24_budget_against_performance_on_the_pk_basis(workbook) -> None:
    rows = body(workbook["Tabel 24"], 10)
    ss1, ss2 = rows[0], rows[5]
    assert ss1[3:6] == pytest.approx((5382419000, 5018354188, 93.23), abs=EXACT)
    assert ss2[3:6] == pytest.approx((8139422000, 7963237556, 97.83), abs=EXACT)
    assert (ss1[9], ss2[9]) == pytest.approx((83.33, 96.52), abs=EXACT)
    assert [r[6] for r in rows[:8]] == pytest.approx(TABEL_6_TARGETS, abs=EXACT)
    assert [r[7] for r in rows[:8]] == pytest.approx(TABEL_6_REALISATIONS, abs=EXACT)
    assert [r[8] for r in rows[:8]] == pytest.approx(TABEL_6_ACHIEVEMENTS, abs=EXACT)
    # BAB III.B: the DIPA after the adjustment and its absorption (rounded there).
    assert rows[8][3] == 13488991000
    assert rows[8][5] == pytest.approx(96.24, abs=EXACT)


def test_tabel_25_on_the_dipa_basis(workbook) -> None:
    rows = body(workbook["Tabel 25"], 10)
    assert [r[6] for r in rows[:8]] == pytest.approx(
        [23500, 6, 150, 65, 160, 88, 95, 85], abs=EXACT
    )
    assert [r[8] for r in rows[:8]] == pytest.approx(
        [107.26, 74.66, 41.33, 267.69, 100, 97.79, 102.23, 89.54], abs=EXACT
    )
    assert (rows[0][9], rows[5][9]) == pytest.approx((118.18, 96.52), abs=EXACT)
    assert rows[8][9] == pytest.approx(110.06, abs=EXACT)  # BAB IV


IKU2_NAME = "Penurunan Kasus Pekerja Migran Indonesia"


def test_tabel_5_quarters(workbook) -> None:
    rows = {row[2]: row[3:11] for row in body(workbook["Tabel 5"], 11)}
    assert rows["Fasilitasi Pemulangan Pekerja Migran Indonesia"] == (
        30,
        56,
        25,
        41,
        32,
        33,
        10,
        44,
    )
    assert rows["Nilai IKPA"] == pytest.approx((95, 96.02, 95, 94.84, 95, 96.73, 95, 97.12))
    # IKU2: the cumulative reduction, with the quarter's cases (Lampiran III's 128 by
    # quarter) as the LKj prints them: "- 75,37 % (33 kasus)".
    sheet = workbook["Tabel 5"]
    [line] = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 3).value == IKU2_NAME]
    formats = [sheet.cell(line, column).number_format for column in (5, 7, 9, 11)]
    assert [f.split('"')[1] for f in formats] == [
        " % (33 kasus)",
        " % (22 kasus)",
        " % (31 kasus)",
        " % (42 kasus)",
    ]


def test_tabel_8_and_9_the_series_from_2021(workbook) -> None:
    [series] = [row[:9] for row in workbook["Tabel 8"].iter_rows(min_row=7, values_only=True)][:1]
    assert series[1:] == (27250, 4385, 10000, 16153, 20000, 25569, 35354, 25207)
    [series] = [row[:10] for row in workbook["Tabel 9"].iter_rows(min_row=7, values_only=True)][:1]
    # Tabel 9 prints 71.202; the four realisations it prints add up to 71.314
    # (docs/reconciliation-2024.md); the workbook adds them.
    assert series[9] == 4385 + 16153 + 25569 + 25207


def test_tabel_10_and_17_the_targets_on_every_basis(workbook) -> None:
    # As printed: target PK, target DIPA awal, target DIPA after the adjustment, realisation.
    # Tabel 10 prints 20.000 as IKU 1's PK target, where Tabel 6, 8 and the target feed
    # have 35.354: a finding of the warehouse (docs/reconciliation-2024.md).
    [iku1] = [r[:5] for r in workbook["Tabel 10"].iter_rows(min_row=5, values_only=True)][:1]
    assert iku1[1:] == (35354, 35354, 23500, 25207)
    [iku4] = [r[:5] for r in workbook["Tabel 17"].iter_rows(min_row=5, values_only=True)][:1]
    assert iku4[1:] == (97, 97, 65, 174)


def test_lampiran_ii_months_as_published(workbook) -> None:
    rows = body(workbook["Lampiran II"], 27)
    for month, published in LAMPIRAN_II.items():
        assert rows[month - 1][2:18] == published, month
    assert rows[12][26] == 25207


def test_lampiran_iii_totals(workbook) -> None:
    rows = body(workbook["Lampiran III"], 5)
    # BAB III, IKU 2: 128 cases in 2024, 48 of them still in process.
    assert rows[-1][3:5] == (128, 48)


def test_lampiran_v_as_published(workbook) -> None:
    """Lampiran V: the IKPA (NK Pelaksanaan) and the NKA as the appendix prints them."""
    [row] = body(workbook["Lampiran V"], 5)
    assert row[1] == "BP3MI Jawa Tengah"
    assert (row[3], row[4]) == pytest.approx(LAMPIRAN_V_NK, abs=EXACT)


def test_lampiran_ikpa_as_published(workbook, html_path: Path) -> None:
    """The IKPA appendix: every component's weight and weighted score, and the IKPA."""
    rows = body(workbook["Lampiran IKPA"], 6)
    components, total = rows[:-1], rows[-1]
    assert [r[4] for r in components] == list(IKPA_WEIGHTS)
    assert [r[5] for r in components] == pytest.approx(IKPA_WEIGHTED_SCORES, abs=EXACT)
    assert total[0] == "NILAI TOTAL (IKPA)" and total[5] == pytest.approx(IKPA_TOTAL, abs=EXACT)
    page = html_path.read_text()
    section = page.split("<section class='lkj-table' id='lampiran-ikpa'>", 1)[1]
    assert "13,68" in section.split("</section>", 1)[0]


def test_both_files_name_the_publish(generated: tuple[Path, str], workbook, html_path) -> None:
    _, publish_id = generated
    cover = {row[0]: row[1] for row in workbook["Keterangan"].iter_rows(values_only=True)}
    assert cover["Publikasi gudang data (run id)"] == publish_id
    assert workbook.properties.identifier == publish_id
    assert f"<meta name='publish-id' content='{publish_id}'>" in html_path.read_text()


def test_html_has_every_table_and_chart(html_path: Path, warehouse: Path) -> None:
    page = html_path.read_text()
    with closing(connect(warehouse)) as con:
        workbook_tables = [t.key for t in lkj_tables(load_lkj(con, "JATENG", 2024, "p"))]
    assert [key for key in workbook_tables if f"id='{key}'" not in page] == []
    for key in TABLE_IDS:
        assert f"<section class='lkj-table' id='{key}'>" in page, key
    for key in CHART_IDS:
        assert f"<figure class='chart' id='{key}'>" in page, key
    assert "<script" not in page and "http" not in page.replace("http://www.w3.org", "")


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def test_html_renders_in_chromium(html_path: Path, tmp_path: Path) -> None:
    """What a reader's browser shows: every table, every chart drawn, the LKj's figures."""
    url = html_path.as_uri()
    shot = tmp_path / "lkj.png"
    browser.run(tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1400,8000", url)
    assert png_size(shot) == (1400, 8000)
    assert shot.stat().st_size > 200_000  # a page of tables and charts, not a blank one
    dom = browser.run(tmp_path / "profile-dom", "--dump-dom", url).stdout
    ids = set(re.findall(r'\bid="([^"]+)"', dom))
    assert set(TABLE_IDS) <= ids
    for key in CHART_IDS:
        figure = re.search(rf'<figure class="chart" id="{key}">(.*?)</figure>', dom, re.DOTALL)
        assert figure, key
        assert "<svg" in figure[1] and "<rect" in figure[1], key
    text = re.sub(r"<[^>]+>", " ", dom)
    for figure in ("71,29 %", "74,66 %", "88,27 %", "110,06 %", "96,24 %", "25.207 Orang"):
        assert figure in text, figure
    # the drafted chapter, with the published sentence's figures
    assert {"analisis", "analisis-iku1", "analisis-iku8"} <= ids
    assert "25.207 orang atau 71,29 % dari target 35.354 orang" in text
    assert "5.382.419.000" in text and "93,23 %" in text  # Tabel 24
    # the findings are on the page, each check by its Indonesian name
    assert "Total LKj tidak sama dengan jumlah rinciannya" in text


# Keeping the reports up to date: only the office-years whose report would change are
# written again. "Written again" is seen from outside: a report file is replaced by a new
# one (another inode, another mtime), or appears, or goes.


def stamps(reports: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``reports`` with its inode and mtime."""
    return {
        path.relative_to(reports).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in reports.rglob("*")
        if path.is_file()
    }


def rewritten(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    """The office-year directories in which a file was written, replaced or removed (the
    national workbooks' folder, NASIONAL, aside: tests/test_national.py follows it)."""
    return {
        path.split("/")[0]
        for path in before.keys() | after.keys()
        if "/" in path and before.get(path) != after.get(path)
    } - {NATIONAL}


def publish_named(reports: Path, name: str) -> str:
    page = (reports / name / f"lkj_{name}.html").read_text()
    return re.search(r"<meta name='publish-id' content='([^']*)'>", page)[1]


def test_a_second_run_writes_nothing_and_force_writes_everything(
    generated: tuple[Path, str],
) -> None:
    reports, publish_id = generated
    published = reports.parent / "warehouse.duckdb"
    before = stamps(reports)
    again = regenerate_reports(published)
    # A new folder of hard links to the same files: nothing was written, the manifest too.
    assert stamps(reports) == before
    assert (len(again.rebuilt), len(again.kept), len(again.removed)) == (0, 1, 0)
    assert again.written == []

    forced = regenerate_reports(published, force=True)
    assert rewritten(before, stamps(reports)) == {"JATENG_2024"}
    assert forced.rebuilt == {"JATENG_2024": "forced"}
    assert len(forced.written) == len(SUFFIXES) + 1 == 4  # and the monitoring workbook
    assert read_manifest(reports)["JATENG_2024"]["publish_id"] == publish_id
    # The reports link points to the last folder written; the folders before it are gone.
    assert reports.is_symlink()
    assert [p.name for p in (reports.parent / ".reports").iterdir()] == [reports.resolve().name]


@pytest.fixture(scope="module")
def three_office_years(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample warehouse whose marts have two office-years more, with their
    reports written from publish ``p1``: JATENG 2024, TESTX 2024 (JATENG's rows of every
    year as another office) and JATENG 2025 (JATENG's 2024 rows again as 2025)."""
    path = tmp_path_factory.mktemp("three") / "warehouse.duckdb"
    shutil.copyfile(warehouse, path)
    with duckdb.connect(str(path)) as con:
        for name in MARTS_READ:
            con.execute(
                f"insert into marts.{name} select * replace ('TESTX' as office_code) "
                f"from marts.{name} where office_code = 'JATENG'"
            )
            con.execute(
                f"insert into marts.{name} select * replace (2025 as year) "
                f"from marts.{name} where office_code = 'JATENG' and year = 2024"
            )
    with closing(connect(path)) as con:
        update = update_reports(con, path.parent / "reports", "p1")
    assert update.rebuilt == dict.fromkeys(["JATENG_2024", "JATENG_2025", "TESTX_2024"], "new")
    return path


@pytest.fixture
def copied(three_office_years: Path, tmp_path: Path) -> Path:
    """The warehouse of ``three_office_years`` and its reports, copied for one test."""
    shutil.copyfile(three_office_years, tmp_path / "warehouse.duckdb")
    shutil.copytree(three_office_years.parent / "reports", tmp_path / "reports")
    return tmp_path / "warehouse.duckdb"


def refresh_reports(path: Path, *changes: str, publish_id: str = "p2") -> ReportsUpdate:
    """Change the warehouse with ``changes`` (SQL), then bring its reports up to date."""
    with duckdb.connect(str(path)) as con:
        for change in changes:
            con.execute(change)
    with closing(connect(path)) as con:
        return update_reports(con, path.parent / "reports", publish_id)


KPI = "update marts.fct_kpi_annual set realisation = realisation + 1 where indicator_code = 'IKU1'"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            "update marts.fct_placements_monthly set placements = placements + 1 "
            "where office_code = 'TESTX' and year = 2024 and month = 3",
            {"TESTX_2024"},
            id="placements-of-one-office-year",
        ),
        # Tabel 7-23 show every year up to the report's: 2024's figures are in the 2025 LKj.
        pytest.param(
            f"{KPI} and office_code = 'JATENG' and year = 2024",
            {"JATENG_2024", "JATENG_2025"},
            id="kpi-of-a-year-and-the-years-after",
        ),
        pytest.param(
            f"{KPI} and office_code = 'JATENG' and year = 2025",
            {"JATENG_2025"},
            id="kpi-of-the-last-year",
        ),
        # The status a report prints (its provisional label) writes it again; the
        # reference date the deliveries marts carry, which no report prints, does not.
        pytest.param(
            "update marts.fct_office_year_status set status = 'provisional', "
            "is_complete = false, months_complete = 3, "
            "status_label = 'Sementara, data s.d. Maret 2025' "
            "where office_code = 'JATENG' and year = 2025",
            {"JATENG_2025"},
            id="status-of-an-office-year",
        ),
        pytest.param(
            "update marts.fct_office_year_status set reference_date = reference_date + 1",
            set(),
            id="reference-date-alone",
        ),
        pytest.param(
            "insert into marts.dq_findings select * replace (2023 as year) "
            "from marts.dq_findings where office_code = 'JATENG' limit 1",
            set(),
            id="findings-of-a-year-without-a-report",
        ),
    ],
)
def test_a_change_writes_again_only_the_office_years_that_show_it(
    copied: Path, change: str, expected: set[str]
) -> None:
    reports = copied.parent / "reports"
    before = stamps(reports)
    update = refresh_reports(copied, change)
    assert rewritten(before, stamps(reports)) == expected
    assert update.rebuilt == dict.fromkeys(sorted(expected), "changed")
    assert sorted(update.kept) == sorted({"JATENG_2024", "JATENG_2025", "TESTX_2024"} - expected)
    assert update.removed == []
    # The reports written again name this publish; those kept, the publish they come from.
    manifest = read_manifest(reports)
    for name in ("JATENG_2024", "JATENG_2025", "TESTX_2024"):
        publish_id = "p2" if name in expected else "p1"
        assert publish_named(reports, name) == manifest[name]["publish_id"] == publish_id
    # And now they are up to date.
    assert refresh_reports(copied, publish_id="p3").rebuilt == {}


def test_a_change_to_the_indicators_writes_every_report_again(copied: Path) -> None:
    reports = copied.parent / "reports"
    before = stamps(reports)
    update = refresh_reports(
        copied, "update reference.indicators set unit = 'orang' where unit = 'Orang'"
    )
    assert rewritten(before, stamps(reports)) == {"JATENG_2024", "JATENG_2025", "TESTX_2024"}
    assert set(update.rebuilt.values()) == {"changed"}


def test_a_deleted_file_is_written_again(copied: Path) -> None:
    reports = copied.parent / "reports"
    (reports / "JATENG_2025" / "lkj_JATENG_2025.html").unlink()
    before = stamps(reports)
    update = refresh_reports(copied)
    assert update.rebuilt == {"JATENG_2025": "file missing"}
    assert rewritten(before, stamps(reports)) == {"JATENG_2025"}
    assert (reports / "JATENG_2025" / "lkj_JATENG_2025.html").is_file()


def test_the_reports_of_an_office_year_gone_are_removed(copied: Path) -> None:
    reports = copied.parent / "reports"
    # Reports written before there was a manifest, of an office-year long gone.
    old = reports / "LAMA_2020"
    old.mkdir()
    (old / "lkj_LAMA_2020.xlsx").write_bytes(b"")
    before = stamps(reports)
    update = refresh_reports(
        copied, "delete from marts.fct_kpi_annual where office_code = 'TESTX' and year = 2024"
    )
    assert update.removed == ["LAMA_2020", "TESTX_2024"]
    assert update.rebuilt == {}
    assert rewritten(before, stamps(reports)) == {"LAMA_2020", "TESTX_2024"}
    assert not old.exists() and not (reports / "TESTX_2024").exists()
    assert set(read_manifest(reports)) == {"JATENG_2024", "JATENG_2025"}


def test_write_reports_writes_every_office_year(generated: tuple[Path, str]) -> None:
    reports, publish_id = generated
    before = stamps(reports)
    with closing(connect(reports.parent / "warehouse.duckdb")) as con:
        written = write_reports(con, reports, publish_id)
    assert sorted(path.relative_to(reports).as_posix() for path in written) == [
        "JATENG_2024/Monitoring_Triwulan_JATENG_2024.xlsx",
        "JATENG_2024/lkj_JATENG_2024.docx",
        "JATENG_2024/lkj_JATENG_2024.html",
        "JATENG_2024/lkj_JATENG_2024.xlsx",
    ]
    assert rewritten(before, stamps(reports)) == {"JATENG_2024"}
    manifest = json.loads((reports / "manifest.json").read_text())
    assert manifest["reports"]["JATENG_2024"]["publish_id"] == publish_id


# Writing many office-years fast: the marts read once for all of them (`load_lkj_many`),
# each workbook's cells styled by named styles (`Styles`), and the office-years spread
# over a process per core (`render_all`). None of it may change what is read: the figures
# are held to the way they were read before, and every cell's value and look to the way
# openpyxl's setters format them one by one, both kept here.

GENERATED_AT = dt.datetime(2025, 1, 31, 8, 15, tzinfo=lkj_data.JAKARTA)


def load_one_by_one(con: duckdb.DuckDBPyConnection, office_code: str, year: int) -> LkjData:
    """What `load_lkj` read before `load_lkj_many`: a query per table and office-year."""
    office = [office_code, year]

    def rows(sql: str, params: list | None = None) -> list[tuple]:
        return con.execute(sql, params or []).fetchall()

    where = "where office_code = ? and year = ?"
    kpi = {
        (code, basis, y): lkj_data.Kpi(*values)
        for code, basis, y, *values in rows(
            "select indicator_code, target_basis, year, target, realisation, "
            "achievement_pct_lkj, realisation_source, target_dipa_awal from marts.fct_kpi_annual "
            "where office_code = ? and year <= ?",
            office,
        )
    }
    cut, money = lkj_data.cut_2dp, lkj_data.money
    return LkjData(
        office_code=office_code,
        office_name=lkj_data.office_name(office_code, lkj_data.office_names(con)),
        year=year,
        publish_id="p",
        published_at=lkj_data.published_at_of(con, "p"),
        generated_at=GENERATED_AT,
        goals=lkj_data.year_lists(year)[0],
        indicators=lkj_data.year_lists(year)[1],
        years=tuple(sorted({y for (_, _, y) in kpi})),
        kpi=kpi,
        quarterly={
            (code, quarter): lkj_data.Quarter(target, realisation, records, grade)
            for code, quarter, target, realisation, records, grade in rows(
                "select indicator_code, quarter, target, realisation, records, grade "
                f"from marts.fct_kpi_quarterly {where}",
                office,
            )
        },
        goal_budgets={
            (code, basis): lkj_data.GoalBudget(cut(avg), money(ceiling), money(real), cut(pct))
            for code, basis, avg, ceiling, real, pct in rows(
                "select goal_code, target_basis, avg_achievement_pct_lkj, budget_ceiling, "
                f"budget_realisation, budget_absorption_pct from marts.fct_goal_annual {where}",
                office,
            )
        },
        office={
            basis: lkj_data.OfficeBudget(cut(avg), money(initial), money(ceiling), money(real), pct)
            for basis, avg, initial, ceiling, real, pct in rows(
                "select target_basis, avg_achievement_pct_lkj, budget_ceiling_initial, "
                "budget_ceiling, budget_realisation, budget_absorption_pct_2dp "
                f"from marts.fct_office_annual {where}",
                office,
            )
        },
        placements={
            tuple(key): count
            for *key, count in rows(
                "select month, unit_type, scheme_group, sector, sex, placements "
                f"from marts.fct_placements_monthly {where}",
                office,
            )
        },
        cases=tuple(
            lkj_data.CaseLine(*r)
            for r in rows(
                "select country_code, country_name, case_category, cases, cases_open "
                f"from marts.fct_cases_annual {where} order by country_name, case_category",
                office,
            )
        ),
        findings=tuple(
            lkj_data.Finding(*r)
            for r in rows(
                "select check_name, subject, expected, actual, difference, severity, detail_id, "
                "expected_label_id, actual_label_id "
                f"from marts.dq_findings {where} order by severity desc, check_name, subject",
                office,
            )
        ),
        ikpa=tuple(
            lkj_data.IkpaLine(n, aspect, component, float(score), float(weight), float(value))
            for n, aspect, component, score, weight, value in rows(
                "select component_number, aspect, component, score, weight, weighted_score "
                f"from marts.fct_ikpa_components {where} order by component_number",
                office,
            )
        ),
        activities=tuple(
            lkj_data.Activity(code, goal, name, money(initial), money(ceiling))
            for code, goal, name, initial, ceiling in rows(
                "select activity_code, goal_code, activity_name, budget_ceiling_initial, "
                f"budget_ceiling from marts.fct_activity_budgets {where} order by activity_code",
                office,
            )
        ),
        case_lines=tuple(
            lkj_data.CaseTypeLine(*r)
            for r in rows(
                "select country_as_typed, case_type_as_typed, cases, cases_open "
                f"from marts.fct_cases_by_type {where} order by lower(country_as_typed), "
                "country_as_typed, lower(case_type_as_typed), case_type_as_typed",
                office,
            )
        ),
        preventions=tuple(
            lkj_data.Prevention(*r)
            for r in rows(
                "select prevention_number, prevention_date, location, organiser, "
                "left(person_name_pseudonym, 8), sex, intended_country_as_typed, origin_area, "
                "problem, follow_up, suspected_duplicate_of_number "
                f"from marts.fct_preventions {where} order by prevention_number",
                office,
            )
        ),
        quarantined=tuple(
            lkj_data.Quarantined(*r)
            for r in rows(
                "select feed, rule, rows_quarantined "
                f"from marts.fct_quarantine_annual {where} order by feed, rule",
                office,
            )
        ),
        **provisional(con, office_code, year),
    )


def provisional(con: duckdb.DuckDBPyConnection, office_code: str, year: int) -> dict:
    """The office-year's status and deliveries, and the placements of the year before, as
    ``load_lkj`` reads them (docs/reports.md, "A provisional year")."""
    status = {
        y: (complete, label, months)
        for y, complete, label, months in con.execute(
            "select year, is_complete, status_label, months_complete "
            "from marts.fct_office_year_status where office_code = ? and year in (?, ?)",
            [office_code, year, year - 1],
        ).fetchall()
    }
    complete, label, months = status.get(year, (True, "", 12))
    undelivered = con.execute(
        "select feed from marts.fct_deliveries where office_code = ? and year = ? "
        "group by feed having not bool_or(status = 'delivered') order by min(table_order)",
        [office_code, year],
    ).fetchall()
    before = con.execute(
        "select month, sum(placements)::bigint from marts.fct_placements_monthly "
        "where office_code = ? and year = ? group by month order by month",
        [office_code, year - 1],
    ).fetchall()
    return {
        "status_label": "" if complete else label,
        "months_complete": months,
        "undelivered": tuple(feed for (feed,) in undelivered),
        "placements_before": dict(before),
        "months_complete_before": status[year - 1][2] if year - 1 in status else None,
    }


def write_table_cell_by_cell(sheet, table: Table) -> None:
    """A table written with openpyxl's setters: every format set on every cell."""
    sheet["A1"] = table.label
    sheet["A1"].font = Font(bold=True, size=12)
    sheet["A2"] = table.title
    sheet["A2"].font = Font(bold=True)
    sheet["A2"].alignment = Alignment(vertical="top", wrap_text=True)
    header_rows = len(table.header)
    widths: dict[int, int] = {}
    for r, c, cell in place([*table.header, *table.body]):
        row, column = lkj_workbook.FIRST_ROW + r, 1 + c
        is_header = r < header_rows
        target = sheet.cell(row=row, column=column, value=cell.value)
        if cell.value is None:  # printed "-", as Excel keeps it text
            target.value, target.quotePrefix = "-", True
        elif cell.value == "":  # an empty text: an empty cell
            target.value = None
        elif isinstance(cell.value, str) and cell.value.startswith(lkj_workbook.FORMULA_START):
            target.quotePrefix = True  # a text "-" (a finding without figures) stays text
        target.font = Font(bold=cell.bold or is_header)
        if is_header:
            target.fill = lkj_workbook.HEADER_FILL
            target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        elif cell.aligns_right:
            target.number_format = lkj_workbook.number_format(cell)
            target.alignment = Alignment(horizontal="right", vertical="top")
        else:
            target.alignment = Alignment(vertical="top", wrap_text=True)
        last_row, last_column = row + cell.rowspan - 1, column + cell.colspan - 1
        for spanned in sheet.iter_rows(row, last_row, column, last_column):
            for part in spanned:
                part.border = lkj_workbook.BORDER
        if (last_row, last_column) != (row, column):
            sheet.merge_cells(
                start_row=row, start_column=column, end_row=last_row, end_column=last_column
            )
        if cell.colspan == 1:
            widths[column] = max(widths.get(column, 0), lkj_workbook.width_needed(cell, is_header))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(
            lkj_workbook.MIN_WIDTH, min(lkj_workbook.MAX_WIDTH, width)
        )
    if table.note:
        note = sheet.cell(
            row=lkj_workbook.FIRST_ROW + len(table.header) + len(table.body) + 1, column=1
        )
        note.value = table.note
        note.font = Font(italic=True)
        note.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = sheet.cell(row=lkj_workbook.FIRST_ROW + header_rows, column=1)
    lkj_workbook.print_setup(sheet, table)


def workbook_cell_by_cell(data: LkjData, path: Path) -> Path:
    """The workbook of `data` as `render_workbook` writes it, with openpyxl's setters."""
    tables = lkj_tables(data)
    workbook = Workbook()
    lkj_workbook._write_cover(workbook.active, data, tables)
    for table in tables:
        write_table_cell_by_cell(workbook.create_sheet(table.label), table)
    workbook.properties.title = f"LKj {data.office_name} {data.year}"
    workbook.properties.creator = "Gudang data KPI BP3MI"
    workbook.properties.identifier = data.publish_id
    workbook.properties.description = f"Dari publikasi gudang data {data.publish_id}"
    workbook.save(path)
    return path


def xlsx_parts(path: Path) -> list[tuple[str, bytes]]:
    """Every part of the workbook, byte for byte, but for when it was created and saved
    (openpyxl writes the time of the save in docProps/core.xml, and in the zip's headers)."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    return [
        (name, re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\1", data))
        for name, data in parts
    ]


def files_of(reports: Path) -> dict[str, object]:
    """The report files under `reports`: the workbooks' parts, the others' bytes (HTML, .docx)."""
    return {
        path.relative_to(reports).as_posix(): (
            xlsx_parts(path) if path.suffix == ".xlsx" else path.read_bytes()
        )
        for path in sorted(reports.rglob("lkj_*"))
    }


def test_load_lkj_many_reads_what_one_office_year_at_a_time_read(
    three_office_years: Path,
) -> None:
    with closing(connect(three_office_years)) as con:
        wanted = office_years(con)
        assert len(wanted) == 3
        many = list(load_lkj_many(con, wanted, "p", GENERATED_AT))
        # repr: every figure with its type (35354 is not 35354.0: the HTML writes them apart)
        assert [repr(data) for data in many] == [
            repr(load_one_by_one(con, office_code, year)) for office_code, year in wanted
        ]
        assert [repr(load_lkj(con, *key, "p", GENERATED_AT)) for key in wanted] == [
            repr(data) for data in many
        ]
        assert list(load_lkj_many(con, [], "p")) == []


def side(border_side) -> str | None:
    return border_side.style if border_side else None


def looks(path: Path) -> dict[str, object]:
    """What a reader sees of a workbook, read back by openpyxl: per sheet, every cell's
    value, type, font, fill, alignment, number format, border and quote prefix; the
    merged ranges, column widths, row heights, print titles and page setup."""
    workbook = load_workbook(path)
    seen: dict[str, object] = {}
    for sheet in workbook.worksheets:
        cells = {
            cell.coordinate: (
                cell.value,
                cell.data_type,
                (cell.font.b, cell.font.i, cell.font.sz, cell.font.u),
                (cell.fill.fill_type, cell.fill.fgColor.rgb),
                (cell.alignment.horizontal, cell.alignment.vertical, cell.alignment.wrap_text),
                cell.number_format,
                tuple(side(getattr(cell.border, s)) for s in ("left", "right", "top", "bottom")),
                cell.quotePrefix,
            )
            for row in sheet.iter_rows()
            for cell in row
            if cell.has_style or cell.value is not None
        }
        setup = sheet.page_setup
        seen[sheet.title] = (
            cells,
            sorted(str(r) for r in sheet.merged_cells.ranges),
            {k: d.width for k, d in sheet.column_dimensions.items()},
            {k: d.height for k, d in sheet.row_dimensions.items() if d.height},
            sheet.print_title_rows,
            (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight),
            str(sheet.freeze_panes),
        )
    return seen


def test_the_workbook_looks_as_written_cell_by_cell(
    three_office_years: Path, tmp_path: Path
) -> None:
    """JATENG 2024 of the sample, and the office-years added to it: every cell the same."""
    with closing(connect(three_office_years)) as con:
        for data in load_lkj_many(con, office_years(con), "p", GENERATED_AT):
            name = f"{data.office_code}_{data.year}"
            new = render_workbook(data, tmp_path / f"{name}.xlsx")
            old = workbook_cell_by_cell(data, tmp_path / f"{name}-before.xlsx")
            assert looks(new) == looks(old), name


def tiled(random: Random, height: int, width: int) -> list[tuple[Cell, ...]]:
    """Rows of cells that span a grid of ``height`` rows and ``width`` columns without
    overlapping, with random spans, values, units and boldness."""
    taken: set[tuple[int, int]] = set()
    rows: list[list[Cell]] = [[] for _ in range(height)]
    for r in range(height):
        for c in range(width):
            if (r, c) in taken:
                continue
            colspan = 1
            while c + colspan < width and (r, c + colspan) not in taken and random.random() < 0.4:
                colspan += 1
            rowspan = 1
            while r + rowspan < height and random.random() < 0.3:
                rowspan += 1
            taken.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
            value = random.choice(
                [None, "teks", "Sasaran Strategis", 7, 35354, 71.29, 0.5, -3, 1234567.891]
            )
            rows[r].append(
                Cell(
                    value,
                    decimals=random.choice([0, 2]),
                    suffix=random.choice(["", "%", "Orang"]),
                    rowspan=rowspan,
                    colspan=colspan,
                    bold=random.random() < 0.2,
                )
            )
    return [tuple(row) for row in rows]


def tiled_table(random: Random, number: int) -> Table:
    """A table of random layout: a header of 0-3 rows, a body of 1-8, 1-7 columns."""
    width = random.randint(1, 7)
    return Table(
        f"tabel-{number}",
        f"Tabel {number}",
        "Judul",
        tuple(tiled(random, random.randint(0, 3), width)),
        tuple(tiled(random, random.randint(1, 8), width)),
        random.choice(["", "Catatan."]),
    )


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(1, 4))
def test_named_styles_write_any_table_as_openpyxl_does_cell_by_cell(
    random: Random, sheets: int
) -> None:
    """Tables of any layout, several to a workbook (whose named styles they share)."""
    tables = [tiled_table(random, number) for number in range(sheets)]
    new, old = Workbook(), Workbook()
    styles = lkj_workbook.Styles(new)
    for table in tables:
        lkj_workbook._write_table(new.create_sheet(table.label), table, styles)
        write_table_cell_by_cell(old.create_sheet(table.label), table)
    with tempfile.TemporaryDirectory() as directory:
        new.save(Path(directory) / "new.xlsx")
        old.save(Path(directory) / "old.xlsx")
        assert looks(Path(directory) / "new.xlsx") == looks(Path(directory) / "old.xlsx")


def test_processes_write_the_same_files_as_one(three_office_years: Path, tmp_path: Path) -> None:
    with closing(connect(three_office_years)) as con:
        wanted = office_years(con)
        figures = list(load_lkj_many(con, wanted, "p", GENERATED_AT))

    def jobs(out: Path) -> list:
        return [
            (data, [report_path(out, data.office_code, data.year, s) for s in SUFFIXES])
            for data in figures
        ]

    one = render_all(jobs(tmp_path / "one"), workers=1)
    two = render_all(jobs(tmp_path / "two"), workers=2)
    assert [p.relative_to(tmp_path / "one") for p in one] == [
        p.relative_to(tmp_path / "two") for p in two
    ]
    assert len(one) == 9
    assert files_of(tmp_path / "one") == files_of(tmp_path / "two")


def test_update_reports_in_processes(copied: Path) -> None:
    reports = copied.parent / "reports"
    with closing(connect(copied)) as con:
        update = update_reports(con, reports, "p2", force=True, workers=2)
    assert list(update.rebuilt) == ["JATENG_2024", "JATENG_2025", "TESTX_2024"]
    assert [path.relative_to(reports).as_posix() for path in update.written] == [
        path
        for name in update.rebuilt
        for path in (
            *(f"{name}/lkj_{name}{suffix}" for suffix in SUFFIXES),
            f"{name}/Monitoring_Triwulan_{name}.xlsx",
        )
    ]
    for name in update.rebuilt:
        assert publish_named(reports, name) == "p2"
    assert {entry["publish_id"] for entry in read_manifest(reports).values()} == {"p2"}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_office_year_fails_the_run_and_is_named(
    three_office_years: Path, tmp_path: Path, workers: int
) -> None:
    with closing(connect(three_office_years)) as con:
        figures = list(load_lkj_many(con, office_years(con), "p"))
    broken = dataclasses.replace(figures[1], goals=None)  # JATENG_2025, not a valid LkjData
    jobs = [
        (data, [tmp_path / f"{n}.xlsx", tmp_path / f"{n}.html"])
        for n, data in enumerate([figures[0], broken, figures[2]])
    ]
    with pytest.raises(ReportError, match="JATENG_2025") as failed:
        render_all(jobs, workers=workers)
    assert isinstance(failed.value.__cause__, TypeError)  # None is not a list of goals
    assert not (tmp_path / "1.xlsx").exists()


def test_processes_only_for_many_office_years() -> None:
    assert workers_for(0, available=2) == workers_for(5, available=2) == 1
    assert workers_for(6, available=2) == workers_for(240, available=2) == 2
    assert workers_for(240, available=1) == 1
    assert workers_for(240, available=8) == 8
    assert workers_for(15, available=8) == 5
