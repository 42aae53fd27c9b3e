"""Sensors: a refresh when the raw files change, a record of every failed refresh, and
the end of refreshes whose process died."""

from __future__ import annotations

import json
import time

import dagster as dg

from pipelines.contract.specs import FEEDS
from pipelines.lib import lock, runlog
from pipelines.lib.failures import FAILURE_LOG, record_failure, root_cause
from pipelines.lib.publish import published_fingerprint
from pipelines.lib.rawscan import fingerprint, raw_listing
from pipelines.lib.resources import RawDirectory, Warehouse, started_by

__all__ = ["FAILURE_LOG", "build_dead_run_sensor", "build_failure_sensor", "build_raw_files_sensor"]

# The tag naming the warehouse a refresh run builds (set on the job, definitions.py).
WAREHOUSE_TAG = "bp3mi/warehouse"
# A live run holds its warehouse's lock within seconds of starting; one that has run
# this long without it, while nobody holds the lock, has died.
DEAD_AFTER_SECONDS = 120


def build_raw_files_sensor(job: dg.JobDefinition) -> dg.SensorDefinition:
    """Start ``job`` when a raw file is added, changed (in content) or removed."""

    @dg.sensor(
        name="raw_files_changed",
        job=job,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Every minute, compares the raw directory's content (SHA-256 of every "
        "file; a file is read again only when its size, times or inode changed) with the last "
        "refresh it started, or with the published warehouse, and starts a refresh when "
        "they differ.",
    )
    def raw_files_changed(
        context: dg.SensorEvaluationContext, raw_files: RawDirectory, warehouse: Warehouse
    ):
        state = json.loads(context.cursor) if context.cursor else {}
        cache = state.get("cache", {})
        listing = raw_listing(
            raw_files.root(), cache, FEEDS, follow_symlinks=raw_files.follow_symlinks
        )
        current = fingerprint(listing)
        last = state.get("fingerprint") or published_fingerprint(warehouse.published())
        context.update_cursor(json.dumps({"fingerprint": current, "cache": cache}))
        if current == last:
            return dg.SkipReason("the raw files are as they were")
        return dg.RunRequest(run_key=current, tags={"trigger": "raw_files_changed"})

    return raw_files_changed


def build_failure_sensor(job: dg.JobDefinition) -> dg.SensorDefinition:
    """Append every failed refresh to ``refresh_failures.jsonl`` beside the warehouse."""

    @dg.run_failure_sensor(
        name="record_refresh_failures",
        monitored_jobs=[job],
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Writes one JSON line per failed refresh (run, time, failed steps and "
        "their errors) to refresh_failures.jsonl next to the warehouse file.",
    )
    def record_refresh_failures(context: dg.RunFailureSensorContext, warehouse: Warehouse):
        steps = {}
        for event in context.get_step_failure_events():
            error = event.event_specific_data.error
            steps[event.step_key] = root_cause(error) if error else event.message
        run = context.dagster_run
        record_failure(
            warehouse.published(),
            run_id=run.run_id,
            job=run.job_name,
            message=context.failure_event.message or "the refresh failed",
            steps=steps,
            started_by=started_by(run.tags),
            log=runlog.log_path(warehouse.published(), run.run_id),
        )

    return record_refresh_failures


def build_dead_run_sensor(job: dg.JobDefinition) -> dg.SensorDefinition:
    """Fail the refresh runs whose process died, so that the run queue moves on."""

    @dg.sensor(
        name="dead_refresh_runs",
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Every minute, marks as failed a refresh run that Dagster still shows as "
        f"started although its process is gone: it has run for over {DEAD_AFTER_SECONDS} s "
        "and nobody holds its warehouse's lock (a killed command-line refresh, a machine "
        "restarted). Without it such a run would hold the queue's one place for ever.",
    )
    def dead_refresh_runs(context: dg.SensorEvaluationContext, warehouse: Warehouse):
        failed = fail_dead_runs(context.instance, job.name, warehouse.published())
        if failed:
            return dg.SkipReason(f"marked as failed, their process gone: {', '.join(failed)}")
        return dg.SkipReason("no dead refresh run")

    return dead_refresh_runs


def fail_dead_runs(
    instance: dg.DagsterInstance,
    job_name: str,
    warehouse,
    dead_after: float = DEAD_AFTER_SECONDS,
) -> list[str]:
    """Mark as failed the started runs of ``job_name`` on ``warehouse`` whose process died.

    Runs of another warehouse are left alone; runs from before the warehouse
    tag existed count as this warehouse's.
    """
    records = instance.get_run_records(
        filters=dg.RunsFilter(job_name=job_name, statuses=[dg.DagsterRunStatus.STARTED])
    )
    now = time.time()
    failed = []
    for record in records:
        run = record.dagster_run
        if run.tags.get(WAREHOUSE_TAG, str(warehouse)) != str(warehouse):
            continue
        started = record.start_time or record.create_timestamp.timestamp()
        if now - started < dead_after or lock.is_locked(warehouse):
            continue
        current = instance.get_run_by_id(run.run_id)
        if current is None or current.status != dg.DagsterRunStatus.STARTED:
            continue
        message = (
            "marked as failed: the run's process is gone (it no longer holds the "
            "warehouse's refresh lock); the next refresh does whatever it left undone"
        )
        instance.report_run_failed(current, message=message)
        # A command-line run is no run the failure sensor watches: recorded here.
        record_failure(
            warehouse,
            run_id=run.run_id,
            job=run.job_name,
            message=message,
            started_by=started_by(run.tags),
            log=runlog.log_path(warehouse, run.run_id),
        )
        failed.append(run.run_id)
    return failed
