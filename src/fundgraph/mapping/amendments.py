"""Finding the earlier case a project amends, from its summary.

Lists state extensions in the summary: "Ansökan avser en utökning av ärendeid 20363558, …". A case
id counts only after a word that says the project changes that case (utökning, förlängning, ändring,
fortsättning, tillägg) in the same sentence, so that a merely mentioned case is not taken as amended.
"""

from __future__ import annotations

import re

_AMENDS = re.compile(
    r"\b(?:utökning|förlängning|ändring|fortsättning|tillägg)\b[^.]{0,60}?"
    r"\bärende(?:-?\s?id|nummer|nr)?\.?\s*:?\s*(\d{6,10})\b",
    re.IGNORECASE)


def amended_cases(summary: str, case_id: str) -> list[str]:
    """Return the case ids ``summary`` says this project (``case_id``) amends, in order, without repeats."""
    found: list[str] = []
    if "rende" not in summary.lower():  # a cheap test for "ärende" before the regular expression
        return found
    for match in _AMENDS.finditer(summary):
        other = match.group(1)
        if other != case_id and other not in found:
            found.append(other)
    return found
