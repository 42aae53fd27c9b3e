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
from collections.abc import Callable, Hashable
from copy import copy
from itertools import islice
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.styleable import StyleableObject
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from pipelines.defs.reports.lkj_data import LkjData, load_lkj
from pipelines.defs.reports.lkj_tables import Cell, Table, lkj_tables, place
from pipelines.defs.reports.output import report_path, write_atomically
from pipelines.lib.indonesian import format_datetime

FIRST_ROW = 4  # rows 1-2: the table's number and title
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
LINE = Side(style="thin", color="7F7F7F")
BORDER = Border(left=LINE, right=LINE, top=LINE, bottom=LINE)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
NUMBER_ALIGNMENT = Alignment(horizontal="right", vertical="top")
TEXT_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
MIN_WIDTH, MAX_WIDTH = 6, 48
DEFAULT_WIDTH = 8.43  # characters: Excel's width of a column not set
LINE_HEIGHT = 15.0  # points: one line of 11-point text
# A cell attribute's value by its key in Formats.apply: ("font", (("bold", True),)) is
# Font(bold=True).
FORMATS: dict[str, Callable[[Hashable], object]] = {
    "font": lambda key: Font(**dict(key)),
    "fill": {"header": HEADER_FILL}.__getitem__,
    "alignment": {
        "header": HEADER_ALIGNMENT,
        "number": NUMBER_ALIGNMENT,
        "text": TEXT_ALIGNMENT,
    }.__getitem__,
    "number_format": lambda key: key,
    "border": {"thin": BORDER}.__getitem__,
}
THIN = ("border", "thin")


# Characters a workbook cannot hold: XML 1.0 forbids them, and openpyxl refuses the
# control characters among them (IllegalCharacterError, its ILLEGAL_CHARACTERS_RE). A
# source workbook's ``_x0007_`` reaches the warehouse as such a character.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"  # what stands in their place: U+FFFD, the replacement character
# Text that Excel would read as a formula when it is typed, or edited, in a cell.
FORMULA_START = ("=", "+", "-", "@")
# OOXML's escape of a character in a string (``_x0007_``): one typed as text is escaped
# itself (``_x005F_x0007_``), as Excel does, so that Excel shows it as it was typed.
_ESCAPE_LIKE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")


def without_control_characters(text: str) -> str:
    """``text`` with every character a workbook cannot hold replaced by U+FFFD."""
    return CONTROL_CHARACTERS.sub(REPLACEMENT, text)


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
    if isinstance(value, str):
        write_text(cell, value)
    else:
        cell.value = value
    return cell


NO_STYLE = tuple(StyleArray())


def _style(cell: StyleableObject | None) -> tuple[int, ...] | None:
    """The cell's style as it points into the workbook's lists of fonts, fills, borders..."""
    if cell is None:
        return None
    return NO_STYLE if cell._style is None else tuple(cell._style)


