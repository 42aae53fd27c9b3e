"""Dashboard of the headline KPIs of every office and year, on the published warehouse.

    .venv/bin/streamlit run bi/app.py --server.address 127.0.0.1    # or: make bi

It answers on this computer only (http://127.0.0.1:8501): ``make bi`` and
the command above say so, and so does ``.streamlit/config.toml``, which
Streamlit reads when started from the project root.

Every page load looks at the published file (``WAREHOUSE_PATH``, default
``warehouse/warehouse.duckdb``) and, when a refresh has published a new one
since, reads what the page shows afresh (the list of office-years, the
chosen office-year's figures, or the national figures; each kept until the
next publish) over a short read-only connection that is closed before the
page is drawn. No connection stays open: the refresh's atomic
publish (a rename over the file) is never held up, and the next page load
shows the new figures. The figures are the LKj's, computed by the same code
as the generated report (``pipelines/lkj``).

The sidebar switches between an office's page and head office's page
(``bi/national.py``: every office side by side, national totals, trends);
``?tampilan=nasional`` opens the latter directly.
"""

from __future__ import annotations

import re
import sys
from contextlib import closing
from pathlib import Path

# `streamlit run` puts bi/ on the path, not the project: the dashboard reuses its code.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd
import streamlit as st

from bi import charts
from bi.deliveries import default_choice, read_arrivals, show_overdue
from bi.national import rupiah_text, show_national
from bi.progress import read_progress, show_progress
from bi.tables import data_as_of, for_operator, show_table
from pipelines.analyst import connect
from pipelines.lib import config
from pipelines.lib.indonesian import format_number
from pipelines.lkj.checks import check_label
from pipelines.lkj.lkj_data import (
    CASES_FEED,
    LkjData,
    latest_publish,
    load_lkj,
    office_name,
    office_names,
    office_years,
)
from pipelines.lkj.lkj_tables import (
    BASIS_NAMES,
    MONTH_NAMES,
    SEVERITY_NAMES,
    headline,
    kpi_cells,
    pct,
)
from pipelines.lkj.lkj_workbook import provisional_note

VIEWS = {"kantor": "Per kantor", "nasional": "Nasional (kantor pusat)"}
# The findings' columns as the report's Temuan Data names them.
FINDING_COLUMNS = {
    "check_name": "Pemeriksaan",
    "subject": "Hal",
    "expected": "Angka tertulis",
    "actual": "Angka menurut data",
    "difference": "Selisih",
    "severity": "Tingkat",
    "detail": "Keterangan",
}
# Findings whose figures are Rupiah.
RUPIAH_CHECKS = {"dipa_total_mismatch"}


def file_version(path: Path) -> tuple[int, int, int]:
    """Changes whenever a publish replaces the file (a new inode) or anything rewrites it."""
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


@st.cache_data(max_entries=8, show_spinner=False)
def read_choices(path: str, version: tuple[int, int, int]) -> dict[tuple[str, int], str]:
    """Every office-year with record-level data, with the office's name (per file version)."""
    with closing(connect(Path(path))) as con:
        names = office_names(con)
        return {key: office_name(key[0], names) for key in office_years(con)}


@st.cache_data(max_entries=64, show_spinner=False)
def read_office_year(path: str, version: tuple[int, int, int], office: str, year: int) -> LkjData:
    """One office-year's figures, read in one read-only connection (per file version)."""
    with closing(connect(Path(path))) as con:
        publish_id = latest_publish(con) or "tanpa catatan publikasi"
        return load_lkj(con, office, year, publish_id)


# A figure with its reason, ``- (berkas kasus 2026 belum diterima)``: the card shows "-",
# and the reason under it (in the value's large type it was cut off).
WITH_REASON = re.compile(r"(?P<value>-) \((?P<reason>.+)\)")


