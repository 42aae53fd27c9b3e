"""How analysts open the warehouse from Python: read-only, no access outside it.

    from pipelines.analyst import connect
    con = connect()
    con.sql("select * from raw.penempatan limit 5").show()

A read-only connection never blocks the nightly refresh from reading, and
with external access disabled a query cannot read or write files elsewhere.
Nor can it write beside the warehouse: DuckDB's temporary directory, where it
spills what does not fit in memory (``<warehouse>.tmp/`` by default) and where
it would let ``COPY ... TO`` write, is switched off, and the configuration is
locked, so that no ``SET`` (of the memory limit, the temporary directory, the
external access) can change any of it. A query larger than memory fails with
DuckDB's out-of-memory error instead of spilling to disk.

On a machine that reads the national warehouse (a DuckLake, docs/deploy.md),
:func:`connect_lake` attaches it read-only the same way.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.lib import config

READ_ONLY_CONFIG = {
    "enable_external_access": "false",
    # '' switches spilling off: no temporary directory is created, nor may COPY write there.
    "temp_directory": "",
    # Last: once locked, no SET or PRAGMA changes a setting of this connection.
    "lock_configuration": "true",
}


def connect(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """Open the published warehouse (``WAREHOUSE_PATH`` by default) read-only."""
    database = Path(path) if path is not None else config.warehouse_path()
    if not database.is_file():
        raise FileNotFoundError(f"{database}: no warehouse here yet; run `make refresh` first")
    return duckdb.connect(str(database), read_only=True, config=READ_ONLY_CONFIG)


def connect_lake(url: str | None = None) -> duckdb.DuckDBPyConnection:
    """Attach the DuckLake (``WAREHOUSE_URL`` by default) read-only, as the current catalog.

    Queries then name tables as on the file (``raw.penempatan``,
    ``marts.fct_kpi_annual``); each sees one published state of the lake.
    The guarantees of :func:`connect`, set once the lake is attached (its
    extensions are loaded first: none can be loaded afterwards): no
    temporary directory; external access off, so that no file is read or
    written and no other database attached (a PostgreSQL one included),
    except the lake's own data folder (``allowed_directories``: DuckLake
    reads its Parquet files there); and the configuration locked. The
    PostgreSQL catalog is reached through the lake's attachment, read-only.
    """
    from pipelines.lib.lake import connect_lake as attach

    url = url or config.warehouse_url()[0]
    if not url:
        raise ValueError("no lake to read: set WAREHOUSE_URL (ducklake:postgres:...)")
    con = attach(url, read_only=True, alias="warehouse")
    try:
        con.execute("use warehouse")
        [(data_path,)] = con.execute(
            "select data_path from ducklake_settings('warehouse')"
        ).fetchall()
        folder = data_path if data_path.endswith("/") else data_path + "/"
        # In this order: neither setting can be changed once external access is off.
        con.execute("set temp_directory = ''")
        con.execute("set allowed_directories = ?", [[folder]])
        for name, value in READ_ONLY_CONFIG.items():
            if name != "temp_directory":
                con.execute(f"set {name} = {value}")
    except BaseException:
        con.close()
        raise
    return con
