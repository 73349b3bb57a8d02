"""The ``stores`` phase: the published dataset in an Oxigraph server and in Virtuoso 7, beside the embedded store.

For each external store (started here on free loopback ports in the work folder, stopped afterwards; the
helpers are the tests' own, tests/oxigraph_server.py and tests/virtuoso_server.py):

- publish-to-store: ``graph_store.load_publication`` (what ``publish --store`` runs), triples per second,
  with its ratio to raw pyoxigraph's ``bulk_load`` of the publication's dataset.nq into a new on-disk store
  (the embedded store's own load path); for Virtuoso also its bulk loader (``ld_dir`` of dataset.nq +
  ``rdf_loader_run`` + ``checkpoint``, through ISQL on the server's own disk) into a second, empty instance;
- the five queries of bench/queries.py, median of 3 after a warm-up: on the store's own SPARQL endpoint, and
  through fundgraph's ``/sparql`` served with ``--sparql-endpoint`` (what users get), each with its ratio
  (``ratio``) to the same query on the embedded pyoxigraph store, read directly.

Each store is measured on its own: a store that fails to start or load gives one row naming the error (its
``error`` note) and the others are still measured; the phase then exits non-zero after writing its rows. Rows
are also appended to ``WORKDIR/stores.rows.jsonl`` as they are measured, so that a run stopped half-way keeps
what it measured. Each row notes the 1-minute load average when it was taken (``load``): the machine is shared.

Needs the publish phase's folder (``--phases publish,stores``); give ``--out`` a folder outside the source
tree (e.g. /tmp/fundgraph-bench) so that nothing a checkout or merge does can touch the run. Oxigraph runs with
``--union-default-graph``; Virtuoso with 60 000 buffers (≈ 470 MiB of cache) and ``ResultSetMaxRows`` above
every result.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
import traceback
from pathlib import Path

from .runner import ROOT, Row

sys.path.insert(0, str(ROOT / "tests"))  # the test-server helpers

REPEATS = 3
BUFFERS = 60_000


class StoresFailed(RuntimeError):
    """One or more stores could not be measured (their rows name the error); raised after all rows are written."""


class _Rows(list):
    """The phase's rows, each also appended to a JSON-lines file and printed as it is measured."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        path.unlink(missing_ok=True)

    def append(self, row: Row) -> None:
        row.extra.setdefault("load", round(os.getloadavg()[0], 1))
        super().append(row)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(row.to_json(), ensure_ascii=False) + "\n")
        print(f"[stores] {row.phase}: {row.seconds:.3f} s {row.extra}", file=sys.stderr, flush=True)


def _ratio(seconds: float, reference: float | None) -> float | None:
    return round(seconds / reference, 2) if reference else None


def run_phase(ctx) -> list[Row]:
    """All rows of the phase for ``ctx`` (a ``phases.Context``); raises RuntimeError without a publication and
    StoresFailed (after writing the rows) when a store could not be measured."""
    import pyoxigraph
    from oxigraph_server import OxigraphServer
    from virtuoso_server import VirtuosoServer

    from . import queries as q
    from .phases import _beneficiary_of, _sample_ids

    folder = ctx.publish_dir
    if not (folder / "store").is_dir():
        raise RuntimeError("the stores phase needs the publish phase's folder: --phases publish,stores")
    rows = _Rows(ctx.workdir / "stores.rows.jsonl")
    store = pyoxigraph.Store.read_only(str(folder / "store"))
    case_id = _sample_ids(ctx, 1)[0]
    texts = q.queries(case_id, _beneficiary_of(store, case_id))
    embedded = {}
    for name, text in texts.items():
        embedded[name], size = q.median_seconds(q.direct(store, text), REPEATS)
        rows.append(Row(f"query {name}: pyoxigraph (embedded)", ctx.n, embedded[name], extra={"rows": size}))
    del store
    raw = _raw_load(ctx, folder)
    rows.append(raw)
    failed = []

    def attempt(label: str, step) -> None:
        try:
            step()
        except Exception as error:  # noqa: BLE001 (one store's failure must not lose the others' figures)
            traceback.print_exc()
            failed.append(label)
            rows.append(Row(f"{label}: FAILED", ctx.n, 0.0, extra={"error": f"{type(error).__name__}: "
                                                                            f"{str(error)[-300:]}"}))

    def oxigraph() -> None:
        with OxigraphServer(ctx.workdir / "oxigraph-server", union_default_graph=True) as server:
            _measure(ctx, rows, "Oxigraph server", server, texts, embedded, raw)

    def virtuoso() -> None:
        with VirtuosoServer(ctx.workdir / "virtuoso", buffers=BUFFERS, max_seconds=900) as server:
            _measure(ctx, rows, "Virtuoso", server, texts, embedded, raw,
                     user=server.user, password=server.password)
            rows.append(_transaction_log(ctx, server))

    attempt("Oxigraph server", oxigraph)
    attempt("Virtuoso", virtuoso)
    attempt("Virtuoso bulk loader", lambda: rows.append(_bulk_load(ctx, VirtuosoServer, folder, raw)))
    if failed:
        ctx.workdir.joinpath("stores.json").write_text(json.dumps([
            {"phase": r.phase, "n": r.n, "seconds": r.seconds, "triples": r.triples, "extra": r.extra}
            for r in rows]), encoding="utf-8")
        raise StoresFailed(f"not measured: {', '.join(failed)} (rows so far in {rows.path})")
    return list(rows)


