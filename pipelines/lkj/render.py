"""Writing the files of many office-years: in this process, or in one per core.

The figures are read in the calling process (``load_lkj_many``, one query per
table); laying them out and writing the files (the workbook, the HTML page,
the whole LKj as a Word document: ``WRITERS``, by suffix) is all Python,
one core per process, so a full generation (every office-year of a national
warehouse) spreads the office-years over a pool of processes, one per core.
Each office-year's files are written by exactly one process, and are the
same whichever writes them: the files of a run are the same as in one
process, byte for byte (but for the time written in them). The paths
written come back in the order of the office-years. A failing office-year
fails the whole run with a ``ReportError`` that names it; the office-years
not yet written are not started.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import types
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from pipelines.lkj.lkj_data import LkjData
from pipelines.lkj.lkj_docx import render_docx
from pipelines.lkj.lkj_html import render_html
from pipelines.lkj.lkj_workbook import render_workbook
from pipelines.lkj.monitoring import PREFIX as MONITORING_PREFIX
from pipelines.lkj.monitoring import render_monitoring

# A process costs a second or two to start (Python, openpyxl, python-docx, resvg); an
# office-year takes about three since the .docx is the whole LKj with its charts
# (docs/performance.md, "The Word document"): a process pays off from about three.
OFFICE_YEARS_PER_WORKER = 3

Job = tuple[LkjData, Sequence[Path]]  # the figures, then the paths of the files to write
# What writes an office-year's file, by the file's suffix.
WRITERS = {".xlsx": render_workbook, ".html": render_html, ".docx": render_docx}


class ReportError(RuntimeError):
    """Writing the report of one office-year failed (the error it failed with is its cause)."""


def cpus() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def workers_for(office_years: int, available: int | None = None) -> int:
    """How many processes to write ``office_years`` with: 1 (this one) for a few, else one
    per ``OFFICE_YEARS_PER_WORKER``, at most one per core."""
    available = cpus() if available is None else available
    return max(1, min(available, office_years // OFFICE_YEARS_PER_WORKER))


def writer(path: Path):
    """What writes ``path``: the quarterly monitoring workbook by its name
    (``Monitoring_Triwulan_<OFFICE>_<YEAR>.xlsx``), the LKj's files by their suffix."""
    if path.name.startswith(f"{MONITORING_PREFIX}_"):
        return render_monitoring
    return WRITERS[path.suffix]


def render_lkj(data: LkjData, paths: Sequence[Path]) -> list[Path]:
    """Write the files of one office-year, each by its writer (:func:`writer`); the paths
    written."""
    return [writer(Path(path))(data, Path(path)) for path in paths]


def _name(data: LkjData) -> str:
    return f"{data.office_code}_{data.year}"


def _failed(data: LkjData, error: BaseException) -> ReportError:
    return ReportError(f"writing the LKj of {_name(data)} failed: {error!r}")


@contextmanager
def _main_script_hidden() -> Iterator[None]:
    """Start the workers without running this process's main script in them.

    A spawned worker imports the parent's ``__main__`` (by name, or by path when
    it has no name): a script without a main guard, or one a test harness made
    ``__main__`` (Streamlit's ``AppTest`` leaves the dashboard there), would run
    again in every worker. The workers need only this module, imported by name.
    """
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def render_all(jobs: Iterable[Job], workers: int = 1) -> list[Path]:
    """Write every office-year of ``jobs``, in ``workers`` processes (this one if 1); the
    paths written, in the order of ``jobs``."""
    if workers <= 1:
        written = []
        for data, paths in jobs:
            try:
                written += render_lkj(data, paths)
            except Exception as error:
                raise _failed(data, error) from error
        return written
    # spawn: a fresh interpreter per worker, nothing inherited from this process's threads
    # (DuckDB's, Dagster's); the workers import only what render_lkj needs.
    context = multiprocessing.get_context("spawn")
    with (
        _main_script_hidden(),
        ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool,
    ):
        futures: list[tuple[LkjData, Future]] = [
            (data, pool.submit(render_lkj, data, paths)) for data, paths in jobs
        ]
        written = []
        for data, future in futures:
            try:
                written += future.result()
            except Exception as error:
                pool.shutdown(wait=True, cancel_futures=True)
                raise _failed(data, error) from error
        return written
