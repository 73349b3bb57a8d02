"""A SHACL failure speaks like an extraction error (issue 11): the fixture list with one granted amount raised
above its total budget goes through publish — extract only warns — and validation refuses it with exactly one
line naming the file, page, row and case id, and the rule in words; the full SHACL report is behind --verbose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pdfgen
from fundgraph.config import Settings
from fundgraph.errors import ValidationFailed
from fundgraph.publish import publish

from test_extract_bad import run_main

ROOT = Path(__file__).resolve().parents[1]
RECORDS = json.loads((ROOT / "tests" / "data" / "granted-projects-vasterbotten.expected.json")
                     .read_text("utf-8"))["projects"]
RAISED = 1  # the second row: its amount granted becomes 31 000 000 kr, above its total budget
LINE = ("over-budget.pdf, page 1, row 2 (case id {case_id}): granted 31 000 000 SEK exceeds total budget "
        "{budget} SEK")


@pytest.fixture(scope="module")
def over_budget(tmp_path_factory) -> Path:
    records = [dict(r, granted_amount="31000000") if i == RAISED else r for i, r in enumerate(RECORDS)]
    path = tmp_path_factory.mktemp("lists") / "over-budget.pdf"
    pdfgen.render_list(records, pdfgen.ListStyle(pdfgen.default_columns()), path)
    return path


def _expected_line() -> str:
    record = RECORDS[RAISED]
    budget = f"{int(record['total_budget']):,}".replace(",", " ")
    return LINE.format(case_id=record["case_id"], budget=budget)


def test_the_library_function_names_file_page_row_and_case_id(over_budget, tmp_path):
    with pytest.raises(ValidationFailed, match="1 violation") as error:
        publish([over_budget], Settings(out_dir=tmp_path / "publish", links_dir=tmp_path / "links"))
    assert error.value.lines == (f"violation: {_expected_line()}",)
    assert "shape: <https://w3id.org/fundgraph/shapes#ListedProjectShape>" in error.value.report
    assert not (tmp_path / "publish").exists()


def test_the_cli_prints_one_line_per_violation_and_the_full_report_when_verbose(over_budget, tmp_path,
                                                                              monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, err = run_main(monkeypatch, capsys, "publish", str(over_budget), "--out", str(tmp_path / "publish"))
    assert code == ValidationFailed.exit_code
    lines = err.strip().splitlines()
    assert lines[0] == f"fundgraph: violation: {_expected_line()}"
    assert lines[1].startswith("fundgraph: error: the data does not conform") and len(lines) == 2
    assert sum("over-budget.pdf" in line for line in lines) == 1

    code, err = run_main(monkeypatch, capsys, "publish", "--verbose", str(over_budget), "--out",
                         str(tmp_path / "publish"))
    assert code == ValidationFailed.exit_code
    assert "does NOT conform" in err and f"Violation: <https://data.example.se/project/{RECORDS[RAISED]['case_id']}>" in err
    assert "granted 31 000 000 SEK exceeds total budget" in err and "Traceback" not in err
