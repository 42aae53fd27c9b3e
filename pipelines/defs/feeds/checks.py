"""The feed step's non-blocking checks: files rejected whole, rows in quarantine.

Neither stops the refresh: a rejected file or a quarantined row is the
file's fault, not the night's. Their metadata is what the operator reads in
Dagster's UI, in Bahasa Indonesia: each rejected file with its rule and how
to fix it, and the first rows to fix of each table, as tables.
"""

from __future__ import annotations

import dagster as dg
import duckdb

from pipelines.lib import messages
from pipelines.lib.errorbook import fault_rows
from pipelines.lib.ingest import TableSpec

# Rows of quarantine shown in a check's metadata; the error workbook has them all.
ROWS_SHOWN = 20

_FAULT_COLUMNS = [
    ("berkas", "string"),
    ("baris", "int"),
    ("kolom", "string"),
    ("aturan", "string"),
    ("keterangan", "string"),
    ("cara_memperbaiki", "string"),
]


def _table(rows: list[dict]) -> dg.MetadataValue:
    return dg.MetadataValue.table(
        records=[dg.TableRecord(row) for row in rows],
        schema=dg.TableSchema(columns=[dg.TableColumn(n, t) for n, t in _FAULT_COLUMNS]),
    )


def _record(fault) -> dict:
    lang = messages.DEFAULT_LANGUAGE
    return {
        "berkas": fault.source_file,
        "baris": fault.row if fault.row is not None else 0,
        "kolom": fault.column or "",
        "aturan": messages.rule_text(fault.rule, lang),
        "keterangan": fault.detail_id,
        "cara_memperbaiki": messages.rule_fix(fault.rule, lang),
    }


def rejected_files_result(
    con: duckdb.DuckDBPyConnection, spec: TableSpec, key: dg.AssetKey, name: str
) -> dg.AssetCheckResult:
    """Fails (severity ERROR, not blocking) while a file of the table is rejected."""
    faults = fault_rows(con, table=spec.table, kinds=("rejected",))
    return dg.AssetCheckResult(
        asset_key=key,
        check_name=name,
        passed=not faults,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            messages.text("check_files_rejected", messages.DEFAULT_LANGUAGE, count=len(faults))
            if faults
            else None
        ),
        metadata={"berkas_ditolak": len(faults), "daftar": _table([_record(f) for f in faults])},
    )


def rows_result(
    con: duckdb.DuckDBPyConnection, spec: TableSpec, key: dg.AssetKey, name: str, kind: str
) -> dg.AssetCheckResult:
    """Warns (not blocking) while rows of the table are in quarantine (``kind``
    ``quarantined``) or carry a spelling their list does not know (``warning``); the first
    rows to fix, in the error workbook's words."""
    table = {"quarantined": "audit.quarantine", "warning": "audit.value_warnings"}[kind]
    count = con.execute(f"select count(*) from {table} where table_name = ?", [spec.table])
    total = count.fetchall()[0][0]
    faults = fault_rows(con, table=spec.table, kinds=(kind,), limit=ROWS_SHOWN)
    return dg.AssetCheckResult(
        asset_key=key,
        check_name=name,
        passed=total == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"baris": total, "baris_pertama": _table([_record(f) for f in faults])},
    )
