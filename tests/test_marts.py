"""The marts reproduce the published 2024 LKj of BP3MI Jawa Tengah, within 0.01.

Every expected figure below is printed in the report (the Tabel or Lampiran
is named at each test); percentages are compared within 0.01, the contract's
rule for agreeing with a publication that truncates some figures and rounds
others.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.published_lkj_2024 import LAMPIRAN_II, LAMPIRAN_III

WITHIN = 0.01 + 1e-9  # "a figure that agrees with the publication within 0.01 agrees"
INDICATORS = ["IKU1", "IKU2", "IKU3", "IKU4", "IKU5", "IKU6", "IKU7", "IKU8"]


@pytest.fixture(scope="module")
def con(warehouse: Path):
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        yield connection


def annual(con: duckdb.DuckDBPyConnection, column: str, basis: str, year: int = 2024) -> list:
    return [
        value
        for (value,) in con.execute(
            f"select {column} from marts.fct_kpi_annual where office_code = 'JATENG' "
            "and year = ? and target_basis = ? order by indicator_code",
            [year, basis],
        ).fetchall()
    ]


def test_tabel_6_on_the_pk_basis(con: duckdb.DuckDBPyConnection) -> None:
    assert annual(con, "indicator_code", "PK") == INDICATORS
    assert annual(con, "target", "PK") == [35354, 6, 150, 97, 320, 88, 95, 85]
    assert annual(con, "realisation", "PK") == pytest.approx(
        [25207, 4.48, 62, 174, 160, 86.06, 97.12, 76.11], abs=WITHIN
    )
    assert annual(con, "achievement_pct", "PK") == pytest.approx(
        [71.29, 74.66, 41.33, 179.38, 50, 97.79, 102.23, 89.54], abs=WITHIN
    )
    assert set(annual(con, "realisation_source", "PK")) == {"records"}


def test_office_average_88_27(con: duckdb.DuckDBPyConnection) -> None:
    """BAB III: 88,27 % (the LKj averages its printed, truncated percentages)."""
    [(lkj, full)] = con.execute(
        "select avg_achievement_pct_lkj, avg_achievement_pct from marts.fct_office_annual "
        "where year = 2024 and target_basis = 'PK'"
    ).fetchall()
    assert lkj == pytest.approx(88.27, abs=WITHIN)
    assert full == pytest.approx(88.2811, abs=1e-4)  # docs/reconciliation-2024.md, item 19


def test_tabel_25_on_the_dipa_basis(con: duckdb.DuckDBPyConnection) -> None:
    assert annual(con, "target", "DIPA_AA") == [23500, 6, 150, 65, 160, 88, 95, 85]
    achievement = dict(zip(INDICATORS, annual(con, "achievement_pct", "DIPA_AA"), strict=True))
    assert achievement["IKU1"] == pytest.approx(107.26, abs=WITHIN)
    assert achievement["IKU4"] == pytest.approx(267.69, abs=WITHIN)
    assert achievement["IKU5"] == pytest.approx(100, abs=WITHIN)
    goals = dict(
        con.execute(
            "select goal_code, avg_achievement_pct_lkj from marts.fct_goal_annual "
            "where year = 2024 and target_basis = 'DIPA_AA'"
        ).fetchall()
    )
    assert goals["SS1"] == pytest.approx(118.18, abs=WITHIN)
    assert goals["SS2"] == pytest.approx(96.52, abs=WITHIN)
    [(office,)] = con.execute(
        "select avg_achievement_pct_lkj from marts.fct_office_annual "
        "where year = 2024 and target_basis = 'DIPA_AA'"
    ).fetchall()
    assert office == pytest.approx(110.06, abs=WITHIN)


def test_tabel_24_goal_averages_on_the_pk_basis(con: duckdb.DuckDBPyConnection) -> None:
    goals = dict(
        con.execute(
            "select goal_code, avg_achievement_pct from marts.fct_goal_annual "
            "where year = 2024 and target_basis = 'PK'"
        ).fetchall()
    )
    assert goals["SS1"] == pytest.approx(83.33, abs=WITHIN)
    assert goals["SS2"] == pytest.approx(96.52, abs=WITHIN)


def test_tabel_24_and_25_budgets(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "select goal_code, target_basis, budget_ceiling, budget_realisation, "
        "budget_absorption_pct from marts.fct_goal_annual where year = 2024 order by 1, 2"
    ).fetchall()
    for goal, _basis, ceiling, realised, absorption in rows:
        if goal == "SS1":
            assert (ceiling, realised) == (Decimal("5382419000"), Decimal("5018354188"))
            assert absorption == pytest.approx(93.23, abs=WITHIN)
        else:
            assert (ceiling, realised) == (Decimal("8139422000"), Decimal("7963237556"))
            assert absorption == pytest.approx(97.83, abs=WITHIN)
    assert len(rows) == 4
    [(initial, ceiling, absorption)] = con.execute(
        "select budget_ceiling_initial, budget_ceiling, budget_absorption_pct "
        "from marts.fct_office_annual where year = 2024 and target_basis = 'PK'"
    ).fetchall()
    assert (initial, ceiling) == (Decimal("17820741000"), Decimal("13488991000"))
    assert absorption == pytest.approx(96.24, abs=WITHIN)


def quarterly(con: duckdb.DuckDBPyConnection, indicator: str, column: str = "realisation") -> list:
    return [
        value
        for (value,) in con.execute(
            f"select {column} from marts.fct_kpi_quarterly where year = 2024 "
            "and indicator_code = ? order by quarter",
            [indicator],
        ).fetchall()
    ]


def test_tabel_5_quarterly_realisations(con: duckdb.DuckDBPyConnection) -> None:
    # IKU2: cumulative reductions against the 134 cases of 2023 (printed with a minus sign).
    assert quarterly(con, "IKU2") == pytest.approx([75.37, 58.95, 35.82, 4.48], abs=WITHIN)
    assert quarterly(con, "IKU3") == [1, 61, 0, 0]
    assert quarterly(con, "IKU4") == [56, 41, 33, 44]
    assert quarterly(con, "IKU5") == [0, 0, 120, 40]
    assert quarterly(con, "IKU6") == [None, 96.78, 99, 86.06]
    assert quarterly(con, "IKU7") == [96.02, 94.84, 96.73, 97.12]
    assert quarterly(con, "IKU8") == [94.04, 72.72, 72.72, 76.11]
    # The quarter's own rows: Tabel 5's "(33 kasus)" and so on beside IKU2, the realisation
    # itself for IKU1, 3, 4, 5, nothing for the scores.
    assert quarterly(con, "IKU2", "records") == [33, 22, 31, 42]
    assert quarterly(con, "IKU4", "records") == [56, 41, 33, 44]
    assert quarterly(con, "IKU1", "records") == [6410, 6358, 6620, 5819]
    assert quarterly(con, "IKU7", "records") == [None, None, None, None]
    # IKU1 as the records give it: the sums of Lampiran II's months (Tabel 5 prints
    # 6.419, 6.357, 6.500 and 5.931; docs/reconciliation-2024.md, item 1).
    months = [sum(LAMPIRAN_II[m]) for m in range(1, 13)]
    assert quarterly(con, "IKU1") == [sum(months[q * 3 : q * 3 + 3]) for q in range(4)]


def test_tabel_5_quarterly_targets(con: duckdb.DuckDBPyConnection) -> None:
    assert quarterly(con, "IKU1", "target") == [6000, 10250, 12000, 7104]
    assert quarterly(con, "IKU3", "target") == [30, 44, 51, 25]
    assert quarterly(con, "IKU4", "target") == [30, 25, 32, 10]
    assert quarterly(con, "IKU5", "target") == [0, 0, 120, 200]


@pytest.mark.parametrize(
    ("table", "indicator", "basis", "targets", "realisations"),
    [
        ("Tabel 8", "IKU1", "PK", [27250, 10000, 20000, 35354], [4385, 16153, 25569, 25207]),
        ("Tabel 12", "IKU2", "PK", [6.25, 6.20, 6.10, 6.00], [7.28, 27.3, 23.86, 4.48]),
        ("Tabel 14", "IKU3", "PK", [35, 35, 20, 150], [4, 0, 14, 62]),
        ("Tabel 16", "IKU4", "PK", [180, 110, 120, 97], [168, 123, 211, 174]),
        ("Tabel 19", "IKU5", "PK", [300, 20, 60, 320], [180, 20, 40, 160]),
        ("Tabel 20", "IKU5", "DIPA_AA", [180, 20, 40, 160], [180, 20, 40, 160]),
    ],
)
def test_series_2021_to_2024(
    con: duckdb.DuckDBPyConnection,
    table: str,
    indicator: str,
    basis: str,
    targets: list[float],
    realisations: list[float],
) -> None:
    rows = con.execute(
        "select year, target, realisation, realisation_source from marts.fct_kpi_annual "
        "where indicator_code = ? and target_basis = ? order by year",
        [indicator, basis],
    ).fetchall()
    assert [r[0] for r in rows] == [2021, 2022, 2023, 2024], table
    assert [r[1] for r in rows] == pytest.approx(targets), table
    assert [r[2] for r in rows] == pytest.approx(realisations, abs=WITHIN), table
    assert [r[3] for r in rows] == ["historical"] * 3 + ["records"], table


def test_lampiran_ii_months_and_cells(con: duckdb.DuckDBPyConnection) -> None:
    got = {
        (month, unit, group, sector, sex): n
        for month, unit, group, sector, sex, n in con.execute(
            "select month, unit_type, scheme_group, sector, sex, placements "
            "from marts.fct_placements_monthly where year = 2024"
        ).fetchall()
    }
    cells = [
        (unit, group, sector, sex)
        for unit in ("BP3MI/P4MI", "LTSA/MPP")
        for group in ("TKI Mandiri / Pelaut", "TKI Reguler")
        for sector in ("Formal", "Informal")
        for sex in ("L", "P")
    ]
    assert len(got) == 12 * 16
    for month, published in LAMPIRAN_II.items():
        assert tuple(got[(month, *cell)] for cell in cells) == published, month
    assert sum(got.values()) == 25207


# The countries of Lampiran III as typed, and the ISO code each one is (both spellings
# of Saudi Arabia are one country).
LAMPIRAN_III_COUNTRIES = {
    "Arab Saudi": "SA",
    "Saudi Arabia": "SA",
    "Australia": "AU",
    "Brunei Darussalam": "BN",
    "China": "CN",
    "Hongaria": "HU",
    "Hongkong": "HK",
    "Jepang": "JP",
    "Korea Selatan": "KR",
    "Malaysia": "MY",
    "Mauritius": "MU",
    "Myanmar": "MM",
    "Oman": "OM",
    "Polandia": "PL",
    "Portugal": "PT",
    "Samoa": "WS",
    "Singapura": "SG",
    "Slovakia": "SK",
    "Somalia": "SO",
    "Taiwan": "TW",
    "Trinidad Tobago": "TT",
    "Uni Emirat Arab": "AE",
}


def test_lampiran_iii_countries(con: duckdb.DuckDBPyConnection) -> None:
    expected = Counter()
    for country, _case_type, n in LAMPIRAN_III:
        expected[LAMPIRAN_III_COUNTRIES[country]] += n
    got = Counter(
        dict(
            con.execute(
                "select country_code, sum(cases) from marts.fct_cases_annual "
                "where year = 2024 group by 1"
            ).fetchall()
        )
    )
    assert got == expected
    assert got["SA"] == 7
    assert len(got) == 21
    assert con.execute(
        "select sum(cases), sum(cases_open) from marts.fct_cases_annual where year = 2024"
    ).fetchone() == (128, 48)
    assert con.execute(
        "select count(*) from marts.fct_cases_annual where case_category = 'Belum dipetakan'"
    ).fetchone() == (0,)


def findings(con: duckdb.DuckDBPyConnection, check: str) -> list[tuple]:
    return con.execute(
        "select subject, expected, actual, difference from marts.dq_findings "
        "where check_name = ? order by subject",
        [check],
    ).fetchall()


def test_findings_activities_against_dipa(con: duckdb.DuckDBPyConnection) -> None:
    """Tabel 3: 7.760.019.000 + 9.710.722.000 against 17.820.741.000; Tabel 4 against
    13.488.991.000 (BAB III.B)."""
    assert findings(con, "dipa_total_mismatch") == [
        ("ceiling_after_adjustment", 13488991000, 13521841000, 32850000),
        ("ceiling_initial", 17820741000, 17470741000, -350000000),
    ]


def test_findings_say_what_their_figures_are(con: duckdb.DuckDBPyConnection) -> None:
    """Each row names its two figures (expected_label*, actual_label*), and they hold what
    the names say: a published check's expected is the figure the LKj prints (the seed's,
    through fct_lkj_reconciliation), even where it is the wrong one (Tabel 9: 71.202)."""
    named = set(
        con.execute(
            "select distinct check_name, expected_label_id, actual_label_id, "
            "expected_label, actual_label from marts.dq_findings"
        ).fetchall()
    )
    published = ("Tertulis di LKj", "Menurut data", "the figure the LKj prints")
    assert {row[:4] for row in named} == {
        ("dipa_total_mismatch", "Total DIPA", "Jumlah pagu kegiatan", "the DIPA total"),
        ("published_vs_records", *published),
        ("published_total_mismatch", *published),
        ("suspected_duplicate_person", None, None, None),
    }
    # the published checks: expected is the printed figure, actual the warehouse's
    assert con.execute(
        "select count(*), count(*) filter (where f.expected = r.published_value "
        "and f.actual = r.warehouse_value) "
        "from marts.dq_findings as f inner join marts.fct_lkj_reconciliation as r "
        "using (office_code, year, check_name, subject)"
    ).fetchone() == (24, 24)
    assert con.execute(
        "select expected_label_id, expected, actual_label_id, actual from marts.dq_findings "
        "where subject = 'Tabel 9 / kpi_realisation_sum / IKU1 / 2021-2024'"
    ).fetchone() == ("Tertulis di LKj", 71202, "Menurut data", 71314)
    # the DIPA check: expected is the DIPA total, actual the activities' sum
    assert con.execute(
        "select f.expected = o.budget_ceiling_initial, f.actual = a.ceilings "
        "from marts.dq_findings as f "
        "inner join marts.fct_office_annual as o using (office_code, year) "
        "inner join (select office_code, year, sum(budget_ceiling_initial) as ceilings "
        "from marts.fct_activity_budgets group by all) as a using (office_code, year) "
        "where f.subject = 'ceiling_initial' and o.target_basis = 'PK'"
    ).fetchone() == (True, True)


def test_findings_suspected_duplicates_of_lampiran_iv(con: duckdb.DuckDBPyConnection) -> None:
    """Rows NO 60, 61, 62 repeat NO 6, 34, 48 (sheet rows are one more: the header)."""
    details = con.execute(
        "select detail, detail_id from marts.dq_findings "
        "where check_name = 'suspected_duplicate_person' order by subject"
    ).fetchall()
    assert len(details) == 3
    for later, earlier, (detail, detail_id) in zip((60, 61, 62), (6, 34, 48), details, strict=True):
        row = earlier + 1
        assert f"(NO {later}) looks like the same person as row {row} (NO {earlier})" in detail
        assert f"(NO {later}) tampaknya orang yang sama dengan baris {row} (NO {earlier})" in (
            detail_id
        )


def test_every_finding_has_its_sentence_in_both_languages(con: duckdb.DuckDBPyConnection) -> None:
    """The notes of seeds/published_figures.csv come in both languages: the LKj's TOTAL row
    of Lampiran II is "baris TOTAL" in the Indonesian sentence."""
    missing = con.execute(
        "select count(*) from marts.dq_findings where detail is null or detail_id is null"
    ).fetchone()
    assert missing == (0,)
    assert (
        con.execute(
            "select count(*) from marts.dq_findings where detail_id like '%(baris TOTAL%'"
        ).fetchone()[0]
        == con.execute(
            "select count(*) from marts.dq_findings where detail like '%(TOTAL row%'"
        ).fetchone()[0]
        > 0
    )


def test_no_ikpa_finding_when_components_give_the_score(con: duckdb.DuckDBPyConnection) -> None:
    """The appendix's components give 97,116, which is the 97,12 of Tabel 22."""
    assert findings(con, "ikpa_components_mismatch") == []


