"""Funds and programmes: the reference tables, and which one a fund name in a list means.

Two tables (sources in ``reference/SOURCES.md``):

- ``reference/eu-programmes.csv``: one row per fund of a programming period, with its EU Publications Office
  "eu-programme" concept (ERDF_2021, ESF_PLUS, CF_2021, JTF, EMFAF for 2021–2027; ERDF, ESF, CF, EMFF2020,
  TERRCOOP for 2014–2020), its family (the fund across periods: ERDF_2021 and ERDF are both ERDF), kind,
  the fund financing a programme, Kohesio's fund code, and a programme's managing authority where reference
  data names it (with the source of that statement: Interreg Aurora's). Added there because no EU table holds them:
  Interreg 2021–2027 (financed by ERDF_2021), Interreg Aurora, and the 2007–2013 funds ERDF_2007, ESF_2007
  and CF_2007 (no eu-programme IRI: the table has none for that period);
- ``reference/fund-names.csv``: the names and abbreviations lists print, per language (the eu-programme
  table's labels in the EU languages — EFRE, FEDER, EFRO, EAKR, ESF, FSE, EFS, ... — and the lists' own
  wordings), each meaning a family or one fund.

The region's own funding, "Regionala medel" (``REGIONAL``, funded by the publisher), is added in code.

A printed name means a fund by programming period (the one it states, else the list's): "EFRE" (family ERDF)
in a 2021–2027 list is ERDF_2021, in a 2014–2020 list ERDF, "EFRE 2014-2020" is ERDF in any list; "ESF" in a 2021–2027 list is its successor ESF+; "ESF+" is ESF_PLUS whatever the
period. A name is looked up as printed, then without a period ("EFRE 2014-2020") or a number before it
(Greece's "1-ΕΤΠΑ"), and without an abbreviation in brackets ("Europäischer Fonds für regionale Entwicklung (EFRE)"), then as that abbreviation.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from ..resources import resource_path
from .names import match_key
from .periods import stated_period

REGIONAL = "REGIONAL"

EU_FUND, PROGRAMME, REGIONAL_FUNDING = "EUFund", "Programme", "RegionalFunding"
"""Kinds of fund: local names of the fg classes fg:EUFund, fg:Programme, fg:RegionalFunding."""

_PERIOD = re.compile(r"\s*\b(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d\b\s*")
_BRACKETED = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")
_NUMBERED = re.compile(r"^\d+\s*[-.:)]\s*")


@dataclass(frozen=True)
class Fund:
    """A fund or programme. ``kind`` is EU_FUND, PROGRAMME or REGIONAL_FUNDING; ``eu_iri`` the
    eu-programme IRI or "" (none exists); ``financed_by`` the code of the financing fund or "";
    ``family`` the fund across periods ("ERDF"); ``kohesio_code`` Kohesio's ``Fund_Code`` ("ESF+", "" for
    none); ``names`` (language, name) pairs as lists print them, in table order; ``managing_authority`` the
    name of a programme's managing authority where reference data gives it ("" for none), and
    ``managing_authority_source`` where that statement comes from."""

    code: str
    label_sv: str
    label_en: str
    period: str
    eu_iri: str
    kind: str
    financed_by: str
    family: str = ""
    kohesio_code: str = ""
    names: tuple[tuple[str, str], ...] = ()
    managing_authority: str = ""
    managing_authority_source: str = ""


class Funds:
    """All known funds and programmes; ``resolve(name, period)`` gives the Fund a printed name means."""

    def __init__(self, funds: list[Fund], names: list[dict[str, str]] | None = None):
        self.funds = funds
        self.by_code = {f.code: f for f in funds}
        self._families: dict[str, dict[str, str]] = {}
        for f in funds:
            if f.family:
                self._families.setdefault(f.family, {})[f.period] = f.code
        # Name key -> ("code", code) or ("family", family); the first entry of a key wins.
        self._index: dict[str, tuple[str, str]] = {}
        for row in names or ():
            target = ("code", row["code"]) if row["code"] else ("family", row["family"])
            self._index.setdefault(match_key(row["name"]), target)
        for f in funds:
            for name in (f.code, f.label_sv, f.label_en):
                self._index.setdefault(match_key(name), ("code", f.code))

    @classmethod
    def load(cls) -> "Funds":
        """Read ``reference/eu-programmes.csv`` and ``reference/fund-names.csv``, and add the region's own
        funding. Raises FileNotFoundError when a table is missing."""
        rows = _read("eu-programmes.csv")
        names = _read("fund-names.csv")
        funds = [Fund(r["code"], r["label_sv"], r["label_en"], r["period"], r["eu_vocabulary_iri"], r["kind"],
                      r["financed_by"], r["family"], r["kohesio_code"],
                      managing_authority=r["managing_authority"],
                      managing_authority_source=r["managing_authority_source"]) for r in rows]
        funds.append(Fund(REGIONAL, "Regionala medel", "Regional funds", "", "", REGIONAL_FUNDING, ""))
        by_target: dict[str, list[tuple[str, str]]] = {}
        for n in names:
            by_target.setdefault(n["code"] or n["family"], []).append((n["lang"], n["name"]))
        # A fund with names of its own (ESF+, EMFAF) is not named by its family's names (ESF, EMFF).
        funds = [Fund(**{**f.__dict__, "names": tuple(by_target.get(f.code) or by_target.get(f.family, []))})
                 for f in funds]
        return cls(funds, names)

    def resolve(self, name: str, period: str) -> Fund | None:
        """Return the fund ``name`` means in programming period ``period`` ("2021-2027"), or None. A period
        the name states itself ("EFRE 2014-2020") wins over ``period``."""
        period = stated_period([name]) or period
        for key in _keys(name):
            target = self._index.get(key)
            if target is not None:
                return self._fund(target, period)
        return None

    def _fund(self, target: tuple[str, str], period: str) -> Fund | None:
        kind, value = target
        if kind == "code":
            return self.by_code.get(value)
        by_period = self._families.get(value, {})
        code = by_period.get(period)
        if code is None and len(by_period) == 1:
            code = next(iter(by_period.values()))  # a fund of one period only (JTF) means that fund
        return self.by_code.get(code) if code else None


def _keys(name: str) -> list[str]:
    """The keys to look ``name`` up by, in order (see the module docstring)."""
    keys = [match_key(name)]
    bare = match_key(_NUMBERED.sub("", _PERIOD.sub(" ", name)))
    keys.append(bare)
    bracketed = _BRACKETED.match(bare)
    if bracketed:
        keys += [match_key(bracketed.group(1)), match_key(bracketed.group(2))]
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


def _read(name: str) -> list[dict[str, str]]:
    with resource_path("reference", name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
