"""Generate synthetic raw directories for many offices and years (national scale).

The 2024 sample of BP3MI Jawa Tengah (``generate_jateng_2024``) reproduces one
published report. This generator writes the same feeds, in the exact formats
of the raw-feed contract (``docs/raw-feeds.md``), for any number of synthetic
offices and years, at any scale, to measure the refresh at national size::

    python -m pipelines.sample.generate_offices --out /tmp/raw \\
        --offices 24 --years 2015-2024 --scale 1

One office-year has about ``25,000 * scale`` placement rows (the office mean
is kept exactly; offices and years vary around it), spread over the months
with Jawa Tengah 2024's seasonality and cut by its mix of service-point kind,
scheme group, sector and sex; schemes, destination countries (with the
spelling variants people type), jobs and placement companies follow the 2024
sample's distributions. The smaller feeds (cases, preventions,
repatriations, empowerment) scale with an office-year's placements as they
do in Jawa Tengah 2024; budget, governance scores, targets and history are
one small file each.

The indicators are the Renstra declaration's (``dbt_project/dbt_project.yml``,
``pipelines/indicators.py``) of each year's period: a year gets targets for its
period's codes (a count's target from its feed's rows, a percentage's a fixed
share, a score's per code), governance scores for its scored codes only, and
the files of an optional feed (``orientasi``, counted from 2025) only where
one of its indicators counts that feed. A year no period covers takes the
nearest period's set. So ``--years 2025`` writes the 2025-2029 set: orientation
files, targets of IKU1-8 as that period defines them, scores of IKU7 and IKU8.

A share of rows (``--bad-rate``, default 0.1 %) breaks the contract's rules
in the four ways offices' files do: an impossible date, a date outside the
file's period, a value outside the contract's list, and an id already used
higher up in the file. Each of those rows goes to quarantine, exactly one
row per planned fault, so a refresh can be checked against the generator's
count.

Names come from the sample's lists of common given and family names; every
NIK starts with ``99``, a province code that does not exist. Placement rows
are generated column by column (numpy, polars) and streamed one month file at
a time, so ten million rows take minutes and little memory. Output is
deterministic: the same arguments write byte-identical files (fixed seeds per
office, year and feed; fixed workbook timestamps).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.contract import specs
from pipelines.indicators import Indicator, renstra
from pipelines.sample.generate_jateng_2024 import (
    ACTIVITIES,
    CASES,
    CHANNELS,
    CHECK,
    DESTINATIONS,
    FEMALE_FAMILY,
    FEMALE_GIVEN,
    IKPA,
    MALE_FAMILY,
    MALE_GIVEN,
    MALE_INFORMAL_JOBS,
    PLACEMENT_HEADER,
    PLACEMENTS,
    REGENCIES,
    REPATRIATION_CATEGORIES,
    REPATRIATION_COUNTRIES,
    SCHEME_GROUPS,
    SECTORS,
    SEXES,
    SPELLINGS,
    UNIT_KINDS,
    Cell,
    People,
    Sheet,
    contract_header,
    format_cents,
    format_dmy,
    format_number,
    monthly_cents,
    p3mi_companies,
    pick,
    text_date,
    weekdays,
    write_csv,
    write_xlsx,
    xlsx_date,
)

# Province abbreviations as the offices are known (3-8 capital letters).
# JATENG is left out: its 2024 figures are the published sample's.
OFFICE_CODES = (
    "JATIM", "JABAR", "NTB", "NTT", "LAMPUNG", "BANTEN", "SUMUT", "SULSEL",
    "BALI", "KALBAR", "KEPRI", "RIAU", "SUMSEL", "SUMBAR", "ACEH", "KALTIM",
    "KALTARA", "SULUT", "DIY", "JAKARTA", "JAMBI", "BENGKULU", "BABEL", "KALSEL",
    "KALTENG", "SULTENG", "SULTRA", "SULBAR", "MALUKU", "MALUT", "PAPUA", "PABAR",
)  # fmt: skip
PLACEMENTS_PER_OFFICE_YEAR = 25_000
DEFAULT_BAD_RATE = 0.001
BAD_KINDS = ("invalid_date", "out_of_period", "not_allowed_value", "duplicate")
# Jawa Tengah 2024, per placement: cases, preventions, repatriations, participants.
CASES_PER_PLACEMENT = 128 / 25_000
PREVENTIONS_PER_PLACEMENT = 62 / 25_000
REPATRIATIONS_PER_PLACEMENT = 174 / 25_000
PARTICIPANTS_PER_PLACEMENT = 160 / 25_000
# Illustrative: the office's own pre-departure orientation sessions (OPP) reach about one
# in five of the workers it places (the others are oriented elsewhere).
ORIENTATIONS_PER_PLACEMENT = 0.2
EMPOWERMENT_TOPICS = (
    "Pelatihan Kewirausahaan Olahan Pangan PMI Purna dan Keluarga",
    "Pelatihan Literasi Keuangan dan Pengelolaan Remitansi",
    "Pelatihan Pemasaran Digital Usaha PMI Purna",
    "Peningkatan Kapasitas Wirausaha PMI Purna dan Keluarga",
)
PREVENTION_ACTORS = ("Perseorangan", "PT. Sinar Tenaga Abadi", "Sponsor", "PT. KJS")
PREVENTION_PLACES = ("Bandara", "Pelabuhan", "Penampungan", "Terminal")
PREVENTION_COUNTRIES = ("ARAB SAUDI", "Malaysia", "Kamboja", "Myanmar", "Taiwan", None)


def office_codes(count: int) -> list[str]:
    """``count`` office codes: real province abbreviations first, then synthetic ones."""
    codes = list(OFFICE_CODES[:count])
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    index = 0
    while len(codes) < count:
        codes.append(f"OFC{letters[index // 26 % 26]}{letters[index % 26]}")
        index += 1
    return codes


def parse_years(text: str) -> list[int]:
    """``2015-2024`` or ``2024`` (or ``2019,2021``) as a list of years."""
    years: list[int] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        years += range(int(first), int(last or first) + 1)
    return sorted(set(years))


def seeded(*parts: object) -> int:
    """A 64-bit seed from the parts' text, stable across runs and platforms."""
    digest = hashlib.sha256("/".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "little")


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month."""
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def split_exact(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split over ``weights``, largest remainders, summing exactly."""
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    counts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


