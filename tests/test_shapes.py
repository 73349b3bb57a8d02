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
AURORA = "<{base}fund/INTERREG_AURORA>"
PRIORITY = "<{base}priority/3>"
DOC = f"<{DOCUMENT}>"
PAGE = f"<{DOCUMENT}/page/2>"
CHECKSUM = f"<{DOCUMENT}/checksum>"

FUND_MATCH = ("a fund needs an external match (skos:exactMatch to the eu-programme table; none exists for 2007-2013), "
              "a programme the fund financing it, regional funding its funding body")
# (shape, update that breaks the data, focus node, result path or None for node-level results, the rule in
# words as the report's line gives it, {base} standing for the base IRI)
BREAKAGES = [
    ("ProjectShape", _set(P, "dct:identifier", '" 20000002"'), P, "dct:identifier",
     "a project has at most one case id (dct:identifier), without white space around it (found ' 20000002')"),
    ("ProjectShape", _add(P, "dct:identifier", '"20000099"'), P, "dct:identifier",
     "a project has at most one case id (dct:identifier), without white space around it"),
    ("ProjectShape", _add(P, "fg:amends", UMEA), P, "fg:amends",
     "the case a project amends (fg:amends) must be a project IRI: …/project/ and an eight-digit case id (found <{base}municipality/2480>)"),
    ("ProjectShape", _delete(P, "prov:wasDerivedFrom"), P, None,
     "the project names no source document it was read from (prov:wasDerivedFrom)"),
    ("ProjectNamedShape", ";\n".join(_delete(P, p) for p in ("dct:title", "fg:beneficiary", "dct:identifier")), P,
     None, "a project needs a title, a beneficiary or a case id (dct:title, fg:beneficiary or dct:identifier): "
           "its list names none"),
    ("ListedProjectShape", _set(P, "dct:title", '"Testprojekt"'), P, "dct:title",
     "a project has at most one title (dct:title), a non-empty text tagged with its language (found 'Testprojekt')"),
    ("ListedProjectShape", _add(P, "dct:title", '"Ett till"@sv'), P, "dct:title",
     "a project has at most one title (dct:title), a non-empty text tagged with its language"),
    ("ListedProjectShape", _set(P, "dct:abstract", '"Utan språk"'), P, "dct:abstract",
     "a project has at most one summary (dct:abstract), a text tagged with its language (found 'Utan språk')"),
    ("ListedProjectShape", _add(P, "fg:beneficiary", "<{base}organisation/other>")
     + " ;\nINSERT DATA { <{base}organisation/other> a fg:Beneficiary }", P, "fg:beneficiary",
     "a project has at most one beneficiary, an organisation"),
    ("ListedProjectShape", _set(P, "fg:beneficiary", UMEA), P, "fg:beneficiary",
     "a project has at most one beneficiary, an organisation (found <{base}municipality/2480>)"),
    ("ListedProjectShape", _set(P, "fg:grantedAmount", ORG), P, "fg:grantedAmount",
     "a project has at most one granted amount, a schema:MonetaryAmount (found <{base}organisation/umea-kommun>)"),
    ("ListedProjectShape", _add(P, "fg:totalBudget", GRANTED), P, "fg:totalBudget",
     "a project has at most one total budget, a schema:MonetaryAmount"),
    ("ListedProjectShape", _set(P, "schema:funding", GRANTED), P, "schema:funding",
     "a project has at most one grant (schema:funding), a schema:MonetaryGrant (found <{base}project/20000002/granted-amount>)"),
    ("ListedProjectShape", _set(P, "fg:fund", COUNTY), P, "fg:fund",
     "a project has at most one fund or programme, a fund concept (found <{base}county/24>)"),
    ("ListedProjectShape", _set(P, "fg:priority", UMEA), P, "fg:priority",
     "a project has at most one priority, a priority concept (found <{base}municipality/2480>)"),
    ("ListedProjectShape", _add(P, "fg:municipality", COUNTY), P, "fg:municipality",
     "a project's municipality must be a municipality concept (found <{base}county/24>)"),
    ("ListedProjectShape", _add(P, "fg:county", UMEA), P, "fg:county",
     "a project's county must be a county concept (found <{base}municipality/2480>)"),
    ("ListedProjectShape", _set(P, "prov:wasDerivedFrom", ERDF), P, "prov:wasDerivedFrom",
     "a project needs the source document it was read from, a fg:SourceDocument (found <{base}fund/ERDF_2021>)"),
    ("ListedProjectShape", _set(P, "fg:sourcePage", ORG), P, "fg:sourcePage",
     "a project's source page must be a page of its document (found <{base}organisation/umea-kommun>)"),
    ("ListedProjectShape", _set(GRANTED, "schema:value", '"251"^^xsd:decimal'), P, None,
     "granted 251 SEK exceeds total budget 250 SEK"),
    ("ListedProjectShape", _add(P, "fg:amountsAsPrinted", '"false"^^xsd:boolean'), P, "fg:amountsAsPrinted",
     "fg:amountsAsPrinted is stated once, true, or not at all (found false)"),
    ("ListedProjectShape", _add(P, "fg:euAmount", ORG), P, "fg:euAmount",
     "a project has at most one EU amount, a schema:MonetaryAmount (found <{base}organisation/umea-kommun>)"),
    ("ListedProjectShape", _add(P, "fg:paidAmount", UMEA), P, "fg:paidAmount",
     "a project has at most one amount paid, a schema:MonetaryAmount (found <{base}municipality/2480>)"),
    ("ListedProjectShape", _add(P, "fg:cofinancingRate", '"-5"^^xsd:decimal'), P, "fg:cofinancingRate",
     "a co-financing rate is one percentage from 0 to 100, an xsd:decimal (found -5)"),
    ("ListedProjectShape", _add(P, "fg:cofinancingRate", '"100.5"^^xsd:decimal'), P, "fg:cofinancingRate",
     "a co-financing rate is one percentage from 0 to 100, an xsd:decimal (found 100.5)"),
    ("ListedProjectShape", _add(P, "fg:listRow", '"0"^^xsd:integer'), P, "fg:listRow",
     "a project's row in its list (fg:listRow) is an integer ≥ 1 (found 0)"),
    ("ListedProjectShape", _add(P, "fg:sheetRow", '"row 3"'), P, "fg:sheetRow",
     "a sheet row (fg:sheetRow) is an integer ≥ 1 (found 'row 3')"),
    ("ListedProjectShape", _add(P, "fg:sourceLine", '"-1"^^xsd:integer'), P, "fg:sourceLine",
     "a line of a CSV file (fg:sourceLine) is an integer ≥ 1 (found -1)"),
    ("ListedProjectShape", _add(P, "fg:sourceSheet", '"Projekt"') + " ;\n" + _add(P, "fg:sourceSheet", '"Blad2"'), P,
     "fg:sourceSheet", "a project's row stands on at most one sheet (fg:sourceSheet, its name)"),
    ("ListedProjectShape", _add(P, "schema:startDate", '"2022-01-01"'), P, "schema:startDate",
     "a project has at most one start date, an xsd:date (found '2022-01-01')"),
    ("ListedProjectShape", _add(P, "schema:endDate", '"2024-12-31T00:00:00"^^xsd:dateTime'), P, "schema:endDate",
     "a project has at most one end date, an xsd:date (found 2024-12-31T00:00:00)"),
    ("ListedProjectShape", _add(P, "fg:country", "<http://example.org/country/SE>"), P, "fg:country",
     "a project's country must be one concept of the EU Publications Office country table (found <http://example.org/country/SE>)"),
    ("ListedProjectShape", _add(P, "fg:nutsRegion", '"SE331"'), P, "fg:nutsRegion",
     "a project's NUTS region must be one Eurostat NUTS code IRI (found 'SE331')"),
    ("ListedProjectShape", _add(P, "schema:postalCode", '"90187"@sv'), P, "schema:postalCode",
     "a project has at most one postcode, a plain text (found '90187' (@sv))"),
    ("ListedProjectShape", _add(P, "fg:placeName", '""'), P, "fg:placeName",
     "a project has at most one place name, a non-empty text (found '')"),
    ("ListedProjectShape", _add(P, "fg:programmeCode", '"2021SE16"'), P, "fg:programmeCode",
     "a project's programme code must be one CCI code such as 2021SE16RFPR001 (found '2021SE16')"),
    ("ListedProjectShape", _add(P, "fg:programmeName", '""'), P, "fg:programmeName",
     "a project has at most one programme name, a non-empty text (found '')"),
    ("ListedProjectShape", _add(P, "fg:specificObjective", '""'), P, "fg:specificObjective",
     "a project has at most one specific objective, a non-empty text (found '')"),
    ("ListedProjectShape", _add(P, "fg:interventionCategory", '"16"^^xsd:integer'), P, "fg:interventionCategory",
     "a project has at most one intervention category, a non-empty text (found 16)"),
    ("ListedProjectShape", _add(P, "fg:status", '""'), P, "fg:status",
     "a project has at most one status, a non-empty text (found '')"),
    ("AmountShape", _set(GRANTED, "schema:value", '"100"^^xsd:double'), GRANTED, "schema:value",
     "an amount needs exactly one value, an xsd:decimal ≥ 0, never a float (found 100.0)"),
    ("AmountShape", _set(GRANTED, "schema:value", '"-5"^^xsd:decimal'), GRANTED, "schema:value",
     "an amount needs exactly one value, an xsd:decimal ≥ 0, never a float (found -5)"),
    ("AmountShape", _set(GRANTED, "schema:currency", '"kronor"'), GRANTED, "schema:currency",
     "an amount needs its currency, an ISO 4217 code such as SEK or EUR (found 'kronor')"),
    ("AmountShape", _delete(GRANTED, "schema:currency"), GRANTED, "schema:currency",
     "an amount needs its currency, an ISO 4217 code such as SEK or EUR"),
    ("GrantShape", _delete(GRANT, "schema:fundedItem"), GRANT, "schema:fundedItem",
     "a grant funds exactly one project (schema:fundedItem)"),
    ("GrantShape", _delete(GRANT, "schema:amount"), GRANT, "schema:amount",
     "a grant needs exactly one amount (schema:amount), a schema:MonetaryAmount"),
    ("GrantShape", _add(GRANT, "schema:funder", ORG), GRANT, "schema:funder",
     "a grant states no schema:funder: the list does not say one (the fund is fg:fund)"),
    ("GrantShape", _add(GRANT, "fg:fund", UMEA), GRANT, "fg:fund",
     "a grant has at most one fund or programme, a fund concept (found <{base}municipality/2480>)"),
    ("OrganisationShape", _delete(ORG, "rdfs:label"), ORG, "rdfs:label",
     "an organisation needs its name as printed (rdfs:label)"),
    ("OrganisationShape", _set(ORG, "fg:nameKey", '"Umeå Kommun"'), ORG, "fg:nameKey",
     "an organisation needs one name key (fg:nameKey): lower-case letters and digits joined by hyphens (found 'Umeå Kommun')"),
    ("OrganisationShape", _set(ORG, "fg:governs", ERDF), ORG, "fg:governs",
     "an organisation governs at most one place, a municipality or county (found <{base}fund/ERDF_2021>)"),
    ("ConceptShape", _delete(UMEA, "skos:inScheme"), UMEA, "skos:inScheme",
     "a concept needs its concept scheme (skos:inScheme)"),
    ("ConceptShape", _add(UMEA, "skos:prefLabel", '"Ume"@sv'), UMEA, "skos:prefLabel",
     "a concept needs its name (skos:prefLabel), at most one per language"),
    ("PriorityShape", _delete(PRIORITY, "skos:prefLabel") + " ;\n" + _delete(PRIORITY, "skos:notation"), PRIORITY, None,
     "a priority needs its number (skos:notation) or its label (skos:prefLabel)"),
    ("PriorityShape", _add(PRIORITY, "skos:prefLabel", '"Annan"@sv'), PRIORITY, "skos:prefLabel",
     "a priority has at most one label (skos:prefLabel) per language"),
    ("MunicipalityShape", _set(UMEA, "skos:notation", '"248"'), UMEA, "skos:notation",
     "a municipality needs exactly one kommunkod (skos:notation, four digits)"),
    ("MunicipalityShape", _delete(UMEA, "skos:broader"), UMEA, "skos:broader",
     "a municipality needs its county (skos:broader)"),
    ("MunicipalityShape", _delete(UMEA, "skos:exactMatch"), UMEA, "skos:exactMatch",
     "a municipality needs its Wikidata item (skos:exactMatch)"),
    ("MunicipalityShape", _delete(UMEA, "skos:broadMatch"), UMEA, "skos:broadMatch",
     "a municipality needs its NUTS-3 region (skos:broadMatch)"),
    ("CountyShape", _set(COUNTY, "skos:notation", '"2"'), COUNTY, "skos:notation",
     "a county needs exactly one county code (skos:notation, two digits)"),
    ("CountyShape", _delete(COUNTY, "fg:iso31662"), COUNTY, "fg:iso31662",
     "a county needs exactly one ISO 3166-2 code such as SE-AC (fg:iso31662)"),
    ("CountyShape", _delete("<http://data.europa.eu/nuts/code/SE33>", "skos:broader"), COUNTY, "skos:exactMatch",
     "a county needs its NUTS-3 region (skos:exactMatch) with NUTS-2 and NUTS-1 parents (skos:broader)"),
    ("CountyShape", f"DELETE DATA {{ {COUNTY} skos:exactMatch wd:Q104877 }}", COUNTY, "skos:exactMatch",
     "a county needs its Wikidata item (skos:exactMatch)"),
    ("FundShape", _delete(ERDF, "skos:notation"), ERDF, "skos:notation",
     "a fund needs exactly one code (skos:notation)"),
    ("FundShape", _delete(ERDF, "skos:exactMatch"), ERDF, None,
     FUND_MATCH),
    ("FundShape", _delete(REGIONAL, "fg:fundingBody"), REGIONAL, None,
     FUND_MATCH),
    # An EU fund of 2014-2020 does not pass as one of 2007-2013 (the period the eu-programme table lacks).
    ("FundShape", _delete(ERDF, "skos:exactMatch") + " ;\n" + _set(ERDF, "fg:programmingPeriod", '"2014-2020"'), ERDF,
     None, FUND_MATCH),
    ("FundShape", _set(ERDF, "fg:programmingPeriod", '"2021-27"'), ERDF, "fg:programmingPeriod",
     "a fund has at most one programming period, one of 2007-2013, 2014-2020 and 2021-2027 (found '2021-27')"),
    ("ManagingAuthorityShape", _delete(AURORA, "fg:managingAuthoritySource"), AURORA, "fg:managingAuthoritySource",
     "a programme's managing authority needs the source of that statement (fg:managingAuthoritySource)"),
    ("ManagingAuthorityShape", _set(AURORA, "fg:managingAuthority", UMEA), AURORA, "fg:managingAuthority",
     "a programme has at most one managing authority, an organisation (found <{base}municipality/2480>)"),
    ("PriorityShape", _set(PRIORITY, "skos:notation", '"III"'), PRIORITY, "skos:notation",
     "a priority has at most one number (skos:notation), in digits (found 'III')"),
    ("ConceptSchemeShape", _delete("<{base}scheme/funds>", "skos:prefLabel"), "<{base}scheme/funds>",
     "skos:prefLabel",
     "a concept scheme needs its name (skos:prefLabel), at most one per language"),
    ("SourceDocumentShape", _delete(DOC, "dct:publisher"), DOC, "dct:publisher",
     "a document needs exactly one publisher (dct:publisher), an organisation"),
    ("SourceDocumentShape", _delete(DOC, "spdx:checksum"), DOC, "spdx:checksum",
     "a document needs exactly one SHA-256 checksum (spdx:checksum)"),
    ("ChecksumShape", _set(CHECKSUM, "spdx:algorithm", "spdx:checksumAlgorithm_md5"), CHECKSUM, "spdx:algorithm",
     "a checksum's algorithm is SHA-256 (spdx:checksumAlgorithm_sha256)"),
    ("ChecksumShape", _set(CHECKSUM, "spdx:checksumValue", '"ABAB"^^xsd:hexBinary'), CHECKSUM,
     "spdx:checksumValue",
     "a checksum's value is 64 lower-case hex digits, an xsd:hexBinary (found abab)"),
    ("DocumentPageShape", _set(PAGE, "fg:pageNumber", "0"), PAGE, "fg:pageNumber",
     "a page needs exactly one page number, an integer ≥ 1 (found 0)"),
    ("DocumentPageShape", _delete(PAGE, "dct:isPartOf"), PAGE, "dct:isPartOf",
     "a page belongs to exactly one source document (dct:isPartOf)"),
    ("dataset:unique-case-id", "INSERT DATA { GRAPH <{base}graph/x> { <{base}project/copy> a fg:Project ; "
     "dct:identifier '20000002' ; fg:amends <{base}project/copy> . <{base}project/x> fg:amends <{base}project/copy> } }",
     None, "dct:identifier",
     "case id is used by 2 different projects; a case id must identify one project"),
]


