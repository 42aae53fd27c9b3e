"""Loading one table: what changed, the batches, the ledger and the slices for dbt."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from pipelines.lib import ledger
from pipelines.lib.errors import FeedFileError, printable
from pipelines.lib.filenames import parse_file_name
from pipelines.lib.ingest.batch import BatchOutcome, process_batch
from pipelines.lib.ingest.contract import FileReport, TableSpec
from pipelines.lib.ingest.read import read_file, read_file_parts, read_in_parts
from pipelines.lib.ingest.store import (
    BatchWriter,
    create_table,
    file_counts,
    forget_files,
    quarantine_duplicates,
    transaction,
    write_batch,
)
from pipelines.lib.rawscan import hash_files
from pipelines.lib.readers import file_sha256
from pipelines.lib.warehouse import table_exists

STAT_COLUMNS = ("size_bytes", "mtime_ns", "ctime_ns", "inode")

# Bump when the way files are read changes, so that unchanged files are read again.
LOADER_VERSION = "4"  # 4: audit.quarantine.detail_id


def loader_fingerprint(spec: TableSpec, key: bytes) -> str:
    """What a table's load depends on besides its files: the loader, the rules, the reference
    lists, the key."""
    digest = hashlib.sha256()
    # The reference lists too: a spelling added to one takes its warnings away.
    lists = [reference.digest() for _, _, reference in spec.referenced]
    for part in (LOADER_VERSION, repr(spec.columns), repr(spec.schema), *lists):
        digest.update(part.encode())
    digest.update(hmac.new(key, b"loader-fingerprint", hashlib.sha256).digest())
    return digest.hexdigest()


@dataclass
class TableLoad:
    """The outcome of loading one table: its files and whether anything changed."""

    table: str
    changed: bool
    files: dict[str, int]
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    reports: list[FileReport]
    offices_reloaded: list[str] = field(default_factory=list)
    files_read: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)
    slices: list[tuple[str, int | None]] = field(default_factory=list)
    # Files refused whole in this load (new rejections; those of earlier nights are
    # in the ledger as 'rejected', counted in files_rejected).
    rejected: list[ledger.RejectedFile] = field(default_factory=list)
    files_rejected: int = 0


@dataclass(frozen=True)
class _Found:
    path: Path
    sha256: str
    office: str
    period: str | None


def _slice_year(period: str | None) -> int | None:
    """The year of a file's period (``2024`` or ``2024-04``); None when it has none."""
    return int(period[:4]) if period and period[:4].isdigit() else None


@dataclass
class _Plan:
    """What one load of a table is to do, from the files found and the ledger."""

    spec: TableSpec
    fingerprint: str
    found: dict[str, _Found]  # the files delivered, by name inside the raw directory
    previous: dict[str, ledger.CurrentFile]  # the ledger's current files
    existed: bool  # raw.<table> was there before this load
    stats: list[tuple]  # audit.raw_file_stats rows to remember
    refused: dict[str, ledger.RejectedFile]  # files refused at sight (their names), by name
    rejected_before: dict[str, tuple[str, str]]  # the ledger's rejected versions
    to_read: list[str] = field(init=False)
    removed: list[str] = field(init=False)

    def __post_init__(self) -> None:
        def known(name: str) -> bool:
            before = self.previous.get(name)
            version = (self.found[name].sha256, self.fingerprint)
            if self.rejected_as_it_was(name):
                return True  # it stays rejected
            return (
                self.existed
                and before is not None
                and (
                    before.sha256,
                    before.loader_fingerprint,
                )
                == version
            )

        self.to_read = sorted(name for name in self.found if not known(name))
        # A file refused at sight keeps the version accepted before it, if any.
        self.removed = sorted(
            name for name in self.previous if name not in self.found and name not in self.refused
        )

    def rejected_as_it_was(self, name: str) -> bool:
        """The file is the version the ledger rejected, judged by the same loader."""
        return self.rejected_before.get(name) == (self.found[name].sha256, self.fingerprint)

    def delivered(self) -> dict[str, str]:
        """The SHA-256 of every file of the table in the raw directory now, by name."""
        shas = {name: file.sha256 for name, file in self.found.items()}
        return {**shas, **{name: r.sha256 for name, r in self.refused.items()}}

    def office_of(self, name: str) -> str:
        file = self.found.get(name)
        return file.office if file is not None else self.previous[name].office_code

    @property
    def offices(self) -> list[str]:
        """The offices whose rows this load changes."""
        return sorted({self.office_of(n) for n in [*self.to_read, *self.removed]})


