"""Suspected duplicate persons: the variants Lampiran IV describes, and no false alarms."""

from __future__ import annotations

import pytest

from pipelines.lib.persons import same_person, suspected_duplicates


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
