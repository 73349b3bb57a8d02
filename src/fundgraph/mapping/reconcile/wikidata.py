"""Beneficiary candidates from Wikidata (or any endpoint holding Wikidata-shaped data), with their scores.

Query: Swedish organisations (``wdt:P17 wd:Q34``, country Sweden) whose Swedish label
(``rdfs:label``) or alias (``skos:altLabel``) is exactly one of the spellings of a beneficiary's name:
as printed, with only its first letter capital ("LULEÅ TEKNISKA UNIVERSITET" → "Luleå tekniska
universitet"), in title case ("REGION VÄSTERBOTTEN" → "Region Västerbotten"), each with and without a
legal-form suffix ("Pillars Sverige AB" → "Pillars Sverige"). Exact literals keep the query on the
label index (no text scans), which is what Wikidata's public endpoint answers within its time limit.
Names go in ``VALUES`` blocks of at most ``BATCH`` names, each value escaped as a SPARQL literal.

Score of a candidate, 0–1, rounded to 2 decimals (every candidate already matches a spelling of the
name exactly, so its normalised label equals the name's):

- 0.5 for the exact normalised label match;
- +0.1 when the match is the main label (``rdfs:label``) rather than an alias;
- +0.4 × type agreement: 1 when a class (``wdt:P31``) of the candidate, by its Swedish or English label,
  is the kind the name shows (the beneficiary type of ``fundgraph.mapping.organisations``: municipality,
  region, university, company, association, foundation, county administrative board); 0.5 when either
  side shows no kind; 0 when the candidate's classes show kinds and none is the name's.

So 1.0 = exact main label, and the type confirms it; that is the only score ``links.auto_accepted`` takes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..links import LinkRow
from ..organisations import organisation_key, organisation_type
from .sparql import literal, select

BATCH = 40
"""Most beneficiary names per query (about six spellings each)."""

# Words in the Swedish or English label of a Wikidata class that show an organisation kind.
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "municipality": ("kommun", "municipality"),
    "region": ("region",),
    "university": ("universitet", "högskola", "university", "college"),
    "company": ("företag", "bolag", "company", "business", "enterprise"),
    "association": ("förening", "förbund", "association", "society"),
    "foundation": ("stiftelse", "foundation"),
    "county board": ("länsstyrelse", "county administrative board"),
}

# The kind each beneficiary type of the model (fundgraph.mapping.organisations) stands for.
_TYPE_KIND = {"MunicipalAuthority": "municipality", "RegionalAuthority": "region", "University": "university",
              "Company": "company", "Association": "association", "StudyAssociation": "association",
              "Foundation": "foundation", "CountyAdministrativeBoard": "county board"}

# Dropped from a name to get the spelling an encyclopaedia uses ("Pillars Sverige AB" → "Pillars Sverige").
_LEGAL_FORM = re.compile(r"[\s,]+(?:\(publ\)|ab|aktiebolag|hb|handelsbolag|kb|kommanditbolag)$", re.IGNORECASE)

QUERY = """\
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?text ?item ?via ?label ?classLabel WHERE {{
  VALUES ?text {{ {values} }}
  {{ ?item rdfs:label ?text . BIND("label" AS ?via) }}
  UNION
  {{ ?item skos:altLabel ?text . BIND("alias" AS ?via) }}
  ?item wdt:P17 wd:Q34 .
  OPTIONAL {{ ?item rdfs:label ?label . FILTER(LANG(?label) = "sv") }}
  OPTIONAL {{ ?item wdt:P31 ?class . ?class rdfs:label ?classLabel .
             FILTER(LANG(?classLabel) = "sv" || LANG(?classLabel) = "en") }}
}}
"""


def spellings(name: str) -> set[str]:
    """Return the spellings of ``name`` looked up as exact Swedish labels (see the module docstring)."""
    printed = " ".join(name.split())
    bases = {printed, _LEGAL_FORM.sub("", printed)}
    return {form for base in bases if base
            for form in (base, base[:1].upper() + base[1:].lower(), base.title())}


def class_kinds(class_label: str) -> set[str]:
    """Return the organisation kinds a Wikidata class label shows ("kommun i Sverige" → {"municipality"})."""
    text = class_label.casefold()
    return {kind for kind, words in _KIND_WORDS.items() if any(word in text for word in words)}


def score(via: set[str], name_kind: str | None, candidate_kinds: set[str]) -> float:
    """Score a candidate matched ``via`` "label" and/or "alias", by the name's kind and the candidate's kinds."""
    if name_kind is None or not candidate_kinds:
        agreement = 0.5
    else:
        agreement = 1.0 if name_kind in candidate_kinds else 0.0
    return round(0.5 + (0.1 if "label" in via else 0.0) + 0.4 * agreement, 2)


def beneficiary_candidates(names: Iterable[str], endpoint: str, timeout: float) -> list[LinkRow]:
    """Ask ``endpoint`` for candidates of each beneficiary name; return pending ``LinkRow``s, best first.

    ``LinkRow.key`` is the beneficiary's name key (``organisations.organisation_key``, the key of its IRI),
    ``name`` the first of its names in sorted order. Names with the same key are asked together (the
    spellings of all of them). Raises ``LinkError`` when the endpoint fails (nothing is returned then).
    """
    by_key: dict[str, list[str]] = {}
    for name in sorted({" ".join(name.split()) for name in names}):
        by_key.setdefault(organisation_key(name), []).append(name)
    keys = sorted(by_key)
    found: dict[tuple[str, str], dict] = {}
    for start in range(0, len(keys), BATCH):
        batch = keys[start:start + BATCH]
        text_to_keys: dict[str, set[str]] = {}
        for key in batch:
            for form in set().union(*map(spellings, by_key[key])):
                text_to_keys.setdefault(form, set()).add(key)
        values = " ".join(literal(text, "sv") for text in sorted(text_to_keys))
        for row in select(endpoint, QUERY.format(values=values), timeout):
            for key in text_to_keys.get(row.get("text", ""), ()):
                entry = found.setdefault((key, row["item"]), {"via": set(), "label": "", "kinds": set()})
                entry["via"].add(row.get("via", ""))
                entry["label"] = entry["label"] or row.get("label", "") or row.get("text", "")
                entry["kinds"] |= class_kinds(row.get("classLabel", ""))
    rows = [LinkRow(key, by_key[key][0], item, entry["label"],
                    score(entry["via"], _TYPE_KIND.get(organisation_type(by_key[key][0]) or ""), entry["kinds"]))
            for (key, item), entry in found.items()]
    return sorted(rows, key=lambda r: (r.key, -r.score, r.candidate))
