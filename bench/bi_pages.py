"""Page loads of the dashboard (bi/app.py), timed in headless Chromium.

    .venv/bin/python -m bench.bi_pages --warehouse /tmp/bench/wh/warehouse.duckdb --runs 5

Starts the dashboard on the warehouse (``streamlit run``, as ``make bi``), opens
each page in headless Chromium (tests/browser.py) and times, per load, from
the navigation until the page shows its title and its figures and has drawn
all its charts (SVG). Three kinds of load, per page:

- ``first``: the first load after the server started (Python imports the
  dashboard's libraries, the browser fetches Streamlit's scripts, the page
  reads the warehouse);
- ``cached``: the figures are in the dashboard's cache (every reader after the
  first, until the next publish);
- ``published``: the warehouse file was replaced since the last load (its
  modification time is moved on, which the dashboard takes for a publish), so
  the page reads the file again before it is drawn.

And, for scale, a bare Streamlit page (a title, nothing else): ``kosong``.
Prints the times of each load. The warehouse's modification time is changed.
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
SERVE = PROJECT_ROOT / "bi" / "serve.py"
STREAMLIT = str(Path(sys.executable).with_name("streamlit"))
# Each page: its address, the texts it must show, and how many charts it draws.
PAGES = {
    "nasional": ("?tampilan=nasional", ["Kinerja Nasional Tahun", "Nasional ("], 2),
    "kantor": ("?tampilan=kantor", ["Kinerja BP3MI", "Temuan data"], 3),
}
CHARTS = "document.querySelectorAll('.vega-embed svg').length"
# For scale: a Streamlit page with a title and nothing else, loaded the same way.
BARE_PAGE = 'import streamlit as st\nst.title("Halaman kosong")\n'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def dashboard(warehouse: Path, cwd: Path, app: Path = APP) -> Iterator[str]:
    """The dashboard on ``warehouse``, listening on 127.0.0.1 as ``make bi`` starts it;
    yields its address."""
    port = free_port()
    server = subprocess.Popen(
        [
            # the dashboard as make bi starts it (bi/serve.py); a bare page by streamlit run
            *([sys.executable, str(SERVE)] if app == APP else [STREAMLIT, "run", str(app)]),
            "--server.headless=true",
            "--server.address=127.0.0.1",
            f"--server.port={port}",
            "--browser.gatherUsageStats=false",
            "--client.toolbarMode=minimal",
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
    # From an empty page that has finished loading, the last page's session closed.
    tab.go("about:blank")
    tab.wait_for("location.href === 'about:blank' && document.readyState === 'complete'")
    time.sleep(0.5)
    started = time.perf_counter()
    tab.go(url)
    tab.wait_for(ready(expected, charts), timeout=120)
    return time.perf_counter() - started


def measure(warehouse: Path, runs: int) -> dict[tuple[str, str], list[float]]:
    """The load times of every page: ``first``, then ``runs`` times ``cached`` and
    ``published`` in turn (see the module's docstring)."""
    times: dict[tuple[str, str], list[float]] = {}
    with (
        tempfile.TemporaryDirectory() as scratch,
        dashboard(warehouse, Path(scratch)) as base,
        browser.tab(Path(scratch) / "profile") as tab,
    ):
        for name, (query, expected, charts) in PAGES.items():
            times[(name, "first")] = [load(tab, base + query, expected, charts)]
            for _ in range(runs):
                times.setdefault((name, "cached"), []).append(
                    load(tab, base + query, expected, charts)
                )
                os.utime(warehouse, ns=(time.time_ns(), time.time_ns()))
                times.setdefault((name, "published"), []).append(
                    load(tab, base + query, expected, charts)
                )
        bare = Path(scratch) / "bare.py"
        bare.write_text(BARE_PAGE)
        with dashboard(warehouse, Path(scratch), bare) as empty:
            load(tab, empty, ["Halaman kosong"], 0)
            times[("kosong", "cached")] = [
                load(tab, empty, ["Halaman kosong"], 0) for _ in range(runs)
            ]
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for (name, kind), seconds in measure(args.warehouse.resolve(), args.runs).items():
        shown = ", ".join(f"{s:.2f}" for s in seconds)
        print(
            f"{name:9} {kind:9} median {statistics.median(seconds):.2f} s, "
            f"max {max(seconds):.2f} s ({shown})"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
