"""The settings of the pipeline: read from the environment here, and only here.

Every setting is one row of :data:`SETTINGS` (its field, environment
variable, default and description; the "Configuration" table of
docs/operations.md is checked against it by ``tests/test_settings.py``) and one
field of the frozen
:class:`Settings`. :meth:`Settings.from_env` reads them all at once; the rest
of the pipeline is handed the values:

- The command line (``pipelines/cli.py``) reads :class:`Settings` once: its
  language (``REFRESH_LANG``) and Dagster home (``DAGSTER_HOME``), and the raw
  directory and warehouse its options do not give, which it passes to
  ``build_definitions``.
- Dagster's code location (``pipelines/definitions.py``) reads them once, when
  it is first loaded. The DuckDB settings become fields of the warehouse
  resource (``pipelines/lib/resources.py``: ``Warehouse.memory_limit``,
  ``threads``, ``temp_directory``), which opens every connection of a run with
  them and hands the same values to dbt as ``--vars``
  (``Warehouse.dbt_vars``; ``dbt_project/profiles.yml`` has no default of its
  own). ``python -m pipelines dbt`` and the data dictionary do the same.
- The functions at the end (:func:`raw_dir`, :func:`warehouse_path`,
  :func:`raw_follow_symlinks`, ...) read one setting when called, for code
  that is not handed :class:`Settings`: the raw file readers, the pseudonym
  key (a corrected key is taken at once), analysts' connections, the
  dashboard.

A value that cannot be read (``DUCKDB_THREADS=many``) raises a
:class:`SettingError` naming the variable. Relative paths in variables are
taken from the current directory; the defaults are relative to the project.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.lib import messages, secrets

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# The warehouse file is written in the storage format of DuckDB 1.4 (the long-term
# release), so that readers with an older DuckDB (BI drivers, the duckdb-cli package,
# which trails the library) can open it. Set when the file is created.
STORAGE_COMPATIBILITY_VERSION = "v1.4.0"

# DuckDB spills to disk beyond this: it bounds the refresh, not the warehouse
# (a refresh stays under 2 GiB whatever the size of the warehouse; docs/performance.md).
DEFAULT_MEMORY_LIMIT = "1GB"
DEFAULT_XLSX_MAX_UNCOMPRESSED_MB = 200
# DuckDB spills here, beside the published warehouse, unless DUCKDB_TEMP_DIRECTORY says.
SPILL_FOLDER = ".duckdb_tmp"
# dbt's threads (models built at once), not DuckDB's: 2 measured faster than 4 or 8
# (docs/performance.md, "dbt `threads`"). Not a setting of the environment.
DBT_THREADS = 2


class SettingError(ValueError):
    """A setting's value cannot be read; the message names the variable."""


def _path(text: str) -> Path:
    return Path(text).expanduser().resolve()


def _switch(text: str) -> bool:
    return text == "1"


def _lake_url(text: str) -> str:
    if not text.startswith("ducklake:postgres:"):
        raise ValueError("a DuckLake with a PostgreSQL catalog is written ducklake:postgres:...")
    return text


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError("not a positive whole number")
    return value


