"""A programme's managing authority, from reference data with the source of the statement (issue 15).

The lists of operations do not say who manages a programme; the reference table does where it can be sourced
(``reference/eu-programmes.csv``, column ``managing_authority``; ``reference/SOURCES.md``): only Interreg
Aurora's, Länsstyrelsen i Norrbottens län. The data says so with where it comes from, and the programme's page
shows it as a fact.
"""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from fundgraph.config import Settings
from fundgraph.mapping import reference_quads
from fundgraph.mapping.funds import Funds
from fundgraph.mapping.vocab import FG

from test_shapes import small_places

BASE = "https://data.example.se/"
AURORA = f"{BASE}fund/INTERREG_AURORA"
AUTHORITY = f"{BASE}organisation/lansstyrelsen-i-norrbottens-lan"
SOURCE = ("fundgraph's reference table eu-programmes.csv; its source is noted in reference/SOURCES.md "
          "(Interreg Aurora)")
EXPECTED = f"""
@prefix fg: <{FG}> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{AURORA}> fg:managingAuthority <{AUTHORITY}> ; fg:managingAuthoritySource "{SOURCE}" .
<{AUTHORITY}> a org:Organization , fg:CountyAdministrativeBoard ;
    fg:nameKey "lansstyrelsen-i-norrbottens-lan" ; rdfs:label "Länsstyrelsen i Norrbottens län" .
"""


def _graph(quads) -> Graph:
    graph = Graph()
    for q in quads:
        graph.add(tuple(URIRef(t.value) if isinstance(t, pyoxigraph.NamedNode) else Literal(t.value)
                        for t in (q.subject, q.predicate, q.object)))
    return graph


def test_the_managing_authority_is_stated_with_its_source():
    funds = Funds.load()
    small = Funds([funds.by_code["ERDF_2021"], funds.by_code["INTERREG_AURORA"]])
    quads = list(reference_quads(Settings(), places=small_places(), funds=small))
    said = [q for q in quads if q.subject.value == AUTHORITY or (
        q.subject.value == AURORA and q.predicate.value in (FG + "managingAuthority", FG + "managingAuthoritySource"))]
    assert isomorphic(_graph(said), Graph().parse(data=EXPECTED, format="turtle")), _graph(said).serialize()


def test_only_sourced_managing_authorities_are_given():
    given = {f.code: f.managing_authority for f in Funds.load().funds if f.managing_authority}
    assert given == {"INTERREG_AURORA": "Länsstyrelsen i Norrbottens län"}
    assert all(f.managing_authority_source for f in Funds.load().funds if f.managing_authority)


@pytest.mark.parametrize("lang, fact, source", [
    ("sv", "Förvaltande myndighet", "Källa för förvaltande myndighet"),
    ("en", "Managing authority", "Source of the managing authority"),
])
def test_the_programme_page_shows_its_managing_authority(published, lang, fact, source):
    from fundgraph.serve import create_app

    app = create_app(Settings(), publication_dir=published.out_dir)
    try:
        page = app.test_client().get(f"/fund/INTERREG_AURORA?lang={lang}", headers={"Accept": "text/html"})
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        assert (f'<dt>{fact}</dt><dd><a href="/organisation/lansstyrelsen-i-norrbottens-lan">'
                "Länsstyrelsen i Norrbottens län</a></dd>") in html
        assert f"<dt>{source}</dt><dd>fundgraph&#39;s reference table eu-programmes.csv" in html
    finally:
        app.extensions["fundgraph"].backend.close()
