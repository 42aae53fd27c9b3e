"""The drafted analysis chapter of the LKj (Bab III), for the office to edit.

Most of an LKj's Bab III is sentences built from figures: "Realisasi IKU 1
tahun 2024 sebesar 25.207 orang atau 71,29 % dari target 35.354 orang ...".
:func:`draft_chapter` writes them from the figures the report already shows
(:class:`~pipelines.lkj.lkj_data.LkjData`): for each IKU its target,
realisation and achievement, the change against last year and against the
series the warehouse holds (up to the report's year), the quarters (Triwulan
I-IV); before them the office's mean achievement, after them the budget of
the office and of each strategic goal. The sentences are Jinja2 templates
(``templates/analysis/``); this module gives them the figures, printed as
the tables print them, and the words the rules below choose. Each rule says
when a sentence may be said; where it may not, the sentence is left out.

The rules (docs/reports.md, "The wording rules"):

- Figures as the tables print them (``lkj_tables.measure``, ``lkj_tables.pct``):
  persons whole, IKU 2's percentages with two decimals (``6,00 %``), scores
  and percentages whole without decimals (``88``, ``50 %``); a figure the LKj
  cuts is taken cut (achievements, Tabel 5's cumulative reductions), every
  figure the draft computes (a year's change) rounded: 1,4158 % is 1,42 %.
- Every comparison is made on the figures as printed.
- An indicator is named with its name where it is first said in its section
  and in the overview: "IKU 4 (Fasilitasi Pemulangan ...)".
- Target: "melampaui" above 100 %, "mencapai" at 100 %, "belum mencapai" below.
- Against last year: "naik" / "turun" / "tetap", with the gap (points for a
  percentage or score, :data:`POINT_UNITS`, and for a count its relative change
  too); IKU 2's reductions "lebih besar" / "lebih kecil" / "sama".
- A year's change is the relative change of the realisation against the year
  before (IKU 2: the change of cases, minus its realisation); none against a
  year that prints 0. "terbesar" / "terkecil" only when strictly the largest /
  smallest of at least two; "signifikan" only at :data:`SIGNIFICANT_PCT` % or
  more and not the smallest. The years compared are named as they are: "dalam
  periode 2022-2024" only when every year of it has a change (each listed),
  else "di antara perubahan tahun 2022 dan 2024", with the year left out and why.
- Highest and lowest name every year or quarter holding the extreme; not said
  when all are equal.
- The quarters, by what the declaration says they measure (``quarters``):
  ``own`` the quarter's own records, ``cumulative`` from 1 January to the
  quarter's end (the year the fourth's, which is said). Their movement
  ("naik setiap triwulan", "berfluktuasi", highest, lowest) only where they
  are comparable: one target for every quarter (a plan of 0, 0, 120, 200 is
  the plan's pattern, not a fluctuation: each quarter is given with its own
  target instead) and one grade (IKU 8's 94,04 (WBBM) beside 72,72 (WBK):
  the change of grade, which no input explains, is said, the scores not
  compared); the pattern only over quarters without a gap. Against their
  target: a year that missed its target never says a quarter met it (it
  names the quarters that fell short); a year that met it names the quarters
  that met theirs. A quarter whose target is 0 has none.
- IKU 2's quarters are the cases from 1 January against the whole of last
  year's: said as that cumulative position at each quarter, never against
  the year's target (early quarters "meet" it whatever the year does) and
  with no trend (the figure shrinks as the year's cases add up).
- Budget against performance, for the office and for each goal once (section
  B): the absorption "lebih tinggi" / "lebih rendah" / "sama dengan" the mean
  achievement, with the gap in points, on both bases, each named ("terhadap
  target Perjanjian Kinerja", "terhadap target DIPA setelah Automatic
  Adjustment"): one comparison, the same bases everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from itertools import pairwise
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from pipelines.lib.indonesian import format_number
from pipelines.lkj import lkj_tables as tables
from pipelines.lkj import narrative
from pipelines.lkj.lkj_data import (
    PLACEMENTS_FEED,
    Indicator,
    Kpi,
    LkjData,
    Quarter,
    quarter_reduction,
)
from pipelines.lkj.output import without_control_characters

TEMPLATES = Path(__file__).parent / "templates"
SENTENCES = "analysis/paragraphs.txt.j2"
FRAGMENT = "analysis/chapter.html.j2"
# A year's change this large (in %) or larger may be called "signifikan" (and must not be
# the smallest of its series).
SIGNIFICANT_PCT = 10.0
QUARTERS = ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV")
DRAFT_MARK = "DRAF - untuk disunting"
# Units whose gaps are points, and which have no relative change beside them (a rise of
# 62,50 points is not "500 %"): percentages and scores. Every other unit counts.
POINT_UNITS = ("%", "Nilai")


@dataclass(frozen=True)
class Section:
    """One part of the chapter: ``key`` a stable id (``iku1``), its heading, its paragraphs."""

    key: str
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Chapter:
    title: str
    note: str
    sections: tuple[Section, ...]

    def lines(self) -> list[tuple[str, str]]:
        """Every text in reading order, each with its kind (title, note, heading, paragraph):
        what the HTML fragment and the .docx show."""
        out = [("title", self.title), ("note", self.note)]
        for section in self.sections:
            out.append(("heading", section.heading))
            out += [("paragraph", text) for text in section.paragraphs]
        return out


# --- figures as printed ----------------------------------------------------------------
# One rule per figure with the tables (``lkj_tables``): a figure the LKj cuts is taken cut
# (``*_pct_lkj``, Tabel 5's cumulative reductions); every other is rounded to what is shown.


def shown(value: float, unit: str) -> float:
    """The value as the tables show it in ``unit`` (``lkj_tables.measure``)."""
    return tables.measure(value, unit).value


def _number(cell: tables.Cell) -> str:
    return format_number(cell.value, cell.decimals)


def measure(value: float, unit: str) -> str:
    """A target or realisation with its unit, as the tables print it: ``25.207 orang``,
    ``6,00 %``, ``86,06``, ``88``."""
    number = _number(tables.measure(value, unit))
    word = {"Orang": "orang", "%": "%", "Nilai": ""}.get(unit, unit.lower())
    return f"{number} {word}" if word else number


def difference(value: float, unit: str) -> str:
    """A gap between two figures of ``unit``, printed as they are: ``362 orang``; a gap
    between percentages or scores in points, ``19,38 poin``."""
    if unit not in POINT_UNITS:
        return measure(value, unit)
    return f"{_number(tables.measure(value, unit))} poin"


def pct(value: float) -> str:
    """A percentage as the tables print one: ``71,29 %``, ``50 %``; a change the draft
    computes is rounded (-1,4158 % is 1,42 %, as docs/reconciliation-2024.md, item 6)."""
    return tables.pct(value).text()


def points(value: float) -> str:
    """A gap between two percentages: ``9,90 poin``."""
    return f"{_number(tables.pct(value))} poin"


def rupiah(value: float) -> str:
    """``Rp 5.382.419.000``: whole Rupiah, as the workbook shows them (3.685.366.162,96
    is Rp 3.685.366.163)."""
    return f"Rp {format_number(value, 0)}"


def listed(items: Sequence[str]) -> str:
    """``a``, ``a dan b``, ``a, b dan c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} dan {items[-1]}"


