"""Lists published as CSV: encoding and dialect detected, records read through the grid path.

The delimiter (``;`` where the decimal comma rules, ``,``, tab or ``|``) and the quote character are
detected by CleverCSV's data-consistency measure (van den Burg et al., "Wrangling messy CSV files
by detecting row and type patterns", 2019) on the first ``SNIFF_CHARS`` characters, cut at a line
end; the file is then parsed with Python's csv module in that dialect, so that quoted cells may hold
line breaks and a record's ``source`` gives its first to last line. What was detected is said in
``DocumentInfo.reading`` ("CSV text, Windows-1253, delimiter ';'").

Some exports write a text holding the delimiter without quoting it (Finland's list: "Etelä-Savon elinkeino-,
liikenne- ja ympäristökeskus", "MIKKELIN KUNTOPALVELU, AVOIN YHTIÖ"), so the row has cells too many and
those after it stand under the wrong headers. ``CellShapes.refit`` undoes that when it is certain: what
each column holds (dates, numbers, one-word codes, text) is learned from the rows that fit the header, and
a row with k cells too many (or one whose number or date column does not read) is read with k pairs of
adjacent text cells joined back — only if exactly one choice of k pairs makes every column hold what it
holds in the other rows; the publication warns, naming the line and the joined text. Otherwise the row is
left as it is, and reading it fails as it would have.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from itertools import combinations

from clevercsv.consistency import ConsistencyDetector
from clevercsv.potential_dialects import get_dialects

from ..errors import UnreadableSheetError
from .encoding import decode_text, encoding_label
from .columns import FieldColumn
from .grid import Grid, GridListReader, GridRow, cell_text

SNIFF_CHARS = 65536
DELIMITERS = (";", ",", "\t", "|")
_DELIMITER_NAMES = {"\t": "tab"}


class CsvListReader(GridListReader):
    """A list in a CSV file (one table; ``sheet`` is ignored with a warning)."""

    _shapes: "CellShapes | None" = None

    def refit(self, row: GridRow, fields: dict[int, FieldColumn], width: int) -> GridRow:
        """``row``, or the row with unquoted delimiters inside its texts undone (``CellShapes.refit``; a
        warning names the line and the joined texts)."""
        if self._shapes is None:
            self._shapes = CellShapes(width, delimiter=self._delimiter)
        refitted, done = self._shapes.refit(row, {i for i in fields if i >= 0})
        if done:
            self.warnings.append(f"{self.path.name}, line {row.number}: {'; '.join(done)}")
        return refitted

    def grids(self) -> Iterator[Grid]:
        name = self.path.name
        if self.sheet is not None:
            self.warnings.append(f"{name}: a CSV file has one table; sheet {self.sheet!r} ignored")
        text, encoding = decode_text(self.path.read_bytes(), name)
        dialect = detect_dialect(text, name)
        self._delimiter = dialect.delimiter
        delimiter = _DELIMITER_NAMES.get(dialect.delimiter, repr(dialect.delimiter))
        self.reading = f"{encoding_label(encoding)}, delimiter {delimiter}"
        yield Grid(None, _rows(text, dialect, name), unit="line")


def detect_dialect(text: str, file_name: str) -> csv.Dialect:
    """The CSV dialect of ``text`` as a csv.Dialect subclass (delimiter, quote character, escape).

    Raises UnreadableSheetError when no delimiter gives a consistent table.
    """
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[:sample.rfind("\n") + 1]
    sample = sample.replace("\r\n", "\n")  # a "\r" ending each last field skews the type measure
    terminators = _line_terminators(sample)
    found = _best_dialect(sample, terminators)
    if found is None:
        raise UnreadableSheetError("no delimiter (; , tab |) splits the text into a table", file=file_name)

    class Detected(csv.Dialect):
        delimiter = found.delimiter
        quotechar = found.quotechar or '"'
        escapechar = found.escapechar or None
        doublequote = True
        skipinitialspace = False
        lineterminator = "\n"
        quoting = csv.QUOTE_MINIMAL if found.quotechar else csv.QUOTE_NONE
        #: A character that ends lines without delimiting (see _line_terminators), stripped from the last cell.
        line_end = next(iter(terminators), None)

    return Detected


def _best_dialect(sample: str, terminators: set[str]):
    """CleverCSV's best dialects by data consistency; when they tie but agree on the delimiter (a sample
    without quoted cells fits any quote character), that delimiter with RFC 4180's double quote."""
    detector = ConsistencyDetector()
    dialects = [d for d in get_dialects(sample, delimiters=list(DELIMITERS))
                if d.delimiter and d.delimiter not in terminators]
    old_limit = csv.field_size_limit(max(len(sample) + 1, csv.field_size_limit()))
    try:
        best = ConsistencyDetector.get_best_dialects(detector.compute_consistency_scores(sample, dialects))
    finally:
        csv.field_size_limit(old_limit)
    if not best or len({d.delimiter for d in best}) > 1:
        return None
    return next((d for d in best if d.quotechar == '"'), best[0])


