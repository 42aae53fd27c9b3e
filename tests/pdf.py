"""Documents printed to PDF by LibreOffice, headless, and their pages read back (poppler's
``pdfinfo`` and ``pdftotext -bbox``): for the tests of how the reports print.

Each conversion runs with a LibreOffice user profile of its own, in a temporary folder,
so that tests in parallel do not wait for each other's profile lock and the operator's
profile is never touched. Where LibreOffice or poppler is not installed, :func:`require`
skips the test and says what to install (``.ci/run`` installs both, docs/development.md).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = [shutil.which(tool) for tool in ("pdfinfo", "pdftotext")]
XHTML = "{http://www.w3.org/1999/xhtml}"
TIMEOUT = 300  # seconds: a first start of LibreOffice creates its profile


def missing() -> str | None:
    """Why documents cannot be printed to PDF here, or None when they can."""
    if SOFFICE is None:
        return (
            "LibreOffice is not installed (Debian: apt-get install libreoffice-calc-nogui "
            "libreoffice-writer-nogui fonts-crosextra-carlito): the print is not checked"
        )
    if not all(POPPLER):
        return "poppler-utils (pdfinfo, pdftotext) is not installed: the PDF cannot be read"
    return None


def require() -> None:
    """Skip the calling test, saying why, where documents cannot be printed to PDF."""
    reason = missing()
    if reason:
        pytest.skip(reason)


def to_pdf(*documents: Path, out_dir: Path) -> list[Path]:
    """Print ``documents`` (.xlsx, .docx, ...) to PDF in ``out_dir``, in one LibreOffice
    run with a profile of its own; their PDFs, in the same order."""
    require()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                str(SOFFICE),
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                *map(str, documents),
            ],
            check=True,
            capture_output=True,
            timeout=TIMEOUT,
        )
    pdfs = [out_dir / f"{document.stem}.pdf" for document in documents]
    for pdf in pdfs:
        assert pdf.is_file(), f"LibreOffice wrote no {pdf.name}"
    return pdfs


def page_count(pdf: Path) -> int:
    """The number of pages, as ``pdfinfo`` reads it."""
    info = subprocess.run(
        [str(POPPLER[0]), str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


@dataclass(frozen=True)
class Word:
    """A word printed on a page, with its box in points from the page's top left corner."""

    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def height(self) -> float:
        """The box's height: the font's size (ascent and descent) times the print scale."""
        return round(self.bottom - self.top, 1)


@dataclass(frozen=True)
class Page:
    """A printed page: its size in points and its words, top to bottom, left to right."""

    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def lines(self) -> list[str]:
        """The page's text, a line per row of words (words on the same baseline)."""
        rows: dict[float, list[Word]] = {}
        for word in self.words:
            rows.setdefault(round(word.bottom), []).append(word)
        return [
            " ".join(w.text for w in sorted(row, key=lambda w: w.left))
            for _, row in sorted(rows.items())
        ]

    def text_height(self) -> float:
        """The height of most of the page's words: its body text's size as printed
        (compare it with a page printed at 100 % to read the scale)."""
        return Counter(word.height for word in self.words).most_common(1)[0][0]


def pages(pdf: Path) -> list[Page]:
    """Every page of ``pdf`` with the words on it (``pdftotext -bbox``)."""
    xhtml = subprocess.run(
        [str(POPPLER[1]), "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    root = ET.fromstring(xhtml)
    return [
        Page(
            float(page.get("width", 0)),
            float(page.get("height", 0)),
            tuple(
                Word(
                    word.text or "",
                    float(word.get("xMin", 0)),
                    float(word.get("yMin", 0)),
                    float(word.get("xMax", 0)),
                    float(word.get("yMax", 0)),
                )
                for word in page.iter(f"{XHTML}word")
            ),
        )
        for page in root.iter(f"{XHTML}page")
    ]
