"""The dashboard's head-office page: every office side by side, national totals, trends.

The figures are ``pipelines.lkj.national``'s (the national workbook's),
read over one short read-only connection per publish of the warehouse and
kept (``st.cache_data``) until the next publish.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pandas as pd
import streamlit as st

from bi import charts
from bi.deliveries import Arrivals, default_year, long_date, overdue_by_office, read_arrivals
from bi.progress import read_progress, show_ranking
from bi.tables import data_as_of, for_operator, show_table
from pipelines.analyst import connect
from pipelines.lib.indonesian import format_number
from pipelines.lkj.lkj_data import latest_publish
from pipelines.lkj.lkj_tables import Table, count, pct, rupiah
from pipelines.lkj.national import (
    TRENDS,
    National,
    OfficeYear,
    achievement_columns,
    load_national,
    trend_table,
)
from pipelines.lkj.year_status import PROVISIONAL_NOTE

AVERAGE = "Rata-rata"
# Each trend's number format on the chart's axis, by TRENDS' key.
TREND_FORMATS = {
    "penempatan": charts.WHOLE,
    "capaian": charts.PERCENT_AXIS,
    "penyerapan": charts.PERCENT_AXIS,
    "kasus": charts.WHOLE,
}
BILLION = 1_000_000_000


@st.cache_data(max_entries=4, show_spinner=False)
def read_national(path: str, version: tuple[int, int, int]) -> National:
    """Every office-year's national figures, read once per file version (a publish)."""
    with closing(connect(Path(path))) as con:
        return load_national(con, latest_publish(con) or "tanpa catatan publikasi")


def rupiah_text(value: int | float | None) -> str:
    """``Rp 1.234.567``; ``-`` where there is no figure."""
    cell = rupiah(value)
    return "-" if cell.value is None else f"Rp {cell.text()}"


def billions(value: int | float | None) -> str:
    """``816,47`` (billion Rupiah, rounded to ten million): a national budget fits a metric."""
    return "-" if value is None else format_number(value / BILLION, 2)


def headline(total: OfficeYear) -> list[tuple[str, str, str | None]]:
    """The year's national figures (name, value, the exact figure where it is rounded)."""
    return [
        ("Kantor", count(total.offices).text(), None),
        ("Penempatan PMI, orang (IKU 1)", count(total.placements).text(), None),
        ("Rata-rata capaian (PK)", pct(total.avg_achievement_pct).text(), None),
        ("Penyerapan anggaran", pct(total.budget_absorption_pct).text(), None),
        (
            "Pagu (Rp miliar)",
            billions(total.budget_ceiling),
            rupiah_text(total.budget_ceiling),
        ),
        (
            "Realisasi (Rp miliar)",
            billions(total.budget_realisation),
            rupiah_text(total.budget_realisation),
        ),
        ("Kasus diterima", count(total.cases).text(), None),
        ("Kasus masih proses", count(total.cases_open).text(), None),
    ]


def side_by_side(national: National, year: int) -> pd.DataFrame:
    """Every office of ``year``, then the national row, as the LKj writes figures, each
    with its status (``National.status_text``: provisional or complete)."""
    achievement = achievement_columns(national.indicators)
    rows = [*national.offices_in(year), national.total(year)]
    return pd.DataFrame(
        [
            {
                "Kantor": row.office_name,
                "Status data": national.status_text(row),
                **{f"{name} (%)": make(row).text() for name, make in achievement},
                "Pagu": rupiah_text(row.budget_ceiling),
                "Realisasi": rupiah_text(row.budget_realisation),
                "Penyerapan (%)": pct(row.budget_absorption_pct).text(),
                "Penempatan": count(row.placements).text(),
                "Kasus": count(row.cases).text(),
                "Masih proses": count(row.cases_open).text(),
            }
            for row in rows
        ]
    )


def table_frame(table: Table) -> pd.DataFrame:
    """A one-header-row table as a DataFrame of its cells' text; a cell spanning columns
    is written in the last of them ("Nasional" under Kantor, not under No)."""
    columns = [cell.text() for cell in table.header[-1]]
    rows = []
    for body_row in table.body:
        texts: list[str] = []
        for cell in body_row:
            texts += [*[""] * (cell.colspan - 1), cell.text()]
        rows.append(texts)
    return pd.DataFrame(rows, columns=columns)


def short(name: str) -> str:
    """An office's name on a chart, without the "BP3MI" every office's name starts with."""
    return name.removeprefix("BP3MI ")


def achievement_frame(national: National, year: int, code: str) -> pd.DataFrame:
    """Each office's achievement of indicator ``code`` (or their mean) in ``year``."""

    def value(row: OfficeYear) -> float | None:
        return row.avg_achievement_pct if code == AVERAGE else row.achievement.get(code)

    return pd.DataFrame(
        [
            {"Kantor": short(row.office_name), "Capaian (%)": value(row)}
            for row in national.offices_in(year)
        ]
    )


