"""Nothing lost (issue 11): every field of every record appears in the RDF and in projects.csv, and a field
the list lacks appears nowhere (never 0, never ""). Records using every field, each with and without a value,
are mapped, validated, written as N-Triples and read back, and tabulated into projects.csv."""

from __future__ import annotations

import csv
from dataclasses import fields, replace
from datetime import date
from decimal import Decimal

import pyoxigraph
import pytest

from fundgraph.config import Settings
from fundgraph.extract.records import ProjectRecord, Programme, Source
from fundgraph.mapping import MappingContext, iris, map_records, reference_quads
from fundgraph.publish.figures import FigureCounter
from fundgraph.publish.projects import ProjectReader, Tally
from fundgraph.publish.tables import PROJECTS_CSV, ProjectTable
from fundgraph.validate import validate_store

SETTINGS = Settings(base_iri="https://data.example.se/")
FG, SCHEMA, DCT, SKOS = ("https://w3id.org/fundgraph/ns#", "http://schema.org/", "http://purl.org/dc/terms/",
                         "http://www.w3.org/2004/02/skos/core#")

FULL = ProjectRecord(
    case_id="20000042", title="Digitalt Umeå", beneficiary="Umeå kommun", currency="SEK",
    granted_amount=Decimal("1234.56"), total_budget=Decimal("2469.12"), eu_amount=Decimal("1000"),
    paid_amount=Decimal("500.5"), cofinancing_rate=Decimal("40"), start_date=date(2022, 1, 1),
    end_date=date(2024, 12, 31), fund="ERUF", programme=Programme(name="Övre Norrland", cci="2021SE16RFPR007"),
    priority_number=2, priority_label="Digitalisering", specific_objective="RSO1.2", intervention_category="016",
    country="SE", nuts_code="SE331", postcode="90184", place="Umeå", municipalities=("Umeå",),
    counties=("Västerbotten",), summary="Ett projekt.", status="pågående",
    amounts_as_printed=True,
    source=Source(document="lista.pdf", sha256="ab" * 32, row=1, pages=(1,)))

# Where each field shows in the RDF: (path from the project, expected lexical value or None for "an IRI").
RDF_PATHS = {
    "case_id": (f"<{DCT}identifier>", "20000042"),
    "title": (f"<{DCT}title>", "Digitalt Umeå"),
    "beneficiary": (f"<{FG}beneficiary>/<http://www.w3.org/2000/01/rdf-schema#label>", "Umeå kommun"),
    "currency": (f"<{FG}grantedAmount>/<{SCHEMA}currency>", "SEK"),
    "granted_amount": (f"<{FG}grantedAmount>/<{SCHEMA}value>", "1234.56"),
    "total_budget": (f"<{FG}totalBudget>/<{SCHEMA}value>", "2469.12"),
    "eu_amount": (f"<{FG}euAmount>/<{SCHEMA}value>", "1000"),
    "paid_amount": (f"<{FG}paidAmount>/<{SCHEMA}value>", "500.5"),
    "cofinancing_rate": (f"<{FG}cofinancingRate>", "40"),
    "start_date": (f"<{SCHEMA}startDate>", "2022-01-01"),
    "end_date": (f"<{SCHEMA}endDate>", "2024-12-31"),
    "fund": (f"<{FG}fund>/<{SKOS}notation>", "ERDF_2021"),
    "programme": (f"<{FG}programmeCode>", "2021SE16RFPR007"),
    "priority_number": (f"<{FG}priority>/<{SKOS}notation>", "2"),
    "priority_label": (f"<{FG}priority>/<{SKOS}prefLabel>", "Digitalisering"),
    "specific_objective": (f"<{FG}specificObjective>", "RSO1.2"),
    "intervention_category": (f"<{FG}interventionCategory>", "016"),
    "country": (f"<{FG}country>", "http://publications.europa.eu/resource/authority/country/SWE"),
    "nuts_code": (f"<{FG}nutsRegion>", "http://data.europa.eu/nuts/code/SE331"),
    "postcode": (f"<{SCHEMA}postalCode>", "90184"),
    "place": (f"<{FG}placeName>", "Umeå"),
    "municipalities": (f"<{FG}municipality>/<{SKOS}notation>", "2480"),
    "counties": (f"<{FG}county>/<{SKOS}notation>", "24"),
    "summary": (f"<{DCT}abstract>", "Ett projekt."),
    "status": (f"<{FG}status>", "pågående"),
    "amounts_as_printed": (f"<{FG}amountsAsPrinted>", "true"),
}
CSV_COLUMNS = {"case_id": "20000042", "title": "Digitalt Umeå", "currency": "SEK", "granted_amount": "1234.56",
               "total_budget": "2469.12", "eu_amount": "1000", "paid_amount": "500.5", "cofinancing_rate": "40",
               "start_date": "2022-01-01", "end_date": "2024-12-31", "fund_code": "ERDF_2021",
               "programme_cci": "2021SE16RFPR007", "programme_name": "Övre Norrland", "priority_number": "2",
               "priority": "Digitalisering", "specific_objective": "RSO1.2", "intervention_category": "016",
               "country": "SE", "nuts_code": "SE331", "postcode": "90184", "place": "Umeå", "kommunkoder": "2480",
               "county_codes": "24", "summary": "Ett projekt.", "status": "pågående",
               "amounts_as_printed": "true"}
