"""A table row, possibly spread over pages, turned into a ``ProjectRecord`` with every cell checked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import CellError
from . import hygiene
from .amounts import parse_amount, parse_priority, split_names
from .cells import Line, join_lines, whole_words
from .records import ProjectRecord, Source
from .table import Layout, RowPiece

_UNDECODABLE = re.compile(r"\ufffd|\(cid:\d+\)")
_HASHES = re.compile(r"^#+$")
_SPACED_ID = re.compile(r"\s+")
LIST_CURRENCY = "SEK"
"""The currency of the amounts this reader parses (whole kronor, Swedish format; see amounts.py)."""


@dataclass
class Row:
    """The lines of each cell (by field) of one row, pieces from consecutive pages appended, and its pages."""

    number: int
    cells: dict[str, list[Line]]
    pages: list[int] = field(default_factory=list)

    @classmethod
    def start(cls, number: int, piece: RowPiece) -> "Row":
        """A new row from the piece that holds its case id."""
        return cls(number, {name: list(lines) for name, lines in piece.cells.items()}, [piece.page])

    def extend(self, piece: RowPiece) -> None:
        """Append a piece that continues this row (on the same or the next page)."""
        for name, more in piece.cells.items():
            self.cells.setdefault(name, []).extend(more)
        if piece.page not in self.pages:
            self.pages.append(piece.page)


class RowReader:
    """Turns rows of one document into records: joins cells, parses them, names the cell on error."""

    def __init__(self, file_name: str, sha256: str):
        self.file_name = file_name
        self.sha256 = sha256
        #: Words seen whole in the document so far (see cells.broke_inside_word); grown page by page.
        self.known_words: set[str] = set()

    def learn(self, piece: RowPiece) -> None:
        """Add the words standing whole in ``piece``'s cells to ``known_words``."""
        for lines in piece.cells.values():
            self.known_words.update(whole_words(lines))

    def _cell_text(self, row: Row, layout: Layout, index: int, case_id: str | None) -> str:
        column = layout.columns[index]
        text = join_lines(row.cells.get(layout.fields[index].field, []), column.text_left, column.text_right,
                          self.known_words)
        if _HASHES.match(text):
            self._fail(row, layout, index, case_id,
                       f"cell shows {text!r}: the column was too narrow in the source spreadsheet")
        if _UNDECODABLE.search(text):
            self._fail(row, layout, index, case_id,
                       f"undecodable glyphs in {text[:60]!r} (the PDF's font has no Unicode mapping)")
        return hygiene.checked(text, lambda message: self._fail(row, layout, index, case_id, message),
                               lambda message: hygiene.log.warning("%s, page %d, %s: %s", self.file_name, row.pages[0],
                                                                   self._cell(row, layout, index, case_id), message))

    def _fail(self, row: Row, layout: Layout, index: int, case_id: str | None, message: str):
        raise CellError(message, file=self.file_name, page=row.pages[0], cell=self._cell(row, layout, index, case_id))

    @staticmethod
    def _cell(row: Row, layout: Layout, index: int, case_id: str | None) -> str:
        header = layout.fields[index].header if index in layout.fields else f"#{index + 1}"
        where = f"row {row.number}" + (f" (case id {case_id})" if case_id else "")
        return f"{where}, column {header!r}"

    def text_of(self, row: Row, layout: Layout, name: str, case_id: str | None) -> str | None:
        """The joined, checked text of the row's ``name`` column; None if the list has no such column."""
        index = layout.index_of(name)
        return None if index is None else self._cell_text(row, layout, index, case_id)

    def record(self, row: Row, layout: Layout) -> ProjectRecord:
        """The row as a record. Raises CellError for an empty required cell or an unreadable value."""
        case_index = layout.index_of("case_id")
        case_id = self._cell_text(row, layout, case_index, None)
        if re.fullmatch(r"[\d\s]+", case_id):
            case_id = _SPACED_ID.sub("", case_id)
        values: dict[str, str | None] = {name: self.text_of(row, layout, name, case_id)
                                         for name in ("title", "beneficiary", "fund", "priority",
                                                      "municipalities", "counties", "summary")}
        for name in ("title", "beneficiary"):
            if not values[name]:
                self._fail(row, layout, layout.index_of(name), case_id, "required cell is empty")
        granted = self._amount(row, layout, "granted_amount", case_id)
        if granted is None:
            self._fail(row, layout, layout.index_of("granted_amount"), case_id, "required cell is empty")
        number, label = parse_priority(values["priority"] or "")
        return ProjectRecord(
            case_id=case_id, title=values["title"], beneficiary=values["beneficiary"], currency=LIST_CURRENCY,
            granted_amount=granted, total_budget=self._amount(row, layout, "total_budget", case_id),
            fund=values["fund"] or None, priority_number=number, priority_label=label,
            municipalities=split_names(values["municipalities"] or ""), counties=split_names(values["counties"] or ""),
            summary=values["summary"] or None,
            source=Source(document=self.file_name, sha256=self.sha256, pages=tuple(sorted(row.pages))))

    def _amount(self, row: Row, layout: Layout, name: str, case_id: str) -> Decimal | None:
        index = layout.index_of(name)
        if index is None:
            return None
        text = self._cell_text(row, layout, index, case_id)
        if not text:
            return None
        try:
            return Decimal(parse_amount(text) * layout.fields[index].scale)
        except ValueError:
            self._fail(row, layout, index, case_id, f"amount {text!r} does not parse (expected whole SEK "
                                                    "such as '10 000 000')")
