"""The dbt project as Dagster assets: staging, intermediate and the analysts' marts.

dbt runs in its own process and opens the warehouse itself, after every feed
asset has closed its connection (DuckDB lets one process write a file at a
time). It writes the file that the DuckDB resource names, so that tests and
other offices' runs build the warehouse they point at.

The models that read record-level rows are incremental by office-year
(``dbt_project/macros/changed_slices.sql``): a refresh rebuilds the slices the
ingest listed in ``audit.changed_slices``. This asset decides when that is not
enough (no complete build recorded, or the dbt project changed since: then
``dbt build --full-refresh``), and after a successful build of the whole
project it empties ``audit.changed_slices`` and records the build in
``audit.dbt_state``. docs/performance.md, "dbt: what a refresh rebuilds".

dbt's command line, the translator, the resource and the parse cache are in
:mod:`pipelines.lib.dbt`.
"""

import datetime as dt
import functools
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, dbt_assets
from dagster_dbt.errors import DagsterDbtCliRuntimeError

from pipelines.lib.config import Settings
from pipelines.lib.dbt import (
    DBT_DIR,
    WarehouseTranslator,
    dbt_project,
    ensure_manifest,
    keep_parse,
    prune_targets,
    reuse_parse,
    stable_name,
    vars_args,
)
from pipelines.lib.dbt_fingerprint import project_fingerprint
from pipelines.lib.resources import Warehouse
from pipelines.lib.warehouse import table_exists


@dataclass(frozen=True)
class BuildPlan:
    """What this run's ``dbt build`` does: rebuild the changed slices, or everything."""

    fingerprint: str
    full_refresh: bool
    reason: str
    changed_slices: int

    def args(self) -> list[str]:
        # dbt's unit tests check the models' code on made-up rows, not an office's data:
        # the tests run them (tests/test_kpi_unit_tests.py), a refresh does not.
        build = ["build", "--exclude-resource-type", "unit_test"]
        return [*build, "--full-refresh"] if self.full_refresh else build


def plan_build(con: duckdb.DuckDBPyConnection, fingerprint: str) -> BuildPlan:
    """Full refresh unless the last complete build was made by the same project and engine.

    ``audit.dbt_state`` and ``audit.changed_slices`` are created by the dbt
    project's on-run-start hook (and the latter by the ingest); a warehouse
    without them has never been built with slices.
    """
    slices = 0
    if table_exists(con, "audit", "changed_slices"):
        slices = con.execute(
            "select count(*) from (select distinct * from audit.changed_slices)"
        ).fetchall()[0][0]
    state = None
    if table_exists(con, "audit", "dbt_state"):
        rows = con.execute("select project_fingerprint from audit.dbt_state").fetchall()
        state = rows[0] if rows else None
    if state is None:
        return BuildPlan(fingerprint, True, "no complete dbt build recorded", slices)
    if state[0] != fingerprint:
        return BuildPlan(
            fingerprint, True, "the dbt project or engine changed since the last build", slices
        )
    return BuildPlan(fingerprint, False, f"{slices} changed slice(s)", slices)


def record_build(con: duckdb.DuckDBPyConnection, plan: BuildPlan, run_id: str) -> None:
    """After a successful build of the whole project: every slice is up to date."""
    con.execute("begin")
    con.execute("delete from audit.changed_slices")
    con.execute("delete from audit.dbt_state")
    con.execute(
        "insert into audit.dbt_state values (?, ?, ?, ?, ?)",
        [
            plan.fingerprint,
            run_id,
            dt.datetime.now(dt.UTC).replace(tzinfo=None),
            plan.full_refresh,
            plan.changed_slices,
        ],
    )
    con.execute("commit")


def table_metadata(database: Path) -> dict[dg.AssetKey, dict[str, Any]]:
    """Row count and column types of every table of the marts, by asset key.

    From DuckDB's catalogue (``estimated_size`` is a table's row count), in two
    queries: a view (staging) gets its column types only.
    """
    schemas = [DESCRIBED_SCHEMA]
    with duckdb.connect(str(database), read_only=True) as con:
        counts = {
            (schema, table): rows
            for schema, table, rows in con.execute(
                "select schema_name, table_name, estimated_size from duckdb_tables() "
                "where list_contains($schemas, schema_name)",
                {"schemas": schemas},
            ).fetchall()
        }
        columns: dict[tuple[str, str], list[dg.TableColumn]] = {}
        for schema, table, column, kind in con.execute(
            "select schema_name, table_name, column_name, data_type from duckdb_columns() "
            "where list_contains($schemas, schema_name) order by schema_name, table_name, "
            "column_index",
            {"schemas": schemas},
        ).fetchall():
            columns.setdefault((schema, table), []).append(dg.TableColumn(column, kind))
    metadata: dict[dg.AssetKey, dict[str, Any]] = {}
    for (schema, table), cols in columns.items():
        entry: dict[str, Any] = {"dagster/column_schema": dg.TableSchema(columns=cols)}
        if (schema, table) in counts:
            entry["dagster/row_count"] = counts[(schema, table)]
        metadata[dg.AssetKey([schema, table])] = entry
    return metadata


# The models whose outputs carry their table's row count and column types: the marts.
# Their events wait until dbt is done (it holds the file while it runs); the others are
# told as they come, so that Dagster's event log is written while dbt works.
DESCRIBED_SCHEMA = "marts"