OPTIONAL = [f.name for f in fields(ProjectRecord) if f.name not in ("title", "beneficiary", "source", "currency",
                                                                     "granted_amount")]


def without(name: str) -> ProjectRecord:
    """FULL without field ``name`` (the priority label stays when only the number goes, and so on)."""
    return replace(FULL, **{name: () if name in ("municipalities", "counties") else None})


def published(records: list[ProjectRecord], tmp_path) -> tuple[pyoxigraph.Store, list[dict]]:
    store = pyoxigraph.Store()
    store.bulk_extend(reference_quads(SETTINGS))
    context = MappingContext(SETTINGS)
    counter, table = FigureCounter(), ProjectTable(tmp_path)
    tally = Tally(ProjectReader(context), counter, table)
    store.bulk_extend(map_records(tally.watch(records), SETTINGS, context=context))
    report = validate_store(store, SETTINGS)
    assert report.conforms, report.text()
    # through a dump and back, as a harvester reads it
    dump = tmp_path / "dataset.nq"
    store.dump(str(dump), pyoxigraph.RdfFormat.N_QUADS)
    again = pyoxigraph.Store()
    again.load(path=str(dump), format=pyoxigraph.RdfFormat.N_QUADS)
    table.write(tmp_path, SETTINGS, counter)
    with (tmp_path / PROJECTS_CSV).open(encoding="utf-8", newline="") as f:
        return again, list(csv.DictReader(f))


def values(store: pyoxigraph.Store, record: ProjectRecord, path: str) -> set[str]:
    project = iris.project(SETTINGS.base_iri, iris.project_key(record))
    return {row["v"].value for row in store.query(f"SELECT ?v WHERE {{ <{project}> {path} ?v }}",
                                                  use_default_graph_as_union=True)}


def test_every_field_is_in_the_rdf_and_the_csv(tmp_path):
    store, rows = published([FULL], tmp_path)
    for name, (path, expected) in RDF_PATHS.items():
        assert values(store, FULL, path) == {expected}, name
    assert values(store, FULL, f"<{FG}programmeName>") == {"Övre Norrland"}
    assert set(RDF_PATHS) | {"source"} == {f.name for f in fields(ProjectRecord)}
    (row,) = rows
    for column, expected in CSV_COLUMNS.items():
        assert row[column] == expected, column


@pytest.mark.parametrize("name", OPTIONAL)
def test_a_field_the_list_lacks_is_nowhere(name, tmp_path):
    record = without(name)
    store, rows = published([record], tmp_path)
    (row,) = rows
    path, _ = RDF_PATHS[name]
    if name == "priority_label":
        assert values(store, record, path) == set()
    elif name == "priority_number":  # label only: the priority is minted from its label, without a number
        assert values(store, record, path) == set()
        assert values(store, record, f"<{FG}priority>/<{SKOS}prefLabel>") == {"Digitalisering"}
        assert row["priority"] == "Digitalisering" and row["priority_number"] == ""
    else:
        assert values(store, record, path) == set(), name
    columns = {"programme": ("programme_cci", "programme_name"), "fund": ("fund_code", "fund"),
               "municipalities": ("kommunkoder", "municipalities"), "counties": ("county_codes", "counties"),
               "priority_label": ("priority",)}.get(name, (name,))
    if name != "priority_number":
        for column in columns:
            assert row[column] == "", (name, column)


def test_label_only_priority_is_stable_and_shared():
    one = iris.priority_of(SETTINGS.base_iri, None, "Digitalisering")
    assert one == iris.priority_of(SETTINGS.base_iri, None, "Digitalisering") != iris.priority_of(
        SETTINGS.base_iri, None, "Hållbarhet")
    assert one.startswith("https://data.example.se/priority/label-")


def test_rows_without_identifier_get_a_stable_key():
    bare = replace(FULL, case_id=None)
    assert iris.project_key(bare) == iris.project_key(replace(bare, source=Source(document="v2.pdf", sha256="cd" * 32)))
    assert iris.project_key(bare).startswith("op-") and len(iris.project_key(bare)) == 27
    assert iris.project_key(bare) != iris.project_key(replace(bare, granted_amount=Decimal("1")))


def test_figures_by_country_and_currency(tmp_path):
    german = replace(FULL, case_id="D-1", beneficiary="Stadt Bremen", currency="EUR", country="DE",
                     granted_amount=Decimal("10.5"), total_budget=None, municipalities=(), counties=(), fund=None)
    counter, table = FigureCounter(), ProjectTable(tmp_path)
    for _ in Tally(ProjectReader(MappingContext(SETTINGS)), counter, table).watch([FULL, german]):
        pass
    figures = counter.figures()
    assert figures["granted_amount"] == {"EUR": "10.5", "SEK": "1234.56"}
    assert figures["total_budget"] == {"SEK": "2469.12"} and figures["projects_with_budget"] == 1
    by_country = {row["country"]: row for row in figures["by_country"]}
    assert by_country["DE"]["iri"] == "http://publications.europa.eu/resource/authority/country/DEU"
    assert (by_country["DE"]["granted_amount"], by_country["DE"]["total_budget"]) == ({"EUR": "10.5"}, {})
    assert {row["currency"]: row["projects"] for row in figures["by_currency"]} == {"EUR": 1, "SEK": 1}
