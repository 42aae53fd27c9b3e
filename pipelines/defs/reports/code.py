"""The version of the report code: what every report's files are made of.

A change to any module of this package, to a template of the HTML page
(``templates/``), to the number formats (``pipelines/lib/indonesian.py``) or
another openpyxl writes every report again. No Dagster here: the command line
asks whether anything is to be done before it loads Dagster (``pipelines/unchanged.py``).
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

from pipelines.lib import indonesian

HERE = Path(__file__).parent
# The code a report's files are made of: this package, its page templates (and style
# sheet) and the number formats.
REPORT_CODE = (
    *sorted(HERE.glob("*.py")),
    *sorted(p for p in (HERE / "templates").iterdir() if p.is_file()),
    Path(indonesian.__file__),
)


def report_code_version() -> str:
    """A digest of the files of ``REPORT_CODE`` and of the openpyxl version."""
    digest = hashlib.sha256(f"openpyxl {version('openpyxl')}\n".encode())
    for path in REPORT_CODE:
        digest.update(f"{path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# Taken when the code is imported: the version of the code that runs, even if the files
# change on disk while a long-running process (dagster dev) still runs the old code.
REPORT_CODE_VERSION = report_code_version()
