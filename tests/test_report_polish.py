"""What the reader of the LKj sees beyond its figures: how the workbook prints, the
checks of Temuan Data by their Indonesian names, the charts' axes in Indonesian.

Each test writes the sample's JATENG 2024 report with the report code and reads it back
as a reader's tools do (openpyxl for the workbook, the page's SVG text for the charts).
"""

from __future__ import annotations

import math
import re
from contextlib import closing
from pathlib import Path

import duckdb
import pytest
import yaml
from openpyxl import load_workbook

from pipelines.analyst import connect
from pipelines.lkj import code
from pipelines.lkj.checks import CHECK_NAMES
from pipelines.lkj.lkj_data import LkjData, load_lkj
from pipelines.lkj.lkj_html import render_html
from pipelines.lkj.lkj_workbook import LINE_HEIGHT
from pipelines.lkj.outline import lkj_tables
from pipelines.lkj.render import render_all
from tests.conftest import PROJECT_ROOT

QUALITY_MODELS = PROJECT_ROOT / "dbt_project/models/marts/quality/dq_findings.yml"


@pytest.fixture(scope="module")
def sample(warehouse: Path) -> LkjData:
    with closing(connect(warehouse)) as con:
        return load_lkj(con, "JATENG", 2024, "p")


@pytest.fixture(scope="module")
def written(sample: LkjData, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("lkj")
    xlsx, html = out / "lkj.xlsx", out / "lkj.html"
    assert render_all([(sample, [xlsx, html])]) == [xlsx, html]
    return xlsx, html


@pytest.fixture(scope="module")
def workbook(written: tuple[Path, Path]):
    return load_workbook(written[0])


def accepted_checks() -> set[str]:
    """The check names marts.dq_findings may give, as its dbt test accepts them."""
    models = yaml.safe_load(QUALITY_MODELS.read_text())["models"]
    [findings] = [m for m in models if m["name"] == "dq_findings"]
    [column] = [c for c in findings["columns"] if c["name"] == "check_name"]
    [accepted] = [t["accepted_values"] for t in column["data_tests"] if "accepted_values" in t]
    return set(accepted["arguments"]["values"])


def test_every_check_of_dq_findings_has_an_indonesian_name() -> None:
    assert set(CHECK_NAMES) == accepted_checks()
    assert len(set(CHECK_NAMES.values())) == len(CHECK_NAMES)  # no two read the same
    assert all(name != code and "_" not in name for code, name in CHECK_NAMES.items())


def test_temuan_data_names_each_check_in_indonesian(workbook, warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        counts = dict(
            con.execute(
                "select check_name, count(*) from marts.dq_findings "
                "where office_code = 'JATENG' and year = 2024 group by all"
            ).fetchall()
        )
    sheet = workbook["Temuan Data"]
    shown = [row[1] for row in sheet.iter_rows(min_row=5, values_only=True) if row[1]]
    expected = [CHECK_NAMES[code] for code, n in counts.items() for _ in range(n)]
    assert sorted(shown) == sorted(expected)
    assert counts["published_total_mismatch"] > 0  # the sample has some: the test reads them
    assert not set(shown) & set(CHECK_NAMES)  # no English code left
    # the DIPA after AA (13.488.991.000, Tabel 25) against its activities: whole Rupiah
    dipa = [
        row
        for row in sheet.iter_rows(min_row=5)
        if row[1].value == CHECK_NAMES["dipa_total_mismatch"] and row[3].value == 13_488_991_000
    ]
    assert [cell.number_format for cell in dipa[0][3:6]] == ["#,##0"] * 3


def test_every_table_prints_its_header_on_every_page_at_a_readable_scale(
    workbook, sample: LkjData
) -> None:
    """Each sheet at its own scale on A4, 70 % or more, not fitted to the page's width (a
    long note once shrank a table to 30 %): tests/test_print.py prints them."""
    for table in lkj_tables(sample):
        sheet = workbook[table.label]
        if table.header:
            last = 3 + len(table.header)
            assert sheet.print_title_rows == f"$4:${last}", table.label
        setup = sheet.page_setup
        assert setup.paperSize == 9, table.label  # A4
        assert 70 <= setup.scale <= 100, table.label
        assert not sheet.sheet_properties.pageSetUpPr.fitToPage, table.label


def test_tabel_5_repeats_its_two_header_rows(workbook) -> None:
    """Tabel 5 has a header of two rows (the quarters over target and realisation)."""
    assert workbook["Tabel 5"].print_title_rows == "$4:$5"


def test_wrapped_text_has_room_in_its_row(workbook, sample: LkjData) -> None:
    """Every cell whose text wraps has rows tall enough for its lines when printed: the
    lines a column of its width holds, one line 15 points high (11-point text)."""
    taller = 0
    for table in lkj_tables(sample):
        sheet = workbook[table.label]
        for row in sheet.iter_rows(min_row=4):
            for cell in row:
                if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                    continue
                rows, width = spanned(sheet, cell)
                lines = math.ceil(len(cell.value) / (width - 1))
                height = sum(sheet.row_dimensions[r].height or LINE_HEIGHT for r in rows)
                assert height >= lines * LINE_HEIGHT, (table.label, cell.coordinate)
                taller += lines > 1
    assert taller >= 5  # the long IKU and goal names wrap: the test sees them


def test_no_header_breaks_a_word(workbook, sample: LkjData) -> None:
    """A header wraps between words, never inside one (``Jumlah``, not ``Jumla`` / ``h``)."""
    for table in lkj_tables(sample):
        sheet = workbook[table.label]
        for row in sheet.iter_rows(min_row=4, max_row=3 + len(table.header)):
            for cell in row:
                if isinstance(cell.value, str):
                    _, width = spanned(sheet, cell)
                    longest = max(map(len, cell.value.split()))
                    assert width - 1 >= longest, (table.label, cell.value)
    assert workbook["Lampiran III"]["D4"].value == "JUMLAH"  # the case that did


def test_the_cover_prints_on_one_portrait_page_at_full_size(workbook) -> None:
    setup = workbook["Keterangan"].page_setup
    assert (setup.orientation, setup.paperSize, setup.scale) == ("portrait", 9, 100)


def spanned(sheet, cell) -> tuple[range, float]:
    """The rows a cell spans and the width (characters) of the columns it spans."""
    rows, columns = range(cell.row, cell.row + 1), range(cell.column, cell.column + 1)
    for merged in sheet.merged_cells.ranges:
        if merged.min_row == cell.row and merged.min_col == cell.column:
            rows = range(merged.min_row, merged.max_row + 1)
            columns = range(merged.min_col, merged.max_col + 1)
    letters = [sheet.cell(row=1, column=c).column_letter for c in columns]
    return rows, sum(sheet.column_dimensions[x].width or 8.43 for x in letters)


def chart_texts(page: str, key: str) -> list[str]:
    """The texts of one chart's SVG (its tick labels, value labels, legend), in order."""
    figure = re.search(rf"<figure class='chart' id='{key}'>(.*?)</figure>", page, re.DOTALL)
    assert figure, key
    svg = re.sub(r"<title>.*?</title>", "", figure[1], flags=re.DOTALL)
    return [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)]


def test_chart_axes_use_indonesian_separators(written: tuple[Path, Path]) -> None:
    page = written[1].read_text(encoding="utf-8")
    achievement = chart_texts(page, "grafik-capaian-iku")
    assert {"0 %", "100 %", "200 %", "300 %"} <= set(achievement)  # the axis
    assert "71,29" in achievement and "179,38" in achievement  # IKU 1 and 4, Tabel 6
    placements = chart_texts(page, "grafik-penempatan-bulanan")
    assert "2.000" in placements and "2,000" not in placements
    series = chart_texts(page, "grafik-iku1-tahunan")
    assert "25.207 Orang" in series and "35.354 Orang" in series  # 2024's, Tabel 8


def test_achievement_charts_draw_a_100_percent_line(written: tuple[Path, Path]) -> None:
    page = written[1].read_text(encoding="utf-8")
    for key in ("grafik-capaian-iku", "grafik-anggaran-kinerja"):
        figure = re.search(rf"<figure class='chart' id='{key}'>(.*?)</figure>", page, re.DOTALL)
        assert "class='target-line'" in figure[1], key
        assert "Target 100 %" in chart_texts(page, key), key


def test_the_drafted_chapter_has_its_place_in_the_page(sample: LkjData, tmp_path: Path) -> None:
    """The drafted chapter is a section of the page after the indicators' sections, named
    in the table of contents by its title, which marks it a draft."""
    page = render_html(sample, tmp_path / "lkj.html").read_text()
    sections = re.findall(r"<section id='([^']+)'>", page)
    assert sections.index("analisis") == sections.index("iku8") + 1
    assert sections[sections.index("analisis") + 1] == "realisasi-anggaran"
    assert "<a href='#analisis'>BAB III AKUNTABILITAS KINERJA (DRAF - untuk disunting)</a>" in page
    assert 'id="analisis-iku1"' in page and '<p class="draf-catatan">' in page


def test_the_report_code_version_covers_the_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change to a template writes every report again, as a change to the code does."""
    templates = Path(code.__file__).parent / "templates"
    assert {p for p in templates.iterdir() if p.is_file()} <= set(code.REPORT_CODE)
    assert {"page.html.j2", "table.html.j2", "style.css"} <= {p.name for p in code.REPORT_CODE}
    before = code.report_code_version()
    edited = tmp_path / "page.html.j2"  # the page template with one more line
    edited.write_bytes((templates / "page.html.j2").read_bytes() + b"\n")
    monkeypatch.setattr(
        code, "REPORT_CODE", tuple(edited if p.name == edited.name else p for p in code.REPORT_CODE)
    )
    assert code.report_code_version() != before
