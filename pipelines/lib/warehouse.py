"""Connections to the warehouse that never outlive their work, and what a warehouse holds."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:  # a type only: report workers import this module without Dagster
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


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """Whether the warehouse has the table ``schema.table``."""
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
            [schema, table],
        ).fetchall()[0][0]
    )
