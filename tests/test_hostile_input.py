"""Hostile and broken raw input, loaded with the real ingest: every file is refused or its
bad rows quarantined, with file, row and rule, and never a name or a NIK in the message
(docs/input-errors.md)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import dagster as dg
import duckdb
import openpyxl
import openpyxl.styles
import pytest

from pipelines.cli import failure_text
from pipelines.lib.errors import FeedFileError
from pipelines.lib.rawscan import raw_listing
from pipelines.lib.readers import read_csv_text
from tests.conftest import ingest_feeds, rejected, write_csv
from tests.test_ingest import PLACEMENT_HEADER, placement

NAME = "Nama Contoh"  # the name of every placement() row
NIK = "9912345678901234"  # the NIK of every placement() row
JANUARY = "penempatan/penempatan_TESTA_2024-01.csv"
CASE_HEADER = [
    "NO_PENGADUAN", "TANGGAL_PENGADUAN", "NAMA_PMI", "NEGARA", "JENIS_KASUS", "STATUS",
    "UNIT_LAYANAN", "KANAL",
]  # fmt: skip
CONTROL = "holds a control character (a damaged export?)"
FOREIGN_SPACES = "contains spaces or other non-digits (16 digits 0-9 required)"


def arabic_indic(digits: str) -> str:
    """The same number in Arabic-Indic digits (a regex ``\\d`` takes them)."""
    return "".join(chr(0x0660 + int(d)) for d in digits)


FULLWIDTH_12 = "\uff11\uff12"  # 12 in fullwidth digits


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def quarantined(warehouse: Path) -> list[tuple]:
    return query(
        warehouse,
        "select source_row, rule, column_name, detail from audit.quarantine order by all",
    )


def ledger(warehouse: Path) -> list[tuple]:
    return query(
        warehouse,
        "select source_file, rows_read, rows_loaded, rows_quarantined from audit.file_ledger "
        "where status = 'current' order by all",
    )


def failure(result: dg.ExecuteInProcessResult, warehouse: Path, raw_dir: Path) -> tuple[str, str]:
    """The file the load rejected as the data officer reads it, and everything the warehouse
    keeps of the rejection (its English and Indonesian reasons)."""
    assert result.success  # a file rejected whole stops nothing else
    [message] = rejected(warehouse, raw_dir)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        kept = con.execute(
            "select string_agg(reject_detail || ' ' || reject_detail_id, ' ') "
            "from audit.file_ledger where status = 'rejected'"
        ).fetchall()[0][0]
    return message, f"{message} {kept}"


def rejected_load(raw: Path, tmp_path: Path, feeds: set[str]) -> tuple[str, str]:
    """Load ``feeds`` of ``raw`` into a test warehouse; the one file it rejected."""
    warehouse = tmp_path / "w.duckdb"
    return failure(ingest_feeds(raw, warehouse, feeds), warehouse, raw)


def placements(tmp_path: Path, *rows: str) -> tuple[Path, Path]:
    """A raw directory with one January placement file of ``rows``; its path and the raw dir."""
    raw = tmp_path / "raw"
    return write_csv(raw / JANUARY, PLACEMENT_HEADER, *rows), raw


def workbook(path: Path, sheet: str, rows: list[list]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def case_row(number: str, negara: str = "Malaysia") -> list:
    return [number, "5 Januari 2024", NAME, negara, "Gaji tidak dibayar", "Selesai", "", ""]


# --- 1. personal values never in a quarantine detail; details in plain words -------------


def test_malformed_nik_is_quarantined_without_its_digits(tmp_path: Path) -> None:
    niks = ["991201234567890", "9912 0123 4567 8901", arabic_indic("9912012345678901"), ""]
    _, raw = placements(
        tmp_path,
        placement("A1", "05/01/2024"),
        *(placement(f"A{i}", "05/01/2024", nik=nik) for i, nik in enumerate(niks, start=2)),
    )
    warehouse = tmp_path / "w.duckdb"
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    assert quarantined(warehouse) == [
        (3, "bad_format", "NIK", "NIK: 15 digits, 16 required"),
        (4, "bad_format", "NIK", f"NIK: {FOREIGN_SPACES}"),
        (5, "bad_format", "NIK", f"NIK: {FOREIGN_SPACES}"),
        (6, "missing_value", "NIK", "NIK: missing (a value is required)"),
    ]
    [(stored,)] = query(
        warehouse,
        "select string_agg(detail || detail_id || raw_values, '') from audit.quarantine",
    )
    for nik in [*niks[:3], niks[1].replace(" ", ""), NIK, NAME]:
        assert nik not in stored
    assert ledger(warehouse) == [(JANUARY, 5, 1, 4)]


def test_quarantine_details_are_plain_words(tmp_path: Path) -> None:
    _, raw = placements(
        tmp_path,
        placement("A1", "05/01/2024").replace("P to P", "Magang"),
        placement("A2", "05/01/2024").replace(NAME, ""),
        placement("A3", "05/01/2024", sex="X"),
    )
    write_csv(
        raw / "target" / "target_kinerja_TESTA.csv",
        "TAHUN;KODE_IKU;DASAR;TRIWULAN;TARGET;SATUAN",
        "2024;IKU1;PK;;-5;Orang",
        "2024;IKU1;PK;5;10;Orang",
        "2024;IKU1;PK;;99.999.999;Orang",
    )
    warehouse = tmp_path / "w.duckdb"
    assert ingest_feeds(raw, warehouse, {"penempatan", "target"}).success
    assert quarantined(warehouse) == [
        (2, "not_allowed_value", "SKEMA", "SKEMA: 'Magang' is not one of the allowed values "
         "(see docs/raw-feeds.md)"),
        (2, "out_of_range", "TARGET", "TARGET: '-5' must be at least 0"),
        (3, "missing_value", "NAMA", "NAMA: missing (a value is required)"),
        (3, "out_of_range", "TRIWULAN", "TRIWULAN: '5' must be between 1 and 4"),
        (4, "not_allowed_value", "JENIS_KELAMIN", "JENIS_KELAMIN: 'X' is not one of the allowed "
         "values (see docs/raw-feeds.md)"),
        (4, "out_of_range", "TARGET", "TARGET: '99.999.999' must be at most 10.000.000"),
    ]  # fmt: skip


# --- 2 and 3. CSV rows that break the dialect: their row, never their content -------------


@pytest.mark.parametrize(
    ("row", "detail"),
    [
        (
            placement("A2", "05/01/2024") + ";Jl. Contoh 1",
            "this row has 14 fields, the header has 13: a ';' in a value not in quotes?",
        ),
        (
            placement("A2", "05/01/2024").removesuffix(";PT. Contoh"),
            "this row has 12 fields, the header has 13: a line break in a value not in quotes, "
            "or a row cut short?",
        ),
        (
            placement("A2", "05/01/2024").replace(NAME, "Nama\nContoh"),
            "this row has 3 fields, the header has 13: a line break in a value not in quotes, "
            "or a row cut short?",
        ),
        (
            placement("A2", "05/01/2024").replace(NAME, 'Nama "Contoh'),
            'a " inside a value that does not start with a quote: put the value in quotes and '
            'write its " twice ("")',
        ),
        (
            placement("A2", "05/01/2024").replace(NAME, 'Nama "Ani" Contoh'),
            'a " inside a value that does not start with a quote: put the value in quotes and '
            'write its " twice ("")',
        ),
        (
            placement("A2", "05/01/2024").replace(NAME, '"Nama" Contoh'),
            "text after the closing quote of a value: a quoted value must end at its quote",
        ),
    ],
    ids=["too_many_fields", "too_few_fields", "line_break", "stray_quote", "quoted_word",
         "text_after_quote"],
)  # fmt: skip
def test_rows_breaking_the_csv_dialect_reject_the_file_naming_the_row(
    tmp_path: Path, row: str, detail: str
) -> None:
    path, raw = placements(
        tmp_path, placement("A1", "05/01/2024"), row, placement("A3", "06/01/2024")
    )
    warehouse = tmp_path / "w.duckdb"
    message, chain = failure(ingest_feeds(raw, warehouse, {"penempatan"}), warehouse, raw)
    assert message == f"{path}, row 3: [csv_format] {detail}"
    # Neither the message nor the error chain Dagster stores quotes a row (polars' message does).
    for value in ("Nama", "Contoh", NIK, "A2"):
        assert value not in message
        assert value not in chain


def test_quoted_values_with_separators_quotes_and_line_breaks_load(tmp_path: Path) -> None:
    _, raw = placements(
        tmp_path,
        placement("A1", "05/01/2024").replace(NAME, '"Nama; Contoh"'),
        placement("A2", "05/01/2024").replace(NAME, '"Nama ""Ani"" Contoh"'),
        placement("A3", "05/01/2024").replace(NAME, '"Nama\nContoh"'),
        placement("A4", "05/01/2024").replace("PT. Contoh", '"PT. Contoh; Tbk"'),
    )
    warehouse = tmp_path / "w.duckdb"
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    assert query(warehouse, "select id_pmi, p3mi from raw.penempatan order by 1") == [
        ("A1", "PT. Contoh"),
        ("A2", "PT. Contoh"),
        ("A3", "PT. Contoh"),
        ("A4", "PT. Contoh; Tbk"),
    ]


def quoted(row: str) -> str:
    """A row as an export that quotes every value writes it."""
    return ";".join(f'"{value}"' for value in row.split(";"))


def test_a_short_row_among_quoted_values_holding_separators_is_found(tmp_path: Path) -> None:
    """The ';' inside a quoted value must not make up for the one a short row lacks."""
    path, raw = placements(
        tmp_path,
        quoted(placement("A1", "05/01/2024")).replace(NAME, "Nama; Contoh"),
        quoted(placement("A2", "05/01/2024").removesuffix(";PT. Contoh")),
    )
    message, _ = rejected_load(raw, tmp_path, {"penempatan"})
    assert message == (
        f"{path}, row 3: [csv_format] this row has 12 fields, the header has 13: a line break in "
        "a value not in quotes, or a row cut short?"
    )


def test_an_empty_line_is_a_row_of_empty_cells(tmp_path: Path) -> None:
    """Not a row with too few fields: it is read, and quarantined for its empty values."""
    _, raw = placements(tmp_path, placement("A1", "05/01/2024"), "", placement("A3", "06/01/2024"))
    warehouse = tmp_path / "w.duckdb"
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    assert [row[:3] for row in quarantined(warehouse)] == [(3, "missing_value", "ID_PMI")]
    assert ledger(warehouse) == [(JANUARY, 3, 2, 1)]


@pytest.mark.parametrize("header", ["NAMA;NAMA", "NAMA; nama "])
def test_a_column_named_twice_rejects_the_file(tmp_path: Path, header: str) -> None:
    raw = tmp_path / "raw"
    path = write_csv(
        raw / JANUARY,
        PLACEMENT_HEADER.replace("NAMA", header, 1),
        placement("A1", "05/01/2024").replace(NAME, f"{NAME};Nama Lain"),
    )
    message, _ = rejected_load(raw, tmp_path, {"penempatan"})
    second = header.split(";")[1].strip()
    assert message == (
        f"{path}, row 1: [duplicate_column] column {second!r} appears twice (columns 3 and 4): "
        "which one holds the data?"
    )


def test_a_column_named_twice_in_a_workbook_rejects_it(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    path = workbook(
        raw / "kasus" / "kasus_TESTA_2024.xlsx",
        "Pengaduan",
        [[*CASE_HEADER, "NEGARA"], [*case_row("K-1"), "Arab Saudi"]],
    )
    message, _ = rejected_load(raw, tmp_path, {"kasus"})
    assert message == (
        f"{path}, row 1: [duplicate_column] column 'NEGARA' appears twice (columns 4 and 9): "
        "which one holds the data?"
    )


# --- 4. control characters --------------------------------------------------------------


def test_cells_with_control_characters_are_quarantined(tmp_path: Path) -> None:
    _, raw = placements(
        tmp_path,
        placement("A1", "05/01/2024"),
        placement("A2", "05/01/2024").replace("Hongkong", "Hong\x00kong"),
        placement("A3", "05/01/2024").replace(NAME, "Nama\x1b[31m Contoh"),
        placement("A4", "05/01/2024").replace("House Maid", "House\x7fMaid"),
        placement("A5", "05/01/2024").replace("House Maid", "House\tMaid"),  # a tab is text
    )
    warehouse = tmp_path / "w.duckdb"
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    assert quarantined(warehouse) == [
        (3, "control_character", "NEGARA_TUJUAN", f"NEGARA_TUJUAN {CONTROL}"),
        (4, "control_character", "NAMA", f"NAMA {CONTROL}"),
        (5, "control_character", "JABATAN", f"JABATAN {CONTROL}"),
    ]
    assert query(warehouse, "select id_pmi, jabatan from raw.penempatan order by 1") == [
        ("A1", "House Maid"),
        ("A5", "House\tMaid"),
    ]
    assert ledger(warehouse) == [(JANUARY, 5, 2, 3)]


def test_a_workbook_cell_with_an_escaped_control_character_is_quarantined(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    workbook(
        raw / "kasus" / "kasus_TESTA_2024.xlsx",
        "Pengaduan",
        [CASE_HEADER, case_row("K-1"), case_row("K-2", "Hong_x0007_kong")],
    )
    warehouse = tmp_path / "w.duckdb"
    assert ingest_feeds(raw, warehouse, {"kasus"}).success
    assert quarantined(warehouse) == [(3, "control_character", "NEGARA", f"NEGARA {CONTROL}")]
    assert query(warehouse, "select no_pengaduan from raw.kasus") == [("K-1",)]


# --- 5. numbers that crashed a feed -----------------------------------------------------


def test_numbers_too_large_or_in_other_digits_are_quarantined(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_csv(
        raw / "anggaran" / "realisasi_TESTA_2024.csv",
        "BULAN;KODE_KEGIATAN;REALISASI",
        "1;K1;1.000,00",
        "2;K1;99.999.999.999.999.999,00",
        f"3;K1;{arabic_indic('3')}",
        f"{FULLWIDTH_12};K1;5",
    )
    write_csv(
        raw / "historis" / "realisasi_historis_TESTA.csv",
        "TAHUN;KODE_IKU;REALISASI;JUMLAH_KASUS",
        "2023;IKU1;35.354;",
        f"2022;IKU1;{'9' * 400};",
    )
    warehouse = tmp_path / "w.duckdb"
    assert ingest_feeds(raw, warehouse, {"anggaran", "historis"}).success
    nines = f"{'9' * 40!r}... (400 characters)"
    assert quarantined(warehouse) == [
        (3, "invalid_money", "REALISASI", "REALISASI: '99.999.999.999.999.999,00' is not a valid "
         "amount of Rupiah: too large for DECIMAL(18,2) (at most 16 digits before the comma)"),
        (3, "invalid_number", "REALISASI", f"REALISASI: {nines} is not a valid number: too large "
         "to be a number"),
        (4, "invalid_money", "REALISASI", f"REALISASI: {arabic_indic('3')!r} is not a valid "
         "amount of Rupiah: only the digits 0-9 are allowed"),
        (5, "invalid_integer", "BULAN", f"BULAN: {FULLWIDTH_12!r} is not a valid whole number: "
         "only the digits 0-9 are allowed"),
    ]  # fmt: skip
    assert query(warehouse, "select bulan, realisasi::varchar from raw.anggaran_realisasi") == [
        (1, "1000.00")
    ]
    assert query(warehouse, "select tahun, realisasi from raw.realisasi_historis") == [
        (2023, 35354.0)
    ]


@pytest.mark.parametrize(
    ("name", "detail"),
    [
        (
            f"penempatan/penempatan_TESTA_{arabic_indic('2024')}-{arabic_indic('01')}.csv",
            "file name does not parse as penempatan_<OFFICE>_<YYYY-MM>.csv (OFFICE: 3-8 capitals)",
        ),
        ("penempatan/penempatan_TESTA_0000-01.csv", "year 0000 in the file name is not between "
         "1900 and 2100"),
        ("pemulangan/pemulangan_JATENG_0000.csv", "year 0000 in the file name is not between "
         "1900 and 2100"),
    ],
)  # fmt: skip
def test_file_names_with_foreign_digits_or_absurd_years_are_rejected(
    tmp_path: Path, name: str, detail: str
) -> None:
    raw = tmp_path / "raw"
    path = write_csv(raw / name, "X", "1")
    feed = name.split("/")[0]
    message, _ = rejected_load(raw, tmp_path, {feed})
    assert message == f"{path}: [file_name] {detail}"


# --- 6. entries that are no regular file; missing folders ------------------------------


def refused(raw: Path, tmp_path: Path) -> str:
    message, _ = rejected_load(raw, tmp_path, {"penempatan"})
    return message


def test_a_fifo_is_refused_and_never_opened(tmp_path: Path) -> None:
    _, raw = placements(tmp_path, placement("A1", "05/01/2024"))
    fifo = raw / "penempatan" / "penempatan_TESTA_2024-02.csv"
    os.mkfifo(fifo)
    assert refused(raw, tmp_path) == (
        f"{fifo}: [not_a_file] a FIFO (named pipe), not a regular file: nothing is read from it"
    )
    # The raw-files sensor's listing skips it (opening it would wait for a writer for ever).
    assert [name for name, _ in raw_listing(raw, follow_symlinks=False)] == [JANUARY]


def test_a_link_to_a_device_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, raw = placements(tmp_path, placement("A1", "05/01/2024"))
    link = raw / "penempatan" / "penempatan_TESTA_2024-02.csv"
    link.symlink_to("/dev/zero")
    assert refused(raw, tmp_path) == (
        f"{link}: [symlink] a symbolic link to /dev/zero, outside the raw directory: copy the "
        "file in, or set RAW_FOLLOW_SYMLINKS=1 to read links that leave it"
    )
    assert [name for name, _ in raw_listing(raw, follow_symlinks=False)] == [JANUARY]
    monkeypatch.setenv("RAW_FOLLOW_SYMLINKS", "1")  # read by the refresh as it starts
    assert refused(raw, tmp_path) == (
        f"{link}: [not_a_file] a character device, not a regular file: nothing is read from it"
    )
    assert [name for name, _ in raw_listing(raw, follow_symlinks=True)] == [JANUARY]


def test_a_link_to_nothing_is_refused(tmp_path: Path) -> None:
    _, raw = placements(tmp_path, placement("A1", "05/01/2024"))
    link = raw / "penempatan" / "penempatan_TESTA_2024-02.csv"
    link.symlink_to(tmp_path / "gone.csv")
    assert refused(raw, tmp_path) == (
        f"{link}: [not_a_file] a symbolic link to nothing (its target is gone, or it loops)"
    )
    assert [name for name, _ in raw_listing(raw, follow_symlinks=False)] == [JANUARY]


def test_links_are_read_inside_the_raw_directory_and_outside_only_if_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    (raw / "penempatan").mkdir(parents=True)
    inside = write_csv(
        raw / "arsip" / "januari.csv", PLACEMENT_HEADER, placement("A1", "05/01/2024")
    )
    outside = write_csv(tmp_path / "elsewhere.csv", PLACEMENT_HEADER, placement("B1", "05/02/2024"))
    (raw / JANUARY).symlink_to(inside)
    warehouse = tmp_path / "w.duckdb"
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    february = raw / "penempatan" / "penempatan_TESTA_2024-02.csv"
    february.symlink_to(outside)
    assert refused(raw, tmp_path).startswith(f"{february}: [symlink] a symbolic link to {outside}")
    monkeypatch.setenv("RAW_FOLLOW_SYMLINKS", "1")
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    assert query(warehouse, "select id_pmi from raw.penempatan order by 1") == [("A1",), ("B1",)]


def test_a_file_that_cannot_be_opened_is_refused_naming_it(tmp_path: Path) -> None:
    """The readers never let a bare OSError out (discovery refuses a looping link first)."""
    loop = tmp_path / "penempatan_TESTA_2024-01.csv"
    loop.symlink_to(loop)
    with pytest.raises(FeedFileError) as refusal:
        read_csv_text(loop)
    assert str(refusal.value) == (
        f"{loop}: [unreadable] the file cannot be read (Too many levels of symbolic links): "
        "copy it in again"
    )


def test_a_missing_feed_folder_is_an_error_and_an_empty_one_a_delivery(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    result = ingest_feeds(raw, tmp_path / "w.duckdb", {"penempatan"})
    assert not result.success  # an operator's mistake, not a file's: the load stops
    assert failure_text(result.failure_data_for_node("raw_penempatan"), "en") == (
        f"{raw / 'penempatan'}: [missing_folder] the feed folder does not exist: is the raw "
        "directory unmounted or mistyped? (an office with nothing to deliver yet keeps the "
        "folder, empty)"
    )
    (raw / "penempatan").mkdir()
    warehouse = tmp_path / "w.duckdb"
    assert ingest_feeds(raw, warehouse, {"penempatan"}).success
    assert query(warehouse, "select count(*) from raw.penempatan") == [(0,)]


# --- 7. file names printed escaped ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("penempatan_TESTA\n_2024-01.csv", "penempatan_TESTA\\n_2024-01.csv"),
        ("penempatan_\x1b[31mTESTA_2024-01.csv", "penempatan_\\x1b[31mTESTA_2024-01.csv"),
    ],
)
def test_file_names_are_printed_with_control_characters_escaped(
    tmp_path: Path, name: str, shown: str
) -> None:
    raw = tmp_path / "raw"
    write_csv(raw / "penempatan" / name, PLACEMENT_HEADER, placement("A1", "05/01/2024"))
    message = refused(raw, tmp_path)
    assert message.startswith(f"{raw / 'penempatan' / shown}: [file_name] file name does not parse")
    assert "\n" not in message and "\x1b" not in message


# --- 8. workbooks that would take unbounded memory -------------------------------------


def with_part(path: Path, name: str, content: bytes) -> Path:
    """Add a part to a workbook (the zip) written by openpyxl."""
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as book:
        book.writestr(name, content)
    return path


def shared_strings(count: int) -> bytes:
    items = "".join(f"<si><t>S{i:07d}</t></si>" for i in range(count))
    return f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{items}</sst>'.encode()


def test_a_workbook_over_the_uncompressed_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    path = workbook(raw / "kasus" / "kasus_TESTA_2024.xlsx", "Pengaduan", [CASE_HEADER])
    with_part(path, "xl/sharedStrings.xml", shared_strings(120_000))  # 2.4 MB of XML
    monkeypatch.setenv("XLSX_MAX_UNCOMPRESSED_MB", "1")
    message, _ = rejected_load(raw, tmp_path, {"kasus"})
    assert message == (
        f"{path}: [xlsx_too_large] the workbook's parts take 2.8 MB once uncompressed; the "
        "limit is 1 MB (setting XLSX_MAX_UNCOMPRESSED_MB)"
    )
    monkeypatch.delenv("XLSX_MAX_UNCOMPRESSED_MB")  # the default, 100 MB, lets it through
    assert ingest_feeds(raw, tmp_path / "w.duckdb", {"kasus"}).success


def test_a_workbook_part_with_an_absurd_compression_ratio_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    path = workbook(raw / "kasus" / "kasus_TESTA_2024.xlsx", "Pengaduan", [CASE_HEADER])
    with_part(path, "xl/sharedStrings.xml", b"<si><t>" + b"A" * (8 << 20) + b"</t></si>")
    message, _ = rejected_load(raw, tmp_path, {"kasus"})
    assert message.startswith(
        f"{path}: [xlsx_too_large] part 'xl/sharedStrings.xml' claims to expand 8,388,624 bytes "
    )
    assert message.endswith(
        "more than 100 times as no real sheet does (a zip bomb?); the limit is 100 MB "
        "(setting XLSX_MAX_UNCOMPRESSED_MB)"
    )


def test_a_cell_that_only_carries_a_style_is_no_value_however_it_is_written() -> None:
    """openpyxl closes an empty cell at once (`<c ...></c>`) where lxml is installed and
    self-closes it (`<c .../>`) where not; Excel writes either; neither is a value."""
    from pipelines.lib.readers.workbooks import _VALUE_CELL

    empty = (
        b'<c r="XFD1048576" s="1"/>',
        b'<c r="XFD1048576" s="1" t="n"></c>',
        b"<x:c r='B2'> </x:c>",
    )
    assert [_VALUE_CELL.findall(xml) for xml in empty] == [[], [], []]
    assert _VALUE_CELL.findall(b'<c r="C3" t="n"><v>1</v></c>') == [(b"C", b"3")]


def test_a_workbook_with_a_stray_cell_far_away_is_refused(tmp_path: Path) -> None:
    """One value at XFD1048576 would make calamine ask for a grid of 17 billion cells (the
    process aborted); a cell that only carries a style there costs nothing and is fine."""
    raw = tmp_path / "raw"
    path = workbook(raw / "kasus" / "kasus_TESTA_2024.xlsx", "Pengaduan", [CASE_HEADER])
    book = openpyxl.load_workbook(path)
    book.active["XFD1048576"].font = openpyxl.styles.Font(bold=True)
    book.save(path)
    assert ingest_feeds(raw, tmp_path / "w.duckdb", {"kasus"}).success
    book.active["XFD1048576"] = "x"
    book.save(path)
    message, _ = rejected_load(raw, tmp_path, {"kasus"})
    assert message == (
        f"{path}: [xlsx_too_large] sheet part 'xl/worksheets/sheet1.xml' has values as far as "
        "row 1,048,576 and column XFD: 17,179,869,184 cells to hold, more than 1,638,400; "
        "delete the stray cells beyond the data; the limit is 100 MB "
        "(setting XLSX_MAX_UNCOMPRESSED_MB)"
    )


def test_a_workbook_with_a_damaged_sheet_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    path = workbook(raw / "kasus" / "kasus_TESTA_2024.xlsx", "Pengaduan", [CASE_HEADER])
    sheet = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    # Damage the compressed sheet: a byte in the middle of its data.
    start = sheet.header_offset + 30 + len(sheet.filename) + len(sheet.extra)
    data[start + sheet.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    message, _ = rejected_load(raw, tmp_path, {"kasus"})
    assert message == f"{path}: [xlsx_format] not a readable XLSX workbook: a part of it is damaged"


def test_a_workbook_that_is_no_zip_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    path = write_csv(raw / "kasus" / "kasus_TESTA_2024.xlsx", ";".join(CASE_HEADER))
    message, _ = rejected_load(raw, tmp_path, {"kasus"})
    assert message == (
        f"{path}: [xlsx_format] not a readable XLSX workbook: the file is not a zip archive "
        "(an .xls or a CSV file renamed .xlsx?)"
    )
