"""kohesio-projects.csv: the projects in the CSV template of Kohesio's data validator.

Kohesio (the Commission's portal of cohesion-policy projects) takes data as CSV checked by the "Kohesio
validator" of the EU Interoperability Test Bed: a Frictionless Table Schema of 33 fields
(ISAITB/validator-resources-kohesio, ``resources/schemas/schema.json``, whose order ``KOHESIO_COLUMNS``
keeps) and three rules of its plugin (ISAITB/validator-plugin-kohesio, ``rules/``):

1. at least one location indicator: ``Location_Indicator_Postcode``, ``Location_Indicator_NUTS_code`` or
   ``Location_Indicator_latitude_longitude``;
2. ``Operation_Start_Date`` not after ``Operation_End_Date`` (both dd/MM/yyyy): a list that gives an end before
   the start has both dates left out of the row, and reported (``tables.ProjectTable.notes``);
3. an exchange rate (``Total_Eligible_Expenditure_Exchange_Rate``) for every currency but EUR.

What fills each field (``kohesio_row``): the project IRI as the unique identifier (it holds the case id);
title and summary in the programme language; the country's English name (``reference/countries.csv``); the
list's postcode; the list's NUTS code, else the smallest NUTS region holding all the counties' NUTS-3
regions, else the country's NUTS-0 code (the least precise location, but a true one); dates as dd/mm/yyyy;
co-financing rate; the total budget as total eligible expenditure, with its currency and rate; the
beneficiary's name and IRI; the category of intervention's number (1-123, the schema's range); fund code
(Kohesio's abbreviation from reference/eu-programmes.csv: ERDF, ESF, ESF+, CF, JTF, EMFF, EMFAF), name and programme; the programming period;
priority number and label; specific objective. Operations of the 2007–2013 period are left out (and
counted, ``tables.ProjectTable.notes``): Kohesio and its validator's schema take the periods of
``KOHESIO_PERIODS`` only.

Names (``kohesio_name``). The schema requires ``Operation_Name_Programme_Language``, "the action's name in
the member state's official language", and the validator's own valid sample (etc/samples/IE_valid_example.csv)
names operations by their description, as Ireland's list gives them. An operation whose list prints no
title but a summary is named by that summary, the list's own words about it, in the programme language
(Thüringen's ESF list: "Thüringen Stipendium – Student"); counted in the notes. One whose list gives
neither has the name empty — and one without a beneficiary (a natural person's name withheld, which the
schema says to anonymise) ``Beneficiary_Name`` empty: the validator then refuses that row, which is true,
the list does not name it, while a name made up here ("Operation 123", "anonymised") would pass as the
programme's own words; the publication reports how many rows. English names, geopoints, thematic
objectives, social media links and the date of last update stay empty: the lists do not give them.

Exchange rates are units of the currency per euro, as the ECB quotes them (SEK 10.978): the
``exchange_rates`` setting (``--exchange-rate SEK=11.2``), else the ECB euro reference rate of the shipped
table ``reference/ecb-euro-rates.csv`` (source and date in reference/SOURCES.md). A rate taken from the
table is reported (``ExchangeRates.notes``); a currency in neither stops the publication.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..config import Settings, parse_exchange_rates
from ..errors import PublishError
from ..extract.records import decimal_text
from ..mapping.countries import country_name
from ..resources import resource_path

KOHESIO_COLUMNS = (
    "Operation_Unique_Identifier", "CountryID", "Operation_Name_Programme_Language", "Operation_Name_English",
    "Country", "Location_Indicator_Postcode", "Operation_Start_Date", "Operation_Expected_End_Date",
    "Operation_End_Date", "CoFinancing_Rate", "Total_Eligible_Expenditure_amount",
    "Total_Eligible_Expenditure_Currency", "Total_Eligible_Expenditure_Exchange_Rate",
    "Location_Indicator_NUTS_code", "Beneficiary_Name", "Location_Indicator_latitude_longitude",
    "Category_Of_Intervention", "Fund_Code", "Programme_Code", "Operation_Summary_English",
    "Operation_Summary_Programme_Language", "Programming_Period", "Programme_Name", "Program_Priority_Axis_Code",
    "Program_Priority_Axis_Name", "Program_Specific_Objective_Code", "Program_Specific_Objective_Name",
    "Program_Thematic_Objective_Code", "Program_Thematic_Objective_Name", "Fund_Name", "Date_Of_Last_Update",
    "Beneficiary_Unique_Identifier", "Social_Media_Links",
)
"""The fields of the Kohesio validator's Table Schema, in its order (the validator matches names without
regard to case and order, and reports fields it does not know only as information)."""

LOCATION_COLUMNS = ("Location_Indicator_Postcode", "Location_Indicator_NUTS_code",
                    "Location_Indicator_latitude_longitude")
"""Kohesio's location indicators: its validator wants at least one of them on every row."""

