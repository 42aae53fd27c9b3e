"""The office's own words in the drafted Bab III: the form it fills, and where each text goes.

Most of a published Bab III is what the figures cannot say: what an indicator measures,
why the year went as it did, the obstacles (kendala), the efforts (upaya), the follow-up
(rencana tindak lanjut). The office writes them in a workbook the project generates for
its year (:func:`write_form`, ``python -m pipelines narasi``): one row per indicator of
the year's Renstra period, a column per kind of text (:data:`~pipelines.contract.narasi.KINDS`).
Dropped in ``raw/narasi/``, it is read as an optional feed (``pipelines/contract/narasi.py``)
into ``marts.fct_indicator_narratives``; :func:`woven` puts each kind of an indicator where
the LKj puts it: "informasi kinerja" before the figures' paragraphs, the others after them.
A kind left empty, or a year without the file, shows ``[diisi oleh satker: kendala]``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pipelines.contract.narasi import CODE, KINDS, NARASI, Kind
from pipelines.indicators import renstra
from pipelines.lib.filenames import file_name_pattern
from pipelines.lkj.lkj_data import Indicator, LkjData
from pipelines.lkj.output import without_control_characters, write_atomically

# The mart the chapter reads (outline.NARRATIVES) and its columns, from the kinds.
MART = "fct_indicator_narratives"
COLUMNS = ("indicator_code", *(kind.field for kind in KINDS))
PLACEHOLDER = "[diisi oleh satker: {label}]"
NAME = "NAMA_IKU"


def placeholder(kind: Kind) -> str:
    """What the chapter shows where the office wrote nothing of ``kind``."""
    return PLACEHOLDER.format(label=kind.label)


def is_placeholder(text: str) -> bool:
    """Whether ``text`` is a placeholder (this module's, or the Word document's own)."""
    return text.startswith(PLACEHOLDER.split("{")[0]) and text.endswith("]")


def paragraphs_of(text: str | None) -> list[str]:
    """A cell's text as paragraphs: split at its line breaks, spaces tidied, empty dropped."""
    if not text:
        return []
    lines = (" ".join(line.split()) for line in re.split(r"[\r\n]+", text))
    return [without_control_characters(line) for line in lines if line]


def office_text(data: LkjData, indicator: Indicator, kind: Kind) -> list[str]:
    """The office's paragraphs of ``kind`` for ``indicator``, or its placeholder."""
    rows = data.rows.get(MART, ())
    row = next((r for r in rows if r["indicator_code"] == indicator.code), None)
    return paragraphs_of(row[kind.field] if row else None) or [placeholder(kind)]


def woven(data: LkjData, indicator: Indicator, figures: Sequence[str]) -> list[str]:
    """The section of ``indicator``: the office's "informasi" texts, the paragraphs drafted
    from the figures, then its "evaluasi" texts (causes, obstacles, efforts, follow-up)."""

    def of(place: str) -> list[str]:
        return [
            p for kind in KINDS if kind.place == place for p in office_text(data, indicator, kind)
        ]

    return [*of("informasi"), *figures, *of("evaluasi")]


# --- the form the office fills ---------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
GIVEN_FILL = PatternFill("solid", fgColor="F2F2F2")  # written by the project: not to change
WRAP = Alignment(vertical="top", wrap_text=True)


def form_name(office_code: str, year: int) -> str:
    """``narasi_JATENG_2024.xlsx``: the name the raw directory expects."""
    pattern = file_name_pattern(NARASI.prefix, NARASI.period, NARASI.ext)
    return pattern.replace("<OFFICE>", office_code).replace("<YYYY>", str(year))


def _instructions(office_code: str, year: int) -> list[str]:
    name = form_name(office_code, year)
    return [
        f"Narasi Bab III LKj {office_code} tahun {year}",
        "",
        f'1. Isi lembar "{NARASI.sheet}": satu baris per IKU tahun {year}. Kolom '
        f"{CODE} dan {NAME} sudah diisi: jangan diubah.",
        "2. Tulis dengan kalimat lengkap, seperti di LKj. Satu sel boleh berisi beberapa "
        "paragraf (Alt+Enter untuk baris baru).",
        "3. Kolom yang dibiarkan kosong tampil di draf Bab III sebagai "
        f'"{PLACEHOLDER.format(label="...")}".',
        "4. Jangan menulis nama orang atau NIK: teks ini dicetak di laporan.",
        f"5. Simpan dengan nama {name} dan letakkan di folder narasi/ dalam direktori raw; "
        "refresh berikutnya memasukkannya ke draf Bab III.",
        "",
        "Isi tiap kolom:",
        *(f"- {kind.column}: {kind.guidance}" for kind in KINDS),
    ]


def write_form(office_code: str, year: int, path: Path) -> int:
    """Write the form of ``office_code``'s ``year`` to ``path``: its indicators (the Renstra
    period's of ``year``) one per row, the kinds' columns empty, instructions on a second
    sheet. Returns the number of indicators (0: no period covers the year, nothing written)."""
    indicators = renstra().for_year(year)
    if not indicators:
        return 0
    book = Workbook()
    sheet = book.active
    sheet.title = NARASI.sheet
    header = [column.name for column in NARASI.columns]
    sheet.append(header)
    for indicator in indicators:
        sheet.append([indicator.code, indicator.name])
    for number, name in enumerate(header, start=1):
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = 12 if name == CODE else 45
        sheet.cell(1, number).font = Font(bold=True)
        sheet.cell(1, number).fill = HEADER_FILL
        sheet.cell(1, number).alignment = WRAP
        for row in range(2, len(indicators) + 2):
            cell = sheet.cell(row, number)
            cell.alignment = WRAP
            if name in (CODE, NAME):
                cell.fill = GIVEN_FILL
    for row in range(2, len(indicators) + 2):
        sheet.row_dimensions[row].height = 120
    sheet.freeze_panes = "C2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = "1:1"
    guide = book.create_sheet("Petunjuk")
    guide.column_dimensions["A"].width = 110
    for line in _instructions(office_code, year):
        guide.append([line])
        guide.cell(guide.max_row, 1).alignment = WRAP
    guide.cell(1, 1).font = Font(bold=True, size=13)
    write_atomically(path, lambda target: book.save(target))
    return len(indicators)
