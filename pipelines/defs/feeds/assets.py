"""One Dagster step per raw feed, an asset per raw table, and a blocking check on each.

The check runs in the feed's own step, right after its tables are loaded: a
step of its own per check cost Dagster's fixed cost per step twelve times
(about a second of every refresh) for a count that takes milliseconds.
"""

import datetime as dt
import time

import dagster as dg
import duckdb

from pipelines.contract.specs import FEEDS
from pipelines.defs.failures import told_to_the_operator
from pipelines.defs.feeds.checks import rejected_files_result, rows_result
from pipelines.defs.feeds.inventory import INVENTORY_KEY
from pipelines.lib.ingest import (
    AUDIT_DDL,
    TableLoad,
    TableSpec,
    discover_deliveries,
    load_table,
)
from pipelines.lib.keyguard import require_recorded_key
from pipelines.lib.ledger import reconcile
from pipelines.lib.pseudonym import pseudonym_key
from pipelines.lib.resources import RawDirectory, Warehouse

GROUP = "raw_feeds"


def _description(spec: TableSpec) -> str:
    return (
        f"{spec.description} Read from `{spec.feed}/{spec.prefix}_*` in the raw directory, "
        "validated row by row against the raw-feed contract and loaded into "
        f"`raw.{spec.table}`. Rows that break a rule are kept in `audit.quarantine` with "
        "their reason; every file is listed in `audit.file_ledger`. A delivery whose files "
        "are all unchanged is not read again. Names and NIK are stored only as keyed "
        "pseudonyms."
    )


def table_key(spec: TableSpec) -> dg.AssetKey:
    """The asset key of a raw table: ``raw/<table>``, as dbt's sources name it."""
    return dg.AssetKey(["raw", spec.table])


def build_feed_asset(feed: str, specs: tuple[TableSpec, ...]) -> dg.AssetsDefinition:
    """One step per feed that loads all of the feed's tables (each office in a transaction).

    Long because the decorator declares the step's assets and blocking checks, and the
    step reports on each table it loaded; the loading itself is ``load_table``.
    """

    @dg.multi_asset(
        name=f"raw_{feed}",
        specs=[
            dg.AssetSpec(
                table_key(spec),
                group_name=GROUP,
                description=_description(spec),
                kinds={"python", "duckdb"},
                metadata={"feed": feed, "table": f"raw.{spec.table}"},
                deps=[INVENTORY_KEY],
            )
            for spec in specs
        ],
        check_specs=[
            check
            for spec in specs
            for check in (
                dg.AssetCheckSpec(
                    RECONCILE_CHECK,
                    asset=table_key(spec),
                    blocking=True,
                    description=RECONCILE_DESCRIPTION,
                ),
                dg.AssetCheckSpec(
                    FILES_CHECK,
                    asset=table_key(spec),
                    description=FILES_DESCRIPTION,
                ),
                dg.AssetCheckSpec(
                    ROWS_CHECK,
                    asset=table_key(spec),
                    description=ROWS_DESCRIPTION,
                ),
                dg.AssetCheckSpec(
                    VALUES_CHECK,
                    asset=table_key(spec),
                    description=VALUES_DESCRIPTION,
                ),
            )
        ],
    )
    def _feed_asset(
        context: dg.AssetExecutionContext, warehouse: Warehouse, raw_files: RawDirectory
    ):
        raw_dir = raw_files.root()
        with told_to_the_operator():  # a feed folder gone since raw_files checked it
            files, refused = discover_deliveries(
                raw_dir, specs, follow_symlinks=raw_files.follow_symlinks
            )
        started = time.monotonic()
        count = sum(len(found) for found in files.values())
        context.log.info(f"ingest {feed}: {count} file(s) in {raw_dir / feed}")
        with told_to_the_operator():
            key = pseudonym_key(warehouse.key_source())
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        loads: list[TableLoad] = []
        with warehouse.connect(context.run_id) as con:
            con.execute(AUDIT_DDL)
            with told_to_the_operator():  # the key file changed since raw_files checked it
                require_recorded_key(con, key, warehouse.key_source())
            for spec in specs:
                load = load_table(
                    con, spec, files[spec.table], raw_dir, key, now, refused[spec.table],
                    xlsx_max_uncompressed_mb=raw_files.xlsx_max_uncompressed_mb,
                )  # fmt: skip
                loads.append(load)
            checks = [
                result
                for spec in specs
                for result in (
                    _reconcile_result(con, spec),
                    rejected_files_result(con, spec, table_key(spec), FILES_CHECK),
                    rows_result(con, spec, table_key(spec), ROWS_CHECK, "quarantined"),
                    rows_result(con, spec, table_key(spec), VALUES_CHECK, "warning"),
                )
            ]
        for spec, load in zip(specs, loads, strict=True):
            _log_problems(context, load)
            context.log.info(
                f"ingest {feed}: raw.{spec.table} "
                + (
                    f"{len(load.files_read)} file(s) read, {len(load.files_removed)} removed, "
                    f"office(s) {', '.join(load.offices_reloaded)}"
                    if load.changed
                    else "unchanged"
                )
                + f"; {load.rows_loaded:,} row(s) loaded, {load.rows_quarantined:,} quarantined "
                f"({time.monotonic() - started:.1f} s)"
            )
            yield dg.MaterializeResult(
                asset_key=table_key(spec),
                metadata={
                    "changed": load.changed,
                    "offices_reloaded": dg.MetadataValue.json(load.offices_reloaded),
                    "files_read": dg.MetadataValue.json(load.files_read),
                    "files_removed": dg.MetadataValue.json(load.files_removed),
                    "files": dg.MetadataValue.json(load.files),
                    "rows_read": load.rows_read,
                    "rows_loaded": load.rows_loaded,
                    "rows_quarantined": load.rows_quarantined,
                    "files_rejected": load.files_rejected,
                    "raw_dir": dg.MetadataValue.path(str(raw_dir)),
                    # The feed's files, each counted once (a workbook may feed two tables).
                    "feed_files": len({path for paths in files.values() for path in paths}),
                },
            )
        # After every table's materialisation: a failure stops what depends on it.
        yield from checks

    return _feed_asset


