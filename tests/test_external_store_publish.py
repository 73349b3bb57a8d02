"""`fundgraph publish --store URL` loads the published dataset into a real Oxigraph server (GSP)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from oxigraph_server import OxigraphServer, free_port, oxigraph_server  # noqa: F401 (fixture)

from fundgraph.cli import main
from fundgraph.publish.graph_store import load_publication

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
def published_to_server(tmp_path_factory, oxigraph_server: OxigraphServer):
    """The fixture published with --store into the session's Oxigraph server: (folder, server, stdout)."""
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
    listed = server.count("GRAPH ?g { ?p a <https://w3id.org/fundgraph/ns#Project> ; "
                          "<http://www.w3.org/ns/prov#wasDerivedFrom> ?document }")
    assert listed == 17


def test_loading_again_replaces_instead_of_adding(published_to_server):
    out, server = published_to_server
    before = server.count()
    result = load_publication(out, server.store_url)
    assert server.count() == before == result.triples


def test_unreachable_store_is_a_one_line_error(published_to_server, monkeypatch, tmp_path, capsys):
    out, _ = published_to_server
    # The publish step itself is tested elsewhere: here only what the command does with --store.
    monkeypatch.setattr("fundgraph.publish.publish", lambda pdfs, settings: SimpleNamespace(
        out_dir=out, summary=lambda: "published"))
    monkeypatch.chdir(tmp_path)
    code = run_cli(monkeypatch, "publish", str(FIXTURE_PDF), "--store", f"http://127.0.0.1:{free_port()}/store")
    err = capsys.readouterr().err
    assert code == 8
    assert err.startswith("fundgraph: error: cannot reach graph store") and "Traceback" not in err