def rejection(
    spec: TableSpec,
    error: FeedFileError,
    name: str,
    sha256: str,
    size_bytes: int,
    office: str | None = None,
    period: str | None = None,
) -> ledger.RejectedFile:
    """The ledger's record of a file refused whole, its reason in English and Indonesian."""
    if office is None:  # a name that does not parse: its office as far as it can be read
        match = re.search(r"_([A-Z]{3,8})(?=[_.]|$)", Path(name).name)
        office = match[1] if match else ""
    return ledger.RejectedFile(
        feed=spec.feed,
        table_name=spec.table,
        source_file=name,
        office_code=office,
        file_period=period,
        sha256=sha256,
        size_bytes=size_bytes,
        rule=error.rule,
        row=error.row,
        detail=error.detail,
        detail_id=error.detail_text("id"),
    )


def _refused_at_sight(
    spec: TableSpec, refused: Sequence[tuple[Path, FeedFileError]], raw_dir: Path
) -> dict[str, ledger.RejectedFile]:
    """The files refused before reading (their names, their kind), as rejections."""
    out: dict[str, ledger.RejectedFile] = {}
    for path, error in refused:
        name = path.relative_to(raw_dir).as_posix()
        try:  # a regular file's content is hashed; a FIFO or a broken link has none
            sha, size = (file_sha256(path), path.stat().st_size) if path.is_file() else ("", 0)
        except OSError:
            sha, size = "", 0
        out[name] = rejection(spec, error, name, sha, size)
    return out


def _hash_or_reject(
    con: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    files: Sequence[Path],
    raw_dir: Path,
    refused: dict[str, ledger.RejectedFile],
) -> tuple[dict[str, str], list[tuple], list[Path]]:
    """The files' SHA-256; a file that cannot be read to be hashed is rejected on its own."""
    try:
        hashes, stats = file_hashes(con, spec.table, files, raw_dir)
        return hashes, stats, list(files)
    except (OSError, FeedFileError):
        pass  # one of them: hash them one by one to find it
    hashes, stats, readable = {}, [], []
    for path in files:
        name = path.relative_to(raw_dir).as_posix()
        try:
            one, remember = file_hashes(con, spec.table, [path], raw_dir)
        except FeedFileError as error:
            refused[name] = rejection(spec, error, name, "", 0)
            continue
        except OSError as error:
            reason = FeedFileError(path, "unreadable", error.strerror or str(error))
            refused[name] = rejection(spec, reason, name, "", 0)
            continue
        hashes.update(one)
        stats += remember
        readable.append(path)
    return hashes, sorted(stats), readable


def _plan(
    con: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    files: Sequence[Path],
    raw_dir: Path,
    key: bytes,
    refused: Sequence[tuple[Path, FeedFileError]] = (),
) -> _Plan:
    """Hash what changed, make the table if it is missing, and compare with the ledger."""
    at_sight = _refused_at_sight(spec, refused, raw_dir)
    hashes, stats, files = _hash_or_reject(con, spec, files, raw_dir, at_sight)
    found: dict[str, _Found] = {}
    for path in files:
        identity = parse_file_name(path, spec.prefix, spec.period, spec.ext)
        name = path.relative_to(raw_dir).as_posix()
        found[name] = _Found(path, hashes[name], identity.office_code, identity.period)
    existed = table_exists(con, "raw", spec.table)
    if spec.unique_key and existed and not table_exists(con, "audit", f"held_{spec.table}"):
        existed = False  # a warehouse from before the held table: read everything again
    if not existed:
        with transaction(con):
            create_table(con, spec)
    previous = ledger.current_files(con, spec.table)
    # Rejected while read: not read again until it or the loader changes. A file refused at
    # sight (its name, its kind) is read as soon as it is no longer refused.
    rejected_before = ledger.rejected_files(con, spec.table, besides=ledger.SIGHT_RULES)
    fingerprint = loader_fingerprint(spec, key)
    return _Plan(spec, fingerprint, found, previous, existed, stats, at_sight, rejected_before)


