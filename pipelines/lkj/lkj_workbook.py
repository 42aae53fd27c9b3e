"""The LKj as an XLSX workbook: one sheet per table, in the LKj's layout and labels.

Cells hold numbers, not text: each is the figure as the LKj prints it (cut or
rounded to what is shown), with a number format that adds the unit
(``35.354 Orang``, ``71,29 %``); Excel shows the separators of the reader's
locale. The sheet ``Keterangan`` says which publish of the warehouse the
figures come from and lists the tables.

Every value goes into its cell through :func:`put`, and text from the data
(a country or a case type as typed in a raw file) stays text: never a
formula, an error value or a control character (``write_text``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from copy import copy
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from pipelines.contract.specs import feed_title
from pipelines.lib.indonesian import format_datetime
from pipelines.lkj.lkj_data import LkjData, load_lkj
from pipelines.lkj.lkj_tables import Cell, Table, place, word_width
from pipelines.lkj.outline import lkj_tables
from pipelines.lkj.output import (
    REPLACEMENT,
    report_path,
    without_control_characters,
    write_atomically,
)

FIRST_ROW = 4  # rows 1-2: the table's number and title; 3: a provisional year's label
STATUS_ROW = 3  # under the title: "Sementara, data s.d. Maret 2025" (Table.status)
STATUS_COLOR = "C00000"  # the label in dark red, bold: seen before the figures
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
LINE = Side(style="thin", color="7F7F7F")
BORDER = Border(left=LINE, right=LINE, top=LINE, bottom=LINE)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
NUMBER_ALIGNMENT = Alignment(horizontal="right", vertical="top")
TEXT_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")
TITLE_ROW = 2  # under the table's number (row 1)
MIN_WIDTH, MAX_WIDTH = 6, 48
DEFAULT_WIDTH = 8.43  # characters: Excel's width of a column not set
LINE_HEIGHT = 15.0  # points: one line of 11-point text
# Every cell's typeface by name, that of the workbook's default style: a font without a
# name is LibreOffice's default (a serif, wider than Calibri), and the widths no longer fit.
TYPEFACE = "Calibri"


def typeface(**font: object) -> Font:
    """The workbook's font (TYPEFACE), bold, italic... as given."""
    return Font(name=TYPEFACE, **font)


# Text that Excel would read as a formula when it is typed, or edited, in a cell.
FORMULA_START = ("=", "+", "-", "@")
# OOXML's escape of a character in a string (``_x0007_``): one typed as text is escaped
# itself (``_x005F_x0007_``), as Excel does, so that Excel shows it as it was typed.
_ESCAPE_LIKE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")


def write_text(cell: SheetCell, text: str) -> None:
    """Write ``text`` to ``cell`` as text, whatever it holds.

    openpyxl makes a string that starts with ``=`` a formula and one such as
    ``#N/A`` an error value: the cell's type is set back to text (``s``), and
    text that starts as a formula does gets Excel's quote prefix, so that
    Excel keeps it text when the cell is edited. Characters a workbook cannot
    hold are replaced (:func:`without_control_characters`).
    """
    text = without_control_characters(text)
    cell.value = _ESCAPE_LIKE.sub("_x005F_", text)
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True


def put(cell: SheetCell, value: str | float | None) -> SheetCell:
    """Write ``value`` to ``cell``: a number as a number, text as text (:func:`write_text`).

    Every value of the workbook is written through here.
    """
    if value == "":  # an empty text (Lampiran IV's other sex): an empty cell, not "-"
        cell.value = None
    elif isinstance(value, str):
        write_text(cell, value)
    else:
        cell.value = value
    return cell


