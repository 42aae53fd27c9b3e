"""Facilitated repatriations: one row per worker brought home (IKU 4)."""

from __future__ import annotations

from pipelines.contract.values import COUNTRIES, REPATRIATION_KINDS
from pipelines.lib.ingest import Column, TableSpec, within_period

PEMULANGAN = TableSpec(
    feed="pemulangan",
    table="pemulangan",
    prefix="pemulangan",
    period="year",
    ext="csv",
    unique_key="id_pemulangan",
    description="Facilitated repatriations: one row per worker brought home (IKU 4).",
    columns=(
        Column("ID_PEMULANGAN", description="Record id, unique within the office."),
        Column("TANGGAL", "date", description="Date of arrival home."),
        Column("NAMA_PMI", personal=True, nullable=True, description="Worker's name."),
        Column("KATEGORI", values=REPATRIATION_KINDS, description="Kind of repatriation."),
        Column(
            "NEGARA",
            nullable=True,
            reference=COUNTRIES,
            description="Country returned from, as typed.",
        ),
        Column("KAB_KOTA_ASAL", nullable=True, description="Regency or city of origin."),
    ),
    row_checks=(within_period("tanggal"),),
)

# The feed in plain Indonesian words, as an office's reports name it.
TITLE = "pemulangan PMI"
TABLES = (PEMULANGAN,)
