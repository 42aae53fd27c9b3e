"""How analysts open the warehouse from Python: read-only, no access outside it.

    from pipelines.analyst import connect
    con = connect()
    con.sql("select * from raw.penempatan limit 5").show()

A read-only connection never blocks the nightly refresh from reading, and
with external access disabled a query cannot read or write files elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.lib import config

READ_ONLY_CONFIG = {"enable_external_access": "false"}


def connect(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """Open the published warehouse (``WAREHOUSE_PATH`` by default) read-only."""
    database = Path(path) if path is not None else config.warehouse_path()
    if not database.is_file():
        raise FileNotFoundError(f"{database}: no warehouse here yet; run `make refresh` first")
    return duckdb.connect(str(database), read_only=True, config=READ_ONLY_CONFIG)
