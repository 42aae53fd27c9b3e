"""Suspected duplicate persons in a recap, found on the clear names before pseudonymisation.

Office recaps are typed by hand, so the same person can appear twice under
spellings that differ: old and new Indonesian spelling (``Rachmat`` and
``Rahmat``, ``Muchlis`` and ``Mukhlis``, ``Djoko`` and ``Joko``), with and
without the father's name (``bin …``/``binti …``), or cut short
(``Oktavianus Yohanis`` for ``Oktavianus Yohanis Gosal``). Two names are a
suspected pair when, after folding spellings:

- they are equal; or
- their own names (before ``bin``/``binti``) are equal and the father's
  names are equal, one is a prefix of the other, or one is missing; or
- one name is the first words of the other (at least two words).

Suspected duplicates are reported, never removed: the contract counts
every row of the recap.
"""

from __future__ import annotations

import re
import unicodedata

_FATHER = re.compile(r"\s+(?:bin|binti|bt|b)\.?\s+", re.IGNORECASE)
# Old spelling (and common typing variants) to the spelling of 1972, longest first.
_SPELLING = (
    ("oe", "u"),
    ("dj", "j"),
    ("tj", "c"),
    ("ch", "h"),
    ("kh", "h"),
    ("ph", "f"),
    ("th", "t"),
    ("y", "j"),  # old "j" is today's "y": Jusuf / Yusuf
)


def fold(name: str) -> str:
    """A name in a form where spelling variants coincide (lower case, folded letters)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z ]", " ", text.lower())
    words = []
    for word in text.split():
        for old, new in _SPELLING:
            word = word.replace(old, new)
        word = re.sub(r"(.)\1+", r"\1", word)  # doubled letters: Muhammad / Muhamad
        words.append(word)
    return " ".join(words)


def _split(name: str) -> tuple[str, str]:
    own, _, father = _FATHER.sub(" bin ", f" {name} ").strip().partition(" bin ")
    return fold(own), fold(father)


def same_person(earlier: str, later: str) -> bool:
    """Whether two names are suspected to be the same person."""
    own_a, father_a = _split(earlier)
    own_b, father_b = _split(later)
    if not own_a or not own_b:
        return False
    if own_a == own_b:
        return (
            not father_a
            or not father_b
            or father_a.startswith(father_b)
            or father_b.startswith(father_a)
        )
    full_a, full_b = f"{own_a} {father_a}".split(), f"{own_b} {father_b}".split()
    shorter, longer = sorted((full_a, full_b), key=len)
    return len(shorter) >= 2 and longer[: len(shorter)] == shorter


def suspected_duplicates(names: list[str | None]) -> list[int | None]:
    """For each name, the index of the first earlier name it repeats, or None."""
    result: list[int | None] = []
    for index, name in enumerate(names):
        match = None
        if name:
            match = next(
                (j for j in range(index) if names[j] and same_person(names[j], name)), None
            )
        result.append(match)
    return result