KOHESIO_DATE = "%d/%m/%Y"
"""The validator's date format (dd/MM/yyyy)."""

RATE_TABLE = "ecb-euro-rates.csv"

_NUTS0 = {"GR": "EL", "GB": "UK"}
"""NUTS-0 codes where they differ from ISO 3166-1 alpha-2."""
_CATEGORY = re.compile(r"\s*0*(\d{1,3})\.?\s*(?:[-–:]|$)")


@dataclass(frozen=True)
class ExchangeRate:
    """Units of ``currency`` per euro (``rate``) and where the rate comes from (``source``, for people)."""

    currency: str
    rate: Decimal
    source: str
    from_table: bool


class ExchangeRates:
    """The exchange rates of one publication: the ``exchange_rates`` setting first, then the shipped ECB
    table. ``rate(currency)`` raises PublishError for a currency neither gives."""

    def __init__(self, given: dict[str, Decimal], table: dict[str, tuple[Decimal, str]]):
        self._given = given
        self._table = table
        self.used: dict[str, ExchangeRate] = {}

    @classmethod
    def for_settings(cls, settings: Settings) -> "ExchangeRates":
        """The setting's rates and those of ``reference/ecb-euro-rates.csv``."""
        return cls(parse_exchange_rates(settings.exchange_rates), read_rate_table())

    def rate(self, currency: str) -> ExchangeRate:
        """The rate of ``currency`` (ISO 4217, not EUR). Raises PublishError when there is none."""
        known = self.used.get(currency)
        if known is None:
            if currency in self._given:
                known = ExchangeRate(currency, self._given[currency], "the exchange_rates setting", False)
            elif currency in self._table:
                rate, day = self._table[currency]
                known = ExchangeRate(currency, rate, f"the ECB euro reference rate of {day} ({RATE_TABLE})", True)
            else:
                raise PublishError(
                    f"kohesio-projects.csv: no exchange rate for {currency}, which Kohesio needs for amounts not in "
                    f"EUR: give one with --exchange-rate {currency}=<units per euro> (setting exchange_rates)")
            self.used[currency] = known
        return known

    def notes(self) -> list[str]:
        """One line per currency whose rate came from the shipped table (an assumption worth saying)."""
        return [f"kohesio-projects.csv: {r.currency} amounts carry {decimal_text(r.rate)} {r.currency} per euro, "
                f"{r.source}; give --exchange-rate {r.currency}=<rate> for another"
                for r in sorted(self.used.values(), key=lambda r: r.currency) if r.from_table]


def read_rate_table() -> dict[str, tuple[Decimal, str]]:
    """``reference/ecb-euro-rates.csv`` as {currency: (units per euro, ISO date of the rate)}."""
    with resource_path("reference", RATE_TABLE).open(encoding="utf-8", newline="") as handle:
        return {row["currency"]: (Decimal(row["rate"]), row["date"]) for row in csv.DictReader(handle)}


