"""Dagster resources: where the raw files are, and the warehouse being built."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource
from pydantic import Field

from pipelines.lib import config, lock, publish
from pipelines.lib.lake import LakeTarget
from pipelines.lib.pseudonym import KeySource
from pipelines.lib.removals import MAX_REMOVED_SHARE
from pipelines.lib.warehouse import write_connection

# The tag the command line sets on its runs, saying who started them.
STARTED_BY_TAG = "bp3mi/started_by"


def started_by(tags: dict[str, str]) -> str:
    """Who started a run, in words, from its tags."""
    if tags.get(STARTED_BY_TAG):
        return tags[STARTED_BY_TAG]
    if tags.get("dagster/schedule_name"):
        return f"the schedule {tags['dagster/schedule_name']}"
    if tags.get("dagster/sensor_name"):
        return f"the sensor {tags['dagster/sensor_name']}"
    return "Dagster (UI or API)"


class RawDirectory(dg.ConfigurableResource):
    """The raw directory: one folder per feed, as the source systems deliver them."""

    path: str
    allow_removals: bool = Field(
        default=False,
        description="Let this refresh remove every file of an office, or more than "
        "max_removed_share of all files (pipelines/lib/removals.py).",
    )
    max_removed_share: float = Field(
        default=MAX_REMOVED_SHARE,
        description="The share of the warehouse's files a refresh may remove without "
        "allow_removals.",
    )

    follow_symlinks: bool = Field(
        default=config.SETTING["raw_follow_symlinks"].default,
        description="Read a raw file that is a symbolic link to a file outside the raw "
        "directory (RAW_FOLLOW_SYMLINKS).",
    )
    xlsx_max_uncompressed_mb: int = Field(
        default=config.SETTING["xlsx_max_uncompressed_mb"].default,
        description="The most a raw workbook's parts may take once uncompressed, in MB "
        "(XLSX_MAX_UNCOMPRESSED_MB).",
    )

    @classmethod
    def from_settings(
        cls, settings: config.Settings, path: Path | None = None, **fields: Any
    ) -> RawDirectory:
        """The raw directory ``path`` (by default ``settings.raw_dir``), read as ``settings``
        say; ``fields`` are the resource's other fields."""
        return cls(
            path=str(path or settings.raw_dir),
            follow_symlinks=settings.raw_follow_symlinks,
            xlsx_max_uncompressed_mb=settings.xlsx_max_uncompressed_mb,
            **fields,
        )

    def root(self) -> Path:
        """The directory as a path."""
        return Path(self.path)


def _by_name(value: str) -> str | dg.EnvVar:
    """A secret read from the environment, by its variable's name: Dagster keeps a
    resource's values in its run history and shows them in its UI; the variable's name is
    kept there, not the secret (a password, the pseudonym key)."""
    return dg.EnvVar(value.variable) if isinstance(value, config.FromVariable) else value


def _duckdb_field(option: str) -> Any:
    """The warehouse resource's field of a DuckDB option: its setting's default and words."""
    setting = config.SETTING[config.DUCKDB_OPTIONS[option]]
    return Field(
        default=setting.default,
        description=f"{setting.variable}: {setting.description.replace('`', '')}",
    )