def load_table(
    con: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    files: Sequence[Path],
    raw_dir: Path,
    key: bytes,
    now: dt.datetime,
    refused: Sequence[tuple[Path, FeedFileError]] = (),
    *,
    xlsx_max_uncompressed_mb: int,
) -> TableLoad:
    """Make ``raw.<table>`` and its quarantine the content of ``files``, reading only changes.

    A file whose version the ledger already holds (same SHA-256, read by the
    same loader; a file's stat spares its hashing, :func:`file_hashes`) is
    not read again. The rows of a changed or removed file leave; a new or
    changed file is read, and files are parsed, validated and inserted in
    batches of about :data:`BATCH_ROWS` rows, office after office.
    Duplicates of the unique key (which never cross offices) are judged
    again over every row of the offices touched, so that a correction of a
    first copy brings a later one back. The ledger's counts follow, and the
    office-years touched are listed in ``audit.changed_slices`` for dbt.

    A file that cannot be taken whole (``refused`` at sight by its name or
    kind, or a :class:`FeedFileError` while it is read: a missing column, a
    wrong delimiter, an unreadable workbook) is rejected on its own: the
    ledger records it as ``rejected`` with its rule, the version accepted
    before it stays with its rows, and every other file is loaded. It is not
    read again until it or the loader changes. A workbook whose parts take more than
    ``xlsx_max_uncompressed_mb`` once uncompressed is refused (``XLSX_MAX_UNCOMPRESSED_MB``).

    Rows are written in transactions of about :data:`BATCH_ROWS` rows, and
    the ledger last, in one more: one transaction over a whole table would
    hold every new row in memory until it commits (DuckDB keeps a
    transaction's appends in memory; 3.6 GB for 5 million placements). A
    refresh that fails part way never publishes its build file
    (:mod:`pipelines.lib.publish`), and the next reads the files again.
    """
    plan = _plan(con, spec, files, raw_dir, key, refused)
    # Refused at sight (a name, a link, a device): recorded each time, as it costs no
    # reading and its reason may change without its content (a setting, a link's target).
    new_refusals = list(plan.refused.values())
    if not plan.to_read and not plan.removed and not new_refusals:
        with transaction(con):
            ledger.mark_seen(con, spec.table, now)
            ledger.record_rejections(con, spec.table, [], plan.delivered(), plan.fingerprint, now)
            remember_file_stats(con, spec.table, plan.stats)
        return _unchanged(con, spec)
    reports, rejected = _write_changes(con, plan, raw_dir, key, xlsx_max_uncompressed_mb)
    rejected = [*new_refusals, *rejected]
    with transaction(con):
        summary, slices = _judge_and_record(con, plan, reports, now)
        ledger.record_rejections(con, spec.table, rejected, plan.delivered(), plan.fingerprint, now)
        remember_file_stats(con, spec.table, plan.stats)
    load = _unchanged(con, spec)
    load.changed = True
    refused = {r.source_file for r in rejected} | {
        n for n in plan.found if plan.rejected_as_it_was(n)
    }
    unchanged = len(plan.found.keys() - refused) - summary["new"] - summary["restated"]
    load.files = {**summary, "unchanged": unchanged, "rejected": load.files_rejected}
    load.reports = reports
    load.rejected = rejected
    load.offices_reloaded = plan.offices
    load.files_read = plan.to_read
    load.files_removed = plan.removed
    load.slices = slices
    return load


def _write_changes(
    con: duckdb.DuckDBPyConnection,
    plan: _Plan,
    raw_dir: Path,
    key: bytes,
    xlsx_max_uncompressed_mb: int,
) -> tuple[list[FileReport], list[ledger.RejectedFile]]:
    """Read, check and write the files to read, batch by batch; take out what leaves.

    Office by office, but a batch may hold the end of one office and the
    start of the next: the small feeds' files of every office make one or
    two batches. The old rows of a restated file leave with its new ones, in
    the same transaction; removed files leave last. A file rejected while it
    is read (or, for a rule over the whole file, while its batch is
    validated) is left out of its batch: its old version's rows stay, unless
    the ledger's current version is that very version (read again by a new
    loader), whose rows leave with the removed files.
    """
    spec = plan.spec
    ordered = sorted(plan.to_read, key=lambda n: (plan.found[n].office, n))
    reports: list[FileReport] = []
    rejected: list[ledger.RejectedFile] = []
    written: set[str] = set()  # files with rows submitted (a large one, in many batches)
    with BatchWriter(con) as writer:
        found = [plan.found[n] for n in ordered]
        for batch in _batches(spec, found, raw_dir, plan, rejected, xlsx_max_uncompressed_mb):
            gone = {r.source_file for r in rejected}
            batch = [(r, text) for r, text in batch if r.source_file not in gone]
            outcome, batch = _process_or_reject(spec, batch, key, plan, rejected, written)
            if not batch:
                continue
            names = list(dict.fromkeys(r.source_file for r, _ in batch))
            offices = sorted({plan.found[n].office for n in names})
            # A file's old rows leave with its first new ones, not again with its next parts.
            restated = [n for n in names if n in plan.previous and n not in written]
            writer.submit(write_batch, spec, outcome, (restated, offices))
            for report, _ in batch:
                if report.source_file not in written:
                    reports.append(report)
                    written.add(report.source_file)
        same = [
            r.source_file for r in rejected
            if (before := plan.previous.get(r.source_file)) is not None
            and before.sha256 == r.sha256
        ]  # fmt: skip
        leaving = [*plan.removed, *same]
        if leaving:
            offices = sorted({plan.office_of(n) for n in leaving})
            writer.submit(forget_files, spec, leaving, offices)
    return reports, rejected


