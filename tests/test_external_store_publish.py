"""`fundgraph publish --store URL` loads the published dataset into a real Oxigraph server (GSP), and the
server serves pages and /sparql from it (`serve --sparql-endpoint URL`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from oxigraph_server import OxigraphServer, free_port
from servers import live_server, serve_command
from SPARQLWrapper import JSON, SPARQLWrapper

from fundgraph.cli import main
from fundgraph.config import Settings
from fundgraph.serve import create_app
from fundgraph.serve.remote import RemoteBackend
from fundgraph.publish.graph_store import GraphStore, load_publication

REPOSITORY = Path(__file__).resolve().parent.parent
FIXTURE_PDF = REPOSITORY / "examples" / "granted-projects-vasterbotten.pdf"
pytestmark = pytest.mark.server


def run_cli(monkeypatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["fundgraph", *args])
    try:
        main()
    except SystemExit as exit_info:
        return exit_info.code
    return 0


@pytest.fixture(scope="module")
def published_to_server(tmp_path_factory, oxigraph_union_server: OxigraphServer):
    """The fixture published with --store into an Oxigraph server run as fundgraph needs it (default graph =
    union of all graphs): (folder, server)."""
    oxigraph_server = oxigraph_union_server
    out = tmp_path_factory.mktemp("store-publish") / "publish"
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.chdir(out.parent)  # no fundgraph.toml of the working tree
    try:
        code = run_cli(monkeypatch, "publish", str(FIXTURE_PDF), "--out", str(out), "--store",
                       oxigraph_server.store_url)
    finally:
        monkeypatch.undo()
    assert code == 0
    return out, oxigraph_server


def test_server_holds_exactly_the_published_quads(published_to_server):
    out, server = published_to_server
    local = ox.Store.read_only(str(out / "store"))
    for graph in local.named_graphs():
        expected = {q.triple for q in local.quads_for_pattern(None, None, None, graph)}
        remote_count = server.count(f"GRAPH <{graph.value}> {{ ?s ?p ?o }}")
        assert remote_count == len(expected) > 0
    default = {q.triple for q in local.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    with GraphStore(server.store_url) as client:
        assert {q.triple for q in ox.parse(client.get(None), ox.RdfFormat.N_TRIPLES)} == default
    listed = server.count("?p a <https://w3id.org/fundgraph/ns#Project> ; "
                          "<http://www.w3.org/ns/prov#wasDerivedFrom> ?document")
    assert listed == 17


def test_loading_again_replaces_instead_of_adding(published_to_server):
    out, server = published_to_server
    before = server.count("?s ?p ?o")  # the union of all graphs
    result = load_publication(out, server.store_url)
    assert server.count("?s ?p ?o") == before == result.triples


def test_unreachable_store_is_a_one_line_error(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    code = run_cli(monkeypatch, "publish", str(FIXTURE_PDF), "--out", str(tmp_path / "publish"), "--store",
                   f"http://127.0.0.1:{free_port()}/store")
    err = capsys.readouterr().err
    assert code == 8
    assert err.startswith("fundgraph: error: cannot reach graph store") and "Traceback" not in err
    assert (tmp_path / "publish" / "publication.json").is_file()  # the files were published; only the load failed


@pytest.fixture(scope="module")
def served_from_server(published_to_server):
    """`serve --sparql-endpoint` in library form: the app reads the Oxigraph server, files from the folder."""
    out, server = published_to_server
    app = create_app(Settings(sparql_endpoint=server.query_url, query_timeout=120.0), publication_dir=out)
    assert isinstance(app.extensions["fundgraph"].backend, RemoteBackend)
    with live_server(app) as url:
        yield url


def test_sparql_endpoint_proxies_to_the_external_server(served_from_server):
    client = SPARQLWrapper(f"{served_from_server}/sparql")
    client.setReturnFormat(JSON)
    client.setQuery("PREFIX fg: <https://w3id.org/fundgraph/ns#> PREFIX prov: <http://www.w3.org/ns/prov#> "
                    "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a fg:Project ; prov:wasDerivedFrom ?d }")
    bindings = client.queryAndConvert()["results"]["bindings"]
    assert bindings[0]["n"]["value"] == "17"
    bad = requests.get(f"{served_from_server}/sparql", params={"query": "SELECT * WHERE { ?s ?p }"}, timeout=120)
    assert bad.status_code == 400


def test_resource_pages_come_from_the_external_server(served_from_server):
    iri_path = "/project/20372432"
    turtle = requests.get(served_from_server + iri_path, headers={"Accept": "text/turtle"}, timeout=120)
    assert turtle.status_code == 200 and turtle.headers["Content-Type"].startswith("text/turtle")
    graph = ox.Store()
    graph.load(turtle.content, ox.RdfFormat.TURTLE, base_iri=served_from_server + iri_path)
    project = ox.NamedNode("https://data.example.se/project/20372432")
    identifiers = [q.object.value for q in graph.quads_for_pattern(
        project, ox.NamedNode("http://purl.org/dc/terms/identifier"), None)]
    assert identifiers == ["20372432"]
    html = requests.get(served_from_server + iri_path, headers={"Accept": "text/html"}, timeout=120)
    assert html.status_code == 200 and "VILHELMINA KOMMUN" in html.text
    missing = requests.get(served_from_server + "/project/00000000", headers={"Accept": "text/turtle"}, timeout=120)
    assert missing.status_code == 404


def test_serve_command_reads_the_external_endpoint(published_to_server, tmp_path):
    out, server = published_to_server
    query = ("PREFIX fg: <https://w3id.org/fundgraph/ns#> PREFIX prov: <http://www.w3.org/ns/prov#> "
             "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a fg:Project ; prov:wasDerivedFrom ?d }")
    with serve_command([str(out), "--sparql-endpoint", server.query_url], tmp_path) as (_, root):
        response = requests.get(f"{root}/sparql", params={"query": query}, timeout=120,
                                headers={"Accept": "application/sparql-results+json"})
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "17"