class Styles:
    """The workbook's named cell styles (openpyxl ``NamedStyle``), each added when first used.

    A cell of a table takes one named style: its font, fill, alignment, number format
    and border together (``LKj angka tebal #,##0" Orang"``). openpyxl gives a named
    style's cells their place in the workbook's lists of fonts, fills... once, when the
    style is added, and every cell that takes it afterwards only points there: that is
    what makes laying out a workbook's thousands of cells fast. Excel lists the styles
    among its Cell Styles.
    """

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.added: set[str] = set()

    def set(self, cell: SheetCell, name: str, make: Callable[[], NamedStyle]) -> None:
        """Give ``cell`` the named style ``name``, made by ``make()`` the first time."""
        if name not in self.added:
            style = make()
            style.name = name
            self.workbook.add_named_style(style)
            self.added.add(name)
        cell.style = name

    def table_cell(self, target: SheetCell, cell: Cell, is_header: bool) -> None:
        """A header cell, a number (with its format) or a text, bold or not; bordered."""
        bold = cell.bold or is_header
        if is_header:
            kind, fill, alignment, number = "kepala", HEADER_FILL, HEADER_ALIGNMENT, "General"
        elif cell.aligns_right:
            kind, fill, alignment, number = "angka", None, NUMBER_ALIGNMENT, number_format(cell)
        else:
            kind, fill, alignment, number = "teks", None, TEXT_ALIGNMENT, "General"
        weight = " tebal" if bold and not is_header else ""
        name = f"LKj {kind}{weight}" + ("" if number == "General" else f" {number}")
        self.set(
            target,
            name,
            lambda: NamedStyle(
                font=typeface(bold=bold),
                fill=fill or PatternFill(),
                alignment=alignment,
                number_format=number,
                border=BORDER,
            ),
        )

    def font(
        self, cell: SheetCell, name: str, alignment: Alignment | None = None, **font: object
    ) -> SheetCell:
        """A cell outside the tables (number, title, note): a font, and an alignment if given."""
        self.set(
            cell,
            f"LKj {name}",
            lambda: NamedStyle(font=typeface(**font), alignment=alignment or Alignment()),
        )
        return cell

    def border(self, cell: SheetCell) -> None:
        """A cell covered by another's span: its border, so the merged range is lined."""
        self.set(cell, "LKj garis", lambda: NamedStyle(border=BORDER))


FORMAT_UNSAFE = re.compile(r'["\\;]')  # kept out of a number format's literal text


def number_format(cell: Cell) -> str:
    """``#,##0.00" %"``: the cell's decimals, with its unit after the number.

    The unit may carry text from the data (a governance grade, "(WBBM)"): a quote would
    end the format's literal, a ``;`` or ``\\`` makes readers that split a format into
    sections (openpyxl's) take the cell for a date, and a control character cannot be
    written: none of them is kept there."""
    base = "#,##0" if cell.decimals == 0 else "#,##0." + "0" * cell.decimals
    suffix = FORMAT_UNSAFE.sub("", without_control_characters(cell.suffix).replace(REPLACEMENT, ""))
    return f'{base}" {suffix}"' if suffix else base


def merge(sheet: Worksheet, cells: CellRange) -> None:
    """Merge ``cells``, whose every cell already has its style (its border included).

    ``Worksheet.merge_cells`` records the range the same way, then gives every edge
    cell of it the first cell's border again (``MergedCellRange.format``), one style
    lookup per cell: half the time the tables took, for borders they already have.
    """
    sheet.merged_cells.add(MergedCellRange(sheet, cells.coord))


def _write_table(sheet: Worksheet, table: Table, styles: Styles) -> None:
    put(styles.font(sheet["A1"], "nomor tabel", bold=True, size=12), table.label)
    title = sheet.cell(row=TITLE_ROW, column=1)
    put(styles.font(title, "judul tabel", TEXT_ALIGNMENT, bold=True), table.title)
    if table.status:
        status = sheet.cell(row=STATUS_ROW, column=1)
        put(styles.font(status, "status", bold=True, color=STATUS_COLOR), table.status)
    header_rows = len(table.header)
    widths: dict[int, int] = {}
    for r, c, cell in place([*table.header, *table.body]):
        row, column = FIRST_ROW + r, 1 + c
        is_header = r < header_rows
        # styled first: a named style sets the whole style, put's quote prefix included
        target = sheet.cell(row=row, column=column)
        styles.table_cell(target, cell, is_header)
        put(target, cell.text() if cell.value is None else cell.value)  # missing: "-"
        last_row, last_column = row + cell.rowspan - 1, column + cell.colspan - 1
        if (last_row, last_column) != (row, column):
            for spanned in sheet.iter_rows(row, last_row, column, last_column):
                for part in spanned:
                    if part is not target:
                        styles.border(part)
            merge(
                sheet, CellRange(min_col=column, min_row=row, max_col=last_column, max_row=last_row)
            )
        if cell.colspan == 1:
            widths[column] = max(widths.get(column, 0), width_needed(cell, is_header))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(
            MIN_WIDTH, min(MAX_WIDTH, width)
        )
    if table.note:
        note = sheet.cell(row=note_row(table), column=1)
        put(styles.font(note, "catatan", TEXT_ALIGNMENT, italic=True), table.note)
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW + header_rows, column=1)
    print_setup(sheet, table)


