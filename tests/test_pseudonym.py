"""Pseudonyms computed in bulk (by DuckDB) are the HMAC-SHA256 digests of the normal form."""

from __future__ import annotations

import hashlib
import hmac

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.lib.pseudonym import (
    normalise_person_value,
    pseudonymise,
    pseudonymise_many,
    pseudonymise_series,
)

KEY = bytes.fromhex("00112233445566778899aabbccddeeff" * 2)

# Names as typed: letters, spaces of every kind, punctuation, and now and then
# characters whose upper case or white space rules differ between Python and SQL.
TEXT = st.text(
    alphabet=st.sampled_from([*"abcXYZ 09.'-", "\t", "\u00a0", "\u3000", "ß", "ﬁ", "é"]),
    max_size=20,
)


def test_a_known_digest() -> None:
    expected = hmac.new(KEY, b"SITI AMINAH BINTI AHMAD", hashlib.sha256).hexdigest()
    assert pseudonymise("  siti  aminah binti Ahmad ", KEY) == expected
    assert pseudonymise_series(pl.Series(["siti aminah   binti ahmad"]), KEY)[0] == expected


def test_blank_and_missing_values_have_no_pseudonym() -> None:
    values = [None, "", "   ", "\t"]
    assert pseudonymise_series(pl.Series(values, dtype=pl.String), KEY).to_list() == [None] * 4
    assert pseudonymise_many(values, KEY) == [None] * 4


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.none(), TEXT), max_size=30))
def test_bulk_pseudonyms_equal_one_by_one(values: list[str | None]) -> None:
    one_by_one = [pseudonymise(value, KEY) for value in values]
    assert pseudonymise_many(values, KEY) == one_by_one
    assert pseudonymise_series(pl.Series(values, dtype=pl.String), KEY).to_list() == one_by_one
    # Repeated values are hashed once and joined back, in the same order.
    repeated = pl.Series(values * 3, dtype=pl.String)
    assert pseudonymise_series(repeated, KEY).to_list() == one_by_one * 3


def test_long_keys_are_hashed_first_as_hmac_does() -> None:
    key = bytes(range(100))
    expected = hmac.new(key, normalise_person_value("budi").encode(), hashlib.sha256).hexdigest()
    assert pseudonymise_many(["budi"], key) == [expected]
    assert pseudonymise_series(pl.Series(["Budi"]), key).to_list() == [expected]
