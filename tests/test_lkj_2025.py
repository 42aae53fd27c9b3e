"""A 2025 LKj under the (illustrative) 2025-2029 Renstra, against figures computed from the
generated rows (tests/sample_2025.py), not from the warehouse's own output.

The same office's 2024 follows the 2020-2024 set: one warehouse holds both periods, and a
code means what its year's period declares (IKU2: a reduction in 2024, a share of cases
resolved in 2025; IKU6: the NKA score in 2024, an orientation count in 2025).
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from pipelines.indicators import renstra
from pipelines.lkj import outline
from tests.conftest import build_warehouse
from tests.sample_2025 import (
    KNOWN_2025,
    OFFICE,
    expected_realisations,
    feed_rows,
    generate_sample_2025,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, pseudonym_key_file: Path):
    root = tmp_path_factory.mktemp("lkj_2025")
    raw = root / "raw"
    generate_sample_2025(raw)
    path = root / "warehouse.duckdb"
    result = build_warehouse(path, raw)
    assert result.success
    return raw, path


def _rows(path: Path, sql: str, params: list) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_every_2025_indicator_is_realised_as_the_rows_say(built) -> None:
    raw, path = built
    expected = expected_realisations(raw)
    quarterly = _rows(
        path,
        "select indicator_code, quarter, realisation from marts.fct_kpi_quarterly "
        "where office_code = ? and year = 2025 order by 1, 2",
        [OFFICE],
    )
    annual = dict(
        _rows(
            path,
            "select indicator_code, realisation from marts.fct_kpi_annual "
            "where office_code = ? and year = 2025 and target_basis = 'PK'",
            [OFFICE],
        )
    )
    assert set(annual) == {i.code for i in renstra().for_year(2025)}
    assert set(annual) >= set(expected) >= KNOWN_2025
    for code, quarter, realisation in quarterly:
        assert realisation == pytest.approx(expected[code][quarter - 1]), (code, quarter)
    for code, figures in expected.items():
        assert annual[code] == pytest.approx(figures[4]), code


def test_2024_keeps_the_2020_2024_meaning_of_a_reused_code(built) -> None:
    """IKU2 of 2024: (cases of 2023, from the historical file, - cases of 2024) / 2023."""
    raw, path = built
    [history] = [
        row for row in _historical_rows(raw) if row["TAHUN"] == "2023" and row["KODE_IKU"] == "IKU2"
    ]
    cases_2023 = int(history["JUMLAH_KASUS"].replace(".", ""))
    cases_2024 = len(feed_rows(raw, "kasus", OFFICE, 2024))
    ((iku2, source),) = _rows(
        path,
        "select realisation, realisation_source from marts.fct_kpi_annual "
        "where office_code = ? and year = 2024 and indicator_code = 'IKU2' "
        "and target_basis = 'PK'",
        [OFFICE],
    )
    assert source == "records"
    assert iku2 == pytest.approx((cases_2023 - cases_2024) / cases_2023 * 100)
    names = dict(
        _rows(
            path,
            "select year, indicator_name from marts.fct_kpi_annual "
            "where office_code = ? and indicator_code = 'IKU6' and target_basis = 'PK'",
            [OFFICE],
        )
    )
    assert names[2024] == "Nilai Capaian Kinerja Anggaran"
    assert names[2025].startswith("Calon Pekerja Migran Indonesia yang Mengikuti Orientasi")


def _historical_rows(raw: Path) -> list[dict]:
    """The historical file (one per office, no period in its name)."""
    [path] = (raw / "historis").glob(f"*_{OFFICE}.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_no_row_of_the_sample_is_left_uncounted(built) -> None:
    """The generator writes 2025 scores only for the scores of 2025-2029."""
    _, path = built
    assert (
        _rows(
            path,
            "select * from marts.dq_findings where check_name = 'undeclared_indicator'",
            [],
        )
        == []
    )


def test_the_2025_lkj_numbers_its_tables_from_the_declaration(built) -> None:
    _, path = built
    report = path.parent / "reports" / f"{OFFICE}_2025" / f"lkj_{OFFICE}_2025.xlsx"
    workbook = load_workbook(report, read_only=True)
    keys = outline.table_keys(2025)
    assert keys != outline.table_keys(2024)
    text = "\n".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )
    for indicator in renstra().for_year(2025):
        assert indicator.name in text, indicator.code
    last = 6 + sum(len(i.tables) for i in renstra().for_year(2025))
    assert f"Tabel {last + 2}" in text  # the budget's second table closes the numbering
    assert f"Tabel {last + 3}" not in text
    # Tabel 5's note says what a 2025 IKU 2 is (a share), not the 2024 one (a reduction).
    assert "IKU 2: persentase kumulatif sejak 1 Januari" in text
    assert "perubahan kasus kumulatif" not in text