def span(years: Sequence[int]) -> str:
    """The years named as what they are: ``periode 2021-2024`` when they run without a gap,
    else each one (``tahun 2022 dan 2024``)."""
    years = sorted(years)
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"periode {years[0]}-{years[-1]}"
    return f"tahun {listed([str(y) for y in years])}"


def within(years: Sequence[int]) -> str:
    """Where a change ranks: ``dalam periode 2022-2024``, or, where a year between has no
    change, among those named (``di antara perubahan tahun 2022 dan 2024``)."""
    named = span(years)
    return f"dalam {named}" if named.startswith("periode") else f"di antara perubahan {named}"


def titled(indicator: Indicator) -> str:
    """``IKU 4 (Fasilitasi Pemulangan Pekerja Migran Indonesia)``."""
    return f"{indicator.label} ({indicator.name})"


# --- the rules ---------------------------------------------------------------------------


def direction(previous: float, current: float) -> str:
    """``naik``, ``turun`` or ``tetap``: ``current`` against ``previous``, as printed."""
    if current > previous:
        return "naik"
    return "turun" if current < previous else "tetap"


def reduction_comparison(previous: float, current: float) -> str:
    """IKU 2's reductions compared: ``lebih besar``, ``lebih kecil`` or ``sama``."""
    return {"naik": "lebih besar", "turun": "lebih kecil", "tetap": "sama"}[
        direction(previous, current)
    ]


