"""The Indonesian number and date formats of the raw-feed contract."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.lib.indonesian import (
    MONTHS,
    format_datetime,
    format_number,
    parse_dmy_date,
    parse_integer,
    parse_money,
    parse_number,
    parse_xlsx_date,
    why_not,
)
from pipelines.lib.readers import read_xlsx_sheet


def test_contract_example_values() -> None:
    assert parse_money("5.018.354.188,00") == Decimal("5018354188.00")
    assert parse_number("96,78") == pytest.approx(96.78)
    assert parse_number("35.354") == 35354
    assert parse_integer("35.354") == 35354
    assert parse_xlsx_date("26 Maret 2024") == dt.date(2024, 3, 26)
    assert parse_dmy_date("26/03/2024") == dt.date(2024, 3, 26)


@pytest.mark.parametrize(
    "text", ["96.78", "1.23", "1.2345,5", "12,3,4", "Rp 1.000", "1 000", "", "-"]
)
def test_ambiguous_or_foreign_numbers_are_rejected(text: str) -> None:
    assert parse_number(text) is None


def test_money_keeps_at_most_two_decimals() -> None:
    assert parse_money("412.345.678,90") == Decimal("412345678.90")
    assert parse_money("1,005") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26 MARET 2024", dt.date(2024, 3, 26)),
        ("1 mei 2024", dt.date(2024, 5, 1)),
        ("30 Desember 2024", dt.date(2024, 12, 30)),
        ("2024-03-26T00:00:00", dt.date(2024, 3, 26)),
        ("31 Februari 2024", None),
        ("26 March 2024", None),
        ("26/03/2024", None),
    ],
)
def test_xlsx_text_dates(text: str, expected: dt.date | None) -> None:
    assert parse_xlsx_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2024", "2024-03-26", "03/26/2024", "26-03-2024"])
def test_csv_dates_are_day_month_year_only(text: str) -> None:
    assert parse_dmy_date(text) is None


def test_excel_date_cell(tmp_path: Path) -> None:
    """A real date cell reads back as the same date, beside a text date in the same column."""
    path = tmp_path / "dates.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(["TANGGAL"])
    sheet.append([dt.date(2024, 3, 26)])
    sheet["A2"].number_format = "DD/MM/YYYY"
    sheet.append(["12 Juni 2024"])
    workbook.save(path)
    frame = read_xlsx_sheet(path, "Data", max_uncompressed_mb=100)
    assert [parse_xlsx_date(v) for v in frame["TANGGAL"]] == [
        dt.date(2024, 3, 26),
        dt.date(2024, 6, 12),
    ]


@given(st.integers(min_value=-(10**15), max_value=10**15), st.integers(0, 99))
def test_money_round_trip(units: int, cents: int) -> None:
    value = Decimal(units) + (Decimal(cents) / 100 if units >= 0 else -Decimal(cents) / 100)
    assert parse_money(format_number(value)) == value


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_date_round_trips(day: dt.date) -> None:
    month_name = next(name for name, number in MONTHS.items() if number == day.month)
    assert parse_dmy_date(day.strftime("%d/%m/%Y")) == day
    assert parse_xlsx_date(f"{day.day} {month_name.title()} {day.year}") == day


@given(st.integers(min_value=0, max_value=10**12))
def test_integers_with_thousand_dots_round_trip(value: int) -> None:
    text = format_number(value, decimals=0)
    assert parse_integer(text) == value
    assert parse_number(text) == value
    assert parse_integer(str(value)) == value


@given(
    st.integers(min_value=0, max_value=999),
    st.text(alphabet="0123456789", min_size=1, max_size=6).filter(lambda d: len(d) != 3),
)
def test_a_dot_that_does_not_group_three_digits_is_rejected(head: int, tail: str) -> None:
    assert parse_number(f"{head}.{tail}") is None
    assert parse_money(f"{head}.{tail}") is None


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_two_digit_years_and_iso_dates_are_rejected_in_csv(day: dt.date) -> None:
    assert parse_dmy_date(day.strftime("%d/%m/%y")) is None
    assert parse_dmy_date(day.isoformat()) is None


ENGLISH_ONLY = ["January", "February", "March", "May", "June", "July", "August", "October",
                "December"]  # fmt: skip


@given(st.integers(min_value=1, max_value=28), st.sampled_from(ENGLISH_ONLY))
def test_english_month_names_are_rejected(day: int, month: str) -> None:
    assert parse_xlsx_date(f"{day} {month} 2024") is None


@given(st.text(max_size=12))
def test_parsers_never_raise(text: str) -> None:
    """Whatever a person typed, the answer is a value or 'not a value', never a crash."""
    for parser in (parse_number, parse_money, parse_integer, parse_dmy_date, parse_xlsx_date):
        parser(text)


FULLWIDTH_12 = "\uff11\uff12"
ARABIC_INDIC_3 = "\u0663"


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (parse_money, "99.999.999.999.999.999,00"),  # beyond DECIMAL(18,2)
        (parse_money, ARABIC_INDIC_3),
        (parse_number, "9" * 400),  # beyond a float: infinite
        (parse_number, FULLWIDTH_12),
        (parse_integer, FULLWIDTH_12),
        (parse_integer, "99.999.999.999.999.999.999"),  # beyond Int64
        (parse_dmy_date, "\u0662\u0666/03/2024"),
        (parse_xlsx_date, "\u0662\u0666 Maret 2024"),
    ],
)
def test_numbers_too_large_or_in_other_digits_are_no_value(parse, text: str) -> None:
    assert parse(text) is None


@pytest.mark.parametrize(
    ("kind", "text", "reason"),
    [
        ("money", "99.999.999.999.999.999,00",
         "too large for DECIMAL(18,2) (at most 16 digits before the comma)"),
        ("money", ARABIC_INDIC_3, "only the digits 0-9 are allowed"),
        ("money", "1,005", "at most 2 decimals are allowed in an amount of Rupiah"),
        ("number", "9" * 400, "too large to be a number"),
        ("number", "96.78", "write it as 1.234.567,89 or 1234567,89 (a dot groups exactly three "
         "digits, a comma marks the decimals)"),
        ("integer", FULLWIDTH_12, "only the digits 0-9 are allowed"),
        ("integer", "2,5", "a whole number is required, without decimals"),
        ("integer", "99999999999999999999",
         "too large for a whole number (at most 9.223.372.036.854.775.807)"),
        ("date", "31/02/2024", "no such day"),
        ("date", "2024-02-03", "write a date as DD/MM/YYYY"),
    ],
)  # fmt: skip
def test_why_a_cell_is_no_value_in_plain_words(kind: str, text: str, reason: str) -> None:
    assert why_not(kind, text) == reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("5 March 2024", "write the month in Indonesian (Januari ... Desember)"),
        ("31 Februari 2024", "no such day"),
        ("31/01/2024", "use a date cell, or write a date as 26 Maret 2024"),
    ],
)
def test_why_a_workbook_date_is_no_date(text: str, reason: str) -> None:
    assert why_not("date", text, xlsx=True) == reason


@given(st.text(alphabet=st.characters(categories=["Nd"]) | st.sampled_from(".,-"), max_size=30))
def test_digits_of_any_script_never_crash_and_only_ascii_ones_count(text: str) -> None:
    """Unicode has some 70 sets of digits; the contract's numbers use 0-9 only."""
    ascii_only = all(c in "0123456789.,-" for c in text)
    for parser in (parse_number, parse_money, parse_integer):
        if parser(text) is not None:
            assert ascii_only
        if text.strip():
            why_not({parse_number: "number", parse_money: "money"}.get(parser, "integer"), text)


