"""The programming period a list states: a year range such as "2014-2020" in its title, its fund or its
programme name (CPR programming periods 2007-2013, 2014-2020, 2021-2027)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..extract.records import ProjectRecord

PERIODS = ("2007-2013", "2014-2020", "2021-2027")
_RANGE = re.compile(r"\b(2007|2014|2021)\s*[-–—/]\s*(?:20)?(13|20|27)\b")


def stated_period(texts: Iterable[str | None]) -> str | None:
    """The first programming period named in ``texts`` ("ERDF 2014–2020", "EFRE 2014-20"), or None."""
    for text in texts:
        for match in _RANGE.finditer(text or ""):
            period = f"{match.group(1)}-20{match.group(2)}"
            if period in PERIODS:
                return period
    return None


def period_warning(title: str, records: Iterable[ProjectRecord], used: str, default: str) -> str | None:
    """What to say about the period a list was mapped with (``used``): None when the list states that
    period; a warning when it states another, or states none and ``used`` is the settings' default."""
    texts = [title]
    for record in records:
        texts += [record.fund, record.programme.name if record.programme else None]
    stated = stated_period(texts)
    if stated == used:
        return None
    if stated is not None:
        return (f"the list names the programming period {stated} but {used} was used to read its funds "
                "(set --programming-period)")
    if used == default:
        return (f"the list states no programming period; the default {used} was assumed for its funds "
                "(set --programming-period if it is another)")
    return None
