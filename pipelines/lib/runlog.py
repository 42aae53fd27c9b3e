"""Every refresh writes its whole log to a file beside the warehouse.

``<warehouse folder>/logs/refresh-<run id>.log`` holds every Dagster event
and message of the run at DEBUG level, and (for a refresh started from the
command line) dbt's own output, whoever started the run: the command line,
the schedule, a sensor or the UI. The screen shows a short summary; the file
keeps everything for when something has to be explained. Logs older than
:data:`KEEP_DAYS` are removed when a new one starts.

Messages never carry personal values (names, NIK): the ingest says what is
wrong with a cell, not what it holds.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import dagster as dg

from pipelines.lib.secrets import scrub

LOGS = "logs"
KEEP_DAYS = 90
FORMAT = "%(asctime)s %(levelname)s %(message)s"


def logs_dir(warehouse: Path) -> Path:
    """The folder of the run logs of a warehouse."""
    return Path(warehouse).parent / LOGS


def log_path(warehouse: Path, run_id: str) -> Path:
    """The log file of one run."""
    return logs_dir(warehouse) / f"refresh-{run_id}.log"


def prune(directory: Path, keep_days: int = KEEP_DAYS) -> None:
    """Remove run logs older than ``keep_days``."""
    oldest = time.time() - keep_days * 86400
    for path in directory.glob("refresh-*.log") if directory.is_dir() else []:
        try:
            if path.stat().st_mtime < oldest:
                path.unlink()
        except FileNotFoundError:
            continue


class AppendingFileHandler(logging.Handler):
    """Appends each record to a file, opened and closed every time.

    A refresh logs a few hundred records; holding no file open means nothing
    to close when a run's loggers are dropped (Dagster gives loggers no end).
    """

    def __init__(self, path: Path, level: int = logging.DEBUG):
        super().__init__(level)
        self.path = path
        self.setFormatter(logging.Formatter(FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = scrub(self.format(record))  # no password of the lake's
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(text + "\n")
        except Exception:  # a log that cannot be written must not fail the refresh
            self.handleError(record)


@dg.logger(
    config_schema={
        "directory": dg.Field(str, description="Where the run logs are written."),
        "log_level": dg.Field(str, is_required=False, default_value="DEBUG"),
    },
    description="Writes the run's whole log to <warehouse folder>/logs/refresh-<run id>.log.",
)
def run_log_file(init_context: dg.InitLoggerContext) -> logging.Logger:
    """A logger that appends every record of the run to its log file."""
    directory = Path(init_context.logger_config["directory"])
    directory.mkdir(parents=True, exist_ok=True)
    prune(directory)
    level = logging.getLevelName(init_context.logger_config["log_level"].upper())
    logger = logging.Logger(f"bp3mi.run.{init_context.run_id}", level=level)
    logger.addHandler(AppendingFileHandler(directory / f"refresh-{init_context.run_id}.log"))
    return logger


def logger_config(warehouse: Path) -> dict:
    """The run config of the job's loggers: the console at INFO, and the run's log file."""
    return {
        "console": {"config": {"log_level": "INFO"}},
        "run_log_file": {"config": {"directory": str(logs_dir(warehouse))}},
    }
