"""The warehouse remembers which pseudonym key built it; a refresh under another stops.

Every ``nik_pseudonym`` and ``nama_pseudonym`` depends on the key: a refresh
run with another key (a mistyped ``PSEUDONYM_KEY_FILE``, a cron job or
service account with a key file of its own) would read every file again and
publish every pseudonym changed, and the same person would no longer be the
same person across the warehouse's history. So the warehouse records the
key's fingerprint (:func:`key_fingerprint`: HMAC-SHA256 of a fixed label
under the key, its first 16 hex digits; it tells nothing of the key) in
``audit.pseudonym_key``, written by the first step of each refresh into the
build, published with it. Before anything is loaded (the command line before
it takes the lock, the run's first step ``raw_files``, the schedule), a
refresh checks its key against that record:

- no published warehouse yet: the key is read, or created if its file is
  missing; the first refresh records it;
- a published warehouse that records no key (built before this record): the
  key is adopted as the warehouse's, and the log says so;
- the same key: on with the refresh;
- another key, or a key file that does not exist: the refresh stops with a
  :class:`KeyMismatch` naming the setting, its path, and ``--rekey``, which
  builds every pseudonym anew with this key (creating its file if missing)
  and says how many rows' pseudonyms change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.lib.audit import AUDIT_DDL
from pipelines.lib.i18n import Message
from pipelines.lib.ingest import TableSpec
from pipelines.lib.pseudonym import KeySource, PseudonymKeyError, pseudonym_key
from pipelines.lib.warehouse import table_exists

log = logging.getLogger("pipelines.keyguard")

# The label hashed under the key: the fingerprint is of the key, and of nothing a
# pseudonym is made of (no name or NIK is this label).
_LABEL = b"bp3mi-warehouse/pseudonym-key-fingerprint/v1"
FINGERPRINT_DIGITS = 16
REKEY_OPTION = "--rekey"


class KeyMismatch(PseudonymKeyError):
    """The key of this refresh is not the key that built the warehouse."""


def key_fingerprint(key: bytes) -> str:
    """A fingerprint of ``key`` that reveals nothing of it: HMAC-SHA256 of a fixed label under
    the key, its first 16 hex digits."""
    return hmac.new(key, _LABEL, hashlib.sha256).hexdigest()[:FINGERPRINT_DIGITS]


@dataclass(frozen=True)
class KeyCheck:
    """The key a refresh will use, and how it stands to the warehouse's."""

    key: bytes
    fingerprint: str
    # "new" (no warehouse yet), "same", "adopted" (no record), "rekeyed" (--rekey, another key)
    how: str
    rows: int = 0  # rows whose pseudonyms change (rekeyed)

    def note(self, setting: str) -> Message | None:
        """What the operator is told of this key, if anything."""
        if self.how == "adopted":
            return Message(
                "the warehouse records no pseudonym key yet: it takes the key of {setting} "
                "(fingerprint {fingerprint}) as its own; a later refresh with another key stops",
                setting=setting,
                fingerprint=self.fingerprint,
            )
        if self.how == "rekeyed":
            return Message(
                "{option}: the warehouse is built again with the key of {setting} (fingerprint "
                "{fingerprint}); the pseudonyms of {rows} row(s) change, and no longer match "
                "those of earlier exports",
                option=REKEY_OPTION,
                setting=setting,
                fingerprint=self.fingerprint,
                rows=self.rows,
            )
        return None


def recorded_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint of the key the warehouse was last built with, if it records one."""
    if not table_exists(con, "audit", "pseudonym_key"):
        return None
    rows = con.execute(
        "select fingerprint from audit.pseudonym_key order by recorded_at desc limit 1"
    ).fetchall()
    return rows[0][0] if rows else None


def pseudonymised_rows(con: duckdb.DuckDBPyConnection, tables: Iterable[TableSpec]) -> int:
    """The raw rows that hold a pseudonym (a name or NIK), in the raw tables of ``tables``."""
    total = 0
    for spec in tables:
        personal = [column.stored_as for column in spec.columns if column.personal]
        if personal and table_exists(con, "raw", spec.table):
            held = " or ".join(f'"{name}" is not null' for name in personal)
            query = f"select count(*) from raw.{spec.table} where {held}"
            total += con.execute(query).fetchall()[0][0]
    return total


def _refused(published: Path, setting: str, rows: int, missing: bool) -> KeyMismatch:
    problem = (
        Message("{setting} does not exist", setting=setting)
        if missing
        else Message("{setting} holds another key than the one that built it", setting=setting)
    )
    return KeyMismatch(
        Message(
            "refresh stopped before loading anything: warehouse {warehouse} was built with "
            "another pseudonym key ({problem}). Nothing was changed. Point PSEUDONYM_KEY_FILE "
            "to the key file that built it (the same for cron and every service account). Only "
            "to build every pseudonym anew with this key, run python -m pipelines refresh "
            "{option}: the pseudonyms of {rows} row(s) would change.",
            warehouse=str(published),
            problem=problem,
            option=REKEY_OPTION,
            rows=rows,
        )
    )


def check_key(
    published: Path, tables: Iterable[TableSpec], source: KeySource, rekey: bool = False
) -> KeyCheck:
    """The key of ``source`` a refresh of ``published`` may use (see the module's docstring);
    ``tables`` are the raw tables, whose rows with a pseudonym the error counts.

    Raises :class:`KeyMismatch` for another key, or a key file that is missing while the
    warehouse exists; :class:`PseudonymKeyError` for a key refused on its own.
    """
    if not published.is_file():
        key = pseudonym_key(source)
        return KeyCheck(key, key_fingerprint(key), "new")
    setting = source.setting()
    with duckdb.connect(str(published), read_only=True) as con:
        recorded = recorded_fingerprint(con)
        missing = source.missing()
        if missing and not rekey:
            raise _refused(published, setting, pseudonymised_rows(con, tables), missing=True)
        key = pseudonym_key(source)  # created here only with --rekey
        fingerprint = key_fingerprint(key)
        if recorded is None:
            return KeyCheck(key, fingerprint, "adopted")
        if recorded == fingerprint:
            return KeyCheck(key, fingerprint, "same")
        if not rekey:
            raise _refused(published, setting, pseudonymised_rows(con, tables), missing=False)
        return KeyCheck(key, fingerprint, "rekeyed", pseudonymised_rows(con, tables))


def require_recorded_key(con: duckdb.DuckDBPyConnection, key: bytes, source: KeySource) -> None:
    """The key a feed loads with is the one the run's first step recorded in the build (a
    build without a record, of a test's single step, takes any key)."""
    recorded = recorded_fingerprint(con)
    if recorded is not None and recorded != key_fingerprint(key):
        raise KeyMismatch(
            Message(
                "{setting} changed during the refresh: it holds another key than the one the "
                "refresh started with. Nothing was published; run the refresh again.",
                setting=source.setting(),
            )
        )


def record_key(con: duckdb.DuckDBPyConnection, check: KeyCheck, run_id: str) -> None:
    """Record the refresh's key in the warehouse it builds (``audit.pseudonym_key``), unless
    the warehouse's last record is already that key."""
    con.execute(AUDIT_DDL)
    if recorded_fingerprint(con) == check.fingerprint:
        return
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    con.execute(
        "insert into audit.pseudonym_key values (?, ?, ?, ?)",
        [check.fingerprint, run_id, now, check.how],
    )
