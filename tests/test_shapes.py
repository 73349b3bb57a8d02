"""Every SHACL shape in shapes/ fails when data breaks it on purpose (one row per breakage).

The data: one mapped record (tests/test_mapping.py's ``one_record``) plus a reference graph cut
down to the places it uses, so that each validation takes a fraction of a second.
"""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from fundgraph.mapping import map_records, reference_quads
from fundgraph.mapping.funds import Funds
from fundgraph.mapping.places import Places
from fundgraph.mapping.vocab import PREFIXES
from fundgraph.resources import resource_dir
from fundgraph.validate import validate_store

from test_mapping import BASE, SETTINGS, one_record

SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
PROJECT = f"{BASE}project/20000002"
DOCUMENT = f"{BASE}document/{'ab' * 32}"


def small_places() -> Places:
    full = Places.load()
    return Places([m for m in full.municipalities if m.kommunkod in ("2480", "2460")],
                  [c for c in full.counties if c.code in ("24", "25")])


@pytest.fixture(scope="module")
def quads() -> list[pyoxigraph.Quad]:
    return [*reference_quads(SETTINGS, places=small_places(), funds=Funds.load()),
            *map_records([one_record()], SETTINGS)]


def store_of(quads, update: str | None = None) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.extend(quads)
    if update:
        store.update(SPARQL_PREFIXES + update.replace("{base}", BASE))
    return store


def test_unbroken_data_conforms(quads):
    report = validate_store(store_of(quads), SETTINGS)
    assert report.conforms, report.text()
    assert report.warnings == []


def _everywhere(template: str) -> str:
    """Run an update ``template`` (``{G}`` / ``{E}`` open and close a graph block) on the default graph,
    which holds the data, and on every named graph, which hold each document's provenance."""
    default = template.replace("{G}", "").replace("{E}", "")
    named = template.replace("{G}", "GRAPH ?g { ").replace("{E}", " }")
    return f"{default} ;\n{named}"


def _set(subject: str, predicate: str, value: str) -> str:
    """Update replacing every value of ``predicate`` on ``subject`` by ``value`` in the same graph."""
    return _everywhere(f"DELETE {{ {{G}}{subject} {predicate} ?old{{E}} }} INSERT {{ {{G}}{subject} {predicate} {value}{{E}} }} "
                       f"WHERE {{ {{G}}{subject} {predicate} ?old{{E}} }}")


def _delete(subject: str, predicate: str) -> str:
    return _everywhere(f"DELETE WHERE {{ {{G}}{subject} {predicate} ?old{{E}} }}")


def _add(subject: str, predicate: str, value: str) -> str:
    return _everywhere(f"INSERT {{ {{G}}{subject} {predicate} {value}{{E}} }} WHERE {{ {{G}}{subject} a ?type{{E}} }}")


P = f"<{PROJECT}>"
GRANTED = f"<{PROJECT}/granted-amount>"
GRANT = f"<{PROJECT}/grant>"
ORG = "<{base}organisation/umea-kommun>"
UMEA = "<{base}municipality/2480>"
COUNTY = "<{base}county/24>"
ERDF = "<{base}fund/ERDF_2021>"
REGIONAL = "<{base}fund/REGIONAL>"
PRIORITY = "<{base}priority/3>"
DOC = f"<{DOCUMENT}>"
PAGE = f"<{DOCUMENT}/page/2>"
CHECKSUM = f"<{DOCUMENT}/checksum>"

