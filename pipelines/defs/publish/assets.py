"""The file ledger as an asset, and the atomic publish of the warehouse."""

import datetime as dt
from collections.abc import Iterable

import dagster as dg

from pipelines.defs.feeds.assets import table_key
from pipelines.defs.feeds.specs import FEEDS
from pipelines.lib import publish
from pipelines.lib.ingest import AUDIT_DDL
from pipelines.lib.resources import Warehouse

LEDGER_KEY = dg.AssetKey(["audit", "file_ledger"])
QUARANTINE_KEY = dg.AssetKey(["audit", "quarantine"])
PUBLISHED_KEY = dg.AssetKey(["warehouse", "published"])

# A DuckDB lock held for a moment by another program, or a slow disk, can pass.
TRANSIENT_RETRY = dg.RetryPolicy(max_retries=2, delay=10, backoff=dg.Backoff.EXPONENTIAL)

RAW_KEYS = [table_key(spec) for specs in FEEDS.values() for spec in specs]


@dg.multi_asset(
    name="audit_ledger",
    specs=[
        dg.AssetSpec(
            LEDGER_KEY,
            group_name="audit",
            deps=RAW_KEYS,
            description="Every raw file seen, per table and version (SHA-256): current, "
            "replaced by a restatement, or removed, with rows read, loaded and quarantined.",
            kinds={"duckdb"},
        ),
        dg.AssetSpec(
            QUARANTINE_KEY,
            group_name="audit",
            deps=RAW_KEYS,
            description="Every raw row that broke a rule: file, row, column, rule, detail and "
            "its raw values (names and NIK pseudonymised).",
            kinds={"duckdb"},
        ),
    ],
)
def audit_ledger(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """Summarise the ledger and the quarantine once every feed has loaded."""
    with warehouse.connect(context.run_id) as con:
        con.execute(AUDIT_DDL)
        statuses = dict(
            con.execute("select status, count(*) from audit.file_ledger group by all").fetchall()
        )
        rules = dict(
            con.execute("select rule, count(*) from audit.quarantine group by all").fetchall()
        )
    yield dg.MaterializeResult(
        asset_key=LEDGER_KEY, metadata={"files_by_status": dg.MetadataValue.json(statuses)}
    )
    yield dg.MaterializeResult(
        asset_key=QUARANTINE_KEY,
        metadata={
            "rows_quarantined": sum(rules.values()),
            "rows_by_rule": dg.MetadataValue.json(rules),
        },
    )


def build_publish_asset(upstream: Iterable[dg.AssetKey]) -> dg.AssetsDefinition:
    """The published warehouse: the run's build, moved over the published file."""

    @dg.asset(
        key=PUBLISHED_KEY,
        group_name="publish",
        deps=sorted(set(upstream), key=lambda k: k.to_user_string()),
        kinds={"duckdb"},
        retry_policy=TRANSIENT_RETRY,
        freshness_policy=dg.FreshnessPolicy.time_window(
            fail_window=dt.timedelta(hours=26), warn_window=dt.timedelta(hours=25)
        ),
    )
    def published_warehouse(context: dg.AssetExecutionContext, warehouse: Warehouse):
        """The warehouse analysts open. It changes only here, in one atomic rename, after
        every upstream step and blocking check of the run has succeeded; its
        ``audit.publish_log`` says which run and which raw files it was built from."""
        if warehouse.build_path:
            raise dg.Failure("a fixed build_path is for testing single steps; nothing to publish")
        build = warehouse.build_for(context.run_id)
        context.log.info(f"publish: moving {build.name} over {warehouse.published()}")
        entry = publish.publish(build, warehouse.published(), context.run_id)
        context.log.info(f"publish: done, rows per mart {entry['mart_rows']}")
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(warehouse.published())),
                "raw_files_sha256": entry["raw_files_sha256"],
                "mart_rows": dg.MetadataValue.json(entry["mart_rows"]),
            }
        )

    return published_warehouse
