"""The bad-input corpus (tests/fixtures/bad_inputs, docs/input-errors.md): every case ends in
a clear error naming file, row and rule, or in quarantine with a reason; no count changes
silently."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.conftest import PROJECT_ROOT, ingest_feeds, rejected

CORPUS = PROJECT_ROOT / "tests" / "fixtures" / "bad_inputs"
JANUARY = "penempatan/penempatan_TESTC_2024-01.csv"


def ingest(case: str, tmp_path: Path) -> tuple[dg.ExecuteInProcessResult, Path]:
    """Load every feed of a case's raw directory into a test warehouse (no publish)."""
    raw = CORPUS / case
    feeds = {folder.name for folder in raw.iterdir() if folder.is_dir()}
    warehouse = tmp_path / "w.duckdb"
    return ingest_feeds(raw, warehouse, feeds), warehouse


def rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def error_of(result: dg.ExecuteInProcessResult, warehouse: Path, raw_dir: Path) -> str:
    """The one file the load rejected, as its error reads; the load itself succeeded."""
    assert result.success
    [message] = rejected(warehouse, raw_dir)
    return message


def quarantined(warehouse: Path) -> list[tuple]:
    return rows(
        warehouse,
        "select source_file, source_row, rule, column_name from audit.quarantine order by all",
    )


def ledger(warehouse: Path) -> list[tuple]:
    return rows(
        warehouse,
        "select source_file, rows_read, rows_loaded, rows_quarantined from audit.file_ledger "
        "where status = 'current' order by all",
    )


@pytest.mark.parametrize(
    ("case", "step", "message"),
    [
        (
            "windows_1252",
            "raw_penempatan",
            f"{CORPUS}/windows_1252/{JANUARY}, row 3: [encoding] not UTF-8: byte 0xE9 cannot "
            "be read (a Windows-1252 export?); save the file again as CSV UTF-8",
        ),
        (
            "comma_delimiter",
            "raw_penempatan",
            f"{CORPUS}/comma_delimiter/{JANUARY}, row 1: [delimiter] the fields are separated "
            "by ',', the contract says ';'",
        ),
        (
            "empty_file",
            "raw_penempatan",
            f"{CORPUS}/empty_file/{JANUARY}: [empty_file] the file is empty: not even a header row",
        ),
        (
            "truncated",
            "raw_penempatan",
            f"{CORPUS}/truncated/{JANUARY}, row 3: [csv_format] a quoted field opened here is "
            "never closed (is the file cut short?)",
        ),
        (
            "missing_column",
            "raw_penempatan",
            f"{CORPUS}/missing_column/{JANUARY}: [missing_column] required column(s) "
            "missing: SKEMA",
        ),
        (
            "renamed_column",
            "raw_penempatan",
            f"{CORPUS}/renamed_column/{JANUARY}: [missing_column] required column(s) missing: "
            "TANGGAL_PENEMPATAN (is it 'TGL_PENEMPATAN'?)",
        ),
        (
            "bad_file_name",
            "raw_penempatan",
            f"{CORPUS}/bad_file_name/penempatan/penempatan_TESTC_Jan2024.csv: [file_name] file "
            "name does not parse as penempatan_<OFFICE>_<YYYY-MM>.csv (OFFICE: 3-8 capitals)",
        ),
        (
            "missing_sheet",
            "raw_anggaran",
            f"{CORPUS}/missing_sheet/anggaran/pagu_TESTC_2024.xlsx: [missing_sheet] sheet 'DIPA' "
            "not found (sheets: Pagu)",
        ),
    ],
)
def test_files_rejected_whole(case: str, step: str, message: str, tmp_path: Path) -> None:
    result, warehouse = ingest(case, tmp_path)
    # Rejected on its own (step: the feed whose step rejects it): the run goes on.
    assert error_of(result, warehouse, CORPUS / case) == message
    failed = [
        c.asset_key.to_user_string()
        for c in result.get_asset_check_evaluations()
        if c.check_name == "files_accepted" and not c.passed
    ]
    assert failed and all(key.startswith(f"raw/{step.removeprefix('raw_')}") for key in failed)
    # The table that rejected the file loaded nothing from it (another table of the same
    # feed may have: the pagu sheet of a workbook whose DIPA sheet is missing).
    table = "anggaran_dipa" if case == "missing_sheet" else "penempatan"
    assert rows(
        warehouse,
        f"select count(*) from audit.file_ledger where table_name = '{table}' "
        "and status = 'current'",
    ) == [(0,)]
    assert rows(warehouse, f"select count(*) from raw.{table}") == [(0,)]


