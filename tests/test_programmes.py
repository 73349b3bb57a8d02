"""Programmes as nodes: an operation whose list names its programme links to it (fg:programme); the node's
IRI is the CCI code, or a key minted from fund, country, period and name (stable, and distinct names stay
apart); a list that names none gives no node; the programme shape fails on broken data."""

from __future__ import annotations

import pyoxigraph
import pytest

from fundgraph.extract.records import Programme
from fundgraph.mapping import MappingContext, iris, map_records, reference_quads
from fundgraph.mapping.funds import Funds
from fundgraph.mapping.programmes import programme_key
from fundgraph.validate import validate_store

from test_mapping import BASE, SETTINGS, one_record
from test_shapes import _add, _delete, _set, small_places, store_of

FG = "https://w3id.org/fundgraph/ns#"
CCI = "2021SE16RFPR007"
WITH_CCI = one_record(programme=Programme(name="Övre Norrland", cci=CCI), country="SE")
NAMED = one_record(case_id="20000003", programme=Programme(name="Investitionen in Wachstum und Beschäftigung",
                                                            cci=None), country="AT", fund="EFRE")


def quads_of(records, settings=SETTINGS):
    context = MappingContext(settings)
    return [*reference_quads(settings, places=small_places(), funds=Funds.load()),
            *map_records(records, settings, context=context)]


def objects(quads, subject: str, predicate: str) -> set[str]:
    return {q.object.value for q in quads if q.subject.value == subject and q.predicate.value == FG + predicate}


def test_a_cci_code_is_the_programme_iri():
    quads = quads_of([WITH_CCI])
    programme = iris.programme(BASE, CCI)
    assert objects(quads, f"{BASE}project/20000002", "programme") == {programme}
    described = {(q.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1], q.object.value)
                 for q in quads if q.subject.value == programme}
    assert described == {("type", FG + "OperationalProgramme"), ("notation", CCI), ("label", "Övre Norrland"),
                         ("fund", f"{BASE}fund/ERDF_2021")}


def test_a_name_without_cci_mints_a_stable_key_from_fund_country_period_and_name():
    key = programme_key(NAMED, "ERDF", "2014-2020")
    assert key.startswith("erdf-at-2014-2020-") and len(key.rsplit("-", 1)[1]) == 12
    assert programme_key(NAMED, "ERDF", "2014-2020") == key  # the same on every republish
    other = one_record(programme=Programme(name="Ziel ETZ", cci=None), country="AT")
    assert programme_key(other, "ERDF", "2014-2020") != key
    same_name_in_other_case = one_record(programme=Programme(name="INVESTITIONEN IN  WACHSTUM UND BESCHÄFTIGUNG",
                                                             cci=None), country="AT")
    assert programme_key(same_name_in_other_case, "ERDF", "2014-2020") == key


def test_two_lists_of_one_programme_meet_on_one_node():
    second = one_record(case_id="20000009", programme=Programme(name="ERUF Övre Norrland", cci=CCI),
                        source=WITH_CCI.source.__class__(document="b.pdf", sha256="cd" * 32, pages=(1,)))
    quads = quads_of([WITH_CCI, second])
    programme = iris.programme(BASE, CCI)
    assert {q.subject.value for q in quads if q.predicate.value == FG + "programme"} == {
        f"{BASE}project/20000002", f"{BASE}project/20000009"}
    labels = {q.object.value for q in quads if q.subject.value == programme and q.predicate.value.endswith("#label")}
    assert labels == {"Övre Norrland", "ERUF Övre Norrland"}
    assert sum(1 for q in quads if q.subject.value == programme and q.predicate.value.endswith("#type")) == 1


def test_no_programme_named_no_node():
    quads = quads_of([one_record()])
    assert not [q for q in quads if q.predicate.value == FG + "programme"]


@pytest.fixture(scope="module")
def programme_quads():
    return quads_of([WITH_CCI, NAMED])


def test_programmes_conform(programme_quads):
    report = validate_store(store_of(programme_quads), SETTINGS)
    assert report.conforms, report.text()


P = "<{base}project/20000002>"
PROG = f"<{BASE}programme/{CCI}>"


@pytest.mark.parametrize(("update", "focus", "path"), [
    (_set(PROG, "skos:notation", '"2021SE16"'), PROG, "skos:notation"),
    (_add(PROG, "skos:notation", '"2014SE16RFOP001"'), PROG, "skos:notation"),
    (_delete(PROG, "skos:notation") + " ;\n" + _delete(PROG, "rdfs:label"), PROG, None),
    (_add(PROG, "rdfs:label", '""'), PROG, "rdfs:label"),
    (_set(PROG, "fg:fund", "<{base}county/24>"), PROG, "fg:fund"),
    (_add(P, "fg:programme", "<{base}fund/ERDF_2021>"), P, "fg:programme"),
])
def test_breaking_a_programme_gives_a_violation(programme_quads, update, focus, path):
    report = validate_store(store_of(programme_quads, update), SETTINGS)
    assert not report.conforms
    focus_iri = focus.replace("{base}", BASE).strip("<>")
    assert [v for v in report.violations if v.focus_node == focus_iri and v.path == path], report.text()
