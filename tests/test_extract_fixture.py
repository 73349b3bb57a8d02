"""The bundled list comes out exactly as its expected JSON: every field of every project, totals, source."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from fundgraph.extract import extract_projects, read_list

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "examples" / "granted-projects-vasterbotten.pdf"
EXPECTED = json.loads((ROOT / "tests" / "data" / "granted-projects-vasterbotten.expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def extracted():
    return read_list(FIXTURE)


def test_every_field_of_every_project(extracted):
    got = [record.to_json() for record in extracted.records]
    assert len(got) == len(EXPECTED["projects"]) == 17
    for record, expected in zip(got, EXPECTED["projects"]):
        del record["source"]
        assert record == expected, expected["case_id"]


def test_totals_row_read_and_reconciled(extracted):
    totals = extracted.totals
    assert (totals.project_count, totals.granted_amount, totals.total_budget) == (
        EXPECTED["project_count"], Decimal(EXPECTED["total_granted_amount"]), Decimal(EXPECTED["total_budget"]))
    assert totals.page == 7
    assert sum(r.granted_amount for r in extracted.records) == Decimal(72_750_869)
    assert sum(r.total_budget for r in extracted.records) == Decimal(225_263_121)
    assert {r.currency for r in extracted.records} == {"SEK"}


def test_document_source_and_columns(extracted):
    sha256 = hashlib.sha256(FIXTURE.read_bytes()).hexdigest()
    doc = extracted.document
    assert (doc.file_name, doc.sha256, doc.page_count, doc.title) == (EXPECTED["document"], sha256, 7,
                                                                     "Beviljade projekt")
    assert [r.source.pages for r in extracted.records] == [
        (1,), (1,), (2,), (2,), (3,), (3,), (3,), (4,), (4,), (4,), (5,), (5,), (5,), (6,), (6,), (6,), (7,)]
    assert [r.source.row for r in extracted.records] == list(range(1, 18))
    assert all(r.source.document == doc.file_name and r.source.sha256 == sha256 for r in extracted.records)
    assert extracted.columns == {
        "case_id": "Ärende-ID", "title": "Projektnamn", "beneficiary": "Projektägare",
        "granted_amount": "Beviljat belopp (kr)", "total_budget": "Total budget (kr)", "fund": "Fond",
        "priority": "Prioritering", "municipalities": "Kommuner", "counties": "Län", "summary": "Sammanfattning"}
    assert extracted.warnings == []


def test_wrapped_words_joined_as_typed(extracted):
    text = json.dumps([r.to_json() for r in extracted.records], ensure_ascii=False)
    for word in ("STUDIEFÖRBUNDET", "EU-medel", "AI-chatboten", "Idag - inte 2040", "Regionala medel",
                 "lands- eller glesbygd"):
        assert word in text


def test_streaming_gives_the_same_records(extracted):
    assert list(extract_projects(FIXTURE)) == extracted.records


def test_cli_writes_json_lines_in_expected_key_order(tmp_path):
    out = tmp_path / "projects.jsonl"
    done = subprocess.run([sys.executable, "-m", "fundgraph.cli", "extract", str(FIXTURE), "-o", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == 17
    first = json.loads(lines[0])
    assert list(first) == [*EXPECTED["projects"][0], "source"]
    assert first["source"] == {"document": FIXTURE.name, "sha256": hashlib.sha256(FIXTURE.read_bytes()).hexdigest(),
                               "row": 1, "pages": [1]}
    assert "VÄSTERBOTTEN" in lines[0]  # ensure_ascii=False
    assert [json.loads(line)["case_id"] for line in lines] == [p["case_id"] for p in EXPECTED["projects"]]
