"""Temuan Data prints each finding's two figures under what they are, and Lampiran V's
NK Perencanaan Anggaran stays "-" with its reason (docs/reports.md).

The figures are the published LKj 2024's of BP3MI Jawa Tengah and the sample's records
(docs/reconciliation-2024.md, items 4 and 9), pinned here as the published figures are.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from tests import test_reports
from tests.test_lkj_tables import printed

# The reports of the sample warehouse, written as tests/test_reports.py writes them.
generated = test_reports.generated
workbook = test_reports.workbook
html_path = test_reports.html_path

# Tabel 9 prints "CAPAIAN 2021 s.d. 2024" 71.202 Orang; its year figures give
# 4.385 + 16.153 + 25.569 + 25.207 = 71.314. Tabel 10 prints IKU 1's PK target 20.000;
# Tabel 3 and the target feed give 35.354. Both published figures are the wrong ones.
WRONG_PUBLISHED = {
    "Tabel 9 / kpi_realisation_sum / IKU1 / 2021-2024": ("71.202", "71.314"),
    "Tabel 10 / kpi_annual_target / IKU1 / PK": ("20.000", "35.354"),
}
# The DIPA's totals against the activities' sums (Tabel 3, 4 and BAB III.B; item 10, 11).
DIPA = {
    "ceiling_initial": ("17.820.741.000", "17.470.741.000"),
    "ceiling_after_adjustment": ("13.488.991.000", "13.521.841.000"),
}
PUBLISHED, DATA = "Tertulis di LKj", "Menurut data"


def under_headings(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    """Each finding's subject -> its two figures by the bold row's headings above it (a row
    with no number, "Angka yang dibandingkan:", naming the figures in the 4th and 5th
    columns)."""
    found, headings = {}, ("", "")
    for row in rows:
        if row[0].isdigit():
            found[row[2]] = dict(zip(headings, row[3:5], strict=True))
        elif row[0].startswith(("Angka yang dibandingkan", "Tanpa angka")):
            headings = (row[3], row[4])
    return found


def sheet_rows(sheet) -> list[list[str]]:
    """The sheet's rows below its header as printed, merged cells spread over their columns."""
    rows = [[printed(cell) for cell in row[:8]] for row in sheet.iter_rows()]
    start = next(i for i, row in enumerate(rows) if row[0] == "No") + 1
    return [[str(text) for text in row] for row in rows[start:]]


def html_rows(page: str, key: str) -> tuple[list[str], list[list[str]]]:
    """The table ``key``'s header cells and its body rows, a cell spanning n columns n times."""
    section = page.split(f"<section class='lkj-table' id='{key}'>", 1)[1].split("</section>")[0]
    head, body = section.split("<tbody>", 1)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body):
        cells = []
        for span, text in re.findall(r"<td(?: colspan='(\d+)')?[^>]*>(.*?)</td>", row):
            cells += [html.unescape(text)] * int(span or 1)
        rows.append(cells)
    return [html.unescape(t) for t in re.findall(r"<th[^>]*>(.*?)</th>", head)], rows


def test_a_wrong_published_figure_prints_under_the_published_column(
    workbook, html_path: Path
) -> None:
    sheet = workbook["Temuan Data"]
    header, rows = html_rows(html_path.read_text(), "temuan")
    assert header[3:5] == ["Angka tertulis", "Angka menurut data"]
    assert [PUBLISHED, DATA, "Selisih", "Selisih = Menurut data - Tertulis di LKj"] in [
        row[3:7] for row in rows
    ]
    for found in (under_headings(sheet_rows(sheet)), under_headings(rows)):
        for subject, (published, data) in WRONG_PUBLISHED.items():
            assert found[subject] == {PUBLISHED: published, DATA: data}, subject
        for subject, (total, activities) in DIPA.items():
            assert found[subject] == {"Total DIPA": total, "Jumlah pagu kegiatan": activities}
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any("Seharusnya" in text for text in texts)
    assert "Seharusnya" not in html_path.read_text()


def test_lampiran_v_keeps_nk_perencanaan_missing_and_says_why(workbook, html_path: Path) -> None:
    """86,06 = (75,00 + 97,12) / 2 in the published appendix, but no rule that makes the NKA
    that mean could be cited: NK Perencanaan Anggaran prints "-", and the note says why."""
    header, [row] = html_rows(html_path.read_text(), "lampiran-v")
    assert dict(zip(header, row, strict=True))["NK Perencanaan Anggaran"] == "-"
    [sheet_row] = [r for r in sheet_rows(workbook["Lampiran V"]) if r[0] == "1"]
    # no figure in the workbook either (its missing mark, "" or "-", is the print's rule)
    assert sheet_row[2] in {"", "-"} and sheet_row[3:5] == ["97,12", "86,06"]
    reason = "tidak diturunkan dari kedua nilai itu"
    assert reason in html_path.read_text()
    assert any(reason in str(c.value) for r in workbook["Lampiran V"].iter_rows() for c in r)