class Formats:
    """Formats the cells of one workbook as openpyxl's setters do, each distinct change once.

    openpyxl keeps a workbook's fonts, fills, borders, alignments and number formats in
    lists that each cell's style points into: every ``cell.font = Font(...)`` builds,
    hashes and compares style objects to find the new one's place, and merging cells
    does it for the borders of every cell of the range. That was most of the time a
    workbook took. A change (what is set, on a cell of a given style) always gives the
    same style, and adds to the lists only the first time it is made: so the first time
    this workbook sees a change, openpyxl makes it (in the same order as before, the lists
    grow the same) and the style it gives is kept; every later time the style is copied.
    The workbook written is the same, byte for byte (``tests/test_reports.py``).
    """

    def __init__(self) -> None:
        self._after: dict[tuple, tuple] = {}

    def set(self, cell: StyleableObject, name: str, key: Hashable, make: Callable) -> None:
        """``setattr(cell, name, make())``, where ``key`` says what ``make()`` gives."""
        memo = (name, key, _style(cell))
        after = self._after.get(memo)
        if after is None:
            setattr(cell, name, make())
            self._after[memo] = _style(cell)
        else:
            cell._style = StyleArray(after)

    def apply(self, cell: StyleableObject, steps: tuple[tuple[str, Hashable], ...]) -> None:
        """Set each ``(name, key)`` of ``steps`` in turn, to ``FORMATS[name](key)``."""
        memo = (steps, _style(cell))
        after = self._after.get(memo)
        if after is None:
            for name, key in steps:
                self.set(cell, name, key, lambda name=name, key=key: FORMATS[name](key))
            self._after[memo] = _style(cell)
        else:
            cell._style = StyleArray(after)

    def font(self, cell: StyleableObject, **font) -> None:
        self.apply(cell, (("font", tuple(sorted(font.items()))),))

    def add_border(self, cell: StyleableObject, key: Hashable, make: Callable) -> None:
        """``cell.border += make()``."""
        self.set(cell, "border", ("+", key), lambda: cell.border + make())

    def merge(self, sheet: Worksheet, row: int, column: int, last_row: int, last_column: int):
        """``sheet.merge_cells(...)`` of the range: step by step as openpyxl 3.1 takes them
        (``Worksheet.merge_cells``, ``MergedCellRange``), each change of a style made once;
        a range of the same size, first and last cell as one merged before takes the styles
        its cells took."""
        merged = object.__new__(MergedCellRange)
        CellRange.__init__(
            merged, min_col=column, min_row=row, max_col=last_column, max_row=last_row
        )
        merged.ws = sheet
        first = sheet._cells.get((row, column))
        if first is None:
            first = sheet.cell(row=row, column=column)
        merged.start_cell = first
        last = sheet._cells.get((last_row, last_column))
        size = (last_row - row, last_column - column)
        memo = ("merge", size, _style(first), _style(last))
        after = self._after.get(memo)
        if after is not None:
            sheet.merged_cells.add(merged)
            for coord, style in zip(merged.cells, after, strict=True):
                cell = first if coord == (row, column) else MergedCell(sheet, *coord)
                cell._style = None if style is None else StyleArray(style)
                sheet._cells[coord] = cell
            return
        self._merge(sheet, merged, first, last)
        self._after[memo] = tuple(_style(sheet._cells[coord]) for coord in merged.cells)

    def _merge(
        self,
        sheet: Worksheet,
        merged: MergedCellRange,
        first: StyleableObject,
        last: StyleableObject | None,
    ) -> None:
        # MergedCellRange._get_borders: the first cell takes the last one's right and bottom.
        if last is not None:
            self.add_border(
                first,
                ("right and bottom of", _style(last)[2]),
                lambda: Border(right=last.border.right, bottom=last.border.bottom),
            )
        sheet.merged_cells.add(merged)
        # Worksheet._clean_merge_range: all but the first cell become MergedCells ...
        for coord in islice(merged.cells, 1, None):
            sheet._cells[coord] = MergedCell(sheet, *coord)
        # ... then MergedCellRange.format: the cells at an edge take the first cell's side
        # there, and every cell the first one's protection.
        for name in ("top", "left", "right", "bottom"):
            side = getattr(first.border, name)
            if side and side.style is None:
                continue
            key = (name, "of", _style(first)[2])
            for coord in getattr(merged, name):
                cell = sheet._cells.get(coord)
                if cell is None:
                    cell = sheet._cells[coord] = MergedCell(sheet, *coord)
                self.add_border(cell, key, lambda side=side, name=name: Border(**{name: side}))
        key, protection = _style(first)[4], first.protection
        for coord in merged.cells:
            cell = sheet._cells.get(coord)
            if cell is None:
                cell = sheet._cells[coord] = MergedCell(sheet, *coord)
            self.set(cell, "protection", key, lambda: copy(protection))


def number_format(cell: Cell) -> str:
    """``#,##0.00" %"``: the cell's decimals, with its unit after the number."""
    base = "#,##0" if cell.decimals == 0 else "#,##0." + "0" * cell.decimals
    return f'{base}" {cell.suffix}"' if cell.suffix else base


def _steps(cell: Cell, is_header: bool) -> tuple[tuple[str, Hashable], ...]:
    """How a table's cell is formatted (``Formats.apply``): font, then the header's fill and
    alignment, or a number's format and alignment, or a text's alignment, then a border."""
    font = ("font", (("bold", cell.bold or is_header),))
    if is_header:
        return (font, ("fill", "header"), ("alignment", "header"), THIN)
    if cell.aligns_right:
        return (font, ("number_format", number_format(cell)), ("alignment", "number"), THIN)
    return (font, ("alignment", "text"), THIN)


