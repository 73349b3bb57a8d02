"""Table geometry on pages that break the usual shapes: fewer column rules than the header's page,
a block that is only a totals line, pages with nothing but a title — never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pdfgen
from fundgraph.extract import read_list
from fundgraph.extract.pdf import Glyph, PageContent, iter_pages, open_pdf
from fundgraph.extract.table import read_page

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = json.loads((ROOT / "tests" / "data" / "granted-projects-vasterbotten.expected.json")
                      .read_text("utf-8"))["projects"]


def _words(text: str, x: float, top: float, size: float = 7.0) -> list[Glyph]:
    glyphs = []
    for char in text:
        if char != " ":
            glyphs.append(Glyph(char, x, x + 0.5 * size, top, top + size, size))
        x += 0.5 * size
    return glyphs


def test_a_page_with_fewer_column_rules_keeps_the_header_columns(tmp_path):
    path = tmp_path / "list.pdf"
    pdfgen.render_list(PROJECTS[:2], pdfgen.ListStyle(pdfgen.default_columns(), rows_per_page=1, repeat_header=False), path)
    with open_pdf(path) as pdf:
        first, second = list(iter_pages(pdf, path.name))[:2]
    layout = read_page(first, None).layout
    rules = sorted({round(r.x0) for r in second.vertical})
    dropped = [r for r in second.vertical if round(r.x0) not in rules[5:7]]  # an inner rule or two gone
    thinned = PageContent(second.number, second.width, second.height, second.glyphs, dropped,
                          second.horizontal, False)
    table = read_page(thinned, layout)
    assert table.layout.columns == layout.columns
    assert any(piece.cells["case_id"] for piece in table.pieces)


def test_a_block_that_is_only_a_totals_line_is_no_table():
    glyphs = _words("Beviljade projekt", 30, 30, 11) + _words("Summa 17 projekt 72 750 869", 30, 300)
    page = PageContent(1, 595, 842, glyphs, [], [], False)
    table = read_page(page, None)
    assert table.layout is None


def test_a_borderless_page_of_only_a_title_is_no_table(tmp_path):
    glyphs = _words("Totalt", 30, 30)
    assert read_page(PageContent(1, 595, 842, glyphs, [], [], False), None).layout is None


def test_pages_read_in_parallel_give_the_same_records(monkeypatch):
    from fundgraph.extract import pdf

    fixture = ROOT / "examples" / "granted-projects-vasterbotten.pdf"
    sequential = read_list(fixture)
    monkeypatch.setattr(pdf, "PARALLEL_FROM_PAGES", 2)
    monkeypatch.setattr(pdf, "PAGES_PER_TASK", 2)
    with open_pdf(fixture) as document:
        assert [p.number for p in iter_pages(document, fixture.name, workers=2)] == list(range(1, 8))
    parallel = read_list(fixture)
    assert parallel.records == sequential.records and parallel.totals == sequential.totals