@pytest.mark.parametrize(("shape", "update", "focus", "path", "words"), BREAKAGES,
                         ids=[f"{b[0]}-{i}" for i, b in enumerate(BREAKAGES)])
def test_breaking_data_gives_a_violation(quads, shape, update, focus, path, words):
    report = validate_store(store_of(quads, update), SETTINGS)
    assert not report.conforms
    focus_iri = focus.replace("{base}", BASE).strip("<>") if focus else None
    hits = [v for v in report.violations if (focus_iri is None or v.focus_node == focus_iri) and v.path == path]
    assert hits, report.text()
    # The rule in words, with the value found; where it stands comes before (test_a_violation_names_its_row).
    line = report.line(hits[0])
    assert line.endswith(": " + words.replace("{base}", BASE)), line
    assert "\n" not in line


def test_an_eu_fund_of_2007_2013_needs_no_eu_programme_match(quads):
    """The eu-programme table has no 2007-2013 concepts (reference/SOURCES.md): ERDF_2007 is matched to none."""
    erdf_2007 = "<{base}fund/ERDF_2007>"
    assert not store_of(quads).query(SPARQL_PREFIXES + f"ASK {{ {erdf_2007} skos:exactMatch ?m }}".replace(
        "{base}", BASE))
    report = validate_store(store_of(quads), SETTINGS)
    assert report.conforms, report.text()


