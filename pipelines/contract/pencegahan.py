"""Prevented non-procedural departures, from the office's recap (IKU 3)."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from pipelines.contract.values import COUNTRIES
from pipelines.lib.ingest import Column, TableSpec, within_period
from pipelines.lib.persons import suspected_duplicates


def _mark_suspected_duplicates(rows: pl.DataFrame) -> pl.DataFrame:
    """The row number of the earlier row a person seems to repeat (same file, so same year)."""
    matches = suspected_duplicates(rows["nama_pmi"].to_list())
    numbers = rows["source_row"].to_list()
    earlier = [numbers[m] if m is not None else None for m in matches]
    return rows.with_columns(pl.Series("suspected_duplicate_of_row", earlier, dtype=pl.Int64))


def _one_sex_marked(data: pa.PolarsData) -> pl.LazyFrame:
    return data.lazyframe.select(pl.col("l") != pl.col("p"))


PENCEGAHAN = TableSpec(
    feed="pencegahan",
    table="pencegahan",
    prefix="pencegahan",
    period="year",
    ext="xlsx",
    sheet="Pencegahan",
    description="The office's recap of prevented non-procedural departures (IKU 3).",
    columns=(
        Column(
            "NO",
            "integer",
            nullable=True,
            checks=(pa.Check.ge(1),),
            description="Row number in the recap.",
        ),
        Column("TANGGAL", "date", description="Date of the prevention."),
        Column("LOKASI", nullable=True, description="Where it happened."),
        Column("PELAKSANA", nullable=True, description="Company, institution or individual."),
        Column("NAMA_PMI", personal=True, description="Person's name."),
        Column("L", "flag", description="Marked male."),
        Column("P", "flag", description="Marked female."),
        Column(
            "NEGARA_PENEMPATAN", nullable=True, reference=COUNTRIES, description="Intended country."
        ),
        Column("DAERAH_ASAL", nullable=True, description="Area of origin."),
        Column("PERMASALAHAN", nullable=True, description="What happened."),
        Column("TINDAK_LANJUT", nullable=True, description="Follow-up."),
    ),
    row_checks=(
        pa.Check(_one_sex_marked, name="one_sex_marked"),
        within_period("tanggal"),
    ),
    derive=_mark_suspected_duplicates,
    derived_columns=(("suspected_duplicate_of_row", pl.Int64),),
    notes="Added at ingest: `suspected_duplicate_of_row` (the row number of the earlier row "
    "a person seems to repeat).",
)

# The feed in plain Indonesian words, as an office's reports name it.
TITLE = "pencegahan penempatan nonprosedural"
TABLES = (PENCEGAHAN,)
