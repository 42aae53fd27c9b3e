"""Analysts open the sample warehouse read-only, from Python and from the DuckDB CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.analyst import connect


def test_python_helper_reads_and_cannot_write(warehouse: Path) -> None:
    with connect(warehouse) as con:
        assert con.execute("select count(*) from raw.penempatan").fetchone() == (25207,)
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("delete from raw.penempatan")
        with pytest.raises(duckdb.PermissionException):
            con.execute("select * from read_csv('/etc/passwd')").fetchall()


def test_duckdb_cli_opens_the_file_read_only(warehouse: Path) -> None:
    cli = shutil.which("duckdb", path=str(Path(sys.executable).parent))
    assert cli, "the duckdb command is installed with the project (duckdb-cli)"
    out = subprocess.run(
        [cli, "-readonly", "-csv", str(warehouse), "-c", "select count(*) from raw.kasus"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["count_star()", "128"]


def test_missing_warehouse_is_explained(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="make refresh"):
        connect(tmp_path / "none.duckdb")
