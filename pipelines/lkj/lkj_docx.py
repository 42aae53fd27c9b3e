"""The whole LKj as one Word document, for the office to complete and submit.

``lkj_<OFFICE>_<YEAR>.docx`` beside the workbook and the HTML page is the LKj as the
published one is laid out: a cover (the office, the year, "Laporan Kinerja"), the Ringkasan
Eksekutif, Bab I Pendahuluan, Bab II Perencanaan Kinerja, Bab III Akuntabilitas Kinerja, Bab
IV Penutup and the Lampiran. What the figures give is written in place: every table of the
outline (``outline.placed``; each :class:`~pipelines.lkj.lkj_tables.Table` written as a Word
table by :func:`add_table`, its header rows repeated on every page), the charts of the
outline as images (:func:`chart_image`: the HTML page's SVG, labelled alike, rasterised at
print resolution by resvg), the drafted chapter's paragraphs (``outline.CHAPTER``) under the
overview, each IKU's tables and charts and the budget's. What figures cannot say (Bab I, the
Renstra, the conclusion) is a visible placeholder, "[diisi oleh satker: ...]", in the style
``LKj Isian Satker``. When rows were quarantined or files rejected, the cover page says so
(``lkj_tables.quarantine_note``, as the workbook's Ringkasan and the HTML page do).

Where each section of the outline goes is :data:`PARTS` (a section it does not name is an
appendix, one it maps to None is left out: Temuan Data); the tables and charts themselves
are the outline's: nothing here lists them.

The page is A4, or F4 with ``LKJ_PAPER=F4``; the styles, margins, header and footer are
the template's: the project's ``templates/lkj.docx`` (``docx_template.py``), or the
office's own ``.docx`` named by ``LKJ_DOCX_TEMPLATE`` (its body is dropped). The footer
carries the page number. An appendix whose table cannot keep its words whole on a portrait
page (:func:`fits`) is on landscape pages.

The file is the same, byte for byte, for the same figures, template, paper and time of
writing: the zip's entries carry a fixed date, the document's properties the time the
report was written (``LkjData.generated_at``), and the images' names follow their order.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import resvg_py
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Inches, Mm
from docx.styles.style import BaseStyle
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph

from pipelines.contract.narasi import KINDS
from pipelines.lib import config
from pipelines.lib.zips import reproducible_zip
from pipelines.lkj import docx_template, narrative, outline
from pipelines.lkj.analysis import Chapter
from pipelines.lkj.lkj_data import LkjData
from pipelines.lkj.lkj_tables import Cell, Table, place, quarantine_note, word_width
from pipelines.lkj.lkj_workbook import provisional_note
from pipelines.lkj.output import without_control_characters, write_atomically

ZIP_DATE = docx_template.ZIP_DATE
# The charts: rasterised at this many dots per inch of the printed width.
PRINT_DPI = 300
SVG_DPI = 96  # the SVG's pixels: CSS pixels, 96 to the inch
EMU_PER_INCH = 914400
# An appendix wider than this many columns is printed on landscape pages.
# The tables: the text's size (the template's "LKj Tabel"), the smallest a wide table's
# text gets, the width of a character (in ems, Arial's figures), the cells' inner margin.
TABLE_PT, SMALLEST_PT = 8.0, 6.0
CHAR_EM = 0.56
CAPS = 1.3  # a bold capital's width in figures' widths (Arial: 0,72 em against 0,56)
CELL_MARGIN_TWIPS = 57  # 0,1 cm
EMU_PER_POINT = 12700
EMU_PER_TWIP = 635
WRAP_AT = 24  # characters of a text cell on one line before it wraps

# Where the outline's sections go (by key); an indicator's section and the drafted
# chapter are Bab III's; any other section is an appendix (Lampiran), in the outline's order.
FRONT, BAB_II, BAB_III = "ringkasan", "bab-ii", "bab-iii"
PARTS = {
    "ringkasan": FRONT,
    "perjanjian-kinerja": BAB_II,
    "pengukuran-kinerja": BAB_III,
    "realisasi-anggaran": BAB_III,
    # the warehouse's checks of its inputs, for the analysts (the workbook and the HTML
    # page): not part of the LKj the office signs and submits
    "temuan-data": None,
}
# What the office writes (heading, what): in the front matter (the published LKj's order:
# Kata Pengantar, Ringkasan Eksekutif, Daftar Isi), Bab I, II and IV. Under each IKU the
# drafted chapter holds its own placeholders, one per kind of the office's text (narasi).
PLACEHOLDERS = {
    "kata-pengantar": (("", "kata pengantar, tempat, tanggal dan tanda tangan kepala satker"),),
    "ringkasan": (("", "ringkasan eksekutif: uraian singkat capaian kinerja tahun ini"),),
    "bab-i": (
        ("A. Latar Belakang", "latar belakang"),
        ("B. Tugas Pokok dan Fungsi", "tugas pokok dan fungsi"),
        ("C. Sumber Daya Manusia", "sumber daya manusia"),
        ("D. Potensi dan Permasalahan", "potensi dan permasalahan"),
        ("E. Sistematika Pelaporan", "sistematika pelaporan"),
    ),
    "bab-ii": (("A. Rencana Strategis", "visi, misi, tujuan dan sasaran Renstra"),),
    "bab-iv": (
        ("", "simpulan atas capaian kinerja, kendala, dan langkah perbaikan tahun berikutnya"),
        ("", "tempat, tanggal, nama dan tanda tangan kepala satker"),
    ),
}


# --- the charts: the HTML page's, as images ---------------------------------------------


@dataclass(frozen=True)
class Image:
    """A chart drawn as PNG: its label (``Grafik 5``, or "Grafik tambahan"), title, caption,
    size in inches."""

    label: str
    key: str
    title: str
    caption: str
    png: bytes
    width_in: float


def svg_width(svg: str) -> float:
    """The chart's width in SVG pixels (``svg.py`` writes it on the root element)."""
    return float(re.search(r"width='([0-9.]+)'", svg)[1])