@dataclass(frozen=True)
class Setting:
    """One setting: the field of :class:`Settings`, its variable, its default, what it is.

    ``shown`` is the default in the words of docs/operations.md's table; ``description``
    is that table's too. ``parse`` turns a variable's value (set, not blank) into the
    field's; an unset or blank variable gives ``default``.
    """

    field: str
    variable: str
    default: Any
    shown: str
    description: str
    parse: Callable[[str], Any] = str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "raw_dir", "RAW_DIR", PROJECT_ROOT / "raw", "`raw/`",
        "the raw directory: one folder per feed; `--raw-dir` of the command line",
        _path,
    ),
    Setting(
        "raw_follow_symlinks", "RAW_FOLLOW_SYMLINKS", False, "off",
        "`1`: a raw file may be a symbolic link to a file outside the raw directory "
        "(by default refused, rule `symlink`; links inside it are always followed)",
        _switch,
    ),
    Setting(
        "xlsx_max_uncompressed_mb", "XLSX_MAX_UNCOMPRESSED_MB", DEFAULT_XLSX_MAX_UNCOMPRESSED_MB,
        f"`{DEFAULT_XLSX_MAX_UNCOMPRESSED_MB}`",
        "the most a raw workbook's parts may take once uncompressed; a larger one, or one "
        "whose part claims to expand over 100 times, is refused before it is read "
        "(rule `xlsx_too_large`)",
        _positive_int,
    ),
    Setting(
        "warehouse", "WAREHOUSE_PATH", PROJECT_ROOT / "warehouse" / "warehouse.duckdb",
        "`warehouse/warehouse.duckdb`",
        "the DuckDB file that is built; `--warehouse` of the command line",
        _path,
    ),
    Setting(
        "warehouse_url", "WAREHOUSE_URL", "", "none",
        "`ducklake:postgres:<connection>`: also publish into this DuckLake (its catalog in "
        "PostgreSQL, its data as Parquet files under `WAREHOUSE_DATA_PATH`), for readers on "
        "other machines; unset: the embedded file only (docs/deploy.md)",
        _lake_url,
    ),
    Setting(
        "warehouse_data_path", "WAREHOUSE_DATA_PATH", "", "none",
        "where the DuckLake's Parquet files go: a shared folder (or an S3-compatible URL); "
        "needed with `WAREHOUSE_URL`",
    ),
    Setting(
        "pseudonym_key", "PSEUDONYM_KEY", "", "none",
        "key of the person pseudonyms, 64 hex digits; when set, the key file is not read",
    ),
    Setting(
        "pseudonym_key_file", "PSEUDONYM_KEY_FILE",
        Path("~") / ".config" / "bp3mi-warehouse" / "pseudonym.key",
        "`~/.config/bp3mi-warehouse/pseudonym.key`",
        "the key file, created by the first refresh; only its owner's (`chmod 600`), "
        "outside the repository; every user that runs the refresh needs the same key",
        _path,
    ),
    Setting(
        "duckdb_memory_limit", "DUCKDB_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT,
        f"`{DEFAULT_MEMORY_LIMIT}`",
        "DuckDB's memory limit for the refresh, ingest and dbt (the warehouse resource's "
        "`memory_limit`)",
    ),
    Setting(
        "duckdb_threads", "DUCKDB_THREADS", None, "every core",
        "DuckDB's threads for the refresh, ingest and dbt (the resource's `threads`)",
        _positive_int,
    ),
    Setting(
        "duckdb_temp_directory", "DUCKDB_TEMP_DIRECTORY", None,
        f"`{SPILL_FOLDER}/` beside the warehouse",
        "where DuckDB spills what does not fit in memory, ingest and dbt (the resource's "
        "`temp_directory`)",
        _path,
    ),
    Setting(
        "language", "REFRESH_LANG", messages.DEFAULT_LANGUAGE, f"`{messages.DEFAULT_LANGUAGE}`",
        "language of what the command line prints: `id` (Bahasa Indonesia) or `en`; "
        "`--lang` of the command line",
        messages.language,
    ),
    Setting(
        "dagster_home", "DAGSTER_HOME", PROJECT_ROOT / ".dagster_home", "`.dagster_home/`",
        "where Dagster keeps its run history (the web UI's, `make dev`): a command-line "
        "refresh is recorded there too, and shows in the UI's run list",
        _path,
    ),
)  # fmt: skip
SETTING = {setting.field: setting for setting in SETTINGS}


def _read(setting: Setting, environ: Mapping[str, str]) -> Any:
    """The one place that reads the environment."""
    text = environ.get(setting.variable, "").strip()
    if not text:
        default = setting.default
        return default.expanduser() if isinstance(default, Path) else default
    try:
        return setting.parse(text)
    except ValueError as error:
        shown = secrets.scrub(text)  # WAREHOUSE_URL's password, if any, left out
        raise SettingError(f"{setting.variable}={shown!r} cannot be used: {error}") from None