def test_numbers_are_written_as_the_lkj_prints_them() -> None:
    """By Babel's ``id`` locale: the figures as the published LKj 2024 prints them."""
    assert format_number(5018354188, 2) == "5.018.354.188,00"  # Tabel 24, budget realised
    assert format_number(35354, 0) == "35.354"  # IKU 1's target
    assert format_number(71.29, 2) == "71,29"
    assert format_number(13488991000, 0) == "13.488.991.000"  # the office's DIPA after AA
    assert format_number(-4.48, 2) == "-4,48"


def old_format_number(value: float, decimals: int) -> str:
    """The hand-written formatter Babel replaced: Python's rounding, separators swapped."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


@given(
    st.floats(min_value=-1e13, max_value=1e13, allow_nan=False, allow_infinity=False),
    st.integers(0, 3),
)
def test_babel_rounds_as_python_did(value: float, decimals: int) -> None:
    """The float as it is stored, rounded half to even: 58,955 (58,95499...) is 58,95; the
    one difference on purpose: a negative figure that rounds to zero has no sign."""
    old = old_format_number(value, decimals)
    if set(old) <= set("-0,"):
        old = old.removeprefix("-")
    assert format_number(value, decimals) == old


def test_times_are_written_the_indonesian_way() -> None:
    moment = dt.datetime(2025, 1, 31, 8, 15, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert format_datetime(moment) == "31 Januari 2025 pukul 08.15 WIB"
    assert format_datetime(moment.replace(month=8, day=17)) == "17 Agustus 2025 pukul 08.15 WIB"
    assert format_datetime(moment, "en") == "January 31, 2025 at 8:15\u202fAM WIB"


def test_a_time_the_audit_tables_store_in_utc_is_written_in_wib() -> None:
    """``audit.publish_log`` stores UTC without a zone: WIB is seven hours later."""
    assert format_datetime(dt.datetime(2025, 1, 31, 1, 15)) == "31 Januari 2025 pukul 08.15 WIB"
    # past 17.00 UTC the day in Jakarta is the next one, here the next year's
    assert format_datetime(dt.datetime(2025, 12, 31, 20, 5)) == "1 Januari 2026 pukul 03.05 WIB"
    assert format_datetime(dt.datetime(2025, 1, 31, 1, 15, tzinfo=dt.UTC)) == (
        "31 Januari 2025 pukul 08.15 WIB"
    )


def test_a_negative_figure_that_rounds_to_zero_has_no_sign() -> None:
    assert [format_number(v, d) for v, d in ((-0.001, 2), (-0.4, 0), (-0.006, 2))] == [
        "0,00",
        "0",
        "-0,01",
    ]
