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
from a bad one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl

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

_INTEGER_PART = r"(?:\d{1,3}(?:\.\d{3})+|\d+)"


def _number_pattern(max_decimals: int | None) -> str:
    decimals = r"\d+" if max_decimals is None else rf"\d{{1,{max_decimals}}}"
    return rf"^[+-]?{_INTEGER_PART}(?:,{decimals})?$"


def _number_text(expr: pl.Expr, max_decimals: int | None) -> pl.Expr:
    """The number as ``1234.56`` text, or null where it is not Indonesian-formatted."""
    text = expr.str.strip_chars()
    canonical = text.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    return pl.when(text.str.contains(_number_pattern(max_decimals))).then(canonical)


def number_expr(expr: pl.Expr) -> pl.Expr:
    """Parse an Indonesian-formatted number to Float64."""
    return _number_text(expr, None).cast(pl.Float64)


def money_expr(expr: pl.Expr) -> pl.Expr:
    """Parse an Indonesian-formatted amount of Rupiah (at most 2 decimals) to DECIMAL(18,2)."""
    return _number_text(expr, 2).cast(pl.Decimal(18, 2))


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
    return pl.when(text.str.contains(r"^\d{1,2}/\d{1,2}/\d{4}$")).then(
        text.str.strptime(pl.Date, "%d/%m/%Y", strict=False)
    )


def text_date_expr(expr: pl.Expr) -> pl.Expr:
    """Parse an Indonesian text date such as ``26 Maret 2024`` (any case) to Date."""
    parts = expr.str.strip_chars().str.extract_groups(r"^(\d{1,2})\s+(\p{L}+)\s+(\d{4})$")
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
    return pl.when(text.str.contains(r"^\d{4}-\d{2}-\d{2}(T00:00:00)?$")).then(
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


def format_number(value: float, decimals: int = 2) -> str:
    """Write a number the Indonesian way (``5018354188`` -> ``5.018.354.188,00``)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")
