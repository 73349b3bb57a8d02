"""Text lines from glyphs, and wrapped lines of a cell joined back into the text that was typed.

A spreadsheet or word processor wraps a cell's text at the cell's right edge. Whether the break
stood at a space, inside a word, or after a hyphen is read from the glyph positions:

- the line ends in a letter or digit, the next begins with one, the line is a single word from the
  cell's left edge and runs so close to the right edge that the next glyph could not have fitted:
  the word itself was broken ("näringslivsutvecklin|g" → "näringslivsutveckling", "203723|49");
- the line ends in a hyphen attached to a word: the break followed the hyphen, which is kept
  without a space ("EU-|medel" → "EU-medel"), unless the next line begins with a conjunction, in
  which case the hyphen was a suspended compound ("lands-| eller glesbygd");
- otherwise the break stood at a space ("Idag -|inte 2040" keeps its spaced dash).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

from .pdf import Glyph

# A word gap is wider than this share of the font size (a space is 0.25-0.33 em in text fonts;
# kerning moves letters of a word by a few hundredths of an em).
WORD_GAP_EM = 0.15
# Glyphs whose tops differ by less than this share of the font size stand on one line.
LINE_TOLERANCE_EM = 0.5
# Slack for rounding in the producer's layout when asking whether a glyph would have fitted.
FIT_TOLERANCE_EM = 0.05

# Words after which a trailing hyphen is a suspended compound ("bygg- och anläggning"), Swedish and English.
SUSPENDED_HYPHEN_FOLLOWERS = frozenset(
    {"och", "eller", "samt", "resp", "resp.", "respektive", "som", "till", "and", "or", "to", "&", "/"})
_HYPHENS = "-\u2010\u2011"
_SPACES = re.compile(r"\s+")
_PUNCTUATION = ".,;:!?()[]{}\"'«»”“’"


class Line(NamedTuple):
    """One line of text inside one cell: text with single spaces, extent in points, font size,
    width of its first glyph and whether it holds more than one word."""

    text: str
    x0: float
    x1: float
    top: float
    size: float
    first_width: float
    words: int


def group_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Group glyphs into lines (by their tops), top to bottom, each line sorted left to right."""
    lines: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: g.top):
        if lines and glyph.top - lines[-1][0].top < LINE_TOLERANCE_EM * lines[-1][0].size:
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    for line in lines:
        line.sort(key=lambda g: g.x0)
    return lines


def make_line(glyphs: list[Glyph]) -> Line:
    """A ``Line`` from glyphs of one line, sorted left to right; spaces go where the gap is a word gap."""
    parts = [glyphs[0].text]
    words = 1
    for before, glyph in zip(glyphs, glyphs[1:]):
        if glyph.x0 - before.x1 > WORD_GAP_EM * glyph.size:
            parts.append(" ")
            words += 1
        parts.append(glyph.text)
    first = glyphs[0]
    return Line("".join(parts), first.x0, max(g.x1 for g in glyphs), first.top, first.size,
                first.x1 - first.x0, words)


def lines_of(glyphs: list[Glyph]) -> list[Line]:
    """The lines of text that ``glyphs`` (one cell's or one column's) form, top to bottom."""
    return [make_line(line) for line in group_lines(glyphs)]


def broke_inside_word(line: Line, following: Line, left: float, right: float,
                      known_words: set[str] | frozenset[str] = frozenset()) -> bool:
    """True if the wrap between ``line`` and ``following`` split a word (see module docstring).

    ``left``/``right`` are the x positions (points) where the cell's text may start and must end.
    Geometry cannot tell "Regionala|medel" (a wrap at a space, "Regionala" filling the line) from a
    broken "Regionalamedel"; ``known_words`` (casefolded words seen whole inside lines of the same
    document) settles it: a line that is a known word, while the joined word is not, ended at a space.
    """
    last, first = line.text[-1], following.text[0]
    if not (last.isalnum() and first.isalnum()) or (last.islower() and first.isupper()):
        return False  # a word does not turn from lower to upper case ("Interreg|Aurora")
    tolerance = FIT_TOLERANCE_EM * line.size
    starts_at_edge = line.x0 - left <= line.size  # a long word is moved to a line of its own first
    if not (line.words == 1 and starts_at_edge and line.x1 + following.first_width > right - tolerance):
        return False
    head, tail = line.text.casefold(), following.text.split(" ", 1)[0].casefold()
    return not (head in known_words and _word(head + tail) not in known_words)


def _word(token: str) -> str:
    return token.strip(_PUNCTUATION).casefold()


def whole_words(lines: list[Line]) -> Iterator[str]:
    """Casefolded words that stand whole inside ``lines`` (neither first nor last on a line, so no
    wrap can have cut them)."""
    for line in lines:
        if line.words > 2:
            for token in line.text.split(" ")[1:-1]:
                word = _word(token)
                if word:
                    yield word


def _broke_after_hyphen(line: Line, following: Line) -> bool:
    text = line.text
    if len(text) < 2 or text[-1] not in _HYPHENS or text[-2].isspace():
        return False
    first_word = following.text.split(" ", 1)[0].casefold()
    return first_word not in SUSPENDED_HYPHEN_FOLLOWERS and following.text[0] not in ",;"


def join_lines(lines: list[Line], left: float, right: float,
               known_words: set[str] | frozenset[str] = frozenset()) -> str:
    """The cell's text: its wrapped ``lines`` joined as typed, white space collapsed, Unicode NFC.

    ``left``/``right``: the cell's text edges in points; ``known_words``: see ``broke_inside_word``.
    """
    if not lines:
        return ""
    parts = [lines[0].text]
    for line, following in zip(lines, lines[1:]):
        glued = (_broke_after_hyphen(line, following)
                 or broke_inside_word(line, following, left, right, known_words))
        parts.append(following.text if glued else " " + following.text)
    return clean_text("".join(parts))


def clean_text(text: str) -> str:
    """Collapse runs of white space (including no-break spaces) to one space, strip, normalise to NFC."""
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip())