def test_utf8_with_bom(tmp_path: Path) -> None:
    result, warehouse = ingest("utf8_bom", tmp_path)
    assert result.success
    assert ledger(warehouse) == [(JANUARY, 2, 2, 0)]


def test_numbers_decimal_comma_thousand_dots_and_plain(tmp_path: Path) -> None:
    result, warehouse = ingest("number_formats", tmp_path)
    assert result.success
    assert rows(warehouse, "select bulan, realisasi from raw.anggaran_realisasi order by 1") == [
        (1, Decimal("1234567.89")),
        (2, Decimal("1234567.00")),
        (3, Decimal("1234567.50")),
        (4, Decimal("12345.00")),
    ]
    assert rows(warehouse, "select dasar, target from raw.target_kinerja order by all") == [
        ("DIPA_AA", 35354.0),
        ("PK", 6.0),
        ("PK", 35354.0),
    ]
    # "1.5" is neither a decimal comma nor a group of three digits: ambiguous, so kept out.
    assert quarantined(warehouse) == [
        ("target/target_kinerja_TESTC.csv", 5, "invalid_number", "TARGET")
    ]


def test_indonesian_month_names_and_date_cells(tmp_path: Path) -> None:
    result, warehouse = ingest("month_names", tmp_path)
    assert result.success
    assert rows(warehouse, "select no_pengaduan, tanggal_pengaduan from raw.kasus order by 1") == [
        ("K-1", dt.date(2024, 1, 5)),
        ("K-2", dt.date(2024, 8, 5)),
        ("K-3", dt.date(2024, 12, 5)),
        ("K-4", dt.date(2024, 3, 26)),
    ]
    assert quarantined(warehouse) == [
        ("kasus/kasus_TESTC_2024.xlsx", 6, "invalid_date", "TANGGAL_PENGADUAN")
    ]


def test_header_repeated_mid_file(tmp_path: Path) -> None:
    result, warehouse = ingest("repeated_header", tmp_path)
    assert result.success
    assert quarantined(warehouse) == [(JANUARY, 4, "repeated_header", "")]
    assert ledger(warehouse) == [(JANUARY, 4, 3, 1)]


def test_merged_cells_give_their_value_to_every_row(tmp_path: Path) -> None:
    result, warehouse = ingest("merged_cells", tmp_path)
    assert result.success
    assert rows(warehouse, "select no, tanggal from raw.pencegahan order by 1") == [
        (1, dt.date(2024, 6, 13)),
        (2, dt.date(2024, 6, 13)),
        (3, dt.date(2024, 6, 13)),
    ]


def test_formula_cells_give_their_saved_values(tmp_path: Path) -> None:
    result, warehouse = ingest("formula_cells", tmp_path)
    assert result.success
    assert rows(warehouse, "select pagu_setelah_aa from raw.anggaran_pagu order by 1") == [
        (Decimal("800000.00"),),
        (Decimal("1500000.00"),),
    ]
    assert rows(warehouse, "select pagu_setelah_aa_total from raw.anggaran_dipa") == [
        (Decimal("2300000.00"),)
    ]


def test_hidden_sheet_is_ignored(tmp_path: Path) -> None:
    result, warehouse = ingest("hidden_sheet", tmp_path)
    assert result.success
    assert rows(warehouse, "select no_pengaduan from raw.kasus") == [("K-1",)]


