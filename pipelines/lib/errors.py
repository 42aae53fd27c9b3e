"""The error a data officer sees when a raw file cannot be taken at all."""

from __future__ import annotations

from pathlib import Path


class FeedFileError(ValueError):
    """A whole file is rejected: its name, its encoding, a sheet or a required column.

    The message always names the file and the rule it breaks, and, where one
    row is to blame, the row.
    """

    def __init__(self, path: Path | str, rule: str, detail: str, row: int | None = None):
        self.path = str(path)
        self.rule = rule
        self.row = row
        self.detail = detail
        where = f"{self.path}, row {row}" if row is not None else self.path
        super().__init__(f"{where}: [{rule}] {detail}")
