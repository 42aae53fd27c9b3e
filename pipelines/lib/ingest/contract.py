"""The raw-feed contract as the ingest reads it: a table's file and its columns.

A feed declares each of its tables once (``pipelines/contract/<feed>.py``)
with a :class:`TableSpec` of :class:`Column`\\ s: the contract's column name,
its kind, whether the header must have it, whether a value may be empty,
the allowed values, its pattern, extra range checks, whether it is personal,
and one description. Everything else is derived from that declaration: the
Pandera schema the rows are validated with (:attr:`TableSpec.schema`), the
column types of ``raw.<table>`` (:meth:`TableSpec.output_schema`), the
Dagster asset's description, the dbt source's YAML and the contract's table
in ``docs/raw-feeds.md`` (``pipelines/contract/docs.py`` writes both; a
test holds them equal).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

import pandera.polars as pa
import polars as pl

from pipelines.lib.filenames import FileIdentity, PeriodKind
from pipelines.lib.i18n import Message
from pipelines.lib.ingest.reference import Reference

# What a failed whole-row check of a feed's own says: ``(text, position)`` -> the column to
# name and the message (the row's cells as text, the row's position among them).
RowDetail = Callable[[pl.DataFrame, int], tuple[str, Message]]

ColumnKind = Literal["text", "integer", "number", "money", "date", "flag"]
# The cell that marks a flag column (prevention recap: L and P).
FLAG_MARKS = ("✓",)
IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")
# The type of each kind once parsed, as Pandera checks it and raw.<table> stores it.
KIND_TYPES: dict[str, pl.DataType] = {
    "text": pl.String(),
    "integer": pl.Int64(),
    "number": pl.Float64(),
    "money": pl.Decimal(18, 2),
    "date": pl.Date(),
    "flag": pl.Boolean(),
}
# What a file's name says about its rows, carried by every row read from it.
LINEAGE = ("office_code", "file_period", "source_file", "source_sha256")
PERIOD = ("period_start", "period_end")


@dataclass(frozen=True)
class Column:
    """One column of the contract.

    ``required``: the header must have it (else the file is rejected);
    ``nullable``: a row may leave it empty (else the row is quarantined).
    ``values``, ``pattern`` and ``checks`` are the rules of its values.
    ``reference``: the list (a dbt seed) its free-text values are looked up in;
    a value it does not know is a warning, not a quarantine (:mod:`.reference`).
    """

    name: str
    kind: ColumnKind = "text"
    description: str = ""
    required: bool = True
    nullable: bool = False
    personal: bool = False
    values: tuple[str, ...] = ()
    pattern: str | None = None
    checks: tuple[pa.Check, ...] = ()
    reference: Reference | None = None

    def __post_init__(self) -> None:
        if self.reference is not None and (self.personal or self.kind != "text"):
            raise ValueError(f"{self.name}: only a plain text column names a listed thing")

    @property
    def field(self) -> str:
        """The column's name in the warehouse (lower case)."""
        return self.name.lower()

    @property
    def stored_as(self) -> str:
        """Personal columns are stored as their pseudonym only."""
        return f"{self.field}_pseudonym" if self.personal else self.field

    def pandera_checks(self) -> list[pa.Check]:
        """The column's rules as Pandera checks."""
        checks = [pa.Check.isin(self.values)] if self.values else []
        if self.pattern:
            checks.append(pa.Check.str_matches(self.pattern))
        return [*checks, *self.checks]


def within_period(column: str) -> pa.Check:
    """A row's date lies in its file's period (an empty date is reported as missing)."""

    def check(data: pa.PolarsData) -> pl.LazyFrame:
        date = pl.col(column)
        return data.lazyframe.select(
            date.is_null()
            | pl.col("period_start").is_null()
            | date.is_between(pl.col("period_start"), pl.col("period_end"))
        )

    # No ``error``: Pandera reports a check by its error text when it has one, and the
    # quarantine's rule is the check's name.
    return pa.Check(check, name="out_of_period")


