"""The version of the report code: what every report's files are made of.

A change to any module of this package, to the Renstra's declaration
(``pipelines/indicators.py``), to a template of ``templates/`` (the
sentences of the drafted chapter, the page's HTML), to the number formats
(``pipelines/lib/indonesian.py``), another openpyxl, python-docx or resvg-py,
another paper or office template of the Word document (``LKJ_PAPER``,
``LKJ_DOCX_TEMPLATE``) writes every report again. No Dagster here: the command
line asks whether anything is to be done before it loads Dagster
(``pipelines/unchanged.py``).
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

from pipelines import indicators, manual_iku
from pipelines.lib import config, errorbook, indonesian, zips

PACKAGE = Path(__file__).parent
# The code a report's files are made of: this package's modules, every file of its
# templates (at any depth), the number formats and how the .docx's zip is written.
REPORT_CODE = (
    *sorted(PACKAGE.glob("*.py")),
    *sorted(path for path in (PACKAGE / "templates").rglob("*") if path.is_file()),
    Path(indonesian.__file__),
    Path(zips.__file__),
    Path(errorbook.__file__),  # the error workbooks are published with the reports
    Path(indicators.__file__),
    Path(manual_iku.__file__),  # the Manual IKU's sheet
    # The kinds of the office's own words, their placeholders (not imported: no pandera here)
    Path(indicators.__file__).parent / "contract" / "narasi.py",
)
# The libraries that write the files: another version may write other bytes.
WRITING_LIBRARIES = ("openpyxl", "python-docx", "resvg-py")


def _name(path: Path) -> str:
    """A file's name in the digest: its path within the package (``templates/a/b.j2``)."""
    return path.relative_to(PACKAGE).as_posix() if path.is_relative_to(PACKAGE) else path.name


def report_code_version() -> str:
    """A digest of the source of ``REPORT_CODE`` and of the versions of ``WRITING_LIBRARIES``."""
    digest = hashlib.sha256()
    for library in WRITING_LIBRARIES:
        digest.update(f"{library} {version(library)}\n".encode())
    for path in REPORT_CODE:
        digest.update(f"{_name(path)}\n".encode())
        digest.update(path.read_bytes())
    # The Renstra's goals and indicators (names, units, kinds, tables): the declaration as
    # parsed, not the whole dbt project file.
    digest.update(repr(indicators.renstra()).encode())
    # The Word document's paper and the office's template (LKJ_PAPER, LKJ_DOCX_TEMPLATE).
    digest.update(f"paper {config.lkj_paper()}\n".encode())
    template = config.lkj_docx_template()
    digest.update(template.read_bytes() if template else b"the project's template")
    return digest.hexdigest()


# Taken when the code is imported: the version of the code that runs, even if the files
# change on disk while a long-running process (dagster dev) still runs the old code.
REPORT_CODE_VERSION = report_code_version()
