"""What is late: the overdue deliveries of ``marts.fct_deliveries``, said and written down.

A delivery is overdue when its feed is not optional, no version of its file is loaded
(missing, or only rejected) and its due date (``due_date``: the settings
``DUE_DAYS_*``, passed to dbt) is before the reference date the marts were built for.
dbt judges it (``is_overdue``); this module reads the judgement:

- :func:`summary_lines`: a line per office in the refresh's summary, naming the files to
  send (:func:`expected_file`, which the dashboard uses too), or a line saying nothing is
  late;
- :func:`write_file`: ``terlambat.json`` beside the warehouse, for a monitoring system,
  written by every nightly run, the runs with nothing to do included;
- :func:`next_due_date`: the first due date still ahead, after which the nightly refresh
  has work although no file changed (``pipelines/unchanged.py``).

docs/operations.md, "Due dates" and "What is late".
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import defaultdict
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import duckdb
from babel.dates import format_date

from pipelines.contract.specs import TABLES
from pipelines.lib import messages
from pipelines.lib.filenames import file_name_pattern
from pipelines.lib.i18n import LOCALES
from pipelines.lib.indonesian import WIB
from pipelines.lib.warehouse import table_exists

# The file a monitoring system reads, beside the published warehouse.
FILE_NAME = "terlambat.json"
FILE_VERSION = 1
# The summary names at most this many files per office; the rest are counted, and listed
# in terlambat.json and on the dashboard.
SHOWN_PER_OFFICE = 4
SPECS = {spec.table: spec for spec in TABLES}


@dataclass(frozen=True)
class OverdueDelivery:
    """One delivery past its due date (a row of ``marts.fct_deliveries``)."""

    office_code: str
    year: int
    feed: str
    table_name: str
    period: int | None
    period_kind: str
    status: str
    due_date: dt.date


def _judged(con: duckdb.DuckDBPyConnection) -> bool:
    """The warehouse has the overdue judgement (a mart built by this code)."""
    if not table_exists(con, "marts", "fct_deliveries"):
        return False
    columns = con.execute(
        "select count(*) from information_schema.columns where table_schema = 'marts' "
        "and table_name = 'fct_deliveries' and column_name in ('due_date', 'is_overdue')"
    ).fetchall()[0][0]
    return columns == 2


def overdue_deliveries(con: duckdb.DuckDBPyConnection) -> list[OverdueDelivery]:
    """Every overdue delivery, by office, year, the order of the feeds and period."""
    if not _judged(con):
        return []
    names = ", ".join(field.name for field in fields(OverdueDelivery))
    cursor = con.execute(
        f"select {names} from marts.fct_deliveries where is_overdue "
        "order by office_code, year, table_order, period"
    )
    columns = [column[0] for column in cursor.description]
    return [OverdueDelivery(**dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]


def reference_date(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The day the marts judged lateness on (None: no judgement)."""
    if not _judged(con):
        return None
    return con.execute("select max(reference_date) from marts.fct_deliveries").fetchall()[0][0]


