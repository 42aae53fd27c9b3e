"""The drafted analysis chapter of the LKj (Bab III), for the office to edit.

Most of an LKj's Bab III is sentences built from figures: "Realisasi IKU 1
tahun 2024 sebesar 25.207 orang atau 71,29 % dari target 35.354 orang ...".
:func:`draft_chapter` writes them from the figures the report already shows
(:class:`~pipelines.lkj.lkj_data.LkjData`): for each IKU its target,
realisation and achievement, the change against last year and against the
series the warehouse holds (up to the report's year), the quarters (Triwulan
I-IV) and the budget of its strategic goal; before them the office's mean
achievement, after them its budget. The sentences are Jinja2 templates
(``templates/analysis/``); this module gives them the figures, printed as
the LKj prints them, and the words the rules below choose.

The rules (docs/reports.md, "The drafted analysis chapter"):

- Figures as printed: persons whole (``25.207 orang``), percentages and
  scores with two decimals unless whole (``4,48 %``, ``86,06``, ``50 %``,
  ``88``), achievements as the LKj cuts them (``*_pct_lkj``: 71,29), Rupiah
  whole (``Rp 5.382.419.000``). A change the draft computes itself (how much
  a realisation rose or fell in a year) is cut to two decimals too.
- Every comparison is made on the figures as printed, so the words never
  contradict the numbers beside them.
- Target: "melampaui" when the achievement is above 100 %, "mencapai" at
  exactly 100 %, "belum mencapai" below.
- Against last year and within a year: "naik" / "turun" / "tetap" as the
  later figure is above, below or equal to the earlier. For IKU 2, whose
  realisation is itself a reduction of cases, two reductions compare as
  "lebih besar" / "lebih kecil" / "sama".
- A year's change is the relative change of the realisation against the
  year before (IKU 2: the reduction of cases, which its realisation is).
  Among the changes of the series (every year with a year before it; IKU 2
  every year), the year's is "terbesar" / "terkecil" only when it is
  strictly the largest / smallest in size and the series has at least two.
- "signifikan" only for a change of at least :data:`SIGNIFICANT_PCT` % in
  size that is not the smallest of its series, in a series of at least two
  changes: the smallest change of a series is never called significant.
- Highest and lowest (a year's realisation, a quarter's) name every year or
  quarter that holds the extreme, and are not said when all are equal.
- The quarters' pattern: "naik setiap triwulan" / "turun setiap triwulan"
  when every step rises / falls, "tetap" when all are equal, "cenderung
  naik" / "cenderung turun" when some steps are flat and none goes the other
  way, otherwise "berfluktuasi". A quarter whose target is 0 has no target
  to meet.
- Budget against performance: the goal's (office's) absorption is "lebih
  tinggi" / "lebih rendah" / "sama dengan" its mean achievement, with the
  gap in points.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from pipelines.lib.indonesian import format_number
from pipelines.lkj import narrative
from pipelines.lkj.lkj_data import Indicator, Kpi, LkjData, cut_2dp, quarter_reduction
from pipelines.lkj.output import without_control_characters

TEMPLATES = Path(__file__).parent / "templates"
SENTENCES = "analysis/paragraphs.txt.j2"
FRAGMENT = "analysis/chapter.html.j2"
# A year's change this large (in %) or larger may be called "signifikan" (and must not be
# the smallest of its series).
SIGNIFICANT_PCT = 10.0
QUARTERS = ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV")
DRAFT_MARK = "DRAF - untuk disunting"


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


def decimals_of(unit: str) -> int:
    """Persons are whole; percentages and scores have two decimals."""
    return 0 if unit == "Orang" else 2


def shown(value: float, unit: str) -> float:
    """The value as printed in ``unit`` (rounded to its decimals)."""
    return round(value, decimals_of(unit))


def figure(value: float, decimals: int = 2) -> str:
    """A number the Indonesian way: whole numbers without decimals (``88``, ``50``),
    others with ``decimals`` (``86,06``)."""
    if float(value).is_integer():
        return format_number(value, 0)
    return format_number(value, decimals)


def measure(value: float, unit: str) -> str:
    """A target or realisation with its unit: ``25.207 orang``, ``4,48 %``, ``86,06``."""
    number = figure(shown(value, unit), decimals_of(unit))
    word = {"Orang": "orang", "%": "%", "Nilai": ""}.get(unit, unit.lower())
    return f"{number} {word}" if word else number


def difference(value: float, unit: str) -> str:
    """A gap between two figures of ``unit``: ``362 orang``, ``19,38 poin``."""
    if unit == "Orang":
        return measure(value, unit)
    return f"{figure(round(value, 2))} poin"


def pct(value: float) -> str:
    """A percentage as printed (already cut or rounded): ``71,29 %``, ``50 %``."""
    return f"{figure(value)} %"


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


def change_words(change: float) -> str:
    """A relative change with its direction: ``naik 58,29 %``, ``turun 1,41 %``, ``tetap``."""
    word = direction(0, change)
    return word if word == "tetap" else f"{word} {pct(abs(change))}"


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
    return f"{word} {figure(abs(gap))} poin daripada"


# --- the facts each paragraph is written from --------------------------------------------


def is_reduction(indicator: Indicator) -> bool:
    """True for an indicator whose realisation is the reduction of cases against last year
    (the declaration's kind ``reduction``; 2024: IKU 2)."""
    return indicator.kind == "reduction"


def year_changes(data: LkjData, indicator: Indicator) -> dict[int, float]:
    """Each year's change of what the indicator counts, in %: the realisation against the
    year before's (both in the series, the earlier not 0), cut to two decimals; for IKU 2
    the change of cases, which is minus its realisation (a reduction) as printed."""
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
            changes[year] = math.copysign(cut_2dp(abs(relative)), relative)
    return changes


def _achievement(data: LkjData, indicator: Indicator) -> dict:
    """The year's target, realisation and achievement (Tabel 6), on the DIPA too, and
    against last year."""
    kpi = data.annual(indicator.code)
    facts = {"realisation": None, "target": None, "achievement": None, "verdict": None}
    facts |= {"reduction": is_reduction(indicator), "last": None, "dipa": None}
    if kpi.target is not None:
        facts["target"] = measure(kpi.target, indicator.unit)
    if kpi.realisation is None:
        return facts
    facts["realisation"] = measure(kpi.realisation, indicator.unit)
    if kpi.achievement_pct is not None and kpi.target is not None:
        facts["achievement"] = pct(kpi.achievement_pct)
        facts["verdict"] = verdict(kpi.achievement_pct)
        gap = abs(shown(kpi.realisation, indicator.unit) - shown(kpi.target, indicator.unit))
        facts["gap"] = difference(gap, indicator.unit)
    facts["dipa"] = _dipa(data, indicator, kpi)
    facts["last"] = _last_year(data, indicator)
    return facts


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
    if not is_reduction(indicator) and data.year in changes:
        facts["relative"] = pct(abs(changes[data.year]))
    return facts


def _ranking(data: LkjData, indicator: Indicator) -> dict | None:
    """Where the year's change stands among the series' changes (terbesar, signifikan)."""
    changes = year_changes(data, indicator)
    if data.year not in changes or len(changes) < 2:
        return None
    sizes = [abs(change) for change in changes.values()]
    size = abs(changes[data.year])
    return {
        "period": f"{min(changes)}-{max(changes)}",
        "direction": direction(0, changes[data.year]),
        "words": change_words(changes[data.year]),  # "turun 4,48 %", "tetap"
        "superlative": superlative(size, sizes),
        "significant": is_significant(size, sizes),
        "others": listed(
            [f"tahun {y} {change_words(c)}" for y, c in changes.items() if y != data.year]
        ),
    }


def _series(data: LkjData, indicator: Indicator) -> dict | None:
    """The realisations and achievements of every year the warehouse has, up to the report's."""
    years = [
        y
        for y in data.years_of(indicator.code)
        if data.annual(indicator.code, year=y).realisation is not None
    ]
    if len(years) < 2:
        return None
    kpis = {y: data.annual(indicator.code, year=y) for y in years}
    named = [(str(y), shown(k.realisation, indicator.unit)) for y, k in kpis.items()]
    highest, lowest = extremes(named)
    met = [
        str(y)
        for y, k in kpis.items()
        if k.achievement_pct is not None and k.achievement_pct >= 100
    ]
    untargeted = [str(y) for y, k in kpis.items() if k.achievement_pct is None]
    return {
        "period": f"{years[0]}-{years[-1]}",
        "years": len(years),
        "targeted": len(years) - len(untargeted),
        "untargeted": listed(untargeted),
        "realisations": listed([f"{measure(v, indicator.unit)} ({y})" for y, v in named]),
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


def _quarters(data: LkjData, indicator: Indicator) -> dict | None:
    """The quarters (Tabel 5): each one's realisation, their pattern, the targets met."""
    quarters = [data.quarter(indicator.code, q) for q in range(1, 5)]
    # (name, target, realisation, records); a reduction printed by Tabel 5's rule for it
    rows = [
        (
            name,
            quarter.target,
            quarter_reduction(data, q) if is_reduction(indicator) else quarter.realisation,
            quarter.records,
        )
        for q, (name, quarter) in enumerate(zip(QUARTERS, quarters, strict=True), start=1)
    ]
    named = [(n, shown(real, indicator.unit)) for n, _, real, _ in rows if real is not None]
    if not named:
        return None
    targeted = [(n, t, real) for n, t, real, _ in rows if t and real is not None]
    met = [n for n, t, real in targeted if shown(real, indicator.unit) >= shown(t, indicator.unit)]
    highest, lowest = extremes(named)
    cases = [(n, records) for n, _, real, records in rows if records is not None]
    most, fewest = extremes(cases) if is_reduction(indicator) else ([], [])
    return {
        "figures": listed([f"{measure(v, indicator.unit)} ({n})" for n, v in named]),
        "unmeasured": listed([n for n, _, real, _ in rows if real is None]),
        "pattern": pattern([v for _, v in named]),
        "highest": listed(highest),
        "lowest": listed(lowest),
        "targeted": len(targeted),
        "met": listed(met),
        "met_count": len(met),
        "cases": listed([f"{c} kasus ({n})" for n, c in cases]) if is_reduction(indicator) else "",
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
    received = data.cases_received
    facts = {"year": data.year, "received": received, "open": data.cases_open, "previous": None}
    if kpi.realisation < 100:
        previous = round(received / (1 - kpi.realisation / 100))
        if previous and cut_2dp((previous - received) / previous * 100) == cut_2dp(kpi.realisation):
            facts |= {
                "previous": previous,
                "previous_year": data.year - 1,
                "direction": direction(previous, received),
                "delta": abs(previous - received),
            }
    return facts


def _goal_budget(data: LkjData, indicator: Indicator) -> dict:
    """The budget of the indicator's strategic goal against its indicators' mean (Tabel 24)."""
    [number] = [n for n, g in enumerate(data.goals, start=1) if g.code == indicator.goal_code]
    budget = data.goal_budget(indicator.goal_code, "PK")
    facts = {
        "label": indicator.label,
        "number": number,
        "name": data.goals[number - 1].name,
        "indicators": len(data.indicators_of(indicator.goal_code)),
        "ceiling": None,
        "realised": None,
        "average": None if budget.avg_achievement_pct is None else pct(budget.avg_achievement_pct),
    }
    if budget.budget_ceiling is not None:
        facts["ceiling"] = rupiah(budget.budget_ceiling)
    if facts["ceiling"] and None not in (budget.budget_realisation, budget.budget_absorption_pct):
        facts |= {
            "realised": rupiah(budget.budget_realisation),
            "absorption": pct(budget.budget_absorption_pct),
            "gap": None
            if budget.avg_achievement_pct is None
            else gap_words(budget.budget_absorption_pct, budget.avg_achievement_pct),
        }
    return facts


def _overview(data: LkjData) -> dict:
    """The office's mean achievement and which indicators met their target (Tabel 6)."""
    achieved = [(i.label, data.annual(i.code).achievement_pct) for i in data.indicators]
    pk, dipa = data.office_budget("PK"), data.office_budget("DIPA_AA")
    return {
        "office": data.office_name,
        "year": data.year,
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
        "initial": None if initial in (None, budget.budget_ceiling) else rupiah(initial),
        "ceiling": rupiah(budget.budget_ceiling),
        "realised": rupiah(budget.budget_realisation) if recorded else None,
        "absorption": pct(budget.budget_absorption_pct) if recorded else None,
        "dipa_average": None if dipa.avg_achievement_pct is None else pct(dipa.avg_achievement_pct),
        "gap": None
        if dipa.avg_achievement_pct is None or not recorded
        else gap_words(budget.budget_absorption_pct, dipa.avg_achievement_pct),
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
    paragraphs = [
        say("achievement", base | _achievement(data, indicator)),
        say("cases", base | {"cases": _cases(data, indicator)}),
        say(
            "series",
            base | {"series": _series(data, indicator), "reduction": is_reduction(indicator)},
        ),
        say(
            "quarters",
            base | {"quarters": _quarters(data, indicator), "reduction": is_reduction(indicator)},
        ),
        say("goal_budget", base | _goal_budget(data, indicator)),
    ]
    heading = without_control_characters(f"{indicator.label}: {indicator.name}")
    # The office's own words around the figures' paragraphs, where the LKj puts them.
    paragraphs = narrative.woven(data, indicator, [p for p in paragraphs if p])
    return Section(indicator.code.lower(), heading, tuple(paragraphs))


def draft_chapter(data: LkjData) -> Chapter:
    """The drafted Bab III of ``data``'s LKj: an overview, a section per IKU, the budget."""
    sections = [
        Section("capaian", "A. Capaian Kinerja Organisasi", (say("overview", _overview(data)),)),
        *(_indicator_section(data, indicator) for indicator in data.indicators),
    ]
    budget = say("office_budget", {"budget": _office_budget(data), "year": data.year})
    sections.append(Section("realisasi-anggaran", "B. Realisasi Anggaran", (budget,)))
    note = say("note", {"data": data, "mark": DRAFT_MARK})
    return Chapter(f"BAB III AKUNTABILITAS KINERJA ({DRAFT_MARK})", note, tuple(sections))


def chapter_html(chapter: Chapter) -> str:
    """The chapter's note and sections as an HTML fragment, every text escaped: the page
    puts it in its section ``analisis``, under the chapter's title (``lkj_html``)."""
    return environment().get_template(FRAGMENT).render(chapter=chapter)
