"""Lists that come as a grid of cells (spreadsheet sheets, CSV, HTML tables) read into project records.

A grid reader only produces cells; everything after is shared with the PDF reader: the header
wordings (``columns.match_headers``), the row → record path (``rows.RowReader``: amounts, priorities,
names, the cell named in every error) and the list-wide checks (``reader.ListReader``).

What a published sheet holds besides its table, and how it is told apart:

- a title and notes above the header: the header is the first of the first ``HEADER_SEARCH_ROWS``
  rows whose cells name the required columns; a second header row right below it (the same headers
  in English, as many bilingual lists have) is skipped;
- headings between rows ("Priority 1: …", a row whose only filled cell is in the table's first
  column or left of it): not operations; a heading
  that names a priority is taken as the priority of the rows below it when the list has no
  priority column;
- continuation rows (the anchor cells — title, beneficiary, granted amount — empty, other cells
  filled, e.g. one more location per row): merged into the operation above;
- a totals row (a totals word and amounts, no beneficiary): read and checked like the PDF's;
- notes below the table: rows after the last operation, ignored with a warning; after an empty row,
  rows that are no operation (a legend of codes, a second small table) start the notes.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from itertools import chain, islice

from ..errors import CellError, EmptyTableError, NoProjectTableError
from .amounts import parse_amount, parse_priority
from .cells import clean_text
from .columns import (REQUIRED_FIELDS, FieldColumn, explain_columns, match_headers, missing_columns_message,
                      missing_fields)
from .personal import is_personal_data_header
from .reader import ListReader, field_order
from .records import DocumentInfo, ProjectRecord, Source, Totals
from .rows import Row, RowReader
from .sniff import FORMAT_NAMES
from .table import Layout

#: Rows searched for the header (title blocks of real lists run to about a dozen rows).
HEADER_SEARCH_ROWS = 60
#: Fields every operation row fills; a row with none of them continues the row above.
ANCHOR_FIELDS = ("title", "beneficiary", "granted_amount")
#: Fields whose continuation rows add one more item of a list, joined with "; ".
LIST_FIELDS = frozenset({"municipalities", "counties", "place", "postcode", "nuts_code"})
_AMOUNT_FIELDS = ("granted_amount", "total_budget")
_TOTALS_WORD = re.compile(r"\b(totalsumma|totalt|summa|total|totals|sum|summe|gesamt|insgesamt|somme|totaal|"
                          r"i alt|yhteensä|celkem|razem|ogółem|skupaj|kopā|σύνολο)\b", re.IGNORECASE)
_COUNT = re.compile(r"\b(\d+)\s+(?:projekt|projects?|ärenden|operations?|vorhaben|projets?)\b", re.IGNORECASE)

CellValue = str | int | float | bool | date | datetime | time | None


@dataclass(frozen=True)
class GridRow:
    """One row of a grid: its 1-based number in the source (sheet row, or first CSV line), the last
    line it spans (CSV records may hold line breaks; equal to ``number`` otherwise), and its values."""

    number: int
    values: list[CellValue]
    last: int = 0


@dataclass
class Grid:
    """One table of cells: a sheet (``name`` as the workbook gives it) or a CSV file (``name`` None),
    its rows in order as an iterable (read once), and the word for a row in messages ("row"/"line")."""

    name: str | None
    rows: Iterable[GridRow]
    unit: str = "row"


def cell_text(value: CellValue) -> str:
    """A cell's value as the text a person reads in it.

    Text is cleaned (white space collapsed, NFC). Numbers are written without exponent and with at
    most 15 significant digits, which is what spreadsheet programs show of an IEEE double (so
    605884.2000000001 is "605884.2"); whole numbers have no decimals ("94025", not "94025.0"). Dates
    and date-times are ISO 8601 dates: lists give days, and the hours some cells carry are time-zone
    noise from their export.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    return clean_text(str(value))


def number_text(value: int | float) -> str:
    """A numeric cell as a plain decimal string (see ``cell_text``)."""
    if isinstance(value, int):
        return str(value)
    number = Decimal(format(value, ".15g"))
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


@dataclass
class _Header:
    row: GridRow
    fields: dict[int, FieldColumn]
    unmatched: list[str]


