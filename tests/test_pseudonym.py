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

from pipelines.contract.specs import TABLES
from pipelines.lib.config import Settings
from pipelines.lib.pseudonym import (
    KeySource,
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


def environment_key() -> bytes:
    """The key a refresh started now would take: its settings read from the environment at
    start-up, and handed to pseudonym_key()."""
    return pseudonym_key(KeySource.of(Settings.from_env()))


def refused(message: str) -> str:
    """The error environment_key() raises, which must match ``message``; its text."""
    with pytest.raises(PseudonymKeyError, match=message) as error:
        environment_key()
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
        "restore the key file from its backup (the key that built the warehouse); only for a "
        f"new warehouse is a new key made, with {NEW_KEY} (with another key every pseudonym "
        "changes)"
    )
    assert value not in message
    assert not key_file.exists()  # the environment's key is used, and refused: no file made


def test_a_key_of_32_bytes_in_the_environment_is_taken(
    key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PSEUDONYM_KEY", "00")
    refused("too short")
    monkeypatch.setenv("PSEUDONYM_KEY", f"  {GOOD_HEX.upper()}\n")
    assert environment_key() == bytes.fromhex(GOOD_HEX)
    monkeypatch.setenv("PSEUDONYM_KEY", "00")  # the key taken before is not kept
    refused("too short")
    assert not key_file.exists()


def test_the_first_run_creates_a_key_file_for_its_owner_only_and_says_so(
    key_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="pipelines.pseudonym"):
        key = environment_key()
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
        assert environment_key() == key  # read again, the same key; nothing created, nothing said
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
    assert environment_key() == bytes.fromhex(GOOD_HEX)
    key_file.chmod(0o644)  # checked every time: the key read before is not kept
    refused("may be read or written by group or others")
    key_file.chmod(0o400)
    assert environment_key() == bytes.fromhex(GOOD_HEX)


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


# --- the warehouse records which key built it (pipelines/lib/keyguard.py) ------------------

# The raw tables that hold a name or NIK, and those columns as stored: from the feeds'
# declarations.
PERSONAL = {
    spec.table: tuple(column.stored_as for column in spec.columns if column.personal)
    for spec in TABLES
    if any(column.personal for column in spec.columns)
}


def test_the_fingerprint_of_a_key_tells_nothing_of_it() -> None:
    from pipelines.lib.keyguard import key_fingerprint

    key = bytes.fromhex(GOOD_HEX)
    fingerprint = key_fingerprint(key)
    label = b"bp3mi-warehouse/pseudonym-key-fingerprint/v1"
    assert fingerprint == hmac.new(key, label, hashlib.sha256).hexdigest()[:16]
    assert re.fullmatch(r"[0-9a-f]{16}", fingerprint)
    assert fingerprint not in hashlib.sha256(key).hexdigest()  # not the key's plain hash
    assert fingerprint != key_fingerprint(bytes.fromhex("5f" * 32))


def person_pseudonyms(warehouse: Path) -> dict[tuple[str, str, int], tuple]:
    """Every raw row holding a name or NIK: (table, file, row) -> its pseudonyms."""
    import duckdb

    found = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table, columns in PERSONAL.items():
            held = " or ".join(f"{column} is not null" for column in columns)
            for file, row, *values in con.execute(
                f"select source_file, source_row, {', '.join(columns)} from raw.{table} "
                f"where {held}"
            ).fetchall():
                found[(table, file, row)] = tuple(values)
    return found


def recorded_keys(warehouse: Path) -> list[tuple[str, str]]:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select fingerprint, how from audit.pseudonym_key order by recorded_at"
        ).fetchall()


