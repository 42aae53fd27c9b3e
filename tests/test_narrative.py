"""The office's own words per IKU: the form ``python -m pipelines narasi`` writes, read back
by a real refresh (ingest, dbt, publish) and woven into the drafted Bab III.

The form's indicators are those of dbt_project.yml's ``renstra`` for the year: 2024's
IKU 2 is "Penurunan Kasus Pekerja Migran Indonesia" (the published LKj 2024's Tabel 6),
2025's "Persentase Kasus Pekerja Migran Indonesia yang Diselesaikan" (the illustrative
2025-2029 set). The filled form here is the small office's (TESTB 2025,
tests/fixtures/small_office) with two faulty rows added: an IKU9 (no such indicator) and a
second IKU1.
"""

from __future__ import annotations

import dataclasses
import shutil
from contextlib import closing
from pathlib import Path

import docx
import duckdb
import openpyxl
import pytest

from pipelines.analyst import connect
from pipelines.cli import main
from pipelines.lib import summary
from pipelines.lkj.analysis import Chapter, draft_chapter
from pipelines.lkj.lkj_data import LkjData, latest_publish, load_lkj
from tests.conftest import SMALL_OFFICE, build_warehouse

HEADER = [
    "KODE_IKU",
    "NAMA_IKU",
    "INFORMASI_KINERJA",
    "PENYEBAB",
    "KENDALA",
    "UPAYA",
    "RENCANA_TINDAK_LANJUT",
]
INFORMATION = "Indikator ini mengukur jumlah PMI yang ditempatkan melalui layanan kantor."
OBSTACLES = "Anggaran sosialisasi dikurangi pada semester II.\nPetugas di LTSA terbatas."
SECRET = "Teks baris yang salah tidak boleh tampil di keterangan karantina."
FORM = "narasi/narasi_TESTB_2025.xlsx"


def form_rows(path: Path) -> list[list]:
    sheet = openpyxl.load_workbook(path)["Narasi"]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("year", "iku2"),
    [
        (2024, "Penurunan Kasus Pekerja Migran Indonesia"),
        (2025, "Persentase Kasus Pekerja Migran Indonesia yang Diselesaikan"),
    ],
)
def test_the_form_lists_the_years_indicators(tmp_path: Path, year: int, iku2: str) -> None:
    assert main(["narasi", "--office", "JATENG", "--year", str(year), "--out", str(tmp_path)]) == 0
    path = tmp_path / f"narasi_JATENG_{year}.xlsx"
    rows = form_rows(path)
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == [f"IKU{n}" for n in range(1, 9)]
    assert rows[2][1] == iku2
    assert all(cell is None for row in rows[1:] for cell in row[2:])  # the office's to fill
    guide = openpyxl.load_workbook(path)["Petunjuk"]
    text = "\n".join(str(row[0]) for row in guide.iter_rows(values_only=True) if row[0])
    assert f"narasi_JATENG_{year}.xlsx" in text
    assert "- KENDALA: Kendala atau hambatan yang dihadapi selama tahun berjalan." in text


