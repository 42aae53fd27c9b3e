"""Closed lists and bounds of the raw-feed contract, shared by the feeds' declarations."""

from __future__ import annotations

from pipelines.indicators import renstra
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
# The goals and indicator codes of every Renstra period, as dbt_project.yml declares them
# (pipelines/indicators.py): a code of any period is a code the feeds may name.
GOALS = tuple(goal.goal for goal in renstra().goals)
INDICATORS = renstra().codes
# The codes scored by the governance feed (a score in some period).
GOVERNANCE_INDICATORS = renstra().codes_of_kind("score")
TARGET_BASES = ("PK", "DIPA_AWAL", "DIPA_AA")
# The units the indicators are declared in: a target's SATUAN is one of them.
UNITS = tuple(dict.fromkeys(indicator.unit for indicator in renstra().indicators))
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
