"""The one table of serialisation formats fundgraph writes, serves and describes.

Each row ties together a short name (``?format=`` value and CLI choice), the IANA media type,
the file extension of the dump, the rdflib and pyoxigraph format names, and the EU Publications
Office file-type IRI used as ``dct:format`` in the DCAT catalogue
(http://publications.europa.eu/resource/authority/file-type/). Dumps, content negotiation and the
catalogue all read this table; nothing else names a format.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph

FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class Format:
    """One serialisation format.

    ``name``: short name ("ttl"); ``media_type``: IANA media type without parameters;
    ``extension``: file extension without dot; ``rdflib``: rdflib plugin name or None;
    ``oxigraph``: pyoxigraph.RdfFormat or None; ``file_type``: EU file-type code ("RDF_TURTLE");
    ``quads``: whether the format carries named graphs; ``label``: a human name; ``textual``: whether it
    is text (UTF-8, served with ``charset=utf-8``).
    """

    name: str
    media_type: str
    extension: str
    rdflib: str | None
    oxigraph: pyoxigraph.RdfFormat | None
    file_type: str
    quads: bool
    label: str
    textual: bool = True

    @property
    def file_type_iri(self) -> str:
        """EU Publications Office file-type IRI, for ``dct:format``."""
        return FILE_TYPE + self.file_type

    @property
    def media_type_iri(self) -> str:
        """IANA media-type IRI, for ``dcat:mediaType``."""
        return IANA_MEDIA_TYPE + self.media_type

    @property
    def is_rdf(self) -> bool:
        return self.oxigraph is not None


TURTLE = Format("ttl", "text/turtle", "ttl", "turtle", pyoxigraph.RdfFormat.TURTLE, "RDF_TURTLE", False, "Turtle")
NTRIPLES = Format("nt", "application/n-triples", "nt", "nt", pyoxigraph.RdfFormat.N_TRIPLES, "RDF_N_TRIPLES", False,
                  "N-Triples")
NQUADS = Format("nq", "application/n-quads", "nq", "nquads", pyoxigraph.RdfFormat.N_QUADS, "RDF_N_QUADS", True,
                "N-Quads")
TRIG = Format("trig", "application/trig", "trig", "trig", pyoxigraph.RdfFormat.TRIG, "RDF_TRIG", True, "TriG")
JSONLD = Format("jsonld", "application/ld+json", "jsonld", "json-ld", pyoxigraph.RdfFormat.JSON_LD, "JSON_LD", False,
                "JSON-LD")
RDFXML = Format("rdf", "application/rdf+xml", "rdf", "xml", pyoxigraph.RdfFormat.RDF_XML, "RDF_XML", False, "RDF/XML")
CSV = Format("csv", "text/csv", "csv", None, None, "CSV", False, "CSV")
HTML = Format("html", "text/html", "html", None, None, "HTML", False, "HTML")

FORMATS: tuple[Format, ...] = (TURTLE, NTRIPLES, NQUADS, TRIG, JSONLD, RDFXML, CSV, HTML)
RDF_FORMATS: tuple[Format, ...] = tuple(f for f in FORMATS if f.is_rdf)
BY_NAME = {f.name: f for f in FORMATS}
BY_MEDIA_TYPE = {f.media_type: f for f in FORMATS}
BY_EXTENSION = {f.extension: f for f in FORMATS}


def by_name(name: str) -> Format:
    """Return the format with short name ``name``; raises KeyError listing the valid names."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown format {name!r}; valid: {', '.join(BY_NAME)}") from None


MEDIA_TYPE_ALIASES: dict[str, str] = {
    "application/x-turtle": TURTLE.media_type,
    "application/json": JSONLD.media_type,
    "application/xhtml+xml": HTML.media_type,
    "application/xml": RDFXML.media_type,
    "text/xml": RDFXML.media_type,
}
"""Media types clients send that mean one of ours (content negotiation reads them as the value)."""


def is_textual(media_type: str) -> bool:
    """Whether a file of ``media_type`` is UTF-8 text: a format of the table that is ``textual``, any
    ``text/*``, JSON, or a ``+json``/``+xml`` structured-syntax type (RFC 6839: JSON and XML text)."""
    fmt = BY_MEDIA_TYPE.get(media_type)
    if fmt is not None:
        return fmt.textual
    return (media_type.startswith("text/") or media_type == "application/json"
            or media_type.endswith(("+json", "+xml")))
