"""Suspected duplicate persons: the variants Lampiran IV describes, and no false alarms."""

from __future__ import annotations

import functools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.lib import persons
from pipelines.lib.persons import same_person, suspected_duplicates

# Spelling variants, fathers' markers and cut-short words, so that collisions are frequent.
_WORDS = (
    "Rahmat", "Rachmat", "Rahmad", "Joko", "Djoko", "Siti", "Aminah", "Amina", "bin",
    "binti", "bt.", "B.", "Budi", "Santoso", "Santo", "Yakub", "Jakub", "Yaku", "Muchlis",
    "Mukhlis", "Oktavianus", "123", "-",
)  # fmt: skip


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("Rahmat Ngantung bin Yakub", "Rachmat Ngantung bin Yaku"),  # spelling, short father
        ("Mukhlis Sondakh bin Hasyim", "Muchlis Sondakh"),  # spelling, no father
        ("Oktavianus Yohanis Gosal", "Oktavianus Yohanis"),  # first two words
        ("Djoko Susilo", "Joko Susilo"),
        ("Yusuf Hidayat binti Slamet", "Jusuf Hidajat binti Slamet"),
        ("Siti  Aminah", "SITI AMINAH"),
    ],
)
def test_variants_of_one_person(earlier: str, later: str) -> None:
    assert same_person(earlier, later)


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("Rahmat Ngantung bin Yakub", "Rahmat Ngantung bin Hasan"),
        ("Oktavianus Yohanis Gosal", "Oktavianus"),  # one word is too little
        ("Siti Aminah", "Siti Amalia"),
        ("Agus Santoso", "Budi Santoso"),
    ],
)
def test_different_people(earlier: str, later: str) -> None:
    assert not same_person(earlier, later)


def test_points_to_the_first_earlier_row() -> None:
    names = ["Ani Lestari", "Budi Santoso", None, "Budi Santoso bin Karto", "Ani Lestari"]
    assert suspected_duplicates(names) == [None, None, None, 1, 0]


def _reference(names: list[str | None]) -> list[int | None]:
    """The definition: try every earlier name, in order (quadratic)."""
    result: list[int | None] = []
    for index, name in enumerate(names):
        match = None
        if name:
            match = next(
                (j for j in range(index) if names[j] and same_person(names[j], name)), None
            )
        result.append(match)
    return result


_names = st.lists(
    st.one_of(
        st.none(),
        st.just(""),
        st.lists(st.sampled_from(_WORDS), max_size=4).map(" ".join),
        st.lists(st.sampled_from(_WORDS), max_size=4).map("  ".join),  # typed twice
    ),
    max_size=40,
)


@settings(max_examples=500)
@given(_names)
def test_same_result_as_trying_every_earlier_name(names: list[str | None]) -> None:
    assert suspected_duplicates(names) == _reference(names)


def test_same_result_on_a_large_recap(monkeypatch: pytest.MonkeyPatch) -> None:
    # The reference splits each name once per pair: cache the split (a pure function)
    # so that the quadratic reference runs in seconds on 3,000 names.
    monkeypatch.setattr(persons, "_split", functools.cache(persons._split))
    rng = random.Random(2024)
    words = (*_WORDS, "Lestari", "Ani", "Hasan", "Gosal", "Yohanis", "Agus", "Slamet", "Dewi")
    names: list[str | None] = [
        None if rng.random() < 0.02 else " ".join(rng.choices(words, k=rng.randint(0, 5)))
        for _ in range(3000)
    ]
    expected = _reference(names)
    assert suspected_duplicates(names) == expected
    assert 0 < expected.count(None) < len(names)  # both outcomes are exercised
