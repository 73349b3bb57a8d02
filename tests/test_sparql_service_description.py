"""The W3C SPARQL 1.1 Service Description tests (tests/data/sparql11/service-description/manifest.ttl, copied from
w3c/rdf-tests, see tests/data/sparql11/SOURCE.md), against the live endpoint: GET on the endpoint returns RDF
(returns-rdf), with an sd:endpoint triple naming the endpoint's URL (has-endpoint-triple), using the SD vocabulary
as its schema defines it (conforms-to-schema). All three run; none is skipped."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
import rdflib
import requests
from rdflib import RDF, Namespace

from fundgraph.config import Settings
from fundgraph.serve import create_app
from servers import live_server

pytestmark = pytest.mark.server

MANIFEST = Path(__file__).parent / "data" / "sparql11" / "service-description" / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
RDF_FORMATS = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/n-triples": "nt",
               "application/ld+json": "json-ld"}
# The terms of the SD vocabulary (https://www.w3.org/TR/sparql11-service-description/#vocab), with the class
# each property's subject must have.
SD_CLASSES = {"Service", "Feature", "Language", "Function", "Aggregate", "EntailmentRegime", "EntailmentProfile",
              "GraphCollection", "Dataset", "Graph", "NamedGraph"}
SD_PROPERTY_DOMAIN = {"endpoint": "Service", "feature": "Service", "defaultEntailmentRegime": "Service",
                      "supportedEntailmentProfile": "Service", "extensionFunction": "Service",
                      "extensionAggregate": "Service", "languageExtension": "Service",
                      "supportedLanguage": "Service", "propertyFeature": "Service", "defaultDataset": "Service",
                      "availableGraphs": "Service", "resultFormat": "Service", "inputFormat": "Service",
                      "defaultGraph": "Dataset", "namedGraph": "GraphCollection", "name": "NamedGraph",
                      "graph": "NamedGraph", "entailmentRegime": None, "defaultEntailmentRegime": "Service"}
SD_LANGUAGES = {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
SD_FEATURES = {SD.DereferencesURIs, SD.UnionDefaultGraph, SD.RequiresDataset, SD.EmptyGraphs, SD.BasicFederatedQuery}


@pytest.fixture(scope="module")
def endpoint():
    store = pyoxigraph.Store()
    with live_server(create_app(Settings(), store=store)) as root:
        yield root + "/sparql"


def _manifest_tests() -> list[str]:
    graph = rdflib.Graph().parse(MANIFEST, format="turtle")
    return sorted(str(t).rsplit("#", 1)[1] for t in graph.subjects(RDF.type, MF.ServiceDescriptionTest))


def test_manifest_lists_the_three_tests():
    assert _manifest_tests() == ["conforms-to-schema", "has-endpoint-triple", "returns-rdf"]


def _description(endpoint: str, accept: str) -> rdflib.Graph:
    response = requests.get(endpoint, headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200
    media_type = response.headers["Content-Type"].split(";")[0]
    assert media_type in RDF_FORMATS
    return rdflib.Graph().parse(data=response.content, format=RDF_FORMATS[media_type])


@pytest.mark.parametrize("accept", [*RDF_FORMATS, "text/turtle;q=0.9, application/rdf+xml;q=0.8"])
def test_returns_rdf(endpoint, accept):
    assert len(_description(endpoint, accept)) > 0


def test_has_endpoint_triple(endpoint):
    graph = _description(endpoint, "text/turtle")
    services = set(graph.subjects(SD.endpoint, rdflib.URIRef(endpoint)))
    assert services and all((s, RDF.type, SD.Service) in graph for s in services)


def test_conforms_to_schema(endpoint):
    graph = _description(endpoint, "application/rdf+xml")
    for s, p, o in graph:
        if p == RDF.type and str(o).startswith(str(SD)):
            assert str(o)[len(SD):] in SD_CLASSES
        if str(p).startswith(str(SD)):
            name = str(p)[len(SD):]
            assert name in SD_PROPERTY_DOMAIN, name
            if SD_PROPERTY_DOMAIN[name]:
                assert (s, RDF.type, SD[SD_PROPERTY_DOMAIN[name]]) in graph, (s, p)
    service = graph.value(predicate=SD.endpoint, object=rdflib.URIRef(endpoint))
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert set(graph.objects(service, SD.feature)) <= SD_FEATURES
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in set(graph.objects(service,
                                                                                                  SD.resultFormat))


def test_browser_gets_the_query_page(endpoint):
    response = requests.get(endpoint, headers={"User-Agent": "Mozilla/5.0", "Accept": "text/html,*/*;q=0.8"},
                            timeout=30)
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<form method="get" action="' + endpoint + '"' in response.text
    assert 'name="query"' in response.text
