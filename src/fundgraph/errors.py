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


class ExtractError(FundgraphError):
    """A list cannot be read exactly. Names the file and, where known, the page and the cell.

    ``page`` is 1-based; ``cell`` is a human description such as ``"row 3, column 'Beviljat belopp'"``.
    """

    exit_code = 3
    http_status = 422

    def __init__(self, message: str, *, file: str, page: int | None = None, cell: str | None = None):
        self.message = message
        self.file = file
        self.page = page
        self.cell = cell
        where = [file]
        if page is not None:
            where.append(f"page {page}")
        if cell:
            where.append(cell)
        super().__init__(f"{', '.join(where)}: {message}")


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
    """The data does not conform to the SHACL shapes; ``report`` holds the readable report."""

    exit_code = 5
    http_status = 422

    def __init__(self, message: str, report: str = ""):
        self.report = report
        super().__init__(message)


class PublishError(FundgraphError):
    """Writing the publication failed (missing mandatory catalogue property, target not writable, ...)."""

    exit_code = 6
    http_status = 500


class LinkError(FundgraphError):
    """A remote SPARQL endpoint could not be used for linking (unreachable, timeout, HTTP error)."""

    exit_code = 7
    http_status = 502


class StoreError(FundgraphError):
    """An external SPARQL store (Graph Store Protocol / query endpoint) failed or could not be reached."""

    exit_code = 8
    http_status = 502
