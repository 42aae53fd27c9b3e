"""The LKj's tables printed as the LKj prints them: Tabel 3, 4, 5, 6, Lampiran I, III, IV.

Each test compares the generated workbook (read back with openpyxl: the value and its
number format) or the HTML page with the published LKj 2024 of BP3MI Jawa Tengah
(tests/published_lkj_2024.py). Where the generated report cannot print what the LKj
prints, the test says why (docs/reports.md).
"""

from __future__ import annotations

import html
import re
import shutil
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipelines.analyst import connect
from pipelines.lib.indonesian import format_number
from pipelines.lkj.lkj_data import LkjData, load_lkj, year_lists
from pipelines.lkj.lkj_html import table_html
from pipelines.lkj.lkj_tables import (
    measure,
    pct,
    quarantine_note,
    reduction_by_quarter,
)
from pipelines.lkj.outline import lkj_tables, placed_tables
from pipelines.lkj.outline import table as outlined
from tests import published_lkj_2024 as published
from tests import test_reports
from tests.conftest import build_warehouse
from tests.test_reports import body

# The reports of the sample warehouse, written as tests/test_reports.py writes them.
generated = test_reports.generated
workbook = test_reports.workbook
html_path = test_reports.html_path

EXACT = 1e-9
FORMAT = re.compile(r'#,##0(?:\.(0+))?(?:"(.*)")?')
IKU_ROWS = 8  # IKU 1-8, in their order


def printed(cell) -> str:
    """A workbook cell as Excel shows it with its number format (Indonesian separators)."""
    if not isinstance(cell.value, int | float):
        return cell.value or ""
    match = FORMAT.fullmatch(cell.number_format)
    assert match, cell.number_format
    return format_number(cell.value, len(match[1] or "")) + (match[2] or "")


def same(text: str) -> str:
    """Printed text without spaces: the LKj writes "6,00%" and "6,00 %" for one figure."""
    return re.sub(r"\s+", "", text)


def rows_of(sheet, columns: int) -> list[tuple]:
    """The table's body rows as cells (not values), from the row numbered 1."""
    values = body(sheet, columns)
    first = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 1).value == 1)
    return [
        tuple(sheet.cell(first + i, c) for c in range(1, columns + 1)) for i in range(len(values))
    ]


def section_cells(page: str, key: str) -> list[str]:
    """The text of every body cell of the table ``key`` of the HTML page."""
    section = page.split(f"<section class='lkj-table' id='{key}'>", 1)[1].split("</section>")[0]
    tbody = section.split("<tbody>", 1)[1]
    return [html.unescape(text) for text in re.findall(r"<td[^>]*>(.*?)</td>", tbody)]


@pytest.fixture(scope="module")
def data(generated: tuple[Path, str]) -> LkjData:
    with closing(connect(generated[0].parent / "warehouse.duckdb")) as con:
        return load_lkj(con, "JATENG", 2024, generated[1])


# --- the printing rules, one per figure ------------------------------------------------


def test_whole_figures_print_without_decimals() -> None:
    assert pct(50.0).text() == "50 %" and pct(100.0).text() == "100 %"
    assert pct(71.29).text() == "71,29 %"
    assert measure(88.0, "Nilai").text() == "88" and measure(86.06, "Nilai").text() == "86,06"
    # IKU 2's percentages keep their two decimals, whole or not (Tabel 3, 4, 6: "6,00 %").
    assert measure(6.0, "%").text() == "6,00 %"
    assert measure(35354.0, "Orang").text() == "35.354 Orang"


def test_iku2_by_quarter_is_cut_and_its_fourth_quarter_is_the_years(data: LkjData) -> None:
    """58,9552 prints 58,95 as the LKj cuts it (not 58,96); the fourth quarter is the
    year's 4,4776, which the LKj rounds (4,48) wherever it prints it."""
    shown = [reduction_by_quarter(data, q).value for q in range(1, 5)]
    assert shown == pytest.approx([-75.37, -58.95, -35.82, -4.48], abs=EXACT)


# --- Tabel 3, 4, Lampiran I ----------------------------------------------------------


def targets_and_budgets(sheet) -> tuple[list[str], list[tuple[str, int]], tuple]:
    rows = rows_of(sheet, 4)
    targets = [printed(r[3]) for r in rows[:IKU_ROWS]]
    activities = [(r[1].value, r[3].value) for r in rows[IKU_ROWS + 1 :]]
    return targets, activities, rows[IKU_ROWS]