class _GridRowReader(RowReader):
    """The PDF path's row reader over cells that are already text: errors name sheet, row and column."""

    def __init__(self, file_name: str, sha256: str, grid: Grid):
        super().__init__(file_name, sha256)
        self.grid = grid

    def _cell_text(self, row: Row, layout: Layout, index: int, case_id: str | None) -> str:
        return row.cells.get(layout.fields[index].field, "")

    def _fail(self, row: Row, layout: Layout, index: int, case_id: str | None, message: str):
        raise CellError(message, file=self.file_name, sheet=self.grid.name, cell=self._cell(row, layout, index, case_id))

    def _cell(self, row: Row, layout: Layout, index: int, case_id: str | None) -> str:
        header = layout.fields[index].header if index in layout.fields else f"#{index + 1}"
        where = f"{self.grid.unit} {row.number}" + (f" (case id {case_id})" if case_id else "")
        return f"{where}, column {header!r}"

    def _where(self, row: Row, layout: Layout, index: int, case_id: str | None) -> str:
        return f"{self._table_where()}, {self._cell(row, layout, index, case_id)}"

    def _table_where(self) -> str:
        return self.file_name + (f", sheet {self.grid.name!r}" if self.grid.name is not None else "")

    def _row_place(self, row: Row) -> str:
        return f"{self.grid.unit} {row.number}"

    def _amount(self, row: Row, layout: Layout, name: str, case_id: str) -> Decimal | None:
        number = getattr(row, "numbers", {}).get(name)
        if number is None:
            return super()._amount(row, layout, name, case_id)
        index = layout.index_of(name)
        value = Decimal(number_text(number)) * layout.fields[index].scale
        if value < 0:
            self._fail(row, layout, index, case_id, f"amount {number_text(number)!r} is negative")
        return value

    def record(self, row: Row, layout: Layout) -> ProjectRecord:
        record = super().record(row, layout)
        numbers = tuple(sorted(row.pages))
        source = (Source(document=self.file_name, sha256=self.sha256, sheet=self.grid.name, rows=numbers)
                  if self.grid.name is not None else Source(document=self.file_name, sha256=self.sha256, lines=numbers))
        return dataclasses.replace(record, source=source)


