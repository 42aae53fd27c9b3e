"""Analysts open the sample warehouse read-only, from Python and from the DuckDB CLI, and
neither can run a command, change a setting or write a file anywhere; the dashboard
answers on this computer only."""

from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import duckdb
import pytest

from pipelines.analyst import connect
from tests import browser
from tests.conftest import PROJECT_ROOT


@pytest.fixture
def copied(warehouse: Path, tmp_path: Path) -> Path:
    """A copy of the sample warehouse in a directory of its own: what is written beside it
    shows."""
    path = tmp_path / "published" / "warehouse.duckdb"
    path.parent.mkdir()
    shutil.copyfile(warehouse, path)
    return path


def files_under(directory: Path) -> list[str]:
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*"))


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


@pytest.mark.parametrize(
    "statement",
    [
        "set memory_limit = '30MB'",
        "pragma memory_limit = '30MB'",
        "set threads = 1",
        "set temp_directory = '/tmp'",
        "reset temp_directory",
        "set enable_external_access = true",
        "set lock_configuration = false",
        "set allowed_directories = ['/tmp']",
    ],
)
def test_python_helper_refuses_every_setting(warehouse: Path, statement: str) -> None:
    with connect(warehouse) as con:
        with pytest.raises(duckdb.InvalidInputException, match="configuration has been locked"):
            con.execute(statement)
        assert con.execute("select count(*) from raw.kasus").fetchall() == [(128,)]


def test_python_helper_writes_nothing_beside_the_warehouse(copied: Path) -> None:
    """With `set memory_limit = '30MB'` a large sort used to spill to `<warehouse>.tmp/`,
    and `copy ... to` that directory then wrote files there."""
    directory = copied.parent
    spill = copied.with_name("warehouse.duckdb.tmp")
    big_sort = "select i, md5(i::varchar) as s from range(3000000) t(i) order by s"
    with connect(copied) as con:
        with pytest.raises(duckdb.InvalidInputException, match="locked"):
            con.execute("set memory_limit = '30MB'")
        rows = con.execute(f"select count(*), count(distinct s) from ({big_sort})").fetchall()
        assert rows == [(3000000, 3000000)]
        assert not spill.exists()
        # A temporary directory left there by an earlier program is no way out either.
        spill.mkdir()
        for target in (spill / "out.csv", directory / "out.csv"):
            with pytest.raises(duckdb.PermissionException):
                con.execute(f"copy (select * from raw.kasus) to '{target}'")
        # Reading is all it does, as before: the marts, the raw rows, the audit tables.
        assert con.execute(
            "select sum(cases) from marts.fct_cases_annual where office_code = 'JATENG'"
        ).fetchall() == [(128,)]
        assert con.execute("select count(*) from audit.file_ledger").fetchone()[0] > 0
    assert files_under(spill) == []
    assert files_under(directory) == ["warehouse.duckdb", "warehouse.duckdb.tmp"]


def documented_cli_command() -> list[str]:
    """The DuckDB command line exactly as docs/warehouse.md gives it."""
    doc = (PROJECT_ROOT / "docs" / "warehouse.md").read_text()
    line = next(x for x in doc.splitlines() if x.startswith(".venv/bin/duckdb -readonly"))
    return shlex.split(line)


def cli_command(warehouse: Path) -> list[str]:
    command = documented_cli_command()
    command[0] = shutil.which("duckdb", path=str(Path(sys.executable).parent))
    command[-1] = str(warehouse)
    return command


def run_cli(warehouse: Path, sql: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*cli_command(warehouse), "-csv", "-c", sql], capture_output=True, text=True
    )


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