OVER_BUDGET = _set(GRANTED, "schema:value", '"251"^^xsd:decimal')


@pytest.mark.parametrize(("statement", "conforms"), [
    (_add(P, "fg:amountsAsPrinted", "true"), True),
    # the statement on another node, or false, exempts nothing
    (_add(GRANTED, "fg:amountsAsPrinted", "true"), False),
    (_add(P, "fg:amountsAsPrinted", '"false"^^xsd:boolean'), False),
])
def test_a_grant_above_its_total_passes_only_on_a_project_stating_amounts_as_printed(quads, statement, conforms):
    """UK Scotland prints five grants above their totals (swapped_amounts = "as-printed", extract.swapped):
    the over-budget rule passes over a project stating fg:amountsAsPrinted true, and only over it."""
    report = validate_store(store_of(quads, OVER_BUDGET + " ;\n" + statement), SETTINGS)
    over = [line for line in report.lines() if "granted 251 SEK exceeds total budget 250 SEK" in line]
    assert report.conforms is conforms, report.text()
    assert bool(over) is not conforms, report.text()


@pytest.mark.parametrize("kept", ["dct:title", "fg:beneficiary", "dct:identifier"])
def test_a_project_named_by_one_of_title_beneficiary_and_case_id_conforms(quads, kept):
    """Lists withhold natural persons' names and leave titles blank (issue 12): any one of the three names
    the operation (ProjectNamedShape's breakage above removes all three)."""
    update = ";\n".join(_delete(P, p) for p in ("dct:title", "fg:beneficiary", "dct:identifier") if p != kept)
    report = validate_store(store_of(quads, update), SETTINGS)
    assert report.conforms, report.text()