def superlative(size: float, sizes: Sequence[float]) -> str | None:
    """``terbesar`` / ``terkecil`` when ``size`` is strictly the largest / smallest of
    ``sizes`` (which holds it), and there are at least two; else None."""
    others = list(sizes)
    others.remove(size)
    if not others:
        return None
    if size > max(others):
        return "terbesar"
    return "terkecil" if size < min(others) else None


def is_significant(size: float, sizes: Sequence[float]) -> bool:
    """At least :data:`SIGNIFICANT_PCT` in size and not the smallest of at least two."""
    others = list(sizes)
    others.remove(size)
    return bool(others) and size >= SIGNIFICANT_PCT and size > min(others)


def pattern(values: Sequence[float]) -> str | None:
    """How a run of values moves: ``naik setiap triwulan`` / ``turun setiap triwulan``
    (every step), ``tetap`` (none), ``cenderung naik`` / ``cenderung turun`` (some steps
    flat, none the other way), else ``berfluktuasi``; None for fewer than two."""
    if len(values) < 2:
        return None
    steps = {direction(a, b) for a, b in pairwise(values)}
    if steps == {"tetap"}:
        return "tetap"
    if len(steps) == 1:
        return f"{steps.pop()} setiap triwulan"
    if "turun" not in steps:
        return "cenderung naik"
    return "cenderung turun" if "naik" not in steps else "berfluktuasi"


def extremes(named: Sequence[tuple[str, float]]) -> tuple[list[str], list[str]]:
    """The names holding the highest and the lowest value; none when all are equal."""
    values = [value for _, value in named]
    if len(set(values)) < 2:
        return [], []
    high, low = max(values), min(values)
    return [n for n, v in named if v == high], [n for n, v in named if v == low]


def change_words(change: float, printed: Callable[[float], str] = pct) -> str:
    """A relative change with its direction: ``naik 58,29 %``, ``turun 1,42 %``, ``tetap``;
    its size written by ``printed`` (IKU 2's, its realisation, as that prints: 30,00 %)."""
    word = direction(0, change)
    return word if word == "tetap" else f"{word} {printed(abs(change))}"


def verdict(achievement: float) -> str:
    """``melampaui``, ``mencapai`` or ``belum mencapai`` the target."""
    if achievement > 100:
        return "melampaui"
    return "mencapai" if achievement == 100 else "belum mencapai"


def gap_words(absorption: float, achievement: float) -> str:
    """The budget's absorption against the mean achievement, with the gap in points."""
    gap = round(absorption - achievement, 2)
    if gap == 0:
        return "sama dengan"
    word = "lebih tinggi" if gap > 0 else "lebih rendah"
    return f"{word} {points(abs(gap))} daripada"


# --- the facts each paragraph is written from --------------------------------------------


def is_reduction(indicator: Indicator) -> bool:
    """True for an indicator whose realisation is the reduction of cases against last year
    (the declaration's kind ``reduction``; 2024: IKU 2)."""
    return indicator.kind == "reduction"


def year_changes(data: LkjData, indicator: Indicator) -> dict[int, float]:
    """Each year's change of what the indicator counts, in %, rounded as printed: the
    realisation against the year before's (both in the series, the earlier not 0); for
    IKU 2 the change of cases, which is minus its realisation (a reduction) as printed."""
    series = {y: data.annual(indicator.code, year=y).realisation for y in data.years}
    changes = {}
    for year, value in series.items():
        if value is None:
            continue
        if is_reduction(indicator):
            changes[year] = -shown(value, indicator.unit)
            continue
        before = series.get(year - 1)
        if before is not None and shown(before, indicator.unit):  # no change against 0
            relative = (shown(value, indicator.unit) / shown(before, indicator.unit) - 1) * 100
            changes[year] = round(relative, 2)
    return changes