# A chart drawn again from the same figures is the same SVG: rasterised once per process (a
# report written again, an office-year's charts the national run shares, the tests' many
# refreshes of the sample). 128 charts are some 12 MB.
@functools.lru_cache(maxsize=128)
def rasterise(svg: str, width_in: float, dpi: int = PRINT_DPI) -> bytes:
    """The SVG as PNG on white, ``dpi`` dots to the inch when printed ``width_in`` wide."""
    zoom = width_in * dpi / svg_width(svg)
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=zoom, background="#ffffff"))


def chart_image(chart: outline.PlacedChart, data: LkjData, max_width_in: float) -> Image:
    """The outline's chart, labelled as on the HTML page, its SVG (``svg.py``) rasterised:
    printed as wide as on screen (96 SVG pixels to the inch), at most ``max_width_in``."""
    drawn = chart.drawn(data)
    width = min(svg_width(drawn.svg) / SVG_DPI, max_width_in)
    png = rasterise(drawn.svg, width)
    return Image(chart.label, drawn.key, drawn.title, drawn.caption, png, width)


# --- the template and the page ------------------------------------------------------------


def open_template(path: Path | None = None) -> Document:
    """The template (the office's ``path``, else the project's), its body emptied, every
    style the document uses present (copied from the project's when the office's lacks it)."""
    document = docx.Document(str(path or docx_template.TEMPLATE))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    if path is not None:
        ours = docx.Document(str(docx_template.TEMPLATE)).styles
        present = {style.name for style in document.styles}
        for name in docx_template.STYLES:
            if name not in present:
                document.styles.element.append(copy.deepcopy(ours[name].element))
    return document


def paper() -> tuple[Mm, Mm]:
    width, height = config.PAPER_SIZES[config.lkj_paper()]
    return Mm(width), Mm(height)


def set_page(section, landscape: bool = False) -> None:
    """The section's page: the setting's paper, upright or landscape."""
    width, height = paper()
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)


