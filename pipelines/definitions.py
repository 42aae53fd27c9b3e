"""Everything Dagster loads: the assets from raw files to warehouse, the nightly job."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.defs.feeds.assets import feed_assets, feed_checks
from pipelines.defs.models.dbt import build_dbt_assets, dbt_resource
from pipelines.lib import config
from pipelines.lib.resources import RawDirectory

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
    warehouse: Path | None = None, raw_dir: Path | None = None
) -> dict[str, dg.ConfigurableResource]:
    """The warehouse and the raw directory; by default as the environment names them."""
    return {
        "duckdb": DuckDBResource(
            database=str(warehouse or config.warehouse_path()),
            connection_config=config.duckdb_write_config(),
        ),
        "raw_files": RawDirectory(path=str(raw_dir or config.raw_dir())),
        "dbt": dbt_resource(),
    }


def build_definitions() -> dg.Definitions:
    """The code location; paths are read from the environment when it loads."""
    return dg.Definitions(
        assets=[*feed_assets, build_dbt_assets()],
        asset_checks=[*feed_checks],
        jobs=[nightly_refresh],
        schedules=[nightly_schedule],
        resources=resources(),
        executor=dg.in_process_executor,
    )


defs = build_definitions()
