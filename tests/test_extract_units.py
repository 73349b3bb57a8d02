"""Rules of the extract stage, one at a time: amounts, priorities, names, header aliases, line joining."""

from __future__ import annotations

import pytest

from fundgraph.extract.amounts import parse_priority, split_names
from fundgraph.extract.cells import Line, clean_text, join_lines
from fundgraph.extract.pdf import Glyph, _glyphs


def test_priority_cell():
    assert parse_priority("Prioritering 1: Västerbotten - en nytänkande och smart region") == (
        1, "Västerbotten - en nytänkande och smart region")
    assert parse_priority("6: Attraktiv region") == (6, "Attraktiv region")
    assert parse_priority("Attraktiv region") == (None, "Attraktiv region")
    assert parse_priority("") == (None, None)
    assert parse_priority("PA4") == (4, None)


def test_names_split_in_order():
    assert split_names("Bjurholm, Dorotea, Lycksele") == ("Bjurholm", "Dorotea", "Lycksele")
    assert split_names("Norrbotten; Västerbotten") == ("Norrbotten", "Västerbotten")
    assert split_names("") == ()


def _line(text, x0=0.0, size=7.0, char_width=4.0):
    return Line(text, x0, x0 + char_width * len(text), 0.0, size, char_width, len(text.split(" ")))


@pytest.mark.parametrize("first, second, joined", [
    ("näringslivsutvecklin", "g", "näringslivsutveckling"),  # runs to the edge: word cut
    ("203723", "49", "20372349"),
    ("EU-", "medel för", "EU-medel för"),                  # break after a hyphen keeps it, no space
    ("lands-", "eller glesbygd", "lands- eller glesbygd"),  # suspended compound
    ("Idag -", "inte 2040", "Idag - inte 2040"),            # spaced dash keeps its spaces
    ("Interreg", "Aurora", "Interreg Aurora"),              # lower to upper case is never one word
    ("kort", "ord", "kort ord"),                            # far from the edge: a space
])
def test_wrapped_lines_joined(first, second, joined):
    right = 4.0 * len(first) + 1.0 if first in ("näringslivsutvecklin", "203723", "Interreg") else 400.0
    assert join_lines([_line(first), _line(second)], 0.0, right) == joined


def test_a_known_whole_word_ends_at_a_space():
    lines = [_line("Regionala"), _line("medel")]
    assert join_lines(lines, 0.0, 37.0) == "Regionalamedel"
    assert join_lines(lines, 0.0, 37.0, known_words={"regionala"}) == "Regionala medel"


def test_text_cleaning_and_glyph_normalisation():
    assert clean_text("  a\u00a0 b\n\tc ") == "a b c"
    chars = [{"text": t, "x0": x, "x1": x + 4, "top": 0, "bottom": 7, "size": 7}
             for t, x in (("a", 0), ("\u0308", 4), ("\ufb01", 4), (" ", 8), ("\u00a0", 12))]
    glyphs = _glyphs(chars)
    assert [g.text for g in glyphs] == ["a\u0308", "fi"]
    assert clean_text(glyphs[0].text) == "ä"
    assert isinstance(glyphs[0], Glyph)
