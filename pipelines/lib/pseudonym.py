"""Keyed pseudonyms for people: names and NIK never reach the warehouse in clear.

A person's value (name or NIK) is normalised (trimmed, inner spaces folded,
upper case) and replaced by HMAC-SHA256 under a secret key. The same person
gets the same pseudonym every night as long as the key stays the same; without
the key a pseudonym cannot be turned back into a name by trying names.

The key comes from ``PSEUDONYM_KEY`` (hex) or from the key file
(``PSEUDONYM_KEY_FILE``, outside the repository by default), which the first
refresh of a new warehouse creates with owner-only permissions. The warehouse
records which key built it, and a refresh with another key, or with a key file
missing, stops before loading (:mod:`pipelines.lib.keyguard`). A key that anyone could know or read
is refused with a :class:`PseudonymKeyError`: shorter than 32 bytes, all
zeros, or in a file that is not a regular file or that group or others may
read or write. The error names the setting and what to do, never the key.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from pipelines.lib import config
from pipelines.lib.errors import OperatorError
from pipelines.lib.i18n import LANGUAGES, Message

log = logging.getLogger("pipelines.pseudonym")

# SHA-256's block size in bytes: HMAC pads its key to it.
_BLOCK = 64
# The shortest key accepted, in bytes: SHA-256's output, as RFC 2104 recommends.
KEY_BYTES = 32
NEW_KEY_COMMAND = "python -c 'import secrets; print(secrets.token_hex(32))'"
_NEW_KEY_HINT = Message(
    "restore the key file from its backup (the key that built the warehouse); only for a "
    "new warehouse is a new key made, with {command} (with another key every pseudonym "
    "changes)",
    command=NEW_KEY_COMMAND,
)


class PseudonymKeyError(OperatorError, ValueError):
    """The pseudonym key is refused: the message (one line) names the setting and what to
    do about it, never the key."""


def _file_setting(path: Path) -> str:
    return f"PSEUDONYM_KEY_FILE={path}"


def _parse_key(text: str, setting: str) -> bytes:
    """The key of ``text`` (hex digits), or a PseudonymKeyError naming ``setting``."""
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        problem = Message("is not hexadecimal")
    else:
        if len(key) < KEY_BYTES:
            problem = (
                Message("is too short (1 byte; at least {minimum})", minimum=KEY_BYTES)
                if len(key) == 1
                else Message(
                    "is too short ({size} bytes; at least {minimum})",
                    size=len(key),
                    minimum=KEY_BYTES,
                )
            )
        elif not any(key):
            problem = Message("is all zeros, a key anyone knows")
        else:
            return key
    raise PseudonymKeyError(
        Message(
            "{setting} {problem}: the key must be {digits} hex digits; {hint}",
            setting=setting,
            problem=problem,
            digits=2 * KEY_BYTES,
            hint=_NEW_KEY_HINT,
        )
    )


def _create_key_file(path: Path) -> None:
    """Write a new random key to ``path`` (mode 0600), unless another process just did.

    The key is written to a file of its own beside ``path`` and linked into
    place, so that nobody ever reads a half-written key file.
    """
    setting = _file_setting(path)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(8)}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise PseudonymKeyError(
            Message(
                "{setting} does not exist and cannot be created ({reason}): point "
                "PSEUDONYM_KEY_FILE to the key file, or to a place where this user may create it",
                setting=setting,
                reason=error.strerror or str(error),
            )
        ) from None
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(KEY_BYTES) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.link(partial, path)
    except FileExistsError:
        return  # another refresh created it first: that one is the key
    finally:
        partial.unlink()
    created = Message(
        "created a new pseudonym key in {path}: back it up, and give every run of the refresh "
        "(cron, a service account) this same key; with another key every pseudonym changes",
        path=str(path),
    )
    log.warning("%s", created.render(LANGUAGES[0]))


def _read_key_file(path: Path) -> bytes:
    """The key in ``path``: a regular file that only its owner may read or write."""
    setting = _file_setting(path)
    try:
        # O_NONBLOCK: a FIFO put in its place is refused below instead of waiting for a writer.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise PseudonymKeyError(
            Message(
                "{setting} cannot be read ({reason}): the user running the refresh needs a "
                "copy of the key file that only it can read (chmod 600), with "
                "PSEUDONYM_KEY_FILE pointing to it",
                setting=setting,
                reason=error.strerror or str(error),
            )
        ) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise PseudonymKeyError(
                Message(
                    "{setting} is not a regular file: point PSEUDONYM_KEY_FILE to the key file",
                    setting=setting,
                )
            )
        mode = stat.S_IMODE(status.st_mode)
        if mode & 0o077:
            raise PseudonymKeyError(
                Message(
                    "{setting} may be read or written by group or others (mode {mode}): run "
                    "chmod 600 {path}",
                    setting=setting,
                    mode=f"{mode:04o}",
                    path=str(path),
                )
            )
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            text = handle.read().decode("ascii", errors="replace")  # not ASCII: not hex either
    finally:
        os.close(descriptor)
    return _parse_key(text, setting)


def _read_or_create_key(path: Path) -> bytes:
    if not os.path.lexists(path):
        _create_key_file(path)
    return _read_key_file(path)


@dataclass(frozen=True)
class KeySource:
    """Where the key comes from: ``PSEUDONYM_KEY``'s hex digits (``hex``) if set, else the
    key file ``file`` (``PSEUDONYM_KEY_FILE``). Read from the settings at start-up
    (:meth:`of`) and handed down; the key itself is read when asked for
    (:func:`pseudonym_key`)."""

    hex: str
    file: Path

    @classmethod
    def of(cls, settings: config.Settings) -> KeySource:
        """The key source the settings name."""
        return cls(settings.pseudonym_key, settings.pseudonym_key_file)

    def setting(self) -> str:
        """The setting the key comes from, as the operator sets it."""
        return "PSEUDONYM_KEY" if self.hex.strip() else _file_setting(self.file)

    def missing(self) -> bool:
        """No ``PSEUDONYM_KEY``, and no key file (not even a broken link) at its path."""
        return not self.hex.strip() and not os.path.lexists(self.file)


def pseudonym_key(source: KeySource) -> bytes:
    """The secret key: ``PSEUDONYM_KEY`` if set, else the key file (created if missing).

    Raises :class:`PseudonymKeyError` for a key that is refused. Not cached: the file is
    opened and checked on every call (a few times a refresh), so a key file made readable
    by others since is refused.
    """
    if source.hex.strip():
        return _parse_key(source.hex, "PSEUDONYM_KEY")
    return _read_or_create_key(source.file)


def normalise_person_value(value: str) -> str:
    """The form that is hashed: trimmed, inner white space folded, upper case."""
    return " ".join(value.split()).upper()


def pseudonymise(value: str | None, key: bytes) -> str | None:
    """HMAC-SHA256 of the normalised value, as 64 hex digits; null stays null."""
    if value is None or not value.strip():
        return None
    digest = hmac.new(key, normalise_person_value(value).encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()


def pseudonymise_many(values: Iterable[str | None], key: bytes) -> list[str | None]:
    """:func:`pseudonymise` of many values, with HMAC's key pads hashed once.

    HMAC-SHA256 is ``H(key ^ opad || H(key ^ ipad || message))``: the two
    hash states after the padded key are computed once and copied for each
    value, which halves the cost per value; the digests are the same.
    """
    inner_pad, outer_pad = _pads(key)
    inner = hashlib.sha256(inner_pad)
    outer = hashlib.sha256(outer_pad)
    result: list[str | None] = []
    for value in values:
        if value is None or not value.strip():
            result.append(None)
            continue
        digest = inner.copy()
        digest.update(normalise_person_value(value).encode("utf-8"))
        final = outer.copy()
        final.update(digest.digest())
        result.append(final.hexdigest())
    return result


# Values of printable ASCII only (nearly every name and every NIK) are hashed by
# DuckDB, in parallel; others by Python, whose white space and upper case rules
# (``str.split``, ``str.upper``) define the normal form.
_PSEUDONYMS_SQL = """
with cells as (select value, trim(value) as trimmed from incoming_values)
select
    case
        when trimmed = '' then null
        else sha256($outer || unhex(sha256($inner || encode(upper(
            -- the regular expression only where it has work: it costs more than the hash
            case when contains(trimmed, '  ') then regexp_replace(trimmed, ' +', ' ', 'g')
            else trimmed end
        )))))
    end as pseudonym
