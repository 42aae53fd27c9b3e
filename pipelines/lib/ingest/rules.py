"""The typed rows checked against the table's Pandera schema, failures in plain words
(:class:`~pipelines.lib.i18n.Message`, said in the reader's language)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.errors import FeedFileError
from pipelines.lib.i18n import N_, Message
from pipelines.lib.ingest.contract import Column, TableSpec
from pipelines.lib.ingest.parse import shown


def _rule_of(check: str) -> str:
    """A short rule name from a Pandera check's description."""
    for prefix, rule in (
        ("not_nullable", "missing_value"),
        ("isin", "not_allowed_value"),
        ("str_matches", "bad_format"),
        ("in_range", "out_of_range"),
        ("greater_than", "out_of_range"),
        ("less_than", "out_of_range"),
    ):
        if check.startswith(prefix):
            return rule
    return check


def _row_check_detail(
    spec: TableSpec, check: str, text: pl.DataFrame, position: int
) -> tuple[str, Message]:
    """The column and message of a failed whole-row check."""
    if check in spec.row_details:
        return spec.row_details[check](text, position)
    if check == "out_of_period":
        date = next(c for c in spec.columns if c.kind == "date")
        value = text[date.field][position]
        period = text["file_period"][position] if "file_period" in text.columns else None
        return (
            date.name,
            Message(
                "{column} {value} lies outside the file's period {period}",
                column=date.name,
                value=repr(value),
                period=str(period),
            ),
        )
    if check == "one_sex_marked":
        return "L", Message("exactly one of L and P must be marked")
    return "", Message("row: {check}", check=check)


def _schema_failures(spec: TableSpec, typed: pl.DataFrame) -> pl.DataFrame | None:
    """Pandera's failure cases for the typed rows, or None when every row passes."""
    columns = list(spec.schema.columns)
    try:
        spec.schema.validate(typed.select(columns), lazy=True)
    except pa.errors.SchemaErrors as errors:
        return errors.failure_cases
    return None


def validate(
    spec: TableSpec, typed: pl.DataFrame, text: pl.DataFrame, paths: Sequence[Path]
) -> list[dict]:
    """Validate with the table's Pandera model, once for all the rows given.

    Returns the failing rows (by position) and their rules. A failure of the
    whole table (not of rows) rejects the file it comes from: ``paths`` are
    the files of the rows, in the order of ``typed`` (by ``source_file``).
    """
    cases = _schema_failures(spec, typed)
    if cases is None:
        return []
    problems: list[dict] = []
    names = {c.field: c.name for c in spec.columns}
    by_field = {c.field: c for c in spec.columns}
    for case in cases.iter_rows(named=True):
        if case["index"] is None:
            raise _whole_table_error(spec, typed, paths, case)
        position = case["index"]
        rule = _rule_of(case["check"])
        if case["schema_context"] == "DataFrameSchema":
            column, detail = _row_check_detail(spec, rule, text, position)
        else:
            column = names[case["column"]]
            value = text[case["column"]][position]
            detail = _check_detail(by_field[case["column"]], rule, case["check"], value)
        problems.append({"position": position, "column": column, "rule": rule, "detail": detail})
    return problems


def _number_words(text: str) -> str:
    """A bound of a range check written the Indonesian way (``100000`` -> ``100.000``).

    Numbers under 10.000 keep their digits together, as years do (``2100``).
    """
    try:
        number = float(text)
    except ValueError:
        return text
    if number.is_integer():
        grouped = f"{int(number):,}" if abs(number) >= 10_000 else str(int(number))
        return grouped.replace(",", ".")
    return text.replace(".", ",")


# What a Pandera range check asks, by its name, and the names of its bounds.
_RANGE_WORDS = {
    "in_range": (N_("must be between {low} and {high}"), ("low", "high")),
    "greater_than_or_equal_to": (N_("must be at least {bound}"), ("bound",)),
    "less_than_or_equal_to": (N_("must be at most {bound}"), ("bound",)),
    "greater_than": (N_("must be more than {bound}"), ("bound",)),
    "less_than": (N_("must be less than {bound}"), ("bound",)),
}


def _range_words(check: str) -> Message:
    """What a Pandera range check asks, in words: ``in_range(1, 12)`` -> ``between 1 and 12``."""
    match = re.fullmatch(r"(\w+)\((.*)\)", check)
    words = _RANGE_WORDS.get(match[1]) if match else None
    bounds = [_number_words(b.strip()) for b in match[2].split(",")] if match else []
    if words is None or len(words[1]) != len(bounds):
        return Message("outside its range ({check})", check=check)
    return Message(words[0], **dict(zip(words[1], bounds, strict=True)))


def _nik_problem(value: str, check: str) -> Message:
    """What is wrong with a NIK-like number, without its digits."""
    length = re.search(r"\{(\d+)\}", check)
    required = length[1] if length else "16"
    if all("0" <= char <= "9" for char in value):
        return Message("{length} digits, {required} required", length=len(value), required=required)
    return Message(
        "contains spaces or other non-digits ({required} digits 0-9 required)", required=required
    )


def _check_detail(column: Column, rule: str, check: str, value: str | None) -> Message:
    """A failed column check in plain words; a personal column's value is never shown."""
    name = column.name
    if rule == "missing_value" or value is None:
        return Message("{column}: missing (a value is required)", column=name)
    if column.personal:
        if rule == "bad_format":
            return Message("{column}: {problem}", column=name, problem=_nik_problem(value, check))
        return Message(
            "{column}: breaks the rule {rule} (the value is personal: not shown)",
            column=name,
            rule=rule,
        )
    text = shown(value)
    if rule == "not_allowed_value":
        return Message(
            "{column}: {value} is not one of the allowed values (see docs/raw-feeds.md)",
            column=name,
            value=text,
        )
    if rule == "bad_format":
        return Message(
            "{column}: {value} does not have the required form (see docs/raw-feeds.md)",
            column=name,
            value=text,
        )
    if rule == "out_of_range":
        return Message(
            "{column}: {value} {range}", column=name, value=text, range=_range_words(check)
        )
    return Message("{column}: {value} breaks the rule {rule}", column=name, value=text, rule=rule)


def _whole_table_error(
    spec: TableSpec, typed: pl.DataFrame, paths: Sequence[Path], case: dict
) -> FeedFileError:
    """Name the file behind a failure of the whole table, validating file by file."""
    message = Message(
        "{column}: {check} failed for the whole table",
        column=str(case["column"]),
        check=str(case["check"]),
    )
    if len(paths) > 1 and "source_file" in typed.columns:
        for path, (_, rows) in zip(
            paths, typed.group_by("source_file", maintain_order=True), strict=False
        ):
            failures = _schema_failures(spec, rows)
            if failures is not None and failures["index"].null_count():
                return FeedFileError(path, "schema", message)
    return FeedFileError(paths[0], "schema", message)