def _process_or_reject(
    spec: TableSpec,
    batch: list[tuple[FileReport, pl.DataFrame]],
    key: bytes,
    plan: _Plan,
    rejected: list[ledger.RejectedFile],
    written: set[str],
) -> tuple[BatchOutcome | None, list[tuple[FileReport, pl.DataFrame]]]:
    """The batch's outcome; a file that breaks a rule of the whole file leaves the batch.

    A large file read in parts whose first parts are already written cannot
    leave whole: the error is raised, the refresh fails and publishes nothing.
    """
    while batch:
        try:
            return process_batch(spec, batch, key), batch
        except FeedFileError as error:
            culprit = next(
                (i for i, (r, _) in enumerate(batch) if r.path is not None
                 and printable(str(r.path)) == error.path),
                0,
            )  # fmt: skip
            report, _ = batch[culprit]
            if report.source_file in written:
                raise
            batch = [(r, text) for r, text in batch if r is not report]
            rejected.append(_rejected_while_read(spec, plan, report.source_file, error))
    return None, batch


def _rejected_while_read(
    spec: TableSpec, plan: _Plan, name: str, error: FeedFileError
) -> ledger.RejectedFile:
    file = plan.found[name]
    size = file.path.stat().st_size if file.path.exists() else 0
    return rejection(spec, error, name, file.sha256, size, file.office, file.period)


# Rows parsed, validated and inserted together: enough that Pandera's cost per call
# (some 17 ms) is small, few enough that memory stays bounded (docs/performance.md).
BATCH_ROWS = 100_000


def _batches(
    spec: TableSpec,
    files: Sequence[_Found],
    raw_dir: Path,
    plan: _Plan,
    rejected: list[ledger.RejectedFile],
    xlsx_max_uncompressed_mb: int,
) -> Iterator[list[tuple[FileReport, pl.DataFrame]]]:
    """The files read, in groups of about :data:`BATCH_ROWS` rows; a file that cannot be
    read whole is added to ``rejected`` instead.

    A small file is never split. A large CSV is read in parts
    (:func:`~pipelines.lib.ingest.read.read_file_parts`), checked to its end
    before its first part is given: memory holds a few parts, whatever the
    file's size (docs/input-errors.md, "Large files").
    """
    batch: list[tuple[FileReport, pl.DataFrame]] = []
    rows = 0
    for file in files:
        try:
            if read_in_parts(spec, file.path):
                report, parts = read_file_parts(spec, file.path, raw_dir, file.sha256)
                texts: Iterator[pl.DataFrame] = parts()
            else:
                report, text = read_file(
                    spec,
                    file.path,
                    raw_dir,
                    file.sha256,
                    xlsx_max_uncompressed_mb=xlsx_max_uncompressed_mb,
                )
                texts = iter([text])
        except FeedFileError as error:
            name = file.path.relative_to(raw_dir).as_posix()
            rejected.append(_rejected_while_read(spec, plan, name, error))
            continue
        for text in texts:
            batch.append((report, text))
            rows += text.height
            if rows >= BATCH_ROWS:
                yield batch
                batch, rows = [], 0
    if batch:
        yield batch


