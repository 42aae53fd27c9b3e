"""Where the reports are written, and how: whole files only, never half of one, and no
character a file of theirs cannot hold."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

# Characters a workbook cannot hold: XML 1.0 forbids them, and openpyxl refuses the
# control characters among them (IllegalCharacterError, its ILLEGAL_CHARACTERS_RE). A
# source workbook's ``_x0007_`` reaches the warehouse as such a character.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"  # what stands in their place: U+FFFD, the replacement character


def without_control_characters(text: str) -> str:
    """``text`` with every character a workbook, a .docx or an HTML page cannot
    hold (XML 1.0's) replaced by U+FFFD."""
    return CONTROL_CHARACTERS.sub(REPLACEMENT, text)


def office_year_path(out_dir: Path, office_code: str, year: int, prefix: str, suffix: str) -> Path:
    """``<out>/<OFFICE>_<YEAR>/<prefix>_<OFFICE>_<YEAR><suffix>``: a file of the office-year."""
    name = f"{office_code}_{year}"
    return Path(out_dir) / name / f"{prefix}_{name}{suffix}"


def report_path(out_dir: Path, office_code: str, year: int, suffix: str) -> Path:
    """``<out>/<OFFICE>_<YEAR>/lkj_<OFFICE>_<YEAR><suffix>``."""
    return office_year_path(out_dir, office_code, year, "lkj", suffix)


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
