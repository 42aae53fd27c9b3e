"""The LKj as an XLSX workbook: one sheet per table, in the LKj's layout and labels.

Cells hold numbers, not text: each is the figure as the LKj prints it (cut or
rounded to what is shown), with a number format that adds the unit
(``35.354 Orang``, ``71,29 %``); Excel shows the separators of the reader's
locale. The sheet ``Keterangan`` says which publish of the warehouse the
figures come from and lists the tables.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipelines.defs.reports.lkj_data import LkjData, load_lkj
from pipelines.defs.reports.lkj_tables import Cell, Table, lkj_tables, place
from pipelines.defs.reports.output import report_path, write_atomically

FIRST_ROW = 4  # rows 1-2: the table's number and title
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
LINE = Side(style="thin", color="7F7F7F")
BORDER = Border(left=LINE, right=LINE, top=LINE, bottom=LINE)
MIN_WIDTH, MAX_WIDTH = 6, 48


def number_format(cell: Cell) -> str:
    """``#,##0.00" %"``: the cell's decimals, with its unit after the number."""
    base = "#,##0" if cell.decimals == 0 else "#,##0." + "0" * cell.decimals
    return f'{base}" {cell.suffix}"' if cell.suffix else base


def _write_table(sheet: Worksheet, table: Table) -> None:
    sheet["A1"] = table.label
    sheet["A1"].font = Font(bold=True, size=12)
    sheet["A2"] = table.title
    sheet["A2"].font = Font(bold=True)
    header_rows = len(table.header)
    widths: dict[int, int] = {}
    for r, c, cell in place([*table.header, *table.body]):
        row, column = FIRST_ROW + r, 1 + c
        is_header = r < header_rows
        target = sheet.cell(row=row, column=column, value=cell.value)
        target.font = Font(bold=cell.bold or is_header)
        if is_header:
            target.fill = HEADER_FILL
            target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        elif cell.aligns_right:
            target.number_format = number_format(cell)
            target.alignment = Alignment(horizontal="right", vertical="top")
        else:
            target.alignment = Alignment(vertical="top", wrap_text=True)
        last_row, last_column = row + cell.rowspan - 1, column + cell.colspan - 1
        for spanned in sheet.iter_rows(row, last_row, column, last_column):
            for part in spanned:
                part.border = BORDER
        if (last_row, last_column) != (row, column):
            sheet.merge_cells(
                start_row=row, start_column=column, end_row=last_row, end_column=last_column
            )
        if cell.colspan == 1 and not is_header:
            widths[column] = max(widths.get(column, 0), len(cell.text()) + 2)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(
            MIN_WIDTH, min(MAX_WIDTH, width)
        )
    if table.note:
        note = sheet.cell(row=FIRST_ROW + len(table.header) + len(table.body) + 1, column=1)
        note.value = table.note
        note.font = Font(italic=True)
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW + header_rows, column=1)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def provenance(data: LkjData) -> list[tuple[str, str]]:
    """Which publish of the warehouse the figures come from, and when they were written."""
    published = data.published_at.strftime("%Y-%m-%d %H:%M WIB") if data.published_at else "-"
    return [
        ("Kantor", f"{data.office_name} ({data.office_code})"),
        ("Tahun", str(data.year)),
        ("Publikasi gudang data (run id)", data.publish_id),
        ("Dipublikasikan", published),
        ("Laporan dibuat", data.generated_at.strftime("%Y-%m-%d %H:%M WIB")),
        ("Sumber", "Gudang data KPI BP3MI, skema marts"),
    ]


def _write_cover(sheet: Worksheet, data: LkjData, tables: list[Table]) -> None:
    sheet.title = "Keterangan"
    sheet["A1"] = f"Laporan Kinerja (LKj) {data.office_name} Tahun {data.year}"
    sheet["A1"].font = Font(bold=True, size=14)
    row = 3
    for name, value in provenance(data):
        sheet.cell(row=row, column=1, value=name).font = Font(bold=True)
        sheet.cell(row=row, column=2, value=value)
        row += 1
    row += 1
    sheet.cell(row=row, column=1, value="Daftar Tabel").font = Font(bold=True, size=12)
    for table in tables:
        row += 1
        link = sheet.cell(row=row, column=1, value=table.label)
        link.hyperlink = f"#'{table.label}'!A1"
        link.font = Font(color="0563C1", underline="single")
        sheet.cell(row=row, column=2, value=table.title)
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 100


def render_workbook(data: LkjData, path: Path) -> Path:
    """Write the workbook of ``data`` to ``path`` (replaced whole)."""
    tables = lkj_tables(data)
    workbook = Workbook()
    _write_cover(workbook.active, data, tables)
    for table in tables:
        _write_table(workbook.create_sheet(table.label), table)
    workbook.properties.title = f"LKj {data.office_name} {data.year}"
    workbook.properties.creator = "Gudang data KPI BP3MI"
    workbook.properties.identifier = data.publish_id
    workbook.properties.description = f"Dari publikasi gudang data {data.publish_id}"
    return write_atomically(path, lambda partial: workbook.save(partial))


def write_workbook(
    con: duckdb.DuckDBPyConnection, office_code: str, year: int, out_dir: Path, publish_id: str
) -> Path:
    """Write ``<out_dir>/<OFFICE>_<YEAR>/lkj_<OFFICE>_<YEAR>.xlsx`` from the warehouse."""
    data = load_lkj(con, office_code, year, publish_id)
    return render_workbook(data, report_path(out_dir, office_code, year, ".xlsx"))
