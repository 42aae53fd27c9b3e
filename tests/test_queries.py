"""Every analyst query of docs/queries/ runs on the sample warehouse and answers.

Where the answer is a figure of the published LKj 2024 of BP3MI Jawa Tengah,
the test checks it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.analyst import connect
from tests.conftest import PROJECT_ROOT
from tests.published_lkj_2024 import LAMPIRAN_II

QUERIES = sorted((PROJECT_ROOT / "docs" / "queries").glob("*.sql"))


@pytest.fixture(scope="module")
def con(warehouse: Path):
    with connect(warehouse) as connection:
        yield connection


def answer(con: duckdb.DuckDBPyConnection, name: str) -> list[dict]:
    relation = con.sql((PROJECT_ROOT / "docs" / "queries" / name).read_text())
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def test_there_are_the_four_questions() -> None:
    assert [q.name for q in QUERIES] == [
        "achievement_trend_by_indicator.sql",
        "budget_absorption_by_month.sql",
        "open_cases_by_country.sql",
        "placements_by_destination_and_sex.sql",
    ]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem)
def test_every_query_says_its_question_and_returns_rows(
    con: duckdb.DuckDBPyConnection, query: Path
) -> None:
    assert query.read_text().startswith("-- Question: "), query.name
    assert answer(con, query.name), query.name


def test_placements_by_destination_and_sex(con: duckdb.DuckDBPyConnection) -> None:
    rows = answer(con, "placements_by_destination_and_sex.sql")
    countries = [r for r in rows if r["sex"] is not None]
    by_sex = {
        sex: sum(r["placements_this_year"] for r in countries if r["sex"] == sex) for sex in "LP"
    }
    # Lampiran II's month rows: men in the even columns, women in the odd ones.
    assert by_sex == {
        "L": sum(sum(cells[0::2]) for cells in LAMPIRAN_II.values()),
        "P": sum(sum(cells[1::2]) for cells in LAMPIRAN_II.values()),
    }
    assert {r["year"] for r in rows} == {2024}
    # Tabel 8: 25.207 placements in 2024 against 25.569 in 2023.
    assert rows[-1] == {
        "office_code": "JATENG",
        "year": 2024,
        "months_compared": 12,
        "destination_country": "Jumlah (IKU 1)",
        "sex": None,
        "placements_this_year": 25207,
        "placements_last_year": 25569,
        "change": -362,
    }


def test_open_cases_by_country(con: duckdb.DuckDBPyConnection) -> None:
    rows = answer(con, "open_cases_by_country.sql")
    # BAB III, IKU 2: 128 cases in 2024, 48 of them still in process.
    assert sum(r["cases"] for r in rows) == 128
    assert sum(r["cases_open"] for r in rows) == 48
    assert rows == sorted(rows, key=lambda r: (-r["cases_open"], -r["cases"], r["country_name"]))


def test_achievement_trend_by_indicator(con: duckdb.DuckDBPyConnection) -> None:
    rows = answer(con, "achievement_trend_by_indicator.sql")
    iku1 = [r for r in rows if r["indicator_code"] == "IKU1"]
    assert [r["year"] for r in iku1] == [2021, 2022, 2023, 2024]
    assert [r["realisation"] for r in iku1] == [4385, 16153, 25569, 25207]  # Tabel 8
    assert iku1[-1]["achievement_pct"] == pytest.approx(71.29, abs=1e-9)  # Tabel 6
    assert {r["indicator_code"]: r["achievement_pct"] for r in rows if r["year"] == 2024} == (
        pytest.approx(
            dict(
                zip(
                    [f"IKU{n}" for n in range(1, 9)],
                    [71.29, 74.66, 41.33, 179.38, 50, 97.79, 102.23, 89.54],
                    strict=True,
                )
            ),
            abs=1e-9,
        )
    )


def test_budget_absorption_by_month(con: duckdb.DuckDBPyConnection) -> None:
    rows = answer(con, "budget_absorption_by_month.sql")
    assert [r["month"] for r in rows] == list(range(1, 13))
    assert rows == sorted(rows, key=lambda r: r["realisation_to_date"])
    # BAB III.B: 96,24 % of the DIPA after the adjustment (13.488.991.000) by 31 December.
    assert rows[-1]["budget_ceiling"] == 13488991000
    assert rows[-1]["absorption_to_date_pct"] == pytest.approx(96.24, abs=0.01)
