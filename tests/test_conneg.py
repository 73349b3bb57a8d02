"""Content negotiation as a table: Accept (and User-Agent) → the type a resource or a query result gets."""

from __future__ import annotations

import pyoxigraph
import pytest

from fundgraph.config import Settings
from fundgraph.serve import create_app
from fundgraph.serve.negotiation import choose, preference

BASE = Settings().base_iri
FIREFOX = ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
           "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
CHROME = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
          "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
          "application/signed-exchange;v=b3;q=0.7")
CURL = "curl/8.5.0"


@pytest.fixture(scope="module")
def client():
    store = pyoxigraph.Store()
    s = pyoxigraph.NamedNode(BASE + "project/1")
    graph = pyoxigraph.NamedNode(BASE + "graph/x")
    store.add(pyoxigraph.Quad(s, pyoxigraph.NamedNode("http://purl.org/dc/terms/title"), pyoxigraph.Literal("Ett"),
                              graph))
    return create_app(Settings(), store=store).test_client()


RESOURCE_CASES = [
    # (User-Agent, Accept, expected Content-Type without parameters)
    (FIREFOX[0], FIREFOX[1], "text/html"),
    (CHROME[0], CHROME[1], "text/html"),
    (FIREFOX[0], "*/*", "text/html"),
    (FIREFOX[0], None, "text/html"),
    (CURL, "*/*", "text/turtle"),
    (CURL, None, "text/turtle"),
    ("python-requests/2.32", "*/*", "text/turtle"),
    (CURL, "text/turtle", "text/turtle"),
    (FIREFOX[0], "text/turtle", "text/turtle"),
    (CURL, "application/ld+json", "application/ld+json"),
    (CURL, 'application/ld+json; profile="http://www.w3.org/ns/json-ld#compacted"', "application/ld+json"),
    (CURL, 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded";q=0.9, text/turtle;q=0.5',
     "application/ld+json"),
    (CURL, "application/json", "application/ld+json"),
    (CURL, "application/n-triples", "application/n-triples"),
    (CURL, "application/rdf+xml", "application/rdf+xml"),
    (CURL, "application/x-turtle", "text/turtle"),
    (CURL, "application/xml", "application/rdf+xml"),
    (CURL, "text/xml", "application/rdf+xml"),
    (CURL, "application/xml;q=0.9, text/turtle;q=0.5", "application/rdf+xml"),
    (CURL, "text/html", "text/html"),
    (CURL, "text/turtle;q=0.5, application/rdf+xml", "application/rdf+xml"),
    (CURL, "image/png, */*;q=0.1", "text/turtle"),
    (FIREFOX[0], "image/png, */*;q=0.1", "text/html"),
    (CURL, "text/*", "text/turtle"),
    (CURL, "application/n-triples;q=0.1, */*;q=0.1", "application/n-triples"),
    (CURL, "text/html;q=0.1, */*;q=0.1", "text/html"),
    (CURL, "image/png", None),
    (CURL, "application/sparql-results+json", None),
    (CURL, "text/turtle;q=0", None),
]


@pytest.mark.parametrize("user_agent, accept, expected", RESOURCE_CASES)
def test_resource_negotiation(client, user_agent, accept, expected):
    headers = {"User-Agent": user_agent}
    if accept is not None:
        headers["Accept"] = accept
    response = client.get("/project/1", headers=headers)
    if expected is None:
        assert response.status_code == 406
        assert "text/turtle" in response.get_data(as_text=True)
    else:
        assert response.status_code == 200
        assert response.headers["Content-Type"] == f"{expected}; charset=utf-8"
        assert set(response.vary) >= {"Accept", "User-Agent"}


@pytest.mark.parametrize("path, expected", [
    ("/project/1.ttl", "text/turtle"), ("/project/1.jsonld", "application/ld+json"),
    ("/project/1.nt", "application/n-triples"), ("/project/1.rdf", "application/rdf+xml"),
    ("/project/1.html", "text/html"), ("/project/1?format=nt", "application/n-triples"),
    ("/project/1?format=html", "text/html"), ("/project/1.ttl?format=jsonld", "application/ld+json"),
])
def test_format_overrides_accept(client, path, expected):
    response = client.get(path, headers={"Accept": "application/rdf+xml;q=1, text/html;q=0.1", "User-Agent": CURL})
    assert response.headers["Content-Type"] == f"{expected}; charset=utf-8"
    assert '</project/1>; rel="canonical"' in response.headers["Link"]


def test_bad_format_and_unknown_extension(client):
    assert client.get("/project/1?format=pdf").status_code == 400
    assert client.get("/project/1.pdf").status_code == 404


