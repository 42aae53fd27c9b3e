"""The LKj as it prints: the sample's 2024 workbook and Word document printed to PDF by
LibreOffice (tests/pdf.py; skipped, saying why, where LibreOffice is not installed), their
pages counted and the workbook's print scale read from the size of its text
(docs/reports.md, "Printed" and "The Word document")."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook, load_workbook

from pipelines.lkj import lkj_workbook
from pipelines.lkj.lkj_data import latest_publish, load_lkj
from pipelines.lkj.lkj_docx import render_docx
from pipelines.lkj.lkj_tables import place
from pipelines.lkj.lkj_workbook import page_fit, render_workbook
from pipelines.lkj.outline import lkj_tables
from tests import pdf

# The pages of each sheet of the sample's workbook, as LibreOffice prints them on A4
# (docs/reports.md): every table on one page, but the long ones.
LONG_TABLES = {"Lampiran III": 2, "Lampiran IV": 4, "Manual IKU": 2, "Temuan Data": 4}
PAGES = 41


@pytest.fixture(scope="module")
def sample_workbook(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's JATENG 2024 workbook, as the reports write it."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        data = load_lkj(con, "JATENG", 2024, latest_publish(con))
    return render_workbook(data, tmp_path_factory.mktemp("print") / "lkj_JATENG_2024.xlsx")


@pytest.fixture(scope="module")
def printed(sample_workbook: Path, tmp_path_factory: pytest.TempPathFactory):
    """The workbook's pages by sheet, and the height of its text printed at 100 % (a
    workbook of one cell, printed with it)."""
    pdf.require()
    reference = tmp_path_factory.mktemp("reference") / "acuan.xlsx"
    book = Workbook()
    book.active["A1"] = "Acuan"
    book.active["A1"].font = lkj_workbook.typeface()
    book.active.page_setup.scale = 100
    book.save(reference)
    out = tmp_path_factory.mktemp("pdf")
    printed_pdf, reference_pdf = pdf.to_pdf(sample_workbook, reference, out_dir=out)
    [at_100] = pdf.pages(reference_pdf)
    pages = pdf.pages(printed_pdf)
    assert pdf.page_count(printed_pdf) == len(pages)
    return by_sheet(load_workbook(sample_workbook).sheetnames, pages), at_100.text_height()


def by_sheet(names: list[str], pages: list[pdf.Page]) -> dict[str, list[pdf.Page]]:
    """The pages of each sheet: a sheet's first page starts with its name (a table's
    number, in A1), the cover's with the report's title."""
    sheets: dict[str, list[pdf.Page]] = {}
    current = 0
    for page in pages:
        if current + 1 < len(names) and page.lines()[0] == names[current + 1]:
            current += 1
        sheets.setdefault(names[current], []).append(page)
    return sheets


def test_every_sheet_prints_in_its_pages(printed) -> None:
    sheets, _ = printed
    assert {name: len(pages) for name, pages in sheets.items() if len(pages) > 1} == LONG_TABLES
    assert sum(map(len, sheets.values())) == PAGES
    assert len(sheets) == 33  # the cover and 32 tables, each printed
    # The cover on one page: the list of tables to its last.
    [cover] = sheets["Keterangan"]
    assert cover.lines()[0].startswith("Laporan Kinerja (LKj) BP3MI Jawa Tengah Tahun 2024")
    assert cover.lines()[-1].startswith("Temuan Data")  # the last table listed


def test_every_sheet_prints_at_70_percent_or_more(printed, sample_workbook: Path) -> None:
    """Read from the printed text's size, against text printed at 100 %; it is the scale
    the sheet's page setup asks for, in the orientation it asks for."""
    sheets, at_100 = printed
    workbook = load_workbook(sample_workbook)
    for name, pages in sheets.items():
        setup = workbook[name].page_setup
        assert setup.scale >= 70, name
        for page in pages:
            assert page.text_height() / at_100 >= 0.70, name
            assert page.text_height() / at_100 == pytest.approx(setup.scale / 100, abs=0.03)
            assert page.landscape == (setup.orientation == "landscape"), name
            assert round(min(page.width, page.height)) == 595  # A4: 210 x 297 mm
    # The widest tables, which printed at 30-40 % fitted to the page's width.
    for name in ("Tabel 5", "Lampiran IV", "Manual IKU", "Temuan Data"):
        assert sheets[name][0].landscape, name


def test_a_long_table_repeats_its_header_on_every_page(printed) -> None:
    """Lampiran III (22 countries, 88 lines) on portrait pages, each headed by the table's
    header (print titles); Lampiran IV likewise, landscape."""
    sheets, _ = printed
    for page in sheets["Lampiran III"]:
        assert not page.landscape
        assert any(line.startswith("NO NEGARA KASUS JUMLAH") for line in page.lines()[:5])
    assert "JUMLAH 128 48" in [line for page in sheets["Lampiran III"] for line in page.lines()]
    for page in sheets["Lampiran IV"]:
        assert any(line.startswith("NO TANGGAL LOKASI") for line in page.lines()[:7])