def _judge_and_record(
    con: duckdb.DuckDBPyConnection, plan: _Plan, reports: list[FileReport], now: dt.datetime
) -> tuple[dict[str, int], list[tuple[str, int | None]]]:
    """Judge duplicates over the offices touched, then write the ledger and the slices."""
    spec, offices = plan.spec, plan.offices
    if spec.unique_key:
        quarantine_duplicates(con, spec, offices)
    counts = file_counts(con, spec, offices)
    for report in reports:
        report.rows_loaded, report.rows_quarantined = counts.get(report.source_file, (0, 0))
    summary = ledger.record_changes(
        con,
        spec.table,
        [_ledger_row(spec, report) for report in reports],
        plan.removed,
        counts,
        plan.fingerprint,
        now,
    )
    slices = _changed_slices(plan, counts)
    if slices:
        con.executemany(
            "insert into audit.changed_slices values (?, ?, ?)",
            [[spec.table, office, year] for office, year in slices],
        )
    ledger.mark_seen(con, spec.table, now)
    return summary, slices


def _changed_slices(
    plan: _Plan, counts: dict[str, tuple[int, int]]
) -> list[tuple[str, int | None]]:
    """The office-years whose rows changed: files read or removed, and files not read whose
    counts moved (a duplicate judged again); every year of an office new to the table."""
    previous, found, reading = plan.previous, plan.found, set(plan.to_read)
    recounted = [
        name
        for name, (loaded, quarantined) in counts.items()
        if name in previous
        and name not in reading
        and (previous[name].rows_loaded, previous[name].rows_quarantined) != (loaded, quarantined)
    ]
    slices = set() if plan.existed else {(office, None) for office in plan.offices}
    slices |= {(found[n].office, _slice_year(found[n].period)) for n in plan.to_read}
    slices |= {(found[n].office, _slice_year(found[n].period)) for n in recounted}
    slices |= {
        (previous[n].office_code, _slice_year(previous[n].file_period)) for n in plan.removed
    }
    return sorted(slices, key=lambda s: (s[0], s[1] is None, s[1] or 0))


def _ledger_row(spec: TableSpec, report: FileReport) -> ledger.LedgerRow:
    return ledger.LedgerRow(
        feed=spec.feed,
        table_name=spec.table,
        source_file=report.source_file,
        office_code=report.identity.office_code,
        file_period=report.identity.period,
        sha256=report.sha256,
        size_bytes=report.size_bytes,
        rows_read=report.rows_read,
        rows_loaded=report.rows_loaded,
        rows_quarantined=report.rows_quarantined,
        extra_columns=report.extra_columns,
    )


def _unchanged(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> TableLoad:
    files, read, loaded, quarantined = con.execute(
        "select count(*), coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0), "
        "coalesce(sum(rows_quarantined), 0) from audit.file_ledger "
        "where table_name = ? and status = 'current'",
        [spec.table],
    ).fetchall()[0]
    rejected = con.execute(
        "select count(*) from audit.file_ledger where table_name = ? and status = 'rejected'",
        [spec.table],
    ).fetchall()[0][0]
    return TableLoad(
        table=spec.table,
        changed=False,
        files={"new": 0, "restated": 0, "removed": 0, "unchanged": files, "rejected": rejected},
        rows_read=read,
        rows_loaded=loaded,
        rows_quarantined=quarantined,
        reports=[],
        files_rejected=rejected,
    )


def file_hashes(
    con: duckdb.DuckDBPyConnection, table: str, files: Sequence[Path], raw_dir: Path
) -> tuple[dict[str, str], list[tuple]]:
    """SHA-256 of each file by its name in ``raw_dir``, and the stat rows to remember.

    ``audit.raw_file_stats`` is the refresh's side of the one stat cache
    (:func:`~pipelines.lib.rawscan.hash_files`): a file whose size, times and
    inode are those recorded when it was last hashed is not read again.
    """
    known = {
        name: rest
        for name, *rest in con.execute(
            f"select source_file, {', '.join(STAT_COLUMNS)}, sha256 "
            "from audit.raw_file_stats where table_name = ?",
            [table],
        ).fetchall()
    }
    hashes, remember = hash_files(files, raw_dir, known)
    return hashes, [(table, name, *entry) for name, entry in sorted(remember.items())]


def remember_file_stats(con: duckdb.DuckDBPyConnection, table: str, stats: list[tuple]) -> None:
    """Make ``audit.raw_file_stats`` of ``table`` the stat rows of :func:`file_hashes`."""
    current = con.execute(
        f"select table_name, source_file, {', '.join(STAT_COLUMNS)}, sha256 "
        "from audit.raw_file_stats where table_name = ? order by source_file",
        [table],
    ).fetchall()
    if current == stats:
        return
    con.execute("delete from audit.raw_file_stats where table_name = ?", [table])
    if stats:
        con.executemany("insert into audit.raw_file_stats values (?, ?, ?, ?, ?, ?, ?)", stats)
