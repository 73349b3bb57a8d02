"""NUTS regions: the shipped code table, the version in force by year, and the description of a region a list
names.

``reference/nuts.csv`` (source in reference/SOURCES.md) holds the NUTS 2021 and NUTS 2024 codes (levels 0–3,
Eurostat's names) of the countries whose lists fundgraph reads (AT, BE, CZ, DE, DK, EL, FI, FR, IE, LV, MT,
NL, PL, SI, SE) and the United Kingdom's codes of NUTS 2016. A region is
``http://data.europa.eu/nuts/code/{code}``, a concept of Eurostat's schemes
``http://data.europa.eu/nuts/scheme/{version}``.

The version in force for an operation is the one of the year it starts (its start date, else the first year of
its programming period): NUTS 2024 from 2024, 2021 for 2021–2023, 2016 for 2018–2020, 2013 for 2015–2017,
2010 before (Regulation (EC) 1059/2003 and its amendments; each version applies from 1 January of its first
year). A code is described (``region_quads``) when the table of that version holds it, or, for a version the
table does not ship, when any shipped version holds it; a code it cannot confirm is linked all the same, and
SHACL warns that it has no description.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode

from ..resources import resource_path
from .terms import FG_nutsLevel, RDFS_label, SKOS_broader, SKOS_inScheme, SKOS_notation, XSD_integer
from .vocab import NUTS

if TYPE_CHECKING:
    from .operations import Q, S

NUTS_SCHEME = "http://data.europa.eu/nuts/scheme/"
"""Eurostat's NUTS classification of one version: this plus the version year ("2021")."""

VERSIONS = ((2024, "2024"), (2021, "2021"), (2018, "2016"), (2015, "2013"), (0, "2010"))
"""(first year in force, NUTS version), newest first."""

_PERIOD_START = {"2021-2027": 2021, "2014-2020": 2014, "2007-2013": 2007}


@dataclass(frozen=True)
class NutsRegion:
    """One code of the table: ``level`` 0–3, ``parent`` the code one level up ("" for a country; NUTS codes
    nest by prefix but for Northern Ireland's NUTS-3 UKN10–UKN16 under UKN0), ``name`` as Eurostat writes it
    ("" for a country), ``versions`` the NUTS versions holding the code ("2021", "2024")."""

    code: str
    level: int
    parent: str
    name: str
    versions: tuple[str, ...]


def version_in_force(year: int) -> str:
    """The NUTS version in force in ``year`` (2022 -> "2021", 2019 -> "2016")."""
    return next(version for first, version in VERSIONS if year >= first)


def operation_year(start: date | None, period: str) -> int:
    """The year whose NUTS version locates an operation: its start, else its programming period's first year."""
    return start.year if start is not None else _PERIOD_START.get(period, 2021)


class NutsTable:
    """The shipped NUTS codes by code; ``lookup(code, year)`` gives the region the version in force confirms."""

    def __init__(self, regions: list[NutsRegion]):
        self.by_code = {r.code: r for r in regions}
        # The versions shipped per country: those its NUTS-0 code is in.
        self.shipped = {r.code: frozenset(r.versions) for r in regions if r.level == 0}

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "NutsTable":
        """Read ``reference/nuts.csv`` (about 1 400 codes, once per process)."""
        with resource_path("reference", "nuts.csv").open(encoding="utf-8", newline="") as handle:
            return cls([NutsRegion(r["code"], int(r["level"]), r["parent"], r["name"], tuple(r["versions"].split()))
                        for r in csv.DictReader(handle)])

    def lookup(self, code: str, year: int) -> NutsRegion | None:
        """The region of ``code`` if the NUTS version in force in ``year`` holds it (any shipped version,
        when that version is not shipped for the code's country), else None."""
        region = self.by_code.get(code)
        if region is None:
            return None
        version = version_in_force(year)
        return region if version in region.versions or version not in self.shipped[code[:2]] else None


def region_quads(q: Q[S], region: NutsRegion, table: NutsTable, first_time) -> Iterator[S]:
    """The description of ``region`` and of the regions above it, each once (``first_time(key)``):
    skos:notation, fg:nutsLevel, rdfs:label (Eurostat's name), skos:inScheme each NUTS version holding it,
    skos:broader its parent."""
    current: NutsRegion | None = region
    while current is not None and first_time("nuts", current.code):
        node = NamedNode(NUTS + current.code)
        yield q(node, SKOS_notation, Literal(current.code))
        yield q(node, FG_nutsLevel, Literal(str(current.level), datatype=XSD_integer))
        if current.name:
            yield q(node, RDFS_label, Literal(current.name))
        for version in current.versions:
            yield q(node, SKOS_inScheme, NamedNode(NUTS_SCHEME + version))
        parent = table.by_code.get(current.parent) if current.parent else None
        if parent is not None:
            yield q(node, SKOS_broader, NamedNode(NUTS + parent.code))
        current = parent


def nuts_quads(q: Q[S], record, ctx) -> Iterator[S]:
    """The description of the NUTS region ``record`` names (``ProjectRecord.nuts_code``), when the version in
    force for it confirms the code (``NutsTable.lookup``); nothing for a record without one. ``ctx`` is the
    run's ``MappingContext``."""
    if record.nuts_code is None:
        return
    year = operation_year(record.start_date, ctx.settings.programming_period)
    region = ctx.nuts.lookup(record.nuts_code, year)
    if region is not None:
        yield from region_quads(q, region, ctx.nuts, ctx.first_time)
