"""The figures of one office's LKj for one year, read from the marts.

Everything the workbook and the HTML report show comes from here, read over
a read-only connection: for many office-years at once (``load_lkj_many``,
one query per table for all of them) or for one (``load_lkj``), the same
figures either way. Percentages are taken as the
LKj prints them (docs/reconciliation-2024.md, item 18): achievements and
their averages cut to two decimals (``*_pct_lkj``), a goal's budget
absorption cut too (93,23), the office's absorption rounded (96,24).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

import duckdb

from pipelines.lib.warehouse import table_exists

JAKARTA = ZoneInfo("Asia/Jakarta")


def cut_2dp(value: float | None) -> float | None:
    """Cut (not round) to two decimals, as the LKj prints most percentages (71,2988 -> 71,29).

    Rounding to six decimals first removes binary noise (as the dbt macro ``truncate_2dp``).
    """
    if value is None:
        return None
    return math.trunc(round(value * 100, 6)) / 100


def quarter_reduction(data: LkjData, quarter: int) -> float | None:
    """IKU 2's cumulative reduction of cases up to ``quarter`` as the LKj prints it, the one
    rule for that figure wherever it is printed (Tabel 5, the drafted chapter): cut to two
    decimals as the LKj cuts its percentages (58,9552 -> 58,95); the fourth quarter's is
    the year's reduction, printed as Tabel 6 prints it (the contract rounds it: 4,4776 ->
    4,48)."""
    _, realisation, _ = data.quarterly.get(("IKU2", quarter), (None, None, None))
    if realisation is None:
        return None
    if quarter == 4:
        year = data.annual("IKU2").realisation
        return round(year if year is not None else realisation, 2)
    return cut_2dp(realisation)


def office_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Each office's name as its LKj gives it (the seed ``reference.offices``)."""
    if not table_exists(con, "reference", "offices"):  # a warehouse built before the seed
        return {}
    return dict(con.execute("select office_code, office_name from reference.offices").fetchall())


def office_name(office_code: str, names: dict[str, str]) -> str:
    """The office's name in ``names``, or ``BP3MI <code>`` for an office not listed."""
    return names.get(office_code, f"BP3MI {office_code}")


def money(value: Decimal | None) -> int | float | None:
    """Rupiah as a Python number: whole Rupiah as int, otherwise float."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class Goal:
    code: str
    name: str


@dataclass(frozen=True)
class Indicator:
    code: str
    goal_code: str
    name: str
    unit: str

    @property
    def label(self) -> str:
        """``IKU 1`` for ``IKU1``, as the LKj writes it."""
        return self.code.replace("IKU", "IKU ", 1)


@dataclass(frozen=True)
class Kpi:
    """One indicator's year on one basis; ``achievement_pct`` cut to two decimals."""

    target: float | None = None
    realisation: float | None = None
    achievement_pct: float | None = None
    source: str | None = None
    target_dipa_awal: float | None = None


@dataclass(frozen=True)
class GoalBudget:
    """A goal's year on one basis: mean achievement and budget, as Tabel 24 and 25 print them."""

    avg_achievement_pct: float | None = None
    budget_ceiling: int | float | None = None
    budget_realisation: int | float | None = None
    budget_absorption_pct: float | None = None


@dataclass(frozen=True)
class OfficeBudget:
    """The office's year on one basis (BAB III.B): mean achievement and the DIPA budget."""

    avg_achievement_pct: float | None = None
    budget_ceiling_initial: int | float | None = None
    budget_ceiling: int | float | None = None
    budget_realisation: int | float | None = None
    budget_absorption_pct: float | None = None


@dataclass(frozen=True)
class CaseLine:
    country_code: str | None
    country_name: str
    case_category: str
    cases: int
    cases_open: int


@dataclass(frozen=True)
class CaseTypeLine:
    """One line of Lampiran III: a country and a case type as typed (``fct_cases_by_type``)."""

    country: str
    case_type: str
    cases: int
    cases_open: int


@dataclass(frozen=True)
class Activity:
    """One activity (kegiatan) of the DIPA, with its initial and after-AA ceilings."""

    code: str
    goal_code: str | None
    name: str | None
    budget_ceiling_initial: int | float | None
    budget_ceiling: int | float | None


@dataclass(frozen=True)
class Prevention:
    """One row of Lampiran IV; ``person`` is the start of the name's pseudonym, never a name."""

    number: int
    date: dt.date | None
    location: str | None
    organiser: str | None
    person: str | None
    sex: str | None
    country: str | None
    origin: str | None
    problem: str | None
    follow_up: str | None
    repeats_number: int | None


