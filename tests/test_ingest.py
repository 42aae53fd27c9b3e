"""Ingest of small hand-made raw directories: every row loaded or quarantined, with its reason."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.contract.specs import FEEDS
from pipelines.lib.errors import FeedFileError
from pipelines.lib.filenames import PeriodKind, parse_file_name
from pipelines.lib.ingest import BatchWriter
from tests.conftest import ingest_feeds, rejected, write_csv

PLACEMENT_HEADER = (
    "ID_PMI;NIK;NAMA;JENIS_KELAMIN;TANGGAL_PENEMPATAN;UNIT_LAYANAN;JENIS_UNIT;SKEMA;SEKTOR;"
    "NEGARA_TUJUAN;JABATAN;KAB_KOTA_ASAL;P3MI"
)


def placement(id_pmi: str, date: str, sex: str = "P", nik: str = "9912345678901234") -> str:
    return (
        f"{id_pmi};{nik};Nama Contoh;{sex};{date};P4MI Cilacap;BP3MI/P4MI;P to P;Informal;"
        "Hongkong;House Maid;Kab. Cilacap;PT. Contoh"
    )


def run(raw: Path, warehouse: Path, feeds: set[str]) -> dg.ExecuteInProcessResult:
    return ingest_feeds(raw, warehouse, feeds)


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_bad_rows_are_quarantined_with_their_reason(tmp_path: Path) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    write_csv(
        raw / "penempatan" / "penempatan_TESTA_2024-01.csv",
        PLACEMENT_HEADER,
        placement("A1", "05/01/2024"),
        placement("A2", "31/02/2024"),  # no such day
        placement("A3", "05/02/2024"),  # February row in the January file
        placement("A4", "06/01/2024", sex="X"),
        placement("A5", "07/01/2024", nik="12345"),
        placement("A1", "08/01/2024"),  # same id further down
        bom=True,
    )
    write_csv(
        raw / "penempatan" / "penempatan_TESTA_2024-02.csv",
        PLACEMENT_HEADER,
        placement("A1", "01/02/2024"),  # already placed in January
        placement("B1", "02/02/2024"),
    )
    result = run(raw, warehouse, {"penempatan"})
    assert result.success

    assert query(warehouse, "select id_pmi, source_row from raw.penempatan order by all") == [
        ("A1", 2),
        ("B1", 3),
    ]
    quarantined = query(
        warehouse,
        "select source_file, source_row, rule, column_name from audit.quarantine order by all",
    )
    january = "penempatan/penempatan_TESTA_2024-01.csv"
    february = "penempatan/penempatan_TESTA_2024-02.csv"
    assert quarantined == [
        (january, 3, "invalid_date", "TANGGAL_PENEMPATAN"),
        (january, 4, "out_of_period", "TANGGAL_PENEMPATAN"),
        (january, 5, "not_allowed_value", "JENIS_KELAMIN"),
        (january, 6, "bad_format", "NIK"),
        (january, 7, "duplicate", "ID_PMI"),
        (february, 2, "duplicate", "ID_PMI"),
    ]
    ledger = query(
        warehouse,
        "select source_file, rows_read, rows_loaded, rows_quarantined "
        "from audit.file_ledger where status = 'current' order by all",
    )
    assert ledger == [(january, 6, 1, 5), (february, 2, 1, 1)]
    check = result.get_asset_check_evaluations()[0]
    assert check.passed


def test_quarantine_keeps_raw_values_but_no_names(tmp_path: Path) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    write_csv(
        raw / "penempatan" / "penempatan_TESTA_2024-01.csv",
        PLACEMENT_HEADER,
        placement("A2", "31/02/2024"),
    )
    assert run(raw, warehouse, {"penempatan"}).success
    (detail, raw_values) = query(warehouse, "select detail, raw_values from audit.quarantine")[0]
    assert "'31/02/2024'" in detail
    assert '"tanggal_penempatan":"31/02/2024"' in raw_values
    assert "Nama Contoh" not in raw_values
    assert "9912345678901234" not in raw_values


def test_missing_required_column_rejects_the_file(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    header = PLACEMENT_HEADER.replace(";SKEMA", "")
    path = write_csv(raw / "penempatan" / "penempatan_TESTA_2024-01.csv", header)
    result = run(raw, tmp_path / "w.duckdb", {"penempatan"})
    assert result.success  # rejected on its own
    [error] = rejected(tmp_path / "w.duckdb", raw)
    assert f"{path}: [missing_column] required column(s) missing: SKEMA" in error


def test_file_name_that_does_not_parse_is_rejected(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_csv(raw / "penempatan" / "penempatan_TESTA_2024_01.csv", PLACEMENT_HEADER)
    result = run(raw, tmp_path / "w.duckdb", {"penempatan"})
    assert result.success  # rejected on its own
    [error] = rejected(tmp_path / "w.duckdb", raw)
    assert "penempatan_TESTA_2024_01.csv: [file_name]" in error
    assert "penempatan_<OFFICE>_<YYYY-MM>.csv" in error


def test_headers_match_ignoring_case_and_spaces_and_extras_are_reported(tmp_path: Path) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    header = " id_pmi ;Nik;nama;Jenis_Kelamin;tanggal_penempatan;UNIT_LAYANAN;jenis_unit;" + (
        "skema;sektor;negara_tujuan;jabatan;kab_kota_asal;p3mi;CATATAN"
    )
    write_csv(
        raw / "penempatan" / "penempatan_TESTA_2024-01.csv",
        header,
        placement("A1", "05/01/2024") + ";catatan bebas",
    )
    assert run(raw, warehouse, {"penempatan"}).success
    assert query(warehouse, "select count(*) from raw.penempatan") == [(1,)]
    assert query(warehouse, "select extra_columns from audit.file_ledger") == [(["CATATAN"],)]


def test_a_failed_load_leaves_the_previous_tables(tmp_path: Path) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    path = write_csv(
        raw / "penempatan" / "penempatan_TESTA_2024-01.csv",
        PLACEMENT_HEADER,
        placement("A1", "05/01/2024"),
    )
    assert run(raw, warehouse, {"penempatan"}).success
    path.write_text("ID_PMI;NIK\nA9;1\n")
    assert run(raw, warehouse, {"penempatan"}).success  # the new version is rejected alone
    assert query(warehouse, "select id_pmi from raw.penempatan") == [("A1",)]


def test_targets_and_scores_parse_decimal_commas(tmp_path: Path) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    write_csv(
        raw / "target" / "target_kinerja_TESTA.csv",
        "TAHUN;KODE_IKU;DASAR;TRIWULAN;TARGET;SATUAN",
        "2024;IKU1;PK;;35.354;Orang",
        "2024;iku2;pk;1;6,00;%",
        "2024;IKU9;PK;;1;Orang",
    )
    write_csv(
        raw / "tata_kelola" / "nilai_TESTA_2024.csv",
        "TRIWULAN;KODE_IKU;NILAI;PREDIKAT",
        "2;IKU6;96,78;",
        "4;IKU8;76,11;WBK",
        "5;IKU7;97,12;",
    )
    assert run(raw, warehouse, {"target", "tata_kelola"}).success
    assert query(
        warehouse, "select kode_iku, dasar, triwulan, target from raw.target_kinerja order by all"
    ) == [("IKU1", "PK", None, 35354.0), ("IKU2", "PK", 1, 6.0)]
    assert query(warehouse, "select rule, column_name from audit.quarantine order by all") == [
        ("not_allowed_value", "KODE_IKU"),
        ("out_of_range", "TRIWULAN"),
    ]
    assert query(
        warehouse, "select kode_iku, nilai, predikat from raw.tata_kelola_nilai order by all"
    ) == [("IKU6", 96.78, None), ("IKU8", 76.11, "WBK")]


@pytest.mark.parametrize("name", [".penempatan_TESTA_2024-01.csv", "~$pagu_TESTA_2024.xlsx"])
def test_hidden_and_lock_files_are_not_deliveries(tmp_path: Path, name: str) -> None:
    from pipelines.lib.ingest import discover_files

    folder = "anggaran" if name.startswith("~$") else "penempatan"
    (tmp_path / folder).mkdir()
    (tmp_path / folder / name).write_text("junk")
    found = discover_files(tmp_path, FEEDS[folder], follow_symlinks=False)
    assert all(files == [] for files in found.values())


def test_unknown_file_in_a_feed_folder_is_rejected(tmp_path: Path) -> None:
    from pipelines.lib.ingest import discover_files

    (tmp_path / "anggaran").mkdir()
    (tmp_path / "anggaran" / "anggaran_JATENG_2024.csv").write_text("x")
    with pytest.raises(FeedFileError, match=r"anggaran_JATENG_2024.csv: \[file_name\]"):
        discover_files(tmp_path, FEEDS["anggaran"], follow_symlinks=False)


def test_paths_with_pattern_characters_are_read_literally(tmp_path: Path) -> None:
    """A raw directory named like a pattern is read as it is named, not expanded."""
    literal, decoy = tmp_path / "raw[1]", tmp_path / "raw1"
    write_csv(
        literal / "penempatan" / "penempatan_TESTA_2024-01.csv",
        PLACEMENT_HEADER,
        placement("LITERAL", "05/01/2024"),
    )
    write_csv(
        decoy / "penempatan" / "penempatan_TESTA_2024-01.csv",
        PLACEMENT_HEADER,
        placement("DECOY", "05/01/2024"),
    )
    warehouse = tmp_path / "w.duckdb"
    assert run(literal, warehouse, {"penempatan"}).success
    assert query(warehouse, "select id_pmi from raw.penempatan") == [("LITERAL",)]


@pytest.mark.parametrize(
    "name",
    [
        "penempatan_TESTA_2024-01'.csv",
        'penempatan_TESTA_2024-01".csv',
        "penempatan_TESTA_2024-*.csv",
        "penempatan_TESTA_2024-0?.csv",
        "penempatan_TESTA_2024-[01].csv",
        "penempatan_..TESTA_2024-01.csv",
    ],
)
def test_file_names_with_quotes_globs_or_dots_are_rejected(tmp_path: Path, name: str) -> None:
    raw = tmp_path / "raw"
    write_csv(raw / "penempatan" / name, PLACEMENT_HEADER, placement("A1", "05/01/2024"))
    assert run(raw, tmp_path / "w.duckdb", {"penempatan"}).success
    [error] = rejected(tmp_path / "w.duckdb", raw)
    assert error.startswith(f"{raw / 'penempatan' / name}: [file_name]")


def test_batches_are_written_in_order_and_a_failed_write_stops_the_rest(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create table t (batch integer, n integer)")

    def write(cursor: duckdb.DuckDBPyConnection, batch: int, rows: int) -> None:
        cursor.execute("insert into t select ?, range from range(?)", [batch, rows])
        if batch == 3:  # fails after inserting: its rows must go with its transaction
            cursor.execute("insert into t values ('not a number', 0)")

    with BatchWriter(con) as writer:
        for batch in (1, 2):
            writer.submit(write, batch, 1_000)
    assert con.execute("select batch, count(*) from t group by all order by 1").fetchall() == [
        (1, 1_000),
        (2, 1_000),
    ]
    with pytest.raises(duckdb.ConversionException), BatchWriter(con) as writer:
        for batch in (3, 4, 5):
            writer.submit(write, batch, 10)
    # Batch 3 rolled back; 4 and 5 were never written.
    assert con.execute("select max(batch), count(*) from t").fetchall() == [(2, 2_000)]


ORIENTATION_HEADER = "NO;NAMA_CPMI;NIK;JENIS_KELAMIN;NEGARA_TUJUAN;SKEMA;TANGGAL_OPP;LOKASI"


def orientation(no: int, date: str, scheme: str = "P to P", nik: str = "9912345678901234") -> str:
    return f"{no};Nama Contoh;{nik};P;Hongkong;{scheme};{date};LTSA Contoh"


def test_orientation_rows_are_loaded_or_quarantined(tmp_path: Path) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    name = "orientasi/orientasi_TESTA_2025.csv"
    write_csv(
        raw / name,
        ORIENTATION_HEADER,
        orientation(1, "14/01/2025"),
        orientation(2, "31/06/2025"),  # no such day
        orientation(3, "15/12/2024"),  # a 2024 row in the 2025 file
        orientation(4, "15/07/2025", scheme="Lainnya"),
        orientation(5, "15/07/2025", nik="12345"),
        orientation(6, "02/10/2025", nik=""),  # NIK may be empty
    )
    assert run(raw, warehouse, {"orientasi"}).success
    assert query(
        warehouse,
        "select no, tanggal_opp::varchar, skema, nik_pseudonym is null, "
        "nama_cpmi_pseudonym <> 'Nama Contoh' from raw.orientasi order by no",
    ) == [(1, "2025-01-14", "P to P", False, True), (6, "2025-10-02", "P to P", True, True)]
    assert query(
        warehouse, "select source_row, rule, column_name from audit.quarantine order by all"
    ) == [
        (3, "invalid_date", "TANGGAL_OPP"),
        (4, "out_of_period", "TANGGAL_OPP"),
        (5, "not_allowed_value", "SKEMA"),
        (6, "bad_format", "NIK"),
    ]


def test_the_orientation_folder_may_be_missing_but_not_a_contract_feeds(tmp_path: Path) -> None:
    """``orientasi`` is not every office's delivery yet: no folder is no files. A feed of the
    source systems' contract without its folder still stops the refresh."""
    from pipelines.lib.ingest import discover_files

    assert discover_files(tmp_path, FEEDS["orientasi"], follow_symlinks=False) == {"orientasi": []}
    with pytest.raises(FeedFileError, match=r"\[missing_folder\]"):
        discover_files(tmp_path, FEEDS["pemberdayaan"], follow_symlinks=False)


