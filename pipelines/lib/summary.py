"""The summary a refresh or a validation prints: per feed, and the rows to fix.

Read from the warehouse's own audit tables (the ledger and the quarantine),
so that what is printed is what is stored. Tables are laid out by
``tabulate``; numbers and words follow the chosen language
(:mod:`pipelines.lib.messages`). No cell value is printed: a row to fix is
named by its file, row number, column and rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from pathlib import Path

import duckdb
from tabulate import tabulate

from pipelines.lib import messages, overdue
from pipelines.lib.errorbook import fault_rows
from pipelines.lib.errors import printable
from pipelines.lib.indonesian import format_datetime
from pipelines.lib.rawscan import unread_subfolders
from pipelines.lib.warehouse import table_exists

# At most this many files are listed with their first row to fix; the rest are counted.
MAX_FILES_LISTED = 20


@dataclass(frozen=True)
class FeedCounts:
    feed: str
    files: int
    rows_loaded: int
    rows_quarantined: int


@dataclass(frozen=True)
class FirstBadRow:
    source_file: str
    rows_quarantined: int
    row: int
    column: str | None
    rule: str


def feed_counts(con: duckdb.DuckDBPyConnection) -> list[FeedCounts]:
    """Files and rows of every feed, from the ledger's current files."""
    if not table_exists(con, "audit", "file_ledger"):
        return []
    rows = con.execute(
        """
        select feed, count(distinct source_file), sum(rows_loaded), sum(rows_quarantined)
        from audit.file_ledger where status = 'current' group by feed order by feed
        """
    ).fetchall()
    return [FeedCounts(feed, files, int(loaded), int(quarantined)) for feed, files, loaded,
            quarantined in rows]  # fmt: skip


def first_bad_rows(con: duckdb.DuckDBPyConnection) -> list[FirstBadRow]:
    """For every file with quarantined rows: how many, and the first with its rule."""
    if not table_exists(con, "audit", "quarantine"):
        return []
    rows = con.execute(
        """
        select source_file, count(*) over (partition by source_file), source_row,
            column_name, rule
        from audit.quarantine
        qualify row_number() over (partition by source_file order by source_row, rule) = 1
        order by source_file
        """
    ).fetchall()
    return [FirstBadRow(*row) for row in rows]


def rejected_lines(con: duckdb.DuckDBPyConnection, lang: str) -> list[str]:
    """Every file rejected now, with its rule and why, in ``lang`` (nothing when none is)."""
    if not table_exists(con, "audit", "file_ledger"):
        return []
    rejected = fault_rows(con, kinds=("rejected",))
    if not rejected:
        return []
    lines = [messages.text("rejected_files", lang)]
    seen = set()
    for fault in rejected:
        if fault.source_file in seen:  # a workbook feeding two tables is named once
            continue
        seen.add(fault.source_file)
        row = fault.row
        where = f", {messages.text('row', lang)} {row}" if row is not None else ""
        why = fault.detail_id if lang == "id" and fault.detail_id else fault.detail
        lines.append(f"- {printable(fault.source_file)}{where}: {why}")
        fix = messages.rule_fix(fault.rule, lang) or messages.rule_text(fault.rule, lang)
        lines.append(f"  -> {fix}")
    return lines


def extra_column_lines(con: duckdb.DuckDBPyConnection, lang: str) -> list[str]:
    """Every file read now with columns the contract does not know, which were ignored (a
    clerk's CATATAN column beside the form's: its text is read nowhere), one line each."""
    if not table_exists(con, "audit", "file_ledger"):
        return []
    files = con.execute(
        """
        select source_file, list_sort(list_distinct(flatten(list(extra_columns))))
        from audit.file_ledger
        where status = 'current' and len(coalesce(extra_columns, [])) > 0
        group by source_file order by source_file
        """
    ).fetchall()
    if not files:
        return []
    return [
        messages.text("extra_columns", lang),
        *(f"- {printable(path)}: {', '.join(map(printable, columns))}" for path, columns in files),
    ]


def rejected_count(con: duckdb.DuckDBPyConnection) -> int:
    """Files rejected now (a workbook feeding two tables counted once)."""
    if not table_exists(con, "audit", "file_ledger"):
        return 0
    return con.execute(
        "select count(distinct source_file) from audit.file_ledger where status = 'rejected'"
    ).fetchall()[0][0]


