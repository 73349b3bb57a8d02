"""A table row, possibly spread over pages, turned into a ``ProjectRecord`` with every cell checked.

Rows need no identifier: the table finder starts a row where a column every row fills (the case id
when the list has one, else the amount granted) starts a new value, and lines of the other columns
below it, up to the next row, are that row's continuation lines (``Row.extend``). Amount columns get
their number format from their own values (``numberformats.ColumnFormat``: every piece is observed
before its row is read) and date columns their order (``dateformats.DateColumn``). A row needs one
amount: lists leave the amount granted empty once the amount paid is known (Bayern), and a row marked
withdrawn (``aliases.WITHDRAWN``: "zurückgezogen", "withdrawn", "retiré" ...) may have none. A row with
no amount at all is kept with its amounts absent and a warning naming its cell, saying whether it is
marked withdrawn (issue 12: an empty amount on a withdrawn operation is allowed; one the list simply
lacks is absent, never made up). An empty amount is absent from the record, never 0.

Titles and beneficiaries may be empty too (issue 12): lists withhold natural persons' names (GDPR) and
agricultural beneficiaries, or leave a title blank. Such a field is left absent and counted: one warning per
column at the end (``missing_warnings``) gives the count and the first rows, not one line per row. A row
with no title, no beneficiary and no case id names no operation and stays an error.

A cell of an optional field whose text does not parse (an amount "1.1600,46 €", a date "01/04/201", a rate)
is an error naming file, page or sheet, row and column. With ``unreadable_cells = "absent"`` (setting; the
``unreadable_policy`` block, which ``reader.read_list`` applies) it is left absent instead, with a warning
naming the same and the text: never a guess at what the publisher meant.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import CellError
from . import hygiene, scoped
from .aliases import NOT_GIVEN, WITHDRAWN_PATTERN, fold
from .countries import country_code
from .amounts import AmountError, parse_priority, parse_rate, split_names
from .cells import Line, Vocabulary, join_cell
from .columns import AMOUNT_FIELDS
from .dateformats import DateColumn, DateError, YearOnlyError
from .numberformats import ColumnFormat
from .records import ProjectRecord, Programme, Source
from .table import Layout, RowPiece

_UNDECODABLE = re.compile(r"\ufffd|\(cid:\d+\)")
_HASHES = re.compile(r"^#+$")
# A programme's CCI code (CPR 2021/1060 Annex V: year, country, fund and programme-kind codes, number),
# alone or before the programme's name: "2014SE16RFOP008", "2014SE16RFOP008 - Övre Norrland".
_CCI = re.compile(r"(\d{4}[A-Z]{2}\d{2}[A-Z0-9]{2}[A-Z]{2}\d{3})(?:\s*[-–:]?\s+(\S.*))?")
# A NUTS code and its region's name where a postcode is asked for (Greece: "EL30-Aττική").
_NUTS_AND_NAME = re.compile(r"([A-Z]{2}[0-9A-Z]{1,3})\s*[-–]\s*(\w.*)")
_NUTS_COUNTRY = {"GR": "EL", "GB": "UK"}  # ISO 3166 -> NUTS country codes where they differ
_SPACED_ID = re.compile(r"\s+")
UNREADABLE_CELLS = ("error", "absent")
"""What a cell of an optional field whose text does not parse is: an extraction error, or left absent."""
_UNREADABLE: ContextVar[str] = ContextVar("unreadable_cells", default="error")


def unreadable_policy(policy: str) -> AbstractContextManager[None]:
    """Read the rows of the lists opened in this block with ``policy`` (one of UNREADABLE_CELLS); raises
    ValueError for another."""
    return scoped.setting(_UNREADABLE, policy, UNREADABLE_CELLS)


#: Rows named in a warning about a column's empty cells before "and N more".
MISSING_ROWS_SHOWN = 5
_TEXT_FIELDS = ("title", "beneficiary", "fund", "programme", "priority", "specific_objective",
                "intervention_category", "country", "nuts_code", "postcode", "place", "municipalities", "counties",
                "summary", "status")


@dataclass
class Row:
    """The lines of each cell (by field) of one row, pieces from consecutive pages appended, and its pages."""

    number: int
    cells: dict[str, list[Line]]
    pages: list[int] = field(default_factory=list)

    @classmethod
    def start(cls, number: int, piece: RowPiece) -> "Row":
        """A new row from the piece that starts it."""
        return cls(number, {name: list(lines) for name, lines in piece.cells.items()}, [piece.page])

    def extend(self, piece: RowPiece) -> None:
        """Append a piece that continues this row (on the same or the next page)."""
        for name, more in piece.cells.items():
            self.cells.setdefault(name, []).extend(more)
        if piece.page not in self.pages:
            self.pages.append(piece.page)


class RowReader:
    """Turns rows of one document into records: joins cells, parses them, names the cell on error.

    ``currency`` is the list's currency where neither an amount's header nor its value names one (e.g.
    from "Angaben in EUR" above the table); None leaves it to the columns.
    """

    def __init__(self, file_name: str, sha256: str, currency: str | None = None):
        self.file_name = file_name
        self.sha256 = sha256
        self.currency = currency
        #: The document's own words and dashes (see cells.read_wrap); grown page by page.
        self.vocabulary = Vocabulary()
        #: Number format of each amount column and date order of each date column, by field.
        self.formats: dict[str, ColumnFormat] = {}
        self.dates: dict[str, DateColumn] = {}
        #: One line per column whose values are read but kept absent (years for dates), and per wrap read
        #: with doubt (naming file, page, row and cell), for the warnings.
        self.warnings: list[str] = []
        #: Whether a postcode column was found to hold NUTS codes (said once, ``_nuts_for_postcode``).
        self.nuts_in_postcodes = False
        #: "error" or "absent" for a cell of an optional field that does not parse (``unreadable_cells``).
        self.unreadable = _UNREADABLE.get()
        #: Field -> (header, count of rows leaving it empty, where the first MISSING_ROWS_SHOWN stand).
        self.missing: dict[str, tuple[str, int, list[str]]] = {}

    def learn(self, piece: RowPiece, layout: Layout | None = None) -> None:
        """Add the words standing whole in ``piece``'s cells to ``vocabulary`` and, given the layout, let
        its amount cells narrow their columns' number formats (before any of the page's rows is read)."""
        for lines in piece.cells.values():
            # A piece of a row split between pages may cut a word at the page break: that word is not whole.
            self.vocabulary.learn(lines, piece.starts_row, not piece.open_end)
        if layout is not None:
            for name in AMOUNT_FIELDS:
                lines = piece.cells.get(name)
                if lines:
                    self.format_of(layout, layout.index_of(name)).observe(line.text for line in lines)

    def format_of(self, layout: Layout, index: int) -> ColumnFormat:
        """The number format of the amount column at ``index`` (created from its header on first use)."""
        column = layout.fields[index]
        if column.field not in self.formats:
            self.formats[column.field] = ColumnFormat(column.header, column.scale, column.currency)
        return self.formats[column.field]

    def _cell_text(self, row: Row, layout: Layout, index: int, case_id: str | None) -> str:
        column = layout.columns[index]
        text, doubts = join_cell(row.cells.get(layout.fields[index].field, []), column.text_left,
                                 column.text_right, self.vocabulary)
        for doubt in doubts:
            kind = "a typed hyphen or a word hyphenated" if re.search(r"\w-\|", doubt) else "a space or a cut word"
            self.warnings.append(f"{self._where(row, layout, index, case_id)}: the wrap {doubt!r} could be "
                                 f"{kind}; read as {text!r}")
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

    def _where(self, row: Row, layout: Layout, index: int, case_id: str | None) -> str:
        return f"{self.file_name}, page {row.pages[0]}, {self._cell(row, layout, index, case_id)}"

    def _unreadable(self, row: Row, layout: Layout, index: int, case_id: str | None, text: str, message: str):
        """A cell that does not parse: an error, or (``unreadable_cells = "absent"``) None with a warning
        naming the cell and its text."""
        if self.unreadable != "absent":
            self._fail(row, layout, index, case_id, message)
        said = message if repr(text) in message else f"{text!r}: {message}"
        self.warnings.append(f"{self._where(row, layout, index, case_id)}: {said}; left absent "
                             "(unreadable_cells = \"absent\")")
        return None

    def _row_place(self, row: Row) -> str:
        """Where the row stands within the document, for a list of rows: "page 3, row 12"."""
        return f"page {row.pages[0]}, row {row.number}"

    def _table_where(self) -> str:
        """The table the rows belong to, for messages about a whole column: the file's name."""
        return self.file_name

    def _note_missing(self, row: Row, layout: Layout, name: str) -> None:
        header, count, places = self.missing.get(name) or (layout.fields[layout.index_of(name)].header, 0, [])
        if count < MISSING_ROWS_SHOWN:
            places.append(self._row_place(row))
        self.missing[name] = (header, count + 1, places)

    def missing_warnings(self) -> list[str]:
        """One line per column whose empty cells were left absent: the count and the first rows, e.g.
        "list.xls, sheet 'Bericht', column 'Bezeichnung des Vorhabens': 3 operations have no title (left
        absent): row 134; row 140; row 151"."""
        lines = []
        for name, (header, count, places) in self.missing.items():
            more = f" and {count - len(places)} more" if count > len(places) else ""
            noun = "operation has" if count == 1 else "operations have"
            lines.append(f"{self._table_where()}, column {header!r}: {count} {noun} no {name} (left absent): "
                         f"{'; '.join(places)}{more}")
        return lines

    def text_of(self, row: Row, layout: Layout, name: str, case_id: str | None) -> str | None:
        """The joined, checked text of the row's ``name`` column; None if the list has no such column."""
        index = layout.index_of(name)
        return None if index is None else self._cell_text(row, layout, index, case_id)

    def record(self, row: Row, layout: Layout) -> ProjectRecord:
        """The row as a record. Raises CellError for a row naming no operation (no title, beneficiary or
        case id) or an unreadable value; an empty title or beneficiary is left absent and counted
        (``missing_warnings``)."""
        case_id = self.text_of(row, layout, "case_id", None) or None
        if case_id and re.fullmatch(r"[\d\s]+", case_id):
            case_id = _SPACED_ID.sub("", case_id)
        values = {name: self.text_of(row, layout, name, case_id) or None for name in _TEXT_FIELDS}
        if not (values["title"] or values["beneficiary"] or case_id):
            self._fail(row, layout, layout.index_of("title"), case_id,
                       "the row names no operation: its title, beneficiary and case id are empty")
        for name in ("title", "beneficiary"):
            if not values[name]:
                self._note_missing(row, layout, name)
        amounts = {name: self._amount(row, layout, name, case_id) for name in AMOUNT_FIELDS}
        if all(value is None for value in amounts.values()):
            index = next(layout.index_of(name) for name in AMOUNT_FIELDS if layout.index_of(name) is not None)
            self.warnings.append(f"{self._where(row, layout, index, case_id)}: no amount; " + (
                "the row is marked withdrawn" if self._withdrawn(values) else
                "the row is not marked withdrawn and the list gives none: its amounts are left absent"))
        start, end = self._dates(row, layout, case_id)
        number, label = parse_priority(values["priority"] or "")
        country = (country_code(values["country"]) or values["country"]) if values["country"] else None
        self._nuts_for_postcode(values, country, layout)
        return ProjectRecord(
            case_id=case_id, title=values["title"], beneficiary=values["beneficiary"],
            currency=self._currency(layout), **amounts,
            cofinancing_rate=self._rate(row, layout, case_id), start_date=start, end_date=end,
            fund=values["fund"], programme=_programme(values["programme"]),
            priority_number=number, priority_label=label, country=country,
            **{name: values[name] for name in ("specific_objective", "intervention_category", "nuts_code",
                                               "postcode", "place", "summary", "status")},
            municipalities=split_names(values["municipalities"] or ""), counties=split_names(values["counties"] or ""),
            source=Source(document=self.file_name, sha256=self.sha256, row=row.number, pages=tuple(sorted(row.pages))))

    def _nuts_for_postcode(self, values: dict[str, str | None], country: str | None, layout: Layout) -> None:
        """A postcode cell holding a NUTS code and its region's name of the operation's country ("EL30-Aττική",
        Greece's "postcode or other appropriate location indicator") gives the NUTS code, and the name as the
        place where the list gives none; a list with a NUTS column keeps its cells as they are. Said once."""
        found = _NUTS_AND_NAME.fullmatch(values["postcode"] or "")
        if (found is None or values["nuts_code"] or country is None
                or found.group(1)[:2] != _NUTS_COUNTRY.get(country, country)):
            return
        if not self.nuts_in_postcodes:
            self.nuts_in_postcodes = True
            header = layout.fields[layout.index_of("postcode")].header
            self.warnings.append(f"{self._table_where()}: column {header!r} gives NUTS codes and names "
                                 f"({values['postcode'][:40]!r}): read as NUTS codes, not postcodes")
        values["nuts_code"], values["postcode"] = found.group(1), None
        values["place"] = values["place"] or found.group(2).strip()

    def _withdrawn(self, values: dict[str, str | None]) -> bool:
        return any(WITHDRAWN_PATTERN.search(fold(text)) for text in values.values() if text)

    def _currency(self, layout: Layout) -> str | None:
        """The list's currency: an amount column's (from its header's unit or its values), else the
        document's (``currency``)."""
        for name in AMOUNT_FIELDS:
            column = self.formats.get(name)
            if column is not None and column.currency:
                return column.currency
        for column in layout.fields.values():
            if column.currency:
                return column.currency
        return self.currency

    def _amount(self, row: Row, layout: Layout, name: str, case_id: str | None) -> Decimal | None:
        index = layout.index_of(name)
        if index is None:
            return None
        text = self._cell_text(row, layout, index, case_id)
        if not text or fold(text) in NOT_GIVEN:
            return None
        try:
            return self.format_of(layout, index).parse(text)
        except AmountError as error:
            return self._unreadable(row, layout, index, case_id, text, f"amount {text!r} does not parse: {error}")

    def _rate(self, row: Row, layout: Layout, case_id: str | None) -> Decimal | None:
        text = self.text_of(row, layout, "cofinancing_rate", case_id)
        if not text or fold(text) in NOT_GIVEN:
            return None
        try:
            return parse_rate(text)
        except AmountError as error:
            return self._unreadable(row, layout, layout.index_of("cofinancing_rate"), case_id, text, str(error))

    def _dates(self, row: Row, layout: Layout, case_id: str | None):
        found = {}
        for name in ("start_date", "end_date"):
            text = self.text_of(row, layout, name, case_id)
            if not text or fold(text) in NOT_GIVEN:  # Ireland's end date "N/A": not given, absent
                found[name] = None
                continue
            index = layout.index_of(name)
            if not any(c.isdigit() for c in text):  # "Yet to commence": the list gives words, no date
                found[name] = None
                self.warnings.append(f"{self._where(row, layout, index, case_id)}: {text[:60]!r} is no date; "
                                     f"the {name.replace('_', ' ')} is left absent")
                continue
            column = self.dates.setdefault(name, DateColumn(layout.fields[index].header))
            both = name == "start_date" and layout.index_of("end_date") is None and _looks_like_range(text)
            try:
                if both:
                    found["start_date"], found["end_date"] = column.parse_range(text)
                    return found["start_date"], found["end_date"]
                found[name] = column.parse(text)
            except YearOnlyError:
                found[name] = None
                if not column.years_only:
                    column.years_only = True
                    self.warnings.append(f"{self.file_name}: column {column.header!r} gives years only ({text!r}), "
                                         f"not dates; the {name.replace('_', ' ')} is left absent")
            except DateError as error:
                # A cell holding both dates gives neither when one of them does not parse.
                found[name] = self._unreadable(row, layout, index, case_id, text, str(error))
                if both:
                    return None, None
        return found["start_date"], found["end_date"]

    def explain(self) -> list[str]:
        """Lines for ``--explain``: the number format chosen for each amount column and the date order of
        each date column, with why."""
        lines = [f"column {column.header!r}: numbers {column.explain()}" for column in self.formats.values()]
        lines += [f"column {column.header!r}: dates {column.explain()}" for column in self.dates.values()]
        return lines


def _programme(text: str | None) -> Programme | None:
    """The programme a cell names: a CCI code (with the name after it, if any) is the programme's CCI code,
    never its name; other text is the name."""
    if not text:
        return None
    found = _CCI.fullmatch(text)
    if found:
        return Programme(name=found.group(2), cci=found.group(1))
    return Programme(name=text)


def _looks_like_range(text: str) -> bool:
    return len(re.findall(r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}", text)) == 2
