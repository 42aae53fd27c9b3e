"""A one-file correction reloads one office, and gives what a full rebuild gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from tests.conftest import PROJECT_ROOT, build_warehouse

SMALL_OFFICE = PROJECT_ROOT / "tests" / "fixtures" / "small_office"


def two_offices(raw: Path) -> Path:
    """The small office as TESTB, and the same files delivered by a second office TESTD."""
    shutil.copytree(SMALL_OFFICE, raw, ignore=shutil.ignore_patterns("README.md"))
    for path in list(raw.glob("*/*_TESTB*")):
        shutil.copyfile(path, path.with_name(path.name.replace("TESTB", "TESTD")))
    return raw


def contents(path: Path) -> dict[str, list[tuple]]:
    """Every row of the data, quarantine and marts tables, in a stable order."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' and (table_schema in ('raw', 'marts', 'reference') "
            "or (table_schema = 'audit' and table_name = 'quarantine')) order by 1, 2"
        ).fetchall()
        return {
            f"{schema}.{table}": con.execute(
                f'select * from {schema}."{table}" order by all'
            ).fetchall()
            for schema, table in tables
        }


def test_incremental_equals_full_rebuild(tmp_path: Path, pseudonym_key_file: Path) -> None:
    raw = two_offices(tmp_path / "raw")
    incremental = tmp_path / "incremental" / "warehouse.duckdb"
    assert build_warehouse(incremental, raw).success

    april = raw / "penempatan" / "penempatan_TESTB_2025-04.csv"
    lines = april.read_text().splitlines(keepends=True)
    april.write_text("".join(lines[:-1]))  # one placement less for TESTB in April

    result = build_warehouse(incremental, raw)
    assert result.success
    metadata = {
        event.asset_key.path[1]: event.materialization.metadata
        for event in result.get_asset_materialization_events()
        if event.asset_key.path[0] == "raw"
    }
    assert metadata["penempatan"]["offices_reloaded"].value == ["TESTB"]
    assert metadata["penempatan"]["files"].value == {
        "new": 0,
        "restated": 1,
        "removed": 0,
        "unchanged": 3,
    }
    assert all(not m["changed"].value for table, m in metadata.items() if table != "penempatan")

    full = tmp_path / "full" / "warehouse.duckdb"
    assert build_warehouse(full, raw).success
    assert contents(incremental) == contents(full)
    with duckdb.connect(str(full), read_only=True) as con:
        assert con.execute(
            "select office_code, realisation from marts.fct_kpi_annual where year = 2025 "
            "and indicator_code = 'IKU1' and target_basis = 'PK' order by 1"
        ).fetchall() == [("TESTB", 4), ("TESTD", 5)]
