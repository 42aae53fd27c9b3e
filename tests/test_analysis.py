"""The drafted analysis chapter (Bab III): its sentences, their wording rules, the .docx.

The figures the sentences must carry are those of the published LKj 2024 of
BP3MI Jawa Tengah (tests/published_lkj_2024.py, copied from its Bab III); the
wording rules are checked on small crafted series, where the right word is
plain from the numbers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from contextlib import closing
from pathlib import Path

import docx
import pytest

from pipelines.analyst import connect
from pipelines.lkj import analysis
from pipelines.lkj.analysis import (
    Chapter,
    Section,
    chapter_html,
    direction,
    draft_chapter,
    extremes,
    gap_words,
    is_significant,
    pattern,
    superlative,
    verdict,
)
from pipelines.lkj.code import REPORT_CODE
from pipelines.lkj.lkj_data import (
    JAKARTA,
    Goal,
    GoalBudget,
    Indicator,
    Kpi,
    LkjData,
    OfficeBudget,
    Quarter,
    load_lkj,
)
from tests.published_lkj_2024 import (
    BAB_III_B,
    BAB_III_CASES,
    BAB_III_DIPA,
    BAB_III_GOALS,
    BAB_III_IKU,
    BAB_III_IKU1_2023,
    BAB_III_IKU2_SERIES,
    BAB_III_MEAN,
    BAB_IV_MEAN_DIPA,
    TABEL_5_IKU2_CASES,
    TABEL_5_REALISATIONS,
)

GENERATED_AT = dt.datetime(2025, 1, 31, 8, 15, tzinfo=JAKARTA)
UNITS = {"IKU1": "orang", "IKU3": "orang", "IKU4": "orang", "IKU5": "orang", "IKU2": "%"}


@pytest.fixture(scope="module")
def jateng(warehouse: Path) -> LkjData:
    with closing(connect(warehouse)) as con:
        return load_lkj(con, "JATENG", 2024, "p-uji", GENERATED_AT)


@pytest.fixture(scope="module")
def chapter(jateng: LkjData) -> Chapter:
    return draft_chapter(jateng)


def section(chapter: Chapter, key: str) -> Section:
    [found] = [s for s in chapter.sections if s.key == key]
    return found


def printed(figure: str, code: str) -> str:
    """A target or realisation of ``code`` with its unit, as the text prints it."""
    unit = UNITS.get(code)
    return f"{figure} {unit}" if unit else figure


# --- the published figures -------------------------------------------------------------


@pytest.mark.parametrize("code", list(BAB_III_IKU))
def test_each_iku_opens_with_the_published_figures(chapter: Chapter, code: str) -> None:
    target, realisation, achievement = BAB_III_IKU[code]
    label = code.replace("IKU", "IKU ")
    opening = section(chapter, code.lower()).paragraphs[0]
    assert opening.startswith(
        f"Realisasi {label} tahun 2024 sebesar {printed(realisation, code)} "
        f"atau {achievement} % dari target {printed(target, code)}"
    ), opening
    if code in BAB_III_DIPA:
        dipa_target, dipa_achievement = BAB_III_DIPA[code]
        assert (
            f"target DIPA setelah Automatic Adjustment sebesar {printed(dipa_target, code)}, "
            f"capaiannya {dipa_achievement} %."
        ) in opening
    else:
        assert "DIPA" not in opening


def test_iku_1_fell_against_2023_as_the_text_says(chapter: Chapter) -> None:
    opening = section(chapter, "iku1").paragraphs[0]
    assert f", turun 362 orang (1,41 %) dibanding tahun 2023 ({BAB_III_IKU1_2023} orang)." in (
        opening
    )
    assert "Target belum tercapai; realisasi kurang 10.147 orang dari target." in opening


def test_iku_2_counts_the_cases_of_both_years(chapter: Chapter) -> None:
    paragraphs = section(chapter, "iku2").paragraphs
    assert (
        f"Kasus yang masuk tahun 2024 sebanyak {BAB_III_CASES['2024']} kasus, "
        f"{BAB_III_CASES['open']} di antaranya masih dalam proses penyelesaian. "
        f"Tahun 2023 kasus yang masuk sebanyak {BAB_III_CASES['2023']} kasus, "
        "sehingga jumlah kasus turun 6 kasus."
    ) in paragraphs
    quarters = ", ".join(
        f"{cases} kasus (Triwulan {n})"
        for cases, n in zip(TABEL_5_IKU2_CASES, ("I", "II", "III", "IV"), strict=True)
    )
    assert any(quarters.rsplit(", ", 1)[0] in p for p in paragraphs)


def test_iku_2s_quarters_are_printed_as_tabel_5_prints_them(chapter: Chapter) -> None:
    """One rule per figure: the quarters' cumulative reductions are Tabel 5's (58,9552 cut
    to 58,95 as the LKj cuts it, not rounded to 58,96; the fourth the year's 4,48)."""
    text = " ".join(section(chapter, "iku2").paragraphs)
    printed = [cell.split(" % ")[0].lstrip("- ") for cell in TABEL_5_REALISATIONS["IKU2"][:3]]
    expected = ", ".join(
        f"{v} % (Triwulan {n})" for v, n in zip(printed, ("I", "II", "III"), strict=True)
    )
    assert expected + " dan 4,48 % (Triwulan IV)" in text
    assert "58,96" not in text


def test_iku_2s_smallest_reduction_is_not_called_significant(chapter: Chapter) -> None:
    """The published text calls 2024's 4,48 % reduction "signifikan"; it is the smallest
    of 2021-2024 (Tabel 12), and the draft says so instead."""
    text = " ".join(section(chapter, "iku2").paragraphs)
    assert "signifikan" not in text
    reductions = [f"tahun {y} turun {BAB_III_IKU2_SERIES[y]} %" for y in (2021, 2022, 2023)]
    assert (
        f"Jumlah kasus tahun 2024 turun {BAB_III_IKU2_SERIES[2024]} % dibanding tahun "
        "sebelumnya, dan penurunan ini adalah perubahan terkecil dalam periode 2021-2024 "
        f"(perubahan tahun lain: {reductions[0]}, {reductions[1]} dan {reductions[2]})."
    ) in text


def test_the_goals_budgets_and_the_office_as_published(chapter: Chapter) -> None:
    for number, (ceiling, realised, absorption, mean) in BAB_III_GOALS.items():
        code = "iku1" if number == 1 else "iku6"
        budget = section(chapter, code).paragraphs[-1]
        assert (
            f"Anggaran sasaran ini sebesar Rp {ceiling} dan terealisasi Rp {realised} "
            f"atau {absorption} %, sedangkan rata-rata capaian IKU-nya {mean} %"
        ) in budget
    [overview] = section(chapter, "capaian").paragraphs
    assert f"tahun 2024 sebesar {BAB_III_MEAN} %, dihitung dari rata-rata capaian 8 IKU" in (
        overview
    )
    assert f"rata-rata capaiannya {BAB_IV_MEAN_DIPA} %" in overview
    assert "Target tercapai atau terlampaui pada 2 IKU (IKU 4 dan IKU 7)" in overview
    initial, after, absorption = BAB_III_B
    [office] = section(chapter, "realisasi-anggaran").paragraphs
    assert f"(pagu DIPA awal) sebesar Rp {initial}" in office
    assert f"pagu menjadi Rp {after}" in office
    assert f"atau {absorption} %." in office


def test_the_chapter_is_marked_a_draft(chapter: Chapter) -> None:
    assert "DRAF - untuk disunting" in chapter.title
    assert chapter.note.startswith("DRAF - untuk disunting.")
    assert "p-uji" in chapter.note  # the publish it was drafted from
    keys = [s.key for s in chapter.sections]
    assert keys == ["capaian", *(f"iku{n}" for n in range(1, 9)), "realisasi-anggaran"]


# --- the wording rules, on crafted figures ------------------------------------------------


def test_rules_on_numbers() -> None:
    assert [direction(1, 2), direction(2, 1), direction(2, 2)] == ["naik", "turun", "tetap"]
    assert superlative(4.48, [7.28, 27.3, 23.86, 4.48]) == "terkecil"
    assert superlative(27.3, [7.28, 27.3, 23.86, 4.48]) == "terbesar"
    assert superlative(23.86, [7.28, 27.3, 23.86, 4.48]) is None
    assert superlative(5, [5, 5]) is None  # a tie is neither
    assert superlative(5, [5]) is None  # nothing to compare with
    assert [verdict(100.01), verdict(100), verdict(99.99)] == [
        "melampaui",
        "mencapai",
        "belum mencapai",
    ]
    assert gap_words(93.23, 83.33) == "lebih tinggi 9,90 poin daripada"
    assert gap_words(96.24, 110.06) == "lebih rendah 13,82 poin daripada"
    assert gap_words(90, 90) == "sama dengan"


@pytest.mark.parametrize(
    ("size", "sizes", "significant"),
    [
        (4.48, [7.28, 27.3, 23.86, 4.48], False),  # the smallest: never
        (40, [50, 60, 40], False),  # large, but the smallest of the series
        (50, [50], False),  # alone: it is its series' smallest
        (20, [100, 5, 20], True),
        (9.99, [100, 5, 9.99], False),  # under the threshold
        (10, [100, 5, 10], True),
    ],
)
def test_significant_never_for_the_smallest(size, sizes, significant) -> None:
    assert is_significant(size, sizes) is significant


def test_quarter_patterns_and_extremes() -> None:
    assert pattern([1, 2, 3, 4]) == "naik setiap triwulan"
    assert pattern([75.37, 58.96, 35.82, 4.48]) == "turun setiap triwulan"
    assert pattern([2, 2, 2]) == "tetap"
    assert pattern([1, 3, 2]) == "berfluktuasi"
    assert pattern([0, 0, 20, 30]) == "cenderung naik"
    assert pattern([5, 3, 3]) == "cenderung turun"
    assert pattern([1]) is None
    assert extremes([("I", 1), ("II", 3), ("III", 3), ("IV", 0)]) == (["II", "III"], ["IV"])
    assert extremes([("I", 2), ("II", 2)]) == ([], [])


def crafted(unit: str, series: dict[int, tuple[float, float]], **changes) -> LkjData:
    """One indicator of ``unit`` with (target, realisation) per year; the last year is the
    report's."""
    kpi = {
        ("IKU1", "PK", year): Kpi(target, real, analysis.cut_2dp(real / target * 100))
        for year, (target, real) in series.items()
    }
    data = LkjData(
        office_code="UJI",
        office_name="BP3MI Uji",
        year=max(series),
        publish_id="p",
        published_at=None,
        generated_at=GENERATED_AT,
        goals=(Goal("SS1", "Sasaran uji"),),
        indicators=(
            Indicator(
                "IKU1", "SS1", "Indikator uji", unit, kind="reduction" if unit == "%" else "count"
            ),
        ),
        years=tuple(sorted(series)),
        kpi=kpi,
        quarterly={},
        goal_budgets={},
        office={},
        placements={},
        cases=(),
        findings=(),
    )
    return dataclasses.replace(data, **changes)


def texts(data: LkjData) -> str:
    return " ".join(section(draft_chapter(data), "iku1").paragraphs)


def test_the_smallest_change_of_a_large_series_is_called_the_smallest() -> None:
    # +100 %, +50 %, +10 %: 2024's is 10 % (the threshold) but the smallest.
    text = texts(crafted("Orang", {2021: (1, 100), 2022: (1, 200), 2023: (1, 300), 2024: (1, 330)}))
    assert "(naik 10 %) merupakan perubahan terkecil dalam periode 2022-2024" in text
    assert "signifikan" not in text


def test_years_without_a_target_are_not_counted_as_missed() -> None:
    """A year of the historical feed without a target is no year the target was missed."""
    data = crafted("Orang", {2023: (1, 100), 2024: (100, 50)})
    kpi = dict(data.kpi)
    kpi[("IKU1", "PK", 2023)] = Kpi(None, 100, None)
    text = texts(dataclasses.replace(data, kpi=kpi, years=(2023, 2024)))
    assert "Target tidak tercapai pada satu pun dari 1 tahun." in text
    assert "Tahun tanpa target: 2023." in text
    assert "dari 2 tahun" not in text


def test_an_unchanged_year_says_so_without_a_zero() -> None:
    text = texts(crafted("Orang", {2022: (1, 100), 2023: (1, 200), 2024: (1, 200)}))
    assert "(tetap)" in text and "tetap 0" not in text


def test_a_year_after_one_that_rounds_to_nothing_has_no_change() -> None:
    """0,4 orang prints 0: the next year's change against it is not computed (no division
    by zero), and nothing claims one."""
    text = texts(crafted("Orang", {2022: (1, 5), 2023: (1, 0.4), 2024: (1, 7)}))
    assert "Realisasi IKU 1 tahun 2024 sebesar 7 orang" in text


def test_a_large_change_is_significant_and_the_largest() -> None:
    text = texts(crafted("Orang", {2021: (1, 100), 2022: (1, 110), 2023: (1, 120), 2024: (1, 240)}))
    assert "(naik 100 %) tergolong signifikan dan merupakan perubahan terbesar" in text
    assert ", naik 120 orang (100 %) dibanding tahun 2023 (120 orang)." in text


def test_a_middle_change_over_the_threshold_is_significant_only() -> None:
    # +100 %, +5 %, +20 %
    text = texts(crafted("Orang", {2021: (1, 100), 2022: (1, 200), 2023: (1, 210), 2024: (1, 252)}))
    assert "(naik 20 %) tergolong signifikan dalam periode 2022-2024" in text
    assert "terbesar" not in text and "terkecil" not in text


def test_an_unchanged_realisation_is_tetap() -> None:
    text = texts(crafted("Nilai", {2023: (85, 76.11), 2024: (85, 76.11)}))
    assert "sebesar 76,11 atau 89,54 % dari target 85, tetap dibanding tahun 2023 (76,11)." in text
    assert "Realisasinya sama setiap tahun." in text


def test_a_reduction_of_cases_ranked_by_its_size() -> None:
    # IKU 2's kind: the realisation is the year's reduction of cases.
    text = texts(crafted("%", {2022: (6, 5), 2023: (6, 8), 2024: (6, 30)}))
    assert "turun 30 % dibanding tahun sebelumnya, penurunan yang signifikan, dan" in text
    assert "penurunan ini adalah perubahan terbesar dalam periode 2022-2024" in text
    assert "lebih besar 22 poin dibanding penurunan tahun 2023 (8 %)" in text


def test_cases_that_rose_are_a_rise() -> None:
    """A negative reduction: more cases than the year before."""
    text = texts(crafted("%", {2023: (6, 5), 2024: (6, -10)}))
    assert "sebesar -10 % atau" in text
    assert "Jumlah kasus tahun 2024 naik 10 % dibanding tahun sebelumnya, kenaikan yang " in text
    assert "signifikan, dan kenaikan ini adalah perubahan terbesar dalam periode 2023-2024" in text
    assert "Target belum tercapai" in text


def test_target_words_follow_the_achievement() -> None:
    assert "Target tercapai." in texts(crafted("Orang", {2024: (50, 50)}))
    assert "Target terlampaui; realisasi melebihi target sebanyak 1 orang" in texts(
        crafted("Orang", {2024: (50, 51)})
    )
    assert "Target belum tercapai; realisasi kurang 1 orang" in texts(
        crafted("Orang", {2024: (50, 49)})
    )


def test_quarters_with_no_target_are_not_counted() -> None:
    quarters = {("IKU1", 1): Quarter(0, 0, 0), ("IKU1", 2): Quarter(0, 0, 0)}
    quarters |= {("IKU1", 3): Quarter(10, 20, 20), ("IKU1", 4): Quarter(10, 30, 30)}
    text = texts(crafted("Orang", {2024: (20, 50)}, quarterly=quarters))
    assert "Target triwulan terpenuhi pada semua triwulan yang bertarget." in text
    assert (
        "Realisasi cenderung naik, tertinggi pada Triwulan IV; terendah pada Triwulan I "
        "dan Triwulan II."
    ) in text


def test_a_budget_whose_realisation_is_not_in_says_so() -> None:
    """A ceiling without its realisation (not reported yet) is no 'terealisasi Rp 0 atau
    0 %': the draft gives the ceiling and says the realisation is not recorded."""
    data = crafted("Orang", {2024: (20, 5)})
    data = dataclasses.replace(
        data,
        goal_budgets={("SS1", "PK"): GoalBudget(25, 1000, None, None)},
        office={"PK": OfficeBudget(25, 1200, 1000, None, None)},
    )
    chapter = draft_chapter(data)
    goal = section(chapter, "iku1").paragraphs[-1]
    assert "Anggaran sasaran ini sebesar Rp 1.000; realisasinya belum tercatat" in goal
    [office] = section(chapter, "realisasi-anggaran").paragraphs
    assert "pagu menjadi Rp 1.000. Sampai akhir tahun realisasinya belum tercatat" in office
    assert "Rp 0" not in goal + office


def test_the_mean_names_how_many_indicators_it_is_of() -> None:
    """Two indicators, one without a realisation: the mean is of 1 IKU, and says so."""
    data = crafted("Orang", {2024: (20, 5)})
    second = Indicator("IKU2", "SS1", "Indikator kedua", "Orang")
    data = dataclasses.replace(
        data,
        indicators=(*data.indicators, second),
        office={"PK": OfficeBudget(25)},
    )
    [overview] = section(draft_chapter(data), "capaian").paragraphs
    assert "rata-rata capaian 1 IKU yang realisasi dan targetnya tercatat (dari 2 IKU)" in overview


def test_a_year_without_figures_says_so() -> None:
    data = crafted("Orang", {2024: (20, 5)})
    data = dataclasses.replace(data, kpi={("IKU1", "PK", 2024): Kpi(20, None, None)})
    chapter = draft_chapter(data)
    assert section(chapter, "iku1").paragraphs[0] == (
        "Realisasi IKU 1 tahun 2024 belum tercatat di gudang data (target 20 orang)."
    )
    assert section(chapter, "realisasi-anggaran").paragraphs == (
        "Anggaran kantor tahun 2024 tidak tercatat di gudang data.",
    )
    budget = dataclasses.replace(data, goal_budgets={("SS1", "PK"): GoalBudget(25, 100, 50, 50)})
    assert "terealisasi Rp 50 atau 50 %, sedangkan rata-rata capaian IKU-nya 25 %" in texts(budget)


# --- the HTML fragment (the .docx: tests/test_docx.py) --------------------------------


def test_the_html_fragment_escapes_every_text() -> None:
    hostile = "<script>alert('x')</script> & \"kutip\""
    chapter = Chapter(hostile, hostile, (Section("iku1", hostile, (hostile, "biasa")),))
    html = chapter_html(chapter)
    assert html.startswith('<div class="draf">')
    assert "<script>" not in html
    # the note, the heading and the paragraph (the title is the page's section heading)
    assert html.count("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;kutip&#34;") == 3
    assert "<p>biasa</p>" in html


def test_the_html_fragment_holds_the_chapter(chapter: Chapter) -> None:
    html = chapter_html(chapter)
    assert html.count("<h3>") == len(chapter.sections)
    assert html.count("<p>") == sum(len(s.paragraphs) for s in chapter.sections)
    assert 'id="analisis-iku2"' in html
    assert "25.207 orang atau 71,29 % dari target 35.354 orang" in html


def test_the_report_code_covers_the_templates() -> None:
    templates = Path(analysis.__file__).parent / "templates"
    assert {p for p in templates.rglob("*") if p.is_file()} <= set(REPORT_CODE)
    assert templates / "analysis" / "paragraphs.txt.j2" in REPORT_CODE


def test_the_small_offices_refresh_writes_its_draft(small_office_template: Path) -> None:
    """A refresh (the real publish step) writes the .docx beside the other two, from an
    office-year with few figures (TESTB 2025: no series, no budget for some goals)."""
    reports = small_office_template / "warehouse" / "reports" / "TESTB_2025"
    names = sorted(p.name for p in reports.iterdir())
    assert names == ["lkj_TESTB_2025.docx", "lkj_TESTB_2025.html", "lkj_TESTB_2025.xlsx"]
    paragraphs = [p.text for p in docx.Document(str(reports / "lkj_TESTB_2025.docx")).paragraphs]
    assert "BAB III AKUNTABILITAS KINERJA" in paragraphs  # the whole LKj: tests/test_docx.py
    assert any(p.startswith("Realisasi IKU 4 tahun 2025 sebesar 3 orang") for p in paragraphs)