# (shape, update that breaks the data, focus node, result path or None for node-level results)
BREAKAGES = [
    ("ProjectShape", _set(P, "dct:identifier", '" 20000002"'), P, "dct:identifier"),
    ("ProjectShape", _add(P, "dct:identifier", '"20000099"'), P, "dct:identifier"),
    ("ProjectShape", _add(P, "fg:amends", UMEA), P, "fg:amends"),
    ("ProjectShape", _delete(P, "prov:wasDerivedFrom"), P, None),
    ("ListedProjectShape", _delete(P, "dct:title"), P, "dct:title"),
    ("ListedProjectShape", _set(P, "dct:abstract", '"An English summary"@en'), P, "dct:abstract"),
    ("ListedProjectShape", _delete(P, "fg:beneficiary"), P, "fg:beneficiary"),
    ("ListedProjectShape", _set(P, "fg:beneficiary", UMEA), P, "fg:beneficiary"),
    ("ListedProjectShape", _set(P, "fg:grantedAmount", ORG), P, "fg:grantedAmount"),
    ("ListedProjectShape", _add(P, "fg:totalBudget", GRANTED), P, "fg:totalBudget"),
    ("ListedProjectShape", _set(P, "schema:funding", GRANTED), P, "schema:funding"),
    ("ListedProjectShape", _set(P, "fg:fund", COUNTY), P, "fg:fund"),
    ("ListedProjectShape", _set(P, "fg:priority", UMEA), P, "fg:priority"),
    ("ListedProjectShape", _add(P, "fg:municipality", COUNTY), P, "fg:municipality"),
    ("ListedProjectShape", _add(P, "fg:county", UMEA), P, "fg:county"),
    ("ListedProjectShape", _set(P, "prov:wasDerivedFrom", ERDF), P, "prov:wasDerivedFrom"),
    ("ListedProjectShape", _set(P, "fg:sourcePage", ORG), P, "fg:sourcePage"),
    ("ListedProjectShape", _set(GRANTED, "schema:value", '"251"^^xsd:decimal'), P, None),
    ("ListedProjectShape", _add(P, "fg:euAmount", ORG), P, "fg:euAmount"),
    ("ListedProjectShape", _add(P, "fg:paidAmount", UMEA), P, "fg:paidAmount"),
    ("ListedProjectShape", _add(P, "fg:cofinancingRate", '"-5"^^xsd:decimal'), P, "fg:cofinancingRate"),
    ("ListedProjectShape", _add(P, "schema:startDate", '"2022-01-01"'), P, "schema:startDate"),
    ("ListedProjectShape", _add(P, "schema:endDate", '"2024-12-31T00:00:00"^^xsd:dateTime'), P, "schema:endDate"),
    ("ListedProjectShape", _add(P, "fg:country", "<http://example.org/country/SE>"), P, "fg:country"),
    ("ListedProjectShape", _add(P, "fg:nutsRegion", '"SE331"'), P, "fg:nutsRegion"),
    ("ListedProjectShape", _add(P, "schema:postalCode", '"90187"@sv'), P, "schema:postalCode"),
    ("ListedProjectShape", _add(P, "fg:placeName", '""'), P, "fg:placeName"),
    ("ListedProjectShape", _add(P, "fg:programmeCode", '"2021SE16"'), P, "fg:programmeCode"),
    ("ListedProjectShape", _add(P, "fg:programmeName", '""'), P, "fg:programmeName"),
    ("ListedProjectShape", _add(P, "fg:specificObjective", '""'), P, "fg:specificObjective"),
    ("ListedProjectShape", _add(P, "fg:interventionCategory", '"16"^^xsd:integer'), P, "fg:interventionCategory"),
    ("ListedProjectShape", _add(P, "fg:status", '""'), P, "fg:status"),
    ("AmountShape", _set(GRANTED, "schema:value", '"100"^^xsd:double'), GRANTED, "schema:value"),
    ("AmountShape", _set(GRANTED, "schema:value", '"-5"^^xsd:decimal'), GRANTED, "schema:value"),
    ("AmountShape", _set(GRANTED, "schema:currency", '"kronor"'), GRANTED, "schema:currency"),
    ("AmountShape", _delete(GRANTED, "schema:currency"), GRANTED, "schema:currency"),
    ("GrantShape", _delete(GRANT, "schema:fundedItem"), GRANT, "schema:fundedItem"),
    ("GrantShape", _delete(GRANT, "schema:amount"), GRANT, "schema:amount"),
    ("GrantShape", _add(GRANT, "schema:funder", ORG), GRANT, "schema:funder"),
    ("GrantShape", _add(GRANT, "fg:fund", UMEA), GRANT, "fg:fund"),
    ("OrganisationShape", _delete(ORG, "rdfs:label"), ORG, "rdfs:label"),
    ("OrganisationShape", _set(ORG, "fg:nameKey", '"Umeå Kommun"'), ORG, "fg:nameKey"),
    ("OrganisationShape", _set(ORG, "fg:governs", ERDF), ORG, "fg:governs"),
    ("ConceptShape", _delete(UMEA, "skos:inScheme"), UMEA, "skos:inScheme"),
    ("ConceptShape", _add(UMEA, "skos:prefLabel", '"Ume"@sv'), UMEA, "skos:prefLabel"),
    ("PriorityShape", _delete(PRIORITY, "skos:prefLabel") + " ;\n" + _delete(PRIORITY, "skos:notation"), PRIORITY, None),
    ("PriorityShape", _add(PRIORITY, "skos:prefLabel", '"Annan"@sv'), PRIORITY, "skos:prefLabel"),
    ("MunicipalityShape", _set(UMEA, "skos:notation", '"248"'), UMEA, "skos:notation"),
    ("MunicipalityShape", _delete(UMEA, "skos:broader"), UMEA, "skos:broader"),
    ("MunicipalityShape", _delete(UMEA, "skos:exactMatch"), UMEA, "skos:exactMatch"),
    ("MunicipalityShape", _delete(UMEA, "skos:broadMatch"), UMEA, "skos:broadMatch"),
    ("CountyShape", _set(COUNTY, "skos:notation", '"2"'), COUNTY, "skos:notation"),
    ("CountyShape", _delete(COUNTY, "fg:iso31662"), COUNTY, "fg:iso31662"),
    ("CountyShape", _delete("<http://data.europa.eu/nuts/code/SE33>", "skos:broader"), COUNTY, "skos:exactMatch"),
    ("CountyShape", f"DELETE DATA {{ {COUNTY} skos:exactMatch wd:Q104877 }}", COUNTY, "skos:exactMatch"),
    ("FundShape", _delete(ERDF, "skos:notation"), ERDF, "skos:notation"),
    ("FundShape", _delete(ERDF, "skos:exactMatch"), ERDF, None),
    ("FundShape", _delete(REGIONAL, "fg:fundingBody"), REGIONAL, None),
    ("PriorityShape", _set(PRIORITY, "skos:notation", '"III"'), PRIORITY, "skos:notation"),
    ("ConceptSchemeShape", _delete("<{base}scheme/funds>", "skos:prefLabel"), "<{base}scheme/funds>",
     "skos:prefLabel"),
    ("SourceDocumentShape", _delete(DOC, "dct:publisher"), DOC, "dct:publisher"),
    ("SourceDocumentShape", _delete(DOC, "spdx:checksum"), DOC, "spdx:checksum"),
    ("ChecksumShape", _set(CHECKSUM, "spdx:algorithm", "spdx:checksumAlgorithm_md5"), CHECKSUM, "spdx:algorithm"),
    ("ChecksumShape", _set(CHECKSUM, "spdx:checksumValue", '"ABAB"^^xsd:hexBinary'), CHECKSUM,
     "spdx:checksumValue"),
    ("DocumentPageShape", _set(PAGE, "fg:pageNumber", "0"), PAGE, "fg:pageNumber"),
    ("DocumentPageShape", _delete(PAGE, "dct:isPartOf"), PAGE, "dct:isPartOf"),
    ("dataset:unique-case-id", "INSERT DATA { GRAPH <{base}graph/x> { <{base}project/copy> a fg:Project ; "
     "dct:identifier '20000002' ; fg:amends <{base}project/copy> . <{base}project/x> fg:amends <{base}project/copy> } }",
     None, "dct:identifier"),
]