@pytest.mark.parametrize(
    ("sheet", "targets", "budgets"),
    [
        ("Tabel 3", published.TABEL_3_TARGETS, published.TABEL_3_BUDGETS),
        ("Tabel 4", published.TABEL_4_TARGETS, published.TABEL_4_BUDGETS),
        ("Lampiran I", published.LAMPIRAN_I_TARGETS, published.LAMPIRAN_I_BUDGETS),
    ],
)
def test_targets_and_activity_budgets_as_published(workbook, sheet, targets, budgets) -> None:
    shown, activities, heading = targets_and_budgets(workbook[sheet])
    # The ZI target's grade "(WBBM)" is in no input (the target feed has no grade).
    expected = [same(t.removesuffix(" (WBBM)")) for t in targets]
    assert [same(t) for t in shown] == expected
    assert [heading[0].value, heading[3].value] == ["Kegiatan", "Anggaran (Rp)"]
    assert activities == list(zip(published.ACTIVITIES, budgets, strict=True))
    row = rows_of(workbook[sheet], 4)
    assert row[5][3].number_format == "#,##0"  # 88, not 88,00
    assert row[1][3].number_format == '#,##0.00" %"'  # 6,00 %


def test_targets_and_budgets_in_html(data: LkjData) -> None:
    """The HTML of Tabel 3, 4 and Lampiran I as the report's renderer writes a table."""
    for table, targets, budgets in (
        (outlined(data, "tabel-3"), published.TABEL_3_TARGETS, published.TABEL_3_BUDGETS),
        (outlined(data, "tabel-4"), published.TABEL_4_TARGETS, published.TABEL_4_BUDGETS),
        (outlined(data, "lampiran-i"), published.LAMPIRAN_I_TARGETS, published.LAMPIRAN_I_BUDGETS),
    ):
        cells = section_cells(table_html(table), table.key)
        for target in targets:
            assert same(target.removesuffix(" (WBBM)")) in map(same, cells), target
        assert [format_number(b, 0) for b in budgets] == [c for c in cells if c.count(".") == 3]


# --- Tabel 5 and 6 -------------------------------------------------------------------


def test_tabel_5_prints_signs_grades_and_the_ikpa_achievement(workbook, html_path) -> None:
    rows = rows_of(workbook["Tabel 5"], 11)
    by_code = dict(zip(("IKU2", "IKU6", "IKU7", "IKU8"), (rows[1], *rows[5:8]), strict=True))
    page = html_path.read_text()
    cells = section_cells(page, "tabel-5")
    for code, expected in published.TABEL_5_REALISATIONS.items():
        shown = [printed(by_code[code][c]) for c in (4, 6, 8, 10)]
        if code == "IKU6":
            # "86,06%": a score printed with a percent sign (docs/reconciliation-2024.md, 23).
            expected = (*expected[:3], expected[3].removesuffix("%"))
            shown = [s or "-" for s in shown]
        assert [same(s) for s in shown] == [same(e) for e in expected], code
        for text in expected:
            if text != "86,06%":
                assert same(text) in map(same, cells), (code, text)
    assert rows[1][6].value == pytest.approx(-58.95, abs=EXACT)  # cut, not 58,96


def test_tabel_6_prints_as_published(workbook, html_path) -> None:
    rows = rows_of(workbook["Tabel 6"], 6)
    shown = [tuple(printed(row[c]) for c in (3, 4, 5)) for row in rows[:IKU_ROWS]]
    assert [tuple(map(same, r)) for r in shown] == [
        tuple(map(same, r)) for r in published.TABEL_6_PRINTED
    ]
    assert same(printed(rows[IKU_ROWS][5])) == same(published.TABEL_6_MEAN)
    cells = list(map(same, section_cells(html_path.read_text(), "tabel-6")))
    assert "50%" in cells and "88" in cells and "88,00" not in cells and "50,00%" not in cells


# --- Lampiran III --------------------------------------------------------------------


def test_lampiran_iii_lists_the_case_types_as_typed(workbook) -> None:
    values = body(workbook["Lampiran III"], 5)
    lines, total = values[:-1], values[-1]
    country = None
    generated_lines = Counter()
    for row in lines:
        country = row[1] or country  # the country spans its lines
        generated_lines[(country, row[2])] += row[3]
    printed_lines = Counter()
    for country_name, case_type, cases in published.LAMPIRAN_III:
        printed_lines[(country_name, case_type)] += cases
    assert generated_lines == printed_lines
    # 88 printed lines; Singapura's "PMI dipulangkan" is printed twice (1 and 1), one line
    # of 2 here: the records do not tell the two apart.
    assert len(published.LAMPIRAN_III) == 88 and len(lines) == 87
    assert printed_lines[("Singapura", "PMI dipulangkan")] == 2
    assert len({row[1] for row in lines if row[0] is not None}) == 22  # as numbered there
    assert total[3:5] == (published.CASES_RECEIVED, published.CASES_IN_PROCESS)


