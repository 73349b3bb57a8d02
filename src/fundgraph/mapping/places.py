"""Municipalities and counties: the reference tables, and finding a concept by a name as printed.

Tables: ``reference/municipalities.csv`` (all 290 Swedish municipalities: name, kommunkod, county
code, Wikidata, NUTS-3) and ``reference/counties.csv`` (all 21 counties: names, county code,
ISO 3166-2, Wikidata, NUTS-3/2/1); their sources are in ``reference/SOURCES.md``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..resources import resource_path
from . import iris
from .names import match_key

_MUNICIPALITY_SUFFIXES = (" kommun", " stad")
_COUNTY_SUFFIXES = (" län",)


@dataclass(frozen=True)
class Municipality:
    """One row of municipalities.csv: ``kommunkod`` is SCB's 4-digit code as text ("0114")."""

    name: str
    kommunkod: str
    county_code: str
    wikidata: str
    nuts3: str


@dataclass(frozen=True)
class County:
    """One row of counties.csv: ``code`` is SCB's 2-digit county code as text ("24"); ``name_en`` the county's
    English name ("Västerbotten County", reference/SOURCES.md)."""

    name: str
    short_name: str
    code: str
    iso_3166_2: str
    wikidata: str
    nuts3: str
    nuts2: str
    nuts2_name: str
    nuts1: str
    nuts1_name: str
    wikidata_region_authority: str
    name_en: str = ""


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _loose(name: str) -> str:
    # "Upplands-Bro" and "Upplands Bro" are the same name as printed.
    return match_key(name).replace("-", " ")


def _lookup(index: dict[str, object], name: str, suffixes: tuple[str, ...]):
    """Find ``name`` in ``index``: as is, without a suffix ("Umeå kommun"), then without a genitive -s."""
    key = _loose(name)
    if key in index:
        return index[key]
    for suffix in suffixes:
        if key.endswith(suffix):
            key = key[: -len(suffix)].strip()
            break
    if key in index:
        return index[key]
    if key.endswith("s") and key[:-1] in index:
        return index[key[:-1]]
    return None


class Places:
    """All municipalities and counties, indexed by code and by normalised name.

    ``municipality(name)`` and ``county(name)`` accept the short name ("Västerbotten"), the full name
    ("Västerbottens län", "Umeå kommun"), any case and white space, and codes ("2480", "24", "SE-AC");
    they return None for no match.
    """

    def __init__(self, municipalities: list[Municipality], counties: list[County]):
        self.municipalities = municipalities
        self.counties = counties
        self.counties_by_code = {c.code: c for c in counties}
        self._municipality_index: dict[str, Municipality] = {}
        for m in municipalities:
            self._municipality_index[_loose(m.name)] = m
            self._municipality_index[m.kommunkod] = m
        self._county_index: dict[str, County] = {}
        for c in counties:
            for key in (c.name, c.short_name, c.code, c.iso_3166_2):
                self._county_index[_loose(key)] = c

    @classmethod
    def load(cls) -> "Places":
        """Read the shipped reference tables."""
        municipalities = [Municipality(r["name"], r["kommunkod"], r["county_code"], r["wikidata"], r["nuts3"])
                          for r in _read_csv(resource_path("reference", "municipalities.csv"))]
        counties = [County(r["name"], r["short_name"], r["county_code"], r["iso_3166_2"], r["wikidata"], r["nuts3"],
                           r["nuts2"], r["nuts2_name"], r["nuts1"], r["nuts1_name"], r["wikidata_region_authority"],
                           r["name_en"])
                    for r in _read_csv(resource_path("reference", "counties.csv"))]
        return cls(municipalities, counties)

    def municipality(self, name: str) -> Municipality | None:
        return _lookup(self._municipality_index, name, _MUNICIPALITY_SUFFIXES)

    def county(self, name: str) -> County | None:
        return _lookup(self._county_index, name, _COUNTY_SUFFIXES)


def place_iri(base: str, place: Municipality | County) -> str:
    """IRI of a municipality (by kommunkod) or county (by county code) concept."""
    if isinstance(place, Municipality):
        return iris.municipality(base, place.kommunkod)
    return iris.county(base, place.code)
