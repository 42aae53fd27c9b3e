"""Closed lists and bounds of the raw-feed contract, shared by the feeds' declarations."""

from __future__ import annotations

from pipelines.lib.i18n import N_
from pipelines.lib.ingest.reference import Reference

SCHEMES = ("P to P", "G to G", "UKPS", "Mandiri", "Pelaut")
UNIT_KINDS = ("BP3MI/P4MI", "LTSA/MPP")
SECTORS = ("Formal", "Informal")
SEXES = ("L", "P")
CASE_STATUSES = ("Proses", "Selesai")
CHANNELS = ("Datang langsung", "Surat", "Email", "WhatsApp", "Media sosial", "Telepon")
REPATRIATION_KINDS = ("PMI Terkendala", "PMI Sakit", "PMI Meninggal")
PARTICIPANT_KINDS = ("PMI Purna", "Keluarga PMI")
GOALS = ("SS1", "SS2")
INDICATORS = tuple(f"IKU{i}" for i in range(1, 9))
GOVERNANCE_INDICATORS = ("IKU6", "IKU7", "IKU8")
TARGET_BASES = ("PK", "DIPA_AWAL", "DIPA_AA")
UNITS = ("Orang", "%", "Nilai")
NIK_PATTERN = r"^[0-9]{16}$"  # ASCII digits only: a regex \d takes Arabic-Indic ones too
# Beyond these a figure is a typing error, not a budget or a target.
MAX_RUPIAH = 10**14
MAX_TARGET = 10**7

# Free-text columns that name a listed thing are looked up in the dbt seed that maps them
# (pipelines/lib/ingest/reference.py): an unknown spelling is a warning, the row counts.
COUNTRIES = Reference(
    "country_spellings", "country_spelling", N_("countries"), display="country_name"
)
CASE_TYPES = Reference(
    "case_type_categories", "case_type", N_("case types"), open_prefix="lain-lain"
)
