"""Errors that a user can cause and fundgraph reports without a traceback.

Every error is a class carrying the exit code the CLI uses and the HTTP status the server uses,
so that each front end turns it into a message in one place (``cli.main``, ``serve.errors``).
"""

from __future__ import annotations


class FundgraphError(Exception):
    """Base class: a problem with the user's input, configuration or environment.

    ``str(error)`` is one line, fit to show a person as it is.
    """

    exit_code = 1
    http_status = 500


class ConfigError(FundgraphError):
    """Configuration is missing, malformed or has an invalid value (names the setting)."""

    exit_code = 2
    http_status = 500


class InputError(FundgraphError):
    """An input file given by the user cannot be used: unknown format by its extension, unreadable, or it does
    not parse. Names the file."""

    exit_code = 2
    http_status = 400


class ExtractError(FundgraphError):
    """A list cannot be read exactly. Names the file and, where known, the page (PDF) or sheet
    (spreadsheet), and the cell.

    ``page`` is 1-based; ``sheet`` is the sheet's name as the workbook gives it; ``cell`` is a human
    description such as ``"row 3, column 'Beviljat belopp'"`` (in a CSV file: ``"line 12, ..."``).
    """

    exit_code = 3
    http_status = 422

    def __init__(self, message: str, *, file: str, page: int | None = None, cell: str | None = None,
                 sheet: str | None = None):
        self.message = message
        self.file = file
        self.page = page
        self.sheet = sheet
        self.cell = cell
        where = [file]
        if page is not None:
            where.append(f"page {page}")
        if sheet is not None:
            where.append(f"sheet {sheet!r}")
        if cell:
            where.append(cell)
        super().__init__(f"{', '.join(where)}: {message}")


class NotAPdfError(ExtractError):
    """The file is not a PDF (it does not start with ``%PDF-``)."""


class DamagedPdfError(ExtractError):
    """The PDF is truncated or corrupt: its structure or a page cannot be parsed."""


class EncryptedPdfError(ExtractError):
    """The PDF is encrypted with a password; fundgraph does not guess passwords."""


class UnknownListFormatError(ExtractError):
    """The file's content is none of the formats a list comes in (PDF, XLSX, XLS, ODS, HTML table, CSV)."""


class UnreadableSheetError(ExtractError):
    """A spreadsheet or CSV file cannot be decoded: damaged workbook, unknown text encoding, no such sheet."""


class NoTextError(ExtractError):
    """A page holds images but no text (a scan): its rows cannot be read without OCR."""


class NoProjectTableError(ExtractError):
    """No table with the required columns (case id, title, beneficiary, granted amount) was found."""


class EmptyTableError(ExtractError):
    """The project table has a header but no rows."""


class CellError(ExtractError):
    """A cell cannot be read exactly: ``###``, undecodable glyphs, an amount that does not parse, ..."""


class DuplicateCaseIdError(ExtractError):
    """Two rows of a list carry the same case id."""


class TotalsMismatchError(ExtractError):
    """The totals row disagrees with the rows (project count or a sum); names both figures."""


class MappingError(FundgraphError):
    """A value in a list matches no known concept (municipality, county, fund) or cannot be expressed.

    Names the document, page and the value.
    """

    exit_code = 4
    http_status = 422

    def __init__(self, message: str, *, document: str | None = None, page: int | None = None,
                 value: str | None = None):
        self.message = message
        self.document = document
        self.page = page
        self.value = value
        where = [w for w in (document, f"page {page}" if page is not None else None) if w]
        prefix = f"{', '.join(where)}: " if where else ""
        suffix = f": {value!r}" if value is not None else ""
        super().__init__(f"{prefix}{message}{suffix}")


class ValidationFailed(FundgraphError):
    """The data does not conform to the SHACL shapes. ``report`` holds the full SHACL report as text;
    ``lines`` one line per violation naming where its row stands and the rule in words
    (``ValidationReport.lines``)."""

    exit_code = 5
    http_status = 422

    def __init__(self, message: str, report: str = "", lines: tuple[str, ...] = ()):
        self.report = report
        self.lines = tuple(lines)
        super().__init__(message)


class PublishError(FundgraphError):
    """Writing the publication failed (missing mandatory catalogue property, target not writable, ...)."""

    exit_code = 6
    http_status = 500


class OutputError(FundgraphError):
    """An output file cannot be written (its folder is missing or not writable, the disk is full); names the
    file. Nothing partial is left behind (files are written beside the target and renamed into place)."""

    exit_code = 10
    http_status = 500


class LinkError(FundgraphError):
    """A remote SPARQL endpoint could not be used for linking (unreachable, timeout, HTTP error)."""

    exit_code = 7
    http_status = 502


class LinkTableError(FundgraphError):
    """A reviewable link table (links/*.csv) is malformed or cannot be written; names the file and line."""

    exit_code = 9
    http_status = 500


class StoreError(FundgraphError):
    """An external SPARQL store (Graph Store Protocol / query endpoint) failed or could not be reached."""

    exit_code = 8
    http_status = 502
