"""Beneficiary organisations: one key per real organisation, its type and governed area from its name.

Key: the name without case, white space, diacritics and legal-form suffix, as an ASCII slug
("RISE Research Institutes of Sweden AB" and "Rise Research Institutes of Sweden Aktiebolag" →
"rise-research-institutes-of-sweden"). Types are read from words of Swedish organisation names
(Bolagsverket's legal forms: aktiebolag, handelsbolag, kommanditbolag, ekonomisk förening, stiftelse;
public bodies by their usual names: "… kommun", "… stad", "Region …", "Länsstyrelsen …",
universitet/högskola). A type or area is given only when the name makes it certain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from . import iris
from .names import ascii_slug, match_key
from .places import County, Municipality, Places, place_iri
from .terms import FG_Beneficiary, FG_governs, FG_nameKey, ORG_Organization, RDF_type, RDFS_label
from .vocab import FG

# Legal-form suffixes dropped from the key (matched on the match key, i.e. case-folded).
_LEGAL_FORM = re.compile(
    r"[\s,]+(?:\(publ\)|ab(?:\s*\(publ\))?|aktiebolag|hb|handelsbolag|kb|kommanditbolag|"
    r"ek\.?\s*för\.?|ekonomisk förening)$")
_COMPANY = re.compile(r"(?:^|\s)(?:ab|aktiebolag|aktiebolaget|hb|handelsbolag|kb|kommanditbolag)(?:\s*\(publ\))?$"
                      r"|^aktiebolaget\s")

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("StudyAssociation", re.compile(r"studieförbund")),
    ("MunicipalAuthority", re.compile(r"^\S.* (?:kommun|stad)$")),
    ("RegionalAuthority", re.compile(r"^region \S|\slandsting(?:et)?$")),
    ("CountyAdministrativeBoard", re.compile(r"^länsstyrelsen\s")),
    ("University", re.compile(r"universitet|högskola|högskolan|university")),
    ("Company", _COMPANY),
    ("Foundation", re.compile(r"stiftelse")),
    ("Association", re.compile(r"förening|förbund|ek\.?\s*för\.?$|\bfören\.?$")),
)


def organisation_key(name: str) -> str:
    """Return the key of an organisation named ``name`` (see module docstring); never empty for a real name."""
    key = match_key(name)
    stripped = _LEGAL_FORM.sub("", key)
    return ascii_slug(stripped or key)


def organisation_type(name: str) -> str | None:
    """Return the local name of the fg class the name shows ("MunicipalAuthority", "Company", …), or None."""
    key = match_key(name)
    for type_name, pattern in _RULES:
        if pattern.search(key):
            return type_name
    return None


@dataclass(frozen=True)
class OrganisationFacts:
    """What a name tells: ``key``, ``type`` (fg class local name or None), ``governs`` (a Municipality
    or County the organisation is the authority of, or None)."""

    key: str
    type: str | None
    governs: Municipality | County | None


def read_organisation(name: str, places: Places) -> OrganisationFacts:
    """Return the key, type and governed area that ``name`` makes certain."""
    type_name = organisation_type(name)
    governs: Municipality | County | None = None
    key = match_key(name)
    if type_name == "MunicipalAuthority":
        governs = places.municipality(key)
    elif type_name == "RegionalAuthority" and key.startswith("region "):
        governs = places.county(key.removeprefix("region "))
    return OrganisationFacts(organisation_key(name), type_name, governs)


def organisation_triples(base: str, printed: str, places: Places, *,
                         beneficiary: bool = True) -> tuple[NamedNode, tuple[Quad, ...]]:
    """The node ``{base}organisation/{key}`` of the organisation named ``printed`` and its triples (quads
    without a graph): org:Organization, fg:Beneficiary when it is one, the name key, the name as printed, and
    the type and governed area its name makes certain. A beneficiary and a managing authority of one name are
    one node."""
    facts = read_organisation(printed, places)
    node = NamedNode(iris.organisation(base, facts.key))
    triples = [Quad(node, RDF_type, ORG_Organization)]
    if beneficiary:
        triples.append(Quad(node, RDF_type, FG_Beneficiary))
    triples += [Quad(node, FG_nameKey, Literal(facts.key)), Quad(node, RDFS_label, Literal(printed))]
    if facts.type:
        triples.append(Quad(node, RDF_type, NamedNode(FG + facts.type)))
    if facts.governs is not None:
        triples.append(Quad(node, FG_governs, NamedNode(place_iri(base, facts.governs))))
    return node, tuple(triples)

