"""The LKj as one self-contained HTML page: the tables, the charts, the data findings.

Charts are inline SVG and the style is inline CSS: the page loads nothing
and runs no script, so it reads the same offline, in a mail attachment or
printed. Numbers are written the Indonesian way (``1.234,56``). Every table
and chart has a stable id (``tabel-6``, ``grafik-iku1-capaian``) to link to.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import duckdb

from pipelines.defs.reports.lkj_data import LkjData, load_lkj
from pipelines.defs.reports.lkj_tables import (
    BASIS_NAMES,
    INDICATOR_TABLES,
    MONTH_NAMES,
    UNIT_TYPES,
    Table,
    budget_table,
    findings,
    headline,
    indicator_table,
    lampiran_ii,
    lampiran_iii,
    lampiran_ikpa,
    lampiran_v,
    measure,
    summary,
    tabel_5,
    tabel_6,
)
from pipelines.defs.reports.lkj_workbook import provenance, without_control_characters
from pipelines.defs.reports.output import report_path, write_atomically
from pipelines.defs.reports.svg import Series, bar_chart, column_chart
from pipelines.lib.indonesian import format_number

TARGET, TARGET_DIPA, REALISATION = "#9DC3E6", "#BDD7EE", "#1F4E79"
ABSORPTION, ACHIEVEMENT_PK, ACHIEVEMENT_DIPA = "#C55A11", "#1F4E79", "#70AD47"
OPEN, CLOSED = "#C00000", "#A5A5A5"

STYLE = """
body { font-family: 'Segoe UI', Arial, sans-serif; color: #222; margin: 0 auto;
       max-width: 1240px; padding: 0 24px 48px; line-height: 1.4; }
