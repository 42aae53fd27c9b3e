"""The generated LKj: the asset writes it beside the warehouse, with the published figures.

The expected figures are printed in the published LKj 2024 of BP3MI Jawa
Tengah (the Tabel is named at each test); the workbook holds them as the
report prints them, so they compare exactly.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
from contextlib import closing
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from openpyxl import load_workbook

from pipelines.analyst import connect
from pipelines.definitions import all_assets
from pipelines.defs.publish.assets import PUBLISHED_KEY
from pipelines.defs.reports import lkj_data
from pipelines.defs.reports.assets import (
    MARTS_READ,
    MARTS_READ_ROWS,
    REPORTS_KEY,
    SHARED_READ,
    ReportsConfig,
    ReportsUpdate,
    read_manifest,
    report_assets,
    update_reports,
    write_reports,
)
from pipelines.defs.reports.lkj_data import latest_publish
from pipelines.lib.resources import Warehouse
from tests import browser
from tests.published_lkj_2024 import LAMPIRAN_II

EXACT = 1e-9
# Tabel 6 (PK basis), in the order of the indicators IKU 1-8.
TABEL_6_TARGETS = [35354, 6, 150, 97, 320, 88, 95, 85]
TABEL_6_REALISATIONS = [25207, 4.48, 62, 174, 160, 86.06, 97.12, 76.11]
TABEL_6_ACHIEVEMENTS = [71.29, 74.66, 41.33, 179.38, 50, 97.79, 102.23, 89.54]
TABLE_IDS = [
    "ringkasan",
    *(f"tabel-{n}" for n in range(5, 26)),
    "lampiran-ii",
    "lampiran-iii",
    "temuan",
]
CHART_IDS = [
    "grafik-capaian-iku",
    *(f"grafik-iku{n}-capaian" for n in range(1, 9)),
    *(f"grafik-iku{n}-tahunan" for n in range(1, 6)),
    "grafik-anggaran-kinerja",
    "grafik-penempatan-bulanan",
    "grafik-kasus-negara",
]


@pytest.fixture(scope="module")
def generated(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The report asset run on a copy of the sample warehouse: its reports dir and publish id."""
    copy = tmp_path_factory.mktemp("published") / "warehouse.duckdb"
    shutil.copyfile(warehouse, copy)
    result = dg.materialize(report_assets, resources={"warehouse": Warehouse(path=str(copy))})
    assert result.success
    with duckdb.connect(str(copy), read_only=True) as con:
        publish_id = latest_publish(con) or result.run_id
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


def test_the_asset_writes_both_files_of_every_office_year(generated: tuple[Path, str]) -> None:
    reports, _ = generated
    assert sorted(p.relative_to(reports).as_posix() for p in reports.rglob("*")) == [
        "JATENG_2024",
        "JATENG_2024/lkj_JATENG_2024.html",
        "JATENG_2024/lkj_JATENG_2024.xlsx",
        "manifest.json",
    ]


def test_the_asset_runs_after_the_publish_and_reads_the_marts() -> None:
    [asset] = report_assets
    deps = asset.asset_deps[REPORTS_KEY]
    assert PUBLISHED_KEY in deps
    assert {dg.AssetKey(["marts", "fct_kpi_annual"]), dg.AssetKey(["marts", "dq_findings"])} <= deps
    assert deps <= {key for definition in all_assets() for key in definition.keys}
    assert asset.group_names_by_key[REPORTS_KEY] == "reports"


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


def test_tabel_8_and_9_the_series_from_2021(workbook) -> None:
    [series] = [row[:9] for row in workbook["Tabel 8"].iter_rows(min_row=6, values_only=True)][:1]
    assert series[1:] == (27250, 4385, 10000, 16153, 20000, 25569, 35354, 25207)
    [series] = [row[:10] for row in workbook["Tabel 9"].iter_rows(min_row=6, values_only=True)][:1]
    # Tabel 9 prints 71.202; the four realisations it prints add up to 71.314
    # (docs/reconciliation-2024.md); the workbook adds them.
    assert series[9] == 4385 + 16153 + 25569 + 25207


