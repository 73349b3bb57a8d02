"""Reading one list, page by page, into project records; the library entry points of the extract stage."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from ..errors import DuplicateCaseIdError, EmptyTableError, NoProjectTableError
from .columns import REQUIRED_FIELDS
from .records import DocumentInfo, ExtractedList, ProjectRecord, Totals
from .pdf import file_sha256, iter_pages, open_pdf
from .rows import Row, RowReader
from .table import Layout, read_page
from .totals import check_totals, parse_totals


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

    def __iter__(self) -> Iterator[ProjectRecord]:
        name = self.path.name
        with open_pdf(self.path) as pdf:
            sha256 = file_sha256(self.path)
            self.document = DocumentInfo(name, sha256, len(pdf.pages), "")
            rows = RowReader(name, sha256)
            rows.warnings = self.warnings  # wraps read with doubt (pdf: a hook into lang's rows.py)
            seen: dict[str, tuple[int, int]] = {}
            sums = Counter()
            layout: Layout | None = None
            row: Row | None = None
            candidates: tuple[int, list[str]] | None = None
            for content in iter_pages(pdf, name):
                page = read_page(content, layout)
                if page.layout is None:
                    if page.candidate_headers and candidates is None:
                        candidates = (content.number, page.candidate_headers)
                    continue
                if layout is None:
                    self._found_table(page, pdf.metadata.get("Title"), content.number)
                layout = page.layout
                for piece in page.pieces:
                    rows.learn(piece)
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
                    self.totals = parse_totals(page.totals, layout, name)
                    break
            if layout is None:
                raise self._no_table(candidates)
            if row is not None:
                yield self._record(rows, row, layout, seen, sums)
            if not seen:
                raise EmptyTableError("the project table has a header but no rows", file=name)
            self._check_end(seen, sums)

    def _found_table(self, page, pdf_title, number: int) -> None:
        name = self.path.name
        self.columns = {f.field: f.header for f in sorted(page.layout.fields.values(), key=_field_order)}
        self.document = DocumentInfo(name, self.document.sha256, self.document.page_count,
                                     page.title or (pdf_title if isinstance(pdf_title, str) else "") or "")
        for header in page.unmatched_headers:
            self.warnings.append(f"{name}, page {number}: column {header!r} not recognised; ignored")

    def _no_table(self, candidates) -> NoProjectTableError:
        required = ", ".join(REQUIRED_FIELDS)
        if candidates:
            page, headers = candidates
            seen = ", ".join(repr(h) for h in headers if h)
            return NoProjectTableError(f"no project table: need columns {required}; found headers {seen}",
                                       file=self.path.name, page=page)
        return NoProjectTableError(f"no project table: no page has a table with columns {required}",
                                   file=self.path.name)

    def _record(self, rows: RowReader, row: Row, layout: Layout, seen, sums) -> ProjectRecord:
        row.number = len(seen) + 1
        record = rows.record(row, layout)
        if record.case_id in seen:
            page, number = seen[record.case_id]
            raise DuplicateCaseIdError(f"case id {record.case_id} occurs twice (also on page {page}, row {number})",
                                       file=self.path.name, page=row.pages[0], cell=f"row {row.number}")
        seen[record.case_id] = (row.pages[0], row.number)
        sums["granted"] += record.granted_amount_sek
        sums["budget"] += record.total_budget_sek or 0
        if record.total_budget_sek is not None and record.granted_amount_sek > record.total_budget_sek:
            self.warnings.append(f"{self.path.name}, page {row.pages[0]}, row {row.number} (case id {record.case_id}): "
                                 f"granted amount {record.granted_amount_sek} exceeds total budget "
                                 f"{record.total_budget_sek}")
        return record

    def _check_end(self, seen: dict[str, tuple[int, int]], sums: Counter) -> None:
        name = self.path.name
        if self.totals is None:
            self.warnings.append(f"{name}: no totals row; the row count and sums could not be checked")
        else:
            check_totals(self.totals, len(seen), sums["granted"], sums["budget"], name)
        lengths = Counter(len(case_id) for case_id in seen)
        if len(seen) >= 3 and len(lengths) > 1:
            usual = lengths.most_common(1)[0][0]
            for case_id, (page, number) in seen.items():
                if len(case_id) != usual:
                    self.warnings.append(f"{name}, page {page}, row {number}: case id {case_id!r} has "
                                         f"{len(case_id)} characters where the list's others have {usual}")


def _field_order(column) -> int:
    order = ("case_id", "title", "beneficiary", "granted_amount_sek", "total_budget_sek", "fund", "priority",
             "municipalities", "counties", "summary")
    return order.index(column.field)


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
    return ExtractedList(records, reader.document, reader.totals, reader.warnings, reader.columns)


def write_jsonl(records: Iterable[ProjectRecord], textfile: TextIO) -> int:
    """Write records as JSON Lines (UTF-8 text, ``ensure_ascii=False``), keys in record order with
    ``source`` last; returns the number of lines written."""
    count = 0
    for record in records:
        textfile.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
        count += 1
    return count