def text_width(section) -> Emu:
    return Emu(section.page_width - section.left_margin - section.right_margin)


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field (``PAGE``, ``TOC``) with the text shown until Word updates it."""

    def char(kind: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def page_numbers(document: Document) -> None:
    """The page number in the footer (centred), unless the template's footer has one."""
    footer = document.sections[0].footer
    fields = [t.text or "" for t in footer._element.iter(qn("w:instrText"))]
    fields += [f.get(qn("w:instr"), "") for f in footer._element.iter(qn("w:fldSimple"))]
    if any(field.split()[:1] == ["PAGE"] for field in fields):
        return
    paragraph = footer.add_paragraph(style=document.styles["Footer"])
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE", "1")


# --- tables --------------------------------------------------------------------------------


def printed(cell: Cell) -> str:
    """The cell's text as the document prints it: a percentage keeps its sign on the line of
    its figure ("97,83 %" never wraps between them; "6.000 Orang" may)."""
    return cell.text().replace(" %", "\u00a0%") if cell.aligns_right else cell.text()


def _need(cell: Cell, header: bool) -> tuple[int, int]:
    """The characters a cell wants on one line, and the fewest it can take: a number or a
    heading's longest word whole (and a character more: headings are bold), a text up to
    :data:`WRAP_AT` characters (it wraps beyond), never fewer than its longest word."""
    text = printed(cell)
    # a line may break at a space (not a no-break space) or after a slash ("P3MI/LEMBAGA/")
    words = re.findall(r"[^ \t\n/]+/?", text)
    longest = max((len(word) for word in words), default=1)
    if header:  # bold, and capitals are wider than the figures CHAR_EM measures
        widest = max((math.ceil(word_width(w, CAPS)) for w in words), default=1)
        return widest + 1, widest + 1
    if cell.aligns_right:  # a figure with its unit may wrap between them: "6.000 / Orang"
        return len(text), longest
    return max(longest, min(len(text), WRAP_AT)), longest


def _columns(table: Table) -> tuple[list[int], list[int]]:
    """The characters each column of ``table`` wants, and the fewest it takes without
    breaking a word (:func:`_need`, its one-column cells)."""
    cells = place((*table.header, *table.body))
    need = [1] * max(c + cell.colspan for _, c, cell in cells)
    least = list(need)
    for r, c, cell in cells:
        if cell.colspan == 1:
            wants, takes = _need(cell, r < len(table.header))
            need[c], least[c] = max(need[c], wants), max(least[c], takes)
    # a cell over several columns ("JENIS KELAMIN" over L and P): they share what it lacks
    for r, c, cell in cells:
        if cell.colspan > 1:
            span = range(c, c + cell.colspan)
            wants = _need(cell, r < len(table.header))
            for widths, wanted in zip((need, least), wants, strict=True):
                lack = wanted - sum(widths[i] for i in span)
                for i in span:
                    widths[i] += max(0, math.ceil(lack / cell.colspan))
    return need, least


def column_widths(table: Table, available: int) -> tuple[list[int], float]:
    """Each column's width (EMU, together ``available``) from what its cells want (one
    column cells only), and the font size (points) that fits them: :data:`TABLE_PT`, down
    to :data:`SMALLEST_PT` for a table too wide. Beyond that its texts wrap: every column
    keeps its longest word whole (a number, a heading's word), and the texts' columns share
    what is left in proportion to what more they want."""
    need, least = _columns(table)
    padding = 2 * CELL_MARGIN_TWIPS / 20  # points
    wanted = sum(n * CHAR_EM * TABLE_PT + padding for n in need) * EMU_PER_POINT
    size = max(SMALLEST_PT, min(TABLE_PT, TABLE_PT * available / wanted))
    weights = [n * CHAR_EM * size + padding for n in need]
    floors = [n * CHAR_EM * size + padding for n in least]
    room = available / EMU_PER_POINT  # points
    if sum(weights) <= room or sum(floors) >= room:
        total = sum(weights) if sum(floors) < room else sum(floors)
        shares = weights if sum(floors) < room else floors
        return [int(available * w / total) for w in shares], size
    spare = room - sum(floors)
    more = [w - f for w, f in zip(weights, floors, strict=True)]
    points = [f + spare * m / sum(more) for f, m in zip(floors, more, strict=True)]
    return [int(p * EMU_PER_POINT) for p in points], size


