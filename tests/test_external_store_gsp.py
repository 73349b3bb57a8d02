"""The Graph Store Protocol client against a real Oxigraph server on loopback."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from oxigraph_server import OxigraphServer, free_port

from fundgraph.errors import StoreError
from fundgraph.publish.graph_store import GraphStore, load_into_graph_store

EX = "http://example.org/"
pytestmark = pytest.mark.server


def _store(graph_sizes: dict[str, int]) -> ox.Store:
    store = ox.Store()
    for graph, size in graph_sizes.items():
        g = ox.NamedNode(EX + graph)
        store.extend(ox.Quad(ox.NamedNode(f"{EX}{graph}/{i}"), ox.NamedNode(EX + "label"),
                             ox.Literal(f"nod \"{i}\"\nrad två åäö", language="sv"), g) for i in range(size))
    return store


def _remote_graph(server: OxigraphServer, graph: str) -> set[ox.Quad]:
    with GraphStore(server.store_url) as client:
        data = client.get(EX + graph)
    return {ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(EX + graph))
            for t in ox.parse(data, ox.RdfFormat.N_TRIPLES)}


def test_load_sends_every_graph_in_chunks_and_replaces_on_reload(oxigraph_server: OxigraphServer):
    store = _store({"gsp/a": 500, "gsp/b": 3})
    result = load_into_graph_store(store, oxigraph_server.store_url, chunk_bytes=4096)
    assert result.graphs == {EX + "gsp/a": 500, EX + "gsp/b": 3}
    assert result.requests > 3  # graph a needed several chunks
    for graph in ("gsp/a", "gsp/b"):
        local = set(store.quads_for_pattern(None, None, None, ox.NamedNode(EX + graph)))
        assert _remote_graph(oxigraph_server, graph) == local  # no blank nodes: equality is isomorphism
    # A second load replaces the graphs (PUT first), it does not add to them.
    smaller = _store({"gsp/a": 10, "gsp/b": 3})
    load_into_graph_store(smaller, oxigraph_server.store_url, chunk_bytes=4096)
    assert oxigraph_server.count(f"GRAPH <{EX}gsp/a> {{ ?s ?p ?o }}") == 10
    assert oxigraph_server.count(f"GRAPH <{EX}gsp/b> {{ ?s ?p ?o }}") == 3


def test_empty_graph_empties_the_remote_one_and_delete(oxigraph_server: OxigraphServer):
    load_into_graph_store(_store({"gsp/c": 5}), oxigraph_server.store_url)
    with GraphStore(oxigraph_server.store_url) as client:
        assert client.load_graph(ox.Store(), ox.NamedNode(EX + "gsp/c")) == 0
        assert oxigraph_server.count(f"GRAPH <{EX}gsp/c> {{ ?s ?p ?o }}") == 0
        client.post(EX + "gsp/d", b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n")
        assert client.delete(EX + "gsp/d") is True
        assert client.delete(EX + "gsp/never-there") is False


def test_unreachable_server_is_a_store_error():
    with pytest.raises(StoreError, match="cannot reach graph store"):
        load_into_graph_store(_store({"x": 1}), f"http://127.0.0.1:{free_port()}/store", timeout=5)


def test_http_error_names_the_graph_and_status(oxigraph_server: OxigraphServer):
    with GraphStore(oxigraph_server.store_url) as client, pytest.raises(StoreError) as caught:
        client.put(EX + "gsp/bad", b"this is not N-Triples\n")
    assert f"<{EX}gsp/bad>" in str(caught.value) and "HTTP 400" in str(caught.value)
    with pytest.raises(StoreError, match="HTTP 404"):
        load_into_graph_store(_store({"x": 1}), oxigraph_server.url + "/no-such-endpoint")


def test_url_must_be_http():
    with pytest.raises(StoreError, match="http"):
        GraphStore("file:///tmp/store")
