"""Everything Dagster loads: the assets from raw files to warehouse, the nightly job."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.defs.feeds.assets import feed_assets
from pipelines.defs.models.dbt import build_dbt_assets, dbt_resource
from pipelines.defs.publish.assets import (
    LEDGER_KEY,
    QUARANTINE_KEY,
    audit_ledger,
    build_publish_asset,
)
from pipelines.defs.publish.sensors import build_failure_sensor, build_raw_files_sensor
from pipelines.defs.reports.assets import report_assets
from pipelines.lib import config
from pipelines.lib.resources import RawDirectory, Warehouse

REFRESH_JOB = "nightly_refresh"

# One process: the refresh is short, and a subprocess per step costs seconds each.
nightly_refresh = dg.define_asset_job(
    REFRESH_JOB,
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Rebuild the whole warehouse from the raw directory.",
)

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_refresh_schedule",
    job=nightly_refresh,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Jakarta",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every night at 02:00 Western Indonesian Time (WIB).",
)


def resources(
    warehouse: Path | None = None, raw_dir: Path | None = None, build: Path | None = None
) -> dict[str, dg.ConfigurableResource]:
    """The warehouse and the raw directory; by default as the environment names them.

    ``build`` makes every step write that file instead of a per-run build, and
    nothing is published: for tests of single steps.
    """
    return {
        "warehouse": Warehouse(
            path=str(warehouse or config.warehouse_path()),
            build_path=str(build) if build else None,
        ),
        "raw_files": RawDirectory(path=str(raw_dir or config.raw_dir())),
        "dbt": dbt_resource(),
    }


def all_assets() -> list[dg.AssetsDefinition]:
    """Ingest, ledger, dbt models, the publish and the reports, in the order data flows."""
    models = build_dbt_assets()
    published = build_publish_asset([*models.keys, LEDGER_KEY, QUARANTINE_KEY])
    return [*feed_assets, audit_ledger, models, published, *report_assets]


def build_definitions() -> dg.Definitions:
    """The code location; paths are read from the environment when it loads."""
    return dg.Definitions(
        assets=all_assets(),
        jobs=[nightly_refresh],
        schedules=[nightly_schedule],
        sensors=[build_raw_files_sensor(nightly_refresh), build_failure_sensor(nightly_refresh)],
        resources=resources(),
        executor=dg.in_process_executor,
    )


defs = build_definitions()
