"""A real Oxigraph SPARQL server for tests: started on a free loopback port in a temporary folder.

The server is the ``oxigraph`` command of the PyPI package ``oxigraph`` (in the ``test`` extra, so a fresh
``make test`` installs it). Use the ``oxigraph_server`` fixture (session-scoped; import it into a test
module or conftest) or the ``OxigraphServer`` context manager directly.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_command() -> str:
    """Path of the ``oxigraph`` executable: beside this Python first (the venv), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server is not installed: pip install 'oxigraph>=0.5,<0.6'")
    return found


class OxigraphServer:
    """``oxigraph serve`` on 127.0.0.1 with its data in ``location``; stopped on exit.

    ``url`` is the server's root; ``store_url`` its Graph Store Protocol endpoint, ``query_url`` its
    SPARQL query endpoint. ``union_default_graph`` starts it with the default graph as the union of
    all named graphs.
    """

    def __init__(self, location: Path, *, union_default_graph: bool = False, startup_timeout: float = 20.0):
        self.location = location
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.store_url = f"{self.url}/store"
        self.query_url = f"{self.url}/query"
        self.update_url = f"{self.url}/update"
        self.union_default_graph = union_default_graph
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "OxigraphServer":
        command = [oxigraph_command(), "serve", "--location", str(self.location),
                   "--bind", f"127.0.0.1:{self.port}"]
        if self.union_default_graph:
            command.append("--union-default-graph")
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph server exited: {self.process.stderr.read().decode()[-500:]}")
            try:
                requests.get(self.query_url, params={"query": "ASK {}"}, timeout=1).raise_for_status()
                return self
            except requests.RequestException:
                time.sleep(0.05)
        self.__exit__()
        raise RuntimeError(f"oxigraph server did not start on port {self.port}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stderr:
            self.process.stderr.close()

    def count(self, where: str = "GRAPH ?g { ?s ?p ?o }") -> int:
        """``SELECT (COUNT(*) ...) WHERE { where }`` on the server."""
        response = requests.post(self.query_url, data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"},
                                 headers={"Accept": "application/sparql-results+json"}, timeout=30)
        response.raise_for_status()
        return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """One Oxigraph server for the test session, empty at start (tests name their own graphs)."""
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture(scope="session")
def oxigraph_union_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """One Oxigraph server whose default graph is the union of all its graphs, as fundgraph queries them."""
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph-union"), union_default_graph=True) as server:
        yield server