def operation_country(row: dict[str, Any]) -> str | None:
    """The operation's country (alpha-2 as the list writes it): the list's, else its NUTS code's first two
    letters, else SE for an operation in Swedish counties or municipalities (the place tables are
    Sweden's); None when nothing says."""
    if row["country"]:
        return row["country"]
    if row["nuts_code"]:
        return row["nuts_code"][:2]
    if row["county_codes"] or row["kommunkoder"]:
        return "SE"
    return None


def location_nuts(row: dict[str, Any], country: str | None) -> str:
    """The NUTS code for ``Location_Indicator_NUTS_code`` (see the module docstring), or "". The country's
    NUTS-0 code only locates an operation that has no postcode either."""
    if row["nuts_code"]:
        return row["nuts_code"]
    if row["nuts3_codes"]:
        # NUTS codes nest by prefix: the common prefix of the counties' codes is the region holding them all.
        common = _common_prefix(row["nuts3_codes"])
        if len(common) >= 2:
            return common
    if country and not row.get("postcode"):
        return _NUTS0.get(country, country)
    return ""


def kohesio_dates(row: dict[str, Any]) -> tuple[str, str]:
    """(start, end) as dd/mm/yyyy, or ("", "") when the list gives an end before the start: the validator
    refuses such a row, and which of the two dates is wrong the list does not say."""
    start, end = row["start_date"], row["end_date"]
    if start and end and start > end:
        return "", ""
    return _date(start), _date(end)


def intervention_number(printed: str | None) -> str:
    """The number of a category of intervention as printed ("062 - Technology transfer" -> "62"), if it is
    one the validator accepts (1-123, Commission Implementing Regulation 215/2014), else ""."""
    match = _CATEGORY.match(printed or "")
    if match and 1 <= int(match.group(1)) <= 123:
        return str(int(match.group(1)))
    return ""


KOHESIO_PERIODS = ("2014-2020", "2021-2027")
"""The programming periods Kohesio holds (its validator's schema's ``Programming_Period`` values)."""


def kohesio_row(row: dict[str, Any], rates: ExchangeRates) -> list[str]:
    """A project (a row of ``tables.ProjectTable.rows``) in KOHESIO_COLUMNS order; raises PublishError for a
    currency without an exchange rate."""
    country = operation_country(row)
    currency = row["currency"] or ""
    rate = decimal_text(rates.rate(currency).rate) if currency and currency != "EUR" else ""
    programme = row["programme_name"] or (row["fund"] if row["fund_is_programme"] else "")
    number = row["priority_number"]
    return [
        row["project_iri"], "", kohesio_name(row), "", country_name(country) or country if country else "",
        row["postcode"] or "", *_start_and_end(row),
        row["cofinancing_rate"] or "", row["total_budget"] or "", currency, rate,
        location_nuts(row, country), row["beneficiary"], "", intervention_number(row["intervention_category"]),
        row["fund_kohesio_code"] or "", row["programme_cci"] or "", "", row["summary"] or "", row["period"] or "",
        programme or "", "" if number is None else str(number), row["priority"] or "",
        row["specific_objective"] or "", "", "", "", row["fund_name_en"] or "", "", row["beneficiary_iri"], "",
    ]


def kohesio_name(row: dict[str, Any]) -> str:
    """``Operation_Name_Programme_Language`` of a project row: its title as printed, else the summary its list
    prints (the list's own words, as the validator's sample names operations), else "" (see module docstring)."""
    return row["title"] or row["summary"] or ""


def _start_and_end(row: dict[str, Any]) -> tuple[str, str, str]:
    start, end = kohesio_dates(row)
    return start, "", end  # Operation_Start_Date, Operation_Expected_End_Date, Operation_End_Date


def _date(iso: str | None) -> str:
    return date.fromisoformat(iso).strftime(KOHESIO_DATE) if iso else ""


def _common_prefix(codes: list[str]) -> str:
    first, last = min(codes), max(codes)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]