# Columns every parsed row carries before it is checked: its place in the file and the
# file's period (for within_period).
ROW_COLUMNS = {
    "source_row": pa.Column(pl.Int64, pa.Check.ge(2), description="Row number; header is 1."),
    "period_start": pa.Column(pl.Date, nullable=True, description="First day of the period."),
    "period_end": pa.Column(pl.Date, nullable=True, description="Last day of the period."),
}


@dataclass(frozen=True)
class TableSpec:
    """A kind of raw file and the table it loads into (``raw.<table>``)."""

    feed: str
    table: str
    prefix: str
    period: PeriodKind
    ext: Literal["csv", "xlsx"]
    description: str
    columns: tuple[Column, ...]
    sheet: str | None = None
    unique_key: str | None = None
    # Checks of a whole row (within_period, ...), each a Pandera check of its own name.
    row_checks: tuple[pa.Check, ...] = ()
    # The words of a row check of the feed's own, by the check's name (the quarantine's rule).
    row_details: Mapping[str, RowDetail] = field(default_factory=dict, compare=False)
    # Columns computed from a file's clean rows before names are pseudonymised.
    derive: Callable[[pl.DataFrame], pl.DataFrame] | None = None
    derived_columns: tuple[tuple[str, type[pl.DataType]], ...] = field(default=())
    # A sentence for the contract's docs after the table's rules (what the ingest adds).
    notes: str = ""
    # A feed the source systems do not (yet) deliver everywhere: its folder may be
    # missing, read as an office that has delivered nothing (not ``missing_folder``).
    optional: bool = False

    def __post_init__(self) -> None:
        # Table and column names are spliced into SQL: they must be plain identifiers.
        names = [self.table, self.feed, *(c.stored_as for c in self.columns)]
        for name in names:
            if not IDENTIFIER.fullmatch(name):
                raise ValueError(f"{name!r} is not a plain SQL identifier")
        if self.ext == "xlsx" and self.sheet is None:
            raise ValueError(f"{self.table}: an XLSX table needs a sheet")

    @cached_property
    def schema(self) -> pa.DataFrameSchema:
        """The Pandera schema of the rows once parsed (before personal columns are
        pseudonymised, so that a NIK's form is checked on the real value).

        ``strict``: the parser hands over exactly these columns, so anything
        else is a bug; no ``coerce``: typing is the parser's job, where a bad
        cell is reported with its raw text.
        """
        columns = {
            column.field: pa.Column(
                KIND_TYPES[column.kind],
                checks=column.pandera_checks(),
                nullable=column.nullable,
                description=column.description,
            )
            for column in self.columns
        }
        return pa.DataFrameSchema(
            {**ROW_COLUMNS, **columns},
            checks=list(self.row_checks),
            strict=True,
            coerce=False,
            name=self.table,
            description=self.description,
        )

    def output_schema(self) -> dict[str, pl.DataType]:
        """Column types of ``raw.<table>``, lineage first."""
        types: dict[str, pl.DataType] = {
            "office_code": pl.String,
            "file_period": pl.String,
            "source_file": pl.String,
            "source_row": pl.Int64,
            "source_sha256": pl.String,
        }
        for column in self.columns:
            types[column.stored_as] = pl.String if column.personal else KIND_TYPES[column.kind]
        types.update(self.derived_columns)
        return types

    @property
    def referenced(self) -> tuple[tuple[str, str, Reference], ...]:
        """The columns checked against a reference list: name, field, list."""
        return tuple((c.name, c.field, c.reference) for c in self.columns if c.reference)

    def column(self, field: str) -> Column:
        """The column stored as ``field``."""
        return next(c for c in self.columns if c.field == field)


@dataclass
class FileReport:
    """What happened to one raw file in one load."""

    source_file: str
    sha256: str
    size_bytes: int
    identity: FileIdentity
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    extra_columns: list[str] = field(default_factory=list)
    path: Path | None = None
