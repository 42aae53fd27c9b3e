"""``python -m pipelines validate``: check a raw directory against the contract.

Every file is read, parsed and validated exactly as a refresh would, into a
throwaway DuckDB file in a temporary folder, with a throwaway pseudonym key:
nothing is loaded into a warehouse, nothing is published, and the
operator's key is not needed. It prints the summary a refresh would print
(rows that would load, rows that would be quarantined, every file that
would be rejected with its rule), then every faulty row, and writes the
error workbooks (:mod:`pipelines.lib.errorbook`) of the files checked into
``validasi/kesalahan/`` beside the warehouse (``--errors-dir``): the clerk
opens them next to the raw files.

Exit status: 0 when no file would be rejected (rows may still be
quarantined), 1 when some file would be, or the directory is missing.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import duckdb

from pipelines.contract.specs import FEEDS, TABLES
from pipelines.lib import messages, summary
from pipelines.lib.errorbook import fault_rows, write_error_workbooks
from pipelines.lib.errors import FeedFileError, printable
from pipelines.lib.ingest import AUDIT_DDL, discover_deliveries, load_table
from pipelines.lib.ledger import reconcile
from pipelines.lib.removals import RawDirectoryError, require_raw_directory


def check_files(
    raw_dir: Path,
    con: duckdb.DuckDBPyConnection,
    *,
    follow_symlinks: bool,
    xlsx_max_uncompressed_mb: int,
) -> int:
    """Load ``raw_dir``'s files into ``con`` as a refresh would, with the refresh's settings
    (``RAW_FOLLOW_SYMLINKS``, ``XLSX_MAX_UNCOMPRESSED_MB``); how many it takes. The files
    it rejects are in ``con``'s ledger (status ``rejected``), as a refresh records them."""
    specs = [spec for specs in FEEDS.values() for spec in specs]
    found, refused = discover_deliveries(raw_dir, specs, follow_symlinks=follow_symlinks)
    key = secrets.token_bytes(32)  # throwaway: no pseudonym outlives the check
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    con.execute(AUDIT_DDL)
    for spec in specs:
        load_table(
            con, spec, found[spec.table], raw_dir, key, now, refused[spec.table],
            xlsx_max_uncompressed_mb=xlsx_max_uncompressed_mb,
        )  # fmt: skip
    return con.execute(
        "select count(distinct source_file) from audit.file_ledger where status = 'current'"
    ).fetchall()[0][0]


def every_row(con: duckdb.DuckDBPyConnection, lang: str) -> str:
    """Every faulty row of every file, one line each: file, row, column, what is wrong."""
    lines = [messages.text("validate_every_row", lang)]
    for fault in fault_rows(con, kinds=("quarantined",)):
        why = fault.detail_id if lang == "id" else fault.detail
        column = f", {fault.column}" if fault.column else ""
        lines.append(
            f"- {printable(fault.source_file)}, {messages.text('row', lang)} {fault.row}"
            f"{column}: {why}"
        )
    return "\n".join(lines) if len(lines) > 1 else ""


def validate_raw_directory(
    raw_dir: Path,
    lang: str,
    errors_dir: Path | None = None,
    *,
    follow_symlinks: bool,
    xlsx_max_uncompressed_mb: int,
) -> int:
    """Print what a refresh of ``raw_dir`` would reject, load and quarantine, reading it as
    the refresh does (``follow_symlinks``, ``xlsx_max_uncompressed_mb``: the settings); write
    the error workbooks into ``errors_dir`` when given."""
    try:
        require_raw_directory(raw_dir)
        with (
            tempfile.TemporaryDirectory(prefix="bp3mi-validate-") as folder,
            closing(duckdb.connect(str(Path(folder) / "validate.duckdb"))) as con,
        ):
            files = check_files(
                raw_dir,
                con,
                follow_symlinks=follow_symlinks,
                xlsx_max_uncompressed_mb=xlsx_max_uncompressed_mb,
            )
            print(summary.render(con, lang))
            for line in summary.unread_subfolder_lines(raw_dir, lang):
                print(line)
            if listing := every_row(con, lang):
                print()
                print(listing)
            rows = summary.rows_quarantined(con)
            lost = [m for spec in TABLES for m in reconcile(con, spec.table)]
            rejected = summary.rejected_count(con)
            written = (
                write_error_workbooks(con, errors_dir, TABLES) if errors_dir is not None else []
            )
    except (RawDirectoryError, FeedFileError) as error:  # the directory, a feed folder
        print(messages.error_text(error, lang), file=sys.stderr)
        return 1
    print()
    num = lambda value: messages.number(value, lang)  # noqa: E731
    if written:
        print(messages.text("error_workbooks", lang, path=errors_dir))
    for name, read, loaded, quarantined in lost:  # checked as a refresh checks it
        print(
            messages.text(
                "validate_unreconciled", lang, file=printable(name), read=num(read),
                kept=num(loaded + quarantined),
            ),
            file=sys.stderr,
        )  # fmt: skip
    if lost:
        return 1
    if rejected:
        print(messages.text("validate_rejected", lang, count=num(rejected)), file=sys.stderr)
        return 1
    print(messages.text("validate_ok", lang, files=num(files), rows=num(rows)))
    return 0
