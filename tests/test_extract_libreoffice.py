"""Lists made the way regions make them come back exactly: the fixture's 17 projects laid out as
spreadsheets and text documents (tests/lo_corpus.py), printed to PDF by LibreOffice, read by the extractor.

Every field of every project must match the expected records; a wrap the reader could not settle
must be reported as a warning naming its row and column (and the reading taken must still be right).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import lo_corpus
from fundgraph.extract import read_list

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = json.loads((ROOT / "tests" / "data" / "granted-projects-vasterbotten.expected.json").read_text("utf-8"))
#: Layout column -> the record keys it feeds.
KEYS = {"case_id": ["case_id"], "title": ["title"], "beneficiary": ["beneficiary"],
        "granted": ["granted_amount"], "budget": ["total_budget"],
        "fund": ["fund"], "priority": ["priority_number", "priority_label"], "municipalities": ["municipalities"],
        "counties": ["counties"], "summary": ["summary"]}


def _keys(layout: lo_corpus.SheetLayout) -> list[str]:
    return [key for column in layout.columns for key in KEYS[column]]


@pytest.mark.parametrize("name", list(lo_corpus.LAYOUTS))
def test_libreoffice_list_comes_back_exactly(name, libreoffice_lists):
    layout = lo_corpus.LAYOUTS[name]
    extracted = read_list(libreoffice_lists[name])
    keys = _keys(layout)
    got = [{key: record.to_json().get(key) for key in keys} for record in extracted.records]
    assert got == [{key: project.get(key) for key in keys} for project in EXPECTED["projects"]]
    others = [w for w in extracted.warnings if "could be a space or a cut word" not in w and "no totals row" not in w]
    assert others == []


def test_the_six_layouts_the_issue_names_are_in_the_corpus():
    layouts = lo_corpus.LAYOUTS
    assert not layouts["portrait narrow"].landscape and layouts["portrait narrow"].widths < 1
    assert layouts["landscape ruled"].landscape
    assert not layouts["landscape borderless"].borders
    assert not layouts["header only on page 1"].repeat_header
    assert any("\n" in h and h.count("\n") == 2 for h in layouts["three-line bold header"].headers.values())
    assert layouts["header crossing its rule"].header_height_cm
    plain = layouts["plain header crossing its rule"]
    assert plain.header_height_cm and not plain.header_bold


def test_doubtful_wraps_name_file_page_row_and_cell(libreoffice_lists):
    extracted = read_list(libreoffice_lists["landscape ruled"])
    doubts = [w for w in extracted.warnings if "could be a space or a cut word" in w]
    assert doubts == ["landscape-ruled.pdf, page 4, row 12 (case id 20372541), column 'Projektägare': the wrap "
                      "'STUDIEFÖRBUNDET|BILDA' could be a space or a cut word; read as 'STUDIEFÖRBUNDET BILDA NORD'"]


@pytest.mark.parametrize("name", ["header crossing its rule", "plain header crossing its rule"])
def test_header_text_below_its_rule_belongs_to_the_header(name, libreoffice_lists):
    columns = read_list(libreoffice_lists[name]).columns
    assert columns["total_budget"] == "Total projektbudget, SEK"
