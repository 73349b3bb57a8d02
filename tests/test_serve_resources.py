"""Resource descriptions and pages: bound terms (no query injection), escaping, 404, the description's parts."""

from __future__ import annotations

import re

import pyoxigraph
import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Quad

from fundgraph.config import Settings
from fundgraph.mapping import iris
from fundgraph.serve import create_app, describe as describe_module
from fundgraph.serve.backend import LocalBackend
from fundgraph.serve.describe import describe
from fundgraph.serve.page import format_amount

BASE = Settings().base_iri
DCT = "http://purl.org/dc/terms/"
FG = "https://w3id.org/fundgraph/ns#"
GRAPH = NamedNode(BASE + "graph/test")
NASTY_ID = 'a"b<c>d e}f'
NASTY = NamedNode(iris.project(BASE, NASTY_ID))
OTHER = NamedNode(iris.project(BASE, "2"))
PLACE = NamedNode(iris.municipality(BASE, "2482"))


def _quads() -> list[Quad]:
    title = NamedNode(DCT + "title")
    return [
        Quad(NASTY, title, Literal("<script>alert('x')</script> & co"), GRAPH),
        Quad(NASTY, NamedNode(FG + "municipality"), PLACE, GRAPH),
        Quad(OTHER, title, Literal("Another project"), GRAPH),
        Quad(OTHER, NamedNode(FG + "municipality"), PLACE, GRAPH),
        Quad(OTHER, NamedNode(FG + "grantedAmount"), NamedNode(iris.project_part(BASE, "2", "granted-amount")), GRAPH),
        Quad(NamedNode(iris.project_part(BASE, "2", "granted-amount")), NamedNode("http://schema.org/value"),
             Literal("10000000", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#decimal")), GRAPH),
        Quad(NamedNode(iris.project_part(BASE, "2", "granted-amount")), NamedNode("http://schema.org/currency"),
             Literal("SEK"), GRAPH),
        Quad(PLACE, NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("Skellefteå", language="sv"),
             GRAPH),
    ]


PATTERN = "index look-up"


class SpyBackend(LocalBackend):
    """Records every built-in query and its bindings, and every index look-up (``PATTERN``) and its bound terms."""

    def __init__(self, store):
        super().__init__(store)
        self.calls: list[tuple[str, dict]] = []

    def _query(self, query, bindings):
        self.calls.append((query, dict(bindings or {})))
        return super()._query(query, bindings)

    def _pattern(self, subject, predicate, obj):
        self.calls.append((PATTERN, {name: term for name, term in (("s", subject), ("p", predicate), ("o", obj))
                                     if term is not None}))
        return super()._pattern(subject, predicate, obj)


@pytest.fixture()
def backend():
    store = pyoxigraph.Store()
    store.extend(_quads())
    return SpyBackend(store)


@pytest.fixture()
def client(backend):
    return create_app(Settings(), store=backend).test_client()


LABELS_OF_START = describe_module.LABELS_OF.split("{terms}")[0].replace("{{", "{")
QUERY_TEXTS = {PATTERN, describe_module.ASK_GRAPH, describe_module.GRAPH_CONTENT}


@pytest.mark.parametrize("path", [
    '/project/x"> } UNION { ?s ?p ?o',
    "/project/x%3E%20%7D%20UNION%20%7B%20%3Fs%20%3Fp%20%3Fo",
    "/project/'; DROP ALL; #",
    "/project/a b",
    "/project/}",
    "/project/<http://evil.example/>",
    '/project/x" . ?s ?p ?o . FILTER("',
])
def test_request_path_cannot_change_the_query(client, backend, path):
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert backend.calls, "the ASK ran"
    for query, bindings in backend.calls:
        assert query in QUERY_TEXTS
        (name, term), = bindings.items()  # the resource, or the named graph it may be, as a bound term
        assert name in ("s", "o", "g") and isinstance(term, NamedNode)
        assert not set(term.value[len(BASE):]) & set('"<>{} \'')
    assert backend.calls[0] == (PATTERN, {"s": backend.calls[0][1]["s"]})  # its outgoing triples, read first
    assert backend.calls[0][1]["s"].value.startswith(BASE + "project/")


@pytest.mark.parametrize("path", ["/project/a%22b%3Cc%3Ed%20e%7Df", '/project/a"b<c>d e}f'])
def test_resource_with_quotes_brackets_and_braces_in_its_id(client, path):
    response = client.get(path, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format="nt")
    subjects = {str(s) for s in graph.subjects()}
    assert NASTY.value in subjects and OTHER.value not in subjects
    title = rdflib.Literal("<script>alert('x')</script> & co")
    assert (rdflib.URIRef(NASTY.value), rdflib.DCTERMS.title, title) in graph


def test_invalid_iri_describes_nothing(backend):
    assert describe(backend, BASE + 'project/x> } UNION { ?s ?p ?o') is None
    assert describe(backend, BASE + "project/a b") is None
    assert len(backend.store) == len(_quads())


def test_html_is_escaped_and_readable(client):
    html = client.get("/project/a%22b%3Cc%3Ed%20e%7Df", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co" in html
    assert '<a href="/municipality/2482">Skellefteå</a>' in html
    other = client.get("/project/2", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "10\u00a0000\u00a0000\u00a0kr" in other
    assert "<script" not in other.split("<body", 1)[1]


def test_concept_lists_the_projects_pointing_to_it(backend):
    description = describe(backend, PLACE.value)
    assert {s for s, _ in description.incoming} == {NASTY, OTHER}
    assert description.label(PLACE) == "Skellefteå"
    assert description.label(OTHER) == "Another project"
    triples = description.triples()
    assert pyoxigraph.Triple(OTHER, NamedNode(FG + "municipality"), PLACE) in triples


def test_owned_nodes_are_part_of_the_description(backend):
    description = describe(backend, OTHER.value)
    amount = NamedNode(iris.project_part(BASE, "2", "granted-amount"))
    assert amount in description.owned
    assert pyoxigraph.Triple(amount, NamedNode("http://schema.org/currency"), Literal("SEK")) in description.triples()


def test_unknown_resource_is_404_in_html_too(client):
    response = client.get("/project/nope", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "https://data.example.se/project/nope" in response.get_data(as_text=True)


@pytest.mark.parametrize("lexical, currency, text", [
    ("10000000", "SEK", "10\u00a0000\u00a0000\u00a0kr"), ("0", "SEK", "0\u00a0kr"),
    ("1234.5", None, "1\u00a0234,50"), ("12.0", None, "12"), ("x", None, "x"),
])
def test_format_amount(lexical, currency, text):
    assert format_amount(lexical, currency) == text


def test_base_iri_with_a_path():
    base = "https://data.example.se/projekt/"
    store = pyoxigraph.Store()
    store.add(Quad(NamedNode(iris.project(base, "1")), NamedNode(DCT + "title"), Literal("Ett"), GRAPH))
    client = create_app(Settings(base_iri=base), store=store).test_client()
    response = client.get("/projekt/project/1", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    assert f"<{base}project/1>" in response.get_data(as_text=True)
    assert '</projekt/project/1.ttl>; rel="alternate"' in response.headers["Link"]
    assert client.get("/project/1").status_code == 404
    sparql = client.get("/projekt/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert sparql.get_json()["boolean"] is True


def test_vocabulary_is_labelled_once_and_other_labels_in_one_query_per_page(backend):
    ontology = [Quad(NamedNode(FG + "municipality"), NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                     NamedNode("http://www.w3.org/2002/07/owl#ObjectProperty")),
                Quad(NamedNode(FG + "municipality"), NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                     Literal("kommun", language="sv"))]
    backend.store.extend(ontology)
    describer = describe_module.Describer(backend)
    first = describer.describe(NASTY.value)
    second = describer.describe(OTHER.value)
    assert first.label(NamedNode(FG + "municipality")) == "kommun"
    assert second.label(NamedNode(FG + "municipality")) == "kommun"
    queries = [query for query, _ in backend.calls]
    assert queries.count(describe_module.VOCABULARY_LABELS) == 1
    label_queries = [query for query in queries if query.startswith(LABELS_OF_START)]
    assert len(label_queries) <= 2  # at most one per description (PLACE, a vocabulary term here, needs none)
    assert len(queries) <= 1 + 2 * 4


def test_label_queries_name_only_terms_read_from_the_store(backend):
    describer = describe_module.Describer(backend)
    describer.describe(PLACE.value)
    stored = {t.value for q in backend.store for t in (q.subject, q.predicate, q.object) if isinstance(t, NamedNode)}
    for query, bindings in backend.calls:
        if query.startswith(LABELS_OF_START):
            assert not bindings
            named = set(re.findall(r"<([^>]*)>", query[len(LABELS_OF_START):].split("}", 1)[0]))
            assert named and named <= stored
    assert describer.describe(PLACE.value).label(NASTY) == "<script>alert('x')</script> & co"


def test_incoming_is_capped_and_owned_nodes_pointing_back_are_not_incoming(monkeypatch):
    store = pyoxigraph.Store()
    store.extend(_quads()[-1:])  # PLACE's label: a resource is the subject of some triple
    municipality = NamedNode(FG + "municipality")
    store.extend(Quad(NamedNode(iris.project(BASE, str(i))), municipality, PLACE) for i in range(5))
    grant = NamedNode(iris.project_part(BASE, "0", "grant"))
    store.extend([Quad(NamedNode(iris.project(BASE, "0")), NamedNode("http://schema.org/funding"), grant),
                  Quad(grant, NamedNode("http://schema.org/fundedItem"), NamedNode(iris.project(BASE, "0")))])
    monkeypatch.setattr(describe_module, "MAX_INCOMING", 3)
    description = describe(LocalBackend(store), PLACE.value)
    assert len({x for x, _ in description.incoming}) == 3 and description.incoming_truncated
    project = describe(LocalBackend(store), iris.project(BASE, "0"))
    assert project.incoming == [] and not project.incoming_truncated
    assert grant in project.owned


def test_index_look_ups_read_what_the_queries_read():
    """The embedded store's look-ups (LocalBackend) give the triples the SPARQL reads of ``Backend`` give (what a
    remote endpoint is asked): as many copies of a triple held by several graphs, the owned nodes' triples."""
    from fundgraph.serve.backend import Backend

    store = pyoxigraph.Store()
    store.extend(_quads())
    amount = NamedNode(iris.project_part(BASE, "2", "granted-amount"))
    store.add(Quad(OTHER, NamedNode(DCT + "title"), Literal("Another project"), NamedNode(BASE + "graph/other")))
    store.add(Quad(OTHER, NamedNode(DCT + "title"), Literal("Another project")))  # and in the default graph
    store.add(Quad(OTHER, NamedNode("http://schema.org/funding"), amount, GRAPH))  # a second link to it
    backend = LocalBackend(store)
    for term in (OTHER, PLACE, amount, NASTY):
        assert sorted(map(str, backend.outgoing(term))) == sorted(map(str, Backend.outgoing(backend, term)))
        assert sorted(map(str, backend.incoming(term, 100))) == sorted(map(str, Backend.incoming(backend, term, 100)))
    assert backend.outgoing(OTHER).count((NamedNode(DCT + "title"), Literal("Another project"))) == 3
    owned, queried = backend.owned(OTHER, [amount, amount]), Backend.owned(backend, OTHER, [amount])
    assert list(owned) == list(queried) == [amount]
    assert set(owned[amount]) == set(queried[amount]) and len(owned[amount]) == 2  # the query: once per link
    assert len(backend.incoming(PLACE, 1)) == 1


@pytest.mark.parametrize("unchanging", [True, False])
def test_labels_of_linked_terms_are_kept_only_when_the_data_cannot_change(backend, unchanging):
    backend.unchanging = unchanging
    describer = describe_module.Describer(backend)
    for _ in range(2):
        assert describer.describe(PLACE.value).label(OTHER) == "Another project"
    asked = [query for query, _ in backend.calls if query.startswith(LABELS_OF_START)]
    assert len(asked) == (1 if unchanging else 2)
