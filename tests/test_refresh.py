"""The refresh as a whole: checks and dbt tests in the run, the command line, idempotence."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import defs
from tests.conftest import PROJECT_ROOT, build_warehouse

MARTS = [
    "fct_kpi_annual",
    "fct_kpi_quarterly",
    "fct_goal_annual",
    "fct_office_annual",
    "fct_placements_monthly",
    "fct_cases_annual",
    "dq_findings",
    "fct_lkj_reconciliation",
]


def test_checks_and_dbt_tests_run_and_pass(
    sample_build: tuple[Path, dg.ExecuteInProcessResult],
) -> None:
    _, result = sample_build
    evaluations = result.get_asset_check_evaluations()
    names = {e.asset_check_key.name for e in evaluations}
    assert "rows_reconcile" in names
    assert any(name.startswith("unique_combination") for name in names)
    assert len(evaluations) > 60
    assert [e.asset_check_key for e in evaluations if not e.passed] == []
    # dbt's folder for the command (manifest, compiled SQL) went with its success.
    targets = PROJECT_ROOT / "dbt_project" / "target"
    assert list(targets.glob(f"warehouse_models-{result.run_id[:8]}-*")) == []


def test_every_contract_mart_has_its_columns(warehouse: Path) -> None:
    required = {
        "fct_kpi_annual": "office_code, year, goal_code, indicator_code, indicator_name, unit, "
        "target_basis, target, realisation, achievement_pct, achievement_pct_2dp, "
        "realisation_source",
        "fct_kpi_quarterly": "office_code, year, quarter, indicator_code, target, realisation, "
        "achievement_pct",
        "fct_goal_annual": "office_code, year, goal_code, goal_name, target_basis, "
        "avg_achievement_pct, budget_ceiling, budget_realisation, budget_absorption_pct",
        "fct_office_annual": "office_code, year, target_basis, avg_achievement_pct, "
        "budget_ceiling_initial, budget_ceiling, budget_realisation, budget_absorption_pct",
        "fct_placements_monthly": "office_code, year, month, unit_type, scheme_group, sector, "
        "sex, placements",
        "fct_cases_annual": "office_code, year, country_code, country_name, case_category, "
        "cases, cases_open",
        "dq_findings": "office_code, year, check_name, subject, expected, actual, difference, "
        "severity, detail",
    }
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table, columns in required.items():
            present = {
                name
                for (name,) in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'marts' and table_name = ?",
                    [table],
                ).fetchall()
            }
            assert {c.strip() for c in columns.split(",")} <= present, table
        types = dict(
            con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'marts' and table_name = 'fct_goal_annual'"
            ).fetchall()
        )
        assert types["budget_ceiling"] == "DECIMAL(18,2)"
        assert types["avg_achievement_pct"] == "DOUBLE"


def snapshot(path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            mart: con.execute(f"select * from marts.{mart} order by all").fetchall()
            for mart in MARTS
        }


def test_a_second_refresh_gives_the_same_marts(
    tmp_path: Path, warehouse: Path, sample_raw: Path
) -> None:
    """Built again over the unchanged sample, into the same file: the marts are identical."""
    path = tmp_path / "again.duckdb"
    path.write_bytes(warehouse.read_bytes())
    before = snapshot(path)
    assert build_warehouse(path, sample_raw).success
    after = snapshot(path)
    assert after == before
    assert all(after[mart] for mart in MARTS)


# Slow (a whole refresh), and what it shows the operator-safety tests show on every
# command-line refresh they run (tests/test_operator_safety.py): make test-all runs it.
@pytest.mark.slow
def test_command_line_refresh(tmp_path: Path) -> None:
    """``python -m pipelines refresh`` for another office's files, into another file."""
    target = tmp_path / "office.duckdb"
    raw = PROJECT_ROOT / "tests" / "fixtures" / "small_office"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines",
            "refresh",
            "--raw-dir",
            str(raw),
            "--warehouse",
            str(target),
            "--lang",
            "en",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert f"Refresh succeeded: {target}" in run.stdout
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute(
            "select realisation from marts.fct_kpi_annual "
            "where year = 2025 and indicator_code = 'IKU1' and target_basis = 'PK'"
        ).fetchone() == (5,)


def test_the_marts_carry_row_counts_column_types_and_labels_in_dagster(
    sample_build: tuple[Path, dg.ExecuteInProcessResult],
) -> None:
    warehouse, result = sample_build
    [event] = [
        e
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey(["marts", "fct_kpi_annual"])
    ]
    metadata = event.materialization.metadata
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select count(*) from marts.fct_kpi_annual").fetchone()[0]
    assert metadata["dagster/row_count"].value == rows
    columns = {c.name: c.type for c in metadata["dagster/column_schema"].value.columns}
    assert columns["achievement_pct"] == "DOUBLE" and columns["office_code"] == "VARCHAR"
    graph = defs().resolve_asset_graph()
    spec = graph.get(dg.AssetKey(["marts", "dq_findings"]))
    assert spec.metadata["label_id"] == "Temuan data"
    assert spec.metadata["column_labels"].value["office_code"]["label_id"] == "Kode kantor"


def test_lineage_starts_at_the_raw_files_whose_version_is_their_content(
    sample_build: tuple[Path, dg.ExecuteInProcessResult],
) -> None:
    warehouse, result = sample_build
    [event] = [
        e for e in result.get_asset_materialization_events() if e.asset_key.path == ["raw_files"]
    ]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        [(published,)] = con.execute("select raw_files_sha256 from audit.publish_log").fetchall()
    assert event.materialization.tags["dagster/data_version"] == published
    graph = defs().resolve_asset_graph()
    assert graph.get(dg.AssetKey(["raw", "penempatan"])).parent_keys == {dg.AssetKey(["raw_files"])}
