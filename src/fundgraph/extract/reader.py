"""Reading one list into project records; the library entry points of the extract stage.

A list comes as a PDF, a workbook (XLSX, XLS, ODS), an HTML table saved as ".xls", or CSV. Its kind is
found from its content (``sniff.detect_format``), and the reader registered for that kind reads it, as
rdflib's parsers sit behind one plugin registry: ``READERS`` maps each kind to "module:Class", imported
only when a file of that kind is read; ``register_reader`` adds one. Every reader is a ``ListReader``:
it produces cells its own way, then shares the row → record path (``rows.RowReader``) and the
list-wide checks below (duplicate case ids, granted above budget, the totals row, a country on a stray row).
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from collections import Counter
from contextlib import nullcontext
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from ..errors import (DuplicateCaseIdError, EmptyTableError, ExtractError, InputError, NoProjectTableError,
                      TotalsMismatchError)
from . import swapped
from .aliases import fold
from .columns import FIELD_WORDS, explain_columns, match_headers, missing_columns_message
from .numberformats import header_unit
from .records import DocumentInfo, ExtractedList, ProjectRecord, Totals
from .pdf import Progress, file_sha256, iter_pages, open_pdf
from .rows import Row, RowReader, unreadable_policy
from .sniff import detect_format
from .table import Layout, continues_cut_case_id, read_page
from .totals import check_totals, is_sum_of, parse_totals

#: Kind of list (see ``sniff.FORMAT_NAMES``) -> "module:Class" of its reader, a ListReader subclass.
READERS: dict[str, str] = {
    "pdf": "fundgraph.extract.reader:PdfListReader",
    "xlsx": "fundgraph.extract.workbook:WorkbookListReader",
    "xls": "fundgraph.extract.workbook:WorkbookListReader",
    "ods": "fundgraph.extract.workbook:WorkbookListReader",
    "html": "fundgraph.extract.htmltable:HtmlTableListReader",
    "csv": "fundgraph.extract.delimited:CsvListReader",
}


def register_reader(kind: str, target: str) -> None:
    """Read lists of ``kind`` (a ``sniff.detect_format`` result) with the ListReader subclass named by
    ``target`` ("package.module:Class"), replacing any reader registered for it."""
    READERS[kind] = target


def open_list(path: Path, sheet: str | None = None, progress: Progress | None = None) -> "ListReader":
    """The reader for the list at ``path``, chosen by its content; ``sheet`` (a sheet's name or
    1-based number) picks the table of a workbook; ``progress`` is told (pages read, pages) as a PDF's
    pages are read (``pdf.iter_pages``). Raises UnknownListFormatError for content that is no list
    format, InputError naming the file for one that cannot be opened (missing, a folder, no permission)."""
    try:
        kind = detect_format(path)
    except OSError as error:
        raise InputError(f"{path}: cannot open the list: {error.strerror or error}") from None
    module, _, name = READERS[kind].partition(":")
    reader_class = getattr(importlib.import_module(module), name)
    reader = reader_class(path, sheet=sheet, kind=kind)
    reader.progress = progress
    return reader


class ListReader:
    """One list being read. Iterating yields its records in order, each as soon as its row is
    complete; afterwards ``document``, ``totals``, ``warnings`` and ``columns`` describe the list.

    Iteration raises ExtractError subclasses (naming file, page or sheet, and cell): for a file that
    cannot be read, no project table, an empty table, a bad cell, a duplicate case id, or a totals
    row that disagrees with the rows. The last two can come after earlier records were yielded: a
    consumer must treat the whole list as failed. Subclasses implement ``__iter__`` and pass each
    record through ``accept``, then call ``check_end``.
    """

    def __init__(self, path: Path, sheet: str | None = None, kind: str | None = None):
        self.path = Path(path)
        self.sheet = sheet
        self.kind = kind
        self.document: DocumentInfo | None = None
        self.totals: Totals | None = None
        #: Where the totals row stands, as ExtractError keywords (page, or sheet and cell).
        self.totals_where: dict = {}
        self.warnings: list[str] = []
        self.columns: dict[str, str] = {}
        #: What ``fundgraph extract --explain`` prints: headers -> fields, number and date formats, why.
        self.explanation: list[str] = []
        #: Told (pages read, pages) as the pages of a paged list are read; None: nobody is told.
        self.progress: Progress | None = None
        self._seen: dict[str, str] = {}  # case id -> where its row stands
        self._fingerprints: dict[str, int] = {}  # case id -> hash of its record's fields (not its source)
        self._count = 0
        self._sums: Counter = Counter()
        #: Country -> where its rows stand (", sheet 'Bericht', row 186"), for a country printed on a stray row.
        self._countries: dict[str, list[str]] = {}

    def __iter__(self) -> Iterator[ProjectRecord]:  # pragma: no cover - abstract
        raise NotImplementedError

    def sha256(self) -> str:
        """SHA-256 (hex) of the file's bytes."""
        return file_sha256(self.path)

    @property
    def seen_count(self) -> int:
        """Records accepted so far."""
        return self._count

    def accept(self, record: ProjectRecord, *, where: str, page: int | None = None, sheet: str | None = None,
               cell: str | None = None) -> ProjectRecord | None:
        """Check ``record`` against the list's earlier ones and return it, or None for a row that repeats
        an earlier one in every field, case id included (Flanders prints one operation twice): the
        operation is read once, with a warning, so that its money is not counted twice. ``where`` says
        where its row stands ("page 3, row 7", "row 12") for messages; ``page``/``sheet``/``cell`` locate
        an error. Raises DuplicateCaseIdError for a case id whose rows differ; warns when the granted
        amount exceeds the total budget (and marks the record under ``swapped_amounts = "as-printed"``,
        see ``swapped``)."""
        if record.case_id is not None:
            fingerprint = hash(json.dumps({k: v for k, v in record.to_json().items() if k != "source"},
                                          sort_keys=True, ensure_ascii=False))
            if record.case_id in self._seen:
                if self._fingerprints[record.case_id] == fingerprint:
                    self.warnings.append(f"{self.path.name}{_sheet(sheet)}, {where}: repeats {self._seen[record.case_id]} "
                                         f"in every cell (case id {record.case_id}); read once")
                    return None
                raise DuplicateCaseIdError(f"case id {record.case_id} occurs twice (also at {self._seen[record.case_id]})",
                                           file=self.path.name, page=page, sheet=sheet, cell=cell)
            self._seen[record.case_id] = where
            self._fingerprints[record.case_id] = fingerprint
        self._count += 1
        # The operation's position in the list, whatever the reader: the n-th record accepted.
        record = dataclasses.replace(record, source=dataclasses.replace(record.source, row=self._count))
        for key, value in (("granted", record.granted_amount), ("budget", record.total_budget)):
            if value is not None:
                self._sums[key] += value
        if record.country is not None:
            self._countries.setdefault(record.country, []).append(f"{_sheet(sheet)}, {where}")
        row = f"{self.path.name}{_sheet(sheet)}, {where}" + (f" (case id {record.case_id})" if record.case_id else "")
        return swapped.checked(record, row, self.warnings)

    def check_end(self) -> None:
        """After the last record: check the totals row (TotalsMismatchError), warn when there is none,
        and warn about case ids whose length differs from the list's usual one."""
        name = self.path.name
        if self.totals is None:
            self.warnings.append(f"{name}: no totals row; the row count and sums could not be checked")
        else:
            try:
                self.warnings += check_totals(self.totals, self._count, self._sums["granted"],
                                              self._sums["budget"], name)
            except TotalsMismatchError as error:
                if not self.totals_where:
                    raise
                raise TotalsMismatchError(error.message, file=name, **self.totals_where) from None
        self.warnings += _stray_countries(name, self._countries)
        lengths = Counter(len(case_id) for case_id in self._seen)
        if len(self._seen) >= 3 and len(lengths) > 1:
            usual = lengths.most_common(1)[0][0]
            for case_id, where in self._seen.items():
                if len(case_id) != usual:
                    self.warnings.append(f"{name}, {where}: case id {case_id!r} has "
                                         f"{len(case_id)} characters where the list's others have {usual}")