def told_later(event: object, keys_by_output: Mapping[str, dg.AssetKey]) -> bool:
    """Whether a dbt event is of a mart: its output, or one of its tests."""
    if isinstance(event, dg.Output):
        key = keys_by_output.get(event.output_name)
    else:
        key = getattr(event, "asset_key", None)
    return key is not None and key.path[0] == DESCRIBED_SCHEMA


def with_table_metadata(
    events: list, database: Path, keys_by_output: Mapping[str, dg.AssetKey]
) -> Iterator:
    """The marts' events, each output with its table's row count and column types."""
    try:
        found = table_metadata(database) if any(isinstance(e, dg.Output) for e in events) else {}
    except duckdb.Error:  # a build dbt left unreadable: the failure is dbt's to tell
        found = {}
    for event in events:
        key = keys_by_output.get(event.output_name) if isinstance(event, dg.Output) else None
        if key in found:
            event = event.with_metadata({**event.metadata, **found[key]})
        yield event


def _is_whole_project(context: dg.AssetExecutionContext) -> bool:
    """Whether every model, seed and test is selected (dagster-dbt's own test for it)."""
    assets_def = context.assets_def
    return (
        assets_def.keys_by_output_name == assets_def.node_keys_by_output_name
        and assets_def.check_specs_by_output_name == assets_def.node_check_specs_by_output_name
    )


@functools.cache
def build_dbt_assets() -> dg.AssetsDefinition:
    """The dbt models, seeds and tests as one multi-asset; ``dbt build`` runs them.

    Built once per process: its manifest may take a ``dbt parse`` (some seconds).
    """

    @dbt_assets(
        manifest=ensure_manifest(Warehouse.from_settings(Settings.from_env())),
        project=dbt_project,
        dagster_dbt_translator=WarehouseTranslator(),
    )
    def warehouse_models(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse
    ):
        build = warehouse.build_for(context.run_id)
        with warehouse.connect(context.run_id) as con:
            plan = plan_build(con, project_fingerprint())
        context.log.info(
            f"dbt build {'--full-refresh' if plan.full_refresh else 'of the changed slices'}: "
            f"{plan.reason}"
        )
        published = warehouse.published()
        prune_targets(DBT_DIR / "target", context.op.name)
        target = DBT_DIR / "target" / f"{context.op.name}-{context.run_id[:8]}-{os.getpid()}"
        reuse_parse(published, target)
        keys_by_output = context.assets_def.keys_by_output_name
        held = []
        try:
            with stable_name(build, published) as path:
                args = [*plan.args(), *vars_args(warehouse.dbt_vars(path))]
                for event in dbt.cli(args, context=context, target_path=target).stream():
                    if told_later(event, keys_by_output):
                        held.append(event)
                    else:
                        yield event
        except DagsterDbtCliRuntimeError:
            # The run's headline is what failed, in words, not dbt's stack trace.
            raise dbt_failure(target) from None
        finally:
            # dbt holds the file while it runs: the marts' events are told once it is done,
            # their outputs with their tables' row counts and column types.
            yield from with_table_metadata(held, build, keys_by_output)
        # Only here when dbt succeeded (stream() raises otherwise): a failed
        # command's target folder stays, for its logs and compiled SQL.
        keep_parse(published, target)
        shutil.rmtree(target, ignore_errors=True)
        # A subset leaves the slices listed: the models it did not build have yet to
        # rebuild them.
        if _is_whole_project(context):
            with warehouse.connect(context.run_id) as con:
                record_build(con, plan, context.run_id)

    return warehouse_models


# Failed models and tests named in a failed build's headline; the rest are counted.
FAILURES_NAMED = 5


def dbt_failure(target: Path) -> dg.Failure:
    """A failed dbt build as the operator reads it: which models and tests failed, in
    Indonesian (the English beside it in the metadata), from dbt's ``run_results.json``."""
    try:
        results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
        failed = [
            (r["unique_id"].split(".")[-1], r["status"], (r.get("message") or "").strip())
            for r in results.get("results", [])
            if r.get("status") in ("error", "fail", "runtime error")
        ]
    except (OSError, ValueError, KeyError, TypeError):
        failed = []
    names = ", ".join(name for name, _, _ in failed[:FAILURES_NAMED])
    more = len(failed) - FAILURES_NAMED
    rest_id = f" dan {more} lainnya" if more > 0 else ""
    rest_en = f" and {more} more" if more > 0 else ""
    pesan = (
        f"Model dbt gagal dibangun atau diuji: {len(failed)} ({names}{rest_id}). "
        "Tidak ada yang diterbitkan; gudang data tetap seperti sebelumnya. Rinciannya ada di "
        f"log run dan di {target}."
        if failed
        else "dbt gagal sebelum membangun model (lihat log run). Tidak ada yang diterbitkan."
    )
    message = (
        f"dbt models or tests failed: {len(failed)} ({names}{rest_en}). Nothing was "
        f"published; the warehouse is as it was. Details in the run log and in {target}."
        if failed
        else "dbt failed before building any model (see the run log). Nothing was published."
    )
    return dg.Failure(
        description=pesan,
        metadata={
            "pesan": pesan,
            "message": message,
            "gagal": dg.MetadataValue.json(
                [{"node": n, "status": st, "pesan_dbt": m[:300]} for n, st, m in failed[:20]]
            ),
        },
        allow_retries=False,
    )
