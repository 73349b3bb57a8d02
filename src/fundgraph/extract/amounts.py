"""Cell values as typed data: amounts (in any EU number format), rates, priority cells, lists of names.

Number formats and currencies are in ``numberformats``, dates in ``dateformats``; this module holds the
small parsers of other cells.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .numberformats import AmountError, parse_amount

__all__ = ["AmountError", "parse_amount", "parse_priority", "parse_rate", "split_names"]

_PRIORITY = re.compile(r"^(?:(?:prioritering|prioriterat område|insatsområde|priority( axis)?|prioritätsachse|"
                       r"axe( prioritaire)?|pa|po)\s*)?"
                       r"(?P<number>\d{1,2})\s*(?:[:.)\-–]\s*(?P<label>.*))?$", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"\s*[,;]\s*|\s+och\s+")
_RATE = re.compile(r"^(?P<number>\d{1,3}(?:[.,]\d+)?)\s*(?P<percent>%?)$")


def parse_priority(text: str) -> tuple[int | None, str | None]:
    """(number, label) from "Prioritering 1: Västerbotten - en nytänkande och smart region" or "PA4".

    A cell with no number gives (None, text); an empty cell (None, None).
    """
    if not text:
        return None, None
    match = _PRIORITY.match(text)
    if not match:
        return None, text
    label = (match.group("label") or "").strip()
    return int(match.group("number")), label or None


def parse_rate(text: str) -> Decimal:
    """A co-financing rate as a Decimal percent: "40%" -> 40, "85,5 %" -> 85.5, "50" -> 50, and a
    fraction written without a percent sign, "0.85" -> 85. Raises AmountError for anything else."""
    match = _RATE.match(text.strip())
    if not match:
        raise AmountError(f"{text!r} is not a rate (expected e.g. '40%')")
    value = Decimal(match.group("number").replace(",", "."))
    if not match.group("percent") and value <= 1:
        value *= 100
    if value > 100:
        raise AmountError(f"{text!r} is more than 100 %")
    return value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1))


def split_names(text: str) -> tuple[str, ...]:
    """Names listed in a cell, in order: "Bjurholm, Dorotea och Umeå" -> ("Bjurholm", "Dorotea", "Umeå")."""
    return tuple(name for name in _NAME_SEPARATORS.split(text) if name)
