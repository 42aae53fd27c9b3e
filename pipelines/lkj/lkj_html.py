"""The LKj as one self-contained HTML page: the tables, the charts, the data findings.

The page is written from the Jinja2 templates of ``templates/`` (autoescaped:
text from the data is always escaped). Charts are inline SVG and the style is
inline CSS: the page loads nothing and runs no script, so it reads the same
offline, in a mail attachment or printed. Numbers are written the Indonesian
way (``1.234,56``, by Babel). Every table and chart has a stable id
(``tabel-6``, ``grafik-iku1-capaian``) to link to.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from markupsafe import Markup

from pipelines.lkj import outline
from pipelines.lkj.analysis import chapter_html
from pipelines.lkj.html_parts import render
from pipelines.lkj.lkj_data import LkjData, load_lkj
from pipelines.lkj.lkj_tables import Table
from pipelines.lkj.lkj_workbook import provenance, provisional_note, report_title
from pipelines.lkj.output import report_path, without_control_characters, write_atomically


def table_html(table: Table) -> Markup:
    """The table with its number and title as heading; spans as rowspan and colspan."""
    return render("table.html.j2", table=table)


Section = tuple[str, str, list[Markup]]  # id, heading, the parts in order


def _sections(data: LkjData) -> list[Section]:
    """The page's sections in the outline's order (``outline.py``): its tables, its charts
    (numbered by the outline, as the LKj numbers them), the drafted analysis chapter
    (``analysis.draft_chapter``, the same as the .docx's), marked a draft."""
    sections: list[Section] = []
    for section in outline.placed(data.indicators):
        heading, parts = section.heading, []
        for part in section.parts:
            if isinstance(part, outline.PlacedTable):
                parts.append(table_html(part.table(data)))
            elif isinstance(part, outline.PlacedChart):
                parts.append(part.html(data))
            elif isinstance(part, outline.PlacedFigure):
                parts.append(part.draw(data))
            else:
                chapter = part.draft(data)
                heading = chapter.title
                parts.append(Markup(chapter_html(chapter)))
        sections.append((section.key, heading, parts))
    return sections


def render_html(data: LkjData, path: Path) -> Path:
    """Write the HTML report of ``data`` to ``path`` (replaced whole)."""
    page = render(
        "page.html.j2",
        title=report_title(data),
        provisional=provisional_note(data),
        publish_id=data.publish_id,
        facts=provenance(data),
        sections=_sections(data),
    )
    # Text from the data is escaped where it is put on the page (the templates' autoescape);
    # control characters in it (a raw file's, which no page should carry) are replaced as
    # the workbook replaces them.
    page = without_control_characters(page)
    return write_atomically(path, lambda partial: partial.write_text(page, encoding="utf-8"))


def write_html(
    con: duckdb.DuckDBPyConnection, office_code: str, year: int, out_dir: Path, publish_id: str
) -> Path:
    """Write ``<out_dir>/<OFFICE>_<YEAR>/lkj_<OFFICE>_<YEAR>.html`` from the warehouse."""
    data = load_lkj(con, office_code, year, publish_id)
    return render_html(data, report_path(out_dir, office_code, year, ".html"))
