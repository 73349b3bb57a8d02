"""The project record: what one row of a list of granted projects says, exactly.

Keys and value types follow ``tests/data/granted-projects-vasterbotten.expected.json``; a record
also carries ``source``, where in which document it was read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    """Where a record was read: document file name, its SHA-256 (hex), and the 1-based pages the row
    spans (PDF); or the sheet's name and the 1-based rows (spreadsheet); or the 1-based lines (CSV)."""

    document: str
    sha256: str
    pages: tuple[int, ...] = ()
    sheet: str | None = None
    rows: tuple[int, ...] = ()
    lines: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The source as JSON: document and sha256, then pages, sheet and rows, or lines (whichever apply)."""
        data: dict[str, Any] = {"document": self.document, "sha256": self.sha256}
        if self.sheet is not None:
            data["sheet"] = self.sheet
            data["rows"] = list(self.rows)
        elif self.lines:
            data["lines"] = list(self.lines)
        else:
            data["pages"] = list(self.pages)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Source":
        """Inverse of ``to_json``."""
        return cls(data.get("document", ""), data.get("sha256", ""), tuple(data.get("pages") or ()),
                   data.get("sheet"), tuple(data.get("rows") or ()), tuple(data.get("lines") or ()))


@dataclass(frozen=True)
class ProjectRecord:
    """One granted project as printed in a list.

    Amounts are whole SEK (``int``); ``total_budget_sek``, ``priority_number`` and ``priority_label``
    are None where the list has no such column. ``municipalities`` and ``counties`` are the short
    names as printed ("Umeå", "Västerbotten"), in the list's order. Text is Unicode NFC with runs of
    white space collapsed.
    """

    case_id: str
    title: str
    beneficiary: str
    granted_amount_sek: int
    total_budget_sek: int | None
    fund: str
    priority_number: int | None
    priority_label: str | None
    municipalities: tuple[str, ...]
    counties: tuple[str, ...]
    summary: str
    source: Source = field(compare=False)

    def to_json(self) -> dict[str, Any]:
        """Return the record as a JSON-ready dict (lists for tuples), ``source`` last."""
        data = asdict(self)
        data["municipalities"] = list(self.municipalities)
        data["counties"] = list(self.counties)
        data["source"] = self.source.to_json()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ProjectRecord":
        """Inverse of ``to_json`` (a missing ``source`` becomes an empty one)."""
        values = {k: v for k, v in data.items() if k != "source"}
        values["municipalities"] = tuple(values.get("municipalities") or ())
        values["counties"] = tuple(values.get("counties") or ())
        for optional in ("total_budget_sek", "priority_number", "priority_label"):
            values.setdefault(optional, None)
        values.setdefault("summary", "")
        return cls(**values, source=Source.from_json(data.get("source") or {}))


@dataclass(frozen=True)
class DocumentInfo:
    """The document a list was read from: file name, SHA-256 (hex) of its bytes, number of pages
    (spreadsheet: sheets), its title (the text above the table on its first page or sheet, else the
    PDF's Title, else ""), and ``reading``: how it was read when that is not evident, e.g. "CSV,
    encoding windows-1253, delimiter ';'" or "sheet 'Daten' (of 2)"."""

    file_name: str
    sha256: str
    page_count: int
    title: str
    reading: str = ""


@dataclass(frozen=True)
class Totals:
    """The list's own totals row: project count and sums in whole SEK (None where the row omits one),
    and the 1-based page it stands on."""

    project_count: int | None
    granted_amount_sek: int | None
    total_budget_sek: int | None
    page: int


@dataclass
class ExtractedList:
    """Everything read from one list: its records in order, the document, its totals row (None if
    it has none), warnings (one line each, for what is suspicious but not wrong), and ``columns``:
    for each record field found, the header it was read from (e.g. {"case_id": "Ärende-ID"})."""

    records: list[ProjectRecord]
    document: DocumentInfo
    totals: Totals | None
    warnings: list[str]
    columns: dict[str, str]