def note_row(table: Table) -> int:
    """The row of the table's note: one empty row below the table."""
    return FIRST_ROW + len(table.header) + len(table.body) + 1


# A bold capital of Calibri is some 1,2 of a figure's width ("PENEMPATAN" needs 12).
CAPITAL = 1.2


def width_needed(cell: Cell, is_header: bool) -> int:
    """The width (characters) a cell asks of its column: its text on one line, or for a
    header, which wraps, its longest word (``Jumlah`` whole, not ``Jumla`` / ``h``)."""
    text = cell.text()
    if not is_header:
        return len(text) + 2
    return math.ceil(max((word_width(w, CAPITAL) for w in text.split()), default=0)) + 2


def column_widths(sheet: Worksheet, columns: int) -> list[float]:
    """The width (in characters) of each of the first ``columns`` columns as set."""
    return [
        sheet.column_dimensions[get_column_letter(c)].width or DEFAULT_WIDTH
        for c in range(1, columns + 1)
    ]


def lines_needed(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide."""
    per_line = max(int(width) - 1, 1)
    return sum(max(math.ceil(len(part) / per_line), 1) for part in text.split("\n"))


def row_heights(table: Table, widths: list[float]) -> dict[int, float]:
    """The height (points) of each row of the table whose wrapped text needs more than one
    line, by its row number in the sheet; a cell spanning rows shares its lines among them.
    The title and the note span the table's width."""
    needed: dict[int, float] = {}
    for r, c, cell in place([*table.header, *table.body]):
        if cell.aligns_right and r >= len(table.header):
            continue  # a number does not wrap: its column is as wide as it is
        width = sum(widths[c : c + cell.colspan])
        per_row = lines_needed(cell.text(), width) * LINE_HEIGHT / cell.rowspan
        for row in range(FIRST_ROW + r, FIRST_ROW + r + cell.rowspan):
            needed[row] = max(needed.get(row, LINE_HEIGHT), per_row)
    for row, text in ((TITLE_ROW, table.title), (note_row(table), table.note)):
        needed[row] = lines_needed(text, sum(widths)) * LINE_HEIGHT
    return {row: height for row, height in needed.items() if height > LINE_HEIGHT}


# --- the printed page ---------------------------------------------------------------
#
# A sheet prints on A4 at a scale computed here, not fitted by the program that prints it
# ("fit to 1 page wide" shrinks a wide table to what Excel and LibreOffice each compute
# of it, 30-40 % for the widest): the same scale in both, 70 % or more for the LKj's
# tables (tests/test_print.py), as a table wider than the page is narrowed to WIDE_SCALE.

A4 = (595.3, 841.9)  # points, portrait: width, height
MARGINS = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6, header=0.3, footer=0.3)
# A column w characters wide prints 5.25 w points wide in Excel (7 pixels of 96 dpi a
# character of Calibri 11), 5.57 w in LibreOffice (Carlito's digit, as wide as Calibri's,
# at 11 points): the wider of the two, so that a table fits the page in both.
POINTS_PER_CHARACTER = 5.6
WIDE_SCALE = 80  # percent: a table wider than a page is narrowed to print at this scale
MIN_TEXT_WIDTH = 16  # characters: a column of wrapped text is narrowed no further


def printable(orientation: str) -> tuple[float, float]:
    """The width and height (points) inside the margins of an A4 page."""
    width, height = A4 if orientation == "portrait" else A4[::-1]
    return (
        width - 72 * (MARGINS.left + MARGINS.right),
        height - 72 * (MARGINS.top + MARGINS.bottom),
    )


def narrowest(table: Table, columns: int) -> list[float]:
    """The width (characters) each column can be narrowed to: its numbers and its header's
    longest word whole; its wrapped text to MIN_TEXT_WIDTH (or its longest word)."""
    floors = [float(MIN_WIDTH)] * columns
    for r, c, cell in place([*table.header, *table.body]):
        if cell.colspan > 1:
            continue
        is_header = r < len(table.header)
        need = width_needed(cell, is_header)
        if not is_header and not cell.aligns_right:  # wrapped text
            need = max(min(need, MIN_TEXT_WIDTH), width_needed(cell, True))
        floors[c] = max(floors[c], min(MAX_WIDTH, need))
    return floors