def test_lampiran_ii_months_as_published(workbook) -> None:
    rows = body(workbook["Lampiran II"], 27)
    for month, published in LAMPIRAN_II.items():
        assert rows[month - 1][2:18] == published, month
    assert rows[12][26] == 25207


def test_lampiran_iii_totals(workbook) -> None:
    rows = body(workbook["Lampiran III"], 5)
    # BAB III, IKU 2: 128 cases in 2024, 48 of them still in process.
    assert rows[-1][3:5] == (128, 48)


def test_both_files_name_the_publish(generated: tuple[Path, str], workbook, html_path) -> None:
    _, publish_id = generated
    cover = {row[0]: row[1] for row in workbook["Keterangan"].iter_rows(values_only=True)}
    assert cover["Publikasi gudang data (run id)"] == publish_id
    assert workbook.properties.identifier == publish_id
    assert f"<meta name='publish-id' content='{publish_id}'>" in html_path.read_text()


def test_html_has_every_table_and_chart(html_path: Path) -> None:
    page = html_path.read_text()
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
    assert "5.382.419.000" in text and "93,23 %" in text  # Tabel 24
    assert "published_total_mismatch" in text  # the findings are on the page


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
    """The office-year directories in which a file was written, replaced or removed."""
    return {
        path.split("/")[0]
        for path in before.keys() | after.keys()
        if "/" in path and before.get(path) != after.get(path)
    }


def publish_named(reports: Path, name: str) -> str:
    page = (reports / name / f"lkj_{name}.html").read_text()
    return re.search(r"<meta name='publish-id' content='([^']*)'>", page)[1]


def reports_metadata(result: dg.ExecuteInProcessResult) -> dict:
    [event] = result.get_asset_materialization_events()
    return {key: value.value for key, value in event.materialization.metadata.items()}


def test_a_second_run_writes_nothing_and_force_writes_everything(
    generated: tuple[Path, str],
) -> None:
    reports, publish_id = generated
    resources = {"warehouse": Warehouse(path=str(reports.parent / "warehouse.duckdb"))}
    before = stamps(reports)
    again = dg.materialize(report_assets, resources=resources)
    assert again.success
    assert stamps(reports) == before  # the manifest too: nothing changed
    metadata = reports_metadata(again)
    assert (metadata["rebuilt"], metadata["kept"], metadata["removed"]) == (0, 1, 0)
    assert metadata["rebuilt_office_years"] == {} and metadata["files"] == []

    forced = dg.materialize(
        report_assets,
        resources=resources,
        run_config=dg.RunConfig({"reports__lkj": ReportsConfig(force=True)}),
    )
    assert forced.success
    assert rewritten(before, stamps(reports)) == {"JATENG_2024"}
    metadata = reports_metadata(forced)
    assert metadata["rebuilt_office_years"] == {"JATENG_2024": "forced"}
    assert len(metadata["files"]) == 2
    assert read_manifest(reports)["JATENG_2024"]["publish_id"] == publish_id


def test_the_fingerprint_covers_what_load_lkj_reads() -> None:
    """Every table `load_lkj` reads is in the fingerprint, with the rows it reads of it."""
    source = re.sub(r'"\s+"', "", Path(lkj_data.__file__).read_text())  # SQL split over lines
    reads = re.findall(r"from (\w+)\.(\w+)(?: where office_code = \? and year (<=|=) \?)?", source)
    assert {f"{schema}.{table}" for schema, table, _ in reads} == {
        *SHARED_READ,
        *(f"marts.{name}" for name in MARTS_READ),
        "audit.publish_log",  # the publish's time: not content (docs/reports.md)
    }
    assert {table: years for schema, table, years in reads if schema == "marts"} == (
        MARTS_READ_ROWS
    )
    assert all(not years for schema, _, years in reads if schema != "marts")


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
        "JATENG_2024/lkj_JATENG_2024.html",
        "JATENG_2024/lkj_JATENG_2024.xlsx",
    ]
    assert rewritten(before, stamps(reports)) == {"JATENG_2024"}
    manifest = json.loads((reports / "manifest.json").read_text())
    assert manifest["reports"]["JATENG_2024"]["publish_id"] == publish_id