# ---------------------------------------------------------------------------
# The plan: how many rows each office, year and month gets
# ---------------------------------------------------------------------------

# 2020-2021: departures fell with the pandemic; the years around follow the
# national trend loosely.
YEAR_FACTORS = {2020: 0.45, 2021: 0.55, 2022: 0.9}
SEASONALITY = tuple(sum(cells) for _, cells in sorted(PLACEMENTS.items()))


@dataclass
class Plan:
    """Rows per office and year, and what was written."""

    offices: list[str]
    years: list[int]
    scale: float
    seed: str
    bad_rate: float
    placements: dict[tuple[str, int], int] = field(default_factory=dict)
    rows_written: dict[str, int] = field(default_factory=dict)
    bad_rows: dict[str, int] = field(default_factory=dict)


def make_plan(
    offices: list[str], years: list[int], scale: float, seed: str, bad_rate: float
) -> Plan:
    """Placements per office-year: office sizes vary 0.4x-1.6x, mean kept exactly."""
    plan = Plan(offices, years, scale, seed, bad_rate)
    rng = random.Random(seeded(seed, "plan"))
    office_size = {code: rng.uniform(0.4, 1.6) for code in offices}
    weights = {
        (code, year): office_size[code] * YEAR_FACTORS.get(year, 1.0) * rng.uniform(0.9, 1.1)
        for code in offices
        for year in years
    }
    total = round(len(offices) * len(years) * PLACEMENTS_PER_OFFICE_YEAR * scale)
    keys = list(weights)
    plan.placements = dict(zip(keys, split_exact(total, [weights[k] for k in keys]), strict=True))
    return plan


# ---------------------------------------------------------------------------
# Placements, column by column
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementMix:
    """Every (kind, scheme, sector, sex, country spelling, job) with its probability."""

    unit_kind: np.ndarray
    scheme: np.ndarray
    sector: np.ndarray
    sex: np.ndarray
    country: np.ndarray
    job: np.ndarray
    needs_company: np.ndarray
    probability: np.ndarray


def _scheme_shares(group: str, sector: str, sex: str) -> list[tuple[str, float]]:
    """The sample's split of a scheme group into schemes (``placement_scheme``)."""
    if group == "TKI Mandiri / Pelaut":
        pelaut = (0.45 if sex == "L" else 0.04) if sector == "Formal" else 0.0
        return [("Pelaut", pelaut), ("Mandiri", 1 - pelaut)]
    if sector == "Informal":
        return [("P to P", 1.0)]
    return [("G to G", 0.12), ("UKPS", 0.04), ("P to P", 0.84)]


def placement_mix() -> PlacementMix:
    """The joint distribution of the 2024 sample's placement attributes."""
    cell_totals = [sum(month[i] for month in PLACEMENTS.values()) for i in range(16)]
    cells = [
        (unit, group, sector, sex)
        for unit in UNIT_KINDS
        for group in SCHEME_GROUPS
        for sector in SECTORS
        for sex in SEXES
    ]
    rows: list[tuple[str, str, str, str, str, str, float]] = []
    for (unit, group, sector, sex), weight in zip(cells, cell_totals, strict=True):
        for scheme, share in _scheme_shares(group, sector, sex):
            destinations = DESTINATIONS.get((scheme, sector))
            if not destinations or share == 0 or weight == 0:
                continue
            country_total = sum(w for _, w, _ in destinations)
            for key, country_weight, jobs in destinations:
                if sex == "L" and sector == "Informal":
                    jobs = MALE_INFORMAL_JOBS
                spelling_total = sum(w for _, w in SPELLINGS[key])
                for spelling, spelling_weight in SPELLINGS[key]:
                    for job in jobs:
                        p = (
                            weight
                            * share
                            * country_weight
                            / country_total
                            * spelling_weight
                            / spelling_total
                            / len(jobs)
                        )
                        rows.append((unit, scheme, sector, sex, spelling, job, p))
    probability = np.array([r[6] for r in rows])
    return PlacementMix(
        unit_kind=np.array([r[0] for r in rows]),
        scheme=np.array([r[1] for r in rows]),
        sector=np.array([r[2] for r in rows]),
        sex=np.array([r[3] for r in rows]),
        country=np.array([r[4] for r in rows]),
        job=np.array([r[5] for r in rows]),
        needs_company=np.array([r[1] in ("P to P", "UKPS") for r in rows]),
        probability=probability / probability.sum(),
    )


