"""The LKj's tables, laid out once for both the workbook and the HTML report.

A table is rows of cells with row and column spans, like an HTML table; the
workbook merges the spans, the HTML page writes them as ``rowspan`` and
``colspan``. Numbers stay numbers, rounded to what is shown (or cut, where
the LKj cuts), with the decimals and unit to show them with.

Each function here lays out one table's content; which tables the report has, in
which order, with which number (Tabel 3-6, the indicators' tables of Bab III, the
budget's, Lampiran I-V) and what they read is the outline's (``outline.py``).

Figures print as the LKj prints them, one rule per figure: a whole score or
percentage without decimals (88, 50 %), others with two (86,06, 71,29 %);
persons whole (35.354 Orang); IKU 2's reduction always with two (6,00 %).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from pipelines import manual_iku as manual
from pipelines.indicators import renstra
from pipelines.lib.indonesian import MONTHS, format_number
from pipelines.lkj.checks import check_label
from pipelines.lkj.lkj_data import (
    CASES_FEED,
    PLACEMENTS_FEED,
    PREVENTIONS_FEED,
    Finding,
    Indicator,
    LkjData,
    quarter_reduction,
)

MONTH_NAMES = tuple(name.capitalize() for name in MONTHS)
QUARTER_NAMES = ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV")
BASIS_NAMES = {"PK": "Perjanjian Kinerja (PK)", "DIPA_AA": "DIPA setelah AA"}
SEVERITY_NAMES = {"warning": "Peringatan", "info": "Informasi"}

# Lampiran II's columns: kind of service point, scheme group, sector, sex (the contract's values).
UNIT_TYPES = ("BP3MI/P4MI", "LTSA/MPP")
SCHEME_GROUPS = ("TKI Mandiri / Pelaut", "TKI Reguler")
SECTORS = ("Formal", "Informal")
SEXES = ("L", "P")

# How an indicator's target and realisation are shown: decimals and unit, by its unit.
# Another unit (a count of cases, of documents) is whole, with its unit after it.
UNIT_FORMATS = {"Orang": (0, "Orang"), "%": (2, "%"), "Nilai": (2, "")}
# Units whose whole figures print without decimals: the LKj's scores (target 88, 95, 85;
# a quarter's 99) beside 86,06. IKU 2's percentages keep two (6,00 %, 4,48 %).
WHOLE_WITHOUT_DECIMALS = {"Nilai"}
# Beside a figure that has no published source: a column the LKj does not have, or
# values of the sample data that the published report does not print.
UNPUBLISHED = "\u2020"
# The governance scores a table prints by name (an indicator's ``score_name``).
IKPA, NKA = "ikpa", "nka"
CHECK = "\u2713"


@dataclass(frozen=True)
class Cell:
    """One cell: text, or a number shown with ``decimals`` and a unit ``suffix``."""

    value: str | int | float | None = None
    decimals: int = 0
    suffix: str = ""
    rowspan: int = 1
    colspan: int = 1
    bold: bool = False

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, int | float)

    @property
    def aligns_right(self) -> bool:
        """Numbers, and the ``-`` of a number that is missing."""
        return self.value is None or self.is_number

    def text(self) -> str:
        """The cell as the LKj prints it (``35.354 Orang``, ``71,29 %``); ``-`` where empty."""
        if self.value is None:
            return "-"
        if not self.is_number:
            return str(self.value)
        number = format_number(self.value, self.decimals)
        return f"{number} {self.suffix}" if self.suffix else number


def word_width(word: str, capital: float) -> float:
    """A word's width in widths of a figure, a capital ``capital`` of them (a font's bold
    capitals are wider than its figures, which a column's width is counted in)."""
    return sum(capital if ch.isupper() else 1 for ch in word)


@dataclass(frozen=True)
class Table:
    """A numbered LKj table: ``key`` is its stable id (``tabel-6``), ``label`` ``Tabel 6``."""

    key: str
    label: str
    title: str
    header: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    note: str = ""
    # The line under the title of a provisional year's table ("Sementara, data s.d. Maret
    # 2025"; ``LkjData.status_label``, set by the outline); empty for a complete year.
    status: str = ""


