"""The LKj as one Word document (pipelines/lkj/lkj_docx.py), read back with python-docx.

The figures looked for are those of the published 2024 LKj of BP3MI Jawa Tengah
(tests/published_lkj_2024.py), as printed there; the document is written from the
committed sample's warehouse.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from contextlib import closing
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from PIL import Image as PILImage

from pipelines.analyst import connect
from pipelines.contract import narasi
from pipelines.lib.config import SettingError, Settings
from pipelines.lkj import docx_template, outline
from pipelines.lkj.analysis import draft_chapter
from pipelines.lkj.lkj_data import JAKARTA, LkjData, Quarantined, load_lkj
from pipelines.lkj.lkj_docx import (
    CHAR_EM,
    EMU_PER_POINT,
    PRINT_DPI,
    column_widths,
    document_tables,
    render_docx,
)
from pipelines.lkj.lkj_tables import Cell, Table
from tests.published_lkj_2024 import LAMPIRAN_II, TABEL_6_MEAN, TABEL_6_PRINTED

GENERATED_AT = dt.datetime(2025, 1, 31, 8, 15, tzinfo=JAKARTA)
BAB = [
    "BAB I PENDAHULUAN",
    "BAB II PERENCANAAN KINERJA",
    "BAB III AKUNTABILITAS KINERJA",
    "BAB IV PENUTUP",
]


@pytest.fixture(scope="module")
def jateng(warehouse: Path) -> LkjData:
    with closing(connect(warehouse)) as con:
        return load_lkj(con, "JATENG", 2024, "p-uji", GENERATED_AT)


@pytest.fixture(scope="module")
def written(jateng: LkjData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_docx(jateng, tmp_path_factory.mktemp("docx") / "lkj_JATENG_2024.docx")


@pytest.fixture(scope="module")
def document(written: Path) -> Document:
    return docx.Document(str(written))


def texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def squeezed(text: str) -> str:
    """Without spaces: the LKj prints "71,29%" and "71,29 %" alike."""
    return "".join(text.split())


def word_table(document: Document, label: str):
    """The Word table whose caption (the paragraph before it) starts with ``label``."""
    body = list(document.element.body)
    for i, element in enumerate(body):
        if element.tag == qn("w:tbl"):
            caption = "".join(t.text or "" for t in body[i - 1].iter(qn("w:t")))
            if caption.startswith(label):
                return docx.table.Table(element, document._body)
    raise AssertionError(f"no table {label}")


def test_the_page_is_a4_and_an_appendix_wider_than_a_page_is_landscape(document: Document):
    sizes = {(round(s.page_width.mm), round(s.page_height.mm)) for s in document.sections}
    assert sizes == {(210, 297), (297, 210)}  # Lampiran II's 27 columns: landscape
    first = document.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)


def test_f4_is_a_setting(jateng: LkjData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LKJ_PAPER", "F4")
    f4 = docx.Document(str(render_docx(jateng, tmp_path / "f4.docx")))
    assert (round(f4.sections[0].page_width.mm), round(f4.sections[0].page_height.mm)) == (
        215,
        330,
    )
    with pytest.raises(SettingError, match=r"LKJ_PAPER='B5'.*A4 or F4"):
        Settings.from_env({"LKJ_PAPER": "B5"})


def test_the_cover_and_the_chapters_as_the_lkj_has_them(document: Document) -> None:
    paragraphs = texts(document)
    assert paragraphs[6:9] == ["LAPORAN KINERJA", "(LKj)", "TAHUN 2024"]
    assert "BP3MI JAWA TENGAH" in paragraphs
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h for h in headings if h.startswith("BAB")] == BAB
    assert headings.index(BAB[-1]) < headings.index("LAMPIRAN I: PERJANJIAN KINERJA")
    # what figures cannot say is left to the office, visibly
    placeholders = [p for p in paragraphs if p.startswith("[diisi oleh satker: ")]
    assert "[diisi oleh satker: latar belakang]" in placeholders
    # Kata Pengantar, Ringkasan, Bab I, Bab II, Bab IV, and the 8 IKU's 5 kinds of the
    # office's words (no narasi here), each once, set apart by their own style
    assert len(placeholders) == 2 + 5 + 1 + 2 + 8 * len(narasi.KINDS)
    # the front matter in the published LKj's order
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:4] == ["KATA PENGANTAR", "RINGKASAN EKSEKUTIF", "DAFTAR ISI", BAB[0]]
    assert placeholders.count("[diisi oleh satker: kendala]") == 8
    styles = {p.style.name for p in document.paragraphs if p.text in placeholders}
    assert styles == {"LKj Isian Satker"}


def test_bab_iii_holds_the_drafted_chapters_paragraphs(jateng: LkjData, document: Document) -> None:
    paragraphs = texts(document)
    chapter = draft_chapter(jateng)
    drafted = [text for section in chapter.sections for text in section.paragraphs]
    positions = []  # each found after the one before: the chapter's order (a placeholder repeats)
    for text in drafted:
        positions.append(paragraphs.index(text, positions[-1] + 1 if positions else 0))
    assert paragraphs.index(BAB[2]) < positions[0] < positions[-1] < paragraphs.index(BAB[3])
    # each IKU's paragraphs under its heading
    iku1 = paragraphs.index("IKU 1: Penempatan Pekerja Migran Indonesia terampil dan profesional")
    assert iku1 < paragraphs.index(draft_chapter(jateng).sections[1].paragraphs[0])
    # set out as the published LKj: Tabel 7, a. Informasi Kinerja, b. Evaluasi Kinerja
    a = paragraphs.index("a. Informasi Kinerja", iku1)
    assert paragraphs[iku1 + 1] == "Tabel 7\nCapaian IKU 1"
    assert paragraphs[a : a + 3] == [
        "a. Informasi Kinerja",
        "[diisi oleh satker: informasi kinerja]",
        "b. Evaluasi Kinerja",
    ]
    assert paragraphs.count("a. Informasi Kinerja") == 8


def test_every_table_of_the_outline_is_a_word_table(jateng: LkjData, document: Document):
    """But Temuan Data, the analysts' (the workbook and the HTML page), not the LKj's."""
    tables = document_tables(jateng)
    assert [t.key for t in outline.lkj_tables(jateng) if t not in tables] == ["temuan"]
    assert len(document.tables) == len(tables) == 31
    texts_ = "\n".join(p.text for p in document.paragraphs)
    assert "TEMUAN DATA" not in texts_ and "dq_findings" not in texts_
    captions = [
        p.text for p in document.paragraphs if p.style.name == "Caption" and "Tabel" in p.text
    ]
    assert captions[0].split("\n")[0] == "Tabel 3"
    for table in tables:
        word = word_table(document, table.label)
        header = f"{qn('w:trPr')}/{qn('w:tblHeader')}"
        repeated = [row for row in word.rows if row._tr.find(header) is not None]
        assert len(repeated) == len(table.header), table.label


def test_tabel_6_has_the_published_figures_right_aligned(document: Document) -> None:
    table = word_table(document, "Tabel 6")
    body = table.rows[1:9]
    printed = [tuple(squeezed(c.text) for c in row.cells[3:6]) for row in body]
    assert printed == [tuple(squeezed(text) for text in row) for row in TABEL_6_PRINTED]
    assert squeezed(table.rows[9].cells[-1].text) == TABEL_6_MEAN
    alignments = {row.cells[4].paragraphs[0].alignment for row in body}
    assert alignments == {docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT}


def test_lampiran_ii_has_the_published_placements(document: Document) -> None:
    table = word_table(document, "Lampiran II")
    rows = table.rows[4:16]  # four header rows, then January to December
    for month, row in enumerate(rows, start=1):
        unique = []
        for cell in row.cells:  # a merged cell repeats in python-docx's row
            if not unique or cell._tc is not unique[-1]._tc:
                unique.append(cell)
        figures = tuple(int(c.text.replace(".", "")) for c in unique[2:18])
        assert figures == LAMPIRAN_II[month], month


def test_the_charts_are_images_at_print_resolution(jateng: LkjData, document: Document):
    charts = outline.placed_charts(jateng.indicators)
    shapes = document.inline_shapes
    assert len(shapes) == len(charts) == 20  # the LKj's Grafik 5-20 and 4 of the page's own
    for shape in shapes:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        png = document.part.related_parts[blip.embed].blob
        with PILImage.open(io.BytesIO(png)) as image:
            assert image.format == "PNG"
            assert image.width / shape.width.inches >= PRINT_DPI - 1
    captions = [p.text for p in document.paragraphs if p.text.startswith("Grafik ")]
    assert captions[0] == f"Grafik tambahan\nCapaian IKU Tahun {jateng.year} (%)"
    numbered = [c.split("\n")[0] for c in captions if not c.startswith("Grafik tambahan")]
    assert numbered == [f"Grafik {n}" for n in range(5, 21)]


def test_the_footer_numbers_the_pages(document: Document) -> None:
    footer = document.sections[0].footer._element
    assert [t.text for t in footer.iter(qn("w:instrText"))] == [" PAGE "]
    assert all(s.footer.is_linked_to_previous for s in document.sections[1:])
    # but the cover: numbered from the Daftar Isi on, each appendix from its first page
    assert document.sections[0].different_first_page_header_footer
    assert not any(s.different_first_page_header_footer for s in document.sections[1:])


def test_the_cover_says_when_rows_were_quarantined(
    jateng: LkjData, document: Document, tmp_path: Path
) -> None:
    assert jateng.rows_quarantined == 0
    assert not [p for p in texts(document) if p.startswith("Catatan data:")]
    quarantined = dataclasses.replace(
        jateng, quarantined=(Quarantined("penempatan", "nik_invalid", 3),)
    )
    path = render_docx(quarantined, tmp_path / "q.docx")
    notes = [p for p in texts(docx.Document(str(path))) if p.startswith("Catatan data:")]
    assert notes == [
        "Catatan data: 3 baris dikarantina (penempatan 3); lihat "
        "marts.fct_quarantine_summary dan audit.quarantine (docs/input-errors.md)."
    ]


def test_the_same_figures_write_the_same_bytes(
    jateng: LkjData, written: Path, tmp_path: Path
) -> None:
    assert render_docx(jateng, tmp_path / "again.docx").read_bytes() == written.read_bytes()


def test_text_a_docx_cannot_hold_is_replaced(jateng: LkjData, tmp_path: Path) -> None:
    data = dataclasses.replace(jateng, office_name="BP3MI \x07<Uji>")
    written = docx.Document(str(render_docx(data, tmp_path / "hostile.docx")))
    assert "BP3MI \ufffd<UJI>" in texts(written)
    assert written.core_properties.title == "Laporan Kinerja BP3MI \ufffd<Uji> Tahun 2024"


def test_the_template_is_formal(document: Document) -> None:
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        style = document.styles[name]
        assert style.font.name == "Arial", name
        assert style.font.color.rgb == docx.shared.RGBColor(0, 0, 0), name
        assert style.font.color.theme_color is None, name
    assert docx_template.TEMPLATE.read_bytes() == docx_template.build_template()
    used = {p.style.name for p in document.paragraphs}
    assert "Intense Quote" not in used


def test_the_offices_template_is_honoured(
    jateng: LkjData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The office's own .docx: its header, footer, margins and styles kept, its body
    dropped; a style it lacks (python-docx's default has no "LKj Tabel") is the project's."""
    office = docx.Document()
    office.sections[0].header.paragraphs[0].text = "KOP SATKER UJI"
    office.sections[0].left_margin = Mm(40)
    office.styles["Heading 1"].font.name = "Bookman Old Style"
    office.add_paragraph("isi contoh templat")
    numbered = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "/>')
    office.sections[0].footer.paragraphs[0]._p.append(numbered)
    template = tmp_path / "templat_satker.docx"
    office.save(str(template))
    monkeypatch.setenv("LKJ_DOCX_TEMPLATE", str(template))
    written = docx.Document(str(render_docx(jateng, tmp_path / "office.docx")))
    assert written.sections[0].header.paragraphs[0].text == "KOP SATKER UJI"
    assert round(written.sections[0].left_margin.mm) == 40
    assert written.styles["Heading 1"].font.name == "Bookman Old Style"
    footer = written.sections[0].footer._element  # its own page number, not a second one
    assert len(list(footer.iter(qn("w:fldSimple")))) == 1
    assert not list(footer.iter(qn("w:instrText")))
    assert "isi contoh templat" not in texts(written)
    assert written.styles["LKj Tabel"].font.name == "Arial"
    assert len(written.tables) == len(document_tables(jateng))
    with pytest.raises(SettingError, match="LKJ_DOCX_TEMPLATE"):
        Settings.from_env({"LKJ_DOCX_TEMPLATE": str(tmp_path / "tidak_ada.docx")})


