"""The office's own words per indicator (IKU) for the LKj's Bab III: an optional input.

Not a feed of the source systems: a workbook the project generates for an office and a year
(``python -m pipelines narasi``), one row per indicator of the year's Renstra period, which
the office fills and drops in ``raw/narasi/``. Its text is woven into the drafted chapter
where the LKj puts each kind (:data:`KINDS`, ``pipelines/lkj/narrative.py``); a kind left
empty, or a file not delivered, leaves a visible placeholder there. The text is the office's
prose, not personal data: it is stored as typed and never printed in a message (a row is
quarantined only for its KODE_IKU, whose value is a code).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandera.polars as pa
import polars as pl

from pipelines.indicators import renstra
from pipelines.lib.i18n import Message
from pipelines.lib.ingest import Column, TableSpec

CODE = "KODE_IKU"


@dataclass(frozen=True)
class Kind:
    """A kind of the office's text: its column in the workbook, its name in the placeholder
    (``[diisi oleh satker: kendala]``), where the LKj puts it (``informasi``: "a. Informasi
    Kinerja", before the figures; ``evaluasi``: "b. Evaluasi Kinerja", after them), its
    column in the warehouse, and what the clerk is asked to write (Indonesian)."""

    column: str
    label: str
    place: Literal["informasi", "evaluasi"]
    field: str
    description: str
    guidance: str


# In the order of an LKj's section of an indicator (the published LKj 2024 of BP3MI Jawa
# Tengah, Bab III.A.2): what the indicator measures, then after the figures why the year
# went as it did, the obstacles, what was done, and what will be done.
KINDS: tuple[Kind, ...] = (
    Kind(
        "INFORMASI_KINERJA",
        "informasi kinerja",
        "informasi",
        "performance_information",
        "What the indicator measures and why, the programmes behind it.",
        "Apa yang diukur indikator ini, mengapa penting, dan program atau kegiatan yang "
        'mendukungnya (bagian "a. Informasi Kinerja").',
    ),
    Kind(
        "PENYEBAB",
        "penyebab capaian",
        "evaluasi",
        "causes",
        "Why the year's result is what it is.",
        "Mengapa target tercapai atau tidak tercapai tahun ini (dicetak di bawah angka "
        'capaian, bagian "b. Evaluasi Kinerja").',
    ),
    Kind(
        "KENDALA",
        "kendala",
        "evaluasi",
        "obstacles",
        "The obstacles met during the year.",
        "Kendala atau hambatan yang dihadapi selama tahun berjalan.",
    ),
    Kind(
        "UPAYA",
        "upaya",
        "evaluasi",
        "efforts",
        "What the office did to reach the target or overcome the obstacles.",
        "Upaya yang telah dilakukan untuk mencapai target atau mengatasi kendala.",
    ),
    Kind(
        "RENCANA_TINDAK_LANJUT",
        "rencana tindak lanjut",
        "evaluasi",
        "follow_up_plan",
        "What the office will do next.",
        "Rencana tindak lanjut untuk tahun berikutnya.",
    ),
)


def _year_codes() -> pl.DataFrame:
    """Every year of every Renstra period with the codes of its indicators."""
    declared = renstra()
    rows = [
        (year, indicator.code)
        for period in declared.periods
        for year in range(period.first_year, period.last_year + 1)
        for indicator in declared.for_year(year)
    ]
    return pl.DataFrame(rows, schema={"year": pl.Int32, "code": pl.String}, orient="row")


def _of_year(data: pa.PolarsData) -> pl.LazyFrame:
    """The row's KODE_IKU is an indicator of its file's year."""
    known = _year_codes().select(pl.format("{}|{}", "year", "code")).to_series()
    key = pl.format("{}|{}", pl.col("period_start").dt.year(), pl.col("kode_iku"))
    return data.lazyframe.select(key.is_in(known.implode()))


def _first_of_indicator(data: pa.PolarsData) -> pl.LazyFrame:
    """The row is the first of its file (its year: one office's files per batch) for its IKU."""
    return data.lazyframe.select(pl.struct("period_start", "kode_iku").is_first_distinct())


def _not_of_year(text: pl.DataFrame, position: int) -> tuple[str, Message]:
    year = str(text["file_period"][position])
    codes = [i.code for i in renstra().for_year(int(year))] if year.isdigit() else []
    return CODE, Message(
        "{column} {value} is not an indicator of {year} (that year's: {codes})",
        column=CODE,
        value=repr(text["kode_iku"][position]),
        year=year,
        codes=", ".join(codes) or "-",
    )


def _repeated(text: pl.DataFrame, position: int) -> tuple[str, Message]:
    return CODE, Message(
        "{column} {value} has a row above already: one row per indicator",
        column=CODE,
        value=repr(text["kode_iku"][position]),
    )


NARASI = TableSpec(
    feed="narasi",
    table="narasi",
    prefix="narasi",
    period="year",
    ext="xlsx",
    sheet="Narasi",
    optional=True,
    description=(
        "The office's own words per indicator for the LKj's Bab III (optional; the workbook "
        "`python -m pipelines narasi` writes)."
    ),
    columns=(
        Column(CODE, description="Indicator code of the file's year (IKU1, ...)."),
        Column(
            "NAMA_IKU",
            required=False,
            nullable=True,
            description="The indicator's name, as the form writes it (not read).",
        ),
        *(Column(k.column, nullable=True, description=k.description) for k in KINDS),
    ),
    row_checks=(
        pa.Check(_of_year, name="indicator_not_of_year"),
        pa.Check(_first_of_indicator, name="indicator_repeated"),
    ),
    row_details={"indicator_not_of_year": _not_of_year, "indicator_repeated": _repeated},
    notes="A KODE_IKU must be an indicator of the file's year (dbt_project.yml `renstra`), "
    "once per file. Empty text cells are allowed: the chapter shows a placeholder.",
)

# The feed in plain Indonesian words, as an office's reports name it.
TITLE = "narasi kantor untuk Bab III"
TABLES = (NARASI,)
