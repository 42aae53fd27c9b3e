"""Settings as values: read from the environment in one place, handed to what uses them.

The "Configuration" table of docs/operations.md is the table of ``pipelines/lib/config.py``;
the warehouse resource owns DuckDB's settings and hands dbt the same values;
the code location is built when Dagster asks for it, not when it is imported.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest
from dagster.components.definitions import LazyDefinitions

from pipelines import cli
from pipelines.lib import config
from pipelines.lib.config import SETTINGS, SettingError, Settings
from pipelines.lib.dbt import DBT_DIR, vars_args
from pipelines.lib.resources import Warehouse
from tests.conftest import PROJECT_ROOT


def documented_settings() -> list[tuple[str, str, str]]:
    """The rows of the table of settings of docs/operations.md: variable, default, what."""
    text = (PROJECT_ROOT / "docs" / "operations.md").read_text()
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    table = section.split("| variable | default | what |\n|---|---|---|\n", 1)[1]
    rows = []
    for line in table.splitlines():
        if not line.startswith("|"):
            break
        variable, default, what = (cell.strip() for cell in line.strip("|").split(" | "))
        rows.append((variable, default, what))
    return rows


def test_the_docs_list_every_setting_as_config_py_defines_it() -> None:
    expected = [(f"`{s.variable}`", s.shown, s.description) for s in SETTINGS]
    assert documented_settings() == expected


def test_one_field_per_setting() -> None:
    assert {f.name for f in dataclasses.fields(Settings)} == {s.field for s in SETTINGS}
    assert len({s.field for s in SETTINGS}) == len(SETTINGS)
    assert len({s.variable for s in SETTINGS}) == len(SETTINGS)


def test_the_defaults_of_an_empty_environment() -> None:
    settings = Settings.from_env({"DUCKDB_THREADS": "  "})
    assert settings.raw_dir == PROJECT_ROOT / "raw"
    assert settings.warehouse == PROJECT_ROOT / "warehouse" / "warehouse.duckdb"
    assert settings.pseudonym_key == ""
    assert settings.pseudonym_key_file == Path.home() / ".config/bp3mi-warehouse/pseudonym.key"
    assert settings.duckdb_memory_limit == config.DEFAULT_MEMORY_LIMIT == "1GB"
    assert settings.duckdb_threads is None  # a blank variable is an unset one
    assert settings.duckdb_temp_directory is None
    assert settings.raw_follow_symlinks is False
    assert settings.xlsx_max_uncompressed_mb == 100
    assert settings.language == "id"
    assert settings.dagster_home == PROJECT_ROOT / ".dagster_home"  # the web UI's, as make sets it
    # Each documented default names the value config.py uses.
    for setting in SETTINGS:
        if isinstance(setting.default, Path) and setting.default.is_absolute():
            assert f"`{setting.default.relative_to(PROJECT_ROOT).parts[0]}/" in setting.shown
        elif isinstance(setting.default, Path):
            assert f"`{setting.default}`" == setting.shown
        elif isinstance(setting.default, (int, str)) and not isinstance(setting.default, bool):
            assert setting.shown in (f"`{setting.default}`", "none")


def test_values_of_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env(
        {
            "RAW_DIR": "raw-jatim",
            "WAREHOUSE_PATH": " /data/jatim/warehouse.duckdb ",
            "PSEUDONYM_KEY": "5e" * 32,
            "DUCKDB_MEMORY_LIMIT": "3GB",
            "DUCKDB_THREADS": "4",
            "DUCKDB_TEMP_DIRECTORY": "/scratch/spill",
            "RAW_FOLLOW_SYMLINKS": "1",
            "XLSX_MAX_UNCOMPRESSED_MB": "50",
            "REFRESH_LANG": "EN",
            "DAGSTER_HOME": "~/dagster",
        }
    )
    assert settings.raw_dir == tmp_path / "raw-jatim"  # relative: to the current directory
    assert settings.warehouse == Path("/data/jatim/warehouse.duckdb")
    assert settings.pseudonym_key == "5e" * 32
    assert settings.duckdb_memory_limit == "3GB"
    assert settings.duckdb_threads == 4
    assert settings.duckdb_temp_directory == Path("/scratch/spill")
    assert settings.raw_follow_symlinks is True
    assert settings.xlsx_max_uncompressed_mb == 50
    assert settings.language == "en"
    assert settings.dagster_home == Path.home() / "dagster"
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.warehouse = tmp_path  # type: ignore[misc]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DUCKDB_THREADS", "many"),
        ("DUCKDB_THREADS", "0"),
        ("DUCKDB_THREADS", str(config.THREADS_PER_CORE * (os.cpu_count() or 1) + 1)),
        ("DUCKDB_THREADS", "99999"),
        ("DUCKDB_MEMORY_LIMIT", "abc"),
        ("DUCKDB_MEMORY_LIMIT", "1000000"),  # no unit: DuckDB refuses it
        ("DUCKDB_MEMORY_LIMIT", "80%"),  # DuckDB has no percentages
        ("DUCKDB_MEMORY_LIMIT", "100MB"),  # below 128MB
        ("DUCKDB_MEMORY_LIMIT", "100TB"),  # beyond the machine's memory
        ("RAW_FOLLOW_SYMLINKS", "maybe"),
        ("RAW_FOLLOW_SYMLINKS", "yes"),
        ("XLSX_MAX_UNCOMPRESSED_MB", "-1"),
        ("XLSX_MAX_UNCOMPRESSED_MB", "2000000"),
        ("REFRESH_LANG", "fr"),
        ("WAREHOUSE_PATH", "/"),  # a folder
        ("DAGSTER_HOME", "/dev/null"),  # a file
    ],
)
def test_a_value_that_cannot_be_read_names_its_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingError, match=f"^{variable}='{value}' cannot be used: "):
        Settings.from_env({variable: value})


def test_values_in_range_are_taken() -> None:
    most = config.THREADS_PER_CORE * (os.cpu_count() or 1)
    for limit in ("128MB", "1 GB", "1gb", "1.5GB", "512MiB", "2GiB"):
        assert Settings.from_env({"DUCKDB_MEMORY_LIMIT": limit}).duckdb_memory_limit == limit
    assert Settings.from_env({"DUCKDB_THREADS": str(most)}).duckdb_threads == most
    assert Settings.from_env({"RAW_FOLLOW_SYMLINKS": "0"}).raw_follow_symlinks is False


def test_the_command_line_refuses_a_setting_that_cannot_be_read(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DUCKDB_THREADS", "many")
    assert cli.main(["validate"]) == 2
    assert "DUCKDB_THREADS='many' tidak dapat dipakai" in capsys.readouterr().err
    assert cli.main(["validate", "--lang", "en"]) == 2
    assert "DUCKDB_THREADS='many' cannot be used" in capsys.readouterr().err


def test_the_accessors_read_their_setting_when_called(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "a.duckdb"))
    monkeypatch.setenv("DUCKDB_THREADS", "many")  # another setting's error is not theirs
    assert config.warehouse_path() == tmp_path / "a.duckdb"
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "b.duckdb"))
    assert config.warehouse_path() == tmp_path / "b.duckdb"
    monkeypatch.setenv("REFRESH_LANG", "en")
    assert config.language() == "en"


def test_only_config_py_reads_the_environment() -> None:
    readers = re.compile(r"os\.environ|os\.getenv|getenv\(")
    found = [
        path.relative_to(PROJECT_ROOT).as_posix()
        for folder in ("pipelines", "bi")
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py"))
        if readers.search(path.read_text())
    ]
    assert found == ["pipelines/lib/config.py"]


def environment_getters() -> set[str]:
    """The functions and methods of config.py that read the environment: those that name
    ``os.environ`` (in their body or a default) or call one of config.py's that does."""
    tree = ast.parse(Path(config.__file__).read_text())
    functions = {
        node.name: node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }

    def names(node: ast.AST) -> set[str]:
        found = set()
        for inner in ast.walk(node):
            if isinstance(inner, ast.Attribute):
                found.add(ast.unparse(inner))
            if isinstance(inner, ast.Call):  # config.py's own: f(), cls.f(), Settings.f()
                owner, _, name = ast.unparse(inner.func).rpartition(".")
                if owner in ("", "cls", "self", "Settings"):
                    found.add(name)
        return found

    getters: set[str] = set()
    while True:
        more = {
            name
            for name, node in functions.items()
            if name not in getters and ({"os.environ"} | getters) & names(node)
        }
        if not more:
            return getters
        getters |= more


