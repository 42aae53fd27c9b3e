"""A provisional year's Tabel 5 and Lampiran II print "-" for what has not arrived.

Data through March (``months_complete`` 3) of a year planned 6.000, 8.000, 9.000, 7.000:
Triwulan II-IV have no realisation yet, and April-December no placements file. Their
figures are "-", not 0; the months and quarters that arrived keep theirs (a 0 of a
complete year stays 0).
"""

from __future__ import annotations

from pipelines.lkj.lkj_tables import lampiran_ii, tabel_5
from tests.test_analysis import crafted, quarterly

LABEL = "Sementara, data s.d. Maret 2025"
# (month, unit type, scheme group, sector, sex) -> placements
PLACEMENTS = {
    (1, "BP3MI/P4MI", "TKI Reguler", "Formal", "L"): 4,
    (2, "LTSA/MPP", "TKI Reguler", "Informal", "P"): 7,
    (3, "BP3MI/P4MI", "TKI Reguler", "Formal", "P"): 2,
}


def provisional(**changes):
    """The module's year; ``changes`` replace its fields."""
    quarters = quarterly((6000, 13), (8000, 0), (9000, 0), (7000, 0))
    fields = {"placements": PLACEMENTS, "status_label": LABEL, "months_complete": 3}
    return crafted(
        "Orang", {2024: (35354, 25207), 2025: (30000, 13)}, quarterly=quarters, **fields | changes
    )


def row_texts(table, index: int) -> list[str]:
    return [cell.text() for cell in table.body[index]]


def test_tabel_5_prints_dash_for_the_quarters_not_complete() -> None:
    table = tabel_5(provisional())
    texts = row_texts(table, 0)[-8:]  # target, realisation of each quarter
    assert texts == [
        "6.000 Orang", "13 Orang",
        "8.000 Orang", "-",
        "9.000 Orang", "-",
        "7.000 Orang", "-",
    ]  # fmt: skip
    assert f"Triwulan II, Triwulan III, Triwulan IV belum lengkap ({LABEL})" in table.note


def test_a_complete_years_quarters_keep_their_zero() -> None:
    table = tabel_5(provisional(status_label="", months_complete=12))
    assert row_texts(table, 0)[-8:][3] == "0 Orang"
    assert "belum lengkap" not in table.note


def test_lampiran_ii_prints_dash_for_the_months_not_arrived() -> None:
    table = lampiran_ii(provisional())
    totals = [row_texts(table, m)[-1] for m in range(12)]
    assert totals == ["4", "7", "2"] + ["-"] * 9
    assert row_texts(table, 12)[-1] == "13"  # TOTAL: the months that arrived
    assert f'{LABEL}: bulan yang datanya belum diterima dicetak "-"' in table.note


def test_a_month_after_a_gap_that_arrived_keeps_its_figures() -> None:
    """February missing: provisional up to January; March arrived and is printed."""
    without_february = {key: n for key, n in PLACEMENTS.items() if key[0] != 2}
    data = provisional(
        placements=without_february,
        status_label="Sementara, data s.d. Januari 2025",
        months_complete=1,
    )
    totals = [row_texts(lampiran_ii(data), m)[-1] for m in range(4)]
    assert totals == ["4", "-", "2", "-"]