@pytest.mark.parametrize(
    ("name", "kind", "meant"),
    [
        ("narasi_jateng_2024.xlsx", "year", "narasi_JATENG_2024.xlsx"),
        ("narasi_JATENG_2024 (1).xlsx", "year", "narasi_JATENG_2024.xlsx"),
        ("narasi JATENG 2024 - Copy.XLSX", "year", "narasi_JATENG_2024.xlsx"),
        ("penempatan_TESTA_2024_01.csv", "month", "penempatan_TESTA_2024-01.csv"),
        ("target_kinerja_jateng_2024.xlsx", "year", "target_kinerja_JATENG_2024.xlsx"),
        ("narasi_JATENG.xlsx", "year", None),  # no year: nothing to guess
    ],
)
def test_a_misnamed_file_is_told_the_name_it_likely_meant(
    name: str, kind: PeriodKind, meant: str | None
) -> None:
    """A clerk's usual slips (the office in small letters, the " (1)" of a download,
    spaces) are rejected as before, and the rejection names the name that would be read."""
    prefix, ext = name.split("_")[0].split()[0], name.rpartition(".")[2].lower()
    prefix = "target_kinerja" if prefix == "target" else prefix
    with pytest.raises(FeedFileError) as rejected_file:
        parse_file_name(Path(name), prefix, kind, ext)
    said = rejected_file.value.message.render("id")
    assert said.startswith("nama berkas tidak sesuai pola")
    if meant:
        assert said.endswith(f"; mungkin maksudnya '{meant}'?")
        parse_file_name(Path(meant), prefix, kind, ext)  # read as it is
    else:
        assert "mungkin" not in said
