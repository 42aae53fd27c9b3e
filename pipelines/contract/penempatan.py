"""Placements: one row per worker placed abroad, from SISKOP2MI (IKU 1)."""

from __future__ import annotations

from pipelines.contract.values import (
    COUNTRIES,
    NIK_PATTERN,
    SCHEMES,
    SECTORS,
    SEXES,
    UNIT_KINDS,
)
from pipelines.lib.ingest import Column, TableSpec, within_period

PENEMPATAN = TableSpec(
    feed="penempatan",
    table="penempatan",
    prefix="penempatan",
    period="month",
    ext="csv",
    unique_key="id_pmi",
    description="SISKOP2MI placements: one row per worker placed abroad (IKU 1).",
    columns=(
        Column("ID_PMI", description="Worker's SISKOP2MI id, unique within the office."),
        Column("NIK", personal=True, pattern=NIK_PATTERN, description="National id number."),
        Column("NAMA", personal=True, description="Worker's name."),
        Column("JENIS_KELAMIN", values=SEXES, description="Sex: L male, P female."),
        Column("TANGGAL_PENEMPATAN", "date", description="Date the placement was processed."),
        Column("UNIT_LAYANAN", description="Service point, e.g. P4MI Cilacap."),
        Column("JENIS_UNIT", values=UNIT_KINDS, description="Kind of service point."),
        Column("SKEMA", values=SCHEMES, description="Placement scheme."),
        Column("SEKTOR", values=SECTORS, description="Sector."),
        Column("NEGARA_TUJUAN", reference=COUNTRIES, description="Destination country, as typed."),
        Column("JABATAN", nullable=True, description="Job position."),
        Column("KAB_KOTA_ASAL", nullable=True, description="Regency or city of origin."),
        Column("P3MI", nullable=True, description="Placement company; empty for G to G etc."),
    ),
    row_checks=(within_period("tanggal_penempatan"),),
)

# The feed in plain Indonesian words, as an office's reports name it.
TITLE = "penempatan PMI"
TABLES = (PENEMPATAN,)
