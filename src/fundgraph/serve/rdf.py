"""Writing triples in an RDF format with only the prefixes they use (``mapping.vocab.PREFIXES``)."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph
from pyoxigraph import NamedNode, Triple

from ..formats import Format
from ..mapping.vocab import PREFIXES


def used_prefixes(triples: Sequence[Triple]) -> dict[str, str]:
    """The entries of PREFIXES whose namespace starts some IRI in ``triples``."""
    iris = {t.value for triple in triples for t in (triple.subject, triple.predicate, triple.object)
            if isinstance(t, NamedNode)}
    iris |= {triple.object.datatype.value for triple in triples if hasattr(triple.object, "datatype")}
    return {prefix: ns for prefix, ns in PREFIXES.items() if any(i.startswith(ns) for i in iris)}


def serialize(triples: Sequence[Triple], fmt: Format) -> bytes:
    """``triples`` in RDF format ``fmt`` (which must have a pyoxigraph writer)."""
    return pyoxigraph.serialize(triples, format=fmt.oxigraph, prefixes=used_prefixes(triples))
