"""The programming period of a list: where the list says it, else the ``programming_period`` setting.

The CPR programming periods are 2007-2013, 2014-2020 and 2021-2027. A list states its period (``list_period``),
first evidence first:

1. a year range in its title (the text above its table), a column header, a fund name or a programme name —
   "2014–2020", "2014-20", "2014/2020", "EFRE 2007-2013", "Bayern 2007 bis 2013" (``stated_period``);
2. a programme's CCI code, whose first four digits are the period's first year ("2014SE16RFOP008");
3. the start dates of its operations, when every one falls within the years of one period (an operation of
   2014–2020 may start until 2023, so starts in 2021–2023 alone decide nothing; nor do 2014–2015 alone).

What a fund name means depends on the period ("ERUF" is ERDF in 2014–2020, ERDF_2021 in 2021–2027:
``funds.Funds.resolve``), so publish maps each list in its own period (``MappingContext.period``) and warns
when the setting's default was assumed, or when the list contradicts a period given by the setting.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ..extract.records import ExtractedList

PERIODS = ("2007-2013", "2014-2020", "2021-2027")
_RANGE = re.compile(r"\b(2007|2014|2021)\s*(?:[-–—/]|\bbis\b|\btill\b|\bto\b|\bdo\b|\btot\b)\s*(?:20)?(13|20|27)\b",
                    re.IGNORECASE)
_CCI = re.compile(r"^(2007|2014|2021)[A-Z]{2}")
_YEARS = {period: range(int(period[:4]), int(period[5:]) + 1) for period in PERIODS}
# The first years of a period in which operations of the one before may still start (their expenditure is
# eligible until 2015 for 2007–2013, CPR 1083/2006 Art. 56; until 2023 for 2014–2020, CPR 1303/2013 Art. 65).
_LATE_STARTS = {"2014-2020": range(2014, 2016), "2021-2027": range(2021, 2024)}


def stated_period(texts: Iterable[str | None]) -> str | None:
    """The first programming period named in ``texts`` ("ERDF 2014–2020", "EFRE 2014-20"), or None."""
    for text in texts:
        for match in _RANGE.finditer(text or ""):
            period = f"{match.group(1)}-20{match.group(2)}"
            if period in PERIODS:
                return period
    return None


@dataclass(frozen=True)
class ListPeriod:
    """The period a list is mapped in (``period``, e.g. "2014-2020"), where the list states it (``evidence``,
    e.g. "its title", None when it does not) and what to tell the user (``warning``, None for nothing)."""

    period: str
    evidence: str | None
    warning: str | None


def list_period(extracted: ExtractedList, setting: str, default: str, known: Collection[str] = PERIODS) -> ListPeriod:
    """The programming period of ``extracted`` (see the module docstring). ``setting`` is the
    ``programming_period`` setting, ``default`` its default (a setting equal to it counts as not given);
    ``known`` the periods the funds table covers: a list naming another (2007–2013) is mapped in ``setting``,
    with a warning saying so."""
    found = _evidence(extracted)
    if found is None:
        warning = None
        if setting == default:
            warning = (f"the list states no programming period; the default {setting} was assumed for its funds "
                       "(set --programming-period if it is another)")
        return ListPeriod(setting, None, warning)
    period, evidence = found
    if period not in known:
        return ListPeriod(setting, evidence, f"the list names the programming period {period} ({evidence}), which "
                          f"the funds table does not cover (it covers {', '.join(sorted(known))}): its funds were "
                          f"read as {setting}")
    warning = None
    if setting != default and setting != period:
        warning = (f"the list names the programming period {period} ({evidence}), not the {setting} set by "
                   f"--programming-period; its funds were read as {period}")
    return ListPeriod(period, evidence, warning)


def _evidence(extracted: ExtractedList) -> tuple[str, str] | None:
    """(period, where the list states it) from the first evidence that names one, or None."""
    records = extracted.records
    texts = [
        ("its title", [extracted.document.title]),
        ("a column header", list(extracted.columns.values())),
        ("its fund names", sorted({r.fund for r in records if r.fund})),
        ("its programme names", sorted({r.programme.name for r in records if r.programme and r.programme.name})),
    ]
    for where, found in texts:
        period = stated_period(found)
        if period is not None:
            return period, where
    codes = {m.group(1) for r in records if r.programme and r.programme.cci and (m := _CCI.match(r.programme.cci))}
    if len(codes) == 1:
        (first_year,) = codes
        return next(p for p in PERIODS if p.startswith(first_year)), "the CCI codes of its programmes"
    years = {r.start_date.year for r in records if r.start_date is not None}
    if years:
        periods = [p for p in PERIODS if all(y in _YEARS[p] for y in years)
                   and not all(y in _LATE_STARTS.get(p, ()) for y in years)]
        if len(periods) == 1:
            return periods[0], f"the start dates of its operations, {min(years)}–{max(years)}"
    return None