def test_notes_wrap_across_the_table(sample_workbook: Path) -> None:
    """A note longer than the table is wide wraps in a cell merged across the table, in a
    row as tall as its lines: nothing prints to the right of the table."""
    workbook = load_workbook(sample_workbook)
    with_notes = 0
    for sheet in workbook.worksheets[1:]:
        area = sheet.print_area.split("!")[1]  # $A$1:$K$16
        columns = area.split(":")[1].split("$")[1]
        last = sheet.max_row
        note = sheet.cell(last, 1)
        if not (note.font.i and note.value):
            continue
        with_notes += 1
        assert f"A{last}:{columns}{last}" in {str(r) for r in sheet.merged_cells.ranges}
        assert note.alignment.wrap_text
        assert area.endswith(f"${last}")
        width = sum(lkj_workbook.column_widths(sheet, sheet.max_column))
        lines = lkj_workbook.lines_needed(note.value, width)
        assert sheet.row_dimensions[last].height == (
            lines * lkj_workbook.LINE_HEIGHT if lines > 1 else None
        )
    assert with_notes >= 10


def test_a_missing_value_prints_a_dash(sample_workbook: Path, warehouse: Path) -> None:
    """As in the LKj and the HTML page: Tabel 5's budget score has no first quarter."""
    workbook = load_workbook(sample_workbook)
    rows = list(workbook["Tabel 5"].iter_rows(min_row=6, values_only=True))
    [budget] = [row for row in rows if "Nilai Capaian Kinerja Anggaran" in row]
    assert budget[3:5] == (88, "-")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = lkj_tables(load_lkj(con, "JATENG", 2024, latest_publish(con)))
    missing = 0
    for table in tables:
        sheet = workbook[table.label]
        for r, c, cell in place([*table.header, *table.body]):
            if cell.value is None:
                missing += 1
                assert sheet.cell(lkj_workbook.FIRST_ROW + r, 1 + c).value == "-", table.label
    assert missing > 0


def test_the_page_a_table_prints_on() -> None:
    """Portrait if the table fits at 100 %, else landscape as large as fits (A4, margins
    of half an inch: 523 and 770 points wide inside them)."""
    assert page_fit(500) == ("portrait", 100)
    assert page_fit(700) == ("landscape", 100)
    assert page_fit(1000) == ("landscape", 76)
    assert page_fit(500, 1400) == ("portrait", 53)  # on one page: 755 points high
    assert page_fit(500, 700) == ("portrait", 100)


# --- the Word document as it prints ---------------------------------------------------------

# The sample's JATENG 2024 .docx printed by LibreOffice on A4 (docs/reports.md, "The Word
# document"): the cover, contents and summary, Bab I-IV, then the appendices.
DOCX_PAGES = 33
MARGINS = (85.0, 71.0)  # points: the template's 3 cm left, 2,5 cm right


@pytest.fixture(scope="module")
def printed_docx(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> list[pdf.Page]:
    pdf.require()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        data = load_lkj(con, "JATENG", 2024, latest_publish(con))
    written = render_docx(data, tmp_path_factory.mktemp("docx") / "lkj_JATENG_2024.docx")
    [printed_pdf] = pdf.to_pdf(written, out_dir=tmp_path_factory.mktemp("docx-pdf"))
    pages = pdf.pages(printed_pdf)
    assert pdf.page_count(printed_pdf) == len(pages)
    return pages


def test_the_word_document_prints_on_a4_with_nothing_cut_off(printed_docx) -> None:
    """Every page A4 (Lampiran II, IV and Manual IKU landscape: their tables do
    not keep their words whole on a portrait page), every word inside the margins, nothing
    printed smaller than 6 points."""
    assert len(printed_docx) == DOCX_PAGES
    left, right = MARGINS
    for number, page in enumerate(printed_docx, 1):
        assert round(min(page.width, page.height)) == 595, number  # A4: 210 x 297 mm
        assert round(max(page.width, page.height)) == 842, number
        assert min(word.left for word in page.words) >= left - 1, number
        assert max(word.right for word in page.words) <= page.width - right + 1, number
        assert min(word.height for word in page.words) >= 6.5, number  # 6 pt Arial
    starts = [page.lines()[0] for page in printed_docx]
    landscape = [page.lines()[0] for page in printed_docx if page.landscape]
    wide = [
        "LAMPIRAN II: DATA PENEMPATAN",
        "LAMPIRAN IV: DATA PENCEGAHAN PMI NON PROSEDURAL",
        "MANUAL IKU",
    ]
    assert [line for line in landscape if line in wide] == wide
    assert {"LAMPIRAN I: PERJANJIAN KINERJA", "LAMPIRAN III: REKAP KASUS"} <= set(starts)
    assert not {"LAMPIRAN I: PERJANJIAN KINERJA", "LAMPIRAN III: REKAP KASUS"} & set(landscape)
    # each chapter begins a page
    for heading in ("BAB I PENDAHULUAN", "BAB III AKUNTABILITAS KINERJA", "BAB IV PENUTUP"):
        assert heading in starts


def test_the_word_documents_tables_keep_their_words_whole(printed_docx) -> None:
    """Lampiran IV's header, the widest the LKj has, prints every word whole and repeats on
    each of its pages; a number keeps its figures on one line."""
    pages = [
        page
        for page in printed_docx
        if any(line.startswith("NO TANGGAL LOKASI") for line in page.lines()[:6])
    ]
    assert len(pages) == 2
    for page in pages:
        header = " ".join(page.lines()[:6])
        for word in ("P3MI/LEMBAGA/", "PERMASALAHAN", "KELAMIN", "PENEMPATAN"):
            assert word in header
    words = {word.text for page in printed_docx for word in page.words}
    assert {"25.207", "35.354", "71,29", "5.382.419.000"} <= words  # Tabel 6, 24