def fits(table: Table, available: int) -> bool:
    """Whether ``table`` keeps every word whole (:func:`column_widths`' floors) at
    :data:`SMALLEST_PT` in ``available`` EMU: else its appendix is on landscape pages."""
    padding = 2 * CELL_MARGIN_TWIPS / 20
    least = _columns(table)[1]
    return sum(n * CHAR_EM * SMALLEST_PT + padding for n in least) * EMU_PER_POINT <= available


def add_table(document: Document, table: Table, width: int) -> WordTable:
    """The LKj table as a Word table: its number and title above (Caption), its cells with
    their spans, its header rows repeated on each page, numbers (and the "-" of a missing
    one) right-aligned as the HTML page aligns them, its note below (``LKj Catatan``); its
    columns ``width`` (EMU) together, each as wide as its cells want (:func:`column_widths`).

    The table's XML is written whole (:func:`table_xml`): python-docx's cell by cell API
    takes some seconds for a report's 32 tables."""
    caption = document.add_paragraph(style=document.styles["Caption"])
    if table.label:
        caption.add_run(table.label).add_break()
    caption.add_run(without_control_characters(table.title))
    caption.paragraph_format.keep_with_next = True
    if table.status:  # a provisional year's label, under the title
        status = document.add_paragraph(style=document.styles["LKj Catatan"])
        status.add_run(without_control_characters(table.status)).bold = True
        status.paragraph_format.keep_with_next = True
    style = document.styles["LKj Tabel"].style_id
    element = parse_xml(table_xml(table, width, style))
    document.element.body._insert_tbl(element)
    note = document.add_paragraph(style=document.styles["LKj Catatan"])
    if table.note:
        note.add_run(without_control_characters(table.note))
    return WordTable(element, document._body)


def _twips(emu: float) -> int:
    return round(emu / EMU_PER_TWIP)


def table_xml(table: Table, width: int, style_id: str) -> str:
    """The ``w:tbl`` of ``table``: a fixed grid of columns (:func:`column_widths`), single
    borders, a span as ``gridSpan`` (columns) and ``vMerge`` (rows), rows never split
    across pages and the header's repeated on each."""
    rows = (*table.header, *table.body)
    widths, size = column_widths(table, width)
    twips = [_twips(w) for w in widths]
    owner: dict[tuple[int, int], tuple[int, int, Cell]] = {}
    for r, c, cell in place(rows):
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                owner[(r + dr, c + dc)] = (r, c, cell)
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    margins = "".join(
        f'<w:{side} w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>' for side in ("left", "right")
    )
    out = [
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f"<w:tblCellMar>{margins}</w:tblCellMar></w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{w}"/>' for w in twips),
        "</w:tblGrid>",
    ]
    run_size = f'<w:sz w:val="{round(size * 2)}"/>' if size != TABLE_PT else ""
    for r in range(len(rows)):
        header = r < len(table.header)
        out.append("<w:tr><w:trPr><w:cantSplit/>")
        out.append('<w:tblHeader w:val="true"/></w:trPr>' if header else "</w:trPr>")
        c = 0
        while c < len(twips):
            top, left, cell = owner.get((r, c), (r, c, Cell("")))
            span = cell.colspan if (top, left) in owner else 1
            merge = ""
            if cell.rowspan > 1:
                merge = '<w:vMerge w:val="restart"/>' if top == r else "<w:vMerge/>"
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{sum(twips[c : c + span])}" w:type="dxa"/>'
                + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
                + merge
                + "</w:tcPr>"
            )
            out.append(_cell_paragraph(cell if top == r else None, style_id, header, run_size))
            out.append("</w:tc>")
            c += span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _cell_paragraph(cell: Cell | None, style_id: str, header: bool, run_size: str) -> str:
    """A cell's paragraph: empty where a cell above spans this row (``cell`` None)."""
    properties = f'<w:pPr><w:pStyle w:val="{style_id}"/>'
    if cell is None:
        return f"<w:p>{properties}</w:pPr></w:p>"
    align = "center" if header else "right" if cell.aligns_right else "left"
    run = "<w:b/>" if cell.bold else ""
    text = escape(without_control_characters(printed(cell)))
    return (
        f'<w:p>{properties}<w:jc w:val="{align}"/></w:pPr><w:r><w:rPr>{run}{run_size}'
        f'</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
    )


