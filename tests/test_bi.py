"""The BI dashboard (bi/app.py) shows the headline figures, and keeps up with the publish.

The headline figures are the published LKj 2024's: 25.207 placements, a mean
achievement of 88,27 % (PK) and 110,06 % (DIPA after AA), 96,24 % of the
budget absorbed, 128 cases of which 48 still in process.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests import browser
from tests.conftest import PROJECT_ROOT

APP = PROJECT_ROOT / "bi" / "app.py"
HEADLINE = {
    "Penempatan PMI, orang (IKU 1)": "25.207",
    "Rata-rata capaian (PK)": "88,27 %",
    "Rata-rata capaian (DIPA setelah AA)": "110,06 %",
    "Penyerapan anggaran": "96,24 %",
    "Kasus diterima (masih proses)": "128 (48)",
}


@pytest.fixture
def published(warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample warehouse as the published file the dashboard reads."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse, path)
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    return path


def run_app() -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.run()
    assert not app.exception
    return app


def headline(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def open_files() -> set[str]:
    fds = Path("/proc/self/fd")
    return {os.path.realpath(fd) for fd in fds.iterdir() if fd.exists()}


def test_headline_figures(published: Path) -> None:
    app = run_app()
    assert headline(app) == HEADLINE
    assert app.title[0].value == "Kinerja BP3MI Jawa Tengah Tahun 2024"
    assert len(app.dataframe) == 3  # indicators, goals, findings


def test_a_new_publish_shows_on_the_next_page_load(published: Path) -> None:
    """The refresh publishes by renaming a new file over the old one: no connection may be
    left on the old file, and the next page load reads the new one."""
    app = run_app()
    assert headline(app)["Penempatan PMI, orang (IKU 1)"] == "25.207"
    assert str(published) not in open_files()
    new = published.with_name("warehouse.duckdb.build")
    shutil.copyfile(published, new)
    with duckdb.connect(str(new)) as con:
        con.execute(
            "update marts.fct_kpi_annual set realisation = 30000 "
            "where indicator_code = 'IKU1' and year = 2024"
        )
    os.replace(new, published)
    app.run()
    assert headline(app)["Penempatan PMI, orang (IKU 1)"] == "30.000"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_server_answers_with_the_headline_figures(published: Path, tmp_path: Path) -> None:
    """`make bi` as a reader meets it: the server starts, and a browser shows the figures."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("streamlit")),
            "run",
            str(APP),
            "--server.headless=true",
            "--server.address=127.0.0.1",
            f"--server.port={port}",
            "--browser.gatherUsageStats=false",
        ],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert browser.wait_for_http(f"http://127.0.0.1:{port}/_stcore/health") == "ok"
        expected = ["Kinerja BP3MI Jawa Tengah Tahun 2024", *HEADLINE.values()]
        text = browser.page_text(f"http://127.0.0.1:{port}/", tmp_path / "profile", expected)
        for figure in expected:
            assert figure in text, figure
    finally:
        server.terminate()
        server.wait(timeout=30)
