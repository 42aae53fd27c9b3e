"""Where the reports are written, and how: whole files only, never half of one."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def report_path(out_dir: Path, office_code: str, year: int, suffix: str) -> Path:
    """``<out>/<OFFICE>_<YEAR>/lkj_<OFFICE>_<YEAR><suffix>``."""
    name = f"{office_code}_{year}"
    return Path(out_dir) / name / f"lkj_{name}{suffix}"


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Let ``write`` fill a temporary file beside ``path``, then move it into place.

    A reader opening the report while the refresh rewrites it gets the old
    file or the new one, never a truncated one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path
