"""Reference data: the ontology, the concept schemes and every reference concept.

Holds all 290 municipalities and 21 counties (with NUTS-3 → NUTS-2 → NUTS-1 parents), all funds
and programmes of ``reference/eu-programmes.csv`` plus the region's own funding, the priorities'
scheme (the publisher's regional development strategy; the priorities themselves come from the
lists), and the publisher organisation, all in the default graph (beside what the lists say, so that
the union of all graphs holds no triple twice; see ``projects``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph
from pyoxigraph import Literal, NamedNode, Quad

from ..config import Settings
from ..resources import resource_path
from . import iris
from .funds import EU_FUND, PROGRAMME, REGIONAL_FUNDING, Funds
from .organisations import organisation_triples, read_organisation
from .places import Places, place_iri
from .terms import (
    DCT_publisher, DCT_title, FG_County, FG_EUFund, FG_Fund, FG_Municipality, FG_Programme, FG_RegionalFunding,
    FG_financedBy, FG_fundingBody, FG_managingAuthority, FG_managingAuthoritySource, FG_programmingPeriod, FG_governs, FG_iso31662, FG_nameKey, FG_nutsLevel, ORG_Organization, OWL_sameAs,
    RDF_type,
    RDFS_label, SKOS_altLabel, SKOS_broader, SKOS_broadMatch, SKOS_Concept, SKOS_ConceptScheme, SKOS_exactMatch,
    SKOS_inScheme, SKOS_notation, SKOS_prefLabel, SKOS_topConceptOf, XSD_integer, en, sv,
)
from .vocab import FG, NUTS, WD

SCHEMES = {
    "municipalities": ("Sveriges kommuner", "Municipalities of Sweden"),
    "counties": ("Sveriges län", "Counties of Sweden"),
    "funds": ("Fonder och program", "Funds and programmes"),
}
_FUND_CLASS = {EU_FUND: FG_EUFund, PROGRAMME: FG_Programme, REGIONAL_FUNDING: FG_RegionalFunding}


def publisher_iri(settings: Settings, places: Places | None = None) -> str:
    """IRI of the publishing organisation (the grantor of the lists' grants): the organisation IRI its
    name gives, so that it is the same node as the publisher listed as a beneficiary."""
    facts = read_organisation(settings.publisher.name, places or Places.load())
    return iris.organisation(settings.base_iri, facts.key)


def reference_quads(settings: Settings, *, places: Places | None = None, funds: Funds | None = None
                    ) -> Iterator[Quad]:
    """Yield the reference quads (about 3 400, default graph): ontology, schemes, places, NUTS, funds, publisher.

    ``places`` and ``funds`` default to the shipped reference tables. Raises FileNotFoundError if
    the ontology or a reference table is missing from the installation.
    """
    base = settings.base_iri
    graph = pyoxigraph.DefaultGraph()
    places = places or Places.load()
    funds = funds or Funds.load()

    def q(s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> Quad:
        return Quad(s, p, o, graph)

    with resource_path("ontology", "fundgraph.ttl").open("rb") as handle:
        for triple in pyoxigraph.parse(handle, pyoxigraph.RdfFormat.TURTLE):
            yield Quad(triple.subject, triple.predicate, triple.object, graph)

    schemes = {name: NamedNode(iris.scheme(base, name)) for name in (*SCHEMES, "priorities")}
    for name, (title_sv, title_en) in SCHEMES.items():
        yield from _scheme(q, schemes[name], title_sv, title_en)
    publisher = NamedNode(publisher_iri(settings, places))
    yield from _scheme(q, schemes["priorities"], settings.publisher.strategy_label_sv,
                       settings.publisher.strategy_label_en)
    yield q(schemes["priorities"], DCT_publisher, publisher)

    yield from _publisher(q, publisher, settings, places)

    nuts_done: set[str] = set()
    for county in places.counties:
        node = NamedNode(iris.county(base, county.code))
        yield from _concept(q, node, FG_County, schemes["counties"], county.code)
        yield q(node, SKOS_prefLabel, sv(county.name))
        if county.name_en:
            yield q(node, SKOS_prefLabel, en(county.name_en))
        yield q(node, SKOS_altLabel, sv(county.short_name))
        yield q(node, FG_iso31662, Literal(county.iso_3166_2))
        yield q(node, SKOS_exactMatch, NamedNode(WD + county.wikidata))
        yield q(node, SKOS_exactMatch, NamedNode(NUTS + county.nuts3))
        for code, name, parent, level in ((county.nuts3, county.short_name, county.nuts2, 3),
                                          (county.nuts2, county.nuts2_name, county.nuts1, 2),
                                          (county.nuts1, county.nuts1_name, None, 1)):
            if code in nuts_done:
                continue
            nuts_done.add(code)
            nuts = NamedNode(NUTS + code)
            yield q(nuts, SKOS_notation, Literal(code))
            yield q(nuts, SKOS_prefLabel, sv(name))
            yield q(nuts, FG_nutsLevel, Literal(str(level), datatype=XSD_integer))
            if parent:
                yield q(nuts, SKOS_broader, NamedNode(NUTS + parent))

    for m in places.municipalities:
        node = NamedNode(iris.municipality(base, m.kommunkod))
        yield from _concept(q, node, FG_Municipality, schemes["municipalities"], m.kommunkod)
        yield q(node, SKOS_prefLabel, sv(m.name))
        yield q(node, SKOS_broader, NamedNode(iris.county(base, m.county_code)))
        if m.wikidata:
            yield q(node, SKOS_exactMatch, NamedNode(WD + m.wikidata))
        # A municipality lies in its county's NUTS-3 region; it is not that region (hence broadMatch).
        yield q(node, SKOS_broadMatch, NamedNode(NUTS + m.nuts3))

    for fund in funds.funds:
        node = NamedNode(iris.fund(base, fund.code))
        yield from _concept(q, node, FG_Fund, schemes["funds"], fund.code)
        yield q(node, RDF_type, _FUND_CLASS[fund.kind])
        yield q(node, SKOS_prefLabel, sv(fund.label_sv))
        yield q(node, SKOS_prefLabel, en(fund.label_en))
        # The names lists print (the eu-programme table's labels in each language, the lists' own wordings).
        for lang, name in dict.fromkeys(fund.names):
            if not (lang in ("sv", "en") and name == (fund.label_sv if lang == "sv" else fund.label_en)):
                yield q(node, SKOS_altLabel, Literal(name, language=lang))
        if fund.period:
            yield q(node, FG_programmingPeriod, Literal(fund.period))
        if fund.eu_iri:
            yield q(node, SKOS_exactMatch, NamedNode(fund.eu_iri))
        if fund.financed_by:
            yield q(node, FG_financedBy, NamedNode(iris.fund(base, fund.financed_by)))
            financier = funds.by_code[fund.financed_by]
            if financier.eu_iri:
                yield q(node, SKOS_broadMatch, NamedNode(financier.eu_iri))
        if fund.kind == REGIONAL_FUNDING:
            yield q(node, FG_fundingBody, publisher)
        if fund.managing_authority:  # what reference data says, with where it says it: the lists do not
            authority, triples = organisation_triples(base, fund.managing_authority, places, beneficiary=False)
            yield q(node, FG_managingAuthority, authority)
            yield q(node, FG_managingAuthoritySource, Literal(fund.managing_authority_source))
            for t in triples:
                yield q(t.subject, t.predicate, t.object)


def _scheme(q, node: NamedNode, title_sv: str, title_en: str) -> Iterator[Quad]:
    yield q(node, RDF_type, SKOS_ConceptScheme)
    yield q(node, SKOS_prefLabel, sv(title_sv))
    yield q(node, SKOS_prefLabel, en(title_en))
    yield q(node, DCT_title, sv(title_sv))
    yield q(node, DCT_title, en(title_en))


def _concept(q, node: NamedNode, cls: NamedNode, scheme: NamedNode, notation: str) -> Iterator[Quad]:
    yield q(node, RDF_type, SKOS_Concept)
    yield q(node, RDF_type, cls)
    yield q(node, SKOS_inScheme, scheme)
    yield q(node, SKOS_topConceptOf, scheme)
    yield q(node, SKOS_notation, Literal(notation))


def _publisher(q, node: NamedNode, settings: Settings, places: Places) -> Iterator[Quad]:
    facts = read_organisation(settings.publisher.name, places)
    yield q(node, RDF_type, ORG_Organization)
    if facts.type:
        yield q(node, RDF_type, NamedNode(FG + facts.type))
    yield q(node, RDFS_label, Literal(settings.publisher.name))
    # The configured name is how the organisation calls itself; lists print it in other ways (rdfs:label).
    yield q(node, SKOS_prefLabel, sv(settings.publisher.name))
    if settings.publisher.wikidata:
        yield q(node, OWL_sameAs, NamedNode(settings.publisher.wikidata))
    yield q(node, FG_nameKey, Literal(facts.key))
    if facts.governs is not None:
        yield q(node, FG_governs, NamedNode(place_iri(settings.base_iri, facts.governs)))
