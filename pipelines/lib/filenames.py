"""File names of the raw feeds: ``<feed>_<OFFICE>_<PERIOD>.<ext>``."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pipelines.lib.errors import FeedFileError
from pipelines.lib.i18n import Message

PeriodKind = Literal["month", "year", "none"]

_PERIOD_PATTERNS: dict[PeriodKind, str] = {
    "month": r"_(?P<year>[0-9]{4})-(?P<month>[0-9]{2})",
    "year": r"_(?P<year>[0-9]{4})",
    "none": "",
}
# A period outside these years is a typing error (and year 0 is no date at all).
YEARS = (1900, 2100)
_PERIOD_HINTS: dict[PeriodKind, str] = {
    "month": "_<YYYY-MM>",
    "year": "_<YYYY>",
    "none": "",
}


@dataclass(frozen=True)
class FileIdentity:
    """What a raw file's name says about its content."""

    office_code: str
    period: str | None
    period_start: dt.date | None
    period_end: dt.date | None


def file_name_pattern(prefix: str, period: PeriodKind, ext: str) -> str:
    """A table's file name as the clerk is told to write it: ``prefix_<OFFICE>_<YYYY-MM>.ext``
    (the rejection of a misnamed file, the contract's docs, the Manual IKU)."""
    return f"{prefix}_<OFFICE>{_PERIOD_HINTS[period]}.{ext}"


def _suggestion(name: str, prefix: str, pattern: str) -> str | None:
    """The name a clerk most likely meant, if it follows ``pattern``: the office in
    capitals, parts joined by "_", without the " (1)" or " - Copy" a download or a copy
    adds (``narasi_jateng_2024 (1).xlsx`` -> ``narasi_JATENG_2024.xlsx``); None if none."""
    copy = r"\s*(\(\d+\)|-\s*(copy|salinan)(\s*\(\d+\))?)\s*(?=\.[^.]+$)"
    stem, _, ext = re.sub(copy, "", name.strip(), flags=re.IGNORECASE).rpartition(".")
    if not stem.lower().startswith(prefix.lower()):
        return None
    parts = [part for part in re.split(r"[\s_]+", stem[len(prefix) :]) if part]
    if not parts:
        return None
    office, *period = parts
    if len(period) == 2 and all(part.isdigit() for part in period):  # 2024 03: a month
        period = ["-".join(period)]
    candidate = "_".join([prefix, office.upper(), *period]) + f".{ext.lower()}"
    return candidate if candidate != name and re.fullmatch(pattern, candidate) else None


def parse_file_name(path: Path, prefix: str, period: PeriodKind, ext: str) -> FileIdentity:
    """Read office and period from a file name, or reject the file naming the pattern."""
    pattern = rf"^{re.escape(prefix)}_(?P<office>[A-Z]{{3,8}}){_PERIOD_PATTERNS[period]}\.{ext}$"
    match = re.fullmatch(pattern, path.name)
    expected = file_name_pattern(prefix, period, ext)
    if match is None:
        suggestion = _suggestion(path.name, prefix, pattern)
        detail = Message(
            "file name does not parse as {expected} (OFFICE: 3-8 capitals)", expected=expected
        )
        if suggestion:
            detail = Message(
                "file name does not parse as {expected} (OFFICE: 3-8 capitals); "
                "did you mean '{suggestion}'?",
                expected=expected,
                suggestion=suggestion,
            )
        raise FeedFileError(path, "file_name", detail)
    office = match["office"]
    if period == "none":
        return FileIdentity(office, None, None, None)
    year = int(match["year"])
    if not YEARS[0] <= year <= YEARS[1]:
        raise FeedFileError(
            path,
            "file_name",
            Message(
                "year {year} in the file name is not between {first} and {last}",
                year=match["year"],
                first=str(YEARS[0]),
                last=str(YEARS[1]),
            ),
        )
    if period == "year":
        return FileIdentity(office, str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))
    month = int(match["month"])
    if not 1 <= month <= 12:
        detail = Message("month {month} in the file name is not 01-12", month=f"{month:02d}")
        raise FeedFileError(path, "file_name", detail)
    last_day = calendar.monthrange(year, month)[1]
    return FileIdentity(
        office,
        f"{year}-{month:02d}",
        dt.date(year, month, 1),
        dt.date(year, month, last_day),
    )
