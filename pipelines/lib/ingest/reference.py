"""Reference lists: a free-text column that names a listed thing is checked against its list.

A column that names a country or a case type declares its list once
(``Column("NEGARA_TUJUAN", reference=COUNTRIES)``, ``pipelines/contract/values.py``).
The list is the dbt seed the models map the column with
(``dbt_project/seeds/<seed>.csv``), read when a batch is checked: there is
no copy of it. A value is looked up as the models look it up (the macro
``spelling_key``: lower case, trimmed, inner spaces folded).

A value the list does not know is not quarantined: the row still loads and
counts (a worker placed in a country misspelt has left all the same). It
gives a warning row (:data:`WARNING_COLUMNS`, ``audit.value_warnings``, rule
``unknown_value``) with the closest known spelling as a suggestion (difflib,
at :data:`SUGGESTION_CUTOFF`), and a finding in ``marts.dq_findings``, until
the file or the list is corrected. The warnings of a file come and go with
its rows (``pipelines/lib/ingest/store.py``); the lists' content is part of
the loader's fingerprint, so that a spelling added to a seed takes its
warnings away at the next refresh (the files of that table are read again).
"""

from __future__ import annotations

import csv
import difflib
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path

import duckdb
import polars as pl

from pipelines.lib.audit import ROW_FAULT_COLUMNS
from pipelines.lib.config import PROJECT_ROOT
from pipelines.lib.i18n import Message

SEEDS = PROJECT_ROOT / "dbt_project" / "seeds"
RULE = "unknown_value"
# difflib's ratio from which a known spelling is suggested: "Taiwn" gives "taiwan" (0.91),
# "Malaysa" "malaysia" (0.93), "Brunai" "brunei" (0.83); "Wakanda" is nothing's (its
# nearest, "belanda", is 0.57), nor is "Korea" (which Korea? "korsel" is 0.73).
SUGGESTION_CUTOFF = 0.75
# The columns of audit.value_warnings (pipelines/lib/audit.py), in its order.
WARNING_COLUMNS = [
    *ROW_FAULT_COLUMNS,
    "value",
    "suggestion",
    "reference",
    "detail",
    "detail_id",
]


@dataclass(frozen=True)
class Reference:
    """A list of known spellings: a column of a dbt seed.

    ``display``: the seed's column whose value is suggested for a spelling
    (the country's one name for any of its spellings), else the spelling
    itself. ``open_prefix``: spellings that start with it are known without
    being listed (``Lain-lain (…)``, a case type explained in its own words;
    ``int_cases_mapped`` gives them the category Lain-lain).
    """

    seed: str
    column: str
    name: str  # what the list is of, in English, marked for the catalog (N_)
    display: str | None = None
    open_prefix: str | None = None

    @property
    def path(self) -> Path:
        return SEEDS / f"{self.seed}.csv"

    @property
    def where(self) -> str:
        """The seed as a path in the project, for the sentences."""
        return f"dbt_project/seeds/{self.seed}.csv"

    def spellings(self) -> dict[str, str]:
        """Each known spelling (a key) and what to suggest for it."""
        with self.path.open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        return {row[self.column]: row[self.display or self.column] for row in rows}

    def digest(self) -> str:
        """The list's content, for the loader's fingerprint."""
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    def suggest(self, key: str, spellings: dict[str, str]) -> str | None:
        """The closest known spelling's suggestion, or None when nothing is close."""
        close = difflib.get_close_matches(key, list(spellings), n=1, cutoff=SUGGESTION_CUTOFF)
        return spellings[close[0]] if close else None


def spelling_key(column: str) -> pl.Expr:
    """The key a value is looked up by, as the dbt macro ``spelling_key`` makes it (its
    ``\\s`` is RE2's: ASCII white space only; ``trim`` takes spaces only)."""
    return (
        pl.col(column)
        .str.strip_chars(" ")
        .str.to_lowercase()
        .str.replace_all(r"[\t\n\f\r ]+", " ")
        .replace("", None)
    )


def sentences(column: str, value: str, suggestion: str | None, ref: Reference) -> tuple[str, str]:
    """What a warning says, in English and in Indonesian (the catalog's translation)."""
    guess = Message("; did you mean '{suggestion}'?", suggestion=suggestion) if suggestion else "."
    said = Message(
        "{column}: '{value}' is not in the list of {list}{guess} Correct the file, or add this "
        "spelling to {where} if it is right",
        column=column,
        value=value,
        list=Message(ref.name),
        guess=guess,
        where=ref.where,
    )
    return said.render("en"), said.render("id")


def value_warnings(
    feed: str, table: str, referenced: Sequence[tuple[str, str, Reference]], rows: pl.DataFrame
) -> pl.DataFrame:
    """The warning rows of ``rows`` (parsed rows with their lineage): one per row and
    referenced column (name in the file, field, list) whose value the list does not know."""
    parts = [_unknown(name, field, ref, rows) for name, field, ref in referenced]
    parts = [part for part in parts if not part.is_empty()]
    if not parts:
        return pl.DataFrame(schema=dict.fromkeys(WARNING_COLUMNS, pl.String)).with_columns(
            pl.col("source_row").cast(pl.Int64)
        )
    warnings = pl.concat(parts, how="vertical").with_columns(
        pl.lit(feed).alias("feed"), pl.lit(table).alias("table_name"), pl.lit(RULE).alias("rule")
    )
    return warnings.select(WARNING_COLUMNS).sort("source_file", "source_row", "column_name")


def _unknown(name: str, field: str, ref: Reference, rows: pl.DataFrame) -> pl.DataFrame:
    spellings = ref.spellings()
    keyed = rows.select(
        "source_file",
        "source_row",
        "source_sha256",
        "office_code",
        "file_period",
        pl.col(field).alias("value"),
        spelling_key(field).alias("key"),
    )
    known = pl.col("key").is_in(list(spellings))
    if ref.open_prefix:
        known = known | pl.col("key").str.starts_with(ref.open_prefix)
    unknown = keyed.filter(pl.col("key").is_not_null() & ~known)
    if unknown.is_empty():
        return unknown
    said = []
    for value, key in unknown.select("value", "key").unique().iter_rows():
        suggestion = ref.suggest(key, spellings)
        said.append((value, suggestion, *sentences(name, value, suggestion, ref)))
    found = pl.DataFrame(
        said,
        schema={
            "value": pl.String,
            "suggestion": pl.String,
            "detail": pl.String,
            "detail_id": pl.String,
        },
        orient="row",
    )
    return unknown.join(found, on="value", how="left").with_columns(
        pl.lit(name).alias("column_name"), pl.lit(ref.seed).alias("reference")
    )


@dataclass(frozen=True)
class ValueWarning:
    """One warning of a file, as its error workbook lists it."""

    source_row: int
    column_name: str
    value: str
    suggestion: str | None
    detail: str
    detail_id: str


def file_warnings(con: duckdb.DuckDBPyConnection, source_file: str) -> list[ValueWarning]:
    """The warnings of one raw file (its name inside the raw directory), row by row."""
    names = [f.name for f in fields(ValueWarning)]
    cursor = con.execute(
        f"select {', '.join(names)} from audit.value_warnings where source_file = ? "
        "order by source_row, column_name",
        [source_file],
    )
    return [ValueWarning(**dict(zip(names, row, strict=True))) for row in cursor.fetchall()]
