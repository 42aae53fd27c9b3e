"""The Manual IKU, written from the indicators' declaration.

Every office keeps a Manual IKU under SAKIP: for each indicator its definition,
formula, data source, frequency and polarity. This module writes it from the
declaration (``pipelines/indicators.py``), so that it says what the warehouse
computes:

- ``docs/manual-iku.md``, every Renstra period (``python -m pipelines.manual_iku``
  writes it; ``tests/test_docs.py`` holds it equal);
- a sheet of each LKj workbook, the period of the report's year (``rows``).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from pipelines.contract.historis import REALISASI_HISTORIS
from pipelines.contract.specs import TABLES
from pipelines.contract.tata_kelola import TATA_KELOLA_NILAI
from pipelines.indicators import Indicator, Period, Renstra, renstra
from pipelines.lib.config import PROJECT_ROOT
from pipelines.lib.filenames import file_name_pattern
from pipelines.lib.ingest import TableSpec

MANUAL_DOC = PROJECT_ROOT / "docs" / "manual-iku.md"
IDENTIFIER = re.compile(r"\b[a-z_][a-z0-9_]*\b")
# The signs of a formula as printed: minus, times and divided by.
MINUS, TIMES, DIVIDED = "\u2212", "\u00d7", "\u00f7"
SPECS = {spec.table: spec for spec in TABLES}
POLARITY = {
    "higher": "Maksimal: semakin tinggi realisasi, semakin baik",
    "lower": "Minimal: semakin rendah realisasi, semakin baik",
}
FREQUENCY = {
    "own": "Triwulanan; realisasi tahunan = jumlah empat triwulan",
    "cumulative": "Triwulanan, kumulatif sejak 1 Januari; realisasi tahunan = triwulan IV",
}
# The columns of the Manual, in order, with their headings.
HEADINGS = (
    ("code", "Kode"),
    ("name", "Indikator Kinerja Utama"),
    ("goal", "Sasaran Strategis"),
    ("definition", "Definisi"),
    ("formula", "Formula"),
    ("unit", "Satuan"),
    ("source", "Sumber data"),
    ("frequency", "Frekuensi"),
    ("polarity", "Polaritas"),
)


@dataclass(frozen=True)
class ManualRow:
    code: str
    name: str
    goal: str
    definition: str
    formula: str
    unit: str
    source: str
    frequency: str
    polarity: str

    def cells(self) -> tuple[str, ...]:
        return tuple(getattr(self, key) for key, _ in HEADINGS)


def _file(spec: TableSpec) -> str:
    """Where the clerk puts the feed's files, named as a misnamed file's rejection names
    them: ``folder/prefix_<OFFICE>_<YYYY>.ext``, and the sheet of a workbook."""
    sheet = f", lembar {spec.sheet}" if spec.sheet else ""
    return f"{spec.feed}/{file_name_pattern(spec.prefix, spec.period, spec.ext)}{sheet}"


def _as_in_file(indicator: Indicator, condition: str) -> str:
    """A condition over the staging model's columns, with each column the file heads the
    same way written as the file heads it (``status`` -> ``STATUS``); the text in quotes
    as it is."""
    headers = {column.name.lower(): column.name for column in SPECS[indicator.feed].columns}
    parts = re.split(r"('[^']*')", condition)
    return "".join(
        part if part.startswith("'") else IDENTIFIER.sub(lambda m: headers.get(m[0], m[0]), part)
        for part in parts
    )


def _records(indicator: Indicator) -> str:
    """The rows counted, in words: the feed's rows, and the condition if any."""
    rows = f"baris data {indicator.feed}"
    if not indicator.where:
        return rows
    return f"{rows} dengan {_as_in_file(indicator, indicator.where)}"


def formula(indicator: Indicator) -> str:
    """How the realisation is computed, in Bahasa Indonesia, from the declared kind."""
    records = _records(indicator)
    if indicator.kind == "count":
        return f"Jumlah {records} pada periode"
    if indicator.kind == "sum":
        return f"Jumlah nilai kolom {indicator.column} dari {records} pada periode"
    if indicator.kind == "ratio":
        numerator = _as_in_file(indicator, indicator.numerator or "")
        return f"({records} dengan {numerator}) {DIVIDED} ({records}) {TIMES} 100%"
    if indicator.kind == "reduction":
        return (
            f"(jumlah {records} tahun lalu {MINUS} jumlah {records} tahun berjalan) "
            f"{DIVIDED} jumlah tahun lalu {TIMES} 100%; bila tahun lalu tanpa data rinci, "
            f"jumlahnya dari kolom {indicator.base_history_column} "
            f"berkas {_file(REALISASI_HISTORIS)}"
        )
    check = "; diperiksa terhadap rata-rata tertimbang komponennya" if indicator.score_name else ""
    return f"Nilai {indicator.code} yang diberikan penilai pada triwulan terakhir{check}"


def source(indicator: Indicator) -> str:
    """The raw file the realisation is read from."""
    spec = SPECS[indicator.feed] if indicator.feed else TATA_KELOLA_NILAI
    return f"Berkas {_file(spec)}"


def rows(period: Period, declaration: Renstra | None = None) -> tuple[ManualRow, ...]:
    """The Manual IKU of one period: a row per indicator, in declaration order."""
    declaration = declaration or renstra()
    goals = {goal.goal: goal.name for goal in declaration.goals_for_year(period.first_year)}
    return tuple(
        ManualRow(
            code=indicator.code,
            name=indicator.name,
            goal=f"{indicator.goal}: {goals[indicator.goal]}",
            definition=indicator.definition,
            formula=formula(indicator),
            unit=indicator.unit,
            source=source(indicator),
            frequency=FREQUENCY[indicator.quarters],
            polarity=POLARITY[indicator.polarity],
        )
        for indicator in declaration.for_year(period.first_year)
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(declaration: Renstra | None = None) -> str:
    """``docs/manual-iku.md``: every period's Manual IKU."""
    declaration = declaration or renstra()
    parts = [
        "# Manual IKU\n",
        "The Manual IKU of every Renstra period the warehouse knows, as the declaration",
        "(`renstra` in `dbt_project/dbt_project.yml`) gives it: what each indicator means,",
        "how its realisation is computed, from which file, how often, and which way is",
        "better. Written by `python -m pipelines.manual_iku`; do not edit it by hand.",
        "Each LKj workbook carries the Manual of its year's period as the sheet",
        "`Manual IKU`. docs/recipes.md says how to add an indicator or a period.\n",
    ]
    for period in declaration.periods:
        parts.append(f"## Renstra {period.period}\n")
        parts.append(f"{period.source}\n")
        parts.append("| " + " | ".join(heading for _, heading in HEADINGS) + " |")
        parts.append("|" + "---|" * len(HEADINGS))
        for row in rows(period, declaration):
            parts.append("| " + " | ".join(_cell(cell) for cell in row.cells()) + " |")
        parts.append("")
    return "\n".join(parts)


def main() -> int:
    MANUAL_DOC.write_text(markdown(), encoding="utf-8")
    print(f"wrote {MANUAL_DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
