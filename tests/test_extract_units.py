"""Rules of the extract stage, one at a time: amounts, priorities, names, header aliases, line joining."""

from __future__ import annotations

import pytest

from fundgraph.extract.amounts import parse_priority, split_names
from fundgraph.extract.cells import Line, Vocabulary, clean_text, join_cell, join_lines
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
    return Line(text, x0, x0 + char_width * len(text), 0.0, size, char_width, len(text.split(" ")),
                char_width * len(text.split(" ")[0]), char_width if " " in text else 0.0)


# Lines of 4-point glyphs from x = 0; ``room`` is how far past the first line's end the cell reaches.
@pytest.mark.parametrize("first, second, room, joined", [
    ("näringslivsutvecklin", "g", 1.0, "näringslivsutveckling"),  # runs to the edge: word cut
    ("203723", "49", 1.0, "20372349"),
    ("EU-", "medel för", 1.0, "EU-medel för"),                  # break after a hyphen keeps it, no space
    ("lands-", "eller glesbygd", 1.0, "lands- eller glesbygd"),  # suspended compound
    ("vård-", "omsorgsgivarnas", 70.0, "vård- omsorgsgivarnas"),  # the rest would have fitted: typed spaced
    ("Idag -", "inte 2040", 1.0, "Idag - inte 2040"),            # spaced dash, nothing says otherwise
    ("Interreg", "Aurora", 1.0, "Interreg Aurora"),              # lower to upper case is never one word
    ("LULEÅ", "TEKNISKA", 1.0, "LULEÅ TEKNISKA"),                # far from the edge: a space
    ("kort", "ord", 300.0, "kort ord"),                          # a line break typed in the cell
])
def test_wrapped_lines_joined(first, second, room, joined):
    right = 4.0 * len(first) + room
    assert join_lines([_line(first), _line(second)], 0.0, right) == joined


def test_a_dash_at_a_wrap_is_written_as_the_cell_writes_its_other_dashes():
    lines = [_line("Utmaningar: -Brist på tid,"), _line("sårbarhet. -"), _line("Hög belastning")]
    assert join_cell(lines, 0.0, 4.0 * 12 + 1) == ("Utmaningar: -Brist på tid, sårbarhet. -Hög belastning", [])
    spaced = [_line("Idag - inte 2040 och"), _line("sedan -"), _line("Hög")]
    assert join_lines(spaced, 0.0, 4.0 * 7 + 1) == "Idag - inte 2040 och sedan - Hög"


def test_a_known_whole_word_ends_at_a_space():
    lines = [_line("Regionala"), _line("medel")]
    assert join_cell(lines, 0.0, 37.0) == ("Regionala medel", ["Regionala|medel"])  # a doubt, reported
    assert join_lines(lines, 0.0, 37.0, Vocabulary([_line("Regionala medel för alla")])) == "Regionala medel"
    assert join_lines(lines, 0.0, 37.0, Vocabulary([_line("om regionalamedel ska")])) == "Regionalamedel"


def test_text_cleaning_and_glyph_normalisation():
    assert clean_text("  a\u00a0 b\n\tc ") == "a b c"
    chars = [{"text": t, "x0": x, "x1": x + 4, "top": 0, "bottom": 7, "size": 7}
             for t, x in (("a", 0), ("\u0308", 4), ("\ufb01", 4), (" ", 8), ("\u00a0", 12))]
    glyphs = _glyphs(chars)
    assert [g.text for g in glyphs] == ["a\u0308", "fi"]
    assert clean_text(glyphs[0].text) == "ä"
    assert isinstance(glyphs[0], Glyph)


# The wraps issue 11 found misread on LibreOffice renderings and on a real list (Övre Norrland, 2014-20):
# each cell is drawn at 4 points a glyph with its first line running to within a point of the edge.
_DOCUMENT = Vocabulary([_line("om regionala medel för LULEÅ och LYCKSELE KOMMUN samt nät för alla kompetenser"),
                        _line("Sverige - Modellen och Idag - inte 2040 samt Umeå - Skellefteå")])


@pytest.mark.parametrize("lines, typed", [
    (["LULEÅ TEKNISKA", "UNIVERSITET"], "LULEÅ TEKNISKA UNIVERSITET"),       # a line of two words ends at a space
    (["RISE Research Institutes", "of Sweden AB"], "RISE Research Institutes of Sweden AB"),
    (["Regionala", "medel"], "Regionala medel"),                              # both halves are the document's words
    (["LYCKSELE", "KOMMUN"], "LYCKSELE KOMMUN"),
    (["kompetens", "er"], "kompetenser"),                                     # a two-letter tail no word of its own
    (["Ortssammanbindande", "nät"], "Ortssammanbindande nät"),
    (["Sverige. -", "Modellen"], "Sverige. - Modellen"),                      # the document spaces its dashes
    (["vård-", "omsorgsgivarnas"], "vård- omsorgsgivarnas"),                  # the rest would have fitted after the hyphen
])
def test_the_wraps_issue_11_found(lines, typed):
    first = _line(lines[0])
    right = first.x1 + (70.0 if lines[0].endswith("-") and not lines[0].endswith(" -") else 1.0)
    assert join_cell([first, _line(lines[1])], 0.0, right, _DOCUMENT).text == typed


