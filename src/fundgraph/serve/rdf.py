"""Writing triples in an RDF format with only the prefixes they use (``mapping.vocab.PREFIXES``).

JSON-LD is written compacted with an inline ``@context`` (``publish.jsonld``, as the dataset dump is),
falling back to pyoxigraph's expanded JSON-LD for graphs with blank nodes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pyoxigraph
from pyoxigraph import Literal, NamedNode, Triple

from ..formats import JSONLD, RDFXML, Format
from ..mapping.vocab import PREFIXES
from ..publish.jsonld import write_jsonld


def used_prefixes(triples: Sequence[Triple]) -> dict[str, str]:
    """The entries of PREFIXES whose namespace starts some IRI in ``triples``."""
    iris = {t.value for triple in triples for t in (triple.subject, triple.predicate, triple.object)
            if isinstance(t, NamedNode)}
    iris |= {triple.object.datatype.value for triple in triples if isinstance(triple.object, Literal)}
    # One substring search per namespace instead of one startswith per (IRI, namespace): an IRI holds no
    # line break, so "\n" + ns occurs in the joined text exactly when some IRI starts with ns.
    text = "\n" + "\n".join(iris)
    return {prefix: ns for prefix, ns in PREFIXES.items() if "\n" + ns in text}


def serialize(triples: Sequence[Triple], fmt: Format) -> bytes:
    """``triples`` in RDF format ``fmt`` (which must have a pyoxigraph writer)."""
    prefixes = used_prefixes(triples)
    if fmt is JSONLD:
        text = io.StringIO()
        try:
            write_jsonld(sorted(triples, key=lambda t: str(t.subject)), text, prefixes)
            return text.getvalue().encode()
        except ValueError:  # a blank node: the expanded form below handles it
            pass
    data = pyoxigraph.serialize(triples, format=fmt.oxigraph, prefixes=prefixes)
    if fmt is RDFXML:
        # pyoxigraph writes a carriage return in a literal as it is, and XML parsers turn it into a line
        # feed (XML 1.0 §2.11): as a character reference it survives. It can stand only in text here.
        data = data.replace(b"\r", b"&#13;")
    return data
