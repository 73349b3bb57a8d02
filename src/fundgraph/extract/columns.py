"""Which column holds which field: header wordings matched by meaning, and the unit of amounts.

Regions and years word their headers differently ("Ärende-ID" / "Diarienummer", "Projektägare" /
"Sökande" / "Stödmottagare", "Beviljat belopp (kr)" / "Beslutat belopp", "Total budget (kr)" /
"Total kostnad (kr)", "Fond" / "Program", "Kommuner" / "Kommun(er)", "Sammanfattning" /
"Beskrivning"). ``HEADER_ALIASES`` lists, per record field, patterns over a normalised header
(casefolded, parentheses dropped, units taken out), strongest first; add wordings there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cells import clean_text

#: Record field -> regular expressions, strongest first, searched in the normalised header text.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "case_id": (r"ärende ?(id|nr|nummer)", r"diarie ?(nr|nummer)", r"\bdnr\b", r"projekt ?(id|nr|nummer)\b",
                r"\bcase (id|number)", r"ärende", r"diarie", r"\bid\b"),
    "title": (r"projekt ?(namn|titel)", r"project (name|title)", r"\b(namn|titel|rubrik|name|title)\b"),
    "beneficiary": (r"projektägare|stödmottagare|sökande|beneficiary|applicant",
                    r"ägare|mottagare|organisation|huvudman|projektansvarig"),
    "granted_amount": (r"(beviljat|beviljade|beslutat|beslutade) (belopp|stöd|medel|bidrag)",
                       r"granted (amount|grant)|eu ?stöd|stödbelopp",
                       r"beviljat|beviljade|beslutat|beslutade|granted|\bstöd\b|bidrag|belopp"),
    "total_budget": (r"total ?(budget|kostnad|projektkostnad|projektbudget)|total (cost|budget)",
                     r"projektbudget|projektkostnad|omslutning|\bbudget\b|kostnad|\btotal"),
    "fund": (r"\bfond\b|\bfonder\b|\bfund\b|\bprogram\b|\bprogramme\b", r"fond|finansiär|finansiering|program"),
    "priority": (r"prioritering|prioriterat område|insatsområde|priority", r"priorit|\bmål\b"),
    "municipalities": (r"kommuner|kommun|municipalit",),
    "counties": (r"\blän\b|\bcount(y|ies)\b",),
    "summary": (r"sammanfattning|beskrivning|summary|description", r"syfte|om projektet|\binnehåll\b"),
}

#: Fields a list must have for its rows to be project records.
REQUIRED_FIELDS = ("case_id", "title", "beneficiary", "granted_amount")

#: Amount units that may appear in a header, and the factor to SEK.
AMOUNT_UNITS = {"kr": 1, "sek": 1, "kronor": 1, "tkr": 1000, "tsek": 1000, "mkr": 1_000_000, "msek": 1_000_000}
_UNIT = re.compile(r"\(?\b(" + "|".join(AMOUNT_UNITS) + r")\b\.?\)?")
_AMOUNT_FIELDS = ("granted_amount", "total_budget")


@dataclass(frozen=True)
class FieldColumn:
    """A header matched to a record field: the header as printed, and the factor from its unit to SEK."""

    field: str
    header: str
    scale: int = 1


def normalise_header(header: str) -> tuple[str, int]:
    """Return the header's matching text and the factor its unit gives amounts (1 if none).

    "Beviljat belopp (kr)" -> ("beviljat belopp", 1); "Kommun(er)" -> ("kommuner", 1);
    "Stöd (tkr)" -> ("stöd", 1000).
    """
    text = clean_text(header).casefold()
    scale = 1
    unit = _UNIT.search(text)
    if unit:
        scale = AMOUNT_UNITS[unit.group(1)]
        text = text[:unit.start()] + " " + text[unit.end():]
    text = re.sub(r"[()]", "", text)
    text = re.sub(r"[-‐–/:.]+", " ", text)
    return " ".join(text.split()), scale


def _score(field: str, text: str) -> int:
    patterns = HEADER_ALIASES[field]
    for rank, pattern in enumerate(patterns):
        if re.search(pattern, text):
            return 100 - rank
    return 0


def match_headers(headers: list[str]) -> tuple[dict[int, FieldColumn], list[str]]:
    """Match header texts (one per column, left to right) to fields.

    Returns {column index: FieldColumn} and the non-empty headers left unmatched. Each field and
    each column is taken at most once, strongest match first, then leftmost.
    """
    normalised = [normalise_header(h) for h in headers]
    candidates = []
    for index, (text, _) in enumerate(normalised):
        for field in HEADER_ALIASES:
            score = _score(field, text) if text else 0
            if score:
                candidates.append((-score, index, field))
    taken: dict[int, FieldColumn] = {}
    fields_taken: set[str] = set()
    for _, index, field in sorted(candidates):
        if index in taken or field in fields_taken:
            continue
        scale = normalised[index][1] if field in _AMOUNT_FIELDS else 1
        taken[index] = FieldColumn(field, clean_text(headers[index]), scale)
        fields_taken.add(field)
    unmatched = [clean_text(h) for i, h in enumerate(headers) if i not in taken and h.strip()]
    return taken, unmatched
