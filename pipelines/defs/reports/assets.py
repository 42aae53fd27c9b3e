"""The LKj reports of a warehouse, written by the publish step (pipelines/lib/publish.py).

A refresh writes again only the office-years whose report would change. Each
office-year has a fingerprint of everything its report is made of: the columns
the outline reads of the marts for that office and year (``MARTS_READ_ROWS``,
``MARTS_READ_COLUMNS``, from ``pipelines/lkj/outline.py``), the reference tables
every report reads (``SHARED_READ``), and the source of the code that lays them
out and of the Renstra's declaration (``REPORT_CODE``). ``reports/manifest.json`` keeps
the fingerprint each office-year's files were written from; an office-year is
written again when its fingerprint differs, when it is new, or when one of its
files is missing, and the files of office-years that no longer exist are
removed. The publish id is not part of the fingerprint: a report that was kept
names the publish it was written from, whose figures it still shows.
"""

import datetime as dt
import hashlib
import json
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.analyst import connect
from pipelines.lib import lock, publish
from pipelines.lkj.code import REPORT_CODE_VERSION
from pipelines.lkj.lkj_data import latest_publish, load_lkj_many, office_years
from pipelines.lkj.monitoring import monitoring_path
from pipelines.lkj.national import NATIONAL_READ, NationalUpdate, update_national
from pipelines.lkj.outline import MARTS_READ_COLUMNS, MARTS_READ_ROWS
from pipelines.lkj.output import report_path, write_atomically
from pipelines.lkj.render import render_all, workers_for

REPORTS_KEY = dg.AssetKey(["reports", "lkj"])
MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
# The files of an office-year: the workbook, the HTML page, the drafted Bab III (render.py),
# and the quarterly monitoring workbook (monitoring.py).
SUFFIXES = (".xlsx", ".html", ".docx")


def office_year_files(out_dir: Path, office_code: str, year: int) -> list[Path]:
    """The files of an office-year: the LKj's (``SUFFIXES``), then the monitoring workbook."""
    return [
        *(report_path(out_dir, office_code, year, suffix) for suffix in SUFFIXES),
        monitoring_path(out_dir, office_code, year),
    ]


# The rows a report reads of each mart for one office-year (the outline's reads,
# pipelines/lkj/outline.py): the office's rows of the report's year ("="), or of every
# year up to it ("<=": the series of Bab III). The marts are also the asset's lineage; the
# run waits for the publish.
MARTS_READ = tuple(MARTS_READ_ROWS)
# Read whole by every report: a change here writes every report again. The Renstra's
# goals and indicators: the report takes them from the declaration the warehouse's
# reference.goals and reference.indicators are built from (pipelines/indicators.py, also
# part of the report code's version, pipelines/lkj/code.py).
SHARED_READ = ("reference.goals", "reference.indicators", "reference.offices")

# One row as text: JSON names every column, quotes every string, and writes doubles
# exactly, so different rows never give the same text; sorted, the rows of a group give
# the same digest in whatever order the table holds them.
_ROW = "to_json(t)::varchar"
_DIGEST = "md5(coalesce(string_agg(row, chr(10) order by row), ''))"


def _digests_by_office_year(
    con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...] = ("*",)
) -> dict[tuple[str, int], str]:
    """A digest of the rows of ``table`` of each office and year, in one query: of the
    ``columns`` the reports read of it (``MARTS_READ_COLUMNS``), or of every column."""
    read = ", ".join(c for c in columns if c not in ("office_code", "year"))
    rows = con.execute(
        f"select office_code, year, {_DIGEST} from (select office_code, year, {_ROW} as row "
        f"from (select office_code, year, {read} from {table} t) t) group by all"
    ).fetchall()
    return {(office_code, year): digest for office_code, year, digest in rows}


