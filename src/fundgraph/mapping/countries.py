"""Countries of the lists: ISO 3166-1 codes to the EU Publications Office country table.

Source: ``reference/countries.csv`` (see reference/SOURCES.md): EU member states, the UK and the EEA/EFTA
states. A list may write Greece "EL" and the United Kingdom "UK", as EU documents and NUTS do.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from ..resources import resource_path

COUNTRY = "http://publications.europa.eu/resource/authority/country/"
"""The EU Publications Office country authority table; a country's IRI is this plus its alpha-3 code."""

EU_ALIASES = {"EL": "GR", "UK": "GB"}
"""Codes EU documents use where ISO 3166-1 alpha-2 differs."""


@lru_cache(maxsize=1)
def _alpha3() -> dict[str, str]:
    with resource_path("reference", "countries.csv").open(encoding="utf-8", newline="") as f:
        return {row["alpha2"]: row["alpha3"] for row in csv.DictReader(f)}


def country_iri(code: str) -> str | None:
    """The EU country concept of an ISO 3166-1 alpha-2 code ("DE" -> ``…/country/DEU``; "EL" as "GR"),
    or None for a code the table does not hold."""
    code = code.strip().upper()
    alpha3 = _alpha3().get(EU_ALIASES.get(code, code))
    return COUNTRY + alpha3 if alpha3 else None


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    with resource_path("reference", "countries.csv").open(encoding="utf-8", newline="") as f:
        return {row["alpha2"]: row["name_en"] for row in csv.DictReader(f)}


def country_name(code: str) -> str | None:
    """The English short name of an ISO 3166-1 alpha-2 code ("DE" -> "Germany"; "EL" as "GR"), or None."""
    code = code.strip().upper()
    return _names().get(EU_ALIASES.get(code, code))
