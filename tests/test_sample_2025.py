"""The generator's 2025: the 2025-2029 indicator set's feeds and targets, deterministically.

The sample is one synthetic office for 2024 and 2025 (``tests/sample_2025.py``): 2024
follows the 2020-2024 set, 2025 the illustrative 2025-2029 one. What is checked is read
from the written files and compared with the declaration in ``dbt_project.yml``.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import duckdb
import pytest

from pipelines.contract.specs import ORIENTASI
from pipelines.indicators import renstra
from tests.conftest import build_warehouse
from tests.sample_2025 import (
    KNOWN_2025,
    OFFICE,
    expected_realisations,
    feed_rows,
    generate_sample_2025,
    quarterly_counts,
    resolved_cases,
)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("sample_2025") / "raw"
    return out, generate_sample_2025(out)


def digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def target_rows(raw: Path) -> list[dict[str, str]]:
    with (raw / "target" / f"target_kinerja_{OFFICE}.csv").open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_the_2025_sample_is_the_same_every_time(sample, tmp_path: Path) -> None:
    out, _ = sample
    generate_sample_2025(tmp_path / "again")
    assert digests(tmp_path / "again") == digests(out)


def test_orientation_files_only_where_the_period_counts_them(sample) -> None:
    out, plan = sample
    assert sorted(p.name for p in (out / "orientasi").iterdir()) == [f"orientasi_{OFFICE}_2025.csv"]
    with (out / "orientasi" / f"orientasi_{OFFICE}_2025.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle, delimiter=";"))
    assert header == [column.name for column in ORIENTASI.columns]
    rows = feed_rows(out, "orientasi", OFFICE, 2025)
    assert len(rows) == plan.rows_written[f"orientasi/orientasi_{OFFICE}_2025.csv"] > 100
    assert all(str(row["NIK"]).startswith("99") for row in rows)  # synthetic NIKs
    # Each quarter has sessions, so every quarter of IKU6 has a realisation.
    assert all(count > 0 for count in quarterly_counts(out, "orientasi", OFFICE, 2025))


def test_targets_are_those_of_each_years_period(sample) -> None:
    out, _ = sample
    rows = target_rows(out)
    for year in (2024, 2025):
        declared = {i.code: i.unit for i in renstra().for_year(year)}
        of_year = [r for r in rows if r["TAHUN"] == str(year)]
        for basis in ("PK", "DIPA_AA"):
            annual = {r["KODE_IKU"] for r in of_year if r["DASAR"] == basis and not r["TRIWULAN"]}
            assert annual == set(declared), (year, basis)
        for quarter in "1234":
            phased = {r["KODE_IKU"]: r["SATUAN"] for r in of_year if r["TRIWULAN"] == quarter}
            assert phased == declared, (year, quarter)
    pk_2025 = {
        r["KODE_IKU"]: r["TARGET"]
        for r in rows
        if r["TAHUN"] == "2025" and r["DASAR"] == "PK" and not r["TRIWULAN"]
    }
    assert pk_2025["IKU2"] == "80,00"  # a share of cases resolved, in %
    orientations = sum(quarterly_counts(out, "orientasi", OFFICE, 2025))
    assert int(pk_2025["IKU6"].replace(".", "")) == round(orientations * 1.05)  # OPP count


def test_scores_only_for_the_scored_indicators_of_2025(sample) -> None:
    out, _ = sample
    scored = {i.code for i in renstra().for_year(2025) if i.kind == "score"}
    assert scored == {"IKU7", "IKU8"}
    with (out / "tata_kelola" / f"nilai_{OFFICE}_2025.csv").open(encoding="utf-8") as handle:
        codes = {row["KODE_IKU"] for row in csv.DictReader(handle, delimiter=";")}
    assert codes == scored
    with (out / "tata_kelola" / f"nilai_{OFFICE}_2024.csv").open(encoding="utf-8") as handle:
        codes_2024 = {row["KODE_IKU"] for row in csv.DictReader(handle, delimiter=";")}
    assert codes_2024 == {"IKU6", "IKU7", "IKU8"}


def test_cases_carry_a_realistic_share_resolved(sample) -> None:
    out, plan = sample
    quarters = resolved_cases(out, OFFICE, 2025)
    resolved, received = quarters[-1]
    assert received == plan.rows_written[f"kasus/kasus_{OFFICE}_2025.xlsx"] >= 10
    assert 0.3 * received <= resolved < received  # some still in process at the export
    assert [q[1] for q in quarters] == sorted(q[1] for q in quarters)  # cumulative


def test_the_figures_a_2025_lkj_must_show_come_from_the_rows(sample) -> None:
    out, plan = sample
    expected = expected_realisations(out)
    assert set(expected) >= KNOWN_2025
    # A count's year is all its rows (the sample has no faulty rows).
    for code, feed in (("IKU1", "penempatan"), ("IKU5", "pemberdayaan"), ("IKU6", "orientasi")):
        written = sum(
            v for k, v in plan.rows_written.items() if k.startswith(f"{feed}/") and "2025" in k
        )
        assert expected[code][4] == written, code
    resolved, received = resolved_cases(out, OFFICE, 2025)[-1]
    assert expected["IKU2"][4] == pytest.approx(100 * resolved / received)


def test_the_orientations_staging_model_holds_every_row_by_quarter(sample, tmp_path: Path) -> None:
    """A refresh of the 2025 sample loads every orientation row; stg_raw__orientations dates
    them to the quarters the files say."""
    out, _ = sample
    path = tmp_path / "warehouse.duckdb"
    build_warehouse(path, out)  # the KPI marts are another test's business
    with duckdb.connect(str(path), read_only=True) as con:
        by_quarter = con.execute(
            "select quarter, count(*), count(destination_country_key) "
            "from staging.stg_raw__orientations "
            "where office_code = ? and year = 2025 group by quarter order by quarter",
            [OFFICE],
        ).fetchall()
        columns = [
            name
            for (name,) in con.execute(
                "select column_name from information_schema.columns "
                "where table_name = 'stg_raw__orientations' order by ordinal_position"
            ).fetchall()
        ]
    counts = quarterly_counts(out, "orientasi", OFFICE, 2025)
    assert [(q, n) for q, n, _ in by_quarter] == list(enumerate(counts, start=1))
    assert all(keys == n for _, n, keys in by_quarter)  # every row has its country's key
    assert columns == [
        "office_code",
        "list_number",
        "worker_name_pseudonym",
        "worker_nik_pseudonym",
        "sex",
        "destination_country_as_typed",
        "destination_country_key",
        "scheme",
        "location",
        "year",
        "quarter",
        "month",
        "orientation_date",
        "source_file",
        "source_row",
    ]
