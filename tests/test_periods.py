"""The programming period read from the list where it says (issue 11): a year range in its title, a header
or a fund name, its programmes' CCI codes or its operations' start dates, else the setting, with a warning when
the default was assumed; and the funds follow the period (a 2014–2020 list's ERUF is ERDF, not ERDF_2021).
The titles and headers are real ones: the excerpts in tests/data/eu-lists (SOURCES.tsv)."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pyoxigraph
import pytest

import pdfgen
from fundgraph.config import Settings
from fundgraph.extract import read_list
from fundgraph.extract.records import DocumentInfo, ExtractedList, Programme
from fundgraph.mapping.periods import list_period, stated_period
from fundgraph.publish import publish

from test_every_field import FULL

ROOT = Path(__file__).resolve().parents[1]
EU = ROOT / "tests" / "data" / "eu-lists"
DEFAULT = Settings().programming_period


@pytest.mark.parametrize(("text", "period"), [
    ("MALTA - List of Operations, European Structural and Investment Funds 2014-2020 (ERDF)", "2014-2020"),
    ("Übersicht Endbegünstigte: Programm Regionale Wettbewerbsfähigkeit und Beschäftigung Bayern 2007 bis 2013 - "
     "EFRE Stichtag 31.12.2015", "2007-2013"),
    ("VERZEICHNIS DER BEGÜNSTIGTEN DES BREMER EFRE-PROGRAMMS 2007 - 2013 (Stand: 30.12.2015)", "2007-2013"),
    ("Verleende subsidie ESF 2007-2013 Publicatiedatum: 24-2-2015", "2007-2013"),
    ("Liste der Vorhaben EFRE 2014–2020", "2014-2020"),
    ("ERDF 2014-20", "2014-2020"),
    ("Europeiska regionala utvecklingsfonden (Eruf) (2021/2027)", "2021-2027"),
    ("Beviljade projekt", None),
    ("Stand 01.07.2016, 2014-2027", None),  # no period
])
def test_a_year_range_names_the_period(text, period):
    assert stated_period([text]) == period


@pytest.mark.parametrize(("name", "period", "evidence"), [
    ("MT-erdf-opi-pages-1-3.pdf", "2014-2020", "its title"),
    ("DE2-bayern-pages-1-4-55.pdf", "2007-2013", "its title"),
    ("DE5-bremen-pages-1-2-46.pdf", "2007-2013", "its title"),
    ("NL-esf-e1-pages-1-51-82.pdf", "2007-2013", "its title"),
    ("AT.austria__ERDF_2014-2020__Vorhabensliste_IWB_EFRE_AT2014-2020_Download.xlsx", "2014-2020",
     "the start dates of its operations, 2015–2016"),
    ("DK.denmark__2014-2020__ERDF_Denmark_2014-2020.original.csv", "2014-2020",
     "the start dates of its operations, 2014–2016"),
])
def test_real_lists_state_their_period(name, period, evidence):
    """2007-2013 included: the funds table has its ERDF, ESF and CF (issue 12)."""
    found = list_period(read_list(EU / name), DEFAULT, DEFAULT)
    assert (found.period, found.evidence, found.warning) == (period, evidence, None)


def test_a_period_the_funds_table_does_not_cover_takes_the_setting_and_says_so():
    found = list_period(_listing(fund="EFRE 2007-2013"), DEFAULT, DEFAULT, ("2014-2020", "2021-2027"))
    assert (found.period, found.evidence) == (DEFAULT, "its fund names")
    assert "names the programming period 2007-2013 (its fund names), which the funds table does not cover" in \
        found.warning


def test_a_list_that_states_nothing_takes_the_setting_and_warns_only_for_the_default():
    berlin = read_list(EU / "DE.germany__DE3.berlin__funds-data__ERDF.2007.2013.ods")  # no title, dates, funds
    assumed = list_period(berlin, DEFAULT, DEFAULT)
    assert (assumed.period, assumed.evidence) == (DEFAULT, None)
    assert assumed.warning.startswith(f"the list states no programming period; the default {DEFAULT} was assumed")
    given = list_period(berlin, "2014-2020", DEFAULT)
    assert (given.period, given.warning) == ("2014-2020", None)


def _listing(title="", columns=None, **record) -> ExtractedList:
    return ExtractedList([replace(FULL, **record)], DocumentInfo("list.pdf", "ab" * 32, 1, title), None, [],
                         columns or {})


@pytest.mark.parametrize(("extracted", "period", "evidence"), [
    (_listing(columns={"granted_amount": "Förderbetrag EFRE 2014-2020"}), "2014-2020", "a column header"),
    (_listing(fund="EFRE 2007-2013"), "2007-2013", "its fund names"),
    (_listing(fund="ERUF", programme=Programme(name="Operativt program för Övre Norrland 2014-2020")), "2014-2020",
     "its programme names"),
    (_listing(fund="ERUF", programme=Programme(cci="2014SE16RFOP008")), "2014-2020",
     "the CCI codes of its programmes"),
    (_listing(fund="ERUF", programme=None, start_date=date(2022, 3, 1)), None, None),  # 2014–20 or 2021–27
    (_listing(fund="ERUF", programme=None, start_date=date(2025, 3, 1)), "2021-2027",
     "the start dates of its operations, 2025–2025"),
])
def test_header_fund_programme_cci_and_dates_state_the_period(extracted, period, evidence):
    found = list_period(extracted, DEFAULT, DEFAULT)
    assert (found.period, found.evidence) == (period or DEFAULT, evidence)


def test_the_list_wins_over_a_contrary_setting_and_says_so():
    found = list_period(_listing(title="Beviljade projekt ERUF 2014–2020"), "2021-2027", "2014-2020")
    assert found.period == "2014-2020"
    assert "not the 2021-2027 set by --programming-period; its funds were read as 2014-2020" in found.warning


@pytest.mark.parametrize("period, code, other", [("2014–2020", "ERDF", "ERDF_2021"), ("2007–2013", "ERDF_2007", "ERDF")])
def test_a_list_is_mapped_to_the_funds_of_its_period(tmp_path, period, code, other):
    """Through publish: the title says the period, so ERUF is that period's ERDF, in the RDF and projects.csv
    (2007–2013: fundgraph's ERDF_2007, which no eu-programme concept matches)."""
    records = json.loads((ROOT / "tests" / "data" / "granted-projects-vasterbotten.expected.json")
                         .read_text("utf-8"))["projects"][:3]
    pdf = tmp_path / "list.pdf"
    pdfgen.render_list(records, pdfgen.ListStyle(pdfgen.default_columns(), title=f"Beviljade projekt ERUF {period}"),
                       pdf)
    result = publish([pdf], Settings(out_dir=tmp_path / "publish", links_dir=tmp_path / "links"))
    assert not [w for w in result.warnings if "programming period" in w]
    store = pyoxigraph.Store.read_only(str(tmp_path / "publish" / "store"))
    funds = {row["code"].value for row in store.query(
        "SELECT DISTINCT ?code WHERE { ?p <https://w3id.org/fundgraph/ns#fund>/<http://www.w3.org/2004/02/skos/core#notation> ?code }",
        use_default_graph_as_union=True)}
    assert code in funds and other not in funds, funds
    with (tmp_path / "publish" / "projects.csv").open(encoding="utf-8", newline="") as handle:
        assert {row["fund_code"] for row in csv.DictReader(handle)} == {code}
    with (tmp_path / "publish" / "kohesio-projects.csv").open(encoding="utf-8", newline="") as handle:
        kohesio = {row["Programming_Period"] for row in csv.DictReader(handle)}
    if code == "ERDF_2007":  # Kohesio holds 2014-2020 and 2021-2027 only
        assert kohesio == set() and ("kohesio-projects.csv: 3 operation(s) of 2007-2013 left out: Kohesio takes the "
                                     "periods 2014-2020 and 2021-2027 only") in result.warnings
    else:
        assert kohesio == {"2014-2020"}
