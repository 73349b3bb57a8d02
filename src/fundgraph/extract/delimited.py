"""Lists published as CSV: encoding and dialect detected, records read through the grid path.

The delimiter (``;`` where the decimal comma rules, ``,``, tab or ``|``) and the quote character are
detected by CleverCSV's data-consistency measure (van den Burg et al., "Wrangling messy CSV files
by detecting row and type patterns", 2019) on the first ``SNIFF_CHARS`` characters, cut at a line
end; the file is then parsed with Python's csv module in that dialect, so that quoted cells may hold
line breaks and a record's ``source`` gives its first to last line. What was detected is said in
``DocumentInfo.reading`` ("CSV text, Windows-1253, delimiter ';'").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from clevercsv.consistency import ConsistencyDetector
from clevercsv.potential_dialects import get_dialects

from ..errors import UnreadableSheetError
from .encoding import decode_text, encoding_label
from .grid import Grid, GridListReader, GridRow

SNIFF_CHARS = 65536
DELIMITERS = (";", ",", "\t", "|")
_DELIMITER_NAMES = {"\t": "tab"}


class CsvListReader(GridListReader):
    """A list in a CSV file (one table; ``sheet`` is ignored with a warning)."""

    def grids(self) -> Iterator[Grid]:
        name = self.path.name
        if self.sheet is not None:
            self.warnings.append(f"{name}: a CSV file has one table; sheet {self.sheet!r} ignored")
        text, encoding = decode_text(self.path.read_bytes(), name)
        dialect = detect_dialect(text, name)
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
