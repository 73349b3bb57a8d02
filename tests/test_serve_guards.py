"""The server's guards against misuse and mistakes: SERVICE refused (no fetching for others), bad
parameters answered with 400, the query's own dataset honoured, pages under the query limits, query
workers started only when needed, and errors with human titles."""

from __future__ import annotations

import gc
import json
import socket
import subprocess
import sys
import threading
from dataclasses import replace

import pyoxigraph
import pytest

from fundgraph import formats
from fundgraph.config import Settings
from fundgraph.serve import create_app
from fundgraph.serve.sparql import results

SPARQL_JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def store(published):
    """The published store opened read-only in this process (queries run in the request's thread)."""
    handle = pyoxigraph.Store.read_only(str(published.out_dir / "store"))
    yield handle
    del handle
    gc.collect()


@pytest.fixture(scope="module")
def client(published, store):
    return create_app(Settings(), store=store, publication_dir=published.out_dir).test_client()


@pytest.fixture(scope="module")
def document_graph(published) -> str:
    metadata = json.loads((published.out_dir / "publication.json").read_text(encoding="utf-8"))
    return metadata["documents"][0]["graph"]


@pytest.fixture()
def listener():
    """A loopback TCP port that records whether anything connected to it (what SERVICE would fetch)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.1)
    connected = threading.Event()
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            connected.set()
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", connected
    stop.set()
    thread.join(5)
    server.close()


def _select(client, query: str, **params) -> list[dict]:
    response = client.get("/sparql", query_string={"query": query, **params}, headers=SPARQL_JSON)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"]["bindings"]


# -- 1. SERVICE ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "ASK {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_without_fetching(client, listener, template):
    url, connected = listener
    response = client.get("/sparql", query_string={"query": template.format(url=url)}, headers=SPARQL_JSON)
    assert response.status_code == 400
    assert "SERVICE" in response.get_data(as_text=True)
    assert not connected.wait(0.3), "the server connected to the SERVICE address"


def test_service_in_a_string_or_comment_is_only_text(client):
    query = ('SELECT ?text WHERE { BIND("SERVICE <http://x> { ?s ?p ?o }" AS ?text) }\n'
             "# SERVICE <http://x> { ?s ?p ?o }")
    assert _select(client, query) == [{"text": {"type": "literal", "value": "SERVICE <http://x> { ?s ?p ?o }"}}]


def test_a_prologue_naming_service_costs_no_parse_and_hides_no_keyword(client, listener, monkeypatch):
    from fundgraph.mapping.vocab import PREFIXES
    from fundgraph.serve.sparql import inspection

    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + "# a comment: service, from\n"
    assert "sparql-service-description" in prologue
    parsed = []
    real = inspection._parse
    monkeypatch.setattr(inspection, "_parse", lambda text: parsed.append(text) or real(text))
    assert inspection.inspect_query(prologue + "SELECT ?s WHERE { ?s a fg:Project } LIMIT 1") == \
        inspection.QueryFeatures() and not parsed
    assert inspection.inspect_query(prologue + "SELECT ?s FROM <urn:g> WHERE { ?s ?p ?o }").dataset_clause
    url, connected = listener
    for body in (f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", f"SELECT*{{SERVICE<{url}>{{?s?p?o}}}}",
                 f"BASE <http://x/> SELECT * WHERE {{ service <{url}> {{ ?s ?p ?o }} }}"):
        response = client.post("/sparql", data={"query": prologue + body})
        assert response.status_code == 400 and "SERVICE" in response.get_data(as_text=True), body
    assert not connected.wait(0.3), "the server connected to the SERVICE address"


def test_service_refused_on_an_external_endpoint_too(listener):
    from fundgraph.serve.errors import ServiceRefused
    from fundgraph.serve.remote import RemoteBackend
    from fundgraph.serve.sparql.execution import QueryJob

    url, connected = listener
    backend = RemoteBackend(url, union_default_graph=True)
    try:
        with pytest.raises(ServiceRefused):
            backend.run_query(QueryJob(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"))
    finally:
        backend.close()
    assert not connected.wait(0.3)


# -- 2. parameters that are the client's mistake ------------------------------------------------------------

@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_graph_parameter_that_is_not_an_iri_is_400(client, parameter):
    response = client.get("/sparql", query_string={"query": "ASK {}", parameter: "not an iri"}, headers=SPARQL_JSON)
    assert response.status_code == 400
    assert parameter in response.get_data(as_text=True)


@pytest.mark.parametrize("page", ["99999999999999999999999", "100001", "0", "-3", "x"])
def test_page_out_of_range_is_400(client, page):
    assert client.get("/projects", query_string={"page": page}).status_code == 400
    assert client.get("/projects.csv", query_string={"page": page, "fund": "ERDF_2021"}).status_code == 400


# -- 3. FROM / FROM NAMED -----------------------------------------------------------------------------------

def _triples(client, query: str, **params) -> set[tuple[str, str, str]]:
    return {(b["s"]["value"], b["p"]["value"], b["o"]["value"]) for b in _select(client, query, **params)}


def test_from_a_document_graph_gives_its_provenance_only(client, document_graph):
    provenance = _triples(client, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{document_graph}> {{ ?s ?p ?o }} }}")
    everything = _triples(client, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert provenance and len(provenance) < len(everything)
    assert _triples(client, f"SELECT ?s ?p ?o FROM <{document_graph}> WHERE {{ ?s ?p ?o }}") == provenance
    named = _select(client, f"SELECT DISTINCT ?g FROM NAMED <{document_graph}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert [b["g"]["value"] for b in named] == [document_graph]


def test_from_an_unknown_graph_is_empty(client):
    assert _select(client, "SELECT * FROM <https://data.example.se/graph/unknown> WHERE { ?s ?p ?o }") == []


def test_protocol_graphs_override_the_query_from(client, document_graph):
    query = "SELECT ?s ?p ?o FROM <https://data.example.se/graph/unknown> WHERE { ?s ?p ?o }"
    overridden = _triples(client, query, **{"default-graph-uri": document_graph})
    assert overridden == _triples(client, f"SELECT ?s ?p ?o FROM <{document_graph}> WHERE {{ ?s ?p ?o }}")


# -- 4. pages under the query limits ----------------------------------------------------------------------

def test_browse_query_past_its_time_limit_is_a_friendly_503(published, store):
    app = create_app(replace(Settings(), query_timeout=1e-9), store=store, publication_dir=published.out_dir)
    response = app.test_client().get("/projects", headers={"Accept": "text/html"})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Urvalet tog för lång tid" in page and "Traceback" not in page
    assert '<form' in page  # the reader can narrow the selection from here
    csv = app.test_client().get("/projects.csv?fund=ERDF_2021")
    assert csv.status_code == 503


def test_unfiltered_csv_redirects_to_the_published_file(client):
    response = client.get("/projects.csv")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/download/projects.csv")
    assert client.get("/projects.csv?sort=title").status_code == 302


# -- 5. query workers start on first use --------------------------------------------------------------------

SCRIPT = """
import sys
from fundgraph.config import Settings
from fundgraph.serve import create_app