def styled(paragraph: Paragraph, style: BaseStyle) -> Paragraph:
    """The paragraph in ``style`` (set by its id: python-docx's ``paragraph.style = ...``
    looks the default style up every time)."""
    paragraph._p.get_or_add_pPr().style = style.style_id
    return paragraph


# --- the document --------------------------------------------------------------------------


class Writer:
    """Writes the parts of one document, in order."""

    def __init__(self, data: LkjData, document: Document) -> None:
        self.data, self.document = data, document
        self.chart_width_in = text_width(document.sections[0]) / EMU_PER_INCH
        self.styles = {style.name: style for style in document.styles}

    def paragraph(self, text: str, style: str = "Normal") -> Paragraph:
        paragraph = styled(self.document.add_paragraph(), self.styles[style])
        if text:
            paragraph.add_run(without_control_characters(text))
        return paragraph

    def placeholder(self, what: str) -> Paragraph:
        return self.paragraph(narrative.PLACEHOLDER.format(label=what), "LKj Isian Satker")

    def heading(self, text: str, level: int) -> Paragraph:
        return self.paragraph(text, f"Heading {level}")

    def image(self, image: Image) -> None:
        caption = self.document.add_paragraph(style=self.document.styles["Caption"])
        caption.add_run(image.label).add_break()
        caption.add_run(without_control_characters(image.title))
        caption.paragraph_format.keep_with_next = True
        width = Inches(image.width_in)
        picture = self.document.add_paragraph(style=self.document.styles["Normal"])
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(io.BytesIO(image.png), width=width)
        if image.caption:
            self.paragraph(image.caption, "LKj Catatan").alignment = WD_ALIGN_PARAGRAPH.CENTER

    def parts(self, section: outline.PlacedSection, first: int = 0, last: int | None = None):
        """The section's tables and charts (``parts[first:last]``), in the outline's order."""
        for part in section.parts[first:last]:
            if isinstance(part, outline.PlacedTable):
                add_table(
                    self.document, part.table(self.data), text_width(self.document.sections[-1])
                )
            elif isinstance(part, outline.PlacedChart):
                self.image(chart_image(part, self.data, self.chart_width_in))

    def texts(self, paragraphs: Sequence[str]) -> None:
        """Paragraphs of the drafted chapter; the office's placeholders in their own style."""
        for text in paragraphs:
            placeholder = narrative.is_placeholder(text)
            self.paragraph(text, "LKj Isian Satker" if placeholder else "Normal")

    def chapter_section(self, chapter: Chapter, key: str) -> None:
        for found in chapter.sections:
            if found.key == key:
                self.texts(found.paragraphs)

    def lead(self, text: str) -> None:
        """A sub-heading inside an IKU ("a. Informasi Kinerja"), bold, kept with what follows."""
        paragraph = self.paragraph("", "Normal")
        paragraph.add_run(text).bold = True
        paragraph.paragraph_format.keep_with_next = True

    def indicator(self, section: outline.PlacedSection, chapter: Chapter) -> None:
        """An IKU as the published LKj sets it out: its first table (Capaian IKU n), "a.
        Informasi Kinerja" (the office's words on what it measures), "b. Evaluasi Kinerja":
        the paragraphs drafted from the figures, its other tables and charts, then the
        office's causes, obstacles, efforts and follow-up (``narrative.woven``'s order)."""
        [indicator] = [i for i in self.data.indicators if i.code.lower() == section.key]
        found = [s for s in chapter.sections if s.key == section.key]
        paragraphs = found[0].paragraphs if found else ()

        def count(place: str) -> int:
            texts = (
                narrative.office_text(self.data, indicator, k) for k in KINDS if k.place == place
            )
            return sum(map(len, texts)) if found else 0

        informasi, evaluasi = count("informasi"), len(paragraphs) - count("evaluasi")
        self.parts(section, last=1)
        self.lead("a. Informasi Kinerja")
        self.texts(paragraphs[:informasi])
        self.lead("b. Evaluasi Kinerja")
        self.texts(paragraphs[informasi:evaluasi])
        self.parts(section, first=1)
        self.texts(paragraphs[evaluasi:])

    # --- the parts of the LKj

    def cover(self) -> None:
        data = self.data
        for _ in range(6):
            self.document.add_paragraph()
        self.paragraph("LAPORAN KINERJA", "Title")
        self.paragraph("(LKj)", "Subtitle")
        self.paragraph(f"TAHUN {data.year}", "Subtitle")
        if data.provisional:
            self.paragraph(f"({data.status_label.upper()})", "Subtitle")
        for _ in range(4):
            self.document.add_paragraph()
        self.paragraph(data.office_name.upper(), "Subtitle")
        if data.provisional:
            self.document.add_paragraph()
            self.paragraph(provisional_note(data), "LKj Catatan").runs[0].bold = True
        if data.rows_quarantined or any(f.check_name == "rejected_file" for f in data.findings):
            self.document.add_paragraph()
            self.paragraph(f"Catatan data: {quarantine_note(data)}", "LKj Catatan")
        self.paragraph(
            f"Disusun dari publikasi gudang data {data.publish_id}. Bagian bertanda "
            "[diisi oleh satker: ...] dilengkapi oleh satker; paragraf Bab III adalah draf "
            "untuk disunting.",
            "LKj Catatan",
        ).alignment = WD_ALIGN_PARAGRAPH.CENTER

    def contents(self) -> None:
        self.heading("DAFTAR ISI", 1)
        _field(
            self.paragraph("", "Normal"),
            'TOC \\o "1-2" \\h \\z \\u',
            "[Daftar isi: di Word, klik kanan di sini lalu pilih Perbarui Bidang (Update Field).]",
        )

    def write(self) -> None:
        data = self.data
        placed = outline.placed(data.indicators)
        chapter = outline.CHAPTER.draft(data)
        indicators = {indicator.code.lower() for indicator in data.indicators}

        def where(section: outline.PlacedSection) -> str | None:
            if section.key in indicators or section.key == outline.CHAPTER.key:
                return BAB_III
            return PARTS.get(section.key, "lampiran")

        self.cover()
        self.heading("KATA PENGANTAR", 1)
        for _, what in PLACEHOLDERS["kata-pengantar"]:
            self.placeholder(what)
        self.heading("RINGKASAN EKSEKUTIF", 1)
        for _, what in PLACEHOLDERS["ringkasan"]:
            self.placeholder(what)
        for section in placed:
            if where(section) == FRONT:
                self.parts(section)
        self.contents()
        self.heading("BAB I PENDAHULUAN", 1)
        for heading, what in PLACEHOLDERS["bab-i"]:
            self.heading(heading, 2)
            self.placeholder(what)
        self.heading("BAB II PERENCANAAN KINERJA", 1)
        for heading, what in PLACEHOLDERS["bab-ii"]:
            self.heading(heading, 2)
            self.placeholder(what)
        for section in placed:
            if where(section) == BAB_II:
                self.heading(f"B. {section.heading}", 2)
                self.parts(section)
        self.bab_iii(placed, chapter, where)
        self.heading("BAB IV PENUTUP", 1)
        for _, what in PLACEHOLDERS["bab-iv"]:
            self.placeholder(what)
        self.lampiran([s for s in placed if where(s) == "lampiran"])  # not None: left out

    def bab_iii(self, placed: Sequence[outline.PlacedSection], chapter: Chapter, where) -> None:
        self.heading("BAB III AKUNTABILITAS KINERJA", 1)
        self.paragraph(chapter.note, "LKj Catatan")
        self.heading("A. Capaian Kinerja Organisasi", 2)
        for section in placed:
            if where(section) != BAB_III or section.key == outline.CHAPTER.key:
                continue
            if section.key == "realisasi-anggaran":
                self.heading(f"B. {section.heading}", 2)
                self.parts(section)
                self.chapter_section(chapter, section.key)
                continue
            self.heading(section.heading, 3)
            if section.key == "pengukuran-kinerja":
                self.parts(section)
                self.chapter_section(chapter, "capaian")
            else:
                self.indicator(section, chapter)

    def lampiran(self, sections: Sequence[outline.PlacedSection]) -> None:
        for section in sections:
            tables = [
                p.table(self.data) for p in section.parts if isinstance(p, outline.PlacedTable)
            ]
            portrait = text_width(self.document.sections[0])
            wide = not all(fits(table, portrait) for table in tables)
            new = self.document.add_section(WD_SECTION.NEW_PAGE)
            new.different_first_page_header_footer = False  # numbered from its first page
            set_page(new, landscape=wide)
            heading = self.heading(section.heading.upper(), 1)
            heading.paragraph_format.page_break_before = False
            self.parts(section)