@dataclass(frozen=True)
class Settings:
    """Every setting's value (:data:`SETTINGS` says which variable and default)."""

    raw_dir: Path
    warehouse: Path
    warehouse_url: str
    warehouse_data_path: str
    pseudonym_key: str
    pseudonym_key_file: Path
    duckdb_memory_limit: str
    duckdb_threads: int | None
    duckdb_temp_directory: Path | None
    raw_follow_symlinks: bool
    xlsx_max_uncompressed_mb: int
    language: str
    dagster_home: Path | None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """The settings of ``environ`` (by default this process's environment)."""
        settings = cls(**{setting.field: _read(setting, environ) for setting in SETTINGS})
        if settings.warehouse_url and not settings.warehouse_data_path:
            raise SettingError("WAREHOUSE_URL is set but not WAREHOUSE_DATA_PATH: say where "
                               "the DuckLake's Parquet files go")  # fmt: skip
        return settings

    def replace(self, **changes: Any) -> Settings:
        """These settings with some changed (the command line's options)."""
        return dataclasses.replace(self, **changes)


def duckdb_config(memory_limit: str, threads: int | None, temp_directory: Path) -> dict[str, str]:
    """The configuration of every read-write connection to a warehouse (and dbt's)."""
    settings = {
        "storage_compatibility_version": STORAGE_COMPATIBILITY_VERSION,
        "memory_limit": memory_limit,
        "temp_directory": str(temp_directory),
    }
    if threads is not None:
        settings["threads"] = str(threads)
    return settings


def spill_directory(warehouse: Path, temp_directory: Path | None = None) -> Path:
    """Where DuckDB spills: ``temp_directory``, else ``.duckdb_tmp/`` beside ``warehouse``."""
    return temp_directory or warehouse.parent / SPILL_FOLDER


# --- one setting, read when called: for code that is not handed Settings ----------


def _setting(field: str) -> Any:
    return _read(SETTING[field], os.environ)


def raw_dir() -> Path:
    """The raw directory (``RAW_DIR``)."""
    return _setting("raw_dir")


def warehouse_path() -> Path:
    """The DuckDB warehouse file (``WAREHOUSE_PATH``)."""
    return _setting("warehouse")


def warehouse_url() -> tuple[str, str]:
    """The DuckLake the warehouse is also published into, and its data path (``WAREHOUSE_URL``,
    ``WAREHOUSE_DATA_PATH``); ``("", "")`` for the embedded file only."""
    return _setting("warehouse_url"), _setting("warehouse_data_path")


def pseudonym_key() -> str:
    """The pseudonym key in hex (``PSEUDONYM_KEY``), or ``""`` for the key file's."""
    return _setting("pseudonym_key")


def pseudonym_key_file() -> Path:
    """The key file for person pseudonyms (``PSEUDONYM_KEY_FILE``)."""
    return _setting("pseudonym_key_file")


def raw_follow_symlinks() -> bool:
    """Whether a raw file may be a symbolic link to a file outside the raw directory.

    ``RAW_FOLLOW_SYMLINKS=1`` allows it; by default such a link is refused
    (a link to ``/dev/zero`` or to another office's files is not a delivery).
    """
    return _setting("raw_follow_symlinks")


def xlsx_max_uncompressed_mb() -> int:
    """The largest uncompressed size of a raw workbook (``XLSX_MAX_UNCOMPRESSED_MB``).

    A workbook is a zip of XML parts; its memory cost follows their
    uncompressed size, not the file's.
    """
    return _setting("xlsx_max_uncompressed_mb")


def duckdb_write_config(warehouse: Path | None = None) -> dict[str, str]:
    """The DuckDB settings of the environment, spilling beside ``warehouse``.

    For code that has no warehouse resource at hand; a run's steps use
    ``Warehouse.connection_config()``.
    """
    return duckdb_config(
        _setting("duckdb_memory_limit"),
        _setting("duckdb_threads"),
        spill_directory(warehouse or warehouse_path(), _setting("duckdb_temp_directory")),
    )
