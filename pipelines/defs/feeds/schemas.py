"""The raw-feed contract in code: one Pandera model per raw table.

Each model describes a file's rows after the Indonesian numbers and dates are
parsed and before personal columns are pseudonymised, so that the NIK format
is checked on the real value. ``strict`` is on (the parser hands over exactly
these columns, so anything else is a bug) and ``coerce`` is off (typing is
the parser's job, where a bad cell is reported with its raw text).

Models are validated with Pandera's polars backend, ``lazy=True``: every
failing row and rule is collected, and the failing rows go to quarantine
with the check's name as their reason. Keep these models and
``docs/raw-feeds.md`` (the contract) in step.
"""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa
import polars as pl

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


def _within_period(data: pa.PolarsData, column: str) -> pl.LazyFrame:
    """A row's date lies in its file's period (an empty date is reported as missing)."""
    date = pl.col(column)
    return data.lazyframe.select(
        date.is_null()
        | pl.col("period_start").is_null()
        | date.is_between(pl.col("period_start"), pl.col("period_end"))
    )


class RawRow(pa.DataFrameModel):
    """Columns every raw row carries: its place in the file and the file's period."""

    source_row: int = pa.Field(ge=2, description="Row number in the file; the header is row 1.")
    period_start: dt.date = pa.Field(nullable=True, description="First day of the file's period.")
    period_end: dt.date = pa.Field(nullable=True, description="Last day of the file's period.")

    class Config:
        strict = True
        coerce = False


