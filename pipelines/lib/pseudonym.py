"""Keyed pseudonyms for people: names and NIK never reach the warehouse in clear.

A person's value (name or NIK) is normalised (trimmed, inner spaces folded,
upper case) and replaced by HMAC-SHA256 under a secret key. The same person
gets the same pseudonym every night as long as the key stays the same; without
the key a pseudonym cannot be turned back into a name by trying names.

The key comes from ``PSEUDONYM_KEY`` (hex) or from the key file
(``PSEUDONYM_KEY_FILE``, outside the repository by default), which the first
run creates with owner-only permissions.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import cache
from pathlib import Path

import polars as pl

from pipelines.lib import config


def _read_or_create_key(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    return bytes.fromhex(path.read_text().strip())


@cache
def _key(env_value: str, key_file: Path) -> bytes:
    if env_value:
        return bytes.fromhex(env_value)
    return _read_or_create_key(key_file)


def pseudonym_key() -> bytes:
    """The secret key: ``PSEUDONYM_KEY`` if set, else the key file (created if missing)."""
    return _key(os.environ.get("PSEUDONYM_KEY", "").strip(), config.pseudonym_key_file())


def normalise_person_value(value: str) -> str:
    """The form that is hashed: trimmed, inner white space folded, upper case."""
    return " ".join(value.split()).upper()


def pseudonymise(value: str | None, key: bytes) -> str | None:
    """HMAC-SHA256 of the normalised value, as 64 hex digits; null stays null."""
    if value is None or not value.strip():
        return None
    digest = hmac.new(key, normalise_person_value(value).encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()


def pseudonymise_expr(expr: pl.Expr, key: bytes) -> pl.Expr:
    """:func:`pseudonymise` over a column."""
    return expr.map_elements(lambda v: pseudonymise(v, key), return_dtype=pl.String)
