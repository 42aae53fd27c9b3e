"""The project's Word template of the LKj (``templates/lkj.docx``), built from python-docx's.

The template holds only styles, margins and page size: the LKj's Word document
(``lkj_docx.py``) opens it, keeps them, and writes the body. An office replaces it with
its own ``.docx`` (the setting ``LKJ_DOCX_TEMPLATE``); a style of :data:`STYLES` that the
office's file lacks is copied from this one.

Formal and plain: Arial throughout, black, headings bold (no theme colours, no blue
Calibri), the chapter headings (Heading 1) centred, each on a new page. Rebuild the
committed file after changing this module::

    .venv/bin/python -m pipelines.lkj.docx_template

``tests/test_docx.py`` checks that the committed file is what this module writes.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle

from pipelines.lib.zips import reproducible_zip

TEMPLATE = Path(__file__).parent / "templates" / "lkj.docx"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
BUILT = dt.datetime(2025, 1, 1)  # fixed: the template's bytes are the same at every build
FONT = "Arial"
BLACK = RGBColor(0, 0, 0)
# A4, the margins of an official letter (3 cm on the binding side).
PAGE_MM = (210, 297)
MARGINS_CM = {"top": 2.5, "bottom": 2.5, "left": 3.0, "right": 2.5}

CENTER, LEFT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)


@dataclass(frozen=True)
class Look:
    """A paragraph style's look: size in points, bold, italic, alignment, space after,
    whether it starts a page."""

    size: float
    bold: bool = False
    italic: bool = False
    align: WD_ALIGN_PARAGRAPH | None = None
    after: float = 6
    before: float = 0
    page_break: bool = False


# The paragraph styles the document uses, by name: Word's own where Word has one (an office
# template made in Word has them), the LKj's own otherwise.
STYLES: dict[str, Look] = {
    "Normal": Look(11, align=JUSTIFY),
    "Title": Look(22, bold=True, align=CENTER, after=12),
    "Subtitle": Look(14, bold=True, align=CENTER, after=6),
    "Heading 1": Look(14, bold=True, align=CENTER, after=12, page_break=True),
    "Heading 2": Look(12, bold=True, align=LEFT, after=6, before=12),
    "Heading 3": Look(11, bold=True, align=LEFT, after=6, before=10),
    "Caption": Look(10, bold=True, align=CENTER, after=4, before=8),
    "Header": Look(9, align=CENTER, after=0),
    "Footer": Look(9, align=CENTER, after=0),
    "LKj Tabel": Look(8, after=0),
    "LKj Catatan": Look(8, italic=True, after=8),
    "LKj Isian Satker": Look(11, italic=True, align=LEFT),
}


def _plain_font(style: BaseStyle) -> None:
    """The style's font: Arial in black, without the theme's fonts and colours."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        rpr.remove(fonts)
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)
    style.font.name = FONT
    rpr.rFonts.set(qn("w:eastAsia"), FONT)
    style.font.color.rgb = BLACK


def apply(style: BaseStyle, look: Look) -> None:
    _plain_font(style)
    font, paragraph = style.font, style.paragraph_format
    font.size = Pt(look.size)
    font.bold = look.bold
    font.italic = look.italic
    paragraph.alignment = look.align
    paragraph.space_after = Pt(look.after)
    paragraph.space_before = Pt(look.before)
    paragraph.page_break_before = look.page_break
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))  # the Title's blue rule
    if border is not None:
        ppr.remove(border)


def build_template() -> bytes:
    """The template's bytes: python-docx's, restyled, its body empty."""
    document = docx.Document()
    for name, look in STYLES.items():
        if name in [s.name for s in document.styles]:
            style = document.styles[name]
        else:
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = document.styles["Normal"]
            style.quick_style = True
        apply(style, look)
    # the defaults of every run (the theme's Calibri) and of the heading's "Quote" boxes
    for name in ("Quote", "Intense Quote"):
        apply(document.styles[name], Look(11, italic=True, align=LEFT))
    section = document.sections[0]
    section.page_width, section.page_height = (Cm(mm / 10) for mm in PAGE_MM)
    for side, cm in MARGINS_CM.items():
        setattr(section, f"{side}_margin", Cm(cm))
    section.header_distance = section.footer_distance = Cm(1.25)
    properties = document.core_properties
    properties.title = "Templat Laporan Kinerja (LKj)"
    properties.author = properties.last_modified_by = "Gudang data KPI BP3MI"
    properties.comments = "Gaya, margin dan ukuran kertas LKj; isi dokumen ditulis gudang data."
    properties.language = "id-ID"
    properties.created = properties.modified = properties.last_printed = BUILT
    properties.revision = 1
    saved = io.BytesIO()
    document.save(saved)
    return reproducible_zip(saved.getvalue(), ZIP_DATE)


def main(argv: list[str] | None = None) -> int:
    path = Path(argv[0]) if argv else TEMPLATE
    path.write_bytes(build_template())
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
