"""Generate the sample raw data set of BP3MI Jawa Tengah (office ``JATENG``), 2024.

Every published figure comes from the office's performance report, the
*Laporan Kinerja BP3MI Jawa Tengah Tahun 2024* (LKj): the placement counts of
Lampiran II cell by cell, the 128 complaint cases of Lampiran III country by
case type, the 62 prevented departures of Lampiran IV row by row, the
quarterly counts of Tabel 5, the targets of Tabel 3, 4, 8-20, the budget of
Tabel 3, 4 and 24 and the IKPA components of the last appendix. Everything
that identifies a person or that the report does not print is synthetic:
names, NIKs (always starting with ``99``, a province code that does not
exist), record ids, exact dates inside the published month or quarter,
destination countries, jobs, regencies, the scheme split inside a published
scheme group, activity codes and the monthly budget profile.

The files follow the raw-feed contract (raw-feeds.md) exactly. Run from the
repository root::

    python -m pipelines.sample.generate_jateng_2024 --out raw

The output is deterministic: a fixed seed per feed, fixed workbook timestamps
and fixed zip entry dates make two runs byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import difflib
import io
import random
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from pipelines.contract import specs
from pipelines.indicators import renstra
from pipelines.lib.ingest import TableSpec
from pipelines.lib.zips import reproducible_zip

T = TypeVar("T")
Cell = str | int | dt.date | None

OFFICE = "JATENG"
YEAR = 2024
SEED = "bp3mi-jateng-lkj-2024"
XLSX_TIMESTAMP = dt.datetime(2025, 1, 1, 0, 0, 0)
ZIP_DATE_TIME = (2025, 1, 1, 0, 0, 0)
CHECK = "\u2713"

MONTH_NAMES = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# ---------------------------------------------------------------------------
# Figures of the report
# ---------------------------------------------------------------------------

UNIT_KINDS = ("BP3MI/P4MI", "LTSA/MPP")
SCHEME_GROUPS = ("TKI Mandiri / Pelaut", "TKI Reguler")
SECTORS = ("Formal", "Informal")
SEXES = ("L", "P")

# Lampiran II, columns 1-16 of each month row: unit kind, then scheme group,
# then sector, then sex (the order of the loops in ``placement_cells``).
# The report's TOTAL row disagrees with the sum of these rows and is not used.
PLACEMENTS: dict[int, tuple[int, ...]] = {
    1: (91, 28, 0, 0, 179, 30, 0, 1135, 74, 31, 0, 0, 105, 48, 0, 634),
    2: (83, 41, 0, 0, 209, 24, 0, 787, 72, 39, 0, 0, 68, 78, 0, 576),
    3: (90, 30, 0, 0, 200, 57, 2, 799, 79, 36, 0, 0, 107, 87, 0, 591),
    4: (94, 53, 0, 0, 141, 237, 0, 496, 68, 37, 0, 0, 112, 249, 0, 628),
    5: (132, 94, 0, 0, 150, 51, 0, 797, 99, 44, 0, 0, 143, 64, 0, 690),
    6: (82, 72, 0, 0, 105, 15, 0, 851, 73, 80, 0, 0, 23, 6, 0, 672),
    7: (119, 61, 0, 0, 96, 33, 0, 931, 120, 73, 0, 0, 45, 8, 0, 825),
    8: (115, 47, 0, 0, 140, 9, 1, 857, 102, 77, 0, 0, 23, 3, 0, 810),
    9: (109, 63, 0, 0, 173, 26, 0, 865, 95, 51, 0, 0, 49, 2, 1, 691),
    10: (106, 70, 0, 0, 68, 15, 1, 895, 105, 44, 0, 0, 39, 0, 0, 924),
    11: (98, 38, 0, 0, 48, 16, 0, 779, 60, 54, 0, 0, 24, 0, 0, 636),
    12: (55, 57, 0, 0, 80, 14, 1, 726, 62, 42, 0, 0, 33, 3, 0, 726),
}

# Lampiran III, country and case type exactly as typed in the report. Lines
# are kept as printed: Singapura has "PMI dipulangkan" on two lines, and the
# loose line "PMI sakit 5" after Malaysia belongs to Malaysia.
CASES: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = (
    (
        "Arab Saudi",
        (
            ("Penipuan peluang kerja", 1),
            ("PMI meninggal dunia", 1),
            ("PMI dipulangkan", 1),
            ("Putus Hubungan Komunikasi", 1),
            ("PMI sakit", 1),
            ("PMI kabur", 1),
        ),
    ),
    (
        "Australia",
        (
            ("Dugaan TPPO", 1),
            ("CPMI Gagal Berangkat", 1),
            ("Penipuan peluang kerja", 1),
        ),
    ),
    ("Brunei Darussalam", (("PMI meninggal dunia", 1),)),
    ("China", (("ABK meninggal dunia", 1), ("Gaji tidak dibayar", 2))),
    ("Hongaria", (("Penipuan peluang kerja", 1),)),
    (
        "Hongkong",
        (
            ("CPMI mengundurkan diri", 1),
            ("Dokumen ditahan P3MI", 3),
            ("Gaji tidak dibayar", 1),
            ("Overcharging", 1),
            ("Pemutusan Hubungan Kerja", 1),
            ("PHK sebelum kontrak kerja selesai", 1),
            ("PMI meninggal dunia", 1),
            ("PMI dalam tahanan", 1),
            ("PMI sakit", 2),
        ),
    ),
    (
        "Jepang",
        (("PMI meninggal dunia", 1), ("PMI tidak kunjung diberangkatkan", 1)),
    ),
    (
        "Korea Selatan",
        (
            ("PMI tidak kunjung diberangkatkan", 3),
            ("CPMI gagal diberangkatkan", 1),
            ("ABK mengalami kekerasan", 1),
            ("Gaji tidak dibayar", 1),
            ("Lain-lain (permasalahan hukum dengan istrinya belum selesai)", 1),
            ("Pengembalian biaya proses penempatan", 2),
            ("Penipuan peluang kerja", 3),
            ("Pemenuhan Hak PMI (Klaim asuransi)", 2),
            ("PMI dalam tahanan", 1),
            ("PMI dipulangkan", 1),
            ("PMI gagal ditempatkan", 1),
            ("PMI kecelakaan", 2),
            ("Putus hubungan komunikasi", 1),
        ),
    ),
    (
        "Malaysia",
        (
            ("CPMI gagal ditempatkan", 1),
            ("CPMI kabur", 1),
            ("PHK sebelum kontrak kerja selesai", 1),
            ("Gaji tidak dibayar", 2),
            ("Gaji tidak sesuai dengan kontrak kerja", 3),
            ("Hak asuh anak", 1),
            ("Pekerjaan tidak sesuai dengan kontrak kerja", 1),
            ("Pelecehan seksual", 2),
            ("Pemenuhan Hak PMI", 1),
            ("PMI dipulangkan", 1),
            ("PMI kabur", 2),
            ("PMI mengalami kekerasan", 1),
            ("PMI mengalami pelecehan seksual", 1),
            ("PMI mengundurkan diri", 1),
            ("PMI meninggal dunia", 2),
            ("PMI terlibat tindak kekerasan", 1),
            ("PMI sakit", 5),
        ),
    ),
    ("Mauritius", (("Gaji tidak dibayar", 1),)),
    ("Myanmar", (("ABK dalam tahanan", 5), ("TPPO", 1))),
    ("Oman", (("PMI sakit", 1),)),
    (
        "Polandia",
        (
            ("CPMI gagal ditempatkan", 1),
            ("CPMI mengundurkan diri", 2),
            ("CPMI tidak kunjung diberangkatkan", 1),
            ("Pengembalian biaya proses penempatan", 4),
        ),
    ),
    ("Portugal", (("CPMI gagal ditempatkan", 1),)),
    ("Samoa", (("ABK gaji tidak dibayar", 1),)),
    ("Saudi Arabia", (("PMI sakit", 1),)),
    (
        "Singapura",
        (
            ("Dokumen ditahan P3MI", 1),
            ("PMI dipulangkan", 1),
            ("Gaji tidak dibayar", 3),
            ("PMI sakit", 1),
            ("PMI dipulangkan", 1),
            ("PHK sebelum kontrak kerja selesai", 1),
        ),
    ),
    ("Slovakia", (("CPMI mengundurkan diri", 1),)),
    ("Somalia", (("ABK gaji tidak dibayar", 1),)),
    (
        "Taiwan",
        (
            ("CPMI gagal berangkat", 1),
            ("CPMI gagal diberangkatkan", 1),
            ("CPMI gagal ditempatkan", 1),
            ("CPMI tidak kunjung diberangkatkan", 4),
            ("CPMI mengundurkan diri", 1),
            ("PHK sebelum kontrak kerja selesai", 3),
            ("PMI dipekerjakan tidak sesuai kontrak kerja", 1),
            ("Overcharging", 1),
            ("PMI sakit", 1),
            ("PMI meninggal dunia", 1),
            ("Pengembalian biaya proses penempatan", 5),
            ("Lain-lain (permasalahan dengan keluarga)", 1),
        ),
    ),
    ("Trinidad Tobago", (("ABK gaji tidak dibayar", 1),)),
    (
        "Uni Emirat Arab",
        (("Penempatan PMI unprosedural", 1), ("PMI dipulangkan", 1)),
    ),
)
CASES_PER_QUARTER = (33, 22, 31, 42)  # Tabel 5
CASES_IN_PROCESS = 48  # "48 di antaranya masih dalam proses penyelesaian"

# Lampiran IV: 62 rows; row 1 is dated, rows 2-62 were one raid whose date the
# report leaves blank, so they get a synthetic date in the second quarter.
PREVENTION_ROWS = 62
PREVENTION_RAID_DATE = dt.date(2024, 6, 13)
PREVENTION_FIRST = {
    "date": dt.date(2024, 3, 26),
    "place": "Rumah Aman BP3MI Jakarta",
    "actor": "Perseorangan",
    "country": "ARAB SAUDI",
    "origin": "Sukoharjo",
    "problem": (
        "Pada tanggal 22 Maret 2024 Polda Metro Jaya telah melakukan cegah "
        "tangkal terhadap 19 CPMI tujuan Saudi Arabia"
    ),
    "follow_up": "CPMI dipulangkan ke daerah asal",
}
PREVENTION_ORIGIN_EXCEPTIONS = {2: "Mahuku Utara", 26: "Mahuku Utara", 38: "Gorontalo"}
# Report: row 60 respells row 6 with a shortened father name, row 61 respells
# row 34 without the father name, row 62 is the first two words of row 48.
PREVENTION_REPEATS = {60: 6, 61: 34, 62: 48}

REPATRIATIONS_PER_QUARTER = (56, 41, 33, 44)  # Tabel 5
REPATRIATION_CATEGORIES = (
    ("PMI Terkendala", 140),
    ("PMI Sakit", 22),
    ("PMI Meninggal", 12),
)

# Tabel 5: 120 participants in the third quarter, 40 in the fourth.
EMPOWERMENT_ACTIVITIES = (
    (
        dt.date(2024, 7, 24),
        "Pelatihan Kewirausahaan Olahan Pangan PMI Purna dan Keluarga",
        "Aula Disnaker Kab. Cilacap",
        40,
    ),
    (
        dt.date(2024, 8, 21),
        "Pelatihan Literasi Keuangan dan Pengelolaan Remitansi",
        "Aula Disnaker Kab. Kendal",
        40,
    ),
    (
        dt.date(2024, 9, 18),
        "Pelatihan Pemasaran Digital Usaha PMI Purna",
        "Aula Disnaker Kab. Banyumas",
        40,
    ),
    (
        dt.date(2024, 10, 23),
        "Peningkatan Kapasitas Wirausaha PMI Purna dan Keluarga",
        "Aula Disnaker Kab. Brebes",
        40,
    ),
)


@dataclass(frozen=True)
class Activity:
    """A budget activity (Tabel 3, 4 and 24); the code is synthetic."""

    code: str
    name: str
    goal: str
    initial_ceiling: int
    ceiling_after_aa: int
    realisation_cents: int
    monthly_weights: tuple[float, ...]


ACTIVITIES = (
    Activity(
        code="9101",
        name=(
            "Peningkatan Fasilitasi Pelayanan Penempatan dan Pelindungan Pekerja Migran Indonesia"
        ),
        goal="SS1",
        initial_ceiling=7_760_019_000,
        ceiling_after_aa=5_382_419_000,
        realisation_cents=501_835_418_800,
        monthly_weights=(1.5, 5, 7, 8, 8.5, 9, 7, 8, 9, 9.5, 10, 17.5),
    ),
    Activity(
        code="9102",
        name="Penyelenggaraan Kegiatan Dukungan pada BP3MI",
        goal="SS2",
        initial_ceiling=9_710_722_000,
        ceiling_after_aa=8_139_422_000,
        realisation_cents=796_323_755_600,
        monthly_weights=(6, 7.5, 8, 8, 8, 8.5, 8, 8, 8, 8.5, 8.5, 13),
    ),
)
DIPA_INITIAL_TOTAL = 17_820_741_000
DIPA_AFTER_AA_TOTAL = 13_488_991_000

# Tabel 5: quarter, indicator, score, label. IKU6 of quarter 1 is "-" (not
# yet scored) and is left out.
SCORES = (
    (2, "IKU6", "96.78", ""),
    (3, "IKU6", "99", ""),
    (4, "IKU6", "86.06", ""),
    (1, "IKU7", "96.02", ""),
    (2, "IKU7", "94.84", ""),
    (3, "IKU7", "96.73", ""),
    (4, "IKU7", "97.12", ""),
    (1, "IKU8", "94.04", "WBBM"),
    (2, "IKU8", "72.72", "WBK"),
    (3, "IKU8", "72.72", "WBK"),
    (4, "IKU8", "76.11", "WBK"),
)

# IKPA appendix: aspect, component, score, weight.
IKPA = (
    ("Kualitas Perencanaan Anggaran", "Revisi DIPA", "100.00", 10),
    ("Kualitas Perencanaan Anggaran", "Deviasi Halaman III DIPA", "91.20", 15),
    ("Kualitas Pelaksanaan Anggaran", "Penyerapan Anggaran", "97.01", 20),
    ("Kualitas Pelaksanaan Anggaran", "Belanja Kontraktual", "99.56", 10),
    ("Kualitas Pelaksanaan Anggaran", "Penyelesaian Tagihan", "100.00", 10),
    ("Kualitas Pelaksanaan Anggaran", "Pengelolaan UP dan TUP", "90.78", 10),
    ("Kualitas Hasil Pelaksanaan Anggaran", "Capaian Output", "100.00", 25),
)

# The indicators of 2024 and their units, as the Renstra declaration gives them
# (dbt_project/dbt_project.yml); the figures below are the LKj's, in this order.
IKU_UNITS = {indicator.code: indicator.unit for indicator in renstra().for_year(YEAR)}
IKUS = tuple(IKU_UNITS)

# Targets: year -> basis -> values in IKU order (None: no target printed).
ANNUAL_TARGETS: tuple[tuple[int, str, tuple[str | None, ...]], ...] = (
    (2021, "PK", ("27250", "6.25", "35", "180", "300", None, None, None)),
    (2021, "DIPA_AA", (None, None, None, None, "180", None, None, None)),
    (2022, "PK", ("10000", "6.20", "35", "110", "20", None, None, None)),
    (2022, "DIPA_AA", (None, None, None, None, "20", None, None, None)),
    (2023, "PK", ("20000", "6.10", "20", "120", "60", None, None, None)),
    (2023, "DIPA_AA", (None, None, None, None, "40", None, None, None)),
    (2024, "PK", ("35354", "6.00", "150", "97", "320", "88", "95", "85")),
    (2024, "DIPA_AWAL", ("35354", None, None, "97", None, None, None, None)),
    (2024, "DIPA_AA", ("23500", "6.00", "150", "65", "160", "88", "95", "85")),
)
QUARTERLY_TARGETS = {  # Tabel 5, basis PK
    "IKU1": ("6000", "10250", "12000", "7104"),
    "IKU2": ("6.00", "6.00", "6.00", "6.00"),
    "IKU3": ("30", "44", "51", "25"),
    "IKU4": ("30", "25", "32", "10"),
    "IKU5": ("0", "0", "120", "200"),
    "IKU6": ("88", "88", "88", "88"),
    "IKU7": ("95", "95", "95", "95"),
    "IKU8": ("85", "85", "85", "85"),
}

# Realisations before record-level feeds (Tabel 8, 12, 14, 16, 19). Case
# counts: 134 for 2023 is printed; 176 and 242 are derived so that the
# published reductions 23,86 % and 27,3 % hold.
HISTORY = (
    (2021, "IKU1", "4385", None),
    (2021, "IKU2", "7.28", 242),
    (2021, "IKU3", "4", None),
    (2021, "IKU4", "168", None),
    (2021, "IKU5", "180", None),
    (2022, "IKU1", "16153", None),
    (2022, "IKU2", "27.30", 176),
    (2022, "IKU3", "0", None),
    (2022, "IKU4", "123", None),
    (2022, "IKU5", "20", None),
    (2023, "IKU1", "25569", None),
    (2023, "IKU2", "23.86", 134),
    (2023, "IKU3", "14", None),
    (2023, "IKU4", "211", None),
    (2023, "IKU5", "40", None),
)

# ---------------------------------------------------------------------------
# Synthetic vocabulary
# ---------------------------------------------------------------------------

MALE_GIVEN = (
    "Adi", "Agus", "Ahmad", "Andi", "Aris", "Arif", "Bagus", "Bambang", "Bayu",
    "Budi", "Catur", "Danang", "Dani", "Darmawan", "Dedi", "Dimas", "Edi",
    "Eko", "Fajar", "Galih", "Gunawan", "Hadi", "Heri", "Ilham", "Imam",
    "Irwan", "Jarwo", "Joko", "Kukuh", "Kusno", "Lukman", "Marno", "Mochamad",
    "Muhammad", "Nanang", "Nur", "Priyo", "Purwanto", "Ragil", "Rizki", "Rudi",
    "Sapto", "Slamet", "Sugeng", "Sunarto", "Suryo", "Tarno", "Teguh", "Tri",
    "Untung", "Wahyu", "Warsito", "Wawan", "Yanto", "Yogi", "Yusuf", "Zainal",
)  # fmt: skip
MALE_FAMILY = (
    "Darmadi", "Firmansyah", "Haryanto", "Hermawan", "Hidayat", "Kurniawan",
    "Maulana", "Mulyono", "Nugroho", "Nurhadi", "Permana", "Prasetyo",
    "Pratama", "Purnomo", "Raharjo", "Ramadhan", "Riyadi", "Santoso",
    "Saputra", "Saputro", "Sasongko", "Setyawan", "Siswanto", "Subagyo",
    "Supriyadi", "Susanto", "Sutrisno", "Syahputra", "Utomo", "Wahyudi",
    "Wibowo", "Wicaksono", "Wijaya",
)  # fmt: skip
FEMALE_GIVEN = (
    "Aminah", "Ani", "Atik", "Ayu", "Darsih", "Dewi", "Dian", "Dwi", "Eka",
    "Endang", "Erna", "Fitri", "Indah", "Karsinah", "Khotimah", "Kusmiati",
    "Laila", "Lilis", "Mardiyah", "Marni", "Nining", "Nita", "Novi", "Nurul",
    "Puji", "Ratna", "Rini", "Rina", "Rohmah", "Rusmini", "Sari", "Siti",
    "Sri", "Sulastri", "Sumiati", "Suminah", "Susi", "Tarsih", "Titin", "Tri",
    "Tuti", "Umi", "Warsini", "Warti", "Wiwik", "Wulan", "Yati", "Yayuk",
    "Yuni",
)  # fmt: skip
FEMALE_FAMILY = (
    "Andriani", "Anggraini", "Astuti", "Ernawati", "Fitriani", "Handayani",
    "Hastuti", "Hidayah", "Indriyani", "Kartika", "Khasanah", "Kurniasih",
    "Kusumawati", "Lestari", "Listyorini", "Mardiyanti", "Maryani",
    "Ningsih", "Novitasari", "Nurhayati", "Oktaviani", "Pratiwi",
    "Puspitasari", "Purwanti", "Rahayu", "Rahmawati", "Rohmawati", "Safitri",
    "Setyowati", "Sulistyowati", "Sundari", "Suryani", "Susanti", "Utami",
    "Wahyuningsih", "Widayati", "Winarsih", "Wulandari", "Yuliani",
    "Yulianti",
)  # fmt: skip

# Prevented departures: men from North Sulawesi (rows 2-62).
SULUT_MUSLIM_GIVEN = (
    "Akbar", "Amir", "Anwar", "Arfan", "Arman", "Bahri", "Basri", "Darwis",
    "Erwin", "Fadli", "Faisal", "Fikri", "Hamdan", "Haris", "Herman", "Idris",
    "Iksan", "Irfan", "Ismail", "Jamal", "Kasim", "Khairul", "Mahyudin",
    "Marzuki", "Nasir", "Nurdin", "Rafli", "Ridwan", "Rizal", "Rusdi",
    "Saiful", "Sofyan", "Syahril", "Wahid", "Zulkifli",
)  # fmt: skip
# Given names with an older or regional spelling (for the repeated rows).
RESPELLINGS = {
    "Yusuf": "Jusuf",
    "Rahmat": "Rachmat",
    "Syamsul": "Sjamsul",
    "Mukhlis": "Muchlis",
    "Yunus": "Junus",
}
SULUT_CHRISTIAN_GIVEN = (
    "Aldo", "Alfrets", "Christo", "Denny", "Eldad", "Feldy", "Frangky",
    "Gerry", "Hanny", "Jeffry", "Jemmy", "Johan", "Julius", "Kevin", "Lucky",
    "Marthen", "Meiky", "Michael", "Noldy", "Novri", "Oktavianus", "Piet",
    "Recky", "Reinhard", "Rivaldo", "Rolly", "Ronald", "Semuel", "Stenly",
    "Yohanis",
)  # fmt: skip
SULUT_FAMILY = (
    "Assa", "Bawole", "Damopolii", "Dotulong", "Gonibala", "Gosal", "Kairupan",
    "Kalangi", "Kambey", "Karamoy", "Karundeng", "Kaunang", "Kawengian",
    "Korompot", "Kumaat", "Lantong", "Legi", "Lengkong", "Liow", "Lontoh",
    "Lumentut", "Lumingkewas", "Makalalag", "Mamahit", "Mambu", "Mamonto",
    "Mandagi", "Mangundap", "Mokodompit", "Mokoginta", "Moningka", "Ngantung",
    "Pangemanan", "Pantow", "Paputungan", "Pobela", "Pontoh", "Posumah",
    "Rondonuwu", "Rorimpandey", "Rotinsulu", "Rumengan", "Rumondor",
    "Runtuwene", "Sengkey", "Sigar", "Sondakh", "Sumampouw", "Sumolang",
    "Supit", "Tambuwun", "Tampi", "Tangkilisan", "Tulung", "Tumbel", "Tumewu",
    "Tungkagi", "Walangitan", "Warouw", "Waworuntu", "Wenas", "Wowor",
    "Wuisan",
)  # fmt: skip
GORONTALO_FAMILY = ("Bumulo", "Hulopi", "Lamato")
FATHER_NAMES = (
    "Abdullah", "Dahlan", "Hamzah", "Hanafi", "Hasan", "Hasyim", "Ibrahim",
    "Jafar", "Kamaruddin", "Latif", "Mahmud", "Ramli", "Rasyid", "Sulaiman",
    "Syukur", "Umar", "Usman", "Yakub", "Zubair",
)  # fmt: skip

# Central Java regencies and cities with a rough weight of migrant workers.
REGENCIES = (
    ("Kab. Cilacap", 10), ("Kab. Brebes", 8), ("Kab. Kendal", 8),
    ("Kab. Banyumas", 6), ("Kab. Kebumen", 6), ("Kab. Grobogan", 6),
    ("Kab. Pati", 5), ("Kab. Wonosobo", 5), ("Kab. Tegal", 5),
    ("Kab. Pemalang", 5), ("Kab. Purbalingga", 4), ("Kab. Banjarnegara", 4),
    ("Kab. Batang", 3), ("Kab. Blora", 3), ("Kab. Demak", 3),
    ("Kab. Sragen", 3), ("Kab. Wonogiri", 3), ("Kab. Pekalongan", 3),
    ("Kab. Purworejo", 3), ("Kab. Temanggung", 3), ("Kab. Boyolali", 2),
    ("Kab. Jepara", 2), ("Kab. Magelang", 2), ("Kab. Klaten", 2),
    ("Kab. Rembang", 2), ("Kab. Karanganyar", 2), ("Kab. Semarang", 2),
    ("Kab. Sukoharjo", 2), ("Kab. Kudus", 1), ("Kota Semarang", 2),
    ("Kota Surakarta", 1), ("Kota Salatiga", 1), ("Kota Pekalongan", 1),
    ("Kota Tegal", 1), ("Kota Magelang", 1),
)  # fmt: skip

# Service points: (name, weight, home regency or None).
SERVICE_POINTS: dict[str, tuple[tuple[str, int, str | None], ...]] = {
    "BP3MI/P4MI": (
        ("BP3MI Jawa Tengah", 40, None),
        ("P4MI Cilacap", 25, "Kab. Cilacap"),
        ("P4MI Pemalang", 20, "Kab. Pemalang"),
        ("P4MI Pati", 15, "Kab. Pati"),
    ),
    "LTSA/MPP": (
        ("LTSA Kendal", 22, "Kab. Kendal"),
        ("MPP Brebes", 12, "Kab. Brebes"),
        ("MPP Banyumas", 10, "Kab. Banyumas"),
        ("MPP Wonosobo", 8, "Kab. Wonosobo"),
        ("MPP Kebumen", 8, "Kab. Kebumen"),
        ("MPP Purworejo", 5, "Kab. Purworejo"),
        ("MPP Grobogan", 8, "Kab. Grobogan"),
        ("MPP Tegal", 7, "Kab. Tegal"),
        ("MPP Sukoharjo", 4, "Kab. Sukoharjo"),
        ("MPP Purbalingga", 6, "Kab. Purbalingga"),
        ("MPP Sragen", 5, "Kab. Sragen"),
        ("MPP Kota Semarang", 5, "Kota Semarang"),
    ),
}

# A country as people type it: canonical key -> (spelling, weight).
SPELLINGS: dict[str, tuple[tuple[str, int], ...]] = {
    "HK": (("Hong Kong", 60), ("Hongkong", 35), ("HONGKONG", 5)),
    "SA": (("Arab Saudi", 60), ("Saudi Arabia", 40)),
    "TW": (("Taiwan", 97), ("TAIWAN", 3)),
    "MY": (("Malaysia", 97), ("MALAYSIA", 3)),
    "SG": (("Singapura", 85), ("Singapore", 15)),
    "JP": (("Jepang", 90), ("Japan", 10)),
    "KR": (("Korea Selatan", 90), ("Korsel", 10)),
    "BN": (("Brunei Darussalam", 80), ("Brunei", 20)),
    "PL": (("Polandia", 90), ("Poland", 10)),
    "HU": (("Hungaria", 70), ("Hongaria", 30)),
    "AE": (("Uni Emirat Arab", 80), ("UEA", 20)),
    "TR": (("Turki", 1),),
    "DE": (("Jerman", 1),),
    "AU": (("Australia", 1),),
    "ES": (("Spanyol", 1),),
    "PE": (("Peru", 1),),
    "FJ": (("Fiji", 1),),
    "MU": (("Mauritius", 1),),
    "NL": (("Belanda", 1),),
    "US": (("Amerika Serikat", 1),),
    "KH": (("Kamboja", 80), ("Cambodia", 20)),
    "MM": (("Myanmar", 1),),
}

Destinations = tuple[tuple[str, int, tuple[str, ...]], ...]
SEAFARER_JOBS = ("Deck Hand", "Ship Crew", "Able Seaman", "Oiler", "Cook")
# (scheme, sector) -> (country key, weight, jobs)
DESTINATIONS: dict[tuple[str, str], Destinations] = {
    ("Pelaut", "Formal"): (
        ("TW", 25, ("Deck Hand", "Ship Crew", "Fisherman")),
        ("KR", 15, ("Deck Hand", "Fisherman", "Ship Crew")),
        ("JP", 8, ("Ship Crew", "Deck Hand")),
        ("PE", 10, SEAFARER_JOBS),
        ("ES", 8, SEAFARER_JOBS),
        ("FJ", 8, SEAFARER_JOBS),
        ("MU", 6, SEAFARER_JOBS),
        ("NL", 6, SEAFARER_JOBS),
        ("US", 5, SEAFARER_JOBS),
    ),
    ("Mandiri", "Formal"): (
        ("JP", 30, ("Caregiver", "Welder", "Agriculture Worker", "Food Processing")),
        ("KR", 10, ("Factory Worker", "Agriculture Worker")),
        ("TW", 8, ("Factory Worker",)),
        ("PL", 10, ("Welder", "Warehouse Worker", "Factory Worker")),
        ("HU", 6, ("Factory Worker", "Welder")),
        ("MY", 8, ("Factory Worker", "Hotel Staff")),
        ("SG", 4, ("Hotel Staff", "Cook")),
        ("SA", 6, ("Cleaning Service", "Hotel Staff")),
        ("DE", 4, ("Nurse", "Caregiver")),
        ("TR", 4, ("Spa Therapist", "Hotel Staff")),
        ("AU", 4, ("Farm Worker",)),
        ("AE", 6, ("Spa Therapist", "Hotel Staff", "Cleaning Service")),
    ),
    ("Mandiri", "Informal"): (
        ("HK", 40, ("House Maid",)),
        ("SA", 30, ("House Maid",)),
        ("MY", 30, ("House Maid",)),
    ),
    ("G to G", "Formal"): (
        ("KR", 80, ("Manufacturing Worker", "Fisherman")),
        ("JP", 20, ("Nurse", "Caregiver")),
    ),
    ("UKPS", "Formal"): (
        ("JP", 50, ("Technical Intern", "Welder")),
        ("MY", 25, ("Factory Worker",)),
        ("KR", 15, ("Factory Worker",)),
        ("TW", 10, ("Factory Worker",)),
    ),
    ("P to P", "Formal"): (
        ("TW", 30, ("Factory Worker", "Operator Produksi", "Fisherman")),
        ("MY", 30, ("Plantation Worker", "Factory Worker", "Construction Worker")),
        ("JP", 15, ("Caregiver", "Food Processing", "Welder")),
        ("KR", 5, ("Factory Worker",)),
        ("HK", 4, ("Driver", "Cook")),
        ("PL", 4, ("Welder", "Warehouse Worker")),
        ("SG", 4, ("Factory Worker", "Cook")),
        ("BN", 4, ("Construction Worker", "Plantation Worker")),
        ("SA", 2, ("Hotel Staff", "Driver")),
        ("HU", 2, ("Factory Worker",)),
    ),
    ("P to P", "Informal"): (
        ("HK", 42, ("House Maid", "Domestic Helper", "Caregiver")),
        ("TW", 30, ("Caregiver", "House Maid")),
        ("MY", 10, ("House Maid", "Caregiver")),
        ("SG", 13, ("House Maid", "Caregiver", "Baby Sitter")),
        ("BN", 4, ("House Maid",)),
        ("SA", 1, ("House Maid",)),
    ),
}
MALE_INFORMAL_JOBS = ("Family Driver", "Gardener", "Caregiver")

P3MI_FIRST = ("Sinar", "Karya", "Mitra", "Bina", "Cahaya", "Graha", "Duta", "Mega")
P3MI_REST = (
    "Tenaga Abadi",
    "Insani Perkasa",
    "Bahari Sentosa",
    "Mandiri Lestari",
    "Kencana Utama",
)

CASE_UNITS = (
    ("BP3MI Jawa Tengah", 50),
    ("P4MI Cilacap", 12),
    ("P4MI Pemalang", 10),
    ("P4MI Pati", 8),
    ("LTSA Kendal", 6),
    ("MPP Brebes", 4),
    ("MPP Banyumas", 4),
    ("MPP Kebumen", 3),
    ("MPP Grobogan", 3),
)
CHANNELS = (
    ("WhatsApp", 35),
    ("Datang langsung", 25),
    ("Telepon", 10),
    ("Email", 10),
    ("Media sosial", 10),
    ("Surat", 10),
)
REPATRIATION_COUNTRIES: dict[str, tuple[tuple[str, int], ...]] = {
    "PMI Terkendala": (
        ("MY", 40),
        ("SA", 12),
        ("TW", 10),
        ("HK", 8),
        ("KH", 8),
        ("SG", 5),
        ("KR", 5),
        ("MM", 4),
        ("AE", 4),
        ("BN", 4),
    ),
    "PMI Sakit": (("MY", 25), ("TW", 25), ("HK", 20), ("SG", 10), ("KR", 10), ("SA", 10)),
    "PMI Meninggal": (("MY", 25), ("TW", 25), ("HK", 15), ("KR", 15), ("JP", 10), ("SA", 10)),
}

# ---------------------------------------------------------------------------
# Formats and writers
# ---------------------------------------------------------------------------


def format_number(value: str | int, decimals: int = 0) -> str:
    """Write a number the Indonesian way: ``35354`` -> ``35.354``, ``6.2`` -> ``6,20``."""
    text = f"{Decimal(value):,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def format_cents(cents: int) -> str:
    """Write an amount held in cents: ``41234567890`` -> ``412.345.678,90``."""
    return f"{format_number(cents // 100)},{cents % 100:02d}"


def format_dmy(day: dt.date) -> str:
    """The CSV date format, ``DD/MM/YYYY``."""
    return day.strftime("%d/%m/%Y")


def text_date(day: dt.date, case: str = "title") -> str:
    """An Indonesian text date (``5 Februari 2024``) in title, upper or lower case."""
    text = f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    return {"title": text, "upper": text.upper(), "lower": text.lower()}[case]


def write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[str]], *, bom: bool = False
) -> int:
    """Write a contract CSV (``;``, ``"``, ``\\n``, UTF-8); return the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(
            handle,
            delimiter=";",
            quotechar='"',
            lineterminator="\n",
            quoting=csv.QUOTE_MINIMAL,
        )
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its title, header row and data rows."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> None:
    """Write a workbook reproducibly: header in row 1, dates as ``DD/MM/YYYY`` cells."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.title)
        worksheet.append(list(sheet.header))
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            worksheet.append(list(row))
        for column in worksheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
        for index, name in enumerate(sheet.header, start=1):
            widest = max([len(name)] + [len(str(r[index - 1] or "")) for r in sheet.rows])
            worksheet.column_dimensions[get_column_letter(index)].width = min(widest + 2, 60)
        worksheet.freeze_panes = "A2"
    workbook.properties.creator = "BP3MI Jawa Tengah (sampel sintetis)"
    workbook.properties.created = XLSX_TIMESTAMP
    workbook.properties.modified = XLSX_TIMESTAMP
    buffer = io.BytesIO()
    # ExcelWriter directly: openpyxl's save() would stamp the current time.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(reproducible_zip(buffer.getvalue(), ZIP_DATE_TIME))


# ---------------------------------------------------------------------------
# Synthetic people, places and dates
# ---------------------------------------------------------------------------


def feed_rng(feed: str) -> random.Random:
    """A random generator of its own per feed, so feeds do not disturb each other."""
    return random.Random(f"{SEED}/{feed}")


def pick(rng: random.Random, options: Sequence[tuple[T, int | float]]) -> T:
    """One value of ``(value, weight)`` pairs."""
    values = [value for value, _ in options]
    weights = [weight for _, weight in options]
    return rng.choices(values, weights=weights)[0]


def typed_country(rng: random.Random, key: str) -> str:
    """A country as someone typed it, with the spelling variants people use."""
    return pick(rng, SPELLINGS[key])


def weekdays(first: dt.date, last: dt.date) -> list[dt.date]:
    """Monday-to-Friday dates from ``first`` to ``last`` inclusive."""
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5]


def month_bounds(month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month of the year."""
    first = dt.date(YEAR, month, 1)
    following = dt.date(YEAR + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def quarter_bounds(quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter of the year."""
    return month_bounds(3 * quarter - 2)[0], month_bounds(3 * quarter)[1]


class People:
    """Synthetic Central Javanese names and NIKs; NIKs are unique and start with 99."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._niks: set[str] = set()

    def name(self, sex: str) -> str:
        """Two or three words from common given and family names."""
        given, family = (MALE_GIVEN, MALE_FAMILY) if sex == "L" else (FEMALE_GIVEN, FEMALE_FAMILY)
        first = self.rng.choice(given)
        words = [first]
        if self.rng.random() < 0.4:
            words.append(self.rng.choice([g for g in given if g != first]))
        words.append(self.rng.choice(family))
        return " ".join(words)

    def nik(self, sex: str) -> str:
        """A 16-digit NIK: 99, area, birth date (women's day + 40), serial."""
        while True:
            birth = dt.date(self.rng.randint(1975, 2005), self.rng.randint(1, 12), 1)
            day = self.rng.randint(1, 28) + (40 if sex == "P" else 0)
            nik = (
                f"99{self.rng.randint(1, 35):02d}{self.rng.randint(1, 25):02d}"
                f"{day:02d}{birth:%m%y}{self.rng.randint(1, 9999):04d}"
            )
            if nik not in self._niks:
                self._niks.add(nik)
                return nik

    def sex(self, female_share: float) -> str:
        """``P`` with the given probability, else ``L``."""
        return "P" if self.rng.random() < female_share else "L"


def p3mi_companies() -> list[tuple[str, float]]:
    """Synthetic placement companies with a long-tailed share of placements."""
    names = [f"PT. {first} {rest}" for first in P3MI_FIRST for rest in P3MI_REST]
    random.Random(f"{SEED}/p3mi").shuffle(names)
    return [(name, 1 / (rank + 1)) for rank, name in enumerate(names)]


# ---------------------------------------------------------------------------
# Feeds
# ---------------------------------------------------------------------------


def contract_header(spec: TableSpec) -> tuple[str, ...]:
    """The header row of a file of this kind: the contract's columns, in order."""
    return tuple(column.name for column in spec.columns)


PLACEMENT_HEADER = contract_header(specs.PENEMPATAN)


def placement_cells(month: int) -> list[tuple[str, str, str, str, int]]:
    """Lampiran II for one month: (unit kind, scheme group, sector, sex, count)."""
    keys = [
        (unit, group, sector, sex)
        for unit in UNIT_KINDS
        for group in SCHEME_GROUPS
        for sector in SECTORS
        for sex in SEXES
    ]
    return [(*key, count) for key, count in zip(keys, PLACEMENTS[month], strict=True)]


def placement_scheme(rng: random.Random, group: str, sector: str, sex: str) -> str:
    """A scheme inside the published group: mostly P to P, seafarers mostly men."""
    draw = rng.random()
    if group == "TKI Mandiri / Pelaut":
        pelaut_share = (0.45 if sex == "L" else 0.04) if sector == "Formal" else 0.0
        return "Pelaut" if draw < pelaut_share else "Mandiri"
    if sector == "Informal":
        return "P to P"
    return "G to G" if draw < 0.12 else "UKPS" if draw < 0.16 else "P to P"


def placement_row(
    rng: random.Random,
    people: People,
    companies: Sequence[tuple[str, float]],
    cell: tuple[str, str, str, str],
    days: Sequence[dt.date],
) -> tuple[dt.date, list[str]]:
    """One placed worker in a Lampiran II cell: the date and the row without id."""
    unit_kind, group, sector, sex = cell
    unit, home = pick(rng, [((n, h), w) for n, w, h in SERVICE_POINTS[unit_kind]])
    scheme = placement_scheme(rng, group, sector, sex)
    country, jobs = pick(rng, [((k, j), w) for k, w, j in DESTINATIONS[(scheme, sector)]])
    if sex == "L" and sector == "Informal":
        jobs = MALE_INFORMAL_JOBS
    origin = home if home and rng.random() < 0.6 else pick(rng, REGENCIES)
    company = pick(rng, companies) if scheme in ("P to P", "UKPS") else ""
    day = rng.choice(days)
    return day, [
        people.nik(sex),
        people.name(sex),
        sex,
        format_dmy(day),
        unit,
        unit_kind,
        scheme,
        sector,
        typed_country(rng, country),
        rng.choice(jobs),
        origin,
        company,
    ]


def write_placements(out: Path) -> int:
    """``penempatan``: one file a month, one row per placed worker (Lampiran II)."""
    rng = feed_rng("penempatan")
    people = People(rng)
    companies = p3mi_companies()
    serial = 0
    for month in range(1, 13):
        days = weekdays(*month_bounds(month))
        rows = [
            placement_row(rng, people, companies, cell[:4], days)
            for cell in placement_cells(month)
            for _ in range(cell[4])
        ]
        rng.shuffle(rows)
        rows.sort(key=lambda dated: dated[0])
        numbered = []
        for _, row in rows:
            serial += 1
            numbered.append([f"SKP-{YEAR}-{serial:06d}", *row])
        path = out / "penempatan" / f"penempatan_{OFFICE}_{YEAR}-{month:02d}.csv"
        write_csv(path, PLACEMENT_HEADER, numbered, bom=month == 1)
    return serial


def xlsx_date(rng: random.Random, day: dt.date) -> Cell:
    """Half the time a real date cell, else an Indonesian text date in a random case."""
    if rng.random() < 0.5:
        return day
    return text_date(day, pick(rng, (("title", 80), ("upper", 12), ("lower", 8))))


def case_list() -> list[tuple[str, str]]:
    """Lampiran III expanded to one (country, case type) pair per case."""
    return [
        (country, case) for country, lines in CASES for case, count in lines for _ in range(count)
    ]


def in_process(rng: random.Random, count: int, total: int) -> list[bool]:
    """Which of ``total`` date-ordered cases are still open: later ones more likely."""
    keys = [rng.random() ** (1 / (1 + 3 * rank / (total - 1))) for rank in range(total)]
    chosen = sorted(range(total), key=lambda rank: keys[rank], reverse=True)[:count]
    return [rank in chosen for rank in range(total)]


def write_cases(out: Path) -> int:
    """``kasus``: one row per complaint received (Lampiran III, Tabel 5)."""
    rng = feed_rng("kasus")
    people = People(rng)
    cases = case_list()
    rng.shuffle(cases)
    dated: list[tuple[dt.date, str, str]] = []
    start = 0
    for quarter, count in enumerate(CASES_PER_QUARTER, start=1):
        days = weekdays(*quarter_bounds(quarter))
        dated += [(rng.choice(days), *case) for case in cases[start : start + count]]
        start += count
    dated.sort(key=lambda item: item[0])
    open_flags = in_process(rng, CASES_IN_PROCESS, len(dated))
    rows = [
        [
            f"CC-JTG-{YEAR}-{number:04d}",
            xlsx_date(rng, day),
            people.name(people.sex(0.6)),
            country,
            case,
            "Proses" if is_open else "Selesai",
            pick(rng, CASE_UNITS),
            pick(rng, CHANNELS),
        ]
        for number, ((day, country, case), is_open) in enumerate(
            zip(dated, open_flags, strict=True), start=1
        )
    ]
    header = contract_header(specs.KASUS)
    write_xlsx(out / "kasus" / f"kasus_{OFFICE}_{YEAR}.xlsx", [Sheet("Pengaduan", header, rows)])
    return len(rows)


def _too_close(a: str, b: str) -> bool:
    """Whether two names could be taken for the same person."""
    x, y = a.lower().split(), b.lower().split()
    prefix = x[: len(y)] == y or y[: len(x)] == x
    similar = difflib.SequenceMatcher(None, " ".join(x), " ".join(y)).ratio() >= 0.75
    return prefix or similar or x[0] == y[0]


def prevention_names(rng: random.Random) -> dict[int, str]:
    """Names of rows 1-62: distinct except the three repeats the report describes."""
    muslim = list(SULUT_MUSLIM_GIVEN)
    christian = list(SULUT_CHRISTIAN_GIVEN)
    family = list(SULUT_FAMILY)
    fathers = list(FATHER_NAMES)
    respellable = sorted(RESPELLINGS)
    for pool in (muslim, christian, family, fathers, respellable):
        rng.shuffle(pool)
    names = {1: f"{rng.choice(FEMALE_GIVEN)} {rng.choice(FEMALE_FAMILY)}"}
    for row in range(2, PREVENTION_ROWS + 1):
        if row in PREVENTION_REPEATS:
            continue
        surname = GORONTALO_FAMILY[0] if row == 38 else family.pop()
        if row in (6, 34):  # respelled later, so the given name must have a variant
            names[row] = f"{respellable.pop()} {surname} bin {fathers.pop()}"
        elif row == 48:  # three words, so that its first two can repeat
            names[row] = f"{christian.pop()} {christian.pop()} {surname}"
        elif row in PREVENTION_ORIGIN_EXCEPTIONS or (
            rng.random() < len(muslim) / (len(muslim) + len(christian))
        ):
            with_father = fathers and rng.random() < 0.5
            father = f" bin {fathers.pop()}" if with_father else ""
            names[row] = f"{muslim.pop()} {surname}{father}"
        else:
            names[row] = f"{christian.pop()} {surname}"
    given, surname, _, father = names[6].split()
    names[60] = f"{RESPELLINGS[given]} {surname} bin {father[: max(4, len(father) - 3)]}"
    given, surname = names[34].split()[:2]
    names[61] = f"{RESPELLINGS[given]} {surname}"
    names[62] = " ".join(names[48].split()[:2])
    repeats = {frozenset(pair) for pair in PREVENTION_REPEATS.items()}
    for a in names:
        for b in names:
            if a < b and frozenset((a, b)) not in repeats and _too_close(names[a], names[b]):
                raise ValueError(f"prevention rows {a} and {b}: names too close")
    return names


def write_preventions(out: Path) -> int:
    """``pencegahan``: the 62 rows of Lampiran IV in order."""
    rng = feed_rng("pencegahan")
    names = prevention_names(rng)
    first = PREVENTION_FIRST
    rows: list[list[Cell]] = [
        [
            1,
            text_date(first["date"]),
            first["place"],
            first["actor"],
            names[1],
            None,
            CHECK,
            first["country"],
            first["origin"],
            first["problem"],
            first["follow_up"],
        ]
    ]
    for number in range(2, PREVENTION_ROWS + 1):
        follow_up = None if number in PREVENTION_REPEATS else "Dipulangkan ke daerah asal"
        rows.append(
            [
                number,
                xlsx_date(rng, PREVENTION_RAID_DATE),
                "Pemalang",
                "PT. KJS",
                names[number],
                CHECK,
                None,
                None,
                PREVENTION_ORIGIN_EXCEPTIONS.get(number, "Sulawesi Utara"),
                "Pencegahan di Penampungan",
                follow_up,
            ]
        )
    header = contract_header(specs.PENCEGAHAN)
    path = out / "pencegahan" / f"pencegahan_{OFFICE}_{YEAR}.xlsx"
    write_xlsx(path, [Sheet("Pencegahan", header, rows)])
    return len(rows)


def write_repatriations(out: Path) -> int:
    """``pemulangan``: one row per facilitated return (Tabel 5 per quarter)."""
    rng = feed_rng("pemulangan")
    people = People(rng)
    categories = [name for name, count in REPATRIATION_CATEGORIES for _ in range(count)]
    rng.shuffle(categories)
    days: list[dt.date] = []
    for quarter, count in enumerate(REPATRIATIONS_PER_QUARTER, start=1):
        first, last = quarter_bounds(quarter)
        span = (last - first).days
        days += [first + dt.timedelta(days=rng.randint(0, span)) for _ in range(count)]
    days.sort()
    rows = [
        [
            f"PLG-JTG-{YEAR}-{number:04d}",
            format_dmy(day),
            people.name(people.sex(0.65)),
            category,
            typed_country(rng, pick(rng, REPATRIATION_COUNTRIES[category])),
            pick(rng, REGENCIES),
        ]
        for number, (day, category) in enumerate(zip(days, categories, strict=True), start=1)
    ]
    header = contract_header(specs.PEMULANGAN)
    return write_csv(out / "pemulangan" / f"pemulangan_{OFFICE}_{YEAR}.csv", header, rows)


def write_empowerment(out: Path) -> int:
    """``pemberdayaan``: one row per participant of four activities (Tabel 5)."""
    rng = feed_rng("pemberdayaan")
    people = People(rng)
    rows = []
    for day, activity, place, size in EMPOWERMENT_ACTIVITIES:
        for _ in range(size):
            sex = people.sex(0.7)
            status = "PMI Purna" if rng.random() < 0.6 else "Keluarga PMI"
            rows.append(
                [format_dmy(day), activity, place, people.nik(sex), people.name(sex), status]
            )
    header = contract_header(specs.PEMBERDAYAAN)
    return write_csv(out / "pemberdayaan" / f"pemberdayaan_{OFFICE}_{YEAR}.csv", header, rows)


def monthly_cents(rng: random.Random, total: int, weights: Sequence[float]) -> list[int]:
    """Split an amount in cents over the months by jittered weights, exactly."""
    jittered = [w * rng.uniform(0.92, 1.08) for w in weights]
    scale = sum(jittered)
    months = [round(total * w / scale) for w in jittered[:-1]]
    return [*months, total - sum(months)]


def write_budget(out: Path) -> int:
    """``anggaran``: ceilings per activity and the DIPA totals, monthly realisation."""
    rng = feed_rng("anggaran")
    ceilings = [[a.code, a.name, a.goal, a.initial_ceiling, a.ceiling_after_aa] for a in ACTIVITIES]
    dipa = [[DIPA_INITIAL_TOTAL, DIPA_AFTER_AA_TOTAL]]
    write_xlsx(
        out / "anggaran" / f"pagu_{OFFICE}_{YEAR}.xlsx",
        [
            Sheet(
                "Pagu",
                ("KODE_KEGIATAN", "NAMA_KEGIATAN", "SASARAN", "PAGU_AWAL", "PAGU_SETELAH_AA"),
                ceilings,
            ),
            Sheet("DIPA", ("PAGU_AWAL_TOTAL", "PAGU_SETELAH_AA_TOTAL"), dipa),
        ],
    )
    split = {a.code: monthly_cents(rng, a.realisation_cents, a.monthly_weights) for a in ACTIVITIES}
    rows = [
        [str(month), a.code, format_cents(split[a.code][month - 1])]
        for month in range(1, 13)
        for a in ACTIVITIES
    ]
    path = out / "anggaran" / f"realisasi_{OFFICE}_{YEAR}.csv"
    return write_csv(path, ("BULAN", "KODE_KEGIATAN", "REALISASI"), rows)


def write_governance(out: Path) -> int:
    """``tata_kelola``: quarterly NKA, IKPA and ZI scores; year-end IKPA components."""
    scores = [
        [str(quarter), iku, format_number(value, 2), label] for quarter, iku, value, label in SCORES
    ]
    folder = out / "tata_kelola"
    count = write_csv(
        folder / f"nilai_{OFFICE}_{YEAR}.csv", ("TRIWULAN", "KODE_IKU", "NILAI", "PREDIKAT"), scores
    )
    components = [
        [aspect, component, format_number(value, 2), str(weight)]
        for aspect, component, value, weight in IKPA
    ]
    header = contract_header(specs.TATA_KELOLA_IKPA)
    return count + write_csv(folder / f"ikpa_{OFFICE}_{YEAR}.csv", header, components)


def iku_number(iku: str, value: str) -> str:
    """A target or realisation as printed: percentages with two decimals."""
    return format_number(value, 2 if IKU_UNITS[iku] == "%" else 0)


def write_targets(out: Path) -> int:
    """``target``: annual targets per basis and the quarterly phasing of 2024."""
    rows = [
        [str(year), iku, basis, "", iku_number(iku, value), IKU_UNITS[iku]]
        for year, basis, values in ANNUAL_TARGETS
        for iku, value in zip(IKUS, values, strict=True)
        if value is not None
    ]
    rows += [
        [str(YEAR), iku, "PK", str(quarter), iku_number(iku, value), IKU_UNITS[iku]]
        for iku, values in QUARTERLY_TARGETS.items()
        for quarter, value in enumerate(values, start=1)
    ]
    header = contract_header(specs.TARGET_KINERJA)
    return write_csv(out / "target" / f"target_kinerja_{OFFICE}.csv", header, rows, bom=True)


def write_history(out: Path) -> int:
    """``historis``: published realisations 2021-2023 and the case counts behind IKU2."""
    rows = [
        [str(year), iku, iku_number(iku, value), "" if cases is None else str(cases)]
        for year, iku, value, cases in HISTORY
    ]
    header = contract_header(specs.REALISASI_HISTORIS)
    return write_csv(out / "historis" / f"realisasi_historis_{OFFICE}.csv", header, rows)


FEEDS: tuple[tuple[str, Callable[[Path], int]], ...] = (
    ("penempatan", write_placements),
    ("kasus", write_cases),
    ("pencegahan", write_preventions),
    ("pemulangan", write_repatriations),
    ("pemberdayaan", write_empowerment),
    ("anggaran", write_budget),
    ("tata_kelola", write_governance),
    ("target", write_targets),
    ("historis", write_history),
)


def main(argv: Sequence[str] | None = None) -> None:
    """Write every feed of the JATENG 2024 sample under ``--out``."""
    parser = argparse.ArgumentParser(
        description=(
            "Write the sample raw feeds of BP3MI Jawa Tengah (JATENG) for 2024, "
            "reproducing the figures of its LKj 2024 with synthetic personal data."
        )
    )
    parser.add_argument(
        "--out", type=Path, default=Path("raw"), help="raw directory to write (default: raw)"
    )
    args = parser.parse_args(argv)
    for feed, write in FEEDS:
        print(f"{feed}: {write(args.out)} rows")


if __name__ == "__main__":
    main()
