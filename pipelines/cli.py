"""The command line: ``python -m pipelines refresh | validate | reports | dbt | narasi``.

``refresh`` runs the nightly refresh once, in this process, as the schedule
does. It holds the warehouse's refresh lock for the whole run (a second
refresh exits at once with a message, or waits with ``--wait``), prints a
line per step and feed and a summary at the end, and writes everything else
(Dagster's events, dbt's output) to ``<warehouse folder>/logs/refresh-<run
id>.log``; ``--verbose`` prints it all as well. A failure prints the file,
row and rule to fix, without a stack trace, and is appended to
``refresh_failures.jsonl`` beside the warehouse.

``dbt <dbt command>`` runs dbt in ``dbt_project/`` on the warehouse with the
settings the refresh gives it (``dbt_project/profiles.yml`` has no defaults).

The settings come from :class:`pipelines.lib.config.Settings`, read once;
the options (``--raw-dir``, ``--warehouse``, ``--lang``) take precedence.

Exit status: 0 done, 3 done with files rejected (every other file loaded
and published; the rejected ones are listed, with their error workbooks in
``kesalahan/`` beside the warehouse), 1 failed (nothing published; a pseudonym
key that is not the warehouse's among the causes: ``--rekey``), 2 wrong usage (a
setting that cannot be used, checked before anything runs, or a warehouse inside the
raw directory, checked before anything is written), 75 another refresh of the
warehouse is running (try again later); ``dbt`` exits with dbt's status.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import TextIO

from pipelines.lib import config, messages
from pipelines.lib.failures import root_cause

EXIT_FAILED = 1
# Published, but some files were rejected whole: a status of its own for cron and monitoring.
EXIT_REJECTED = 3
EXIT_LOCKED = 75  # EX_TEMPFAIL: another refresh holds the lock; try again later
STARTED_BY = "the command line (python -m pipelines refresh)"


def _feed_names() -> set[str]:
    """The feeds, whose steps are raw_<feed> (pipelines/defs/feeds/assets.py); imported when
    a refresh runs, not for every command."""
    from pipelines.contract.specs import FEEDS

    return set(FEEDS)


def _parser() -> argparse.ArgumentParser:
    """The commands and their options (argparse). Long because it declares every option
    of every command, one after the other; there is no logic in it."""
    parser = argparse.ArgumentParser(
        prog="python -m pipelines",
        description="KPI warehouse of the BP3MI offices: load the raw feeds into DuckDB.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def paths(command: argparse.ArgumentParser, raw: bool = True) -> None:
        if raw:
            command.add_argument(
                "--raw-dir", type=Path, help="raw directory (default: $RAW_DIR or raw/)"
            )
        command.add_argument(
            "--warehouse",
            type=Path,
            help="warehouse file (default: $WAREHOUSE_PATH or warehouse/warehouse.duckdb)",
        )
        command.add_argument(
            "--lang",
            choices=messages.LANGUAGES,
            help="language of what is printed: id (Bahasa Indonesia) or en "
            "(default: $REFRESH_LANG or id)",
        )

    refresh = commands.add_parser(
        "refresh",
        help="run the whole refresh once (what the nightly schedule runs)",
        description="Run the nightly refresh job once, in this process.",
    )
    paths(refresh)
    refresh.add_argument(
        "--allow-removals",
        action="store_true",
        help="let this refresh remove every file of an office, or more than 20%% of all "
        "files (files withdrawn on purpose)",
    )
    refresh.add_argument(
        "--wait",
        type=float,
        nargs="?",
        const=2 * 3600.0,
        default=0.0,
        metavar="SECONDS",
        help="if another refresh of the warehouse is running, wait for it to end "
        "(at most SECONDS, by default two hours) instead of exiting",
    )
    refresh.add_argument(
        "--rekey",
        action="store_true",
        help="build every pseudonym anew with the key of PSEUDONYM_KEY_FILE (or "
        "PSEUDONYM_KEY), although the warehouse was built with another; says how many rows' "
        "pseudonyms change. Without it a refresh with another key stops before loading",
    )
    refresh.add_argument(
        "--verbose", action="store_true", help="print every Dagster event and dbt's output too"
    )
    refresh.add_argument(
        "--force",
        action="store_true",
        help="run the refresh even when nothing changed since the last publish",
    )

    validate = commands.add_parser(
        "validate",
        help="check a raw directory against the contract, publishing nothing",
        description="Read every file of a raw directory as a refresh would, and report what "
        "would be rejected or quarantined. Nothing is loaded into or published to a warehouse.",
    )
    paths(validate)
    validate.add_argument(
        "--errors-dir",
        type=Path,
        help="where to write the error workbooks, one per faulty file (default: validasi/"
        "kesalahan beside the warehouse)",
    )

    reports = commands.add_parser(
        "reports",
        help="write the LKj reports of the published warehouse again",
        description="Write the reports of the published warehouse again (e.g. after they "
        "were deleted), under the warehouse's refresh lock.",
    )
    paths(reports, raw=False)
    reports.add_argument("--force", action="store_true", help="write every office-year again")

    dbt = commands.add_parser(
        "dbt",
        help="run a dbt command on the warehouse, with the settings the refresh gives dbt",
        description="Run dbt in dbt_project/ on the warehouse file itself (not a refresh's "
        "build), with the profile values a refresh passes (--vars: the file, DuckDB's memory "
        "limit, threads and spill directory). Options of this command come before the dbt "
        "command: python -m pipelines dbt --warehouse FILE build --full-refresh",
    )
    dbt.add_argument(
        "--warehouse",
        type=Path,
        help="warehouse file (default: $WAREHOUSE_PATH or warehouse/warehouse.duckdb)",
    )
    dbt.add_argument(
        "dbt_args", nargs=argparse.REMAINDER, metavar="DBT_COMMAND", help="e.g. build --select x"
    )

    take_over = commands.add_parser(
        "take-over-lake",
        help="make this working copy the writer of the lake of WAREHOUSE_URL, on purpose",
        description="Record this working copy (its warehouse) as the one that publishes into "
        "the lake of WAREHOUSE_URL; the working copy that published there before is refused "
        "from then on (docs/deploy.md).",
    )
    paths(take_over, raw=False)

    narasi = commands.add_parser(
        "narasi",
        help="write the form an office fills with its own words per indicator (Bab III)",
        description="Write the workbook narasi_<OFFICE>_<YEAR>.xlsx: one row per indicator of "
        "the year, a column per kind of text (informasi kinerja, penyebab, kendala, upaya, "
        "rencana tindak lanjut). Filled and put in the raw directory's narasi/ folder, the "
        "next refresh weaves it into the drafted Bab III (docs/raw-feeds.md).",
    )
    narasi.add_argument("--office", required=True, help="office code, e.g. JATENG")
    narasi.add_argument("--year", type=int, required=True, help="the report's year")
    narasi.add_argument(
        "--out", type=Path, help="file or folder to write to (default: the current folder)"
    )
    narasi.add_argument("--lang", choices=messages.LANGUAGES, help="language of what is printed")
    return parser


def _progress_logger(out: TextIO):
    """A Dagster logger that prints one line per step of note and per feed to ``out``."""
    import dagster as dg

    @dg.logger(
        config_schema={"lang": dg.Field(str, default_value=messages.DEFAULT_LANGUAGE)},
        description="The command line's progress lines.",
    )
    def progress(init_context: dg.InitLoggerContext) -> logging.Logger:
        lang = init_context.logger_config["lang"]
        logger = logging.Logger("bp3mi.progress", level=logging.DEBUG)
        logger.addHandler(ProgressHandler(out, lang))
        return logger

    return progress


class ProgressHandler(logging.Handler):
    """Turns a run's Dagster events into the command line's progress lines."""

    def __init__(self, out: TextIO, lang: str):
        super().__init__(logging.DEBUG)
        self.out = out
        self.lang = lang
        self.feeds: dict[str, list[int]] = {}

    def _print(self, line: str) -> None:
        self.out.write(line + "\n")
        self.out.flush()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._emit(record)
        except Exception:  # a progress line must never fail the refresh
            self.handleError(record)

    def _emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        if event is None or event.step_key is None:
            return
        step = event.step_key
        kind = event.event_type_value
        if kind == "STEP_START" and (words := messages.step_text(step, self.lang)):
            self._print(f"- {words}")
        elif kind == "ASSET_MATERIALIZATION" and step.removeprefix("raw_") in _feed_names():
            metadata = event.event_specific_data.materialization.metadata
            totals = self.feeds.setdefault(step, [0, 0, 0, 0])
            if "feed_files" in metadata:
                totals[0] = metadata["feed_files"].value
            for index, name in enumerate(("rows_loaded", "rows_quarantined", "files_rejected"), 1):
                totals[index] += metadata[name].value if name in metadata else 0
        elif kind == "STEP_SUCCESS" and step in self.feeds:
            files, loaded, quarantined, rejected = self.feeds[step]
            num = lambda value: messages.number(value, self.lang)  # noqa: E731
            self._print(
                "- "
                + messages.text(
                    "progress_feed_rejected" if rejected else "progress_feed",
                    self.lang,
                    feed=step.removeprefix("raw_"),
                    files=num(files),
                    loaded=num(loaded),
                    quarantined=num(quarantined),
                    rejected=num(rejected),
                )
            )
        elif kind == "STEP_FAILURE":
            self._print(f"x {step}")


def _settings(args: argparse.Namespace, settings: config.Settings) -> config.Settings:
    """``settings`` with what the options say instead: raw directory, warehouse, language."""
    raw = getattr(args, "raw_dir", None)
    warehouse = getattr(args, "warehouse", None)
    lang = getattr(args, "lang", None)
    return settings.replace(
        raw_dir=Path(raw).expanduser().resolve() if raw else settings.raw_dir,
        warehouse=Path(warehouse).expanduser().resolve() if warehouse else settings.warehouse,
        language=messages.language(lang) if lang else settings.language,
    )


def _fail(
    warehouse: Path,
    lang: str,
    message: str,
    log: Path | None = None,
    home: Path | None = None,
    **record,
) -> int:
    """Print a failure before or after a run, record it, and give the exit status."""
    print(message, file=sys.stderr)
    print(messages.text("failed", lang), file=sys.stderr)
    if log is not None:
        print(messages.text("log_file", lang, path=log), file=sys.stderr)
    where = _record(
        warehouse, home, lang, message=message, started_by=STARTED_BY, log=log, **record
    )
    if where:
        print(where, file=sys.stderr)
    return EXIT_FAILED


def _record(warehouse: Path, home: Path | None, lang: str, **failure) -> str:
    """Record a failure beside the warehouse, else in the Dagster ``home``; the sentence
    that says where, when it is not beside the warehouse (empty when it is)."""
    from pipelines.lib.failures import record_failure_somewhere

    where, refused = record_failure_somewhere(warehouse, home, **failure)
    if refused is None:
        return ""
    if where is not None:
        return messages.text("recorded_elsewhere", lang, path=where)
    return messages.text("not_recorded", lang, reason=refused.strerror or str(refused))


def _folder_failure(
    problem, warehouse: Path, lang: str, run_id: str | None, log: Path, home: Path | None
) -> int:
    """A warehouse folder the refresh could not write (full, read-only, a folder in a
    file's place): one line naming the folder and the cause; the run's partial files
    removed; recorded where it can be."""
    from pipelines.lib.diskerrors import remove_run_files
    from pipelines.unchanged import remove_dead_builds

    if run_id is not None:
        remove_run_files(warehouse, run_id)
    remove_dead_builds(warehouse)  # and the spill files, if no other refresh runs now
    cause = problem.text(warehouse)
    line = messages.text("folder_failed", lang, cause=cause)
    where = _record(
        warehouse,
        home,
        lang,
        run_id=run_id,
        message=cause.render("en"),
        started_by=STARTED_BY,
        log=log if log.is_file() else None,
    )
    print(f"{line} {where}".rstrip(), file=sys.stderr)
    return EXIT_FAILED


@contextlib.contextmanager
def _output_to(log: Path, verbose: bool):
    """Everything written to stdout and stderr (dbt's lines, warnings) goes to the run log;
    with ``verbose`` to the screen as well."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(_LogFile(log)) as log_file:
        handle = _Scrubbed(log_file)
        if verbose:
            out, err = _Tee(sys.stdout, handle), _Tee(sys.stderr, handle)
        else:
            out = err = handle
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            yield


class _Scrubbed:
    """A stream that writes no password of the lake's (pipelines/lib/secrets.py)."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, text: str) -> int:
        from pipelines.lib.secrets import scrub

        self.stream.write(scrub(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


@contextlib.contextmanager
def _scrubbed_output():
    """stdout and stderr without a password of the lake's, whatever prints."""
    with (
        contextlib.redirect_stdout(_Scrubbed(sys.stdout)),
        contextlib.redirect_stderr(_Scrubbed(sys.stderr)),
    ):
        yield


class _LogFile:
    """The run log, as a stream that never fails the refresh: once a write is refused
    (a full disk), the rest is dropped, and the refresh goes on to say why it failed."""

    def __init__(self, path: Path):
        self.handle: TextIO | None = path.open("a", encoding="utf-8")

    def write(self, text: str) -> int:
        if self.handle is not None:
            try:
                self.handle.write(text)
            except OSError:
                self.close()
        return len(text)

    def flush(self) -> None:
        if self.handle is not None:
            try:
                self.handle.flush()
            except OSError:
                self.close()

    def close(self) -> None:
        handle, self.handle = self.handle, None
        if handle is not None:
            with contextlib.suppress(OSError):
                handle.close()

    def isatty(self) -> bool:
        return False


class _Tee:
    """A stream that writes to two."""

    def __init__(self, first: TextIO, second: TextIO):
        self.first, self.second = first, second

    def write(self, text: str) -> int:
        self.first.write(text)
        return self.second.write(text)

    def flush(self) -> None:
        self.first.flush()
        self.second.flush()

    def isatty(self) -> bool:
        return False


def refresh(args: argparse.Namespace, settings: config.Settings) -> int:
    """Run the ``nightly_refresh`` job in this process; return a process exit code (what it
    prints without a password of the lake's)."""
    with _scrubbed_output():
        return _refresh(args, settings)


def _refresh(args: argparse.Namespace, settings: config.Settings) -> int:
    """The refresh.

    Dagster's, dbt's and Pandera's modules leave some 400,000 objects that
    live as long as the process. The cyclic garbage collector would walk them
    again and again while they are imported (about 1 s) and once more as the
    interpreter exits (about 1.3 s), for nothing: it is off while they load,
    and they are then frozen out of its reach (``gc.freeze``), as is what the
    run leaves behind once it is over (every connection is closed by then).
    """
    from pipelines.contract.specs import TABLES
    from pipelines.lib import lock, runlog
    from pipelines.lib.diskerrors import problem as folder_problem
    from pipelines.lib.indonesian import format_datetime
    from pipelines.lib.keyguard import check_key
    from pipelines.lib.lake import LakeError, LakeTarget, WorkingCopy
    from pipelines.lib.pseudonym import KeySource
    from pipelines.lib.publish import edited_outside, errors_link
    from pipelines.lib.removals import RawDirectoryError, require_raw_directory
    from pipelines.unchanged import nothing_to_do, remove_dead_builds

    lang, raw_dir, warehouse = settings.language, settings.raw_dir, settings.warehouse
    home = settings.dagster_home
    try:
        require_raw_directory(raw_dir)
        key_source = KeySource.of(settings)
        checked = check_key(warehouse, TABLES, key_source, rekey=args.rekey)
    except (RawDirectoryError, ValueError) as error:
        return _fail(warehouse, lang, messages.error_text(error, lang), home=home, run_id=None)
    if note := checked.note(key_source.setting()):
        print(note.render(lang))
    key = checked.key
    lake = LakeTarget(settings.warehouse_url, settings.warehouse_data_path)
    lake = lake if settings.warehouse_url else None
    try:
        if lake is not None:  # in seconds, before anything is built: reached, and ours
            lake.check(WorkingCopy.of(warehouse))
        # A key adopted is recorded by a refresh: never "nothing to do" until then.
        busy = args.force or checked.how == "adopted"
        follow = settings.raw_follow_symlinks
        same = (
            None if busy else nothing_to_do(warehouse, raw_dir, key, lake, follow_symlinks=follow)
        )
    except LakeError as error:
        return _fail(warehouse, lang, messages.error_text(error, lang), home=home, run_id=None)
    if same is not None:
        remove_dead_builds(warehouse)
        at = format_datetime(same.published_at, lang)
        files = messages.number(same.files, lang)
        print(messages.text("nothing_to_do", lang, at=at, files=files))
        if args.verbose:  # the run id is for whoever reads the logs, not for the clerk
            print(f"run {same.run_id}")
        _print_overdue(warehouse, lang)
        _print_unread(raw_dir, lang)
        _print_lake_note(warehouse, same.run_id, lang, published=False)
        if same.rejected:
            count = messages.number(same.rejected, lang)
            print(messages.text("still_rejected", lang, count=count, path=errors_link(warehouse)))
            return EXIT_REJECTED
        return 0
    if edited_outside(warehouse):
        print(messages.text("edited_outside", lang, path=warehouse))
    run_id = str(uuid.uuid4())
    log = runlog.log_path(warehouse, run_id)
    screen = sys.stdout
    try:
        with (
            lock.hold(
                warehouse,
                wait_seconds=args.wait,
                run_id=run_id,
                started_by=STARTED_BY,
                on_wait=lambda words: print(words, file=sys.stderr, flush=True),
            ),
            _output_to(log, args.verbose),
        ):
            result = _execute(args, settings, run_id, screen)
    except lock.RefreshLocked as error:
        message = messages.text("locked", lang, holder=lock.describe_holder(error.holder))
        print(message, file=sys.stderr)
        return EXIT_LOCKED
    except OSError as error:  # the lock file, the run log: the warehouse folder refuses
        problem = folder_problem(error)
        if problem is None:
            raise
        return _folder_failure(problem, warehouse, lang, run_id, log, home)
    return _report(result, warehouse, raw_dir, lang, log, home)


def _execute(args, settings: config.Settings, run_id: str, screen: TextIO):
    warehouse = settings.warehouse
    gc.disable()
    try:
        import dagster as dg

        from pipelines.definitions import REFRESH_JOB, build_definitions
        from pipelines.lib.resources import STARTED_BY_TAG

        warehouse.parent.mkdir(parents=True, exist_ok=True)
        definitions = build_definitions(
            warehouse,
            settings.raw_dir,
            allow_removals=args.allow_removals,
            rekey=args.rekey,
            lock_wait_seconds=0,
            loggers={"progress": _progress_logger(screen)},
            settings=settings,
        )
        job = definitions.resolve_job_def(REFRESH_JOB)
    finally:
        gc.freeze()
        gc.enable()
    run_config = {
        "loggers": {
            "console": {"config": {"log_level": "DEBUG" if args.verbose else "CRITICAL"}},
            "progress": {"config": {"lang": settings.language}},
        }
    }
    home = settings.dagster_home
    if home is not None:
        _dagster_home(home)
    instance = dg.DagsterInstance.from_config(str(home)) if home else None
    with instance or dg.DagsterInstance.ephemeral() as active:
        result = job.execute_in_process(
            instance=active,
            raise_on_error=False,
            run_config=run_config,
            run_id=run_id,
            tags={STARTED_BY_TAG: STARTED_BY},
        )
    gc.freeze()
    return result


def failure_text(failure, lang: str) -> str:
    """What failed a step, in ``lang``: a ``dagster.Failure`` of ours says it in both
    languages in its metadata (``pesan``, ``message``); any other error by its root cause."""
    user = getattr(failure, "user_failure_data", None)
    metadata = user.metadata if user is not None else {}
    key = "pesan" if lang == "id" else "message"
    if key in metadata:
        return str(metadata[key].value)
    return root_cause(failure.error)


def _dagster_home(home: Path) -> None:
    """A Dagster home with the project's instance settings (as ``make`` lays it out), so that
    a command-line refresh is in the same run history as the web UI's."""
    settings = home / "dagster.yaml"
    if not settings.exists():
        home.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(config.PROJECT_ROOT / "deploy" / "dagster.yaml", settings)


def _report(result, warehouse: Path, raw_dir: Path, lang: str, log: Path, home: Path | None) -> int:
    """Print the summary of a finished run, or what made it fail."""
    import duckdb

    from pipelines.lib import summary
    from pipelines.lib.publish import errors_link

    if result.success:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            print()
            print(summary.render(con, lang))
            _print_unread(raw_dir, lang)
            quarantined = summary.rows_quarantined(con)
            rejected = summary.rejected_count(con)
            warned = summary.rows_warned(con)
        print()
        _print_lake_note(warehouse, result.run_id, lang)
        if quarantined:
            rows = messages.number(quarantined, lang)
            print(messages.text("quarantine_hint", lang, rows=rows))
        if quarantined or rejected or warned:
            print(messages.text("error_workbooks", lang, path=errors_link(warehouse)))
        if rejected:
            count = messages.number(rejected, lang)
            print(messages.text("succeeded_rejected", lang, count=count, path=warehouse))
        else:
            print(messages.text("succeeded", lang, path=warehouse))
        print(messages.text("log_file", lang, path=log))
        return EXIT_REJECTED if rejected else 0
    steps: dict[str, str] = {}
    lines = []
    for event in result.all_events:
        if event.is_step_failure and event.step_key:
            cause = failure_text(result.failure_data_for_node(event.step_key), lang)
            steps[event.step_key] = cause
            lines.append(messages.text("error_in", lang, step=event.step_key, message=cause))
            if rule := re.search(r"\[([a-z_]+)\]", cause):
                lines.append("  -> " + messages.rule_text(rule[1], lang))
    for check in result.get_asset_check_evaluations():
        if not check.passed:
            name = check.asset_check_key.to_user_string()
            steps[name] = "check failed"
            lines.append(messages.text("check_failed", lang, check=name))
    message = "; ".join(f"{step}: {text}" for step, text in steps.items()) or "the run failed"
    if (problem := _run_folder_problem(result, warehouse)) is not None:
        return _folder_failure(problem, warehouse, lang, result.run_id, log, home)
    print("\n".join(lines), file=sys.stderr)
    print(messages.text("failed", lang), file=sys.stderr)
    print(messages.text("log_file", lang, path=log), file=sys.stderr)
    where = _record(
        warehouse,
        home,
        lang,
        run_id=result.run_id,
        message=message,
        steps=steps,
        started_by=STARTED_BY,
        log=log,
    )
    if where:
        print(where, file=sys.stderr)
    return EXIT_FAILED


def _run_folder_problem(result, warehouse: Path):
    """A folder the run could not write, as its failed steps tell it (their errors'
    text, dbt's included), or None: a full disk, or a path of the warehouse folder
    refused (a raw file that cannot be read is its feed's to tell)."""
    from pipelines.lib.diskerrors import FULL, from_text

    for event in result.all_events:
        if not (event.is_step_failure and event.step_key):
            continue
        failure = result.failure_data_for_node(event.step_key)
        texts = [failure_text(failure, "en")]
        error = failure.error
        while error is not None:
            texts.append(error.message)
            error = error.cause
        for text in texts:
            problem = from_text(text, warehouse.parent)
            if problem is not None and (
                problem.code in FULL
                or (problem.path is not None and problem.path.is_relative_to(warehouse.parent))
            ):
                return problem
    return None


def _print_unread(raw_dir: Path, lang: str) -> None:
    """The subfolders of feed folders, whose files no refresh reads, one line each."""
    from pipelines.lib import summary

    for line in summary.unread_subfolder_lines(raw_dir, lang):
        print(line)


def _print_overdue(warehouse: Path, lang: str) -> None:
    """A night with nothing to do: terlambat.json written all the same, and what is late."""
    import duckdb

    from pipelines.lib import overdue

    today = overdue.jakarta_today()
    overdue.write_for(warehouse, today)
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            lines = overdue.summary_lines(con, lang, today)
    except duckdb.Error:  # the night's sentence is said; this is extra
        return
    for line in lines:
        print(line)


def _print_lake_note(warehouse: Path, run_id: str, lang: str, published: bool = True) -> None:
    """The lake publish ``run_id`` made (if ``published``), or the warning that the lake the
    warehouse published into before is now behind."""
    import duckdb

    from pipelines.lib import summary

    with duckdb.connect(str(warehouse), read_only=True) as con:
        note = (published and summary.lake_published(con, run_id, lang)) or summary.lake_behind(
            con, run_id, lang
        )
    if note:
        print(note)


def reports(args: argparse.Namespace, settings: config.Settings) -> int:
    """Write the reports of the published warehouse again."""
    from pipelines.defs.reports.assets import regenerate_reports
    from pipelines.lib import lock, publish

    lang, warehouse = settings.language, settings.warehouse
    try:
        update = regenerate_reports(warehouse, force=args.force)
    except lock.RefreshLocked as error:
        holder = lock.describe_holder(error.holder)
        print(messages.text("locked", lang, holder=holder), file=sys.stderr)
        return EXIT_LOCKED
    except (FileNotFoundError, RuntimeError) as error:
        print(error, file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:  # the reports' folder, the lock: the warehouse folder refuses
        return _folder_refused("reports", error, warehouse, lang)
    print(
        messages.text(
            "reports_done",
            lang,
            written=len(update.rebuilt),
            kept=len(update.kept),
            removed=len(update.removed),
            national_written=len(update.national.rebuilt),
            national_removed=len(update.national.removed),
            # what readers open: the link, not the folder of this run it now points to
            path=publish.reports_link(warehouse),
        )
    )
    return 0


def validate(args: argparse.Namespace, settings: config.Settings) -> int:
    """Check a raw directory against the contract; publish nothing."""
    from pipelines.validate import validate_raw_directory

    errors_dir = args.errors_dir or settings.warehouse.parent / "validasi" / "kesalahan"
    try:
        return validate_raw_directory(
            settings.raw_dir,
            settings.language,
            errors_dir.resolve(),
            follow_symlinks=settings.raw_follow_symlinks,
            xlsx_max_uncompressed_mb=settings.xlsx_max_uncompressed_mb,
        )
    except OSError as error:  # the error workbooks' folder refuses
        return _folder_refused("validate", error, settings.warehouse, settings.language)


def _folder_refused(command: str, error: OSError, warehouse: Path, lang: str) -> int:
    """A command that is not a refresh could not write (a full disk, a read-only or
    immutable folder, a folder in a file's place): one line naming the folder (the
    warehouse's, when the refused path lies in it), no traceback."""
    from pipelines.lib.diskerrors import problem as folder_problem

    problem = folder_problem(error)
    if problem is None:
        raise error
    cause = problem.text(warehouse)
    print(messages.text("folder_refused", lang, command=command, cause=cause), file=sys.stderr)
    return EXIT_FAILED


def dbt(args: argparse.Namespace, settings: config.Settings) -> int:
    """Run a dbt command in dbt_project/ on the warehouse, with the refresh's settings."""
    from pipelines.lib.dbt import DBT_DIR, dbt_command
    from pipelines.lib.resources import Warehouse

    warehouse = Warehouse.from_settings(settings)
    return subprocess.run(dbt_command(args.dbt_args, warehouse), cwd=DBT_DIR).returncode


def narasi(args: argparse.Namespace, settings: config.Settings) -> int:
    """Write the form of the office's own words for a year (pipelines/lkj/narrative.py)."""
    from pipelines.lkj.narrative import form_name, write_form

    lang, office = settings.language, args.office.strip().upper()
    if not re.fullmatch(r"[A-Z]{3,8}", office):
        print(messages.text("narasi_bad_office", lang, office=args.office), file=sys.stderr)
        return 2
    out = args.out or Path.cwd()
    # A path that does not name a workbook is a folder, made if missing (the guide's
    # `--out raw/narasi`: the sample's raw directory has no narasi/ folder yet).
    folder = out.is_dir() or out.suffix.lower() != ".xlsx"
    path = out / form_name(office, args.year) if folder else out
    try:
        if folder:
            out.mkdir(parents=True, exist_ok=True)
        count = write_form(office, args.year, path)
    except OSError as error:
        return _folder_refused("narasi", error, settings.warehouse, lang)
    if not count:
        print(messages.text("narasi_no_period", lang, year=str(args.year)), file=sys.stderr)
        return 2
    print(messages.text("narasi_written", lang, count=count, year=str(args.year), path=path))
    return 0


def _language(args: argparse.Namespace) -> str:
    """The language to say a setting's error in: ``--lang``, else ``REFRESH_LANG`` if it can
    be read, else Indonesian."""
    if getattr(args, "lang", None):
        return args.lang
    try:
        return config.language()
    except config.SettingError:
        return messages.DEFAULT_LANGUAGE


def take_over_lake(args: argparse.Namespace, settings: config.Settings) -> int:
    """Record this working copy as the writer of the lake of ``WAREHOUSE_URL``."""
    from pipelines.lib.lake import LakeError, LakeTarget, WorkingCopy

    lang = settings.language
    with _scrubbed_output():
        if not settings.warehouse_url:
            print(messages.text("lake_not_set", lang), file=sys.stderr)
            return EXIT_FAILED
        lake = LakeTarget(settings.warehouse_url, settings.warehouse_data_path)
        writer = WorkingCopy.of(settings.warehouse, create=True)
        try:
            before = lake.take_over(writer)
        except LakeError as error:
            print(messages.error_text(error, lang), file=sys.stderr)
            return EXIT_FAILED
        was = before or "—"
        print(
            messages.text(
                "lake_taken_over", lang, lake=lake.describe(), this=writer.describe(), before=was
            )
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m pipelines``."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "dbt" and not args.dbt_args:
        parser.error("dbt: a dbt command is needed, e.g. python -m pipelines dbt build")
    try:
        settings = _settings(args, config.Settings.from_env())
    except config.SettingError as error:
        print(f"python -m pipelines: {error.text(_language(args))}", file=sys.stderr)
        return 2
    from pipelines.lib.removals import RawDirectoryError, require_warehouse_outside

    try:  # before anything is written beside the warehouse
        require_warehouse_outside(
            settings.raw_dir,
            settings.warehouse,
            {
                "DAGSTER_HOME": settings.dagster_home,
                "DUCKDB_TEMP_DIRECTORY": settings.duckdb_temp_directory,
            },
        )
    except RawDirectoryError as error:
        print(f"python -m pipelines: {error.text(settings.language)}", file=sys.stderr)
        return 2
    commands = {
        "refresh": refresh,
        "validate": validate,
        "reports": reports,
        "dbt": dbt,
        "take-over-lake": take_over_lake,
        "narasi": narasi,
    }
    return commands[args.command](args, settings)
