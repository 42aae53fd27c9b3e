"""Where the pipeline reads and writes: one setting, one place.

Every path comes from the environment, with defaults relative to the project
root, so the same code serves any office's raw directory. dbt's
``profiles.yml`` reads the same variables.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _path_from_env(name: str, default: Path) -> Path:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser().resolve() if value else default


def raw_dir() -> Path:
    """The raw directory (``RAW_DIR``, default ``raw/``)."""
    return _path_from_env("RAW_DIR", PROJECT_ROOT / "raw")


def warehouse_path() -> Path:
    """The DuckDB warehouse file (``WAREHOUSE_PATH``, default ``warehouse/warehouse.duckdb``)."""
    return _path_from_env("WAREHOUSE_PATH", PROJECT_ROOT / "warehouse" / "warehouse.duckdb")


def pseudonym_key_file() -> Path:
    """The key file for person pseudonyms (``PSEUDONYM_KEY_FILE``).

    It lives outside the repository by default so that a clone never carries it.
    """
    return _path_from_env(
        "PSEUDONYM_KEY_FILE",
        Path.home() / ".config" / "bp3mi-warehouse" / "pseudonym.key",
    )


def raw_follow_symlinks() -> bool:
    """Whether a raw file may be a symbolic link to a file outside the raw directory.

    ``RAW_FOLLOW_SYMLINKS=1`` allows it; by default such a link is refused
    (a link to ``/dev/zero`` or to another office's files is not a delivery).
    """
    return os.environ.get("RAW_FOLLOW_SYMLINKS", "").strip() == "1"


DEFAULT_XLSX_MAX_UNCOMPRESSED_MB = 200


def xlsx_max_uncompressed_mb() -> int:
    """The largest uncompressed size of a raw workbook (``XLSX_MAX_UNCOMPRESSED_MB``, 200).

    A workbook is a zip of XML parts; its memory cost follows their
    uncompressed size, not the file's.
    """
    value = os.environ.get("XLSX_MAX_UNCOMPRESSED_MB", "").strip()
    return int(value) if value else DEFAULT_XLSX_MAX_UNCOMPRESSED_MB


# The warehouse file is written in the storage format of DuckDB 1.4 (the long-term
# release), so that readers with an older DuckDB (BI drivers, the duckdb-cli package,
# which trails the library) can open it. Set when the file is created.
STORAGE_COMPATIBILITY_VERSION = "v1.4.0"


# DuckDB spills to disk beyond this: it bounds the refresh, not the warehouse.
DEFAULT_MEMORY_LIMIT = "1GB"


def duckdb_resources() -> dict[str, str]:
    """Memory, threads and spill directory of DuckDB, from the environment.

    ``DUCKDB_MEMORY_LIMIT`` (default ``1GB``: DuckDB spills what does not fit,
    so that a refresh stays under 2 GiB whatever the size of the warehouse;
    docs/performance.md), ``DUCKDB_THREADS``
    (default: every core) and ``DUCKDB_TEMP_DIRECTORY`` (default: beside the
    warehouse), where DuckDB spills what does not fit in memory.
    """
    settings = {
        "memory_limit": os.environ.get("DUCKDB_MEMORY_LIMIT", "").strip() or DEFAULT_MEMORY_LIMIT,
        "temp_directory": str(
            _path_from_env("DUCKDB_TEMP_DIRECTORY", warehouse_path().parent / ".duckdb_tmp")
        ),
    }
    threads = os.environ.get("DUCKDB_THREADS", "").strip()
    if threads:
        settings["threads"] = str(int(threads))
    return settings


def duckdb_write_config() -> dict[str, str]:
    """Settings of every read-write connection to the warehouse."""
    return {"storage_compatibility_version": STORAGE_COMPATIBILITY_VERSION, **duckdb_resources()}