def refresh_with_key(raw: Path, published: Path, key_file: Path, *extra: str):
    env = {**os.environ, "PSEUDONYM_KEY_FILE": str(key_file)}
    env.pop("PSEUDONYM_KEY", None)
    return subprocess.run(
        [
            sys.executable, "-m", "pipelines", "refresh",
            "--raw-dir", str(raw), "--warehouse", str(published), *extra,
        ],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


def test_a_refresh_under_another_key_stops_and_rekey_says_what_changes(
    raw: Path, published: Path, tmp_path: Path, pseudonym_key_file: Path
) -> None:
    """Issue 21, point 4: PSEUDONYM_KEY_FILE mistyped (a new path) created a new key, read
    everything again and published every pseudonym changed, exit 0. Now the refresh stops
    before loading, names the setting, its path and --rekey with the rows it would change;
    --rekey does it, and the session's key is then the one refused."""
    from pipelines.lib.keyguard import key_fingerprint
    from tests.conftest import snapshot

    before, pseudonyms = snapshot(published), person_pseudonyms(published)
    rows = len(pseudonyms)  # rows of the small office's files that hold a name or NIK
    assert rows > 0
    session = key_fingerprint(bytes.fromhex(pseudonym_key_file.read_text()))
    assert recorded_keys(published) == [(session, "new")]  # the first refresh recorded it
    mistyped = tmp_path / "new" / "pseudonym.key"
    stopped = refresh_with_key(raw, published, mistyped)
    assert stopped.returncode == 1, stopped.stdout + stopped.stderr
    assert (
        "refresh dihentikan sebelum memuat apa pun: gudang data "
        f"{published} dibangun dengan kunci pseudonim lain (PSEUDONYM_KEY_FILE={mistyped} "
        "tidak ada)"
    ) in stopped.stderr
    assert f"jalankan python -m pipelines refresh --rekey: pseudonim {rows} baris akan berubah" in (
        stopped.stderr
    )
    assert not mistyped.exists() and not mistyped.parent.exists()  # no key made in passing
    # Another key in a file of its own: stopped the same way.
    other = tmp_path / "other.key"
    other.write_text("5f" * 32 + "\n")
    other.chmod(0o600)
    stopped = refresh_with_key(raw, published, other, "--lang", "en")
    assert stopped.returncode == 1
    assert f"(PSEUDONYM_KEY_FILE={other} holds another key than the one that built it)" in (
        stopped.stderr
    )
    assert snapshot(published) == before
    assert not list(published.parent.glob("warehouse.duckdb.build-*"))

    rekeyed = refresh_with_key(raw, published, mistyped, "--rekey", "--lang", "en")
    assert rekeyed.returncode == 0, rekeyed.stdout + rekeyed.stderr
    fingerprint = key_fingerprint(bytes.fromhex(mistyped.read_text()))
    assert (
        f"--rekey: the warehouse is built again with the key of PSEUDONYM_KEY_FILE={mistyped} "
        f"(fingerprint {fingerprint}); the pseudonyms of {rows} row(s) change"
    ) in rekeyed.stdout
    after = person_pseudonyms(published)
    assert after.keys() == pseudonyms.keys()
    changed = [
        row
        for row, values in after.items()
        if all(new != old for new, old in zip(values, pseudonyms[row], strict=True) if old)
    ]
    assert len(changed) == rows  # as it said: every one of them
    assert recorded_keys(published) == [(session, "new"), (fingerprint, "rekeyed")]
    stopped = refresh_with_key(raw, published, pseudonym_key_file, "--lang", "en")
    assert stopped.returncode == 1
    assert f"PSEUDONYM_KEY_FILE={pseudonym_key_file} holds another key" in stopped.stderr


def test_a_dagster_run_or_schedule_with_another_key_stops_before_loading(
    raw: Path, published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for a run the UI, the schedule or the sensor starts: its first step,
    raw_files, fails with the sentence, and no feed is read."""
    import dagster as dg

    from pipelines.cli import failure_text
    from pipelines.definitions import defs, resources
    from tests.conftest import build_warehouse, snapshot

    before = snapshot(published)
    mistyped = tmp_path / "new" / "pseudonym.key"
    monkeypatch.setenv("PSEUDONYM_KEY_FILE", str(mistyped))
    result = build_warehouse(published, raw)
    assert not result.success
    failed = [event.step_key for event in result.all_events if event.is_step_failure]
    assert failed == ["raw_files"]
    text = failure_text(result.failure_data_for_node("raw_files"), "id")
    assert f"(PSEUDONYM_KEY_FILE={mistyped} tidak ada)" in text
    assert "python -m pipelines refresh --rekey" in text
    assert not mistyped.exists()
    assert snapshot(published) == before
    # The schedule starts the run that says why (and is recorded as failed), creating no key.
    schedule = defs().resolve_schedule_def("nightly_refresh_schedule")
    with (
        dg.instance_for_test() as instance,
        dg.build_schedule_context(instance=instance, resources=resources(published, raw)) as tick,
    ):
        assert len(schedule.evaluate_tick(tick).run_requests) == 1
    assert not mistyped.exists()


def test_a_warehouse_without_a_recorded_key_adopts_the_current_one(
    raw: Path, published: Path, pseudonym_key_file: Path
) -> None:
    """A warehouse from before the record: the refresh takes its key as the warehouse's, says
    so (on the screen and in the run's log) and records it, although no file changed."""
    import duckdb

    from pipelines.lib.keyguard import key_fingerprint

    with duckdb.connect(str(published)) as con:
        con.execute("drop table audit.pseudonym_key")
    fingerprint = key_fingerprint(bytes.fromhex(pseudonym_key_file.read_text()))
    run = refresh_with_key(raw, published, pseudonym_key_file)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith(
        "gudang data belum mencatat kunci pseudonim: kunci dari "
        f"PSEUDONYM_KEY_FILE={pseudonym_key_file} (sidik {fingerprint}) dijadikan kuncinya"
    )
    assert "Refresh berhasil" in run.stdout  # not "nothing to do": the record is work
    [log] = [line for line in run.stdout.splitlines() if line.startswith("Log lengkap: ")]
    logged = Path(log.removeprefix("Log lengkap: ")).read_text()
    assert "the warehouse records no pseudonym key yet: it takes the key of " in logged
    assert recorded_keys(published) == [(fingerprint, "adopted")]
    again = refresh_with_key(raw, published, pseudonym_key_file)
    assert again.returncode == 0 and "kunci pseudonim" not in again.stdout
