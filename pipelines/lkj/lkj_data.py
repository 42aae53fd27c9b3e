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
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import TypeVar

import duckdb

from pipelines import indicators
from pipelines.lib.indonesian import WIB
from pipelines.lib.warehouse import table_exists

JAKARTA = WIB  # the reports' times: Western Indonesia Time (pipelines.lib.indonesian)
_T = TypeVar("_T")
# The record-level feed of placements: the indicator that counts it is the report's
# headline and the national placements (2024: IKU 1).
PLACEMENTS_FEED = "penempatan"
# The feeds of the appendices' record-level figures (Lampiran III, IV): where nothing of
# one is delivered for the year, its figures print "-", and the table says why.
CASES_FEED, PREVENTIONS_FEED = "kasus", "pencegahan"


def cut_2dp(value: float | None) -> float | None:
    """Cut (not round) to two decimals, as the LKj prints most percentages (71,2988 -> 71,29).

    Rounding to six decimals first removes binary noise (as the dbt macro ``truncate_2dp``).
    """
    if value is None:
        return None
    return math.trunc(round(value * 100, 6)) / 100


def quarter_reduction(data: LkjData, quarter: int) -> float | None:
    """The reduction indicator's (2024: IKU 2) cumulative reduction of cases up to
    ``quarter`` as the LKj prints it, the one rule for that figure wherever it is printed
    (Tabel 5, the drafted chapter): cut to two decimals as the LKj cuts its percentages
    (58,9552 -> 58,95); the fourth quarter's is the year's reduction, printed as Tabel 6
    prints it (the contract rounds it: 4,4776 -> 4,48). None in a year without one."""
    reduction = data.reduction_indicator
    if reduction is None:
        return None
    realisation = data.quarter(reduction.code, quarter).realisation
    if realisation is None:
        return None
    if quarter == 4:
        year = data.annual(reduction.code).realisation
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
    """An indicator of the report's year as the Renstra declares it (``pipelines/indicators``):
    ``kind`` its formula, ``feed`` the record-level feed it counts, ``score_name`` the
    feed of its score's components, ``tables`` its tables of Bab III (``outline.py``),
    ``quarters`` what a quarter's figure is (``own``: the quarter's own records;
    ``cumulative``: from 1 January to the quarter's end, the year's being the fourth's)."""

    code: str
    goal_code: str
    name: str
    unit: str
    kind: str = "count"
    feed: str | None = None
    score_name: str | None = None
    tables: tuple[str, ...] = ()
    quarters: str = "own"

    @classmethod
    def declared(cls, indicator: indicators.Indicator) -> Indicator:
        return cls(
            code=indicator.code,
            goal_code=indicator.goal,
            name=indicator.name,
            unit=indicator.unit,
            kind=indicator.kind,
            feed=indicator.feed,
            score_name=indicator.score_name,
            tables=indicator.tables,
            quarters=indicator.quarters,
        )

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
class Quarter:
    """One indicator's quarter (PK phasing): ``records`` the quarter's own records (the
    counted indicators), ``grade`` the grade its score earned (2024: IKU 8's WBK, WBBM)."""

    target: float | None = None
    realisation: float | None = None
    records: int | None = None
    grade: str | None = None


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
    # What ``expected`` and ``actual`` hold, in Indonesian (dq_findings.*_label_id): the
    # headings Temuan Data prints them under ("Tertulis di LKj", "Menurut data").
    expected_label: str | None = None
    actual_label: str | None = None


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
    quarterly: dict[tuple[str, int], Quarter]  # (indicator, quarter) -> its quarter
    goal_budgets: dict[tuple[str, str], GoalBudget]
    office: dict[str, OfficeBudget]
    placements: dict[tuple[int, str, str, str, str], int]
    cases: tuple[CaseLine, ...]
    findings: tuple[Finding, ...]
    ikpa: tuple[IkpaLine, ...] = ()
    activities: tuple[Activity, ...] = ()
    case_lines: tuple[CaseTypeLine, ...] = ()
    preventions: tuple[Prevention, ...] = ()
    quarantined: tuple[Quarantined, ...] = ()
    # What has arrived (``marts.fct_office_year_status``, docs/reports.md, "A provisional
    # year"): the label of a provisional office-year ("Sementara, data s.d. Maret 2025"),
    # empty for a complete one (or one the mart does not judge); the months complete in a
    # row from January; the feeds of which nothing of the year is delivered
    # (``marts.fct_deliveries``), in the contract's order.
    status_label: str = ""
    months_complete: int = 12
    undelivered: tuple[str, ...] = ()
    # Of those, the feeds owed (not optional: ``fct_deliveries.is_optional``), which a
    # provisional year's note names as not yet received.
    awaited: tuple[str, ...] = ()
    # The placements of each month of the year before (``fct_placements_monthly``): the
    # same months a provisional year is compared with.
    placements_before: dict[int, int] = field(default_factory=dict)
    # The months complete of the year before, where the mart judges it (None: no file of
    # it was ever delivered, such as a year only in the historical feed).
    months_complete_before: int | None = None
    # The rows of every mart the outline reads (``outline.MART_READS``), by mart name, each
    # row a dict by column name: a new table's layout reads its mart's rows here.
    rows: dict[str, tuple[dict, ...]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def provisional(self) -> bool:
        """The year's figures are provisional: not every file of it is in yet."""
        return bool(self.status_label)

    def quarter_closed(self, quarter: int) -> bool:
        """Every month of the quarter is complete: any quarter of a complete year; of a
        provisional one, those up to its last complete month."""
        return not self.provisional or quarter * 3 <= self.months_complete

    @property
    def title_suffix(self) -> str:
        """`` (Sementara, data s.d. Maret 2025)`` after a provisional year's title, else ""."""
        return f" ({self.status_label})" if self.provisional else ""

    def is_undelivered(self, feed: str | None) -> bool:
        """Nothing of ``feed`` is delivered for the year: its figures print "-", not 0."""
        return feed is not None and feed in self.undelivered

    def not_delivered(self, feed: str) -> str:
        """``berkas kasus 2025 belum diterima``: why a feed's figures print "-"."""
        return f"berkas {feed} {self.year} belum diterima"

    def indicators_of(self, goal_code: str) -> list[Indicator]:
        return [i for i in self.indicators if i.goal_code == goal_code]

    def indicator(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)

    def indicator_where(self, **properties: object) -> Indicator | None:
        """The year's first indicator with these declared properties (``kind="reduction"``),
        or None where the year has none."""
        return next(
            (
                i
                for i in self.indicators
                if all(getattr(i, name) == value for name, value in properties.items())
            ),
            None,
        )

    @property
    def reduction_indicator(self) -> Indicator | None:
        """The indicator whose realisation is a reduction against last year (2024: IKU 2)."""
        return self.indicator_where(kind="reduction")

    @property
    def placements_indicator(self) -> Indicator | None:
        """The indicator that counts the placements feed (2024: IKU 1)."""
        return self.indicator_where(feed=PLACEMENTS_FEED)

    def quarter(self, code: str, quarter: int) -> Quarter:
        """The indicator's quarter; empty where there is none."""
        return self.quarterly.get((code, quarter), Quarter())

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


@dataclass(frozen=True)
class Read:
    """What a table of the outline reads of one mart: its ``columns`` (a column's name, or
    ``expression as name``), the rows of the report's year (``years`` ``=``) or of every
    year up to it (``<=``), in the order ``order_by``. Every row comes back as a dict by
    the columns' names (``LkjData.rows``)."""

    mart: str
    columns: tuple[str, ...]
    years: str = "="
    order_by: str = ""

    def __post_init__(self) -> None:
        if self.years not in ("=", "<="):
            raise ValueError(f"Read of {self.mart}: years must be '=' or '<=', not {self.years}")

    def merged(self, other: Read) -> Read:
        """One read of the mart for two tables: the columns of both, the wider years."""
        if self.order_by and other.order_by and self.order_by != other.order_by:
            raise ValueError(f"two reads of {self.mart} are sorted differently")
        return Read(
            self.mart,
            tuple(dict.fromkeys((*self.columns, *other.columns))),
            "<=" if "<=" in (self.years, other.years) else "=",
            self.order_by or other.order_by,
        )

    def sql(self) -> str:
        """The query of the office-years wanted (``w``, :data:`_WANTED`) joined to the mart
        (``t``): the office-year first, then the columns, a bare name taken from ``t``."""
        columns = ", ".join(c if " as " in c else f"t.{c} as {c}" for c in self.columns)
        order = f" order by {self.order_by}" if self.order_by else ""
        return (
            f"select w.office_code as {_OFFICE}, w.year as {_YEAR}, {columns} "
            f"from marts.{self.mart} t join wanted w "
            f"on t.office_code = w.office_code and t.year {self.years} w.year{order}"
        )


# The office-years being read, for the queries to join: `?` the offices, `?` the years.
_WANTED = (
    "with wanted as (select unnest(?::varchar[]) as office_code, unnest(?::bigint[]) as year) "
)
_OFFICE, _YEAR = "report_office", "report_year"  # the office-year a row is read for


def _by_office_year(
    con: duckdb.DuckDBPyConnection, read: Read, wanted: list[tuple[str, int]]
) -> dict[tuple[str, int], list[dict]]:
    """The rows of ``read`` of each office-year of ``wanted``, each a dict by column name.
    An office-year's rows keep the order of the query's: sorted as a whole, they are
    sorted each."""
    groups: dict[tuple[str, int], list[dict]] = {key: [] for key in wanted}
    offices, years = [office for office, _ in groups], [year for _, year in groups]
    result = con.execute(_WANTED + read.sql(), [offices, years])
    names = [column[0] for column in result.description]
    for values in result.fetchall():
        row = dict(zip(names, values, strict=True))
        groups[(row.pop(_OFFICE), row.pop(_YEAR))].append(row)
    return groups


def year_lists(year: int) -> tuple[tuple[Goal, ...], tuple[Indicator, ...]]:
    """The goals and indicators of the Renstra period of ``year`` (``pipelines/indicators``):
    the indicators grouped by goal, in the declaration's order within a goal."""
    declared = indicators.renstra()
    goals = tuple(Goal(g.goal, g.name) for g in declared.goals_for_year(year))
    return goals, tuple(Indicator.declared(i) for i in declared.for_year(year))


def load_lkj_many(
    con: duckdb.DuckDBPyConnection,
    wanted: list[tuple[str, int]],
    publish_id: str,
    generated_at: dt.datetime | None = None,
) -> Iterator[LkjData]:
    """``load_lkj`` of each office-year of ``wanted``, in its order: the marts are read
    once for all (one query per mart the outline reads, ``outline.MART_READS``), not once
    per office-year."""
    from pipelines.lkj.outline import MART_READS  # the outline imports the layouts, and they this

    wanted = [(office_code, int(year)) for office_code, year in wanted]
    if not wanted:
        return
    rows = {read.mart: _by_office_year(con, read, wanted) for read in MART_READS}
    common = {
        "publish_id": publish_id,
        "published_at": published_at_of(con, publish_id),
        "generated_at": generated_at or dt.datetime.now(JAKARTA),
    }
    names = office_names(con)
    for office_code, year in wanted:
        of_year = {name: tuple(by_key[(office_code, year)]) for name, by_key in rows.items()}
        yield _lkj_data(office_code, office_name(office_code, names), year, of_year, common)


def by_name(cls: type[_T], row: dict, **converted: object) -> _T:
    """A ``cls`` from the row's columns of the same names as its fields (``converted``
    overrides a column's value)."""
    values = {f.name: row[f.name] for f in fields(cls) if f.name in row}  # type: ignore[arg-type]
    return cls(**(values | converted))


def _lkj_data(
    office_code: str, name: str, year: int, rows: dict[str, tuple[dict, ...]], common: dict
) -> LkjData:
    """One office-year's figures from its rows of each mart (``outline.MART_READS``)."""

    def of(mart: str) -> tuple[dict, ...]:
        return rows.get(mart, ())

    kpi = {
        (r["indicator_code"], r["target_basis"], r["year"]): by_name(Kpi, r)
        for r in of("fct_kpi_annual")
    }
    goal_budgets = {
        (r["goal_code"], r["target_basis"]): GoalBudget(
            avg_achievement_pct=cut_2dp(r["avg_achievement_pct"]),
            budget_ceiling=money(r["budget_ceiling"]),
            budget_realisation=money(r["budget_realisation"]),
            budget_absorption_pct=cut_2dp(r["budget_absorption_pct"]),
        )
        for r in of("fct_goal_annual")
    }
    office_budgets = {
        r["target_basis"]: OfficeBudget(
            avg_achievement_pct=cut_2dp(r["avg_achievement_pct"]),
            budget_ceiling_initial=money(r["budget_ceiling_initial"]),
            budget_ceiling=money(r["budget_ceiling"]),
            budget_realisation=money(r["budget_realisation"]),
            budget_absorption_pct=r["budget_absorption_pct"],
        )
        for r in of("fct_office_annual")
    }
    goals, year_indicators = year_lists(year)
    statuses = {r["year"]: r for r in of("fct_office_year_status")}
    status = statuses.get(year, {})
    delivered: dict[str, bool] = {}
    optional: dict[str, bool] = {}
    for r in of("fct_deliveries"):  # the year's, in the contract's order
        delivered[r["feed"]] = delivered.get(r["feed"], False) or r["status"] == "delivered"
        optional[r["feed"]] = optional.get(r["feed"], True) and r["is_optional"]
    placements = [r for r in of("fct_placements_monthly") if r["year"] == year]
    before: dict[int, int] = {}
    for r in of("fct_placements_monthly"):
        if r["year"] == year - 1:
            before[r["month"]] = before.get(r["month"], 0) + r["placements"]
    return LkjData(
        office_code=office_code,
        office_name=name,
        year=year,
        goals=goals,
        indicators=year_indicators,
        years=tuple(sorted({y for (_, _, y) in kpi})),
        kpi=kpi,
        quarterly={
            (r["indicator_code"], r["quarter"]): by_name(Quarter, r)
            for r in of("fct_kpi_quarterly")
        },
        goal_budgets=goal_budgets,
        office=office_budgets,
        placements={
            (r["month"], r["unit_type"], r["scheme_group"], r["sector"], r["sex"]): r["placements"]
            for r in placements
        },
        status_label="" if status.get("is_complete", True) else status["status_label"],
        months_complete=status.get("months_complete", 12),
        undelivered=tuple(feed for feed, is_in in delivered.items() if not is_in),
        awaited=tuple(
            feed for feed, is_in in delivered.items() if not is_in and not optional[feed]
        ),
        placements_before=dict(sorted(before.items())),
        months_complete_before=statuses.get(year - 1, {}).get("months_complete"),
        cases=tuple(by_name(CaseLine, r) for r in of("fct_cases_annual")),
        findings=tuple(by_name(Finding, r) for r in of("dq_findings")),
        ikpa=tuple(
            by_name(
                IkpaLine,
                r,
                score=float(r["score"]),
                weight=float(r["weight"]),
                weighted_score=float(r["weighted_score"]),
            )
            for r in of("fct_ikpa_components")
        ),
        activities=tuple(
            by_name(
                Activity,
                r,
                budget_ceiling_initial=money(r["budget_ceiling_initial"]),
                budget_ceiling=money(r["budget_ceiling"]),
            )
            for r in of("fct_activity_budgets")
        ),
        case_lines=tuple(by_name(CaseTypeLine, r) for r in of("fct_cases_by_type")),
        preventions=tuple(by_name(Prevention, r) for r in of("fct_preventions")),
        quarantined=tuple(by_name(Quarantined, r) for r in of("fct_quarantine_annual")),
        rows=rows,
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
