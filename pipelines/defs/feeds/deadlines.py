"""Are the raw tables' files in by their due dates? A check on every raw table, and the
file a monitoring system reads.

The check runs once the warehouse is published, on what was published: dbt has judged
each expected delivery against its due date (``marts.fct_deliveries.is_overdue``, the
settings ``DUE_DAYS_*``). It warns, never blocks: a late file is the office's to send,
not the night's to stop for. The same step writes ``terlambat.json`` beside the
warehouse (pipelines/lib/overdue.py). docs/operations.md, "What is late".
"""

from collections import defaultdict
from contextlib import closing

import dagster as dg
import duckdb

from pipelines.contract.specs import TABLES
from pipelines.defs.feeds.assets import table_key
from pipelines.defs.publish.assets import PUBLISHED_KEY
from pipelines.lib import messages, overdue
from pipelines.lib.resources import Warehouse

ON_TIME_CHECK = "delivered_on_time"
ON_TIME_DESCRIPTION = (
    "Every office's file of the table for each period is in by its due date (settings "
    "DUE_DAYS_MONTHLY, DUE_DAYS_ANNUAL, DUE_DAYS_STANDING, DUE_DAYS_BY_FEED): a file "
    "missing, or only rejected, past its due date fails it (a warning; the refresh goes "
    "on). The metadata lists the overdue deliveries; terlambat.json beside the warehouse "
    "lists them for every table."
)

_COLUMNS = [("kantor", "string"), ("tahun", "int"), ("periode", "string"),
            ("status", "string"), ("batas_waktu", "string")]  # fmt: skip


def _table(late: list[overdue.OverdueDelivery]) -> dg.MetadataValue:
    lang = messages.DEFAULT_LANGUAGE
    records = [
        dg.TableRecord(
            {
                "kantor": delivery.office_code,
                "tahun": delivery.year,
                "periode": overdue.period_text(delivery, lang),
                "status": delivery.status,
                "batas_waktu": delivery.due_date.isoformat(),
            }
        )
        for delivery in late
    ]
    schema = dg.TableSchema(columns=[dg.TableColumn(n, t) for n, t in _COLUMNS])
    return dg.MetadataValue.table(records=records, schema=schema)


@dg.multi_asset_check(
    name="deliveries_on_time",
    specs=[
        dg.AssetCheckSpec(
            ON_TIME_CHECK,
            asset=table_key(spec),
            additional_deps=[PUBLISHED_KEY],
            description=ON_TIME_DESCRIPTION,
        )
        for spec in TABLES
    ],
    # A run of some raw tables (the UI's or `dagster asset materialize --select`) selects
    # their checks alone: the publish then refuses the run, saying why.
    can_subset=True,
)
def deliveries_on_time(context: dg.AssetCheckExecutionContext, warehouse: Warehouse):
    """Warn on each raw table with an overdue delivery; write terlambat.json."""
    published = warehouse.published()
    with closing(duckdb.connect(str(published), read_only=True)) as con:
        late = overdue.overdue_deliveries(con)
        try:
            path = overdue.write_file(con, published)
            context.log.info(f"overdue deliveries: {len(late)}, written to {path}")
        except OSError as error:  # the publish is done: a file for monitoring fails nothing
            context.log.warning(f"{overdue.FILE_NAME} not written: {error}")
    by_table: dict[str, list[overdue.OverdueDelivery]] = defaultdict(list)
    for delivery in late:
        by_table[delivery.table_name].append(delivery)
    lang = messages.DEFAULT_LANGUAGE
    selected = context.selected_asset_check_keys
    for spec in TABLES:
        if dg.AssetCheckKey(table_key(spec), ON_TIME_CHECK) not in selected:
            continue
        mine = by_table.get(spec.table, [])
        yield dg.AssetCheckResult(
            asset_key=table_key(spec),
            check_name=ON_TIME_CHECK,
            passed=not mine,
            severity=dg.AssetCheckSeverity.WARN,
            description=messages.text("check_overdue", lang, count=len(mine)) if mine else None,
            metadata={"terlambat": len(mine), "daftar": _table(mine)},
        )
