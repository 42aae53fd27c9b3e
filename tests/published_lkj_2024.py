"""Figures of the published 2024 LKj of BP3MI Jawa Tengah, as printed there.

Copied by hand from the report (Lampiran II: the month rows, columns 1-16;
Lampiran III: one line per printed line, spellings as typed) so that a test
can compare the warehouse with the publication. Nothing here is computed.
"""

# Lampiran II, per month: BP3MI/P4MI then LTSA/MPP; within each, TKI Mandiri / Pelaut
# then TKI Reguler; within each, FORMAL then INFORMAL; within each, L then P.
LAMPIRAN_II: dict[int, tuple[int, ...]] = {
    1: (91, 28, 0, 0, 179, 30, 0, 1135, 74, 31, 0, 0, 105, 48, 0, 634),  # Januari
    2: (83, 41, 0, 0, 209, 24, 0, 787, 72, 39, 0, 0, 68, 78, 0, 576),  # Februari
    3: (90, 30, 0, 0, 200, 57, 2, 799, 79, 36, 0, 0, 107, 87, 0, 591),  # Maret
    4: (94, 53, 0, 0, 141, 237, 0, 496, 68, 37, 0, 0, 112, 249, 0, 628),  # April
    5: (132, 94, 0, 0, 150, 51, 0, 797, 99, 44, 0, 0, 143, 64, 0, 690),  # Mei
    6: (82, 72, 0, 0, 105, 15, 0, 851, 73, 80, 0, 0, 23, 6, 0, 672),  # Juni
    7: (119, 61, 0, 0, 96, 33, 0, 931, 120, 73, 0, 0, 45, 8, 0, 825),  # Juli
    8: (115, 47, 0, 0, 140, 9, 1, 857, 102, 77, 0, 0, 23, 3, 0, 810),  # Agustus
    9: (109, 63, 0, 0, 173, 26, 0, 865, 95, 51, 0, 0, 49, 2, 1, 691),  # September
    10: (106, 70, 0, 0, 68, 15, 1, 895, 105, 44, 0, 0, 39, 0, 0, 924),  # Oktober
    11: (98, 38, 0, 0, 48, 16, 0, 779, 60, 54, 0, 0, 24, 0, 0, 636),  # November
    12: (55, 57, 0, 0, 80, 14, 1, 726, 62, 42, 0, 0, 33, 3, 0, 726),  # Desember
}
# Lampiran III, printed lines: (country as typed, case type as typed, cases).
LAMPIRAN_III: list[tuple[str, str, int]] = [
    ("Arab Saudi", "Penipuan peluang kerja", 1),
    ("Arab Saudi", "PMI meninggal dunia", 1),
    ("Arab Saudi", "PMI dipulangkan", 1),
    ("Arab Saudi", "Putus Hubungan Komunikasi", 1),
    ("Arab Saudi", "PMI sakit", 1),
    ("Arab Saudi", "PMI kabur", 1),
    ("Australia", "Dugaan TPPO", 1),
    ("Australia", "CPMI Gagal Berangkat", 1),
    ("Australia", "Penipuan peluang kerja", 1),
    ("Brunei Darussalam", "PMI meninggal dunia", 1),
    ("China", "ABK meninggal dunia", 1),
    ("China", "Gaji tidak dibayar", 2),
    ("Hongaria", "Penipuan peluang kerja", 1),
    ("Hongkong", "CPMI mengundurkan diri", 1),
    ("Hongkong", "Dokumen ditahan P3MI", 3),
    ("Hongkong", "Gaji tidak dibayar", 1),
    ("Hongkong", "Overcharging", 1),
    ("Hongkong", "Pemutusan Hubungan Kerja", 1),
    ("Hongkong", "PHK sebelum kontrak kerja selesai", 1),
    ("Hongkong", "PMI meninggal dunia", 1),
    ("Hongkong", "PMI dalam tahanan", 1),
    ("Hongkong", "PMI sakit", 2),
    ("Jepang", "PMI meninggal dunia", 1),
    ("Jepang", "PMI tidak kunjung diberangkatkan", 1),
    ("Korea Selatan", "PMI tidak kunjung diberangkatkan", 3),
    ("Korea Selatan", "CPMI gagal diberangkatkan", 1),
    ("Korea Selatan", "ABK mengalami kekerasan", 1),
    ("Korea Selatan", "Gaji tidak dibayar", 1),
    ("Korea Selatan", "Lain-lain (permasalahan hukum dengan istrinya belum selesai)", 1),
    ("Korea Selatan", "Pengembalian biaya proses penempatan", 2),
    ("Korea Selatan", "Penipuan peluang kerja", 3),
    ("Korea Selatan", "Pemenuhan Hak PMI (Klaim asuransi)", 2),
    ("Korea Selatan", "PMI dalam tahanan", 1),
    ("Korea Selatan", "PMI dipulangkan", 1),
    ("Korea Selatan", "PMI gagal ditempatkan", 1),
    ("Korea Selatan", "PMI kecelakaan", 2),
    ("Korea Selatan", "Putus hubungan komunikasi", 1),
    ("Malaysia", "CPMI gagal ditempatkan", 1),
    ("Malaysia", "CPMI kabur", 1),
    ("Malaysia", "PHK sebelum kontrak kerja selesai", 1),
    ("Malaysia", "Gaji tidak dibayar", 2),
    ("Malaysia", "Gaji tidak sesuai dengan kontrak kerja", 3),
    ("Malaysia", "Hak asuh anak", 1),
    ("Malaysia", "Pekerjaan tidak sesuai dengan kontrak kerja", 1),
    ("Malaysia", "Pelecehan seksual", 2),
    ("Malaysia", "Pemenuhan Hak PMI", 1),
    ("Malaysia", "PMI dipulangkan", 1),
    ("Malaysia", "PMI kabur", 2),
    ("Malaysia", "PMI mengalami kekerasan", 1),
    ("Malaysia", "PMI mengalami pelecehan seksual", 1),
    ("Malaysia", "PMI mengundurkan diri", 1),
    ("Malaysia", "PMI meninggal dunia", 2),
    ("Malaysia", "PMI terlibat tindak kekerasan", 1),
    ("Malaysia", "PMI sakit", 5),
    ("Mauritius", "Gaji tidak dibayar", 1),
    ("Myanmar", "ABK dalam tahanan", 5),
    ("Myanmar", "TPPO", 1),
    ("Oman", "PMI sakit", 1),
    ("Polandia", "CPMI gagal ditempatkan", 1),
    ("Polandia", "CPMI mengundurkan diri", 2),
    ("Polandia", "CPMI tidak kunjung diberangkatkan", 1),
    ("Polandia", "Pengembalian biaya proses penempatan", 4),
    ("Portugal", "CPMI gagal ditempatkan", 1),
    ("Samoa", "ABK gaji tidak dibayar", 1),
    ("Saudi Arabia", "PMI sakit", 1),
    ("Singapura", "Dokumen ditahan P3MI", 1),
    ("Singapura", "PMI dipulangkan", 1),
    ("Singapura", "Gaji tidak dibayar", 3),
    ("Singapura", "PMI sakit", 1),
    ("Singapura", "PMI dipulangkan", 1),
    ("Singapura", "PHK sebelum kontrak kerja selesai", 1),
    ("Slovakia", "CPMI mengundurkan diri", 1),
    ("Somalia", "ABK gaji tidak dibayar", 1),
    ("Taiwan", "CPMI gagal berangkat", 1),
    ("Taiwan", "CPMI gagal diberangkatkan", 1),
    ("Taiwan", "CPMI gagal ditempatkan", 1),
    ("Taiwan", "CPMI tidak kunjung diberangkatkan", 4),
    ("Taiwan", "CPMI mengundurkan diri", 1),
    ("Taiwan", "PHK sebelum kontrak kerja selesai", 3),
    ("Taiwan", "PMI dipekerjakan tidak sesuai kontrak kerja", 1),
    ("Taiwan", "Overcharging", 1),
    ("Taiwan", "PMI sakit", 1),
    ("Taiwan", "PMI meninggal dunia", 1),
    ("Taiwan", "Pengembalian biaya proses penempatan", 5),
    ("Taiwan", "Lain-lain (permasalahan dengan keluarga)", 1),
    ("Trinidad Tobago", "ABK gaji tidak dibayar", 1),
    ("Uni Emirat Arab", "Penempatan PMI unprosedural", 1),
    ("Uni Emirat Arab", "PMI dipulangkan", 1),
]
# The IKPA appendix (headed "Lampiran IV" the second time): per component, in its order,
# the weight ("Bobot") and the weighted score ("Nilai Akhir"); the IKPA ("Nilai Akhir
# (Nilai Total/Konversi Bobot)").
IKPA_WEIGHTS = (10, 15, 20, 10, 10, 10, 25)
IKPA_WEIGHTED_SCORES = (10.00, 13.68, 19.40, 9.96, 10.00, 9.08, 25.00)
IKPA_TOTAL = 97.12
# Lampiran V ("Nilai Kinerja Anggaran Satuan Kerja"): NK Pelaksanaan Anggaran and Nilai
# Kinerja Anggaran (its NK Perencanaan Anggaran, 75,00, is in no input).
LAMPIRAN_V_NK = (97.12, 86.06)
# Bab III's text ("Evaluasi dan Analisis Capaian Kinerja") and its tables, as printed: per
# IKU the target, the realisation and the achievement (Tabel 7-23; IKU 2's target is
# printed "6,0%" and "6,00 %", whole: 6), and where the DIPA after AA gives another target,
# that target and the achievement on it (Tabel 10, 17, 25).
BAB_III_IKU: dict[str, tuple[str, str, str]] = {
    "IKU1": ("35.354", "25.207", "71,29"),
    "IKU2": ("6", "4,48", "74,66"),
    "IKU3": ("150", "62", "41,33"),
    "IKU4": ("97", "174", "179,38"),
    "IKU5": ("320", "160", "50"),
    "IKU6": ("88", "86,06", "97,79"),
    "IKU7": ("95", "97,12", "102,23"),
    "IKU8": ("85", "76,11", "89,54"),
}
BAB_III_DIPA: dict[str, tuple[str, str]] = {
    "IKU1": ("23.500", "107,26"),
    "IKU4": ("65", "267,69"),
    "IKU5": ("160", "100"),
}
# IKU 1's realisation of 2023 (Tabel 8), which the text says 2024's fell below.
BAB_III_IKU1_2023 = "25.569"
# IKU 2: cases received in 2023 and 2024, those of 2024 still in process, and the
# reductions of 2021-2024 (Tabel 12; 2022's printed "27,3 %"); the quarters' cases (Tabel 5).
BAB_III_CASES = {"2023": 134, "2024": 128, "open": 48}
BAB_III_IKU2_SERIES = {2021: "7,28", 2022: "27,30", 2023: "23,86", 2024: "4,48"}
TABEL_5_IKU2_CASES = (33, 22, 31, 42)
# The mean achievement of the 8 IKU (BAB III.A.2, PK) and on the DIPA basis (BAB IV).
BAB_III_MEAN = "88,27"
BAB_IV_MEAN_DIPA = "110,06"
# Per strategic goal (Tabel 24): ceiling, realisation, absorption, mean achievement.
BAB_III_GOALS = {
    1: ("5.382.419.000", "5.018.354.188", "93,23", "83,33"),
    2: ("8.139.422.000", "7.963.237.556", "97,83", "96,52"),
}
# BAB III.B: the initial DIPA, the DIPA after AA, the absorption (the text's realisation,
# 12.981.591.000, differs from the records' 12.981.591.744: docs/reconciliation-2024.md, item 12).
BAB_III_B = ("17.820.741.000", "13.488.991.000", "96,24")

