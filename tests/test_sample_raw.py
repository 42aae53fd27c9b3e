"""The committed 2024 sample of BP3MI Jawa Tengah, loaded: the report's counts, row for row.

The warehouse is built once per test session from the sample as its generator
writes it (the ``sample_raw`` fixture: never the project's ``raw/``, where an
operator may have dropped files) by materialising the real Dagster assets into
a temporary DuckDB file. Expected figures come
from the published LKj (``tests/published_lkj_2024.py`` and the Tabel cited
at each test) or are counted straight from the sample files.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest

from tests.published_lkj_2024 import LAMPIRAN_II, LAMPIRAN_III


@pytest.fixture(scope="module")
def con(warehouse: Path):
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        yield connection


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_lampiran_ii_every_cell(con: duckdb.DuckDBPyConnection) -> None:
    """Month x kind of service point x scheme group x sector x sex, as Lampiran II prints it."""
    counted = {
        (month, unit, group, sector, sex): n
        for month, unit, group, sector, sex, n in rows(
            con,
            """
            select
                month(tanggal_penempatan),
                jenis_unit,
                if(skema in ('Mandiri', 'Pelaut'), 'TKI Mandiri / Pelaut', 'TKI Reguler'),
                sektor,
                jenis_kelamin,
                count(*)
            from raw.penempatan
            group by all
            """,
        )
    }
    layout = itertools.product(
        ("BP3MI/P4MI", "LTSA/MPP"),
        ("TKI Mandiri / Pelaut", "TKI Reguler"),
        ("Formal", "Informal"),
        ("L", "P"),
    )
    cells = list(layout)
    for month, published in LAMPIRAN_II.items():
        got = tuple(counted.get((month, *cell), 0) for cell in cells)
        assert got == published, f"month {month}"
    assert sum(counted.values()) == 25207


def test_lampiran_ii_month_totals(con: duckdb.DuckDBPyConnection) -> None:
    """The TOTAL column of Lampiran II's month rows."""
    published = [2355, 1977, 2078, 2115, 2264, 1979, 2311, 2184, 2125, 2267, 1753, 1799]
    got = rows(
        con,
        "select count(*) from raw.penempatan group by month(tanggal_penempatan) order by 1 * "
        "month(tanggal_penempatan)",
    )
    assert [n for (n,) in got] == published


def test_lampiran_iii_per_country_and_type_as_typed(con: duckdb.DuckDBPyConnection) -> None:
    expected = Counter()
    for country, case_type, n in LAMPIRAN_III:
        expected[(country, case_type)] += n
    got = Counter(
        {
            (c, t): n
            for c, t, n in rows(
                con, "select negara, jenis_kasus, count(*) from raw.kasus group by all"
            )
        }
    )
    assert got == expected
    per_country = Counter(
        {c: n for c, n in rows(con, "select negara, count(*) from raw.kasus group by all")}
    )
    assert per_country["Arab Saudi"] == 6
    assert per_country["Saudi Arabia"] == 1
    assert per_country["Malaysia"] == 27
    assert sum(per_country.values()) == 128


def test_cases_per_quarter_and_open(con: duckdb.DuckDBPyConnection) -> None:
    """Tabel 5 (33, 22, 31, 42 cases) and the text: 48 still in process."""
    got = rows(
        con, "select quarter(tanggal_pengaduan), count(*) from raw.kasus group by 1 order by 1"
    )
    assert got == [(1, 33), (2, 22), (3, 31), (4, 42)]
    assert rows(con, "select count(*) from raw.kasus where status = 'Proses'") == [(48,)]


def test_preventions_lampiran_iv(con: duckdb.DuckDBPyConnection) -> None:
    """62 persons: one on 26 March, 61 in the second quarter (Tabel 5: 1 and 61)."""
    assert rows(con, "select count(*) from raw.pencegahan") == [(62,)]
    assert rows(con, "select tanggal from raw.pencegahan where no = 1") == [(dt.date(2024, 3, 26),)]
    got = rows(con, "select quarter(tanggal), count(*) from raw.pencegahan group by 1 order by 1")
    assert got == [(1, 1), (2, 61)]
    assert rows(
        con, "select count(*) filter (where l), count(*) filter (where p) from raw.pencegahan"
    ) == [(61, 1)]


