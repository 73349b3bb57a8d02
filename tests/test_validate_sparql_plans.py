"""SHACL-SPARQL constraints rewritten for hash joins (validate/compiled/sparql_plans.py) find exactly what the
query as written finds, and a query not of the plain form is left as it is.

The shapes' own constraints are compared with pyshacl on every breakage by test_validate_compiled.py; here
constructed constraints cover what the rewriting handles: sequence and inverse paths, several filters, a
filter's string holding brackets, FILTER NOT EXISTS, a literal in a pattern, targets of two kinds."""

from __future__ import annotations

import pyoxigraph
import pytest

from fundgraph.validate.compiled.sparql_plans import whole_store_query
from fundgraph.validate.shacl import load_shapes, split_sparql

PREFIXES = "PREFIX ex: <http://example.org/>\n"
TARGETS = ["{ ?this a <http://example.org/Project> }", "{ ?this <http://example.org/listed> ?targetValue }"]
DATA = """
@prefix ex: <http://example.org/> .
ex:p1 a ex:Project ; ex:granted ex:g1 ; ex:budget ex:b1 ; ex:title "Ett (1) {x}" ; ex:source ex:d1 .
ex:g1 ex:value 10 ; ex:currency "SEK" . ex:b1 ex:value 5 .
ex:p2 a ex:Project ; ex:granted ex:g2 ; ex:budget ex:b2 ; ex:title "Två" .
ex:g2 ex:value 3 ; ex:currency "EUR" . ex:b2 ex:value 5 .
ex:p3 ex:listed ex:l ; ex:granted ex:g3 ; ex:budget ex:b3 ; ex:title "Tre" , "Drei" .
ex:g3 ex:value 7 ; ex:currency "SEK" . ex:b3 ex:value 6 .
ex:d1 ex:part ex:p2 .
ex:other ex:granted ex:g4 ; ex:budget ex:b4 . ex:g4 ex:value 9 ; ex:currency "SEK" . ex:b4 ex:value 1 .
"""

PLAIN = [
    # two amounts and their values, one through a sequence path; the untargeted ex:other is no result
    """SELECT ?this ?value ?total WHERE { ?this ex:granted ?g ; ex:budget/ex:value ?total .
        ?g ex:value ?value ; ex:currency "SEK" . FILTER (?value > ?total) }""",
    # an inverse path, two filters, a string holding brackets and braces
    """SELECT ?this ?title WHERE { ?this ex:title ?title . FILTER (STRLEN(?title) > 3)
        FILTER (?title != "a) } {b") }""",
    """SELECT ?this ?doc WHERE { ?this ^ex:part ?doc }""",
    # NOT EXISTS sharing only ?this with the group: an anti-join
    """SELECT ?this WHERE { FILTER NOT EXISTS { ?this ex:source ?document } }""",
    """SELECT ?this ?t WHERE { ?this ex:title ?t . FILTER NOT EXISTS { ?this ex:granted/ex:currency "EUR" } }""",
]

NOT_PLAIN = [
    "SELECT ?this WHERE { ?this ex:title ?t OPTIONAL { ?this ex:source ?s } }",
    "SELECT ?this WHERE { { ?this ex:title ?t } UNION { ?this ex:source ?t } }",
    "SELECT ?this WHERE { ?this ex:granted [ ex:value ?v ] }",  # a blank node joins within its pattern only
    "SELECT ?this (COUNT(?t) AS ?n) WHERE { ?this ex:title ?t } GROUP BY ?this HAVING (COUNT(?t) > 1)",
    "SELECT ?this WHERE { ?this ex:title ?t FILTER EXISTS { ?this ex:source ?s } }",
    # NOT EXISTS sharing ?t as well: MINUS would not say the same
    "SELECT ?this WHERE { ?this ex:title ?t FILTER NOT EXISTS { ?x ex:title ?t } }",
    "SELECT ?this WHERE { ?this ex:title ?t BIND (STR(?t) AS ?s) }",
    "SELECT ?this WHERE { ?this ex:title ?t # a comment\n }",
    "SELECT ?this WHERE { ?this ex:title ?t FILTER isIRI(?t) }",
    "SELECT ?this WHERE { ?this ex:listed ?targetValue }",
    "SELECT ?this (COUNT(?t) AS ?n) WHERE { ?this ex:title ?t }",  # counts rows: the targets' too
    'SELECT ?this WHERE { ?this ex:title ?t FILTER (?t != """a " b""") }',
]


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(DATA.encode(), format=pyoxigraph.RdfFormat.TURTLE, to_graph=pyoxigraph.NamedNode("http://example.org/g"))
    return store


def _as_written(select: str) -> str:
    where = select.index("{") + 1
    return PREFIXES + select[:where] + " " + " UNION ".join(TARGETS) + " " + select[where:]


def _solutions(store: pyoxigraph.Store, query: str) -> set[tuple]:
    results = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in results.variables]
    return {tuple(str(row[n]) for n in names) for row in results}


@pytest.mark.parametrize("select", PLAIN)
def test_a_plain_constraint_is_rewritten_and_finds_the_same(store, select):
    planned = whole_store_query(PREFIXES, select, TARGETS)
    assert planned is not None and "SELECT DISTINCT ?this" in planned
    expected = _solutions(store, _as_written(select))
    assert expected  # the data breaks each constraint
    assert _solutions(store, planned) == expected


@pytest.mark.parametrize("select", NOT_PLAIN)
def test_any_other_query_is_left_as_it_is(select):
    assert whole_store_query(PREFIXES, select, TARGETS) is None


def test_the_shapes_own_constraints_are_all_rewritten():
    _, checks = split_sparql(load_shapes())
    assert checks and all("SELECT DISTINCT ?this" in check.query for check in checks)
