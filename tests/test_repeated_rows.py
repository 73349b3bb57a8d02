"""Rows without a case id alike in every field stay operations of their own (issue 12).

Thüringen's ERDF 2007–13 list prints 351 rows that repeat an earlier row in every cell it has, each a grant
of its own: the list's sums count them all. ``iris.number_repeats`` numbers the n-th such row in list order
(``Source.occurrence``), ``iris.project_key`` gives it the first one's key + "-n"; the first keeps its key.
Here a CSV list written as a managing authority writes one is published twice: one operation per row, the
same IRIs both times, figures and projects.csv counting every row.
"""

from __future__ import annotations

import csv
import json
from dataclasses import replace

import pyoxigraph

from fundgraph.config import Settings
from fundgraph.extract import read_list
from fundgraph.mapping import iris
from fundgraph.publish import publish

from test_unnamed_operations import _write

BASE = "https://data.example.se/"
FIELDS = ["title", "beneficiary", "granted_amount"]
SEMINAR = {"title": "Seminarreihe Energie", "beneficiary": "Stadt Erfurt", "granted_amount": "1500"}
OTHER = {"title": "Radweg", "beneficiary": "Stadt Jena", "granted_amount": "700"}
ROWS = [SEMINAR, OTHER, SEMINAR, SEMINAR]  # lines 2, 3, 4, 5


def test_the_n_th_row_alike_is_numbered_and_the_first_keeps_its_key(tmp_path):
    records = read_list(_write(tmp_path / "list.csv", ROWS, FIELDS)).records
    first_key = iris.project_key(records[0])
    warnings: list[str] = []
    numbered = list(iris.number_repeats(records, warnings))
    assert [r.source.occurrence for r in numbered] == [None, None, 2, 3]
    assert [iris.project_key(r) for r in numbered] == [first_key, iris.project_key(records[1]),
                                                        f"{first_key}-2", f"{first_key}-3"]
    assert warnings == ["list.csv, line 4: alike in every field to line 2 (no case id): kept as an operation of "
                        "its own, the 2nd alike",
                        "list.csv, line 5: alike in every field to line 2 (no case id): kept as an operation of "
                        "its own, the 3rd alike"]
    # Numbering again (a record already numbered) changes nothing; the JSON form keeps the number.
    assert [iris.project_key(r) for r in iris.number_repeats(numbered)] == [iris.project_key(r) for r in numbered]
    assert numbered[2].source.to_json()["occurrence"] == 2 and "occurrence" not in numbered[0].source.to_json()
    assert type(numbered[2]).from_json(numbered[2].to_json()).source.occurrence == 2


def test_rows_with_a_case_id_are_not_numbered(tmp_path):
    rows = [{**SEMINAR, "case_id": "20000070"}, {**OTHER, "case_id": "20000071"}]
    records = read_list(_write(tmp_path / "list.csv", rows, ["case_id", *FIELDS])).records
    assert [iris.project_key(r) for r in iris.number_repeats(records * 2)] == ["20000070", "20000071"] * 2


def _publish(path, out):
    return publish([path], Settings(base_iri=BASE, out_dir=out, links_dir=out.parent / "links", currency="EUR",
                                    allow_unknown_concepts=True))


def _projects(out) -> list[str]:
    store = pyoxigraph.Store.read_only(str(out / "store"))
    rows = store.query("SELECT ?p { ?p a <https://w3id.org/fundgraph/ns#Project> }")
    return sorted(row["p"].value for row in rows)


def test_a_list_with_repeated_rows_publishes_one_operation_per_row_with_stable_iris(tmp_path):
    path = _write(tmp_path / "list.csv", ROWS, FIELDS)
    first = _publish(path, tmp_path / "one")
    again = _publish(path, tmp_path / "two")
    iris_one, iris_two = _projects(tmp_path / "one"), _projects(tmp_path / "two")
    assert len(iris_one) == 4 and iris_one == iris_two
    key = iris.project_key(replace(read_list(path).records[0], currency="EUR"))  # the setting's currency
    assert {f"{BASE}project/{key}", f"{BASE}project/{key}-2", f"{BASE}project/{key}-3"} <= set(iris_one)
    # The figures and projects.csv count every row, as the mapping does.
    for result in (first, again):
        assert result.figures["projects"] == 4
        assert result.figures["granted_amount"] == {"EUR": "5200"}
    with (tmp_path / "one" / "projects.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert sorted(row["project_iri"] for row in table) == iris_one
    assert sum(1 for w in first.warnings if "kept as an operation of its own" in w) == 2
    assert json.loads((tmp_path / "one" / "figures.json").read_text("utf-8"))["projects"] == 4