def next_due_date(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The earliest due date of a delivery owed and not yet overdue (None: none)."""
    if not _judged(con):
        return None
    return con.execute(
        "select min(due_date) from marts.fct_deliveries "
        "where not is_overdue and not is_optional and status <> 'delivered'"
    ).fetchall()[0][0]


def period_text(delivery: OverdueDelivery, lang: str) -> str:
    """The period as a clerk names it: ``Februari 2025`` for a month, ``2025`` otherwise."""
    if delivery.period_kind == "month" and delivery.period:
        first = dt.date(delivery.year, delivery.period, 1)
        return format_date(first, "LLLL y", locale=LOCALES[lang])
    return str(delivery.year)


def item_text(delivery: OverdueDelivery, lang: str) -> str:
    """One overdue delivery in ``lang``: ``penempatan Februari 2025 (batas 10 Maret 2025)``."""
    key = "overdue_item_rejected" if delivery.status == "rejected" else "overdue_item"
    due = format_date(delivery.due_date, "long", locale=LOCALES[lang])
    period = period_text(delivery, lang)
    return messages.text(key, lang, table=delivery.table_name, period=period, due=due)


def expected_file(delivery: OverdueDelivery) -> str:
    """The file the delivery awaits, as the clerk names it: ``penempatan/penempatan_TESTB_
    2026-02.csv`` (the feed's folder and its declared name, ``pipelines/contract``)."""
    spec = SPECS[delivery.table_name]
    name = file_name_pattern(spec.prefix, spec.period, spec.ext).replace(
        "<OFFICE>", delivery.office_code
    )
    if delivery.period_kind == "month" and delivery.period:
        name = name.replace("<YYYY-MM>", f"{delivery.year}-{delivery.period:02d}")
    name = name.replace("<YYYY>", str(delivery.year))
    return f"{spec.feed}/{name}"


def file_item_text(delivery: OverdueDelivery, lang: str) -> str:
    """One overdue delivery as the file to send, in ``lang``:
    ``penempatan/penempatan_TESTC_2025-02.csv (batas 10 Maret 2025)``."""
    key = "overdue_file_rejected" if delivery.status == "rejected" else "overdue_file"
    due = format_date(delivery.due_date, "long", locale=LOCALES[lang])
    return messages.text(key, lang, file=expected_file(delivery), due=due)


def office_line(
    office: str, late: list[OverdueDelivery], lang: str, shown: int = SHOWN_PER_OFFICE
) -> str:
    """An office's overdue files, the first ``shown`` named, the rest counted:
    ``  TESTC: a.csv (batas ...); b.csv (batas ...); dan 12 lainnya: lihat ...``."""
    items = [file_item_text(delivery, lang) for delivery in late[:shown]]
    rest = len(late) - shown
    if rest > 0:
        count = messages.number(rest, lang)
        items.append(messages.text("overdue_more", lang, count=count, file=FILE_NAME))
    return f"  {office}: " + "; ".join(items)


def _expects_deliveries(con: duckdb.DuckDBPyConnection) -> bool:
    """The warehouse expects a delivery of a feed that is not optional."""
    return con.execute(
        "select count(*) > 0 from marts.fct_deliveries where not is_optional"
    ).fetchall()[0][0]


def jakarta_today() -> dt.date:
    """The day in Jakarta now."""
    return dt.datetime.now(WIB).date()


def summary_lines(
    con: duckdb.DuckDBPyConnection,
    lang: str,
    today: dt.date | None = None,
    shown: int = SHOWN_PER_OFFICE,
) -> list[str]:
    """The overdue deliveries in ``lang`` as of ``today`` (by default the day the marts
    judged on): a heading, then a line per office naming the files to send (at most
    ``shown``, the rest counted). None overdue: a line saying so, if the
    warehouse expects deliveries at all (else [])."""
    if not _judged(con):
        return []
    day = format_date(today or reference_date(con), "long", locale=LOCALES[lang])
    overdue = overdue_deliveries(con)
    if not overdue:
        if not _expects_deliveries(con):
            return []
        return [messages.text("overdue_none", lang, date=day)]
    by_office: dict[str, list[OverdueDelivery]] = defaultdict(list)
    for delivery in overdue:
        by_office[delivery.office_code].append(delivery)
    count = messages.number(len(overdue), lang)
    lines = [messages.text("overdue_heading", lang, count=count, date=day)]
    lines += [office_line(office, late, lang, shown) for office, late in by_office.items()]
    return lines


def file_path(warehouse: Path) -> Path:
    """``terlambat.json`` beside the published ``warehouse``."""
    return warehouse.parent / FILE_NAME


def report(con: duckdb.DuckDBPyConnection, today: dt.date | None = None) -> dict:
    """What :func:`write_file` writes: the overdue deliveries as of ``today`` (by default
    the day the marts judged them on)."""
    judged = reference_date(con)
    today = today or judged
    overdue = overdue_deliveries(con)
    offices: dict[str, int] = defaultdict(int)
    for delivery in overdue:
        offices[delivery.office_code] += 1
    return {
        "version": FILE_VERSION,
        "reference_date": today.isoformat() if today else None,
        "judged_on": judged.isoformat() if judged else None,
        "overdue_count": len(overdue),
        "offices": dict(offices),
        "overdue": [
            {
                **asdict(delivery),
                "due_date": delivery.due_date.isoformat(),
                "days_overdue": (today - delivery.due_date).days if today else None,
            }
            for delivery in overdue
        ],
    }


def write_file(
    con: duckdb.DuckDBPyConnection, warehouse: Path, today: dt.date | None = None
) -> Path:
    """Write ``terlambat.json`` beside ``warehouse`` in one rename (a reader never sees
    half a file), with the time it was written (UTC); return its path."""
    path = file_path(warehouse)
    written_at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    document = {**report(con, today), "written_at": written_at}
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
        os.replace(partial, path)
    except BaseException:  # a full disk: no half file is left
        partial.unlink(missing_ok=True)
        raise
    return path


def write_for(warehouse: Path, today: dt.date | None = None) -> Path | None:
    """:func:`write_file` from the published ``warehouse`` as of ``today`` (by default the
    day in Jakarta now), for a night with nothing to do: no due date has passed since the
    marts judged (``pipelines/unchanged.py``), so their overdue deliveries are today's.
    None when there is no warehouse, or its folder refuses the file."""
    if not warehouse.is_file():
        return None
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return write_file(con, warehouse, today or jakarta_today())
    except OSError:  # a full disk, a read-only folder: the next night writes it
        return None
