"""The ``stores`` phase: the published dataset in an Oxigraph server and in Virtuoso 7, beside the embedded store.

For each external store (started here on free loopback ports in the work folder, stopped afterwards; the
helpers are the tests' own, tests/oxigraph_server.py and tests/virtuoso_server.py):

- publish-to-store: ``graph_store.load_publication`` (what ``publish --store`` runs), triples per second;
  for Virtuoso also its bulk loader (``ld_dir`` of dataset.nq + ``rdf_loader_run`` + ``checkpoint``, through
  ISQL on the server's own disk) into a second, empty instance, for the comparison README gives;
- the five queries of bench/queries.py, median of 3 after a warm-up: on the store's own SPARQL endpoint, and
  through fundgraph's ``/sparql`` served with ``--sparql-endpoint`` (what users get), with their ratio to the
  embedded pyoxigraph store on the same data.

Needs the publish phase's folder (``--phases publish,stores``). Oxigraph runs with ``--union-default-graph``;
Virtuoso with 60 000 buffers (≈ 470 MiB of cache) and ``ResultSetMaxRows`` above every result.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .runner import ROOT, Row

sys.path.insert(0, str(ROOT / "tests"))  # the test-server helpers

REPEATS = 3


def run_phase(ctx) -> list[Row]:
    """All rows of the phase for ``ctx`` (a ``phases.Context``); raises RuntimeError without a publication."""
    import pyoxigraph
    import requests
    from oxigraph_server import OxigraphServer
    from virtuoso_server import VirtuosoServer

    from fundgraph.publish.graph_store import load_publication

    from . import queries as q
    from .phases import BASE_IRI, Server, _beneficiary_of, _sample_ids

    folder = ctx.publish_dir
    if not (folder / "store").is_dir():
        raise RuntimeError("the stores phase needs the publish phase's folder: --phases publish,stores")
    store = pyoxigraph.Store.read_only(str(folder / "store"))
    case_id = _sample_ids(ctx, 1)[0]
    texts = q.queries(case_id, _beneficiary_of(store, case_id))
    embedded = {name: q.median_seconds(q.direct(store, text), REPEATS)[0] for name, text in texts.items()}
    rows = [Row(f"query {name}: pyoxigraph (embedded)", ctx.n, seconds) for name, seconds in embedded.items()]
    session = requests.Session()

    def measure(label: str, server, **credentials) -> None:
        start = time.perf_counter()
        result = load_publication(folder, server.store_url, base_iri=BASE_IRI, **credentials)
        rows.append(Row(f"publish --store {label} (Graph Store Protocol)", ctx.n, time.perf_counter() - start,
                        result.triples, extra={"requests": result.requests, "megabytes": round(result.bytes / 1e6)}))
        with Server(folder, sparql_endpoint=server.query_url, query_timeout=900.0,
                    max_result_rows=10_000_000) as fundgraph:
            for name, text in texts.items():
                own, _ = q.median_seconds(q.over_http(session, server.query_url, text), REPEATS)
                proxied, size = q.median_seconds(q.over_http(session, fundgraph.url + "/sparql", text), REPEATS)
                ratio = round(proxied / embedded[name], 2) if embedded[name] else None
                rows.append(Row(f"query {name}: {label} endpoint", ctx.n, own))
                rows.append(Row(f"query {name}: /sparql on {label}", ctx.n, proxied,
                                extra={"bytes": size, "ratio to embedded": ratio}))

    with OxigraphServer(ctx.workdir / "oxigraph-server", union_default_graph=True) as oxigraph:
        measure("Oxigraph server", oxigraph)
    with VirtuosoServer(ctx.workdir / "virtuoso", buffers=60_000, max_seconds=900) as virtuoso:
        measure("Virtuoso", virtuoso, user=virtuoso.user, password=virtuoso.password)
    rows.append(_bulk_load(ctx, VirtuosoServer, folder))
    return rows


def _bulk_load(ctx, server_class, folder: Path) -> Row:
    """Virtuoso's bulk loader on dataset.nq (the default graph's triples into the data graph), timed to the
    end of the checkpoint that makes them durable."""
    from fundgraph.publish.graph_store import data_graph

    from .phases import BASE_IRI

    with server_class(ctx.workdir / "virtuoso-bulk", buffers=60_000, allowed_dirs=(folder.resolve(),)) as server:
        start = time.perf_counter()
        server.isql(None, f"ld_dir('{folder.resolve()}', 'dataset.nq', '{data_graph(BASE_IRI)}');",
                    "rdf_loader_run();", "checkpoint;")
        seconds = time.perf_counter() - start
        triples = server.count("?s ?p ?o", graphs=())
    return Row("Virtuoso bulk loader (ld_dir + rdf_loader_run, dataset.nq)", ctx.n, seconds, triples,
               extra={"note": "counts include Virtuoso's ~2 500 system triples"})
