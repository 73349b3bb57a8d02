"""kohesio-projects.csv passes the Kohesio validator: its template's fields in order, the three rules of its
plugin, and the formats its Table Schema sets for the fields we fill; exchange rates come from the setting or
the shipped ECB table, and a currency without one stops the publication.

The rules, as the validator states them (ISAITB/validator-plugin-kohesio, rules/; written here anew):
1. LocationIndicatorRule: at least one of Location_Indicator_Postcode, _NUTS_code, _latitude_longitude;
2. OperationDateRule: Operation_Start_Date not after Operation_End_Date, both dd/MM/yyyy (checked when both
   parse);
3. TotalEligibleExpenditureRule: Total_Eligible_Expenditure_Exchange_Rate given when the currency is not EUR.
The field formats are those of ISAITB/validator-resources-kohesio resources/schemas/schema.json.

Data: the Västerbotten fixture (SEK), and a dataset of six real lists of five member states in three
currencies (tests/data/eu-lists, sources in SOURCES.tsv).
"""

from __future__ import annotations

import csv
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from fundgraph.config import Settings, check_settings, parse_exchange_rates
from fundgraph.errors import ConfigError, PublishError
from fundgraph.publish import ListSource, publish
from fundgraph.publish.kohesio import (
    KOHESIO_COLUMNS, intervention_number, kohesio_dates, location_nuts, read_rate_table,
)

EU_LISTS = Path(__file__).parent / "data" / "eu-lists"
FIXTURE_PDF = Path(__file__).parent.parent / "examples" / "granted-projects-vasterbotten.pdf"
LOCATION = ("Location_Indicator_Postcode", "Location_Indicator_NUTS_code", "Location_Indicator_latitude_longitude")
REQUIRED_TEXT = ("Operation_Name_Programme_Language", "Country", "Beneficiary_Name")
NUMBERS = {"CoFinancing_Rate": (Decimal(0), Decimal(100)), "Total_Eligible_Expenditure_amount": (Decimal(0), None),
           "Total_Eligible_Expenditure_Exchange_Rate": (Decimal(0), None),
           "Category_Of_Intervention": (Decimal(1), Decimal(123))}
DATES = ("Operation_Start_Date", "Operation_Expected_End_Date", "Operation_End_Date", "Date_Of_Last_Update")


