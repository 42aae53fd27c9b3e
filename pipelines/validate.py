"""``python -m pipelines validate``: check a raw directory against the contract.

Every file is read, parsed and validated exactly as a refresh would, into a
throwaway DuckDB file in a temporary folder, with a throwaway pseudonym key:
nothing is loaded into a warehouse, nothing is published, and the
operator's key is not needed. Unlike a refresh, which stops at the first
file it must reject, validation goes on and lists every rejected file with
its rule, then the summary a refresh would print (rows that would load,
rows that would be quarantined, the first row to fix of each file).

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

from pipelines.defs.feeds.specs import FEEDS
from pipelines.lib import messages, summary
from pipelines.lib.errors import FeedFileError
from pipelines.lib.ingest import AUDIT_DDL, discover_files, load_table, read_file
from pipelines.lib.removals import RawDirectoryError, require_raw_directory


def check_files(raw_dir: Path, con: duckdb.DuckDBPyConnection) -> tuple[list[FeedFileError], int]:
    """Load ``raw_dir``'s files into ``con`` as a refresh would; the files it would reject,
    and how many it takes."""
    errors: list[FeedFileError] = []
    specs = [spec for specs in FEEDS.values() for spec in specs]
    found = discover_files(raw_dir, specs, errors=errors)
    key = secrets.token_bytes(32)  # throwaway: no pseudonym outlives the check
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    con.execute(AUDIT_DDL)
    taken = set()
    for spec in specs:
        good = []
        for path in found[spec.table]:
            try:
                read_file(spec, path, raw_dir)  # name, format, sheet and header
            except FeedFileError as error:
                errors.append(error)
                continue
            good.append(path)
        try:
            load_table(con, spec, good, raw_dir, key, now)
        except FeedFileError as error:  # a rule of the whole table
            errors.append(error)
            continue
        taken.update(good)
    return errors, len(taken)


def validate_raw_directory(raw_dir: Path, lang: str) -> int:
    """Print what a refresh of ``raw_dir`` would reject, load and quarantine."""
    try:
        require_raw_directory(raw_dir)
    except RawDirectoryError as error:
        print(error, file=sys.stderr)
        return 1
    with (
        tempfile.TemporaryDirectory(prefix="bp3mi-validate-") as folder,
        closing(duckdb.connect(str(Path(folder) / "validate.duckdb"))) as con,
    ):
        errors, files = check_files(raw_dir, con)
        print(summary.render(con, lang))
        rows = summary.rows_quarantined(con)
    print()
    num = lambda value: messages.number(value, lang)  # noqa: E731
    if errors:
        print(messages.text("validate_rejected", lang, count=num(len(errors))), file=sys.stderr)
        for error in errors:
            print(f"- {error.text(lang)}", file=sys.stderr)
            print(f"  -> {messages.rule_text(error.rule, lang)}", file=sys.stderr)
            if fix := messages.rule_fix(error.rule, lang):
                print(f"  -> {messages.text('how_to_fix', lang, fix=fix)}", file=sys.stderr)
        return 1
    print(messages.text("validate_ok", lang, files=num(files), rows=num(rows)))
    return 0
