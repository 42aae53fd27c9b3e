"""The marts are rebuilt by office-year slice, and give what a full rebuild gives.

Real refreshes of two small offices (TESTB with placements in 2024 and 2025,
TESTD with 2025): after a change, the incremental models rebuild the slices
the ingest listed in ``audit.changed_slices`` and leave every other row as it
was; the marts equal those of a warehouse built from scratch on the same
files; a changed dbt project makes the refresh rebuild everything.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.defs.models import dbt as dbt_assets_module
from pipelines.lib.dbt_fingerprint import project_fingerprint
from tests.conftest import PROJECT_ROOT, build_warehouse
from tests.test_incremental import contents, two_offices

# Every row of the incremental models gets this much added before a refresh: a row
# that still has it afterwards was not rebuilt.
MARK = 1000
MARKED = {
    "intermediate.int_record_counts_quarterly": "records",
    "marts.fct_placements_monthly": "placements",
    "marts.fct_cases_annual": "cases",
}


def _raw(path: Path) -> Path:
    """The two offices, and TESTB's January placements once more as January 2024."""
    raw = two_offices(path)
    january = (raw / "penempatan" / "penempatan_TESTB_2025-01.csv").read_text()
    (raw / "penempatan" / "penempatan_TESTB_2024-01.csv").write_text(
        january.replace("/2025", "/2024").replace("T-00", "T-10")
    )
    return raw


def _copy_raw(raw: Path, path: Path) -> Path:
    shutil.copytree(raw, path)
    return path


def _copy_warehouse(published: Path, path: Path) -> Path:
    path.parent.mkdir(parents=True)
    shutil.copyfile(published, path)
    return path


def _all_contents(path: Path) -> dict[str, list[tuple]]:
    """``contents`` and the intermediate tables (the record counts)."""
    tables = contents(path)
    with duckdb.connect(str(path), read_only=True) as con:
        for (name,) in con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'intermediate' and table_type = 'BASE TABLE' order by 1"
        ).fetchall():
            tables[f"intermediate.{name}"] = con.execute(
                f'select * from intermediate."{name}" order by all'
            ).fetchall()
    return tables


def _state(path: Path) -> tuple[str, bool, int]:
    """The last complete dbt build (fingerprint, full refresh, slices) and slices left."""
    with duckdb.connect(str(path), read_only=True) as con:
        ((fingerprint, full_refresh),) = con.execute(
            "select project_fingerprint, full_refresh from audit.dbt_state"
        ).fetchall()
        left = con.execute("select count(*) from audit.changed_slices").fetchone()[0]
    return fingerprint, full_refresh, left


def _mark(path: Path) -> None:
    with duckdb.connect(str(path)) as con:
        for table, column in MARKED.items():
            con.execute(f"update {table} set {column} = {column} + {MARK}")


def _in_changed_slice(table: str, row: dict) -> bool:
    """Whether a row comes from the slice (penempatan, TESTB, 2025) the change touched."""
    if table == "marts.fct_cases_annual":
        return False  # the cases did not change
    if table == "intermediate.int_record_counts_quarterly" and row["indicator_code"] != "IKU1":
        return False  # IKU1 is counted from the placements, the others from other feeds
    return (row["office_code"], row["year"]) == ("TESTB", 2025)


def _rows(path: Path, table: str) -> list[dict]:
    with duckdb.connect(str(path), read_only=True) as con:
        frame = con.execute(f"select * from {table} order by all")
        names = [column[0] for column in frame.description]
        return [dict(zip(names, row, strict=True)) for row in frame.fetchall()]


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory, pseudonym_key_file: Path):
    """The raw files and the warehouse of a first refresh, a full one."""
    root = tmp_path_factory.mktemp("incremental_marts")
    raw = _raw(root / "raw")
    published = root / "first" / "warehouse.duckdb"
    assert build_warehouse(published, raw).success
    return raw, published


def test_first_build_is_full_and_recorded(first_build: tuple[Path, Path]) -> None:
    _, published = first_build
    fingerprint, full_refresh, left = _state(published)
    assert (fingerprint, full_refresh, left) == (project_fingerprint(), True, 0)
    placements = {
        (r["office_code"], r["year"]) for r in _rows(published, "marts.fct_placements_monthly")
    }
    assert placements == {("TESTB", 2024), ("TESTB", 2025), ("TESTD", 2025)}