def _fits(text: str, width: int, size: float, bold_caps: bool = False) -> bool:
    """``text``'s longest word fits ``width`` (EMU) at ``size`` points, its inner margin
    (0,1 cm each side) left; a bold heading's capitals at 0,73 em (Arial bold's "TARGET")."""
    em = 0.73 if bold_caps else CHAR_EM
    longest = max(len(word) for word in text.split())
    return longest * em * size * EMU_PER_POINT <= width - 2 * 57 * 635


def test_a_wide_tables_numbers_and_headings_keep_their_words_whole() -> None:
    """Lampiran IV as printed: 62 rows numbered in a "NO" column beside long texts printed
    "1 / 0" for 10 and Tabel 12's "TARGET" as "TARGE / T"; a column is at least as wide as
    its longest word or number."""
    text = "Pencegahan di Penampungan, dipulangkan ke daerah asal"
    header = (tuple(Cell(h) for h in ("NO", "TANGGAL", "NAMA PMI", "PERMASALAHAN", "TINDAK")),)
    body = tuple(
        (Cell(n), Cell("13 Juni 2024"), Cell(f"Pseudonim a{n:07d}"), Cell(text), Cell(text))
        for n in range(1, 63)
    )
    table = Table("lampiran-iv", "Lampiran IV", "Uji", header, body)
    widths, size = column_widths(table, int(Mm(90)))  # narrower than the table wants
    assert _fits("NO", widths[0], size, bold_caps=True) and _fits("62", widths[0], size)
    assert _fits("PERMASALAHAN", widths[3], size, bold_caps=True)
    assert sum(widths) <= int(Mm(90))
    years = (Cell("INDIKATOR KINERJA"), *(Cell(h) for h in ("TARGET", "CAPAIAN") * 4))
    cases = (Cell("Penurunan Kasus Pekerja Migran Indonesia"), *(Cell(6.25, 2, " %"),) * 8)
    widths, size = column_widths(Table("t", "Tabel 12", "Uji", (years,), (cases,)), int(Mm(160)))
    assert all(
        _fits(h, w, size, bold_caps=True)
        for h, w in zip(("x",) + ("TARGET", "CAPAIAN") * 4, widths, strict=True)
    )
