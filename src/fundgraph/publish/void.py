"""The VoID description of the dataset (void.ttl): size, classes and properties with counts, vocabularies,
SPARQL endpoint, dumps and URI space (W3C Interest Group Note "Describing Linked Datasets with the VoID
Vocabulary"). Counts of triples, subjects, classes and properties are taken by a ``Census`` of the
distinct triples as the dumps are written (a SPARQL GROUP BY over every triple of an on-disk store costs
seconds per 100 000 projects); distinct objects by a SPARQL aggregate over the union of all graphs.
Partitions get IRIs minted from the class or property (``{base}dataset/partition/class/fg%3AProject``),
so there are no blank nodes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

import pyoxigraph
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from ..config import Settings
from ..mapping import iris
from ..mapping.vocab import PREFIXES

VOID = Namespace("http://rdfs.org/ns/void#")

_OBJECTS = """SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"""


class Census:
    """Counts of the distinct triples of the union graph, taken on the way by the JSON-LD writer
    (``jsonld.write_nodes``, which reads each triple of the sorted N-Triples once, a subject's together):
    triples per property, subjects per class (of IRI classes), distinct subjects, and subjects with a type.
    Memory grows with the number of classes and properties only.
    """

    def __init__(self) -> None:
        self.properties: Counter[str] = Counter()
        self.classes: Counter[str] = Counter()
        self.subjects = 0
        self.entities = 0

    def add(self, other: "Census") -> None:
        """Add the counts of ``other`` (a census of other subjects' triples) to these."""
        self.properties.update(other.properties)
        self.classes.update(other.classes)
        self.subjects += other.subjects
        self.entities += other.entities


def _curie(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _partition(base: str, kind: str, iri: str) -> URIRef:
    return URIRef(iris.dataset_partition(base, kind, _curie(iri)))


def build_void(store: pyoxigraph.Store, settings: Settings, *, triples: int, census: Census,
               dumps: Iterable[str], modified: datetime | None = None) -> Graph:
    """Return the VoID description of the data in ``store``.

    ``triples``: distinct triples of the union graph (as counted when writing dataset.nt); ``census``:
    the counts of those triples (a ``Census`` that watched them); ``dumps``: file names given as
    void:dataDump; ``modified``: publication time, or None to leave it out.
    """
    base = settings.base_iri
    g = Graph(bind_namespaces="core")
    g.bind("void", VOID)
    g.bind("dct", DCTERMS)
    g.bind("xsd", XSD)
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace, override=False)
    dataset = URIRef(iris.dataset(base))
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, DCTERMS.title, Literal(settings.publisher.dataset_title_sv, lang="sv")))
    g.add((dataset, DCTERMS.title, Literal(settings.publisher.dataset_title_en, lang="en")))
    g.add((dataset, DCTERMS.license, URIRef(settings.publisher.licence)))
    if modified is not None:
        g.add((dataset, DCTERMS.modified, Literal(modified.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
    g.add((dataset, VOID.sparqlEndpoint, URIRef(iris.sparql_endpoint(base))))
    g.add((dataset, VOID.uriSpace, Literal(base)))
    g.add((dataset, VOID.triples, Literal(triples, datatype=XSD.integer)))
    for name in dumps:
        g.add((dataset, VOID.dataDump, URIRef(iris.download(base, name))))

    def count(query: str) -> int:
        (row,) = list(store.query(query, use_default_graph_as_union=True))
        return int(row["n"].value)

    g.add((dataset, VOID.distinctSubjects, Literal(census.subjects, datatype=XSD.integer)))
    g.add((dataset, VOID.distinctObjects, Literal(count(_OBJECTS), datatype=XSD.integer)))
    vocabularies: set[str] = set()
    for cls, n in sorted(census.classes.items()):
        part = _partition(base, "class", cls)
        g.add((dataset, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
        vocabularies.add(_namespace(cls))
    for prop, n in sorted(census.properties.items()):
        part = _partition(base, "property", prop)
        g.add((dataset, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))
        vocabularies.add(_namespace(prop))
    g.add((dataset, VOID.classes, Literal(len(census.classes), datatype=XSD.integer)))
    g.add((dataset, VOID.properties, Literal(len(census.properties), datatype=XSD.integer)))
    g.add((dataset, VOID.entities, Literal(census.entities, datatype=XSD.integer)))
    for vocabulary in sorted(v for v in vocabularies if v):
        g.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    return g


def _namespace(iri: str) -> str:
    """The vocabulary an IRI belongs to: a known namespace from PREFIXES, else up to its last '#' or '/'."""
    for namespace in sorted(PREFIXES.values(), key=len, reverse=True):
        if iri.startswith(namespace):
            return namespace
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[:cut + 1] if cut > 0 else ""
