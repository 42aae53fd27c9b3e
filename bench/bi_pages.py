"""Page loads of the dashboard (bi/app.py), timed in headless Chromium.

    .venv/bin/python -m bench.bi_pages --warehouse /tmp/bench/wh/warehouse.duckdb --runs 5

Starts the dashboard on the warehouse (``streamlit run``, as ``make bi``), opens
each page in headless Chromium (tests/browser.py) and times, per load, from
the navigation until the page shows its title and its figures and has drawn
all its charts (SVG). The first load of each page after the server started
reads the warehouse (the cache is empty: as after a publish); the others are
served from the cache, as every later reader is. Prints the times of each load.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests import browser

PROJECT_ROOT = Path(__file__).resolve().parents[1]
APP = PROJECT_ROOT / "bi" / "app.py"
# Each page: its address, the texts it must show, and how many charts it draws.
PAGES = {
    "nasional": ("?tampilan=nasional", ["Kinerja Nasional Tahun", "Nasional ("], 2),
    "kantor": ("?tampilan=kantor", ["Kinerja BP3MI", "Temuan data"], 3),
}
CHARTS = "document.querySelectorAll('.vega-embed svg').length"
AXIS_LABELS = (
    "Array.from(document.querySelectorAll('.vega-embed svg text')).map(t => t.textContent)"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def dashboard(warehouse: Path, cwd: Path) -> Iterator[str]:
    """The dashboard on ``warehouse``, listening on 127.0.0.1; yields its address."""
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
        cwd=cwd,
        env={**os.environ, "WAREHOUSE_PATH": str(warehouse)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        browser.wait_for_http(f"http://127.0.0.1:{port}/_stcore/health")
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)


def ready(expected: list[str], charts: int) -> str:
    """JavaScript: true once the page shows every ``expected`` text and ``charts`` charts."""
    texts = json.dumps(expected)
    return (
        "(() => { const t = document.body ? document.body.innerText : ''; "
        f"return {texts}.every(s => t.includes(s)) && {CHARTS} >= {charts}; }})()"
    )


def load(tab: browser.Tab, url: str, expected: list[str], charts: int) -> float:
    """Seconds from navigating to ``url`` until the page is drawn (:func:`ready`)."""
    tab.go("about:blank")
    started = time.perf_counter()
    tab.go(url)
    tab.wait_for(ready(expected, charts), timeout=120)
    return time.perf_counter() - started


def measure(warehouse: Path, runs: int) -> dict[str, list[float]]:
    """The load times of every page, ``runs`` times each, the first on an empty cache."""
    times: dict[str, list[float]] = {name: [] for name in PAGES}
    with (
        tempfile.TemporaryDirectory() as scratch,
        dashboard(warehouse, Path(scratch)) as base,
        browser.tab(Path(scratch) / "profile") as tab,
    ):
        for name, (query, expected, charts) in PAGES.items():
            for _ in range(runs):
                times[name].append(load(tab, base + query, expected, charts))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for name, seconds in measure(args.warehouse.resolve(), args.runs).items():
        shown = ", ".join(f"{s:.2f}" for s in seconds)
        print(
            f"{name}: first {seconds[0]:.2f} s, then median "
            f"{statistics.median(seconds[1:] or seconds):.2f} s, max "
            f"{max(seconds[1:] or seconds):.2f} s ({shown})"
        )


if __name__ == "__main__":
    main()
