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
    """For each name, the index of the first earlier name it repeats, or None.

    The same answer as trying ``same_person`` on every earlier name, in one pass:
    earlier names are indexed by the keys a later name can look up, each key
    keeping its smallest index, so a recap costs time linear in its rows. When
    own names are equal, ``same_person`` looks only at the fathers' names, but a
    word list that is a prefix of the other then has a compatible father's name
    too, so both lookups can be taken together.
    """
    # Same own name: father's name -> first index, and every prefix (as a
    # string, "" included) of a father's name -> first index.
    fathers: dict[str, dict[str, int]] = {}
    father_prefixes: dict[str, dict[str, int]] = {}
    # Word lists (own + father): full list -> first index, and every prefix of
    # at least two words of a list -> first index.
    full_lists: dict[tuple[str, ...], int] = {}
    full_prefixes: dict[tuple[str, ...], int] = {}
    result: list[int | None] = []
    for index, name in enumerate(names):
        own, father = _split(name) if name else ("", "")
        if not own:  # same_person is False for an empty own name
            result.append(None)
            continue
        words = (*own.split(), *father.split())
        by_father = fathers.setdefault(own, {})
        by_father_prefix = father_prefixes.setdefault(own, {})
        candidates = [
            # an earlier father's name is a prefix of this one (or missing)
            *(by_father.get(father[:n]) for n in range(len(father) + 1)),
            # this father's name is a prefix of an earlier one (or missing)
            by_father_prefix.get(father),
            # an earlier word list is a prefix of this one
            *(full_lists.get(words[:n]) for n in range(2, len(words) + 1)),
            # this word list is a prefix of an earlier one
            full_prefixes.get(words) if len(words) >= 2 else None,
        ]
        result.append(min((j for j in candidates if j is not None), default=None))
        by_father.setdefault(father, index)
        for n in range(len(father) + 1):
            by_father_prefix.setdefault(father[:n], index)
        full_lists.setdefault(words, index)
        for n in range(2, len(words) + 1):
            full_prefixes.setdefault(words[:n], index)
    return result
