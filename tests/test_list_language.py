"""A list's texts are tagged with its own language (issue 12): the language its headers are worded in
(``ExtractedList.language``, from extract/aliases.py's wordings) tags titles, summaries and labels, and the pages
and the search work for a list that is not Swedish."""

from __future__ import annotations

import csv
from pathlib import Path

import pyoxigraph
import pytest

from fundgraph.config import Settings
from fundgraph.extract import read_list
from fundgraph.publish import publish

ROOT = Path(__file__).resolve().parents[1]
EU = ROOT / "tests" / "data" / "eu-lists"
DCT = "http://purl.org/dc/terms/"
HEADERS = ["Projektnummer", "Name des Projekts", "Name des Begünstigten", "Bewilligter Betrag", "Gesamtkosten",
           "Fonds", "Projektbeschreibung"]
ROWS = [["DE-2014-001", "Digitalisierung der Hafenlogistik", "Freie Hansestadt Bremen", "150000", "300000", "ERDF",
         "Das Vorhaben fördert kleine Unternehmen bei der Einführung digitaler Werkzeuge im Hafen."],
        ["DE-2014-002", "Grüne Wärme für Quartiere", "Stadtwerke Bremen GmbH", "80000", "160000", "ERDF",
         "Wärmepumpen für Wohnquartiere."]]


@pytest.mark.parametrize(("name", "language"), [
    ("DE2-bayern-pages-1-4-55.pdf", "de"),
    ("MT-erdf-opi-pages-1-3.pdf", "en"),
    ("NL-esf-e1-pages-1-51-82.pdf", "nl"),
    ("AT.austria__ERDF_2014-2020__Vorhabensliste_IWB_EFRE_AT2014-2020_Download.xlsx", "de"),  # bilingual headers
    ("DK.denmark__2014-2020__ERDF_Denmark_2014-2020.original.csv", "da"),
])
def test_the_language_of_a_real_list_is_that_of_its_headers(name, language):
    assert read_list(EU / name).language == language


def test_the_swedish_fixture_is_swedish():
    assert read_list(ROOT / "examples" / "granted-projects-vasterbotten.pdf").language == "sv"


@pytest.fixture(scope="module")
def german(tmp_path_factory):
    folder = tmp_path_factory.mktemp("german")
    listing = folder / "vorhaben.csv"
    with listing.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADERS, *ROWS])
    publish([listing], Settings(out_dir=folder / "publish", links_dir=folder / "links", currency="EUR",
                                programming_period="2014-2020"))
    return folder / "publish"


def test_titles_and_summaries_are_tagged_with_the_list_language(german):
    store = pyoxigraph.Store.read_only(str(german / "store"))
    texts = {(row["p"].value, row["t"].language) for row in store.query(
        f"SELECT ?p ?t WHERE {{ ?s a <https://w3id.org/fundgraph/ns#Project> ; ?p ?t "
        f"FILTER(?p IN (<{DCT}title>, <{DCT}abstract>)) }}", use_default_graph_as_union=True)}
    assert texts == {(DCT + "title", "de"), (DCT + "abstract", "de")}


def test_pages_and_search_work_for_a_german_list(german):
    from fundgraph.serve import create_app

    app = create_app(Settings(), publication_dir=german)
    try:
        client = app.test_client()
        page = client.get("/project/DE-2014-001", headers={"Accept": "text/html"})
        html = page.get_data(as_text=True)
        assert page.status_code == 200, html[:300]
        assert "Digitalisierung der Hafenlogistik" in html
        assert '<p class="summary" lang="de">Das Vorhaben fördert kleine Unternehmen' in html
        found = client.get("/search?q=fordert Hafen").get_json()
        assert [r["case_id"] for r in found["results"]] == ["DE-2014-001"], found
        found = client.get("/search?q=Wärmepumpen").get_json()
        assert [r["case_id"] for r in found["results"]] == ["DE-2014-002"], found
        browse = client.get("/projects?q=Quartiere", headers={"Accept": "text/html"}).get_data(as_text=True)
        assert "Grüne Wärme für Quartiere" in browse and "Digitalisierung der Hafenlogistik" not in browse
    finally:
        app.extensions["fundgraph"].backend.close()