def place(rows: Sequence[Sequence[Cell]]) -> list[tuple[int, int, Cell]]:
    """Grid positions (row, column) of cells with spans, as a browser lays out a table."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            taken.update(
                (r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)
            )
            c += cell.colspan
    return placed


def _shown(value: float | None, decimals: int) -> int | float | None:
    """The value as shown: whole numbers as int, others rounded to ``decimals``."""
    if value is None:
        return None
    return round(value) if decimals == 0 else round(value, decimals)


def _plain(value: float | None, decimals: int) -> int:
    """No decimals for a figure that is whole once shown (88, 50 %), else ``decimals``."""
    if value is None or round(value, decimals) != round(value):
        return decimals
    return 0


def measure(value: float | None, unit: str, **span: int) -> Cell:
    """A target or realisation in its indicator's unit (``35.354 Orang``, ``4,48 %``, ``86,06``;
    a whole score without decimals: ``88``)."""
    decimals, suffix = UNIT_FORMATS.get(unit, (0, unit))
    if unit in WHOLE_WITHOUT_DECIMALS:
        decimals = _plain(value, decimals)
    return Cell(_shown(value, decimals), decimals, suffix, **span)


def pct(value: float | None, **span: int) -> Cell:
    """A percentage already cut or rounded as the LKj prints it; whole without decimals
    (``50 %``, ``100 %``), as the LKj prints them."""
    decimals = _plain(value, 2)
    return Cell(_shown(value, decimals), decimals, "%", **span)


def rupiah(value: int | float | None, **span: int) -> Cell:
    return Cell(_shown(value, 0), 0, "", **span)


def count(value: int | None, bold: bool = False) -> Cell:
    return Cell(value, 0, "", bold=bold)


def heads(*names: str, **span: int) -> tuple[Cell, ...]:
    return tuple(Cell(name, bold=True, **span) for name in names)


def headline(data: LkjData) -> list[tuple[str, str]]:
    """The year's headline figures, as the report's first page and the dashboard show them."""
    office, dipa = data.office_budget("PK"), data.office_budget("DIPA_AA")
    placements = data.placements_indicator
    shown = (
        []
        if placements is None
        else [
            (
                f"Penempatan PMI, orang ({placements.label})",
                fed(data, placements.feed, count(data.annual(placements.code).realisation)),
            )
        ]
    )
    return [
        *shown,
        ("Rata-rata capaian (PK)", pct(office.avg_achievement_pct).text()),
        ("Rata-rata capaian (DIPA setelah AA)", pct(dipa.avg_achievement_pct).text()),
        ("Penyerapan anggaran", pct(office.budget_absorption_pct).text()),
        (
            "Kasus diterima (masih proses)",
            fed(
                data,
                CASES_FEED,
                Cell(f"{count(data.cases_received).text()} ({count(data.cases_open).text()})"),
            ),
        ),
    ]


def fed(data: LkjData, feed: str | None, cell: Cell) -> str:
    """The cell's text, or, where nothing of ``feed`` is delivered for the year, ``-`` and
    why: ``- (berkas kasus 2025 belum diterima)``, not a 0 that was never counted."""
    if data.is_undelivered(feed):
        return f"- ({data.not_delivered(feed)})"
    return cell.text()


def undelivered_note(data: LkjData, *feeds: str | None) -> str:
    """`` Berkas kasus 2025 belum diterima: angkanya dicetak "-".`` for the feeds of a
    table of which nothing is delivered for the year; "" when each has something."""
    missing = [f for f in dict.fromkeys(feeds) if data.is_undelivered(f)]
    if not missing:
        return ""
    named = ", ".join(data.not_delivered(f) for f in missing)
    return f' {named[0].upper()}{named[1:]}: angkanya dicetak "-", bukan 0.'


def unless_undelivered(data: LkjData, feed: str | None, cell: Cell) -> Cell:
    """The cell, or ``-`` (an empty cell of its spans and weight) where nothing of ``feed``
    is delivered for the year."""
    if not data.is_undelivered(feed):
        return cell
    return replace(cell, value=None)


def summary(data: LkjData) -> Table:
    """The year at a glance: mean achievement on both bases, the DIPA and its absorption."""
    office, dipa = data.office_budget("PK"), data.office_budget("DIPA_AA")
    rows = [
        ("Rata-rata capaian kinerja (PK)", pct(office.avg_achievement_pct)),
        ("Rata-rata capaian kinerja (DIPA setelah AA)", pct(dipa.avg_achievement_pct)),
        ("Pagu DIPA awal (Rp)", rupiah(office.budget_ceiling_initial)),
        ("Pagu DIPA setelah AA (Rp)", rupiah(office.budget_ceiling)),
        ("Realisasi anggaran (Rp)", rupiah(office.budget_realisation)),
        ("Penyerapan anggaran", pct(office.budget_absorption_pct)),
        ("Baris data masukan dikarantina", count(data.rows_quarantined)),
    ]
    return Table(
        key="",
        label="",
        title=f"Capaian Kinerja dan Anggaran Tahun {data.year}",
        header=(heads("Uraian", "Nilai"),),
        body=tuple((Cell(name), cell) for name, cell in rows),
        note=f"{quarantine_note(data)} Penyerapan anggaran: realisasi dibagi pagu DIPA "
        "setelah AA, dibulatkan dua desimal; rata-rata capaian: rata-rata capaian IKU yang "
        "dipotong dua desimal.",
    )


def quarantine_note(data: LkjData) -> str:
    """How many raw rows of the office-year were kept out of the report, which of its files
    were rejected whole, and where to look."""
    by_feed: dict[str, int] = {}
    for line in data.quarantined:
        by_feed[line.feed] = by_feed.get(line.feed, 0) + line.rows
    feeds = ", ".join(f"{feed} {count(rows).text()}" for feed, rows in sorted(by_feed.items()))
    detail = f" ({feeds})" if feeds else ""
    rejected = sorted(f.subject for f in data.findings if f.check_name == "rejected_file")
    files = (
        f" {count(len(rejected)).text()} berkas DITOLAK seluruhnya dan belum masuk angka "
        f"laporan ini ({', '.join(rejected)}): versi yang diterima sebelumnya, bila ada, "
        "tetap dihitung; lihat buku kerja di kesalahan/."
        if rejected
        else ""
    )
    if not data.rows_quarantined and not rejected:  # what the office head reads, plainly
        return (
            "Semua baris data masukan tahun ini masuk ke angka laporan (tidak ada yang "
            "dikarantina)."
        )
    return (
        f"{count(data.rows_quarantined).text()} baris dikarantina{detail}; lihat "
        f"marts.fct_quarantine_summary dan audit.quarantine (docs/input-errors.md).{files}"
    )


def kpi_cells(data: LkjData, indicator: Indicator, basis: str) -> tuple[Cell, ...]:
    """The indicator's name, target, realisation and achievement in the report's year."""
    kpi = data.annual(indicator.code, basis)
    return (
        Cell(indicator.name),
        measure(kpi.target, indicator.unit),
        unless_undelivered(data, indicator.feed, measure(kpi.realisation, indicator.unit)),
        unless_undelivered(data, indicator.feed, pct(kpi.achievement_pct)),
    )


def _goal_rows(
    data: LkjData, cells: Callable[[str, Indicator, int, bool], tuple[Cell, ...]]
) -> list[tuple[Cell, ...]]:
    """One row per indicator, grouped by goal under a goal number and name spanning them.

    ``cells(goal_code, indicator, rows_of_goal, is_first)`` gives the row after those two.
    """
    rows = []
    for number, goal in enumerate(data.goals, start=1):
        indicators = data.indicators_of(goal.code)
        n = len(indicators)
        for i, indicator in enumerate(indicators):
            lead = (Cell(number, rowspan=n), Cell(goal.name, rowspan=n)) if i == 0 else ()
            rows.append(lead + cells(goal.code, indicator, n, i == 0))
    return rows


def _with(cell: Cell, text: str) -> Cell:
    """``cell`` with ``text`` after its unit (``94,04 (WBBM)``, ``75,37 % (33 kasus)``)."""
    return replace(cell, suffix=f"{cell.suffix} {text}".strip())


def reduction_by_quarter(data: LkjData, quarter: int) -> Cell:
    """The reduction indicator (2024: IKU 2) in Tabel 5 as the LKj prints it: the cumulative
    reduction as a change in cases (negative: "- 58,95 %"; its figure:
    ``quarter_reduction``), with the quarter's cases."""
    shown = quarter_reduction(data, quarter)
    if shown is None or data.reduction_indicator is None:
        return Cell(None)
    records = data.quarter(data.reduction_indicator.code, quarter).records
    cell = Cell(-shown or 0.0, 2, "%")  # no "-0,00" for a year without change
    return cell if records is None else _with(cell, f"({records} kasus)")


