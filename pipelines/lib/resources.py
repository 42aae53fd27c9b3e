"""Dagster resources: where the raw files are, and the warehouse being built."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from pipelines.lib import config, publish
from pipelines.lib.warehouse import write_connection


class RawDirectory(dg.ConfigurableResource):
    """The raw directory: one folder per feed, as the source systems deliver them."""

    path: str

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
