"""Workbooks (XLSX, XLS, ODS) read with python-calamine into grids of cells.

calamine (a Rust reader of all three formats) gives each cell's value as stored: text, a real
number, a date. Merged cells hold their value in the top-left cell only; a value merged down over
several rows (one title over the rows of its beneficiaries) is repeated into each row, so that
every operation row has its own cells. Row numbers are the sheet's own (1-based, as a spreadsheet
program shows them), empty rows included.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import ParseError, iterparse

from python_calamine import CalamineError, CalamineWorkbook

from ..errors import UnreadableSheetError
from .grid import Grid, GridListReader, GridRow
from .sniff import FORMAT_NAMES


class WorkbookListReader(GridListReader):
    """A list kept in a workbook: the first sheet holding a project table, or the one ``sheet`` names
    (its name, or its 1-based number). Raises UnreadableSheetError for a damaged workbook or a sheet
    it does not have."""

    def grids(self) -> Iterator[Grid]:
        try:  # from the bytes: calamine would pick the format by the file name's extension
            with open(self.path, "rb") as handle:
                workbook = CalamineWorkbook.from_filelike(handle)
        except (CalamineError, ValueError, OSError) as error:
            kind = FORMAT_NAMES.get(self.kind or "", "workbook")
            raise UnreadableSheetError(f"cannot read the {kind}: {_first_line(error)}", file=self.path.name) from None
        names = workbook.sheet_names
        ods_merges = _ods_merges(self.path) if self.kind == "ods" else {}
        self.sheet_count = len(names)
        chosen = [self._chosen(names)] if self.sheet is not None else names
        for name in chosen:
            yield Grid(name, _rows(self.path.name, workbook, name, ods_merges.get(name)))

    def _chosen(self, names: list[str]) -> str:
        wanted = str(self.sheet)
        for name in names:
            if name == wanted:
                return name
        for name in names:
            if name.casefold().strip() == wanted.casefold().strip():
                return name
        if wanted.isdigit() and 1 <= int(wanted) <= len(names):
            return names[int(wanted) - 1]
        listed = ", ".join(repr(n) for n in names)
        raise UnreadableSheetError(f"no sheet {wanted!r}; the workbook has {listed}", file=self.path.name)


def _rows(file_name: str, workbook: CalamineWorkbook, name: str, merges: list | None) -> Iterator[GridRow]:
    try:
        sheet = workbook.get_sheet_by_name(name)
        values = sheet.to_python(skip_empty_area=False)
        merged = sheet.merged_cell_ranges or merges or []
    except (CalamineError, ValueError) as error:
        raise UnreadableSheetError(f"cannot read the sheet: {_first_line(error)}", file=file_name,
                                   sheet=name) from None
    for (top, left), (bottom, _right) in merged:
        if top < len(values) and left < len(values[top]):
            value = values[top][left]
            for row in range(top + 1, min(bottom, len(values) - 1) + 1):
                if left < len(values[row]) and values[row][left] == "":
                    values[row][left] = value
    for index, row in enumerate(values):
        yield GridRow(index + 1, row, index + 1)


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_merges(path) -> dict[str, list[tuple[tuple[int, int], tuple[int, int]]]]:
    """Merged ranges per sheet of an ODS file, ((top, left), (bottom, right)) 0-based inclusive as
    calamine gives them for XLSX/XLS (it gives none for ODS): from ``table:number-rows-spanned`` and
    ``table:number-columns-spanned`` in content.xml (OpenDocument 1.2 Part 1, 9.1.4), repeats counted."""
    merges: dict[str, list] = {}
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            sheet, row, column = None, 0, 0
            for event, element in iterparse(content, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == _TABLE + "table":
                        sheet, row = element.get(_TABLE + "name"), 0
                        merges[sheet] = []
                    elif tag == _TABLE + "table-row":
                        column = 0
                    elif tag in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
                        rows = int(element.get(_TABLE + "number-rows-spanned", 1))
                        columns = int(element.get(_TABLE + "number-columns-spanned", 1))
                        if sheet is not None and (rows > 1 or columns > 1):
                            merges[sheet].append(((row, column), (row + rows - 1, column + columns - 1)))
                        column += int(element.get(_TABLE + "number-columns-repeated", 1))
                elif tag == _TABLE + "table-row":
                    row += int(element.get(_TABLE + "number-rows-repeated", 1))
                    element.clear()
    except (KeyError, zipfile.BadZipFile, ParseError, ValueError):
        return {}  # calamine reports a damaged file itself; merges are a refinement
    return merges


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