#: A country printed on at most this share of a list's rows that name one, all the others naming one country,
#: is taken for a slip worth a warning (Thüringen's ESF list: "CH" beside the postcode "07747 Jena").
STRAY_COUNTRY_SHARE = 0.01


def _stray_countries(name: str, countries: dict[str, list[str]]) -> list[str]:
    """Warnings for the rows of a list whose country differs from the one nearly all its rows name (at most
    ``STRAY_COUNTRY_SHARE`` of them): kept as printed, but named, since the list's publisher
    may have slipped. ``countries``: country code -> where each of its rows stands (", page 3, row 7")."""
    if len(countries) < 2:
        return []
    usual = max(countries, key=lambda code: len(countries[code]))
    named = sum(len(rows) for rows in countries.values())
    others = named - len(countries[usual])
    if others > named * STRAY_COUNTRY_SHARE:
        return []
    return [f"{name}{where}: country {code!r} where the list's {len(countries[usual])} other operations say "
            f"{usual!r}: kept as printed" for code, rows in sorted(countries.items()) if code != usual for where in rows]


class PdfListReader(ListReader):
    """A list printed as a PDF table: pages read by geometry (``table.read_page``), rows by ``rows.RowReader``."""

    def __iter__(self) -> Iterator[ProjectRecord]:
        name = self.path.name
        if self.sheet is not None:
            self.warnings.append(f"{name}: a PDF has no sheets; sheet {self.sheet!r} ignored")
        with open_pdf(self.path) as pdf:
            sha256 = self.sha256()
            self.document = DocumentInfo(name, sha256, len(pdf.pages), "")
            rows = RowReader(name, sha256)
            layout: Layout | None = None
            row: Row | None = None
            candidates: tuple[int, list[str]] | None = None
            warned: set[int] = set()  # columns without a header already warned about
            for content in iter_pages(pdf, name, progress=self.progress):
                if layout is None and content.number > PAGES_BEFORE_TABLE:
                    break  # a list's table starts on its first pages; a long document without one is not a list
                page = read_page(content, layout)
                if page.layout is None:
                    candidates = _closer(candidates, content.number, page.candidate_headers)
                    continue
                if layout is None:
                    self._found_table(page, pdf.metadata.get("Title"), content.number)
                    rows.currency = rows.currency or header_unit(fold(self.document.title))[1]
                layout = page.layout
                self._warn_headerless(page, content.number, warned)
                if page.pieces and row is not None and continues_cut_case_id(row.cells, page.pieces[0], layout):
                    page.pieces[0] = dataclasses.replace(page.pieces[0], starts_row=False)
                for piece in page.pieces:
                    rows.learn(piece, layout)
                for piece in page.pieces:
                    if piece.starts_row:
                        if row is not None:
                            yield from self._record(rows, row, layout)
                        row = Row.start(0, piece)  # numbered when complete
                    elif row is not None:
                        row.extend(piece)
                    else:
                        self.warnings.append(f"{name}, page {content.number}: text above the first row ignored")
                if page.totals:
                    self.totals = parse_totals(page.totals, layout, name, rows.formats)
                    break
            if layout is None:
                raise self._no_table(candidates)
            if row is not None:
                yield from self._last_row(rows, row, layout)
            self.explanation += rows.explain()
            self.warnings += rows.warnings + rows.missing_warnings()
            self.explanation.append(f"{self._count} operations read" + (
                f"; totals row on page {self.totals.page}" if self.totals else "; no totals row"))
            if not self._count:
                raise EmptyTableError("the project table has a header but no rows", file=name)
            self.check_end()

    def _warn_headerless(self, page, number: int, warned: set[int]) -> None:
        """Once per column (``warned``: the columns told already): a column with values and no header is read
        into no field, and says so with its place and a value."""
        for index, sample in page.headerless:
            if index in warned:
                continue
            warned.add(index)
            column = page.layout.columns[index]
            self.warnings.append(f"{self.path.name}, page {number}: column {index + 1} of {len(page.layout.columns)} "
                                 f"(x {column.text_left:.0f}–{column.text_right:.0f} pt) holds values but has no "
                                 f"header, e.g. {sample[:60]!r}; ignored")

    def _found_table(self, page, pdf_title, number: int) -> None:
        name = self.path.name
        self.columns = {f.field: f.header for f in sorted(page.layout.fields.values(), key=field_order)}
        self.document = DocumentInfo(name, self.document.sha256, self.document.page_count,
                                     page.title or (pdf_title if isinstance(pdf_title, str) else "") or "")
        for header in page.unmatched_headers:
            self.warnings.append(f"{name}, page {number}: column {header!r} not recognised; ignored")
        kind = "ruled columns" if page.layout.ruled else "columns from white space"
        self.explanation.append(f"table found on page {number} ({kind}, {len(page.layout.columns)} columns)")
        self.explanation += explain_columns(page.layout.fields, page.unmatched_headers)

    def _no_table(self, candidates) -> NoProjectTableError:
        if candidates:
            page, headers = candidates
            return NoProjectTableError(f"no list of operations: {missing_columns_message(headers)}",
                                       file=self.path.name, page=page)
        return NoProjectTableError("no list of operations: no page has a table with a header row "
                                   "naming the operations, their beneficiaries and amounts", file=self.path.name)

    def _last_row(self, rows: RowReader, row: Row, layout: Layout) -> Iterator[ProjectRecord]:
        """The table's last row as a record, unless it is an unlabelled totals row: a row after the
        operations whose amount is the sum of theirs and which is no operation of its own (its other
        required cells are empty)."""
        row.number = self.seen_count + 1
        try:
            record = rows.record(row, layout)  # read once: reading a row again would repeat its warnings
        except ExtractError:
            index = layout.index_of("granted_amount")
            text = rows.text_of(row, layout, "granted_amount", None) if index is not None else None
            try:
                stated = rows.format_of(layout, index).parse(text) if text else None
            except ValueError:
                stated = None
            if is_sum_of(stated, self._sums["granted"], self.seen_count):
                self.totals = Totals(None, stated, None, row.pages[0])
                return
            raise
        yield from self._accept_row(record, row)

    def _record(self, rows: RowReader, row: Row, layout: Layout) -> Iterator[ProjectRecord]:
        """The row's record, unless it repeats an earlier one (see ``accept``)."""
        row.number = self.seen_count + 1
        yield from self._accept_row(rows.record(row, layout), row)

    def _accept_row(self, record: ProjectRecord, row: Row) -> Iterator[ProjectRecord]:
        accepted = self.accept(record, where=f"page {row.pages[0]}, row {row.number}", page=row.pages[0],
                               cell=f"row {row.number}")
        if accepted is not None:
            yield accepted