def kohesio_date(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%d/%m/%Y").date() if re.fullmatch(r"\d\d/\d\d/\d{4}", text) else None
    except ValueError:
        return None


def rule_violations(path: Path) -> list[str]:
    """The three rules of the validator's plugin over a CSV file: one message per violation, with its line."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    problems = []
    for line, row in enumerate(rows, start=2):
        if not any((row.get(name) or "").strip() for name in LOCATION):
            problems.append(f"line {line}: no location indicator")
        start, end = kohesio_date(row.get("Operation_Start_Date", "")), kohesio_date(row.get("Operation_End_Date", ""))
        if start and end and start > end:
            problems.append(f"line {line}: start {start} after end {end}")
        currency = (row.get("Total_Eligible_Expenditure_Currency") or "").strip()
        if currency and currency != "EUR" and not (row.get("Total_Eligible_Expenditure_Exchange_Rate") or "").strip():
            problems.append(f"line {line}: no exchange rate for {currency}")
    return problems


def format_violations(path: Path) -> list[str]:
    """The Table Schema's constraints on the values we fill: header in order, required text present, dates
    dd/MM/yyyy, numbers within their bounds, an ISO 4217 currency, the schema's programming periods."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [dict(zip(header, cells)) for cells in reader]
    problems = [] if tuple(header) == KOHESIO_COLUMNS else [f"header {header}"]
    for line, row in enumerate(rows, start=2):
        problems += [f"line {line}: {name} empty" for name in REQUIRED_TEXT if not row[name].strip()]
        problems += [f"line {line}: {name} {row[name]!r}" for name in DATES if row[name] and not kohesio_date(row[name])]
        for name, (low, high) in NUMBERS.items():
            if row[name]:
                try:
                    value = Decimal(row[name])
                except InvalidOperation:
                    problems.append(f"line {line}: {name} {row[name]!r} is not a number")
                    continue
                if value < low or (high is not None and value > high):
                    problems.append(f"line {line}: {name} {value} out of range")
        if row["Total_Eligible_Expenditure_Currency"] and not re.fullmatch(r"[A-Z]{3}",
                                                                           row["Total_Eligible_Expenditure_Currency"]):
            problems.append(f"line {line}: currency {row['Total_Eligible_Expenditure_Currency']!r}")
        if row["Programming_Period"] not in ("2014-2020", "2021-2027"):
            problems.append(f"line {line}: programming period {row['Programming_Period']!r}")
    return problems


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def eu_dataset(tmp_path_factory):
    """Six real lists of SE, AT, DE, DK, MT and PL in SEK, EUR, DKK and PLN, published as one dataset; the
    Danish and Polish lists name no currency, the Maltese and Polish none country (given per list)."""
    root = tmp_path_factory.mktemp("kohesio-eu")
    lists = [
        FIXTURE_PDF,
        EU_LISTS / "AT.austria__ERDF_2014-2020__Vorhabensliste_IWB_EFRE_AT2014-2020_Download.xlsx",
        EU_LISTS / "DE.germany__DE3.berlin__ERDF_2014-2020__ERDF_Berlin_2014-2020.xlsx",
        ListSource(EU_LISTS / "DK.denmark__2014-2020__ERDF_Denmark_2014-2020.original.csv", currency="DKK"),
        ListSource(EU_LISTS / "MT-erdf-opi-pages-1-3.pdf", country="MT"),
        ListSource(EU_LISTS / "PL.poland__Poland_ERDF_2014_2020.csv", currency="PLN", country="PL"),
    ]
    return publish(lists, Settings(out_dir=root / "publish", links_dir=root / "links", currency="EUR",
                                   allow_unknown_concepts=True))


@pytest.mark.parametrize("dataset", ["published", "eu_dataset"])
def test_the_csv_passes_the_three_rules_and_the_formats(dataset, request):
    """The Västerbotten fixture, and the six lists of SE, AT, DE, DK, MT and PL published together."""
    path = request.getfixturevalue(dataset).out_dir / "kohesio-projects.csv"
    assert rule_violations(path) == []
    assert format_violations(path) == []


def test_the_fixture_rows_say_what_the_list_says(published):
    rows = read_rows(published.out_dir / "kohesio-projects.csv")
    assert len(rows) == 17
    assert {r["Country"] for r in rows} == {"Sweden"}
    assert {r["Total_Eligible_Expenditure_Currency"] for r in rows} == {"SEK"}
    rate, day = read_rate_table()["SEK"]
    assert {r["Total_Eligible_Expenditure_Exchange_Rate"] for r in rows} == {str(rate)}
    assert any(f"SEK per euro, the ECB euro reference rate of {day}" in w for w in published.warnings)
    assert sum(int(r["Total_Eligible_Expenditure_amount"]) for r in rows) == 225_263_121
    # Västerbotten and Norrbotten counties: SE331, SE332, or SE33 (Övre Norrland) for a project in both.
    assert {r["Location_Indicator_NUTS_code"] for r in rows} <= {"SE331", "SE332", "SE33"}
    assert all(r["Operation_Unique_Identifier"].startswith("https://data.example.se/project/") for r in rows)
    assert {r["Programming_Period"] for r in rows} == {"2021-2027"}
    assert {r["Fund_Code"] for r in rows} <= {"ERDF", "ESF+", ""}
    assert {r["CoFinancing_Rate"] for r in rows} == {""}  # the list does not say


def test_the_eu_dataset_keeps_each_list_in_its_currency_and_country(eu_dataset):
    rows = read_rows(eu_dataset.out_dir / "kohesio-projects.csv")
    assert len(rows) == 17 + 49 + 208 + 107 + 16 + 200
    by_country: dict[str, set[str]] = {}
    for row in rows:
        by_country.setdefault(row["Country"], set()).add(row["Total_Eligible_Expenditure_Currency"])
    assert by_country == {"Sweden": {"SEK"}, "Austria": {"EUR"}, "Germany": {"EUR"}, "Denmark": {"DKK"},
                          "Malta": {"EUR"}, "Poland": {"PLN"}}
    table = read_rate_table()
    for row in rows:
        currency = row["Total_Eligible_Expenditure_Currency"]
        assert row["Total_Eligible_Expenditure_Exchange_Rate"] == ("" if currency == "EUR" else str(table[currency][0]))
    danish = [r for r in rows if r["Country"] == "Denmark"]
    # The Danish list's dates, co-financing rates and postcodes (Vækst 2.0: 24.04.2014 to 28.02.2017, 50 %).
    growth = next(r for r in danish if r["Operation_Name_Programme_Language"] == "Vækst 2.0")
    assert (growth["Operation_Start_Date"], growth["Operation_End_Date"], growth["CoFinancing_Rate"],
            growth["Total_Eligible_Expenditure_amount"]) == ("24/04/2014", "28/02/2017", "50", "15414794")
    # A Polish operation without a finer place is located in its country (NUTS-0); a Maltese one by its postcode.
    assert {r["Location_Indicator_NUTS_code"] for r in rows if r["Country"] == "Poland"} == {"PL"}
    maltese = [r for r in rows if r["Country"] == "Malta"]
    assert all(r["Location_Indicator_Postcode"] for r in maltese)
    berlin = [r for r in rows if r["Country"] == "Germany"]
    assert all(r["Location_Indicator_Postcode"] for r in berlin)


def test_the_eu_dataset_figures_are_per_country_fund_and_currency(eu_dataset):
    figures = eu_dataset.figures
    by_country = {row["country"]: row for row in figures["by_country"]}
    assert set(by_country) == {"AT", "DE", "DK", "MT", "PL"}  # the Swedish list names no country
    assert {c: set(row["granted_amount"]) | set(row["total_budget"]) for c, row in by_country.items()} == {
        "AT": {"EUR"}, "DE": {"EUR"}, "DK": {"DKK"}, "MT": {"EUR"}, "PL": {"PLN"}}
    assert by_country["DK"]["projects"] == 107 and by_country["PL"]["projects"] == 200
    # Denmark's list names its funds (R, S): Regionalfonden and Socialfonden, in DKK only.
    danish_funds = {f["code"]: f for f in by_country["DK"]["by_fund"]}
    assert sum(f["projects"] for f in danish_funds.values()) == 107
    assert all(set(f["total_budget"]) == {"DKK"} for f in danish_funds.values())
    assert {c["currency"] for c in figures["by_currency"]} == {"SEK", "EUR", "DKK", "PLN"}
    assert set(figures["granted_amount"]) | set(figures["total_budget"]) == {"SEK", "EUR", "DKK", "PLN"}
    # A fund's amounts stay apart by currency: ERDF of Denmark (DKK) is never added to ERDF elsewhere.
    for fund in figures["by_fund"]:
        assert all(isinstance(v, str) for v in fund["granted_amount"].values())


def test_each_rule_finds_what_it_forbids(tmp_path):
    path = tmp_path / "bad.csv"
    blank = dict.fromkeys(KOHESIO_COLUMNS, "")
    rows = [
        {**blank, "Location_Indicator_NUTS_code": "SE331", "Operation_Start_Date": "01/02/2024",
         "Operation_End_Date": "31/01/2024", "Total_Eligible_Expenditure_Currency": "EUR"},
        {**blank, "Location_Indicator_Postcode": "90325", "Total_Eligible_Expenditure_Currency": "SEK"},
        {**blank, "Total_Eligible_Expenditure_Currency": "EUR"},
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, KOHESIO_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    assert rule_violations(path) == ["line 2: start 2024-02-01 after end 2024-01-31",
                                     "line 3: no exchange rate for SEK", "line 4: no location indicator"]


def test_a_given_exchange_rate_wins_and_a_currency_without_one_stops(tmp_path):
    given = publish([FIXTURE_PDF], Settings(out_dir=tmp_path / "a", links_dir=tmp_path / "links",
                                            exchange_rates="SEK=11.2 DKK=7.46"))
    rows = read_rows(given.out_dir / "kohesio-projects.csv")
    assert {r["Total_Eligible_Expenditure_Exchange_Rate"] for r in rows} == {"11.2"}
    assert not any("per euro" in w for w in given.warnings)
    austria = EU_LISTS / "AT.austria__ERDF_2014-2020__Vorhabensliste_IWB_EFRE_AT2014-2020_Download.xlsx"
    with pytest.raises(PublishError, match=r"no exchange rate for XTS.*--exchange-rate XTS="):
        publish([ListSource(austria, currency="XTS")], Settings(out_dir=tmp_path / "b", links_dir=tmp_path / "links"))
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize("value", ["SEK:11", "SEK=0", "sek=11", "SEK=11 SEK=12", "SEK=1,1"])
def test_exchange_rates_setting_is_checked(value):
    with pytest.raises(ConfigError, match="exchange_rates"):
        check_settings(Settings(exchange_rates=value))


def test_exchange_rates_setting_parses():
    assert parse_exchange_rates("SEK=11.2, DKK=7.46") == {"SEK": Decimal("11.2"), "DKK": Decimal("7.46")}
    assert parse_exchange_rates("") == {}


def test_shipped_rates_are_ecb_quotes_with_their_date():
    table = read_rate_table()
    assert {"SEK", "DKK", "PLN", "CZK", "HUF", "RON", "GBP"} <= set(table)
    assert "EUR" not in table
    assert all(rate > 0 and date.fromisoformat(day) for rate, day in table.values())


@pytest.mark.parametrize("printed, number", [
    ("062 - Technology transfer", "62"), ("1 - Allgemeine produktive Investitionen", "1"),
    ("092. - Protection; 094. - Protection", "92"), ("0.94 - Protection", ""), ("RSO1.1", ""), ("124", ""),
    (None, ""),
])
def test_category_of_intervention_numbers(printed, number):
    assert intervention_number(printed) == number


def test_location_nuts_prefers_the_list_then_counties_then_country():
    row = {"nuts_code": None, "nuts3_codes": ["SE331", "SE332"], "postcode": None}
    assert location_nuts(row, "SE") == "SE33"
    assert location_nuts({**row, "nuts_code": "DE30"}, "DE") == "DE30"
    assert location_nuts({**row, "nuts3_codes": []}, "GR") == "EL"
    assert location_nuts({**row, "nuts3_codes": []}, None) == ""
    assert location_nuts({**row, "nuts3_codes": [], "postcode": "90300"}, "FR") == ""  # the postcode locates it


def test_dates_in_the_wrong_order_are_left_out():
    """France's list gives one operation 01/09/2015 to 31/08/2015: the validator would refuse the row."""
    assert kohesio_dates({"start_date": "2015-09-01", "end_date": "2015-08-31"}) == ("", "")
    assert kohesio_dates({"start_date": "2015-09-01", "end_date": "2016-08-31"}) == ("01/09/2015", "31/08/2016")
    assert kohesio_dates({"start_date": "2015-09-01", "end_date": None}) == ("01/09/2015", "")