def narrowed(widths: list[float], floors: list[float], total: float) -> list[float]:
    """``widths`` with the widest cut down to one common width (none below its floor),
    the widest such that they add up to ``total`` at most: as near as the floors allow."""
    if sum(widths) <= total:
        return widths

    def capped(cap: float) -> list[float]:
        return [max(f, min(w, cap)) for w, f in zip(widths, floors, strict=True)]

    cap = max(widths)
    while cap > MIN_WIDTH and sum(capped(cap)) > total:
        cap -= 1
    return capped(cap)


def page_fit(width: float, height: float = 0.0) -> tuple[str, int]:
    """The orientation and scale (percent) a print range ``width`` x ``height`` points
    prints at, as large as fits the page's width (and its height, when it is to print on
    one page: ``height``), up to 100 %: portrait, unless landscape prints it larger."""
    fits = {
        orientation: min(page_width / width, page_height / height if height else 1.0, 1.0)
        for orientation in ("portrait", "landscape")
        for page_width, page_height in [printable(orientation)]
    }
    orientation = max(fits, key=lambda o: (fits[o], o == "portrait"))
    return orientation, math.floor(fits[orientation] * 100)


def set_page(sheet: Worksheet, orientation: str, scale: int, last: str) -> None:
    """A4 in ``orientation`` at ``scale`` percent (no fitting to pages), the print range
    ``A1:<last>``, rows of one line as tall in every program (15 points)."""
    setup = sheet.page_setup
    setup.orientation = orientation
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.scale = scale
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
    sheet.page_margins = copy(MARGINS)
    sheet.print_area = f"A1:{last}"
    sheet.sheet_format.customHeight = True  # LibreOffice's default row is lower than Excel's


def print_setup(sheet: Worksheet, table: Table) -> None:
    """Printed on A4 as large as fits, as many pages long as it takes: the header rows
    on every page; the title and the note wrapped across the table's width; a table wider
    than a landscape page has its wrapped-text columns narrowed (WIDE_SCALE); rows tall
    enough for their wrapped text."""
    columns = max((c + cell.colspan for _, c, cell in place(table.header + table.body)), default=1)
    as_set = column_widths(sheet, columns)
    widths = narrowed(
        as_set,
        narrowest(table, columns),
        printable("landscape")[0] * 100 / WIDE_SCALE / POINTS_PER_CHARACTER,
    )
    for column, (width, before) in enumerate(zip(widths, as_set, strict=True), start=1):
        if width != before:
            sheet.column_dimensions[get_column_letter(column)].width = width
    for row, height in row_heights(table, widths).items():
        sheet.row_dimensions[row].height = round(height, 1)
    last_column = get_column_letter(columns)
    last_row = FIRST_ROW + len(table.header) + len(table.body) - 1
    if table.note:
        last_row = note_row(table)
    if columns > 1:  # the title and the note across the table
        for row in [TITLE_ROW, last_row] if table.note else [TITLE_ROW]:
            merge(sheet, CellRange(min_col=1, min_row=row, max_col=columns, max_row=row))
    if table.header:
        sheet.print_title_rows = f"{FIRST_ROW}:{FIRST_ROW + len(table.header) - 1}"
    orientation, scale = page_fit(sum(widths) * POINTS_PER_CHARACTER)
    set_page(sheet, orientation, scale, f"{last_column}{last_row}")


def report_title(data: LkjData) -> str:
    """``Laporan Kinerja (LKj) BP3MI Jawa Tengah Tahun 2025 (Sementara, data s.d. Maret
    2025)``: the report's title, a provisional year's label after it."""
    return f"Laporan Kinerja (LKj) {data.office_name} Tahun {data.year}{data.title_suffix}"


def provisional_note(data: LkjData) -> str:
    """What a provisional year's figures are, and which feeds have nothing in yet: the
    cover's line under the title (workbook, HTML banner, .docx cover). "" for a complete
    year."""
    if not data.provisional:
        return ""
    text = (
        f"{data.status_label}. Angka tahun {data.year} bersifat sementara: belum semua berkas "
        "tahun ini diterima, dan angka akan berubah ketika berkas berikutnya masuk."
    )
    if data.awaited:  # the feeds owed, in plain words (an optional feed is never owed)
        feeds = ", ".join(feed_title(feed) for feed in data.awaited)
        text += f" Belum ada berkas yang diterima untuk tahun {data.year}: {feeds}."
    return text