def calls_of_config(path: Path, getters: set[str]) -> list[str]:
    """The calls (and imports) in ``path`` of config.py's ``getters``, as ``line: code``."""
    tree = ast.parse(path.read_text())
    modules = {"pipelines.lib.config"}  # what names the config module here
    objects: dict[str, str] = {}  # a name imported from it: what it is there
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {a.asname or a.name for a in node.names if a.name == "pipelines.lib.config"}
        elif isinstance(node, ast.ImportFrom) and node.module == "pipelines.lib":
            modules |= {a.asname or a.name for a in node.names if a.name == "config"}
        elif isinstance(node, ast.ImportFrom) and node.module == "pipelines.lib.config":
            objects |= {a.asname or a.name: a.name for a in node.names}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "pipelines.lib.config":
            found += [f"{node.lineno}: import {a.name}" for a in node.names if a.name in getters]
        if not isinstance(node, ast.Call):
            continue
        parts = ast.unparse(node.func).split(".")
        head, *rest = parts
        if head in modules or ".".join(parts[:3]) == "pipelines.lib.config":
            rest = parts[3:] if head == "pipelines" else rest
        elif head in objects:
            rest = [objects[head], *rest]
        else:
            continue
        if rest and rest[-1] in getters:
            found.append(f"{node.lineno}: {ast.unparse(node.func)}()")
    return found


