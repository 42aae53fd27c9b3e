"""The drafted analysis chapter as a Word document, for the office to paste and edit.

``lkj_<OFFICE>_<YEAR>.docx`` beside the workbook and the HTML page holds the
paragraphs of the outline's chapter (``outline.CHAPTER``, the HTML page's section
``analisis``), in
their order: the title and the draft note, then each section's heading and
paragraphs, as plain Word paragraphs with Word's own styles (Title,
Heading 2, Normal) so that they take the style of the report they are
pasted into; every page's header says "DRAF - untuk disunting".

The file is the same, byte for byte, for the same figures and the same time
of writing: the zip's entries carry a fixed date (python-docx stamps them
with the time of the save), and the document's properties the time the
report was written (``LkjData.generated_at``).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
from docx.document import Document

from pipelines.lib.zips import reproducible_zip
from pipelines.lkj.analysis import DRAFT_MARK, Chapter
from pipelines.lkj.lkj_data import LkjData
from pipelines.lkj.outline import CHAPTER
from pipelines.lkj.output import without_control_characters, write_atomically

# Every entry of the zip is dated so (the earliest date a zip can hold).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
STYLES = {"title": "Title", "note": "Intense Quote", "heading": "Heading 2", "paragraph": None}


def chapter_document(chapter: Chapter) -> Document:
    """A document of the chapter's texts (:meth:`Chapter.lines`), one paragraph each."""
    document = docx.Document()
    # On every page, so that a page printed or pasted alone still says it is a draft.
    document.sections[0].header.paragraphs[0].text = DRAFT_MARK
    for kind, text in chapter.lines():
        paragraph = document.add_paragraph(text, STYLES[kind])
        if kind == "note":
            for run in paragraph.runs:
                run.bold = True
    return document


def _describe(document: Document, data: LkjData) -> None:
    properties = document.core_properties
    # The office's name is data: characters a document cannot hold are replaced.
    title = f"Draf Bab III LKj {data.office_name} {data.year}"
    properties.title = without_control_characters(title)
    properties.author = "Gudang data KPI BP3MI"
    properties.last_modified_by = "Gudang data KPI BP3MI"
    properties.identifier = data.publish_id
    properties.comments = f"Dari publikasi gudang data {data.publish_id}; draf untuk disunting."
    properties.language = "id-ID"
    written = data.generated_at.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    properties.created = properties.modified = written
    properties.revision = 1


def render_docx(data: LkjData, path: Path) -> Path:
    """Write the drafted chapter of ``data`` to ``path`` (replaced whole)."""
    document = chapter_document(CHAPTER.draft(data))
    _describe(document, data)
    saved = io.BytesIO()
    document.save(saved)
    content = reproducible_zip(saved.getvalue(), ZIP_DATE)
    return write_atomically(Path(path), lambda partial: partial.write_bytes(content))
