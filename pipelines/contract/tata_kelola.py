"""Governance: quarterly scores NKA, IKPA and ZI (IKU 6-8), and the IKPA's components."""

from __future__ import annotations

import pandera.polars as pa

from pipelines.contract.values import GOVERNANCE_INDICATORS
from pipelines.lib.ingest import Column, TableSpec

SCORE = (pa.Check.in_range(0, 100),)

TATA_KELOLA_NILAI = TableSpec(
    feed="tata_kelola",
    table="tata_kelola_nilai",
    prefix="nilai",
    period="year",
    ext="csv",
    description=(
        "Quarterly governance scores of the indicators scored: NKA (IKU 6, to 2024), "
        "IKPA (IKU 7), ZI (IKU 8)."
    ),
    columns=(
        Column("TRIWULAN", "integer", checks=(pa.Check.in_range(1, 4),), description="Quarter."),
        Column("KODE_IKU", values=GOVERNANCE_INDICATORS, description="Indicator scored."),
        Column("NILAI", "number", checks=SCORE, description="Score."),
        Column(
            "PREDIKAT", required=False, nullable=True, description="Optional label, e.g. WBK, WBBM."
        ),
    ),
)

TATA_KELOLA_IKPA = TableSpec(
    feed="tata_kelola",
    table="tata_kelola_ikpa",
    prefix="ikpa",
    period="year",
    ext="csv",
    description="Year-end IKPA components and their weights.",
    columns=(
        Column("ASPEK", description="Aspect."),
        Column("KOMPONEN", description="Component."),
        Column("NILAI", "number", checks=SCORE, description="Score."),
        Column("BOBOT", "number", checks=(pa.Check.gt(0),), description="Weight."),
    ),
)

# The feed in plain Indonesian words, as an office's reports name it.
TITLE = "nilai tata kelola (NKA, IKPA, ZI)"
TABLES = (TATA_KELOLA_NILAI, TATA_KELOLA_IKPA)