def service_points(office: str) -> dict[str, tuple[list[str], np.ndarray]]:
    """Synthetic service points of an office per kind, with weights."""
    rng = random.Random(seeded("service-points", office))
    p4mi = [f"P4MI {office} {n}" for n in range(1, rng.randint(2, 4) + 1)]
    mpp = [f"MPP {office} {n}" for n in range(1, rng.randint(4, 10) + 1)]
    kinds = {
        "BP3MI/P4MI": [f"BP3MI {office}", *p4mi],
        "LTSA/MPP": [f"LTSA {office}", *mpp],
    }
    result = {}
    for kind, names in kinds.items():
        weights = np.array([1 / (rank + 1.5) for rank in range(len(names))])
        result[kind] = (names, weights / weights.sum())
    return result


def _choice(rng: np.random.Generator, values: Sequence[str], n: int) -> pl.Series:
    return pl.Series(list(values), dtype=pl.String).gather(rng.integers(0, len(values), n))


def _weighted(
    rng: np.random.Generator, values: Sequence[str], weights: np.ndarray, n: int
) -> pl.Series:
    index = rng.choice(len(values), size=n, p=weights)
    return pl.Series(list(values), dtype=pl.String).gather(index)


_COMPANIES = p3mi_companies()
_REGENCY_NAMES = [name for name, _ in REGENCIES]
_REGENCY_WEIGHTS = np.array([w for _, w in REGENCIES], dtype=float) / sum(w for _, w in REGENCIES)
_COMPANY_NAMES = [name for name, _ in _COMPANIES]
_COMPANY_WEIGHTS = np.array([w for _, w in _COMPANIES]) / sum(w for _, w in _COMPANIES)


def placement_frame(
    rng: np.random.Generator,
    mix: PlacementMix,
    points: dict[str, tuple[list[str], np.ndarray]],
    office: str,
    year: int,
    month: int,
    count: int,
    first_serial: int,
) -> pl.DataFrame:
    """One month's placement rows, sorted by date, with their ids (no faults yet).

    Long because it draws every column of the contract in turn, vectorised; each draw is
    a line or two.
    """
    if count == 0:
        return pl.DataFrame(schema=dict.fromkeys(PLACEMENT_HEADER, pl.String))
    combo = rng.choice(len(mix.probability), size=count, p=mix.probability)
    days = weekdays(*month_range(year, month))
    day_index = np.sort(rng.integers(0, len(days), count))
    sex = mix.sex[combo]
    is_male = sex == "L"
    middle = rng.random(count) < 0.4
    given_m = _choice(rng, MALE_GIVEN, count)
    given_f = _choice(rng, FEMALE_GIVEN, count)
    second_m = _choice(rng, MALE_GIVEN, count)
    second_f = _choice(rng, FEMALE_GIVEN, count)
    family_m = _choice(rng, MALE_FAMILY, count)
    family_f = _choice(rng, FEMALE_FAMILY, count)
    birth_day = rng.integers(1, 29, count) + np.where(is_male, 0, 40)
    nik = pl.DataFrame(
        {
            "area": rng.integers(101, 3526, count),
            "day": birth_day,
            "month": rng.integers(1, 13, count),
            "year": rng.integers(0, 100, count),
            "serial": rng.integers(1, 10_000, count),
        }
    ).select(
        pl.format(
            "99{}{}{}{}{}",
            pl.col("area").cast(pl.String).str.zfill(4),
            pl.col("day").cast(pl.String).str.zfill(2),
            pl.col("month").cast(pl.String).str.zfill(2),
            pl.col("year").cast(pl.String).str.zfill(2),
            pl.col("serial").cast(pl.String).str.zfill(4),
        )
    )
    kinds = mix.unit_kind[combo]
    bp3mi_names, bp3mi_weights = points["BP3MI/P4MI"]
    ltsa_names, ltsa_weights = points["LTSA/MPP"]
    unit = pl.Series(
        np.where(
            kinds == "BP3MI/P4MI",
            np.array(bp3mi_names)[rng.choice(len(bp3mi_names), count, p=bp3mi_weights)],
            np.array(ltsa_names)[rng.choice(len(ltsa_names), count, p=ltsa_weights)],
        )
    )
    companies = np.array(_COMPANY_NAMES)[rng.choice(len(_COMPANY_NAMES), count, p=_COMPANY_WEIGHTS)]
    company = pl.Series(companies).zip_with(
        pl.Series(mix.needs_company[combo]), pl.Series([None], dtype=pl.String)
    )
    frame = pl.DataFrame(
        {
            "ID_PMI": pl.select(
                pl.lit(f"SKP-{office}-{year}-")
                + pl.int_range(first_serial, first_serial + count).cast(pl.String).str.zfill(7)
            ).to_series(),
            "NIK": nik.to_series(),
            "NAMA": pl.Series(
                np.where(
                    is_male,
                    (given_m + np.where(middle, " " + second_m, "") + " " + family_m).to_numpy(),
                    (given_f + np.where(middle, " " + second_f, "") + " " + family_f).to_numpy(),
                )
            ),
            "JENIS_KELAMIN": pl.Series(sex),
            "TANGGAL_PENEMPATAN": pl.Series([format_dmy(d) for d in days]).gather(day_index),
            "UNIT_LAYANAN": unit,
            "JENIS_UNIT": pl.Series(kinds),
            "SKEMA": pl.Series(mix.scheme[combo]),
            "SEKTOR": pl.Series(mix.sector[combo]),
            "NEGARA_TUJUAN": pl.Series(mix.country[combo]),
            "JABATAN": pl.Series(mix.job[combo]),
            "KAB_KOTA_ASAL": _weighted(rng, _REGENCY_NAMES, _REGENCY_WEIGHTS, count),
            "P3MI": company,
        }
    )
    return frame.select(PLACEMENT_HEADER)


