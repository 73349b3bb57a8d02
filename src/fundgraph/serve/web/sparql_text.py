"""Writing user-supplied values into SPARQL text safely.

The browse page shows the SPARQL query behind each view so that people can run and adapt it, so its
values must be in the query text (substitution of bound variables would not show). Values never go in
by string concatenation of raw text: a literal is written by pyoxigraph's own N-Triples/SPARQL
serialisation (which escapes quotes, backslashes and line breaks, SPARQL 1.1 §19.7 ECHAR), and an IRI
is parsed by pyoxigraph (which rejects spaces, ``<``, ``>``, ``"``, ``{``, ``}`` and the like, RFC 3987)
before it is written.
"""

from __future__ import annotations

import pyoxigraph

from ...mapping.vocab import PREFIXES


def literal(text: str) -> str:
    """Return ``text`` as a SPARQL string literal, escaped: ``'say "hi"'`` -> ``"say \\"hi\\""``."""
    return str(pyoxigraph.Literal(text))


def iri(value: str) -> str:
    """Return ``value`` as a SPARQL IRI reference ``<…>``; raises ValueError if it is not a valid IRI."""
    return str(pyoxigraph.NamedNode(value))


def prologue(*names: str) -> str:
    """Return PREFIX declarations for the named prefixes of ``mapping.vocab.PREFIXES``, one per line."""
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)