# Tabel 3 (Perjanjian Kinerja by the Renstra) and Tabel 4 (after the Automatic
# Adjustment), as printed: the targets of IKU 1-8, then the activities' budgets.
TABEL_3_TARGETS = (
    "35.354 Orang",
    "6,00 %",
    "150 Orang",
    "97 Orang",
    "320 Orang",
    "88",
    "95",
    "85 (WBBM)",
)
TABEL_4_TARGETS = (
    "23.500 Orang",
    "6,00 %",
    "150 Orang",
    "65 Orang",
    "160 Orang",
    "88",
    "95",
    "85 (WBBM)",
)
ACTIVITIES = (
    "Peningkatan Fasilitasi Pelayanan Penempatan dan Pelindungan Pekerja Migran Indonesia",
    "Penyelenggaraan Kegiatan Dukungan pada BP3MI",
)
TABEL_3_BUDGETS = (7_760_019_000, 9_710_722_000)  # "Rp. 7.760.019.000"
TABEL_4_BUDGETS = (5_382_419_000, 8_139_422_000)
# Lampiran I (the Perjanjian Kinerja's own appendix): the same targets, printed "6,00%",
# and the budgets as "Rp. 7,760,019,000".
LAMPIRAN_I_TARGETS = (
    "35.354 Orang",
    "6,00%",
    "150 Orang",
    "97 Orang",
    "320 Orang",
    "88",
    "95",
    "85 (WBBM)",
)
LAMPIRAN_I_BUDGETS = (7_760_019_000, 9_710_722_000)
# Tabel 5, the realisation cells of IKU 2 and IKU 6-8, Triwulan I-IV.
TABEL_5_REALISATIONS = {
    "IKU2": (
        "- 75,37 % (33 kasus)",
        "- 58,95 % (22 kasus)",
        "- 35,82 % (31 kasus)",
        "-4,48% (42 kasus)",
    ),
    "IKU6": ("-", "96,78", "99", "86,06%"),
    "IKU7": ("96,02", "94,84", "96,73", "97,12 (102,23 %)"),
    "IKU8": ("94,04 (WBBM)", "72,72 (WBK)", "72,72 (WBK)", "76,11 (WBK)"),
}
# Tabel 6 as printed: target, realisation, achievement of IKU 1-8, and the mean.
TABEL_6_PRINTED = (
    ("35.354 Orang", "25.207 Orang", "71,29%"),
    ("6,00 %", "4,48 %", "74,66 %"),
    ("150 Orang", "62 Orang", "41,33 %"),
    ("97 Orang", "174 Orang", "179,38 %"),
    ("320 Orang", "160 Orang", "50 %"),
    ("88", "86,06", "97,79 %"),
    ("95", "97,12", "102,23 %"),
    ("85", "76,11", "89,54 %"),
)
TABEL_6_MEAN = "88,27%"  # BAB III.A.2: "sebesar 88,27%"
# Lampiran IV ("Data Pencegahan PMI Non Prosedural"), 62 rows. Names are not copied:
# the report's names are redacted here too. Row 1 as printed: (TANGGAL, LOKASI,
# P3MI/LEMBAGA/PERSEORANGAN, JENIS KELAMIN, NEGARA PENEMPATAN, DAERAH ASAL PMI,
# PERMASALAHAN, TINDAK LANJUT).
LAMPIRAN_IV_ROW_1 = (
    "26 Maret 2024",
    "Rumah Aman BP3MI Jakarta",
    "Perseorangan",
    "P",
    "ARAB SAUDI",
    "Sukoharjo",
    "Pada tanggal 22 Maret 2024 Polda Metro Jaya telah melakukan cegah tangkal terhadap "
    "19 CPMI tujuan Saudi Arabia",
    "CPMI dipulangkan ke daerah asal",
)
# Rows 2-62, one raid: no date and no country printed; LOKASI, P3MI, JENIS KELAMIN and
# PERMASALAHAN the same on every row; DAERAH ASAL PMI per row; TINDAK LANJUT
# "Dipulangkan ke daerah asal" but on rows 60-62, which the report's redaction notes
# describe as repeats of rows 6, 34 and 48.
LAMPIRAN_IV_RAID = ("Pemalang", "PT. KJS", "L", "Pencegahan di Penampungan")
LAMPIRAN_IV_ORIGINS = (
    "Mahuku Utara",  # 2
    "Sulawesi Utara",  # 3
    "Sulawesi Utara",  # 4
    "Sulawesi Utara",  # 5
    "Sulawesi Utara",  # 6
    "Sulawesi Utara",  # 7
    "Sulawesi Utara",  # 8
    "Sulawesi Utara",  # 9
    "Sulawesi Utara",  # 10
    "Sulawesi Utara",  # 11
    "Sulawesi Utara",  # 12
    "Sulawesi Utara",  # 13
    "Sulawesi Utara",  # 14
    "Sulawesi Utara",  # 15
    "Sulawesi Utara",  # 16
    "Sulawesi Utara",  # 17
    "Sulawesi Utara",  # 18
    "Sulawesi Utara",  # 19
    "Sulawesi Utara",  # 20
    "Sulawesi Utara",  # 21
    "Sulawesi Utara",  # 22
    "Sulawesi Utara",  # 23
    "Sulawesi Utara",  # 24
    "Sulawesi Utara",  # 25
    "Mahuku Utara",  # 26
    "Sulawesi Utara",  # 27
    "Sulawesi Utara",  # 28
    "Sulawesi Utara",  # 29
    "Sulawesi Utara",  # 30
    "Sulawesi Utara",  # 31
    "Sulawesi Utara",  # 32
    "Sulawesi Utara",  # 33
    "Sulawesi Utara",  # 34
    "Sulawesi Utara",  # 35
    "Sulawesi Utara",  # 36
    "Sulawesi Utara",  # 37
    "Gorontalo",  # 38
    "Sulawesi Utara",  # 39
    "Sulawesi Utara",  # 40
    "Sulawesi Utara",  # 41
    "Sulawesi Utara",  # 42
    "Sulawesi Utara",  # 43
    "Sulawesi Utara",  # 44
    "Sulawesi Utara",  # 45
    "Sulawesi Utara",  # 46
    "Sulawesi Utara",  # 47
    "Sulawesi Utara",  # 48
    "Sulawesi Utara",  # 49
    "Sulawesi Utara",  # 50
    "Sulawesi Utara",  # 51
    "Sulawesi Utara",  # 52
    "Sulawesi Utara",  # 53
    "Sulawesi Utara",  # 54
    "Sulawesi Utara",  # 55
    "Sulawesi Utara",  # 56
    "Sulawesi Utara",  # 57
    "Sulawesi Utara",  # 58
    "Sulawesi Utara",  # 59
    "Sulawesi Utara",  # 60
    "Sulawesi Utara",  # 61
    "Sulawesi Utara",  # 62
)
LAMPIRAN_IV_FOLLOW_UP = "Dipulangkan ke daerah asal"
LAMPIRAN_IV_REPEATS = {60: 6, 61: 34, 62: 48}
# BAB III, IKU 2: "128 kasus dan 48 di antaranya masih dalam proses penyelesaian".
CASES_RECEIVED, CASES_IN_PROCESS = 128, 48

