"""SPARQL result formats: which media types each query form may answer in, and the writers.

SELECT and ASK answer in the SPARQL 1.1 result formats (JSON, XML; SELECT also CSV and TSV:
https://www.w3.org/TR/sparql11-results-json/, …-XMLres/, …-results-csv-tsv/); CONSTRUCT and
DESCRIBE answer in the RDF formats of ``fundgraph.formats``. Solutions are written piece by piece as the
caller's iterator yields them (it enforces the limits: ``limits``), so a result streams out.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from ...formats import JSONLD, MEDIA_TYPE_ALIASES, NTRIPLES, RDFXML, TURTLE
from .. import rdf

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


@dataclass(frozen=True)
class ResultFormat:
    """A result serialisation: short ``name`` (``format=`` value), ``media_type``, W3C format IRI
    (http://www.w3.org/ns/formats/, for the service description), and other ``format=`` values
    clients send for it (SPARQLWrapper sends ``format=turtle``, ``json-ld``, ``xml``, ...)."""

    name: str
    media_type: str
    format_iri: str
    aliases: tuple[str, ...] = ()

    def named(self, value: str) -> bool:
        return value == self.name or value in self.aliases


_W3C = "http://www.w3.org/ns/formats/"
JSON = ResultFormat("json", "application/sparql-results+json", _W3C + "SPARQL_Results_JSON")
XML = ResultFormat("xml", "application/sparql-results+xml", _W3C + "SPARQL_Results_XML")
CSV = ResultFormat("csv", "text/csv", _W3C + "SPARQL_Results_CSV")
TSV = ResultFormat("tsv", "text/tab-separated-values", _W3C + "SPARQL_Results_TSV")
GRAPH_TURTLE = ResultFormat(TURTLE.name, TURTLE.media_type, _W3C + "Turtle", ("turtle", "n3"))
GRAPH_JSONLD = ResultFormat(JSONLD.name, JSONLD.media_type, _W3C + "JSON-LD", ("json-ld", "json"))
GRAPH_NTRIPLES = ResultFormat(NTRIPLES.name, NTRIPLES.media_type, _W3C + "N-Triples", ("ntriples", "n-triples"))
GRAPH_RDFXML = ResultFormat(RDFXML.name, RDFXML.media_type, _W3C + "RDF_XML", ("xml", "rdfxml", "rdf+xml"))

SELECT_FORMATS = (JSON, XML, CSV, TSV)
ASK_FORMATS = (JSON, XML)
GRAPH_FORMATS = (GRAPH_TURTLE, GRAPH_JSONLD, GRAPH_NTRIPLES, GRAPH_RDFXML)
ALL_FORMATS = (*SELECT_FORMATS, *GRAPH_FORMATS)
_RDF_FORMAT = dict(zip(GRAPH_FORMATS, (TURTLE, JSONLD, NTRIPLES, RDFXML), strict=True))

TABULAR_ALIASES = {"application/json": JSON.media_type, "application/xml": XML.media_type,
                   "text/xml": XML.media_type}
GRAPH_ALIASES = MEDIA_TYPE_ALIASES
"""For CONSTRUCT/DESCRIBE results the RDF formats' aliases of the format table (``application/json`` is JSON-LD)."""

CHARSET = "utf-8"


def known_format(value: str) -> bool:
    """Whether ``format=value`` names a result format (of any query form). A value with a "/" is a
    media type, which some clients (SPARQLWrapper for TSV, JSON-LD, RDF/XML) send beside the name."""
    return "/" in value or any(fmt.named(value) for fmt in ALL_FORMATS)


def format_names() -> list[str]:
    """Every ``format=`` name, for error messages."""
    return list(dict.fromkeys(name for fmt in ALL_FORMATS for name in (fmt.name, *fmt.aliases)))


def content_type(fmt: ResultFormat) -> str:
    """The Content-Type header value for ``fmt`` (all our formats are UTF-8 text)."""
    return f"{fmt.media_type}; charset={CHARSET}"


def write_boolean(value: bool, fmt: ResultFormat) -> bytes:
    """Serialise an ASK result as SPARQL JSON or XML."""
    if fmt is JSON:
        return json.dumps({"head": {}, "boolean": value}).encode()
    return (f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS_NS}"><head/>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()


def write_solutions(variables: Sequence[str], rows: Iterable[Sequence[object]], fmt: ResultFormat) -> bytes:
    """Serialise SELECT solutions; ``rows`` hold one term (or None when unbound) per variable."""
    return b"".join(solution_chunks(variables, rows, fmt))


def solution_chunks(variables: Sequence[str], rows: Iterable[Sequence[object]], fmt: ResultFormat) -> Iterator[bytes]:
    """SELECT solutions serialised piece by piece (the head, then a piece per row, then the tail), reading
    ``rows`` lazily: a result streams out without being held."""
    if fmt is JSON:
        yield ('{"head":{"vars":[' + ",".join(map(_json_string, variables)) + ']},"results":{"bindings":[').encode()
        separator = ""
        keys = [_json_string(v) + ":" for v in variables]
        for row in rows:
            binding = ",".join([key + _json_term_text(t) for key, t in zip(keys, row) if t is not None])
            yield (separator + "{" + binding + "}").encode()
            separator = ","
        yield b"]}}"
    elif fmt is XML:
        yield "".join([f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS_NS}"><head>',
                       *(f"<variable name={quoteattr(v)}/>" for v in variables), "</head><results>"]).encode()
        for row in rows:
            yield "".join(["<result>", *(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                         for v, t in zip(variables, row) if t is not None), "</result>"]).encode()
        yield b"</results></sparql>\n"
    elif fmt is CSV:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_value(t) for t in row])
            yield out.getvalue().encode()
            out.seek(0)
            out.truncate()
        yield out.getvalue().encode()
    else:
        yield ("\t".join(f"?{v}" for v in variables) + "\n").encode()
        for row in rows:
            yield ("\t".join(_tsv_value(t) for t in row) + "\n").encode()


