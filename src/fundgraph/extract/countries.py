"""A country as a list writes it ("AUSTRIA", "Österreich", "AT", "AUT") to its ISO 3166-1 alpha-2 code.

The codes and English names are ``reference/countries.csv`` (see reference/SOURCES.md); the names in the
countries' own languages are those of the EU's Interinstitutional Style Guide, for the countries whose lists
fundgraph reads. EU documents write Greece "EL" and the United Kingdom "UK": those are kept as the list
writes them, since the mapping knows them.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from ..resources import resource_path
from .aliases import fold

OWN_NAMES = {
    "osterreich": "AT", "belgie": "BE", "belgique": "BE", "belgien": "BE", "ceska republika": "CZ",
    "deutschland": "DE", "danmark": "DK", "ellada": "EL", "ελλαδα": "EL", "espana": "ES", "suomi": "FI",
    "hrvatska": "HR", "italia": "IT", "latvija": "LV", "nederland": "NL", "polska": "PL", "portugal": "PT",
    "romania": "RO", "slovenija": "SI", "sverige": "SE", "united kingdom": "UK", "great britain": "UK",
    # Slovenia's list writes "SLO" (its international vehicle code; ISO alpha-3 is SVN).
    "slo": "SI",
}


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    codes = dict(OWN_NAMES)
    with resource_path("reference", "countries.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for key in (row["alpha2"], row["alpha3"], row["name_en"]):
                codes[fold(key)] = row["alpha2"]
    codes.update({"el": "EL", "uk": "UK"})
    return codes


def country_code(text: str) -> str | None:
    """The alpha-2 code of a country written as a code or a name (case and accents do not matter), or None
    for a text the table does not know."""
    return _codes().get(fold(text).strip())
