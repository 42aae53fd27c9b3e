"""Text typed into a raw file reaches the generated LKj as text: never a formula.

A country (``NEGARA``) or a case type (``JENIS_KASUS``) reaches Lampiran III
as typed (``marts.fct_cases_by_type``), and the chart of cases by country
where the reference seeds do not know it (``marts.fct_cases_annual``); the
prevention recap's places and problems reach Lampiran IV; findings name raw
values in ``marts.dq_findings`` and the sheet ``Temuan Data``. Such text is
written by the real report code, then read back as Excel and a browser would
read it: openpyxl, the workbook's XML, an HTML parser.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
import zipfile
from contextlib import closing
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from pipelines.analyst import connect
from pipelines.lkj.lkj_data import (
    CaseLine,
    CaseTypeLine,
    Finding,
    LkjData,
    Prevention,
    load_lkj,
)
from pipelines.lkj.render import render_all

# What a raw file could hold: formulas (a link out, DDE), text a spreadsheet takes for a
# formula or an error value, markup, and what a source workbook's escapes become.
FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+62 812 (WA)",
    "-Lainnya",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]
OTHER_TEXT = ["#N/A", "#REF!", "<script>alert(1)</script>", "TKI & ABK", "_x0041_ kasus"]
# A control character, as a source workbook's escaped `_x0007_` reaches the warehouse,
# and what the reports write for it: U+FFFD.
WITH_CONTROLS = {
    "ARAB\x07SAUDI": "ARAB\ufffdSAUDI",
    "MALAY\x00SIA\x1b": "MALAY\ufffdSIA\ufffd",
    "\x0b=1+1": "\ufffd=1+1",
}
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.fixture(scope="module")
def sample(warehouse: Path) -> LkjData:
    """The figures of JATENG 2024 from the sample warehouse."""
    with closing(connect(warehouse)) as con:
        return load_lkj(con, "JATENG", 2024, "p")


def with_raw_text(data: LkjData, texts: list[str], office_name: str | None = None) -> LkjData:
    """``data`` whose cases, preventions and findings carry ``texts``: each as a country,
    as a case type (and category), as a prevention's place and problem, and as a finding's
    subject and detail."""
    cases = tuple(
        CaseLine(None, text, texts[-1 - i], cases=i + 2, cases_open=1)
        for i, text in enumerate(texts)
    )
    case_lines = tuple(
        CaseTypeLine(text, texts[-1 - i], cases=i + 2, cases_open=1) for i, text in enumerate(texts)
    )
    preventions = tuple(
        Prevention(i + 1, None, text, None, "0123abcd", "L", None, None, text, None, None)
        for i, text in enumerate(texts)
    )
    findings = tuple(
        Finding("kasus_negara_tidak_dikenal", text, None, None, None, "warning", text)
        for text in texts
    )
    return dataclasses.replace(
        data,
        cases=cases,
        case_lines=case_lines,
        preventions=preventions,
        findings=findings,
        office_name=office_name if office_name is not None else data.office_name,
    )


def render(data: LkjData, out: Path) -> tuple[Path, Path]:
    """The workbook and the page of ``data``, written by the report code."""
    xlsx, html = out / "lkj.xlsx", out / "lkj.html"
    assert render_all([(data, [xlsx, html])]) == [xlsx, html]
    return xlsx, html


def xml_cells(xlsx: Path) -> list[tuple[str, ElementTree.Element]]:
    """Every cell (``<c>``) of every sheet's XML, with the name of its part."""
    with zipfile.ZipFile(xlsx) as archive:
        parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        return [
            (name, cell)
            for name in parts
            for cell in ElementTree.fromstring(archive.read(name)).iter(f"{MAIN}c")
        ]


def xml_text(cell: ElementTree.Element) -> str:
    """A cell's string as its XML holds it (before Excel reads ``_xHHHH_`` as a character)."""
    return "".join(t.text or "" for t in cell.iter(f"{MAIN}t"))


def cells_holding(workbook, texts) -> dict[str, list]:
    """Every cell of every sheet whose value is one of ``texts``, by text."""
    found: dict[str, list] = {text: [] for text in texts}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in found:
                    found[cell.value].append((sheet.title, cell))
    return found


def test_text_from_the_data_is_written_as_text_never_as_a_formula(
    sample: LkjData, tmp_path: Path
) -> None:
    texts = FORMULAS + OTHER_TEXT
    xlsx, _ = render(with_raw_text(sample, texts), tmp_path)
    workbook = load_workbook(xlsx)
    for text, cells in cells_holding(workbook, texts).items():
        if text == "_x0041_ kasus":
            continue  # escaped in the file: below
        sheets = sorted({title for title, _ in cells})
        assert sheets == ["Lampiran III", "Lampiran IV", "Temuan Data"], text
        for _, cell in cells:
            assert cell.data_type == "s", (text, cell.coordinate)
            assert cell.value == text
            # Excel's quote prefix: the text stays text when a reader edits the cell.
            assert cell.quotePrefix == text.startswith(("=", "+", "-", "@")), text
    # No cell of the workbook is a formula or an error value.
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type in {"s", "n"}, (sheet.title, cell.coordinate, cell.value)
    # The file itself: no cell holds a formula (<f>) or an error value, and the texts are
    # strings written in the cell (t="inlineStr").
    cells = xml_cells(xlsx)
    for name, cell in cells:
        assert cell.find(f"{MAIN}f") is None, (name, cell.get("r"))
        assert cell.get("t") in {"inlineStr", "n"}, (name, cell.get("r"), cell.get("t"))
    for text in [*FORMULAS, "#N/A", "#REF!", "<script>alert(1)</script>", "TKI & ABK"]:
        holding = [cell for _, cell in cells if xml_text(cell) == text]
        # a country, a case type, a place, a problem, a finding's subject and detail
        assert len(holding) == 6, text
        assert {cell.get("t") for cell in holding} == {"inlineStr"}
    # Excel reads `_x0041_` in a string as "A": the text is escaped, as Excel escapes it.
    escaped = [xml_text(cell) for _, cell in cells if "x0041" in xml_text(cell)]
    assert escaped == ["_x005F_x0041_ kasus"] * 6
    assert {unescape(text) for text in escaped} == {"_x0041_ kasus"}


