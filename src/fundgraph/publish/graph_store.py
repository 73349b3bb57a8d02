"""Loading a published dataset into an external store over the SPARQL 1.1 Graph Store HTTP Protocol.

Any server that implements the protocol (https://www.w3.org/TR/sparql11-http-rdf-update/) can hold the data
once it outgrows one machine: Oxigraph server (``/store``), Apache Jena Fuseki (``/DATASET/data``), GraphDB,
Virtuoso, Blazegraph. Graphs are named by indirect identification (``?graph=IRI``, ``?default``).

Each graph of the local pyoxigraph store (the default graph, which holds fundgraph's data, and each named
graph, which holds one document's provenance) is sent as N-Triples to the graph of the same name on the
server, streamed from the store in bounded chunks (``chunk_bytes``, 16 MiB by default): the first chunk of a
graph with PUT, which replaces what the server held under that name, the rest with POST, which adds to it.
Memory stays bounded by the chunk size whatever the size of the graph, and every request is an ordinary,
length-delimited one that any server accepts. A graph is therefore replaced in several requests, not atomically: if a load fails half-way the
server holds part of the graph, and ``StoreError`` names it so that the load can be run again (a rerun
replaces it). Graphs on the server that the local store does not hold are left untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
import requests

from ..errors import StoreError

NTRIPLES = "application/n-triples"
DEFAULT_CHUNK_BYTES = 16 * 1024 * 1024
USER_AGENT = "fundgraph (SPARQL 1.1 Graph Store Protocol client)"


@dataclass
class LoadResult:
    """What a load sent: ``graphs`` maps each graph IRI ("" for the default graph) to its triple count."""

    url: str
    graphs: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    bytes: int = 0

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())

    def summary(self) -> str:
        """One line: how many triples in how many graphs went to which store."""
        return (f"loaded {self.triples} triples in {len(self.graphs)} graph(s) into {self.url} "
                f"({self.requests} requests, {self.bytes / 1e6:.1f} MB)")


class GraphStore:
    """A client for one Graph Store Protocol endpoint ``url`` (e.g. ``http://host:7878/store``).

    ``timeout`` is seconds per request (connect and each read); ``chunk_bytes`` the most bytes one request
    carries. Raises StoreError for an unreachable server, a timeout or any HTTP error status, naming the
    URL, the graph and the server's status line. Use as a context manager to close its connections.
    """

    def __init__(self, url: str, *, timeout: float = 300.0, chunk_bytes: int = DEFAULT_CHUNK_BYTES,
                 session: requests.Session | None = None):
        if not url.startswith(("http://", "https://")):
            raise StoreError(f"graph store URL must be an http(s) URL, not {url!r}")
        self.url = url
        self.timeout = timeout
        self.chunk_bytes = chunk_bytes
        self._session = session or requests.Session()
        self._session.headers.setdefault("User-Agent", USER_AGENT)

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._session.close()

    @staticmethod
    def _params(graph: str | None) -> dict[str, str]:
        return {"graph": graph} if graph else {"default": ""}

    def _send(self, method: str, graph: str | None, body: bytes | None = None,
              headers: dict[str, str] | None = None, ok_missing: bool = False) -> requests.Response:
        what = f"graph <{graph}>" if graph else "the default graph"
        try:
            response = self._session.request(method, self.url, params=self._params(graph), data=body,
                                             headers=headers, timeout=self.timeout)
        except requests.Timeout:
            raise StoreError(f"graph store {self.url} did not answer within {self.timeout:g} s ({method} {what})") \
                from None
        except requests.RequestException as exc:
            raise StoreError(f"cannot reach graph store {self.url}: {type(exc).__name__}") from None
        if ok_missing and response.status_code == 404:
            return response
        if response.status_code >= 400:
            detail = response.text.strip().splitlines()[0][:200] if response.text.strip() else response.reason
            raise StoreError(f"graph store {self.url} refused {method} of {what}: HTTP {response.status_code} "
                             f"{detail}")
        return response

    def put(self, graph: str | None, ntriples: bytes) -> None:
        """Replace ``graph`` (an IRI, or None for the default graph) with the N-Triples ``ntriples``."""
        self._send("PUT", graph, ntriples, {"Content-Type": NTRIPLES})

    def post(self, graph: str | None, ntriples: bytes) -> None:
        """Add the N-Triples ``ntriples`` to ``graph`` (an IRI, or None for the default graph)."""
        self._send("POST", graph, ntriples, {"Content-Type": NTRIPLES})

    def delete(self, graph: str | None) -> bool:
        """Remove ``graph``; returns False if the server did not hold it (404)."""
        return self._send("DELETE", graph, ok_missing=True).status_code != 404

    def get(self, graph: str | None) -> bytes:
        """Return ``graph`` as N-Triples (for checks and small graphs: the whole graph is in memory)."""
        return self._send("GET", graph, headers={"Accept": NTRIPLES}).content

    def load_graph(self, store: pyoxigraph.Store, graph: pyoxigraph.NamedNode | None,
                   result: LoadResult | None = None) -> int:
        """Replace ``graph`` on the server with ``graph`` of ``store``, streamed in chunks; returns triples sent.

        ``graph`` None means the default graph. An empty local graph empties the remote one.
        """
        name = graph.value if graph is not None else None
        writer = _ChunkWriter(self, name, result)
        store.dump(writer, pyoxigraph.RdfFormat.N_TRIPLES,
                   from_graph=graph if graph is not None else pyoxigraph.DefaultGraph())
        writer.finish()
        if result is not None:
            result.graphs[name or ""] = writer.triples
        return writer.triples

    def load_store(self, store: pyoxigraph.Store,
                   graphs: Iterable[pyoxigraph.NamedNode] | None = None) -> LoadResult:
        """Replace each named graph of ``store`` (or just ``graphs``) on the server; returns a LoadResult.

        The default graph is sent too when the local one holds triples (fundgraph keeps its data there and
        each document's provenance in a named graph).
        """
        result = LoadResult(self.url)
        for graph in sorted(graphs if graphs is not None else store.named_graphs(), key=lambda g: g.value):
            self.load_graph(store, graph, result)
        if graphs is None and next(iter(store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())),
                                   None) is not None:
            self.load_graph(store, None, result)
        return result


class _ChunkWriter:
    """A binary file object for ``Store.dump`` that sends what it is given in chunks of whole lines."""

    def __init__(self, client: GraphStore, graph: str | None, result: LoadResult | None):
        self.client = client
        self.graph = graph
        self.result = result
        self.buffer = bytearray()
        self.sent_any = False
        self.triples = 0

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= self.client.chunk_bytes:
            cut = self.buffer.rfind(b"\n") + 1
            if cut:
                self._flush(bytes(self.buffer[:cut]))
                del self.buffer[:cut]
        return len(data)

    def flush(self) -> None:
        """Part of the file protocol; chunks leave only when full or at ``finish``."""

    def finish(self) -> None:
        if self.buffer or not self.sent_any:
            self._flush(bytes(self.buffer))
            self.buffer.clear()

    def _flush(self, chunk: bytes) -> None:
        if self.sent_any:
            self.client.post(self.graph, chunk)
        else:
            self.client.put(self.graph, chunk)
            self.sent_any = True
        self.triples += chunk.count(b"\n")
        if self.result is not None:
            self.result.requests += 1
            self.result.bytes += len(chunk)


def load_into_graph_store(store: pyoxigraph.Store, url: str, *, timeout: float = 300.0,
                          chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> LoadResult:
    """Replace every graph of ``store`` (default graph included) in the Graph Store Protocol endpoint ``url``.

    The library form of ``fundgraph publish --store URL``. Raises StoreError (see ``GraphStore``).
    """
    with GraphStore(url, timeout=timeout, chunk_bytes=chunk_bytes) as client:
        return client.load_store(store)


def load_publication(out_dir: Path, url: str, *, timeout: float = 300.0,
                     chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> LoadResult:
    """Load the dataset of the publication folder ``out_dir`` (its ``store/``) into the Graph Store ``url``.

    What ``fundgraph publish --store URL`` runs after a successful publish: the default graph (the data)
    and every named graph (one per document, its provenance) replace the graph of the same name on the server. The catalogue and
    VoID stay files of the folder, as for the embedded store. Raises StoreError, also when ``out_dir``
    holds no store.
    """
    path = Path(out_dir) / "store"
    if not path.is_dir():
        raise StoreError(f"{out_dir}: no published store to load (publish first)")
    store = pyoxigraph.Store.read_only(str(path))
    return load_into_graph_store(store, url, timeout=timeout, chunk_bytes=chunk_bytes)
