"""Run one command and report its wall time and peak memory, as JSON on the last line.

    python -m bench.measure OUT.json -- COMMAND [ARG...]

A fresh process per measurement, so that ``RUSAGE_CHILDREN`` holds only this
command's tree: ``ru_maxrss`` is the peak resident set of the largest single
process in it (for the refresh, the Dagster process or the dbt process it
starts, whichever is larger), not the sum.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    """Run ``argv[2:]`` (after ``--``), write ``{seconds, max_rss_mib, returncode}``."""
    out = Path(argv[0])
    command = argv[2:] if argv[1] == "--" else argv[1:]
    started = time.perf_counter()
    returncode = subprocess.run(command, check=False).returncode
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "seconds": seconds,
        "max_rss_mib": usage.ru_maxrss / 1024,  # Linux reports KiB
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "returncode": returncode,
    }
    out.write_text(json.dumps(result))
    return returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
