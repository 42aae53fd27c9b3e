"""dbt from Python: its command line, the translator and resource dagster-dbt uses, and the
caches that spare a refresh dbt's fixed costs.

- :func:`dbt_command` is dbt's command line on a warehouse, with the warehouse
  resource's settings as ``--vars`` (:func:`vars_args`; ``dbt_project/profiles.yml``
  reads them and has no default); :func:`ensure_manifest` parses the project
  when its manifest is older than its files.
- :class:`WarehouseTranslator` names and describes the dbt models as assets;
  :class:`WarehouseDbtCli` is dagster-dbt's resource without two fixed costs
  (:func:`dbt_resource`).
- The parse cache (:func:`parse_cache`, :func:`stable_name`,
  :func:`reuse_parse`, :func:`keep_parse`) lets a refresh start from the last
  refresh's parse; :func:`prune_targets` removes old target folders.

The assets themselves (what a refresh builds, and how a failure reads) are in
``pipelines/defs/models/dbt.py``; what the models compute with, as a digest, in
:mod:`pipelines.lib.dbt_fingerprint` (no Dagster, for the command line).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject
from filelock import FileLock
from packaging import version

from pipelines.lib import child
from pipelines.lib.dbt_fingerprint import DBT_DIR
from pipelines.lib.publish import dbt_link, wal_path
from pipelines.lib.resources import Warehouse

DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))
WATCHED = ("models", "seeds", "macros", "tests", "dbt_project.yml", "profiles.yml")
PARTIAL_PARSE = "partial_parse.msgpack"

dbt_project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)


def _newest_source_change() -> float:
    paths = [DBT_DIR / name for name in WATCHED]
    files = [p for path in paths for p in ([path] if path.is_file() else path.rglob("*"))]
    return max(p.stat().st_mtime for p in files if p.is_file())


def vars_args(values: Mapping[str, Any]) -> list[str]:
    """``--vars`` with what ``profiles.yml`` reads (``Warehouse.dbt_vars``).

    dbt takes its profile's values from its command line, never from this
    process's environment: the refresh, the data dictionary and ``python -m
    pipelines dbt`` pass the warehouse resource's settings the same way. The
    keys are sorted, so that the same settings always give the same text.
    """
    return ["--vars", json.dumps(dict(values), sort_keys=True)]


def dbt_command(
    args: Sequence[str], warehouse: Warehouse, database: Path | None = None
) -> list[str]:
    """The command line of dbt ``args`` on ``database`` (by default the warehouse's file)
    with the warehouse resource's settings; run it in :data:`DBT_DIR`."""
    return [
        DBT_EXECUTABLE,
        *args,
        "--project-dir",
        str(DBT_DIR),
        "--profiles-dir",
        str(DBT_DIR),
        *vars_args(warehouse.dbt_vars(database or warehouse.published())),
    ]


def ensure_manifest(warehouse: Warehouse) -> Path:
    """Parse the dbt project when its manifest is missing or older than its files.

    The profile is ``warehouse``'s: the default warehouse's, built from the settings
    read at start-up (``python -m pipelines dbt`` uses the same, and so starts from this
    parse); the manifest does not depend on it.
    """
    manifest = dbt_project.manifest_path
    manifest.parent.mkdir(parents=True, exist_ok=True)
    # Processes that start together (the UI's code server and a command-line refresh, the
    # test run's workers) parse one at a time; the later ones find the manifest current.
    with FileLock(manifest.parent / ".parse.lock"):
        if not manifest.exists() or manifest.stat().st_mtime < _newest_source_change():
            subprocess.run(dbt_command(["parse", "--quiet"], warehouse), cwd=DBT_DIR, check=True)
    return manifest


# dbt parses the project again from scratch (some 5 s) unless the profile and the --vars
# are the ones its last parse saw, the warehouse file's path included (and the DuckDB
# settings: Warehouse.dbt_vars); each run builds a file of its own. So dbt opens the
# build under a name that stays the same from one refresh of a warehouse to the next,
# and the parse of the last refresh is kept beside the warehouse
# (``<published>.dbt-parse``; dbt parses again whatever changed since).


def parse_cache(published: Path) -> Path:
    return published.with_name(published.name + ".dbt-parse")


@contextmanager
def stable_name(build: Path, published: Path) -> Iterator[Path]:
    """``build`` as ``<published>.dbt``, a symbolic link, while dbt runs.

    DuckDB keeps its write-ahead log beside the path it opened. dbt closes the
    database when it is done, which checkpoints the log into the file and
    removes it; if a log is left all the same, it is replayed into the build
    before the link goes. A log left by a run that died belongs to a build
    that was discarded: it is removed before the link is made again.
    """
    link = dbt_link(published)
    link.unlink(missing_ok=True)
    wal_path(link).unlink(missing_ok=True)
    link.symlink_to(build)
    try:
        yield link
        if wal_path(link).exists():
            duckdb.connect(str(link)).close()
    finally:
        link.unlink(missing_ok=True)


def reuse_parse(published: Path, target: Path) -> None:
    """Start dbt from this warehouse's last parse (dagster-dbt then copies no other)."""
    cache = parse_cache(published)
    if cache.exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cache, target / PARTIAL_PARSE)


