"""Cutting a store into bounded batches for SHACL: each batch is an rdflib graph of some focus
nodes with everything they point to, two steps deep (enough for every shape's class and path checks).

Batches: one for the reference concepts (municipalities, counties, funds, schemes), then one per
``batch_size`` projects. Memory is bounded by the batch size, not by the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

import pyoxigraph
from rdflib import Graph, URIRef

from ..mapping.vocab import FG, RDF, SKOS

_PREFIXES = f"PREFIX fg: <{FG}> PREFIX rdf: <{RDF}> PREFIX skos: <{SKOS}> "
REFERENCE_CLASSES = (f"{FG}Municipality", f"{FG}County", f"{FG}Fund", f"{SKOS}ConceptScheme")

# Everything the roots say, and what the nodes they point to (one and two steps away) say;
# rdf:type is not followed, so class definitions stay out of batches.
_CLOSURE = _PREFIXES + """CONSTRUCT { ?s ?p ?o } WHERE {
  VALUES ?root { %s }
  { BIND(?root AS ?s) }
  UNION { ?root ?p1 ?s FILTER(?p1 != rdf:type && isIRI(?s)) }
  UNION { ?root ?p1 ?x FILTER(?p1 != rdf:type && isIRI(?x)) ?x ?p2 ?s FILTER(?p2 != rdf:type && isIRI(?s)) }
  ?s ?p ?o }"""


@dataclass
class Batch:
    """A graph to validate and the focus nodes in it to check (the others are context)."""

    graph: Graph
    focus_nodes: list[URIRef]


def _query(store: pyoxigraph.Store, query: str):
    return store.query(query, use_default_graph_as_union=True)


def _closure(store: pyoxigraph.Store, roots: list[str]) -> Graph:
    values = " ".join(f"<{root}>" for root in roots)
    triples = _query(store, _CLOSURE % values)
    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def reference_batch(store: pyoxigraph.Store) -> Batch | None:
    """The batch of all reference concepts and concept schemes (focus), or None if there are none."""
    classes = " ".join(f"<{c}>" for c in REFERENCE_CLASSES)
    roots = sorted({s["node"].value for s in _query(
        store, f"SELECT DISTINCT ?node WHERE {{ VALUES ?class {{ {classes} }} ?node a ?class FILTER(isIRI(?node)) }}")})
    if not roots:
        return None
    return Batch(_closure(store, roots), [URIRef(r) for r in roots])


def project_batches(store: pyoxigraph.Store, batch_size: int) -> Iterator[Batch]:
    """Batches of at most ``batch_size`` projects each, with the nodes they point to as focus nodes,
    except reference concepts (checked once in ``reference_batch``)."""
    projects = (s["project"].value for s in _query(
        store, _PREFIXES + "SELECT DISTINCT ?project WHERE { ?project a fg:Project FILTER(isIRI(?project)) }"))
    while chunk := list(islice(projects, batch_size)):
        graph = _closure(store, chunk)
        yield Batch(graph, _focus_nodes(graph))


def _focus_nodes(graph: Graph) -> list[URIRef]:
    reference = {URIRef(c) for c in REFERENCE_CLASSES}
    rdf_type = URIRef(RDF + "type")
    excluded = {s for s, o in graph.subject_objects(rdf_type) if o in reference}
    return [s for s in set(graph.subjects()) if isinstance(s, URIRef) and s not in excluded]

