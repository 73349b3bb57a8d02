"""Finding the project table on a page: its columns, header, row pieces and totals line.

Columns come from vertical ruling lines when the table has them, otherwise from the white space
that runs down the page between columns ("rivers" wider than a word gap). The header is the text
above the first line holding a number (a case id or an amount), and is matched to fields by
``columns.match_headers``. Rows start where the case-id column starts a new value; horizontal
rules, when present, also end rows. A page whose table has no header continues the previous
page's table with the same columns, and its first piece may continue the previous page's last row.
Page title, page footer and anything outside the table are not data.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace

from .cells import (DEFAULT_SPACE_EM, LINE_TOLERANCE_EM, WORD_GAP_EM, Line, Vocabulary, broke_inside_word,
                    cell_readings, group_lines, join_lines, lines_of, make_line)
from .aliases import TOTALS_LABEL, TOTALS_WORD, fold
from .amounts import parse_amount
from .numberformats import CURRENCY_SIGNS
from .columns import AMOUNT_FIELDS, FieldColumn, best_reading, match_headers, missing_fields
from .pdf import Glyph, PageContent

# Rules closer than this (points) are one rule drawn twice or with a hairline offset.
RULE_MERGE = 1.5
# A vertical gap wider than this many line pitches separates the table from a title or footer.
BLOCK_GAP_PITCHES = 2.5
# Columns are separated by white space wider than a word space: this many times the median word gap
# (or, with no word gaps to measure, this share of the font size).
SPACE_TO_COLUMN_GAP = 1.2
MAX_SPACE_EM = 0.4
# Text edges closer than this share of the font size are one alignment (a column's values under its header).
ALIGNED_EM = 0.1
# A gap this many times a word space or narrower is a word space (kerning moves a space by a few hundredths).
SPACE_SLACK = 1.1
MIN_RULED_COLUMNS = 4
# Column rules further apart than this (points, down the page) belong to two tables.
FRAME_GAP = 6.0
# Lines of one cell follow at the leading (about 1.2 em); a new row adds the cells' padding.
CONTINUATION_PITCH_EM = 1.45
_DATA_LINE = re.compile(r"\d{4,}|\b\d{1,3}(?:[ .,'\u00a0\u202f]\d{3})+\b")
_PAGE_NUMBER = re.compile(r"^\s*(?:(?:sida|page|s\.)\s*\d+(?:\s*(?:av|of|/)\s*\d+)?|\d+\s*(?:av|of)\s*\d+)\s*$",
                          re.IGNORECASE)
_CASE_ID_DIGITS = re.compile(r"\d{5,}")


@dataclass
class Column:
    """A column's extent in points: glyphs whose centres fall in [left, right) belong to it;
    its text starts at ``text_left`` and wraps before ``text_right``."""

    left: float
    right: float
    text_left: float
    text_right: float


@dataclass
class Layout:
    """A table's columns and which field each holds ({column index: FieldColumn}); ``unheaded``: the
    columns whose header cell is empty (their values, if any, belong to no field)."""

    columns: list[Column]
    fields: dict[int, FieldColumn]
    ruled: bool
    unheaded: frozenset[int] = frozenset()

    def index_of(self, field_name: str) -> int | None:
        """Column index holding ``field_name``, or None if the list has no such column."""
        return next((i for i, f in self.fields.items() if f.field == field_name), None)

    def column_at(self, x: float) -> int | None:
        """Index of the column at x (points), or None outside the table."""
        for index, column in enumerate(self.columns):
            if column.left <= x < column.right:
                return index
        return None


@dataclass
class RowPiece:
    """The part of a row on one page: per field, the cell's lines. ``starts_row`` is False when the
    piece continues the row before it (its case-id cell is empty); ``open_end`` when it ends at the foot of
    a page where the table goes on, so that its row may go on on the next page (its last words cut there)."""

    page: int
    cells: dict[str, list[Line]]
    starts_row: bool
    open_end: bool = False


@dataclass
class TotalsLine:
    """The totals line ("17 PROJEKT … TOTALSUMMA: 72 750 869 225 263 121"): its text per column."""

    page: int
    cells: list[str]
    text: str


@dataclass
class PageTable:
    """What one page contributes: the layout in force, whether the page repeats the header, its row
    pieces in reading order, the totals line if the table ends here, and any text above the table."""

    layout: Layout | None
    header_found: bool = False
    pieces: list[RowPiece] = field(default_factory=list)
    totals: TotalsLine | None = None
    title: str = ""
    unmatched_headers: list[str] = field(default_factory=list)
    candidate_headers: list[str] = field(default_factory=list)
    #: Columns without a header that hold values on this page: (column index, the first value).
    headerless: list[tuple[int, str]] = field(default_factory=list)


def _merge_positions(values: list[float]) -> list[float]:
    merged: list[float] = []
    for value in sorted(values):
        if merged and value - merged[-1] < RULE_MERGE:
            continue
        merged.append(value)
    return merged


def _center_x(glyph: Glyph) -> float:
    return (glyph.x0 + glyph.x1) / 2


def _center_y(glyph: Glyph) -> float:
    return (glyph.top + glyph.bottom) / 2


def _text(glyphs: list[Glyph]) -> str:
    return make_line(glyphs).text if glyphs else ""


def _ruled_frames(page: PageContent) -> list[tuple[list[float], float, float]]:
    """The ruled tables of the page, top to bottom: each one's column rule x positions, top and bottom.

    Column rules that follow one another down the page with less than FRAME_GAP between them draw
    one table (rules drawn cell by cell leave hairline gaps); a wider gap, where a heading and the
    next table's header stand (Scotland: one table per strategic intervention), starts another.
    A group of rules too few for a table joins the one above it (or below, for the first)."""
    tall = sorted((rule for rule in page.vertical if rule.bottom - rule.top >= 8), key=lambda r: r.top)
    groups: list[list] = []
    for rule in tall:
        if groups and rule.top - max(r.bottom for r in groups[-1]) < FRAME_GAP:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    frames: list[list] = []
    for group in groups:
        if frames and len(_merge_positions([r.x0 for r in group])) < MIN_RULED_COLUMNS + 1:
            frames[-1] += group
        elif frames and len(_merge_positions([r.x0 for r in frames[-1]])) < MIN_RULED_COLUMNS + 1:
            frames[-1] += group
        else:
            frames.append(list(group))
    result = []
    for rules in frames:
        xs = _merge_positions([rule.x0 for rule in rules])
        if len(xs) >= MIN_RULED_COLUMNS + 1:
            result.append((xs, min(rule.top for rule in rules), max(rule.bottom for rule in rules)))
    return result


def _ruled_columns(xs: list[float], glyphs: list[Glyph]) -> list[Column]:
    columns = [Column(left, right, left, right) for left, right in zip(xs, xs[1:])]
    layout = Layout(columns, {}, True)
    offsets = []
    for glyph in glyphs:
        index = layout.column_at(_center_x(glyph))
        if index is not None:
            offsets.append(glyph.x0 - columns[index].left)
    padding = max(0.0, min(offsets)) if offsets else 0.0
    for column in columns:
        column.text_left = column.left + padding
        column.text_right = column.right - padding
    return columns


def _column_gap(lines: list[list[Glyph]]) -> float:
    """The narrowest white space (points) that may separate columns: wider than the word spaces,
    measured as the median of the gaps between words on these lines."""
    spaces = [b.x0 - a.x1 for line in lines for a, b in zip(line, line[1:]) if b.x0 - a.x1 > WORD_GAP_EM * b.size]
    size = statistics.median(line[0].size for line in lines)
    # With few words the gaps measured are mostly between columns: a space is never wider than MAX_SPACE_EM.
    space = min(statistics.median(spaces), MAX_SPACE_EM * size) if spaces else MAX_SPACE_EM * size
    return SPACE_TO_COLUMN_GAP * space


def _covered(lines: list[list[Glyph]], min_gap: float) -> list[list[float]]:
    """The x ranges ([start, end], left to right) the phrases of ``lines`` cover: runs of glyphs with no
    white space wider than ``min_gap`` in them, overlapping or nearer than ``min_gap`` to each other."""
    spans = []
    for line in lines:
        start = line[0].x0
        end = line[0].x1
        for before, glyph in zip(line, line[1:]):
            if glyph.x0 - before.x1 > min_gap:
                spans.append((start, end))
                start = glyph.x0
            end = max(end, glyph.x1)
        spans.append((start, end))
    spans.sort()
    covered: list[list[float]] = []
    for start, end in spans:
        if covered and start - covered[-1][1] <= min_gap:
            covered[-1][1] = max(covered[-1][1], end)
        else:
            covered.append([start, end])
    return covered


def _split_at_rivers(covered: list[list[float]], lines: list[list[Glyph]], body: list[list[Glyph]],
                     starts: list[float]) -> list[list[float]]:
    """``covered`` (see ``_covered``) with a range split at each x of ``starts`` inside it (where a header's words
    start) where the evidence of a column edge holds:

    - a white river at least a word gap wide (WORD_GAP_EM) runs down every one of ``lines`` just left of x,
      and a line with text on both sides bridges it by more than a word space (``_word_space``; the space
      between "Beslutat" and "belopp", or inside "1 000 000", is no gutter);
    - values of ``body`` (the rows' lines) stand on both sides of it inside the range;
    - they are aligned on it: a value starts at x, as its column's header does (left-aligned text), or the
      values left of it all end at one x (right-aligned amounts).

    Cells padded by about a point (Calc) leave between a right-aligned amount and the next column's text a
    gutter no wider than a word space, so phrases alone join the two ("20 000 000 ERUF"); the white running
    down the whole table where the next column's text starts still parts them, as the word spaces of a column's
    ragged lines do not."""
    if not starts or not lines or not body:
        return covered
    size = statistics.median(g.size for line in lines for g in line)
    river, aligned, gutter = WORD_GAP_EM * size, ALIGNED_EM * size, SPACE_SLACK * _word_space(lines, size)
    out: list[list[float]] = []
    for start, end in covered:
        inside = sorted(x for x in set(starts) if start + river < x < end)
        if inside:
            glyphs = [g for line in lines for g in line if start <= g.x0 and g.x1 <= end]
            rows = [[g for g in line if start <= g.x0 and g.x1 <= end] for line in body]
        for x in inside:
            if any(g.x0 < x - river / 2 and g.x1 > x - river for g in glyphs):
                continue
            if any(min(g.x0 for g in right) - max(g.x1 for g in left) <= gutter
                   for left, right in (([g for g in line if start <= g.x0 and g.x1 <= x - river / 2],
                                        [g for g in line if x - river <= g.x0 and g.x1 <= end]) for line in lines)
                   if left and right):
                continue
            ends = [max(g.x1 for g in ours) for ours in ([g for g in row if g.x1 <= x and start <= g.x0]
                                                         for row in rows) if ours]
            right = [g.x0 for row in rows for g in row if x - river <= g.x0]
            if not ends or not right or (min(right) - x > aligned and max(ends) - min(ends) > aligned):
                continue
            out.append([start, max(g.x1 for g in glyphs if start <= g.x0 and g.x1 <= x)])
            start = min(g.x0 for g in glyphs if x - river <= g.x0)
        out.append([start, end])
    return out


def _word_space(lines: list[list[Glyph]], size: float) -> float:
    """The width of a word space on these lines (points): the most common gap between words (to 0.05 pt), among
    gaps no wider than MAX_SPACE_EM; DEFAULT_SPACE_EM of ``size`` without any."""
    gaps = Counter(round(20 * (b.x0 - a.x1)) / 20 for line in lines for a, b in zip(line, line[1:])
                   if WORD_GAP_EM * b.size < b.x0 - a.x1 <= MAX_SPACE_EM * b.size)
    return gaps.most_common(1)[0][0] if gaps else DEFAULT_SPACE_EM * size


def _word_starts(lines: list[list[Glyph]]) -> list[float]:
    """Where the words of ``lines`` start (x, points): each line's first glyph and each after a word gap."""
    return [glyph.x0 for line in lines for i, glyph in enumerate(line)
            if not i or glyph.x0 - line[i - 1].x1 > WORD_GAP_EM * glyph.size]


def _gap_columns(covered: list[list[float]]) -> list[Column]:
    """Columns from white space: one per x range that phrases cover (``_covered``; none without)."""
    # Cells are padded alike and left-aligned headers mark where each column's text starts, so the
    # narrowest gap between columns is the padding on both sides of a cell edge: it places every
    # column's right text edge, and the glyph boundary half a gap left of the next column's text.
    gaps = [after[0] - before[1] for before, after in zip(covered, covered[1:])]
    gutter = min(gaps) if gaps else 0.0
    columns = []
    for index, (start, end) in enumerate(covered):
        left = start - gutter / 2 if index else float("-inf")
        if index + 1 < len(covered):
            following = covered[index + 1][0]
            columns.append(Column(left, following - gutter / 2, start, max(end, following - gutter)))
        else:
            columns.append(Column(left, float("inf"), start, end))
    return columns


def _white_space(lines: list[list[Glyph]], header: int = 0) -> list[list[float]]:
    """The x ranges the phrases of a table's lines cover (see ``_covered``), a totals line's kept out (its
    label may overflow its cell), split where a word of the first ``header`` lines (the header's) starts if the
    evidence of a column edge holds there (``_split_at_rivers``); none without lines."""
    shaping = [line for line in lines if not _totals_only(_text(line))]
    if not shaping:
        return []
    rows = [line for line in lines[header:] if not _totals_only(_text(line))] if header else []
    return _split_at_rivers(_covered(shaping, _column_gap(shaping)), shaping, rows, _word_starts(lines[:header]))


def _own_white_space(layout: Layout, lines: list[list[Glyph]]) -> Layout:
    """The header page's white-space columns, with each edge this page's own white space disagrees with
    moved: a page continuing a table without rules (its header printed only on the first page) keeps the
    first page's edges, which its rows placed only as far as their text reached; a longer text here
    ("projekt projekt projekt" filling its cell) runs past such an edge. Where a phrase of this page (words
    no wider apart than a word space) covers an edge, the edge moves into the white space beside it, on
    the side away from most of its glyphs, never past where the neighbouring column's text starts: a
    phrase is never split between columns. Returns ``layout`` itself when no edge moves."""
    shaping = [line for line in lines if not _totals_only(_text(line))]
    if layout.ruled or not shaping:
        return layout
    covered = _covered(shaping, _column_gap(shaping))
    columns = list(layout.columns)
    for k in range(len(columns) - 1):
        edge = columns[k].right
        index = next((i for i, (start, end) in enumerate(covered) if start < edge < end), None)
        if index is None:
            continue
        start, end = covered[index]
        glyphs = [g for line in shaping for g in line if start <= g.x0 and g.x1 <= end]
        if 2 * sum(1 for g in glyphs if _center_x(g) < edge) >= len(glyphs):
            limit = columns[k + 1].text_left  # the phrase is column k's: the edge goes right of it
            if end >= limit:
                continue
            following = covered[index + 1][0] if index + 1 < len(covered) else limit
            moved = (end + min(following, limit)) / 2
            columns[k] = replace(columns[k], right=moved, text_right=max(columns[k].text_right, end))
        else:
            limit = columns[k].text_left  # the phrase is the next column's (a right-aligned amount)
            if start <= limit:
                continue
            before = covered[index - 1][1] if index else limit
            moved = (max(before, limit) + start) / 2
            columns[k] = replace(columns[k], right=moved, text_right=min(columns[k].text_right, moved))
        columns[k + 1] = replace(columns[k + 1], left=moved)
    return replace(layout, columns=columns) if columns != layout.columns else layout


# A line at the top of a table without rules in a font this much larger than the table's is its title.
TITLE_SIZE_RATIO = 1.25


def _title_lines(block: list[list[Glyph]]) -> int:
    """How many of a block's first lines are a title set in a larger font ("Beviljade projekt" above a
    table without rules): its words must not shape the columns (a title's word space is as wide as a gap
    between columns in the table's smaller font)."""
    for count, line in enumerate(block):
        rest = [g.size for below in block[count + 1:] for g in below]
        if not rest or statistics.median(g.size for g in line) <= TITLE_SIZE_RATIO * statistics.median(rest):
            return count
    return 0


def _blocks(lines: list[list[Glyph]]) -> list[list[list[Glyph]]]:
    """Split page lines into blocks separated by gaps wider than BLOCK_GAP_PITCHES line pitches."""
    tops = [line[0].top for line in lines]
    steps = [b - a for a, b in zip(tops, tops[1:]) if b > a]
    pitch = statistics.median(steps) if steps else 0.0
    blocks = [[lines[0]]]
    for before, line in zip(lines, lines[1:]):
        if pitch and line[0].top - before[0].top > BLOCK_GAP_PITCHES * pitch:
            blocks.append([])
        blocks[-1].append(line)
    return blocks


def _looks_like_totals(text: str) -> bool:
    return bool(TOTALS_WORD.search(fold(text)) and re.search(r"\d", text))


def _totals_only(text: str) -> bool:
    """A line holding a totals label and amounts only ("17 PROJEKT TOTALSUMMA: 72 750 869", "Summe 1.234,56 €").
    Its label may overflow its cell, so such a line must not shape the columns; a row whose title starts like a
    count ("2040 projekt") holds other text too (its case id, fund, beneficiary) and shapes them as any row."""
    if not _looks_like_totals(text):
        return False
    words = fold(text).split()
    label = words[:1] + [w for w in words[1:] if not w.isdigit() and w not in CURRENCY_SIGNS]
    return bool(TOTALS_LABEL.match(" ".join(label)))


def _is_totals(line: list[Glyph], layout: Layout) -> bool:
    """A totals line names itself (a count of operations or a word such as TOTALSUMMA), has a sum in
    the granted-amount column, no case id (five digits or more) in the case-id column, and nothing but
    its label in the other text cells: "Total Productive Maintenance" is an operation's title."""
    if not _looks_like_totals(_text(line)):
        return False
    cells = _split_line(line, layout)
    granted_column = layout.index_of("granted_amount")
    case_column = layout.index_of("case_id")
    if granted_column is None or not _is_amount(cells[granted_column]):
        return False
    amounts = {layout.index_of(name) for name in AMOUNT_FIELDS}
    # The label may run over several text columns, so it is read from the line's glyphs, not cell by cell.
    label = _text([g for g in line if layout.column_at(_center_x(g)) not in amounts])
    if not TOTALS_LABEL.match(fold(label)):
        return False
    return case_column is None or not _CASE_ID_DIGITS.search(cells[case_column])


def _is_amount(text: str) -> bool:
    try:
        parse_amount(text)
    except ValueError:
        return False
    return True


def _split_line(line: list[Glyph], layout: Layout) -> list[str]:
    per_column: list[list[Glyph]] = [[] for _ in layout.columns]
    for glyph in line:
        index = layout.column_at(_center_x(glyph))
        if index is not None:
            per_column[index].append(glyph)
    return [_text(glyphs) for glyphs in per_column]


def _cells(glyphs: list[Glyph], layout: Layout) -> list[list[Line]]:
    per_column: list[list[Glyph]] = [[] for _ in layout.columns]
    if layout.ruled:
        for glyph in glyphs:
            index = layout.column_at(_center_x(glyph))
            if index is not None:
                per_column[index].append(glyph)
    else:
        for word in _words(glyphs):
            index = _word_column(word, layout)
            if index is not None:
                per_column[index].extend(word)
    return [lines_of(column_glyphs) for column_glyphs in per_column]


def _words(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """The glyphs as words: runs on one line with no word gap between them."""
    words = []
    for line in group_lines(glyphs):
        words.append([line[0]])
        for before, glyph in zip(line, line[1:]):
            if glyph.x0 - before.x1 > WORD_GAP_EM * glyph.size:
                words.append([])
            words[-1].append(glyph)
    return words


def _word_column(word: list[Glyph], layout: Layout) -> int | None:
    """The white-space column a word stands in: where most of its glyphs stand. Without rules the
    columns of a page that continues the table are those of its header's page, and a longer text
    there may run past the boundary ("utvecklin|g" of a title over an amount column): a word is
    never split between columns."""
    indexes = Counter(layout.column_at(_center_x(glyph)) for glyph in word)
    return max(indexes, key=lambda index: (indexes[index], index == layout.column_at(_center_x(word[0]))))


def header_texts(cells: list[list[Line]], layout: Layout, document: Vocabulary | None = None) -> list[str]:
    """Header cell texts, wrapped lines joined like any cell's; a wrap the glyphs leave doubtful is read
    the way that makes the header wording a field's ("Ärendenum|mer": ``columns.best_reading``).
    ``document``: the words of the page's rows (see ``_rows_vocabulary``)."""
    return [best_reading(cell_readings(lines, column.text_left, column.text_right, document))
            for lines, column in zip(cells, layout.columns)]


def _rows_vocabulary(table: PageTable) -> Vocabulary:
    """What the page's rows show of the document's words and of how its text engine wraps them: a word
    processor that hyphenates the rows' text hyphenated the header too ("gezahlte Ge-|samtbeträge")."""
    vocabulary = Vocabulary()
    for piece in table.pieces:
        for lines in piece.cells.values():
            vocabulary.learn(lines)
    return vocabulary


@dataclass
class _Header:
    """A ruled table's header cells: per column its own text, with the text of the cells it shares with its
    neighbours (a two-level header's group cell) before it; the text of a cell across every column (the
    table's title drawn in its frame, "Verzeichnis der Begünstigten in Baden-Württemberg") apart."""

    texts: list[str]
    groups: list[str]
    title: str = ""


def _spans(page: PageContent, layout: Layout, glyphs: list[Glyph],
           needs_rule: bool = True) -> dict[Glyph, tuple[int, int]] | None:
    """For each header glyph, the first and last column of the ruled cell it stands in: a cell ends at
    the column rules drawn at the glyph's height, so a merged cell (a title or a group over some columns)
    spans the columns whose rules stop below it. None when no rule between columns reaches the header's
    lines (a header ruled only around) and ``needs_rule``: then the rules say nothing of its cells."""
    edges = [column.left for column in layout.columns[1:]]
    reach: list[list[tuple[float, float]]] = [[] for _ in edges]
    for rule in page.vertical:
        for k, x in enumerate(edges):
            if abs(rule.x0 - x) <= 2 * RULE_MERGE:
                reach[k].append((rule.top - RULE_MERGE, rule.bottom + RULE_MERGE))

    def ruled(k: int, y: float) -> bool:  # is there a rule between column k and k + 1 at height y?
        return any(top <= y <= bottom for top, bottom in reach[k])

    spans: dict[Glyph, tuple[int, int]] = {}
    any_rule = False
    for glyph in glyphs:
        index = layout.column_at(_center_x(glyph))
        if index is None:
            continue
        y = _center_y(glyph)
        first, last = index, index
        while first > 0 and not ruled(first - 1, y):
            first -= 1
        while last < len(edges) and not ruled(last, y):
            last += 1
        any_rule = any_rule or first == index and index > 0 or last == index and index < len(edges)
        spans[glyph] = (first, last)
    return spans if any_rule or not needs_rule else None


def _title_rows(page: PageContent, layout: Layout, region: list[list[Glyph]]) -> int:
    """How many of the ruled table's first lines are its title: lines in a cell across every column
    (Saarland's "Verzeichnis der Begünstigten für das Saarland (Stand: 31. Dezember 2015)" in the frame)."""
    last_column = len(layout.columns) - 1
    count = 0
    for line in region:
        spans = _spans(page, layout, line, needs_rule=False)
        if not spans or any(span != (0, last_column) for span in spans.values()):
            break
        count += 1
    return count


def _ruled_header(page: PageContent, layout: Layout, glyphs: list[Glyph],
                  document: Vocabulary | None = None) -> _Header | None:
    """The header's texts read cell by cell from the rules (see ``_spans``), or None (see there)."""
    spans = _spans(page, layout, glyphs)
    if spans is None:
        return None
    own = [g for g in glyphs if spans.get(g, (0, 0))[0] == spans.get(g, (0, 0))[1]]
    texts = header_texts(_cells(own, layout), layout, document)
    groups: dict[tuple[int, int], list[Glyph]] = {}
    for glyph, span in spans.items():
        if span[0] != span[1]:
            groups.setdefault(span, []).append(glyph)
    last_column = len(layout.columns) - 1
    title = []
    over = [""] * len(texts)
    # Group cells bottom to top, each put before the text gathered so far: a group over a group comes first.
    for (first, last), group in sorted(groups.items(), key=lambda item: min(g.top for g in item[1]), reverse=True):
        text = join_lines(lines_of(group), layout.columns[first].text_left, layout.columns[last].text_right)
        if (first, last) == (0, last_column):
            title.insert(0, text)
            continue
        for index in range(first, last + 1):
            over[index] = f"{text} {over[index]}".strip()
    return _Header(texts, over, " ".join(title))


def read_page(page: PageContent, previous: Layout | None) -> PageTable:
    """Find the table on ``page``; ``previous`` is the layout of the table on earlier pages, if any.

    Returns the page's contribution (see PageTable); raises nothing itself: cells are checked
    when records are made, so that errors can name the row.
    """
    if not page.glyphs:
        return PageTable(previous)
    lines = [line for line in group_lines(page.glyphs) if not _PAGE_NUMBER.match(_text(line))]
    if not lines:
        return PageTable(previous)
    frames = _ruled_frames(page)
    if len(frames) < 2:
        return _read_table(page, lines, frames[0] if frames else None, previous)
    # Several ruled tables one under another: each may repeat the header, and the text between them
    # (a heading, the next header) is no row. A totals line below a table belongs to it.
    table: PageTable | None = None
    layout = previous
    best_headers: list[str] = []
    for number, frame in enumerate(frames):
        below = frames[number + 1][1] if number + 1 < len(frames) else float("inf")
        part = _read_table(page, [line for line in lines if _center_y(line[0]) < below], frame, layout)
        if part.layout is None:
            best_headers = max(best_headers, part.candidate_headers, key=lambda headers: len([h for h in headers if h]))
            continue
        layout = part.layout
        if table is None:
            table = part
        else:
            table.layout = part.layout
            table.pieces += part.pieces
            table.totals = part.totals
        if part.totals:
            break
    return table or PageTable(None, candidate_headers=best_headers)


def _read_table(page: PageContent, lines: list[list[Glyph]], frame, previous: Layout | None) -> PageTable:
    """``read_page`` for one table: ruled by ``frame`` (see ``_ruled_frames``) or, if None, by white space."""
    if frame:
        xs, top, bottom = frame
        region = [line for line in lines if top <= _center_y(line[0]) <= bottom]
        candidates = [region] if region else []
    else:
        # A block under a title in a larger font is tried without the title first.
        candidates = [part for block in sorted(_blocks(lines), key=len, reverse=True)
                      for part in ([block[_title_lines(block):], block] if _title_lines(block) else [block])]
    best_headers: list[str] = []
    for region in candidates:
        if frame:
            columns = _ruled_columns(xs, [g for line in region for g in line])
            region = region[_title_rows(page, Layout(columns, {}, True), region):]
            if not region:
                continue
        for end in _header_ends(page, frame, region):
            header_glyphs = [g for line in region[:end] for g in line]
            layout = Layout(columns if frame else _values_under_their_header(_white_space(region, end), header_glyphs,
                                                                             region[end:]), {}, bool(frame))
            header_bottom = (_header_bottom(page, frame, region[end]) if end < len(region)
                             else max(g.bottom for g in region[-1]) + 0.1)
            overflow = _overflowing_header(page, frame, layout, header_glyphs, region[end:], header_bottom)
            # With the header's text found below its rule first, then without it (bold first rows).
            for extra in ([overflow, []] if overflow else [[]]):
                ruled_header = _ruled_header(page, layout, header_glyphs + extra) if frame else None
                headers = (ruled_header.texts if ruled_header
                           else header_texts(_cells(header_glyphs + extra, layout), layout))
                fields, unmatched = match_headers(headers, ruled_header.groups if ruled_header else None)
                if not missing_fields(f.field for f in fields.values()):
                    layout.fields = fields
                    groups = ruled_header.groups if ruled_header else [""] * len(headers)
                    layout.unheaded = frozenset(i for i, (text, group) in enumerate(zip(headers, groups))
                                                if i not in fields and not text.strip() and not group.strip())
                    table = _body(page, lines, layout, header_bottom, region, set(extra))
                    table.header_found = True
                    rows = _rows_vocabulary(table)
                    if rows.hyphenates():  # the header read again, its wraps judged as the rows' were
                        reread = (_ruled_header(page, layout, header_glyphs + extra, rows) if frame else None)
                        again = (reread.texts if reread else
                                 header_texts(_cells(header_glyphs + extra, layout), layout, rows))
                        refields, reunmatched = match_headers(again, reread.groups if reread else None)
                        if {i: f.field for i, f in refields.items()} == {i: f.field for i, f in fields.items()}:
                            layout.fields, unmatched = refields, reunmatched
                    table.unmatched_headers = unmatched
                    table.title = " ".join([_text(line) for line in lines if line[-1].bottom <= region[0][0].top]
                                           + ([ruled_header.title] if ruled_header and ruled_header.title else []))
                    return table
            if len([h for h in headers if h]) > len([h for h in best_headers if h]):
                best_headers = headers
    if previous is None:
        return PageTable(None, candidate_headers=best_headers)
    if frame:
        region = [line for line in lines if top <= _center_y(line[0]) <= bottom]
        columns = _ruled_columns(xs, [g for line in region for g in line])
        # A page that draws fewer column rules than its fields need (none around an empty column)
        # keeps the header page's columns: the fields are numbered by them.
        layout = (Layout(columns, previous.fields, True, previous.unheaded)
                  if len(columns) > max(previous.fields, default=-1)
                  else Layout(previous.columns, previous.fields, previous.ruled, previous.unheaded))
    else:
        region = max(_blocks(lines), key=len)
        layout = _own_white_space(previous, region)
    if not region:
        return PageTable(layout)
    return _body(page, lines, layout, region[0][0].top - 1, region)


def _values_under_their_header(covered: list[list[float]], header: list[Glyph],
                               body: list[list[Glyph]]) -> list[Column]:
    """White-space columns (see ``_gap_columns``) with each run of values that has no header of its own joined
    to the headed column on its left when that one holds no values: a left-aligned header over right-aligned
    amounts ("Beslutat" / "belopp" above "1 000") can leave a gap between the two wider than a word space, and
    the amounts would otherwise be lost with the headerless column they seemed to form. The columns' text
    edges are placed after the join: the gap inside a column is no gutter between two (taken for one, it
    placed every right text edge too far right, and a case id cut at its cell's edge was read as two rows)."""
    layout = Layout(_gap_columns(covered), {}, False)
    headed = {layout.column_at(_center_x(g)) for g in header}
    # A totals line's sums are wider than the values above them and may reach into the header's column.
    filled = {layout.column_at(_center_x(g)) for line in body if not _totals_only(_text(line)) for g in line}
    joined: list[list[float]] = []
    for index, (start, end) in enumerate(covered):
        if joined and index not in headed and index in filled and index - 1 in headed and index - 1 not in filled:
            joined[-1] = [joined[-1][0], end]
            headed.add(index)
        else:
            joined.append([start, end])
    return _gap_columns(joined)


def _rules_across(page: PageContent, width: float) -> list[float]:
    """Tops (points, ascending) of the horizontal rules that run across more than half the table's
    ``width``. A rule drawn cell by cell (each cell's own border, as Excel and Word export borders)
    is one rule: segments at the same height that touch are joined first."""
    spans: list[list[float]] = []  # [top, x0, x1]
    for rule in sorted(page.horizontal, key=lambda r: (round(r.top / RULE_MERGE), r.x0)):
        last = spans[-1] if spans else None
        if last and abs(rule.top - last[0]) < RULE_MERGE and rule.x0 <= last[2] + RULE_MERGE:
            last[2] = max(last[2], rule.x1)
        else:
            spans.append([rule.top, rule.x0, rule.x1])
    return sorted(top for top, x0, x1 in spans if x1 - x0 > 0.5 * width)


def _header_ends(page: PageContent, frame, region: list[list[Glyph]]) -> list[int]:
    """Where the header may end (index of the first body line), most telling first: the first rule
    across the table; under a header in a font of its own (bold), the first line in the rows' font (a spreadsheet
    pads its cells so little that the first row follows the header at the line pitch); the first gap wider than
    a cell's line pitch; the first line holding a number."""
    ends = []
    if frame:
        xs = frame[0]
        first_top = region[0][0].top
        rules = [top for top in _rules_across(page, xs[-1] - xs[0]) if top > first_top + 1]
        data = next((line[0].top for line in region if _DATA_LINE.search(_text(line))), float("inf"))
        # The first rule, then the others above the first line of data (a header of several ruled rows).
        for rule in rules[:1] + [top for top in rules[1:] if top < data]:
            ends.append(next((i for i, line in enumerate(region) if line[0].top > rule), len(region)))
    fonts = [Counter(g.font for g in line).most_common(1)[0][0] for line in region]
    rows_font = Counter(g.font for line in region for g in line).most_common(1)[0][0]
    if fonts[0] != rows_font:
        ends.append(next((i for i, font in enumerate(fonts) if font == rows_font), len(region)))
    ends.append(next((i for i in range(1, len(region))
                      if region[i][0].top - region[i - 1][0].top > CONTINUATION_PITCH_EM * region[i - 1][0].size),
                     len(region)))
    ends.append(next((i for i, line in enumerate(region) if _DATA_LINE.search(_text(line))), len(region)))
    ends.append(len(region))  # a header with no rows: an empty table
    return list(dict.fromkeys(end for end in ends if 0 < end <= len(region)))


def _header_bottom(page: PageContent, frame, first_data: list[Glyph]) -> float:
    data_top = min(g.top for g in first_data)
    size = first_data[0].size
    if frame:
        xs, top, _ = frame
        rules = [rule for rule in _rules_across(page, xs[-1] - xs[0]) if top + 1 < rule <= data_top + 0.2 * size]
        if rules:
            return max(rules)
    return data_top - 0.2 * size


def _overflowing_header(page: PageContent, frame, layout: Layout, header: list[Glyph], body: list[list[Glyph]],
                        header_bottom: float) -> list[Glyph]:
    """Header text drawn below the header's rule: a header row set lower than its text ("Total
    projektbudg" / "et, SEK" under the rule, hidden by the cell's clipping yet in the PDF). It is only
    looked for between the header rule and the next rule (or 2.5 em), within a line pitch of its
    column's header, and told from the first row's text by its font (a bold header over regular rows)
    or, in the rows' own font, by the header's line pitch (``_pitch_overflow``)."""
    if not header or not body:
        return []
    header_fonts = Counter(g.font for g in header)
    body_glyphs = [g for line in body for g in line if _center_y(g) > header_bottom]
    body_fonts = Counter(g.font for g in body_glyphs)
    if not body_fonts:
        return []
    size = statistics.median(g.size for g in header)
    limit = header_bottom + 2.5 * size
    if frame:
        width = frame[0][-1] - frame[0][0]
        rules = [r.top for r in page.horizontal if r.top > header_bottom + 1 and r.x1 - r.x0 > 0.5 * width]
        limit = min([limit, *rules])
    last_top: dict[int, float] = {}
    for glyph in header:
        index = layout.column_at(_center_x(glyph))
        if index is not None:
            last_top[index] = max(last_top.get(index, glyph.top), glyph.top)
    font = header_fonts.most_common(1)[0][0]
    if not font or font == body_fonts.most_common(1)[0][0]:
        return _pitch_overflow(layout, header, [g for g in body_glyphs if g.top < limit], last_top, size)
    return [g for g in body_glyphs if g.font == font and g.top < limit
            and g.top - last_top.get(layout.column_at(_center_x(g)), float("-inf")) <= CONTINUATION_PITCH_EM * size]


# How far (share of the font size) a glyph may sit from the header's next line to be taken for it.
OVERFLOW_PITCH_TOLERANCE_EM = 0.1


def _pitch_overflow(layout: Layout, header: list[Glyph], near: list[Glyph], last_top: dict[int, float],
                    size: float) -> list[Glyph]:
    """Header text in the rows' own font below the header rule: the glyphs standing exactly where
    their column's header would put its next line (its last line's top plus the header's own line
    pitch), on a line no glyph of the first row shares (the row's text starts after the rule and
    the cell's padding, not at the header's pitch), and holding no value ("t, SEK", not "10 000")."""
    steps = []
    for index in last_top:
        tops = [line.top for line in lines_of([g for g in header if layout.column_at(_center_x(g)) == index])]
        # Lines of one cell follow at the leading; a wider step leaves the header (a title above it).
        steps += [b - a for a, b in zip(tops, tops[1:]) if b - a < CONTINUATION_PITCH_EM * size]
    if not steps:
        return []
    pitch = statistics.median(steps)
    tolerance = OVERFLOW_PITCH_TOLERANCE_EM * size
    found = [g for g in near if abs(g.top - last_top.get(layout.column_at(_center_x(g)), float("-inf")) - pitch)
             <= tolerance]
    taken = set(found)
    others = [g for g in near if g not in taken]
    if not found or any(abs(g.top - f.top) <= 2 * tolerance for g in others for f in found[:1]):
        return []
    if _DATA_LINE.search(_text(sorted(found, key=lambda g: g.x0))):
        return []
    return found


def _body(page: PageContent, lines: list[list[Glyph]], layout: Layout, header_bottom: float,
          region: list[list[Glyph]], header_overflow: set[Glyph] = frozenset()) -> PageTable:
    table = PageTable(layout)
    bottom = max(g.bottom for g in region[-1]) + 1
    for line in lines:
        if line[0].top > header_bottom and _is_totals(line, layout):
            table.totals = TotalsLine(page.number, _split_line(line, layout), _text(line))
            bottom = min(bottom, min(g.top for g in line) - 0.1)
            break
    body = [g for line in region for g in line
            if header_bottom < _center_y(g) < bottom and not (header_overflow and g in header_overflow)]
    if layout.ruled:
        body = _overrun_kept_in_cell(layout, body)
    else:
        _widen_text_right(layout, body)
    for y0, y1, starts in _row_bands(page, layout, body, header_bottom, bottom):
        glyphs = [g for g in body if y0 <= _center_y(g) < y1]
        if glyphs:
            cells = _cells(glyphs, layout)
            table.pieces.append(RowPiece(page.number, {f.field: cells[i] for i, f in layout.fields.items()}, starts))
            table.headerless += [(i, cells[i][0].text) for i in sorted(layout.unheaded)
                                 if i < len(cells) and cells[i] and i not in {k for k, _ in table.headerless}]
    if table.pieces and table.totals is None:
        table.pieces[-1].open_end = True
    return table


def _overrun_kept_in_cell(layout: Layout, glyphs: list[Glyph]) -> list[Glyph]:
    """Glyphs drawn across a column rule are their word's: a line's last glyph that runs over its cell's
    right rule ("Medien-" in Burgenland, its hyphen's centre just past the rule) stays in the cell of the
    glyph it is attached to, rather than starting a row of its own in the next column."""
    moved: dict[Glyph, Glyph] = {}
    for line in group_lines(glyphs):
        for before, glyph in zip(line, line[1:]):
            index = layout.column_at(_center_x(glyph))
            if (index is None or glyph.x0 >= layout.columns[index].left
                    or glyph.x0 - before.x1 > WORD_GAP_EM * glyph.size
                    or layout.column_at(_center_x(before)) != index - 1):
                continue
            edge = layout.columns[index].left
            moved[glyph] = glyph._replace(x1=edge - (edge - glyph.x0) / 2)
    return [moved.get(g, g) for g in glyphs] if moved else glyphs


def _widen_text_right(layout: Layout, glyphs: list[Glyph]) -> None:
    # Without rules a column's right text edge is only known as far as its text reaches.
    for glyph in glyphs:
        index = layout.column_at(_center_x(glyph))
        if index is not None and glyph.x1 > layout.columns[index].text_right:
            layout.columns[index].text_right = glyph.x1


def _continues(line: Line, following: Line, column: Column) -> bool:
    """Whether a line of a case id or an amount continues the one above (a long case id, or an amount too
    wide for its cell, broken at the cell's edge: "£10,426,264.0" / "0"; or a currency sign alone on its
    line, its amount wrapped below it: "£" / "3,766,189.60" in UK Scotland's page 18): it must follow at the
    line pitch, not after a row's padding, and the word must have been cut or the line hold no figure."""
    return (following.top - line.top < CONTINUATION_PITCH_EM * line.size
            and (line.text.strip().casefold() in CURRENCY_SIGNS
                 or broke_inside_word(line, following, column.text_left, column.text_right)))


def _first_lines(layout: Layout, body: list[Glyph], index: int) -> list[Line]:
    """The lines of column ``index`` that start a value: not those continuing a value cut at the cell's edge."""
    lines = lines_of([g for g in body if layout.column_at(_center_x(g)) == index])
    return [line for i, line in enumerate(lines) if i == 0 or not _continues(lines[i - 1], line, layout.columns[index])]


def continues_cut_case_id(row: dict[str, list[Line]], piece: RowPiece, layout: Layout) -> bool:
    """Whether a page's first piece, though its case-id cell is filled, continues the previous page's last row
    (``row``: its cells so far): a word processor splits a row between pages anywhere, even inside a case id
    cut at its cell's edge ("203724" at the foot of one page, "92" at the top of the next). The piece's first
    case-id line must end a word the row's last one cut, and the piece holds no amount (a row's amounts stand
    on its first line, before the page ended)."""
    index = layout.index_of("case_id")
    before, after = row.get("case_id"), piece.cells.get("case_id")
    if index is None or not before or not after:
        return False
    if any(piece.cells.get(name) for name in AMOUNT_FIELDS) or not any(row.get(name) for name in AMOUNT_FIELDS):
        return False
    column = layout.columns[index]
    return broke_inside_word(before[-1], after[0], column.text_left, column.text_right)


def _anchor(layout: Layout, body: list[Glyph], rules: list[float] = ()) -> list[Line]:
    """The lines that start rows, top to bottom: those of the case id if the list has one, else
    the amount columns together (an amount wraps only where it is cut at its cell's edge, so each of its
    other lines starts a row, and every row fills one amount even where it leaves the others empty: Bayern
    gives either the amount granted or, once the project ended, the amount paid).

    In a ruled table (``rules``: the tops of the rules across it), amounts of one row set a little
    apart in different columns (Saarland's granted amount half a line above its paid amount) start
    one row: the second fills a column the first left empty, within a line pitch, with no rule between."""
    case_index = layout.index_of("case_id")
    if case_index is not None:
        return _first_lines(layout, body, case_index)
    indexes = [i for i in (layout.index_of(name) for name in AMOUNT_FIELDS) if i is not None]
    lines = sorted(((line, index) for index in indexes for line in _first_lines(layout, body, index)),
                   key=lambda item: item[0].top)
    starts: list[Line] = []
    filled: set[int] = set()
    for line, index in lines:
        if starts:
            step = line.top - starts[-1].top
            same_row = step < LINE_TOLERANCE_EM * line.size or (
                layout.ruled and index not in filled and step < CONTINUATION_PITCH_EM * line.size
                and not any(starts[-1].top < rule < line.top for rule in rules))
            if same_row:
                filled.add(index)
                continue
        starts.append(line)
        filled = {index}
    return starts


def _row_bands(page: PageContent, layout: Layout, body: list[Glyph], top: float,
               bottom: float) -> list[tuple[float, float, bool]]:
    """(top, bottom, starts_row) of each row piece, top to bottom."""
    cuts = [top, bottom]
    if layout.ruled:
        width = layout.columns[-1].right - layout.columns[0].left
        cuts += [rule for rule in _rules_across(page, width) if top + 1 < rule < bottom - 1]
    cuts = _merge_positions(cuts)
    starts = _anchor(layout, body, cuts)
    bands = []
    for y0, y1 in zip(cuts, cuts[1:]):
        edges = [max(y0, line.top - 0.4 * line.size) for line in starts if y0 <= line.top < y1]
        if not edges:
            bands.append((y0, y1, False))
            continue
        if layout.ruled:
            edges[0] = y0  # a rule, not the case id's first line, is where a ruled row begins
        if edges[0] > y0:
            bands.append((y0, edges[0], False))
        bands += [(a, b, True) for a, b in zip(edges, [*edges[1:], y1])]
    return bands