def _line_terminators(sample: str) -> set[str]:
    """Candidate delimiters that only end lines, on nine lines in ten or more (Finland's list closes its
    lines with ";" in a comma-separated file): splitting on them gives a consistent but meaningless two-column table."""
    lines = [line for line in sample.split("\n") if line.strip()]
    return {d for d in DELIMITERS
            if lines and sum(line.rstrip().endswith(d) and line.count(d) == 1 for line in lines) >= 0.9 * len(lines)}


def _rows(text: str, dialect: type[csv.Dialect], file_name: str) -> Iterator[GridRow]:
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    first = 1
    try:
        for values in reader:
            if dialect.line_end and values and values[-1].endswith(dialect.line_end):
                values[-1] = values[-1][:-1]
            yield GridRow(first, values, reader.line_num)
            first = reader.line_num + 1
    except csv.Error as error:
        raise UnreadableSheetError(f"the CSV does not parse: {error}", file=file_name,
                                    cell=f"line {reader.line_num}") from None


_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?:[ T][\d:.]+)?")
_NUMBER = re.compile(r"[-+]?(?:[€£$]\s*)?\d[\d\s.,'\u00a0]*(?:\s*(?:%|€|£|[A-Za-z]{1,3}))?")
_CODE = re.compile(r"[A-Z0-9][A-Z0-9._/-]{0,15}")
#: What a column holds, most particular first; a column is of the first kind nearly all its values have.
KINDS = ("date", "number", "code", "word", "text")
#: The kinds of values that can stand in a column of each kind (a code, a word, a text may be a number).
_FITTING = {"date": {"date"}, "number": {"number"}, "code": {"date", "number", "code"},
            "word": {"date", "number", "code", "word"}, "text": set(KINDS)}
#: Share of a column's values that must have its kind, and the values seen before it has one.
KIND_SHARE, KIND_EVIDENCE = 0.95, 20
#: Most choices of delimiters to undo tried for one row.
MOST_CHOICES = 5000


def cell_kind(text: str) -> str:
    """The most particular of KINDS a non-empty cell's text has: "31.12.2015" date, "1 234,56" number,
    "A70355" or "EAKR" code (capitals and digits), "Toiminnassa" word (no white space), anything else text."""
    text = text.strip()
    if _DATE.fullmatch(text):
        return "date"
    if _NUMBER.fullmatch(text):
        return "number"
    if _CODE.fullmatch(text):
        return "code"
    return "word" if not re.search(r"\s", text) else "text"


def _fits(text: str, kind: str) -> bool:
    """Whether a cell's text can stand in a column of ``kind`` (an empty cell can stand anywhere)."""
    return not text.strip() or cell_kind(text) in _FITTING[kind]


def _is_text(text: str) -> bool:
    return bool(text.strip()) and cell_kind(text) in ("code", "word", "text")


def _filled(values: list) -> int:
    return max((i + 1 for i, v in enumerate(values) if cell_text(v)), default=0)