from cells
"""

# Outside printable ASCII (checked by polars, several times cheaper than in DuckDB).
_NOT_PRINTABLE_ASCII = r"[^ -~]"

# Below this share of distinct values, each value is hashed once and the digests
# joined back (names repeat; NIKs hardly do, and the join would cost more).
_DISTINCT_SHARE = 0.8


@cache
def _hashing_database() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB for hashing, opened once per process."""
    return duckdb.connect(config={"memory_limit": "256MB"})


def _pads(key: bytes) -> tuple[bytes, bytes]:
    """HMAC's inner and outer padded keys."""
    block = key if len(key) <= _BLOCK else hashlib.sha256(key).digest()
    block = block.ljust(_BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in block), bytes(b ^ 0x5C for b in block)


def _hash_in_duckdb(values: pl.Series, key: bytes) -> pl.Series:
    """The pseudonyms of values of printable ASCII, not null."""
    inner, outer = _pads(key)
    with _hashing_database().cursor() as con:
        con.register("incoming_values", pl.DataFrame({"value": values}))
        digests = con.sql(_PSEUDONYMS_SQL, params={"inner": inner, "outer": outer}).pl()
    return digests["pseudonym"]


def _hash_distinct(values: pl.Series, key: bytes) -> pl.Series:
    """The pseudonyms of values that are not null, each hashed (repeated or not)."""
    by_python = values.str.contains(_NOT_PRINTABLE_ASCII)
    if not by_python.any():  # nearly always: no need to put the two kinds together
        return _hash_in_duckdb(values, key)
    hashed = pl.Series("pseudonym", [None] * values.len(), dtype=pl.String)
    if not by_python.all():
        in_duckdb = _hash_in_duckdb(values.filter(~by_python), key)
        hashed = hashed.scatter(by_python.not_().arg_true(), in_duckdb)
    others = values.filter(by_python)
    return hashed.scatter(
        by_python.arg_true(), pl.Series(pseudonymise_many(others, key), dtype=pl.String)
    )


def pseudonymise_series(series: pl.Series, key: bytes) -> pl.Series:
    """:func:`pseudonymise` over a column: the same digests, computed by DuckDB.

    A value that repeats in the column is hashed once.
    """
    values = series.cast(pl.String)
    distinct = values.drop_nulls().unique()
    if distinct.len() >= _DISTINCT_SHARE * values.len():
        if not values.null_count():
            return _hash_distinct(values, key).alias(series.name)
        hashed = _hash_distinct(values.fill_null(""), key)
        return hashed.set(values.is_null(), None).alias(series.name)
    digests = pl.DataFrame({"value": distinct, "pseudonym": _hash_distinct(distinct, key)})
    joined = values.to_frame("value").join(
        digests, on="value", how="left", maintain_order="left", nulls_equal=False
    )
    return joined["pseudonym"].alias(series.name)
