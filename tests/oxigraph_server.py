"""A real Oxigraph SPARQL server for tests: started on a free loopback port in a temporary folder.

The server is the ``oxigraph`` command of the PyPI package ``oxigraph`` (in the ``test`` extra, so a fresh
``make test`` installs it). Use the ``oxigraph_server`` fixture (session-scoped; import it into a test
module or conftest) or the ``OxigraphServer`` context manager directly.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from store_process import StoreProcess, free_port

__all__ = ["OxigraphServer", "free_port", "oxigraph_command", "oxigraph_server", "oxigraph_union_server"]


def oxigraph_command() -> str:
    """Path of the ``oxigraph`` executable: beside this Python first (the venv), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server is not installed: pip install 'oxigraph>=0.5,<0.6'")
    return found


class OxigraphServer(StoreProcess):
    """``oxigraph serve`` on 127.0.0.1 with its data in ``location``; stopped on exit (also when it fails to
    start, see tests/store_process.py).

    ``url`` is the server's root; ``store_url`` its Graph Store Protocol endpoint, ``query_url`` its
    SPARQL query endpoint. ``union_default_graph`` starts it with the default graph as the union of
    all named graphs. ``timeout_s``: the server's own limit on a query (``--timeout-s``; None: none), which
    stops a query whose client has given up (a test of fundgraph's own time limit) instead of letting it run
    on for the rest of the session.
    """

    what = "oxigraph server"
    stop_timeout = 10.0

    def __init__(self, location: Path, *, union_default_graph: bool = False, startup_timeout: float = 60.0,
                 timeout_s: int | None = None):
        self.location = location
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.store_url = f"{self.url}/store"
        self.query_url = f"{self.url}/query"
        self.update_url = f"{self.url}/update"
        self.union_default_graph = union_default_graph
        self.startup_timeout = startup_timeout
        self.timeout_s = timeout_s

    def _command(self) -> list[str]:
        command = [oxigraph_command(), "serve", "--location", str(self.location),
                   "--bind", f"127.0.0.1:{self.port}"]
        if self.timeout_s is not None:
            command += ["--timeout-s", str(self.timeout_s)]
        return command + ["--union-default-graph"] if self.union_default_graph else command

    def count(self, where: str = "GRAPH ?g { ?s ?p ?o }") -> int:
        """``SELECT (COUNT(*) ...) WHERE { where }`` on the server."""
        response = requests.post(self.query_url, data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"},
                                 headers={"Accept": "application/sparql-results+json"}, timeout=120)
        response.raise_for_status()
        return int(response.json()["results"]["bindings"][0]["n"]["value"])


SESSION_QUERY_SECONDS = 60
"""The session servers' own query limit: above any test's wait, and it ends a runaway query."""


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """One Oxigraph server for the test session, empty at start (tests name their own graphs)."""
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph"), timeout_s=SESSION_QUERY_SECONDS) as server:
        yield server


@pytest.fixture(scope="session")
def oxigraph_union_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """One Oxigraph server whose default graph is the union of all its graphs, as fundgraph queries them."""
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph-union"), union_default_graph=True,
                        timeout_s=SESSION_QUERY_SECONDS) as server:
        yield server
