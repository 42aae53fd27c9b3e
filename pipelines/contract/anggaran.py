"""The budget: ceilings per activity and DIPA totals (one workbook), monthly realisation."""

from __future__ import annotations

import pandera.polars as pa

from pipelines.contract.values import GOALS, MAX_RUPIAH
from pipelines.lib.ingest import Column, TableSpec

RUPIAH = (pa.Check.ge(0), pa.Check.le(MAX_RUPIAH))

ANGGARAN_PAGU = TableSpec(
    feed="anggaran",
    table="anggaran_pagu",
    prefix="pagu",
    period="year",
    ext="xlsx",
    sheet="Pagu",
    description="Budget ceilings per activity (workbook pagu_<OFFICE>_<YYYY>, sheet Pagu).",
    columns=(
        Column("KODE_KEGIATAN", description="Activity code."),
        Column("NAMA_KEGIATAN", description="Activity name."),
        Column("SASARAN", values=GOALS, description="Strategic goal the activity serves."),
        Column("PAGU_AWAL", "money", checks=RUPIAH, description="Initial ceiling, Rupiah."),
        Column(
            "PAGU_SETELAH_AA",
            "money",
            checks=RUPIAH,
            description="Ceiling after the automatic adjustment, Rupiah.",
        ),
    ),
)

ANGGARAN_DIPA = TableSpec(
    feed="anggaran",
    table="anggaran_dipa",
    prefix="pagu",
    period="year",
    ext="xlsx",
    sheet="DIPA",
    description="The office's whole budget as its DIPA states it (workbook "
    "pagu_<OFFICE>_<YYYY>, sheet DIPA).",
    columns=(
        Column("PAGU_AWAL_TOTAL", "money", checks=RUPIAH, description="Initial DIPA total."),
        Column("PAGU_SETELAH_AA_TOTAL", "money", checks=RUPIAH, description="DIPA total after AA."),
    ),
)

ANGGARAN_REALISASI = TableSpec(
    feed="anggaran",
    table="anggaran_realisasi",
    prefix="realisasi",
    period="year",
    ext="csv",
    description="Monthly budget realisation per activity.",
    columns=(
        Column("BULAN", "integer", checks=(pa.Check.in_range(1, 12),), description="Month 1-12."),
        Column("KODE_KEGIATAN", description="Activity code."),
        Column(
            "REALISASI",
            "money",
            checks=(pa.Check.ge(-MAX_RUPIAH), pa.Check.le(MAX_RUPIAH)),
            description="Realisation, Rupiah with cents (negative for a refund).",
        ),
    ),
)

# The feed in plain Indonesian words, as an office's reports name it.
TITLE = "anggaran (pagu, DIPA, realisasi)"
TABLES = (ANGGARAN_PAGU, ANGGARAN_DIPA, ANGGARAN_REALISASI)
