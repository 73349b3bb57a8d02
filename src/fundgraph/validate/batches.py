"""Cutting a store into bounded batches for SHACL.

A batch is an rdflib graph holding some root nodes and everything they point to, a few steps deep,
plus the focus nodes whose results count (nodes near the edge of a batch lack the context their
shapes need, so their results are dropped; each node is a focus node in some batch). Batches: one
for the reference concepts (municipalities, counties, funds, schemes), then one per ``batch_size``
projects. Memory grows with the batch size, not with the store.

pyshacl's own ``focus_nodes`` option is not used: it also filters the value nodes of nested shapes
(sh:or, sh:qualifiedValueShape), which hides real violations (pyshacl 0.40); results are filtered
by focus node afterwards instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

import pyoxigraph
from rdflib import Graph, URIRef

from ..mapping.vocab import FG, RDF, SKOS

REFERENCE_CLASSES = (f"{FG}Municipality", f"{FG}County", f"{FG}Fund", f"{SKOS}ConceptScheme")
_RDF_TYPE = pyoxigraph.NamedNode(RDF + "type")
_PROJECT = pyoxigraph.NamedNode(FG + "Project")
_AMENDS = pyoxigraph.NamedNode(FG + "amends")
# Steps followed from the roots. Reference concepts: a county's NUTS-3 region's parent's parent is
# two steps away. Projects: a node two steps away (a grant's funder) needs its values' types (three).
_REFERENCE_DEPTH = 2
_PROJECT_DEPTH = 3


@dataclass
class Batch:
    """A graph to validate and the focus nodes in it whose results count."""

    graph: Graph
    focus_nodes: set[URIRef]


@dataclass(frozen=True)
class BatchData:
    """A batch before parsing: its graph as N-Triples bytes and its focus nodes' IRIs. Cheap to make
    and to send to another process (see ``parallel``); ``batch()`` parses it."""

    ntriples: bytes
    focus: frozenset[str]

    def batch(self) -> Batch:
        return Batch(Graph().parse(data=self.ntriples.decode("utf-8"), format="nt"),
                     {URIRef(f) for f in self.focus})


def _closure(store: pyoxigraph.Store, roots: list[pyoxigraph.NamedNode], depth: int
             ) -> tuple[set[pyoxigraph.Triple], dict[pyoxigraph.NamedNode, int]]:
    """Triples of the roots and of the IRIs they lead to, ``depth`` steps deep, in all graphs; and
    each node's distance from the roots. rdf:type is not followed (class definitions stay out).
    Index lookups per node keep this linear in the size of the closure."""
    distance: dict[pyoxigraph.NamedNode, int] = {}
    frontier = set(roots)
    triples: set[pyoxigraph.Triple] = set()
    for step in range(depth + 1):
        following: set[pyoxigraph.NamedNode] = set()
        for node in frontier:
            distance[node] = step
            for quad in store.quads_for_pattern(node, None, None, None):
                triples.add(quad.triple)
                if step < depth and isinstance(quad.object, pyoxigraph.NamedNode) and quad.predicate != _RDF_TYPE:
                    following.add(quad.object)
        frontier = following - distance.keys()
    return triples, distance


def _ntriples(triples: set[pyoxigraph.Triple]) -> bytes:
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""


def _instances(store: pyoxigraph.Store, classes) -> Iterator[pyoxigraph.NamedNode]:
    seen: set[pyoxigraph.NamedNode] = set()
    for cls in classes:
        for quad in store.quads_for_pattern(None, _RDF_TYPE, cls, None):
            if isinstance(quad.subject, pyoxigraph.NamedNode) and quad.subject not in seen:
                seen.add(quad.subject)
                yield quad.subject


def reference_batch(store: pyoxigraph.Store) -> Batch | None:
    """The batch of all reference concepts and concept schemes (all focus), or None if there are none."""
    data = reference_batch_data(store)
    return data.batch() if data is not None else None


def reference_batch_data(store: pyoxigraph.Store) -> BatchData | None:
    """``reference_batch`` before parsing."""
    roots = list(_instances(store, [pyoxigraph.NamedNode(c) for c in REFERENCE_CLASSES]))
    if not roots:
        return None
    triples, _ = _closure(store, roots, _REFERENCE_DEPTH)
    return BatchData(_ntriples(triples), frozenset(r.value for r in roots))


def project_batches(store: pyoxigraph.Store, batch_size: int) -> Iterator[Batch]:
    """Batches of at most ``batch_size`` projects each. Focus: the projects and the nodes within two
    steps of them (amounts, grants, beneficiaries, priorities, documents, pages), except other
    projects (checked in their own batch) and reference concepts (checked in ``reference_batch``)."""
    return (data.batch() for data in project_batch_data(store, batch_size))


def project_batch_data(store: pyoxigraph.Store, batch_size: int) -> Iterator[BatchData]:
    """``project_batches`` before parsing."""
    reference = {pyoxigraph.NamedNode(c) for c in REFERENCE_CLASSES} | {_PROJECT}
    projects = _instances(store, [_PROJECT])
    while chunk := list(islice(projects, batch_size)):
        triples, distance = _closure(store, chunk, _PROJECT_DEPTH)
        for root in chunk:  # who amends a project is part of what the project must satisfy
            triples.update(q.triple for q in store.quads_for_pattern(None, _AMENDS, root, None))
        context = {t.subject for t in triples if t.predicate == _RDF_TYPE and t.object in reference}
        focus = {n for n, d in distance.items() if d <= _PROJECT_DEPTH - 1}
        focus = (focus - context) | set(chunk)
        yield BatchData(_ntriples(triples), frozenset(n.value for n in focus))