def test_a_header_cut_inside_a_word_is_matched_as_one_word():
    """Found by the property test (seed 1): a narrow column's "Ärendenum|mer", read as two words where the
    glyph widths leave the wrap undecided, is still the case-id column."""
    from fundgraph.extract.columns import match_headers

    fields, unmatched = match_headers(["Ärendenum mer", "Projektnamn", "Stödmottagare", "Beviljat belopp (kr)"])
    assert [column.field for column in fields.values()] == ["case_id", "title", "beneficiary", "granted_amount"]
    assert unmatched == []


def test_a_short_word_after_a_line_filling_word_is_a_doubt():
    """Found by the property test (seeds 4 and 13): "forskningsbaserade|i", the first line running to the
    cell's edge, is a cut word or a space before the word "i" alike; a tail that is no word stays a cut."""
    assert join_cell([_line("forskningsbaserade"), _line("i")], 0.0, 4.0 * 18 + 1) == (
        "forskningsbaseradei", ["forskningsbaserade|i"])
    assert join_cell([_line("STUDIEFÖRBUNDE"), _line("T")], 0.0, 4.0 * 14 + 1) == ("STUDIEFÖRBUNDET", [])


def test_a_short_tail_the_document_never_uses_is_cut_even_after_a_known_word():
    """Found by the LibreOffice layout "Calc portrait narrow borderless": Calc cut the fund "Regionala medel" as
    "Regional|a" in its narrow cell, and the document knows "Regional" (a title's word) but never "a": an
    inflected form is a known word and a short ending, so it is read as cut ("a" is a word elsewhere: a doubt)."""
    document = Vocabulary([_line("Regional demonstrator för regional tillväxt")])
    assert join_cell([_line("Regional"), _line("a medel")], 0.0, 4.0 * 8 + 1, document) == (
        "Regionala medel", ["Regional|a"])
    assert join_cell([_line("Regional"), _line("t")], 0.0, 4.0 * 8 + 1, document) == ("Regionalt", [])
    assert join_cell([_line("Regional"), _line("i Umeå")], 0.0, 4.0 * 8 + 1,
                     Vocabulary([_line("Regional demonstrator i Umeå")])) == ("Regional i Umeå", [])


def test_a_word_cut_just_before_its_hyphen():
    """A narrow column's "Ärende|-ID" (not even "Ärende-" fitted) is one word, with a doubt unless the
    document shows the word whole; a dash whose glyph would have fitted on the line was typed after a space."""
    assert join_cell([_line("Ärende"), _line("-ID")], 0.0, 4.0 * 6 + 1) == ("Ärende-ID", ["Ärende|-ID"])
    assert join_cell([_line("Ärende"), _line("-ID")], 0.0, 4.0 * 6 + 1, Vocabulary([_line("ett Ärende-ID här")])) == (
        "Ärende-ID", [])
    assert join_lines([_line("Utmaningar"), _line("-Brist")], 0.0, 4.0 * 10 + 20) == "Utmaningar -Brist"


def test_a_word_cut_just_before_its_comma():
    """Calc cut "Total projektbudget, SEK" as "projektbudget|, SEK": nobody types a space before a comma."""
    assert join_cell([_line("Total"), _line("projektbudget"), _line(", SEK")], 0.0, 4.0 * 13 + 1) == (
        "Total projektbudget, SEK", [])
    assert join_lines([_line("budget"), _line(", SEK")], 0.0, 4.0 * 6 + 20) == "budget , SEK"  # the comma would have fitted


def test_a_doubtful_header_wrap_is_read_the_way_a_wording_matches():
    """A header cell's readings (the likelier first) are told apart by the header wordings: the longest
    match wins, and on a tie the compound ("Ärendenum|mer" in a narrow column)."""
    from fundgraph.extract.cells import cell_readings
    from fundgraph.extract.columns import best_reading

    lines = [_line("Ärende"), _line("nummer")]
    assert cell_readings(lines, 0.0, 4.0 * 6 + 1) == ["Ärende nummer", "Ärendenummer"]
    assert best_reading(cell_readings(lines, 0.0, 4.0 * 6 + 1)) == "Ärendenummer"
    assert best_reading(["Beviljatbelopp (kr)", "Beviljat belopp (kr)"]) == "Beviljat belopp (kr)"
    assert best_reading(["Sammanfattning"]) == "Sammanfattning"
