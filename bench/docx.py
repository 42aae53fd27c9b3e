"""The LKj's Word document timed in its parts (docs/performance.md, "The Word document").

    python -m bench.docx WAREHOUSE [OFFICE YEAR] [--repeat N]

For one office-year: the whole document (``render_docx``), its charts alone
(``chart_image``: the HTML page's SVG rasterised by resvg at 300 dpi), its tables
alone (``add_table`` for every table of the outline), and beside them the workbook
and the HTML page of the same report. Prints the median seconds of each.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import docx

from bench.timing import seconds
from pipelines.analyst import connect
from pipelines.lkj import docx_template, outline
from pipelines.lkj.lkj_data import load_lkj
from pipelines.lkj.lkj_docx import add_table, chart_image, rasterise, render_docx, text_width
from pipelines.lkj.lkj_html import render_html
from pipelines.lkj.lkj_workbook import render_workbook


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("office_year", nargs="*", default=["JATENG", "2024"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench-docx"))
    args = parser.parse_args()
    office, year = args.office_year[0], int(args.office_year[1])
    with closing(connect(args.warehouse)) as con:
        data = load_lkj(con, office, year, "bench")
    args.out.mkdir(parents=True, exist_ok=True)
    name = args.out / f"lkj_{office}_{year}"

    def charts() -> None:
        rasterise.cache_clear()  # each repeat draws them anew
        for chart in outline.placed_charts(data.indicators):
            chart_image(chart, data, 6.3)

    def document(cached: bool) -> Callable[[], None]:
        def write() -> None:
            if not cached:
                rasterise.cache_clear()
            render_docx(data, name.with_suffix(".docx"))

        return write

    def tables() -> None:
        document = docx.Document(str(docx_template.TEMPLATE))
        width = text_width(document.sections[0])
        for table in outline.lkj_tables(data):
            add_table(document, table, width)

    work = {
        "the Word document (render_docx)": document(cached=False),
        "the same again, its charts rasterised before (lru_cache)": document(cached=True),
        "its 20 charts as PNG (resvg, 300 dpi)": charts,
        "its 32 tables (add_table)": tables,
        "the workbook (render_workbook)": lambda: render_workbook(data, name.with_suffix(".xlsx")),
        "the HTML page (render_html)": lambda: render_html(data, name.with_suffix(".html")),
    }
    print(f"| seconds ({office} {year}, median of {args.repeat}) | |\n|---|---:|")
    for label, step in work.items():
        print(f"| {label} | {seconds(step, args.repeat):.2f} |")


if __name__ == "__main__":
    main()
