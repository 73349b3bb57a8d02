"""figures.json and projects.csv are counted from the records as they are mapped: they must agree with what
the published data says (SPARQL over the store), count a project listed twice once, and not depend on the
order the records come in."""

from __future__ import annotations

import csv
import json
import random
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest

from fundgraph.config import Settings
from fundgraph.extract.records import ProjectRecord, Source
from fundgraph.mapping import MappingContext
from fundgraph.mapping.vocab import PREFIXES
from fundgraph.publish import figures as figures_module
from fundgraph.publish.figures import FigureCounter
from fundgraph.publish.projects import ProjectReader, Tally
from fundgraph.publish.tables import PROJECTS_CSV, KOHESIO_CSV, ProjectTable

EXPECTED = Path(__file__).parent / "data" / "granted-projects-vasterbotten.expected.json"
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
DIMENSIONS = {
    "by_fund": ("fg:fund", "skos:notation", "skos:prefLabel"),
    "by_priority": ("fg:priority", "skos:notation", "skos:prefLabel"),
    "by_municipality": ("fg:municipality", "skos:notation", "skos:prefLabel"),
    "by_county": ("fg:county", "skos:notation", "skos:prefLabel"),
    "by_beneficiary": ("fg:beneficiary", "fg:nameKey", "rdfs:label"),
}


def records() -> list[ProjectRecord]:
    data = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return [ProjectRecord.from_json(p) for p in data["projects"]]


def tally(items, work: Path) -> tuple[FigureCounter, ProjectTable]:
    counter, table = FigureCounter(), ProjectTable(work)
    for _ in Tally(ProjectReader(MappingContext(Settings())), counter, table).watch(items):
        pass
    return counter, table


def test_figures_agree_with_the_published_data(published):
    store = pyoxigraph.Store.read_only(str(published.out_dir / "store"))
    figures = published.figures
    for key, (prop, code, label) in DIMENSIONS.items():
        query = PROLOGUE + f"""
        SELECT ?x ?n ?granted ?total ?code ?label WHERE {{
          {{ SELECT ?x (COUNT(?p) AS ?n) (SUM(?g) AS ?granted) (SUM(COALESCE(?t, 0)) AS ?total) WHERE {{
              ?p a fg:Project ; {prop} ?x ; fg:grantedAmount/schema:value ?g .
              OPTIONAL {{ ?p fg:totalBudget/schema:value ?t }} }} GROUP BY ?x }}
          {{ SELECT ?x (MIN(?c) AS ?code) (MIN(?l) AS ?label) WHERE {{
              ?x {code} ?c ; {label} ?l FILTER(lang(?l) IN ('sv', '')) }} GROUP BY ?x }}
        }}"""
        expected = {row["x"].value: (int(row["n"].value), int(Decimal(row["granted"].value)),
                                     int(Decimal(row["total"].value)), row["code"].value, row["label"].value)
                    for row in store.query(query, use_default_graph_as_union=True)}
        code_key = {"by_priority": "number", "by_municipality": "kommunkod", "by_beneficiary": "key"}.get(key, "code")
        counted = {row["iri"]: (row["projects"], int(row["granted_amount"]["SEK"]), int(row["total_budget"]["SEK"]),
                                str(row[code_key]), row["label"]) for row in figures[key]}
        assert counted == expected, key


def test_a_project_in_two_lists_counts_once_as_the_first_list_gives_it(tmp_path):
    first = records()
    again = [replace(r, granted_amount=r.granted_amount + 1, beneficiary=r.beneficiary.upper(),
                     source=Source(document="later.pdf", sha256="cd" * 32, pages=(1,))) for r in first[:5]]
    counter, table = tally(first + again, tmp_path)
    (tmp_path / "alone").mkdir()
    alone, _ = tally(records(), tmp_path / "alone")
    figures, expected = counter.figures(), alone.figures()
    assert figures["projects"] == 17 and figures["granted_amount"] == expected["granted_amount"]
    assert figures["by_fund"] == expected["by_fund"]
    # The later list's spelling (same organisation key) is a label in the data too, and the smallest one.
    labels = {b["key"]: b["label"] for b in figures["by_beneficiary"]}
    for r in first[:5]:
        assert labels[ProjectReader(MappingContext(Settings())).beneficiary(r.beneficiary)[1]] == r.beneficiary.upper()
    assert table.count == 17


