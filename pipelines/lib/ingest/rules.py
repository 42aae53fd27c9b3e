"""The typed rows checked against the table's Pandera schema, failures in plain words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.errors import FeedFileError
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
) -> tuple[str, str]:
    """The column and message of a failed whole-row check."""
    if check == "out_of_period":
        date = next(c for c in spec.columns if c.kind == "date")
        value = text[date.field][position]
        period = text["file_period"][position] if "file_period" in text.columns else None
        return (
            date.name,
            f"{date.name} {value!r} lies outside the file's period {period}",
        )
    if check == "one_sex_marked":
        return "L", "exactly one of L and P must be marked"
    return "", f"row: {check}"


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


def _range_words(check: str) -> str:
    """What a Pandera range check asks, in words: ``in_range(1, 12)`` -> ``between 1 and 12``."""
    match = re.fullmatch(r"(\w+)\((.*)\)", check)
    if match is None:
        return f"outside its range ({check})"
    bounds = [_number_words(b.strip()) for b in match[2].split(",")]
    words = {
        "in_range": "between {} and {}",
        "greater_than_or_equal_to": "at least {}",
        "less_than_or_equal_to": "at most {}",
        "greater_than": "more than {}",
        "less_than": "less than {}",
    }.get(match[1])
    if words is None or words.count("{}") != len(bounds):
        return f"outside its range ({check})"
    return "must be " + words.format(*bounds)


def _nik_problem(value: str, check: str) -> str:
    """What is wrong with a NIK-like number, without its digits."""
    length = re.search(r"\{(\d+)\}", check)
    required = length[1] if length else "16"
    if all("0" <= char <= "9" for char in value):
        return f"{len(value)} digits, {required} required"
    return f"contains spaces or other non-digits ({required} digits 0-9 required)"


def _check_detail(column: Column, rule: str, check: str, value: str | None) -> str:
    """A failed column check in plain words; a personal column's value is never shown."""
    if rule == "missing_value" or value is None:
        return f"{column.name}: missing (a value is required)"
    if column.personal:
        if rule == "bad_format":
            return f"{column.name}: {_nik_problem(value, check)}"
        return f"{column.name}: breaks the rule {rule} (the value is personal: not shown)"
    text = shown(value)
    if rule == "not_allowed_value":
        return f"{column.name}: {text} is not one of the allowed values (see docs/raw-feeds.md)"
    if rule == "bad_format":
        return f"{column.name}: {text} does not have the required form (see docs/raw-feeds.md)"
    if rule == "out_of_range":
        return f"{column.name}: {text} {_range_words(check)}"
    return f"{column.name}: {text} breaks the rule {rule}"


def _whole_table_error(
    spec: TableSpec, typed: pl.DataFrame, paths: Sequence[Path], case: dict
) -> FeedFileError:
    """Name the file behind a failure of the whole table, validating file by file."""
    message = f"{case['column']}: {case['check']} failed for the whole table"
    if len(paths) > 1 and "source_file" in typed.columns:
        for path, (_, rows) in zip(
            paths, typed.group_by("source_file", maintain_order=True), strict=False
        ):
            failures = _schema_failures(spec, rows)
            if failures is not None and failures["index"].null_count():
                return FeedFileError(path, "schema", message)
    return FeedFileError(paths[0], "schema", message)
