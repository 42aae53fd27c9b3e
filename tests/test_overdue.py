"""What is late: due dates, overdue deliveries, the check on the raw tables, the summary's
lines and terlambat.json, on a fixed "today" (15 April 2025) with generated offices.

- TESTB, the small office (tests/fixtures/small_office) without its April placements: its
  February placements file is refused whole (a header the contract does not know);
- TESTC: placements of January and March 2025 only (February missing), nothing else.

Due days: the defaults (a month's file by the 10th of the next month, a standing file by
31 January) and DUE_DAYS_BY_FEED=historis=110 (the history file by 20 April). On 15 April
three deliveries are overdue: TESTB's and TESTC's February placements (due 10 March) and
TESTC's targets (due 31 January); TESTC's history is not yet (due 20 April).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.contract.specs import TABLES
from pipelines.definitions import all_assets, resources
from pipelines.defs.feeds.deadlines import deliveries_on_time
from pipelines.lib import config, overdue, summary
from pipelines.unchanged import nothing_to_do
from tests.conftest import PROJECT_ROOT, SMALL_OFFICE, write_csv
from tests.test_deliveries import PLACEMENTS, placements
from tests.test_pseudonym import environment_key

REFERENCE_DATE = dt.date(2025, 4, 15)
BY_FEED = "historis=110"
EXPECTED = [
    ("TESTB", 2025, "penempatan", 2, "rejected", dt.date(2025, 3, 10)),
    ("TESTC", 2025, "penempatan", 2, "missing", dt.date(2025, 3, 10)),
    ("TESTC", 2025, "target_kinerja", None, "missing", dt.date(2025, 1, 31)),
]


def offices(root: Path) -> Path:
    """The two offices' raw directory."""
    raw = Path(shutil.copytree(SMALL_OFFICE, root / "raw"))
    (raw / PLACEMENTS / "penempatan_TESTB_2025-04.csv").unlink()
    placements(raw, "TESTB", 3, 2)
    write_csv(raw / PLACEMENTS / "penempatan_TESTB_2025-02.csv", "NOMOR;TANGGAL", "1;10/02/2025")
    for month in (1, 3):
        placements(raw, "TESTC", month, 1)
    return raw


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory, pseudonym_key_file: Path
) -> tuple[Path, Path, dg.ExecuteInProcessResult]:
    """The warehouse published on 15 April 2025, with the check that runs after it."""
    root = tmp_path_factory.mktemp("overdue")
    raw = offices(root)
    path = root / "warehouse" / "warehouse.duckdb"
    settings = config.Settings.from_env({**os.environ, "DUE_DAYS_BY_FEED": BY_FEED})
    result = dg.materialize(
        [*all_assets(), deliveries_on_time],
        resources=resources(path, raw, reference_date=REFERENCE_DATE, settings=settings),
        raise_on_error=False,
    )
    assert result.success
    return path, raw, result


@pytest.fixture(scope="module")
def con(built):
    with duckdb.connect(str(built[0]), read_only=True) as connection:
        yield connection


def test_due_dates_by_period_kind_and_feed(con: duckdb.DuckDBPyConnection) -> None:
    got = con.execute(
        "select table_name, period, due_date, is_overdue from marts.fct_deliveries "
        "where office_code = 'TESTC' and (period in (3, 4) or table_name in "
        "('kasus', 'target_kinerja', 'realisasi_historis', 'orientasi')) order by all"
    ).fetchall()
    assert got == [
        ("kasus", None, dt.date(2026, 1, 15), False),  # 15 January after the year
        ("orientasi", None, dt.date(2026, 1, 15), False),
        ("penempatan", 3, dt.date(2025, 4, 10), False),  # delivered
        ("penempatan", 4, dt.date(2025, 5, 10), False),  # not due yet
        ("realisasi_historis", None, dt.date(2025, 4, 20), False),  # historis=110
        ("target_kinerja", None, dt.date(2025, 1, 31), True),
    ]


def test_which_deliveries_are_overdue(con: duckdb.DuckDBPyConnection) -> None:
    got = [
        (d.office_code, d.year, d.table_name, d.period, d.status, d.due_date)
        for d in overdue.overdue_deliveries(con)
    ]
    assert got == EXPECTED


def test_the_check_warns_on_the_raw_tables_with_overdue_deliveries(built) -> None:
    result = built[2]
    evaluations = [
        e for e in result.get_asset_check_evaluations() if e.check_name == "delivered_on_time"
    ]
    assert len(evaluations) == len(TABLES)  # one per raw table
    failed = {
        e.asset_key.to_user_string(): e.metadata["terlambat"].value
        for e in evaluations
        if not e.passed
    }
    assert failed == {"raw/penempatan": 2, "raw/target_kinerja": 1}
    assert all(e.severity == dg.AssetCheckSeverity.WARN for e in evaluations)


def fixture_file(feed: str, office: str) -> str:
    """The name TESTB's fixture file of ``feed`` has, for ``office``: the file the clerk of
    ``office`` sends (``target/target_kinerja_TESTC.csv``)."""
    [path] = [p for p in (SMALL_OFFICE / feed).iterdir() if "TESTB" in p.name]
    return f"{feed}/{path.name.replace('TESTB', office)}"