def test_control_characters_are_replaced_not_fatal(sample: LkjData, tmp_path: Path) -> None:
    """They made openpyxl fail the whole refresh (IllegalCharacterError)."""
    data = with_raw_text(sample, list(WITH_CONTROLS), office_name="BP3MI Jawa\x07Tengah")
    xlsx, html = render(data, tmp_path)
    workbook = load_workbook(xlsx)
    for text, cells in cells_holding(workbook, WITH_CONTROLS.values()).items():
        sheets = sorted({title for title, _ in cells})
        assert sheets == ["Lampiran III", "Lampiran IV", "Temuan Data"], text
        assert all(cell.data_type == "s" for _, cell in cells)
    assert workbook["Keterangan"]["A1"].value == (
        "Laporan Kinerja (LKj) BP3MI Jawa\ufffdTengah Tahun 2024"
    )
    assert workbook.properties.title == "LKj BP3MI Jawa\ufffdTengah 2024"
    with zipfile.ZipFile(xlsx) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                part = archive.read(name).decode("utf-8")
                ElementTree.fromstring(part)  # well-formed XML
                assert not CONTROL.search(part), name
    page = html.read_text(encoding="utf-8")
    assert not CONTROL.search(page)
    cells = table_cells(page, "lampiran-iii")
    for written in WITH_CONTROLS.values():
        assert written in cells


class TableCells(HTMLParser):
    """The text of every cell (``td``) of the table in the section with a given id."""

    def __init__(self, section: str) -> None:
        super().__init__()
        self.section, self.inside, self.depth = section, False, 0
        self.cells: list[str] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "section":
            if self.inside:
                self.depth += 1
            elif dict(attrs).get("id") == self.section:
                self.inside = True
        elif tag == "td" and self.inside:
            self.cell = []
        elif tag in {"script", "img", "iframe", "object"} and self.inside:
            raise AssertionError(f"<{tag}> in the page")

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self.inside:
            if self.depth:
                self.depth -= 1
            else:
                self.inside = False
        elif tag == "td" and self.cell is not None:
            self.cells.append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table_cells(page: str, section: str) -> list[str]:
    parser = TableCells(section)
    parser.feed(page)
    parser.close()
    return parser.cells


def test_the_html_page_shows_the_same_text_escaped(sample: LkjData, tmp_path: Path) -> None:
    texts = FORMULAS + OTHER_TEXT
    _, html = render(with_raw_text(sample, texts), tmp_path)
    page = html.read_text(encoding="utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in page  # as Jinja2's autoescape writes
    lampiran, temuan = table_cells(page, "lampiran-iii"), table_cells(page, "temuan")
    for text in texts:
        assert text in lampiran, text
        assert text in temuan, text
    # The chart of cases by country names them too, escaped inside its SVG.
    assert "<text" in page and "&lt;script&gt;alert(1)&lt;/script&gt;</text>" in page


@settings(max_examples=20, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.characters(codec="utf-8", exclude_characters="\r"),
            min_size=1,
            max_size=12,
        ).filter(lambda text: text.strip()),
        min_size=1,
        max_size=4,
        unique=True,
    )
)
def test_any_text_is_shown_as_typed_or_with_u_fffd(sample: LkjData, texts: list[str]) -> None:
    """Whatever a raw file holds, the workbook is written, and Excel shows the text as it
    was typed, but for U+FFFD where a workbook cannot hold a character."""
    with tempfile.TemporaryDirectory() as directory:
        xlsx, _ = render(with_raw_text(sample, texts), Path(directory))
        workbook = load_workbook(xlsx)
    expected = {re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "\ufffd", t) for t in texts}
    lampiran = workbook["Lampiran III"]
    shown = {
        unescape(cell.value)  # as Excel reads a string: `_xHHHH_` is a character
        for row in lampiran.iter_rows(min_row=5, min_col=2, max_col=3)
        for cell in row
        if cell.data_type == "s"
    }
    assert expected <= shown
    for row in lampiran.iter_rows():
        for cell in row:
            assert cell.data_type in {"s", "n"}


def test_a_grade_with_a_quote_or_a_control_character_cannot_break_the_workbook(
    tmp_path: Path,
) -> None:
    """A governance grade is free text of a raw file, printed after its score ("94,04
    (WBBM)") as part of the cell's number format: a quote would end the format's literal,
    a ";" makes openpyxl read the cell as a date, a control character cannot be saved.
    None of them reaches the format; the file opens and reads back as the number."""
    from openpyxl import Workbook

    from pipelines.lkj.lkj_tables import Cell, Table
    from pipelines.lkj.lkj_workbook import add_table_sheets

    grade = Cell(94.04, 2, '(WB"BM;\\\x07)')
    table = Table("uji", "Tabel Uji", "Uji", header=((Cell("Nilai"),),), body=((grade,),))
    workbook = Workbook()
    add_table_sheets(workbook, [table])
    workbook.save(tmp_path / "uji.xlsx")
    cell = load_workbook(tmp_path / "uji.xlsx")["Tabel Uji"]["A5"]
    assert cell.value == 94.04
    assert cell.number_format == '#,##0.00" (WBBM)"'
