"""Pseudonyms computed in bulk (by DuckDB) are the HMAC-SHA256 digests of the normal form;
the key they are computed with is refused where anyone could know it or read it."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.lib.pseudonym import (
    PseudonymKeyError,
    normalise_person_value,
    pseudonym_key,
    pseudonymise,
    pseudonymise_many,
    pseudonymise_series,
)
from tests.conftest import PROJECT_ROOT

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


# The key: refused where anyone could know it or read it, with an error that names the
# setting and what to do, never the key.

NEW_KEY = "python -c 'import secrets; print(secrets.token_hex(32))'"
GOOD_HEX = "5e" * 32  # 32 bytes, as the key file and PSEUDONYM_KEY hold them


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A key file setting of this test's own, not created yet; PSEUDONYM_KEY unset."""
    path = tmp_path / "keys" / "pseudonym.key"
    monkeypatch.setenv("PSEUDONYM_KEY_FILE", str(path))
    monkeypatch.delenv("PSEUDONYM_KEY", raising=False)
    return path


def refused(message: str) -> str:
    """The error pseudonym_key() raises, which must match ``message``; its text."""
    with pytest.raises(PseudonymKeyError, match=message) as error:
        pseudonym_key()
    assert "\n" not in str(error.value)  # one line for the command line
    return str(error.value)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("zz", "PSEUDONYM_KEY is not hexadecimal"),
        ("0x" + GOOD_HEX, "PSEUDONYM_KEY is not hexadecimal"),
        ("00", re.escape("PSEUDONYM_KEY is too short (1 byte; at least 32)")),
        ("c0ffee" * 5, re.escape("PSEUDONYM_KEY is too short (15 bytes; at least 32)")),
        ("00" * 32, "PSEUDONYM_KEY is all zeros"),
        ("0" * 128, "PSEUDONYM_KEY is all zeros"),
    ],
)
def test_a_weak_or_malformed_key_in_the_environment_is_refused(
    key_file: Path, monkeypatch: pytest.MonkeyPatch, value: str, problem: str
) -> None:
    monkeypatch.setenv("PSEUDONYM_KEY", value)
    message = refused(problem)
    assert message.endswith(
        f"a new key is made with {NEW_KEY} (with another key every pseudonym changes)"
    )
    assert value not in message
    assert not key_file.exists()  # the environment's key is used, and refused: no file made


def test_a_key_of_32_bytes_in_the_environment_is_taken(
    key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PSEUDONYM_KEY", "00")
    refused("too short")
    monkeypatch.setenv("PSEUDONYM_KEY", f"  {GOOD_HEX.upper()}\n")
    assert pseudonym_key() == bytes.fromhex(GOOD_HEX)
    monkeypatch.setenv("PSEUDONYM_KEY", "00")  # the key taken before is not kept
    refused("too short")
    assert not key_file.exists()


def test_the_first_run_creates_a_key_file_for_its_owner_only_and_says_so(
    key_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="pipelines.pseudonym"):
        key = pseudonym_key()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    text = key_file.read_text()
    assert re.fullmatch(r"[0-9a-f]{64}\n", text)
    assert key == bytes.fromhex(text)
    assert sorted(p.name for p in key_file.parent.iterdir()) == ["pseudonym.key"]
    [record] = caplog.records
    assert (record.name, record.levelno) == ("pipelines.pseudonym", logging.WARNING)
    assert str(key_file) in record.getMessage()
    assert "simpan cadangannya" in record.getMessage()  # back it up, in Indonesian
    assert text.strip() not in record.getMessage()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="pipelines.pseudonym"):
        assert pseudonym_key() == key  # read again, the same key; nothing created, nothing said
    assert caplog.records == []


def test_a_key_file_others_may_read_or_write_is_refused(key_file: Path) -> None:
    key_file.parent.mkdir()
    key_file.write_text(GOOD_HEX + "\n")
    for mode in (0o644, 0o640, 0o604, 0o620, 0o602, 0o666):
        key_file.chmod(mode)
        message = refused(
            re.escape(
                f"PSEUDONYM_KEY_FILE={key_file} may be read or written by group or others "
                f"(mode {mode:04o}): run chmod 600 {key_file}"
            )
        )
        assert GOOD_HEX not in message
    key_file.chmod(0o600)
    assert pseudonym_key() == bytes.fromhex(GOOD_HEX)
    key_file.chmod(0o644)  # checked every time: the key read before is not kept
    refused("may be read or written by group or others")
    key_file.chmod(0o400)
    assert pseudonym_key() == bytes.fromhex(GOOD_HEX)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", re.escape("is too short (0 bytes; at least 32)")),
        ("\n", re.escape("is too short (0 bytes; at least 32)")),
        ("5e5e\n", re.escape("is too short (2 bytes; at least 32)")),
        ("00" * 32 + "\n", "is all zeros"),
        ("not a key\n", "is not hexadecimal"),
        ("é" * 64, "is not hexadecimal"),
    ],
)
def test_a_key_file_with_a_weak_or_malformed_key_is_refused(
    key_file: Path, content: str, problem: str
) -> None:
    key_file.parent.mkdir()
    key_file.write_text(content)
    key_file.chmod(0o600)
    message = refused(f"^{re.escape(f'PSEUDONYM_KEY_FILE={key_file}')} {problem}")
    assert NEW_KEY in message
    assert key_file.read_text() == content  # left as it was: never replaced by a new key


def test_a_key_file_that_is_not_a_regular_file_is_refused(key_file: Path) -> None:
    key_file.mkdir(parents=True, mode=0o700)
    refused(
        re.escape(
            f"PSEUDONYM_KEY_FILE={key_file} is not a regular file: "
            "point PSEUDONYM_KEY_FILE to the key file"
        )
    )
    key_file.rmdir()
    os.mkfifo(key_file, 0o600)  # opening it must not wait for a writer
    refused(re.escape(f"PSEUDONYM_KEY_FILE={key_file} is not a regular file"))


def test_a_key_file_that_cannot_be_created_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    path = blocker / "pseudonym.key"  # under a file: no directory can be made there
    monkeypatch.setenv("PSEUDONYM_KEY_FILE", str(path))
    monkeypatch.delenv("PSEUDONYM_KEY", raising=False)
    refused(re.escape(f"PSEUDONYM_KEY_FILE={path} does not exist and cannot be created"))


def test_a_refresh_with_a_weak_key_stops_and_says_why(tmp_path: Path, sample_raw: Path) -> None:
    """The command line, as cron runs it: nothing is loaded, and the error is one line."""
    warehouse = tmp_path / "warehouse.duckdb"
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster_home")}  # never the operator's
    env["PSEUDONYM_KEY"] = "c0ffee"
    command = ["refresh", "--raw-dir", str(sample_raw), "--warehouse", str(warehouse)]
    result = subprocess.run(
        [sys.executable, "-m", "pipelines", *command],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode != 0
    # In Bahasa Indonesia, the command line's default language.
    lines = [line for line in result.stderr.splitlines() if "PSEUDONYM_KEY terlalu pendek" in line]
    assert lines, result.stderr[-2000:]
    assert all(NEW_KEY in line for line in lines)
    assert "c0ffee" not in result.stdout + result.stderr
    assert not warehouse.exists()
