"""Connections to the warehouse that never outlive their work."""

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
from dagster_duckdb import DuckDBResource


@contextmanager
def write_connection(resource: DuckDBResource) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection that is closed even when the work fails.

    DuckDB lets one process write a file at a time, and dbt runs in its own
    process: a connection left open by a failed step would lock it out.
    """
    with resource.get_connection() as con:
        try:
            yield con
        finally:
            con.close()
