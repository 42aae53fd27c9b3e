"""Dagster resources: where the raw files are (the warehouse is dagster-duckdb's)."""

from pathlib import Path

import dagster as dg


class RawDirectory(dg.ConfigurableResource):
    """The raw directory: one folder per feed, as the source systems deliver them."""

    path: str

    def root(self) -> Path:
        """The directory as a path."""
        return Path(self.path)
