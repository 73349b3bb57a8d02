"""Running compiled Checks over a pyoxigraph store; their solutions become ValidationResults.

Solutions stream one at a time from Oxigraph and only violations come back (a query over a
conforming store returns nothing), so memory does not grow with the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..report import ValidationResult
# The pyshacl path's rendering of values, so that both engines write them alike.
from ..shacl import _term_text
from .compile import Check


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