def test_one_file_changed_rebuilds_its_slice_and_equals_a_full_rebuild(
    first_build: tuple[Path, Path], tmp_path: Path
) -> None:
    first_raw, first = first_build
    raw = _copy_raw(first_raw, tmp_path / "raw")
    april = raw / "penempatan" / "penempatan_TESTB_2025-04.csv"
    lines = april.read_text().splitlines(keepends=True)
    april.write_text("".join(lines[:-1]))  # one placement less for TESTB in April 2025

    incremental = _copy_warehouse(first, tmp_path / "incremental" / "warehouse.duckdb")
    result = build_warehouse(incremental, raw)
    assert result.success
    assert _state(incremental) == (project_fingerprint(), False, 0)
    raw_loads = {
        event.asset_key.path[1]: {k: v.value for k, v in event.materialization.metadata.items()}
        for event in result.get_asset_materialization_events()
        if event.asset_key.path[0] == "raw"
    }
    assert raw_loads["penempatan"]["files_read"] == ["penempatan/penempatan_TESTB_2025-04.csv"]
    assert raw_loads["penempatan"]["offices_reloaded"] == ["TESTB"]
    assert raw_loads["penempatan"]["files"]["restated"] == 1
    assert all(not load["changed"] for table, load in raw_loads.items() if table != "penempatan")

    full = tmp_path / "full" / "warehouse.duckdb"
    assert build_warehouse(full, raw).success
    assert _state(full)[1] is True
    assert _all_contents(incremental) == _all_contents(full)
    with duckdb.connect(str(incremental), read_only=True) as con:
        assert con.execute(
            "select office_code, realisation from marts.fct_kpi_annual where year = 2025 "
            "and indicator_code = 'IKU1' and target_basis = 'PK' order by 1"
        ).fetchall() == [("TESTB", 4), ("TESTD", 5)]

    # The same refresh again, on a copy of the first warehouse whose incremental models
    # were altered row by row: only the changed slice comes back as a full build has it.
    marked = _copy_warehouse(first, tmp_path / "marked" / "warehouse.duckdb")
    _mark(marked)
    assert build_warehouse(marked, raw).success
    assert _state(marked)[1] is False
    for table, column in MARKED.items():
        expected = _rows(full, table)
        rebuilt = [_in_changed_slice(table, row) for row in expected]
        assert any(rebuilt) == (table != "marts.fct_cases_annual")
        assert _rows(marked, table) == [
            row if fresh else {**row, column: row[column] + MARK}
            for row, fresh in zip(expected, rebuilt, strict=True)
        ], table


def test_emptied_slice_then_changed_project(
    first_build: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_raw, first = first_build
    raw = _copy_raw(first_raw, tmp_path / "raw")
    for path in (raw / "penempatan").glob("*_TESTD_*"):
        path.unlink()  # TESTD's placements of 2025 are gone: its slice becomes empty

    incremental = _copy_warehouse(first, tmp_path / "incremental" / "warehouse.duckdb")
    assert build_warehouse(incremental, raw).success
    assert _state(incremental)[1:] == (False, 0)
    full = tmp_path / "full" / "warehouse.duckdb"
    assert build_warehouse(full, raw).success
    assert _all_contents(incremental) == _all_contents(full)
    with duckdb.connect(str(incremental), read_only=True) as con:
        assert (
            con.execute(
                "select count(*) from marts.fct_placements_monthly where office_code = 'TESTD'"
            ).fetchone()[0]
            == 0
        )

    # The dbt project changes (here: its fingerprint): the next refresh rebuilds
    # everything, though no raw file changed; every altered row is rebuilt.
    _mark(incremental)
    monkeypatch.setattr(dbt_assets_module, "project_fingerprint", lambda: "another project")
    assert build_warehouse(incremental, raw).success
    assert _state(incremental) == ("another project", True, 0)
    assert _all_contents(incremental) == _all_contents(full)


def test_fingerprint_follows_the_project_files(tmp_path: Path) -> None:
    project = tmp_path / "dbt_project"
    shutil.copytree(
        PROJECT_ROOT / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs")
    )
    original = project_fingerprint(project)
    assert project_fingerprint(project) == original

    (project / "target").mkdir()
    (project / "target" / "manifest.json").write_text("{}")
    (project / "logs").mkdir()
    (project / "logs" / "dbt.log").write_text("a run")
    assert project_fingerprint(project) == original  # what dbt writes is not the project

    for name in (
        "models/marts/recaps/fct_placements_monthly.sql",
        "macros/changed_slices.sql",
        "seeds/country_spellings.csv",
        "tests/generic/test_unique_combination.sql",
        "dbt_project.yml",
    ):
        path = project / name
        text = path.read_text()
        path.write_text(text + "\n")
        assert project_fingerprint(project) != original, name
        path.write_text(text)
    assert project_fingerprint(project) == original
