"""The totals row after a list's table, and its check against the rows.

The lists close with a row such as "17 PROJEKT … TOTALSUMMA: 72 750 869 225 263 121": the number
of projects, then the sums of the granted amounts and the total budgets, each in its column. A
list whose rows do not add up to its own totals has lost or misread a row, so a mismatch is an
error, never a warning.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..errors import CellError, TotalsMismatchError
from .amounts import parse_amount
from .records import Totals
from .table import Layout, TotalsLine

_COUNT = re.compile(r"\b(\d+)\s+(?:projekt|projects?|ärenden)\b", re.IGNORECASE)
_LABEL = re.compile(r"^.*?(?:totalsumma|totalt|summa|totals|total|sum)\s*:?\s*", re.IGNORECASE)


def parse_totals(line: TotalsLine, layout: Layout, file_name: str) -> Totals:
    """Read count and sums from the totals line; the amounts are taken from the amount columns.

    Raises CellError if a sum does not parse.
    """
    count = _COUNT.search(line.text)
    sums: dict[str, Decimal | None] = {}
    for name in ("granted_amount", "total_budget"):
        index = layout.index_of(name)
        text = _LABEL.sub("", line.cells[index]) if index is not None else ""
        if not text:
            sums[name] = None
            continue
        try:
            sums[name] = Decimal(parse_amount(text) * layout.fields[index].scale)
        except ValueError:
            raise CellError(f"sum {text!r} in the totals row does not parse as an amount", file=file_name,
                            page=line.page, cell=f"totals row, column {layout.fields[index].header!r}") from None
    return Totals(int(count.group(1)) if count else None, sums["granted_amount"], sums["total_budget"],
                  line.page)


def check_totals(totals: Totals, count: int, granted: Decimal, budget: Decimal, file_name: str) -> None:
    """Raise TotalsMismatchError naming both figures if the totals row disagrees with the rows."""
    for what, stated, actual in (("project count", totals.project_count, count),
                                 ("sum of granted amounts", totals.granted_amount, granted),
                                 ("sum of total budgets", totals.total_budget, budget)):
        if stated is not None and stated != actual:
            raise TotalsMismatchError(
                f"totals row says {what} {_figure(stated)} but the rows give {_figure(actual)}",
                file=file_name, page=totals.page, cell="totals row")


def _figure(value: int | Decimal) -> str:
    return f"{value:,}".replace(",", " ")
