"""A spelling a reference list does not know loads, counts, and is a warning and a finding.

The small office (tests/fixtures/small_office) with two placements more in April,
to ``Taiwn`` and ``Wakanda``: both count (IKU 1 is 7, not 5), both are warned of
(rows 4 and 5 of the April file), ``Taiwn`` with ``Taiwan`` suggested, ``Wakanda``
with nothing (its nearest known spelling, ``belanda``, is far:
``reference.SUGGESTION_CUTOFF``); corrected, both warnings and findings go.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from pipelines.lib.ingest import reference
from pipelines.lib.ingest.reference import ValueWarning, file_warnings
from tests.conftest import IKU4_2025, build_warehouse, ingest_feeds, one

APRIL = "penempatan/penempatan_TESTB_2025-04.csv"
IKU1_2025 = IKU4_2025.replace("IKU4", "IKU1")
TWO_MORE = (
    "T-006;9900000000000106;Contoh Enam;P;04/04/2025;LTSA Contoh;LTSA/MPP;P to P;Informal;"
    "Taiwn;Caregiver;Kab. Contoh;PT. Contoh Jaya\n"
    "T-007;9900000000000107;Contoh Tujuh;L;05/04/2025;LTSA Contoh;LTSA/MPP;P to P;Formal;"
    " wakanda ;Caregiver;Kab. Contoh;PT. Contoh Jaya\n"
)


def findings(path: Path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "select year, subject, actual, detail, detail_id from marts.dq_findings "
            "where check_name = 'unknown_value' order by subject"
        ).fetchall()


def warnings(path: Path, source_file: str = APRIL) -> list[ValueWarning]:
    with duckdb.connect(str(path), read_only=True) as con:
        return file_warnings(con, source_file)


def test_an_unknown_country_counts_and_is_a_warning_until_corrected(
    raw: Path, published: Path
) -> None:
    april = raw / APRIL
    april.write_text(april.read_text() + TWO_MORE)
    assert build_warehouse(published, raw).success

    assert one(published, IKU1_2025) == 7  # both placements count
    with duckdb.connect(str(published), read_only=True) as con:
        ledger = con.execute(
            "select rows_read, rows_loaded, rows_quarantined from audit.file_ledger "
            "where source_file = ? and status = 'current'",
            [APRIL],
        ).fetchall()
    assert ledger == [(4, 4, 0)]
    taiwn, wakanda = warnings(published)
    assert (taiwn.source_row, taiwn.column_name, taiwn.value, taiwn.suggestion) == (
        4,
        "NEGARA_TUJUAN",
        "Taiwn",
        "Taiwan",
    )
    assert taiwn.detail_id == (
        "NEGARA_TUJUAN: 'Taiwn' tidak ada dalam daftar negara; mungkin maksudnya 'Taiwan'? "
        "Perbaiki berkasnya, atau tambahkan ejaan ini ke dbt_project/seeds/country_spellings.csv "
        "bila memang benar"
    )
    assert "did you mean 'Taiwan'?" in taiwn.detail
    # the cell is trimmed as every text cell is; the lookup ignores case
    assert (wakanda.source_row, wakanda.value, wakanda.suggestion) == (5, "wakanda", None)
    assert "mungkin" not in wakanda.detail_id

    (taiwn_finding, wakanda_finding) = findings(published)
    assert taiwn_finding[:3] == (2025, "penempatan.NEGARA_TUJUAN: Taiwn", 1)
    assert taiwn_finding[4].endswith(f"Jumlah baris: 1, yang pertama di {APRIL} baris 4.")
    assert taiwn_finding[3].endswith(f"Rows: 1, the first in {APRIL} row 4.")
    assert wakanda_finding[:3] == (2025, "penempatan.NEGARA_TUJUAN: wakanda", 1)

    april.write_text(april.read_text().replace("Taiwn", "Taiwan").replace(" wakanda ", "Jepang"))
    assert build_warehouse(published, raw).success
    assert one(published, IKU1_2025) == 7
    assert warnings(published) == []
    assert findings(published) == []


# Slow (two refreshes); the warnings leave with their file's rows as quarantined rows do
# (forget_files), which test_an_unknown_country_counts... shows on a correction: CI runs it.
@pytest.mark.slow
def test_the_file_leaving_takes_its_warnings(raw: Path, published: Path) -> None:
    april = raw / APRIL
    april.write_text(april.read_text() + TWO_MORE)
    assert build_warehouse(published, raw).success
    assert len(warnings(published)) == 2
    april.unlink()
    assert build_warehouse(published, raw).success
    assert one(published, "select count(*) from audit.value_warnings") == 0
    assert findings(published) == []


def test_a_case_type_and_a_country_of_another_feed(raw: Path, tmp_path: Path) -> None:
    """Cases: a misspelt case type; a 'Lain-lain (…)' type is known (its category is
    Lain-lain). Repatriations: a misspelt country."""
    cases = raw / "kasus" / "kasus_TESTB_2025.xlsx"
    book = load_workbook(cases)
    sheet = book["Pengaduan"]
    sheet["E3"] = "PMI sakitt"  # row 3: K-2
    sheet["E4"] = "Lain-lain (masalah keluarga)"  # row 4: K-3
    book.save(cases)
    repatriations = raw / "pemulangan" / "pemulangan_TESTB_2025.csv"
    repatriations.write_text(repatriations.read_text().replace("Malaysia", "Malaysa"))
    path = tmp_path / "warehouse.duckdb"
    assert ingest_feeds(raw, path, {"kasus", "pemulangan"}).success

    [case_type] = warnings(path, "kasus/kasus_TESTB_2025.xlsx")
    assert (case_type.source_row, case_type.column_name, case_type.suggestion) == (
        3,
        "JENIS_KASUS",
        "pmi sakit",
    )
    assert "tidak ada dalam daftar jenis kasus; mungkin maksudnya 'pmi sakit'?" in (
        case_type.detail_id
    )
    [country] = warnings(path, "pemulangan/pemulangan_TESTB_2025.csv")
    assert (country.source_row, country.value, country.suggestion) == (2, "Malaysa", "Malaysia")
    assert one(path, "select count(*) from raw.kasus") == 4  # nothing quarantined
    assert one(path, "select count(*) from raw.pemulangan") == 3


@pytest.fixture
def seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seeds the ingest reads its lists from, to add a spelling to."""
    folder = Path(shutil.copytree(reference.SEEDS, tmp_path / "seeds"))
    monkeypatch.setattr(reference, "SEEDS", folder)
    return folder


def test_a_spelling_added_to_the_list_takes_its_warnings_away(
    raw: Path, tmp_path: Path, seeds: Path
) -> None:
    april = raw / APRIL
    april.write_text(april.read_text() + TWO_MORE)
    path = tmp_path / "warehouse.duckdb"
    assert ingest_feeds(raw, path, {"penempatan"}).success
    assert [w.value for w in warnings(path)] == ["Taiwn", "wakanda"]

    spellings = seeds / "country_spellings.csv"
    spellings.write_text(spellings.read_text() + "taiwn,TW,Taiwan\n")
    assert ingest_feeds(raw, path, {"penempatan"}).success  # the file itself is unchanged
    assert [w.value for w in warnings(path)] == ["wakanda"]