def _quarter_realisation(data: LkjData, indicator: Indicator, quarter: int) -> Cell:
    """A quarter's realisation in Tabel 5, with what the LKj prints beside it: a reduction's
    cases (IKU 2), a score's grade ("(WBK)"), the year's achievement beside the IKPA's
    fourth quarter (IKU 7: the IKPA to December is the year's)."""
    if indicator.kind == "reduction":
        return reduction_by_quarter(data, quarter)
    realisation = data.quarter(indicator.code, quarter).realisation
    shown = measure(realisation, indicator.unit)
    grade = data.quarter(indicator.code, quarter).grade
    if grade and realisation is not None:
        shown = _with(shown, f"({grade})")
    achievement = data.annual(indicator.code).achievement_pct
    if quarter == 4 and indicator.score_name == IKPA and achievement is not None:
        shown = _with(shown, f"({pct(achievement).text()})")
    return shown


def _targets_and_activities(
    data: LkjData, basis: str, initial: bool, number_head: str, indicator_head: str
) -> tuple[tuple, tuple]:
    """The header and body of Tabel 3, 4 and Lampiran I: each goal's indicators with their
    target on ``basis``, then the activities with their initial or after-AA ceiling. The
    header as the LKj prints it (capitals; Lampiran I: ``NO.``, ``INDIKATOR KINERJA UTAMA``)."""
    header = (
        heads(number_head, "SASARAN STRATEGIS", indicator_head, "TARGET"),
        heads("(1)", "(2)", "(3)", "(4)"),
    )
    targets = _goal_rows(
        data,
        lambda _goal, indicator, _n, _first: (
            Cell(indicator.name),
            measure(data.annual(indicator.code, basis).target, indicator.unit),
        ),
    )
    activities = [
        (
            Cell(number),
            Cell(activity.name or activity.code, colspan=2),
            rupiah(activity.budget_ceiling_initial if initial else activity.budget_ceiling),
        )
        for number, activity in enumerate(data.activities, start=1)
    ]
    if not activities:
        activities = [(Cell("Tidak ada data pagu kegiatan.", colspan=4),)]
    body = (*targets, (*heads("Kegiatan", colspan=3), *heads("Anggaran (Rp)")), *activities)
    return header, body


def tabel_3(data: LkjData) -> Table:
    """Tabel 3: the Perjanjian Kinerja (PK targets) and the activities' initial budgets."""
    header, body = _targets_and_activities(data, "PK", True, "NO", "INDIKATOR KINERJA")
    return Table(
        key="",
        label="",
        title=f"Perjanjian Kinerja {data.office_name} Tahun {data.year}",
        header=header,
        body=body,
        note="Target: Perjanjian Kinerja (PK) menurut Renstra; anggaran: pagu awal DIPA tiap "
        "kegiatan. Predikat target Zona Integritas (mis. '(WBBM)') tidak ada di data masukan.",
    )


def tabel_4(data: LkjData) -> Table:
    """Tabel 4: the targets and the activities' budgets after the Automatic Adjustment."""
    header, body = _targets_and_activities(data, "DIPA_AA", False, "NO", "INDIKATOR KINERJA")
    return Table(
        key="",
        label="",
        title=f"Target Kinerja {data.office_name} Tahun {data.year} Berdasarkan DIPA setelah "
        "Automatic Adjustment",
        header=header,
        body=body,
        note="Target dan pagu kegiatan setelah Automatic Adjustment (AA). Predikat target "
        "Zona Integritas tidak ada di data masukan.",
    )


