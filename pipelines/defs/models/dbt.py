"""The dbt project as Dagster assets: staging, intermediate and the analysts' marts.

dbt runs in its own process and opens the warehouse itself, after every feed
asset has closed its connection (DuckDB lets one process write a file at a
time). It writes the file that the DuckDB resource names, so that tests and
other offices' runs build the warehouse they point at.
"""

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from pipelines.lib.config import PROJECT_ROOT
from pipelines.lib.resources import Warehouse

DBT_DIR = PROJECT_ROOT / "dbt_project"
DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))
WATCHED = ("models", "seeds", "macros", "tests", "dbt_project.yml", "profiles.yml")

dbt_project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)


def _newest_source_change() -> float:
    paths = [DBT_DIR / name for name in WATCHED]
    files = [p for path in paths for p in ([path] if path.is_file() else path.rglob("*"))]
    return max(p.stat().st_mtime for p in files if p.is_file())


def ensure_manifest() -> Path:
    """Parse the dbt project when its manifest is missing or older than its files."""
    manifest = dbt_project.manifest_path
    if not manifest.exists() or manifest.stat().st_mtime < _newest_source_change():
        subprocess.run(
            [DBT_EXECUTABLE, "parse", "--quiet", "--project-dir", str(DBT_DIR)],
            cwd=DBT_DIR,
            env={**os.environ, "DBT_PROFILES_DIR": str(DBT_DIR)},
            check=True,
        )
    return manifest


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables for the dbt process, then put them back."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class WarehouseTranslator(DagsterDbtTranslator):
    """Groups by layer (reference, staging, intermediate, marts) and describes by the YAML."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        fqn = dbt_resource_props["fqn"]
        return fqn[1] if len(fqn) > 2 else "marts"


def dbt_resource() -> DbtCliResource:
    """dbt from this environment, whichever way Python was started."""
    return DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)


def build_dbt_assets() -> dg.AssetsDefinition:
    """The dbt models, seeds and tests as one multi-asset; ``dbt build`` runs them."""

    @dbt_assets(
        manifest=ensure_manifest(),
        project=dbt_project,
        dagster_dbt_translator=WarehouseTranslator(),
    )
    def warehouse_models(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse
    ):
        build = warehouse.build_for(context.run_id)
        with _environment(WAREHOUSE_PATH=str(build)):
            yield from dbt.cli(["build"], context=context).stream()

    return warehouse_models
