"""Many files' rows at once: parsed, validated, pseudonymised; clean or quarantined."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.lib.audit import ROW_FAULT_COLUMNS
from pipelines.lib.i18n import Message, joined
from pipelines.lib.ingest.contract import LINEAGE, PERIOD, FileReport, TableSpec
from pipelines.lib.ingest.parse import parse_cells
from pipelines.lib.ingest.reference import value_warnings
from pipelines.lib.ingest.rules import validate
from pipelines.lib.pseudonym import pseudonymise_series
from pipelines.lib.readers import CONTROL_MARK, CONTROL_PATTERN, SOURCE_ROW, tidy_cells

QUARANTINE_COLUMNS = [
    *ROW_FAULT_COLUMNS,
    "detail",
    "raw_values",
    "detail_id",
]


def value_columns(spec: TableSpec) -> list[str]:
    return [c.stored_as for c in spec.columns]


def _repeated_headers(spec: TableSpec, text: pl.DataFrame) -> list[int]:
    """Positions of rows that repeat the header (every required column holds its own name)."""
    required = [c for c in spec.columns if c.required]
    first = required[0]
    # Only rows whose first required cell has the length of its name can repeat the header.
    candidates = text.select(
        pl.int_range(pl.len()).alias("position"), *(pl.col(c.field) for c in required)
    ).filter(pl.col(first.field).str.len_chars() == len(first.name))
    same = pl.all_horizontal(
        pl.col(c.field).str.to_lowercase().eq(c.name.lower()).fill_null(False) for c in required
    )
    return candidates.filter(same)["position"].to_list()


def _pseudonymised(spec: TableSpec, frame: pl.DataFrame, key: bytes) -> pl.DataFrame:
    personal = [c for c in spec.columns if c.personal]
    return frame.with_columns(
        pseudonymise_series(frame[c.field], key).alias(c.field) for c in personal
    ).rename({c.field: c.stored_as for c in personal})


def _derived(spec: TableSpec, clean: pl.DataFrame) -> pl.DataFrame:
    """The table's derived columns, computed file by file (their rules are per file)."""
    if spec.derive is None:
        return clean
    parts = [spec.derive(rows) for rows in clean.partition_by("source_file", maintain_order=True)]
    if not parts:
        return clean.with_columns(pl.lit(None, dtype=t).alias(n) for n, t in spec.derived_columns)
    return pl.concat(parts, how="vertical")


def _control_characters(spec: TableSpec, text: pl.DataFrame) -> list[dict]:
    """Cells of the contract's columns that hold a control character (a NUL, a BEL, ...).

    Only rows a reader marked (:data:`~pipelines.lib.readers.CONTROL_MARK`)
    are looked at, so a good file costs nothing here. The value is never
    shown: the character may be the only sign of what else is damaged.
    """
    if CONTROL_MARK not in text.columns or not text[CONTROL_MARK].any():
        return []
    fields = {c.field: c.name for c in spec.columns}
    found = (
        text.select(pl.int_range(pl.len()).alias("position"), CONTROL_MARK, *fields)
        .filter(pl.col(CONTROL_MARK))
        .select(
            "position",
            *(pl.col(f).str.contains(CONTROL_PATTERN).fill_null(False) for f in fields),
        )
    )
    return [
        {
            "position": row["position"],
            "column": name,
            "rule": "control_character",
            "detail": Message(
                "{column} holds a control character (a damaged export?)", column=name
            ),
        }
        for row in found.iter_rows(named=True)
        for field, name in fields.items()
        if row[field]
    ]


@dataclass
class BatchOutcome:
    """Files processed together: rows to load, rows to quarantine, and warnings about
    rows that load (``audit.value_warnings``)."""

    clean: pl.DataFrame
    quarantine: pl.DataFrame
    warnings: pl.DataFrame


def process_batch(
    spec: TableSpec, files: Sequence[tuple[FileReport, pl.DataFrame]], key: bytes
) -> BatchOutcome:
    """Parse, validate and pseudonymise the rows of many files at once.

    The files' cells are put one under the other, so that parsing, Pandera's
    validation and the pseudonyms are paid once per batch, not once per
    file; every row keeps its file and row number for lineage, and the file's
    period for the out-of-period rule.
    """
    if not files:
        raise ValueError("a batch needs at least one file")
    text = pl.concat([frame for _, frame in files], how="vertical")
    text = text.with_columns(tidy_cells([c.field for c in spec.columns]))
    paths = [report.path or Path(report.source_file) for report, _ in files]
    typed, problems = parse_cells(spec, text)
    by_position = _problems_by_row(spec, text, typed, problems, paths)
    bad = pl.Series("position", sorted(by_position), dtype=pl.Int64)
    positions = pl.int_range(pl.len(), dtype=pl.Int64)
    clean = typed.filter(~positions.is_in(bad.implode())).drop(*PERIOD)
    clean = _pseudonymised(spec, _derived(spec, clean), key)
    clean = clean.select(list(spec.output_schema()))
    quarantine = _quarantine_rows(spec, text, bad, by_position, key)
    return BatchOutcome(
        clean, quarantine, value_warnings(spec.feed, spec.table, spec.referenced, clean)
    )


def _problems_by_row(
    spec: TableSpec,
    text: pl.DataFrame,
    typed: pl.DataFrame,
    problems: list[dict],
    paths: Sequence[Path],
) -> dict[int, list[dict]]:
    """Every problem of the batch, by row position: a damaged cell first (it explains the
    rest), a parse error once (not again as a missing value), a repeated header alone."""
    unparsed = {(p["position"], p["column"]) for p in problems}
    checked = [
        problem
        for problem in validate(spec, typed, text, paths)
        if not (
            problem["rule"] == "missing_value"
            and (problem["position"], problem["column"]) in unparsed
        )
    ]
    by_position: dict[int, list[dict]] = {}
    for problem in [*_control_characters(spec, text), *problems, *checked]:
        by_position.setdefault(problem["position"], []).append(problem)
    for position in _repeated_headers(spec, text):
        by_position[position] = [
            {
                "position": position,
                "column": "",
                "rule": "repeated_header",
                "detail": Message("the header row is repeated here (files pasted together?)"),
            }
        ]
    return by_position


def _quarantine_rows(
    spec: TableSpec,
    text: pl.DataFrame,
    bad: pl.Series,
    by_position: dict[int, list[dict]],
    key: bytes,
) -> pl.DataFrame:
    """The rows of ``audit.quarantine``: lineage, the first rule broken, every problem in
    ``detail`` (English) and ``detail_id`` (Indonesian), and the raw values as JSON with
    names and NIK pseudonymised."""
    failing = _pseudonymised(spec, text.select(pl.all().gather(bad)), key)
    raw_values = failing.select(pl.struct(value_columns(spec)).struct.json_encode()).to_series()
    first = [by_position[p][0] for p in bad]
    quarantine = failing.select(*LINEAGE, SOURCE_ROW).with_columns(
        pl.Series("rule", [p["rule"] for p in first], dtype=pl.String),
        pl.Series("column_name", [p["column"] for p in first], dtype=pl.String),
        *(
            pl.Series(
                name,
                [joined([x["detail"] for x in by_position[p]], lang) for p in bad],
                dtype=pl.String,
            )
            for name, lang in (("detail", "en"), ("detail_id", "id"))
        ),
        raw_values.alias("raw_values"),
        pl.lit(spec.feed).alias("feed"),
        pl.lit(spec.table).alias("table_name"),
    )
    return quarantine.select(QUARANTINE_COLUMNS)
