"""A granted amount above its operation's total budget: the publisher's slip, refused or kept as printed.

An operation's grant is part of its eligible expenditure, so a row granting more than its total is not
what happened: UK Scotland's 2014–2020 list prints five rows so (pages 8–10, "£10,426,264.00
£3,749,029.00"), the two columns swapped. Which figure is which cannot be told from the page, so neither
is moved. ``swapped_amounts`` (setting; the ``policy`` block, which ``reader.read_list`` applies) says
what such a row is:

- "error" (default): the row is read with a warning, and the publication refuses it in one line (the
  shape ``fgsh:ProjectShape``'s over-budget constraint, issue 11);
- "as-printed": the row keeps both amounts as printed, with ``ProjectRecord.amounts_as_printed`` set and
  a warning naming file, page or sheet, row and case id; the mapping states ``fg:amountsAsPrinted true``
  on the project, and the over-budget constraint passes over projects stating it, and only those.
"""

from __future__ import annotations

import dataclasses
from contextlib import AbstractContextManager
from contextvars import ContextVar

from . import scoped
from .records import ProjectRecord

SWAPPED_AMOUNTS = ("error", "as-printed")
"""What a row granting more than its total budget is: refused by the publication, or kept as printed."""
_SWAPPED: ContextVar[str] = ContextVar("swapped_amounts", default="error")


def policy(value: str) -> AbstractContextManager[None]:
    """Read the lists opened in this block with ``swapped_amounts = value`` (one of SWAPPED_AMOUNTS);
    raises ValueError for another."""
    return scoped.setting(_SWAPPED, value, SWAPPED_AMOUNTS)


def checked(record: ProjectRecord, row: str, warnings: list[str]) -> ProjectRecord:
    """``record``, marked ``amounts_as_printed`` under "as-printed" when its granted amount exceeds its
    total budget, with one warning appended to ``warnings`` naming ``row`` (file, page or sheet, row and
    case id, as the reader words it) either way; any other record unchanged, without a warning."""
    granted, total = record.granted_amount, record.total_budget
    if granted is None or total is None or granted <= total:
        return record
    message = f"{row}: granted amount {granted} exceeds total budget {total}"
    if _SWAPPED.get() == "as-printed":
        warnings.append(f"{message}: both kept as printed, the project stating fg:amountsAsPrinted "
                        f"(swapped_amounts = \"as-printed\")")
        return dataclasses.replace(record, amounts_as_printed=True)
    warnings.append(f"{message} (the publication refuses it; swapped_amounts = \"as-printed\" keeps both as printed)")
    return record