def test_no_library_module_reads_a_setting_itself(tmp_path: Path) -> None:
    """Settings reach pipelines/lib/ as values: read once at start-up (the command line,
    the code location), handed down by the resources and callers."""
    getters = environment_getters()
    # The derivation finds config.py's readers (a rename cannot empty it unnoticed).
    assert {"warehouse_path", "language", "from_env", "_read", "_setting"} <= getters
    assert "duckdb_config" not in getters and "spill_directory" not in getters
    library = PROJECT_ROOT / "pipelines" / "lib"
    found = {
        path.relative_to(PROJECT_ROOT).as_posix(): calls
        for path in sorted(library.rglob("*.py"))
        if path.name != "config.py" and (calls := calls_of_config(path, getters))
    }
    assert found == {}
    # The check sees such a call (written as the library wrote them before).
    probe = tmp_path / "probe.py"
    sample = (
        "from pipelines.lib import config\n"
        "from pipelines.lib.config import Settings\n"
        "config.warehouse_path()\nSettings.from_env()\nconfig.spill_directory(None)\n"
    )
    probe.write_text(sample)
    assert calls_of_config(probe, getters) == [
        "3: config.warehouse_path()",
        "4: Settings.from_env()",
    ]


# --- the warehouse resource owns DuckDB's settings, and hands them to dbt ----------------


def test_the_warehouse_resource_takes_duckdb_settings_from_settings(tmp_path: Path) -> None:
    published = tmp_path / "office" / "warehouse.duckdb"
    default = Warehouse.from_settings(Settings.from_env({}), published)
    assert default.connection_config() == {
        "storage_compatibility_version": config.STORAGE_COMPATIBILITY_VERSION,
        "memory_limit": "1GB",
        "temp_directory": str(published.parent / ".duckdb_tmp"),  # beside the warehouse
    }  # no threads: DuckDB's default, every core
    settings = Settings.from_env(
        {
            "DUCKDB_MEMORY_LIMIT": "3GB",
            "DUCKDB_THREADS": "3",
            "DUCKDB_TEMP_DIRECTORY": str(tmp_path / "spill"),
        }
    )
    warehouse = Warehouse.from_settings(settings, published)
    assert warehouse.connection_config() == {
        "storage_compatibility_version": config.STORAGE_COMPATIBILITY_VERSION,
        "memory_limit": "3GB",
        "threads": "3",
        "temp_directory": str(tmp_path / "spill"),
    }
    link = published.with_name("warehouse.duckdb.dbt")
    assert warehouse.dbt_vars(link) == {
        "warehouse_path": str(link),
        "duckdb_config": warehouse.connection_config(),
        "dbt_threads": config.DBT_THREADS,
        "due_days": {"month": 10, "year": 15, "none": 31},  # the defaults
        "due_days_by_feed": {},
    }
    # The same settings give the same --vars, refresh after refresh (no new dbt parse).
    again = Warehouse.from_settings(dataclasses.replace(settings), published)
    assert vars_args(again.dbt_vars(link)) == vars_args(warehouse.dbt_vars(link))
    assert vars_args(again.dbt_vars(link))[1].startswith('{"dbt_threads": 2, "duckdb_config"')


