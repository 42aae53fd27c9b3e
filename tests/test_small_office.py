"""Another office's year, computed by the same code: tests/fixtures/small_office/README.md."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SMALL_OFFICE, build_warehouse


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory, pseudonym_key_file: Path):
    path = tmp_path_factory.mktemp("small") / "warehouse.duckdb"
    result = build_warehouse(path, SMALL_OFFICE)
    assert result.success
    with duckdb.connect(str(path), read_only=True) as connection:
        yield connection


def test_annual_kpis_on_both_bases(con: duckdb.DuckDBPyConnection) -> None:
    got = {
        (code, basis): (target, realisation, achievement, source)
        for code, basis, target, realisation, achievement, source in con.execute(
            "select indicator_code, target_basis, target, realisation, achievement_pct, "
            "realisation_source from marts.fct_kpi_annual where office_code = 'TESTB' "
            "and year = 2025"
        ).fetchall()
    }
    expected_pk = {
        "IKU1": (10, 5, 50),
        "IKU2": (80, 75, 93.75),
        "IKU3": (5, 3, 60),
        "IKU4": (3, 3, 100),
        "IKU5": (8, 4, 50),
        "IKU6": (2, 3, 150),
        "IKU7": (96, 96, 100),
        "IKU8": (100, 80, 80),
    }
    for code, (target, realisation, achievement) in expected_pk.items():
        assert got[(code, "PK")] == pytest.approx((target, realisation, achievement, "records"))
    assert got[("IKU1", "DIPA_AA")][0::2] == pytest.approx((4, 125))
    assert got[("IKU4", "DIPA_AA")][0::2] == pytest.approx((2, 150))
    assert got[("IKU2", "DIPA_AA")][0::2] == pytest.approx((80, 93.75))


def test_historical_year(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "select indicator_code, target, realisation, achievement_pct, realisation_source "
        "from marts.fct_kpi_annual where year = 2024 and target_basis = 'PK' order by 1"
    ).fetchall()
    assert rows == [("IKU1", 16, 8, 50, "historical"), ("IKU2", None, 12.5, None, "historical")]


def test_goals_and_office(con: duckdb.DuckDBPyConnection) -> None:
    goals = {
        (goal, basis): (avg, ceiling, realised, absorption)
        for goal, basis, avg, ceiling, realised, absorption in con.execute(
            "select goal_code, target_basis, avg_achievement_pct, budget_ceiling, "
            "budget_realisation, budget_absorption_pct from marts.fct_goal_annual "
            "where year = 2025"
        ).fetchall()
    }
    assert goals[("SS1", "PK")] == pytest.approx((503.75 / 6, Decimal(800000), Decimal(600000), 75))
    assert goals[("SS2", "PK")] == pytest.approx(
        (90, Decimal(1500000), Decimal("1200000.50"), 80.0000333333)
    )
    assert goals[("SS1", "DIPA_AA")][0] == pytest.approx(628.75 / 6)
    office = con.execute(
        "select target_basis, avg_achievement_pct, budget_ceiling_initial, budget_ceiling, "
        "budget_realisation, budget_absorption_pct from marts.fct_office_annual "
        "where year = 2025 order by 1"
    ).fetchall()
    assert office == [
        (
            "DIPA_AA",
            101.09375,
            Decimal(3000000),
            Decimal(2300000),
            Decimal("1800000.50"),
            pytest.approx(78.2608913043),
        ),
        (
            "PK",
            85.46875,
            Decimal(3000000),
            Decimal(2300000),
            Decimal("1800000.50"),
            pytest.approx(78.2608913043),
        ),
    ]


def test_quarterly(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "select indicator_code, quarter, target, realisation, achievement_pct "
        "from marts.fct_kpi_quarterly where indicator_code in ('IKU1', 'IKU2') order by 1, 2"
    ).fetchall()
    expected = [
        ("IKU1", 1, 2, 3, 150),
        ("IKU1", 2, 3, 2, 200 / 3),
        ("IKU1", 3, 3, 0, 0),
        ("IKU1", 4, 2, 0, 0),
        ("IKU2", 1, None, 100, None),
        ("IKU2", 2, None, 100, None),
        ("IKU2", 3, None, 75, None),
        ("IKU2", 4, None, 75, None),
    ]
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected, strict=True):
        assert got[:3] == want[:3]
        assert got[3:] == pytest.approx(want[3:])


def test_recaps(con: duckdb.DuckDBPyConnection) -> None:
    cases = con.execute(
        "select country_code, country_name, case_category, cases, cases_open "
        "from marts.fct_cases_annual order by all"
    ).fetchall()
    assert cases == [
        ("HK", "Hong Kong", "Gaji / upah", 1, 0),
        ("HK", "Hong Kong", "Sakit / kecelakaan", 1, 1),
        ("SA", "Arab Saudi", "Gaji / upah", 2, 0),
    ]
    placed = con.execute(
        "select month, unit_type, scheme_group, sector, sex from marts.fct_placements_monthly "
        "where placements > 0 order by all"
    ).fetchall()
    assert placed == [
        (1, "BP3MI/P4MI", "TKI Reguler", "Formal", "L"),
        (1, "BP3MI/P4MI", "TKI Reguler", "Informal", "P"),
        (1, "LTSA/MPP", "TKI Mandiri / Pelaut", "Formal", "L"),
        (4, "LTSA/MPP", "TKI Reguler", "Formal", "P"),
        (4, "LTSA/MPP", "TKI Reguler", "Informal", "P"),
    ]
    assert con.execute("select count(*) from marts.fct_placements_monthly").fetchone() == (32,)


def test_findings(con: duckdb.DuckDBPyConnection) -> None:
    findings = con.execute(
        "select check_name, subject, expected, actual from marts.dq_findings order by all"
    ).fetchall()
    assert findings == [
        ("historical_vs_records", "IKU1", 6, 5),
        ("suspected_duplicate_person", "pencegahan/pencegahan_TESTB_2025.xlsx row 4", None, None),
    ]


def test_a_year_delivered_under_the_previous_renstra_is_said_not_miscounted(
    tmp_path: Path, pseudonym_key_file: Path
) -> None:
    """The small office's 2025 as a clerk who still follows the 2020-2024 Renstra would
    deliver it: IKU 6 scored as the NKA (90 in Q4) with a target of 80 Nilai. Under the
    2025-2029 set IKU 6 is the orientation count: the score counts nowhere, the target
    counts as given, and the findings say both."""
    raw = tmp_path / "raw"
    shutil.copytree(SMALL_OFFICE, raw)
    targets = raw / "target" / "target_kinerja_TESTB.csv"
    targets.write_text(
        targets.read_text().replace("2025;IKU6;PK;;2;Orang", "2025;IKU6;PK;;80;Nilai")
    )
    scores = raw / "tata_kelola" / "nilai_TESTB_2025.csv"
    scores.write_text(scores.read_text() + "4;IKU6;90,00;\n")
    path = tmp_path / "warehouse.duckdb"
    assert build_warehouse(path, raw).success
    with duckdb.connect(str(path), read_only=True) as con:
        findings = con.execute(
            "select check_name, subject from marts.dq_findings "
            "where check_name in ('undeclared_indicator', 'target_unit_mismatch') order by 1"
        ).fetchall()
        ((target, realisation),) = con.execute(
            "select target, realisation from marts.fct_kpi_annual "
            "where year = 2025 and indicator_code = 'IKU6' and target_basis = 'PK'"
        ).fetchall()
    assert findings == [
        ("target_unit_mismatch", "IKU6"),
        ("undeclared_indicator", "IKU6 (score)"),
    ]
    assert (target, realisation) == (80, 3)  # the three orientation participants, not 90
