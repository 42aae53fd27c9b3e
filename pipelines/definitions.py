"""Everything Dagster loads: the assets from raw files to warehouse, the nightly job.

Nothing is built when this module is imported: :func:`defs` builds the code
location of ``dagster dev -m pipelines.definitions`` when Dagster first asks for
it, once per process, with the settings of the environment
(``pipelines/lib/config.py``); the command line calls :func:`build_definitions`
with its own.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import dagster as dg

from pipelines.contract.specs import TABLES
from pipelines.defs.feeds.assets import feed_assets
from pipelines.defs.feeds.deadlines import deliveries_on_time
from pipelines.defs.feeds.inventory import INVENTORY_KEY, raw_inventory
from pipelines.defs.models.dbt import build_dbt_assets
from pipelines.defs.publish.assets import (
    LEDGER_KEY,
    PUBLISHED_KEY,
    QUARANTINE_KEY,
    RAW_KEYS,
    audit_ledger,
    build_publish_asset,
)
from pipelines.defs.publish.sensors import (
    WAREHOUSE_TAG,
    build_dead_run_sensor,
    build_failure_sensor,
    build_raw_files_sensor,
)
from pipelines.lib import config, overdue, runlog
from pipelines.lib.dbt import dbt_resource
from pipelines.lib.i18n import Message
from pipelines.lib.keyguard import check_key
from pipelines.lib.pseudonym import PseudonymKeyError
from pipelines.lib.removals import require_warehouse_outside
from pipelines.lib.resources import RawDirectory, Warehouse
from pipelines.unchanged import nothing_to_do, remove_dead_builds

REFRESH_JOB = "nightly_refresh"


def build_refresh_job(warehouse: Path) -> dg.UnresolvedAssetJobDefinition:
    """The nightly refresh of one warehouse: every asset, in one process.

    One process: the refresh is short, and a subprocess per step costs
    seconds each. Its run log goes to the warehouse's ``logs/`` folder
    (pipelines/lib/runlog.py) as well as to Dagster's own storage.
    """
    return dg.define_asset_job(
        REFRESH_JOB,
        selection=dg.AssetSelection.all(),
        executor_def=dg.in_process_executor,
        description="Rebuild the whole warehouse from the raw directory.",
        config={"loggers": runlog.logger_config(warehouse)},
        tags={WAREHOUSE_TAG: str(warehouse)},
    )


def build_schedule(job: dg.UnresolvedAssetJobDefinition) -> dg.ScheduleDefinition:
    """The refresh every night at 02:00 in Jakarta, unless it has nothing to do.

    A night with nothing to do (pipelines/unchanged.py) starts no run: the
    tick says why, and the published warehouse is recorded as checked and
    current (a materialization without a run, whose metadata says so), so
    that its freshness policy does not call an unchanged warehouse overdue. A
    pseudonym key that is not the warehouse's starts the run all the same (its
    first step stops, saying why, and the failure is recorded), and so does a
    key the warehouse adopts (the run records it): pipelines/lib/keyguard.py.
    """

    @dg.schedule(
        name="nightly_refresh_schedule",
        job=job,
        cron_schedule="0 2 * * *",
        execution_timezone="Asia/Jakarta",
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Every night at 02:00 Western Indonesian Time (WIB), unless nothing "
        "changed since the last publish (no raw file, rule, dbt model or report code).",
    )
    def nightly_refresh_schedule(
        context: dg.ScheduleEvaluationContext, warehouse: Warehouse, raw_files: RawDirectory
    ):
        try:
            checked = check_key(
                warehouse.published(), TABLES, warehouse.key_source(), warehouse.rekey
            )
        except PseudonymKeyError:
            return dg.RunRequest()  # its first step stops, saying why; the failure is recorded
        if checked.how == "adopted":
            return dg.RunRequest()  # the run records the key the warehouse adopts
        same = nothing_to_do(
            warehouse.published(),
            raw_files.root(),
            checked.key,
            warehouse.lake(),
            follow_symlinks=raw_files.follow_symlinks,
        )
        if same is None:
            return dg.RunRequest()
        remove_dead_builds(warehouse.published())
        overdue.write_for(warehouse.published())  # terlambat.json, every night
        context.instance.report_runless_asset_event(
            dg.AssetMaterialization(
                asset_key=PUBLISHED_KEY,
                description="checked at the nightly schedule: nothing changed, still current",
                metadata={"unchanged_since_run": same.run_id, "raw_files": same.files},
            )
        )
        return dg.SkipReason(
            f"nothing to do: nothing changed since the publish of run {same.run_id}"
        )

    return nightly_refresh_schedule


def resources(
    warehouse: Path | None = None,
    raw_dir: Path | None = None,
    build: Path | None = None,
    *,
    allow_removals: bool = False,
    lock_wait_seconds: float | None = None,
    settings: config.Settings | None = None,
    rekey: bool = False,
    reference_date: dt.date | None = None,
) -> dict[str, dg.ConfigurableResource]:
    """The warehouse and the raw directory; what is not given comes from ``settings``
    (by default the environment's), the warehouse's DuckDB settings included.

    ``build`` makes every step write that file instead of a per-run build, and
    nothing is published: for tests of single steps. ``allow_removals`` lets
    the refresh remove many files (pipelines/lib/removals.py);
    ``lock_wait_seconds`` is how long a run waits for another refresh of the
    same warehouse (pipelines/lib/lock.py); ``rekey`` lets it build every pseudonym anew
    with a key the warehouse was not built with (pipelines/lib/keyguard.py);
    ``reference_date`` fixes "today" for the marts that judge which periods have ended
    (by default the day dbt runs, in Jakarta).
    """
    settings = settings or config.Settings.from_env()
    wait = {} if lock_wait_seconds is None else {"lock_wait_seconds": lock_wait_seconds}
    wait |= {"rekey": True} if rekey else {}
    wait |= {"reference_date": reference_date.isoformat()} if reference_date else {}
    return {
        "warehouse": Warehouse.from_settings(
            settings, warehouse, build_path=str(build) if build else None, **wait
        ),
        "raw_files": RawDirectory.from_settings(settings, raw_dir, allow_removals=allow_removals),
        "dbt": dbt_resource(),
    }


def all_assets() -> list[dg.AssetsDefinition]:
    """Ingest, ledger, dbt models, then the publish with its reports, in the order data flows."""
    models = build_dbt_assets()
    published = build_publish_asset(
        [INVENTORY_KEY, *RAW_KEYS, *models.keys, LEDGER_KEY, QUARANTINE_KEY]
    )
    return [raw_inventory, *feed_assets, audit_ledger, models, published]


def build_definitions(
    warehouse: Path | None = None,
    raw_dir: Path | None = None,
    *,
    allow_removals: bool = False,
    lock_wait_seconds: float | None = None,
    loggers: dict[str, dg.LoggerDefinition] | None = None,
    settings: config.Settings | None = None,
    rekey: bool = False,
) -> dg.Definitions:
    """The code location of ``warehouse`` and ``raw_dir``; what is not given comes from
    ``settings`` (by default the environment's). A warehouse inside the raw directory is
    refused here, before any run writes its logs or lock beside it."""
    settings = settings or config.Settings.from_env()
    warehouse = Path(warehouse or settings.warehouse).resolve()
    require_warehouse_outside(
        Path(raw_dir or settings.raw_dir).resolve(),
        warehouse,
        {"DUCKDB_TEMP_DIRECTORY": settings.duckdb_temp_directory},
    )
    job = build_refresh_job(warehouse)
    return dg.Definitions(
        assets=all_assets(),
        asset_checks=[deliveries_on_time],
        jobs=[job],
        schedules=[build_schedule(job)],
        sensors=[
            build_raw_files_sensor(job),
            build_failure_sensor(job),
            build_dead_run_sensor(job),
        ],
        resources=resources(
            warehouse,
            raw_dir,
            allow_removals=allow_removals,
            lock_wait_seconds=lock_wait_seconds,
            settings=settings,
            rekey=rekey,
        ),
        loggers={
            "console": dg.colored_console_logger,
            "run_log_file": runlog.run_log_file,
            **(loggers or {}),
        },
        executor=dg.in_process_executor,
    )


@dg.definitions
@functools.cache
def defs() -> dg.Definitions:
    """Dagster's code location (``dagster dev -m pipelines.definitions``), with the
    environment's settings: built on the first call, the same afterwards.

    A setting that cannot be used stops the code location from loading, with the
    sentence of the command line in both languages (Dagster shows it in its UI)."""
    try:
        settings = config.Settings.from_env()
    except config.SettingError as error:
        raise config.SettingError(
            Message("{indonesian} ({english})", indonesian=error.text("id"), english=str(error))
        ) from None
    return build_definitions(settings=settings)
