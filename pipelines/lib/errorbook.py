"""The error workbooks: every fault of a raw file, in a workbook the clerk opens beside it.

For each raw file that was rejected whole, has rows in quarantine, or rows
loaded with a spelling its reference list does not know (a warning: the row
counts, but the list or the file is to be fixed), one workbook
``<folder>/<feed>/<file name>.xlsx`` lists every faulty row: its
row number as Excel shows it (the header is row 1), the column, what was
typed there, the rule in words, what is wrong and how to fix it, in Bahasa
Indonesia. A personal column's value (a name, a NIK) is never written: the
sentence says what is wrong with it ("NIK 15 angka, harus 16"), not what
was there; the warehouse holds only its pseudonym anyway.

The refresh writes the workbooks of the warehouse it publishes (the folder
``kesalahan/`` beside it, published with the reports); ``python -m pipelines
validate`` writes those of the directory it checked. The folder is written
anew each time: a file that was fixed has no workbook any more.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from pipelines.lib import messages
from pipelines.lib.errors import printable
from pipelines.lib.ingest.contract import TableSpec
from pipelines.lib.warehouse import table_exists

# What a row of an error workbook is: a file rejected whole (the ledger), a row kept out
# (the quarantine), or a row loaded with a spelling its reference list does not know
# (audit.value_warnings: it counts, but the list or the file is to be fixed).
KINDS = ("rejected", "quarantined", "warning")


@dataclass(frozen=True)
class Fault:
    """One fault of a raw file: the whole file rejected, or one row quarantined."""

    kind: str
    feed: str
    table_name: str
    source_file: str
    office_code: str
    row: int | None
    column: str | None
    rule: str
    detail: str
    detail_id: str
    raw_values: str | None
    value: str | None  # what was typed, for a warning (never a personal column)


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> set[str]:
    return {
        name
        for (name,) in con.execute(
            "select column_name from duckdb_columns() where schema_name = ? and table_name = ? "
            "and database_name = current_database()",
            [schema, table],
        ).fetchall()
    }


def fault_rows(
    con: duckdb.DuckDBPyConnection,
    *,
    table: str | None = None,
    source_file: str | None = None,
    kinds: Sequence[str] = KINDS,
    limit: int | None = None,
) -> list[Fault]:
    """The faults recorded in the warehouse (of one table, one file), file by file, row by
    row; a rejected file comes before its rows (it has none: its earlier version's stay)."""
    parts = []
    if "rejected" in kinds and table_exists(con, "audit", "file_ledger"):
        parts.append(
            "select 'rejected' as kind, feed, table_name, source_file, office_code, "
            "reject_row as row, null as column_name, reject_rule as rule, "
            "reject_detail as detail, coalesce(reject_detail_id, reject_detail) as detail_id, "
            "null::json as raw_values, null as value, 0 as kind_order "
            "from audit.file_ledger where status = 'rejected'"
        )
    if "quarantined" in kinds and table_exists(con, "audit", "quarantine"):
        translated = "detail_id" in _columns(con, "audit", "quarantine")
        detail_id = "coalesce(detail_id, detail)" if translated else "detail"
        parts.append(
            "select 'quarantined' as kind, feed, table_name, source_file, office_code, "
            f"source_row as row, column_name, rule, detail, {detail_id} as detail_id, "
            "raw_values, null as value, 1 as kind_order "
            "from audit.quarantine"
        )
    if "warning" in kinds and table_exists(con, "audit", "value_warnings"):
        parts.append(
            "select 'warning' as kind, feed, table_name, source_file, office_code, "
            "source_row as row, column_name, rule, detail, detail_id, null::json as raw_values, "
            "value, 1 as kind_order from audit.value_warnings"
        )
    if not parts:
        return []
    where, params = [], []
    if table is not None:
        where.append("table_name = ?")
        params.append(table)
    if source_file is not None:
        where.append("source_file = ?")
        params.append(source_file)
    sql = (
        f"select * exclude (kind_order) from ({' union all by name '.join(parts)}) "
        + (f"where {' and '.join(where)} " if where else "")
        + "order by feed, source_file, kind_order, row nulls first, column_name, rule"
        + (f" limit {int(limit)}" if limit is not None else "")
    )
    return [Fault(*row) for row in con.execute(sql, params).fetchall()]


def _typed(fault: Fault, spec: TableSpec | None) -> str:
    """What was typed in the fault's column, or why it is not shown."""
    if fault.kind == "warning":
        return printable(fault.value or "")
    if fault.raw_values is None or not fault.column or spec is None:
        return ""
    column = next((c for c in spec.columns if c.name == fault.column), None)
    if column is None:
        return ""
    if column.personal:
        return messages.text("errorbook_personal", "id")
    values = json.loads(fault.raw_values)
    value = values.get(column.stored_as)
    if value is None:
        return messages.text("errorbook_empty", "id")
    return printable(str(value))


HEADERS = ("Baris", "Kolom", "Yang diketik", "Aturan", "Apa yang salah", "Cara memperbaiki")
WIDTHS = (8, 22, 28, 34, 60, 60)


def _sheet_rows(faults: Sequence[Fault], specs: dict[str, TableSpec]) -> list[list]:
    rows = []
    for fault in faults:
        spec = specs.get(fault.table_name)
        rule = messages.rule_text(fault.rule, "id")
        if fault.kind == "rejected":
            rule = messages.text("errorbook_file_rejected", "id", rule=rule)
        elif fault.kind == "warning":
            rule = messages.text("errorbook_warning", "id", rule=rule)
        rows.append(
            [
                fault.row,
                fault.column or "",
                _typed(fault, spec),
                rule,
                fault.detail_id,
                messages.rule_fix(fault.rule, "id"),
            ]
        )
    return rows


def write_workbook(
    path: Path, source_file: str, faults: Sequence[Fault], specs: dict[str, TableSpec]
) -> None:
    """One file's error workbook: a title block, then a row per fault."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Kesalahan"
    rejected = any(f.kind == "rejected" for f in faults)
    quarantined = sum(f.kind == "quarantined" for f in faults)
    warned = sum(f.kind == "warning" for f in faults)
    sheet.append([messages.text("errorbook_title", "id", file=printable(source_file))])
    sheet["A1"].font = Font(bold=True, size=13)
    if rejected:
        status = messages.text("errorbook_status_rejected", "id")
    else:
        parts = []
        if quarantined:
            rows = messages.number(quarantined, "id")
            parts.append(messages.text("errorbook_status_rows", "id", rows=rows))
        if warned:
            rows = messages.number(warned, "id")
            parts.append(messages.text("errorbook_status_warnings", "id", rows=rows))
        status = " ".join(parts)
    sheet.append([status])
    sheet.append([messages.text("errorbook_how", "id")])
    sheet.append([])
    sheet.append(list(HEADERS))
    for cell in sheet[5]:
        cell.font = Font(bold=True)
    for row in _sheet_rows(faults, specs):
        sheet.append(row)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=6):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A6"
    sheet.auto_filter.ref = f"A5:{get_column_letter(len(HEADERS))}{max(sheet.max_row, 5)}"
    sheet.print_title_rows = "5:5"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    book.save(partial)
    partial.replace(path)


def workbook_path(folder: Path, fault: Fault) -> Path:
    """``<folder>/<feed>/<file name>.xlsx``: the file's own name, then .xlsx."""
    return folder / fault.feed / f"{Path(fault.source_file).name}.xlsx"


def write_error_workbooks(
    con: duckdb.DuckDBPyConnection, folder: Path, specs: Sequence[TableSpec]
) -> list[Path]:
    """Write the error workbook of every file with a fault into ``folder`` (made anew)."""
    by_table = {spec.table: spec for spec in specs}
    faults = fault_rows(con)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    by_file: dict[tuple[str, str], list[Fault]] = {}
    for fault in faults:
        by_file.setdefault((fault.feed, fault.source_file), []).append(fault)
    written = []
    for (_, source_file), file_faults in sorted(by_file.items()):
        # A workbook feeding two tables has one error workbook: the first table's rejection
        # says it all, and its rows are told apart by their columns.
        rejected = [f for f in file_faults if f.kind == "rejected"]
        shown = rejected[:1] + [f for f in file_faults if f.kind != "rejected"]
        path = workbook_path(folder, shown[0])
        write_workbook(path, source_file, shown, by_table)
        written.append(path)
    return written
