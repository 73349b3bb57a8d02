"""Errors a person can act on, in their language: SPARQL parser positions, refused updates, translated
details, Accept-Language, and the host's root leading to the base path."""

from __future__ import annotations

import re
from html import unescape

import pytest

from fundgraph.config import Settings
from fundgraph.serve.sparql.diagnosis import diagnose, first_word
from fundgraph.serve.web.i18n import select_language
from fundgraph.serve.web.messages import CATALOGUE, localise
from werkzeug.datastructures import LanguageAccept

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def app(published):
    from fundgraph.serve import create_app

    app = create_app(Settings(), publication_dir=published.out_dir)
    yield app
    app.extensions["fundgraph"].backend.close()


@pytest.fixture
def client(app):
    return app.test_client()  # a fresh one per test: no language cookie from another test


def _text(response) -> str:
    return unescape(re.sub(r"<[^>]+>", "", response.get_data(as_text=True)))


@pytest.mark.parametrize("header, expected", [
    ("sv-SE,sv;q=0.9,en;q=0.5", "sv"), ("en-GB,en;q=0.9", "en"), ("en-US", "en"), ("de-DE,de;q=0.9", "sv"),
    ("de,en;q=0.4,sv;q=0.3", "en"), ("", "sv")])
def test_accept_language_decides_without_an_explicit_choice(header, expected):
    accept = LanguageAccept([(tag.split(";")[0], float(tag.split("q=")[1]) if "q=" in tag else 1)
                             for tag in header.split(",") if tag])
    assert select_language({}, {}, accept) == expected
    assert select_language({"lang": "sv"}, {}, accept) == "sv"  # ?lang= wins
    assert select_language({}, {"lang": "en"}, accept) == "en"  # so does the remembered choice


def test_pages_follow_accept_language_and_vary_on_it(client):
    english = client.get("/", headers={"Accept": "text/html", "Accept-Language": "en-GB,en;q=0.8"})
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert "Accept-Language" in english.headers["Vary"]
    swedish = client.get("/", headers={"Accept": "text/html", "Accept-Language": "sv"})
    assert '<html lang="sv">' in swedish.get_data(as_text=True)


@pytest.mark.parametrize("query, kind, line, column, word", [
    ("SELEC ?x WHERE {", "form", 1, 1, "SELEC"),
    ("PREFIX fg: <https://w3id.org/fundgraph/ns#>\n# a comment\n  SELEC ?x {}", "form", 3, 3, "SELEC"),
    ("DELETE WHERE { ?s ?p ?o }", "update", 1, 1, "DELETE"),
    ("prefix x: <http://x/>\ninsert data { x:a x:b x:c }", "update", 2, 1, "insert"),
    ("LOAD <http://example.org/data.ttl>", "update", 1, 1, "LOAD"),
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "update", 1, 1, "WITH"),
])
def test_diagnosis_names_the_first_word(query, kind, line, column, word):
    found = diagnose(query, "error at 1:10: expected CONSTRUCT")
    assert (found.kind, found.line, found.column, found.word) == (kind, line, column, word)
    assert first_word(query)[0] == word


def test_diagnosis_keeps_the_parsers_position_inside_a_query():
    found = diagnose("SELECT ?x WHERE {\n  ?x ?p\n}", "error at 3:2: expected one of LATERAL, SERVICE, [_]")
    assert (found.kind, found.line, found.column) == ("syntax", 3, 2)
    assert found.message() == "at line 3, column 2: expected one of LATERAL, SERVICE"  # "[_]" left out


@pytest.mark.parametrize("query", ["DELETE WHERE { ?s ?p ?o }", "INSERT DATA { <a:b> <a:c> <a:d> }",
                                   "CLEAR ALL", "DROP GRAPH <http://g>"])
def test_an_update_sent_as_a_query_is_refused_as_an_update(client, query):
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 403
    assert response.get_data(as_text=True) == "Update refused: updates are not accepted on this read-only endpoint\n"
    via_update = client.post("/sparql", data={"update": query})
    assert via_update.status_code == 403
    assert via_update.get_data(as_text=True) == response.get_data(as_text=True)  # said once, the same way


def test_a_typo_in_the_query_form_is_named_with_its_position(client):
    response = client.get("/sparql", query_string={"query": "SELEC ?x WHERE {"})
    assert response.status_code == 400
    assert response.get_data(as_text=True) == ("Malformed query: at line 1, column 1: a query starts with SELECT, "
                                               "CONSTRUCT, ASK or DESCRIBE, not 'SELEC'\n")
    assert "CONSTRUCT'" not in response.get_data(as_text=True) and "expected CONSTRUCT" not in response.get_data(
        as_text=True)


@pytest.mark.parametrize("lang, words", [
    ("sv", ("Din fråga", "rad 2, kolumn 16: här väntade sig tolken något av LATERAL, SERVICE",
            "Felet är markerat på rad 2, kolumn 16", "Rätta frågan och kör den igen")),
    ("en", ("Your query", "at line 2, column 16: expected one of", "The error is marked at line 2, column 16",
            "Fix the query and run it again"))])