def test_duckdb_cli_runs_no_command_and_writes_no_file(copied: Path, tmp_path: Path) -> None:
    """What an analyst types into `make sql`: the shell's own commands that run programs,
    write or read files are refused (safe mode), and so is every setting."""
    spill = copied.with_name("warehouse.duckdb.tmp")
    spill.mkdir()  # left by an earlier program: no way out either
    ran, output = tmp_path / "ran", tmp_path / "output.txt"
    script = "\n".join(
        [
            f".system touch {ran}",
            f".shell touch {ran}",
            f".output {output}",
            "select 'first' as answer;",
            f".once {output}",
            ".read /etc/hostname",
            f".open {tmp_path / 'other.duckdb'}",
            "set memory_limit = '30MB';",
            "set enable_external_access = true;",
            f"copy (select 1) to '{spill / 'out.csv'}';",
            f"copy (select 1) to '{output}';",
            "select 'last' as answer;",
            "",
        ]
    )
    result = subprocess.run(
        [*cli_command(copied), "-csv"], input=script, capture_output=True, text=True
    )
    refused = result.stderr
    assert ".sh/.system cannot be used in -safe mode" in refused
    assert ".output/.once/.excel cannot be used in -safe mode" in refused
    assert ".read cannot be used in -safe mode" in refused
    assert ".open cannot be used in -safe mode" in refused
    assert len(re.findall("the configuration has been locked", refused)) == 2
    assert len(re.findall("disabled by configuration", refused)) == 2
    # The queries answered on the screen, not in a file; the shell went on to the end.
    assert result.stdout.split() == ["answer", "first", "answer", "last"]
    hostname = Path("/etc/hostname")
    if hostname.exists() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in result.stdout + result.stderr
    assert not ran.exists() and not output.exists()
    assert files_under(tmp_path) == [
        "published",
        "published/warehouse.duckdb",
        "published/warehouse.duckdb.tmp",
    ]


def test_make_sql_runs_the_documented_command() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    recipe = makefile.split("\nsql:", 1)[1].splitlines()[1].strip()
    expected = documented_cli_command()
    expected[0] = "$(BIN)/duckdb"
    expected[-1] = "$${WAREHOUSE_PATH:-warehouse/warehouse.duckdb}"
    assert shlex.split(recipe) == expected


def test_missing_warehouse_is_explained(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="make refresh"):
        connect(tmp_path / "none.duckdb")


# The dashboard: Streamlit binds every interface unless told otherwise, and has no login.


def test_the_dashboard_s_commands_and_settings_bind_loopback_only() -> None:
    docstring = ast.get_docstring(ast.parse((PROJECT_ROOT / "bi" / "app.py").read_text()))
    [line] = [x for x in docstring.splitlines() if "streamlit run" in x]
    command = shlex.split(line.split("#")[0])
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    recipe = makefile.split("\nbi:", 1)[1].split("\n\n", 1)[0]
    assert "--server.address 127.0.0.1" in recipe
    settings = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert settings["server"]["address"] == "127.0.0.1"
    assert settings["server"]["headless"] is True
    assert settings["browser"]["gatherUsageStats"] is False


def listening(port: int) -> set[str]:
    """The local addresses of the TCP sockets listening on ``port``, as Linux lists them
    (``ss -ltn``): ``127.0.0.1``, ``0.0.0.0``, ``::``..."""
    found = set()
    for table, family in (("tcp", socket.AF_INET), ("tcp6", socket.AF_INET6)):
        path = Path("/proc/net") / table
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, local_port = local.split(":")
            if state != "0A" or int(local_port, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)
            # /proc writes the address as 32-bit words in the host's order.
            words = [raw[i : i + 4][::-1] for i in range(0, len(raw), 4)]
            found.add(socket.inet_ntop(family, b"".join(words)))
    return found


def test_a_bare_streamlit_run_from_the_project_root_listens_on_loopback_only(
    copied: Path, tmp_path: Path
) -> None:
    """`streamlit run bi/app.py` without any address: the project's settings keep it on
    127.0.0.1 (without them Streamlit listens on every interface)."""
    if not Path("/proc/net/tcp").exists():
        pytest.skip("lists listening sockets from /proc/net (Linux)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "WAREHOUSE_PATH": str(copied), "HOME": str(tmp_path)}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("streamlit")),
            "run",
            "bi/app.py",
            f"--server.port={port}",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert browser.wait_for_http(f"http://127.0.0.1:{port}/_stcore/health") == "ok"
        assert listening(port) == {"127.0.0.1"}
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_documented_python_snippet_works_from_any_folder(
    warehouse: Path, tmp_path: Path
) -> None:
    """docs/warehouse.md's snippet: the project is installed in the environment (``make
    setup``: pip install -e .)."""
    doc = (PROJECT_ROOT / "docs" / "warehouse.md").read_text()
    snippet = doc.split("```python\nfrom pipelines.analyst import connect", 1)[1].split("```")[0]
    code = "from pipelines.analyst import connect" + snippet
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "WAREHOUSE_PATH": str(warehouse), "PYTHONPATH": ""},
    )
    assert run.returncode == 0, run.stderr
    assert "negara" in run.stdout