def _achievement(data: LkjData, indicator: Indicator) -> dict:
    """The year's target, realisation and achievement (Tabel 6), on the DIPA too, and
    against last year."""
    kpi = data.annual(indicator.code)
    facts = {"realisation": None, "target": None, "achievement": None, "verdict": None}
    facts |= {"reduction": is_reduction(indicator), "last": None, "dipa": None}
    facts |= {"provisional": _through(data) if data.provisional else None, "same": None}
    facts |= {"undelivered": None, "not_compared": None}
    if kpi.target is not None:
        facts["target"] = measure(kpi.target, indicator.unit)
    if data.is_undelivered(indicator.feed):
        facts["undelivered"] = data.not_delivered(indicator.feed)
        return facts
    if kpi.realisation is None:
        return facts
    facts["realisation"] = measure(kpi.realisation, indicator.unit)
    if kpi.achievement_pct is not None and kpi.target is not None:
        facts["achievement"] = pct(kpi.achievement_pct)
        facts["verdict"] = verdict(kpi.achievement_pct)
        gap = abs(shown(kpi.realisation, indicator.unit) - shown(kpi.target, indicator.unit))
        facts["gap"] = difference(gap, indicator.unit)
    facts["dipa"] = _dipa(data, indicator, kpi)
    if data.provisional:  # never a part of the year against a whole one
        facts["verdict"] = None
        facts["same"], facts["not_compared"] = _same_period(data, indicator)
    else:
        facts["last"] = _last_year(data, indicator)
    return facts


def _through(data: LkjData) -> str:
    """``data s.d. Maret 2025`` of a provisional year; ``belum ada bulan yang lengkap``."""
    if not data.months_complete:
        return "belum ada bulan yang lengkap"
    return f"data s.d. {tables.MONTH_NAMES[data.months_complete - 1]} {data.year}"


def months_named(months: int) -> str:
    """``Januari-Maret`` for the first three months, ``Januari`` for one."""
    names = tables.MONTH_NAMES
    return names[0] if months == 1 else f"{names[0]}-{names[months - 1]}"


def _same_period(data: LkjData, indicator: Indicator) -> tuple[dict | None, str | None]:
    """A provisional year against the SAME months of the year before, never against the
    whole of it: the realisation of months 1 to ``months_complete`` of each year, from the
    monthly placements (``fct_placements_monthly``), the only feed the warehouse holds by
    month for both years. Where it cannot be computed, (None, why)."""
    year, before, months = data.year, data.year - 1, data.months_complete
    refused = f"Perbandingan dengan tahun {before} tidak dibuat"
    if not months:
        return None, f"{refused}: belum ada bulan tahun {year} yang datanya lengkap."
    period = months_named(months)
    if indicator.feed != PLACEMENTS_FEED:
        return None, (
            f"{refused}: angka tahun {year} sementara ({_through(data)}), dan gudang data "
            f"tidak memegang angka {indicator.label} per bulan untuk membandingkan "
            f"{period} {year} dengan {period} {before}."
        )
    held = data.months_complete_before
    whole = f"angka sementara tahun {year} tidak dibandingkan dengan angka setahun penuh"
    if not data.placements_before:
        return None, (
            f"{refused}: gudang data tidak memegang data penempatan per bulan tahun {before} "
            f"(hanya angka setahun), dan {whole}."
        )
    if held is not None and held < months:
        through = f"s.d. {tables.MONTH_NAMES[held - 1]}" if held else "untuk satu bulan pun"
        return None, (
            f"{refused}: data penempatan tahun {before} hanya lengkap {through}, tidak untuk "
            f"{period} {before}, dan {whole}."
        )
    current = sum(n for (month, *_), n in data.placements.items() if month <= months)
    previous = sum(n for month, n in data.placements_before.items() if month <= months)
    facts = {
        "period": period,
        "year": year,
        "previous_year": before,
        "current": measure(current, indicator.unit),
        "previous": measure(previous, indicator.unit),
        "direction": direction(previous, current),
        "delta": difference(abs(current - previous), indicator.unit),
        "relative": pct(round(abs(current / previous - 1) * 100, 2)) if previous else None,
    }
    return facts, None


def _dipa(data: LkjData, indicator: Indicator, pk: Kpi) -> dict | None:
    """The achievement against the DIPA after the adjustment, where its target differs."""
    dipa = data.annual(indicator.code, "DIPA_AA")
    if dipa.target is None or dipa.achievement_pct is None or dipa.target == pk.target:
        return None
    return {
        "target": measure(dipa.target, indicator.unit),
        "achievement": pct(dipa.achievement_pct),
    }


