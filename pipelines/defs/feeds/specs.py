"""The raw files of the contract: folder, file name, format and columns of each.

One :class:`TableSpec` per kind of file; a feed (a folder of the raw
directory) has one or more. Column order and names are the contract's
(``docs/raw-feeds.md``); the Pandera model beside each is its rules.
"""

from __future__ import annotations

import polars as pl

from pipelines.defs.feeds import schemas as s
from pipelines.lib.ingest import Column, TableSpec
from pipelines.lib.persons import suspected_duplicates


def _mark_suspected_duplicates(rows: pl.DataFrame) -> pl.DataFrame:
    """The row number of the earlier row a person seems to repeat (same file, so same year)."""
    matches = suspected_duplicates(rows["nama_pmi"].to_list())
    numbers = rows["source_row"].to_list()
    earlier = [numbers[m] if m is not None else None for m in matches]
    return rows.with_columns(pl.Series("suspected_duplicate_of_row", earlier, dtype=pl.Int64))


PENEMPATAN = TableSpec(
    feed="penempatan",
    table="penempatan",
    prefix="penempatan",
    period="month",
    ext="csv",
    unique_key="id_pmi",
    schema=s.Penempatan,
    columns=(
        Column("ID_PMI"),
        Column("NIK", personal=True),
        Column("NAMA", personal=True),
        Column("JENIS_KELAMIN", values=s.SEXES),
        Column("TANGGAL_PENEMPATAN", "date"),
        Column("UNIT_LAYANAN"),
        Column("JENIS_UNIT", values=s.UNIT_KINDS),
        Column("SKEMA", values=s.SCHEMES),
        Column("SEKTOR", values=s.SECTORS),
        Column("NEGARA_TUJUAN"),
        Column("JABATAN"),
        Column("KAB_KOTA_ASAL"),
        Column("P3MI"),
    ),
)

KASUS = TableSpec(
    feed="kasus",
    table="kasus",
    prefix="kasus",
    period="year",
    ext="xlsx",
    sheet="Pengaduan",
    unique_key="no_pengaduan",
    schema=s.Kasus,
    columns=(
        Column("NO_PENGADUAN"),
        Column("TANGGAL_PENGADUAN", "date"),
        Column("NAMA_PMI", personal=True),
        Column("NEGARA"),
        Column("JENIS_KASUS"),
        Column("STATUS", values=s.CASE_STATUSES),
        Column("UNIT_LAYANAN"),
        Column("KANAL", values=s.CHANNELS),
    ),
)

PENCEGAHAN = TableSpec(
    feed="pencegahan",
    table="pencegahan",
    prefix="pencegahan",
    period="year",
    ext="xlsx",
    sheet="Pencegahan",
    schema=s.Pencegahan,
    derive=_mark_suspected_duplicates,
    derived_columns=(("suspected_duplicate_of_row", pl.Int64),),
    columns=(
        Column("NO", "integer"),
        Column("TANGGAL", "date"),
        Column("LOKASI"),
        Column("PELAKSANA"),
        Column("NAMA_PMI", personal=True),
        Column("L", "flag"),
        Column("P", "flag"),
        Column("NEGARA_PENEMPATAN"),
        Column("DAERAH_ASAL"),
        Column("PERMASALAHAN"),
        Column("TINDAK_LANJUT"),
    ),
)

PEMULANGAN = TableSpec(
    feed="pemulangan",
    table="pemulangan",
    prefix="pemulangan",
    period="year",
    ext="csv",
    unique_key="id_pemulangan",
    schema=s.Pemulangan,
    columns=(
        Column("ID_PEMULANGAN"),
        Column("TANGGAL", "date"),
        Column("NAMA_PMI", personal=True),
        Column("KATEGORI", values=s.REPATRIATION_KINDS),
        Column("NEGARA"),
        Column("KAB_KOTA_ASAL"),
    ),
)

