"""Realisations the office published for the years before its record-level feeds."""

from __future__ import annotations

import pandera.polars as pa

from pipelines.contract.values import INDICATORS
from pipelines.lib.ingest import Column, TableSpec

REALISASI_HISTORIS = TableSpec(
    feed="historis",
    table="realisasi_historis",
    prefix="realisasi_historis",
    period="none",
    ext="csv",
    description="Published realisations of the years before the record-level feeds.",
    columns=(
        Column("TAHUN", "integer", checks=(pa.Check.in_range(2000, 2100),), description="Year."),
        Column("KODE_IKU", values=INDICATORS, description="Indicator."),
        Column("REALISASI", "number", description="Realisation as published."),
        Column(
            "JUMLAH_KASUS",
            "integer",
            nullable=True,
            checks=(pa.Check.ge(0),),
            description="Cases received (IKU 2 rows).",
        ),
    ),
)

# The feed in plain Indonesian words, as an office's reports name it.
TITLE = "realisasi tahun-tahun sebelumnya"
TABLES = (REALISASI_HISTORIS,)
