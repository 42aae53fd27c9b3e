"""The national-scale generator writes contract files, deterministically, that a refresh loads.

A tiny set (two offices, two years, scale 0.01, so about 250 placements per
office-year) keeps these tests quick; the benchmark in ``bench/`` uses the
same code at millions of rows.
"""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from pipelines.contract.specs import FEEDS
from pipelines.lib.filenames import parse_file_name
from pipelines.lkj.lkj_data import load_lkj, office_name
from pipelines.sample.generate_offices import OFFICE_CODES, generate, office_codes, parse_years
from tests.conftest import PROJECT_ROOT, build_warehouse

OFFICES = ["JATIM", "NTB"]
YEARS = [2023, 2024]
SCALE = 0.01
BAD_RATE = 0.02  # high, so that a tiny set has enough faults to count


def digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("national") / "raw"
    plan = generate(out, OFFICES, YEARS, SCALE, bad_rate=BAD_RATE)
    return out, plan


def test_two_runs_of_the_command_are_byte_identical(tmp_path: Path) -> None:
    runs = []
    for name in ("a", "b"):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pipelines.sample.generate_offices",
                "--out",
                str(tmp_path / name),
                "--offices",
                "2",
                "--years",
                "2023-2024",
                "--scale",
                "0.01",
                "--seed",
                "fixed",
            ],
            cwd=PROJECT_ROOT,
            check=True,
            capture_output=True,
        )
        runs.append(digests(tmp_path / name))
    assert runs[0] == runs[1]
    assert len(runs[0]) == 2 * 2 * (12 + 8) + 2 * 2  # 20 files per office-year, 2 per office


def test_another_seed_writes_other_rows(tmp_path: Path) -> None:
    generate(tmp_path / "a", ["JATIM"], [2024], SCALE, seed="one")
    generate(tmp_path / "b", ["JATIM"], [2024], SCALE, seed="two")
    name = "penempatan/penempatan_JATIM_2024-01.csv"
    assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "b" / name).read_bytes()


def test_office_codes_and_years() -> None:
    assert office_codes(3) == ["JATIM", "JABAR", "NTB"]
    codes = office_codes(40)
    assert len(set(codes)) == 40
    assert all(3 <= len(c) <= 8 and c.isalpha() and c.isupper() for c in codes)
    assert "JATENG" not in codes  # the published sample's office
    assert parse_years("2015-2024") == list(range(2015, 2025))


def test_every_file_is_named_and_headed_as_the_contract_says(tiny) -> None:
    out, plan = tiny
    specs = [spec for specs in FEEDS.values() for spec in specs]
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        owners = [
            s for s in specs if s.feed == path.parent.name and path.name.startswith(f"{s.prefix}_")
        ]
        assert owners, path
        for spec in owners:
            identity = parse_file_name(path, spec.prefix, spec.period, spec.ext)
            assert identity.office_code in OFFICES
            expected = [c.name for c in spec.columns]
            if spec.ext == "csv":
                with path.open(encoding="utf-8-sig", newline="") as handle:
                    header = next(csv.reader(handle, delimiter=";", quotechar='"'))
            else:
                sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(spec.sheet)
                header = sheet.to_python()[0]
            assert header == expected, path
    monthly = sorted((out / "penempatan").iterdir())
    assert len(monthly) == len(OFFICES) * len(YEARS) * 12
    placements = sum(plan.placements.values())
    assert placements == round(len(OFFICES) * len(YEARS) * 25_000 * SCALE)


def test_personal_data_is_synthetic(tiny) -> None:
    out, _ = tiny
    rows = []
    for path in sorted((out / "penempatan").glob("penempatan_NTB_*.csv")):
        with path.open(encoding="utf-8-sig") as handle:
            rows += list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) > 400
    assert all(r["NIK"].startswith("99") and len(r["NIK"]) == 16 for r in rows)
    assert {r["SKEMA"] for r in rows} >= {"P to P", "Mandiri"}
    assert {r["JENIS_KELAMIN"] for r in rows} == {"L", "P"}


def test_faulty_rows_follow_the_configured_rate(tiny) -> None:
    _, plan = tiny
    placement_files = [k for k in plan.rows_written if k.startswith("penempatan/")]
    rows = sum(plan.rows_written[k] for k in placement_files)
    faults = sum(plan.bad_rows[k] for k in placement_files)
    assert 0.5 * BAD_RATE * rows <= faults <= 1.5 * BAD_RATE * rows


def test_refresh_loads_every_row_or_quarantines_it(tiny, tmp_path: Path) -> None:
    out, plan = tiny
    path = tmp_path / "warehouse.duckdb"
    assert build_warehouse(path, out).success
    with duckdb.connect(str(path), read_only=True) as con:
        ledger = con.execute(
            "select source_file, rows_read, rows_loaded, rows_quarantined "
            "from audit.file_ledger where status = 'current'"
        ).fetchall()
        quarantined = dict(
            con.execute(
                "select source_file, count(*) from audit.quarantine group by all"
            ).fetchall()
        )
        placements = con.execute("select count(*) from raw.penempatan").fetchall()[0][0]
        offices = con.execute(
            "select distinct office_code from marts.fct_kpi_annual order by 1"
        ).fetchall()
    by_file = {row[0]: row[1:] for row in ledger}
    # Every file written is in the ledger; XLSX budget files feed two tables.
    assert set(plan.rows_written) <= set(by_file)
    for source_file, (read, loaded, rejected) in by_file.items():
        assert read == loaded + rejected, source_file
    for source_file, written in plan.rows_written.items():
        read, loaded, rejected = by_file[source_file]
        assert read == written, source_file
        # Each planned fault is quarantined, and nothing else is.
        assert rejected == plan.bad_rows.get(source_file, 0), source_file
        assert quarantined.get(source_file, 0) == rejected, source_file
    planned = sum(v for k, v in plan.bad_rows.items() if k.startswith("penempatan/"))
    assert placements == sum(plan.placements.values()) - planned
    assert [o for (o,) in offices] == OFFICES
    # Each office's report is titled with its name from the seed of offices.
    with duckdb.connect(str(path), read_only=True) as con:
        names = [load_lkj(con, office, 2024, "p").office_name for office in OFFICES]
    assert names == ["BP3MI Jawa Timur", "BP3MI Nusa Tenggara Barat"]


def test_every_office_the_generator_writes_has_a_name() -> None:
    seed = PROJECT_ROOT / "dbt_project" / "seeds" / "offices.csv"
    with seed.open(newline="", encoding="utf-8") as handle:
        names = {row["office_code"]: row["office_name"] for row in csv.DictReader(handle)}
    assert set(OFFICE_CODES) | {"JATENG"} <= set(names)
    assert names["JATENG"] == "BP3MI Jawa Tengah"  # as the published 2024 LKj names it
    assert office_name("SULBAR", names) == "BP3MI Sulawesi Barat"
    assert office_name("XYZ", names) == "BP3MI XYZ"  # not in the seed yet
