"""Analysts open the sample warehouse read-only, from Python and from the DuckDB CLI."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.analyst import connect
from tests.conftest import PROJECT_ROOT


def test_python_helper_reads_and_cannot_write(warehouse: Path, tmp_path: Path) -> None:
    with connect(warehouse) as con:
        assert con.execute("select count(*) from raw.penempatan").fetchall() == [(25207,)]
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("delete from raw.penempatan")
        with pytest.raises(duckdb.PermissionException):
            con.execute("select * from read_csv('/etc/passwd')").fetchall()
        with pytest.raises(duckdb.PermissionException):
            con.execute(f"copy (select 1) to '{tmp_path / 'out.csv'}'")
    assert not (tmp_path / "out.csv").exists()


def readme_cli_command() -> list[str]:
    """The DuckDB command line exactly as the README gives it."""
    readme = (PROJECT_ROOT / "README.md").read_text()
    line = next(x for x in readme.splitlines() if x.startswith(".venv/bin/duckdb -readonly"))
    return shlex.split(line)


def run_cli(warehouse: Path, sql: str) -> subprocess.CompletedProcess:
    command = readme_cli_command()
    command[0] = shutil.which("duckdb", path=str(Path(sys.executable).parent))
    command[-1] = str(warehouse)
    return subprocess.run([*command, "-csv", "-c", sql], capture_output=True, text=True)


def test_duckdb_cli_opens_the_file_read_only(warehouse: Path, tmp_path: Path) -> None:
    out = run_cli(warehouse, "select count(*) from raw.kasus")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["count_star()", "128"]
    passwd = run_cli(warehouse, "select * from read_csv('/etc/passwd')")
    assert "disabled by configuration" in passwd.stderr
    assert "root" not in passwd.stdout
    target = tmp_path / "out.csv"
    written = run_cli(warehouse, f"copy (select 1) to '{target}'")
    assert written.stderr
    assert not target.exists()


def test_missing_warehouse_is_explained(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="make refresh"):
        connect(tmp_path / "none.duckdb")
