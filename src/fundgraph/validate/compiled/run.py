"""Running compiled Checks over a pyoxigraph store; their solutions become ValidationResults.

Solutions stream one at a time from Oxigraph and only violations come back (a query over a
conforming store returns nothing), so memory does not grow with the store. A store on disk can be
checked by several processes at once, each opening it read-only (pyoxigraph holds the GIL while it
evaluates a query, so threads do not help: measured 1.0× with 2 threads).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from itertools import islice
from pathlib import Path

import pyoxigraph
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..dataset_checks import dataset_results
from ..report import ValidationResult
# The pyshacl path's rendering of values, so that both engines write them alike.
from ..shacl import SparqlCheck, _term_text
from .compile import Check
from .texts import text_results


def run_checks(store: pyoxigraph.Store, checks: Iterable[Check]) -> Iterator[ValidationResult]:
    """Yield the results of each of ``checks`` over ``store`` (default graph = union of its graphs), check
    by check. A result can repeat (a check's DISTINCT holds within one query only); the report drops repeats.
    Stop iterating to stop the query being run."""
    for check in checks:
        for row in store.query(check.query, use_default_graph_as_union=True):
            focus = row["this"]
            value = row["value"] if check.value == "value" else focus if check.value == "this" else None
            yield ValidationResult(check.severity, focus.value, check.path, check.message,
                                   value=_term_text(_rdflib(value)) if value is not None else None,
                                   shape=check.shape)


def run_checks_in_processes(path: Path, checks: list[Check], workers: int, *, limit: int,
                            sparql_checks: Sequence[SparqlCheck] = (),
                            ntriples: Path | None = None, count_query: str | None = None,
                            counted: Callable[[int], None] | None = None) -> Iterator[ValidationResult]:
    """Like ``run_checks`` followed by ``dataset_results(store, sparql_checks)`` for the store on disk at
    ``path`` (not written to meanwhile: pyoxigraph's read-only stores see the files as they were when
    opened), shared among ``workers`` processes. Given ``ntriples``, an N-Triples file of the store's triples,
    the control-character rule reads it (``texts.text_results``) instead of the store. Given ``count_query``
    (one solution, an integer ``?count``: ``focus_nodes_query``), it runs as one more task and ``counted``
    gets the number once it is known (at 100 000 projects it took 1.5 s, before any check when run first).
    Each check returns at most ``limit`` results; results come as checks finish. Spawns processes: call it
    under ``if __name__ == "__main__"``."""
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_open, initargs=(str(path), checks, list(sparql_checks))) as pool:
        # The longest first (the count, the dataset-level queries), so that the checks fill the other processes.
        counting = [pool.submit(_count, count_query)] if count_query is not None else []
        tasks = [*counting, pool.submit(_run, None, limit, ntriples is None)]
        if ntriples is not None:
            tasks.append(pool.submit(_texts, ntriples, limit))
        tasks += [pool.submit(_run, i, limit) for i in range(len(checks))]
        for future in as_completed(tasks):
            if future in counting:
                if counted is not None:
                    counted(future.result())
                continue
            yield from future.result()


_worker: tuple[pyoxigraph.Store, list[Check], list[SparqlCheck]] | None = None  # set in each worker by _open


def _open(path: str, checks: list[Check], sparql_checks: list[SparqlCheck]) -> None:
    global _worker
    _worker = (pyoxigraph.Store.read_only(path), checks, sparql_checks)


def _run(index: int | None, limit: int, control_characters: bool = True) -> list[ValidationResult]:
    """The results of check ``index``, or with None those of the dataset-level queries."""
    assert _worker is not None
    store, checks, sparql_checks = _worker
    results = dataset_results(store, sparql_checks, control_characters=control_characters) if index is None \
        else run_checks(store, [checks[index]])
    return list(islice(results, limit))


def count(store: pyoxigraph.Store, query: str) -> int:
    """The integer ``?count`` of the one solution of ``query`` over ``store`` (default graph = union)."""
    (row,) = store.query(query, use_default_graph_as_union=True)
    return int(row["count"].value)


def _count(query: str) -> int:
    assert _worker is not None
    return count(_worker[0], query)


def _texts(ntriples: Path, limit: int) -> list[ValidationResult]:
    return list(text_results(ntriples, limit))


def _rdflib(term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal) -> Node:
    """The rdflib term parsing ``term`` from N-Triples gives (as the pyshacl path does): xsd:string
    literals are written without datatype there, so they come back without one."""
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
