"""Progress during the year ("Kemajuan tahun berjalan"): both pages' sections.

Read from ``marts.fct_indicator_progress`` (docs/warehouse.md, "Progress during the
year"), once per publish: for each provisional office-year and indicator, the
realisation from 1 January to the last complete month against the target to reach by
then (the quarter's cumulative target of the targets feed, or the annual target pro
rata), the projection to the year's end with its method, and on track or behind. The
office's page shows its indicators; head office's page ranks the offices by how many
indicators are behind.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pandas as pd
import streamlit as st
from babel.dates import format_date

from bi.tables import show_table
from pipelines.analyst import connect
from pipelines.lib.i18n import LOCALES
from pipelines.lib.warehouse import table_exists
from pipelines.lkj.lkj_tables import Cell, measure, pct
from pipelines.lkj.monitoring import progress_labels

MART = "fct_indicator_progress"
# Where the target to date comes from (``target_source``), in words.
TARGET_SOURCES = {
    "triwulan": "target triwulan",
    "prorata": "target tahunan, dibagi rata per bulan",
}
QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}
BEHIND = "Tertinggal"
ON_TRACK = "Sesuai target"


@st.cache_data(max_entries=4, show_spinner=False)
def read_progress(path: str, version: tuple[int, int, int]) -> pd.DataFrame:
    """The provisional office-years' rows of the mart (none in a warehouse without it)."""
    with closing(connect(Path(path))) as con:
        if not table_exists(con, "marts", MART):
            return pd.DataFrame()
        return con.execute(
            f"select * from marts.{MART} where status <> 'complete' "
            "order by office_code, year, indicator_code"
        ).df()


def of_office_year(progress: pd.DataFrame, office: str, year: int) -> pd.DataFrame:
    if progress.empty:
        return progress
    return progress[(progress["office_code"] == office) & (progress["year"] == year)]


def figure(value: float | None, unit: str) -> str:
    """A figure in its indicator's unit as the LKj writes it (``6 Orang``, ``75,00 %``);
    a count that is not whole (a projection: 28,8 Orang) with two decimals; a target
    of persons is whole (rounded up in the mart)."""
    if value is None or pd.isna(value):
        return "-"
    cell = measure(float(value), unit)
    if cell.decimals == 0 and round(value, 2) != round(value):
        cell = Cell(round(float(value), 2), 2, cell.suffix)
    return cell.text()


def percent(value: float | None) -> str:
    return "-" if value is None or pd.isna(value) else pct(round(float(value), 2)).text()


def label(code: str) -> str:
    """``IKU 1`` for ``IKU1``, as the LKj writes it."""
    return code.replace("IKU", "IKU ", 1)


def progress_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """One office-year's indicators: on track or behind, realisation and target to date
    (``s.d. Januari 2026``: the last complete month), progress, projection to the year's
    end with its method."""
    through = until(rows)
    label_of = progress_labels()  # the monitoring workbook's headers, from the mart's YAML
    return pd.DataFrame(
        [
            {
                "IKU": label(row.indicator_code),
                "Indikator": row.indicator_name,
                "Status": row.track_label_id,
                f"Realisasi s.d. {through}": figure(row.realisation_to_date, row.unit),
                f"Target s.d. {through}": figure(row.target_to_date, row.unit),
                label_of["target_quarter_cumulative"]: figure(
                    row.target_quarter_cumulative, row.unit
                ),
                label_of["progress_pct"]: percent(row.progress_pct),
                label_of["projection_year_end"]: figure(row.projection_year_end, row.unit),
                "Target tahunan": figure(row.annual_target, row.unit),
                label_of["projected_achievement_pct"]: percent(row.projected_achievement_pct),
                label_of["projection_method"]: row.projection_method_label_id or "-",
                "Sumber target": TARGET_SOURCES.get(row.target_source, "-"),
            }
            for row in rows.itertuples()
        ]
    )


def until(rows: pd.DataFrame) -> str:
    """The last complete month of an office-year's rows: ``Januari 2026``."""
    day = pd.Timestamp(rows["data_through_date"].iloc[0]).date()
    return format_date(day, "LLLL y", locale=LOCALES["id"])


