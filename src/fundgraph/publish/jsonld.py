"""A streaming writer of compacted JSON-LD with a local ``@context``.

pyoxigraph's JSON-LD writer streams but writes expanded JSON-LD (full IRIs, no context); compacting
with a JSON-LD processor needs the whole graph in memory. Here triples sorted by subject are written as
one node object per subject under ``@graph``, keys and IRIs compacted with the prefixes of the inline
``@context`` — readable, and needing no network to expand (JSON-LD 1.1, §4.1 compact IRIs).
Literal lexical forms are kept exactly (no native JSON numbers), so the dump round-trips to the same RDF.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from itertools import groupby
from typing import IO, Any

import pyoxigraph

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class _Compactor:
    def __init__(self, prefixes: dict[str, str]):
        # Longest namespace first, so the most specific prefix wins.
        self._prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        # Predicates, classes and concepts recur on every node: remember the last few thousand answers
        # (bounded, so a million distinct subjects do not pile up).
        self._cached = lru_cache(maxsize=1 << 14)(self._compact)

    def __call__(self, iri: str) -> str:
        return self._cached(iri)

    def _compact(self, iri: str) -> str:
        for prefix, namespace in self._prefixes:
            if iri.startswith(namespace):
                local = iri[len(namespace):]
                if local and not local.startswith("//"):
                    return f"{prefix}:{local}"
        return iri


def write_jsonld(triples: Iterable[pyoxigraph.Triple], output: IO[str], prefixes: dict[str, str]) -> int:
    """Write ``triples`` (grouped by subject, e.g. sorted) as compacted JSON-LD to the text stream ``output``.

    Consecutive triples with the same subject become one node object; a subject that appears in two
    separate runs becomes two node objects (still the same RDF). Returns the number of triples written.
    Raises ValueError on a blank node or quoted triple (fundgraph's data has none).
    """
    compact = _Compactor(prefixes)
    output.write('{\n"@context": ')
    output.write(json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False, sort_keys=True))
    output.write(',\n"@graph": [')
    count = 0
    first = True
    for subject, group in groupby(triples, key=lambda t: t.subject):
        node: dict[str, Any] = {"@id": compact(_iri(subject))}
        for triple in group:
            count += 1
            predicate = triple.predicate.value
            if predicate == _RDF_TYPE and isinstance(triple.object, pyoxigraph.NamedNode):
                node.setdefault("@type", []).append(compact(triple.object.value))
            else:
                node.setdefault(compact(predicate), []).append(_value(triple.object, compact))
        node = {key: values[0] if isinstance(values, list) and len(values) == 1 else values
                for key, values in node.items()}
        output.write("\n" if first else ",\n")
        output.write(json.dumps(node, ensure_ascii=False))
        first = False
    output.write("\n]\n}\n")
    return count


def _iri(term: Any) -> str:
    if not isinstance(term, pyoxigraph.NamedNode):
        raise ValueError(f"only IRIs can be subjects in fundgraph's data, not {term}")
    return term.value


def _value(term: Any, compact: _Compactor) -> Any:
    if isinstance(term, pyoxigraph.NamedNode):
        return {"@id": compact(term.value)}
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": compact(datatype)}
    raise ValueError(f"fundgraph's data has no blank nodes or quoted triples, found {term}")
