"""Funds and programmes: the reference table, and which one a fund name in a list means.

EU funds come from ``reference/eu-programmes.csv`` (EU Publications Office authority table
"eu-programme"; sources in ``reference/SOURCES.md``). Added here, because no EU table holds them:
"Regionala medel", the region's own regional-development money (``REGIONAL``, funded by the
publisher), and the kind of each code (EU fund, programme financed by a fund).

A printed name means a code by programming period (``Settings.programming_period``): "ERUF" in a
2021–2027 list is ERDF_2021, in a 2014–2020 list ERDF (SOURCES.md, "eu-programmes.csv").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from ..resources import resource_path
from .names import match_key

REGIONAL = "REGIONAL"

EU_FUND, PROGRAMME, REGIONAL_FUNDING = "EUFund", "Programme", "RegionalFunding"
"""Kinds of fund: local names of the fg classes fg:EUFund, fg:Programme, fg:RegionalFunding."""

_KIND = {"INTERREG_AURORA": PROGRAMME, REGIONAL: REGIONAL_FUNDING}
_FINANCED_BY = {"INTERREG_AURORA": "ERDF_2021"}

_BY_PERIOD = {"2021-2027": 0, "2014-2020": 1}
# Printed names (match keys) → code, or (code in 2021–2027, code in 2014–2020).
_ALIASES: dict[str, str | tuple[str, str]] = {
    "eruf": ("ERDF_2021", "ERDF"),
    "erdf": ("ERDF_2021", "ERDF"),
    "regionalfonden": ("ERDF_2021", "ERDF"),
    "europeiska regionala utvecklingsfonden": ("ERDF_2021", "ERDF"),
    "european regional development fund": ("ERDF_2021", "ERDF"),
    "esf": ("ESF_PLUS", "ESF"),
    "socialfonden": ("ESF_PLUS", "ESF"),
    "europeiska socialfonden": ("ESF_PLUS", "ESF"),
    "esf+": "ESF_PLUS",
    "esf plus": "ESF_PLUS",
    "socialfonden+": "ESF_PLUS",
    "europeiska socialfonden+": "ESF_PLUS",
    "europeiska socialfonden plus": "ESF_PLUS",
    "jtf": "JTF",
    "frö": "JTF",
    "fonden för en rättvis omställning": "JTF",
    "interreg aurora": "INTERREG_AURORA",
    "regionala medel": REGIONAL,
    "regionala utvecklingsmedel": REGIONAL,
    "1:1-medel": REGIONAL,
    "1:1 medel": REGIONAL,
}
# The abbreviation a list prints for each code (kept as skos:altLabel).
_PRINTED = {"ERDF_2021": "ERUF", "ERDF": "ERUF", "ESF_PLUS": "ESF+", "ESF": "ESF", "JTF": "JTF",
            "INTERREG_AURORA": "Interreg Aurora", REGIONAL: "Regionala medel"}


@dataclass(frozen=True)
class Fund:
    """A fund or programme. ``kind`` is EU_FUND, PROGRAMME or REGIONAL_FUNDING; ``eu_iri`` the
    eu-programme IRI or "" (none exists); ``financed_by`` the code of the financing fund or ""."""

    code: str
    label_sv: str
    label_en: str
    period: str
    eu_iri: str
    kind: str
    financed_by: str
    printed: str


class Funds:
    """All known funds and programmes; ``resolve(name, period)`` gives the Fund a printed name means."""

    def __init__(self, funds: list[Fund]):
        self.funds = funds
        self.by_code = {f.code: f for f in funds}
        self._index: dict[str, str | tuple[str, str]] = dict(_ALIASES)
        for f in funds:
            for name in (f.code, f.label_sv, f.label_en):
                self._index.setdefault(match_key(name), f.code)

    @classmethod
    def load(cls) -> "Funds":
        """Read ``reference/eu-programmes.csv`` and add the region's own funding."""
        with resource_path("reference", "eu-programmes.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        funds = [Fund(r["code"], r["label_sv"], r["label_en"], r["period"], r["eu_vocabulary_iri"],
                      _KIND.get(r["code"], EU_FUND), _FINANCED_BY.get(r["code"], ""), _PRINTED.get(r["code"], ""))
                 for r in rows]
        funds.append(Fund(REGIONAL, "Regionala medel", "Regional funds", "", "", REGIONAL_FUNDING, "", "Regionala medel"))
        return cls(funds)

    def resolve(self, name: str, period: str) -> Fund | None:
        """Return the fund ``name`` means in programming period ``period`` ("2021-2027"), or None."""
        code = self._index.get(match_key(name))
        if isinstance(code, tuple):
            code = code[_BY_PERIOD[period]]
        return self.by_code.get(code) if code else None
