"""Performance targets of every year, indicator and basis (PK, initial DIPA, DIPA after AA)."""

from __future__ import annotations

import pandera.polars as pa

from pipelines.contract.values import INDICATORS, MAX_TARGET, TARGET_BASES, UNITS
from pipelines.lib.ingest import Column, TableSpec

TARGET_KINERJA = TableSpec(
    feed="target",
    table="target_kinerja",
    prefix="target_kinerja",
    period="none",
    ext="csv",
    description="Performance targets per year, indicator, basis and quarter.",
    columns=(
        Column("TAHUN", "integer", checks=(pa.Check.in_range(2000, 2100),), description="Year."),
        Column("KODE_IKU", values=INDICATORS, description="Indicator."),
        Column("DASAR", values=TARGET_BASES, description="Target basis."),
        Column(
            "TRIWULAN",
            "integer",
            nullable=True,
            checks=(pa.Check.in_range(1, 4),),
            description="Quarter, or empty for the year.",
        ),
        Column(
            "TARGET",
            "number",
            checks=(pa.Check.ge(0), pa.Check.le(MAX_TARGET)),
            description="Target.",
        ),
        Column("SATUAN", values=UNITS, description="Unit."),
    ),
)

# The feed in plain Indonesian words, as an office's reports name it.
TITLE = "target kinerja"
TABLES = (TARGET_KINERJA,)