def lampiran_i(data: LkjData) -> Table:
    """Lampiran I: the appendix of the Perjanjian Kinerja (targets, initial budgets)."""
    header, body = _targets_and_activities(data, "PK", True, "NO.", "INDIKATOR KINERJA UTAMA")
    return Table(
        key="",
        label="",
        title=f"Lampiran Perjanjian Kinerja Tahun {data.year} {data.office_name}",
        header=header,
        body=body,
        note="Halaman perjanjian dan tanda tangan pihak pertama dan kedua tidak dibuat: "
        "bukan data gudang. Anggaran: pagu awal DIPA tiap kegiatan.",
    )


def tabel_5(data: LkjData) -> Table:
    """Tabel 5: target and realisation per quarter (PK phasing)."""

    def cells(indicator: Indicator) -> tuple[Cell, ...]:
        out: list[Cell] = [Cell(indicator.name)]
        for quarter in range(1, 5):
            target = data.quarter(indicator.code, quarter).target
            realisation = _quarter_realisation(data, indicator, quarter)
            # A provisional year's quarter not yet complete: no realisation yet, not 0.
            realisation = realisation if data.quarter_closed(quarter) else Cell(None)
            out += [measure(target, indicator.unit), realisation]
        return tuple(out)

    return Table(
        key="",
        label="",
        title="Pengukuran Capaian Kinerja Triwulanan",
        header=(
            heads("No", "Sasaran Strategis", "IKU", rowspan=2)
            + tuple(Cell(q, bold=True, colspan=2) for q in QUARTER_NAMES),
            heads("Target", "Realisasi") * 4,
        ),
        body=tuple(_goal_rows(data, lambda _goal, indicator, _n, _first: cells(indicator))),
        note=" ".join(filter(None, (_tabel_5_note(data), _open_quarters_note(data)))),
    )


def _open_quarters_note(data: LkjData) -> str:
    """What a provisional year's Tabel 5 prints for its quarters not yet complete."""
    open_ = [n for q, n in enumerate(QUARTER_NAMES, start=1) if not data.quarter_closed(q)]
    if not open_:
        return ""
    return (
        f"{', '.join(open_)} belum lengkap ({data.status_label}): realisasinya dicetak "
        '"-", bukan 0.'
    )


def labels(indicators: Sequence[Indicator]) -> str:
    """The indicators as the LKj names several: ``IKU 6-8`` for a run of three or more
    codes in a row, else ``IKU 2, IKU 7``."""
    numbers = [i.code.removeprefix("IKU") for i in indicators]
    if len(numbers) >= 3 and all(n.isdigit() for n in numbers):
        whole = [int(n) for n in numbers]
        if whole == list(range(whole[0], whole[0] + len(whole))):
            return f"IKU {whole[0]}-{whole[-1]}"
    return ", ".join(i.label for i in indicators)


def _tabel_5_note(data: LkjData) -> str:
    """What Tabel 5 prints for each kind of indicator the year has, naming them."""
    of_kind = {
        kind: [i for i in data.indicators if i.kind == kind]
        for kind in ("reduction", "ratio", "score")
    }
    sentences = []
    if of_kind["reduction"]:
        sentences.append(
            f"{labels(of_kind['reduction'])}: perubahan kasus kumulatif sejak 1 Januari "
            "terhadap kasus tahun lalu (negatif: kasus berkurang), dipotong dua desimal; "
            "triwulan IV sama dengan realisasi tahunan (dibulatkan); dalam kurung, kasus yang "
            "diterima pada triwulan itu."
        )
    if of_kind["ratio"]:
        sentences.append(
            f"{labels(of_kind['ratio'])}: persentase kumulatif sejak 1 Januari; triwulan IV "
            "sama dengan realisasi tahunan."
        )
    if of_kind["score"]:
        ikpa = data.indicator_where(score_name=IKPA)
        beside = f"; {ikpa.label} triwulan IV: dalam kurung, capaian tahunan" if ikpa else ""
        sentences.append(
            f"{labels(of_kind['score'])}: nilai triwulan itu ('-' bila belum dinilai), dengan "
            f"predikatnya bila data masukan memberikannya{beside}."
        )
    return " ".join(sentences)


def tabel_6(data: LkjData) -> Table:
    """Tabel 6: the year's target, realisation and achievement (PK), and their mean."""

    footer = (
        Cell("Rata-rata capaian kinerja", colspan=5, bold=True),
        pct(data.office_budget("PK").avg_achievement_pct),
    )
    return Table(
        key="",
        label="",
        title=f"Ringkasan Capaian Kinerja Tahun {data.year} Berdasarkan Rencana Strategis",
        header=(heads("No", "Sasaran Strategis", "IKU", "Target", "Realisasi", "Capaian (%)"),),
        body=(
            *_goal_rows(
                data, lambda _goal, indicator, _n, _first: kpi_cells(data, indicator, "PK")
            ),
            footer,
        ),
        note="Basis target: Perjanjian Kinerja (PK). Capaian dipotong dua desimal seperti "
        "dalam LKj." + undelivered_note(data, *(i.feed for i in data.indicators)),
    )