@pytest.mark.parametrize(("node", "where"), [
    (P, "list.pdf, pages 2–3, row 5 (case id 20000002)"),
    (GRANTED, "list.pdf, pages 2–3, row 5 (case id 20000002), fg:grantedAmount"),
    (ORG, "<{base}organisation/umea-kommun> ('Umeå kommun'), used by 1 project, first list.pdf, pages 2–3, "
          "row 5 (case id 20000002)"),
    (DOC, "list.pdf"),
    (PAGE, "list.pdf, page 2"),
])
def test_a_violation_names_its_row(quads, node, where):
    """What the report's line names for a node: the project's document, page, row and case id, as extract's
    messages do (test_publish.py::test_an_over_budget_list_gives_one_line_naming_its_row goes through publish)."""
    from fundgraph.validate.locate import Locator

    assert Locator(store_of(quads)).where(node.replace("{base}", BASE).strip("<>")) == where.replace("{base}", BASE)


def test_a_sheet_row_and_a_csv_line_are_named_as_extract_names_them():
    from fundgraph.extract.records import Source
    from fundgraph.validate.locate import Locator

    sheet = one_record(source=Source(document="list.xlsx", sha256="cd" * 32, row=3, sheet="Projekt", rows=(12, 13)))
    line = one_record(case_id=None, title="Ett projekt utan ärende-id",
                      source=Source(document="list.csv", sha256="ef" * 32, row=1, lines=(40,)))
    store = store_of(list(map_records([sheet, line], SETTINGS)))
    locator = Locator(store)
    assert locator.where(PROJECT) == "list.xlsx, sheet 'Projekt', rows 12–13 (case id 20000002)"
    (other,) = [q.subject.value for q in store.quads_for_pattern(None, None, pyoxigraph.NamedNode(
        "https://w3id.org/fundgraph/ns#Project"), None) if q.subject.value != PROJECT]
    assert locator.where(other) == "list.csv, line 40 (title 'Ett projekt utan ärende-id')"