def _write_table(sheet: Worksheet, table: Table, formats: Formats) -> None:
    formats.font(put(sheet["A1"], table.label), bold=True, size=12)
    formats.font(put(sheet["A2"], table.title), bold=True)
    header_rows = len(table.header)
    widths: dict[int, int] = {}
    for r, c, cell in place([*table.header, *table.body]):
        row, column = FIRST_ROW + r, 1 + c
        is_header = r < header_rows
        target = put(sheet.cell(row=row, column=column), cell.value)
        formats.apply(target, _steps(cell, is_header))
        last_row, last_column = row + cell.rowspan - 1, column + cell.colspan - 1
        for spanned in sheet.iter_rows(row, last_row, column, last_column):
            for part in spanned:
                if part is not target:
                    formats.apply(part, (THIN,))
        if (last_row, last_column) != (row, column):
            formats.merge(sheet, row, column, last_row, last_column)
        if cell.colspan == 1 and not is_header:
            widths[column] = max(widths.get(column, 0), len(cell.text()) + 2)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(
            MIN_WIDTH, min(MAX_WIDTH, width)
        )
    if table.note:
        note = sheet.cell(row=FIRST_ROW + len(table.header) + len(table.body) + 1, column=1)
        formats.font(put(note, table.note), italic=True)
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW + header_rows, column=1)
    print_setup(sheet, table)


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
    line, by its row number in the sheet; a cell spanning rows shares its lines among them."""
    needed: dict[int, float] = {}
    for r, c, cell in place([*table.header, *table.body]):
        width = sum(widths[c : c + cell.colspan])
        per_row = lines_needed(cell.text(), width) * LINE_HEIGHT / cell.rowspan
        for row in range(FIRST_ROW + r, FIRST_ROW + r + cell.rowspan):
            needed[row] = max(needed.get(row, LINE_HEIGHT), per_row)
    return {row: height for row, height in needed.items() if height > LINE_HEIGHT}


def print_setup(sheet: Worksheet, table: Table) -> None:
    """Printed as the LKj is: A4 landscape, as wide as the page and as many pages long as it
    takes, the header rows on every page, and rows tall enough for their wrapped text."""
    columns = max((c + cell.colspan for _, c, cell in place(table.header + table.body)), default=1)
    for row, height in row_heights(table, column_widths(sheet, columns)).items():
        sheet.row_dimensions[row].height = round(height, 1)
    if table.header:
        sheet.print_title_rows = f"{FIRST_ROW}:{FIRST_ROW + len(table.header) - 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


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


def _write_cover(sheet: Worksheet, data: LkjData, tables: list[Table]) -> None:
    sheet.title = "Keterangan"
    title = put(sheet["A1"], f"Laporan Kinerja (LKj) {data.office_name} Tahun {data.year}")
    title.font = Font(bold=True, size=14)
    row = 3
    for name, value in provenance(data):
        put(sheet.cell(row=row, column=1), name).font = Font(bold=True)
        put(sheet.cell(row=row, column=2), value)
        row += 1
    row += 1
    put(sheet.cell(row=row, column=1), "Daftar Tabel").font = Font(bold=True, size=12)
    for table in tables:
        row += 1
        link = put(sheet.cell(row=row, column=1), table.label)
        link.hyperlink = f"#'{table.label}'!A1"
        link.font = Font(color="0563C1", underline="single")
        put(sheet.cell(row=row, column=2), table.title)
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 100


def render_workbook(data: LkjData, path: Path) -> Path:
    """Write the workbook of ``data`` to ``path`` (replaced whole)."""
    tables = lkj_tables(data)
    workbook = Workbook()
    _write_cover(workbook.active, data, tables)
    formats = Formats()
    for table in tables:
        _write_table(workbook.create_sheet(table.label), table, formats)
    # The file's properties are XML too: no character it cannot hold.
    clean = without_control_characters
    workbook.properties.title = clean(f"LKj {data.office_name} {data.year}")
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
