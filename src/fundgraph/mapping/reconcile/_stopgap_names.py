"""STOPGAP until the model helper's beneficiary normalisation lands (see /work/team/LINK-NEEDS.md).

Replace ``beneficiary_key`` and ``beneficiary_kind`` by imports of the model's functions; the link
table's ``name_key`` must be exactly the key of the beneficiary's IRI ``organisation/{key}``.
"""

from __future__ import annotations

import re
import unicodedata

_LEGAL_FORM = re.compile(r"\s+(?:\(publ\)|ab|aktiebolag|hb|handelsbolag|kb|kommanditbolag)\s*$", re.IGNORECASE)


def strip_legal_form(name: str) -> str:
    """Return ``name`` without a trailing Swedish legal-form suffix ("AB", "Aktiebolag", "(publ)", ...)."""
    previous = None
    while previous != name:
        previous, name = name, _LEGAL_FORM.sub("", name)
    return name


def beneficiary_key(name: str) -> str:
    """Return the beneficiary's name key: NFC, case-folded, legal form dropped, spaces as '-'."""
    text = " ".join(unicodedata.normalize("NFC", name).split())
    return "-".join(strip_legal_form(text).casefold().split())


def beneficiary_kind(name: str) -> str | None:
    """Return the organisation kind the name shows: municipality, region, university, company, association."""
    words = name.casefold().split()
    if not words:
        return None
    if words[-1] == "kommun":
        return "municipality"
    if words[0] == "region":
        return "region"
    if any(w.endswith(("universitet", "högskola")) for w in words):
        return "university"
    if strip_legal_form(name) != name:
        return "company"
    if any(w.endswith(("förening", "förbund", "förbundet", "föreningen")) for w in words):
        return "association"
    return None