app = create_app(Settings(), publication_dir=sys.argv[1])
response = app.test_client().get("/sparql", query_string={"query": "ASK {}"},
                                 headers={"Accept": "application/sparql-results+json"})
print("STATUS", response.status_code, response.get_data(as_text=True).strip(), flush=True)
"""


def test_app_built_by_a_script_without_main_guard(published, tmp_path):
    script = tmp_path / "unguarded.py"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(published.out_dir)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    # The parent answers; the spawned worker re-runs the script, whose own query gets the clear 503.
    statuses = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("STATUS")]
    assert statuses[-1] == "200", done.stdout
    assert all(status in ("200", "503") for status in statuses)
    assert "STATUS 500" not in done.stdout


def test_worker_that_cannot_start_is_503_with_advice(tmp_path):
    from fundgraph.serve.errors import WorkersUnavailable
    from fundgraph.serve.sparql.execution import QueryJob, execute
    from fundgraph.serve.sparql.workers import WorkerPool

    pool = WorkerPool(str(tmp_path / "no-store"), execute, 1)
    try:
        with pytest.raises(WorkersUnavailable) as raised:
            pool.run(QueryJob("ASK {}", timeout=30))
    finally:
        pool.close()
    assert raised.value.http_status == 503
    assert "__main__" in str(raised.value)


# -- 6.–9. one table, one definition, human titles ------------------------------------------------------------

def test_textual_media_types_come_from_the_format_table():
    assert all(formats.is_textual(f.media_type) for f in formats.FORMATS)
    assert formats.is_textual("application/json") and formats.is_textual("application/csvm+json")
    assert not formats.is_textual("application/gzip")
    assert results.GRAPH_ALIASES is formats.MEDIA_TYPE_ALIASES


def test_publication_layout_names_are_the_publish_stage_s():
    from fundgraph.publish import folder
    from fundgraph.serve import publication
    from fundgraph.serve.web import figures

    assert publication.STORE_DIR is folder.STORE_DIR
    assert figures.FIGURES_JSON is folder.FIGURES_JSON


def test_one_local_href_keeping_fragments(client):
    from fundgraph.serve import resources
    from fundgraph.serve.web import data

    assert data.local_href is resources.local_href
    with client.application.test_request_context("/"):
        assert data.local_href("https://data.example.se/sparql#service") == "/sparql#service"
        assert data.local_href("https://elsewhere.example/x") == "https://elsewhere.example/x"


def test_figures_index_entries_by_iri(published):
    from fundgraph.serve.web.figures import Figures

    figures = Figures.load(published.out_dir)
    for entry in figures.entries("municipality"):
        assert figures.entry_by_iri("municipality", entry["iri"]) is entry
    assert figures.entry_by_iri("municipality", "https://data.example.se/municipality/0000") is None


def test_pipeline_errors_have_human_titles():
    from fundgraph.errors import StoreError
    from fundgraph.serve.web.browse import BadSelection

    app = create_app(Settings(), store=pyoxigraph.Store())

    def bad_selection():
        raise BadSelection("unknown sort 'x'", param="sort")

    def store_down():
        raise StoreError("the SPARQL endpoint is down")

    app.add_url_rule("/raise/selection", "bad_selection", bad_selection)
    app.add_url_rule("/raise/store", "store_down", store_down)
    client = app.test_client()
    selection = client.get("/raise/selection", headers={"Accept": "text/plain"})
    assert selection.status_code == 400
    assert selection.get_data(as_text=True).startswith("Invalid selection: unknown sort")
    store = client.get("/raise/store", headers={"Accept": "text/plain"})
    assert store.status_code == 502
    assert store.get_data(as_text=True).startswith("Data store unavailable: ")
    page = client.get("/raise/store", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "StoreError" not in page and "Datakällan svarar inte" in page
