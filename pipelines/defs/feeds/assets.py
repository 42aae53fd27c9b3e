"""One Dagster asset per raw feed, and a blocking reconciliation check on each."""

import datetime as dt

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.defs.feeds.specs import FEEDS
from pipelines.lib.ingest import (
    AUDIT_DDL,
    TableSpec,
    discover_files,
    load_table,
    reconcile,
)
from pipelines.lib.pseudonym import pseudonym_key
from pipelines.lib.resources import RawDirectory
from pipelines.lib.warehouse import write_connection

GROUP = "raw_feeds"

DESCRIPTIONS = {
    "penempatan": "Placements of migrant workers from SISKOP2MI, one row per worker (IKU 1).",
    "kasus": "Complaint cases received by the Crisis Center, one row per case (IKU 2).",
    "pencegahan": "Prevented non-procedural departures from the office's recap (IKU 3).",
    "pemulangan": "Facilitated repatriations, one row per worker (IKU 4).",
    "pemberdayaan": "Participants of empowerment activities for returned workers (IKU 5).",
    "anggaran": "Budget ceilings per activity, DIPA totals and monthly realisation.",
    "tata_kelola": "Quarterly governance scores NKA, IKPA, ZI (IKU 6-8) and IKPA components.",
    "target": "Performance targets per year, indicator, basis and quarter.",
    "historis": "Published realisations of years before the record-level feeds.",
}


def _description(feed: str, specs: tuple[TableSpec, ...]) -> str:
    tables = ", ".join(f"`raw.{s.table}`" for s in specs)
    return (
        f"{DESCRIPTIONS[feed]}\n\nReads `{feed}/` in the raw directory, validates every row "
        f"against the raw-feed contract and loads {tables}. Rows that break a rule are kept in "
        "`audit.quarantine` with their reason; every file is listed in `audit.ingest_files`. "
        "Names and NIK are stored only as keyed pseudonyms."
    )


def build_feed_asset(feed: str, specs: tuple[TableSpec, ...]) -> dg.AssetsDefinition:
    """The asset that loads every table of one feed in one transaction."""

    @dg.asset(
        key=["raw", feed],
        group_name=GROUP,
        description=_description(feed, specs),
        kinds={"python", "duckdb"},
    )
    def _feed_asset(
        context: dg.AssetExecutionContext, duckdb: DuckDBResource, raw_files: RawDirectory
    ):
        raw_dir = raw_files.root()
        files = discover_files(raw_dir, specs)
        key = pseudonym_key()
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        reports = []
        with write_connection(duckdb) as con:
            con.execute(AUDIT_DDL)
            con.execute("begin transaction")
            try:
                for spec in specs:
                    reports += load_table(con, spec, files[spec.table], raw_dir, key, now)
                con.execute("commit")
            except BaseException:
                con.execute("rollback")
                raise
        for report in reports:
            if report.extra_columns:
                context.log.warning(
                    f"{report.source_file}: extra column(s) ignored: "
                    + ", ".join(report.extra_columns)
                )
            if report.rows_quarantined:
                context.log.warning(
                    f"{report.source_file}: {report.rows_quarantined} of {report.rows_read} "
                    "row(s) quarantined; see audit.quarantine"
                )
        return dg.MaterializeResult(
            metadata={
                "files": len(reports),
                "rows_read": sum(r.rows_read for r in reports),
                "rows_loaded": sum(r.rows_loaded for r in reports),
                "rows_quarantined": sum(r.rows_quarantined for r in reports),
                "raw_dir": dg.MetadataValue.path(str(raw_dir)),
            }
        )

    _feed_asset.__name__ = f"raw_{feed}"
    return _feed_asset


def build_reconciliation_check(feed: str, specs: tuple[TableSpec, ...]) -> dg.AssetChecksDefinition:
    """Blocking: for every file, rows read = rows loaded + rows quarantined."""

    @dg.asset_check(
        asset=dg.AssetKey(["raw", feed]),
        name="rows_reconcile",
        blocking=True,
        description="For every file of the feed, rows read = rows loaded + rows quarantined, "
        "counted in the tables themselves. A failure stops the refresh.",
    )
    def _check(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with write_connection(duckdb) as con:
            mismatches = [row for spec in specs for row in reconcile(con, spec.table)]
        return dg.AssetCheckResult(
            passed=not mismatches,
            metadata={
                "mismatched_files": dg.MetadataValue.json(
                    [
                        {"file": f, "read": r, "loaded": lo, "quarantined": q}
                        for f, r, lo, q in mismatches
                    ]
                )
            },
        )

    return _check


feed_assets = [build_feed_asset(feed, specs) for feed, specs in FEEDS.items()]
feed_checks = [build_reconciliation_check(feed, specs) for feed, specs in FEEDS.items()]
