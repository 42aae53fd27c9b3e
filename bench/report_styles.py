"""The workbook's cell styles two ways, timed side by side (docs/performance.md).

    python -m bench.report_styles WAREHOUSE [--rev REV] [--many N] [--repeat R]

``lkj_workbook.py`` as it is (named styles, openpyxl's public ``NamedStyle``)
against the same module at git revision ``REV`` (by default ``21a469a``, the
last with ``Formats``, the cache over openpyxl's ``_style`` internals): one
workbook of every office-year of the warehouse (the sample: JATENG 2024),
the median of ``R`` runs, then ``N`` workbooks in one process (the first
office-year's figures written as ``N`` office-years, as a first build at
national scale writes them). Prints a table of seconds.
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import tempfile
import types
from contextlib import closing
from pathlib import Path

from bench.timing import seconds
from pipelines.analyst import connect
from pipelines.lkj import lkj_workbook
from pipelines.lkj.lkj_data import LkjData, load_lkj_many, office_years

MODULE = "pipelines/lkj/lkj_workbook.py"


def module_at(rev: str) -> types.ModuleType:
    """``lkj_workbook`` as it was at ``rev`` (its source from git, run as a module)."""
    source = subprocess.run(
        ["git", "show", f"{rev}:{MODULE}"], capture_output=True, text=True, check=True
    ).stdout
    module = types.ModuleType(f"lkj_workbook_{rev}")
    module.__file__ = MODULE
    exec(compile(source, f"{rev}:{MODULE}", "exec"), module.__dict__)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--rev", default="21a469a")
    parser.add_argument("--many", type=int, default=48)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with closing(connect(args.warehouse)) as con:
        everyone = list(load_lkj_many(con, office_years(con), "bench"))
    many = [
        dataclasses.replace(everyone[0], office_code=f"K{n:03d}", year=2015 + n % 10)
        for n in range(args.many)
    ]
    ways = {"Formats (_style)": module_at(args.rev), "NamedStyle": lkj_workbook}
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory)

        def write(module: types.ModuleType, data: list[LkjData]) -> None:
            for d in data:
                module.render_workbook(d, out / f"{d.office_code}_{d.year}.xlsx")

        for name, module in ways.items():
            write(module, everyone[:1])  # warm: imports and first-use costs apart
            results[name] = {
                f"the sample's {len(everyone)} workbook(s), median of {args.repeat}": seconds(
                    lambda m=module: write(m, everyone), args.repeat
                ),
                f"{args.many} workbooks in one process": seconds(
                    lambda m=module: write(m, many), 1
                ),
            }
    print("| seconds | " + " | ".join(ways) + " |")
    print("|---|" + "---:|" * len(ways))
    for key in next(iter(results.values())):
        print(f"| {key} | " + " | ".join(f"{results[n][key]:.2f}" for n in ways) + " |")


if __name__ == "__main__":
    main()
