"""Text cells to typed values: Indonesian numbers and dates, closed lists, flags.

A cell that does not parse becomes null and is reported with the reason in
plain words, a :class:`~pipelines.lib.i18n.Message` (a personal cell's value is
never repeated).
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from pipelines.lib import indonesian
from pipelines.lib.filenames import FileIdentity
from pipelines.lib.i18n import N_, Either, Message
from pipelines.lib.ingest.contract import FLAG_MARKS, LINEAGE, PERIOD, Column, TableSpec
from pipelines.lib.readers import SOURCE_ROW


def _parser(column: Column, ext: str) -> Callable[[pl.Expr], pl.Expr] | None:
    if column.kind == "integer":
        return indonesian.integer_expr
    if column.kind == "number":
        return indonesian.number_expr
    if column.kind == "money":
        return indonesian.money_expr
    if column.kind == "date":
        return indonesian.xlsx_date_expr if ext == "xlsx" else indonesian.dmy_date_expr
    return None


def _parse_column(column: Column, ext: str) -> tuple[pl.Expr, pl.Expr | None]:
    """The typed value of a column and, where parsing can fail, a failure flag."""
    raw = pl.col(column.field)
    if column.kind == "flag":
        typed = raw.is_in(FLAG_MARKS).fill_null(False)
        return typed, raw.is_not_null() & ~typed
    if column.values:
        canonical = {v.casefold(): v for v in column.values}
        typed = raw.str.to_lowercase().replace_strict(
            canonical, default=raw, return_dtype=pl.String
        )
        return typed, None
    parser = _parser(column, ext)
    if parser is None:
        return raw, None
    typed = parser(raw)
    return typed, raw.is_not_null() & typed.is_null()


def parse_cells(
    spec: TableSpec, text: pl.DataFrame, identity: FileIdentity | None = None
) -> tuple[pl.DataFrame, list[dict]]:
    """Type the text cells; return the typed frame and the cells that would not parse.

    ``text`` holds the cells of one file or of many (with their ``period_start``
    and ``period_end`` columns, as :func:`read_file` gives them); ``identity``
    supplies the period of a single file's cells that have no such columns.
    Lineage columns, if present, are kept.
    """
    if identity is not None:
        text = text.with_columns(
            pl.lit(identity.period_start, dtype=pl.Date).alias("period_start"),
            pl.lit(identity.period_end, dtype=pl.Date).alias("period_end"),
        )
    typed_exprs = []
    failures = []
    for column in spec.columns:
        typed, failed = _parse_column(column, spec.ext)
        typed_exprs.append(typed.alias(column.field))
        if failed is not None:
            failures.append(failed.alias(column.field))
    lineage = [name for name in LINEAGE if name in text.columns]
    typed = text.select(pl.col(SOURCE_ROW), *PERIOD, *typed_exprs, *lineage)
    problems: list[dict] = []
    if failures:
        flags = text.select(pl.int_range(pl.len()).alias("position"), *failures)
        for column in spec.columns:
            if column.field not in flags.columns:
                continue
            positions = flags.filter(pl.col(column.field))["position"].to_list()
            values = text[column.field].gather(positions).to_list()
            for position, value in zip(positions, values, strict=True):
                problems.append(
                    {
                        "position": position,
                        "column": column.name,
                        "rule": f"invalid_{column.kind}",
                        "detail": _parse_detail(column, value, spec.ext),
                    }
                )
    return typed, problems


KIND_WORDS = {
    "integer": N_("whole number"),
    "number": N_("number"),
    "money": N_("amount of Rupiah"),
    "date": N_("date"),
    "flag": N_("mark"),
}


def shown(value: object) -> str | Message:
    """A non-personal cell's value for a detail: quoted, escaped, long ones cut short."""
    text = str(value)
    if len(text) > 40:
        return Message("{start}... ({count} characters)", start=repr(text[:40]), count=len(text))
    return repr(text)


def _parse_detail(column: Column, value: str, ext: str) -> Message:
    """Why a cell would not parse, in plain words; a personal cell's value is never shown."""
    if column.kind == "flag":
        reason = Message("only {marks} marks a cell (or leave it empty)", marks=Either(FLAG_MARKS))
    else:
        reason = indonesian.why_not_message(column.kind, value, xlsx=ext == "xlsx")
    kind = Message(KIND_WORDS[column.kind])
    if column.personal:
        return Message(
            "{column}: not a valid {kind}: {reason}", column=column.name, kind=kind, reason=reason
        )
    return Message(
        "{column}: {value} is not a valid {kind}: {reason}",
        column=column.name,
        value=shown(value),
        kind=kind,
        reason=reason,
    )