class Penempatan(RawRow):
    """SISKOP2MI placements: one row per placed worker (IKU 1)."""

    id_pmi: str = pa.Field(description="Worker's SISKOP2MI id, unique within the office.")
    nik: str = pa.Field(str_matches=NIK_PATTERN, description="National id number (personal).")
    nama: str = pa.Field(description="Worker's name (personal).")
    jenis_kelamin: str = pa.Field(isin=SEXES, description="Sex: L male, P female.")
    tanggal_penempatan: dt.date = pa.Field(description="Date the placement was processed.")
    unit_layanan: str = pa.Field(description="Service point, e.g. P4MI Cilacap.")
    jenis_unit: str = pa.Field(isin=UNIT_KINDS, description="Kind of service point.")
    skema: str = pa.Field(isin=SCHEMES, description="Placement scheme.")
    sektor: str = pa.Field(isin=SECTORS, description="Sector.")
    negara_tujuan: str = pa.Field(description="Destination country, as typed.")
    jabatan: str = pa.Field(nullable=True, description="Job position.")
    kab_kota_asal: str = pa.Field(nullable=True, description="Regency or city of origin.")
    p3mi: str = pa.Field(nullable=True, description="Placement company; empty for G to G etc.")

    @pa.dataframe_check(name="out_of_period")
    def in_period(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _within_period(data, "tanggal_penempatan")


class Kasus(RawRow):
    """Crisis Center complaint cases: one row per case received (IKU 2)."""

    no_pengaduan: str = pa.Field(description="Case number, unique within the office.")
    tanggal_pengaduan: dt.date = pa.Field(description="Date the case was received.")
    nama_pmi: str = pa.Field(nullable=True, description="Worker's name (personal).")
    negara: str = pa.Field(description="Country of the problem, as typed.")
    jenis_kasus: str = pa.Field(description="Case type, as typed.")
    status: str = pa.Field(isin=CASE_STATUSES, description="State at export.")
    unit_layanan: str = pa.Field(nullable=True, description="Service point that took the case.")
    kanal: str = pa.Field(isin=CHANNELS, nullable=True, description="Channel of the complaint.")

    @pa.dataframe_check(name="out_of_period")
    def in_period(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _within_period(data, "tanggal_pengaduan")


class Pencegahan(RawRow):
    """The office's recap of prevented non-procedural departures (IKU 3)."""

    no: int = pa.Field(nullable=True, ge=1, description="Row number in the recap.")
    tanggal: dt.date = pa.Field(description="Date of the prevention.")
    lokasi: str = pa.Field(nullable=True, description="Where it happened.")
    pelaksana: str = pa.Field(nullable=True, description="Company, institution or individual.")
    nama_pmi: str = pa.Field(description="Person's name (personal).")
    l: bool = pa.Field(description="Marked male.")
    p: bool = pa.Field(description="Marked female.")
    negara_penempatan: str = pa.Field(nullable=True, description="Intended country.")
    daerah_asal: str = pa.Field(nullable=True, description="Area of origin.")
    permasalahan: str = pa.Field(nullable=True, description="What happened.")
    tindak_lanjut: str = pa.Field(nullable=True, description="Follow-up.")

    @pa.dataframe_check(name="one_sex_marked")
    def one_sex(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("l") != pl.col("p"))

    @pa.dataframe_check(name="out_of_period")
    def in_period(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _within_period(data, "tanggal")


class Pemulangan(RawRow):
    """Facilitated repatriations: one row per worker (IKU 4)."""

    id_pemulangan: str = pa.Field(description="Record id, unique within the office.")
    tanggal: dt.date = pa.Field(description="Date of arrival home.")
    nama_pmi: str = pa.Field(nullable=True, description="Worker's name (personal).")
    kategori: str = pa.Field(isin=REPATRIATION_KINDS, description="Kind of repatriation.")
    negara: str = pa.Field(nullable=True, description="Country returned from, as typed.")
    kab_kota_asal: str = pa.Field(nullable=True, description="Regency or city of origin.")

    @pa.dataframe_check(name="out_of_period")
    def in_period(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _within_period(data, "tanggal")


class Pemberdayaan(RawRow):
    """Empowerment activities: one row per participant (IKU 5)."""

    tanggal_kegiatan: dt.date = pa.Field(description="Date of the activity.")
    nama_kegiatan: str = pa.Field(description="Activity.")
    lokasi: str = pa.Field(nullable=True, description="Place.")
    nik: str = pa.Field(str_matches=NIK_PATTERN, nullable=True, description="NIK (personal).")
    nama_peserta: str = pa.Field(description="Participant's name (personal).")
    status_peserta: str = pa.Field(isin=PARTICIPANT_KINDS, description="Returned worker or family.")

    @pa.dataframe_check(name="out_of_period")
    def in_period(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _within_period(data, "tanggal_kegiatan")


class AnggaranPagu(RawRow):
    """Budget ceilings per activity (sheet ``Pagu``)."""

    kode_kegiatan: str = pa.Field(description="Activity code.")
    nama_kegiatan: str = pa.Field(description="Activity name.")
    sasaran: str = pa.Field(isin=GOALS, description="Strategic goal the activity serves.")
    pagu_awal: pl.Decimal(18, 2) = pa.Field(
        ge=0, le=MAX_RUPIAH, description="Initial ceiling, Rupiah."
    )
    pagu_setelah_aa: pl.Decimal(18, 2) = pa.Field(
        ge=0, le=MAX_RUPIAH, description="Ceiling after the automatic adjustment, Rupiah."
    )


class AnggaranDipa(RawRow):
    """The office's whole budget as its DIPA states it (sheet ``DIPA``)."""

    pagu_awal_total: pl.Decimal(18, 2) = pa.Field(
        ge=0, le=MAX_RUPIAH, description="Initial DIPA total."
    )
    pagu_setelah_aa_total: pl.Decimal(18, 2) = pa.Field(
        ge=0, le=MAX_RUPIAH, description="DIPA total after AA."
    )


class AnggaranRealisasi(RawRow):
    """Monthly budget realisation per activity."""

    bulan: int = pa.Field(in_range={"min_value": 1, "max_value": 12}, description="Month 1-12.")
    kode_kegiatan: str = pa.Field(description="Activity code.")
    realisasi: pl.Decimal(18, 2) = pa.Field(
        ge=-MAX_RUPIAH,
        le=MAX_RUPIAH,
        description="Realisation, Rupiah with cents (negative for a refund).",
    )


class TataKelolaNilai(RawRow):
    """Quarterly governance scores: NKA (IKU6), IKPA (IKU7), ZI (IKU8)."""

    triwulan: int = pa.Field(in_range={"min_value": 1, "max_value": 4}, description="Quarter.")
    kode_iku: str = pa.Field(isin=GOVERNANCE_INDICATORS, description="Indicator scored.")
    nilai: float = pa.Field(in_range={"min_value": 0, "max_value": 100}, description="Score.")
    predikat: str = pa.Field(nullable=True, description="Optional label, e.g. WBK, WBBM.")


class TataKelolaIkpa(RawRow):
    """Year-end IKPA components and their weights."""

    aspek: str = pa.Field(description="Aspect.")
    komponen: str = pa.Field(description="Component.")
    nilai: float = pa.Field(in_range={"min_value": 0, "max_value": 100}, description="Score.")
    bobot: float = pa.Field(gt=0, description="Weight.")


class TargetKinerja(RawRow):
    """Performance targets of every year, indicator and basis."""

    tahun: int = pa.Field(in_range={"min_value": 2000, "max_value": 2100}, description="Year.")
    kode_iku: str = pa.Field(isin=INDICATORS, description="Indicator.")
    dasar: str = pa.Field(isin=TARGET_BASES, description="Target basis.")
    triwulan: int = pa.Field(
        nullable=True,
        in_range={"min_value": 1, "max_value": 4},
        description="Quarter or empty.",
    )
    target: float = pa.Field(ge=0, le=MAX_TARGET, description="Target.")
    satuan: str = pa.Field(isin=UNITS, description="Unit.")


class RealisasiHistoris(RawRow):
    """Published realisations of years before the record-level feeds."""

    tahun: int = pa.Field(in_range={"min_value": 2000, "max_value": 2100}, description="Year.")
    kode_iku: str = pa.Field(isin=INDICATORS, description="Indicator.")
    realisasi: float = pa.Field(description="Realisation as published.")
    jumlah_kasus: int = pa.Field(nullable=True, ge=0, description="Cases received (IKU2 rows).")
