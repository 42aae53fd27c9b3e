"""Run the warehouse refresh from the command line, as the nightly schedule does."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

# Progress per step, without Dagster's debug events.
QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines",
        description="KPI warehouse of the BP3MI offices: load the raw feeds into DuckDB.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    refresh = commands.add_parser(
        "refresh",
        help="run the whole refresh once (what the nightly schedule runs)",
        description="Run the nightly refresh job once, in this process.",
    )
    refresh.add_argument("--raw-dir", type=Path, help="raw directory (default: $RAW_DIR or raw/)")
    refresh.add_argument(
        "--warehouse",
        type=Path,
        help="warehouse file (default: $WAREHOUSE_PATH or warehouse/warehouse.duckdb)",
    )
    return parser


def root_cause(error) -> str:
    """The message that names file, row and rule: the deepest FeedFileError of a Dagster
    error's chain, else its innermost error."""
    chain = [error]
    while chain[-1].cause is not None:
        chain.append(chain[-1].cause)
    ours = [e for e in chain if e.cls_name == "FeedFileError"]
    chosen = ours[-1] if ours else chain[-1]
    text = chosen.message.strip()
    # Dagster writes "module.Class: message"; the data officer needs the message.
    marker = f"{chosen.cls_name}: "
    return text.split(marker, 1)[1] if ours and marker in text else text


def refresh() -> int:
    """Run the ``nightly_refresh`` job in this process; return a process exit code.

    Dagster's, dbt's and Pandera's modules leave some 400,000 objects that
    live as long as the process. The cyclic garbage collector would walk them
    again and again while they are imported (about 1 s) and once more as the
    interpreter exits (about 1.3 s), for nothing: it is off while they load,
    and they are then frozen out of its reach (``gc.freeze``), as is what the
    run leaves behind once it is over (every connection is closed by then).
    """
    gc.disable()
    try:
        import dagster as dg

        from pipelines.definitions import REFRESH_JOB, build_definitions
        from pipelines.lib import config

        config.warehouse_path().parent.mkdir(parents=True, exist_ok=True)
        definitions = build_definitions()
        job = definitions.resolve_job_def(REFRESH_JOB)
    finally:
        gc.freeze()
        gc.enable()
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else None
    with instance or dg.DagsterInstance.ephemeral() as active:
        result = job.execute_in_process(
            instance=active, raise_on_error=False, run_config=QUIET_LOGS
        )
    gc.freeze()
    if result.success:
        print(f"refresh succeeded: {config.warehouse_path()}")
        return 0
    for event in result.all_events:
        if event.is_step_failure and event.step_key:
            error = result.failure_data_for_node(event.step_key).error
            print(f"error in {event.step_key}: {root_cause(error)}", file=sys.stderr)
    for check in result.get_asset_check_evaluations():
        if not check.passed:
            print(
                f"check failed: {check.asset_check_key.to_user_string()}",
                file=sys.stderr,
            )
    print("refresh failed", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m pipelines``."""
    args = _parser().parse_args(argv)
    if args.raw_dir:
        os.environ["RAW_DIR"] = str(args.raw_dir.resolve())
    if args.warehouse:
        os.environ["WAREHOUSE_PATH"] = str(args.warehouse.resolve())
    if args.command == "refresh":
        return refresh()
    return 2
