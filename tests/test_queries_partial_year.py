"""docs/queries/ on a year in progress: a provisional year is compared with the same
months of the year before, never with the whole of it, and labelled
(tests/partial_year.py's offices, refreshed on 15 April 2026).

- TESTB: 2025 complete; 2026 provisional up to January (February missing, March in):
  January 2026 (4 placements) against January 2025 (3), March 2026 not counted.
- TESTC: 2026 only, provisional up to February: January and February (5 + 7), nothing
  to compare with.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.analyst import connect
from tests.conftest import PROJECT_ROOT
from tests.partial_year import PLACEMENTS

QUERIES = PROJECT_ROOT / "docs" / "queries"


def answer(con: duckdb.DuckDBPyConnection, name: str) -> list[dict]:
    relation = con.sql((QUERIES / name).read_text())
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


@pytest.fixture(scope="module")
def con(partial_year_warehouse: Path):
    with connect(partial_year_warehouse) as connection:
        yield connection


@pytest.fixture(scope="module")
def totals(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Each office's last row (its IKU 1 total), by office."""
    rows = answer(con, "placements_by_destination_and_sex.sql")
    return {r["office_code"]: r for r in rows if r["destination_country"] == "Jumlah (IKU 1)"}


def test_a_provisional_year_is_compared_with_the_same_months(totals: dict[str, dict]) -> None:
    testb = totals["TESTB"]
    january = PLACEMENTS["TESTB"][2026][1], PLACEMENTS["TESTB"][2025][1]
    assert (testb["year"], testb["months_compared"]) == (2026, 1)
    assert (testb["placements_this_year"], testb["placements_last_year"]) == january
    assert testb["change"] == january[0] - january[1]


def test_a_first_year_has_nothing_to_compare_with(totals: dict[str, dict]) -> None:
    testc = totals["TESTC"]
    assert (testc["year"], testc["months_compared"]) == (2026, 2)
    assert testc["placements_this_year"] == sum(PLACEMENTS["TESTC"][2026].values())
    assert testc["placements_last_year"] is None and testc["change"] is None


def test_a_provisional_years_achievement_is_labelled_and_not_compared(
    con: duckdb.DuckDBPyConnection,
) -> None:
    rows = answer(con, "achievement_trend_by_indicator.sql")
    iku1 = {
        r["year"]: r for r in rows if (r["office_code"], r["indicator_code"]) == ("TESTB", "IKU1")
    }
    assert iku1[2025]["data_status"] == "Lengkap"
    assert iku1[2026]["data_status"] == "Sementara, data s.d. Januari 2026"
    assert iku1[2026]["change_pct_points"] is None