def _last_year(data: LkjData, indicator: Indicator) -> dict | None:
    """The realisation against last year's: which way, by how much, and (counts) by what %."""
    now, before = data.annual(indicator.code), data.annual(indicator.code, year=data.year - 1)
    if now.realisation is None or before.realisation is None:
        return None
    current, previous = (shown(k.realisation, indicator.unit) for k in (now, before))
    facts = {
        "previous_year": data.year - 1,
        "previous": measure(previous, indicator.unit),
        "current": measure(current, indicator.unit),
        "direction": direction(previous, current),
        "comparison": reduction_comparison(previous, current),
        "delta": difference(abs(current - previous), indicator.unit),
        "relative": None,
    }
    changes = year_changes(data, indicator)
    if indicator.unit not in POINT_UNITS and data.year in changes:
        facts["relative"] = pct(abs(changes[data.year]))
    return facts


def _ranking(data: LkjData, indicator: Indicator) -> dict | None:
    """Where the year's change stands among the series' changes (terbesar, signifikan),
    named by the years whose changes were compared, each listed; the years of the series
    whose change cannot be computed (the year before printed 0) are named with why."""
    changes = year_changes(data, indicator)
    if data.provisional or data.year not in changes or len(changes) < 2:
        return None  # a provisional year's change is no change of a year
    sizes = [abs(change) for change in changes.values()]
    size = abs(changes[data.year])
    printed = partial(measure, unit=indicator.unit) if is_reduction(indicator) else pct
    realised = [y for y in data.years if data.annual(indicator.code, year=y).realisation]
    uncounted = [
        (y, data.annual(indicator.code, year=y - 1).realisation)
        for y in realised
        if min(changes) < y < max(changes) and y not in changes
    ]
    return {
        "within": within(list(changes)),
        "direction": direction(0, changes[data.year]),
        "words": change_words(changes[data.year], printed),  # "turun 4,48 %", "tetap"
        "superlative": superlative(size, sizes),
        "significant": is_significant(size, sizes),
        "others": listed(
            [f"tahun {y} {change_words(c, printed)}" for y, c in changes.items() if y != data.year]
        ),
        "uncounted": listed(
            [
                f"tahun {y} (realisasi tahun {y - 1} {measure(before, indicator.unit)})"
                for y, before in uncounted
            ]
        ),
    }


def _series(data: LkjData, indicator: Indicator) -> dict | None:
    """The realisations and achievements of every year the warehouse has, up to the report's."""
    years = [
        y
        for y in data.years_of(indicator.code)
        if data.annual(indicator.code, year=y).realisation is not None
        and not (data.provisional and y == data.year)  # whole years only
    ]
    if len(years) < 2:
        return None
    kpis = {y: data.annual(indicator.code, year=y) for y in years}
    values = [(str(y), shown(k.realisation, indicator.unit)) for y, k in kpis.items()]
    highest, lowest = extremes(values)
    met = [
        str(y)
        for y, k in kpis.items()
        if k.achievement_pct is not None and k.achievement_pct >= 100
    ]
    untargeted = [str(y) for y, k in kpis.items() if k.achievement_pct is None]
    return {
        "period": span(years),  # "periode 2021-2024", "tahun 2021 dan 2023"
        "years": len(years),
        "targeted": len(years) - len(untargeted),
        "untargeted": listed(untargeted),
        "realisations": listed([f"{measure(v, indicator.unit)} ({y})" for y, v in values]),
        "achievements": listed(
            [
                f"{pct(k.achievement_pct)} ({y})"
                for y, k in kpis.items()
                if k.achievement_pct is not None
            ]
        ),
        "met": met,
        "met_years": listed(met),
        "highest": listed(highest),
        "lowest": listed(lowest),
        "ranking": _ranking(data, indicator),
    }


def quarter_closed(data: LkjData, quarter: int) -> bool:
    """Every month of the quarter is complete (``LkjData.quarter_closed``)."""
    return data.quarter_closed(quarter)


def year_met(data: LkjData, indicator: Indicator) -> bool | None:
    """Whether the year met its target (Tabel 6); None where it has no achievement."""
    achievement = data.annual(indicator.code).achievement_pct
    return None if achievement is None else achievement >= 100


