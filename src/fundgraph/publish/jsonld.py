"""A streaming writer of compacted JSON-LD with a local ``@context``.

pyoxigraph's JSON-LD writer streams but writes expanded JSON-LD (full IRIs, no context); compacting
with a JSON-LD processor needs the whole graph in memory. Here triples sorted by subject are written as
one node object per subject under ``@graph``, keys and IRIs compacted with the prefixes of the inline
``@context`` — readable, and needing no network to expand (JSON-LD 1.1, §4.1 compact IRIs).
Literal lexical forms are kept exactly (no native JSON numbers), so the dump round-trips to the same RDF.

The writer reads N-Triples lines as Oxigraph writes them (``write_nodes``), not term objects: a
dataset dump is millions of lines, and slicing a line costs a fraction of building its three terms. The
escapes Oxigraph writes inside a literal (``\\"``, ``\\\\``, ``\\b \\t \\n \\f \\r``, ``\\uXXXX`` for the
other control characters; RDF 1.1 N-Triples §2.4 allows no others from it) are JSON escapes too, so a
lexical form is copied as it stands; only one holding ``\\u`` is re-escaped, as ``json.dumps`` writes it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import IO, Any

import pyoxigraph

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_CACHED = 1 << 16
"""Compacted IRIs remembered at once: predicates, classes and concepts recur on every node; the cache is
emptied when full, so a million distinct subjects do not pile up."""


class _Compactor:
    def __init__(self, prefixes: dict[str, str]):
        # Longest namespace first, so the most specific prefix wins.
        self._prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.cache: dict[str, str] = {}  # IRI → its compacted form, read directly by the writer's loop
        self.count = 0  # lines written

    def __call__(self, iri: str) -> str:
        compacted = self.cache.get(iri)
        if compacted is None:
            if len(self.cache) >= _CACHED:
                self.cache.clear()
            compacted = self.cache[iri] = self._compact(iri)
        return compacted

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
    Raises ValueError on a blank node or quoted triple (fundgraph's data has none). For a small graph in
    memory (a resource's description); a dump is written from its N-Triples by ``write_nodes``.
    """
    text = pyoxigraph.serialize(list(triples), format=pyoxigraph.RdfFormat.N_TRIPLES).decode("utf-8")
    output.write(header(prefixes))
    count = write_nodes(text.split("\n")[:-1], output, prefixes, lead="\n")
    output.write(FOOTER)
    return count


FOOTER = "\n]\n}\n"
"""What ends a document of ``header``: the @graph array closed (after the last node, or right after "[")."""


def header(prefixes: dict[str, str]) -> str:
    """The start of the JSON-LD document: the @context of ``prefixes`` and the opening of @graph. Node
    objects follow, the first after "\n", each further one after ",\n"; then ``FOOTER``."""
    context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False, sort_keys=True)
    return '{\n"@context": ' + context + ',\n"@graph": ['


def write_nodes(lines: Iterable[str], output: IO[str], prefixes: dict[str, str], census: Any = None, *,
                lead: str = "") -> int:
    """Write the node objects of the N-Triples ``lines`` (str without their line break, as Oxigraph writes
    them, grouped by subject) to ``output``, separated by ",\n", the first after ``lead``; return the number
    of lines (triples) read. A node is written as ``json.dumps`` would write the node dict of the same
    triples (the same bytes as before this writer read lines).

    ``census``: a ``void.Census`` whose counts (properties, classes, subjects, typed subjects) are added to,
    each line taken as one distinct triple. Raises ValueError on a blank node or quoted triple, or a line
    that is not N-Triples as Oxigraph writes it.
    """
    compact = _Compactor(prefixes)
    separator = lead
    for node in _nodes(lines, compact, census):
        output.write(separator + node)
        separator = ",\n"
    return compact.count


def _nodes(lines: Iterable[str], compact: _Compactor, census: Any) -> Iterator[str]:
    """The JSON text of each node object of ``lines`` (see ``write_nodes``); counts the lines into
    ``compact.count`` and ``census``."""
    properties: Counter[str] = Counter()
    classes: Counter[str] = Counter()
    subjects = entities = count = 0
    subject = None
    node: dict[str, list[str]] = {}
    typed = False
    cache = compact.cache
    # The loop runs once per triple of the dataset: terms are sliced out of the line and compacted through
    # the cache inline (a method call per term would cost a third of the time).
    for line in lines:
        end = line.find("> <")
        if end < 0 or line[0] != "<" or line[1] == "<":
            raise ValueError(f"only IRIs can be subjects in fundgraph's data, not {line.strip()}")
        if line[1:end] != subject:
            if subject is not None:
                yield _node(cache.get(subject) or compact(subject), node)
            subject, node, typed = line[1:end], {}, False
            subjects += 1
        predicate_end = line.index("> ", end + 3)
        predicate = line[end + 3:predicate_end]
        term = line[predicate_end + 2:-2]  # without " ."
        count += 1
        properties[predicate] += 1
        first = term[0]
        if predicate == _RDF_TYPE:
            if not typed:
                typed = True
                entities += 1
            if first == "<" and term[1] != "<":
                iri = term[1:-1]
                classes[iri] += 1
                node.setdefault("@type", []).append('"' + (cache.get(iri) or compact(iri)) + '"')
                continue
        key = cache.get(predicate) or compact(predicate)
        if first == "<" and term[1] != "<":
            iri = term[1:-1]
            value = '{"@id": "' + (cache.get(iri) or compact(iri)) + '"}'
        elif first == '"' and term[-1] == '"' and "\\u" not in term:
            value = term  # a plain literal: its N-Triples form is its JSON string
        else:
            value = _literal(term, compact, line)
        values = node.get(key)
        if values is None:
            node[key] = [value]
        else:
            values.append(value)
    if subject is not None:
        yield _node(cache.get(subject) or compact(subject), node)
    compact.count += count
    if census is not None:
        census.properties.update(properties)
        census.classes.update(classes)
        census.subjects += subjects
        census.entities += entities


def _node(subject: str, node: dict[str, list[str]]) -> str:
    """The JSON text of one node object, as ``json.dumps`` writes it (", " and ": ", one value unwrapped)."""
    parts = ['{"@id": "', subject, '"']
    for key, values in node.items():
        parts.append(', "' + key + '": ' + (values[0] if len(values) == 1 else "[" + ", ".join(values) + "]"))
    parts.append("}")
    return "".join(parts)


def _literal(term: str, compact: _Compactor, line: str) -> str:
    """The JSON text of the literal ``term`` (in N-Triples) of ``line``."""
    if not term.startswith('"'):
        raise ValueError(f"fundgraph's data has no blank nodes or quoted triples, found {line.strip()}")
    close = term.rindex('"')
    lexical, tail = term[1:close], term[close + 1:]
    if "\\u" in lexical or "\\U" in lexical:
        # json.dumps writes \u001b where Oxigraph writes \u001B, and DEL unescaped: re-escape as it does.
        value = next(iter(pyoxigraph.parse(line, format=pyoxigraph.RdfFormat.N_TRIPLES))).object.value
        lexical = json.dumps(value, ensure_ascii=False)[1:-1]
    if not tail:
        return '"' + lexical + '"'
    if tail.startswith("@"):
        return '{"@value": "' + lexical + '", "@language": "' + tail[1:] + '"}'
    datatype = tail[3:-1]  # ^^<datatype>
    if datatype == _XSD_STRING:
        return '"' + lexical + '"'
    return '{"@value": "' + lexical + '", "@type": "' + compact(datatype) + '"}'
