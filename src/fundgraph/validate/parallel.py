"""Validating batches in worker processes, a bounded number in flight.

The parent cuts the store into batches (index look-ups in pyoxigraph, cheap) and sends each as N-Triples
bytes with its focus nodes; a worker parses it into rdflib and runs pyshacl (the expensive part, pure
Python, so it needs processes, not threads, to use more than one core). At most ``2 × workers`` batches are
in flight, so memory stays bounded by the batch size whatever the size of the store. Workers are spawned
(not forked: the parent holds an open RocksDB store and its threads) and parse the shapes once each.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from rdflib import Graph, URIRef

from .batches import BatchData
from .report import ValidationResult
from .shacl import check

_shapes: Graph | None = None  # the worker's parsed shapes, set once by _start (one per worker process)


def _start(shapes_nt: bytes) -> None:
    global _shapes
    _shapes = Graph().parse(data=shapes_nt.decode("utf-8"), format="nt")


def _check(ntriples: bytes, focus: frozenset[str]) -> list[ValidationResult]:
    graph = Graph().parse(data=ntriples.decode("utf-8"), format="nt")
    assert _shapes is not None
    return list(check(graph, _shapes, {URIRef(f) for f in focus}))


def check_in_parallel(batches: Iterable[BatchData], shapes: Graph, workers: int,
                      counts: list[int] | None = None) -> Iterator[ValidationResult]:
    """Yield the results of validating each batch against ``shapes`` in ``workers`` processes.

    Results come in the order batches finish, not the order given. ``counts`` (if given, ``[batches,
    focus nodes]``) is incremented as batches are sent. A worker's exception is raised here.
    """
    shapes_nt = shapes.serialize(format="nt", encoding="utf-8")
    window = 2 * workers
    pending: set[Future] = set()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_start, initargs=(shapes_nt,)) as pool:
        for batch in batches:
            if counts is not None:
                counts[0] += 1
                counts[1] += len(batch.focus)
            pending.add(pool.submit(_check, batch.ntriples, batch.focus))
            if len(pending) >= window:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield from future.result()
        for future in pending:
            yield from future.result()