class GridListReader(ListReader):
    """A list read from grids of cells. Subclasses implement ``grids()`` (every table of the file, in
    order, honouring ``self.sheet``) and may set ``self.reading`` (how the file was decoded).

    The table is the first grid with a header naming the required columns; with ``sheet`` given,
    only that grid is tried. Raises NoProjectTableError naming the closest header found, and the
    errors of ``ListReader``.
    """

    reading = ""
    sheet_count = 1

    def grids(self) -> Iterator[Grid]:  # pragma: no cover - abstract
        raise NotImplementedError

    def __iter__(self) -> Iterator[ProjectRecord]:
        sha256 = self.sha256()
        closest: tuple[int, Grid, GridRow, list[str]] | None = None
        tried = 0
        for grid in self.grids():
            tried += 1
            rows = iter(grid.rows)
            head = list(islice(rows, HEADER_SEARCH_ROWS))
            header, near = _find_header(head)
            if header is None:
                if near and (closest is None or near[0] > closest[0]):
                    closest = (near[0], grid, near[1], near[2])
                continue
            self.document = DocumentInfo(self.path.name, sha256, tried, _title_above(head, header.row),
                                         self._reading(grid, tried))
            yield from self._read_table(grid, header, chain(head, rows), sha256)
            return
        raise self._no_table(closest, tried)

    def _reading(self, grid: Grid, tried: int) -> str:
        """E.g. "CSV text, Windows-1253, delimiter ';'" or "Excel workbook (.xlsx), sheet 'Daten' (of 2)";
        notes when the file's name says another format than its content."""
        parts = [FORMAT_NAMES.get(self.kind or "", "")] + ([self.reading] if self.reading else [])
        if grid.name is not None:
            parts.append(f"sheet {grid.name!r}" + (f" (of {self.sheet_count})" if self.sheet_count > 1 else ""))
        suffix = self.path.suffix.lower().lstrip(".")
        named = {"xlsx": "xlsx", "xlsm": "xlsx", "xls": "xls", "ods": "ods", "csv": "csv", "txt": "csv",
                 "pdf": "pdf", "html": "html", "htm": "html"}.get(suffix)
        if named and named != self.kind:
            parts.append(f"though its name says .{suffix}")
        return ", ".join(p for p in parts if p)

    def _no_table(self, closest, tried: int) -> NoProjectTableError:
        if closest is None:
            where = "no sheet" if tried != 1 else "the table"
            return NoProjectTableError(f"no list of operations: {where} has a header row naming the operations, "
                                       "their beneficiaries and amounts", file=self.path.name)
        _, grid, row, headers = closest
        return NoProjectTableError(f"no list of operations ({grid.unit} {row.number} comes closest): "
                                   f"{missing_columns_message(headers)}", file=self.path.name, sheet=grid.name)

    def _read_table(self, grid: Grid, header: _Header, rows_of_grid: Iterator[GridRow],
                    sha256: str) -> Iterator[ProjectRecord]:
        name = self.path.name
        fields = dict(header.fields)
        self.columns = {f.field: f.header for f in sorted(fields.values(), key=field_order)}
        for text in header.unmatched:
            self.warnings.append(f"{self._where(grid, header.row.number)}: column {text!r} not recognised; ignored")
        self.explanation.append(f"table found at {self._where(grid, header.row.number)} (header)")
        self.explanation += explain_columns(header.fields, header.unmatched)
        heading_priority = "priority" not in self.columns
        if heading_priority:
            fields[-1] = FieldColumn("priority", "(heading rows)")
        layout = Layout([], fields, False)
        first_column = min(i for i in fields if i >= 0)
        rows = _GridRowReader(name, sha256, grid)
        rest = (r for r in rows_of_grid if r.number > header.row.number)
        current: Row | None = None
        heading: str | None = None
        held: list[tuple[GridRow, str]] = []  # one-cell rows not yet known to be headings or notes
        count = 0
        skipped_second_header = False
        after_blank = False  # a block after an empty row that is no operation starts the notes below the table
        width = max(i for i, v in enumerate(header.row.values) if cell_text(v)) + 1
        for grid_row in rest:
            grid_row = self.refit(grid_row, fields, width)
            if grid.unit == "line" and any(cell_text(v) for v in grid_row.values[width:]):
                cells = max(i for i, v in enumerate(grid_row.values) if cell_text(v)) + 1
                raise CellError(f"{cells} cells where the header has {width}: a delimiter inside a cell that is "
                                "not quoted; the columns cannot be told apart", file=name, sheet=grid.name,
                                cell=f"{grid.unit} {grid_row.number}")
            texts = {f.field: cell_text(_value(grid_row, i)) for i, f in fields.items() if i >= 0}
            filled = [t for t in (cell_text(v) for v in grid_row.values) if t]
            first_filled = next(i for i, v in enumerate(grid_row.values) if cell_text(v)) if filled else -1
            if not filled:
                after_blank = True
                continue
            if not skipped_second_header and count == 0 and current is None and not held:
                skipped_second_header = True
                if _is_second_header(grid_row, fields):
                    continue
            if _is_totals(texts, filled):
                if current is not None:
                    yield from self._accept(rows.record(current, layout), grid, current)
                    current = None
                self.totals = self._totals(texts, fields, grid, grid_row)
                break
            heading_like = len(filled) == 1 and first_filled <= first_column  # not a continuation
            if heading_like or ((after_blank or held) and not _is_operation(texts)):
                held.append((grid_row, " ".join(filled)))
                continue
            after_blank = False
            for held_row, text in held:  # data follows: they were headings
                self.warnings.append(f"{self._where(grid, held_row.number)}: {text[:60]!r} taken as a heading, "
                                     "not an operation")
                number, label = parse_priority(text)
                if heading_priority and (number is not None or re.match(r"(?i)\W*(priorit|prioritäts|axe)", text)):
                    heading = text
            held = []
            if heading_priority:
                texts["priority"] = heading or ""
            if current is not None and not any(texts.get(f) for f in ANCHOR_FIELDS + ("case_id",)):
                _continue_row(current, texts, grid_row)
                continue
            if current is not None:
                yield from self._accept(rows.record(current, layout), grid, current)
            count += 1
            current = Row(grid_row.number, texts, list(range(grid_row.number, (grid_row.last or grid_row.number) + 1)))
            current = _with_numbers(current, grid_row, fields)
        if current is not None:
            yield from self._accept(rows.record(current, layout), grid, current)
        for held_row, text in held:
            self.warnings.append(f"{self._where(grid, held_row.number)}: text below the table ignored: {text[:60]!r}")
        self.warnings += rows.warnings + rows.missing_warnings()
        self.explanation += rows.explain()
        self.explanation.append(f"{self.seen_count} operations read" + (
            f"; totals {self.totals_where['cell']}" if self.totals else "; no totals row"))
        if not self.seen_count:
            raise EmptyTableError("the project table has a header but no rows", file=name, sheet=grid.name)
        self.check_end()

    def refit(self, row: GridRow, fields: dict[int, FieldColumn], width: int) -> GridRow:
        """The row with cells its file misplaced put back, where the reader knows how (``delimited``: a
        delimiter left unquoted inside a text); ``width`` is the header's number of cells. As it is here."""
        return row

    def _where(self, grid: Grid, number: int) -> str:
        sheet = f", sheet {grid.name!r}" if grid.name is not None else ""
        return f"{self.path.name}{sheet}, {grid.unit} {number}"

    def _accept(self, record: ProjectRecord, grid: Grid, row: Row) -> Iterator[ProjectRecord]:
        accepted = self.accept(record, where=f"{grid.unit} {row.number}", sheet=grid.name,
                               cell=f"{grid.unit} {row.number}")
        if accepted is not None:
            yield accepted

    def _totals(self, texts: dict[str, str], fields: dict[int, FieldColumn], grid: Grid, row: GridRow) -> Totals:
        sums: dict[str, Decimal | None] = {}
        for name in _AMOUNT_FIELDS:
            text = texts.get(name, "")
            index = next((i for i, f in fields.items() if f.field == name), None)
            if not text or index is None:
                sums[name] = None
                continue
            try:
                sums[name] = Decimal(parse_amount(text) * fields[index].scale)
            except ValueError:
                raise CellError(f"sum {text!r} in the totals row does not parse as an amount", file=self.path.name,
                                sheet=grid.name, cell=f"{grid.unit} {row.number}, column {fields[index].header!r}"
                                ) from None
        count = _COUNT.search(" ".join(texts.values()))
        self.totals_where = {"sheet": grid.name, "cell": f"totals {grid.unit} {row.number}"}
        return Totals(int(count.group(1)) if count else None, sums["granted_amount"], sums["total_budget"],
                      None)


