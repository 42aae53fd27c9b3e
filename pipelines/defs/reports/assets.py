"""The LKj reports as an asset of the nightly refresh, written beside the published warehouse."""

from contextlib import closing
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.analyst import connect
from pipelines.defs.publish.assets import PUBLISHED_KEY
from pipelines.defs.reports.lkj_data import latest_publish, load_lkj, office_years
from pipelines.defs.reports.lkj_html import render_html
from pipelines.defs.reports.lkj_workbook import render_workbook
from pipelines.defs.reports.output import report_path
from pipelines.lib.resources import Warehouse

REPORTS_KEY = dg.AssetKey(["reports", "lkj"])
REPORTS_DIR = "reports"
# The marts the reports read (lineage in the asset graph; the run waits for the publish).
MARTS_READ = (
    "fct_kpi_annual",
    "fct_kpi_quarterly",
    "fct_goal_annual",
    "fct_office_annual",
    "fct_placements_monthly",
    "fct_cases_annual",
    "dq_findings",
)


def write_reports(con: duckdb.DuckDBPyConnection, out_dir: Path, publish_id: str) -> list[Path]:
    """The workbook and the HTML page of every office-year, each office-year read once."""
    written = []
    for office_code, year in office_years(con):
        data = load_lkj(con, office_code, year, publish_id)
        written.append(render_workbook(data, report_path(out_dir, office_code, year, ".xlsx")))
        written.append(render_html(data, report_path(out_dir, office_code, year, ".html")))
    return written


@dg.asset(
    key=REPORTS_KEY,
    group_name="reports",
    deps=[PUBLISHED_KEY, *(dg.AssetKey(["marts", name]) for name in MARTS_READ)],
    kinds={"html", "excel"},
)
def lkj_reports(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    """The LKj (Laporan Kinerja) of every office and year with record-level data, as an
    XLSX workbook (Tabel 5, 6, 7-23, 24, 25, Lampiran II and III in the LKj's layout) and
    an HTML report with the same tables, charts of target against realisation, and the
    data findings. Written to `reports/<OFFICE>_<YEAR>/` beside the published warehouse,
    from the published file (read-only), each naming the publish it comes from."""
    published = warehouse.published()
    with closing(connect(published)) as con:
        publish_id = latest_publish(con) or context.run_id
        written = write_reports(con, published.parent / REPORTS_DIR, publish_id)
    context.log.info(f"{len(written)} report files from publish {publish_id}")
    return dg.MaterializeResult(
        metadata={
            "directory": dg.MetadataValue.path(str(published.parent / REPORTS_DIR)),
            "files": dg.MetadataValue.json([str(path) for path in written]),
            "publish_id": publish_id,
        }
    )


report_assets = [lkj_reports]
