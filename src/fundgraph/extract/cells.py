"""Text lines from glyphs, and wrapped lines of a cell joined back into the text that was typed.

A spreadsheet or word processor (Excel, Word, LibreOffice, reportlab's wrappers) wraps a cell's text
by one rule: it breaks at a space when the next word would not fit on the line, after a hyphen when
the rest of the word would not fit, and inside a word only when the word cannot fit on a line of
its own. Each wrap is read back by asking, from the glyph widths, which of those could have made it:

- the next line's first word would have fit after a space: the break was not at a space — unless
  the line is one word cut at the cell's edge, or a line break typed in the cell (then it is a space);
- a line that is one word running so close to the right edge that the next glyph could not have
  fitted may be a word cut mid-way ("näringslivsutvecklin|g", "203723|49");
- a line ending in a hyphen attached to a word broke after it ("EU-|medel" → "EU-medel"), unless
  the next line begins with a conjunction (a suspended compound, "lands-| eller glesbygd") or its
  first word would have fitted after the hyphen ("vård-| omsorgsgivarnas" was typed with a space);
- a line ending in a dash after a space ("sårbarhet. -|Hög") is "- Hög" or "-Hög" alike by geometry;
  the way the cell, else the document, writes its other dashes decides;
- a line beginning with a hyphen after a line that may end in a cut is that word cut before its
  hyphen ("Ärende|-ID", a doubt unless the document shows the word whole), and one beginning with a
  comma or another closing mark is a word cut before it ("projektbudget|, SEK"), unless that first
  glyph would have fitted on the line above;
- a cut word's tail of one or two letters the document never shows as a word is read as cut, even after a
  head it knows ("Regional|a": an inflected form), but when those letters are a word of their own
  ("forskningsbaserade|i") the wrap stays a doubt;
- digits grouped or with decimals run on ("£10,732,199.6|3"), whatever words the document shows.

When the geometry allows two readings, the document's own vocabulary (``Vocabulary``: words seen
whole, dashes seen spaced or attached — in the same cell first, then in the whole document) decides;
when it cannot, the more likely reading is taken and the wrap is reported as a doubt, which the
reader turns into a warning naming file, page, row and cell. A header cell is instead read each way its
doubts allow (``cell_readings``), and the header wordings choose (``columns.best_reading``).
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from .pdf import Glyph

# A word gap is wider than this share of the font size (a space is 0.25-0.33 em in text fonts;
# kerning moves letters of a word by a few hundredths of an em).
WORD_GAP_EM = 0.15
# Glyphs whose tops differ by less than this share of the font size stand on one line.
LINE_TOLERANCE_EM = 0.5
# Slack for rounding in the producer's layout when asking whether a glyph would have fitted.
FIT_TOLERANCE_EM = 0.05
# A space is 0.25-0.32 em in the text fonts lists use; with no word gap measured on a cell, the
# narrowest is assumed, which makes "the next word would have fit" the harder to prove.
DEFAULT_SPACE_EM = 0.25
# A cut-off word's tail this short that the document never uses as a word is read as cut.
SHORT_TAIL = 2
# Letters at a word's edges compared with the document's words when a wrap might split two words.
AFFIX = 2
# ... but only once the document has shown this many distinct words (a list without summaries is too terse).
MIN_AFFIX_WORDS = 300

# A cell's readings with its doubtful wraps read the other way (``cell_readings``): wraps tried, readings kept.
MAX_FLIPPED = 4
MAX_READINGS = 8
# Words of one or two letters in the lists' languages (sv, en, de, fr, nl, da, fi, it, es, pt, pl, cs): a
# tail this short that is one of them may stand after a space as well as end a cut word
# ("forskningsbaserade|i": "forskningsbaseradei" or "forskningsbaserade i").
SHORT_WORDS = frozenset(
    "i å ö en på av om ut så nu ej vi de du ni "  # sv
    "a of in to on at by an or is as it be we no "  # en
    "im am um zu es ob "  # de
    "à y le la et au un ou ce "  # fr
    "op te af "  # nl
    "og er "  # da
    "ja "  # fi
    "e o di da il lo ed al el se em um na no ao os "  # it, es, pt
    "w z u k s v od ze za po".split())  # pl, cs
# Words after which a trailing hyphen is a suspended compound ("bygg- och anläggning", "Medien- bzw.
# Wirtschaftskooperationen"): Swedish, English, German, French, Dutch, Danish, Finnish, Polish.
SUSPENDED_HYPHEN_FOLLOWERS = frozenset(
    {"och", "eller", "samt", "resp", "resp.", "respektive", "som", "till", "and", "or", "to", "&", "/",
     "und", "oder", "bzw", "bzw.", "sowie", "bis", "et", "ou", "en", "of", "og", "ja", "tai", "oraz", "lub"})
_HYPHENS = "-\u2010\u2011"
_SPACES = re.compile(r"\s+")
_PUNCTUATION = ".,;:!?()[]{}\"'«»”“’"
_CLOSING = ",.;:!?)]}»”’"
# Digits grouped or with decimals ("10,732,199.6", "1.234", "12'500"): a number, not a word of digits (a year).
_FORMATTED_NUMBER = re.compile(r"\d[.,'’]\d")


class Line(NamedTuple):
    """One line of text inside one cell: text with single spaces, extent in points, font size,
    width of its first glyph, how many words it holds, width of its first word and the median
    width of its word spaces (0.0 on a one-word line)."""

    text: str
    x0: float
    x1: float
    top: float
    size: float
    first_width: float
    words: int
    first_word_width: float = 0.0
    space: float = 0.0


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
    gaps = []
    first_word_end = None
    for before, glyph in zip(glyphs, glyphs[1:]):
        gap = glyph.x0 - before.x1
        if gap > WORD_GAP_EM * glyph.size:
            parts.append(" ")
            gaps.append(gap)
            if first_word_end is None:
                first_word_end = before.x1
        parts.append(glyph.text)
    first = glyphs[0]
    x1 = max(g.x1 for g in glyphs)
    return Line("".join(parts), first.x0, x1, first.top, first.size, first.x1 - first.x0, len(gaps) + 1,
                (first_word_end if first_word_end is not None else x1) - first.x0,
                statistics.median(gaps) if gaps else 0.0)


def lines_of(glyphs: list[Glyph]) -> list[Line]:
    """The lines of text that ``glyphs`` (one cell's or one column's) form, top to bottom."""
    return [make_line(line) for line in group_lines(glyphs)]


def _word(token: str) -> str:
    return token.strip(_PUNCTUATION).casefold()


def _is_hyphen_end(text: str) -> bool:
    return len(text) >= 2 and text[-1] in _HYPHENS and not text[-2].isspace()


def _whole_tokens(lines: list[Line], starts: bool = True, ends: bool = True) -> Iterable[str]:
    """Tokens no wrap can have cut: inside a line, or at a break after a line of several words
    (an engine cuts only a word alone on its line) that does not end in a hyphen or dash. ``starts``/``ends``:
    whether the lines start/end the cell (False for a piece of a cell split between pages)."""
    for index, line in enumerate(lines):
        tokens = line.text.split(" ")
        whole_start = ((index == 0 and starts)
                       or (index and lines[index - 1].words > 1 and lines[index - 1].text[-1] not in _HYPHENS))
        whole_end = ((index == len(lines) - 1 and ends)
                     or (index < len(lines) - 1 and line.words > 1 and line.text[-1] not in _HYPHENS))
        for position, token in enumerate(tokens):
            if (position or whole_start) and (position < len(tokens) - 1 or whole_end):
                yield token


class Vocabulary:
    """What a document says about its own words: the words it shows whole (casefolded, counted)
    and how it writes a dash between words — spaced ("Idag - inte") or attached ("-Hög")."""

    def __init__(self, lines: list[Line] = ()):
        self.words: Counter[str] = Counter()
        self.dashes: Counter[str] = Counter()
        self.starts: set[str] = set()
        self.ends: set[str] = set()
        self.hyphen_wraps: list[tuple[str, str]] = []  # (head, tail) of breaks after "word-" before lower case
        self._hyphenation: tuple[int, int, bool] = (0, 0, False)
        if lines:
            self.learn(lines)

    def learn(self, lines: list[Line], starts: bool = True, ends: bool = True) -> None:
        """Add what the lines of one cell show (see ``_whole_tokens``; ``starts``/``ends``: see there)."""
        for line, following in zip(lines, lines[1:]):
            head, tail = line.text.rsplit(" ", 1)[-1][:-1], following.text.split(" ", 1)[0]
            if _is_hyphen_end(line.text) and _could_be_hyphenated(head, tail):
                self.hyphen_wraps.append((head, tail))
        for token in _whole_tokens(lines, starts, ends):
            if token in _HYPHENS:
                self.dashes["spaced"] += 1
            elif len(token) > 1 and token[0] in _HYPHENS and token[1].isalnum():
                self.dashes["attached"] += 1
            word = _word(token)
            if word and not word[-1] in _HYPHENS:
                self.words[word] += 1
                if word.isalpha():
                    self.starts.add(word[:AFFIX])
                    self.ends.add(word[-AFFIX:])

    def could_split(self, head: str, tail: str) -> bool:
        """Whether ``head`` ends as the document's words end and ``tail`` starts as they start
        ("Transportinfrastru|ktur": no word of a Swedish list starts with "kt")."""
        head, tail = _word(head), _word(tail)
        return (len(self.words) < MIN_AFFIX_WORDS or not (head.isalpha() and tail.isalpha())
                or (head[-AFFIX:] in self.ends and tail[:AFFIX] in self.starts))

    def knows(self, word: str) -> bool:
        """Whether ``word`` (any case, punctuation around it ignored) stands whole in the document."""
        return _word(word) in self.words

    def hyphenates(self) -> bool:
        """Whether the document's text engine hyphenates words at wraps: more of its breaks after a hyphen
        join into a word it shows whole ("bewe-|gungserhaltenden") than keep one ("Implantat-|Systems"
        shown as "Implantat-Systems"). Word processors hyphenate; spreadsheets (Excel, Calc) never do."""
        if self._hyphenation[:2] != (len(self.hyphen_wraps), len(self.words)):
            joined = sum(1 for head, tail in self.hyphen_wraps if self.knows(head + tail))
            typed = sum(1 for head, tail in self.hyphen_wraps if self.knows(f"{head}-{tail}"))
            self._hyphenation = (len(self.hyphen_wraps), len(self.words), joined > typed)
        return self._hyphenation[2]


class Wrap(NamedTuple):
    """How one wrap was read: ``glue`` is "" (a word cut or broken after its hyphen) or " "
    (the break stood at a space); ``doubtful`` when the evidence allowed both."""

    glue: str
    doubtful: bool = False
    #: The hyphen ending the line is the text engine's, not typed: it is dropped ("bewe-|gungs…").
    soft: bool = False


def read_wrap(line: Line, following: Line, left: float, right: float, space: float,
              vocabularies: tuple[Vocabulary, ...] = ()) -> Wrap:
    """How the wrap between ``line`` and ``following`` was made (see module docstring).

    ``left``/``right``: x (points) where the cell's text may start and must end; ``space``: the
    width of a space in this cell (points); ``vocabularies``: the cell's own, then the document's.
    """
    text, next_text = line.text, following.text
    last, first = text[-1], next_text[0]
    limit = right - FIT_TOLERANCE_EM * line.size
    next_word = following.first_word_width or (following.x1 - following.x0)
    fits_after_space = line.x1 + space + next_word <= limit
    fits_attached = line.x1 + next_word <= limit
    tail = next_text.split(" ", 1)[0]
    if _is_hyphen_end(text):
        if _word(tail) in SUSPENDED_HYPHEN_FOLLOWERS or first in ",;" or fits_attached:
            return Wrap(" ")
        return _after_hyphen(text.rsplit(" ", 1)[-1][:-1], tail, vocabularies)
    if last in _HYPHENS:  # a dash standing alone: spaced ("Idag - inte") or attached ("-Hög")
        if not first.isalnum() or fits_attached:
            return Wrap(" ")  # nothing but a space (or a typed line break) explains this break
        for vocabulary in vocabularies:
            spaced, attached = vocabulary.dashes["spaced"], vocabulary.dashes["attached"]
            if spaced != attached:
                return Wrap(" " if spaced > attached else "")
        return Wrap(" ", True)
    starts_at_edge = line.x0 - left <= line.size  # a long word is moved to a line of its own first
    cut_possible = line.words == 1 and starts_at_edge and line.x1 + following.first_width > limit
    if first in _HYPHENS and last.isalnum() and next_text[1:2].isalnum():
        # A word cut just before its hyphen ("Ärende|-ID": not even "Ärende-" fitted), or a dash typed
        # attached to the next word after a space ("Utmaningar -Brist"): the word decides, else a doubt.
        if not cut_possible:
            return Wrap(" ")
        for vocabulary in vocabularies:
            if vocabulary.knows(text + tail):
                return Wrap("")
        return Wrap("", True)
    if first in _CLOSING and last.isalnum():
        # Nobody types a space before a comma: "projektbudget|, SEK" is "projektbudget," cut before its comma.
        return Wrap("" if cut_possible else " ")
    if not (last.isalnum() and first.isalnum()) or (last.islower() and first.isupper()):
        return Wrap(" ")  # a word does not turn from lower to upper case ("Interreg|Aurora")
    if not cut_possible:
        return Wrap(" ")  # the word was not cut: its next glyph would have fitted
    if fits_after_space:
        return Wrap("")  # a space break would have kept the next word on this line
    head = text
    if last.isdigit() and first.isdigit() and _FORMATTED_NUMBER.search(head):
        # An amount cut at its cell's edge ("£10,732,199.6|3"): a number written with digit groups or decimals
        # runs on, whatever the document's words ("3" stands whole elsewhere in the list).
        return Wrap("")
    # A tail of one or two letters the document never shows as a word is a cut word's end, even after a head it
    # knows: an inflected form is a known word and a short ending ("Regional|a" medel, "Projekt|e").
    short_tail = len(_word(tail)) <= SHORT_TAIL and not any(v.knows(tail) for v in vocabularies)
    for vocabulary in vocabularies:
        # Each reading is as likely as the words it makes are known: the joined word counts for both halves.
        joined, apart = 2 * vocabulary.knows(head + tail), vocabulary.knows(head) + vocabulary.knows(tail)
        if joined != apart and not (short_tail and apart > joined):
            return Wrap("" if joined > apart else " ")
    if last.isdigit() and first.isdigit():
        return Wrap("")  # identifiers and numbers are not written with a space inside
    if short_tail:
        # "STUDIEFÖRBUNDE|T": a word's last letters, not a word of their own — unless they make one.
        return Wrap("", _word(tail) in SHORT_WORDS)
    if vocabularies and not vocabularies[-1].could_split(head, tail):
        return Wrap("", True)
    return Wrap(" ", True)


def _after_hyphen(head: str, tail: str, vocabularies: tuple[Vocabulary, ...]) -> Wrap:
    """A break after a hyphen attached to a word ``head``: the hyphen was typed ("EU-|medel",
    "Umwelt-|Managementsystems") or the text engine hyphenated one word (German justified text:
    "bewe-|gungserhaltenden", "Implan-|tat-Systems"). The engine hyphenates only inside a word, between
    lower-case letters, leaving at least two; then the document's words decide: the word joined is
    known (the hyphen was the engine's), or the hyphenated form is, or both halves are words (typed:
    "Aurora-|regionens"). When they do not tell, the hyphen is typed, unless the document hyphenates
    (``Vocabulary.hyphenates``): then it is the engine's, with a doubt."""
    if not _could_be_hyphenated(head, tail):
        return Wrap("")
    for vocabulary in vocabularies:
        if vocabulary.knows(head + tail):
            return Wrap("", soft=True)
        if vocabulary.knows(f"{head}-{tail}"):
            return Wrap("")
    document = vocabularies[-1] if vocabularies else Vocabulary()
    if document.knows(head.rsplit("-", 1)[-1]) and document.knows(tail):
        return Wrap("")  # two words of the document joined by a typed hyphen ("Aurora-|regionens")
    hyphenates = document.hyphenates()
    return Wrap("", hyphenates, soft=hyphenates)