def test_findings_where_the_lkj_contradicts_itself(con: duckdb.DuckDBPyConnection) -> None:
    published = {
        subject: (expected, actual)
        for subject, expected, actual, _ in findings(con, "published_vs_records")
    }
    for quarter, printed, records in ((1, 6419, 6410), (3, 6500, 6620), (4, 5931, 5819)):
        subject = f"Tabel 5 / kpi_quarterly_realisation / IKU1 / Q{quarter}"
        assert published[subject] == (printed, records)
    assert published["Tabel 10 / kpi_annual_target / IKU1 / PK"] == (20000, 35354)
    totals = {s: (e, a) for s, e, a, _ in findings(con, "published_total_mismatch")}
    assert totals["Tabel 9 / kpi_realisation_sum / IKU1 / 2021-2024"] == (71202, 71314)
    assert totals["BAB III.B / office_budget_realisation"] == (12981591000, 12981591744)
    # Lampiran II's TOTAL row: 15 of its 24 cells differ from the sums of its months.
    cells = {s: v for s, v in totals.items() if "placements_annual_cell" in s}
    assert len(cells) == 15
    block = "Lampiran II / placements_annual_cell / TOTAL | TKI Mandiri / Pelaut | Formal | L"
    assert cells[block] == (2085, 2183)