def _digest(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """A digest of every row of ``table``."""
    sql = f"select {_DIGEST} from (select {_ROW} as row from {table} t)"
    [(digest,)] = con.execute(sql).fetchall()
    return digest


def fingerprints(
    con: duckdb.DuckDBPyConnection, wanted: list[tuple[str, int]]
) -> dict[tuple[str, int], str]:
    """The fingerprint of the report of each office-year in ``wanted``: equal fingerprints,
    equal reports (but for the publish they name and when they were written)."""
    shared = {table: _digest(con, table) for table in SHARED_READ}
    shared["code"] = REPORT_CODE_VERSION
    marts = {
        name: _digests_by_office_year(con, f"marts.{name}", MARTS_READ_COLUMNS[name])
        for name in MARTS_READ_ROWS
    }
    result = {}
    for office_code, year in wanted:
        content = dict(shared)
        for name, years in MARTS_READ_ROWS.items():
            if years == "=":
                content[name] = marts[name].get((office_code, year))
            else:
                content[name] = sorted(
                    [row_year, digest]
                    for (office, row_year), digest in marts[name].items()
                    if office == office_code and row_year <= year
                )
        text = json.dumps(content, sort_keys=True)
        result[(office_code, year)] = hashlib.sha256(text.encode()).hexdigest()
    return result


@dataclass
class ReportsUpdate:
    """What one run did to the reports directory, by office-year (``<OFFICE>_<YEAR>``)."""

    directory: Path
    rebuilt: dict[str, str] = field(default_factory=dict)  # office-year -> why
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    # The national workbooks (NASIONAL_<YEAR>): what was written, kept in the manifest, removed.
    national: NationalUpdate = field(default_factory=NationalUpdate)

    @property
    def manifest(self) -> Path:
        return self.directory / MANIFEST


def manifest_code(out_dir: Path) -> str | None:
    """The version of the report code ``<out_dir>/manifest.json`` was written by, if any."""
    try:
        manifest = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest.get("code") if isinstance(manifest, dict) else None


def read_manifest(out_dir: Path, part: str = "reports") -> dict[str, dict]:
    """The office-years of ``<out_dir>/manifest.json`` (its national workbooks with ``part``
    "national"); none if it is missing or unreadable (then every report is written again)."""
    try:
        manifest = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        return {}
    reports = manifest.get(part)
    return reports if isinstance(reports, dict) else {}


def _files(out_dir: Path, name: str) -> list[Path]:
    """The report files of office-year ``name`` (``<OFFICE>_<YEAR>``): ``office_year_files``
    with the name split."""
    office_code, _, year = name.rpartition("_")
    return office_year_files(out_dir, office_code, int(year)) if year.isdigit() else []


def _remove(out_dir: Path, names: set[str]) -> None:
    """Delete the report files of ``names`` (nothing else), and their directories if empty."""
    for name in names:
        for path in _files(out_dir, name):
            path.unlink(missing_ok=True)
        with suppress(OSError):  # something else is in it: not ours to delete
            (out_dir / name).rmdir()


def update_reports(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    publish_id: str,
    *,
    force: bool = False,
    workers: int | None = None,
) -> ReportsUpdate:
    """Bring ``out_dir`` up to date with the warehouse: write the files (``SUFFIXES``)
    of each office-year whose report would change (of every office-year with ``force``),
    remove those of office-years that no longer exist, then record them in the manifest.

    The figures of the office-years to write are read at once; their files are written in
    ``workers`` processes (by default one per core when there are many, ``workers_for``)."""
    out_dir = Path(out_dir)
    update = ReportsUpdate(directory=out_dir)
    previous = read_manifest(out_dir)
    entries = {}
    rebuild: list[tuple[tuple[str, int], list[Path]]] = []
    office_fingerprints = fingerprints(con, office_years(con))
    for (office_code, year), fingerprint in office_fingerprints.items():
        name = f"{office_code}_{year}"
        before = previous.get(name)
        paths = office_year_files(out_dir, office_code, year)
        if force:
            why = "forced"
        elif not isinstance(before, dict):
            why = "new"
        elif before.get("fingerprint") != fingerprint:
            why = "changed"
        elif not all(path.is_file() for path in paths):
            why = "file missing"
        else:
            entries[name] = before
            update.kept.append(name)
            continue
        rebuild.append(((office_code, year), paths))
        update.rebuilt[name] = why
        entries[name] = {
            "office_code": office_code,
            "year": year,
            "fingerprint": fingerprint,
            "publish_id": publish_id,
            "files": [path.relative_to(out_dir).as_posix() for path in paths],
        }
    figures = load_lkj_many(con, [office_year for office_year, _ in rebuild], publish_id)
    jobs = zip(figures, (paths for _, paths in rebuild), strict=True)
    update.written += render_all(jobs, workers_for(len(rebuild)) if workers is None else workers)
    # The national workbooks (national.py), one per year: written again when an office's
    # report of that year or before is, kept in the manifest's "national".
    national_before = read_manifest(out_dir, "national")
    national_rows = {
        (name, *office_year): digest
        for name in NATIONAL_READ
        for office_year, digest in _digests_by_office_year(con, f"marts.{name}").items()
    }
    update.national = update_national(
        con, out_dir, publish_id, office_fingerprints, national_rows, national_before, force=force
    )
    # Office-years of the manifest, or with report files but none (written before it), gone.
    found = {
        d.name
        for d in (out_dir.iterdir() if out_dir.is_dir() else [])
        if d.is_dir() and any(path.exists() for path in _files(out_dir, d.name))
    }
    update.removed = sorted((set(previous) | found) - set(entries))
    _remove(out_dir, set(update.removed))
    national = update.national.entries
    if (
        entries != previous
        or national != national_before
        or manifest_code(out_dir) != REPORT_CODE_VERSION
    ):
        manifest = {
            "format": MANIFEST_FORMAT,
            "code": REPORT_CODE_VERSION,
            "reports": entries,
            "national": national,
        }
        text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
        write_atomically(update.manifest, lambda partial: partial.write_text(text, "utf-8"))
    return update


def write_reports(con: duckdb.DuckDBPyConnection, out_dir: Path, publish_id: str) -> list[Path]:
    """The files of every office-year, all written again."""
    return update_reports(con, out_dir, publish_id, force=True).written


REPORTS_DESCRIPTION = (
    "The LKj (Laporan Kinerja) of every office and year with record-level data, as an XLSX "
    "workbook (Tabel 3-25, Lampiran I-V and the IKPA appendix in the LKj's layout) and an "
    "HTML report with the same tables, charts of target against realisation, and the data "
    "findings, and the drafted analysis chapter (Bab III, a .docx for the office to edit); "
    "and per year a national workbook (`reports/NASIONAL/`: every office side by side, "
    "national totals, trends). Written from the run's build before it is published, into "
    "a folder of the run's own, and published with the warehouse: "
    "`reports/<OFFICE>_<YEAR>/` beside it "
    "always goes with the published file, each report naming the publish it comes from. "
    "Only the office-years whose figures or report code changed are written again "
    "(`reports/manifest.json`); the step's `force_reports` writes them all."
)


def reports_metadata(update: ReportsUpdate, directory: Path, publish_id: str) -> dict:
    """What the reports step tells Dagster about one update."""
    return {
        "directory": dg.MetadataValue.path(str(directory)),
        "manifest": dg.MetadataValue.path(str(directory / MANIFEST)),
        "rebuilt": len(update.rebuilt),
        "kept": len(update.kept),
        "removed": len(update.removed),
        "rebuilt_office_years": dg.MetadataValue.json(update.rebuilt),
        "removed_office_years": dg.MetadataValue.json(update.removed),
        "files": dg.MetadataValue.json(
            [str(path) for path in (*update.written, *update.national.written)]
        ),
        "national_rebuilt": dg.MetadataValue.json(update.national.rebuilt),
        "national_removed": dg.MetadataValue.json(update.national.removed),
        "publish_id": publish_id,
    }


def regenerate_reports(
    published: Path, *, force: bool = False, wait_seconds: float = 0
) -> ReportsUpdate:
    """Write the reports of the published warehouse again, outside a refresh.

    For reports deleted by hand or a new version of the report code: takes
    the warehouse's lock like a refresh, writes into a new folder from the
    published file and turns the ``reports`` link to it.
    """
    published = Path(published).resolve()
    if not published.is_file():
        raise FileNotFoundError(f"{published}: no warehouse here yet; run a refresh first")
    with lock.hold(published, wait_seconds=wait_seconds, started_by="python -m pipelines reports"):
        publish.recover(published)
        with closing(connect(published)) as con:
            publish_id = latest_publish(con)
        if publish_id is None:
            raise RuntimeError(f"{published}: the warehouse records no publish")
        folder_id = f"{publish_id}-again-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%f}"
        staged = publish.stage_reports(published, folder_id)
        with closing(connect(published)) as con:
            update = update_reports(con, staged, publish_id, force=force)
        publish.swap_reports(published, folder_id)
    return update