header { border-bottom: 3px solid #1F4E79; margin-bottom: 16px; }
h1 { color: #1F4E79; margin-bottom: 4px; }
h2 { color: #1F4E79; border-bottom: 1px solid #BFBFBF; margin-top: 40px; }
h3 { margin: 24px 0 8px; }
.provenance { color: #595959; font-size: 0.9em; }
nav ol { columns: 2; font-size: 0.95em; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { border: 1px solid #BFBFBF; border-left: 6px solid #1F4E79; padding: 8px 14px;
        min-width: 200px; }
.card .value { font-size: 1.6em; font-weight: 600; color: #1F4E79; }
.card .name { font-size: 0.85em; color: #595959; }
table { border-collapse: collapse; margin: 8px 0; font-size: 0.88em; }
th, td { border: 1px solid #7F7F7F; padding: 3px 6px; vertical-align: top; }
th { background: #DCE6F1; text-align: center; vertical-align: middle; }
td.num { text-align: right; white-space: nowrap; }
td.bold { font-weight: 600; }
.wide { overflow-x: auto; }
.note { font-size: 0.85em; font-style: italic; color: #595959; margin-top: 2px; }
figure { margin: 16px 16px 16px 0; padding: 8px; border: 1px solid #E0E0E0;
         display: inline-block; vertical-align: top; }
figcaption { font-weight: 600; margin-bottom: 4px; }
@media print { section, figure { break-inside: avoid; } }
"""


def pct_label(value: float) -> str:
    return f"{format_number(value, 2)} %"


def axis_label(value: float, suffix: str = "") -> str:
    """A tick: as few decimals as the step needs (``2,5``, ``40.000``), then the unit."""
    decimals = next(d for d in (0, 1, 2) if round(value, d) == round(value, 6))
    number = format_number(value, decimals)
    return f"{number} {suffix}" if suffix else number


def axis_pct(value: float) -> str:
    return axis_label(value, "%")


def count_label(value: float) -> str:
    return format_number(value, 0)


def table_html(table: Table) -> str:
    """The table with its number and title as heading; spans as rowspan and colspan."""

    def row(cells, tag: str) -> str:
        out = []
        for cell in cells:
            spans = "".join(
                f" {name}='{n}'"
                for name, n in (("rowspan", cell.rowspan), ("colspan", cell.colspan))
                if n > 1
            )
            classes = " ".join(
                c for c, on in (("num", cell.aligns_right), ("bold", cell.bold)) if on
            )
            css = f" class='{classes}'" if classes and tag == "td" else ""
            out.append(f"<{tag}{spans}{css}>{escape(cell.text())}</{tag}>")
        return f"<tr>{''.join(out)}</tr>"

    head = "".join(row(cells, "th") for cells in table.header)
    body = "".join(row(cells, "td") for cells in table.body)
    note = f"<p class='note'>{escape(table.note)}</p>" if table.note else ""
    return (
        f"<section class='lkj-table' id='{table.key}'>"
        f"<h3>{escape(table.label)}. {escape(table.title)}</h3>"
        f"<div class='wide'><table><thead>{head}</thead><tbody>{body}</tbody></table></div>"
        f"{note}</section>"
    )


class Charts:
    """Numbers the charts (Grafik 1, 2, ...) in the order they appear on the page."""

    def __init__(self) -> None:
        self.count = 0

    def figure(self, key: str, title: str, svg: str, caption: str = "") -> str:
        self.count += 1
        extra = f"<p class='note'>{escape(caption)}</p>" if caption else ""
        return (
            f"<figure class='chart' id='{key}'>"
            f"<figcaption>Grafik {self.count}. {escape(title)}</figcaption>{svg}{extra}"
            "</figure>"
        )


def achievement_chart(data: LkjData, charts: Charts) -> str:
    """Achievement of every indicator on both bases."""
    codes = [i.code for i in data.indicators]
    title = f"Capaian IKU Tahun {data.year} (%)"
    svg = column_chart(
        title,
        [data.indicator(code).label for code in codes],
        [
            Series(
                f"Capaian {BASIS_NAMES[basis]}",
                [data.annual(code, basis).achievement_pct for code in codes],
                color,
            )
            for basis, color in (("PK", ACHIEVEMENT_PK), ("DIPA_AA", ACHIEVEMENT_DIPA))
        ],
        label=lambda v: format_number(v, 2),
        axis=axis_pct,
        width=1000,
    )
    return charts.figure("grafik-capaian-iku", title, svg)


def indicator_charts(data: LkjData, code: str, charts: Charts) -> list[str]:
    """Target against realisation on both bases, and the multi-year series where there is one."""
    indicator = data.indicator(code)

    def label(value: float) -> str:
        return measure(value, indicator.unit).text()

    def axis(value: float) -> str:
        return axis_label(value, measure(value, indicator.unit).suffix)

    pk, dipa = data.annual(code, "PK"), data.annual(code, "DIPA_AA")
    title = f"Target dan Realisasi {indicator.label} Tahun {data.year}"
    svg = column_chart(
        title,
        [BASIS_NAMES["PK"], BASIS_NAMES["DIPA_AA"]],
        [
            Series("Target", [pk.target, dipa.target], TARGET),
            Series("Realisasi", [pk.realisation, dipa.realisation], REALISATION),
        ],
        label=label,
        axis=axis,
        width=520,
        height=260,
    )
    achieved = ", ".join(
        f"{BASIS_NAMES[b]} {measure(k.achievement_pct, '%').text()}"
        for b, k in (("PK", pk), ("DIPA_AA", dipa))
    )
    out = [charts.figure(f"grafik-{code.lower()}-capaian", title, svg, f"Capaian: {achieved}.")]
    years = data.years_of(code)
    if len(years) > 1:
        title = f"Target dan Realisasi {indicator.label} Tahun {years[0]} s.d. {years[-1]} (PK)"
        svg = column_chart(
            title,
            [str(y) for y in years],
            [
                Series("Target", [data.annual(code, "PK", y).target for y in years], TARGET),
                Series(
                    "Realisasi",
                    [data.annual(code, "PK", y).realisation for y in years],
                    REALISATION,
                ),
            ],
            label=label,
            axis=axis,
            width=640,
            height=260,
        )
        out.append(charts.figure(f"grafik-{code.lower()}-tahunan", title, svg))
    return out


def budget_chart(data: LkjData, charts: Charts) -> str:
    """Budget absorption beside achievement on both bases, per goal and for the office."""
    names = [f"Sasaran Strategis {n}" for n in range(1, len(data.goals) + 1)] + ["Satker"]

    def series(name: str, basis: str, field: str, color: str) -> Series:
        goals = [getattr(data.goal_budget(g.code, basis), field) for g in data.goals]
        office = getattr(data.office_budget(basis), field)
        return Series(name, [*goals, office], color)

    title = f"Penyerapan Anggaran dan Capaian Kinerja Tahun {data.year} (%)"
    svg = column_chart(
        title,
        names,
        [
            series("Penyerapan anggaran", "PK", "budget_absorption_pct", ABSORPTION),
            series("Capaian kinerja (PK)", "PK", "avg_achievement_pct", ACHIEVEMENT_PK),
            series(
                "Capaian kinerja (DIPA setelah AA)",
                "DIPA_AA",
                "avg_achievement_pct",
                ACHIEVEMENT_DIPA,
            ),
        ],
        label=lambda v: format_number(v, 2),
        axis=axis_pct,
        width=760,
    )
    return charts.figure("grafik-anggaran-kinerja", title, svg)


def placements_chart(data: LkjData, charts: Charts) -> str:
    """Placements per month, stacked by kind of service point."""
    title = f"Penempatan per Bulan Tahun {data.year}"
    svg = column_chart(
        title,
        [name[:3] for name in MONTH_NAMES],
        [
            Series(
                unit,
                [
                    sum(n for (m, u, *_), n in data.placements.items() if m == month and u == unit)
                    for month in range(1, 13)
                ],
                color,
            )
            for unit, color in zip(UNIT_TYPES, (REALISATION, TARGET), strict=True)
        ],
        label=count_label,
        stacked=True,
        width=1000,
    )
    return charts.figure("grafik-penempatan-bulanan", title, svg)


def cases_chart(data: LkjData, charts: Charts) -> str:
    """Cases per country, those still in process apart."""
    totals: dict[str, list[int]] = {}
    for line in data.cases:
        closed_open = totals.setdefault(line.country_name, [0, 0])
        closed_open[0] += line.cases - line.cases_open
        closed_open[1] += line.cases_open
    countries = sorted(totals, key=lambda c: (-sum(totals[c]), c))
    title = f"Kasus per Negara Tahun {data.year}"
    svg = bar_chart(
        title,
        countries,
        [
            Series("Selesai", [totals[c][0] for c in countries], CLOSED),
            Series("Masih proses", [totals[c][1] for c in countries], OPEN),
        ],
        label=count_label,
        width=760,
    )
    return charts.figure("grafik-kasus-negara", title, svg)


def _cards(data: LkjData) -> str:
    return (
        "<div class='cards' id='ringkasan-angka'>"
        + "".join(
            f"<div class='card'><div class='value'>{escape(value)}</div>"
            f"<div class='name'>{escape(name)}</div></div>"
            for name, value in headline(data)
        )
        + "</div>"
    )


def _findings_summary(data: LkjData) -> str:
    warnings = sum(f.severity == "warning" for f in data.findings)
    infos = len(data.findings) - warnings
    return (
        f"<p>{len(data.findings)} temuan: {warnings} peringatan (angka yang tidak cocok) dan "
        f"{infos} informasi (untuk ditinjau). Di mana masukan saling tidak cocok, laporan ini "
        "memakai angka yang dihitung dari data rinci.</p>"
    )


def render_html(data: LkjData, path: Path) -> Path:
    """Write the HTML report of ``data`` to ``path`` (replaced whole).

    Long, and kept whole: it is the page's table of contents, section by section in the
    LKj's order, which reads best in one place.
    """
    charts = Charts()
    sections: list[tuple[str, str, list[str]]] = [
        ("ringkasan", "Ringkasan", [_cards(data), table_html(summary(data))]),
        (
            "pengukuran-kinerja",
            "Pengukuran Kinerja",
            [table_html(tabel_5(data)), table_html(tabel_6(data)), achievement_chart(data, charts)],
        ),
    ]
    for indicator in data.indicators:
        parts = [
            table_html(indicator_table(data, number, code, kind))
            for number, code, kind in INDICATOR_TABLES
            if code == indicator.code
        ]
        parts += indicator_charts(data, indicator.code, charts)
        sections.append((indicator.code.lower(), f"{indicator.label}: {indicator.name}", parts))
    sections += [
        (
            "realisasi-anggaran",
            "Realisasi Anggaran",
            [
                table_html(budget_table(data, "PK")),
                table_html(budget_table(data, "DIPA_AA")),
                budget_chart(data, charts),
            ],
        ),
        (
            "penempatan",
            "Lampiran II: Data Penempatan",
            [table_html(lampiran_ii(data)), placements_chart(data, charts)],
        ),
        (
            "kasus",
            "Lampiran III: Rekap Kasus",
            [table_html(lampiran_iii(data)), cases_chart(data, charts)],
        ),
        (
            "anggaran-satker",
            "Lampiran V: Nilai Kinerja Anggaran",
            [table_html(lampiran_v(data))],
        ),
        (
            "ikpa",
            "Lampiran: Nilai IKPA",
            [table_html(lampiran_ikpa(data))],
        ),
        (
            "temuan-data",
            "Temuan Data: di mana masukan tidak cocok",
            [_findings_summary(data), table_html(findings(data))],
        ),
    ]
    title = f"Laporan Kinerja (LKj) {data.office_name} Tahun {data.year}"
    facts = "; ".join(f"{escape(name)}: {escape(value)}" for name, value in provenance(data))
    nav = "".join(f"<li><a href='#{key}'>{escape(name)}</a></li>" for key, name, _ in sections)
    body = "".join(
        f"<section id='{key}'><h2>{escape(name)}</h2>{''.join(parts)}</section>"
        for key, name, parts in sections
    )
    page = (
        "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>"
        f"<meta name='publish-id' content='{escape(data.publish_id)}'>"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{escape(title)}</h1>"
        f"<p class='provenance' id='publikasi'>{facts}.</p></header>"
        f"<nav><h2>Daftar Isi</h2><ol>{nav}</ol></nav>{body}"
        f"<footer><p class='provenance'>Dibuat dari publikasi gudang data "
        f"{escape(data.publish_id)}. Angka dihitung dari skema marts; cara hitung: "
        "docs/warehouse.md.</p></footer></body></html>"
    )
    # Text from the data is escaped where it is put on the page (html.escape); control
    # characters in it (a raw file's, which no page should carry) are replaced as the
    # workbook replaces them.
    page = without_control_characters(page)
    return write_atomically(path, lambda partial: partial.write_text(page, encoding="utf-8"))


def write_html(
    con: duckdb.DuckDBPyConnection, office_code: str, year: int, out_dir: Path, publish_id: str
) -> Path:
    """Write ``<out_dir>/<OFFICE>_<YEAR>/lkj_<OFFICE>_<YEAR>.html`` from the warehouse."""
    data = load_lkj(con, office_code, year, publish_id)
    return render_html(data, report_path(out_dir, office_code, year, ".html"))
