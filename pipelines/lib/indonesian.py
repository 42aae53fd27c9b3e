"""Indonesian number and date formats, as the source systems write them.

Numbers: ``.`` groups thousands and ``,`` marks decimals (``5.018.354.188,00``,
``96,78``, ``35.354``); plain digits (``35354``) are accepted too. A dot that
does not group exactly three digits (``96.78``) is ambiguous and rejected.

Dates: ``DD/MM/YYYY`` in CSV files; in XLSX files a real date cell (read as an
ISO timestamp) or a text date with an Indonesian month name in any case
(``26 Maret 2024``, ``26 MARET 2024``).

Each parser is a polars expression, so that a feed of millions of rows is
parsed in one vectorised pass; the scalar helpers run the same expression on
one value and exist for tests and error messages. A value that cannot be
parsed becomes null: callers compare with the input to tell an empty cell
from a bad one, and :func:`why_not` says in plain words what is wrong with it.

Digits are the ASCII digits ``0-9`` only: ``\\d`` would also match Arabic-Indic
(``٣``) or fullwidth (``\\uff13``) digits, which no export of the contract writes.

For readers, numbers and dates are written by Babel in its ``id`` locale
(:func:`format_number`, :func:`format_datetime`). The parsers stay polars
expressions: Babel parses one string at a time, and the vectorised pass
parses a million rows' dates in 0,4 s (docs/performance.md, the placement
step).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

import polars as pl
from babel import Locale
from babel import dates as babel_dates
from babel.numbers import NumberPattern, parse_pattern

from pipelines.lib.i18n import LOCALES, N_, Message

MONTHS: dict[str, int] = {
    "januari": 1,
    "februari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "desember": 12,
}

_INTEGER_PART = r"(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)"
_DMY = r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$"
_ISO_CELL = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T00:00:00)?$"
MONEY_DECIMALS = 2
# The locale numbers and dates are written in (``.`` groups thousands, ``,`` decimals).
INDONESIAN = Locale.parse("id")
# Western Indonesian Time, in which every time is written for readers.
WIB = ZoneInfo("Asia/Jakarta")


def _number_pattern(max_decimals: int | None) -> str:
    decimals = r"[0-9]+" if max_decimals is None else rf"[0-9]{{1,{max_decimals}}}"
    return rf"^[+-]?{_INTEGER_PART}(?:,{decimals})?$"


def _number_text(expr: pl.Expr, max_decimals: int | None) -> pl.Expr:
    """The number as ``1234.56`` text, or null where it is not Indonesian-formatted."""
    text = expr.str.strip_chars()
    canonical = text.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    return pl.when(text.str.contains(_number_pattern(max_decimals))).then(canonical)


def number_expr(expr: pl.Expr) -> pl.Expr:
    """Parse an Indonesian-formatted number to Float64 (null when too large to be finite)."""
    number = _number_text(expr, None).cast(pl.Float64, strict=False)
    return pl.when(number.is_finite()).then(number)


def money_expr(expr: pl.Expr) -> pl.Expr:
    """Parse an Indonesian-formatted amount of Rupiah (at most 2 decimals) to DECIMAL(18,2).

    An amount too large for the type is null, like any other unreadable amount.
    """
    return _number_text(expr, MONEY_DECIMALS).cast(pl.Decimal(18, 2), strict=False)


def integer_expr(expr: pl.Expr) -> pl.Expr:
    """Parse a whole number (thousand dots allowed, no decimals, ``,00`` allowed) to Int64."""
    text = expr.str.strip_chars()
    whole = text.str.replace(r",0+$", "")
    pattern = rf"^[+-]?{_INTEGER_PART}$"
    return (
        pl.when(whole.str.contains(pattern))
        .then(whole.str.replace_all(".", "", literal=True))
        .cast(pl.Int64, strict=False)
    )


def dmy_date_expr(expr: pl.Expr) -> pl.Expr:
    """Parse ``DD/MM/YYYY`` (day and month of one or two digits) to Date."""
    text = expr.str.strip_chars()
    return pl.when(text.str.contains(_DMY)).then(
        text.str.strptime(pl.Date, "%d/%m/%Y", strict=False)
    )


def text_date_expr(expr: pl.Expr) -> pl.Expr:
    """Parse an Indonesian text date such as ``26 Maret 2024`` (any case) to Date."""
    parts = expr.str.strip_chars().str.extract_groups(r"^([0-9]{1,2})\s+(\p{L}+)\s+([0-9]{4})$")
    month = (
        parts.struct.field("2")
        .str.to_lowercase()
        .replace_strict(MONTHS, default=None, return_dtype=pl.Int64)
    )
    iso = pl.format(
        "{}-{}-{}",
        parts.struct.field("3"),
        month.cast(pl.String).str.zfill(2),
        parts.struct.field("1").str.zfill(2),
    )
    return iso.str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def excel_cell_date_expr(expr: pl.Expr) -> pl.Expr:
    """Parse a date cell as the XLSX reader renders it (``2024-03-26T00:00:00``)."""
    text = expr.str.strip_chars()
    return pl.when(text.str.contains(_ISO_CELL)).then(
        text.str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    )


def xlsx_date_expr(expr: pl.Expr) -> pl.Expr:
    """Parse an XLSX date: a real date cell or an Indonesian text date."""
    return pl.coalesce(excel_cell_date_expr(expr), text_date_expr(expr))


def _one(expr_factory, value: str | None):
    frame = pl.DataFrame({"v": [value]}, schema={"v": pl.String})
    return frame.select(expr_factory(pl.col("v"))).item()


def parse_number(value: str) -> float | None:
    """Scalar form of :func:`number_expr`."""
    return _one(number_expr, value)


def parse_money(value: str) -> Decimal | None:
    """Scalar form of :func:`money_expr`."""
    return _one(money_expr, value)


def parse_integer(value: str) -> int | None:
    """Scalar form of :func:`integer_expr`."""
    return _one(integer_expr, value)


def parse_dmy_date(value: str) -> dt.date | None:
    """Scalar form of :func:`dmy_date_expr`."""
    return _one(dmy_date_expr, value)


def parse_xlsx_date(value: str) -> dt.date | None:
    """Scalar form of :func:`xlsx_date_expr`."""
    return _one(xlsx_date_expr, value)


_FORMAT_HINTS = {
    "integer": N_("write a whole number as 1.234 or 1234 (a dot groups exactly three digits)"),
    "number": N_(
        "write it as 1.234.567,89 or 1234567,89 "
        "(a dot groups exactly three digits, a comma marks the decimals)"
    ),
    "money": N_(
        "write it as 1.234.567,89 or 1234567,89 "
        "(a dot groups exactly three digits, a comma marks at most 2 decimals)"
    ),
}
NO_SUCH_DAY = N_("no such day")
_TEXT_DATE = re.compile(r"([0-9]{1,2})\s+(\w+)\s+([0-9]{4})")


def _foreign_digits(text: str) -> bool:
    return any(char.isdigit() and not "0" <= char <= "9" for char in text)


def why_not(kind: str, value: str, xlsx: bool = False) -> str:
    """In plain English words, why ``value`` is not a value of ``kind`` (its parser gave null).

    ``kind`` is ``integer``, ``number``, ``money`` or ``date``; ``xlsx`` says
    which date formats apply. Runs on the failing cells only, never on a
    whole feed. :func:`why_not_message` says it in the reader's language.
    """
    return str(why_not_message(kind, value, xlsx))


def why_not_message(kind: str, value: str, xlsx: bool = False) -> Message:
    """:func:`why_not` as a :class:`~pipelines.lib.i18n.Message`, rendered in any language."""
    return Message(_why_not(kind, value.strip(), xlsx), kind=kind)


def _why_not(kind: str, text: str, xlsx: bool) -> str:
    """The msgid of :func:`why_not_message` (``{kind}`` its one placeholder)."""
    if _foreign_digits(text):
        return N_("only the digits 0-9 are allowed")
    number = re.fullmatch(_number_pattern(None), text)
    if kind == "integer":
        if re.fullmatch(rf"[+-]?{_INTEGER_PART}(?:,0+)?", text):
            return N_("too large for a whole number (at most 9.223.372.036.854.775.807)")
        if number:
            return N_("a whole number is required, without decimals")
        return _FORMAT_HINTS["integer"]
    if kind == "number":
        return N_("too large to be a number") if number else _FORMAT_HINTS["number"]
    if kind == "money":
        if re.fullmatch(_number_pattern(MONEY_DECIMALS), text):
            return N_("too large for DECIMAL(18,2) (at most 16 digits before the comma)")
        if number:
            return N_("at most 2 decimals are allowed in an amount of Rupiah")
        return _FORMAT_HINTS["money"]
    if kind == "date" and not xlsx:
        if re.fullmatch(_DMY, text):
            return NO_SUCH_DAY
        return N_("write a date as DD/MM/YYYY")
    if kind == "date":
        parts = _TEXT_DATE.fullmatch(text)
        if re.fullmatch(_ISO_CELL, text) or (parts and parts[2].lower() in MONTHS):
            return NO_SUCH_DAY
        if parts:
            return N_("write the month in Indonesian (Januari ... Desember)")
        return N_("use a date cell, or write a date as 26 Maret 2024")
    return N_("not a valid {kind}")


@cache
def _number_pattern_of(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


def format_number(value: float, decimals: int = 2) -> str:
    """Write a number the Indonesian way (``5018354188`` -> ``5.018.354.188,00``), by Babel.

    The float is taken exactly as it is stored (``Decimal(value)``) and rounded half to
    even, as Python's own ``f"{value:.2f}"`` rounds it: 58,955 (stored as 58,95499...)
    is written 58,95, as the LKj prints it.
    """
    exact = Decimal(value)
    if exact.is_signed() and round(exact, decimals) == 0:  # no "-0,00" for a -0,001
        exact = Decimal(0)
    return _number_pattern_of(decimals).apply(exact, INDONESIAN)


def format_datetime(moment: dt.datetime, lang: str = "id") -> str:
    """A moment in Western Indonesian Time, by Babel: ``31 Januari 2025 pukul 08.15 WIB``
    (``January 31, 2025 at 8:15 AM WIB`` with ``lang="en"``).

    The one way every time of a publish or a report is written for readers (the reports'
    covers, the dashboard, the command line). A naive moment is UTC, as the audit tables
    store it (``audit.publish_log.published_at``): 2025-01-31 01:15 is 08.15 WIB.
    """
    wib = moment.replace(tzinfo=moment.tzinfo or dt.UTC).astimezone(WIB)
    locale = LOCALES[lang]
    date = babel_dates.format_date(wib, "long", locale=locale)
    time = babel_dates.format_time(wib, "short", tzinfo=WIB, locale=locale)
    return Message(N_("{date} at {time} WIB"), date=date, time=time).render(lang)