def _could_be_hyphenated(head: str, tail: str) -> bool:
    return len(head) >= 2 and head[-2:].isalpha() and head[-1].islower() and tail[:1].islower()


def cell_space(lines: list[Line]) -> float:
    """The width of a space in a cell (points): the median of its lines' word spaces, or
    DEFAULT_SPACE_EM of the font size when no line holds two words."""
    spaces = [line.space for line in lines if line.words > 1]
    if spaces:
        return statistics.median(spaces)
    return DEFAULT_SPACE_EM * (lines[0].size if lines else 0.0)


class Joined(NamedTuple):
    """A cell's text, and each wrap read with doubt, shown as "head|tail"."""

    text: str
    doubts: list[str]


def _wraps(lines: list[Line], left: float, right: float, document: Vocabulary | None) -> list[Wrap]:
    vocabularies = (Vocabulary(lines),) + ((document,) if document is not None else ())
    space = cell_space(lines)
    return [read_wrap(line, following, left, right, space, vocabularies) for line, following in zip(lines, lines[1:])]


def _joined(lines: list[Line], glues: list[str], soft: set[int] = frozenset()) -> str:
    """The lines joined with ``glues``; the line before each wrap in ``soft`` loses its hyphen (``Wrap.soft``)."""
    texts = [line.text[:-1] if index in soft else line.text for index, line in enumerate(lines)]
    return clean_text(texts[0] + "".join(glue + text for glue, text in zip(glues, texts[1:])))