def test_csv_rows_are_by_case_id_whatever_the_order_of_the_records(tmp_path):
    outputs = []
    for seed in (None, 1, 2):
        items = records()
        if seed is not None:
            random.Random(seed).shuffle(items)
        work = tmp_path / f"work-{seed}"
        work.mkdir()
        counter, table = tally(items, work)
        assert table.write(work, Settings(), counter) == 17
        outputs.append(((work / PROJECTS_CSV).read_bytes(), (work / KOHESIO_CSV).read_bytes()))
        assert [p.name for p in work.iterdir() if p.suffix not in (".csv", ".json")] == []  # work files gone
    assert outputs[0] == outputs[1] == outputs[2]
    with (tmp_path / "work-1" / PROJECTS_CSV).open(encoding="utf-8", newline="") as f:
        cases = [row["case_id"] for row in csv.DictReader(f)]
    assert cases == sorted(cases) and len(cases) == 17


def test_csv_is_what_publish_wrote(published, tmp_path):
    counter, table = tally(records(), tmp_path)
    table.write(tmp_path, Settings(), counter)
    for name in (PROJECTS_CSV, KOHESIO_CSV):
        assert (tmp_path / name).read_bytes() == (published.out_dir / name).read_bytes()
    assert counter.figures() == published.figures


def test_by_beneficiary_lists_the_largest_beneficiaries_only(published, monkeypatch, tmp_path):
    monkeypatch.setattr(figures_module, "TOP_BENEFICIARIES", 3)
    top = tally(records(), tmp_path)[0].figures()
    assert top["beneficiaries"] == 11  # all of them counted
    assert top["by_beneficiary"] == published.figures["by_beneficiary"][:3]
    assert top["by_municipality"] == published.figures["by_municipality"]  # only beneficiaries are cut
    assert len(published.figures["by_beneficiary"]) == 11  # the default cap (100) keeps all of a small list


@pytest.mark.parametrize("kind", ["fund", "municipality"])
def test_unknown_values_are_counted_under_their_unlinked_concept(kind, tmp_path):
    items = records()[:2]
    if kind == "fund":
        items[0] = replace(items[0], fund="Atlantisfonden")
    else:
        items[0] = replace(items[0], municipalities=("Atlantis", *items[0].municipalities))
    counter, table = tally(items, tmp_path)
    rows = counter.figures()["by_" + kind]
    unlinked = [r for r in rows if "/unlinked-" in r["iri"]]
    assert [(r["label"], r["projects"]) for r in unlinked] == [("Atlantis" if kind != "fund" else "Atlantisfonden", 1)]
    table.write(tmp_path, Settings(), counter)
    text = (tmp_path / PROJECTS_CSV).read_text(encoding="utf-8")
    assert ("Atlantisfonden" in text) == (kind == "fund")  # an unlinked place has no code: not in the lists


def test_void_counts_agree_with_the_store(published):
    import rdflib

    store = pyoxigraph.Store.read_only(str(published.out_dir / "store"))
    void = rdflib.Graph().parse(published.out_dir / "void.ttl")
    ns = rdflib.Namespace("http://rdfs.org/ns/void#")

    def one(query: str) -> int:
        (row,) = store.query(query, use_default_graph_as_union=True)
        return int(row["n"].value)

    dataset = rdflib.URIRef("https://data.example.se/dataset")
    assert int(void.value(dataset, ns.distinctSubjects)) == one("SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }")
    assert int(void.value(dataset, ns.entities)) == one("SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c }")
    classes = {row["c"].value: int(row["n"].value) for row in store.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c } GROUP BY ?c", use_default_graph_as_union=True)}
    properties = {row["p"].value: int(row["n"].value) for row in store.query(
        "SELECT ?p (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } } GROUP BY ?p",
        use_default_graph_as_union=True)}
    assert {str(void.value(part, ns["class"])): int(void.value(part, ns.entities))
            for part in void.objects(dataset, ns.classPartition)} == classes
    assert {str(void.value(part, ns.property)): int(void.value(part, ns.triples))
            for part in void.objects(dataset, ns.propertyPartition)} == properties
