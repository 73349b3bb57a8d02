"""The server on the published fixture, over real HTTP: SPARQLWrapper as a client, resource pages,
downloads, the catalogue, VoID, CORS, and the limits (timeout, row cap) with the server staying responsive."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
import requests
from SPARQLWrapper import JSON, JSONLD, TURTLE, SPARQLWrapper

from fundgraph.config import Settings
from fundgraph.formats import is_textual
from fundgraph.mapping import iris
from fundgraph.serve import create_app
from servers import live_server

pytestmark = pytest.mark.server

EXPECTED = json.loads((Path(__file__).parent / "data" / "granted-projects-vasterbotten.expected.json")
                      .read_text(encoding="utf-8"))
BASE = Settings().base_iri
PREFIXES = """PREFIX fg: <https://w3id.org/fundgraph/ns#>
PREFIX schema: <http://schema.org/>
PREFIX dct: <http://purl.org/dc/terms/>
"""
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def server(published):
    app = create_app(Settings(), publication_dir=published.out_dir)
    with live_server(app) as root:
        yield root


@pytest.fixture(scope="module")
def limited(published):
    """The same data with a 1 s timeout and a 10-row cap."""
    app = create_app(replace(Settings(), query_timeout=1.0, max_result_rows=10), publication_dir=published.out_dir)
    with live_server(app) as root:
        yield root


def _wrapper(root: str, query: str, fmt=JSON) -> SPARQLWrapper:
    client = SPARQLWrapper(root + "/sparql")
    client.setQuery(PREFIXES + query)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_counts_17_projects(server):
    result = _wrapper(server, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a fg:Project ; fg:grantedAmount ?a }") \
        .queryAndConvert()
    assert int(result["results"]["bindings"][0]["n"]["value"]) == 17 == EXPECTED["project_count"]


def test_sparqlwrapper_sum_for_skelleftea(server):
    expected = sum(int(p["granted_amount"]) for p in EXPECTED["projects"] if "Skellefteå" in p["municipalities"])
    query = f"""SELECT (SUM(?amount) AS ?sum) (COUNT(?p) AS ?n) WHERE {{
      ?p fg:municipality <{iris.municipality(BASE, "2482")}> ; fg:grantedAmount/schema:value ?amount }}"""
    row = _wrapper(server, query).queryAndConvert()["results"]["bindings"][0]
    assert Decimal(row["sum"]["value"]) == expected
    assert int(row["n"]["value"]) == sum(1 for p in EXPECTED["projects"] if "Skellefteå" in p["municipalities"])


@pytest.mark.parametrize("fmt, rdflib_format", [(TURTLE, "turtle"), (JSONLD, "json-ld")])
def test_sparqlwrapper_construct_parses(server, fmt, rdflib_format):
    query = "CONSTRUCT { ?p dct:title ?t } WHERE { ?p a fg:Project ; dct:title ?t ; fg:grantedAmount ?a }"
    response = _wrapper(server, query, fmt).query().response
    graph = rdflib.Graph().parse(data=response.read(), format=rdflib_format)
    assert {str(t) for t in graph.objects()} == {p["title"] for p in EXPECTED["projects"]}


def test_result_formats_by_accept(server):
    query = PREFIXES + "SELECT ?id WHERE { ?p a fg:Project ; dct:identifier ?id ; fg:grantedAmount ?a } ORDER BY ?id"
    ids = sorted(p["case_id"] for p in EXPECTED["projects"])
    csv = requests.get(server + "/sparql", params={"query": query}, headers={"Accept": "text/csv"}, timeout=30)
    assert csv.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert csv.text.split("\r\n")[:-1] == ["id", *ids]
    tsv = requests.get(server + "/sparql", params={"query": query},
                       headers={"Accept": "text/tab-separated-values"}, timeout=30)
    assert tsv.text.splitlines() == ["?id", *(f'"{i}"' for i in ids)]
    xml = requests.post(server + "/sparql", data={"query": query},
                        headers={"Accept": "application/sparql-results+xml"}, timeout=30)
    assert xml.headers["Content-Type"].startswith("application/sparql-results+xml")
    assert rdflib.query.Result.parse(source=__import__("io").BytesIO(xml.content), format="xml").bindings


def test_resource_conneg_over_http(server):
    url = server + "/project/20372556"
    turtle = requests.get(url, timeout=30)  # python-requests is not browser-like: Turtle
    assert turtle.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert "Accept" in turtle.headers["Vary"]
    assert '</project/20372556.jsonld>; rel="alternate"; type="application/ld+json"' in turtle.headers["Link"]
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    assert (rdflib.URIRef(BASE + "project/20372556"), rdflib.DCTERMS.identifier, rdflib.Literal("20372556")) in graph
    page = requests.get(url, headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0"}, timeout=30)
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "10\u00a0000\u00a0000\u00a0kr" in page.text
    jsonld = requests.get(url + ".jsonld", timeout=30)
    assert jsonld.headers["Content-Type"] == "application/ld+json; charset=utf-8"
    assert rdflib.Graph().parse(data=jsonld.text, format="json-ld").isomorphic(graph)
    assert requests.get(server + "/project/00000000", timeout=30).status_code == 404


def test_municipality_lists_its_projects(server):
    page = requests.get(server + "/municipality/2482", headers={"Accept": "text/html"}, timeout=30).text
    for project in EXPECTED["projects"]:
        if "Skellefteå" in project["municipalities"]:
            assert f'href="/project/{project["case_id"]}"' in page
    assert "<h1>Skellefteå</h1>" in page


def test_downloads_catalogue_and_void(server, published):
    metadata = json.loads((published.out_dir / "publication.json").read_text(encoding="utf-8"))
    for name, info in metadata["files"].items():
        response = requests.get(f"{server}/download/{name}", timeout=30)
        assert response.status_code == 200, name
        textual = is_textual(info["media_type"])  # not the search index (SQLite) nor the .gz files
        assert response.headers["Content-Type"] == info["media_type"] + ("; charset=utf-8" if textual else ""), name
        assert "Content-Encoding" not in response.headers
        assert len(response.content) == info["bytes"]
    assert requests.get(server + "/download/store", timeout=30).status_code == 404
    assert requests.get(server + "/download/..%2Fpublication.json", timeout=30).status_code == 404
    catalog = requests.get(server + "/datasets/dcat", headers={"Accept": "application/rdf+xml"}, timeout=30)
    assert catalog.headers["Content-Type"] == "application/rdf+xml; charset=utf-8"
    graph = rdflib.Graph().parse(data=catalog.content, format="xml")
    assert (None, rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/dcat#Catalog")) in graph
    as_turtle = requests.get(server + "/datasets/dcat", headers={"Accept": "text/turtle"}, timeout=30)
    assert rdflib.Graph().parse(data=as_turtle.text, format="turtle").isomorphic(graph)
    void = requests.get(server + "/.well-known/void", timeout=30)
    assert void.headers["Content-Type"] == "text/turtle; charset=utf-8"
    void_nt = requests.get(server + "/.well-known/void", headers={"Accept": "application/n-triples"}, timeout=30)
    assert rdflib.Graph().parse(data=void_nt.text, format="nt").isomorphic(
        rdflib.Graph().parse(data=void.text, format="turtle"))


def test_cors(server):
    response = requests.get(server + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://x.example"},
                            timeout=30)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = requests.options(server + "/sparql", headers={
        "Origin": "https://x.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"}, timeout=30)
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    assert requests.get(server + "/project/20372556", timeout=30).headers["Access-Control-Allow-Origin"] == "*"


def test_malformed_query_is_400_with_parser_message(server):
    response = requests.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p "}, timeout=30)
    assert response.status_code == 400
    assert "at line 1, column 24: expected one of " in response.text and "Traceback" not in response.text
    assert "\\u{" not in response.text and len(response.text) < 300  # the parser's character ranges left out


def test_row_cap(limited):
    response = requests.get(limited + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=30)
    assert response.status_code == 413
    assert "more than 10 rows" in response.text
    small = requests.get(limited + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"}, timeout=30)
    assert small.status_code == 200 and len(small.json()["results"]["bindings"]) == 10


RUNAWAY_TIMEOUT = 4.0


@pytest.fixture(scope="module")
def runaway(published):
    """A server with a 4 s time limit whose backend signals when it takes the runaway query."""
    app = create_app(replace(Settings(), query_timeout=RUNAWAY_TIMEOUT), publication_dir=published.out_dir)
    backend = app.extensions["fundgraph"].backend
    backend.start()  # as serve.run does: workers ready before requests
    taken = threading.Event()
    run_query = backend.run_query

    def spy(job):
        if job.query == SLOW_QUERY:
            taken.set()
        return run_query(job)

    backend.run_query = spy
    with live_server(app) as root:
        # Every worker up (on a busy machine starting them takes seconds): the test is about running ones.
        deadline = time.monotonic() + 60
        while backend.pool.light.live + backend.pool.heavy.live < backend.pool.size and time.monotonic() < deadline:
            time.sleep(0.1)
        yield root, taken


def test_timeout_stops_a_runaway_query_while_others_are_answered(runaway):
    root, taken = runaway
    outcome = {}

    def slow():
        started = time.monotonic()
        response = requests.get(root + "/sparql", params={"query": SLOW_QUERY}, timeout=60)
        outcome["status"], outcome["text"], outcome["seconds"] = (response.status_code, response.text,
                                                                   time.monotonic() - started)

    thread = threading.Thread(target=slow)
    thread.start()
    assert taken.wait(30), "the runaway query never reached the backend"
    started = time.monotonic()
    page = requests.get(root + "/project/20372556", timeout=30)
    quick = requests.get(root + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
    answered_in = time.monotonic() - started
    # Answered while the runaway query still ran: its own time is the 4 s limit.
    assert thread.is_alive(), "the runaway query should still be running"
    assert answered_in < RUNAWAY_TIMEOUT - 1
    thread.join(30)
    assert page.status_code == 200 and quick.json()["boolean"] is True
    assert outcome["status"] == 503
    assert "time limit of 4 s" in outcome["text"]
    assert outcome["seconds"] < RUNAWAY_TIMEOUT + 10
    # The killed worker is replaced: queries keep working.
    assert requests.get(root + "/sparql", params={"query": "ASK {}"}, timeout=30).json()["boolean"] is True


def _start_serve(args: list[str], tmp_path: Path):
    """``fundgraph serve ARGS --port 0`` in a child process with its temporary files in ``tmp_path``; returns
    (process, root URL read from the line it prints)."""
    import os
    import subprocess
    import sys

    command = [sys.executable, "-m", "fundgraph.cli", "serve", *args, "--port", "0"]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "TMPDIR": str(tmp_path)})
    lines = []
    for line in process.stdout:  # the server prints the URL once it listens
        lines.append(line)
        if line.startswith("Serving "):
            return process, line.split(" at ", 1)[1].strip().rstrip("/")
    process.wait(10)
    raise AssertionError("the server printed no URL:\n" + "".join(lines))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_command_answers_and_stops_on_sigterm(published, tmp_path, workers):
    # Server processes forked by the supervisor, each opening the store after the fork.
    process, root = _start_serve([str(published.out_dir), "--workers", workers], tmp_path)
    try:
        for _ in range(4):  # more requests than workers: each worker answers from its own store handle
            page = requests.get(root + "/project/20372556", headers={"Accept": "text/turtle"}, timeout=30)
            assert page.status_code == 200 and page.headers["Content-Type"] == "text/turtle; charset=utf-8"
            assert "20372556" in page.text
        html = requests.get(root + "/municipality/2482", headers={"Accept": "text/html"}, timeout=30)
        assert html.status_code == 200 and "Skellefteå" in html.text
        count = requests.get(root + "/sparql", params={"query": PREFIXES + "SELECT (COUNT(?p) AS ?n) WHERE "
                                                       "{ ?p a fg:Project }"},
                             headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert count.json()["results"]["bindings"][0]["n"]["value"] == "17"
    finally:
        process.terminate()
        assert process.wait(20) == 0
        process.stdout.close()
    assert not list(tmp_path.glob("fundgraph-serve-*")), "the scratch folder is removed"

