"""A placement CSV of any size, built from the sample's rows (issue 21: a file larger
than memory). Every row is an ordinary row of the committed sample with its own
``ID_PMI``, so that the whole file loads and none is a duplicate.

``python -m pipelines.sample.large_file --rows 1000000 --out /tmp/raw``
"""

from __future__ import annotations

import argparse
import tempfile
from itertools import cycle
from pathlib import Path

from pipelines.sample.generate_jateng_2024 import write_placements

NAME = "penempatan/penempatan_JATENG_2024-01.csv"


def write_large_csv(raw_dir: Path, rows: int) -> Path:
    """Write ``rows`` placement rows under ``raw_dir`` (the header is row 1); its path."""
    with tempfile.TemporaryDirectory(prefix="bp3mi-large-") as folder:
        write_placements(Path(folder))  # the sample's generator, not the operator's raw/
        header, *body = (Path(folder) / NAME).read_text(encoding="utf-8-sig").splitlines()
    tails = cycle(line.split(";", 1)[1] for line in body)
    path = raw_dir / NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(header + "\n")
        block = 100_000
        for start in range(0, rows, block):
            out.write(
                "".join(
                    f"SKP-2024-{n:08d};{next(tails)}\n"
                    for n in range(start + 1, min(start + block, rows) + 1)
                )
            )
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    print(write_large_csv(args.out, args.rows))


if __name__ == "__main__":
    main()
