"""Running fundgraph's shapes: SHACL-Core constraints with pyshacl on batch graphs, SHACL-SPARQL
constraints as queries over the whole store.

pyshacl runs a SPARQL constraint once per focus node on rdflib (measured: 70 % of the time of a
batch); the same query run once by Oxigraph over the store, with ``$this`` bound to the shape's
targets first, finds the same focus nodes in milliseconds (a constraint of plain form written so that Oxigraph
hash-joins it: ``compiled.sparql_plans``). The shapes file stays the one source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set
from dataclasses import dataclass

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import BNode, Node

from ..resources import resource_dir
from .report import VIOLATION, WARNING, INFO, ValidationResult, compact

_SEVERITY = {SH.Violation: VIOLATION, SH.Warning: WARNING, SH.Info: INFO}


def load_shapes() -> Graph:
    """Parse every ``*.ttl`` in the shapes folder into one graph (raises FileNotFoundError if absent)."""
    graph = Graph()
    for path in sorted(resource_dir("shapes").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@dataclass(frozen=True)
class SparqlCheck:
    """A SHACL-SPARQL constraint as a query over a whole store: each solution's ``?this`` (and
    ``?value`` if bound) is a result of ``severity`` with ``message``, from ``shape``."""

    shape: str
    message: str
    severity: str
    query: str


def split_sparql(shapes: Graph) -> tuple[Graph, list[SparqlCheck]]:
    """Return ``shapes`` without its sh:sparql constraints, and those constraints as SparqlChecks.

    Only shapes targeting by sh:targetClass or sh:targetSubjectsOf are supported (raises ValueError
    otherwise): the target is written into the query's WHERE clause in place of pre-binding $this.
    """
    from .compiled.sparql_plans import whole_store_query  # here, not above: compiled imports this module

    core = Graph()
    for triple in shapes:
        core.add(triple)
    checks = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        targets = [f"{{ ?this a <{c}> }}" for c in shapes.objects(shape, SH.targetClass)]
        targets += [f"{{ ?this <{p}> ?targetValue }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
        if not targets or any(shapes.value(shape, t) is not None for t in (SH.targetNode, SH.targetObjectsOf)):
            raise ValueError(f"SPARQL constraint of {shape}: only sh:targetClass / sh:targetSubjectsOf supported")
        select = str(shapes.value(constraint, SH.select)).replace("$this", "?this")
        where = re.search(r"WHERE\s*\{", select, re.IGNORECASE)
        if where is None:
            raise ValueError(f"SPARQL constraint of {shape}: no WHERE clause")
        prefixes = "".join(
            f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
            for declarer in shapes.objects(constraint, SH.prefixes) for d in shapes.objects(declarer, SH.declare))
        # Oxigraph joins a basic graph pattern by nested loops: a plain constraint is written to be hash-joined.
        query = whole_store_query(prefixes, select, targets) or (
            prefixes + select[:where.end()] + " " + " UNION ".join(targets) + " " + select[where.end():])
        message = shapes.value(constraint, SH.message) or shapes.value(shape, SH.message) or "SPARQL constraint not met"
        severity = _SEVERITY.get(shapes.value(shape, SH.severity), VIOLATION)
        checks.append(SparqlCheck(str(shape), str(message), severity, query))
        core.remove((shape, SH.sparql, constraint))
    return core, checks


def check(data: Graph, shapes: Graph, focus_nodes: Set[URIRef] | None = None) -> Iterator[ValidationResult]:
    """Validate ``data`` against ``shapes``; yield each result whose focus node is in ``focus_nodes``
    (all results if None)."""
    if focus_nodes is not None and not focus_nodes:
        return
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=False, inference="none",
                                     allow_warnings=True)
    for result in results.subjects(RDF.type, SH.ValidationResult):
        if focus_nodes is None or results.value(result, SH.focusNode) in focus_nodes:
            yield _result(results, result)


def _result(graph: Graph, node: Node) -> ValidationResult:
    path = graph.value(node, SH.resultPath)
    value = graph.value(node, SH.value)
    messages = [str(m) for m in graph.objects(node, SH.resultMessage)]
    shape = graph.value(node, SH.sourceShape)
    return ValidationResult(
        severity=_SEVERITY.get(graph.value(node, SH.resultSeverity), VIOLATION),
        focus_node=str(graph.value(node, SH.focusNode)),
        path=_path_text(graph, path) if path is not None else None,
        message=messages[0] if messages else "constraint not met",
        value=_term_text(value) if value is not None else None,
        shape=str(shape) if isinstance(shape, URIRef) else None,
    )


def _term_text(term: Node) -> str:
    if isinstance(term, URIRef):
        return compact(str(term)) or str(term)
    if isinstance(term, Literal):
        if term.datatype is not None:
            return f'"{term}"^^{compact(str(term.datatype))}'
        return term.n3()
    return "(blank node)"


def _path_text(graph: Graph, path: Node) -> str:
    if isinstance(path, URIRef):
        return compact(str(path)) or str(path)
    if isinstance(path, BNode) and graph.value(path, RDF.first) is not None:
        return "/".join(_path_text(graph, p) for p in Collection(graph, path))
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(graph, inverse)
    return "(complex path)"
