"""Reading one list, page by page, into project records; the library entry points of the extract stage."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from ..errors import DuplicateCaseIdError, EmptyTableError, ExtractError, NoProjectTableError
from .aliases import fold
from .columns import AMOUNT_FIELDS, FIELD_WORDS, explain_columns, match_headers, missing_columns_message
from .numberformats import header_unit
from .records import DocumentInfo, ExtractedList, ProjectRecord, Totals
from .pdf import file_sha256, iter_pages, open_pdf
from .rows import Row, RowReader
from .table import Layout, read_page
from .totals import check_totals, is_sum_of, parse_totals


class ListReader:
    """One list (PDF) being read. Iterating yields its records in order, each as soon as its row is
    complete; afterwards ``document``, ``totals``, ``warnings`` and ``columns`` describe the list.

    Iteration raises ExtractError subclasses (naming file, page and cell): for a file that cannot be
    read, no project table, an empty table, a bad cell, a duplicate case id, or a totals row that
    disagrees with the rows. The last two can come after earlier records were yielded: a consumer
    must treat the whole list as failed.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.document: DocumentInfo | None = None
        self.totals: Totals | None = None
        self.warnings: list[str] = []
        self.columns: dict[str, str] = {}
        #: What ``fundgraph extract --explain`` prints: headers -> fields, number and date formats, why.
        self.explanation: list[str] = []

    def __iter__(self) -> Iterator[ProjectRecord]:
        name = self.path.name
        with open_pdf(self.path) as pdf:
            sha256 = file_sha256(self.path)
            self.document = DocumentInfo(name, sha256, len(pdf.pages), "")
            rows = RowReader(name, sha256)
            seen: dict[str, tuple[int, int]] = {}
            sums = Counter()
            layout: Layout | None = None
            row: Row | None = None
            candidates: tuple[int, list[str]] | None = None
            for content in iter_pages(pdf, name):
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
                for piece in page.pieces:
                    rows.learn(piece, layout)
                for piece in page.pieces:
                    if piece.starts_row:
                        if row is not None:
                            yield self._record(rows, row, layout, seen, sums)
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
                last = self._last_row(rows, row, layout, seen, sums)
                if last is not None:
                    yield last
            self.explanation += rows.explain()
            self.warnings += rows.warnings
            self.explanation.append(f"{len(seen)} operations read" + (
                f"; totals row on page {self.totals.page}" if self.totals else "; no totals row"))
            if not seen:
                raise EmptyTableError("the project table has a header but no rows", file=name)
            self._check_end(seen, sums)

    def _found_table(self, page, pdf_title, number: int) -> None:
        name = self.path.name
        fields = page.layout.fields
        self.columns = {f.field: f.header for f in sorted(fields.values(), key=_field_order)}
        self.document = DocumentInfo(name, self.document.sha256, self.document.page_count,
                                     page.title or (pdf_title if isinstance(pdf_title, str) else "") or "")
        for header in page.unmatched_headers:
            self.warnings.append(f"{name}, page {number}: column {header!r} not recognised; ignored")
        kind = "ruled columns" if page.layout.ruled else "columns from white space"
        self.explanation.append(f"table found on page {number} ({kind}, {len(page.layout.columns)} columns)")
        self.explanation += explain_columns(fields, page.unmatched_headers)

    def _no_table(self, candidates) -> NoProjectTableError:
        if candidates:
            page, headers = candidates
            return NoProjectTableError(f"no list of operations: {missing_columns_message(headers)}",
                                       file=self.path.name, page=page)
        return NoProjectTableError("no list of operations: no page has a table with a header row "
                                   "naming the operations, their beneficiaries and amounts", file=self.path.name)

    def _last_row(self, rows: RowReader, row: Row, layout: Layout, seen, sums) -> ProjectRecord | None:
        """The table's last row as a record, unless it is an unlabelled totals row: a row after the
        operations whose amount is the sum of theirs (and which names no beneficiary or title of its own)."""
        row.number = len(seen) + 1
        try:
            record = rows.record(row, layout)
        except ExtractError:
            granted = rows.text_of(row, layout, "granted_amount", None)
            index = layout.index_of("granted_amount")
            try:
                stated = rows.format_of(layout, index).parse(granted) if granted else None
            except ValueError:
                stated = None
            if is_sum_of(stated, sums["granted"], len(seen)):
                self.totals = Totals(None, stated, None, row.pages[0])
                return None
            raise
        return self._record(rows, row, layout, seen, sums, record)

    def _record(self, rows: RowReader, row: Row, layout: Layout, seen, sums, record=None) -> ProjectRecord:
        row.number = len(seen) + 1
        record = record or rows.record(row, layout)
        key = record.case_id if record.case_id is not None else ("row", row.number)
        if key in seen:
            page, number = seen[key]
            raise DuplicateCaseIdError(f"case id {record.case_id} occurs twice (also on page {page}, row {number})",
                                       file=self.path.name, page=row.pages[0], cell=f"row {row.number}")
        seen[key] = (row.pages[0], row.number)
        sums["granted"] += record.granted_amount or 0
        sums["budget"] += record.total_budget or 0
        where = f"{self.path.name}, page {row.pages[0]}, row {row.number}" + (
            f" (case id {record.case_id})" if record.case_id else "")
        if all(getattr(record, name) is None for name in AMOUNT_FIELDS):
            self.warnings.append(f"{where}: no amount; the row is marked withdrawn")
        elif record.total_budget is not None and record.granted_amount > record.total_budget:
            self.warnings.append(f"{where}: granted amount {record.granted_amount} exceeds total budget "
                                 f"{record.total_budget}")
        return record

    def _check_end(self, seen: dict[str, tuple[int, int]], sums: Counter) -> None:
        name = self.path.name
        if self.totals is None:
            self.warnings.append(f"{name}: no totals row; the row count and sums could not be checked")
        else:
            self.warnings += check_totals(self.totals, len(seen), sums["granted"], sums["budget"], name)
        lengths = Counter(len(case_id) for case_id in seen if isinstance(case_id, str))
        if len(seen) >= 3 and len(lengths) > 1:
            usual = lengths.most_common(1)[0][0]
            for case_id, (page, number) in seen.items():
                if isinstance(case_id, str) and len(case_id) != usual:
                    self.warnings.append(f"{name}, page {page}, row {number}: case id {case_id!r} has "
                                         f"{len(case_id)} characters where the list's others have {usual}")


#: Pages searched for the table's header before a document is declared not a list of operations.
PAGES_BEFORE_TABLE = 12


def _closer(candidates, page: int, headers: list[str]):
    """The header row (page, texts) that comes closest to a list's: the most fields matched, earliest page."""
    if not headers:
        return candidates
    if candidates is None or len(match_headers(headers)[0]) > len(match_headers(candidates[1])[0]):
        return (page, headers)
    return candidates


def _field_order(column) -> int:
    return list(FIELD_WORDS).index(column.field)


def extract_projects(path: Path) -> Iterator[ProjectRecord]:
    """Yield the project records of the list at ``path`` in table order, then check its totals row.

    Raises ExtractError subclasses (see ListReader); warnings are dropped — use ``read_list`` for them.
    """
    yield from ListReader(path)


def read_list(path: Path) -> ExtractedList:
    """Read the whole list at ``path``: records, document info, totals, warnings and the header
    taken for each field. Raises ExtractError subclasses (see ListReader)."""
    reader = ListReader(path)
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
