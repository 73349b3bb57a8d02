"""The SPARQL 1.1 Service Description of the endpoint (https://www.w3.org/TR/sparql11-service-description/).

Served by GET on the endpoint without a query. ``sd:endpoint`` is the URL the request reached, so
the description is right on whatever host serves it. The service, its dataset and default graph are
named by fragment IRIs of that URL (no blank nodes); the dataset points to its VoID description
(``rdfs:seeAlso``) at ``/.well-known/void``.
"""

from __future__ import annotations

from urllib.parse import urljoin

from pyoxigraph import Literal, NamedNode, Triple

from ...formats import JSONLD, NTRIPLES, RDFXML, TURTLE, Format
from ...mapping.vocab import RDF, SD
from .. import rdf
from .results import ALL_FORMATS

FORMATS: tuple[Format, ...] = (TURTLE, JSONLD, NTRIPLES, RDFXML)
_TYPE = NamedNode(RDF + "type")
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
VOID_PATH = "/.well-known/void"  # at the host's root (downloads.well_known)


def triples(endpoint_url: str) -> list[Triple]:
    """The service description of the endpoint at ``endpoint_url``."""
    service = NamedNode(endpoint_url + "#service")
    dataset = NamedNode(endpoint_url + "#dataset")
    default_graph = NamedNode(endpoint_url + "#default-graph")

    def sd(name: str) -> NamedNode:
        return NamedNode(SD + name)

    out = [
        Triple(service, _TYPE, sd("Service")),
        Triple(service, sd("endpoint"), NamedNode(endpoint_url)),
        Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        Triple(service, sd("defaultDataset"), dataset),
        Triple(dataset, _TYPE, sd("Dataset")),
        Triple(dataset, sd("defaultGraph"), default_graph),
        Triple(default_graph, _TYPE, sd("Graph")),
        Triple(service, NamedNode("http://purl.org/dc/terms/description"),
               Literal("Read-only SPARQL 1.1 query endpoint; the default graph is the union of all named graphs.",
                       language="en")),
    ]
    # The dataset's VoID description (statistics, dumps, vocabularies) links back with void:sparqlEndpoint.
    out.append(Triple(dataset, NamedNode(RDFS + "seeAlso"), NamedNode(urljoin(endpoint_url, VOID_PATH))))
    out += [Triple(service, sd("resultFormat"), NamedNode(f.format_iri)) for f in ALL_FORMATS]
    return out


def serialize(endpoint_url: str, fmt: Format) -> bytes:
    """The service description in RDF format ``fmt``."""
    return rdf.serialize(triples(endpoint_url), fmt)