def _capaian(data: LkjData, indicator: Indicator) -> tuple[tuple, tuple]:
    return (heads("IKU", "Target", "Realisasi", "Capaian (%)"),), (
        kpi_cells(data, indicator, "PK"),
    )


def _series(data: LkjData, indicator: Indicator, basis: str, total: bool) -> tuple[tuple, tuple]:
    """The header as the LKj prints it: ``TAHUN PELAKSANAAN`` over the years, each year's
    ``TARGET`` and ``CAPAIAN`` (the realisation), with ``total`` ``CAPAIAN 2021 s.d. 2024``
    (the realisations' sum)."""
    years = data.years
    first = (Cell("INDIKATOR KINERJA", bold=True, rowspan=3),)
    if years:  # none: an office-year without a target or realisation yet
        first += (Cell("TAHUN PELAKSANAAN", bold=True, colspan=2 * len(years)),)
    if total:
        span = f"{years[0]} s.d. {years[-1]}" if years else ""
        first += (Cell(f"CAPAIAN {span}".strip(), bold=True, rowspan=3),)
    row: list[Cell] = [Cell(indicator.name)]
    for y in years:
        kpi = data.annual(indicator.code, basis, y)
        row += [measure(kpi.target, indicator.unit), measure(kpi.realisation, indicator.unit)]
    if total:
        realised = [data.annual(indicator.code, basis, y).realisation for y in years]
        row.append(measure(sum(r for r in realised if r is not None), indicator.unit))
    by_year = tuple(Cell(str(y), bold=True, colspan=2) for y in years)
    return (first, by_year, heads("TARGET", "CAPAIAN") * len(years)), (tuple(row),)


def _bases(data: LkjData, indicator: Indicator) -> tuple[tuple, tuple]:
    pk, dipa = data.annual(indicator.code, "PK"), data.annual(indicator.code, "DIPA_AA")
    header = (
        heads(
            "INDIKATOR KINERJA",
            "TARGET PK",
            "TARGET DIPA AWAL",
            "TARGET DIPA SETELAH AA",
            "CAPAIAN",
        ),
    )
    body = (
        (
            Cell(indicator.name),
            measure(pk.target, indicator.unit),
            measure(pk.target_dipa_awal, indicator.unit),
            measure(dipa.target, indicator.unit),
            measure(pk.realisation, indicator.unit),
        ),
    )
    return header, body


def year_span(data: LkjData) -> str:
    """``dari Tahun 2021 s.d. 2024``: the years of the series, as the LKj's titles say."""
    return f"dari Tahun {data.years[0]} s.d. {data.years[-1]}" if data.years else ""


def _series_note(data: LkjData, indicator: Indicator) -> str:
    sources = {data.annual(indicator.code, "PK", y).source for y in data.years} - {None}
    if "historical" in sources:
        return "Tahun sebelum data rinci: realisasi dari data historis yang dipublikasikan."
    return ""


def capaian(data: LkjData, indicator: Indicator) -> Table:
    """An indicator's target, realisation and achievement of the year (PK)."""
    header, body = _capaian(data, indicator)
    return Table("", "", f"Capaian {indicator.label}", header, body)


def series(data: LkjData, indicator: Indicator) -> Table:
    """An indicator's target and realisation of every year up to the report's (PK)."""
    header, body = _series(data, indicator, "PK", total=False)
    title = f"Target dan Capaian {indicator.label} {year_span(data)}"
    return Table("", "", title, header, body, _series_note(data, indicator))


def series_total(data: LkjData, indicator: Indicator) -> Table:
    """The series, with the realisations' sum over the years."""
    header, body = _series(data, indicator, "PK", total=True)
    title = f"Capaian {indicator.label} {year_span(data)}"
    return Table("", "", title, header, body, _series_note(data, indicator))


def series_dipa(data: LkjData, indicator: Indicator) -> Table:
    """The series on the DIPA basis."""
    header, body = _series(data, indicator, "DIPA_AA", total=False)
    title = f"Target dan Capaian {indicator.label} {year_span(data)} Berdasarkan DIPA"
    return Table("", "", title, header, body, _series_note(data, indicator))


def bases(data: LkjData, indicator: Indicator) -> Table:
    """The year's target on both bases beside the realisation (the achievement on each
    basis is Tabel 6's and Tabel 25's)."""
    header, body = _bases(data, indicator)
    title = (
        f"Perbandingan Target dan Capaian {indicator.label} Berdasarkan Penetapan Kinerja dan "
        f"DIPA {data.office_name}"
    )
    return Table("", "", title, header, body)


def budget_pk(data: LkjData) -> Table:
    """Budget absorption beside achievement per goal, on the PK basis (2024: Tabel 24)."""
    return budget_table(data, "PK")


def budget_dipa(data: LkjData) -> Table:
    """The same on the DIPA after AA basis (2024: Tabel 25)."""
    return budget_table(data, "DIPA_AA")