def test_repatriations_per_quarter(con: duckdb.DuckDBPyConnection) -> None:
    """Tabel 5: 56, 41, 33, 44 (174 in Tabel 6)."""
    got = rows(con, "select quarter(tanggal), count(*) from raw.pemulangan group by 1 order by 1")
    assert got == [(1, 56), (2, 41), (3, 33), (4, 44)]


def test_empowerment_per_quarter(con: duckdb.DuckDBPyConnection) -> None:
    """Tabel 5: 120 participants in the third quarter, 40 in the fourth."""
    got = rows(
        con,
        "select quarter(tanggal_kegiatan), count(*) from raw.pemberdayaan group by 1 order by 1",
    )
    assert got == [(3, 120), (4, 40)]


def test_budget_sums(con: duckdb.DuckDBPyConnection) -> None:
    """Tabel 3, 4 and 24: ceilings and realisation per goal; the DIPA totals of the text."""
    got = rows(
        con,
        """
        select p.sasaran, p.pagu_awal, p.pagu_setelah_aa, sum(r.realisasi)
        from raw.anggaran_pagu as p
        inner join raw.anggaran_realisasi as r using (office_code, kode_kegiatan)
        group by all
        order by 1
        """,
    )
    assert got == [
        ("SS1", Decimal("7760019000.00"), Decimal("5382419000.00"), Decimal("5018354188.00")),
        ("SS2", Decimal("9710722000.00"), Decimal("8139422000.00"), Decimal("7963237556.00")),
    ]
    assert rows(con, "select pagu_awal_total, pagu_setelah_aa_total from raw.anggaran_dipa") == [
        (Decimal("17820741000.00"), Decimal("13488991000.00"))
    ]
    assert rows(con, "select count(distinct bulan) from raw.anggaran_realisasi") == [(12,)]


def test_governance_scores_of_tabel_5(con: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        con,
        "select kode_iku, triwulan, nilai, predikat from raw.tata_kelola_nilai order by 1, 2",
    )
    assert got == [
        ("IKU6", 2, 96.78, None),
        ("IKU6", 3, 99.0, None),
        ("IKU6", 4, 86.06, None),
        ("IKU7", 1, 96.02, None),
        ("IKU7", 2, 94.84, None),
        ("IKU7", 3, 96.73, None),
        ("IKU7", 4, 97.12, None),
        ("IKU8", 1, 94.04, "WBBM"),
        ("IKU8", 2, 72.72, "WBK"),
        ("IKU8", 3, 72.72, "WBK"),
        ("IKU8", 4, 76.11, "WBK"),
    ]


def test_ikpa_components_give_the_published_score(con: duckdb.DuckDBPyConnection) -> None:
    """The appendix's components and weights; their weighted mean is the 97,12 of Tabel 22."""
    [(score, components)] = rows(
        con, "select sum(nilai * bobot) / sum(bobot), count(*) from raw.tata_kelola_ikpa"
    )
    assert components == 7
    assert score == pytest.approx(97.12, abs=0.01)


def test_targets_of_every_basis(con: duckdb.DuckDBPyConnection) -> None:
    def targets(where: str) -> list[float]:
        sql = f"select target from raw.target_kinerja where {where} order by kode_iku, triwulan"
        return [t for (t,) in rows(con, sql)]

    # Tabel 3 (PK) and Tabel 4 (DIPA after AA), IKU1..IKU8.
    assert targets("tahun = 2024 and dasar = 'PK' and triwulan is null") == [
        35354,
        6,
        150,
        97,
        320,
        88,
        95,
        85,
    ]
    assert targets("tahun = 2024 and dasar = 'DIPA_AA' and triwulan is null") == [
        23500,
        6,
        150,
        65,
        160,
        88,
        95,
        85,
    ]
    # Tabel 5's quarterly phasing of IKU1 and IKU5.
    assert targets("tahun = 2024 and kode_iku = 'IKU1' and triwulan is not null") == [
        6000,
        10250,
        12000,
        7104,
    ]
    assert targets("tahun = 2024 and kode_iku = 'IKU5' and triwulan is not null") == [
        0,
        0,
        120,
        200,
    ]
    # Tabel 8, 12, 14, 16, 19: PK targets 2021-2023; Tabel 20: IKU5 on the DIPA basis.
    assert targets("tahun < 2024 and dasar = 'PK' and kode_iku = 'IKU1' order by tahun--") == [
        27250,
        10000,
        20000,
    ]
    assert targets("tahun < 2024 and dasar = 'DIPA_AA' and kode_iku = 'IKU5' order by tahun--") == [
        180,
        20,
        40,
    ]


