"""The vocabulary (ontology/fundgraph.ttl): bilingual labels and definitions, every term the data
and the shapes use is declared, and the alignments to Kohesio and EURIO are written down."""

from __future__ import annotations

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import BNode

from fundgraph.mapping import map_records
from fundgraph.mapping.vocab import EURIO, FG, KOHESIO_PROP
from fundgraph.resources import resource_dir

from test_mapping import SETTINGS, one_record

fg = Namespace(FG)
kohesio = Namespace(KOHESIO_PROP)
eurio = Namespace(EURIO)
DECLARED = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(resource_dir("ontology") / "fundgraph.ttl", format="turtle")


def fg_terms(ontology: Graph) -> set[URIRef]:
    return {s for t in DECLARED for s in ontology.subjects(RDF.type, t) if str(s).startswith(FG)}


def test_is_an_owl_ontology_without_blank_nodes(ontology):
    assert (URIRef(FG.rstrip("#")), RDF.type, OWL.Ontology) in ontology
    assert not any(isinstance(node, BNode) for triple in ontology for node in triple)


def test_every_term_has_english_and_swedish_label_and_definition(ontology):
    terms = fg_terms(ontology)
    assert len(terms) > 30
    for term in terms:
        for prop in (RDFS.label, SKOS.definition):
            languages = {o.language for o in ontology.objects(term, prop)}
            assert {"en", "sv"} <= languages, (term, prop)


def test_every_term_the_data_uses_is_declared(ontology):
    declared = fg_terms(ontology)
    quads = list(map_records([one_record()], SETTINGS))
    used = {URIRef(q.predicate.value) for q in quads if q.predicate.value.startswith(FG)}
    used |= {URIRef(q.object.value) for q in quads if q.predicate.value == str(RDF.type) and q.object.value.startswith(FG)}
    assert used and used <= declared, used - declared


def test_every_term_the_shapes_use_is_declared(ontology):
    shapes = Graph()
    for path in resource_dir("shapes").glob("*.ttl"):
        shapes.parse(path)
    used = {node for triple in shapes for node in triple if isinstance(node, URIRef) and str(node).startswith(FG)}
    assert used <= fg_terms(ontology), used - fg_terms(ontology)


@pytest.mark.parametrize(("term", "relation", "target"), [
    (fg.grantedAmount, SKOS.relatedMatch, kohesio.P835),   # granted by the grantor, not necessarily EU budget
    (fg.totalBudget, SKOS.closeMatch, kohesio.P474),
    (fg.totalBudget, RDFS.subPropertyOf, eurio.hasTotalCost),
    (fg.fund, SKOS.closeMatch, kohesio.P1584),
    (fg.beneficiary, RDFS.subPropertyOf, kohesio.P889),
    (fg.location, SKOS.closeMatch, kohesio.P1845),
    (fg.Project, SKOS.closeMatch, eurio.Project),
    (fg.University, RDFS.subClassOf, eurio.HigherOrSecondaryEducation),
    (fg.amends, RDFS.subPropertyOf, URIRef("http://purl.org/dc/terms/relation")),
    (fg.sourcePage, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")),
])
def test_alignments(ontology, term, relation, target):
    assert (term, relation, target) in ontology


def test_granted_amount_documents_its_nuance(ontology):
    notes = {o.language: str(o) for o in ontology.objects(fg.grantedAmount, SKOS.scopeNote)}
    assert "P835" in notes["en"] and "regional" in notes["en"].lower() and "sv" in notes
