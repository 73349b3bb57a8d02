"""Date formats of date columns, detected from the column's values; dates as ``datetime.date``.

Lists write dates day first ("15/09/2008", "02/5/16", "31.12.2015", "4-12-2014"), or ISO 8601
("2016-05-02", or a date-time as text, "2014-01-01 00:00:00.000", whose day is the date). Every
official language of the EU writes the day before the month, so a slash-separated column is read
day first unless one of its values can only be month first (a second number above 12), and then the
whole column is read month first; a column holding values of both kinds is an error. Two-digit years are 20yy (the lists start in 2000). A cell may hold a range,
"02/5/16 – 31/12/18" (start and end dates in one column), read by ``parse_range``. A column of years
only (Malta's "Operation Start Date: 2015") gives no date: ``YearOnlyError``, which readers turn into an
absent date and one warning, never a made-up 1 January.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_DMY = re.compile(r"^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4}|\d{2})$")
_YEAR = re.compile(r"^(19|20)\d\d$")
# An ISO date, or a date-time as text ("2014-01-01 00:00:00.000", Slovenia's export): the day is the date.
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?$")
_RANGE = re.compile(r"^(.+?)\s*(?:[–—-]|\bto\b|\bbis\b|\bau\b|\btot\b)\s*(.+)$")


class DateError(ValueError):
    """A value is not a date, or does not fit its column's date format."""


class YearOnlyError(DateError):
    """A date column gives only a year ("2015"): no day can be read from it."""


@dataclass
class DateColumn:
    """The date format of one column: ``order`` is "day first", "month first" or "ISO 8601" once a
    value settles it (None before), ``evidence`` the value that settled it (for ``--explain``)."""

    header: str
    order: str | None = None
    evidence: str | None = None
    years_only: bool = False

    def parse(self, text: str) -> date:
        """The date ``text`` stands for. Raises DateError for a non-date or one that contradicts the column."""
        text = text.strip()
        iso = _ISO.match(text)
        if iso:
            return self._make(text, "ISO 8601", int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if _YEAR.match(text):
            raise YearOnlyError(f"{text!r} is a year, not a date")
        match = _DMY.match(text)
        if not match:
            raise DateError(f"{text!r} is not a date (expected e.g. 31.12.2015, 31/12/2015 or 2015-12-31)")
        first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        year += 2000 if year < 100 else 0
        if second > 12 >= first:
            return self._make(text, "month first", year, first, second)
        if first > 12:
            return self._make(text, "day first", year, second, first)
        if self.order == "month first":
            return self._date(text, year, first, second)
        return self._date(text, year, second, first)

    def _make(self, text: str, order: str, year: int, month: int, day: int) -> date:
        if self.evidence is None:
            if self.order not in (None, order):
                raise DateError(f"{text!r} can only be {order}; the column's earlier dates were read {self.order}")
            self.order, self.evidence = order, text
        elif order != self.order:
            raise DateError(f"{text!r} is written {order}, the column's other dates {self.order}")
        return self._date(text, year, month, day)

    def _date(self, text: str, year: int, month: int, day: int) -> date:
        if self.order is None:
            self.order = "day first"  # by convention, until a value says otherwise
        try:
            return date(year, month, day)
        except ValueError:
            raise DateError(f"{text!r} is not a valid date") from None

    def parse_range(self, text: str) -> tuple[date, date]:
        """(start, end) from a cell holding two dates, "02/5/16 – 31/12/18". Raises DateError."""
        match = _RANGE.match(text.strip())
        if not match:
            raise DateError(f"{text!r} is not a range of two dates")
        return self.parse(match.group(1)), self.parse(match.group(2))

    def explain(self) -> str:
        """The order chosen and why, in words."""
        if self.order is None:
            return "years only, no dates" if self.years_only else "no dates read"
        if self.evidence is None:
            return f"{self.order} (the EU convention; no value settles it)"
        return f"{self.order} (from {self.evidence!r})"