def budget_table(data: LkjData, basis: str) -> Table:
    """Budget absorption beside achievement per goal on ``basis``."""

    def row(goal_code: str, indicator: Indicator, n: int, is_first: bool) -> tuple[Cell, ...]:
        kinerja = kpi_cells(data, indicator, basis)
        if not is_first:
            return kinerja
        goal = data.goal_budget(goal_code, basis)
        budget = (
            rupiah(goal.budget_ceiling, rowspan=n),
            rupiah(goal.budget_realisation, rowspan=n),
            pct(goal.budget_absorption_pct, rowspan=n),
        )
        average = pct(goal.avg_achievement_pct, rowspan=n)
        return kinerja[:1] + budget + kinerja[1:] + (average,)

    suffix = "" if basis == "PK" else " Berdasarkan DIPA"
    office = data.office_budget(basis)
    footer = (
        Cell("Satker (seluruh DIPA setelah AA)", colspan=3, bold=True),
        rupiah(office.budget_ceiling),
        rupiah(office.budget_realisation),
        pct(office.budget_absorption_pct),
        Cell("Rata-rata seluruh IKU", colspan=3, bold=True),
        pct(office.avg_achievement_pct),
    )
    return Table(
        key="",
        label="",
        title=f"Capaian Anggaran dan Kinerja Tahun {data.year}{suffix}",
        header=(
            (
                *heads("No", "Sasaran Strategis", "IKU", rowspan=2),
                Cell("Anggaran (Rp)", bold=True, colspan=3),
                Cell("Kinerja", bold=True, colspan=4),
            ),
            heads("Pagu", "Realisasi", "%", "Target", "Realisasi", "%", "Rata-rata Capaian (%)"),
        ),
        body=(*_goal_rows(data, row), footer),
        note=f"Basis target: {BASIS_NAMES[basis]}. Pagu sasaran: jumlah pagu kegiatannya "
        "setelah AA; persentase penyerapan per sasaran dan capaian dipotong dua desimal, "
        "penyerapan satker dibulatkan, seperti dalam LKj.",
    )


def unit_heading(data: LkjData, unit_type: str) -> str:
    """A kind of service point as Lampiran II heads it: the office's own points with its
    code (``BP3MI JATENG / P4MI``), the others as the contract names them."""
    if unit_type == UNIT_TYPES[0]:
        return f"BP3MI {data.office_code} / P4MI"
    return unit_type


def lampiran_ii(data: LkjData) -> Table:
    """Lampiran II: placements per month, service point, scheme group, sector and sex."""
    cells = [
        (u, g, s, x) for u in UNIT_TYPES for g in SCHEME_GROUPS for s in SECTORS for x in SEXES
    ]
    totals = [(g, s, x) for g in SCHEME_GROUPS for s in SECTORS for x in SEXES]
    header = (
        heads("No", "Bulan", rowspan=4)
        + tuple(Cell(unit_heading(data, u), bold=True, colspan=8) for u in (*UNIT_TYPES, "TOTAL"))
        + heads("TOTAL", rowspan=4),
        tuple(Cell(g, bold=True, colspan=4) for _ in range(3) for g in SCHEME_GROUPS),
        tuple(Cell(s.upper(), bold=True, colspan=2) for _ in range(6) for s in SECTORS),
        heads(*SEXES) * 12,
    )

    def values(months: Sequence[int]) -> list[int]:
        by_cell = [sum(data.placements.get((m, *cell), 0) for m in months) for cell in cells]
        by_total = [
            sum(data.placements.get((m, u, *t), 0) for m in months for u in UNIT_TYPES)
            for t in totals
        ]
        return [*by_cell, *by_total, sum(by_cell)]

    def counted(value: int, bold: bool = False) -> Cell:
        return unless_undelivered(data, PLACEMENTS_FEED, count(value, bold))

    def arrived(month: int) -> bool:
        """A month of a provisional year after its last complete month, with no placement
        loaded, has not arrived: "-", not 0."""
        return not data.provisional or month <= data.months_complete or any(values([month]))

    body = [
        (Cell(month), Cell(name), *(counted(v) if arrived(month) else Cell(None)
                                    for v in values([month])))
        for month, name in enumerate(MONTH_NAMES, start=1)
    ]  # fmt: skip
    body.append(
        (Cell("TOTAL", colspan=2, bold=True), *(counted(v, True) for v in values(range(1, 13))))
    )
    return Table(
        key="",
        label="",
        title=f"Data Penempatan {data.office_name} Tahun {data.year}",
        header=header,
        body=tuple(body),
        note="Dari data penempatan per orang; baris TOTAL dijumlahkan dari bulan-bulannya."
        + undelivered_note(data, PLACEMENTS_FEED)
        + (
            f' {data.status_label}: bulan yang datanya belum diterima dicetak "-", bukan 0.'
            if data.provisional and not data.is_undelivered(PLACEMENTS_FEED)
            else ""
        ),
    )


def lampiran_iii(data: LkjData) -> Table:
    """Lampiran III: cases per country and case type as typed, as the LKj lists them, with
    those still in process (a column the LKj does not have, marked)."""
    countries: dict[str, list] = {}
    for line in data.case_lines:
        countries.setdefault(line.country, []).append(line)
    body = []
    for number, (country, lines) in enumerate(countries.items(), start=1):
        for i, line in enumerate(lines):
            n = len(lines)
            lead = (Cell(number, rowspan=n), Cell(country, rowspan=n)) if i == 0 else ()
            body.append((*lead, Cell(line.case_type), count(line.cases), count(line.cases_open)))
    body.append(
        (
            Cell("JUMLAH", colspan=3, bold=True),
            *(
                unless_undelivered(data, CASES_FEED, count(total, bold=True))
                for total in (
                    sum(line.cases for line in data.case_lines),
                    sum(line.cases_open for line in data.case_lines),
                )
            ),
        )
    )
    return Table(
        key="",
        label="",
        title=f"Data Rekap Kasus per Negara Wilayah {data.office_name} Bulan "
        f"{MONTH_NAMES[0]}-{MONTH_NAMES[-1]} {data.year}",
        header=(heads("NO", "NEGARA", "KASUS", "JUMLAH", f"MASIH PROSES {UNPUBLISHED}"),),
        body=tuple(body),
        note="Negara dan jenis kasus sebagaimana diketik dalam data pengaduan (ejaan yang "
        "hanya berbeda huruf besar/kecil atau spasi digabung). "
        f"{UNPUBLISHED} Kolom di luar tata letak LKj, tanpa sumber terbitan: pengaduan "
        "berstatus 'Proses' per baris menurut data masukan (LKj hanya menyebut jumlahnya)."
        + undelivered_note(data, CASES_FEED),
    )


