"""The indicators' declaration (var ``renstra`` of dbt_project.yml) and its rules."""

from __future__ import annotations

import copy

import pytest
import yaml

from pipelines import indicators
from pipelines.indicators import DeclarationError, parse


@pytest.fixture(scope="module")
def declared() -> dict:
    text = indicators.DBT_PROJECT_FILE.read_text(encoding="utf-8")
    return yaml.safe_load(text)["vars"]["renstra"]


def test_the_2024_lkj_has_eight_indicators_in_two_goals() -> None:
    """The LKj 2024 of BP3MI Jawa Tengah: 2 Sasaran Strategis and 8 IKU (its Bab I)."""
    renstra = indicators.renstra()
    of_2024 = renstra.for_year(2024)
    assert [i.code for i in of_2024] == [f"IKU{n}" for n in range(1, 9)]
    assert {i.goal for i in of_2024} == {"SS1", "SS2"}
    assert renstra.indicator("IKU1", 2024).name == (
        "Penempatan Pekerja Migran Indonesia terampil dan profesional"
    )


def test_a_year_lists_its_indicators_goal_by_goal() -> None:
    """2025: IKU6 (orientation) is of SS1, so it comes before IKU7 and IKU8 of SS2."""
    renstra = indicators.renstra()
    assert [i.code for i in renstra.for_year(2025)] == [f"IKU{n}" for n in range(1, 9)]
    goals = [i.goal for i in renstra.for_year(2025)]
    assert goals == sorted(goals)


def test_a_code_may_mean_another_indicator_in_another_period() -> None:
    renstra = indicators.renstra()
    assert renstra.indicator("IKU2", 2024).kind == "reduction"
    assert renstra.indicator("IKU2", 2025).kind == "ratio"
    assert renstra.indicator("IKU1", 2024) is renstra.indicator("IKU1", 2029)
    assert renstra.period_of(2019) is None
    assert renstra.for_year(2019) == ()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["indicators"].append(copy.deepcopy(d["indicators"][0])), "declared twice"),
        (lambda d: d["indicators"][0].update(goal="SS9"), "goal SS9"),
        (lambda d: d["indicators"][0].update(kind="median"), "kind 'median'"),
        (lambda d: d["indicators"][0].update(periods=["2030-2034"]), "no period"),
        (lambda d: d["indicators"][0].update(polarity="up"), "polarity"),
        (lambda d: d["periods"][1].update(first_year=2024), "overlap"),
        (lambda d: d["periods"][1].update(first_year=2031), "first_year is after last_year"),
        (lambda d: d["periods"][0].pop("illustrative"), r"periods entry 1 \(2020-2024\): missing"),
        (
            lambda d: d["indicators"][1].update(numerater="x"),
            r"indicators entry 2 \(IKU2\): unknown field\(s\) numerater",
        ),
        (
            lambda d: next(i for i in d["indicators"] if i["kind"] == "ratio").pop("numerator"),
            "numerator",
        ),
        (
            lambda d: next(i for i in d["indicators"] if i["kind"] == "count").pop("model"),
            "feed and model",
        ),
    ],
)
def test_a_broken_declaration_is_refused_naming_the_entry(declared, change, message) -> None:
    broken = copy.deepcopy(declared)
    change(broken)
    with pytest.raises(DeclarationError, match=message):
        parse(broken)


def test_the_declaration_as_committed_keeps_its_rules(declared) -> None:
    renstra = parse(declared)
    assert renstra.codes_of_kind("score") == ("IKU6", "IKU7", "IKU8")
    assert {i.feed for i in renstra.indicators if i.counted} >= {
        "penempatan",
        "kasus",
        "pencegahan",
    }
