"""Dagster resources: where the raw files are, and the warehouse being built."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource
from pydantic import Field

from pipelines.lib import config, lock, publish
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

    def root(self) -> Path:
        """The directory as a path."""
        return Path(self.path)


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

    @contextmanager
    def connect(self, run_id: str) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection to this run's build file, closed whatever happens."""
        resource = DuckDBResource(
            database=str(self.build_for(run_id)), connection_config=config.duckdb_write_config()
        )
        with write_connection(resource) as con:
            yield con
