"""Operations without a title or a beneficiary, kept end to end (issue 12).

Real lists withhold natural persons' names (GDPR) and agricultural beneficiaries, or leave a title blank
(DE Thüringen, FR, DE Berlin 2007–13: tests/test_extract_eu_sheets.py reads their excerpts). Here a CSV list
written the way a managing authority writes one goes through extract (one warning per column, not per row),
publish (RDF without the missing node, projects.csv, its CSVW, kohesio-projects.csv, figures) and the web pages
(a name for an operation the list does not name). A row naming no operation at all stays an error.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyoxigraph
import pytest

from fundgraph.config import Settings
from fundgraph.errors import CellError
from fundgraph.extract import read_list
from fundgraph.mapping import iris
from fundgraph.publish import publish

from test_publish_every_field import HEADERS

BASE = "https://data.example.se/"
DCT = "http://purl.org/dc/terms/"
FG = "https://w3id.org/fundgraph/ns#"
HTML = {"Accept": "text/html"}
FIELDS = ["case_id", "title", "beneficiary", "granted_amount"]
NO_TITLE = {"case_id": "20000051", "beneficiary": "Region Västerbotten", "granted_amount": "300"}
NO_BENEFICIARY = {"case_id": "20000052", "title": "Gård i Vindeln", "granted_amount": "400"}
# Two farms without a case id or a beneficiary: their titles tell them apart (iris.project_key).
FARMS = [{"title": "Gård i Sorsele", "granted_amount": "500"}, {"title": "Gård i Malå", "granted_amount": "500"}]


def _write(path: Path, rows: list[dict[str, str]], fields: list[str] = FIELDS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([HEADERS[f] for f in fields])
        writer.writerows([[row.get(f, "") for f in fields] for row in rows])
    return path


def test_a_missing_title_or_beneficiary_is_absent_with_one_warning_per_column(tmp_path):
    result = read_list(_write(tmp_path / "list.csv", [NO_TITLE, NO_BENEFICIARY, *FARMS]))
    assert [(r.title, r.beneficiary) for r in result.records] == [
        (None, "Region Västerbotten"), ("Gård i Vindeln", None), ("Gård i Sorsele", None), ("Gård i Malå", None)]
    assert [w for w in result.warnings if "(left absent)" in w] == [
        "list.csv, column 'Name of operation': 1 operation has no title (left absent): line 2",
        "list.csv, column 'Beneficiary': 3 operations have no beneficiary (left absent): line 3; line 4; line 5"]


def test_many_rows_without_a_name_give_one_line_naming_the_first_rows(tmp_path):
    rows = [{"case_id": str(20000060 + n), "title": f"Gård {n}", "granted_amount": "100"} for n in range(7)]
    result = read_list(_write(tmp_path / "farms.csv", rows))
    assert len(result.records) == 7
    assert [w for w in result.warnings if "(left absent)" in w] == [
        "farms.csv, column 'Beneficiary': 7 operations have no beneficiary (left absent): "
        "line 2; line 3; line 4; line 5; line 6 and 2 more"]


def test_a_row_naming_no_operation_stays_an_error(tmp_path):
    """An amount alone (no title, beneficiary or case id) says nothing of which operation it is."""
    with pytest.raises(CellError) as error:
        read_list(_write(tmp_path / "amount-only.csv", [NO_TITLE, {"granted_amount": "700"}]))
    assert str(error.value) == ("amount-only.csv, line 3, column 'Name of operation': the row names no operation: "
                                "its title, beneficiary and case id are empty")


@pytest.fixture(scope="module")
def publication(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unnamed")
    listing = _write(folder / "unnamed.csv", [NO_TITLE, NO_BENEFICIARY, *FARMS])
    result = publish([listing], Settings(out_dir=folder / "publish", links_dir=folder / "links", currency="SEK",
                                         country="SE"))
    store = pyoxigraph.Store()
    store.load(path=str(folder / "publish" / "dataset.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    return result, store


def _objects(store, subject: str, predicate: str) -> set[str]:
    return {q.object.value for q in store.quads_for_pattern(pyoxigraph.NamedNode(subject),
                                                            pyoxigraph.NamedNode(predicate), None)}


def _csv(result, name: str) -> list[dict[str, str]]:
    with (result.out_dir / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_data_states_no_title_or_beneficiary_the_list_does_not_give(publication):
    result, store = publication  # publish validated it: ProjectNamedShape holds
    untitled, anonymous = iris.project(BASE, "20000051"), iris.project(BASE, "20000052")
    assert _objects(store, untitled, DCT + "title") == set()
    assert _objects(store, untitled, FG + "beneficiary") == {iris.organisation(BASE, "region-vasterbotten")}
    assert _objects(store, anonymous, FG + "beneficiary") == set()
    assert _objects(store, anonymous, DCT + "title") == {"Gård i Vindeln"}
    farms = [q.subject.value for q in store.quads_for_pattern(None, pyoxigraph.NamedNode(DCT + "title"), None)
             if q.object.value.startswith("Gård i ") and q.object.value != "Gård i Vindeln"]
    assert len(set(farms)) == 2 and all(f.startswith(BASE + "project/op-") for f in farms)
    assert result.figures["projects"] == 4 and result.figures["beneficiaries"] == 1


def test_projects_csv_leaves_the_cells_empty_and_its_csvw_does_not_require_them(publication):
    result, _ = publication
    rows = {row["case_id"]: row for row in _csv(result, "projects.csv")}
    assert len(rows) == 3 and sum(1 for r in _csv(result, "projects.csv") if not r["case_id"]) == 2
    assert (rows["20000051"]["title"], rows["20000051"]["beneficiary"]) == ("", "Region Västerbotten")
    assert (rows["20000052"]["beneficiary"], rows["20000052"]["beneficiary_iri"]) == ("", "")
    metadata = json.loads((result.out_dir / "projects.csv-metadata.json").read_text("utf-8"))
    required = [c["name"] for c in metadata["tableSchema"]["columns"] if c.get("required")]
    assert required == ["project_iri"]


def test_kohesio_csv_leaves_the_name_empty_and_the_publication_says_so(publication):
    result, _ = publication
    rows = {row["Operation_Unique_Identifier"]: row for row in _csv(result, "kohesio-projects.csv")}
    assert rows[iris.project(BASE, "20000051")]["Operation_Name_Programme_Language"] == ""
    assert rows[iris.project(BASE, "20000052")]["Beneficiary_Name"] == ""
    assert ("kohesio-projects.csv: 1 of 4 operations have no name in their list: Operation_Name_Programme_Language, "
            "which Kohesio's schema requires, is left empty (a name is never made up)") in result.warnings


def test_kohesio_csv_names_an_operation_without_a_title_by_the_summary_its_list_prints(tmp_path):
    """Kohesio's schema requires the name; its validator's sample names operations by their description
    (Thüringen's ESF list prints row 134 without a title, its summary "Thüringen Stipendium – Student")."""
    rows = [{"case_id": "20000071", "beneficiary": "BN Automation AG", "granted_amount": "18000",
             "summary": "Thüringen Stipendium – Student"},
            {"case_id": "20000072", "title": "Gård i Vindeln", "beneficiary": "Region Västerbotten",
             "granted_amount": "400", "summary": "En gård."},
            NO_TITLE]
    listing = _write(tmp_path / "summaries.csv", rows, FIELDS + ["summary"])
    result = publish([listing], Settings(out_dir=tmp_path / "out", links_dir=tmp_path / "links", currency="SEK",
                                         country="SE", programming_period="2014-2020"))
    kohesio = {row["Operation_Unique_Identifier"]: row for row in _csv(result, "kohesio-projects.csv")}
    assert [(kohesio[iris.project(BASE, case)]["Operation_Name_Programme_Language"],
             kohesio[iris.project(BASE, case)]["Operation_Summary_Programme_Language"])
            for case in ("20000071", "20000072", "20000051")] == [
        ("Thüringen Stipendium – Student", "Thüringen Stipendium – Student"), ("Gård i Vindeln", "En gård."), ("", "")]
    ours = {row["case_id"]: row for row in _csv(result, "projects.csv")}
    assert ours["20000071"]["title"] == ""  # the data and projects.csv say what the list says: no title
    notes = [w for w in result.warnings if w.startswith("kohesio-projects.csv") and "operations have no" in w]
    assert notes == [
        "kohesio-projects.csv: 1 of 3 operations have no title in their list: Operation_Name_Programme_Language, "
        "which Kohesio's schema requires, is the summary the list prints (as the validator's sample names operations)",
        "kohesio-projects.csv: 1 of 3 operations have no name in their list: Operation_Name_Programme_Language, "
        "which Kohesio's schema requires, is left empty (a name is never made up)"]


@pytest.fixture(scope="module")
def client(publication):
    from fundgraph.serve import create_app

    result, _ = publication
    app = create_app(Settings(), publication_dir=result.out_dir)
    yield app.test_client()
    app.extensions["fundgraph"].backend.close()


@pytest.mark.parametrize("lang, name", [("sv", "Insats 20000051"), ("en", "Operation 20000051")])
def test_pages_name_an_operation_without_a_title_by_its_case_id(client, lang, name):
    page = client.get(f"/project/20000051?lang={lang}", headers=HTML).get_data(as_text=True)
    assert f"<h1>{name}</h1>" in page and f"<title>{name}" in page
    browse = client.get(f"/projects?lang={lang}", headers=HTML).get_data(as_text=True)
    assert f'/project/20000051">{name}</a>' in browse
