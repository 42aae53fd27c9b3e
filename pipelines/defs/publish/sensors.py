"""Sensors: a refresh when the raw files change, and a record of every failed refresh."""

from __future__ import annotations

import datetime as dt
import json

import dagster as dg

from pipelines.lib.publish import published_fingerprint
from pipelines.lib.rawscan import fingerprint, raw_listing
from pipelines.lib.resources import RawDirectory, Warehouse

FAILURE_LOG = "refresh_failures.jsonl"


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
        current = fingerprint(raw_listing(raw_files.root(), cache))
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
            while error is not None and error.cause is not None:
                error = error.cause
            steps[event.step_key] = error.message.strip() if error else event.message
        entry = {
            "run_id": context.dagster_run.run_id,
            "job": context.dagster_run.job_name,
            "failed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "message": context.failure_event.message,
            "steps": steps,
        }
        log = warehouse.published().parent / FAILURE_LOG
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")

    return record_refresh_failures