def test_the_error_page_keeps_the_query_with_the_position_marked(client, lang, words):
    query = "SELECT ?x\nWHERE { ?x ?p }"
    response = client.get("/sparql", query_string={"query": query, "lang": lang}, headers={"Accept": "text/html"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    text = _text(response)
    for word in words:
        assert word in text, word
    # the parser stopped after the last "}": the mark is at the end of line 2
    assert '<span class="line-number" aria-hidden="true">2</span>WHERE { ?x ?p }<mark class="error-mark" ' \
        'id="error-position"> </mark>' in html
    assert f'<textarea id="query" name="query" rows="6" spellcheck="false">{query.replace(">", "&gt;")}' in html
    assert ' lang="en">at line' not in html  # the detail is in the page's language


def test_a_swedish_error_page_has_no_english_detail(client):
    response = client.get("/project/no-such-project", headers={"Accept": "text/html", "Accept-Language": "sv"})
    assert response.status_code == 404
    text = _text(response)
    assert "det finns ingen resurs https://data.example.se/project/no-such-project" in text
    assert "there is no resource" not in text
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"},
                          headers={"Accept": "text/html", "Accept-Language": "sv"})
    assert response.status_code == 400 and "SERVICE (federerad fråga) går inte här" in _text(response)


# One message of each kind the server sends (the raise sites in serve/), each must have its Swedish wording.
SERVER_MESSAGES = [
    "no resource at this path", "there is no resource https://data.example.se/x",
    "unknown format 'xml2'; valid: ttl, jsonld, nt, rdf, html",
    "none of the requested media types can be produced here; available: text/turtle, text/html",
    "no published file 'x.csv'", "this server has no catalogue (it serves no published folder)",
    "updates are not accepted on this read-only endpoint",
    "at line 1, column 1: a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE, not 'SELEC'",
    "at line 3, column 2: expected one of LATERAL, SERVICE, [_]", "at line 1, column 10: expected CONSTRUCT",
    "a direct POST carries its query in the body only, not also in ?query=", "the query must be UTF-8, not latin-1",
    "the query body is not valid UTF-8",
    "POST a query as application/x-www-form-urlencoded (query=...) or as application/sparql-query, not as text/plain",
    "more than one query in the request; send exactly one", "the request has no query",
    "default-graph-uri must be an absolute IRI, not 'x'",
    "format 'csv' is not available for this query form; available: ttl, nt",
    "SERVICE (federated query) is not available on this endpoint: it does not fetch other servers' data. Query the "
    "other endpoint yourself, or load its data beside this dataset's dumps.",
    "the result has more than 100000 rows (or triples); add a LIMIT or download the dataset dump",
    "the query ran past the time limit of 10 s and was stopped; narrow it or add a LIMIT",
    "the SPARQL endpoint did not answer within 10 s; narrow the query or add a LIMIT",
    "every query worker is busy; try again shortly", "no query worker became free; try again shortly",
    "cannot reach the SPARQL endpoint http://x/sparql: ConnectionError",
    "the result is larger than 1000000 bytes (setting max_result_bytes); add a LIMIT, select fewer or shorter "
    "values, or download the dataset dump",
    "the query needed more than 512 MiB of memory (setting query_memory_limit) and was stopped; narrow it or add "
    "a LIMIT",
    "the query is 99999 bytes long, more than this endpoint accepts (65536 bytes, setting max_query_bytes)",
    "the query nests { } ( ) [ ] 80 levels deep, more than this endpoint accepts (64 levels, setting "
    "max_query_depth)",
    "the query cannot be evaluated here: unknown function", "the query failed inside the server",
    "the query worker stopped unexpectedly",
    "the address is 9000 bytes long, more than this server accepts (8192 bytes, setting max_url_bytes); send a "
    "long SPARQL query with POST instead",
    "the form body is not valid latin-1; send it as UTF-8 (or say charset=ISO-8859-1 in Content-Type if it is "
    "Latin-1)", "unknown charset 'x' for the form; send it as UTF-8",
    "search text longer than 200 characters", "unknown sort 'x'; valid: title, granted", "page must be a whole number",
    "page must be from 1 to 1000", "an unexpected error occurred; it has been logged",
    "The requested URL was not found on the server. If you entered the URL manually please check your spelling.",
]


@pytest.mark.parametrize("message", SERVER_MESSAGES)
def test_every_server_message_has_a_swedish_wording(message):
    swedish, found = localise(message, "sv")
    assert found and swedish != message
    assert localise(message, "en") == (message, True)


def test_the_catalogue_has_no_unused_pattern():
    used = {pattern for pattern, _ in CATALOGUE if any(re.fullmatch(pattern, m, re.S) for m in SERVER_MESSAGES)}
    assert used == {pattern for pattern, _ in CATALOGUE} - {
        r"unknown order (?P<order>.+); valid: asc, desc", r"The method is not allowed for the requested URL\.",
        r"(?:the query worker could not open the store; )?SPARQL queries cannot run now\..*"}


def test_the_hosts_root_leads_to_a_base_path(published):
    from fundgraph.serve import create_app

    app = create_app(Settings(base_iri="https://data.test.example/fonder/"), publication_dir=published.out_dir)
    try:
        client = app.test_client()
        response = client.get("/", headers={"Accept": "text/html"})
        assert response.status_code == 302 and response.headers["Location"] == "/fonder/"
        assert client.get("/fonder/", headers={"Accept": "text/html"}).status_code == 200
    finally:
        app.extensions["fundgraph"].backend.close()