class CellShapes:
    """What each of the ``width`` columns of a CSV list holds, learned from its rows as they are read
    (``refit``), and the undoing of delimiters written unquoted inside a text (see the module docstring)."""

    def __init__(self, width: int, delimiter: str = ","):
        self.width = width
        self.delimiter = delimiter
        self._counts = [dict.fromkeys(KINDS, 0) for _ in range(width)]
        self._seen = [0] * width

    def kind(self, column: int) -> str | None:
        """The kind of the column's values (None until KIND_EVIDENCE values were seen)."""
        seen = self._seen[column]
        if seen < KIND_EVIDENCE:
            return None
        counts = self._counts[column]
        return next(kind for kind in KINDS if sum(counts[k] for k in _FITTING[kind]) >= KIND_SHARE * seen)

    def _learn(self, texts: list[str]) -> None:
        for column, text in enumerate(texts[:self.width]):
            if text.strip():
                self._seen[column] += 1
                self._counts[column][cell_kind(text)] += 1

    def _fits_all(self, texts: list[str], columns) -> bool:
        return all(_fits(texts[c], kind) for c in columns if c < len(texts) and (kind := self.kind(c)))

    def refit(self, row: GridRow, mapped: set[int]) -> tuple[GridRow, list[str]]:
        """(the row, what was done to it, in words): the row as it is when it fits the header (no more cells
        than ``width``, and the number and date columns among ``mapped`` read); a line its export quoted as
        a whole read once unquoted; and, when exactly one choice of k pairs of adjacent text cells to join
        (k: the cells too many, at least one) makes the row fit and every column hold its kind, that row. A
        row that fits is learned from; one that cannot be made to fit is returned as it is."""
        texts = [v if isinstance(v, str) else cell_text(v) for v in row.values]
        filled = _filled(row.values)
        done = []
        unquoted = self._unquoted(texts[:filled])
        if unquoted is not None:
            texts, filled = unquoted, _filled(unquoted)
            done.append("the line is quoted as a whole: read once unquoted")
        typed = [c for c in mapped if self.kind(c) in ("date", "number")]
        if filled <= self.width and self._fits_all(texts, typed):
            self._learn(texts)
            return (GridRow(row.number, texts, row.last) if done else row), done
        extra = max(1, filled - self.width)
        pairs = [i for i in range(filled - 1) if _is_text(texts[i]) and _is_text(texts[i + 1])]
        found = []
        for count, choice in enumerate(combinations(pairs, extra)):
            if count >= MOST_CHOICES:
                return row, []
            joined = self._join(texts, choice)
            if _filled(joined) <= self.width and self._fits_all(joined, range(self.width)):
                found.append((choice, joined))
                if len(found) > 1:
                    return row, []
        if len(found) != 1:
            return row, []
        choice, joined = found[0]
        runs = ", ".join(repr(text) for text in self._join_runs(texts, choice))
        misfit = f"{filled} cells where the header has {self.width}" if filled > self.width else \
            "cells under the wrong headers"
        done.append(f"{misfit} (a delimiter inside a text that is not quoted): read with {runs} as one cell"
                    + (" each" if len(choice) > 1 else ""))
        return GridRow(row.number, joined, row.last), done

    def _unquoted(self, texts: list[str]) -> list[str] | None:
        """The cells of a line that its export quoted as a whole (Finland's line 200 starts with '"A70499,EAKR,'
        and ends with '12476"'), read once unquoted: its doubled quotes single, the text between the outer quotes
        split at the delimiter. None for another line."""
        if len(texts) < 2 or not (texts[0].startswith('"') and texts[-1].endswith('"')):
            return None
        line = self.delimiter.join(texts)[1:-1].replace('""', '"')
        return line.split(self.delimiter)

    def _join(self, texts: list[str], choice: tuple[int, ...]) -> list[str]:
        joined = list(texts)
        for i in sorted(choice, reverse=True):
            joined[i:i + 2] = [joined[i] + self.delimiter + joined[i + 1]]
        return joined

    def _join_runs(self, texts: list[str], choice: tuple[int, ...]) -> list[str]:
        """The texts as joined, one per run of adjacent joins: "MIKKELIN KUNTOPALVELU, AVOIN YHTIÖ"."""
        runs: list[list[int]] = []
        for i in sorted(choice):
            if runs and runs[-1][-1] == i:
                runs[-1].append(i + 1)
            else:
                runs.append([i, i + 1])
        return [self.delimiter.join(texts[i] for i in run) for run in runs]

