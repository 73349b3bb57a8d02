"""Nothing lost, through publish (issue 11): a list (a CSV file, as a managing authority writes one) whose first
operation fills every field a list can give, and whose others fill only what a list must — one with a priority
given only by its label, none with a total budget — published with ``publish``; each field is read back from
the dumps (dataset.nq), projects.csv and figures.json, and a field the row leaves empty is in none of them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyoxigraph
import pytest

from fundgraph.config import Settings
from fundgraph.mapping import iris
from fundgraph.publish import publish

from test_every_field import CSV_COLUMNS, FG, FULL, RDF_PATHS, SKOS

HEADERS = {  # field → a header the English wordings of extract/aliases.py match
    "case_id": "Project reference", "title": "Name of operation", "beneficiary": "Beneficiary",
    "granted_amount": "Grant awarded", "total_budget": "Total eligible expenditure", "eu_amount": "EU contribution",
    "paid_amount": "Amount paid", "cofinancing_rate": "Union co-financing rate", "start_date": "Start date",
    "end_date": "End date", "fund": "Fund", "programme": "Operational programme", "priority": "Priority axis",
    "specific_objective": "Specific objective", "intervention_category": "Category of intervention",
    "country": "Country", "nuts_code": "NUTS", "postcode": "Postcode", "place": "Location",
    "municipalities": "Municipalities", "counties": "County", "summary": "Project description", "status": "Status",
}
FILLED = {  # FULL (tests/test_every_field.py) as a list prints it
    "case_id": "20000042", "title": "Digitalt Umeå", "beneficiary": "Umeå kommun", "granted_amount": "1234.56",
    "total_budget": "2469.12", "eu_amount": "1000", "paid_amount": "500.5", "cofinancing_rate": "40%",
    "start_date": "2022-01-01", "end_date": "2024-12-31", "fund": "ERUF", "programme": "Övre Norrland",
    "priority": "Prioritering 2: Digitalisering", "specific_objective": "RSO1.2", "intervention_category": "016",
    "country": "SE", "nuts_code": "SE331", "postcode": "90184", "place": "Umeå", "municipalities": "Umeå",
    "counties": "Västerbotten", "summary": "Ett projekt.", "status": "pågående",
}
BARE = {"case_id": "20000043", "title": "Bara det nödvändiga", "beneficiary": "Region Västerbotten",
        "granted_amount": "100"}
LABEL_ONLY = {"case_id": "20000044", "title": "Hållbar besöksnäring", "beneficiary": "Region Västerbotten",
              "granted_amount": "200", "priority": "Hållbarhet"}
# What the CSV cannot say: a programme's CCI code (no list column feeds it; tests/test_every_field.py maps one),
# and amounts kept as printed (a grant above its total under swapped_amounts: tests/test_swapped_amounts.py).
NOT_FROM_A_LIST = {"programme", "amounts_as_printed"}


def _write(path: Path, rows: list[dict[str, str]], fields: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([HEADERS[f] for f in fields])
        writer.writerows([[row.get(f, "") for f in fields] for row in rows])
    return path


@pytest.fixture(scope="module")
def publication(tmp_path_factory):
    folder = tmp_path_factory.mktemp("every-field")
    listing = _write(folder / "every-field.csv", [FILLED, BARE, LABEL_ONLY], list(HEADERS))
    result = publish([listing], Settings(out_dir=folder / "publish", links_dir=folder / "links", currency="SEK"))
    store = pyoxigraph.Store()
    store.load(path=str(folder / "publish" / "dataset.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    with (folder / "publish" / "projects.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["case_id"]: row for row in csv.DictReader(handle)}
    return result, store, rows


def _values(store: pyoxigraph.Store, case_id: str, path: str) -> set[str]:
    project = iris.project("https://data.example.se/", case_id)
    return {row["v"].value for row in store.query(f"SELECT ?v WHERE {{ <{project}> {path} ?v }}",
                                                  use_default_graph_as_union=True)}


def test_every_field_a_list_gives_is_in_the_dumps_and_the_csv(publication):
    _, store, rows = publication
    for name, (path, expected) in RDF_PATHS.items():
        if name not in NOT_FROM_A_LIST:
            assert _values(store, "20000042", path) == {expected}, name
    assert _values(store, "20000042", f"<{FG}programmeName>") == {FULL.programme.name}
    for column, expected in CSV_COLUMNS.items():
        if column not in ("programme_cci", "amounts_as_printed"):
            assert rows["20000042"][column] == expected, column


def test_a_field_the_row_leaves_empty_is_nowhere(publication):
    _, store, rows = publication
    required = {"case_id", "title", "beneficiary", "currency", "granted_amount"}
    for name, (path, _) in RDF_PATHS.items():
        if name not in required:
            assert _values(store, "20000043", path) == set(), name
    row = rows["20000043"]
    for column in CSV_COLUMNS:
        if column not in required:
            assert row[column] == "", column


def test_a_priority_given_by_its_label_only_is_in_the_dumps_and_the_csv(publication):
    _, store, rows = publication
    assert _values(store, "20000044", f"<{FG}priority>/<{SKOS}prefLabel>") == {"Hållbarhet"}
    assert _values(store, "20000044", f"<{FG}priority>/<{SKOS}notation>") == set()
    assert (rows["20000044"]["priority"], rows["20000044"]["priority_number"]) == ("Hållbarhet", "")


def test_figures_count_and_sum_only_the_projects_with_a_budget(publication):
    result, _, _ = publication
    figures = json.loads((result.out_dir / "figures.json").read_text("utf-8"))
    assert (figures["projects"], figures["projects_with_budget"]) == (3, 1)
    assert figures["total_budget"] == {"SEK": "2469.12"} and figures["granted_amount"] == {"SEK": "1534.56"}
    assert "total budgets 2\u00a0469.12 SEK (1 of 3 projects state one)" in result.summary()


def test_a_list_without_a_budget_column_says_not_given(tmp_path):
    fields = [f for f in HEADERS if f != "total_budget"]
    listing = _write(tmp_path / "no-budget.csv", [FILLED, LABEL_ONLY], fields)
    result = publish([listing], Settings(out_dir=tmp_path / "publish", links_dir=tmp_path / "links", currency="SEK"))
    assert result.figures["projects_with_budget"] == 0 and result.figures["total_budget"] == {}
    assert "total budgets not given" in result.summary() and " 0 SEK" not in result.summary()
    dump = (tmp_path / "publish" / "dataset.nt").read_text("utf-8")
    assert f"> <{FG}totalBudget> " not in dump  # as a predicate (the ontology describes the term itself)
    with (tmp_path / "publish" / "projects.csv").open(encoding="utf-8", newline="") as handle:
        assert {row["total_budget"] for row in csv.DictReader(handle)} == {""}
    assert any("programming period" in w for w in result.warnings)  # the default was assumed, and said so