def describe(document: Document, data: LkjData) -> None:
    properties = document.core_properties
    # The office's name is data: characters a document cannot hold are replaced.
    title = f"Laporan Kinerja {data.office_name} Tahun {data.year}{data.title_suffix}"
    properties.title = without_control_characters(title)
    properties.subject = "Laporan Kinerja (LKj)"
    properties.author = "Gudang data KPI BP3MI"
    properties.last_modified_by = "Gudang data KPI BP3MI"
    properties.identifier = data.publish_id
    properties.comments = f"Dari publikasi gudang data {data.publish_id}; draf untuk dilengkapi."
    properties.language = "id-ID"
    written = data.generated_at.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    properties.created = properties.modified = properties.last_printed = written
    properties.revision = 1


def document_tables(data: LkjData) -> list[Table]:
    """The tables of the outline the document holds, in its order: all but those of a section
    :data:`PARTS` leaves out (Temuan Data)."""
    left_out = {key for key, part in PARTS.items() if part is None}
    return [
        part.table(data)
        for section in outline.placed(data.indicators)
        if section.key not in left_out
        for part in section.parts
        if isinstance(part, outline.PlacedTable)
    ]


def provisional_header(document: Document, data: LkjData) -> None:
    """A provisional year's label in the header of every page but the cover (which says
    it under the year): the later sections' headers follow the first's."""
    if not data.provisional:
        return
    header = document.sections[0].header
    paragraph = header.add_paragraph(style=document.styles["Header"])
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    label = f"LKj {data.office_name} Tahun {data.year}: {data.status_label}"
    paragraph.add_run(without_control_characters(label)).bold = True


def lkj_document(data: LkjData, template: Path | None = None) -> Document:
    """The LKj of ``data`` as a Word document on ``template`` (the project's if None)."""
    document = open_template(template)
    set_page(document.sections[0])
    page_numbers(document)
    provisional_header(document, data)
    # The cover has no number (nor header and footer, unless the template gives its first
    # page its own).
    document.sections[0].different_first_page_header_footer = True
    Writer(data, document).write()
    describe(document, data)
    return document


def render_docx(data: LkjData, path: Path) -> Path:
    """Write the LKj of ``data`` to ``path`` (replaced whole), on the template and paper
    the settings name (``LKJ_DOCX_TEMPLATE``, ``LKJ_PAPER``)."""
    document = lkj_document(data, config.lkj_docx_template())
    saved = io.BytesIO()
    document.save(saved)
    content = reproducible_zip(saved.getvalue(), ZIP_DATE)
    return write_atomically(Path(path), lambda partial: partial.write_bytes(content))
