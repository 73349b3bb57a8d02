"""Number formats of amount columns, detected from the column's own values; amounts as exact Decimals.

Lists write amounts as their country does: "1.234.567,89" (de, nl, da, it, es, pt, hr, ro, sl, el),
"1 234 567,89" (sv, fi, fr, pl, cs, lv; the space may be U+0020, U+00A0, U+202F or U+2009),
"1,234,567.89" (en, mt, ie), "1'234'567.89", and currencies as a symbol or an ISO 4217 code before or
after the number ("€ 18.000", "18.000 €", "£1,234", "2 690 083 kr", "EUR 1.200,00"). ``FORMATS``
lists the formats; a column's format is the one every value of the column fits (``ColumnFormat``).
A value such as "18.000" fits "1.234,56" (eighteen thousand) but not "1,234.56" (where three digits
after the point would be a fraction finer than cents), so one grouped value usually settles a column.
Where values fit several formats that read them differently — "1.234" in a column of thousands, which
may have three decimals — the column is ambiguous and the caller reports it naming the column.

To add a format: one ``NumberFormat`` in ``FORMATS`` and one case in ``tests/test_extract_numbers.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

#: Currency symbols and words as lists print them -> ISO 4217 code. Codes themselves are recognised too.
CURRENCY_SIGNS: dict[str, str] = {
    "€": "EUR", "euro": "EUR", "euros": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "$": "USD",
    "kr": "SEK", "kr.": "DKK", "sek": "SEK", "kronor": "SEK", ":-": "SEK", "dkk": "DKK", "kč": "CZK", "czk": "CZK",
    "zł": "PLN", "pln": "PLN", "ft": "HUF", "huf": "HUF", "lei": "RON", "ron": "RON", "лв": "BGN", "bgn": "BGN",
    "kn": "HRK", "hrk": "HRK",
}
_SIGN = "|".join(re.escape(sign) for sign in sorted(CURRENCY_SIGNS, key=len, reverse=True))
_AROUND = re.compile(rf"^(?:(?P<before>{_SIGN})\s*)?(?P<number>[\d.,'\s\u00a0\u202f\u2009]*\d)"
                     rf"(?:\s*(?P<after>{_SIGN}))?$", re.IGNORECASE)
_SPACES = "\u0020\u00a0\u202f\u2009"


@dataclass(frozen=True)
class NumberFormat:
    """A way of writing numbers: the digit-group separator ("" for none) and the decimal mark.

    ``example`` is how it writes 1234567.89, the name used in messages and ``--explain``."""

    example: str
    group: str
    decimal: str

    def parse(self, number: str, max_decimals: int) -> Decimal | None:
        """The value of ``number`` (digits and separators only) in this format, None if it does not fit.
        Groups after the first must have three digits; at most ``max_decimals`` digits after the mark."""
        whole, mark, fraction = number.partition(self.decimal)
        if mark and not (fraction.isdigit() and len(fraction) <= max_decimals):
            return None
        if self.group and any(g in whole for g in (_SPACES if self.group == " " else self.group)):
            parts = re.split(f"[{_SPACES}]" if self.group == " " else re.escape(self.group), whole)
            if not (parts[0].isdigit() and len(parts[0]) <= 3 and all(p.isdigit() and len(p) == 3 for p in parts[1:])):
                return None
            whole = "".join(parts)
        if not whole.isdigit():
            return None
        return Decimal(f"{whole}.{fraction}" if mark else whole)


#: The formats amounts are written in, most common in the lists first.
FORMATS: tuple[NumberFormat, ...] = (
    NumberFormat("1.234.567,89", ".", ","),
    NumberFormat("1 234 567,89", " ", ","),
    NumberFormat("1,234,567.89", ",", "."),
    NumberFormat("1 234 567.89", " ", "."),
    NumberFormat("1'234'567.89", "'", "."),
)


class AmountError(ValueError):
    """A value is not an amount, or does not fit its column's format; the message says why in words."""


def split_currency(text: str) -> tuple[str, str | None]:
    """(number text, ISO 4217 currency or None) from a cell such as "€ 18.000" or "2 690 083 kr".
    Raises AmountError if the cell is not a number with an optional currency before or after it."""
    match = _AROUND.match(text.strip())
    if not match:
        raise AmountError(f"not an amount: {text!r}")
    sign = match.group("before") or match.group("after")
    return match.group("number").strip(_SPACES), CURRENCY_SIGNS[sign.casefold()] if sign else None


def readings(text: str, max_decimals: int = 2) -> dict[NumberFormat, Decimal]:
    """Each format ``text`` fits, with the value it reads. Raises AmountError for a non-amount."""
    number, _ = split_currency(text)
    found = {}
    for fmt in FORMATS:
        value = fmt.parse(number, max_decimals)
        if value is not None:
            found[fmt] = value
    if not found:
        raise AmountError(f"{text!r} is not written in any number format fundgraph knows "
                          f"({', '.join(f.example for f in FORMATS)})")
    return found


