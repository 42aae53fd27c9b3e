"""A provisional office-year said to be provisional in every report format.

Two offices refreshed on 15 April 2025 (tests/test_deliveries.py's pattern, a fixed
reference date):

- TESTB, the small office (tests/fixtures/small_office): placements of January (3 rows)
  and March 2025 (2 rows), February missing: provisional up to January. Its 2024 is only
  in the historical feed (no month of it): the same-period comparison cannot be made.
- TESTC: placements of January-March 2025 (1, 2, 1 rows) and of January-April 2024 (3,
  2, 2, 4 rows), nothing else (no cases file): 2025 provisional up to March, compared with
  January-March 2024 (7), never with the whole of 2024 (11).

The committed sample (JATENG 2024) is complete: its reports carry no label.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import docx
import duckdb
import openpyxl
import pytest

from pipelines.contract.specs import FEED_TITLES, FEEDS
from pipelines.lkj import outline
from pipelines.lkj.analysis import draft_chapter
from pipelines.lkj.lkj_data import LkjData, load_lkj
from pipelines.lkj.lkj_docx import render_docx
from pipelines.lkj.lkj_html import render_html
from pipelines.lkj.lkj_tables import headline
from pipelines.lkj.lkj_workbook import STATUS_ROW, render_workbook
from tests.conftest import SMALL_OFFICE, build_warehouse, write_csv
from tests.test_deliveries import HEADER, PLACEMENTS

REFERENCE_DATE = dt.date(2025, 4, 15)
TESTC_2025 = {1: 1, 2: 2, 3: 1}  # month -> rows
TESTC_2024 = {1: 3, 2: 2, 3: 2, 4: 4}
LABEL_B = "Sementara, data s.d. Januari 2025"
LABEL_C = "Sementara, data s.d. Maret 2025"


def placements(raw: Path, office: str, year: int, month: int, count: int) -> Path:
    """A placements file of ``office`` for ``month`` of ``year`` with ``count`` rows."""
    rows = [
        f"{office}-{year}-{month}-{n};98{year}{month:02d}{n:08d};Contoh Orang;L;"
        f"{n + 1:02d}/{month:02d}/{year};P4MI Contoh;BP3MI/P4MI;P to P;Formal;Taiwan;"
        "Operator;Kab. Contoh;PT. Contoh Jaya"
        for n in range(1, count + 1)
    ]
    name = f"penempatan_{office}_{year}-{month:02d}.csv"
    return write_csv(raw / PLACEMENTS / name, HEADER, *rows)


@pytest.fixture(scope="module")
def warehouse_2025(tmp_path_factory: pytest.TempPathFactory, pseudonym_key_file: Path) -> Path:
    root = tmp_path_factory.mktemp("provisional")
    raw = Path(shutil.copytree(SMALL_OFFICE, root / "raw"))
    (raw / PLACEMENTS / "penempatan_TESTB_2025-04.csv").unlink()
    placements(raw, "TESTB", 2025, 3, 2)
    for year, months in ((2025, TESTC_2025), (2024, TESTC_2024)):
        for month, count in months.items():
            placements(raw, "TESTC", year, month, count)
    path = root / "warehouse" / "warehouse.duckdb"
    assert build_warehouse(path, raw, reference_date=REFERENCE_DATE).success
    return path


def loaded(path: Path, office: str, year: int) -> LkjData:
    with duckdb.connect(str(path), read_only=True) as con:
        return load_lkj(con, office, year, "run-test", dt.datetime(2025, 4, 15, 9, tzinfo=dt.UTC))


@pytest.fixture(scope="module")
def testc(warehouse_2025: Path) -> LkjData:
    return loaded(warehouse_2025, "TESTC", 2025)


@pytest.fixture(scope="module")
def testb(warehouse_2025: Path) -> LkjData:
    return loaded(warehouse_2025, "TESTB", 2025)


def test_the_refresh_writes_the_label_into_the_published_report(warehouse_2025: Path) -> None:
    """The real publish step (reports/lkj) wrote TESTB 2025 with its label."""
    written = warehouse_2025.parent / "reports" / "TESTB_2025" / "lkj_TESTB_2025.xlsx"
    cover = openpyxl.load_workbook(written)["Keterangan"]
    assert cover["A1"].value == f"Laporan Kinerja (LKj) BP3MI TESTB Tahun 2025 ({LABEL_B})"


def test_the_status_is_read_with_the_report(testb: LkjData, testc: LkjData) -> None:
    assert (testb.status_label, testb.months_complete) == (LABEL_B, 1)
    assert (testc.status_label, testc.months_complete) == (LABEL_C, 3)
    assert testc.months_complete_before == 4  # TESTC 2024: January-April
    assert testc.placements_before == TESTC_2024
    # TESTC delivered placements only; the cases file (kasus) is not in.
    assert "kasus" in testc.undelivered and "penempatan" not in testc.undelivered
    assert "kasus" not in testb.undelivered  # TESTB's cases file of 2025 is in
    assert {"fct_office_year_status", "fct_deliveries"} <= set(outline.MARTS_READ_ROWS)


def test_the_workbook_says_provisional_on_its_cover_and_every_sheet(
    testc: LkjData, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(render_workbook(testc, tmp_path / "lkj.xlsx"))
    cover = book["Keterangan"]
    assert cover["A1"].value.endswith(f"Tahun 2025 ({LABEL_C})")
    assert cover["A2"].value.startswith(f"{LABEL_C}. Angka tahun 2025 bersifat sementara")
    # The feeds owed and not delivered, in plain words: TESTC delivered placements only;
    # the optional feeds (orientation, the office's own words) are never owed.
    owed = [f for f, specs in FEEDS.items() if f != PLACEMENTS and not specs[0].optional]
    listed = ", ".join(FEED_TITLES[feed] for feed in owed)
    assert cover["A2"].value.endswith(f"Belum ada berkas yang diterima untuk tahun 2025: {listed}.")
    assert "pengaduan kasus PMI" in listed and "tata_kelola" not in cover["A2"].value
    for optional in ("orientasi", "narasi"):
        assert FEED_TITLES[optional] not in cover["A2"].value
    tables = book.sheetnames[1:]
    assert len(tables) == len(outline.lkj_tables(testc))
    assert {book[name].cell(row=STATUS_ROW, column=1).value for name in tables} == {LABEL_C}


def test_the_html_page_has_a_visible_banner(testc: LkjData, tmp_path: Path) -> None:
    page = render_html(testc, tmp_path / "lkj.html").read_text(encoding="utf-8")
    assert f"<title>Laporan Kinerja (LKj) BP3MI TESTC Tahun 2025 ({LABEL_C})</title>" in page
    assert f"<p class='provisional' id='sementara' role='note'><strong>{LABEL_C}." in page
    assert page.count(f"<p class='status'>{LABEL_C}</p>") == len(outline.lkj_tables(testc))


def test_the_docx_says_it_on_its_cover_and_every_page_header(
    testc: LkjData, tmp_path: Path
) -> None:
    document = docx.Document(str(render_docx(testc, tmp_path / "lkj.docx")))
    cover = [p.text for p in document.paragraphs[:20]]
    assert f"({LABEL_C.upper()})" in cover
    header = f"LKj BP3MI TESTC Tahun 2025: {LABEL_C}"
    assert len(document.sections) > 1  # the appendices' sections (landscape...)
    for section in document.sections:  # every page but the cover (its own first page)
        assert header in [p.text for p in section.header.paragraphs]
        assert header not in [p.text for p in section.first_page_header.paragraphs]
    assert document.core_properties.title.endswith(f"({LABEL_C})")
    under_titles = [p.text for p in document.paragraphs if p.text == LABEL_C]
    assert len(under_titles) == len(document.tables) > 20  # one under each table's title


def test_an_undelivered_feed_prints_a_dash_and_is_named(testc: LkjData) -> None:
    cards = dict(headline(testc))
    assert cards["Kasus diterima (masih proses)"] == "- (berkas kasus 2025 belum diterima)"
    assert cards["Penempatan PMI, orang (IKU 1)"] == "4"  # 1 + 2 + 1 rows
    lampiran = outline.table(testc, "lampiran-iii")
    assert [cell.text() for cell in lampiran.body[-1][1:]] == ["-", "-"]
    assert "Berkas kasus 2025 belum diterima" in lampiran.note


def chapter_text(data: LkjData) -> str:
    return "\n".join(text for _, text in draft_chapter(data).lines())


def test_the_chapter_compares_the_same_months_of_the_year_before(testc: LkjData) -> None:
    chapter = draft_chapter(testc)
    assert chapter.title == f"BAB III AKUNTABILITAS KINERJA ({LABEL_C.upper()}) " + (
        "(DRAF - untuk disunting)"
    )
    [iku1] = [s for s in chapter.sections if s.key == "iku1"]
    # January-March 2025: 1 + 2 + 1 = 4; January-March 2024: 3 + 2 + 2 = 7 (April's 4
    # and the whole of 2024, 11, are not the same period): 3 fewer, 42,86 %.
    now = sum(TESTC_2025[month] for month in (1, 2, 3))
    before = sum(TESTC_2024[month] for month in (1, 2, 3))
    whole = sum(TESTC_2024.values())
    assert (now, before, whole) == (4, 7, 11)
    fell = f"{(before - now) / before * 100:.2f}".replace(".", ",")
    assert (
        f"Dibanding periode yang sama tahun 2024, realisasi Januari-Maret 2025 ({now} orang) "
        f"turun {before - now} orang ({fell} %) dibanding Januari-Maret 2024 ({before} orang)."
    ) in " ".join(iku1.paragraphs)
    text = chapter_text(testc)
    assert f"{whole} orang" not in text and "signifikan" not in text
    # Only the complete quarter: Triwulan II-IV are named not complete, no 0 said of them.
    assert "Triwulan I 4 orang; Triwulan II, Triwulan III dan Triwulan IV belum lengkap" in text
    assert "dibanding tahun 2024" not in text


def test_where_the_same_months_are_not_held_no_comparison_and_why(testb: LkjData) -> None:
    text = chapter_text(testb)
    assert "Perbandingan dengan tahun 2024 tidak dibuat: gudang data tidak memegang data " in text
    assert "dibanding tahun 2024" not in text and "signifikan" not in text


def test_a_complete_year_has_no_label(warehouse: Path, tmp_path: Path) -> None:
    data = loaded(warehouse, "JATENG", 2024)
    assert data.status_label == "" and not data.provisional
    book = openpyxl.load_workbook(render_workbook(data, tmp_path / "lkj.xlsx"))
    assert book["Keterangan"]["A1"].value == "Laporan Kinerja (LKj) BP3MI Jawa Tengah Tahun 2024"
    assert book["Keterangan"]["A2"].value is None
    assert {book[n].cell(row=STATUS_ROW, column=1).value for n in book.sheetnames[1:]} == {None}
    page = render_html(data, tmp_path / "lkj.html").read_text(encoding="utf-8")
    assert "Sementara" not in page and "class='provisional'" not in page
    document = docx.Document(str(render_docx(data, tmp_path / "lkj.docx")))
    assert not any("Sementara" in p.text for p in document.sections[0].header.paragraphs)
    assert draft_chapter(data).title == "BAB III AKUNTABILITAS KINERJA (DRAF - untuk disunting)"
    # The complete year still says its change against the whole of last year.
    assert "dibanding tahun 2023" in chapter_text(data)