def show_headline(data: LkjData, per_row: int = 3) -> None:
    figures = headline(data)
    for start in range(0, len(figures), per_row):
        row = figures[start : start + per_row]
        for column, (name, value) in zip(st.columns(per_row)[: len(row)], row, strict=True):
            if reason := WITH_REASON.fullmatch(value):
                column.metric(
                    name,
                    reason["value"],
                    reason["reason"],
                    delta_color="off",
                    delta_arrow="off",
                    border=True,
                )
            else:
                column.metric(name, value, border=True)


def indicator_table(data: LkjData, basis: str) -> pd.DataFrame:
    """Each indicator's target, realisation and achievement, written as the LKj writes them."""
    return pd.DataFrame(
        [
            [indicator.label, *(cell.text() for cell in kpi_cells(data, indicator, basis))]
            for indicator in data.indicators
        ],
        columns=["IKU", "Indikator", "Target", "Realisasi", "Capaian (%)"],
    )


def goal_table(data: LkjData, basis: str) -> pd.DataFrame:
    """Each goal's budget beside its mean achievement (Tabel 24 and 25 in short)."""
    rows = []
    for goal in data.goals:
        budget = data.goal_budget(goal.code, basis)
        rows.append(
            [
                goal.name,
                rupiah_text(budget.budget_ceiling),
                rupiah_text(budget.budget_realisation),
                pct(budget.budget_absorption_pct).text(),
                pct(budget.avg_achievement_pct).text(),
            ]
        )
    return pd.DataFrame(
        rows,
        columns=[
            "Sasaran Strategis",
            "Pagu",
            "Realisasi",
            "Penyerapan (%)",
            "Rata-rata capaian (%)",
        ],
    )


def finding_figure(check_name: str, value: float | None) -> str:
    """A finding's figure: Rupiah for budget checks, else two decimals; ``-`` if none."""
    if value is None or pd.isna(value):
        return "-"
    return rupiah_text(value) if check_name in RUPIAH_CHECKS else format_number(value, 2)


def findings_table(data: LkjData) -> pd.DataFrame:
    """The findings as the report's Temuan Data shows them: Indonesian column names, check
    names and sentences (``dq_findings.detail_id``), figures the Indonesian way, each after
    what it is (``Tertulis di LKj: 20.000``: ``dq_findings.expected_label_id``)."""
    rows = []
    for finding in data.findings:
        row = dict(finding.__dict__)
        for name in ("expected", "actual", "difference"):
            row[name] = finding_figure(finding.check_name, row[name])
        for name, label in (
            ("expected", finding.expected_label),
            ("actual", finding.actual_label),
        ):
            if label and row[name] != "-":
                row[name] = f"{label}: {row[name]}"
        row["severity"] = SEVERITY_NAMES.get(finding.severity, finding.severity)
        row["check_name"] = check_label(finding.check_name)
        rows.append(row)
    return pd.DataFrame(rows, columns=list(FINDING_COLUMNS)).rename(columns=FINDING_COLUMNS)


def achievement_frame(data: LkjData) -> pd.DataFrame:
    """Each indicator's achievement on both bases, one row per indicator and basis."""
    return pd.DataFrame(
        [
            {
                "IKU": indicator.label,
                "Basis": BASIS_NAMES[basis],
                "Capaian (%)": data.annual(indicator.code, basis).achievement_pct,
            }
            for indicator in data.indicators
            for basis in ("PK", "DIPA_AA")
        ]
    )


def month_frame(data: LkjData) -> pd.DataFrame:
    """Placements by month and kind of service point (summed in the chart)."""
    return pd.DataFrame(
        [
            {"Bulan": name, "Jenis unit": unit, "Penempatan": n}
            for month, name in enumerate(MONTH_NAMES, start=1)
            for (m, unit, *_), n in data.placements.items()
            if m == month
        ]
    )