class Warehouse(dg.ConfigurableResource):
    """The published warehouse file, and the build file each run writes instead.

    Every step of a run writes the same build file, ``<path>.build-<run id>``,
    which starts as a copy of the published file; the publish step moves it
    over ``path``. ``build_path`` fixes the file to write (tests of single
    steps use it; nothing is published then).
    """

    path: str
    build_path: str | None = None
    lock_wait_seconds: float = Field(
        default=lock.RUN_WAIT_SECONDS,
        description="How long a run waits for another refresh of the same warehouse to end "
        "before it fails (pipelines/lib/lock.py).",
    )
    rekey: bool = Field(
        default=False,
        description="Build every pseudonym anew with the key of this run, although the "
        "warehouse records another (--rekey; pipelines/lib/keyguard.py). Without it a run "
        "whose key is not the warehouse's stops before loading.",
    )
    # DuckDB's options (config.DUCKDB_OPTIONS), for the steps and dbt; default and words
    # from their settings. temp_directory none: .duckdb_tmp/ beside the published warehouse.
    memory_limit: str = _duckdb_field("memory_limit")
    threads: int | None = _duckdb_field("threads")
    temp_directory: str | None = _duckdb_field("temp_directory")
    lake_url: str | None = Field(
        default=None,
        description="A DuckLake (ducklake:postgres:...) the warehouse is also published into "
        "(WAREHOUSE_URL); none: the file only. docs/deploy.md.",
    )
    lake_data_path: str | None = Field(
        default=None,
        description="Where the DuckLake's Parquet files go (WAREHOUSE_DATA_PATH).",
    )
    pseudonym_key: str | None = Field(
        default=None,
        description="The pseudonym key in hex (PSEUDONYM_KEY); none: the key file's.",
    )
    pseudonym_key_file: str = Field(
        default=str(config.SETTING["pseudonym_key_file"].default),
        description="The pseudonym key file (PSEUDONYM_KEY_FILE), created by the first "
        "refresh; pipelines/lib/pseudonym.py.",
    )
    reference_date: str | None = Field(
        default=None,
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        description="The day (YYYY-MM-DD) the marts judge which periods have ended "
        "(marts.fct_office_year_status); none: the day dbt runs, in Jakarta. Tests fix "
        'it; docs/warehouse.md, "What has arrived".',
    )

    due_days: dict[str, int] = Field(
        default={kind: config.SETTING[field].default
                 for kind, field in config.DUE_DAYS_FIELDS.items()},
        description="Days after a period ends by which a file is due, per period kind "
        "(DUE_DAYS_MONTHLY, DUE_DAYS_ANNUAL, DUE_DAYS_STANDING); passed to dbt for "
        'marts.fct_deliveries.due_date. docs/operations.md, "Due dates".',
    )  # fmt: skip
    due_days_by_feed: dict[str, int] = Field(
        default={},
        description="A feed's own due days instead of its period kind's (DUE_DAYS_BY_FEED).",
    )

    @classmethod
    def from_settings(
        cls, settings: config.Settings, path: Path | None = None, **fields: Any
    ) -> Warehouse:
        """The warehouse ``path`` (by default ``settings.warehouse``) with the DuckDB
        settings of ``settings``; ``fields`` are the resource's other fields."""
        duckdb_options = {
            option: str(value) if isinstance(value := getattr(settings, field), Path) else value
            for option, field in config.DUCKDB_OPTIONS.items()
        }
        given = {
            "lake_url": _by_name(settings.warehouse_url),
            "lake_data_path": settings.warehouse_data_path,
            "pseudonym_key": _by_name(settings.pseudonym_key),
        }
        return cls(
            path=str(path or settings.warehouse),
            pseudonym_key_file=str(settings.pseudonym_key_file),
            due_days=settings.due_days(),
            due_days_by_feed=settings.due_days_by_feed,
            **duckdb_options,
            **{**{k: v for k, v in given.items() if v}, **fields},
        )

    def key_source(self) -> KeySource:
        """Where the pseudonym key of this warehouse's refresh comes from."""
        return KeySource(self.pseudonym_key or "", Path(self.pseudonym_key_file).expanduser())

    def lake(self) -> LakeTarget | None:
        """The DuckLake the warehouse is also published into, if one is set."""
        if not self.lake_url:
            return None
        return LakeTarget(self.lake_url, self.lake_data_path or "")

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Generator[Warehouse]:
        """A run holds the warehouse's refresh lock from its start to its end.

        Sensors use this resource too, outside any run: they take no lock.
        """
        run = context.run
        if run is None:
            yield self
            return
        with lock.hold(
            self.published(),
            wait_seconds=self.lock_wait_seconds,
            run_id=run.run_id,
            started_by=started_by(run.tags),
            on_wait=context.log.warning if context.log else None,
        ):
            yield self

    def published(self) -> Path:
        """The file analysts and BI tools open."""
        return Path(self.path).resolve()

    def build_for(self, run_id: str) -> Path:
        """This run's build file, prepared on first use."""
        if self.build_path:
            return Path(self.build_path).resolve()
        published = self.published()
        return publish.prepare_build(published, publish.build_path(published, run_id))

    def spill_directory(self) -> Path:
        """Where DuckDB spills: ``temp_directory``, else ``.duckdb_tmp/`` beside the
        published file (every run's build is there too)."""
        temp = Path(self.temp_directory).resolve() if self.temp_directory else None
        return config.spill_directory(self.published(), temp)

    def connection_config(self) -> dict[str, str]:
        """DuckDB's settings for every read-write connection of a run, dbt's included."""
        options = {option: getattr(self, option) for option in config.DUCKDB_OPTIONS}
        return config.duckdb_config({**options, "temp_directory": self.spill_directory()})

    def dbt_vars(self, database: Path) -> dict[str, Any]:
        """What ``dbt_project/profiles.yml`` reads (``--vars``) to open ``database``.

        The same values as :meth:`connect`'s. They must not change from one
        refresh of a warehouse to the next: dbt parses the whole project again
        (some 5 s) when its profile differs from its last parse's: so a
        ``reference_date`` is passed only when one is fixed (dbt takes the day it runs
        otherwise, macros/deliveries.sql). The due days are the settings' (the same every
        night unless an operator changes them).
        """
        fixed = {"reference_date": self.reference_date} if self.reference_date else {}
        return {
            "warehouse_path": str(database),
            "duckdb_config": self.connection_config(),
            "dbt_threads": config.DBT_THREADS,
            "due_days": self.due_days,
            "due_days_by_feed": self.due_days_by_feed,
            **fixed,
        }

    @contextmanager
    def connect(self, run_id: str) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection to this run's build file, closed whatever happens."""
        resource = DuckDBResource(
            database=str(self.build_for(run_id)), connection_config=self.connection_config()
        )
        with write_connection(resource) as con:
            yield con