def _quarters(data: LkjData, indicator: Indicator) -> dict | None:
    """The quarters (Tabel 5) and what they support.

    Each quarter's figure with, where the plan's quarter targets differ, its own target.
    The movement across quarters (pattern, highest, lowest) only where they are comparable:
    one target for every quarter (else the movement is the plan's: 0, 0, 120, 200 is no
    fluctuation), one grade (else the score changed scale, which no input explains). The
    quarters measured against their target: those that met it only in a year that met
    its own, those that fell short in a year that did not."""
    if is_reduction(indicator):
        return None  # its quarters are _reduction_quarters'
    rows = [(name, data.quarter(indicator.code, q)) for q, name in enumerate(QUARTERS, start=1)]
    unit = indicator.unit
    # "target setiap triwulan" speaks of the year's four quarters, those not yet complete
    # too: one plan for all of them, else each quarter said is given with its own target.
    planned = {None if q.target is None else shown(q.target, unit) for _, q in rows}
    # A provisional year's quarters not yet complete are no quarters to compare (a 0 of
    # Triwulan II in April is no fall): named as not complete, left out.
    open_ = [name for name in QUARTERS if not quarter_closed(data, QUARTERS.index(name) + 1)]
    rows = [(n, q) for n, q in rows if n not in open_]
    measured = [(n, q) for n, q in rows if q.realisation is not None]
    if not measured:
        return None
    targets = {None if q.target is None else shown(q.target, unit) for _, q in measured}
    grades = {q.grade for _, q in measured}
    flat, graded = len(targets) == 1, len(grades) == 1
    one_plan = len(planned) == 1
    plan = next(iter(planned)) if one_plan else None

    def shown_quarter(name: str, quarter: Quarter) -> str:
        text = f"{name} {measure(quarter.realisation, unit)}"
        text += f" ({quarter.grade})" if quarter.grade else ""
        if not one_plan:
            text += f" (target {measure(quarter.target, unit)})" if quarter.target else ""
            text += " (tanpa target)" if not quarter.target else ""
        return text

    comparable = flat and graded
    numbers = [QUARTERS.index(n) for n, _ in measured]
    consecutive = numbers == list(range(numbers[0], numbers[-1] + 1))
    values = [(n, shown(q.realisation, unit)) for n, q in measured]
    highest, lowest = extremes(values) if comparable else ([], [])
    targeted = [(n, q) for n, q in measured if q.target]
    met = [n for n, q in targeted if shown(q.realisation, unit) >= shown(q.target, unit)]
    short = [n for n, q in targeted if n not in met]
    year = data.annual(indicator.code)
    cumulative = indicator.quarters == "cumulative"
    last_name, last = measured[-1]
    return {
        "cumulative": cumulative,
        "figures": listed([shown_quarter(n, q) for n, q in measured]),
        "target": measure(plan, unit) if plan else None,  # no "target 0"
        "unmeasured": listed([n for n, q in rows if q.realisation is None]),
        # "naik setiap triwulan" over Triwulan II and IV would claim the unmeasured III
        "pattern": pattern([v for _, v in values]) if comparable and consecutive else None,
        "highest": listed(highest),
        "lowest": listed(lowest),
        "grades": None
        if graded
        else listed(
            [
                f"{grade or 'tanpa predikat'} pada "
                f"{listed([n for n, q in measured if q.grade == grade])}"
                for grade in dict.fromkeys(q.grade for _, q in measured)
            ]
        ),
        "year_is_last": cumulative
        and year.realisation is not None
        and shown(year.realisation, unit) == shown(last.realisation, unit),
        "last": last_name,
        "open": listed(open_),
        "year_met": None if data.provisional else year_met(data, indicator),
        "targeted": len(targeted),
        "met": listed(met),
        "met_count": len(met),
        "short": listed(short),
        "short_count": len(short),
    }