def keep_parse(published: Path, target: Path) -> None:
    parsed = target / PARTIAL_PARSE
    if parsed.exists():
        cache = parse_cache(published)
        partial = cache.with_name(f"{cache.name}.{os.getpid()}")
        try:
            shutil.copyfile(parsed, partial)
            os.replace(partial, cache)
        except OSError:  # a full disk: no half-written copy left beside the warehouse
            partial.unlink(missing_ok=True)
            raise


# A failed command's target folder is kept this long, then removed by a later refresh.
KEEP_FAILED_TARGETS = dt.timedelta(days=7)


def prune_targets(targets: Path, prefix: str) -> None:
    """Remove the target folders of earlier commands older than :data:`KEEP_FAILED_TARGETS`.

    Every command has a folder of its own (its manifest, some megabytes); a
    successful one removes it, so what is left is failures and folders of
    processes that were killed.
    """
    if not targets.is_dir():
        return
    oldest = time.time() - KEEP_FAILED_TARGETS.total_seconds()
    for folder in targets.glob(f"{prefix}-*"):
        try:
            if folder.is_dir() and folder.stat().st_mtime < oldest:
                shutil.rmtree(folder, ignore_errors=True)
        except FileNotFoundError:  # another process removed it first
            continue


class WarehouseTranslator(DagsterDbtTranslator):
    """Groups by layer (reference, staging, intermediate, marts) and describes by the YAML,
    with the Indonesian and English labels of the model and its columns (``meta``)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        fqn = dbt_resource_props["fqn"]
        return fqn[1] if len(fqn) > 2 else "marts"

    def get_metadata(self, dbt_resource_props: Mapping[str, Any]) -> Mapping[str, Any]:
        metadata = dict(super().get_metadata(dbt_resource_props))
        meta = dbt_resource_props.get("meta") or {}
        for label in ("label_id", "label_en"):
            if meta.get(label):
                metadata[label] = meta[label]
        columns = {
            name: {k: v for k, v in (column.get("meta") or {}).items() if k.startswith("label_")}
            for name, column in (dbt_resource_props.get("columns") or {}).items()
        }
        if any(columns.values()):
            metadata["column_labels"] = dg.MetadataValue.json(columns)
        return metadata


class WarehouseDbtCli(DbtCliResource):
    """dagster-dbt's resource, without two fixed costs of every command (about 5 s).

    Before each command dagster-dbt runs ``dbt --version`` in a subprocess (3 s)
    to learn the version of the executable, which here is this environment's
    own; and it loads dbt, the profile and an adapter in this process (1.5-2 s),
    only to fetch row counts or column metadata when asked
    (``fetch_row_counts``, ``fetch_column_metadata``), which this project does not.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


def dbt_resource() -> DbtCliResource:
    """dbt from this environment, whichever way Python was started, in a process that
    dies with the refresh's (:mod:`pipelines.lib.child`)."""
    executable, *first = child.dbt_command()
    return WarehouseDbtCli(
        project_dir=dbt_project, dbt_executable=executable, global_config_flags=first
    )
