"""Head office's view: every office side by side for a year, national totals, trends.

Read from the marts over a read-only connection, on the LKj's rules
(docs/reports.md): an office's achievements are its ``achievement_pct_lkj``
(PK basis, cut to two decimals), its mean ``avg_achievement_pct_lkj`` (cut),
its budget absorption ``budget_absorption_pct_2dp`` (rounded), its
placements the realisation of the indicator that counts the placements feed
(IKU 1), its cases and those still in process
the sums of ``fct_cases_annual``.

The national figures of a year are sums over the offices (placements,
budget, cases), the absorption of the summed budget of the offices that
have both its ceiling and its realisation (rounded to two decimals, as an
office's), and for achievements the mean of the offices'
cut figures, cut to two decimals (an achievement has no meaningful sum).

The dashboard's head-office page (``bi/national.py``) and the national
workbook (``reports/NASIONAL/lkj_NASIONAL_<YEAR>.xlsx``) show these figures;
the workbook's tables are :func:`national_tables`.

A provisional office-year (``year_status.py``, docs/reports.md "A provisional year") is
labelled in both, and so is a national figure that sums one; in the trends its figure
is followed by "(sementara)" (the dashboard's lines leave it out); the figures of a
feed of which nothing is delivered for the office-year are left empty ("-"), not 0.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import duckdb
from openpyxl import Workbook

from pipelines.lib.indonesian import format_datetime
from pipelines.lkj.lkj_data import (
    CASES_FEED,
    JAKARTA,
    PLACEMENTS_FEED,
    Indicator,
    cut_2dp,
    money,
    office_name,
    office_names,
    published_at_of,
    year_lists,
)
from pipelines.lkj.lkj_tables import Cell, Table, count, heads, pct, rupiah
from pipelines.lkj.lkj_workbook import add_table_sheets
from pipelines.lkj.output import write_atomically
from pipelines.lkj.year_status import PROVISIONAL, PROVISIONAL_NOTE, YearStatus, load_year_status

NATIONAL = "NASIONAL"  # the reports' folder, and the manifest's key prefix
_T = TypeVar("_T")


@dataclass(frozen=True)
class OfficeYear:
    """One office's year (or, with ``office_code`` NASIONAL, the national sum of a year)."""

    office_code: str
    office_name: str
    year: int
    achievement: dict[str, float | None] = field(default_factory=dict)  # IKU -> %
    avg_achievement_pct: float | None = None
    budget_ceiling: int | float | None = None
    budget_realisation: int | float | None = None
    budget_absorption_pct: float | None = None
    placements: int | None = None
    cases: int | None = None
    cases_open: int | None = None
    offices: int = 1  # how many offices the row sums


@dataclass(frozen=True)
class National:
    """Every office-year of the marts, with the years that have record-level data."""

    indicators: tuple[Indicator, ...]
    rows: dict[tuple[str, int], OfficeYear]
    report_years: tuple[int, ...]
    publish_id: str = ""
    published_at: dt.datetime | None = None
    status: YearStatus = field(default_factory=YearStatus)

    def offices_in(self, year: int) -> list[OfficeYear]:
        """The offices' rows of ``year``, by office name."""
        return sorted(
            (row for (_, y), row in self.rows.items() if y == year),
            key=lambda row: row.office_name,
        )

    def years(self, up_to: int | None = None) -> list[int]:
        """Every year of the marts (up to ``up_to``)."""
        return sorted({y for _, y in self.rows if up_to is None or y <= up_to})

    def offices(self, up_to: int | None = None) -> list[tuple[str, str]]:
        """(code, name) of every office with a row (up to ``up_to``), by name."""
        found = {(r.office_code, r.office_name) for r in self.rows.values()}
        if up_to is not None:
            found = {(r.office_code, r.office_name) for r in self.rows.values() if r.year <= up_to}
        return sorted(found, key=lambda pair: pair[1])

    def total(self, year: int) -> OfficeYear:
        """The national figures of ``year`` (see the module's docstring)."""
        return national_total(year, self.offices_in(year), self.indicators)

    def provisional_offices(self, year: int) -> list[OfficeYear]:
        """The offices whose ``year`` is provisional, by office name."""
        return [r for r in self.offices_in(year) if self.status.provisional(r.office_code, year)]

    def provisional(self, row: OfficeYear) -> bool:
        """The row's year is provisional: its office's, or for the national row, that of
        one of the offices it sums."""
        if row.office_code == NATIONAL:
            return bool(self.provisional_offices(row.year))
        return self.status.provisional(row.office_code, row.year)

    def status_text(self, row: OfficeYear) -> str:
        """The row's "Status data": the office-year's label, "Lengkap", or "-" where it is
        not judged; for the national row, how many of its offices are provisional."""
        if row.office_code == NATIONAL:
            codes = [r.office_code for r in self.offices_in(row.year)]
            return self.status.of_offices(codes, row.year)
        return self.status.status(row.office_code, row.year)

    def provisional_text(self, year: int) -> str:
        """What the workbook's cover and the dashboard say of a year with provisional
        offices, naming them with their labels; "" when it has none."""
        partial = self.provisional_offices(year)
        if not partial:
            return ""
        named = "; ".join(
            f"{row.office_name}: {self.status.label(row.office_code, year)}" for row in partial
        )
        return (
            f"Angka tahun {year} bersifat sementara: {len(partial)} dari "
            f"{len(self.offices_in(year))} kantor belum lengkap berkasnya ({named}). "
            "Jumlah nasional memuat angka sementara itu."
        )


