"""The refresh's "nothing to do" says when the warehouse was published in WIB, as the reports
and the dashboard write the time (``format_datetime``), not in UTC.

``audit.publish_log`` stores the publish's time in UTC; WIB is seven hours later.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.conftest import PROJECT_ROOT

MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


def test_nothing_to_do_says_the_publish_time_in_wib(raw: Path, published: Path) -> None:
    with duckdb.connect(str(published), read_only=True) as con:
        [(run_id, utc)] = con.execute(
            "select run_id, published_at from audit.publish_log order by published_at desc limit 1"
        ).fetchall()
    run = subprocess.run(
        [
            sys.executable, "-m", "pipelines", "refresh", "--lang", "id",
            "--raw-dir", str(raw), "--warehouse", str(published),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ),
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    wib = utc + dt.timedelta(hours=7)
    files = sum(1 for path in raw.glob("*/*") if path.is_file())  # the feeds' files
    when = f"{wib.day} {MONTHS[wib.month - 1]} {wib.year} pukul {wib:%H.%M} WIB"
    assert run.stdout.startswith(
        f"Tidak ada yang perlu dikerjakan: sejak publikasi {when} {files} berkas raw, "
    ), run.stdout
    assert run_id not in run.stdout  # the run's id is for the logs, not for the clerk
    assert "UTC" not in run.stdout.splitlines()[0]