PEMBERDAYAAN = TableSpec(
    feed="pemberdayaan",
    table="pemberdayaan",
    prefix="pemberdayaan",
    period="year",
    ext="csv",
    schema=s.Pemberdayaan,
    columns=(
        Column("TANGGAL_KEGIATAN", "date"),
        Column("NAMA_KEGIATAN"),
        Column("LOKASI"),
        Column("NIK", personal=True),
        Column("NAMA_PESERTA", personal=True),
        Column("STATUS_PESERTA", values=s.PARTICIPANT_KINDS),
    ),
)

ANGGARAN_PAGU = TableSpec(
    feed="anggaran",
    table="anggaran_pagu",
    prefix="pagu",
    period="year",
    ext="xlsx",
    sheet="Pagu",
    schema=s.AnggaranPagu,
    columns=(
        Column("KODE_KEGIATAN"),
        Column("NAMA_KEGIATAN"),
        Column("SASARAN", values=s.GOALS),
        Column("PAGU_AWAL", "money"),
        Column("PAGU_SETELAH_AA", "money"),
    ),
)

ANGGARAN_DIPA = TableSpec(
    feed="anggaran",
    table="anggaran_dipa",
    prefix="pagu",
    period="year",
    ext="xlsx",
    sheet="DIPA",
    schema=s.AnggaranDipa,
    columns=(
        Column("PAGU_AWAL_TOTAL", "money"),
        Column("PAGU_SETELAH_AA_TOTAL", "money"),
    ),
)

ANGGARAN_REALISASI = TableSpec(
    feed="anggaran",
    table="anggaran_realisasi",
    prefix="realisasi",
    period="year",
    ext="csv",
    schema=s.AnggaranRealisasi,
    columns=(
        Column("BULAN", "integer"),
        Column("KODE_KEGIATAN"),
        Column("REALISASI", "money"),
    ),
)

TATA_KELOLA_NILAI = TableSpec(
    feed="tata_kelola",
    table="tata_kelola_nilai",
    prefix="nilai",
    period="year",
    ext="csv",
    schema=s.TataKelolaNilai,
    columns=(
        Column("TRIWULAN", "integer"),
        Column("KODE_IKU", values=s.GOVERNANCE_INDICATORS),
        Column("NILAI", "number"),
        Column("PREDIKAT", required=False),
    ),
)

TATA_KELOLA_IKPA = TableSpec(
    feed="tata_kelola",
    table="tata_kelola_ikpa",
    prefix="ikpa",
    period="year",
    ext="csv",
    schema=s.TataKelolaIkpa,
    columns=(
        Column("ASPEK"),
        Column("KOMPONEN"),
        Column("NILAI", "number"),
        Column("BOBOT", "number"),
    ),
)

TARGET_KINERJA = TableSpec(
    feed="target",
    table="target_kinerja",
    prefix="target_kinerja",
    period="none",
    ext="csv",
    schema=s.TargetKinerja,
    columns=(
        Column("TAHUN", "integer"),
        Column("KODE_IKU", values=s.INDICATORS),
        Column("DASAR", values=s.TARGET_BASES),
        Column("TRIWULAN", "integer"),
        Column("TARGET", "number"),
        Column("SATUAN", values=s.UNITS),
    ),
)

REALISASI_HISTORIS = TableSpec(
    feed="historis",
    table="realisasi_historis",
    prefix="realisasi_historis",
    period="none",
    ext="csv",
    schema=s.RealisasiHistoris,
    columns=(
        Column("TAHUN", "integer"),
        Column("KODE_IKU", values=s.INDICATORS),
        Column("REALISASI", "number"),
        Column("JUMLAH_KASUS", "integer"),
    ),
)

FEEDS: dict[str, tuple[TableSpec, ...]] = {
    "penempatan": (PENEMPATAN,),
    "kasus": (KASUS,),
    "pencegahan": (PENCEGAHAN,),
    "pemulangan": (PEMULANGAN,),
    "pemberdayaan": (PEMBERDAYAAN,),
    "anggaran": (ANGGARAN_PAGU, ANGGARAN_DIPA, ANGGARAN_REALISASI),
    "tata_kelola": (TATA_KELOLA_NILAI, TATA_KELOLA_IKPA),
    "target": (TARGET_KINERJA,),
    "historis": (REALISASI_HISTORIS,),
}
