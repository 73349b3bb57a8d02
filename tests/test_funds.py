"""Funds per programming period: the names lists print in their languages mean EU Publications Office
eu-programme concepts (ERDF, ESF, ESF+, CF, JTF, EMFF/EMFAF, Interreg) by period; no name means two funds;
the reference concepts carry those names as labels and validate."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest
from pyoxigraph import Literal

from fundgraph.config import Settings
from fundgraph.mapping import reference_quads
from fundgraph.mapping.funds import EU_FUND, PROGRAMME, Funds, _keys
from fundgraph.mapping.names import match_key
from fundgraph.resources import resource_path

FUNDS = Funds.load()
PERIODS = ("2021-2027", "2014-2020")
EU_PROGRAMME = "http://publications.europa.eu/resource/authority/eu-programme/"


@pytest.mark.parametrize(("printed", "period", "code"), [
    # Germany, Austria: EFRE / ESF; France, Belgium: FEDER / FSE; the Netherlands, Flanders: EFRO; Denmark: R / S.
    ("EFRE", "2014-2020", "ERDF"), ("EFRE", "2021-2027", "ERDF_2021"), ("FEDER", "2014-2020", "ERDF"),
    ("EFRO", "2014-2020", "ERDF"), ("R", "2014-2020", "ERDF"), ("S", "2014-2020", "ESF"),
    ("Europäischer Fonds für regionale Entwicklung (EFRE)", "2014-2020", "ERDF"),
    ("Europees Fonds voor Regionale Ontwikkeling", "2014-2020", "ERDF"),
    # Finland EAKR/ESR, Poland EFRR/EFS, Czechia EFRR, Latvia ERAF, Slovenia ESRR/ESS, Greece ΕΤΠΑ/ΕΚΤ, Malta.
    ("EAKR", "2014-2020", "ERDF"), ("ESR", "2014-2020", "ESF"), ("EFRR", "2014-2020", "ERDF"),
    ("EFS", "2014-2020", "ESF"), ("ERAF", "2014-2020", "ERDF"), ("ESRR", "2014-2020", "ERDF"),
    ("ESS", "2014-2020", "ESF"), ("ΕΤΠΑ", "2014-2020", "ERDF"), ("ΕΚΤ", "2014-2020", "ESF"),
    ("Fond Ewropew għall-Iżvilupp Reġjonali", "2014-2020", "ERDF"),
    # The period a name states wins over the list's; ESF becomes ESF+ in 2021-2027, EMFF becomes EMFAF.
    ("EFRE 2014-2020", "2021-2027", "ERDF"), ("ESF 2014–2020", "2021-2027", "ESF"),
    ("ESF", "2021-2027", "ESF_PLUS"), ("FSE+", "2021-2027", "ESF_PLUS"), ("EFS+", "2014-2020", "ESF_PLUS"),
    ("Kohäsionsfonds", "2014-2020", "CF"), ("Fundusz Spójności", "2021-2027", "CF_2021"),
    ("EMFF", "2014-2020", "EMFF2020"), ("EMFF", "2021-2027", "EMFAF"), ("FEAMPA", "2021-2027", "EMFAF"),
    ("Just Transition Fund", "2021-2027", "JTF"), ("Fundusz na rzecz Sprawiedliwej Transformacji", "2021-2027", "JTF"),
    ("Interreg", "2014-2020", "TERRCOOP"), ("INTERREG", "2021-2027", "INTERREG"),
    # The Swedish lists' own wordings.
    ("ERUF", "2021-2027", "ERDF_2021"), ("Socialfonden", "2014-2020", "ESF"), ("Interreg Aurora", "2021-2027", "INTERREG_AURORA"),
    ("Regionala medel", "2014-2020", "REGIONAL"),
])
def test_a_printed_name_means_a_fund_by_period(printed, period, code):
    assert FUNDS.resolve(printed, period).code == code


@pytest.mark.parametrize("printed", ["Marshall Plan", "EIB", "Co-financing Rate [ERDF]", "", "EU"])
def test_names_that_are_no_fund_mean_none(printed):
    assert all(FUNDS.resolve(printed, period) is None for period in PERIODS)


def test_no_name_means_two_funds():
    """Every key of fund-names.csv leads to one family or fund: a new language's abbreviation must not
    collide with another fund's (FEPAM, Romanian for both EMFF and EMFAF, is kept to EMFF's family)."""
    with resource_path("reference", "fund-names.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    targets: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for key in _keys(row["name"])[:1]:
            targets[key].add(row["code"] or row["family"])
    assert {key: t for key, t in targets.items() if len(t) > 1} == {}
    # Every name resolves to what the table says, in both periods.
    for row in rows:
        for period in PERIODS:
            fund = FUNDS.resolve(row["name"], period)
            assert fund is not None, row
            assert fund.code == row["code"] or fund.family == row["family"], (row, period, fund.code)


def test_each_eu_fund_is_an_eu_programme_concept_of_its_period():
    """2007-2013 funds excepted: the eu-programme table has none (reference/SOURCES.md); none is made up."""
    for fund in FUNDS.funds:
        if fund.kind == EU_FUND and fund.period == "2007-2013":
            assert fund.eu_iri == "" and fund.family in ("ERDF", "ESF", "CF") and fund.kohesio_code, fund.code
        elif fund.kind == EU_FUND:
            assert fund.eu_iri.startswith(EU_PROGRAMME) and fund.period in PERIODS, fund.code
            assert fund.kohesio_code, fund.code
        elif fund.kind == PROGRAMME:
            assert FUNDS.by_code[fund.financed_by].kind == EU_FUND, fund.code
    families = defaultdict(set)
    for fund in FUNDS.funds:
        if fund.family:
            families[fund.family].add(fund.period)
    assert families == {"ERDF": {*PERIODS, "2007-2013"}, "ESF": {*PERIODS, "2007-2013"}, "CF": {*PERIODS, "2007-2013"},
                        "EMFF": set(PERIODS), "INTERREG": set(PERIODS), "JTF": {"2021-2027"}}


@pytest.mark.parametrize("printed, code", [("EFRE", "ERDF_2007"), ("ERDF", "ERDF_2007"), ("ESF", "ESF_2007"),
                                           ("Fonds de cohésion", "CF_2007"), ("EFRE 2014-2020", "ERDF")])
def test_a_2007_2013_list_names_the_funds_of_2007_2013(printed, code):
    assert FUNDS.resolve(printed, "2007-2013").code == code


def test_reference_funds_carry_the_names_in_the_lists_languages():
    quads = list(reference_quads(Settings()))
    erdf = "https://data.example.se/fund/ERDF"
    alt = {q.object for q in quads if q.subject.value == erdf and q.predicate.value.endswith("#altLabel")}
    for name, lang in (("EFRE", "de"), ("FEDER", "fr"), ("EFRO", "nl"), ("EAKR", "fi"), ("EFRR", "pl"),
                       ("ERUF", "sv"), ("Europäischer Fonds für regionale Entwicklung", "de")):
        assert Literal(name, language=lang) in alt
    esf_plus = "https://data.example.se/fund/ESF_PLUS"
    plus = {q.object.value for q in quads if q.subject.value == esf_plus and q.predicate.value.endswith("#altLabel")}
    assert "ESF+" in plus and "Europäischer Sozialfonds" not in plus  # ESF+ is not named by ESF's names
    assert {match_key(n) for n in plus} >= {"fse+", "efs+"}
