"""The dashboard on a year in progress: labelled, "-" for what has not arrived, the last
complete year by default, overdue files, progress against the quarter's target.

The warehouse is tests/partial_year.py's, refreshed on 15 April 2026: TESTB's 2025
complete, TESTB's and TESTC's 2026 partial (a month missing each, no cases file). Every
figure asserted is computed here from the fixture's declarations (the files it writes,
their rows, the targets), not read from the page.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import math
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.lib import config
from tests import browser
from tests.partial_year import PLACEMENTS, REFERENCE_DATE, TARGETS_2026
from tests.test_bi import APP, MONTHS, chart_data, dashboard, drawn_once_shown

PARTIAL = 2026
DUE_DAYS_MONTH = next(s.default for s in config.SETTINGS if s.field == "due_days_month")


@pytest.fixture(scope="module")
def built(partial_year_warehouse: Path) -> Path:
    return partial_year_warehouse


@pytest.fixture
def published(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built, path)
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    return path


# --- what the fixture says, computed from its declarations ---------------------------


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def months_complete(office: str, year: int) -> int:
    """Months 1..m ended by the reference date, each with its placements file."""
    delivered, m = PLACEMENTS[office][year], 0
    while m < 12 and month_end(year, m + 1) < REFERENCE_DATE and (m + 1) in delivered:
        m += 1
    return m


def label(office: str, year: int) -> str:
    return f"Sementara, data s.d. {MONTHS[months_complete(office, year) - 1]} {year}"


def overdue() -> list[tuple[str, int, int, dt.date]]:
    """(office, year, month, due date) of every monthly file past its due date."""
    late = []
    for office, years in PLACEMENTS.items():
        for year, delivered in years.items():
            for month in range(1, 13):
                due = month_end(year, month) + dt.timedelta(days=DUE_DAYS_MONTH)
                if month not in delivered and due < REFERENCE_DATE:
                    late.append((office, year, month, due))
    return late


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def progress(office: str) -> dict[str, float]:
    """IKU 1 of 2026 to date: placements of the complete months against the quarter's
    cumulative target spread over its months (persons: rounded up), and the projection
    to December by the quarterly plan (the share of the target to date, of the year's)."""
    m = months_complete(office, PARTIAL)
    quarter = (m // 3) + 1  # the quarter holding the month after the last complete one
    phased = {q: target for code, _, q, target, _ in TARGETS_2026[office] if code == "IKU1" and q}
    [annual] = [t for code, _, q, t, _ in TARGETS_2026[office] if code == "IKU1" and q is None]
    before = sum(phased[q] for q in range(1, quarter))
    to_date = math.ceil(before + phased[quarter] * (m - 3 * (quarter - 1)) / 3)
    realised = sum(n for month, n in PLACEMENTS[office][PARTIAL].items() if month <= m)
    projection = realised / to_date * annual
    return {
        "realised": realised,
        "target": to_date,
        "progress": 100 * realised / to_date,
        "projection": projection,
        "projected": 100 * projection / annual,
    }


def whole(value: float) -> str:
    assert value == int(value), value  # the fixture's figures are chosen whole
    return f"{int(value):,d}".replace(",", ".")


# --- the pages, as Streamlit runs them ------------------------------------------------


def run_app(**params: str) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=120)  # a busy machine
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception
    return app


def table_with(app: AppTest, *columns: str):
    """The page's one table with these columns."""
    [frame] = [d.value for d in app.dataframe if set(columns) <= set(d.value.columns)]
    return frame


def test_the_office_page_opens_on_the_last_complete_year(published: Path) -> None:
    assert sorted(PLACEMENTS["TESTB"][2025]) == list(range(1, 13))  # 2025 complete
    app = run_app()
    assert app.title[0].value == "Kinerja BP3MI TESTB Tahun 2025"  # not 2026
    assert not app.warning
    placed = {m.label: m.value for m in app.metric}["Penempatan PMI, orang (IKU 1)"]
    assert placed == whole(sum(PLACEMENTS["TESTB"][2025].values()))
    # the year in progress is in the list, said to be provisional
    options = app.sidebar.selectbox[0].options
    assert f"BP3MI TESTB {PARTIAL} (sementara)" in options and "BP3MI TESTB 2025" in options


def test_a_provisional_office_year_is_labelled_and_a_missing_feed_shows_a_dash(
    published: Path,
) -> None:
    app = run_app(kantor="TESTB", tahun=str(PARTIAL))
    expected = label("TESTB", PARTIAL)
    assert expected == "Sementara, data s.d. Januari 2026"  # February is missing
    assert app.title[0].value == f"Kinerja BP3MI TESTB Tahun {PARTIAL} ({expected})"
    [warning] = app.warning
    assert warning.value.startswith(f"{expected}. Angka tahun {PARTIAL} bersifat sementara")
    assert "kasus" in warning.value  # named as not delivered
    figures = {m.label: m.value for m in app.metric}
    # no cases file of 2026: "-" and why (under it), not "0 (0)"
    assert figures["Kasus diterima (masih proses)"] == "-"
    why = {m.label: m.delta for m in app.metric}["Kasus diterima (masih proses)"]
    assert why == f"berkas kasus {PARTIAL} belum diterima"
    # nor an empty "Kasus per negara"
    assert f"Berkas kasus {PARTIAL} belum diterima." in [c.value for c in app.caption]
    assert figures["Penempatan PMI, orang (IKU 1)"] == whole(
        sum(PLACEMENTS["TESTB"][PARTIAL].values())
    )


def test_the_office_page_lists_its_overdue_files(published: Path) -> None:
    late = [row for row in overdue() if row[0] == "TESTB"]
    assert [(year, month) for _, year, month, _ in late] == [(PARTIAL, 2)]
    frame = table_with(run_app(kantor="TESTB", tahun=str(PARTIAL)), "Batas kirim")
    assert frame.to_dict("records") == [
        {
            "Tahun": str(year),
            "Berkas": f"penempatan/penempatan_TESTB_{year}-{month:02d}.csv",
            "Periode": f"{MONTHS[month - 1]} {year}",
            "Keadaan": "belum diterima",
            "Batas kirim": long_date(due),  # 10 Maret 2026
            "Terlambat": f"{(REFERENCE_DATE - due).days} hari",
        }
        for _, year, month, due in late
    ]
    # The complete year's page says the same (the office's files, every year).
    assert len(table_with(run_app(kantor="TESTB", tahun="2025"), "Batas kirim")) == len(late)


@pytest.mark.parametrize("office", ["TESTB", "TESTC"])
def test_the_progress_of_the_year_in_progress(published: Path, office: str) -> None:
    app = run_app(kantor=office, tahun=str(PARTIAL))
    frame = table_with(app, "Kemajuan (%)")
    month = f"{MONTHS[months_complete(office, PARTIAL) - 1]} {PARTIAL}"
    ahead = table_with(app, "Proyeksi akhir tahun")  # the second table: where it is heading
    assert list(ahead["IKU"]) == list(frame["IKU"])
    frame = frame.merge(ahead, on="IKU")
    iku1 = frame[frame["IKU"] == "IKU 1"].iloc[0]
    want = progress(office)
    assert iku1[f"Realisasi s.d. {month}"] == f"{whole(want['realised'])} Orang"
    assert iku1[f"Target s.d. {month}"] == f"{whole(want['target'])} Orang"
    assert iku1["Kemajuan (%)"] == f"{whole(want['progress'])} %"
    assert iku1["Proyeksi akhir tahun"] == f"{whole(want['projection'])} Orang"
    assert iku1["Proyeksi capaian (%)"] == f"{whole(want['projected'])} %"
    assert iku1["Metode proyeksi"].startswith("Mengikuti pola target triwulan")
    assert iku1["Sumber target"] == "target triwulan"
    behind = want["realised"] < want["target"]
    assert iku1["Status"] == ("Tertinggal" if behind else "Sesuai target")
    # No cases file: IKU 2 has no realisation to date and no judgement.
    iku2 = frame[frame["IKU"] == "IKU 2"].iloc[0]
    assert (iku2[f"Realisasi s.d. {month}"], iku2["Status"]) == ("-", "-")
    [heading] = [h.value for h in app.subheader if h.value.startswith("Kemajuan")]
    status = frame["Status"]
    on_track, unjudged = int((status == "Sesuai target").sum()), int((status == "-").sum())
    assert unjudged  # IKU 2 at least: never counted as on track
    assert heading == (
        f"Kemajuan tahun berjalan: {int(behind)} IKU tertinggal, {on_track} sesuai target, "
        f"{unjudged} belum dapat dinilai"
    )


def test_a_complete_year_has_no_progress_section(published: Path) -> None:
    app = run_app(kantor="TESTB", tahun="2025")
    assert not [d for d in app.dataframe if "Kemajuan (%)" in d.value.columns]


def test_the_national_page_opens_on_the_last_complete_year(published: Path) -> None:
    app = run_app(tampilan="nasional")
    assert app.title[0].value == "Kinerja Nasional Tahun 2025"
    assert not app.warning


def test_the_national_page_of_a_year_in_progress(published: Path) -> None:
    app = run_app(tampilan="nasional", tahun=str(PARTIAL))
    assert app.title[0].value == f"Kinerja Nasional Tahun {PARTIAL} (Sementara)"
    offices = sorted(PLACEMENTS)
    side = table_with(app, "Status data", "Pagu")
    assert list(side["Status data"]) == [
        *(label(office, PARTIAL) for office in offices),
        f"Sementara ({len(offices)} dari {len(offices)} kantor)",
    ]
    # The trend lines: no point of a provisional office-year; the table marks them.
    lines = chart_data(app.get("vega_lite_chart")[1])  # the achievements, then the trend
    assert PARTIAL not in set(lines["Tahun"].astype(int)) and 2025 in set(
        lines["Tahun"].astype(int)
    )
    trend = table_with(app, str(PARTIAL))
    placed = {o: sum(PLACEMENTS[o][PARTIAL].values()) for o in offices}
    assert list(trend[str(PARTIAL)]) == [
        *(f"{whole(placed[o])} (sementara)" for o in offices),
        f"{whole(sum(placed.values()))} (sementara)",
    ]
    # Overdue files across offices, most first.
    late = table_with(app, "Berkas terlambat")
    by_office = {o: [r for r in overdue() if r[0] == o] for o in offices}
    assert dict(zip(late["Kantor"], late["Berkas terlambat"], strict=True)) == {
        f"BP3MI {o}": len(rows) for o, rows in by_office.items() if rows
    }
    for office, rows in by_office.items():
        [listed] = late[late["Kantor"] == f"BP3MI {office}"]["Daftar"]
        assert listed == "; ".join(
            f"penempatan {MONTHS[m - 1]} {y} (batas {long_date(due)})" for _, y, m, due in rows
        )
    # Offices ranked by indicators behind: only IKU 1 has data and a target to date.
    ranking = table_with(app, "IKU tertinggal")
    behind = {o: int(progress(o)["realised"] < progress(o)["target"]) for o in offices}
    assert behind == {"TESTB": 0, "TESTC": 1}  # the fixture's targets are chosen so
    ranked = sorted(offices, key=lambda o: (-behind[o], o))
    assert list(ranking["Kantor"]) == [f"BP3MI {o}" for o in ranked]
    assert list(ranking["IKU tertinggal"]) == [behind[o] for o in ranked]
    assert list(ranking["Yang tertinggal"]) == ["IKU 1" if behind[o] else "-" for o in ranked]


def test_in_chromium(published: Path, tmp_path: Path) -> None:
    """The pages as a browser draws them: the label, "belum diterima", the overdue file
    and the progress figures (tables are drawn on canvases: their texts recorded)."""
    want = progress("TESTC")
    [(_, year, month, due)] = [row for row in overdue() if row[0] == "TESTC"]
    title = f"Kinerja BP3MI TESTC Tahun {PARTIAL} ({label('TESTC', PARTIAL)})"
    with dashboard(tmp_path) as address, browser.tab(tmp_path / "profile") as tab:
        browser.record_canvas_texts(tab)
        tab.go(f"{address}?tampilan=kantor&kantor=TESTC&tahun={PARTIAL}")
        drawn = tab.wait_for(
            drawn_once_shown(
                [
                    f"penempatan/penempatan_TESTC_{year}-{month:02d}.csv",
                    long_date(due),
                    f"{whole(want['progress'])} %",
                    f"{whole(want['projection'])} Orang",
                    "Tertinggal",
                ]
            ),
            timeout=120,
        )
        # the page is drawn as its script runs: wait for both, the title and the card
        shown = [title, f"berkas kasus {PARTIAL} belum diterima", "Berkas kasus"]
        tab.wait_for(f"{json.dumps(shown)}.every(t => document.body.innerText.includes(t))", 120)
        assert {t["text"] for t in drawn} >= {"belum diterima", f"{whole(want['realised'])} Orang"}
        tab.go(f"{address}?tampilan=nasional")
        national = tab.wait_for(
            "document.body.innerText.includes('Kinerja Nasional Tahun') && document.body.innerText"
        )
        assert "Kinerja Nasional Tahun 2025" in national and "(Sementara)" not in national


# JavaScript: the texts of the page's main part shown cut off (wider than their box, which
# hides the rest), such as a metric's value ending in "...".
CUT_IN_PAGE = """
[...document.querySelectorAll('[data-testid=stMain] *')]
  .filter(e => e.innerText && e.innerText.trim() && !e.querySelector('canvas')
    && ['hidden', 'clip'].includes(getComputedStyle(e).overflowX)
    && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.innerText)
"""


def test_nothing_is_cut_off_in_chromium_at_1500_pixels(published: Path, tmp_path: Path) -> None:
    """The office page of a year in progress on a 1500 px screen: every text of its cards
    and of its tables' cells and headings in view is shown whole (a table draws only the
    columns in view; the progress table, wider than the page, scrolls)."""
    month = f"{MONTHS[months_complete('TESTC', PARTIAL) - 1]} {PARTIAL}"
    with dashboard(tmp_path) as address, browser.tab(tmp_path / "profile") as tab:
        browser.record_canvas_texts(tab, width=1500, height=2400)
        tab.go(f"{address}?tampilan=kantor&kantor=TESTC&tahun={PARTIAL}")
        headings = ["Status", f"Realisasi s.d. {month}", "Rata-rata capaian (%)"]
        drawn = tab.wait_for(drawn_once_shown([*headings, "Tertinggal"]), 120)
        tab.wait_for(f"document.body.innerText.includes('berkas kasus {PARTIAL} belum')", 60)
        cut_in_page = tab.evaluate(CUT_IN_PAGE)
    assert not browser.cut_off(drawn), browser.cut_off(drawn)
    assert not cut_in_page, cut_in_page