# --- the tables' titles and header rows, as printed ---------------------------------------
# Each table by its id in the generated report: its title (the appendices' as their cover
# pages print them, in capitals) and its header rows, each row the texts of its header
# cells from left to right (a cell spanning rows or columns once, in the row it starts).
SERIES_YEARS = ("2021", "2022", "2023", "2024")
SERIES_HEADER = (
    ("INDIKATOR KINERJA", "TAHUN PELAKSANAAN"),
    SERIES_YEARS,
    ("TARGET", "CAPAIAN") * 4,
)
TARGETS_HEADER = (
    ("NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "TARGET"),
    ("(1)", "(2)", "(3)", "(4)"),
)
CAPAIAN_HEADER = (("IKU", "Target", "Realisasi", "Capaian (%)"),)
BUDGET_HEADER = (
    ("No", "Sasaran Strategis", "IKU", "Anggaran (Rp)", "Kinerja"),
    ("Pagu", "Realisasi", "%", "Target", "Realisasi", "%", "Rata-rata Capaian (%)"),
)
LAMPIRAN_II_GROUPS = ("TKI Mandiri / Pelaut", "TKI Reguler")
LABELS: dict[str, tuple[str, tuple[tuple[str, ...], ...]]] = {
    "tabel-3": ("Perjanjian Kinerja BP3MI Jawa Tengah Tahun 2024", TARGETS_HEADER),
    "tabel-4": (
        "Target Kinerja BP3MI Jawa Tengah Tahun 2024 Berdasarkan DIPA setelah Automatic Adjustment",
        TARGETS_HEADER,
    ),
    "tabel-5": (
        "Pengukuran Capaian Kinerja Triwulanan",
        (
            (
                "No",
                "Sasaran Strategis",
                "IKU",
                "Triwulan I",
                "Triwulan II",
                "Triwulan III",
                "Triwulan IV",
            ),
            ("Target", "Realisasi") * 4,
        ),
    ),
    "tabel-6": (
        "Ringkasan Capaian Kinerja Tahun 2024 Berdasarkan Rencana Strategis",
        (("No", "Sasaran Strategis", "IKU", "Target", "Realisasi", "Capaian (%)"),),
    ),
    "tabel-7": ("Capaian IKU 1", CAPAIAN_HEADER),
    "tabel-8": ("Target dan Capaian IKU 1 dari Tahun 2021 s.d. 2024", SERIES_HEADER),
    "tabel-9": (
        "Capaian IKU 1 dari Tahun 2021 s.d. 2024",
        (
            ("INDIKATOR KINERJA", "TAHUN PELAKSANAAN", "CAPAIAN 2021 s.d. 2024"),
            SERIES_YEARS,
            ("TARGET", "CAPAIAN") * 4,
        ),
    ),
    "tabel-10": (
        "Perbandingan Target dan Capaian IKU 1 Berdasarkan Penetapan Kinerja dan DIPA BP3MI "
        "Jawa Tengah",
        (
            (
                "INDIKATOR KINERJA",
                "TARGET PK",
                "TARGET DIPA AWAL",
                "TARGET DIPA SETELAH ABT",
                "CAPAIAN",
            ),
        ),
    ),
    "tabel-11": ("Capaian IKU 2", CAPAIAN_HEADER),
    "tabel-12": ("Target dan Capaian IKU 2 dari Tahun 2021 s.d. 2024", SERIES_HEADER),
    "tabel-13": ("Capaian IKU 3", CAPAIAN_HEADER),
    # The list of tables names Tabel 14 "Capaian IKU 3 dari ..."; the table is headed so.
    "tabel-14": ("Target dan Capaian IKU 3 dari Tahun 2021 s.d. 2024", SERIES_HEADER),
    "tabel-15": ("Capaian IKU 4", CAPAIAN_HEADER),
    "tabel-16": ("Target dan Capaian IKU 4 dari Tahun 2021 s.d. 2024", SERIES_HEADER),
    "tabel-17": (
        "Perbandingan Target dan Capaian IKU 4 Berdasarkan Rencana Strategis dan DIPA BP3MI "
        "Jawa Tengah",
        (
            (
                "INDIKATOR KINERJA",
                "TARGET PK",
                "TARGET DIPA AWAL",
                "TARGET DIPA SETELAH AA",
                "CAPAIAN",
            ),
        ),
    ),
    "tabel-18": ("Capaian IKU 5", CAPAIAN_HEADER),
    "tabel-19": ("Target dan Capaian IKU 5 dari Tahun 2021 s.d. 2024", SERIES_HEADER),
    "tabel-20": (
        "Target dan Capaian IKU 5 dari Tahun 2021 s.d. 2024 Berdasarkan DIPA",
        SERIES_HEADER,
    ),
    "tabel-21": ("Capaian IKU 6", CAPAIAN_HEADER),
    "tabel-22": ("Capaian IKU 7", CAPAIAN_HEADER),
    "tabel-23": ("Capaian IKU 8", CAPAIAN_HEADER),
    "tabel-24": ("Capaian Anggaran dan Kinerja Tahun 2024", BUDGET_HEADER),
    "tabel-25": ("Capaian Anggaran dan Kinerja Tahun 2024 Berdasarkan DIPA", BUDGET_HEADER),
    "lampiran-i": (
        "LAMPIRAN PERJANJIAN KINERJA TAHUN 2024 BP3MI JAWA TENGAH",
        (
            ("NO.", "SASARAN STRATEGIS", "INDIKATOR KINERJA UTAMA", "TARGET"),
            ("(1)", "(2)", "(3)", "(4)"),
        ),
    ),
    "lampiran-ii": (
        "DATA PENEMPATAN BP3MI JAWA TENGAH TAHUN 2024",
        (
            ("No", "Bulan", "BP3MI JATENG / P4MI", "LTSA/MPP", "TOTAL", "TOTAL"),
            LAMPIRAN_II_GROUPS * 3,
            ("FORMAL", "INFORMAL") * 6,
            ("L", "P") * 12,
        ),
    ),
    # The appendix's cover says "DATA REKAP KASUS BP3MI JAWA TENGAH TAHUN 2024"; the table
    # is headed as here.
    "lampiran-iii": (
        "DATA REKAP KASUS PER NEGARA WILAYAH BP3MI JAWA TENGAH BULAN JANUARI-DESEMBER 2024",
        (("NO", "NEGARA", "KASUS", "JUMLAH"),),
    ),
    # Printed in narrow columns: "P3MI/LEMBAGA/ PERSEORANGAN" and "NEGARA PENEMPAT AN" are
    # the two words broken over two lines.
    "lampiran-iv": (
        "DATA PENCEGAHAN PMI NON PROSEDURAL BP3MI JAWA TENGAH TAHUN 2024",
        (
            (
                "NO",
                "TANGGAL",
                "LOKASI",
                "P3MI/LEMBAGA/PERSEORANGAN",
                "NAMA PMI",
                "JENIS KELAMIN",
                "NEGARA PENEMPATAN",
                "DAERAH ASAL PMI",
                "PERMASALAHAN",
                "TINDAK LANJUT",
            ),
            ("L", "P"),
        ),
    ),
    # A screen of the Ministry of Finance's SMART application, pasted in.
    "lampiran-v": (
        "NILAI CAPAIAN KINERJA ANGGARAN BP3MI JAWA TENGAH TAHUN 2024",
        (
            (
                "No.",
                "Kode Satuan Kerja",
                "Satuan Kerja",
                "NK Perencanaan Anggaran",
                "NK Pelaksanaan Anggaran",
                "Nilai Kinerja Anggaran",
            ),
        ),
    ),
    # Headed "LAMPIRAN IV" a second time: a screen of the monitoring application, one row
    # per satker, the components in columns.
    "lampiran-ikpa": (
        "NILAI IKPA BP3MI JAWA TENGAH TAHUN 2024",
        (
            (
                "NO",
                "KODE KPPN",
                "KODE BA",
                "KODE SATKER",
                "URAIAN SATKER",
                "KETERANGAN",
                "KUALITAS PERENCANAAN ANGGARAN",
                "KUALITAS PELAKSANAAN ANGGARAN",
                "KUALITAS HASIL PELAKSANAAN ANGGARAN",
                "NILAI TOTAL",
                "KONVERSI BOBOT",
                "DISPENSASI SPM (PENGURANG)",
                "NILAI AKHIR (NILAI TOTAL/KONVERSI BOBOT)",
            ),
            (
                "REVISI DIPA",
                "DEVIASI HALAMAN III DIPA",
                "PENYERAPAN ANGGARAN",
                "BELANJA KONTRAKTUAL",
                "PENYELESAIAN TAGIHAN",
                "PENGELOLAAN UP DAN TUP",
                "CAPAIAN OUTPUT",
            ),
        ),
    ),
}
# The charts of Bab III by number (Grafik 1-4, the staff, are Bab I's), as headed in the body.
GRAFIK: dict[int, str] = {
    5: "Capaian IKU 1",
    6: "Capaian IKU 1 dari Tahun 2021 s.d. 2024",
    7: "Target dan Capaian IKU 1 dari Tahun 2021 s.d. 2024",
    8: "Capaian IKU 2",
    9: "Capaian IKU 2 dari Tahun 2021 s.d. 2024",
    10: "Target dan Capaian IKU 2 dari Tahun 2021 s.d. 2024",
    11: "Capaian IKU 3",
    12: "Capaian IKU 3 dari Tahun 2021 s.d. 2024",
    13: "Target dan Capaian IKU 3 dari Tahun 2021 s.d. 2024",
    14: "Capaian IKU 4",
    15: "Capaian IKU 4 dari Tahun 2021 s.d. 2024",
    16: "Target dan Capaian IKU 4 dari Tahun 2021 s.d. 2024",
    17: "Capaian IKU 5",
    18: "Capaian IKU 5 dari Tahun 2021 s.d. 2024",
    19: "Target dan Capaian IKU 5 dari Tahun 2021 s.d. 2024",
    20: "Target dan Capaian IKU 5 dari Tahun 2021 s.d. 2024 Berdasarkan DIPA",
}