def _reduction_quarters(data: LkjData, indicator: Indicator, cases: dict | None) -> dict | None:
    """IKU 2's quarters: each the reduction of the cases from 1 January to the quarter's end
    against the whole of last year's (Tabel 5's figure), with those cases, and each
    quarter's own cases. Its target is the year's: a part of the year against the whole
    of last year "meets" it early whatever the year does, so no quarter is measured
    against it, and the figure shrinking as the cases of the year add up is no trend."""
    if not is_reduction(indicator):
        return None
    closed = [q for q in range(1, 5) if quarter_closed(data, q)]
    reductions = [quarter_reduction(data, q) if q in closed else None for q in range(1, 5)]
    records = [
        data.quarter(indicator.code, q).records if q in closed else None for q in range(1, 5)
    ]
    if all(r is None for r in reductions):
        return None
    so_far, running = [], 0
    for count in records:
        running = None if count is None or running is None else running + count
        so_far.append(running)
    figures = [
        f"sampai {name} {measure(r, indicator.unit)}" + ("" if n is None else f" ({n} kasus)")
        for name, r, n in zip(QUARTERS, reductions, so_far, strict=True)
        if r is not None
    ]
    per_quarter = [(n, c) for n, c in zip(QUARTERS, records, strict=True) if c is not None]
    most, fewest = extremes(per_quarter)
    year = data.annual(indicator.code).realisation
    return {
        "previous": None if not cases or not cases["previous"] else cases["previous"],
        "previous_year": data.year - 1,
        "figures": listed(figures),
        "year_is_last": reductions[3] is not None
        and year is not None
        and reductions[3] == shown(year, indicator.unit),
        "cases": listed([f"{c} kasus ({n})" for n, c in per_quarter]),
        "most_cases": listed(most),
        "fewest_cases": listed(fewest),
    }


def _cases(data: LkjData, indicator: Indicator) -> dict | None:
    """IKU 2: the cases received this year and, from its reduction, last year's count.

    The marts hold this year's cases (``fct_cases_annual``), not last year's; the
    reduction is ``(last - this) / last``, so ``last = this / (1 - reduction)``. The
    count is given only if it gives back the reduction as printed."""
    kpi = data.annual(indicator.code)
    if not is_reduction(indicator) or kpi.realisation is None:
        return None
    if data.is_undelivered(indicator.feed):
        return None
    received = data.cases_received
    facts = {"year": data.year, "received": received, "open": data.cases_open, "previous": None}
    if kpi.realisation < 100 and not data.provisional:  # last year's whole, not its months
        previous = round(received / (1 - kpi.realisation / 100))
        reduction = shown(kpi.realisation, indicator.unit)
        if previous and shown((previous - received) / previous * 100, indicator.unit) == reduction:
            facts |= {
                "previous": previous,
                "previous_year": data.year - 1,
                "direction": direction(previous, received),
                "delta": abs(previous - received),
            }
    return facts


def _against_achievement(absorption: float, pk: float | None, dipa: float | None) -> dict:
    """The absorption against the mean achievement on each basis that has one, the basis
    named: the same comparison for a goal and for the office."""
    return {
        "absorption": pct(absorption),
        "pk": None if pk is None else {"mean": pct(pk), "gap": gap_words(absorption, pk)},
        "dipa": None if dipa is None else {"mean": pct(dipa), "gap": gap_words(absorption, dipa)},
        "same": pk is not None and pk == dipa,
    }


def _goal_budget(data: LkjData, number: int) -> dict:
    """A strategic goal's budget against its indicators' mean achievement (Tabel 24, 25)."""
    goal = data.goals[number - 1]
    budget = data.goal_budget(goal.code, "PK")
    dipa = data.goal_budget(goal.code, "DIPA_AA")
    facts = {
        "number": number,
        "name": goal.name,
        "year": data.year,
        "indicators": listed([i.label for i in data.indicators_of(goal.code)]),
        "ceiling": None if budget.budget_ceiling is None else rupiah(budget.budget_ceiling),
        "realised": None,
    }
    if facts["ceiling"] and None not in (budget.budget_realisation, budget.budget_absorption_pct):
        facts["realised"] = rupiah(budget.budget_realisation)
        facts["compared"] = _against_achievement(
            budget.budget_absorption_pct, budget.avg_achievement_pct, dipa.avg_achievement_pct
        )
    return facts