def _date_text(day: dt.date | None) -> str | None:
    """``26 Maret 2024``, as the LKj writes a date."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}" if day else None


def sex_mark(sex: str | None, column: str) -> str | None:
    """Lampiran IV's mark in the column ``L`` or ``P``: a check for the person's sex, empty
    in the other, missing ("-") in both where it is not known."""
    if sex not in ("L", "P"):
        return None
    return CHECK if sex == column else ""


def lampiran_iv(data: LkjData) -> Table:
    """Lampiran IV: the prevented non-procedural departures, the person as a pseudonym."""
    body = []
    for row in data.preventions:
        person = f"Pseudonim {row.person}" if row.person else None
        if person and row.repeats_number is not None:
            person += f" (diduga sama dengan no. {row.repeats_number})"
        # What the recap leaves empty prints "-" (an empty text cell is no cell).
        body.append(
            (
                Cell(row.number),
                Cell(_date_text(row.date) or None),
                Cell(row.location or None),
                Cell(row.organiser or None),
                Cell(person or None),
                # the other sex's column is left empty, as the LKj leaves it; both "-"
                # where the sex is not known
                *(Cell(sex_mark(row.sex, column)) for column in ("L", "P")),
                Cell(row.country or None),
                Cell(row.origin or None),
                Cell(row.problem or None),
                Cell(row.follow_up or None),
            )
        )
    if not body and data.is_undelivered(PREVENTIONS_FEED):
        body = [(Cell(f"- ({data.not_delivered(PREVENTIONS_FEED)})", colspan=11),)]
    elif not body:
        body = [(Cell("Tidak ada data pencegahan.", colspan=11),)]
    first = (
        *heads(
            "NO",
            "TANGGAL",
            "LOKASI",
            "P3MI/LEMBAGA/PERSEORANGAN",
            "NAMA PMI",
            rowspan=2,
        ),
        Cell("JENIS KELAMIN", bold=True, colspan=2),
        *heads("NEGARA PENEMPATAN", "DAERAH ASAL PMI", "PERMASALAHAN", "TINDAK LANJUT", rowspan=2),
    )
    header = (first, heads("L", "P"))
    return Table(
        key="",
        label="",
        title=f"Data Pencegahan PMI Non Prosedural {data.office_name} Tahun {data.year}",
        header=header,
        body=tuple(body),
        note="Nama PMI tidak pernah dicetak: pseudonim yang diberikan gudang data (8 karakter "
        "pertama); baris yang diduga mengulang orang yang sama menyebut nomor barisnya "
        "(lihat Temuan Data).",
    )


def _score(data: LkjData, name: str) -> float | None:
    """The year's realisation of the governance score ``name`` (``ikpa``, ``nka``), None in
    a year where no indicator is that score."""
    indicator = data.indicator_where(score_name=name)
    return None if indicator is None else data.annual(indicator.code).realisation


def _score_label(data: LkjData, name: str) -> str:
    """The indicator that is the score ``name`` in the report's year, or why there is none."""
    indicator = data.indicator_where(score_name=name)
    return indicator.label if indicator else "bukan IKU Renstra tahun ini"


def _score_source(data: LkjData, name: str) -> str:
    indicator = data.indicator_where(score_name=name)
    return f"realisasi {indicator.label}" if indicator else "bukan IKU Renstra tahun ini (-)"


def lampiran_v(data: LkjData) -> Table:
    """Lampiran V: the office's budget performance (NKA, 2024: IKU 6) beside its IKPA
    (2024: IKU 7). NK Perencanaan Anggaran is in no input, and it is not derived from the
    two: no rule combining it and the IKPA into the NKA, with weights, could be read and
    cited (docs/reports.md, "Lampiran V"), though the published 86,06 is the mean of 75,00
    and 97,12."""
    nka, ikpa = _score(data, NKA), _score(data, IKPA)
    return Table(
        key="",
        label="",
        title=f"Nilai Capaian Kinerja Anggaran {data.office_name} Tahun {data.year}",
        header=(
            heads(
                "No",
                "Satuan Kerja",
                "NK Perencanaan Anggaran",
                "NK Pelaksanaan Anggaran",
                "Nilai Kinerja Anggaran",
            ),
        ),
        body=((Cell(1), Cell(data.office_name), Cell(None), Cell(ikpa, 2), Cell(nka, 2)),),
        note=f"Nilai Kinerja Anggaran: {_score_source(data, NKA)}; NK Pelaksanaan Anggaran: "
        f"nilai IKPA ({_score_label(data, IKPA)}). NK Perencanaan Anggaran tidak ada di "
        "masukan gudang data (-) dan tidak diturunkan dari kedua nilai itu: aturan yang "
        "menggabungkan nilai perencanaan dan nilai pelaksanaan (IKPA) menjadi Nilai Kinerja "
        "Anggaran, beserta bobotnya, tidak ditemukan dalam teks peraturan yang dapat dikutip.",
    )