def _soft(wraps: list[Wrap]) -> set[int]:
    return {index for index, wrap in enumerate(wraps) if wrap.soft}


def join_cell(lines: list[Line], left: float, right: float, document: Vocabulary | None = None) -> Joined:
    """The cell's text: its wrapped ``lines`` joined as typed, white space collapsed, Unicode NFC.

    ``left``/``right``: the cell's text edges in points; ``document``: the words seen so far in the
    document (the cell's own words are consulted first).
    """
    if not lines:
        return Joined("", [])
    wraps = _wraps(lines, left, right, document)
    doubts = [f"{line.text.rsplit(' ', 1)[-1]}|{following.text.split(' ', 1)[0]}"
              for wrap, line, following in zip(wraps, lines, lines[1:]) if wrap.doubtful]
    return Joined(_joined(lines, [wrap.glue for wrap in wraps], _soft(wraps)), doubts)


def cell_readings(lines: list[Line], left: float, right: float, document: Vocabulary | None = None) -> list[str]:
    """The cell's text as ``join_cell`` reads it, then as it reads with its doubtful wraps read the other
    way (fewest changed first; at most ``MAX_READINGS``): for a caller that can tell the readings apart by
    what they must say, as a header cell must name a field ("Ärendenum|mer")."""
    if not lines:
        return [""]
    wraps = _wraps(lines, left, right, document)
    doubtful = [index for index, wrap in enumerate(wraps) if wrap.doubtful]
    flips = sorted(itertools.product((False, True), repeat=min(len(doubtful), MAX_FLIPPED)), key=sum)
    readings = []
    for flipped in flips[:MAX_READINGS]:
        glues = [wrap.glue for wrap in wraps]
        soft = _soft(wraps)
        for index, flip in zip(doubtful, flipped):
            if flip:
                glues[index] = "" if glues[index] else " "
                soft.discard(index)  # a hyphen read the other way is kept
        readings.append(_joined(lines, glues, soft))
    return list(dict.fromkeys(readings))


def join_lines(lines: list[Line], left: float, right: float, document: Vocabulary | None = None) -> str:
    """The text of ``join_cell``, without the doubts."""
    return join_cell(lines, left, right, document).text


def broke_inside_word(line: Line, following: Line, left: float, right: float) -> bool:
    """True if the wrap between two lines of one column cut a word (a case id broken at the
    cell's edge); see ``read_wrap``."""
    return read_wrap(line, following, left, right, cell_space([line, following])).glue == ""


def clean_text(text: str) -> str:
    """Collapse runs of white space (including no-break spaces) to one space, strip, normalise to NFC."""
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip())
