"""What both pages of the dashboard say of what has arrived and what is late.

Read once per publish of the warehouse, with the pages' other figures: each
office-year's status (``marts.fct_office_year_status``: complete, or
provisional with its label "Sementara, data s.d. Maret 2025") and the overdue
deliveries (``marts.fct_deliveries`` judged by dbt, read by
``pipelines/lib/overdue.py`` as for ``terlambat.json``). docs/bi.md, "A year
in progress".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st
from babel.dates import format_date

from bi.tables import show_table
from pipelines.analyst import connect
from pipelines.lib.i18n import LOCALES
from pipelines.lib.overdue import (
    OverdueDelivery,
    expected_file,
    item_text,
    overdue_deliveries,
    period_text,
    reference_date,
)
from pipelines.lkj.year_status import YearStatus, load_year_status

# How the dashboard names a delivery's state (``fct_deliveries.status``) when it is late.
STATES = {"missing": "belum diterima", "rejected": "dikirim, tetapi ditolak"}


@dataclass(frozen=True)
class Arrivals(YearStatus):
    """Each office-year's status (``pipelines/lkj/year_status.py``: the provisional ones
    with their labels), and the overdue deliveries."""

    overdue: tuple[OverdueDelivery, ...] = ()
    judged_on: dt.date | None = None  # the reference date lateness is judged on

    def overdue_of(self, office: str) -> list[OverdueDelivery]:
        return [delivery for delivery in self.overdue if delivery.office_code == office]


def load_arrivals(con: duckdb.DuckDBPyConnection) -> Arrivals:
    """The status and overdue deliveries of every office-year (``load_year_status``)."""
    status = load_year_status(con)
    return Arrivals(
        **vars(status), overdue=tuple(overdue_deliveries(con)), judged_on=reference_date(con)
    )


def default_choice(choices: Sequence[tuple[str, int]], arrivals: Arrivals) -> int:
    """The office-year the office's page opens on (``choices``: by office, latest year
    first): the first office's last complete year, or its latest year if it has none."""
    if not choices:
        return 0
    first = choices[0][0]
    return next(
        (
            index
            for index, (office, year) in enumerate(choices)
            if office == first and not arrivals.provisional(office, year)
        ),
        0,
    )


def default_year(years: Sequence[int], offices_of: dict[int, list[str]], arrivals: Arrivals) -> int:
    """The year the national page opens on (``years``: latest first): the latest year no
    office of which is provisional, or the latest year if every year has one."""
    return next(
        (
            year
            for year in years
            if not any(arrivals.provisional(office, year) for office in offices_of[year])
        ),
        years[0],
    )


def long_date(day: dt.date) -> str:
    """``10 Maret 2026``."""
    return format_date(day, "long", locale=LOCALES["id"])


def overdue_frame(deliveries: Sequence[OverdueDelivery], judged_on: dt.date | None) -> pd.DataFrame:
    """An office's overdue deliveries: which file, of which period, why, due when, and how
    many days late on the day judged."""
    return pd.DataFrame(
        [
            {
                "Tahun": str(delivery.year),
                "Berkas": expected_file(delivery),
                "Periode": period_text(delivery, "id"),
                "Keadaan": STATES.get(delivery.status, delivery.status),
                "Batas kirim": long_date(delivery.due_date),
                "Terlambat": (f"{(judged_on - delivery.due_date).days} hari" if judged_on else "-"),
            }
            for delivery in deliveries
        ],
        columns=["Tahun", "Berkas", "Periode", "Keadaan", "Batas kirim", "Terlambat"],
    )


def overdue_by_office(arrivals: Arrivals, names: dict[str, str]) -> pd.DataFrame:
    """Head office's list: each office with an overdue delivery, most overdue first, with
    how many and which (``penempatan Februari 2026 (batas 10 Maret 2026)``)."""
    by_office: dict[str, list[OverdueDelivery]] = defaultdict(list)
    for delivery in arrivals.overdue:
        by_office[delivery.office_code].append(delivery)
    ranked = sorted(by_office.items(), key=lambda item: (-len(item[1]), names.get(item[0], "")))
    return pd.DataFrame(
        [
            {
                "Kantor": names.get(office, office),
                "Berkas terlambat": len(late),
                "Daftar": "; ".join(item_text(delivery, "id") for delivery in late),
            }
            for office, late in ranked
        ],
        columns=["Kantor", "Berkas terlambat", "Daftar"],
    )


@st.cache_data(max_entries=4, show_spinner=False)
def read_arrivals(path: str, version: tuple[int, int, int]) -> Arrivals:
    """:func:`load_arrivals`, read once per file version (a publish)."""
    with closing(connect(Path(path))) as con:
        return load_arrivals(con)


def show_overdue(arrivals: Arrivals, office: str, where=st) -> None:
    """An office's overdue deliveries, as a table under a heading that counts them."""
    late = arrivals.overdue_of(office)
    day = f" per {long_date(arrivals.judged_on)}" if arrivals.judged_on else ""
    if not late:
        where.caption(f"Tidak ada berkas terlambat{day}.")
        return
    where.subheader(f"Berkas terlambat: {len(late)}")
    where.caption(
        f"Berkas yang batas kirimnya sudah lewat{day} dan belum diterima (atau ditolak): "
        "kirimkan ke folder raw agar angka kantor ini lengkap. Batas kirim: docs/operations.md."
    )
    show_table(overdue_frame(late, arrivals.judged_on), where)
