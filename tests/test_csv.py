"""CSV distributions: projects.csv round-trips to the list's projects and sums, its CSVW metadata describes
it, and kohesio-projects.csv names funds and programmes as Kohesio does."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from fundgraph.publish.tables import PROJECT_COLUMNS

EXPECTED = json.loads((Path(__file__).parent / "data" / "granted-projects-vasterbotten.expected.json")
                      .read_text(encoding="utf-8"))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def projects(published):
    return read_csv(published.out_dir / "projects.csv")


@pytest.fixture(scope="module")
def kohesio(published):
    return read_csv(published.out_dir / "kohesio-projects.csv")


def test_projects_csv_round_trips_to_the_list(projects):
    by_case = {row["case_id"]: row for row in projects}
    assert [row["case_id"] for row in projects] == sorted(by_case) and len(by_case) == 17
    assert sum(int(r["granted_amount"]) for r in projects) == 72_750_869
    assert sum(int(r["total_budget"]) for r in projects) == 225_263_121
    assert {r["currency"] for r in projects} == {"SEK"}
    for expected in EXPECTED["projects"]:
        row = by_case[expected["case_id"]]
        assert row["title"] == expected["title"]
        assert row["summary"] == expected["summary"]
        assert row["granted_amount"] == expected["granted_amount"]
        assert row["total_budget"] == expected["total_budget"]
        assert int(row["priority_number"]) == expected["priority_number"]
        assert sorted(row["municipalities"].split(";")) == sorted(expected["municipalities"])
        assert len(row["kommunkoder"].split(";")) == len(expected["municipalities"])
        assert row["project_iri"] == f"https://data.example.se/project/{expected['case_id']}"
        assert row["beneficiary"].casefold() == expected["beneficiary"].casefold()


def test_projects_csv_has_the_documented_header(published):
    with (published.out_dir / "projects.csv").open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == [c[0] for c in PROJECT_COLUMNS]


def test_csvw_metadata_describes_the_csv(published):
    metadata = json.loads((published.out_dir / "projects.csv-metadata.json").read_text(encoding="utf-8"))
    assert metadata["@context"][0] == "http://www.w3.org/ns/csvw"
    assert metadata["url"] == "projects.csv"
    columns = metadata["tableSchema"]["columns"]
    assert [c["name"] for c in columns] == [c[0] for c in PROJECT_COLUMNS]
    assert metadata["tableSchema"]["aboutUrl"] == "{+project_iri}"
    by_name = {c["name"]: c for c in columns}
    assert by_name["granted_amount"]["datatype"] == {"base": "decimal", "minimum": 0}
    assert by_name["municipalities"]["separator"] == ";"


def test_kohesio_csv_fund_and_programme(kohesio):
    """Fund code, fund name and programme as Kohesio names them (the three rules: tests/test_kohesio.py)."""
    assert len(kohesio) == 17
    by_case = {r["Operation_Unique_Identifier"].rsplit("/", 1)[1]: r for r in kohesio}
    expected = {p["case_id"]: p for p in EXPECTED["projects"]}
    codes = {"ERUF": "ERDF", "ESF+": "ESF+", "Interreg Aurora": "ERDF", "Regionala medel": ""}
    for case, row in by_case.items():
        fund = expected[case]["fund"]
        assert row["Fund_Code"] == codes[fund], case
        assert row["Programme_Name"] == ("Interreg Aurora" if fund == "Interreg Aurora" else "")
        assert row["Fund_Name"], case  # the English name of the fund (or of the regional funding)
        assert row["Operation_Name_Programme_Language"] == expected[case]["title"]
        assert row["Operation_Summary_Programme_Language"] == expected[case]["summary"]
