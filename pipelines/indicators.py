"""The Renstra periods, goals and indicators (IKU) as `dbt_project/dbt_project.yml` declares them.

The declaration is the ``renstra`` variable of the dbt project: dbt derives every
realisation from it, and this module gives the same declaration to the Python (the
feeds' lists of codes, the sample generator, the LKj's tables, the Manual IKU). No
Dagster here, and nothing read from the environment.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

DBT_PROJECT_FILE = Path(__file__).resolve().parent.parent / "dbt_project" / "dbt_project.yml"

KINDS = ("count", "sum", "ratio", "reduction", "score")
QUARTERS = ("own", "cumulative")
POLARITIES = ("higher", "lower")
# The kinds counted from a record-level feed (a dbt staging model of its rows).
RECORD_KINDS = ("count", "sum", "ratio", "reduction")


class DeclarationError(ValueError):
    """The declaration breaks one of its rules: which entry, and which rule."""


@dataclass(frozen=True)
class Period:
    period: str
    first_year: int
    last_year: int
    illustrative: bool
    source: str

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


@dataclass(frozen=True)
class Goal:
    goal: str
    periods: tuple[str, ...]
    name: str
    name_en: str


@dataclass(frozen=True)
class Indicator:
    """One indicator of one or more periods, with the formula of its realisation."""

    code: str
    periods: tuple[str, ...]
    goal: str
    name: str
    name_en: str
    unit: str
    polarity: str
    kind: str
    quarters: str
    definition: str
    tables: tuple[str, ...]
    feed: str | None = None
    model: str | None = None
    where: str | None = None
    numerator: str | None = None
    column: str | None = None
    base_history_column: str | None = None
    score_name: str | None = None

    @property
    def counted(self) -> bool:
        """True when the realisation comes from a record-level feed's rows."""
        return self.kind in RECORD_KINDS


@dataclass(frozen=True)
class Renstra:
    periods: tuple[Period, ...]
    goals: tuple[Goal, ...]
    indicators: tuple[Indicator, ...]

    def period_of(self, year: int) -> Period | None:
        """The period a year belongs to, or None for a year no period covers."""
        return next((period for period in self.periods if period.covers(year)), None)

    def for_year(self, year: int) -> tuple[Indicator, ...]:
        """The indicators of the year's period, grouped by goal (in the goals' order), in
        declaration order within a goal: the order of the LKj and of the Manual IKU."""
        period = self.period_of(year)
        if period is None:
            return ()
        goals = [goal.goal for goal in self.goals]
        of_year = [i for i in self.indicators if period.period in i.periods]
        return tuple(sorted(of_year, key=lambda i: goals.index(i.goal)))

    def indicator(self, code: str, year: int) -> Indicator | None:
        """What ``code`` means in ``year``, or None where it means nothing."""
        return next((i for i in self.for_year(year) if i.code == code), None)

    def goals_for_year(self, year: int) -> tuple[Goal, ...]:
        period = self.period_of(year)
        if period is None:
            return ()
        return tuple(goal for goal in self.goals if period.period in goal.periods)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every code of any period, each once, in declaration order."""
        return tuple(dict.fromkeys(i.code for i in self.indicators))

    def codes_of_kind(self, *kinds: str) -> tuple[str, ...]:
        """The codes that are an indicator of one of ``kinds`` in some period."""
        return tuple(dict.fromkeys(i.code for i in self.indicators if i.kind in kinds))


def _check(renstra: Renstra) -> Renstra:
    """The declaration's own rules, each broken one named by its entry."""
    names = [period.period for period in renstra.periods]
    if len(set(names)) != len(names):
        raise DeclarationError("two periods have the same name")
    for period in renstra.periods:
        if period.first_year > period.last_year:
            raise DeclarationError(f"period {period.period}: first_year is after last_year")
    spans = sorted(renstra.periods, key=lambda period: period.first_year)
    for earlier, later in itertools.pairwise(spans):
        if later.first_year <= earlier.last_year:
            raise DeclarationError(f"periods {earlier.period} and {later.period} overlap")
    goal_codes = {(goal.goal, period) for goal in renstra.goals for period in goal.periods}
    seen: set[tuple[str, str]] = set()
    for indicator in renstra.indicators:
        where = f"indicator {indicator.code} ({', '.join(indicator.periods)})"
        for period in indicator.periods:
            if period not in names:
                raise DeclarationError(f"{where}: no period is named {period}")
            if (indicator.code, period) in seen:
                raise DeclarationError(f"{where}: {indicator.code} is declared twice in {period}")
            seen.add((indicator.code, period))
            if (indicator.goal, period) not in goal_codes:
                raise DeclarationError(f"{where}: goal {indicator.goal} is not one of {period}")
        if indicator.kind not in KINDS:
            raise DeclarationError(f"{where}: kind {indicator.kind!r} is not one of {KINDS}")
        if indicator.quarters not in QUARTERS:
            raise DeclarationError(f"{where}: quarters must be one of {QUARTERS}")
        if indicator.polarity not in POLARITIES:
            raise DeclarationError(f"{where}: polarity must be one of {POLARITIES}")
        if indicator.counted and not (indicator.feed and indicator.model):
            raise DeclarationError(f"{where}: a {indicator.kind} names its feed and model")
        if indicator.kind == "ratio" and not indicator.numerator:
            raise DeclarationError(f"{where}: a ratio names its numerator")
        if indicator.kind == "sum" and not indicator.column:
            raise DeclarationError(f"{where}: a sum names its column")
    return renstra


def _tuple(values: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(values or ())


def _entry(kind: type, list_name: str, number: int, entry: dict, **converted: object):
    """One entry of a list of the declaration, its fields checked against ``kind``'s:
    a field missing or unknown (mistyped) is refused, naming the entry."""
    name = entry.get("code") or entry.get("period") or entry.get("goal") or "?"
    where = f"{list_name} entry {number} ({name})"
    fields = {f.name: f for f in dataclasses.fields(kind)}
    unknown = sorted(set(entry) - set(fields))
    if unknown:
        raise DeclarationError(f"{where}: unknown field(s) {', '.join(unknown)}")
    missing = sorted(
        name
        for name, f in fields.items()
        if name not in entry
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    )
    if missing:
        raise DeclarationError(f"{where}: missing field(s) {', '.join(missing)}")
    return kind(**{**entry, **converted})


def parse(declaration: dict) -> Renstra:
    """The ``renstra`` variable as objects, checked."""
    return _check(
        Renstra(
            periods=tuple(
                _entry(Period, "periods", n, entry)
                for n, entry in enumerate(declaration["periods"], start=1)
            ),
            goals=tuple(
                _entry(Goal, "goals", n, entry, periods=_tuple(entry.get("periods")))
                for n, entry in enumerate(declaration["goals"], start=1)
            ),
            indicators=tuple(
                _entry(
                    Indicator,
                    "indicators",
                    n,
                    entry,
                    periods=_tuple(entry.get("periods")),
                    tables=_tuple(entry.get("tables")),
                )
                for n, entry in enumerate(declaration["indicators"], start=1)
            ),
        )
    )


def load(project_file: Path = DBT_PROJECT_FILE) -> Renstra:
    """The declaration of a dbt project file (by default this project's)."""
    return parse(yaml.safe_load(project_file.read_text(encoding="utf-8"))["vars"]["renstra"])


@functools.cache
def renstra() -> Renstra:
    """This project's declaration, read once per process."""
    return load()