def test_the_summary_names_the_files_to_send_per_office(
    con: duckdb.DuckDBPyConnection,
) -> None:
    february = "penempatan/penempatan_{}_2025-02.csv"  # the month missing (offices())
    targets = fixture_file("target", "TESTC")
    assert overdue.summary_lines(con, "id") == [
        "Pengiriman TERLAMBAT per 15 April 2025 (3): sudah lewat batas waktu dan belum "
        "dimuat. Minta kantor mengirimkannya:",
        f"  TESTB: {february.format('TESTB')} (batas 10 Maret 2025; berkas yang dikirim ditolak)",
        f"  TESTC: {february.format('TESTC')} (batas 10 Maret 2025); "
        f"{targets} (batas 31 Januari 2025)",
    ]
    english = overdue.summary_lines(con, "en")
    assert english[2] == (
        f"  TESTC: {february.format('TESTC')} (due March 10, 2025); "
        f"{targets} (due January 31, 2025)"
    )
    assert "\n".join(overdue.summary_lines(con, "id")) in summary.render(con, "id")
    # Bounded: past ``shown`` files an office's line counts the rest.
    assert overdue.summary_lines(con, "id", shown=1)[2] == (
        f"  TESTC: {february.format('TESTC')} (batas 10 Maret 2025); "
        "dan 1 lainnya: lihat terlambat.json atau dasbor"
    )


def test_the_summary_says_when_nothing_is_late(tmp_path: Path, pseudonym_key_file: Path) -> None:
    """The same offices judged on 20 January 2025: the first due date (TESTC's targets,
    31 January) is still ahead."""
    raw = offices(tmp_path)
    path = tmp_path / "warehouse" / "warehouse.duckdb"
    day = dt.date(2025, 1, 20)
    result = dg.materialize(
        all_assets(), resources=resources(path, raw, reference_date=day), raise_on_error=False
    )
    assert result.success
    with duckdb.connect(str(path), read_only=True) as con:
        assert overdue.overdue_deliveries(con) == []
        assert overdue.summary_lines(con, "id") == [
            "Tidak ada pengiriman yang terlambat per 20 Januari 2025."
        ]
        assert overdue.summary_lines(con, "en") == ["No delivery is overdue on January 20, 2025."]


def test_the_file_for_monitoring(built) -> None:
    document = json.loads((built[0].parent / "terlambat.json").read_text("utf-8"))
    assert document["reference_date"] == document["judged_on"] == "2025-04-15"
    assert document["overdue_count"] == 3
    assert document["offices"] == {"TESTB": 1, "TESTC": 2}
    got = [
        (d["office_code"], d["table_name"], d["period"], d["status"], d["due_date"],
         d["days_overdue"])
        for d in document["overdue"]
    ]  # fmt: skip
    assert got == [
        ("TESTB", "penempatan", 2, "rejected", "2025-03-10", 36),
        ("TESTC", "penempatan", 2, "missing", "2025-03-10", 36),
        ("TESTC", "target_kinerja", None, "missing", "2025-01-31", 74),
    ]


def test_a_due_date_passed_is_work_for_the_nightly_refresh(built) -> None:
    published, raw, _ = built
    key = environment_key()
    # TESTC's history is due on 20 April: from the 21st it is overdue, no file changed.
    assert nothing_to_do(published, raw, key, follow_symlinks=False, today=dt.date(2025, 4, 20))
    later = nothing_to_do(published, raw, key, follow_symlinks=False, today=dt.date(2025, 4, 21))
    assert later is None


def test_every_night_writes_the_file_even_with_nothing_to_do(
    tmp_path: Path, pseudonym_key_file: Path
) -> None:
    """The command-line refresh, today: the run writes terlambat.json; a second night with
    nothing to do writes it again and prints what is late."""
    raw = offices(tmp_path)
    published = tmp_path / "warehouse" / "warehouse.duckdb"
    command = [sys.executable, "-m", "pipelines", "refresh", "--lang", "id",
               "--raw-dir", str(raw), "--warehouse", str(published)]  # fmt: skip
    run = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 3, run.stderr  # TESTB's February file is rejected
    path = published.parent / "terlambat.json"
    first = json.loads(path.read_text("utf-8"))
    today = overdue.jakarta_today()
    assert first["reference_date"] == today.isoformat()
    with duckdb.connect(str(published), read_only=True) as con:
        owed = con.execute(
            "select count(*) from marts.fct_deliveries where not is_optional "
            "and status <> 'delivered' and due_date < ?",
            [today],
        ).fetchall()[0][0]
        lines = overdue.summary_lines(con, "id", today)
    assert first["overdue_count"] == owed > len(EXPECTED)
    assert "\n".join(lines) in run.stdout
    assert "- memeriksa pengiriman yang terlambat" in run.stdout.splitlines()
    path.unlink()
    again = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert again.stdout.startswith("Tidak ada yang perlu dikerjakan"), again.stdout
    assert "\n".join(lines) in again.stdout
    second = json.loads(path.read_text("utf-8"))
    assert {k: v for k, v in second.items() if k != "written_at"} == {
        k: v for k, v in first.items() if k != "written_at"
    }