def test_lampiran_iii_marks_what_has_no_published_source(workbook, html_path) -> None:
    sheet = workbook["Lampiran III"]
    assert sheet.cell(4, 5).value == "MASIH PROSES \u2020"
    notes = [c.value for c in sheet["A"] if isinstance(c.value, str) and "\u2020 " in c.value]
    assert len(notes) == 1 and "tanpa sumber terbitan" in notes[0]
    page = html_path.read_text()
    section = page.split("id='lampiran-iii'>", 1)[1].split("</section>")[0]
    assert "MASIH PROSES \u2020</th>" in section and "tanpa sumber terbitan" in section


# --- Lampiran IV ---------------------------------------------------------------------


def test_lampiran_iv_as_published_without_names(workbook, data: LkjData) -> None:
    values = [tuple(v or "" for v in row) for row in body(workbook["Lampiran IV"], 11)]
    assert [row[0] for row in values] == list(range(1, 63))
    sex = {"L": ("\u2713", ""), "P": ("", "\u2713")}
    first = published.LAMPIRAN_IV_ROW_1
    assert values[0][1:4] == first[:3]
    assert values[0][5:7] == sex[first[3]] and values[0][7:] == first[4:]
    place, organiser, who, problem = published.LAMPIRAN_IV_RAID
    for row, origin in zip(values[1:], published.LAMPIRAN_IV_ORIGINS, strict=True):
        number = row[0]
        assert (row[2], row[3], row[5:7], row[8], row[9]) == (
            place,
            organiser,
            sex[who],
            origin,
            problem,
        ), number
        repeats = published.LAMPIRAN_IV_REPEATS.get(number)
        # what the LKj leaves blank prints "-" (a missing value), but the other sex's column
        assert row[10] == ("-" if repeats else published.LAMPIRAN_IV_FOLLOW_UP), number
        if repeats:
            assert row[4].endswith(f"(diduga sama dengan no. {repeats})")
    # Never a name: the person is the pseudonym's start, which no name is.
    people = [row[4] for row in values]
    assert all(re.fullmatch(r"Pseudonim [0-9a-f]{8}( \(diduga .*\))?", p) for p in people)
    assert len({p.split()[1] for p in people}) == 62
    # The dates the LKj leaves blank (rows 2-62) are the sample's (raw/README.md): the
    # report prints the data's, for any office, under the LKj's own header.
    assert workbook["Lampiran IV"].cell(4, 2).value == "TANGGAL"
    cells = section_cells(table_html(outlined(data, "lampiran-iv")), "lampiran-iv")
    assert published.LAMPIRAN_IV_ROW_1[6] in cells


# --- the labels: titles and header rows as the LKj prints them ------------------------

Header = tuple[tuple[str, ...], ...]


def _replaced(header: Header, printed: str, instead: str) -> Header:
    return tuple(tuple(instead if text == printed else text for text in row) for row in header)


# Where the generated table is labelled otherwise than the published one: what it prints
# instead, each listed with its reason in docs/reports.md ("Differences from the published
# LKj").
LABEL_DIFFERENCES: dict[str, Callable[[str, Header], tuple[str, Header]]] = {
    # Tabel 10 prints "ABT" where Tabel 17 and the text say AA: one layout, AA.
    "tabel-10": lambda title, header: (
        title,
        _replaced(header, "TARGET DIPA SETELAH ABT", "TARGET DIPA SETELAH AA"),
    ),
    # Tabel 17 says "Rencana Strategis" where Tabel 10 says "Penetapan Kinerja": one layout.
    "tabel-17": lambda title, header: (
        title.replace("Rencana Strategis", "Penetapan Kinerja"),
        header,
    ),
    # A column the LKj lacks, marked: the cases still in process.
    "lampiran-iii": lambda title, header: (title, ((*header[0], "MASIH PROSES \u2020"),)),
}
# Screens of the Ministry of Finance's applications in the LKj; here tables of their own
# layout (docs/reports.md): only their titles are compared.
OTHER_LAYOUT = {"lampiran-v", "lampiran-ikpa"}
# Tables of the report that the LKj does not have.
NOT_IN_THE_LKJ = {"tabel-ringkasan", "tabel-manual-iku", "temuan"}


def header_texts(header: Sequence[Sequence]) -> Header:
    """Each header row as the texts of its cells, left to right (a spanning cell once)."""
    return tuple(tuple(cell.text() for cell in row) for row in header)