def judged(rows: pd.DataFrame) -> str:
    """``1 IKU tertinggal, 0 sesuai target, 7 belum dapat dinilai``: an indicator without a
    realisation or target to date is not counted as on track ("0 dari 8 tertinggal" of a
    year with one file in would read as all eight on track)."""
    behind = int((rows["track_label_id"] == BEHIND).sum())
    on_track = int((rows["track_label_id"] == ON_TRACK).sum())
    open_ = int(rows["is_on_track"].isna().sum())
    return f"{behind} IKU tertinggal, {on_track} sesuai target" + (
        f", {open_} belum dapat dinilai" if open_ else ""
    )


def show_progress(progress: pd.DataFrame, office: str, year: int, provisional: bool = True) -> None:
    """The office-year's section "Kemajuan tahun berjalan" (nothing for a complete year;
    a line for a provisional one without a complete month, which the mart leaves out)."""
    rows = of_office_year(progress, office, year)
    if rows.empty:
        if provisional:
            st.caption("Kemajuan tahun berjalan: belum ada bulan yang lengkap untuk dinilai.")
        return
    first = rows.iloc[0]
    quarter = QUARTERS[int(first.quarter_in_progress)]
    st.subheader(f"Kemajuan tahun berjalan: {judged(rows)}")
    st.caption(
        f"Realisasi 1 Januari s.d. {until(rows)} "
        f"({int(first.months_elapsed)} bulan lengkap) dibanding target yang mestinya tercapai "
        f"saat itu; triwulan berjalan: Triwulan {quarter}. Sumber target: target triwulan "
        "dari berkas target (kumulatif, dibagi rata per bulan dalam triwulan), atau, tanpa "
        "target triwulan, target tahunan dibagi rata per bulan; target dalam Orang "
        "dibulatkan ke atas. Proyeksi akhir tahun: menurut metode yang disebut (dengan "
        "target triwulan mengikuti polanya). Cara hitung: docs/warehouse.md."
    )
    # Two tables, so each fits the page beside the sidebar: where the office stands, then
    # where it is heading.
    frame = progress_frame(rows)
    standing = [*frame.columns[:5], progress_labels()["progress_pct"]]
    show_table(frame[standing])
    show_table(frame[["IKU", *(c for c in frame.columns if c not in standing)]])


def ranking_frame(progress: pd.DataFrame, year: int, names: dict[str, str]) -> pd.DataFrame:
    """The offices of ``year`` with progress rows, most indicators behind first."""
    rows = progress[progress["year"] == year] if not progress.empty else progress
    ranked = []
    for office, indicators in rows.groupby("office_code") if not rows.empty else []:
        behind = indicators[indicators["track_label_id"] == BEHIND]
        ranked.append(
            {
                "Kantor": names.get(office, office),
                "Status data": indicators["status_label"].iloc[0],
                "IKU tertinggal": len(behind),
                "IKU sesuai target": int((indicators["track_label_id"] == ON_TRACK).sum()),
                "IKU belum dapat dinilai": int(indicators["is_on_track"].isna().sum()),
                "Yang tertinggal": ", ".join(label(code) for code in behind["indicator_code"])
                or "-",
            }
        )
    columns = [
        "Kantor",
        "Status data",
        "IKU tertinggal",
        "IKU sesuai target",
        "IKU belum dapat dinilai",
        "Yang tertinggal",
    ]
    frame = pd.DataFrame(ranked, columns=columns)
    return frame.sort_values(["IKU tertinggal", "Kantor"], ascending=[False, True], kind="stable")


def show_ranking(progress: pd.DataFrame, year: int, names: dict[str, str]) -> None:
    """Head office's ranking of the offices of a year in progress by indicators behind."""
    frame = ranking_frame(progress, year, names)
    if frame.empty:
        return
    st.subheader(f"Kemajuan tahun berjalan {year}: kantor menurut jumlah IKU tertinggal")
    st.caption(
        "IKU tertinggal: realisasi s.d. bulan lengkap terakhir di bawah target yang mestinya "
        "tercapai saat itu (di atasnya untuk IKU yang makin kecil makin baik). Rinciannya di "
        "halaman kantor (bagian Kemajuan tahun berjalan)."
    )
    show_table(frame)