def _raw_load(ctx, folder: Path) -> Row:
    """Raw pyoxigraph: ``Store.bulk_load`` of dataset.nq into a new on-disk store (the reference for loads)."""
    import pyoxigraph

    target = ctx.workdir / "pyoxigraph-bulk-load"
    shutil.rmtree(target, ignore_errors=True)
    start = time.perf_counter()
    store = pyoxigraph.Store(str(target))
    store.bulk_load(path=str(folder / "dataset.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - start
    triples = len(store)
    del store
    shutil.rmtree(target, ignore_errors=True)
    return Row("load dataset.nq: pyoxigraph bulk_load (embedded, reference)", ctx.n, seconds, triples)


def _measure(ctx, rows: _Rows, label: str, server, texts: dict[str, str], embedded: dict[str, float],
             raw: Row, **credentials) -> None:
    """publish --store into ``server``, then the queries on its endpoint and through fundgraph's /sparql."""
    import requests

    from fundgraph.publish.graph_store import load_publication

    from . import queries as q
    from .phases import BASE_IRI, Server

    start = time.perf_counter()
    result = load_publication(ctx.publish_dir, server.store_url, base_iri=BASE_IRI, **credentials)
    seconds = time.perf_counter() - start
    rows.append(Row(f"publish --store {label} (Graph Store Protocol)", ctx.n, seconds, result.triples,
                    extra={"requests": result.requests, "bytes": result.bytes,
                           "ratio": _ratio(seconds, raw.seconds)}))
    session = requests.Session()
    with Server(ctx.publish_dir, sparql_endpoint=server.query_url, query_timeout=900.0,
                max_result_rows=10_000_000) as fundgraph:
        for name, text in texts.items():
            own, size = q.median_seconds(q.over_http(session, server.query_url, text), REPEATS)
            rows.append(Row(f"query {name}: {label} endpoint", ctx.n, own,
                            extra={"bytes": size, "ratio": _ratio(own, embedded[name])}))
            proxied, size = q.median_seconds(q.over_http(session, fundgraph.url + "/sparql", text), REPEATS)
            rows.append(Row(f"query {name}: /sparql on {label}", ctx.n, proxied,
                            extra={"bytes": size, "ratio": _ratio(proxied, embedded[name])}))


def _transaction_log(ctx, server) -> Row:
    """Virtuoso's checkpoint after the Graph Store load: the transaction log the load wrote, folded into the
    database (what CheckpointInterval does every N minutes in production)."""
    log = server.location / "virtuoso.trx"
    size = log.stat().st_size if log.exists() else 0
    start = time.perf_counter()
    server.isql(None, "checkpoint;")
    return Row("Virtuoso checkpoint after the Graph Store load", ctx.n, time.perf_counter() - start,
               extra={"bytes": size, "note": "bytes = transaction log before the checkpoint"})


def _bulk_load(ctx, server_class, folder: Path, raw: Row) -> Row:
    """Virtuoso's bulk loader on dataset.nq (the default graph's triples into the data graph), timed to the
    end of the checkpoint that makes them durable (the loader does not log: ``log_enable(2)``)."""
    from fundgraph.publish.graph_store import data_graph

    from .phases import BASE_IRI

    with server_class(ctx.workdir / "virtuoso-bulk", buffers=BUFFERS, allowed_dirs=(folder.resolve(),)) as server:
        before = server.count("?s ?p ?o", graphs=())
        start = time.perf_counter()
        server.isql(None, f"ld_dir('{folder.resolve()}', 'dataset.nq', '{data_graph(BASE_IRI)}');",
                    "rdf_loader_run();", "checkpoint;")
        seconds = time.perf_counter() - start
        triples = server.count("?s ?p ?o", graphs=()) - before
    return Row("load dataset.nq: Virtuoso bulk loader (ld_dir + rdf_loader_run + checkpoint)", ctx.n, seconds,
               triples, extra={"ratio": _ratio(seconds, raw.seconds)})
