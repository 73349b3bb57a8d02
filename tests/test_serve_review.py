"""Findings of a review of the served product, each over real HTTP on a loopback server: downloads from a
relative folder, the catalogue's and the named graphs' IRIs dereferencing, ``format=`` checking, XML
media types, pages in English, the reading view of concepts, and query results as a page for browsers."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
import rdflib
import requests

from fundgraph.config import Settings
from fundgraph.serve import create_app
from servers import live_server

pytestmark = pytest.mark.server

BASE = Settings().base_iri
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0",
           "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")


@pytest.fixture(scope="module")
def server(published):
    app = create_app(Settings(), publication_dir=published.out_dir)
    with live_server(app) as root:
        yield root


def _get(url, **headers):
    return requests.get(url, headers=headers, timeout=30)


def _path(iri: str) -> str:
    return "/" + iri[len(BASE):]


def test_downloads_from_a_relative_folder(published, monkeypatch):
    monkeypatch.chdir(published.out_dir.parent)
    app = create_app(Settings(), publication_dir=Path(published.out_dir.name))
    with live_server(app, threads=2) as root:
        metadata = json.loads((published.out_dir / "publication.json").read_text(encoding="utf-8"))
        for name, info in metadata["files"].items():
            response = _get(f"{root}/download/{name}")
            assert response.status_code == 200, name
            assert len(response.content) == info["bytes"]


def _catalogue_subjects(published) -> list[str]:
    graph = rdflib.Graph().parse(published.out_dir / "catalog.ttl")
    graph.parse(published.out_dir / "void.ttl")
    return sorted({str(s) for s in graph.subjects() if str(s).startswith(BASE)})


def test_every_catalogue_iri_dereferences(server, published):
    subjects = _catalogue_subjects(published)
    for expected in ("catalog", "dataset", "dataset/temporal", "service/sparql", "contact",
                     "dataset/distribution/dataset.ttl"):
        assert BASE + expected in subjects
    for subject in subjects:
        path = _path(subject)
        if path == "/" or path.startswith("/download/"):  # the landing page and a published file, not descriptions
            assert _get(server + path).status_code == 200, path
            continue
        turtle = _get(server + path, Accept="text/turtle")
        assert turtle.status_code == 200, path
        assert turtle.headers["Content-Type"] == "text/turtle; charset=utf-8"
        graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
        assert (rdflib.URIRef(subject), None, None) in graph, path
        page = _get(server + path, **BROWSER)
        assert page.status_code == 200 and page.headers["Content-Type"] == "text/html; charset=utf-8", path
    dataset = rdflib.Graph().parse(data=_get(server + "/dataset", Accept="text/turtle").text, format="turtle")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    assert (rdflib.URIRef(BASE + "dataset"), rdflib.RDF.type, dcat.Dataset) in dataset
    published_catalog = rdflib.Graph().parse(published.out_dir / "catalog.ttl")
    distributions = set(published_catalog.objects(rdflib.URIRef(BASE + "dataset"), dcat.distribution))
    assert set(dataset.objects(rdflib.URIRef(BASE + "dataset"), dcat.distribution)) == distributions
    assert len(distributions) >= 9


def test_document_graph_dereferences_to_its_provenance(server, published):
    metadata = json.loads((published.out_dir / "publication.json").read_text(encoding="utf-8"))
    sha = metadata["documents"][0]["sha256"]
    turtle = _get(f"{server}/graph/{sha}", Accept="text/turtle")
    assert turtle.status_code == 200
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    document = rdflib.URIRef(f"{BASE}document/{sha}")
    derived = set(graph.subjects(PROV.wasDerivedFrom, document))
    assert len(derived) == 17 == metadata["documents"][0]["projects"]
    assert rdflib.URIRef(BASE + "project/20372556") in derived
    page = _get(f"{server}/graph/{sha}", **BROWSER)
    assert page.status_code == 200
    assert 'href="/project/20372556"' in page.text and f'href="/document/{sha}"' in page.text
    assert _get(f"{server}/graph/{'0' * 64}", Accept="text/turtle").status_code == 404


def test_unknown_query_format_is_400(server):
    response = _get(f"{server}/sparql?query=ASK%20%7B%7D&format=bogus")
    assert response.status_code == 400
    assert "'bogus'" in response.text and "json" in response.text and "ttl" in response.text


def test_application_xml_gets_rdf_xml(server):
    resource = _get(server + "/project/20372556", Accept="application/xml")
    assert resource.headers["Content-Type"] == "application/rdf+xml; charset=utf-8"
    graph = rdflib.Graph().parse(data=resource.content, format="xml")
    assert (rdflib.URIRef(BASE + "project/20372556"), None, None) in graph
    construct = requests.get(server + "/sparql", params={"query": "CONSTRUCT WHERE { ?s a ?c } LIMIT 3"},
                             headers={"Accept": "application/xml"}, timeout=30)
    assert construct.headers["Content-Type"] == "application/rdf+xml; charset=utf-8"
    assert len(rdflib.Graph().parse(data=construct.content, format="xml")) == 3
    select = requests.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"},
                          headers={"Accept": "application/xml"}, timeout=30)
    assert select.headers["Content-Type"] == "application/sparql-results+xml; charset=utf-8"


ERDF_EN = "European Regional Development Fund (ERDF) (2021/2027)"
ERDF_SV = "Europeiska regionala utvecklingsfonden (Eruf) (2021/2027)"


def test_english_pages_use_english_labels(server):
    landing = _get(server + "/?lang=en", **BROWSER).text
    assert ERDF_EN in landing and ERDF_SV not in landing
    assert ERDF_SV in _get(server + "/?lang=sv", **BROWSER).text
    browse = _get(server + "/projects?lang=en&fund=ERDF_2021", **BROWSER).text
    assert f"{ERDF_EN} (" in browse and ERDF_SV not in browse
    project = _get(server + "/project/20372556?lang=en", **BROWSER).text
    reading = project.split('<details class="all-facts"')[0]
    assert ERDF_EN in reading and ERDF_SV not in reading
    fund = _get(server + "/fund/ERDF_2021?lang=en", **BROWSER).text
    assert f"<h1>{ERDF_EN}</h1>" in fund


def test_error_pages_follow_the_page_language(server):
    swedish = _get(server + "/project/00000000", **BROWSER)
    assert swedish.status_code == 404
    assert '<html lang="sv">' in swedish.text and "<h1>Sidan finns inte</h1>" in swedish.text
    english = _get(server + "/project/00000000?lang=en", **BROWSER)
    assert '<html lang="en">' in english.text and "<h1>Not found</h1>" in english.text
    assert "Traceback" not in english.text


def _reading_part(html: str) -> str:
    return html.split('<details class="all-facts"')[0].split('<h2 id="facts-heading"')[0]


def test_municipality_reading_view_shows_its_facts(server):
    html = _get(server + "/municipality/2482", **BROWSER).text
    assert "skos:Concept" not in html
    top = _reading_part(html)
    assert re.search(r"·\s*<a href=\"[^\"]*Municipality\">kommun</a>", top)
    assert "kommunkod" in top and ">2482<" in top
    assert '<a href="/county/24">Västerbottens län</a>' in top
    assert '<a href="http://www.wikidata.org/entity/Q430780">Wikidata Q430780</a>' in top
    assert re.search(r'<a href="http://data.europa.eu/nuts/code/SE331">[^<]*NUTS SE331\)?</a>', top)
    english = _reading_part(_get(server + "/municipality/2482?lang=en", **BROWSER).text)
    assert "municipality code (kommunkod)" in english and ">municipality</a>" in english


@pytest.mark.parametrize("path, facts", [
    ("/county/24", ["länskod", ">24<", "SE-AC", "NUTS SE331", "Wikidata Q104877"]),
    ("/fund/ERDF_2021", ["fondkod", ">ERDF_2021<", ">ERUF<", "Europeiska regionala utvecklingsfonden (Eruf) (2021/2027) (EU:s programtabell)"]),
    ("/priority/1", ["nummer", ">1<"]),
    ("/organisation/region-vasterbotten", ["Wikidata Q3233375", '<a href="/county/24">Västerbottens län</a>']),
])
def test_concept_and_organisation_pages_read_well(server, path, facts):
    html = _get(server + path, **BROWSER).text
    assert "skos:Concept" not in html and "org:Organization" not in html
    top = _reading_part(html)
    for fact in facts:
        assert fact in top, (path, fact)


def test_select_results_as_a_page_for_browsers(server):
    query = 'PREFIX dct: <http://purl.org/dc/terms/> SELECT ?x ?id WHERE { BIND("<script>alert(1)</script>" AS ?x) ?p dct:identifier ?id } ORDER BY ?id'
    response = requests.get(server + "/sparql", params={"query": query}, headers=BROWSER, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<script>alert(1)" not in response.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert response.text.count("<tr>") == 1 + 17 + 1  # header, projects, document
    assert "<th scope=\"col\">?id</th>" in response.text
    link = requests.get(server + "/sparql", params={"query": "SELECT ?p WHERE { ?p <http://purl.org/dc/terms/identifier> \"20372556\" }"},
                        headers=BROWSER, timeout=30).text
    assert '<a href="/project/20372556">https://data.example.se/project/20372556</a>' in link
    ask = requests.get(server + "/sparql", params={"query": "ASK {}", "format": "html"}, timeout=30)
    assert ask.headers["Content-Type"] == "text/html; charset=utf-8" and "<strong>true</strong>" in ask.text


def test_results_page_keeps_the_row_cap(published):
    app = create_app(replace(Settings(), max_result_rows=5), publication_dir=published.out_dir)
    with live_server(app, threads=2) as root:
        response = requests.get(root + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers=BROWSER,
                                timeout=30)
        assert response.status_code == 413 and "fler än 5 rader" in response.text  # the page is in Swedish


def test_service_description_links_void(server):
    graph = rdflib.Graph().parse(data=_get(server + "/sparql", Accept="text/turtle").text, format="turtle")
    assert (None, rdflib.RDFS.seeAlso, rdflib.URIRef(server + "/.well-known/void")) in graph
