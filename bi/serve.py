"""Start the dashboard as ``make bi`` does, its libraries imported before the server starts.

    .venv/bin/python bi/serve.py --server.address 127.0.0.1 --server.port 8501 ...

The same as ``streamlit run bi/app.py ...`` (the options are Streamlit's), except that
Altair, pandas and the reports' code, which every page of the dashboard imports, are
imported here first: Streamlit runs the page in this process, so its first reader after
the server starts does not wait for them (some 0,7 s of the first page load; measured in
docs/bi.md).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from streamlit.web import cli

APP = Path(__file__).with_name("app.py")
# What the pages import: Altair and pandas (charts), the marts' readers and the LKj's
# tables; not the pages themselves (their caches belong to the running server).
PRELOADED = (
    "bi.charts",
    "pipelines.analyst",
    "pipelines.lkj.national",
    "pipelines.lkj.checks",
)


def main() -> None:
    sys.path.insert(0, str(APP.resolve().parents[1]))  # the project, as bi/app.py does
    for module in PRELOADED:
        importlib.import_module(module)
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