def _sum(values: Iterable[int | float | None]) -> int | float | None:
    """The sum of the figures there are (Rupiah with cents: to the cent, no float noise)."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    total = sum(present)
    return total if isinstance(total, int) else round(total, 2)


def _mean_cut(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return cut_2dp(sum(present) / len(present)) if present else None


def national_total(
    year: int, rows: Sequence[OfficeYear], indicators: Sequence[Indicator]
) -> OfficeYear:
    """The sum of ``rows`` (one year's offices), on the rules of the module's docstring."""
    ceiling = _sum(r.budget_ceiling for r in rows)
    realised = _sum(r.budget_realisation for r in rows)
    # absorption of the offices that have both figures: a ceiling without its realisation
    # (not reported yet) would lower it
    both = [r for r in rows if r.budget_ceiling is not None and r.budget_realisation is not None]
    both_ceiling = _sum(r.budget_ceiling for r in both)
    absorption = (
        round(100 * _sum(r.budget_realisation for r in both) / both_ceiling, 2)
        if both_ceiling
        else None
    )
    return OfficeYear(
        office_code=NATIONAL,
        office_name="Nasional",
        year=year,
        achievement={
            i.code: _mean_cut(r.achievement.get(i.code) for r in rows) for i in indicators
        },
        avg_achievement_pct=_mean_cut(r.avg_achievement_pct for r in rows),
        budget_ceiling=ceiling,
        budget_realisation=realised,
        budget_absorption_pct=absorption,
        placements=_sum(r.placements for r in rows),
        cases=_sum(r.cases for r in rows),
        cases_open=_sum(r.cases_open for r in rows),
        offices=len(rows),
    )


_KPI = (
    "select office_code, year, indicator_code, achievement_pct_lkj, realisation, "
    "realisation_source = 'records' from marts.fct_kpi_annual where target_basis = 'PK'"
)
_OFFICE = (
    "select office_code, year, avg_achievement_pct_lkj, budget_ceiling, budget_realisation, "
    "budget_absorption_pct_2dp from marts.fct_office_annual where target_basis = 'PK'"
)
_CASES = (
    "select office_code, year, sum(cases)::bigint, sum(cases_open)::bigint "
    "from marts.fct_cases_annual group by all"
)


def load_national(con: duckdb.DuckDBPyConnection, publish_id: str = "") -> National:
    """Every office-year of the marts, in three small queries (marts of a few thousand rows)."""
    names = office_names(con)
    achievement: dict[tuple[str, int], dict[str, float | None]] = {}
    placements: dict[tuple[str, int], int | None] = {}
    with_records: set[int] = set()
    kpi = con.execute(_KPI).fetchall()
    of_year = {year: year_lists(year)[1] for year in sorted({row[1] for row in kpi})}
    placements_code = {
        year: next((i.code for i in listed if i.feed == PLACEMENTS_FEED), None)
        for year, listed in of_year.items()
    }
    for office, year, code, pct_lkj, realisation, records in kpi:
        achievement.setdefault((office, year), {})[code] = pct_lkj
        if code == placements_code[year]:
            placements[(office, year)] = None if realisation is None else round(realisation)
        if records:
            with_records.add(year)
    office = {(o, y): rest for o, y, *rest in con.execute(_OFFICE).fetchall()}
    cases = {(o, y): rest for o, y, *rest in con.execute(_CASES).fetchall()}
    status = load_year_status(con)
    rows = {}
    for key in sorted(achievement.keys() | office.keys()):
        average, ceiling, realised, absorption = office.get(key, (None,) * 4)
        received, still_open = cases.get(key, (None, None))

        def fed(feed: str | None, value: _T, key: tuple[str, int] = key) -> _T | None:
            """The value, or None (printed "-", not 0) where nothing of ``feed`` is in."""
            return None if status.is_undelivered(*key, feed) else value

        feeds = {i.code: i.feed for i in of_year.get(key[1], ())}
        rows[key] = OfficeYear(
            office_code=key[0],
            office_name=office_name(key[0], names),
            year=key[1],
            achievement={
                code: fed(feeds.get(code), value)
                for code, value in achievement.get(key, {}).items()
            },
            avg_achievement_pct=cut_2dp(average),
            budget_ceiling=money(ceiling),
            budget_realisation=money(realised),
            budget_absorption_pct=absorption,
            placements=fed(PLACEMENTS_FEED, placements.get(key)),
            cases=fed(CASES_FEED, received),
            cases_open=fed(CASES_FEED, still_open),
        )
    published_at = published_at_of(con, publish_id) if publish_id else None
    return National(
        _columns(of_year), rows, tuple(sorted(with_records)), publish_id, published_at, status
    )


def _columns(of_year: dict[int, tuple[Indicator, ...]]) -> tuple[Indicator, ...]:
    """The indicators the national tables have a column for: each code of the Renstra of
    any year of the marts once, as its latest year declares it, in its first year's order."""
    latest = {i.code: i for year in sorted(of_year) for i in of_year[year]}
    return tuple(latest.values())


# --- the tables: the same columns for the dashboard and the workbook -----------------

Column = tuple[str, Callable[[OfficeYear], Cell]]


def achievement_columns(indicators: Sequence[Indicator]) -> list[Column]:
    """Each indicator's achievement (PK), then their mean."""
    columns: list[Column] = [
        (i.label, lambda row, code=i.code: pct(row.achievement.get(code))) for i in indicators
    ]
    return [*columns, ("Rata-rata", lambda row: pct(row.avg_achievement_pct))]


FIGURE_COLUMNS: list[Column] = [
    ("Pagu (Rp)", lambda row: rupiah(row.budget_ceiling)),
    ("Realisasi (Rp)", lambda row: rupiah(row.budget_realisation)),
    ("Penyerapan (%)", lambda row: pct(row.budget_absorption_pct)),
    ("Penempatan (orang)", lambda row: count(row.placements)),
    ("Kasus", lambda row: count(row.cases)),
    ("Masih proses", lambda row: count(row.cases_open)),
]

# The measures followed across years, as (title, column).
TRENDS: dict[str, Column] = {
    "penempatan": ("Penempatan PMI (orang, IKU 1)", lambda row: count(row.placements)),
    "capaian": ("Rata-rata capaian IKU (%, PK)", lambda row: pct(row.avg_achievement_pct)),
    "penyerapan": ("Penyerapan anggaran (%)", lambda row: pct(row.budget_absorption_pct)),
    "kasus": ("Kasus masih proses", lambda row: count(row.cases_open)),
}

NOTE = (
    "Capaian: basis Perjanjian Kinerja (PK), dipotong dua desimal seperti dalam LKj; baris "
    "Nasional: rata-rata capaian kantor (dipotong), jumlah pagu, realisasi, penempatan dan "
    "kasus, penyerapan dari jumlah realisasi dibagi jumlah pagu (dibulatkan)."
)


def _bold(cell: Cell) -> Cell:
    return Cell(cell.value, cell.decimals, cell.suffix, cell.rowspan, cell.colspan, bold=True)


def marked(national: National, row: OfficeYear, cell: Cell) -> Cell:
    """A figure of a provisional row (``National.provisional``) followed by "(sementara)"
    (in the workbook its number format's: the cell stays a number); "-" stays "-"."""
    if cell.value is None or not national.provisional(row):
        return cell
    return replace(cell, suffix=f"{cell.suffix} ({PROVISIONAL})".lstrip())


def _status_line(national: National, year: int) -> str:
    """The line under each table's title of a year with provisional offices."""
    partial = national.provisional_offices(year)
    if not partial:
        return ""
    return (
        f"Sementara: {len(partial)} dari {len(national.offices_in(year))} kantor belum "
        "lengkap berkasnya (kolom Status data)"
    )


def _with_marks(note: str, body: Sequence[Sequence[Cell]]) -> str:
    """``note``, and what "(sementara)" means where a figure of ``body`` carries it."""
    if any(PROVISIONAL in cell.suffix for row in body for cell in row):
        return f"{note} {PROVISIONAL_NOTE}"
    return note


def side_by_side(national: National, year: int) -> Table:
    """Every office of ``year`` side by side, with the national row."""
    achievement = achievement_columns(national.indicators)
    header = (
        (
            *heads("No", "Kantor", "Status data", rowspan=2),
            Cell("Capaian IKU (%)", bold=True, colspan=len(achievement)),
            Cell("Anggaran", bold=True, colspan=3),
            *heads("Penempatan (orang)", "Kasus", "Masih proses", rowspan=2),
        ),
        heads(*(name for name, _ in achievement), "Pagu (Rp)", "Realisasi (Rp)", "%"),
    )
    columns = [make for _, make in (*achievement, *FIGURE_COLUMNS)]
    body = [
        (
            Cell(number),
            Cell(row.office_name),
            Cell(national.status_text(row)),
            *(make(row) for make in columns),
        )
        for number, row in enumerate(national.offices_in(year), start=1)
    ]
    total = national.total(year)
    body.append(
        (
            Cell(f"Nasional ({total.offices} kantor)", colspan=2, bold=True),
            Cell(national.status_text(total), bold=True),
            *(_bold(make(total)) for make in columns),
        )
    )
    return Table(
        key="nasional-kantor",
        label=f"Kantor {year}",
        title=f"Capaian Kinerja, Anggaran, Penempatan dan Kasus per Kantor Tahun {year}",
        header=header,
        body=tuple(body),
        note=NOTE,
        status=_status_line(national, year),
    )


def totals_table(national: National, year: int) -> Table:
    """The national figures of every year up to ``year``."""
    columns = [("Rata-rata capaian (%)", TRENDS["capaian"][1]), *FIGURE_COLUMNS]
    body = []
    for y in national.years(up_to=year):
        total = national.total(y)
        body.append(
            (
                Cell(str(y)),
                count(total.offices),
                Cell(national.status_text(total)),
                *(marked(national, total, make(total)) for _, make in columns),
            )
        )
    return Table(
        key="nasional-total",
        label="Total Nasional",
        title=f"Total Nasional Tahun {national.years(up_to=year)[0]} s.d. {year}",
        header=(heads("Tahun", "Kantor", "Status data", *(name for name, _ in columns)),),
        body=tuple(body),
        note=_with_marks(NOTE, body),
        status=_status_line(national, year),
    )


def trend_table(national: National, year: int, key: str) -> Table:
    """One measure of ``TRENDS`` of every office across the years up to ``year``; the
    figure of a provisional office-year, and the national one of its year, marked."""
    title, make = TRENDS[key]
    years = national.years(up_to=year)
    body = []
    for number, (code, name) in enumerate(national.offices(up_to=year), start=1):
        rows = [national.rows.get((code, y)) for y in years]
        cells = [Cell(None) if row is None else marked(national, row, make(row)) for row in rows]
        body.append((Cell(number), Cell(name), *cells))
    totals = [national.total(y) for y in years]
    body.append(
        (
            Cell("Nasional", colspan=2, bold=True),
            *(_bold(marked(national, total, make(total))) for total in totals),
        )
    )
    return Table(
        key=f"nasional-tren-{key}",
        label=f"Tren {key.capitalize()}",
        title=f"Tren {title} per Kantor Tahun {years[0]} s.d. {year}",
        header=(heads("No", "Kantor", *(str(y) for y in years)),),
        body=tuple(body),
        note=_with_marks("'-': tahun tanpa angka di gudang data. " + NOTE, body),
        status=_status_line(national, year),
    )


def national_title(national: National, year: int) -> str:
    """``Kinerja BP3MI Nasional Tahun 2026``, with " (Sementara)" after it when an office
    of the year is provisional."""
    partial = " (Sementara)" if national.provisional_offices(year) else ""
    return f"Kinerja BP3MI Nasional Tahun {year}{partial}"


def cover(national: National, year: int, generated_at: dt.datetime) -> Table:
    """Which publish the figures come from, and when they were written."""
    published = national.published_at
    rows = [
        ("Laporan", national_title(national, year)),
        # the provisional offices named, else "Lengkap" (or "-" where no office is judged)
        (
            "Status data",
            national.provisional_text(year) or national.status_text(national.total(year)),
        ),
        ("Kantor", len(national.offices_in(year))),
        ("Publikasi gudang data (run id)", national.publish_id or "-"),
        ("Dipublikasikan", format_datetime(published) if published else "-"),
        ("Laporan dibuat", format_datetime(generated_at)),
        ("Sumber", "Gudang data KPI BP3MI, skema marts (docs/reports.md)"),
    ]
    return Table(
        key="keterangan",
        label="Keterangan",
        title=f"Laporan {national_title(national, year)}",
        header=(heads("Uraian", "Nilai"),),
        body=tuple((Cell(name), Cell(value)) for name, value in rows),  # the count a number
    )


def national_tables(
    national: National, year: int, generated_at: dt.datetime | None = None
) -> list[Table]:
    """The national workbook's sheets for ``year``, in order."""
    generated_at = generated_at or dt.datetime.now(JAKARTA)
    return [
        cover(national, year, generated_at),
        side_by_side(national, year),
        totals_table(national, year),
        *(trend_table(national, year, key) for key in TRENDS),
    ]


# --- the workbook, and keeping it up to date -----------------------------------------


def national_path(out_dir: Path, year: int) -> Path:
    """``<out>/NASIONAL/lkj_NASIONAL_<YEAR>.xlsx``."""
    return Path(out_dir) / NATIONAL / f"lkj_{NATIONAL}_{year}.xlsx"


def render_national_workbook(
    tables: Sequence[Table], path: Path, title: str, publish_id: str | None
) -> Path:
    """Write ``tables`` as the sheets of one workbook at ``path`` (replaced whole).

    Each table is laid out as an office's LKj table is (``lkj_workbook.add_table_sheets``)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    add_table_sheets(workbook, tables)
    workbook.properties.title = title
    workbook.properties.creator = "Gudang data KPI BP3MI"
    workbook.properties.identifier = publish_id  # as an office's workbook names its publish
    return write_atomically(path, lambda partial: workbook.save(partial))


# The marts the national workbook reads (``load_national``), of every office: also the
# years and offices without a report (the historical feed's years).
NATIONAL_READ = ("fct_kpi_annual", "fct_office_annual", "fct_cases_annual")


def national_fingerprints(
    office_fingerprints: dict[tuple[str, int], str], rows: dict[tuple[str, str, int], str]
) -> dict[int, str]:
    """The national workbook of a year shows every office-year up to it: its fingerprint is
    that of their reports' fingerprints (the code and reference tables included) and of the
    digests of the rows it reads (``rows``: mart, office, year -> digest), which also cover
    the years an office has no report for."""
    result = {}
    for year in sorted({y for _, y in office_fingerprints}):
        parts = sorted([list(key), fp] for key, fp in office_fingerprints.items() if key[1] <= year)
        parts += sorted([list(key), digest] for key, digest in rows.items() if key[2] <= year)
        result[year] = hashlib.sha256(json.dumps(parts).encode()).hexdigest()
    return result


@dataclass
class NationalUpdate:
    """What one run did to the national workbooks, by ``NASIONAL_<YEAR>``."""

    entries: dict[str, dict] = field(default_factory=dict)  # the manifest's, after the run
    rebuilt: dict[str, str] = field(default_factory=dict)  # name -> why
    removed: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def _why(before: object, fingerprint: str, path: Path, force: bool) -> str | None:
    """Why the workbook is to be written again (None: it is up to date)."""
    if force:
        return "forced"
    if not isinstance(before, dict):
        return "new"
    if before.get("fingerprint") != fingerprint:
        return "changed"
    return None if path.is_file() else "file missing"


def update_national(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    publish_id: str,
    office_fingerprints: dict[tuple[str, int], str],
    rows: dict[tuple[str, str, int], str],
    previous: dict[str, dict],
    force: bool = False,
) -> NationalUpdate:
    """Bring the national workbooks of ``out_dir`` up to date, as ``update_reports`` does the
    offices' reports: write that of every year whose fingerprint changed (``previous``: the
    manifest's entries), remove those of years no longer in the warehouse."""
    update, todo = NationalUpdate(), []
    for year, fingerprint in national_fingerprints(office_fingerprints, rows).items():
        name, path = f"{NATIONAL}_{year}", national_path(out_dir, year)
        why = _why(previous.get(name), fingerprint, path, force)
        if why is None:
            update.entries[name] = previous[name]
            continue
        todo.append((year, path))
        update.rebuilt[name] = why
        update.entries[name] = {
            "year": year,
            "fingerprint": fingerprint,
            "publish_id": publish_id,
            "files": [path.relative_to(out_dir).as_posix()],
        }
    if todo:
        national = load_national(con, publish_id)
        for year, path in todo:
            tables = national_tables(national, year)
            title = national_title(national, year)
            update.written.append(render_national_workbook(tables, path, title, publish_id))
    update.removed = sorted(set(previous) - set(update.entries))
    for name in update.removed:
        national_path(out_dir, int(name.rsplit("_", 1)[1])).unlink(missing_ok=True)
    with suppress(OSError):  # not empty, or not there: nothing to remove
        (Path(out_dir) / NATIONAL).rmdir()
    return update
