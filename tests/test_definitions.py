"""The Dagster code location loads, with the graph, job and schedule the README describes."""

from __future__ import annotations

import dagster as dg

from pipelines.definitions import REFRESH_JOB, defs
from pipelines.defs.feeds.specs import FEEDS

CONTRACT_FEEDS = {
    "penempatan",
    "kasus",
    "pencegahan",
    "pemulangan",
    "pemberdayaan",
    "anggaran",
    "tata_kelola",
    "target",
    "historis",
}


def test_one_asset_per_contract_feed() -> None:
    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {f"raw/{feed}" for feed in CONTRACT_FEEDS} <= keys
    assert set(FEEDS) == CONTRACT_FEEDS


def test_every_feed_has_a_blocking_reconciliation_check() -> None:
    checks = defs.resolve_asset_graph().asset_check_keys
    for feed in CONTRACT_FEEDS:
        key = dg.AssetCheckKey(dg.AssetKey(["raw", feed]), "rows_reconcile")
        assert key in checks


def test_nightly_schedule_runs_in_jakarta_time() -> None:
    schedule = defs.resolve_schedule_def("nightly_refresh_schedule")
    assert schedule.execution_timezone == "Asia/Jakarta"
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.job_name == REFRESH_JOB


def test_refresh_job_runs_in_one_process() -> None:
    job = defs.resolve_job_def(REFRESH_JOB)
    assert job.executor_def.name == "in_process"