def test_alternate_links(client):
    response = client.get("/project/1", headers={"Accept": "text/turtle"})
    links = response.headers["Link"]
    for href, media_type in (("/project/1.jsonld", "application/ld+json"), ("/project/1.nt", "application/n-triples"),
                             ("/project/1.rdf", "application/rdf+xml"), ("/project/1.html", "text/html")):
        assert f'<{href}>; rel="alternate"; type="{media_type}"' in links
    assert "/project/1.ttl>" not in links
    assert response.headers["Content-Location"] == "/project/1.ttl"


QUERIES = {"select": "SELECT ?s WHERE { ?s ?p ?o }", "ask": "ASK { ?s ?p ?o }",
           "construct": "CONSTRUCT WHERE { ?s ?p ?o }", "describe": "DESCRIBE ?s WHERE { ?s ?p ?o }"}
QUERY_CASES = [
    ("select", None, "application/sparql-results+json"),
    ("select", "*/*", "application/sparql-results+json"),
    ("select", "application/sparql-results+xml", "application/sparql-results+xml"),
    ("select", "application/json", "application/sparql-results+json"),
    ("select", "application/xml", "application/sparql-results+xml"),
    ("select", "text/csv", "text/csv"),
    ("select", "text/tab-separated-values", "text/tab-separated-values"),
    ("select", "text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
    ("select", "text/turtle", None),
    ("select", "text/turtle, */*;q=0.1", "application/sparql-results+json"),
    ("select", FIREFOX[1], "text/html"),  # a browser following a link gets a results page
    ("select", CHROME[1], "text/html"),
    ("select", "application/xml;q=0.9, */*;q=0.8", "application/sparql-results+xml"),
    ("select", "text/html", "text/html"),
    ("select", "text/html;q=0.5, application/sparql-results+json", "application/sparql-results+json"),
    ("construct", FIREFOX[1], "text/html"),
    ("ask", "text/html", "text/html"),
    ("ask", "application/sparql-results+xml", "application/sparql-results+xml"),
    ("ask", "text/csv", None),
    ("ask", "*/*", "application/sparql-results+json"),
    ("construct", None, "text/turtle"),
    ("construct", "*/*", "text/turtle"),
    ("construct", "application/ld+json", "application/ld+json"),
    ("construct", 'application/ld+json; profile="http://www.w3.org/ns/json-ld#flattened"', "application/ld+json"),
    ("construct", "application/n-triples", "application/n-triples"),
    ("construct", "application/rdf+xml", "application/rdf+xml"),
    ("construct", "application/xml", "application/rdf+xml"),
    ("describe", "text/xml", "application/rdf+xml"),
    ("ask", "application/xml", "application/sparql-results+xml"),
    ("construct", "application/sparql-results+json", None),
    ("construct", "text/csv", None),
    ("construct", "application/sparql-results+json, */*;q=0.1", "text/turtle"),
    ("describe", "application/n-triples", "application/n-triples"),
    ("describe", "application/sparql-results+xml", None),
]


@pytest.mark.parametrize("form, accept, expected", QUERY_CASES)
def test_query_result_negotiation(client, form, accept, expected):
    headers = {"Accept": accept} if accept is not None else {}
    response = client.get("/sparql", query_string={"query": QUERIES[form]}, headers=headers)
    if expected is None:
        assert response.status_code == 406
    else:
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.headers["Content-Type"] == f"{expected}; charset=utf-8"


@pytest.mark.parametrize("form, fmt, expected", [
    ("select", "csv", "text/csv"), ("select", "turtle", None), ("construct", "turtle", "text/turtle"),
    ("construct", "json-ld", "application/ld+json"), ("construct", "xml", "application/rdf+xml"),
    ("select", "xml", "application/sparql-results+xml"), ("construct", "n3", "text/turtle"),
    ("select", "application/sparql-results+json", "application/sparql-results+json"),
])
def test_format_parameter_for_queries(client, form, fmt, expected):
    response = client.get("/sparql", query_string={"query": QUERIES[form], "format": fmt})
    if expected is None:
        assert response.status_code == 406
    else:
        assert response.headers["Content-Type"] == f"{expected}; charset=utf-8"


@pytest.mark.parametrize("form", ["select", "construct"])
def test_unknown_format_parameter_for_queries_is_400(client, form):
    response = client.get("/sparql", query_string={"query": QUERIES[form], "format": "bogus"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "'bogus'" in text and "json" in text and "ttl" in text and "csv" in text


def test_server_preference_order():
    assert preference(["text/turtle", "text/html"], browser=True) == ["text/html", "text/turtle"]
    assert preference(["text/html", "text/turtle"], browser=False) == ["text/turtle", "text/html"]
    assert choose("", ["text/turtle"]) == "text/turtle"