def test_every_table_is_titled_and_headed_as_published(data: LkjData) -> None:
    """Tabel 3-25 and Lampiran I-V and the IKPA's: the title and the header rows as the
    published LKj prints them (tests/published_lkj_2024.py), but for the differences
    listed (LABEL_DIFFERENCES, OTHER_LAYOUT), each with its reason in docs/reports.md."""
    tables = {table.key: table for table in lkj_tables(data)}
    assert set(published.LABELS) == set(tables) - NOT_IN_THE_LKJ
    for key, printed in published.LABELS.items():
        title, header = LABEL_DIFFERENCES.get(key, lambda *printed: printed)(*printed)
        table = tables[key]
        if key.startswith("lampiran"):  # the appendices' covers print them in capitals
            assert table.title.upper() == title.upper(), key
        else:
            assert table.title == title, key
        if key in OTHER_LAYOUT:
            assert header_texts(table.header) != header, key  # else: drop it from the list
        else:
            assert header_texts(table.header) == header, key


def test_every_difference_of_the_labels_is_documented() -> None:
    """docs/reports.md lists each table whose labels differ, with its reason."""
    text = (Path(__file__).parents[1] / "docs" / "reports.md").read_text()
    section = text.split("\n## Differences from the published LKj\n", 1)[1].split("\n## ")[0]
    labels = {table.key: table.label for table in placed_tables(year_lists(2024)[1])}
    for key in [*LABEL_DIFFERENCES, *OTHER_LAYOUT]:
        assert f"**{labels[key]}**" in section, key


def test_charts_are_numbered_as_published(html_path: Path) -> None:
    """Grafik 5-20 as the LKj numbers and heads them (Grafik 20, IKU 5's series on the
    DIPA basis, too); the page's other charts are "Grafik tambahan", unnumbered."""
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", html_path.read_text())
    numbered = [c for c in captions if re.match(r"Grafik \d+\. ", c)]
    assert numbered == [f"Grafik {n}. {title}" for n, title in published.GRAFIK.items()]
    others = [c for c in captions if c not in numbered]
    assert len(others) == 4 and all(c.startswith("Grafik tambahan. ") for c in others)


def test_every_id_of_the_page_is_unique(html_path: Path) -> None:
    ids = re.findall(r"""\bid=['"]([^'"]+)['"]""", html_path.read_text())
    assert [key for key, n in Counter(ids).items() if n > 1] == []
    assert "ringkasan" in ids and "tabel-ringkasan" in ids


# --- the quarantine note -------------------------------------------------------------


def test_every_report_says_how_many_rows_were_quarantined(workbook, html_path) -> None:
    # none in the sample: said plainly, without the tables an analyst would look in
    note = "Semua baris data masukan tahun ini masuk ke angka laporan (tidak ada yang"
    sheet = workbook["Ringkasan"]
    assert any(isinstance(c.value, str) and c.value.startswith(note) for c in sheet["A"])
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["Baris data masukan dikarantina"] == 0
    assert note in html.unescape(html_path.read_text())


def test_the_note_counts_the_office_years_quarantined_rows(raw: Path, tmp_path: Path) -> None:
    """Two rows of the small office's repatriations with a date that is no date: the
    report of TESTB 2025 says 2 rows were quarantined, and where. (The same build checks
    Lampiran IV's organisers: a company is printed, what may be a person's name is not.)"""
    path = raw / "pemulangan" / "pemulangan_TESTB_2025.csv"
    with path.open("a") as rows:
        rows.write("R-8;31/02/2025;Contoh Sembilan;PMI Sakit;Malaysia;Kab. Contoh\n")
        rows.write("R-9;tanggal;Contoh Sepuluh;PMI Sakit;Malaysia;Kab. Contoh\n")
    recap = raw / "pencegahan" / "pencegahan_TESTB_2025.xlsx"
    book = load_workbook(recap)
    book.active["D3"], book.active["D4"] = "Contoh Sponsor bin Ahmad", "PT. Contoh Jaya"
    book.save(recap)
    warehouse = tmp_path / "warehouse" / "warehouse.duckdb"
    assert build_warehouse(warehouse, raw).success
    with closing(connect(warehouse)) as con:
        data = load_lkj(con, "TESTB", 2025, "p")
    assert data.rows_quarantined == 2
    organisers = [(p.number, p.organiser) for p in data.preventions]
    assert organisers == [
        (1, "Perseorangan"),
        (2, "Perseorangan (nama tidak dicetak)"),
        (3, "PT. Contoh Jaya"),
    ]
    assert "Contoh Sponsor" not in table_html(outlined(data, "lampiran-iv"))
    assert quarantine_note(data) == (
        "2 baris dikarantina (pemulangan 2); lihat marts.fct_quarantine_summary dan "
        "audit.quarantine (docs/input-errors.md)."
    )
    shutil.rmtree(tmp_path / "warehouse")