def fault_positions(rng: np.random.Generator, count: int, rate: float) -> np.ndarray:
    """Rows to break: odd positions only, so a duplicate's original is never itself bad.

    The count is ``count * rate`` rounded up or down at random, so that the
    rate holds on average even where files are small.
    """
    expected = count * rate
    wanted = min(int(expected) + int(rng.random() < expected % 1), count // 2)
    if wanted == 0:
        return np.array([], dtype=np.int64)
    return np.sort(rng.choice(np.arange(1, count, 2), size=wanted, replace=False))


def add_placement_faults(
    frame: pl.DataFrame, positions: np.ndarray, kinds: Sequence[str], year: int, month: int
) -> pl.DataFrame:
    """Break the rows at ``positions``, cycling through the contract's four faults."""
    if len(positions) == 0:
        return frame
    other_month = 1 if month != 1 else 2
    dates = frame["TANGGAL_PENEMPATAN"].to_list()
    schemes = frame["SKEMA"].to_list()
    ids = frame["ID_PMI"].to_list()
    for kind, position in zip(kinds, positions.tolist(), strict=True):
        if kind == "invalid_date":
            dates[position] = f"31/02/{year}"
        elif kind == "out_of_period":
            dates[position] = f"15/{other_month:02d}/{year}"
        elif kind == "not_allowed_value":
            schemes[position] = "Lainnya"
        else:
            ids[position] = ids[position - 1]
    return frame.with_columns(
        pl.Series("TANGGAL_PENEMPATAN", dates),
        pl.Series("SKEMA", schemes),
        pl.Series("ID_PMI", ids),
    )


def write_frame_csv(path: Path, frame: pl.DataFrame, *, bom: bool = False) -> int:
    """A contract CSV (``;``, ``"`` when needed, ``\\n``, UTF-8) from a frame."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        if bom:
            handle.write("\ufeff".encode())
        frame.write_csv(
            handle, separator=";", quote_char='"', line_terminator="\n", quote_style="necessary"
        )
    return frame.height


def write_placements(out: Path, plan: Plan, office: str, year: int, mix: PlacementMix) -> None:
    """``penempatan``: twelve monthly files of one office-year."""
    points = service_points(office)
    months = split_exact(plan.placements[(office, year)], SEASONALITY)
    serial = 1
    for month, count in enumerate(months, start=1):
        rng = np.random.default_rng(seeded(plan.seed, "penempatan", office, year, month))
        frame = placement_frame(rng, mix, points, office, year, month, count, serial)
        serial += count
        bad = fault_positions(rng, count, plan.bad_rate)
        kinds = [BAD_KINDS[k] for k in rng.integers(0, len(BAD_KINDS), len(bad))]
        frame = add_placement_faults(frame, bad, kinds, year, month)
        name = f"penempatan/penempatan_{office}_{year}-{month:02d}.csv"
        plan.rows_written[name] = write_frame_csv(out / name, frame, bom=month == 1)
        plan.bad_rows[name] = len(bad)


# ---------------------------------------------------------------------------
# The smaller feeds, row by row
# ---------------------------------------------------------------------------


def _scaled(plan: Plan, office: str, year: int, per_placement: float, floor: int) -> int:
    return max(floor, round(plan.placements[(office, year)] * per_placement))


# Each record-level feed: its rows per placement, the fewest rows of an office-year, and
# its count's target as a multiple of its rows (None: a random 0.9-1.15 each year).
FEED_SIZES: dict[str, tuple[float, int, float | None]] = {
    "penempatan": (1.0, 0, None),
    "kasus": (CASES_PER_PLACEMENT, 4, 1.0),
    "pencegahan": (PREVENTIONS_PER_PLACEMENT, 3, 1.1),
    "pemulangan": (REPATRIATIONS_PER_PLACEMENT, 4, 0.9),
    "pemberdayaan": (PARTICIPANTS_PER_PLACEMENT, 5, 1.2),
    "orientasi": (ORIENTATIONS_PER_PLACEMENT, 5, 1.05),
}


def record_rows(plan: Plan, office: str, year: int, feed: str) -> int:
    """The rows an office-year's files of a record-level feed hold (faulty ones included)."""
    if feed == "penempatan":
        return plan.placements[(office, year)]
    per_placement, floor, _ = FEED_SIZES[feed]
    return _scaled(plan, office, year, per_placement, floor)


def indicators_of(year: int) -> tuple[Indicator, ...]:
    """The declared indicators of the year's Renstra period; a year no period covers (the
    benchmark's 2015) takes the nearest period's."""
    declared = renstra()
    if declared.period_of(year) is None:
        nearest = min(
            declared.periods,
            key=lambda period: min(abs(year - period.first_year), abs(year - period.last_year)),
        )
        year = nearest.first_year
    return declared.for_year(year)


def writes_feed(feed: str, year: int) -> bool:
    """A year's files hold every feed of the contract, and an optional feed (one not every
    office delivers, e.g. ``orientasi``) only where the year's indicators count it."""
    optional = all(spec.optional for spec in specs.FEEDS[feed])
    return not optional or feed in {i.feed for i in indicators_of(year)}


def _faulty(rng: random.Random, count: int, rate: float) -> set[int]:
    """Row indexes to break in a small file: odd ones, about ``rate`` of them."""
    odd = list(range(1, count, 2))
    wanted = min(len(odd), int(count * rate) + (rng.random() < (count * rate) % 1))
    return set(rng.sample(odd, wanted))


def _random_day(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


_CASE_PAIRS = [(country, case) for country, lines in CASES for case, count in lines]
_CASE_WEIGHTS = [count for _, lines in CASES for _, count in lines]


def write_cases(out: Path, plan: Plan, office: str, year: int) -> int:
    """``kasus``: one workbook a year, one row per complaint."""
    rng = random.Random(seeded(plan.seed, "kasus", office, year))
    people = People(rng)
    count = _scaled(plan, office, year, CASES_PER_PLACEMENT, 4)
    days = sorted(_random_day(rng, year) for _ in range(count))
    faults = _faulty(rng, count, plan.bad_rate)
    rows: list[list[Cell]] = []
    for index, day in enumerate(days):
        country, case = rng.choices(_CASE_PAIRS, weights=_CASE_WEIGHTS)[0]
        open_share = 0.1 + 0.6 * day.timetuple().tm_yday / 366
        row: list[Cell] = [
            f"CC-{office}-{year}-{index + 1:05d}",
            xlsx_date(rng, day),
            people.name(people.sex(0.6)),
            country,
            case,
            "Proses" if rng.random() < open_share else "Selesai",
            f"BP3MI {office}",
            pick(rng, CHANNELS),
        ]
        if index in faults:
            kind = rng.choice(BAD_KINDS)
            if kind == "invalid_date":
                row[1] = f"31 Februari {year}"
            elif kind == "out_of_period":
                row[1] = dt.date(year - 1, 12, 15)
            elif kind == "not_allowed_value":
                row[5] = "Batal"
            else:
                row[0] = rows[-1][0]
        rows.append(row)
    header = contract_header(specs.KASUS)
    name = f"kasus/kasus_{office}_{year}.xlsx"
    write_xlsx(out / name, [Sheet("Pengaduan", header, rows)])
    plan.rows_written[name], plan.bad_rows[name] = len(rows), len(faults)
    return len(rows)


def write_preventions(out: Path, plan: Plan, office: str, year: int) -> None:
    """``pencegahan``: the office's yearly recap of prevented departures."""
    rng = random.Random(seeded(plan.seed, "pencegahan", office, year))
    people = People(rng)
    count = _scaled(plan, office, year, PREVENTIONS_PER_PLACEMENT, 3)
    days = sorted(_random_day(rng, year) for _ in range(count))
    faults = _faulty(rng, count, plan.bad_rate)
    rows: list[list[Cell]] = []
    for index, day in enumerate(days):
        sex = people.sex(0.45)
        row: list[Cell] = [
            index + 1,
            xlsx_date(rng, day),
            rng.choice(PREVENTION_PLACES),
            rng.choice(PREVENTION_ACTORS),
            people.name(sex),
            CHECK if sex == "L" else None,
            CHECK if sex == "P" else None,
            rng.choice(PREVENTION_COUNTRIES),
            pick(rng, REGENCIES),
            "Keberangkatan nonprosedural",
            "Dipulangkan ke daerah asal",
        ]
        if index in faults:
            # The recap has no id: its faults are a date and the sex marks.
            kind = rng.choice(("invalid_date", "out_of_period", "one_sex_marked"))
            if kind == "invalid_date":
                row[1] = f"30 Februari {year}"
            elif kind == "out_of_period":
                row[1] = text_date(dt.date(year + 1, 1, 5))
            else:
                row[5] = row[6] = CHECK
        rows.append(row)
    header = contract_header(specs.PENCEGAHAN)
    name = f"pencegahan/pencegahan_{office}_{year}.xlsx"
    write_xlsx(out / name, [Sheet("Pencegahan", header, rows)])
    plan.rows_written[name], plan.bad_rows[name] = len(rows), len(faults)


def write_repatriations(out: Path, plan: Plan, office: str, year: int) -> None:
    """``pemulangan``: one row per facilitated return."""
    rng = random.Random(seeded(plan.seed, "pemulangan", office, year))
    people = People(rng)
    count = _scaled(plan, office, year, REPATRIATIONS_PER_PLACEMENT, 4)
    days = sorted(_random_day(rng, year) for _ in range(count))
    faults = _faulty(rng, count, plan.bad_rate)
    rows: list[list[str]] = []
    for index, day in enumerate(days):
        category = pick(rng, REPATRIATION_CATEGORIES)
        country = pick(rng, SPELLINGS[pick(rng, REPATRIATION_COUNTRIES[category])])
        row = [
            f"PLG-{office}-{year}-{index + 1:05d}",
            format_dmy(day),
            people.name(people.sex(0.65)),
            category,
            country,
            pick(rng, REGENCIES),
        ]
        if index in faults:
            kind = rng.choice(BAD_KINDS)
            if kind == "invalid_date":
                row[1] = f"30/02/{year}"
            elif kind == "out_of_period":
                row[1] = f"02/01/{year + 1}"
            elif kind == "not_allowed_value":
                row[3] = "PMI Cuti"
            else:
                row[0] = rows[-1][0]
        rows.append(row)
    header = contract_header(specs.PEMULANGAN)
    name = f"pemulangan/pemulangan_{office}_{year}.csv"
    plan.rows_written[name] = write_csv(out / name, header, rows)
    plan.bad_rows[name] = len(faults)


def _spoil(
    rng: random.Random, row: list[str], year: int, date_at: int, value_at: int, bad_value: str
) -> None:
    """Make a record row of a DD/MM/YYYY feed faulty, one of three ways: a date that does not
    exist, a date of the year before, or a value off its list."""
    kind = rng.choice(("invalid_date", "out_of_period", "not_allowed_value"))
    if kind == "invalid_date":
        row[date_at] = f"31/04/{year}"
    elif kind == "out_of_period":
        row[date_at] = f"20/06/{year - 1}"
    else:
        row[value_at] = bad_value


def write_empowerment(out: Path, plan: Plan, office: str, year: int) -> None:
    """``pemberdayaan``: participants of activities of about 40 people."""
    rng = random.Random(seeded(plan.seed, "pemberdayaan", office, year))
    people = People(rng)
    count = _scaled(plan, office, year, PARTICIPANTS_PER_PLACEMENT, 5)
    sizes = split_exact(count, [1.0] * max(1, round(count / 40)))
    faults = _faulty(rng, count, plan.bad_rate)
    rows: list[list[str]] = []
    for activity, size in enumerate(sizes):
        day = dt.date(year, 3 + (9 * activity) // max(1, len(sizes)), rng.randint(1, 28))
        topic = EMPOWERMENT_TOPICS[activity % len(EMPOWERMENT_TOPICS)]
        place = f"Aula {pick(rng, REGENCIES)}"
        for _ in range(size):
            sex = people.sex(0.7)
            status = "PMI Purna" if rng.random() < 0.6 else "Keluarga PMI"
            row = [format_dmy(day), topic, place, people.nik(sex), people.name(sex), status]
            if len(rows) in faults:
                _spoil(rng, row, year, date_at=0, value_at=5, bad_value="Umum")
            rows.append(row)
    header = contract_header(specs.PEMBERDAYAAN)
    name = f"pemberdayaan/pemberdayaan_{office}_{year}.csv"
    plan.rows_written[name] = write_csv(out / name, header, rows)
    plan.bad_rows[name] = len(faults)


_ORIENTATION_DESTINATIONS = [
    ((scheme, key), weight)
    for (scheme, _), destinations in DESTINATIONS.items()
    for key, weight, _ in destinations
]


def write_orientations(out: Path, plan: Plan, office: str, year: int) -> None:
    """``orientasi``: participants of pre-departure orientation sessions of about 50."""
    rng = random.Random(seeded(plan.seed, "orientasi", office, year))
    people = People(rng)
    count = record_rows(plan, office, year, "orientasi")
    sizes = split_exact(count, [1.0] * max(1, round(count / 50)))
    days = weekdays(dt.date(year, 1, 1), dt.date(year, 12, 31))
    session_days = sorted(rng.choice(days) for _ in sizes)
    places = (f"LTSA {office}", f"BP3MI {office}", f"P4MI {office} 1")
    faults = _faulty(rng, count, plan.bad_rate)
    rows: list[list[str]] = []
    for day, size in zip(session_days, sizes, strict=True):
        place = rng.choice(places)
        for _ in range(size):
            sex = people.sex(0.6)
            scheme, key = pick(rng, _ORIENTATION_DESTINATIONS)
            row = [
                str(len(rows) + 1),
                people.name(sex),
                people.nik(sex),
                sex,
                pick(rng, SPELLINGS[key]),
                scheme,
                format_dmy(day),
                place,
            ]
            if len(rows) in faults:
                _spoil(rng, row, year, date_at=6, value_at=5, bad_value="Lainnya")
            rows.append(row)
    header = contract_header(specs.ORIENTASI)
    name = f"orientasi/orientasi_{office}_{year}.csv"
    plan.rows_written[name] = write_csv(out / name, header, rows)
    plan.bad_rows[name] = len(faults)


def write_budget(out: Path, plan: Plan, office: str, year: int) -> None:
    """``anggaran``: ceilings and DIPA totals (XLSX), monthly realisation (CSV)."""
    rng = random.Random(seeded(plan.seed, "anggaran", office, year))
    size = plan.placements[(office, year)] / PLACEMENTS_PER_OFFICE_YEAR
    ceilings = []
    realised = {}
    for activity in ACTIVITIES:
        initial = round(activity.initial_ceiling * (0.5 + size) * rng.uniform(0.8, 1.2), -3)
        after = round(initial * rng.uniform(0.7, 0.95), -3)
        ceilings.append([activity.code, activity.name, activity.goal, initial, after])
        realised[activity.code] = monthly_cents(
            rng, round(after * 100 * rng.uniform(0.9, 0.995)), activity.monthly_weights
        )
    dipa = [[sum(row[3] for row in ceilings), sum(row[4] for row in ceilings)]]
    write_xlsx(
        out / "anggaran" / f"pagu_{office}_{year}.xlsx",
        [
            Sheet(
                "Pagu",
                ("KODE_KEGIATAN", "NAMA_KEGIATAN", "SASARAN", "PAGU_AWAL", "PAGU_SETELAH_AA"),
                ceilings,
            ),
            Sheet("DIPA", ("PAGU_AWAL_TOTAL", "PAGU_SETELAH_AA_TOTAL"), dipa),
        ],
    )
    rows = [
        [str(month), a.code, format_cents(realised[a.code][month - 1])]
        for month in range(1, 13)
        for a in ACTIVITIES
    ]
    name = f"anggaran/realisasi_{office}_{year}.csv"
    plan.rows_written[name] = write_csv(out / name, ("BULAN", "KODE_KEGIATAN", "REALISASI"), rows)


def _score(rng: random.Random, low: float, high: float) -> str:
    return format_number(f"{rng.uniform(low, high):.2f}", 2)


# The sample's scores per score scored (the declaration's score_name): the range drawn
# from and the target. A score not listed draws from DEFAULT_SCORE.
SCORE_SAMPLES = {"nka": (80, 100, 88), "ikpa": (88, 100, 95), "zi": (65, 95, 85)}
DEFAULT_SCORE = (80, 100, 85)
LABELLED_SCORES = ("zi",)  # the ZI's label: WBBM from 90, WBK from 70
# The sample's targets of the percentage kinds.
REDUCTION_TARGET = 6.0
RATIO_TARGET = 80.0


def write_governance(out: Path, plan: Plan, office: str, year: int) -> None:
    """``tata_kelola``: the quarterly scores of the year's scored indicators (NKA, IKPA and
    ZI to 2024; IKPA and ZI from 2025); the year-end IKPA components."""
    rng = random.Random(seeded(plan.seed, "tata_kelola", office, year))
    scored = [i for i in indicators_of(year) if i.kind == "score"]
    scores = []
    for quarter in range(1, 5):
        for indicator in scored:
            low, high, _ = SCORE_SAMPLES.get(indicator.score_name, DEFAULT_SCORE)
            value = rng.uniform(low, high)
            label = ""
            if indicator.score_name in LABELLED_SCORES:
                label = "WBBM" if value >= 90 else "WBK" if value >= 70 else ""
            scores.append([str(quarter), indicator.code, format_number(f"{value:.2f}", 2), label])
    folder = out / "tata_kelola"
    write_csv(
        folder / f"nilai_{office}_{year}.csv", ("TRIWULAN", "KODE_IKU", "NILAI", "PREDIKAT"), scores
    )
    if not any(i.score_name == "ikpa" for i in scored):
        return
    components = [
        [aspect, component, _score(rng, 85, 100), str(weight)]
        for aspect, component, _, weight in IKPA
    ]
    write_csv(
        folder / f"ikpa_{office}_{year}.csv", ("ASPEK", "KOMPONEN", "NILAI", "BOBOT"), components
    )


def _iku_value(indicator: Indicator, value: float) -> str:
    """A target or realisation as the files write it: a percentage with two decimals."""
    if indicator.unit == "%":
        return format_number(f"{value:.2f}", 2)
    return format_number(round(value))


def annual_target(
    rng: random.Random, plan: Plan, office: str, year: int, indicator: Indicator
) -> float:
    """The sample's PK target of an indicator for a year, by its kind."""
    if indicator.kind == "score":
        return SCORE_SAMPLES.get(indicator.score_name, DEFAULT_SCORE)[2]
    if indicator.kind == "reduction":
        return REDUCTION_TARGET
    if indicator.kind == "ratio":
        return RATIO_TARGET
    factor = FEED_SIZES[indicator.feed][2]
    rows = record_rows(plan, office, year, indicator.feed)
    return rows * (rng.uniform(0.9, 1.15) if factor is None else factor)


def write_targets_and_history(out: Path, plan: Plan, office: str) -> None:
    """``target`` and ``historis``: targets of every year for its period's indicators (a
    count's quarters split, the others' repeated); realisations of the year before."""
    rng = random.Random(seeded(plan.seed, "target", office))
    rows = []
    for year in plan.years:
        indicators = indicators_of(year)
        annual = {i.code: annual_target(rng, plan, office, year, i) for i in indicators}
        for basis, factor in (("PK", 1.0), ("DIPA_AA", 0.8)):
            for i in indicators:
                value = annual[i.code] * (factor if i.quarters == "own" else 1)
                rows.append([str(year), i.code, basis, "", _iku_value(i, value), i.unit])
        for i in indicators:
            if i.quarters == "own":
                quarters = split_exact(round(annual[i.code]), [1, 1, 1, 1])
            else:
                quarters = [annual[i.code]] * 4
            for quarter, value in enumerate(quarters, start=1):
                rows.append([str(year), i.code, "PK", str(quarter), _iku_value(i, value), i.unit])
    header = contract_header(specs.TARGET_KINERJA)
    name = f"target/target_kinerja_{office}.csv"
    plan.rows_written[name] = write_csv(out / name, header, rows, bom=True)

    first = plan.years[0]
    placements = plan.placements[(office, first)]
    cases = max(4, round(placements * CASES_PER_PLACEMENT * rng.uniform(1.0, 1.3)))
    history = []
    for i in indicators_of(first - 1):
        if i.kind == "reduction":
            history.append([str(first - 1), i.code, _iku_value(i, rng.uniform(3, 25)), str(cases)])
        elif i.kind == "ratio":
            history.append([str(first - 1), i.code, _iku_value(i, rng.uniform(60, 95)), ""])
        elif i.kind in ("count", "sum"):
            per_placement, _, factor = FEED_SIZES[i.feed]
            value = placements * per_placement * (rng.uniform(0.8, 1.1) if factor is None else 1)
            history.append([str(first - 1), i.code, format_number(round(value)), ""])
    header = contract_header(specs.REALISASI_HISTORIS)
    name = f"historis/realisasi_historis_{office}.csv"
    plan.rows_written[name] = write_csv(out / name, header, history)


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------


# The record-level feeds after the placements, each with its writer.
RECORD_WRITERS = (
    ("kasus", write_cases),
    ("pencegahan", write_preventions),
    ("pemulangan", write_repatriations),
    ("pemberdayaan", write_empowerment),
    ("orientasi", write_orientations),
)


def generate(
    out: Path,
    offices: int | Sequence[str],
    years: Sequence[int],
    scale: float,
    seed: str = "bp3mi-national",
    bad_rate: float = DEFAULT_BAD_RATE,
    progress: bool = False,
) -> Plan:
    """Write every feed of ``offices`` by ``years`` under ``out``; return what was written."""
    codes = office_codes(offices) if isinstance(offices, int) else list(offices)
    plan = make_plan(codes, sorted(years), scale, seed, bad_rate)
    mix = placement_mix()
    started = time.monotonic()
    for office in codes:
        for year in plan.years:
            write_placements(out, plan, office, year, mix)
            for feed, write in RECORD_WRITERS:
                if writes_feed(feed, year):
                    write(out, plan, office, year)
            write_budget(out, plan, office, year)
            write_governance(out, plan, office, year)
        write_targets_and_history(out, plan, office)
        if progress:
            placed = sum(plan.placements[(office, y)] for y in plan.years)
            print(
                f"{office}: {placed:,} placements ({time.monotonic() - started:.0f} s)",
                file=sys.stderr,
            )
    return plan


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: write a synthetic raw directory."""
    parser = argparse.ArgumentParser(
        description="Write synthetic raw feeds of many BP3MI offices and years (benchmarks)."
    )
    parser.add_argument("--out", type=Path, required=True, help="raw directory to write")
    parser.add_argument("--offices", type=int, default=24, help="number of offices (default 24)")
    parser.add_argument(
        "--years", default="2015-2024", help="years, e.g. 2015-2024 (default) or 2024"
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help=f"placements per office-year as a multiple of {PLACEMENTS_PER_OFFICE_YEAR:,}",
    )
    parser.add_argument("--seed", default="bp3mi-national", help="seed text (default fixed)")
    parser.add_argument(
        "--bad-rate",
        type=float,
        default=DEFAULT_BAD_RATE,
        help="share of rows that break a rule of the contract (default 0.001)",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    plan = generate(
        args.out,
        args.offices,
        parse_years(args.years),
        args.scale,
        args.seed,
        args.bad_rate,
        progress=True,
    )
    placements = sum(v for k, v in plan.rows_written.items() if k.startswith("penempatan/"))
    print(
        f"wrote {len(plan.offices)} offices x {len(plan.years)} years to {args.out}: "
        f"{placements:,} placement rows, {sum(plan.rows_written.values()):,} rows in all, "
        f"{sum(plan.bad_rows.values()):,} faulty rows, {time.monotonic() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
