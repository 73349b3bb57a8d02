"""The totals row after a list's table, and its check against the rows.

Many lists close with a row of sums: "17 PROJEKT … TOTALSUMMA: 72 750 869 225 263 121", "Summe 1.234.567,89",
or an unlabelled row of figures. A totals row is told by its position (after the last operation) and by
its sum (its amount equals the sum of the rows above it), never by a word such as "Total" alone, which
operation titles use too ("Total renovation of the town hall"). Publishers round: their sums may differ
from the rows' by at most one unit (of the column, e.g. one euro) per row, which is a warning; any other
difference means a row was lost or misread, an error naming both figures.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..errors import CellError, TotalsMismatchError
from .aliases import OPERATION_WORDS, fold
from .numberformats import AmountError, ColumnFormat
from .records import Totals
from .table import Layout, TotalsLine

_COUNT = re.compile(rf"\b(\d+) (?:{OPERATION_WORDS})\b")
_LABEL = re.compile(r"^.*?(?:totalsumma|totalt|summa|totals|total|sum|summe|gesamt|somme|totaal|yhteensä|"
                    r"razem|celkem|skupaj|kopā|σύνολο|totale|suma)\s*:?\s*", re.IGNORECASE)
_SUM_FIELDS = ("granted_amount", "total_budget")


def parse_totals(line: TotalsLine, layout: Layout, file_name: str,
                 formats: dict[str, ColumnFormat] | None = None) -> Totals:
    """Read count and sums from the totals line; the amounts are taken from the amount columns, read in
    each column's number format (``formats``, by field, as the rows settled them).

    Raises CellError if a sum does not parse.
    """
    count = _COUNT.search(fold(line.text))
    sums: dict[str, Decimal | None] = {}
    for name in _SUM_FIELDS:
        index = layout.index_of(name)
        text = _LABEL.sub("", line.cells[index]) if index is not None else ""
        if not text:
            sums[name] = None
            continue
        column = (formats or {}).get(name) or ColumnFormat(layout.fields[index].header, layout.fields[index].scale)
        try:
            sums[name] = column.parse(text)
        except AmountError as error:
            raise CellError(f"the sum in the totals row does not parse: {error}", file=file_name,
                            page=line.page, cell=f"totals row, column {layout.fields[index].header!r}") from None
    return Totals(int(count.group(1)) if count else None, sums["granted_amount"], sums["total_budget"], line.page)


def is_sum_of(stated: Decimal | None, actual: Decimal, count: int, unit: Decimal = Decimal(1)) -> bool:
    """Whether ``stated`` is the sum ``actual`` of ``count`` rows, allowing the publisher's rounding of
    at most ``unit`` per row (used to tell an unlabelled totals row from an operation)."""
    return stated is not None and count > 1 and abs(stated - actual) <= unit * count


def check_totals(totals: Totals, count: int, granted: Decimal, budget: Decimal, file_name: str,
                 units: dict[str, Decimal] | None = None) -> list[str]:
    """Check the totals row against the rows; returns warnings for rounding differences.

    A project count that differs, or a sum that differs by more than one unit per row (``units`` by
    field, 1 by default: one euro, one krona; 1000 in a column of thousands), raises
    TotalsMismatchError naming both figures."""
    warnings = []
    if totals.project_count is not None and totals.project_count != count:
        raise TotalsMismatchError(f"totals row says project count {totals.project_count} but the rows give {count}",
                                  file=file_name, page=totals.page, cell="totals row")
    for name, what, stated, actual in (("granted_amount", "sum of granted amounts", totals.granted_amount, granted),
                                       ("total_budget", "sum of total budgets", totals.total_budget, budget)):
        if stated is None or stated == actual:
            continue
        unit = (units or {}).get(name, Decimal(1))
        message = f"totals row says {what} {_figure(stated)} but the rows give {_figure(actual)}"
        if abs(stated - actual) <= unit * max(count, 1):
            warnings.append(f"{file_name}, page {totals.page}, totals row: {message} "
                            f"(a rounding difference of {_figure(abs(stated - actual))}, within one unit per row)")
            continue
        raise TotalsMismatchError(message, file=file_name, page=totals.page, cell="totals row")
    return warnings


def _figure(value: int | Decimal) -> str:
    return f"{value:,f}".replace(",", " ") if isinstance(value, Decimal) else f"{value:,}".replace(",", " ")
