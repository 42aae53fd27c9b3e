"""A child process that dies with its parent: dbt, which a refresh starts.

A refresh runs ``dbt build`` in a process of its own (dagster-dbt starts it).
Were the refresh killed (``kill -9``, the machine's out-of-memory killer), dbt
would go on writing a build nobody will publish, without the warehouse's
lock. So dbt is started through :func:`run_dbt`, which first asks Linux to
kill it when its parent dies (``prctl(PR_SET_PDEATHSIG)``), and ends at once
if its parent is already gone. On other systems dbt starts as before.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from pathlib import Path

# The project's root (as config.PROJECT_ROOT; not imported: the child starts light).
PROJECT_ROOT = Path(__file__).resolve().parents[2]

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """Be killed when the parent process ends (Linux); exit now if it has ended."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
        return
    # Its refresh died before it could ask: it was handed to init (or, in a container, to
    # the process that reaps orphans there, which this does not see: a window of microseconds).
    if os.getppid() == 1:
        os._exit(1)


def run_dbt() -> None:
    """dbt's command line (``sys.argv[1:]``), in a process that dies with its parent."""
    die_with_parent()
    from dbt.cli.main import cli

    sys.argv[0] = "dbt"
    sys.exit(cli())


def dbt_command() -> list[str]:
    """The executable and its first arguments: dbt's own arguments follow."""
    code = (
        f"import sys; sys.path.insert(0, {str(PROJECT_ROOT)!r}); "
        "from pipelines.lib.child import run_dbt; run_dbt()"
    )
    return [sys.executable, "-c", code]
