"""Empowerment of returned workers: one row per participant of an activity (IKU 5)."""

from __future__ import annotations

from pipelines.contract.values import NIK_PATTERN, PARTICIPANT_KINDS
from pipelines.lib.ingest import Column, TableSpec, within_period

PEMBERDAYAAN = TableSpec(
    feed="pemberdayaan",
    table="pemberdayaan",
    prefix="pemberdayaan",
    period="year",
    ext="csv",
    description="Empowerment activities for returned workers: one row per participant (IKU 5).",
    columns=(
        Column("TANGGAL_KEGIATAN", "date", description="Date of the activity."),
        Column("NAMA_KEGIATAN", description="Activity."),
        Column("LOKASI", nullable=True, description="Place."),
        Column(
            "NIK",
            personal=True,
            nullable=True,
            pattern=NIK_PATTERN,
            description="Participant's national id number.",
        ),
        Column("NAMA_PESERTA", personal=True, description="Participant's name."),
        Column(
            "STATUS_PESERTA", values=PARTICIPANT_KINDS, description="Returned worker or family."
        ),
    ),
    row_checks=(within_period("tanggal_kegiatan"),),
)

# The feed in plain Indonesian words, as an office's reports name it.
TITLE = "pemberdayaan PMI purna"
TABLES = (PEMBERDAYAAN,)