def test_the_form_goes_into_a_missing_folder(tmp_path: Path) -> None:
    """The guide's `--out raw/narasi` where raw/ has no narasi/ folder yet: the folder is
    made and the form is written into it (not a file named narasi without extension)."""
    out = tmp_path / "raw" / "narasi"
    assert main(["narasi", "--office", "JATENG", "--year", "2024", "--out", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == ["narasi_JATENG_2024.xlsx"]


def test_a_year_no_renstra_covers_has_no_form(tmp_path: Path) -> None:
    assert main(["narasi", "--office", "JATENG", "--year", "2031", "--out", str(tmp_path)]) == 2
    assert not list(tmp_path.iterdir())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, pseudonym_key_file: Path) -> Path:
    """The small office with its filled form, refreshed and published."""
    root = tmp_path_factory.mktemp("narasi")
    raw = Path(shutil.copytree(SMALL_OFFICE, root / "raw"))
    (raw / "narasi").mkdir()
    assert (
        main(["narasi", "--office", "TESTB", "--year", "2025", "--out", str(raw / "narasi")]) == 0
    )
    book = openpyxl.load_workbook(raw / FORM)
    sheet = book["Narasi"]
    assert sheet.cell(2, 1).value == "IKU1"
    sheet.cell(2, 3).value = INFORMATION
    sheet.cell(2, 5).value = OBSTACLES
    sheet.append(["IKU9", None, SECRET])  # row 10: no IKU9 in 2025
    sheet.append(["IKU1", None, None, SECRET])  # row 11: IKU1 again
    # a column of the clerk's own, which the form does not have: ignored, and said so
    sheet.cell(1, sheet.max_column + 1).value = "CATATAN"
    sheet.cell(2, sheet.max_column).value = "catatan pribadi staf"
    book.save(raw / FORM)
    path = root / "warehouse" / "warehouse.duckdb"
    assert build_warehouse(path, raw).success
    return path


@pytest.fixture(scope="module")
def data(built: Path) -> LkjData:
    with closing(connect(built)) as con:
        publish = latest_publish(con)
        assert publish is not None
        return load_lkj(con, "TESTB", 2025, publish)


def paragraphs(chapter: Chapter, key: str) -> tuple[str, ...]:
    [section] = [s for s in chapter.sections if s.key == key]
    return section.paragraphs


def test_the_offices_words_are_where_the_lkj_puts_them(data: LkjData) -> None:
    iku1 = paragraphs(draft_chapter(data), "iku1")
    # a. Informasi Kinerja before the figures, then b. Evaluasi Kinerja's texts after them
    assert iku1[0] == INFORMATION
    assert iku1[1].startswith("Realisasi IKU 1 (")
    # TESTB 2025 is provisional (February and March placements missing): tests/test_deliveries.py
    assert "tahun 2025 (sementara, data s.d. Januari 2025) sebesar 5 orang" in iku1[1]
    tail = iku1[iku1.index("[diisi oleh satker: penyebab capaian]") :]
    assert tail == (
        "[diisi oleh satker: penyebab capaian]",
        "Anggaran sosialisasi dikurangi pada semester II.",
        "Petugas di LTSA terbatas.",
        "[diisi oleh satker: upaya]",
        "[diisi oleh satker: rencana tindak lanjut]",
    )


def test_an_indicator_the_office_left_empty_shows_every_placeholder(data: LkjData) -> None:
    iku2 = paragraphs(draft_chapter(data), "iku2")
    assert iku2[0] == "[diisi oleh satker: informasi kinerja]"
    assert iku2[-4:] == (
        "[diisi oleh satker: penyebab capaian]",
        "[diisi oleh satker: kendala]",
        "[diisi oleh satker: upaya]",
        "[diisi oleh satker: rencana tindak lanjut]",
    )


def test_without_the_form_every_indicator_shows_the_placeholders(data: LkjData) -> None:
    chapter = draft_chapter(
        dataclasses.replace(data, rows={**data.rows, "fct_indicator_narratives": ()})
    )
    for indicator in data.indicators:
        texts = paragraphs(chapter, indicator.code.lower())
        assert texts[0] == "[diisi oleh satker: informasi kinerja]"
        assert sum(t.startswith("[diisi oleh satker: ") for t in texts) == 5


def test_a_faulty_row_is_quarantined_with_its_reason(built: Path) -> None:
    with duckdb.connect(str(built), read_only=True) as con:
        rows = con.execute(
            "select source_file, source_row, column_name, rule, detail_id "
            "from audit.quarantine where feed = 'narasi' order by source_row"
        ).fetchall()
        loaded = con.execute(
            "select indicator_code, obstacles from marts.fct_indicator_narratives"
        ).fetchall()
    assert rows == [
        (
            FORM,
            10,
            "KODE_IKU",
            "indicator_not_of_year",
            "KODE_IKU 'IKU9' bukan IKU tahun 2025 (IKU tahun itu: IKU1, IKU2, IKU3, IKU4, "
            "IKU5, IKU6, IKU7, IKU8)",
        ),
        (
            FORM,
            11,
            "KODE_IKU",
            "indicator_repeated",
            "KODE_IKU 'IKU1' sudah ada di baris sebelumnya: satu baris per IKU",
        ),
    ]
    assert all(SECRET not in detail for *_, detail in rows)
    assert len(loaded) == 8  # the eight indicators of the form, the faulty rows kept out
    assert dict(loaded)["IKU1"] == OBSTACLES  # its line break kept


def test_the_published_reports_carry_them(built: Path) -> None:
    """The refresh's own reports (the HTML page and the .docx) hold the office's words and
    the placeholders, as the chapter drafts them."""
    folder = built.parent / "reports" / "TESTB_2025"
    html = (folder / "lkj_TESTB_2025.html").read_text()
    document = docx.Document(str(folder / "lkj_TESTB_2025.docx"))
    texts = [p.text for p in document.paragraphs]
    for shown in (html, "\n".join(texts)):
        assert INFORMATION in shown
        assert "Petugas di LTSA terbatas." in shown
        assert shown.count("[diisi oleh satker: kendala]") == 7  # every IKU but IKU 1
    # in the .docx as the published LKj sets an IKU out: Tabel "Capaian IKU 1", "a. Informasi
    # Kinerja" with the office's words, "b. Evaluasi Kinerja", the figures' paragraphs, the
    # other tables and charts, then the causes and obstacles
    styles = [p.style.name for p in document.paragraphs]
    headings = [i for i, t in enumerate(texts) if styles[i] == "Heading 3" and t.startswith("IKU")]
    iku1, iku2 = headings[:2]
    a, b = texts.index("a. Informasi Kinerja", iku1), texts.index("b. Evaluasi Kinerja", iku1)
    assert texts[a + 1] == INFORMATION and b == a + 2
    assert texts[b + 1].startswith("Realisasi IKU 1 (")
    captions = [i for i in range(iku1, iku2) if texts[i].startswith(("Tabel ", "Grafik "))]
    causes = texts.index("[diisi oleh satker: penyebab capaian]", iku1)
    assert captions[0] < a and b < captions[1] and captions[-1] < causes < iku2


def test_a_column_of_the_clerks_own_is_said_to_be_ignored(built: Path) -> None:
    """The refresh's summary names the file and the column whose text nothing reads."""
    with closing(connect(built)) as con:
        shown = summary.render(con, "id")
    assert "Kolom yang tidak dikenal kontrak diabaikan" in shown
    assert f"- {FORM}: CATATAN" in shown
    assert "catatan pribadi staf" not in shown
