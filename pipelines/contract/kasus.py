"""Complaint cases received by the Crisis Center: one row per case (IKU 2)."""

from __future__ import annotations

from pipelines.contract.values import CASE_STATUSES, CASE_TYPES, CHANNELS, COUNTRIES
from pipelines.lib.ingest import Column, TableSpec, within_period

KASUS = TableSpec(
    feed="kasus",
    table="kasus",
    prefix="kasus",
    period="year",
    ext="xlsx",
    sheet="Pengaduan",
    unique_key="no_pengaduan",
    description="Crisis Center complaint cases: one row per case received (IKU 2).",
    columns=(
        Column("NO_PENGADUAN", description="Case number, unique within the office."),
        Column("TANGGAL_PENGADUAN", "date", description="Date the case was received."),
        Column("NAMA_PMI", personal=True, nullable=True, description="Worker's name."),
        Column("NEGARA", reference=COUNTRIES, description="Country of the problem, as typed."),
        Column("JENIS_KASUS", reference=CASE_TYPES, description="Case type, as typed."),
        Column("STATUS", values=CASE_STATUSES, description="State at export."),
        Column("UNIT_LAYANAN", nullable=True, description="Service point that took the case."),
        Column("KANAL", values=CHANNELS, nullable=True, description="Channel of the complaint."),
    ),
    row_checks=(within_period("tanggal_pengaduan"),),
)

# The feed in plain Indonesian words, as an office's reports name it.
TITLE = "pengaduan kasus PMI"
TABLES = (KASUS,)