def _sheet(sheet: str | None) -> str:
    return f", sheet {sheet!r}" if sheet is not None else ""


#: Pages searched for the table's header before a document is declared not a list of operations.
PAGES_BEFORE_TABLE = 12


def _closer(candidates, page: int, headers: list[str]):
    """The header row (page, texts) that comes closest to a list's: the most fields matched, earliest page
    (so that a cover page is not blamed when a later page has the table's header)."""
    if not headers:
        return candidates
    if candidates is None or len(match_headers(headers)[0]) > len(match_headers(candidates[1])[0]):
        return (page, headers)
    return candidates


def field_order(column) -> int:
    """Sort key of a FieldColumn: the record's field order."""
    return list(FIELD_WORDS).index(column.field)


def extract_projects(path: Path, sheet: str | None = None) -> Iterator[ProjectRecord]:
    """Yield the project records of the list at ``path`` (PDF, XLSX, XLS, ODS, HTML table or CSV,
    found from its content) in table order, then check its totals row. ``sheet``: see ``open_list``.

    Raises ExtractError subclasses (see ListReader); warnings are dropped — use ``read_list`` for them.
    """
    yield from open_list(path, sheet)


def read_list(path: Path, sheet: str | None = None, progress: Progress | None = None, *,
              unreadable_cells: str | None = None, swapped_amounts: str | None = None) -> ExtractedList:
    """Read the whole list at ``path``: records, document info, totals, warnings and the header
    taken for each field. ``sheet``, ``progress``: see ``open_list``; ``unreadable_cells`` "error" or
    "absent" (``rows.unreadable_policy``), ``swapped_amounts`` "error" or "as-printed" (``swapped.policy``;
    each None: the enclosing block's, else "error"). Raises ExtractError subclasses (see ListReader),
    ValueError for another ``unreadable_cells`` or ``swapped_amounts``."""
    reader = open_list(path, sheet, progress)
    with unreadable_policy(unreadable_cells) if unreadable_cells is not None else nullcontext(), \
            swapped.policy(swapped_amounts) if swapped_amounts is not None else nullcontext():
        records = list(reader)
    return ExtractedList(records, reader.document, reader.totals, reader.warnings, reader.columns,
                         reader.explanation)


def write_jsonl(records: Iterable[ProjectRecord], textfile: TextIO) -> int:
    """Write records as JSON Lines (UTF-8 text, ``ensure_ascii=False``), keys in record order with
    ``source`` last; returns the number of lines written."""
    count = 0
    for record in records:
        textfile.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
        count += 1
    return count
