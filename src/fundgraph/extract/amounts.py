"""Cell values as typed data: Swedish amounts, priority cells, lists of names."""

from __future__ import annotations

import re

# Swedish number format (Språkrådet, "Svenska skrivregler"): groups of three digits separated by a
# space, which producers write as U+0020, U+00A0 (no-break) or U+202F (narrow no-break); decimals
# follow a comma. A currency word may follow.
_GROUP_SPACE = "[ \u00a0\u202f\u2009]"
_AMOUNT = re.compile(rf"^(?P<int>\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}})*|\d+)(?:[,.](?P<dec>\d{{1,2}}))?"
                     rf"(?:{_GROUP_SPACE}*(?:kr|sek|kronor|:-))?$", re.IGNORECASE)
_PRIORITY = re.compile(r"^(?:(?:prioritering|prioriterat område|insatsområde|priority|po)\s*)?"
                       r"(?P<number>\d{1,2})\s*[:.)\-–]\s*(?P<label>.*)$", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"\s*[,;]\s*|\s+och\s+")


def parse_amount(text: str) -> int:
    """Whole SEK from a cell such as "10 000 000", "2 690 083 kr" or "1 500,00".

    Raises ValueError for anything else: words, negative numbers, or öre other than zero (the lists
    state whole kronor; a fraction would mean the column is not what its header says).
    """
    match = _AMOUNT.match(text.strip())
    if not match:
        raise ValueError(f"not an amount in SEK: {text!r}")
    if match.group("dec") and int(match.group("dec")):
        raise ValueError(f"amount has öre: {text!r}")
    return int(re.sub(r"\D", "", match.group("int")))


def parse_priority(text: str) -> tuple[int | None, str | None]:
    """(number, label) from "Prioritering 1: Västerbotten - en nytänkande och smart region".

    A cell with no number gives (None, text); an empty cell (None, None).
    """
    if not text:
        return None, None
    match = _PRIORITY.match(text)
    if not match:
        return None, text
    return int(match.group("number")), match.group("label").strip() or None


def split_names(text: str) -> tuple[str, ...]:
    """Names listed in a cell, in order: "Bjurholm, Dorotea och Umeå" -> ("Bjurholm", "Dorotea", "Umeå")."""
    return tuple(name for name in _NAME_SEPARATORS.split(text) if name)