@dataclass
class ColumnFormat:
    """The number format and currency of one amount column, narrowed as its values are seen.

    ``header`` names the column in messages; ``scale`` is the header's unit factor (1000 for "TEUR",
    "in Tsd. €", "tkr"), and a column of thousands may carry three decimals. ``currency`` starts as the
    header's (None if it names none) and is set by the first value that shows one; a value in another
    currency is an error. ``formats`` holds the formats still possible; ``evidence`` the first value
    that ruled each other format out (for ``--explain``).
    """

    header: str
    scale: int = 1
    currency: str | None = None
    formats: list[NumberFormat] = field(default_factory=lambda: list(FORMATS))
    evidence: dict[str, str] = field(default_factory=dict)
    parsed: int = 0

    @property
    def max_decimals(self) -> int:
        return 3 if self.scale > 1 else 2

    def observe(self, texts: Iterable[str]) -> None:
        """Narrow the formats by values not yet parsed (a page's cells), skipping what is not an amount."""
        for text in texts:
            try:
                self._narrow(text, readings(text, self.max_decimals))
            except AmountError:
                continue

    def _narrow(self, text: str, found: dict[NumberFormat, Decimal]) -> None:
        remaining = [f for f in self.formats if f in found]
        if not remaining:
            raise AmountError(f"{text!r} is not written like the column's other amounts "
                              f"({' or '.join(f.example for f in self.formats)})")
        for fmt in self.formats:
            if fmt not in found:
                self.evidence.setdefault(fmt.example, text)
        self.formats = remaining

    def parse(self, text: str) -> Decimal:
        """The exact amount of ``text`` (scaled by the header's unit), in this column's format.

        Raises AmountError if it is not an amount, fits none of the formats still possible, shows a
        different currency than the column, or reads differently in the formats still possible."""
        found = readings(text, self.max_decimals)
        _, currency = split_currency(text)
        if currency and self.currency and currency != self.currency:
            raise AmountError(f"{text!r} is in {currency}, the column's other amounts in {self.currency}")
        self.currency = self.currency or currency
        self._narrow(text, found)
        values = {found[f] for f in self.formats}
        if len(values) > 1:
            readings_in_words = {}
            for fmt in self.formats:
                readings_in_words.setdefault(found[fmt], fmt.example)
            raise AmountError(f"the column's number format is ambiguous: {text!r} reads as "
                              + " or ".join(f"{value:f} ({example})" for value, example in readings_in_words.items()))
        self.parsed += 1
        return values.pop() * self.scale

    def explain(self) -> str:
        """The format chosen and why, in words (for ``fundgraph extract --explain``)."""
        if not self.parsed:
            return "no amounts read"
        if len(self.formats) == len(FORMATS):
            chosen = "whole numbers without separators"
        else:
            chosen = self.formats[0].example if len(self.formats) == 1 else " / ".join(f.example for f in self.formats)
        by_value: dict[str, list[str]] = {}
        for ruled_out, value in self.evidence.items():
            by_value.setdefault(value, []).append(ruled_out)
        if len(self.formats) == len(FORMATS):
            parts = [chosen]
        elif len(by_value) == 1:
            parts = [f"{chosen} (settled by {next(iter(by_value))!r})"]
        else:
            parts = [chosen + " (" + "; ".join(f"{value!r} rules out {', '.join(examples)}"
                                               for value, examples in by_value.items()) + ")"]
        if self.scale != 1:
            parts.append(f"× {self.scale} from the header")
        if self.currency:
            parts.append(f"currency {self.currency}")
        return ", ".join(parts)


def parse_amount(text: str) -> Decimal:
    """The exact amount of one value read on its own: "10 000 000" -> 10000000, "1.234,56" -> 1234.56,
    "£1,234" -> 1234. Raises AmountError (a ValueError) if it is not an amount or its format is
    ambiguous on its own (use ``ColumnFormat`` to read a column)."""
    return ColumnFormat("").parse(text)


#: Units that may stand in an amount header (folded text, see ``aliases.fold``): pattern -> (currency, factor).
HEADER_UNITS: tuple[tuple[str, str | None, int], ...] = (
    (r"\bt ?kr\b|\btsek\b|\btusen kronor\b", "SEK", 1000),
    (r"\bmkr\b|\bmsek\b|\bmiljoner kronor\b", "SEK", 1_000_000),
    (r"\bkr\b|\bsek\b|\bkronor\b", "SEK", 1),
    (r"\bteur\b|\bt ?€|\btsd ?(eur|€)|\b(in )?1 ?000 (eur|€|euro)\b|\bk ?€|\bkeur\b|€ ?000\b", "EUR", 1000),
    (r"\bmio ?(eur|€)|\bm ?€|\bmln (eur|€)|\bmeur\b", "EUR", 1_000_000),
    (r"(\bin )?\beur(o|os)?\b|€", "EUR", 1),
    (r"£ ?000\b|\bgbp ?000\b|\bk ?£", "GBP", 1000),
    (r"£|\bgbp\b", "GBP", 1),
    (r"\bdkk\b|\bdkr\b", "DKK", 1),
    (r"\bczk\b|\bkc\b", "CZK", 1),
    (r"\bpln\b|\bzl\b", "PLN", 1),
    (r"\bhuf\b", "HUF", 1),
    (r"\bron\b|\blei\b", "RON", 1),
    (r"\bbgn\b", "BGN", 1),
    (r"\bhrk\b", "HRK", 1),
)
_UNITS = tuple((re.compile(pattern), currency, factor) for pattern, currency, factor in HEADER_UNITS)


def header_unit(folded: str) -> tuple[str, str | None, int]:
    """(header text without its unit, the unit's currency or None, its factor) for a folded header:
    "beviljat stod tkr" -> ("beviljat stod", "SEK", 1000); "bewilligter betrag in euro" -> (..., "EUR", 1)."""
    for regex, currency, factor in _UNITS:
        match = regex.search(folded)
        if match:
            return " ".join((folded[:match.start()] + " " + folded[match.end():]).split()), currency, factor
    return folded, None, 1
