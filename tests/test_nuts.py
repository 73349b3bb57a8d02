"""NUTS regions: the shipped table is whole (every parent present, codes nest by level), the version in force
follows the operation's year, a region a list names is described with Eurostat's name and the versions
holding it, and a code the version in force does not hold is a warning, never a silent link."""

from __future__ import annotations

from datetime import date

import pytest

from fundgraph.mapping import MappingContext, map_records, reference_quads
from fundgraph.mapping.funds import Funds
from fundgraph.mapping.nuts import NUTS_SCHEME, NutsTable, operation_year, version_in_force
from fundgraph.validate import validate_store

from test_mapping import SETTINGS, one_record
from test_shapes import small_places, store_of

TABLE = NutsTable.load()
NUTS = "http://data.europa.eu/nuts/code/"
LIST_COUNTRIES = {"AT", "BE", "CZ", "DE", "DK", "EL", "FI", "FR", "IE", "LV", "MT", "NL", "PL", "SI", "SE", "UK"}


def test_the_table_is_whole():
    assert {code for code, r in TABLE.by_code.items() if r.level == 0} == LIST_COUNTRIES
    for code, region in TABLE.by_code.items():
        assert len(code) == 2 + region.level, code
        assert region.parent == ("" if not region.level else "UKN0" if code.startswith("UKN1") else code[:-1]), code
        assert set(region.versions) <= {"2016", "2021", "2024"}, code
        if region.parent:
            assert set(region.versions) <= set(TABLE.by_code[region.parent].versions), code
        if region.level:
            assert region.name, code
    assert TABLE.by_code["SE331"].name == "Västerbottens län" and TABLE.by_code["DE300"].name == "Berlin"


@pytest.mark.parametrize(("year", "version"), [(2026, "2024"), (2024, "2024"), (2023, "2021"), (2021, "2021"),
                                               (2020, "2016"), (2018, "2016"), (2016, "2013"), (2012, "2010")])
def test_the_version_in_force_by_year(year, version):
    assert version_in_force(year) == version


def test_the_year_of_an_operation():
    assert operation_year(date(2019, 5, 1), "2021-2027") == 2019
    assert operation_year(None, "2014-2020") == 2014 and operation_year(None, "2021-2027") == 2021


@pytest.mark.parametrize(("code", "year", "known"), [
    ("LV006", 2022, True), ("LV006", 2025, False), ("LV00A", 2022, False), ("LV00A", 2025, True),  # Latvia's 2024 recoding
    ("DE40", 2019, True),   # NUTS 2016 is not shipped for Germany: any shipped version confirms it
    ("UKM", 2019, True), ("UKM", 2022, True),  # the UK is in no NUTS after 2016: its 2016 codes are its last
    ("DE41", 2015, False), ("XX123", 2022, False),
])
def test_a_code_is_known_in_the_version_in_force(code, year, known):
    assert (TABLE.lookup(code, year) is not None) == known


def test_a_named_region_is_described_once_with_its_parents():
    records = [one_record(nuts_code="DE300", start_date=date(2022, 3, 1)),
               one_record(case_id="20000005", nuts_code="DE300", start_date=date(2022, 3, 1))]
    quads = list(map_records(records, SETTINGS, context=MappingContext(SETTINGS)))
    described = [q for q in quads if q.subject.value.startswith(NUTS)]
    by_node: dict[str, set[tuple[str, str]]] = {}
    for q in described:
        by_node.setdefault(q.subject.value[len(NUTS):], set()).add((q.predicate.value.rsplit("#", 1)[-1], q.object.value))
    assert set(by_node) == {"DE300", "DE30", "DE3", "DE"}
    assert by_node["DE300"] == {("notation", "DE300"), ("nutsLevel", "3"), ("label", "Berlin"),
                                ("inScheme", NUTS_SCHEME + "2021"), ("inScheme", NUTS_SCHEME + "2024"),
                                ("broader", NUTS + "DE30")}
    assert ("broader", NUTS + "DE") in by_node["DE3"] and not any(p == "label" for p, _ in by_node["DE"])
    assert len(described) == len({(q.subject, q.predicate, q.object) for q in described})  # each once


def test_swedish_regions_stay_as_the_reference_describes_them():
    quads = list(map_records([one_record(nuts_code="SE331")], SETTINGS, context=MappingContext(SETTINGS)))
    assert not [q for q in quads if q.subject.value == NUTS + "SE331"]


def test_a_code_the_version_in_force_lacks_is_a_warning():
    quads = [*reference_quads(SETTINGS, places=small_places(), funds=Funds.load()),
             *map_records([one_record(nuts_code="LV006", start_date=date(2025, 1, 1))], SETTINGS)]
    report = validate_store(store_of(quads), SETTINGS)
    assert report.conforms, report.text()
    assert [(w.focus_node, w.path) for w in report.warnings] == [(NUTS + "LV006", "skos:notation")]