def write_triples(triples: Sequence[Triple], fmt: ResultFormat) -> bytes:
    """Serialise CONSTRUCT/DESCRIBE triples (``serve.rdf``: only the prefixes used, compacted JSON-LD)."""
    return rdf.serialize(triples, _RDF_FORMAT[fmt])


_json_string = json.encoder.encode_basestring
"""A str as a JSON string, as ``json.dumps(…, ensure_ascii=False)`` and Oxigraph's writer write it (C)."""


def _json_term_text(term) -> str:
    """The W3C SPARQL 1.1 Query Results JSON form of ``term`` (with RDF 1.2's ``its:dir`` and triple terms), written
    as Oxigraph's writer writes it: compact, keys in its order. The same bytes as the engine's writer (which
    ``execution`` uses where it can), so that a result is the same document whichever writes it, and whichever
    backend answers (tests/test_serve_sparql_results.py). Written without building a dict per term: a result has
    a term per row and variable, and the dict and an encoder's pass over it cost three times the text."""
    if isinstance(term, NamedNode):
        return '{"type":"uri","value":' + _json_string(term.value) + "}"
    if isinstance(term, Literal):
        value = _json_string(term.value)
        if term.language:
            direction = term.direction
            return ('{"type":"literal","value":' + value + ',"xml:lang":' + _json_string(term.language)
                    + (',"its:dir":"' + str(direction) + '"' if direction else "") + "}")
        datatype = term.datatype.value
        if datatype != XSD_STRING:
            return '{"type":"literal","value":' + value + ',"datatype":' + _json_string(datatype) + "}"
        return '{"type":"literal","value":' + value + "}"
    if isinstance(term, BlankNode):
        return '{"type":"bnode","value":' + _json_string(term.value) + "}"
    return ('{"type":"triple","value":{"subject":' + _json_term_text(term.subject) + ',"predicate":'
            + _json_term_text(term.predicate) + ',"object":' + _json_term_text(term.object) + "}}")


_XML_TEXT = {"\r": "&#13;"}
"""Beyond & < >: a carriage return, which an XML parser would read as a line feed (XML 1.0 §2.11)."""


def _xml_term(term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Literal):
        text = escape(term.value, _XML_TEXT)
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{text}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{text}</literal>"
        return f"<literal>{text}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>")


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (NamedNode, Literal)):
        return term.value
    return str(term)


_TSV_ESCAPES = str.maketrans({"\t": "\\t", **{c: f"\\u{ord(c):04X}" for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}})
"""A tab, and what ``str.splitlines`` (so rdflib's TSV reader) takes for a line break, as Turtle escapes."""


def _tsv_value(term) -> str:
    # pyoxigraph's str() is the N-Triples form the TSV format asks for (line feeds escaped); a tab inside
    # a literal must still be escaped so it cannot split the row, and so must any other line separator.
    return "" if term is None else str(term).translate(_TSV_ESCAPES)