def test_historical_realisations(con: duckdb.DuckDBPyConnection) -> None:
    """Tabel 8, 12, 14, 16, 19 for 2021-2023; 134 cases in 2023 (IKU 2 text)."""
    got = {
        (year, code): value
        for year, code, value in rows(
            con, "select tahun, kode_iku, realisasi from raw.realisasi_historis"
        )
    }
    assert [got[(y, "IKU1")] for y in (2021, 2022, 2023)] == [4385, 16153, 25569]
    assert [got[(y, "IKU2")] for y in (2021, 2022, 2023)] == pytest.approx([7.28, 27.3, 23.86])
    assert [got[(y, "IKU3")] for y in (2021, 2022, 2023)] == [4, 0, 14]
    assert [got[(y, "IKU4")] for y in (2021, 2022, 2023)] == [168, 123, 211]
    assert [got[(y, "IKU5")] for y in (2021, 2022, 2023)] == [180, 20, 40]
    assert rows(
        con,
        "select jumlah_kasus from raw.realisasi_historis where tahun = 2023 and kode_iku = 'IKU2'",
    ) == [(134,)]


PERSONAL_COLUMNS = {"NAMA", "NAMA_PMI", "NAMA_PESERTA", "NIK"}


def _data_rows_in_file(path: Path) -> int:
    """Rows under the header, counted without the pipeline's readers."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return sum(1 for _ in csv.reader(handle, delimiter=";")) - 1
    workbook = openpyxl.load_workbook(path, read_only=True)
    return sum(
        sum(1 for row in sheet.iter_rows(min_row=2, values_only=True) if any(row))
        for sheet in workbook.worksheets
    )


def test_every_sample_row_is_loaded(con: duckdb.DuckDBPyConnection, sample_raw: Path) -> None:
    ledger = {
        f: (read, loaded, quarantined)
        for f, read, loaded, quarantined in rows(
            con,
            "select source_file, sum(rows_read), sum(rows_loaded), sum(rows_quarantined) "
            "from audit.file_ledger where status = 'current' group by 1",
        )
    }
    files = sorted(p for p in sample_raw.glob("*/*") if p.suffix in {".csv", ".xlsx"})
    assert len(files) == 22
    for path in files:
        name = path.relative_to(sample_raw).as_posix()
        read, loaded, quarantined = ledger[name]
        assert read == _data_rows_in_file(path), name
        assert (loaded, quarantined) == (read, 0), name
    assert rows(con, "select count(*) from audit.quarantine") == [(0,)]


def test_no_name_or_nik_of_the_sample_in_clear(
    con: duckdb.DuckDBPyConnection, sample_raw: Path
) -> None:
    """Every name and NIK of the sample files is absent from every text column."""
    personal: set[str] = set()
    for path in sample_raw.glob("*/*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for record in csv.DictReader(handle, delimiter=";"):
                personal |= {v.strip() for k, v in record.items() if k in PERSONAL_COLUMNS and v}
    for path in sample_raw.glob("*/*.xlsx"):
        for sheet in openpyxl.load_workbook(path, read_only=True).worksheets:
            values = list(sheet.iter_rows(values_only=True))
            columns = [i for i, h in enumerate(values[0]) if h in PERSONAL_COLUMNS]
            personal |= {str(r[i]).strip() for r in values[1:] for i in columns if r[i]}
    assert len(personal) > 25_000
    con.execute("create or replace temp table personal_values (v varchar)")
    con.executemany("insert into personal_values values (?)", [(v,) for v in personal])
    text_columns = rows(
        con,
        "select table_schema, table_name, column_name from information_schema.columns "
        "where data_type in ('VARCHAR', 'JSON') "
        "and table_schema not in ('information_schema', 'pg_catalog') "
        "and table_catalog <> 'temp'",
    )
    assert {schema for schema, _, _ in text_columns} >= {"raw", "audit", "staging", "marts"}
    for schema, table, column in text_columns:
        sql = (
            f'select count(*) from "{schema}"."{table}" '
            f'where "{column}"::varchar in (select v from personal_values)'
        )
        assert rows(con, sql) == [(0,)], f"{schema}.{table}.{column}"
