"""Running pyshacl with fundgraph's shapes on one batch graph and reading its results."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

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


def check(data: Graph, shapes: Graph, focus_nodes: Iterable[URIRef] | None = None) -> Iterator[ValidationResult]:
    """Validate ``data`` (only ``focus_nodes`` if given) against ``shapes``; yield each result."""
    focus = list(focus_nodes) if focus_nodes is not None else None
    if focus is not None and not focus:
        return
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=False, inference="none",
                                     allow_warnings=True, focus_nodes=focus)
    for result in results.subjects(RDF.type, SH.ValidationResult):
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