def test_every_shape_has_a_breakage():
    shapes = Graph()
    for path in resource_dir("shapes").glob("*.ttl"):
        shapes.parse(path)
    names = {str(s).rsplit("#", 1)[1] for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    # OperationalProgrammeShape: broken in tests/test_programmes.py (the record here names no programme).
    # NutsRegionShape (a warning): tests/test_nuts.py. ProjectDatesShape (a warning): below.
    tested = {b[0] for b in BREAKAGES} | {"BeneficiaryTypeShape", "UnlinkedConceptShape", "OperationalProgrammeShape",
                                          "NutsRegionShape", "ProjectDatesShape"}
    assert names <= tested, names - tested


def test_an_end_before_the_start_is_a_warning_naming_the_row(quads):
    store = store_of(quads, _add(P, "schema:startDate", '"2024-05-01"^^xsd:date') + " ;\n"
                     + _add(P, "schema:endDate", '"2023-12-31"^^xsd:date'))
    report = validate_store(store, SETTINGS)
    assert report.conforms, report.text()
    assert report.lines() == ["warning: list.pdf, pages 2–3, row 5 (case id 20000002): end date 2023-12-31 is before "
                              "start date 2024-05-01"]


def test_unknown_organisation_type_is_a_warning(quads):
    store = store_of(quads, "DELETE WHERE { ?org a fg:MunicipalAuthority }")
    report = validate_store(store, SETTINGS)
    assert report.conforms, report.text()
    assert [(w.focus_node, w.severity) for w in report.warnings] == [(f"{BASE}organisation/umea-kommun", "Warning")]
    assert report.lines() == [
        f"warning: <{BASE}organisation/umea-kommun> ('Umeå kommun'), used by 1 project, first list.pdf, pages 2–3, "
        "row 5 (case id 20000002): the organisation's type could not be read from its name (no fg:MunicipalAuthority, "
        "fg:Company, … type)"]


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
    assert all(line.endswith(": value matches no reference concept: unlinked concept without code or external "
                             "match (skos:exactMatch)") for line in report.lines())


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


@pytest.mark.parametrize(("update", "words"), [
    ('DELETE { ?p rdfs:label ?l } INSERT { ?p rdfs:label "" } WHERE { ?p a fg:OperationalProgramme ; rdfs:label ?l }',
     "a programme's name (rdfs:label) is a non-empty text as printed (found '')"),
    ('INSERT { ?p fg:fund <{base}county/24> } WHERE { ?p a fg:OperationalProgramme }',
     "a programme's fund must be a fund concept (found <{base}county/24>)"),
])
def test_a_programme_breaking_its_shape_is_said_in_words(update, words):
    from fundgraph.extract.records import Programme

    store = pyoxigraph.Store()
    store.extend([*reference_quads(SETTINGS, places=small_places(), funds=Funds.load()),
                  *map_records([one_record(programme=Programme(name="Övre Norrland"))], SETTINGS)])
    store.update(SPARQL_PREFIXES + update.replace("{base}", BASE))
    report = validate_store(store, SETTINGS)
    assert any(line.endswith(": " + words.replace("{base}", BASE)) for line in report.lines()), report.lines()
