"""What the dbt models compute with, as one digest: the project's files and the engine.

No Dagster here (so not in :mod:`pipelines.lib.dbt`, which imports dagster-dbt):
the command line asks whether anything is to be done before it loads Dagster
(``pipelines/unchanged.py``); the dbt asset compares the same digest with the
one of the last complete build (``audit.dbt_state``).
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from pipelines.lib.config import PROJECT_ROOT

DBT_DIR = PROJECT_ROOT / "dbt_project"
# What the models compute with: their files, and the versions of the engine. profiles.yml
# (threads, memory) is not in it: it changes how fast, not what.
FINGERPRINTED = ("models", "seeds", "macros", "tests", "dbt_project.yml")
ENGINE = ("dbt-core", "dbt-duckdb", "duckdb")


def project_fingerprint(project_dir: Path = DBT_DIR) -> str:
    """SHA-256 over the dbt project's files (names and contents) and the engine's versions.

    When it differs from the one recorded at the last complete build, the
    incremental models' slices may have been computed by other SQL: the
    refresh rebuilds everything.
    """
    digest = hashlib.sha256()
    for package in ENGINE:
        digest.update(f"{package}=={metadata.version(package)}\n".encode())
    for name in FINGERPRINTED:
        path = project_dir / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            digest.update(file.relative_to(project_dir).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()
