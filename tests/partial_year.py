"""A warehouse with a complete year and a partial one, refreshed on a fixed day.

Two offices refreshed on 15 April 2026 (the reference date; tests/test_deliveries.py's
pattern), built from the small office (tests/fixtures/small_office):

- TESTB: every file of 2025 (the small office's, its IKPA components and placements of
  every month): 2025 is complete. 2026: placements of January and March
  (``PLACEMENTS_2026``), February missing, and targets of 2026 with quarterly rows
  (``TARGETS_2026``): provisional up to January, February overdue.
- TESTC: 2026 only: placements of January and February, March missing (overdue since
  10 April), and its targets of 2026.

Neither office delivered a cases file (kasus) for 2026. :func:`build` writes it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import PROJECT_ROOT, SMALL_OFFICE, build_warehouse
from tests.test_provisional_reports import placements

REFERENCE_DATE = dt.date(2026, 4, 15)
# office -> year -> month -> rows of its placements file
PLACEMENTS = {
    "TESTB": {
        2025: {1: 3, 2: 1, 3: 2, 4: 2, 5: 1, 6: 1, 7: 2, 8: 1, 9: 1, 10: 2, 11: 1, 12: 1},
        2026: {1: 4, 3: 2},
    },
    "TESTC": {2026: {1: 5, 2: 7}},
}
# office -> (indicator, basis, quarter or None for the year, target, unit) of 2026
TARGETS_2026 = {
    "TESTB": [
        ("IKU1", "PK", None, 40, "Orang"),
        ("IKU1", "PK", 1, 6, "Orang"),
        ("IKU1", "PK", 2, 10, "Orang"),
        ("IKU1", "PK", 3, 12, "Orang"),
        ("IKU1", "PK", 4, 12, "Orang"),
        ("IKU3", "PK", None, 8, "Orang"),
        ("IKU4", "PK", None, 4, "Orang"),
    ],
    "TESTC": [
        ("IKU1", "PK", None, 80, "Orang"),
        ("IKU1", "PK", 1, 30, "Orang"),
        ("IKU1", "PK", 2, 20, "Orang"),
        ("IKU1", "PK", 3, 15, "Orang"),
        ("IKU1", "PK", 4, 15, "Orang"),
    ],
}
TARGET_HEADER = "TAHUN;KODE_IKU;DASAR;TRIWULAN;TARGET;SATUAN"


def written_raw(root: Path) -> Path:
    """The raw directory of the module's docstring, under ``root``."""
    raw = Path(shutil.copytree(SMALL_OFFICE, root / "raw"))
    for path in (raw / "penempatan").glob("penempatan_TESTB_2025-*.csv"):
        path.unlink()
    ikpa = PROJECT_ROOT / "raw" / "tata_kelola" / "ikpa_JATENG_2024.csv"
    shutil.copyfile(ikpa, raw / "tata_kelola" / "ikpa_TESTB_2025.csv")
    for office, years in PLACEMENTS.items():
        for year, months in years.items():
            for month, count in months.items():
                placements(raw, office, year, month, count)
    targets = raw / "target" / "target_kinerja_TESTB.csv"
    lines = targets.read_text(encoding="utf-8").splitlines()
    for office, rows in TARGETS_2026.items():
        path = raw / "target" / f"target_kinerja_{office}.csv"
        body = lines[1:] if office == "TESTB" else []
        added = [
            f"2026;{code};{basis};{'' if quarter is None else quarter};{target};{unit}"
            for code, basis, quarter, target, unit in rows
        ]
        path.write_text("\n".join([TARGET_HEADER, *body, *added]) + "\n", encoding="utf-8")
    historis = raw / "historis" / "realisasi_historis_TESTB.csv"
    shutil.copyfile(historis, raw / "historis" / "realisasi_historis_TESTC.csv")
    return raw


def build(root: Path) -> Path:
    """The warehouse published from :func:`written_raw` on :data:`REFERENCE_DATE`."""
    raw = written_raw(root)
    path = root / "warehouse" / "warehouse.duckdb"
    assert build_warehouse(path, raw, reference_date=REFERENCE_DATE).success
    return path
