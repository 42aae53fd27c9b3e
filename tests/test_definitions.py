"""The Dagster code location loads, with the graph, job and schedule docs/operations.md
describes."""

from __future__ import annotations

import dagster as dg

from pipelines.contract.specs import FEEDS
from pipelines.definitions import REFRESH_JOB, defs

CONTRACT_FEEDS = {
    "penempatan",
    "kasus",
    "pencegahan",
    "pemulangan",
    "pemberdayaan",
    "orientasi",
    "anggaran",
    "tata_kelola",
    "target",
    "historis",
    "narasi",
}


def test_one_step_per_contract_feed_and_an_asset_per_table() -> None:
    assert set(FEEDS) == CONTRACT_FEEDS
    keys = {key.to_user_string() for key in defs().resolve_asset_graph().get_all_asset_keys()}
    tables = {spec.table for specs in FEEDS.values() for spec in specs}
    assert {f"raw/{table}" for table in tables} <= keys
    feed_steps = {node.name for node in defs().resolve_job_def(REFRESH_JOB).graph.node_defs}
    assert {f"raw_{feed}" for feed in CONTRACT_FEEDS} <= feed_steps


def test_every_raw_table_has_a_blocking_reconciliation_check() -> None:
    checks = defs().resolve_asset_graph().asset_check_keys
    for specs in FEEDS.values():
        for spec in specs:
            key = dg.AssetCheckKey(dg.AssetKey(["raw", spec.table]), "rows_reconcile")
            assert key in checks
            assert defs().resolve_asset_graph().get_check_spec(key).blocking


def test_graph_runs_unbroken_from_raw_files_to_marts() -> None:
    """Every mart of the warehouse contract is an asset downstream of the raw tables."""
    graph = defs().resolve_asset_graph()
    marts = [
        "fct_kpi_annual",
        "fct_kpi_quarterly",
        "fct_goal_annual",
        "fct_office_annual",
        "fct_placements_monthly",
        "fct_cases_annual",
        "dq_findings",
        "fct_deliveries",
        "fct_office_year_status",
        "fct_indicator_progress",
    ]
    for mart in marts:
        key = dg.AssetKey(["marts", mart])
        assert key in graph.get_all_asset_keys(), mart
        ancestors = dg.AssetSelection.assets(key).upstream().resolve(graph)
        assert {k for k in ancestors if k.path[0] == "raw"}, mart


def test_nightly_schedule_runs_in_jakarta_time() -> None:
    schedule = defs().resolve_schedule_def("nightly_refresh_schedule")
    assert schedule.execution_timezone == "Asia/Jakarta"
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.job_name == REFRESH_JOB


def test_refresh_job_runs_in_one_process() -> None:
    job = defs().resolve_job_def(REFRESH_JOB)
    assert job.executor_def.name == "in_process"


def test_publish_sensors_and_freshness() -> None:
    graph = defs().resolve_asset_graph()
    published = dg.AssetKey(["warehouse", "published"])
    node = graph.get(published)
    marts = {dg.AssetKey(["marts", "fct_kpi_annual"]), dg.AssetKey(["audit", "file_ledger"])}
    assert marts <= set(node.parent_keys)
    assert node.freshness_policy is not None
    sensors = {sensor.name for sensor in defs().sensors}
    assert {"raw_files_changed", "record_refresh_failures"} <= sensors