@dataclass(frozen=True)
class Quarantined:
    """Rows of the office-year's raw files kept out of the warehouse, for one feed and rule."""

    feed: str
    rule: str
    rows: int


@dataclass(frozen=True)
class IkpaLine:
    """One component of the year's IKPA (``marts.fct_ikpa_components``)."""

    number: int
    aspect: str
    component: str
    score: float
    weight: float
    weighted_score: float


@dataclass(frozen=True)
class Finding:
    check_name: str
    subject: str
    expected: float | None
    actual: float | None
    difference: float | None
    severity: str
    detail: str  # in Indonesian (dq_findings.detail_id)


@dataclass(frozen=True)
class LkjData:
    office_code: str
    office_name: str
    year: int
    publish_id: str
    published_at: dt.datetime | None
    generated_at: dt.datetime
    goals: tuple[Goal, ...]
    indicators: tuple[Indicator, ...]
    years: tuple[int, ...]
    kpi: dict[tuple[str, str, int], Kpi]
    # (indicator, quarter) -> target, realisation, the quarter's own records (IKU1-5)
    quarterly: dict[tuple[str, int], tuple[float | None, float | None, int | None]]
    goal_budgets: dict[tuple[str, str], GoalBudget]
    office: dict[str, OfficeBudget]
    placements: dict[tuple[int, str, str, str, str], int]
    cases: tuple[CaseLine, ...]
    findings: tuple[Finding, ...]
    ikpa: tuple[IkpaLine, ...] = ()
    # (indicator, quarter) -> the grade the score earned (IKU8: "WBK", "WBBM")
    grades: dict[tuple[str, int], str] = field(default_factory=dict)
    activities: tuple[Activity, ...] = ()
    case_lines: tuple[CaseTypeLine, ...] = ()
    preventions: tuple[Prevention, ...] = ()
    quarantined: tuple[Quarantined, ...] = ()

    def indicators_of(self, goal_code: str) -> list[Indicator]:
        return [i for i in self.indicators if i.goal_code == goal_code]

    def indicator(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)

    def annual(self, code: str, basis: str = "PK", year: int | None = None) -> Kpi:
        """The indicator's year (the report's year by default); empty where there is none."""
        year = self.year if year is None else year
        return self.kpi.get((code, basis, year), Kpi())

    def goal_budget(self, goal_code: str, basis: str) -> GoalBudget:
        """The goal's year on ``basis``; empty where there is none."""
        return self.goal_budgets.get((goal_code, basis), GoalBudget())

    def office_budget(self, basis: str) -> OfficeBudget:
        """The office's year on ``basis``; empty where there is none."""
        return self.office.get(basis, OfficeBudget())

    @property
    def cases_received(self) -> int:
        return sum(line.cases for line in self.cases)

    @property
    def cases_open(self) -> int:
        return sum(line.cases_open for line in self.cases)

    @property
    def rows_quarantined(self) -> int:
        return sum(q.rows for q in self.quarantined)

    def years_of(self, code: str, basis: str = "PK") -> list[int]:
        """The years up to the report's in which the indicator has a row."""
        return [y for y in self.years if (code, basis, y) in self.kpi]


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[tuple]:
    return con.execute(sql, params).fetchall()


def _has_publish_log(con: duckdb.DuckDBPyConnection) -> bool:
    return table_exists(con, "audit", "publish_log")