def _value(row: GridRow, index: int) -> CellValue:
    return row.values[index] if index < len(row.values) else None


def _with_numbers(row: Row, grid_row: GridRow, fields: dict[int, FieldColumn]) -> Row:
    """Amount cells that are real numbers are read as numbers, never re-parsed from their text."""
    row.numbers = {f.field: _value(grid_row, i) for i, f in fields.items()
                   if f.field in _AMOUNT_FIELDS and i >= 0 and isinstance(_value(grid_row, i), (int, float))
                   and not isinstance(_value(grid_row, i), bool)}
    return row


def _continue_row(row: Row, texts: dict[str, str], grid_row: GridRow) -> None:
    for name, text in texts.items():
        if not text or name == "priority":
            continue
        before = row.cells.get(name, "")
        joiner = "; " if name in LIST_FIELDS else " "
        row.cells[name] = f"{before}{joiner}{text}" if before else text
    row.pages.extend(range(grid_row.number, (grid_row.last or grid_row.number) + 1))


def _find_header(head: list[GridRow]) -> tuple[_Header | None, tuple[int, GridRow, list[str]] | None]:
    """The header row among ``head``, else (None, the closest candidate: (fields matched, row, headers)).

    A row's cells are tried alone, then joined with the row below (headers typed over two rows).
    """
    near: tuple[int, GridRow, list[str]] | None = None
    for position, row in enumerate(head):
        texts = _header_texts(row)
        if sum(1 for t in texts if t) < 2:
            continue
        tries = [texts]
        if position + 1 < len(head):
            below = _header_texts(head[position + 1])
            tries.append([" ".join(p for p in pair if p) for pair in
                          zip(texts + [""] * (len(below) - len(texts)), below + [""] * (len(texts) - len(below)))])
        for candidate in tries:
            fields, unmatched = match_headers(candidate)
            names = {f.field for f in fields.values()}
            if not missing_fields(names):
                if candidate is not texts:  # the row below belongs to the header
                    row = dataclasses.replace(row, number=head[position + 1].number)
                return _Header(row, fields, unmatched), None
            if candidate is texts and _all_text(row) and (near is None or len(names) > near[0]):
                near = (len(names), row, [t for t in texts if t])
    return None, near


def _all_text(row: GridRow) -> bool:
    """No cell is a number or a date: a header row, never a data row, when a sheet types its cells."""
    return not any(isinstance(v, (int, float, date)) and not isinstance(v, bool) for v in row.values)


def _header_texts(row: GridRow) -> list[str]:
    """The row's cells as header texts; headers naming personal data (contacts) are blanked out so that
    no alias can ever take them (see ``personal``)."""
    texts = [cell_text(v) if isinstance(v, str) else "" for v in row.values]
    return ["" if is_personal_data_header(t) else t for t in texts]


def _is_second_header(row: GridRow, fields: dict[int, FieldColumn]) -> bool:
    """A row of text only, right below the header, that names fields too (a second language)."""
    if not _all_text(row):
        return False
    matched, _ = match_headers(_header_texts(row))
    return len(matched) >= max(2, len([i for i in fields if i >= 0]) // 2)


def _is_operation(texts: dict[str, str]) -> bool:
    """The row fills every required column and an amount: an operation, whatever stands around it."""
    return all(texts.get(f) for f in REQUIRED_FIELDS) and any(texts.get(f) for f in _AMOUNT_FIELDS)


def _is_totals(texts: dict[str, str], filled: list[str]) -> bool:
    if texts.get("beneficiary"):
        return False
    if not any(texts.get(f) for f in _AMOUNT_FIELDS):
        return False
    return any(_TOTALS_WORD.search(t) for t in filled)


def _title_above(head: list[GridRow], header_row: GridRow) -> str:
    for row in head:
        if row.number >= header_row.number:
            break
        texts = [cell_text(v) for v in row.values if cell_text(v)]
        if texts:
            return texts[0]
    return ""
