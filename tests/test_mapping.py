"""Mapping project records to RDF: the fixture list's real values, one record by isomorphism,
concept resolution (variants, periods, unknown values), beneficiaries and amendments."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic, graph_diff

from fundgraph.config import Settings
from fundgraph.errors import MappingError
from fundgraph.extract.records import ProjectRecord, Source
from fundgraph.mapping import MappingContext, iris, map_records, publisher_iri, reference_quads
from fundgraph.mapping.vocab import PREFIXES

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "examples" / "granted-projects-vasterbotten.pdf"
EXPECTED = ROOT / "tests" / "data" / "granted-projects-vasterbotten.expected.json"
SETTINGS = Settings()
BASE = SETTINGS.base_iri
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def fixture_records() -> list[ProjectRecord]:
    """The fixture list's expected records, with the real document's name and SHA-256 as source."""
    sha = hashlib.sha256(PDF.read_bytes()).hexdigest()
    data = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return [ProjectRecord.from_json({**p, "source": {"document": PDF.name, "sha256": sha, "pages": [1]}})
            for p in data["projects"]]


@pytest.fixture(scope="module")
def records() -> list[ProjectRecord]:
    return fixture_records()


@pytest.fixture(scope="module")
def store(records) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.extend(reference_quads(SETTINGS))
    store.extend(map_records(records, SETTINGS))
    return store


def select(store: pyoxigraph.Store, query: str) -> list[dict[str, str]]:
    solutions = store.query(SPARQL_PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def count(store: pyoxigraph.Store, where: str) -> int:
    return int(select(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")[0]["n"])


def one_record(**changes) -> ProjectRecord:
    record = ProjectRecord(
        case_id="20000002", title="Testprojekt", beneficiary="Umeå kommun", currency="SEK",
        granted_amount=Decimal(100), total_budget=Decimal(250), fund="Eruf", priority_number=3,
        priority_label="Västerbotten - en nära tillgänglig region", municipalities=("Umeå kommun", "vännäs"),
        counties=("Västerbottens  län",),
        summary="Ansökan avser en utökning av ärendeid 20000001, som beviljades 2023.",
        source=Source(document="list.pdf", sha256="ab" * 32, row=5, pages=(2, 3)))
    return replace(record, **changes)


# ---------------------------------------------------------------- the fixture list

def test_fixture_counts(store):
    assert count(store, "?x a fg:Project ; prov:wasDerivedFrom ?d") == 17
    assert count(store, "?p fg:beneficiary ?x") == 11
    assert count(store, "?p prov:wasDerivedFrom ?d ; fg:fund ?x") == 4
    assert count(store, "?p fg:priority ?x") == 5
    assert count(store, "?p fg:municipality ?x . ?x a fg:Municipality") == 29
    assert count(store, "?p fg:county ?x . ?x a fg:County") == 2


def test_fixture_sums_are_decimals(store):
    rows = select(store, """SELECT (SUM(?g) AS ?granted) (SUM(?t) AS ?total) (DATATYPE(SUM(?g)) AS ?type) WHERE {
        ?p fg:grantedAmount/schema:value ?g ; fg:totalBudget/schema:value ?t }""")
    assert Decimal(rows[0]["granted"]) == 72_750_869
    assert Decimal(rows[0]["total"]) == 225_263_121
    assert rows[0]["type"] == "http://www.w3.org/2001/XMLSchema#decimal"
    assert count(store, "?x schema:value ?v FILTER(DATATYPE(?v) != xsd:decimal)") == 0
    assert count(store, "?x schema:currency ?c FILTER(?c != 'SEK')") == 0


def test_fixture_funds_by_period(store):
    rows = select(store, """SELECT ?code (COUNT(?p) AS ?n) WHERE { ?p a fg:Project ; fg:fund/skos:notation ?code } GROUP BY ?code""")
    assert {r["code"]: int(r["n"]) for r in rows} == {"ERDF_2021": 9, "ESF_PLUS": 5, "INTERREG_AURORA": 2,
                                                       "REGIONAL": 1}
    aurora = iris.fund(BASE, "INTERREG_AURORA")
    assert select(store, f"SELECT ?f WHERE {{ <{aurora}> fg:financedBy ?f }}") == [{"f": iris.fund(BASE, "ERDF_2021")}]
    assert count(store, f"<{iris.fund(BASE, 'REGIONAL')}> a fg:RegionalFunding ; fg:fundingBody ?x") == 1
    assert count(store, f"<{iris.fund(BASE, 'REGIONAL')}> a ?x FILTER(?x = fg:EUFund)") == 0


def test_fixture_beneficiaries(store):
    rows = select(store, """SELECT ?org (COUNT(DISTINCT ?p) AS ?n) (SAMPLE(?type) AS ?t) WHERE {
        ?p fg:beneficiary ?org . ?org a ?type FILTER(?type NOT IN (org:Organization, fg:Beneficiary)) } GROUP BY ?org""")
    assert len(rows) == 11  # every one of the 11 has a specific type
    by_iri = {r["org"]: r for r in rows}
    region = iris.organisation(BASE, "region-vasterbotten")
    # The brief says 5; the expected JSON (and the PDF) list REGION VÄSTERBOTTEN for 6 projects.
    assert int(by_iri[region]["n"]) == 6
    assert region == publisher_iri(SETTINGS)
    types = {r["org"].rsplit("/", 1)[1]: r["t"].rsplit("#", 1)[1] for r in rows}
    assert types == {
        "region-vasterbotten": "RegionalAuthority", "lulea-tekniska-universitet": "University",
        "rise-research-institutes-of-sweden": "Company", "umea-universitet": "University",
        "pillars-sverige": "Company", "lycksele-kommun": "MunicipalAuthority", "connect-norr-service": "Company",
        "partnerinvest-ovre-norrland": "Company", "studieforbundet-bilda-nord": "StudyAssociation",
        "lanstrafiken-i-vasterbotten": "Company", "vilhelmina-kommun": "MunicipalAuthority"}
    governs = select(store, "SELECT ?org ?code WHERE { ?p fg:beneficiary ?org . ?org fg:governs/skos:notation ?code }")
    assert {(r["org"].rsplit("/", 1)[1], r["code"]) for r in governs} == {
        ("vilhelmina-kommun", "2462"), ("lycksele-kommun", "2481"), ("region-vasterbotten", "24")}
    labels = select(store, f"SELECT ?l WHERE {{ <{iris.organisation(BASE, 'lanstrafiken-i-vasterbotten')}> rdfs:label ?l }}")
    assert labels == [{"l": "Länstrafiken i Västerbotten Aktiebolag"}]


def test_fixture_amendment(store):
    rows = select(store, f"SELECT ?e ?id WHERE {{ <{iris.project(BASE, '20374134')}> fg:amends ?e . ?e dct:identifier ?id }}")
    assert rows == [{"e": iris.project(BASE, "20363558"), "id": "20363558"}]
    assert count(store, "?x fg:amends ?y") == 1


def test_fixture_priorities_and_places(store):
    rows = select(store, "SELECT ?n ?l WHERE { ?p fg:priority ?x . ?x skos:notation ?n ; skos:prefLabel ?l }")
    assert sorted({(r["n"], r["l"]) for r in rows}) == [
        ("1", "Västerbotten - en nytänkande och smart region"),
        ("2", "Västerbotten - en region med platsbaserad hållbar näringslivsutveckling"),
        ("3", "Västerbotten - en nära tillgänglig region"),
        ("4", "Västerbotten - en region med hållbara livsmiljöer att bo, verka och leva i"),
        ("6", "Västerbotten - en region rik på kompetenser")]
    vilhelmina = select(store, f"""SELECT ?code ?wd ?nuts ?county WHERE {{
        <{iris.municipality(BASE, '2462')}> skos:notation ?code ; skos:broader/skos:notation ?county ;
            skos:exactMatch ?wd ; skos:broadMatch ?nuts }}""")
    assert vilhelmina == [{"code": "2462", "wd": "http://www.wikidata.org/entity/Q515861",
                           "nuts": "http://data.europa.eu/nuts/code/SE331", "county": "24"}]
    nuts_chain = select(store, f"""SELECT ?n2 ?n1 WHERE {{
        <{iris.county(BASE, '25')}> skos:exactMatch ?n3 . ?n3 skos:broader ?n2 . ?n2 skos:broader ?n1 }}""")
    assert nuts_chain == [{"n2": "http://data.europa.eu/nuts/code/SE33", "n1": "http://data.europa.eu/nuts/code/SE3"}]


def test_fixture_provenance(store, records):
    sha = records[0].source.sha256
    document = iris.document(BASE, sha)
    rows = select(store, f"""SELECT ?name ?hash WHERE {{ <{document}> a fg:SourceDocument ; fg:fileName ?name ;
        spdx:checksum/spdx:checksumValue ?hash }}""")
    assert rows == [{"name": "granted-projects-vasterbotten.pdf", "hash": sha}]
    in_graph = store.query(f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ GRAPH <{iris.document_graph(BASE, sha)}> "
                           f"{{ ?p <http://www.w3.org/ns/prov#wasDerivedFrom> ?d }} }}")
    assert int(next(iter(in_graph))["n"].value) == 17
    assert count(store, "?p prov:wasDerivedFrom ?d FILTER NOT EXISTS { ?p fg:sourcePage/dct:isPartOf ?d }") == 0


def test_no_blank_nodes(store):
    assert not any(isinstance(q.subject, pyoxigraph.BlankNode) or isinstance(q.object, pyoxigraph.BlankNode)
                   for q in store)


# ---------------------------------------------------------------- reference concepts

def test_reference_schemes_complete():
    store = pyoxigraph.Store()
    store.extend(reference_quads(SETTINGS))
    graphs = {q.graph_name for q in store}
    assert graphs == {pyoxigraph.DefaultGraph()}
    assert count(store, "?x a fg:Municipality ; skos:notation ?c ; skos:broader ?county ; skos:exactMatch ?w") == 290
    assert count(store, "?x a fg:County ; fg:iso31662 ?iso ; skos:exactMatch ?nuts "
                        "FILTER(STRSTARTS(STR(?nuts), 'http://data.europa.eu/nuts/code/'))") == 21
    assert count(store, f"?x skos:inScheme <{iris.scheme(BASE, 'funds')}>") == 16  # 15 of eu-programmes.csv + regional
    assert count(store, "?x a owl:Class") > 10  # the ontology travels with the data


# ---------------------------------------------------------------- one record, by isomorphism

def test_one_record_is_isomorphic_to_expected_turtle():
    quads = list(map_records([one_record()], SETTINGS))
    provenance = {q for q in quads if q.graph_name != pyoxigraph.DefaultGraph()}
    assert {q.graph_name.value for q in provenance} == {iris.document_graph(BASE, "ab" * 32)}
    assert {q.predicate.value.rsplit("/", 1)[-1] for q in provenance if q.subject.value.endswith("/20000002")} == {
        "prov#wasDerivedFrom", "ns#sourcePage", "ns#listRow"}
    nt = pyoxigraph.serialize([q.triple for q in quads], format=pyoxigraph.RdfFormat.N_TRIPLES).decode()
    got = Graph().parse(data=nt, format="nt")
    expected = Graph().parse(ROOT / "tests" / "data" / "mapping" / "one-project.ttl", format="turtle")
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(got, expected)
        pytest.fail(f"only mapped:\n{only_got.serialize(format='nt')}\nonly expected:\n{only_expected.serialize(format='nt')}")


def test_shared_nodes_written_once_per_graph():
    records = [one_record(), one_record(case_id="20000003", summary="")]
    quads = list(map_records(records, SETTINGS))
    assert len(quads) == len(set(quads))
    organisation = pyoxigraph.NamedNode(iris.organisation(BASE, "umea-kommun"))
    assert sum(1 for q in quads if q.subject == organisation and q.predicate.value.endswith("#nameKey")) == 1


def test_project_in_two_documents_keeps_one_iri_with_both_sources():
    context = MappingContext(SETTINGS)
    first = one_record()
    second = replace(first, source=Source(document="other.pdf", sha256="cd" * 32, pages=(1,)))
    store = pyoxigraph.Store()
    store.extend(map_records([first], SETTINGS, context=context))
    store.extend(map_records([second], SETTINGS, context=context))
    rows = select(store, "SELECT ?p ?d WHERE { ?p dct:identifier '20000002' ; prov:wasDerivedFrom ?d }")
    assert {r["p"] for r in rows} == {iris.project(BASE, "20000002")}
    assert {r["d"] for r in rows} == {iris.document(BASE, "ab" * 32), iris.document(BASE, "cd" * 32)}
    project = pyoxigraph.NamedNode(iris.project(BASE, "20000002"))
    for sha in ("ab" * 32, "cd" * 32):  # each document's graph says that it lists the project
        graph = pyoxigraph.NamedNode(iris.document_graph(BASE, sha))
        assert list(store.quads_for_pattern(project, None, pyoxigraph.NamedNode(iris.document(BASE, sha)), graph))
    # ... and the project's data is stated once, so the union of all graphs has no triple twice
    union = list(store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", use_default_graph_as_union=True))
    assert len(union) == len({(r["s"], r["p"], r["o"]) for r in union})


def test_beneficiary_variants_meet_on_one_node():
    names = ["RISE Research Institutes of Sweden AB", "Rise  Research Institutes of Sweden Aktiebolag"]
    quads = list(map_records([one_record(case_id=f"2000001{i}", beneficiary=n) for i, n in enumerate(names)], SETTINGS))
    beneficiaries = {q.object.value for q in quads if q.predicate.value.endswith("#beneficiary")}
    assert beneficiaries == {iris.organisation(BASE, "rise-research-institutes-of-sweden")}
    labels = {q.object.value for q in quads if q.predicate.value.endswith("rdf-schema#label")}
    assert set(names) <= labels


# ---------------------------------------------------------------- concepts: variants, periods, unknowns

@pytest.mark.parametrize(("printed", "kommunkod"), [
    ("Umeå", "2480"), ("UMEÅ", "2480"), (" umeå  kommun ", "2480"), ("Upplands Bro", "0139"),
    ("Upplands-Bro", "0139"), ("Göteborgs stad", "1480"), ("2462", "2462")])
def test_municipality_variants(printed, kommunkod):
    quads = list(map_records([one_record(municipalities=(printed,))], SETTINGS))
    assert {q.object.value for q in quads if q.predicate.value.endswith("#municipality")} == {
        iris.municipality(BASE, kommunkod)}


@pytest.mark.parametrize("printed", ["Västerbotten", "Västerbottens län", "VÄSTERBOTTENS LÄN", "SE-AC", "24"])
def test_county_variants(printed):
    quads = list(map_records([one_record(counties=(printed,))], SETTINGS))
    assert {q.object.value for q in quads if q.predicate.value.endswith("#county")} == {iris.county(BASE, "24")}


@pytest.mark.parametrize(("printed", "period", "code"), [
    ("ERUF", "2021-2027", "ERDF_2021"), ("ERUF", "2014-2020", "ERDF"), ("Eruf", "2021-2027", "ERDF_2021"),
    ("ESF+", "2021-2027", "ESF_PLUS"), ("ESF", "2014-2020", "ESF"), ("Interreg  Aurora", "2021-2027", "INTERREG_AURORA"),
    ("regionala medel", "2021-2027", "REGIONAL"), ("JTF", "2021-2027", "JTF")])
def test_fund_by_period(printed, period, code):
    settings = replace(SETTINGS, programming_period=period)
    quads = list(map_records([one_record(fund=printed)], settings))
    assert {q.object.value for q in quads if q.predicate.value.endswith("#fund")} == {iris.fund(BASE, code)}


@pytest.mark.parametrize(("field", "value", "kind"), [
    ("municipalities", ("Atlantis",), "municipality"), ("counties", ("Lappland",), "county"),
    ("fund", "Marshallhjälpen", "fund")])
def test_unknown_concept_is_an_error_naming_document_page_and_value(field, value, kind):
    with pytest.raises(MappingError) as info:
        list(map_records([one_record(**{field: value})], SETTINGS))
    printed = value[0] if isinstance(value, tuple) else value
    assert info.value.document == "list.pdf" and info.value.page == 2 and info.value.value == printed
    assert kind in str(info.value) and "list.pdf, page 2" in str(info.value)


def test_unknown_concept_allowed_is_minted_unlinked():
    settings = replace(SETTINGS, allow_unknown_concepts=True)
    quads = list(map_records([one_record(municipalities=("Atlantis", "Umeå"))], settings))
    unlinked = iris.unlinked_concept(BASE, "municipality", "atlantis")
    assert unlinked == f"{BASE}municipality/unlinked-atlantis"
    types = {q.object.value for q in quads if q.subject.value == unlinked and q.predicate.value.endswith("#type")}
    assert types == {"http://www.w3.org/2004/02/skos/core#Concept", "https://w3id.org/fundgraph/ns#UnlinkedConcept"}


def test_record_without_source_is_an_error():
    with pytest.raises(MappingError, match="no source document"):
        list(map_records([one_record(source=Source(document="", sha256="", pages=()))], SETTINGS))


@pytest.mark.parametrize(("summary", "expected"), [
    ("Ansökan avser en utökning av ärendeid 20363558, vilken initierats av Tillväxtverket.", ["20363558"]),
    ("FÖRLÄNGNING AV ÄRENDE-ID 20363558.", ["20363558"]),
    ("Projektet bygger vidare på ärendeid 20363558.", []),  # mentioned, not amended
    ("Utökning av ärendeid 20000002.", []),  # itself
    ("Inga hänvisningar.", []),
])
def test_amended_cases(summary, expected):
    from fundgraph.mapping.amendments import amended_cases

    assert amended_cases(summary, "20000002") == expected


def test_every_county_has_its_english_name_as_an_english_label():
    """reference/counties.csv's name_en (SOURCES.md: English Wikipedia's "Counties of Sweden")."""
    from fundgraph.mapping.places import Places

    store = pyoxigraph.Store()
    store.extend(reference_quads(SETTINGS))
    labels = {(row["c"].value, row["l"].value, row["l"].language) for row in store.query(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX fg: <https://w3id.org/fundgraph/ns#> "
        "SELECT ?c ?l WHERE { ?c a fg:County ; skos:prefLabel ?l }", use_default_graph_as_union=True)}
    assert (f"{BASE}county/24", "Västerbotten County", "en") in labels
    assert (f"{BASE}county/24", "Västerbottens län", "sv") in labels
    counties = Places.load().counties
    assert len(counties) == 21 and all(c.name_en == f"{c.short_name} County" for c in counties)
    assert sum(1 for _, _, lang in labels if lang == "en") == 21