def lampiran_ikpa(data: LkjData) -> Table:
    """The IKPA appendix: each component's score, weight and weighted score, and the IKPA."""
    body = [
        (
            Cell(line.number),
            Cell(line.aspect),
            Cell(line.component),
            Cell(line.score, 2),
            Cell(line.weight, 0),
            Cell(line.weighted_score, 2),
        )
        for line in data.ikpa
    ]
    if body:
        total = round(sum(line.weighted_score for line in data.ikpa), 2)
        body.append((Cell("NILAI TOTAL (IKPA)", colspan=5, bold=True), Cell(total, 2, bold=True)))
    else:
        body = [(Cell("Tidak ada data komponen IKPA.", colspan=6),)]
    return Table(
        key="",
        label="",
        title=f"Nilai IKPA {data.office_name} Tahun {data.year}",
        header=(heads("No", "Aspek", "Komponen", "Nilai", "Bobot", "Nilai Akhir"),),
        body=tuple(body),
        note="Nilai akhir = nilai x bobot / 100; jumlahnya nilai IKPA tahun itu "
        f"({_score_label(data, IKPA)}). "
        "Bila tidak sama dengan nilai IKPA yang dilaporkan, Temuan Data menyebutnya.",
    )


def findings(data: LkjData) -> Table:
    """What the inputs get wrong (``marts.dq_findings``) for this office and year, each
    check by its Indonesian name (``checks.CHECK_NAMES``).

    The two figures are what a source states (the LKj as printed, the DIPA total, the IKPA
    score reported) and what the data give; which source, each check says in the mart
    (``expected_label_id``, ``actual_label_id``). A bold row names them above each run of
    findings that share them, so a wrong published figure prints under "Tertulis di LKj",
    never as the figure that should hold."""

    def figure(value: float | None) -> Cell:  # whole figures (persons, Rupiah) whole
        return Cell(value, _plain(value, 2))

    def headings(f: Finding) -> tuple[Cell, ...]:
        stated, found = f.expected_label, f.actual_label
        both = stated is not None and found is not None
        return (
            Cell(
                "Angka yang dibandingkan:" if stated or found else "Tanpa angka:",
                colspan=3,
                bold=True,
            ),
            Cell(stated or "-", bold=True),
            Cell(found or "-", bold=True),
            Cell("Selisih" if both else "-", bold=True),
            Cell(f"Selisih = {found} - {stated}" if both else "-", colspan=2, bold=True),
        )

    body: list[tuple[Cell, ...]] = []
    named_by = None
    for number, f in enumerate(data.findings, start=1):
        if (f.expected_label, f.actual_label) != named_by:
            named_by = (f.expected_label, f.actual_label)
            body.append(headings(f))
        body.append(
            (
                Cell(number),
                Cell(check_label(f.check_name)),
                Cell(f.subject),
                figure(f.expected),
                figure(f.actual),
                figure(f.difference),
                Cell(SEVERITY_NAMES.get(f.severity, f.severity)),
                Cell(f.detail),
            )
        )
    if not body:
        body = [(Cell("Tidak ada temuan.", colspan=8),)]
    return Table(
        key="",
        label="",
        title="Hasil Pemeriksaan Data (marts.dq_findings)",
        header=(
            heads(
                "No",
                "Pemeriksaan",
                "Hal",
                "Angka tertulis",
                "Angka menurut data",
                "Selisih",
                "Tingkat",
                "Keterangan",
            ),
        ),
        body=tuple(body),
        note="Di mana masukan saling tidak cocok: angka LKj yang dipublikasikan, total DIPA, "
        "komponen IKPA, dugaan orang ganda. Angka tertulis adalah angka sebagaimana "
        "sumbernya menuliskannya (LKj terbitan, DIPA, nilai IKPA yang dilaporkan), belum "
        "tentu yang benar; angka menurut data dihitung gudang data dari data masukan. Baris "
        'tebal di atas setiap kelompok menyebut kedua angka itu ("Tertulis di LKj", '
        '"Menurut data"). '
        "docs/warehouse.md menjelaskan setiap pemeriksaan.",
    )


ILLUSTRATIVE = " Renstra ini ilustratif, bukan yang diterbitkan."


def manual_iku(data: LkjData) -> Table:
    """The Manual IKU of the report's Renstra period, as the declaration writes it
    (``pipelines/manual_iku.py``; docs/manual-iku.md holds every period's)."""
    period = renstra().period_of(data.year)
    rows = manual.rows(period) if period else ()
    body = [tuple(Cell(text) for text in row.cells()) for row in rows]
    if not body:
        body = [(Cell("Tahun ini tidak termasuk periode Renstra mana pun.", colspan=9),)]
    return Table(
        key="",
        label="",
        title=f"Manual Indikator Kinerja Utama, Renstra {period.period if period else '-'}",
        header=(heads(*(heading for _, heading in manual.HEADINGS)),),
        body=tuple(body),
        note="Ditulis dari deklarasi indikator gudang data (dbt_project.yml, var renstra): "
        "rumus dan sumber data inilah yang dipakai untuk menghitung realisasi."
        + (ILLUSTRATIVE if period and period.illustrative else ""),
    )
