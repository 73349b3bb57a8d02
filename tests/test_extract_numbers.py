"""Number and date formats per column: amounts exact in every EU format, ambiguity an error naming the column."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fundgraph.extract.amounts import parse_rate
from fundgraph.extract.dateformats import DateColumn, DateError
from fundgraph.extract.numberformats import FORMATS, AmountError, ColumnFormat, parse_amount, split_currency


@pytest.mark.parametrize("text, value", [
    ("1.234.567,89", "1234567.89"), ("1,234,567.89", "1234567.89"), ("1 234 567,89", "1234567.89"),
    ("1\u00a0234\u00a0567,89", "1234567.89"), ("2\u202f690\u202f083", "2690083"), ("1'234'567.89", "1234567.89"),
    ("€ 18.000", "18000"), ("18.000 €", "18000"), ("£1,234", "1234"), ("£5,417,475.30", "5417475.30"),
    ("5.696,05 €", "5696.05"), ("EUR 1.200,00", "1200.00"), ("2 690 083 kr", "2690083"), ("10 000 000", "10000000"),
    ("575000", "575000"), ("1 500,50", "1500.50"), ("0", "0"), ("1.912,96", "1912.96"), ("99.164,00", "99164.00"),
])
def test_amounts_in_every_format_exact(text, value):
    assert parse_amount(text) == Decimal(value) and str(parse_amount(text)) == value


@pytest.mark.parametrize("text", ["", "###", "ca 1 miljon", "-5 000", "10 00", "1.23.456", "12,3456", "€", "EUR"])
def test_not_amounts(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_currency_symbols_and_codes():
    assert split_currency("€ 18.000") == ("18.000", "EUR")
    assert split_currency("£1,234") == ("1,234", "GBP")
    assert split_currency("1 234 Kč") == ("1 234", "CZK")
    assert split_currency("1.234 PLN") == ("1.234", "PLN")
    assert split_currency("1.234") == ("1.234", None)


def test_a_column_is_settled_by_one_grouped_value_and_holds_to_it():
    column = ColumnFormat("Bewilligter Betrag")
    assert column.parse("148000") == 148000  # fits every format
    assert column.parse("13.000,00") == 13000
    assert column.formats == [FORMATS[0]]
    with pytest.raises(AmountError, match="not written like the column's other amounts"):
        column.parse("1,234.50")
    assert column.explain() == "1.234.567,89 (settled by '13.000,00')"


def test_a_column_in_thousands_may_be_ambiguous_and_says_so():
    column = ColumnFormat("Gewährte Beträge (TEUR)", scale=1000)
    with pytest.raises(AmountError, match=r"ambiguous: '1.234' reads as 1234 \(1.234.567,89\) or 1.234"):
        column.parse("1.234")
    column = ColumnFormat("Gewährte Beträge (TEUR)", scale=1000)
    column.observe(["1.234", "2.500,5", "not an amount"])  # the page's values settle it before any row is read
    assert column.parse("1.234") == 1234000


def test_currency_of_a_column():
    column = ColumnFormat("Allocation", currency=None)
    column.parse("€ 18.000")
    assert column.currency == "EUR"
    with pytest.raises(AmountError, match="in GBP, the column's other amounts in EUR"):
        column.parse("£1,234")


@pytest.mark.parametrize("text, value", [("40%", 40), ("85,00", 85), ("85.5 %", Decimal("85.5")), ("0.5", 50),
                                         ("100%", 100)])
def test_rates(text, value):
    assert parse_rate(text) == value


def test_date_columns():
    column = DateColumn("Start and end dates")
    assert column.parse_range("02/5/16 – 31/12/18") == (date(2016, 5, 2), date(2018, 12, 31))
    assert column.explain() == "day first (from '31/12/18')"
    assert DateColumn("x").parse("24.04.2014") == date(2014, 4, 24)
    assert DateColumn("x").parse("2016-05-02") == date(2016, 5, 2)
    assert DateColumn("x").parse("1.3.2015") == date(2015, 3, 1)
    neutral = DateColumn("x")
    neutral.parse("02/05/2016")
    assert neutral.explain() == "day first (the EU convention; no value settles it)"
    month_first = DateColumn("x")
    assert month_first.parse("12/31/2015") == date(2015, 12, 31)
    with pytest.raises(DateError, match="written day first, the column's other dates month first"):
        month_first.parse("31/12/2015")
    with pytest.raises(DateError, match="can only be month first"):
        neutral.parse("12/31/2015")
    with pytest.raises(DateError):
        DateColumn("x").parse("2011")