def test_header_only_file_is_an_empty_delivery(tmp_path: Path) -> None:
    result, warehouse = ingest("header_only", tmp_path)
    assert result.success
    assert ledger(warehouse) == [(JANUARY, 0, 0, 0)]


def test_extra_column_is_ignored_and_reported(tmp_path: Path) -> None:
    result, warehouse = ingest("extra_column", tmp_path)
    assert result.success
    assert rows(warehouse, "select extra_columns from audit.file_ledger") == [(["CATATAN"],)]
    assert ledger(warehouse) == [(JANUARY, 1, 1, 0)]


def test_duplicate_ids_within_and_across_files(tmp_path: Path) -> None:
    result, warehouse = ingest("duplicate_ids", tmp_path)
    assert result.success
    february = "penempatan/penempatan_TESTC_2024-02.csv"
    assert quarantined(warehouse) == [
        (JANUARY, 4, "duplicate", "ID_PMI"),
        (february, 2, "duplicate", "ID_PMI"),
    ]
    assert ledger(warehouse) == [(JANUARY, 3, 2, 1), (february, 2, 1, 1)]
    assert rows(warehouse, "select id_pmi from raw.penempatan order by 1") == [
        ("A1",),
        ("A2",),
        ("B1",),
    ]


@pytest.mark.parametrize(
    ("case", "expected", "counts"),
    [
        ("out_of_period", [(JANUARY, 3, "out_of_period", "TANGGAL_PENEMPATAN")], (2, 1, 1)),
        ("unknown_category", [(JANUARY, 3, "not_allowed_value", "SKEMA")], (2, 1, 1)),
        ("nik_format", [(JANUARY, 3, "bad_format", "NIK")], (2, 1, 1)),
    ],
)
def test_rows_in_quarantine(case: str, expected: list, counts: tuple, tmp_path: Path) -> None:
    result, warehouse = ingest(case, tmp_path)
    assert result.success
    assert quarantined(warehouse) == expected
    assert ledger(warehouse) == [(JANUARY, *counts)]


@pytest.mark.parametrize(
    ("case", "details"),
    [
        ("nik_format", ["NIK: 12 digits, 16 required"]),
        ("unknown_category", ["SKEMA: 'Magang' is not one of the allowed values (see "
                              "docs/raw-feeds.md)"]),
        ("negative_absurd", [
            "TARGET: '-5' must be at least 0",
            "TARGET: '99.999.999.999' must be at most 10.000.000",
            "TAHUN: '2124' must be between 2000 and 2100",
            "NILAI: '150,00' must be between 0 and 100",
        ]),
    ],
)  # fmt: skip
def test_quarantine_details_in_plain_words(case: str, details: list[str], tmp_path: Path) -> None:
    """What docs/input-errors.md quotes; the NIK itself is in no detail."""
    result, warehouse = ingest(case, tmp_path)
    assert result.success
    assert rows(
        warehouse, "select detail from audit.quarantine order by source_file, source_row"
    ) == [(detail,) for detail in details]


def test_negative_and_absurd_numbers(tmp_path: Path) -> None:
    result, warehouse = ingest("negative_absurd", tmp_path)
    assert result.success
    assert quarantined(warehouse) == [
        ("target/target_kinerja_TESTC.csv", 3, "out_of_range", "TARGET"),
        ("target/target_kinerja_TESTC.csv", 4, "out_of_range", "TARGET"),
        ("target/target_kinerja_TESTC.csv", 5, "out_of_range", "TAHUN"),
        ("tata_kelola/nilai_TESTC_2024.csv", 3, "out_of_range", "NILAI"),
    ]
    assert rows(warehouse, "select kode_iku, target from raw.target_kinerja") == [("IKU1", 35354)]


def test_the_corpus_is_what_its_script_writes(tmp_path: Path) -> None:
    """Every case of docs/input-errors.md has its files, and the doc lists every case."""
    doc = (PROJECT_ROOT / "docs" / "input-errors.md").read_text()
    cases = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
    assert len(cases) == 22
    for case in cases:
        assert f"`{case}`" in doc, case
