"""Loading into Virtuoso 7 over its authenticated Graph Store endpoint: digest credentials from settings and the
environment (never in a message), chunks, replaced graphs, the data graph, Virtuoso's error pages."""

from __future__ import annotations

import sys

import pyoxigraph as ox
import pytest
from virtuoso_server import VirtuosoServer

from fundgraph.cli import main
from fundgraph.errors import StoreError
from fundgraph.publish.graph_store import (PASSWORD_VARIABLE, GraphStore, data_graph, is_virtuoso,
                                           load_into_graph_store, split_credentials)

EX = "http://example.org/virtuoso/"
BASE = "https://data.example.se/"
pytestmark = pytest.mark.server


def _store(graph_sizes: dict[str, int], default: int = 0) -> ox.Store:
    store = ox.Store()
    label = ox.NamedNode(EX + "label")
    for graph, size in graph_sizes.items():
        g = ox.NamedNode(EX + graph)
        store.extend(ox.Quad(ox.NamedNode(f"{EX}{graph}/{i}"), label,
                             ox.Literal(f"nod \"{i}\"\nrad två åäö", language="sv"), g) for i in range(size))
    store.extend(ox.Quad(ox.NamedNode(f"{EX}data/{i}"), ox.NamedNode(EX + "amount"),
                         ox.Literal(f"{i}.25", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")))
                 for i in range(default))
    return store


def _client(server: VirtuosoServer, **options) -> GraphStore:
    return GraphStore(server.store_url, user=server.user, password=server.password, **options)


def _remote(server: VirtuosoServer, graph: str) -> set[ox.Triple]:
    with _client(server) as client:
        return {q.triple for q in ox.parse(client.get(graph), ox.RdfFormat.N_TRIPLES)}


def test_chunks_replace_each_graph_and_the_default_graph_goes_to_the_data_graph(virtuoso_server):
    store = _store({"a": 400, "b": 3}, default=20)
    result = load_into_graph_store(store, virtuoso_server.store_url, user="dba", password=virtuoso_server.password,
                                   chunk_bytes=4096, default_graph=EX + "data")
    assert result.graphs == {EX + "a": 400, EX + "b": 3, EX + "data": 20}
    assert result.requests > 4 and "dba" not in result.url
    for graph in ("a", "b"):
        local = {q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(EX + graph))}
        assert _remote(virtuoso_server, EX + graph) == local  # no blank nodes: equality is isomorphism
    local_default = {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert _remote(virtuoso_server, EX + "data") == local_default  # decimals as written ("3.25")
    load_into_graph_store(_store({"a": 10}), virtuoso_server.store_url, user="dba",
                          password=virtuoso_server.password, chunk_bytes=4096)
    assert virtuoso_server.count(f"GRAPH <{EX}a> {{ ?s ?p ?o }}") == 10
    assert virtuoso_server.count(f"GRAPH <{EX}b> {{ ?s ?p ?o }}") == 3  # not in the load: untouched
    with _client(virtuoso_server) as client:
        assert client.delete(EX + "b") is True and client.delete(EX + "never-there") is False


def test_wrong_or_missing_credentials_are_named_without_the_password(virtuoso_server, monkeypatch):
    secret = "not-the-password-4711"
    with pytest.raises(StoreError) as wrong:
        load_into_graph_store(_store({"x": 1}), virtuoso_server.store_url, user="dba", password=secret)
    assert "HTTP 401" in str(wrong.value) and "'dba'" in str(wrong.value) and secret not in str(wrong.value)
    with pytest.raises(StoreError, match="without credentials"):
        load_into_graph_store(_store({"x": 1}), virtuoso_server.store_url)
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    with pytest.raises(StoreError, match=PASSWORD_VARIABLE):
        GraphStore(virtuoso_server.store_url, user="dba")
    monkeypatch.setenv(PASSWORD_VARIABLE, virtuoso_server.password)
    with GraphStore(virtuoso_server.store_url, user="dba") as client:
        client.put(EX + "env", b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n")


def test_credentials_in_the_url_are_used_and_never_shown(virtuoso_server):
    url = virtuoso_server.store_url.replace("http://", f"http://dba:{virtuoso_server.password}@")
    assert split_credentials(url) == (virtuoso_server.store_url, "dba", virtuoso_server.password)
    result = load_into_graph_store(_store({"url": 2}), url)
    assert result.url == virtuoso_server.store_url and virtuoso_server.password not in result.summary()
    with pytest.raises(StoreError) as caught:
        GraphStore(url.replace("http://", "ftp://"))
    assert virtuoso_server.password not in str(caught.value)


def test_virtuoso_error_page_is_one_line(virtuoso_server):
    with _client(virtuoso_server) as client, pytest.raises(StoreError) as caught:
        client.put(EX + "bad", b"this is not N-Triples\n")
    message = str(caught.value)
    assert f"<{EX}bad>" in message and "HTTP 500 The PUT request" in message  # Virtuoso's words, not its page
    assert "\n" not in message and "xmp" not in message.lower() and "DOCTYPE" not in message


def test_virtuoso_is_recognised_by_its_graph_store_path():
    assert is_virtuoso("http://host:8890/sparql-graph-crud-auth") and is_virtuoso("http://h/sparql-graph-crud")
    assert not is_virtuoso("http://host:7878/store")
    assert data_graph(BASE) == BASE + "graph/data"


def test_publish_store_reads_the_user_from_settings_and_the_password_from_the_environment(
        virtuoso_server, tmp_path, monkeypatch, capsys):
    from conftest import FIXTURE_PDF

    (tmp_path / "fundgraph.toml").write_text('store_user = "dba"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(PASSWORD_VARIABLE, virtuoso_server.password)
    monkeypatch.setattr(sys, "argv", ["fundgraph", "publish", str(FIXTURE_PDF), "--out", str(tmp_path / "publish"),
                                      "--store", virtuoso_server.store_url])
    main()  # returns: success
    output = capsys.readouterr()
    assert virtuoso_server.password not in output.out + output.err
    projects = virtuoso_server.count("?p a <https://w3id.org/fundgraph/ns#Project>", graphs=(data_graph(BASE),))
    assert projects == 17
    monkeypatch.setenv(PASSWORD_VARIABLE, "wrong-password-0815")
    with pytest.raises(SystemExit) as failed:
        main()
    err = capsys.readouterr().err
    assert failed.value.code == 8 and "HTTP 401" in err and "wrong-password-0815" not in err
    assert "Traceback" not in err
