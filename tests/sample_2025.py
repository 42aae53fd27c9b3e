"""The 2025 sample: one synthetic office, 2024 and 2025, written by the national generator.

The committed ``raw/`` stays the Jawa Tengah 2024 sample, which reproduces a published
LKj; 2025 has no published report, so its sample is generated for the tests that need
it (the 2025-2029 indicator set: orientation files, cases with their statuses, targets
of the 2025 codes). :func:`expected_realisations` computes from the generated files'
rows, with nothing of the pipeline but the declaration of which indicator counts what,
the figures a 2025 LKj built from them must show.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from python_calamine import CalamineWorkbook

from pipelines.contract.specs import FEEDS
from pipelines.indicators import Indicator, renstra
from pipelines.sample.generate_offices import Plan, generate

OFFICE = "JATIM"
YEARS = (2024, 2025)
SCALE = 0.1  # about 2,500 placements an office-year, 500 orientation participants
SEED = "sample-2025"
MONTHS = (
    "januari", "februari", "maret", "april", "mei", "juni",
    "juli", "agustus", "september", "oktober", "november", "desember",
)  # fmt: skip


def generate_sample_2025(out: Path) -> Plan:
    """Write the 2025 sample under ``out``, without faulty rows: every row counts."""
    return generate(out, [OFFICE], list(YEARS), SCALE, seed=SEED, bad_rate=0.0)


def as_date(cell: object) -> dt.date:
    """A record date as the files write it: a date cell, ``DD/MM/YYYY`` or ``5 Mei 2025``."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = str(cell).strip()
    if "/" in text:
        day, month, year = text.split("/")
        return dt.date(int(year), int(month), int(day))
    day, month, year = text.split()
    return dt.date(int(year), MONTHS.index(month.lower()) + 1, int(day))


def feed_rows(raw: Path, feed: str, office: str, year: int) -> list[dict[str, object]]:
    """Every row of an office-year's files of a feed, as header -> cell."""
    (spec,) = FEEDS[feed]
    rows: list[dict[str, object]] = []
    for path in sorted((raw / feed).glob(f"{spec.prefix}_{office}_{year}*.{spec.ext}")):
        if spec.ext == "csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows += list(csv.DictReader(handle, delimiter=";", quotechar='"'))
        else:
            header, *lines = (
                CalamineWorkbook.from_path(str(path)).get_sheet_by_name(spec.sheet).to_python()
            )
            rows += [dict(zip(header, line, strict=True)) for line in lines]
    return rows


def record_date(feed: str, row: dict[str, object]) -> dt.date:
    """A record's date: its feed's one date column."""
    (spec,) = FEEDS[feed]
    (column,) = [c.name for c in spec.columns if c.kind == "date"]
    return as_date(row[column])


def quarterly_counts(raw: Path, feed: str, office: str, year: int) -> tuple[int, ...]:
    """An office-year's rows of a record-level feed per quarter of their record date."""
    counts = [0, 0, 0, 0]
    for row in feed_rows(raw, feed, office, year):
        counts[(record_date(feed, row).month - 1) // 3] += 1
    return tuple(counts)


def resolved_cases(raw: Path, office: str, year: int) -> tuple[tuple[int, int], ...]:
    """Per quarter, from 1 January to its end: (cases with status Selesai, cases received)."""
    quarters = [[0, 0] for _ in range(4)]
    for row in feed_rows(raw, "kasus", office, year):
        quarter = (record_date("kasus", row).month - 1) // 3
        for later in quarters[quarter:]:
            later[0] += row["STATUS"] == "Selesai"
            later[1] += 1
    return tuple((resolved, received) for resolved, received in quarters)


def scores(raw: Path, office: str, year: int) -> dict[str, dict[int, float]]:
    """The governance file's scores: code -> quarter -> score."""
    found: dict[str, dict[int, float]] = {}
    with (raw / "tata_kelola" / f"nilai_{office}_{year}.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            value = float(row["NILAI"].replace(".", "").replace(",", "."))
            found.setdefault(row["KODE_IKU"], {})[int(row["TRIWULAN"])] = value
    return found


def realisation(
    raw: Path, indicator: Indicator, office: str, year: int
) -> tuple[float, ...] | None:
    """An indicator's realisation per quarter and for the year (the last of five): a count's
    quarters its own rows and the year their sum; a cumulative kind's quarters from 1
    January, the year its fourth quarter's. None for a formula this oracle does not know
    (an indicator a developer adds: docs/recipes.md)."""
    if indicator.kind == "count" and indicator.where is None:
        quarters = quarterly_counts(raw, indicator.feed, office, year)
        return (*quarters, sum(quarters))
    if indicator.kind == "ratio" and indicator.numerator == "status = 'Selesai'":
        shares = tuple(
            100 * done / received for done, received in resolved_cases(raw, office, year)
        )
        return (*shares, shares[-1])
    if indicator.kind == "score":
        by_quarter = scores(raw, office, year)[indicator.code]
        return (*(by_quarter[q] for q in range(1, 5)), by_quarter[4])
    return None


# The indicators of the illustrative 2025-2029 set this oracle computes: every one.
KNOWN_2025 = {f"IKU{n}" for n in range(1, 9)}


def expected_realisations(raw: Path, office: str = OFFICE, year: int = 2025) -> dict:
    """code -> (Q1, Q2, Q3, Q4, year) for every indicator of the year's period whose
    formula the oracle knows."""
    found = {
        indicator.code: realisation(raw, indicator, office, year)
        for indicator in renstra().for_year(year)
    }
    return {code: figures for code, figures in found.items() if figures is not None}
