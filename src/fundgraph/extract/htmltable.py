"""Lists published as an HTML table, often saved with an ".xls" name (Excel opens them; Latvia's is one).

The first ``<table>`` whose rows hold a project header is the list; cells spanning rows or columns
(``rowspan``/``colspan``) stand in their first row and column, a value spanning rows repeated down as
in ``workbook``. Row numbers count the table's ``<tr>`` elements from 1. The text encoding is the
document's declared ``charset`` when it has one, else detected (``encoding``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

from .encoding import decode_text, encoding_label
from .grid import Grid, GridListReader, GridRow

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_BLOCK_BREAKS = {"br", "p", "div", "li"}


class HtmlTableListReader(GridListReader):
    """A list kept in an HTML document's tables; each table is tried as a sheet named "table N"."""

    def grids(self) -> Iterator[Grid]:
        data = self.path.read_bytes()
        declared = _CHARSET.search(data[:4096])
        text, encoding = None, None
        if declared:
            try:
                encoding = declared.group(1).decode("ascii").lower()
                text = data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                text = None
        if text is None:
            text, encoding = decode_text(data, self.path.name)
        self.reading = encoding_label(encoding)
        parser = _TableParser()
        parser.feed(text)
        parser.close()
        tables = parser.tables
        self.sheet_count = len(tables)
        wanted = None if self.sheet is None else str(self.sheet)
        for number, rows in enumerate(tables, start=1):
            name = f"table {number}"
            if wanted is not None and wanted not in (name, str(number)):
                continue
            yield Grid(name, [GridRow(i + 1, values, i + 1) for i, values in enumerate(rows)])


class _TableParser(HTMLParser):
    """Collects each table's rows as lists of cell texts, spans expanded (outer tables only)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._depth = 0
        self._rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._pending: dict[tuple[int, int], str] = {}  # (row, column) -> value spanning down into it

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self._rows, self._pending = [], {}
        elif self._depth != 1:
            return
        elif tag == "tr":
            self._close_row()
            self._row = []
        elif tag in ("td", "th"):
            self._close_cell()
            if self._row is None:
                self._row = []
            spans = dict(attrs)
            self._span = (_int(spans.get("rowspan")), _int(spans.get("colspan")))
            self._cell = []
        elif tag in _BLOCK_BREAKS and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag == "table":
            if self._depth == 1:
                self._close_row()
                self.tables.append(self._rows)
            self._depth = max(0, self._depth - 1)
        elif self._depth != 1:
            return
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._close_row()

    def handle_data(self, data):
        if self._cell is not None and self._depth == 1:
            self._cell.append(data)

    def _fill_pending(self) -> None:
        row = len(self._rows)
        while (row, len(self._row)) in self._pending:
            self._row.append(self._pending.pop((row, len(self._row))))

    def _close_cell(self) -> None:
        if self._cell is None or self._row is None:
            return
        self._fill_pending()
        text = "".join(self._cell)
        rows, columns = self._span
        row, column = len(self._rows), len(self._row)
        self._row.extend([text] + [""] * (columns - 1))
        for below in range(1, rows):
            self._pending[(row + below, column)] = text
            for extra in range(1, columns):
                self._pending[(row + below, column + extra)] = ""
        self._cell = None
        self._fill_pending()

    def _close_row(self) -> None:
        self._close_cell()
        if self._row is not None:
            self._fill_pending()
            self._rows.append(self._row)
        self._row = None


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1