@pytest.mark.parametrize(("shape", "update", "focus", "path"), BREAKAGES,
                         ids=[f"{b[0]}-{i}" for i, b in enumerate(BREAKAGES)])
def test_breaking_data_gives_a_violation(quads, shape, update, focus, path):
    report = validate_store(store_of(quads, update), SETTINGS)
    assert not report.conforms
    focus_iri = focus.replace("{base}", BASE).strip("<>") if focus else None
    hits = [v for v in report.violations if (focus_iri is None or v.focus_node == focus_iri) and v.path == path]
    assert hits, report.text()


def test_every_shape_has_a_breakage():
    shapes = Graph()
    for path in resource_dir("shapes").glob("*.ttl"):
        shapes.parse(path)
    names = {str(s).rsplit("#", 1)[1] for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    # OperationalProgrammeShape: broken in tests/test_programmes.py (the record here names no programme).
    # NutsRegionShape (a warning): tests/test_nuts.py.
    tested = {b[0] for b in BREAKAGES} | {"BeneficiaryTypeShape", "UnlinkedConceptShape", "OperationalProgrammeShape",
                                          "NutsRegionShape"}
    assert names <= tested, names - tested


def test_unknown_organisation_type_is_a_warning(quads):
    store = store_of(quads, "DELETE WHERE { ?org a fg:MunicipalAuthority }")
    report = validate_store(store, SETTINGS)
    assert report.conforms, report.text()
    assert [(w.focus_node, w.severity) for w in report.warnings] == [(f"{BASE}organisation/umea-kommun", "Warning")]


def test_unlinked_concept_is_a_warning_not_a_violation():
    settings = replace(SETTINGS, allow_unknown_concepts=True)
    store = pyoxigraph.Store()
    store.extend(reference_quads(settings, places=small_places()))
    store.extend(map_records([one_record(municipalities=("Atlantis",), fund="Marshallhjälpen")], settings))
    report = validate_store(store, settings)
    assert report.conforms, report.text()
    assert sorted(w.focus_node for w in report.warnings) == [
        f"{BASE}fund/unlinked-marshallhjalpen", f"{BASE}municipality/unlinked-atlantis"]
    assert all(w.path == "skos:exactMatch" for w in report.warnings)
    assert "Warning: <https://data.example.se/municipality/unlinked-atlantis>" in report.text()


@pytest.mark.parametrize("index", [i for i, b in enumerate(BREAKAGES) if b[3] is None and b[0].endswith("ProjectShape")])
def test_shapes_file_stands_alone_with_pyshacl(quads, index):
    """validate_store runs SPARQL constraints through Oxigraph; pyshacl alone on the file finds the same."""
    import pyshacl

    store = store_of(quads, BREAKAGES[index][1])
    nt = pyoxigraph.serialize((q.triple for q in store), format=pyoxigraph.RdfFormat.N_TRIPLES).decode()
    shapes = Graph()
    for path in resource_dir("shapes").glob("*.ttl"):
        shapes.parse(path)
    conforms, results, _ = pyshacl.validate(Graph().parse(data=nt, format="nt"), shacl_graph=shapes)
    assert not conforms
    assert URIRef(PROJECT) in set(results.objects(None, SH.focusNode))
