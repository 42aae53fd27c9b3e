"""A refresh never removes much by accident.

A file no longer in the raw directory is ``removed``: its rows leave the
warehouse. That is right for a file withdrawn on purpose, and wrong for a
mistyped ``--raw-dir``, an unmounted share or a feed folder emptied by a
bad copy, which would publish an empty or shrunken warehouse. So before any
file is read, the refresh compares what the raw directory holds with what
the warehouse's ledger calls current, and stops, changing nothing, when it
would remove

- every file of an office (an office whose files have all gone), or
- more than a set share of all current files (:data:`MAX_REMOVED_SHARE`),

unless it is told that the removals are meant (``--allow-removals``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.lib.errors import OperatorError, printable
from pipelines.lib.i18n import Message
from pipelines.lib.warehouse import table_exists

# More than this share of the current files removed in one refresh needs --allow-removals.
MAX_REMOVED_SHARE = 0.2


class RawDirectoryError(OperatorError):
    """The raw directory cannot be what the refresh should read."""


class RemovalRefused(OperatorError):
    """The refresh would remove more than an operator would by accident."""

    def __init__(self, plan: RemovalPlan, reasons: list[Message]):
        self.plan = plan
        self.reasons = reasons
        examples = ", ".join(printable(name) for name in plan.removed[:3])
        more = (
            Message(" and {count} more", count=len(plan.removed) - 3)
            if len(plan.removed) > 3
            else ""
        )
        super().__init__(
            Message(
                "refresh stopped before reading any file: it would remove {removed} of the "
                "{current} file(s) the warehouse holds ({examples}{more}): {reasons}. Nothing "
                "was changed. If the raw directory is the right one and the files were "
                "withdrawn on purpose, run again with --allow-removals (python -m pipelines "
                "refresh --allow-removals).",
                removed=len(plan.removed),
                current=plan.current,
                examples=examples,
                more=more,
                reasons=reasons,
            )
        )


def require_warehouse_outside(
    raw_dir: Path, warehouse: Path, folders: Mapping[str, Path | None] | None = None
) -> None:
    """The warehouse file must lie outside the raw directory: a refresh writes its logs, lock,
    error workbooks and failure record beside it, which would land among the deliveries.
    So must the other folders a refresh writes into (``folders``, by their variable:
    ``DAGSTER_HOME``, ``DUCKDB_TEMP_DIRECTORY``). Checked before anything is written."""
    for variable, folder in (folders or {}).items():
        if folder is not None and folder.resolve().is_relative_to(raw_dir.resolve()):
            raise RawDirectoryError(
                Message(
                    "{variable}={folder} lies inside the raw directory {raw}: a refresh "
                    "writes into it, among the deliveries. Set {variable} to a folder outside "
                    "the raw directory. Nothing was written.",
                    variable=variable,
                    folder=str(folder),
                    raw=str(raw_dir),
                )
            )
    if warehouse.resolve().is_relative_to(raw_dir.resolve()):
        raise RawDirectoryError(
            Message(
                "the warehouse {warehouse} lies inside the raw directory {raw}: a refresh "
                "writes its logs and error workbooks beside the warehouse. Set WAREHOUSE_PATH "
                "(or --warehouse) to a file outside the raw directory. Nothing was written.",
                warehouse=str(warehouse),
                raw=str(raw_dir),
            )
        )


def require_raw_directory(raw_dir: Path) -> None:
    """The raw directory must exist and be a directory: a missing one is a mistake."""
    if not raw_dir.exists():
        raise RawDirectoryError(
            Message(
                "raw directory {path} does not exist: is the path mistyped, or the share not "
                "mounted? Nothing was changed.",
                path=str(raw_dir),
            )
        )
    if not raw_dir.is_dir():
        raise RawDirectoryError(
            Message(
                "raw directory {path} is not a directory. Nothing was changed.", path=str(raw_dir)
            )
        )


@dataclass
class RemovalPlan:
    """The current files of the ledger that the raw directory no longer holds."""

    current: int
    removed: list[str] = field(default_factory=list)
    offices_emptied: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return len(self.removed) / self.current if self.current else 0.0


def plan_removals(con: duckdb.DuckDBPyConnection, delivered: Mapping[str, str]) -> RemovalPlan:
    """Compare the delivered files (name inside the raw directory -> office) with the
    ledger's current files."""
    if not table_exists(con, "audit", "file_ledger"):
        return RemovalPlan(current=0)
    rows = con.execute(
        "select distinct source_file, office_code from audit.file_ledger "
        "where status = 'current' order by 1"
    ).fetchall()
    held = Counter(office for _, office in rows)
    still = Counter(delivered.values())
    return RemovalPlan(
        current=len(rows),
        removed=[name for name, _ in rows if name not in delivered],
        offices_emptied=sorted(office for office in held if not still[office]),
    )


def refuse_mass_removal(plan: RemovalPlan, max_share: float = MAX_REMOVED_SHARE) -> None:
    """Raise :class:`RemovalRefused` when the plan removes an office or too large a share."""
    reasons = []
    if plan.offices_emptied:
        reasons.append(
            Message(
                "every file of office(s) {offices} would be removed",
                offices=", ".join(plan.offices_emptied),
            )
        )
    if plan.share > max_share:
        reasons.append(
            Message(
                "{share} of all files would be removed (more than {limit})",
                share=f"{plan.share:.0%}",
                limit=f"{max_share:.0%}",
            )
        )
    if reasons:
        raise RemovalRefused(plan, reasons)
