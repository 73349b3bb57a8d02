"""The operation record: what one row of a list of operations says, exactly, in any currency and language.

One record type for every reader (PDF, spreadsheet, CSV) and every member state's list: the fields of
CPR 2021/1060 Art. 49(3) and of Kohesio's project template. A field the list lacks is None (an empty
tuple for the lists of places) and is absent from the JSON form, never 0 or "". Amounts are
``decimal.Decimal`` in the record's ``currency`` and decimal strings in JSON ("10000000", "1234.56"),
never floats. The JSON form is described by ``record.schema.json`` in this package (``RECORD_SCHEMA``),
JSON Schema 2020-12; ``tests/test_record_schema.py`` checks extract's output against it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

AMOUNT_FIELDS = ("granted_amount", "total_budget", "eu_amount", "paid_amount")
"""The record's amounts, all in the record's ``currency``."""

DECIMAL_FIELDS = AMOUNT_FIELDS + ("cofinancing_rate",)
DATE_FIELDS = ("start_date", "end_date")
LIST_FIELDS = ("municipalities", "counties")


@dataclass(frozen=True, kw_only=True)
class Source:
    """Where a record was read: the document's file name and the SHA-256 (hex) of its bytes, the 1-based
    position ``row`` of the operation among the list's operations, and where in the document it stands —
    for a PDF the 1-based ``pages`` the row spans; for a spreadsheet the ``sheet`` name and the 1-based
    sheet ``rows`` it spans; for a CSV file the 1-based physical ``lines`` (a quoted cell may span several).
    ``occurrence`` is n (2, 3, …) for the n-th row of its list alike in every field to earlier rows
    without a case id, None for any other row (set by ``mapping.iris.number_repeats``, in list order; it
    takes part in the operation's key, see ``mapping.iris.project_key``). Empty and None parts are absent
    from the JSON form."""

    document: str
    sha256: str
    row: int | None = None
    pages: tuple[int, ...] = ()
    sheet: str | None = None
    rows: tuple[int, ...] = ()
    lines: tuple[int, ...] = ()
    occurrence: int | None = None

    def where(self) -> str:
        """Where in the document, in words: "page 3", "sheet 'Projekt', row 12", "line 40" ("" if unknown)."""
        if self.pages:
            return _span("page", self.pages)
        if self.sheet is not None or self.rows:
            sheet = f"sheet {self.sheet!r}" if self.sheet is not None else ""
            return ", ".join(part for part in (sheet, _span("row", self.rows)) if part)
        if self.lines:
            return _span("line", self.lines)
        return ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"document": self.document, "sha256": self.sha256}
        for name in ("row", "pages", "sheet", "rows", "lines", "occurrence"):
            value = getattr(self, name)
            if value is not None and value != ():
                data[name] = list(value) if isinstance(value, tuple) else value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "Source":
        data = data or {}
        return cls(document=data.get("document", ""), sha256=data.get("sha256", ""), row=data.get("row"),
                   pages=tuple(data.get("pages") or ()), sheet=data.get("sheet"), rows=tuple(data.get("rows") or ()),
                   lines=tuple(data.get("lines") or ()), occurrence=data.get("occurrence"))


def _span(word: str, numbers: tuple[int, ...]) -> str:
    if not numbers:
        return ""
    low, high = min(numbers), max(numbers)
    return f"{word} {low}" if low == high else f"{word}s {low}–{high}"


@dataclass(frozen=True, kw_only=True)
class Programme:
    """The programme an operation belongs to as the list names it: its ``name`` and its CCI code
    (e.g. "2021SE16RFPR001"), each None when the list does not give it."""

    name: str | None = None
    cci: str | None = None

    def to_json(self) -> dict[str, str]:
        return {k: v for k, v in (("name", self.name), ("cci", self.cci)) if v is not None}


@dataclass(frozen=True, kw_only=True)
class ProjectRecord:
    """One operation (project) as printed in a list of operations.

    ``case_id`` is the operation's identifier in its list (None when the list has none: the mapping then
    mints the IRI by the rule of ``mapping.iris.project_key``). ``currency`` is ISO 4217 ("SEK", "EUR")
    and holds for every amount; amounts are Decimal in that currency, ``cofinancing_rate`` a Decimal
    percent (50 for 50 %). Dates are ``datetime.date``. ``country`` is ISO 3166-1 alpha-2; ``nuts_code`` a
    NUTS code as printed ("SE331", "DE5"); ``postcode`` and ``place`` (the place name as printed) the
    operation's location; ``municipalities`` and ``counties`` short names as printed ("Umeå",
    "Västerbotten"), in the list's order. ``fund`` is the fund as printed ("ERUF", "EFRE", "ESF+").
    Text is Unicode NFC with runs of white space collapsed. Every field but ``source`` may be absent (None
    or an empty tuple): lists withhold the names of natural persons as beneficiaries (GDPR) and leave titles
    blank, and a withdrawn operation may lack its amount. A record still names its operation: it has a
    title, a beneficiary or a case id (``rows.RowReader`` refuses a row with none of them; see
    ``names_operation``). ``amounts_as_printed`` is True for a row granting more than its total budget
    that is kept as printed (``swapped_amounts = "as-printed"``, see ``extract.swapped``), None otherwise.
    ``source`` does not take part in equality (the same operation read from a PDF and a spreadsheet).
    """

    case_id: str | None = None
    title: str | None = None
    beneficiary: str | None = None
    currency: str | None = None
    granted_amount: Decimal | None = None
    total_budget: Decimal | None = None
    eu_amount: Decimal | None = None
    paid_amount: Decimal | None = None
    cofinancing_rate: Decimal | None = None
    start_date: date | None = None
    end_date: date | None = None
    fund: str | None = None
    programme: Programme | None = None
    priority_number: int | None = None
    priority_label: str | None = None
    specific_objective: str | None = None
    intervention_category: str | None = None
    country: str | None = None
    nuts_code: str | None = None
    postcode: str | None = None
    place: str | None = None
    municipalities: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    summary: str | None = None
    status: str | None = None
    amounts_as_printed: bool | None = None
    source: Source = field(compare=False)

    @property
    def names_operation(self) -> bool:
        """Whether the record says which operation it is: a title, a beneficiary or a case id."""
        return bool(self.title or self.beneficiary or self.case_id)

    def to_json(self) -> dict[str, Any]:
        """The record as a JSON-ready dict in field order, ``source`` last; absent fields left out,
        amounts and the rate as decimal strings, dates as ISO 8601 (YYYY-MM-DD), tuples as lists."""
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or value == ():
                continue
            if f.name in DECIMAL_FIELDS:
                value = decimal_text(value)
            elif f.name in DATE_FIELDS:
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, (Source, Programme)):
                value = value.to_json()
            data[f.name] = value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ProjectRecord":
        """Inverse of ``to_json`` (a missing ``source`` becomes an empty one). Raises
        ValueError (decimal.InvalidOperation) for a malformed amount or date."""
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name == "source":
                continue
            if name in DECIMAL_FIELDS:
                value = Decimal(value)
            elif name in DATE_FIELDS:
                value = date.fromisoformat(value)
            elif name in LIST_FIELDS:
                value = tuple(value)
            elif name == "programme":
                value = Programme(name=value.get("name"), cci=value.get("cci"))
            values[name] = value
        return cls(**values, source=Source.from_json(data.get("source")))


def decimal_text(value: Decimal) -> str:
    """A Decimal as plain decimal notation without exponent or trailing zeros after the point:
    Decimal("1E+7") -> "10000000", Decimal("1234.50") -> "1234.5", Decimal("100.00") -> "100"."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def load_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a record's JSON form, shipped as ``record.schema.json``."""
    return json.loads(resources.files(__package__).joinpath("record.schema.json").read_text(encoding="utf-8"))


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
    """The list's own totals row: project count and sums as Decimal in the list's currency (None where the
    row omits one), and the 1-based page it stands on."""

    project_count: int | None
    granted_amount: Decimal | None
    total_budget: Decimal | None
    page: int


@dataclass
class ExtractedList:
    """Everything read from one list: its records in order, the document, its totals row (None if
    it has none), warnings (one line each, for what is suspicious but not wrong), ``columns``:
    for each record field found, the header it was read from (e.g. {"case_id": "Ärende-ID"}), and
    ``explanation``: lines saying which header fed which field, the number and date formats chosen and
    why, and the columns left unmatched (``fundgraph extract --explain``)."""

    records: list[ProjectRecord]
    document: DocumentInfo
    totals: Totals | None
    warnings: list[str]
    columns: dict[str, str]
    explanation: list[str] = field(default_factory=list)

    @property
    def language(self) -> str:
        """The language (ISO 639-1) the list is written in, by the wordings of its headers that were matched
        (``columns.list_language``: of a bilingual header, the language other than English; "en" when no
        header matched)."""
        from .columns import list_language  # columns reads the alias table: only when asked

        return list_language(list(self.columns.values()))