def provenance(data: LkjData) -> list[tuple[str, str]]:
    """Which publish of the warehouse the figures come from, and when they were written."""
    published = format_datetime(data.published_at) if data.published_at else "-"
    return [
        ("Kantor", f"{data.office_name} ({data.office_code})"),
        ("Tahun", str(data.year)),
        ("Publikasi gudang data (run id)", data.publish_id),
        ("Dipublikasikan", published),
        ("Laporan dibuat", format_datetime(data.generated_at)),
        ("Sumber", "Gudang data KPI BP3MI, skema marts"),
    ]


COVER_WIDTHS = (28, 64)  # characters: the cover's names and values (a table's title wraps)


def _write_cover(
    sheet: Worksheet, data: LkjData, tables: list[Table], heading: str | None = None
) -> None:
    """The cover: the report's title (``heading``, by default the LKj's), its provenance and
    the list of tables, on one page."""
    sheet.title = "Keterangan"
    title = put(sheet["A1"], report_title(data) if heading is None else heading)
    title.font = typeface(bold=True, size=14)
    heights = [20.0, LINE_HEIGHT]  # the title's row (14 points), an empty row
    if data.provisional:  # row 2, under the title: what the figures are
        status = put(sheet["A2"], provisional_note(data))
        status.font = typeface(bold=True, color=STATUS_COLOR)
        status.alignment = TEXT_ALIGNMENT
        sheet.merge_cells("A2:B2")
        heights[1] = lines_needed(status.value, sum(COVER_WIDTHS)) * LINE_HEIGHT
    row = 3
    for name, value in provenance(data):
        label = put(sheet.cell(row=row, column=1), name)
        label.font, label.alignment = typeface(bold=True), TOP
        put(sheet.cell(row=row, column=2), value).alignment = TEXT_ALIGNMENT
        heights.append(lines_needed(value, COVER_WIDTHS[1]) * LINE_HEIGHT)
        row += 1
    row += 1
    put(sheet.cell(row=row, column=1), "Daftar Tabel").font = typeface(bold=True, size=12)
    heights += [LINE_HEIGHT, LINE_HEIGHT]
    for table in tables:
        row += 1
        link = put(sheet.cell(row=row, column=1), table.label)
        link.hyperlink = f"#'{table.label}'!A1"
        link.font = typeface(color="0563C1", underline="single")
        link.alignment = TOP  # beside the first line of a title that wraps
        put(sheet.cell(row=row, column=2), table.title).alignment = TEXT_ALIGNMENT
        heights.append(lines_needed(table.title, COVER_WIDTHS[1]) * LINE_HEIGHT)
    for number, height in enumerate(heights, start=1):
        if height > LINE_HEIGHT:
            sheet.row_dimensions[number].height = height
    for column, width in enumerate(COVER_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    orientation, scale = page_fit(sum(COVER_WIDTHS) * POINTS_PER_CHARACTER, sum(heights))
    set_page(sheet, orientation, scale, f"B{row}")


def add_table_sheets(workbook: Workbook, tables: Sequence[Table]) -> None:
    """A sheet per table, named by its label, laid out as the LKj's tables are (merged
    spans, named styles, number formats with their unit, print setup): for an office's
    LKj and for the national workbook alike."""
    styles = Styles(workbook)
    for table in tables:
        _write_table(workbook.create_sheet(table.label), table, styles)


def render_workbook(data: LkjData, path: Path) -> Path:
    """Write the workbook of ``data`` to ``path`` (replaced whole)."""
    tables = lkj_tables(data)
    workbook = Workbook()
    _write_cover(workbook.active, data, tables)
    add_table_sheets(workbook, tables)
    # The file's properties are XML too: no character it cannot hold.
    clean = without_control_characters
    workbook.properties.title = clean(f"LKj {data.office_name} {data.year}{data.title_suffix}")
    workbook.properties.creator = "Gudang data KPI BP3MI"
    workbook.properties.identifier = clean(data.publish_id)
    workbook.properties.description = clean(f"Dari publikasi gudang data {data.publish_id}")
    return write_atomically(path, lambda partial: workbook.save(partial))


def write_workbook(
    con: duckdb.DuckDBPyConnection, office_code: str, year: int, out_dir: Path, publish_id: str
) -> Path:
    """Write ``<out_dir>/<OFFICE>_<YEAR>/lkj_<OFFICE>_<YEAR>.xlsx`` from the warehouse."""
    data = load_lkj(con, office_code, year, publish_id)
    return render_workbook(data, report_path(out_dir, office_code, year, ".xlsx"))
