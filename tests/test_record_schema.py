"""The record model: extract's JSON Lines conform to the shipped JSON Schema, and the JSON form round-trips."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from fundgraph.extract.records import ProjectRecord, Programme, Source, decimal_text, load_schema

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "examples" / "granted-projects-vasterbotten.pdf"
VALIDATOR = jsonschema.Draft202012Validator(load_schema(), format_checker=jsonschema.FormatChecker())

FULL = ProjectRecord(
    case_id="A-1", title="Digital Bremen", beneficiary="Stadt Bremen", currency="EUR",
    granted_amount=Decimal("1234.56"), total_budget=Decimal("2469.12"), eu_amount=Decimal("1000"),
    paid_amount=Decimal("500.5"), cofinancing_rate=Decimal("40"), start_date=date(2022, 1, 1),
    end_date=date(2024, 12, 31), fund="EFRE", programme=Programme(name="EFRE Bremen", cci="2021DE16RFPR004"),
    priority_number=2, priority_label="Digitalisierung", specific_objective="RSO1.2",
    intervention_category="016", country="DE", nuts_code="DE50", postcode="28195", place="Bremen",
    municipalities=("Bremen",), counties=("Bremen",), summary="Ein Projekt.", status="abgeschlossen",
    source=Source(document="liste.xlsx", sha256="ab" * 32, row=3, sheet="Vorhaben", rows=(5, 6)))


def test_extract_output_conforms_to_the_schema(tmp_path):
    out = tmp_path / "projects.jsonl"
    subprocess.run([sys.executable, "-m", "fundgraph.cli", "extract", str(FIXTURE), "-o", str(out)], check=True,
                   capture_output=True)
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(lines) == 17
    for line in lines:
        VALIDATOR.validate(line)
        assert line["currency"] == "SEK" and isinstance(line["granted_amount"], str)


def test_every_field_round_trips_and_conforms():
    data = FULL.to_json()
    VALIDATOR.validate(data)
    assert list(data) == [name for name in ProjectRecord.__dataclass_fields__ if getattr(FULL, name) not in (None, ())]
    assert data["granted_amount"] == "1234.56" and data["start_date"] == "2022-01-01"
    assert data["programme"] == {"name": "EFRE Bremen", "cci": "2021DE16RFPR004"}
    assert data["source"] == {"document": "liste.xlsx", "sha256": "ab" * 32, "row": 3, "sheet": "Vorhaben",
                              "rows": [5, 6]}
    again = ProjectRecord.from_json(data)
    assert again == FULL and again.source == FULL.source


def test_absent_fields_are_left_out():
    bare = ProjectRecord(title="T", beneficiary="B", source=Source(document="l.csv", sha256="cd" * 32, lines=(4,)))
    assert bare.to_json() == {"title": "T", "beneficiary": "B",
                              "source": {"document": "l.csv", "sha256": "cd" * 32, "lines": [4]}}
    VALIDATOR.validate(bare.to_json())
    assert bare.source.where() == "line 4"


@pytest.mark.parametrize("change", [
    {"granted_amount": 100}, {"granted_amount": "1 000"}, {"granted_amount": "1.50"}, {"granted_amount": "1e3"},
    {"currency": "kr"}, {"summary": ""}, {"municipalities": []}, {"start_date": "1.1.2022"}, {"country": "Sweden"},
    {"total_budget_sek": "1"}, {"programme": {}},
])
def test_schema_refuses_what_the_model_forbids(change):
    data = {**FULL.to_json(), **change}
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(data)


def test_an_amount_needs_its_currency():
    data = FULL.to_json()
    del data["currency"]
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(data)


def test_decimal_text_is_plain():
    assert [decimal_text(Decimal(v)) for v in ("1E+7", "1234.50", "100.00", "0.0", "-2.5")] == [
        "10000000", "1234.5", "100", "0", "-2.5"]