def charts_of(data: LkjData) -> None:
    left, right = st.columns(2)
    left.subheader("Capaian IKU (%)")
    left.altair_chart(
        charts.achievement_bars(achievement_frame(data), "IKU", "Capaian (%)", color="Basis"),
        width="stretch",
    )
    right.subheader("Penempatan per bulan")
    months = month_frame(data)
    if not months.empty:
        chart = charts.stacked_bars(months, "Bulan", "Penempatan", "Jenis unit")
        right.altair_chart(chart, width="stretch")
    st.subheader("Kasus per negara")
    cases = pd.DataFrame(
        [
            {"Negara": line.country_name, "Status": status, "Kasus": n}
            for line in data.cases
            for status, n in (
                ("Selesai", line.cases - line.cases_open),
                ("Masih proses", line.cases_open),
            )
        ]
    )
    if not cases.empty:
        chart = charts.stacked_bars(cases, "Negara", "Kasus", "Status", horizontal=True)
        st.altair_chart(chart, width="stretch")
    elif data.is_undelivered(CASES_FEED):  # a heading over nothing reads as no case
        why = data.not_delivered(CASES_FEED)  # not "- (...)": Markdown makes it a bullet
        st.caption(f"{why[0].upper()}{why[1:]}.")
    else:
        st.caption(f"Tidak ada kasus tercatat tahun {data.year}.")


def show_office(path: Path) -> None:
    """An office's page, for the office and year chosen in the sidebar."""
    version = file_version(path)
    names = read_choices(str(path), version)
    if not names:
        st.warning("Gudang data belum berisi tahun dengan data rinci.")
        st.stop()
    arrivals = read_arrivals(str(path), version)
    choices = sorted(names, key=lambda key: (key[0], -key[1]))
    asked = (st.query_params.get("kantor"), asked_year())
    office, year = st.sidebar.selectbox(
        "Kantor dan tahun",
        choices,
        # the office-year in the address (?kantor=JATENG&tahun=2025), else the first
        # office's last complete year, not a year still in progress (docs/bi.md)
        index=choices.index(asked) if asked in choices else default_choice(choices, arrivals),
        format_func=lambda key: (
            f"{names[key]} {key[1]}" + (" (sementara)" if arrivals.provisional(*key) else "")
        ),
    )
    st.query_params.update(kantor=office, tahun=str(year))
    basis = st.sidebar.radio("Basis target", list(BASIS_NAMES), format_func=BASIS_NAMES.get)
    data = read_office_year(str(path), version, office, year)
    st.title(f"Kinerja {data.office_name} Tahun {year}{data.title_suffix}")
    st.caption(
        f"{data_as_of(data.published_at)}. Cara hitung: docs/warehouse.md.",
        help=for_operator(path, data.publish_id),
    )
    if data.provisional:
        st.warning(provisional_note(data))
    show_headline(data)
    show_overdue(arrivals, office)
    show_progress(read_progress(str(path), version), office, year, data.provisional)
    st.subheader(f"Capaian IKU ({BASIS_NAMES[basis]})")
    show_table(indicator_table(data, basis))
    st.subheader(f"Anggaran dan capaian per sasaran ({BASIS_NAMES[basis]})")
    show_table(goal_table(data, basis))
    charts_of(data)
    warnings = sum(f.severity == "warning" for f in data.findings)
    with st.expander(f"Temuan data: {len(data.findings)} ({warnings} peringatan)"):
        show_table(findings_table(data))


def asked_year() -> int | None:
    """The year in the address (``?tahun=2025``), if it is one."""
    asked = st.query_params.get("tahun", "")
    return int(asked) if asked.isdigit() else None


def chosen_view() -> str:
    """The page chosen in the sidebar, kept in the address (``?tampilan=nasional``)."""
    asked = st.query_params.get("tampilan", "kantor")
    views = list(VIEWS)
    view = st.sidebar.radio(
        "Tampilan",
        views,
        index=views.index(asked) if asked in VIEWS else 0,
        format_func=VIEWS.get,
    )
    st.query_params["tampilan"] = view
    return view


def main() -> None:
    st.set_page_config(page_title="KPI BP3MI", layout="wide")
    path = config.warehouse_path()
    if not path.is_file():
        st.error(f"Belum ada gudang data di {path}: jalankan `make refresh` dahulu.")
        st.stop()
    if chosen_view() == "nasional":
        show_national(path, file_version(path), asked_year())
    else:
        show_office(path)


main()