def render(con: duckdb.DuckDBPyConnection, lang: str) -> str:
    """The summary table, the files rejected, the deliveries overdue (pipelines/lib/overdue.py),
    then the first row to fix of each file."""
    counts = feed_counts(con)
    say = lambda key: messages.text(key, lang)  # noqa: E731
    num = lambda value: messages.number(value, lang)  # noqa: E731
    table = [[c.feed, num(c.files), num(c.rows_loaded), num(c.rows_quarantined)] for c in counts]
    table.append(
        [
            say("total"),
            num(sum(c.files for c in counts)),
            num(sum(c.rows_loaded for c in counts)),
            num(sum(c.rows_quarantined for c in counts)),
        ]
    )
    headers = [say("feed"), say("files"), say("loaded"), say("quarantined")]
    # the numbers are text already ("2.000"): tabulate must not read them as numbers again
    lines = [
        tabulate(
            table,
            headers=headers,
            colalign=("left", "right", "right", "right"),
            disable_numparse=True,
        )
    ]
    if rejected := rejected_lines(con, lang):
        lines += ["", *rejected]
    if extra := extra_column_lines(con, lang):
        lines += ["", *extra]
    if warned := rows_warned(con):
        rows = messages.number(warned, lang)
        lines += ["", messages.text("summary_warnings", lang, rows=rows)]
    if late := overdue.summary_lines(con, lang):
        lines += ["", *late]
    bad = first_bad_rows(con)
    if bad:
        lines += ["", say("first_bad_rows")]
        listed = [
            [
                printable(row.source_file),
                num(row.rows_quarantined),
                f"{say('row')} {row.row}",
                row.column or "",
                messages.rule_text(row.rule, lang),
            ]
            for row in bad[:MAX_FILES_LISTED]
        ]
        headers = [say(key) for key in ("file", "quarantined", "first_row", "column", "rule")]
        lines.append(
            tabulate(
                listed,
                headers=headers,
                tablefmt="plain",
                colalign=("left", "right"),
                disable_numparse=True,
            )
        )
        if len(bad) > MAX_FILES_LISTED:
            lines.append(messages.text("more_files", lang, count=len(bad) - MAX_FILES_LISTED))
    return "\n".join(lines)


def rows_quarantined(con: duckdb.DuckDBPyConnection) -> int:
    """Rows in quarantine in all."""
    if not table_exists(con, "audit", "quarantine"):
        return 0
    return con.execute("select count(*) from audit.quarantine").fetchall()[0][0]


def rows_warned(con: duckdb.DuckDBPyConnection) -> int:
    """Rows loaded with a spelling their reference list does not know."""
    if not table_exists(con, "audit", "value_warnings"):
        return 0
    return con.execute("select count(*) from audit.value_warnings").fetchall()[0][0]


# --- the lake (WAREHOUSE_URL): the publish a run made into it, or that it is behind ---


@dataclass(frozen=True)
class LakeRecord:
    """A publish into a lake, as the warehouse recorded it (``audit.lake_publish_log``)."""

    run_id: str
    published_at: dt.datetime
    lake: str
    snapshot_id: int
    tables_written: int
    rows_written: int


def last_lake_publish(con: duckdb.DuckDBPyConnection) -> LakeRecord | None:
    """The warehouse's last publish into a lake, or None if it never published into one."""
    if not table_exists(con, "audit", "lake_publish_log"):
        return None
    columns = ", ".join(field.name for field in fields(LakeRecord))
    rows = con.execute(
        f"select {columns} from audit.lake_publish_log order by published_at desc limit 1"
    ).fetchall()
    return LakeRecord(*rows[0]) if rows else None


def lake_published(con: duckdb.DuckDBPyConnection, run_id: str, lang: str) -> str | None:
    """The line naming the lake publish ``run_id`` made: snapshot, tables, rows; or None."""
    last = last_lake_publish(con)
    if last is None or last.run_id != run_id:
        return None
    return messages.text(
        "lake_published",
        lang,
        lake=last.lake,
        snapshot=last.snapshot_id,
        tables=messages.number(last.tables_written, lang),
        rows=messages.number(last.rows_written, lang),
    )


def lake_behind(con: duckdb.DuckDBPyConnection, run_id: str, lang: str) -> str | None:
    """The warning that the lake this warehouse published into before does not hold its
    publish ``run_id`` (a refresh without ``WAREHOUSE_URL``), with how to catch it up;
    None if the warehouse never published into a lake, or the lake holds ``run_id``."""
    last = last_lake_publish(con)
    if last is None or last.run_id == run_id:
        return None
    return messages.text(
        "lake_behind",
        lang,
        lake=last.lake,
        at=format_datetime(last.published_at, lang),
        snapshot=last.snapshot_id,
    )


def unread_subfolder_lines(raw_dir: Path, lang: str) -> list[str]:
    """A line per subfolder of a feed folder, whose files a refresh does not read
    (:func:`pipelines.lib.rawscan.unread_subfolders`)."""
    from pipelines.contract.specs import TABLES

    found = unread_subfolders(raw_dir, {spec.feed for spec in TABLES})
    return [messages.text("not_read", lang, what=folder.text()) for folder in found]
