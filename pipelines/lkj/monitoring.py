"""The quarterly monitoring workbook of an office-year (the laporan triwulan's figures).

``Monitoring_Triwulan_<OFFICE>_<YEAR>.xlsx``, written with the LKj's files of the
office-year (``render.py``): a cover, Tabel 5's shape (target, realisation and
achievement per quarter) up to the last complete quarter only, and the sheet
"Kemajuan": each indicator's realisation to the last complete month against the target
to date, the quarter in progress's cumulative target, the projection to the year's end
and whether it is on track (``marts.fct_indicator_progress``; docs/warehouse.md,
"Progress during the year"). A provisional year carries its label on the cover and under
every table's title, as the LKj's workbook does; the layout, styles and print setup are
the LKj workbook's (``lkj_workbook``). docs/reports.md, "The quarterly monitoring
workbook".
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import yaml
from babel.dates import format_date
from openpyxl import Workbook

from pipelines.lib.indonesian import INDONESIAN
from pipelines.lkj.lkj_data import LkjData
from pipelines.lkj.lkj_tables import (
    QUARTER_NAMES,
    UNIT_FORMATS,
    Cell,
    Table,
    _goal_rows,
    _quarter_realisation,
    _tabel_5_note,
    heads,
    measure,
    pct,
)
from pipelines.lkj.lkj_workbook import _write_cover, add_table_sheets
from pipelines.lkj.outline import PROGRESS, QUARTER_ACHIEVEMENTS
from pipelines.lkj.output import office_year_path, without_control_characters, write_atomically

PREFIX = "Monitoring_Triwulan"
PROGRESS_YAML = (
    Path(__file__).resolve().parents[2]
    / "dbt_project/models/marts/monitoring/fct_indicator_progress.yml"
)


@cache
def progress_labels() -> dict[str, str]:
    """Each column of ``marts.fct_indicator_progress`` -> its Indonesian label (``meta:
    label_id`` in the mart's YAML): the one name this workbook and the dashboard
    (``bi/progress.py``) both print, ``Kemajuan (%)`` for ``progress_pct``."""
    [model] = yaml.safe_load(PROGRESS_YAML.read_text(encoding="utf-8"))["models"]
    return {column["name"]: column["meta"]["label_id"] for column in model["columns"]}


def monitoring_path(out_dir: Path, office_code: str, year: int) -> Path:
    """``<out>/<OFFICE>_<YEAR>/Monitoring_Triwulan_<OFFICE>_<YEAR>.xlsx``."""
    return office_year_path(out_dir, office_code, year, PREFIX, ".xlsx")


def monitoring_title(data: LkjData) -> str:
    """``Monitoring Capaian Kinerja Triwulanan BP3MI Jawa Tengah Tahun 2025 (Sementara, data
    s.d. Mei 2025)``."""
    return (
        f"Monitoring Capaian Kinerja Triwulanan {data.office_name} Tahun {data.year}"
        f"{data.title_suffix}"
    )


def quarters_complete(data: LkjData) -> int:
    """The quarters whose three months are all complete (0 to 4)."""
    return data.months_complete // 3


def _month(value: dt.date | None) -> str:
    """``Mei 2025``: the month of the last complete one ("bulan terakhir" where none is)."""
    return format_date(value, "MMMM yyyy", locale=INDONESIAN) if value else "bulan terakhir"


def quarters_table(data: LkjData) -> Table:
    """Tabel 5's shape (target, realisation, achievement per quarter), for the complete
    quarters only."""
    shown = QUARTER_NAMES[: quarters_complete(data)]
    achievements = {
        (r["indicator_code"], r["quarter"]): r["achievement_pct"]
        for r in data.rows.get(QUARTER_ACHIEVEMENTS.mart, ())
    }

    def cells(_goal: str, indicator, _n: int, _first: bool) -> tuple[Cell, ...]:
        out: list[Cell] = [Cell(indicator.name)]
        for quarter in range(1, len(shown) + 1):
            target = data.quarter(indicator.code, quarter).target
            out += [
                measure(target, indicator.unit),
                _quarter_realisation(data, indicator, quarter),
                pct(achievements.get((indicator.code, quarter))),
            ]
        return tuple(out)

    lead = heads("No", "Sasaran Strategis", "IKU", rowspan=2 if shown else 1)
    header = (
        (lead + tuple(Cell(q, bold=True, colspan=3) for q in shown),
         heads("Target", "Realisasi", "Capaian (%)") * len(shown))
        if shown
        else (lead,)
    )  # fmt: skip
    until = f" s.d. {shown[-1]}" if shown else ""
    note = (
        "Hanya triwulan yang seluruh bulannya sudah lengkap. " + _tabel_5_note(data)
        if shown
        else "Belum ada triwulan yang seluruh bulannya lengkap."
    )
    return Table(
        key="triwulan",
        label="Triwulan",
        title=f"Pengukuran Capaian Kinerja Triwulanan Tahun {data.year}{until}",
        header=header,
        body=tuple(_goal_rows(data, cells)),
        note=note.strip(),
        status=data.status_label,
    )


def _figure(value: float | None, unit: str) -> Cell:
    """A figure in its indicator's unit; one that is not whole (a projection, 28,8 Orang)
    keeps two decimals where the unit has none (a target of persons is whole: the mart
    rounds it up)."""
    decimals, suffix = UNIT_FORMATS.get(unit, (0, unit))
    if value is not None and decimals == 0 and round(value, 2) != round(value):
        return Cell(round(value, 2), 2, suffix)
    return measure(value, unit)


def progress_table(data: LkjData) -> Table:
    """The sheet "Kemajuan": each indicator's progress to the last complete month."""
    by_code = {r["indicator_code"]: r for r in data.rows.get(PROGRESS.mart, ())}
    any_row = next(iter(by_code.values()), {})
    month = _month(any_row.get("data_through_date"))
    in_progress = any_row.get("quarter_in_progress")
    quarter = QUARTER_NAMES[in_progress - 1] if in_progress else "triwulan berjalan"
    label = progress_labels()

    def cells(_goal: str, indicator, _n: int, _first: bool) -> tuple[Cell, ...]:
        row = by_code.get(indicator.code, {})
        unit = indicator.unit
        projected = row.get("projection_year_end") is not None
        return (
            Cell(indicator.name),
            Cell(unit),
            _figure(row.get("realisation_to_date"), unit),
            _figure(row.get("target_to_date"), unit),
            pct(_2dp(row.get("progress_pct"))),
            _figure(row.get("target_quarter_cumulative"), unit),
            _figure(row.get("projection_year_end"), unit),
            pct(_2dp(row.get("projected_achievement_pct"))),
            Cell(row.get("projection_method") if projected else None),
            Cell(row.get("track") or "-"),
        )

    return Table(
        key="kemajuan",
        label="Kemajuan",
        title=f"Kemajuan Capaian Kinerja Tahun {data.year} s.d. {month}",
        header=(
            heads(
                "No",
                "Sasaran Strategis",
                "IKU",
                "Satuan",
                f"Realisasi s.d. {month}",
                f"Target s.d. {month}",
                label["progress_pct"],
                f"Target kumulatif {quarter}",
                label["projection_year_end"],
                label["projected_achievement_pct"],
                label["projection_method"],
                "Status",
            ),
        ),
        body=tuple(_goal_rows(data, cells)),
        note=(
            "Target s.d. bulan terakhir: untuk jumlah, target kumulatif triwulan sebelumnya "
            "ditambah bagian target triwulan berjalan sebanyak bulan yang sudah lengkap "
            "(sepertiga per bulan); tanpa target triwulan, target tahunan x bulan / 12. "
            "Target dalam Orang dibulatkan ke atas. Untuk persentase dan nilai: target "
            "triwulan berjalan, atau target tahunan. Kemajuan (%): realisasi s.d. bulan "
            "terakhir / target s.d. bulan terakhir. Status 'Sesuai target' bila realisasi "
            "s.d. bulan terakhir mencapai target s.d. bulan terakhir; '-' bila belum ada "
            "target atau realisasi. Proyeksi jumlah dengan target triwulan mengikuti pola "
            "target triwulan (realisasi / target s.d. bulan terakhir x target tahunan), "
            "tanpa target triwulan linear. Target: dasar PK."
        ),
        status=data.status_label,
    )


def _2dp(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def monitoring_tables(data: LkjData) -> list[Table]:
    """The workbook's tables, in order: the sheets after the cover."""
    return [quarters_table(data), progress_table(data)]


def render_monitoring(data: LkjData, path: Path) -> Path:
    """Write the monitoring workbook of ``data`` to ``path`` (replaced whole)."""
    tables = monitoring_tables(data)
    workbook = Workbook()
    _write_cover(workbook.active, data, tables, heading=monitoring_title(data))
    add_table_sheets(workbook, tables)
    clean = without_control_characters
    workbook.properties.title = clean(monitoring_title(data))
    workbook.properties.creator = "Gudang data KPI BP3MI"
    workbook.properties.identifier = clean(data.publish_id)
    workbook.properties.description = clean(f"Dari publikasi gudang data {data.publish_id}")
    return write_atomically(path, lambda partial: workbook.save(partial))