def office_years(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """Every office and year with record-level data: the years an LKj is written for."""
    return con.execute(
        "select distinct office_code, year from marts.fct_kpi_annual "
        "where realisation_source = 'records' order by all"
    ).fetchall()


def latest_publish(con: duckdb.DuckDBPyConnection) -> str | None:
    """The run id of the warehouse's last publish (``audit.publish_log``), if it records one."""
    if not _has_publish_log(con):
        return None
    rows = con.execute(
        "select run_id from audit.publish_log order by published_at desc limit 1"
    ).fetchall()
    return rows[0][0] if rows else None


def published_at_of(con: duckdb.DuckDBPyConnection, publish_id: str) -> dt.datetime | None:
    """When the publish was recorded in ``audit.publish_log``, if the warehouse has one."""
    if not _has_publish_log(con):
        return None
    found = _rows(
        con, "select max(published_at) from audit.publish_log where run_id = ?", [publish_id]
    )
    stamp = found[0][0]
    return stamp.replace(tzinfo=dt.UTC).astimezone(JAKARTA) if stamp else None


# The office-years being read, for the queries below to join: `?` the offices, `?` the years.
_WANTED = (
    "with wanted as (select unnest(?::varchar[]) as office_code, unnest(?::bigint[]) as year) "
)


def _by_office_year(
    con: duckdb.DuckDBPyConnection, sql: str, wanted: list[tuple[str, int]]
) -> dict[tuple[str, int], list[tuple]]:
    """The rows of ``sql`` of each office-year of ``wanted``: ``sql`` joins ``wanted`` as
    ``w`` and selects ``w.office_code, w.year`` first, then the columns. An office-year's
    rows keep the order of the query's: sorted as a whole, they are sorted each."""
    groups: dict[tuple[str, int], list[tuple]] = {key: [] for key in wanted}
    offices, years = [office for office, _ in groups], [year for _, year in groups]
    for office_code, year, *columns in _rows(con, _WANTED + sql, [offices, years]):
        groups[(office_code, year)].append(tuple(columns))
    return groups


# One query per mart, each joined to the office-years wanted: ``t`` the mart, ``w`` an
# office-year; the rows of the report's year, or for fct_kpi_annual of every year up to it.
_MART_QUERIES = {
    "kpi": "select w.office_code, w.year, indicator_code, target_basis, t.year, target, "
    "realisation, achievement_pct_lkj, realisation_source, target_dipa_awal "
    "from marts.fct_kpi_annual t join wanted w "
    "on t.office_code = w.office_code and t.year <= w.year",
    "quarterly": "select w.office_code, w.year, indicator_code, quarter, target, realisation, "
    "records, grade "
    "from marts.fct_kpi_quarterly t join wanted w "
    "on t.office_code = w.office_code and t.year = w.year",
    "goals": "select w.office_code, w.year, goal_code, target_basis, avg_achievement_pct_lkj, "
    "budget_ceiling, budget_realisation, budget_absorption_pct "
    "from marts.fct_goal_annual t join wanted w "
    "on t.office_code = w.office_code and t.year = w.year",
    "office": "select w.office_code, w.year, target_basis, avg_achievement_pct_lkj, "
    "budget_ceiling_initial, budget_ceiling, budget_realisation, budget_absorption_pct_2dp "
    "from marts.fct_office_annual t join wanted w "
    "on t.office_code = w.office_code and t.year = w.year",
    "placements": "select w.office_code, w.year, month, unit_type, scheme_group, sector, sex, "
    "placements "
    "from marts.fct_placements_monthly t join wanted w "
    "on t.office_code = w.office_code and t.year = w.year",
    "cases": "select w.office_code, w.year, country_code, country_name, case_category, cases, "
    "cases_open "
    "from marts.fct_cases_annual t join wanted w "
    "on t.office_code = w.office_code and t.year = w.year "
    "order by country_name, case_category",
    "ikpa": "select w.office_code, w.year, component_number, aspect, component, score, weight, "
    "weighted_score "
    "from marts.fct_ikpa_components t join wanted w "
    "on t.office_code = w.office_code and t.year = w.year "
    "order by component_number",
    "activities": "select w.office_code, w.year, activity_code, goal_code, activity_name, "
    "budget_ceiling_initial, budget_ceiling "
    "from marts.fct_activity_budgets t join wanted w "
    "on t.office_code = w.office_code and t.year = w.year "
    "order by activity_code",
    "case_lines": "select w.office_code, w.year, country_as_typed, case_type_as_typed, cases, "
    "cases_open "
    "from marts.fct_cases_by_type t join wanted w "
    "on t.office_code = w.office_code and t.year = w.year "
    "order by lower(country_as_typed), country_as_typed, lower(case_type_as_typed), "
    "case_type_as_typed",
    # The person as the first 8 characters of the pseudonym: enough to tell rows apart.
    # Numbered as the recap numbers them (its NO, which the LKj prints), or by place.
    "preventions": "select w.office_code, w.year, coalesce(recap_number, prevention_number), "
    "prevention_date, location, organiser, left(person_name_pseudonym, 8), sex, "
    "intended_country_as_typed, origin_area, problem, follow_up, "
    "coalesce(suspected_duplicate_of_recap_number, suspected_duplicate_of_number) "
    "from marts.fct_preventions t join wanted w "
    "on t.office_code = w.office_code and t.year = w.year "
    "order by prevention_number",
    "quarantined": "select w.office_code, w.year, feed, rule, rows_quarantined "
    "from marts.fct_quarantine_annual t join wanted w "
    "on t.office_code = w.office_code and t.year = w.year "
    "order by feed, rule",
    "findings": "select w.office_code, w.year, check_name, subject, expected, actual, "
    "difference, severity, detail_id "
    "from marts.dq_findings t join wanted w "
    "on t.office_code = w.office_code and t.year = w.year "
    "order by severity desc, check_name, subject",
}


def reference_lists(
    con: duckdb.DuckDBPyConnection, year: int
) -> tuple[tuple[Goal, ...], tuple[Indicator, ...]]:
    """The goals and indicators of the Renstra period of ``year``: what its report lists."""
    in_year = "where ? between first_year and last_year"
    goals = tuple(
        Goal(*row)
        for row in _rows(
            con, f"select goal_code, goal_name from reference.goals {in_year} order by 1", [year]
        )
    )
    indicators = tuple(
        Indicator(*row)
        for row in _rows(
            con,
            "select indicator_code, goal_code, indicator_name, unit from reference.indicators "
            f"{in_year} order by goal_code, indicator_code",
            [year],
        )
    )
    return goals, indicators


def load_lkj_many(
    con: duckdb.DuckDBPyConnection,
    wanted: list[tuple[str, int]],
    publish_id: str,
    generated_at: dt.datetime | None = None,
) -> Iterator[LkjData]:
    """``load_lkj`` of each office-year of ``wanted``, in its order: the marts are read
    once for all (one query per table, :data:`_MART_QUERIES`), not once per office-year."""
    wanted = [(office_code, int(year)) for office_code, year in wanted]
    if not wanted:
        return
    lists = {year: reference_lists(con, year) for year in {year for _, year in wanted}}
    rows = {name: _by_office_year(con, sql, wanted) for name, sql in _MART_QUERIES.items()}
    common = {
        "publish_id": publish_id,
        "published_at": published_at_of(con, publish_id),
        "generated_at": generated_at or dt.datetime.now(JAKARTA),
    }
    names = office_names(con)
    for office_code, year in wanted:
        of_year = {name: by_key[(office_code, year)] for name, by_key in rows.items()}
        goals, indicators = lists[year]
        yield _lkj_data(
            office_code,
            office_name(office_code, names),
            year,
            of_year,
            {**common, "goals": goals, "indicators": indicators},
        )


def _lkj_data(
    office_code: str, name: str, year: int, rows: dict[str, list[tuple]], common: dict
) -> LkjData:
    """One office-year's figures from its rows of each mart (:data:`_MART_QUERIES`)."""
    kpi = {(code, basis, row_year): Kpi(*values) for code, basis, row_year, *values in rows["kpi"]}
    goal_budgets = {
        (code, basis): GoalBudget(
            cut_2dp(average), money(ceiling), money(realised), cut_2dp(absorption)
        )
        for code, basis, average, ceiling, realised, absorption in rows["goals"]
    }
    office_budgets = {
        basis: OfficeBudget(
            cut_2dp(average), money(initial), money(ceiling), money(realised), absorption
        )
        for basis, average, initial, ceiling, realised, absorption in rows["office"]
    }
    return LkjData(
        office_code=office_code,
        office_name=name,
        year=year,
        years=tuple(sorted({y for (_, _, y) in kpi})),
        kpi=kpi,
        quarterly={(code, quarter): tuple(v) for code, quarter, *v, _ in rows["quarterly"]},
        grades={(code, quarter): g for code, quarter, *_, g in rows["quarterly"] if g},
        goal_budgets=goal_budgets,
        office=office_budgets,
        placements={
            (month, unit_type, group, sector, sex): count
            for month, unit_type, group, sector, sex, count in rows["placements"]
        },
        cases=tuple(CaseLine(*row) for row in rows["cases"]),
        findings=tuple(Finding(*row) for row in rows["findings"]),
        ikpa=tuple(
            IkpaLine(n, aspect, component, float(score), float(weight), float(weighted))
            for n, aspect, component, score, weight, weighted in rows["ikpa"]
        ),
        activities=tuple(
            Activity(code, goal, name, money(initial), money(ceiling))
            for code, goal, name, initial, ceiling in rows["activities"]
        ),
        case_lines=tuple(CaseTypeLine(*row) for row in rows["case_lines"]),
        preventions=tuple(Prevention(*row) for row in rows["preventions"]),
        quarantined=tuple(Quarantined(*row) for row in rows["quarantined"]),
        **common,
    )


def load_lkj(
    con: duckdb.DuckDBPyConnection,
    office_code: str,
    year: int,
    publish_id: str,
    generated_at: dt.datetime | None = None,
) -> LkjData:
    """Read everything the LKj of ``office_code`` for ``year`` shows from the marts."""
    [data] = load_lkj_many(con, [(office_code, year)], publish_id, generated_at)
    return data