def _log_problems(context: dg.AssetExecutionContext, load: TableLoad) -> None:
    for rejected in load.rejected:
        where = f", row {rejected.row}" if rejected.row is not None else ""
        context.log.warning(
            f"{rejected.source_file}{where}: REJECTED [{rejected.rule}] {rejected.detail}; "
            "the version accepted before it, if any, stays"
        )
    for report in load.reports:
        if report.extra_columns:
            context.log.warning(
                f"{report.source_file}: extra column(s) ignored: " + ", ".join(report.extra_columns)
            )
        if report.rows_quarantined:
            context.log.warning(
                f"{report.source_file}: {report.rows_quarantined} of {report.rows_read} "
                "row(s) quarantined; see audit.quarantine"
            )


FILES_CHECK = "files_accepted"
FILES_DESCRIPTION = (
    "No delivered file of the table is rejected whole (a missing column, an unreadable or "
    "oversized workbook, a wrong delimiter, undecodable text, a name that breaks the "
    "pattern). A rejected file does not stop the refresh: every other file is loaded and "
    "published, and the version accepted before it stays. The metadata lists each rejected "
    "file with its rule and how to fix it; the error workbook is under kesalahan/."
)
ROWS_CHECK = "rows_valid"
ROWS_DESCRIPTION = (
    "No row of the table's files is in quarantine. A quarantined row does not stop the "
    "refresh; the metadata lists the first rows to fix with their rule and how to fix them."
)
VALUES_CHECK = "values_known"
VALUES_DESCRIPTION = (
    "Every country, case type or other value that names an entry of a reference list is "
    "spelled as the list knows it. A row with an unknown spelling still counts; the metadata "
    "lists the first with the closest known spelling."
)
RECONCILE_CHECK = "rows_reconcile"
RECONCILE_DESCRIPTION = (
    "For every file of the table, rows read = rows loaded + rows quarantined, "
    "counted in the tables themselves. A failure stops the refresh."
)


def _reconcile_result(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> dg.AssetCheckResult:
    """Blocking: for every file, rows read = rows loaded + rows quarantined."""
    mismatches = reconcile(con, spec.table)
    return dg.AssetCheckResult(
        asset_key=table_key(spec),
        check_name=RECONCILE_CHECK,
        passed=not mismatches,
        metadata={
            "mismatched_files": dg.MetadataValue.json(
                [
                    {"file": f, "read": r, "loaded": lo, "quarantined": q}
                    for f, r, lo, q in mismatches
                ]
            )
        },
    )


feed_assets = [build_feed_asset(feed, specs) for feed, specs in FEEDS.items()]