def _overview(data: LkjData) -> dict:
    """The office's mean achievement and which indicators met their target (Tabel 6)."""
    achieved = [(titled(i), data.annual(i.code).achievement_pct) for i in data.indicators]
    pk, dipa = data.office_budget("PK"), data.office_budget("DIPA_AA")
    return {
        "office": data.office_name,
        "year": data.year,
        "provisional": _through(data) if data.provisional else None,
        "average": None if pk.avg_achievement_pct is None else pct(pk.avg_achievement_pct),
        "indicators": sum(a is not None for _, a in achieved),  # the mean's
        "all_indicators": len(data.indicators),
        "met": listed([label for label, a in achieved if a is not None and a >= 100]),
        "met_count": sum(a is not None and a >= 100 for _, a in achieved),
        "unmet": listed([label for label, a in achieved if a is not None and a < 100]),
        "unmet_count": sum(a is not None and a < 100 for _, a in achieved),
        "dipa_average": None if dipa.avg_achievement_pct is None else pct(dipa.avg_achievement_pct),
    }


def _office_budget(data: LkjData) -> dict | None:
    """The office's DIPA: initial, after the adjustment, realised (BAB III.B)."""
    budget, dipa = data.office_budget("PK"), data.office_budget("DIPA_AA")
    if budget.budget_ceiling is None:
        return None
    recorded = None not in (budget.budget_realisation, budget.budget_absorption_pct)
    initial = budget.budget_ceiling_initial
    return {
        "office": data.office_name,
        "year": data.year,
        "provisional": data.provisional,
        "initial": None if initial in (None, budget.budget_ceiling) else rupiah(initial),
        "ceiling": rupiah(budget.budget_ceiling),
        "realised": rupiah(budget.budget_realisation) if recorded else None,
        "compared": _against_achievement(
            budget.budget_absorption_pct, budget.avg_achievement_pct, dipa.avg_achievement_pct
        )
        if recorded
        else None,
    }


# --- the chapter -----------------------------------------------------------------------


@cache
def environment() -> Environment:
    """The templates of ``templates/``: ``*.html.j2`` autoescaped, text templates not."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        undefined=StrictUndefined,
    )


def say(macro: str, facts: dict) -> str:
    """The paragraph the macro ``macro`` of the sentences template writes from ``facts``,
    on one line ("" if it writes nothing)."""
    text = str(getattr(environment().get_template(SENTENCES).module, macro)(facts))
    text = " ".join(text.split())
    return without_control_characters(re.sub(r" ([.,;:)])", r"\1", text))


def _indicator_section(data: LkjData, indicator: Indicator) -> Section:
    base = {"label": indicator.label, "name": indicator.name, "year": data.year}
    reduction = is_reduction(indicator)
    cases = _cases(data, indicator)
    paragraphs = [
        say("achievement", base | _achievement(data, indicator)),
        say("cases", base | {"cases": cases}),
        say("series", base | {"series": _series(data, indicator), "reduction": reduction}),
        say("quarters", base | {"quarters": _quarters(data, indicator)}),
        say("reduction_quarters", base | {"q": _reduction_quarters(data, indicator, cases)}),
    ]
    heading = without_control_characters(f"{indicator.label}: {indicator.name}")
    # The office's own words around the figures' paragraphs, where the LKj puts them.
    paragraphs = narrative.woven(data, indicator, [p for p in paragraphs if p])
    return Section(indicator.code.lower(), heading, tuple(paragraphs))


def draft_chapter(data: LkjData) -> Chapter:
    """The drafted Bab III of ``data``'s LKj: an overview, a section per IKU, the budget
    of the office and of each strategic goal."""
    sections = [
        Section("capaian", "A. Capaian Kinerja Organisasi", (say("overview", _overview(data)),)),
        *(_indicator_section(data, indicator) for indicator in data.indicators),
    ]
    budget = [say("office_budget", {"budget": _office_budget(data), "year": data.year})]
    budget += [
        say("goal_budget", _goal_budget(data, number)) for number in range(1, len(data.goals) + 1)
    ]
    sections.append(Section("realisasi-anggaran", "B. Realisasi Anggaran", tuple(budget)))
    note = say("note", {"data": data, "mark": DRAFT_MARK, "through": _through(data)})
    status = f" ({data.status_label.upper()})" if data.provisional else ""
    return Chapter(f"BAB III AKUNTABILITAS KINERJA{status} ({DRAFT_MARK})", note, tuple(sections))


def chapter_html(chapter: Chapter) -> str:
    """The chapter's note and sections as an HTML fragment, every text escaped: the page
    puts it in its section ``analisis``, under the chapter's title (``lkj_html``)."""
    return environment().get_template(FRAGMENT).render(chapter=chapter)
