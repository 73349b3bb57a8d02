"""The project record: what one row of a list of granted projects says, exactly.

Keys and value types follow ``tests/data/granted-projects-vasterbotten.expected.json``; a record
also carries ``source``, where in which document it was read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    """Where a record was read: document file name, its SHA-256 (hex), and the 1-based pages the row spans."""

    document: str
    sha256: str
    pages: tuple[int, ...]


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
        data["source"] = {"document": self.source.document, "sha256": self.source.sha256,
                          "pages": list(self.source.pages)}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ProjectRecord":
        """Inverse of ``to_json`` (a missing ``source`` becomes an empty one)."""
        src = data.get("source") or {"document": "", "sha256": "", "pages": []}
        values = {k: v for k, v in data.items() if k != "source"}
        values["municipalities"] = tuple(values.get("municipalities") or ())
        values["counties"] = tuple(values.get("counties") or ())
        for optional in ("total_budget_sek", "priority_number", "priority_label"):
            values.setdefault(optional, None)
        values.setdefault("summary", "")
        return cls(**values, source=Source(src["document"], src["sha256"], tuple(src["pages"])))
