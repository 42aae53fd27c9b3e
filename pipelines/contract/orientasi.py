"""Pre-departure orientation (OPP): one row per prospective worker oriented (IKU 6, 2025-2029).

Not (yet) a feed of the source systems' contract: the 2025-2029 indicator set that counts
it is illustrative (``dbt_project/dbt_project.yml``). Its folder may be missing: an office
that does not deliver it yet is read as having delivered nothing.
"""

from __future__ import annotations

import pandera.polars as pa

from pipelines.contract.values import COUNTRIES, NIK_PATTERN, SCHEMES, SEXES
from pipelines.lib.ingest import Column, TableSpec, within_period

ORIENTASI = TableSpec(
    feed="orientasi",
    table="orientasi",
    prefix="orientasi",
    period="year",
    ext="csv",
    optional=True,
    description=(
        "Pre-departure orientation (OPP): one row per prospective worker oriented "
        "(IKU 6 of 2025-2029; illustrative)."
    ),
    columns=(
        Column(
            "NO",
            "integer",
            nullable=True,
            checks=(pa.Check.ge(1),),
            description="Row number in the attendance list.",
        ),
        Column("NAMA_CPMI", personal=True, description="Prospective worker's name."),
        Column(
            "NIK",
            personal=True,
            nullable=True,
            pattern=NIK_PATTERN,
            description="Prospective worker's national id number.",
        ),
        Column("JENIS_KELAMIN", values=SEXES, description="Sex: L male, P female."),
        Column("NEGARA_TUJUAN", reference=COUNTRIES, description="Destination country, as typed."),
        Column("SKEMA", values=SCHEMES, description="Placement scheme."),
        Column("TANGGAL_OPP", "date", description="Date of the orientation."),
        Column("LOKASI", nullable=True, description="Where the orientation was held."),
    ),
    row_checks=(within_period("tanggal_opp"),),
)

# The feed in plain Indonesian words, as an office's reports name it.
TITLE = "orientasi pra-pemberangkatan (OPP)"
TABLES = (ORIENTASI,)
