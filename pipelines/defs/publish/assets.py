"""The file ledger as an asset, and the atomic publish of the warehouse."""

import datetime as dt
from collections.abc import Iterable
from contextlib import closing

import dagster as dg
import duckdb
from pydantic import Field

from pipelines.contract.specs import FEEDS, TABLES
from pipelines.defs.failures import told_to_the_operator
from pipelines.defs.feeds.assets import table_key
from pipelines.defs.reports.assets import (
    REPORTS_DESCRIPTION,
    REPORTS_KEY,
    reports_metadata,
    update_reports,
)
from pipelines.lib import publish
from pipelines.lib.audit import AUDIT_DDL
from pipelines.lib.errorbook import write_error_workbooks
from pipelines.lib.lake import WorkingCopy
from pipelines.lib.resources import Warehouse

LEDGER_KEY = dg.AssetKey(["audit", "file_ledger"])
QUARANTINE_KEY = dg.AssetKey(["audit", "quarantine"])
PUBLISHED_KEY = dg.AssetKey(["warehouse", "published"])

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
            description="Every raw row that broke a rule: file, row, column, rule, detail (in "
            "English, and in Indonesian as detail_id) and its raw values (names and NIK "
            "pseudonymised).",
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


class PublishConfig(dg.Config):
    force_reports: bool = Field(
        default=False,
        description="Write every office-year's report again, whatever the manifest says.",
    )


def _materialised_in_run(context: dg.AssetExecutionContext) -> set[dg.AssetKey]:
    """The assets this run has materialised so far, from the run's own events."""
    records = context.instance.get_records_for_run(
        run_id=context.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION
    ).records
    return {
        record.event_log_entry.dagster_event.asset_key
        for record in records
        if record.event_log_entry.dagster_event is not None
    }


def refuse_partial_run(context: dg.AssetExecutionContext, required: set[dg.AssetKey]) -> None:
    """A publish is of a whole refresh: every asset upstream was built in this run.

    A subset (``dagster asset materialize --select ...``, a run re-executed
    from a failed step, a selection in the UI) would publish raw tables,
    marts and ledger of different refreshes side by side.
    """
    missing = sorted(k.to_user_string() for k in required - _materialised_in_run(context))
    if missing:
        shown = ", ".join(missing[:5]) + (
            f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        raise dg.Failure(
            description=(
                "publish refused: this run did not build the whole warehouse "
                f"(not built in this run: {shown}). Nothing was published; run the whole "
                "refresh (job nightly_refresh, `python -m pipelines refresh`, or "
                "'Materialize all')."
            ),
            allow_retries=False,
        )


def build_publish_asset(upstream: Iterable[dg.AssetKey]) -> dg.AssetsDefinition:
    """The published warehouse and its LKj reports, made and published together.

    Long because the decorator declares both assets; the steps of a publish are the
    functions of ``pipelines/lib/publish.py``, called in order.
    """
    required = set(upstream)

    @dg.multi_asset(
        name="published_warehouse",
        specs=[
            dg.AssetSpec(
                REPORTS_KEY,
                group_name="publish",
                deps=sorted(required, key=lambda k: k.to_user_string()),
                kinds={"html", "excel"},
                description=REPORTS_DESCRIPTION,
            ),
            dg.AssetSpec(
                PUBLISHED_KEY,
                group_name="publish",
                deps=sorted(required, key=lambda k: k.to_user_string()),
                kinds={"duckdb"},
                description=PUBLISHED_DESCRIPTION,
                freshness_policy=dg.FreshnessPolicy.time_window(
                    fail_window=dt.timedelta(hours=26), warn_window=dt.timedelta(hours=25)
                ),
            ),
        ],
    )
    def published_warehouse(
        context: dg.AssetExecutionContext, config: PublishConfig, warehouse: Warehouse
    ):
        """Seal the build, write its reports, then move both into place (lib/publish.py)."""
        if warehouse.build_path:
            raise dg.Failure("a fixed build_path is for testing single steps; nothing to publish")
        refuse_partial_run(context, required)
        run_id = context.run_id
        build = warehouse.build_for(run_id)
        published = warehouse.published()
        entry = publish.seal(build, run_id, warehouse.connection_config())
        staged = publish.stage_reports(published, run_id)
        with (
            told_to_the_operator(),
            closing(duckdb.connect(str(build), read_only=True)) as con,
        ):
            update = update_reports(con, staged, run_id, force=config.force_reports)
            faulty = write_error_workbooks(con, publish.errors_folder(staged), TABLES)
        context.log.info(f"error workbooks: {len(faulty)} file(s) with faults")
        context.log.info(
            f"reports: {len(update.rebuilt)} office-year(s) written, {len(update.kept)} kept, "
            f"{len(update.removed)} removed; national workbook(s): "
            f"{len(update.national.rebuilt)} written, {len(update.national.removed)} removed"
        )
        context.log.info(f"publish: moving {build.name} over {published}")
        lake, done = warehouse.lake(), None
        if lake is not None:
            # One DuckLake transaction: readers of the lake see the old state or the new.
            context.log.info(f"publish: into the lake {lake.describe()}, one transaction")
            with told_to_the_operator():
                done = lake.publish(build, WorkingCopy.of(published, create=True))
            context.log.info(
                f"publish: the lake committed snapshot {done.snapshot_id}, "
                f"rows written {done.written}"
            )
            publish.record_lake_publish(
                build, run_id, lake.describe(), done, warehouse.connection_config()
            )
        publish.swap_in(build, published)
        publish.swap_reports(published, run_id)
        publish.link_errors(published)
        if lake is not None:
            with told_to_the_operator():
                lake.maintain()
        context.log.info(f"publish: done, rows per mart {entry['mart_rows']}")
        yield dg.MaterializeResult(
            asset_key=REPORTS_KEY,
            metadata=reports_metadata(update, publish.reports_link(published), run_id),
        )
        yield dg.MaterializeResult(
            asset_key=PUBLISHED_KEY,
            metadata={
                "path": dg.MetadataValue.path(str(published)),
                "raw_files_sha256": entry["raw_files_sha256"],
                "mart_rows": dg.MetadataValue.json(entry["mart_rows"]),
                "lake": lake.describe() if lake is not None else "none",
                "lake_rows_written": dg.MetadataValue.json(done.written if done else {}),
                **({"lake_snapshot": done.snapshot_id} if done is not None else {}),
            },
        )

    return published_warehouse


PUBLISHED_DESCRIPTION = (
    "The warehouse analysts open. It changes only in one atomic rename, after every upstream "
    "step and blocking check of the run has succeeded and its reports are written; its "
    "`audit.publish_log` says which run and which raw files it was built from. Only a run "
    "that built the whole warehouse publishes."
)
