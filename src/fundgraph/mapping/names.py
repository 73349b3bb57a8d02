"""Normalising names as printed in lists, so that variants of one name meet on one key.

Rules (why): lists are typed by people, so case, runs of white space, hyphen-versus-space and
Unicode composition vary between lists while the name does not.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_DASHES = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014]\s*")


def match_key(text: str) -> str:
    """Return ``text`` in NFC, case-folded, with dashes as "-" and white-space runs as one space, trimmed.

    "  Västerbottens   LÄN " → "västerbottens län"; "Upplands – Bro" → "upplands-bro".
    """
    text = unicodedata.normalize("NFC", text).casefold()
    text = _DASHES.sub("-", text)
    return _SPACES.sub(" ", text).strip()


def ascii_slug(text: str) -> str:
    """Return a lower-case ASCII slug of ``text`` (diacritics dropped, letters of other scripts and ø, ł, æ
    transliterated by anyascii, other runs of non-alphanumerics as "-").

    Used for IRI path segments minted from names: "Länstrafiken i Västerbotten" → "lanstrafiken-i-vasterbotten",
    "ΕΘΝΙΚΗ ΣΧΟΛΗ ΔΙΚΑΣΤΙΚΩΝ ΛΕΙΤΟΥΡΓΩΝ" → "ethniki-scholi-dikastikon-leitourgon" (Greek names used to slug to
    "", which joined every Greek beneficiary into one organisation).
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = anyascii("".join(ch for ch in decomposed if not unicodedata.combining(ch))).casefold()
    return re.sub(r"[^a-z0-9]+", "-", stripped).strip("-")
