"""The password of the lake's PostgreSQL kept out of every message.

``WAREHOUSE_URL`` may carry a password (``password=...`` or
``postgresql://user:password@host/...``; ``~/.pgpass`` or ``PGPASSWORD`` keep
it out of the setting altogether, docs/deploy.md). DuckDB's and PostgreSQL's
errors repeat the connection string, and a refresh's messages go to the
screen, the run log, ``refresh_failures.jsonl`` and Dagster's run history.
:func:`scrub` is applied where each of them is written: it removes any
password written as a connection string writes it, and, word for word, the
passwords of the connection strings this process has been given
(:func:`remember`, and ``WAREHOUSE_URL`` of the environment), wherever they
appear.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

# A password in a libpq connection string: key=value (quoted or not), a URI's user:password@
# (up to the last @ before the host), or a URI's ?password= parameter.
_KEYWORD = re.compile(r"password\s*=\s*(?:'(?:[^'\\]|\\.)*'|[^\s\"'&]+)", re.IGNORECASE)
_USERINFO = re.compile(r"(?<=://)([^:@/\s]*):[^\s/]*@")
# Shorter passwords are not removed word for word (they would cut words of the message).
_SHORTEST = 4
HIDDEN = "***"

_remembered: set[str] = set()


def passwords(url: str) -> set[str]:
    """The passwords written in a connection string (its libpq or URI form)."""
    found: set[str] = set()
    for match in re.finditer(r"password\s*=\s*('(?:[^'\\]|\\.)*'|[^\s'&]+)", url, re.I):
        value = match[1]
        if value.startswith("'"):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        found |= {value, unquote(value)}
    for uri in re.findall(r"postgres(?:ql)?://\S+", url):
        try:
            parts = urlsplit(uri)
        except ValueError:
            continue
        userinfo = parts.netloc.rpartition("@")[0]
        if ":" in userinfo:
            raw = userinfo.split(":", 1)[1]
            found |= {raw, unquote(raw)}
        for value in parse_qs(parts.query).get("password", []):
            found |= {value, unquote(value)}
    return {value for value in found if value}


def remember(url: str) -> None:
    """Scrub the passwords of ``url`` from every message of this process from now on."""
    _remembered.update(passwords(url))


def scrub(text: str) -> str:
    """``text`` without a password: those written as a connection string writes them, and
    the known ones (:func:`remember`; ``WAREHOUSE_URL``'s as soon as it is read) wherever
    they appear."""
    text = _KEYWORD.sub("", text)
    text = _USERINFO.sub(lambda m: f"{m[1]}@" if m[1] else "", text)
    for secret in sorted(_remembered, key=len, reverse=True):
        if len(secret) >= _SHORTEST:
            text = text.replace(secret, HIDDEN)
    return text


def one_line(text: str) -> str:
    """``text`` scrubbed, on one line."""
    return " ".join(scrub(text).split())