def test_each_duckdb_setting_is_declared_once() -> None:
    """config.DUCKDB_OPTIONS pairs each DuckDB option with its setting; the resource's field
    of that name takes the setting's default and names its variable, and a connection's
    configuration (dbt's profile too) holds every option that has a value."""
    for option, field in config.DUCKDB_OPTIONS.items():
        setting = config.SETTING[field]
        assert Warehouse.model_fields[option].default == setting.default
        assert Warehouse.model_fields[option].description.startswith(f"{setting.variable}: ")
    warehouse = Warehouse.from_settings(Settings.from_env({"DUCKDB_THREADS": "2"}))
    assert set(warehouse.connection_config()) == {
        "storage_compatibility_version",
        *config.DUCKDB_OPTIONS,
    }


def test_the_key_settings_reach_the_run_by_the_resource_the_key_by_its_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PSEUDONYM_KEY read from the environment is kept by the resource as its variable's name
    (Dagster shows and stores a resource's values; it resolves the name in the run)."""
    key = "5e" * 32
    monkeypatch.setenv("PSEUDONYM_KEY", key)
    monkeypatch.setenv("PSEUDONYM_KEY_FILE", str(tmp_path / "k.key"))
    warehouse = Warehouse.from_settings(Settings.from_env())
    assert isinstance(warehouse.pseudonym_key, dg.EnvVar)
    assert warehouse.pseudonym_key.env_var_name == "PSEUDONYM_KEY"
    assert warehouse.pseudonym_key_file == str(tmp_path / "k.key")
    given = Warehouse.from_settings(Settings.from_env({"PSEUDONYM_KEY": key}))
    assert given.pseudonym_key == key and not isinstance(given.pseudonym_key, dg.EnvVar)
    assert given.key_source().setting() == "PSEUDONYM_KEY"
    assert Warehouse(path="x").key_source().setting() == (
        f"PSEUDONYM_KEY_FILE={Path.home() / '.config/bp3mi-warehouse/pseudonym.key'}"
    )


def test_connections_of_a_run_use_the_resource_settings(tmp_path: Path) -> None:
    published = tmp_path / "warehouse.duckdb"
    warehouse = Warehouse(
        path=str(published),
        build_path=str(tmp_path / "build.duckdb"),
        memory_limit="300MB",
        threads=1,
    )
    with warehouse.connect("run") as con:
        limit, threads, temp = con.execute(
            "select current_setting('memory_limit'), current_setting('threads'), "
            "current_setting('temp_directory')"
        ).fetchone()
    assert (limit, threads, temp) == ("286.1 MiB", 1, str(tmp_path / ".duckdb_tmp"))


def test_the_dbt_profile_reads_every_value_from_the_resource_and_has_no_default() -> None:
    profile = (DBT_DIR / "profiles.yml").read_text()
    body = "\n".join(line for line in profile.splitlines() if not line.lstrip().startswith("#"))
    assert "env_var" not in body
    assert not re.search(r"\bthreads: \d", body)
    assert not re.search(r"var\('\w+',", body)  # var() with a default
    names = set(re.findall(r"var\('(\w+)'\)", body))
    # The due days are the models' (macros/deliveries.sql), not the profile's.
    models = {"due_days", "due_days_by_feed"}
    assert names == set(Warehouse(path="x").dbt_vars(Path("x"))) - models


def test_python_m_pipelines_dbt_runs_dbt_with_the_settings(tmp_path: Path) -> None:
    """dbt by hand (docs/development.md) opens the warehouse named and spills, limits
    memory and threads as the refresh's connections do."""
    warehouse = tmp_path / "warehouse.duckdb"
    query = (
        "select current_setting('memory_limit') as m, current_setting('threads') as t, "
        "current_setting('temp_directory') as d, current_database() as db"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DUCKDB_")},
        "DUCKDB_MEMORY_LIMIT": "300MB",
        "DUCKDB_THREADS": "1",
    }
    run = subprocess.run(
        [
            sys.executable, "-m", "pipelines", "dbt", "--warehouse", str(warehouse),
            "show", "--inline", query, "--output", "json", "--quiet",
            "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    [row] = json.loads(run.stdout[run.stdout.index("{") :])["show"]
    assert row == {
        "m": "286.1 MiB",
        "t": 1,
        "d": str(tmp_path / ".duckdb_tmp"),
        "db": "warehouse",
    }


def test_the_command_line_needs_a_dbt_command() -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["dbt"])
    assert exit_.value.code == 2


# --- the code location is built when asked for, once --------------------------------------


def test_importing_the_definitions_builds_nothing() -> None:
    code = (
        "import pipelines.definitions as d, pipelines.defs.models.dbt as m\n"
        "assert m.build_dbt_assets.cache_info().currsize == 0\n"
        "print(type(d.defs).__name__)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "LazyDefinitions"


def test_the_definitions_are_built_once_per_process() -> None:
    from pipelines.definitions import all_assets, defs

    assert isinstance(defs, LazyDefinitions)
    assert defs() is defs()
    assert all_assets()[-2] is all_assets()[-2]  # the dbt models: one parse at most


# --- issue 21, point 5: every setting checked at start-up, on real refreshes --------------


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        # hung in raw_files for over 200 s, saying nothing
        ("DUCKDB_THREADS", "99999", "isikan bilangan bulat dari 1 sampai "),
        # failed later as DuckDB's 'Parser Error'
        ("DUCKDB_MEMORY_LIMIT", "abc", "isikan ukuran seperti 1GB atau 512MB"),
        # was taken (as off)
        ("RAW_FOLLOW_SYMLINKS", "maybe", "isikan 1 (aktif) atau 0 (nonaktif)"),
    ],
)
def test_a_refresh_with_a_setting_out_of_range_stops_at_once_naming_it(
    tmp_path: Path, sample_raw: Path, variable: str, value: str, says: str
) -> None:
    warehouse = tmp_path / "warehouse" / "warehouse.duckdb"
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster_home"), variable: value}
    run = subprocess.run(
        [
            sys.executable, "-m", "pipelines", "refresh",
            "--raw-dir", str(sample_raw), "--warehouse", str(warehouse),
        ],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stderr.startswith(f"python -m pipelines: {variable}='{value}' tidak dapat dipakai: ")
    assert says in run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""
    assert not warehouse.parent.exists()  # nothing written
    assert not (tmp_path / "dagster_home").exists()


def test_dagsters_code_location_does_not_load_with_a_setting_out_of_range() -> None:
    """dagster dev, the daemon and the webserver load the code location with the
    environment's settings: it fails, naming the variable in both languages."""
    env = {**os.environ, "DUCKDB_MEMORY_LIMIT": "abc"}
    run = subprocess.run(
        [sys.executable, "-m", "dagster", "definitions", "validate", "-m", "pipelines.definitions"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode != 0
    output = run.stdout + run.stderr
    assert "SettingError: DUCKDB_MEMORY_LIMIT='abc' tidak dapat dipakai: isikan ukuran" in output
    assert "(DUCKDB_MEMORY_LIMIT='abc' cannot be used: use a size such as 1GB" in output


def test_due_days_one_setting_per_period_kind_and_a_feed_s_own() -> None:
    """Each period kind of the contract has its due days; DUE_DAYS_BY_FEED names feeds of
    the contract only (docs/operations.md, "Due dates")."""
    from typing import get_args

    from pipelines.contract.specs import FEEDS
    from pipelines.lib.filenames import PeriodKind

    assert set(config.DUE_DAYS_FIELDS) == set(get_args(PeriodKind))
    assert {spec.period for specs in FEEDS.values() for spec in specs} <= set(get_args(PeriodKind))
    assert Settings.from_env({}).due_days() == {"month": 10, "year": 15, "none": 31}
    settings = Settings.from_env(
        {"DUE_DAYS_MONTHLY": "20", "DUE_DAYS_BY_FEED": "tata_kelola=45, kasus=20"}
    )
    assert settings.due_days()["month"] == 20
    assert settings.due_days_by_feed == {"tata_kelola": 45, "kasus": 20}
    with pytest.raises(SettingError) as refused:
        Settings.from_env({"DUE_DAYS_BY_FEED": "cases=20"})
    assert refused.value.text("id").startswith("DUE_DAYS_BY_FEED='cases=20' tidak dapat dipakai")
    assert "penempatan" in str(refused.value)
    with pytest.raises(SettingError, match="DUE_DAYS_ANNUAL"):
        Settings.from_env({"DUE_DAYS_ANNUAL": "0"})