def trend_frame(national: National, year: int, key: str) -> pd.DataFrame:
    """The measure ``key`` of TRENDS of each office, every year to ``year``; without the
    provisional office-years (``National.provisional``), whose part of a year is not a
    year's figure."""
    title, make = TRENDS[key]
    records = []
    for (_, row_year), row in national.rows.items():
        if row_year <= year and not national.provisional(row):
            records.append(
                {"Kantor": short(row.office_name), "Tahun": row_year, title: make(row).value}
            )
    return pd.DataFrame(records).dropna()


def left_out(national: National, year: int) -> list[str]:
    """The provisional office-years up to ``year``, as ``BP3MI TESTB 2026 (Sementara, data
    s.d. Januari 2026)``: left out of the trend lines."""
    return [
        f"{row.office_name} {y} ({national.status.label(office, y)})"
        for (office, y), row in sorted(national.rows.items(), key=lambda item: item[0][::-1])
        if y <= year and national.provisional(row)
    ]


def show_charts(national: National, year: int) -> None:
    left, right = st.columns(2)
    labels = {AVERAGE: "Rata-rata capaian", **{i.code: i.label for i in national.indicators}}
    code = left.selectbox("Capaian", list(labels), format_func=labels.get)
    left.altair_chart(
        charts.achievement_bars(
            achievement_frame(national, year, code), "Kantor", "Capaian (%)", horizontal=True
        ),
        width="stretch",
    )
    key = right.selectbox("Tren", list(TRENDS), format_func=lambda k: TRENDS[k][0])
    title = TRENDS[key][0]
    frame = trend_frame(national, year, key)
    if not frame.empty:
        chart = charts.trend_lines(frame, title, TREND_FORMATS[key])
        right.altair_chart(chart, width="stretch")
        right.caption("Satu garis per kantor; arahkan penunjuk ke garis untuk nama kantornya.")
    partial = left_out(national, year)
    if partial:
        right.caption(
            "Tidak digambar, karena angkanya baru sebagian tahun (sementara) dan tidak "
            f"sebanding dengan tahun penuh: {'; '.join(partial)}."
        )
    st.subheader(f"Tren {title} per kantor")
    # the workbook's trend table: a provisional office-year's figure "... (sementara)"
    show_table(table_frame(trend_table(national, year, key)))
    if partial:
        st.caption(PROVISIONAL_NOTE)


def show_national(path: Path, version: tuple[int, int, int], asked: int | None = None) -> None:
    """The head-office page for the year chosen in the sidebar."""
    national = read_national(str(path), version)
    if not national.report_years:
        st.warning("Gudang data belum berisi tahun dengan data rinci.")
        st.stop()
    arrivals = read_arrivals(str(path), version)
    years = sorted(national.report_years, reverse=True)
    offices_of = {y: [row.office_code for row in national.offices_in(y)] for y in years}

    year = st.sidebar.selectbox(
        "Tahun",
        years,
        # the year asked (``?tahun=2025``), else the last year complete in every office,
        # not a year still in progress
        index=years.index(asked if asked in years else default_year(years, offices_of, arrivals)),
        format_func=lambda y: f"{y} (sementara)" if national.provisional_offices(y) else str(y),
    )
    st.query_params["tahun"] = str(year)
    partial = national.provisional_offices(year)
    st.title(f"Kinerja Nasional Tahun {year}" + (" (Sementara)" if partial else ""))
    st.caption(
        f"{data_as_of(national.published_at)}. Angka per kantor seperti dalam LKj-nya; baris "
        "Nasional: jumlah, dan rata-rata capaian kantor (docs/reports.md).",
        help=for_operator(path, national.publish_id),
    )
    if partial:
        st.warning(national.provisional_text(year))
    figures = headline(national.total(year))
    for start in range(0, len(figures), 4):
        row = figures[start : start + 4]
        for column, (name, value, exact) in zip(st.columns(4)[: len(row)], row, strict=True):
            column.metric(name, value, help=exact, border=True)
    st.subheader("Semua kantor (capaian basis PK)")
    show_table(side_by_side(national, year))
    show_ranking(read_progress(str(path), version), year, dict(national.offices()))
    show_charts(national, year)
    show_overdue_offices(national, arrivals)


def show_overdue_offices(national: National, arrivals: Arrivals) -> None:
    """Head office's list of the offices with overdue deliveries, most first."""
    names = {code: name for code, name in national.offices()}
    day = f" per {long_date(arrivals.judged_on)}" if arrivals.judged_on else ""
    st.subheader(f"Berkas terlambat per kantor{day}")
    late = overdue_by_office(arrivals, names)
    if late.empty:
        st.caption("Tidak ada berkas terlambat.")
        return
    st.caption(
        f"{len(late)} kantor, {int(late['Berkas terlambat'].sum())} berkas yang batas kirimnya "
        "sudah lewat dan belum diterima (atau ditolak); rinciannya di halaman kantor masing-masing."
    )
    show_table(late)
