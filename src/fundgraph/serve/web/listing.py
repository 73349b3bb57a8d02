"""The projects of one organisation, fund, priority, county or document, as a table for its page.

``project_list`` asks two bounded questions about the resource ``?s`` (bound through the backend, never
spliced into the text): the projects that point to it with one predicate of ``LINKS`` (at most
``MAX_PROJECTS`` + 1 rows, no ORDER BY, so Oxigraph stops early however many there are), then the places
of just those projects (``VALUES``). Rows are sorted here, largest grant first. Amounts keep the currency
the data gives them (schema:currency of each amount). ``chart_bars`` sums the listed rows by fund (and
year, where projects have a start date): a figure over at most ``MAX_PROJECTS`` rows already fetched,
labelled as such when the list is cut short.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from pyoxigraph import NamedNode

from ...mapping.vocab import FG

MAX_PROJECTS = 500
LINKS = {  # what a page lists → the predicate from a project to it
    "beneficiary": FG + "beneficiary", "fund": FG + "fund", "priority": FG + "priority",
    "county": FG + "county", "municipality": FG + "municipality",
    "document": "http://www.w3.org/ns/prov#wasDerivedFrom",
}

_PROJECTS = """
SELECT ?s ?project ?caseId ?title ?granted ?currency ?budget ?budgetCurrency ?fund ?beneficiary ?start WHERE {{
  ?project <{predicate}> ?s ; dct:identifier ?caseId .
  OPTIONAL {{ ?project dct:title ?title }}
  OPTIONAL {{ ?project fg:grantedAmount ?g . ?g schema:value ?granted OPTIONAL {{ ?g schema:currency ?currency }} }}
  OPTIONAL {{ ?project fg:totalBudget ?b . ?b schema:value ?budget OPTIONAL {{ ?b schema:currency ?budgetCurrency }} }}
  OPTIONAL {{ ?project fg:fund ?fund }}
  OPTIONAL {{ ?project fg:beneficiary ?beneficiary }}
  OPTIONAL {{ ?project fg:startDate ?start }}
}} LIMIT {limit}"""
_PLACES = """
SELECT ?project ?place WHERE {{
  VALUES ?project {{ {projects} }}
  ?project fg:municipality ?place .
}}"""
_NAMES = """
SELECT ?org ?label WHERE {{
  VALUES ?org {{ {orgs} }}
  ?org rdfs:label ?label .
}}"""


@dataclass(frozen=True)
class Money:
    """An amount: ``value`` (Decimal) and its ``currency`` (ISO 4217, or None when the data gives none)."""

    value: Decimal
    currency: str | None


@dataclass
class ProjectItem:
    """One row: the project's ``iri``, ``case_id``, ``title``, ``granted`` and ``budget`` (Money or None),
    ``fund`` and ``beneficiary`` IRIs (or None), ``beneficiary_name`` (display name), ``places``
    (municipality IRIs) and ``year`` (of its start date, or None)."""

    iri: str
    case_id: str
    title: str
    granted: Money | None
    budget: Money | None
    fund: str | None
    beneficiary: str | None
    beneficiary_name: str = ""
    places: list[str] = field(default_factory=list)
    year: str | None = None


@dataclass(frozen=True)
class ProjectList:
    """The listed ``items`` (largest grant first) and whether the list was ``truncated`` at MAX_PROJECTS."""

    items: list[ProjectItem]
    truncated: bool


def _money(value: str | None, currency: str | None) -> Money | None:
    try:
        return Money(Decimal(value), currency) if value is not None else None
    except InvalidOperation:
        return None


def project_list(backend, iri: str, kind: str,
                 name_of: Callable[[list[str], dict[str, str]], str]) -> ProjectList:
    """The projects linking to ``iri`` as a ``kind`` of ``LINKS`` (KeyError for another kind); beneficiary
    names made by ``name_of(labels, preferred by language)`` (``names.display_name`` in the page language)."""
    bound = {"s": NamedNode(iri)}
    query = _PROJECTS.format(predicate=LINKS[kind], limit=MAX_PROJECTS + 1)
    rows = backend.select_values(query, bound)
    truncated = len(rows) > MAX_PROJECTS
    items: dict[str, ProjectItem] = {}
    for row in rows[:MAX_PROJECTS]:
        if row["project"] in items:
            continue
        start = row.get("start")
        items[row["project"]] = ProjectItem(
            iri=row["project"], case_id=row["caseId"], title=row["title"],
            granted=_money(row["granted"], row["currency"]), budget=_money(row["budget"], row["budgetCurrency"]),
            fund=row["fund"], beneficiary=row["beneficiary"], year=start[:4] if start else None)
    if items:
        values = " ".join(f"<{p}>" for p in items)
        for row in backend.select_values(_PLACES.format(projects=values), {}):
            items[row["project"]].places.append(row["place"])
        orgs = {item.beneficiary for item in items.values() if item.beneficiary}
        if orgs:
            labels: dict[str, list[str]] = defaultdict(list)
            preferred: dict[str, dict[str, str]] = defaultdict(dict)
            for row in backend.select_values(_NAMES.format(orgs=" ".join(f"<{o}>" for o in orgs)), {}):
                labels[row["org"]].append(row["label"])
            for row in backend.select_values(_PREFERRED.format(orgs=" ".join(f"<{o}>" for o in orgs)), {}):
                preferred[row["org"]][row["lang"]] = row["pref"]
            for item in items.values():
                if item.beneficiary:
                    item.beneficiary_name = name_of(labels.get(item.beneficiary, []),
                                                    preferred.get(item.beneficiary, {})) or item.beneficiary
    ordered = sorted(items.values(), key=lambda i: (-(i.granted.value if i.granted else Decimal(-1)), i.case_id))
    return ProjectList(ordered, truncated)


_PREFERRED = """
SELECT ?org ?pref (LANG(?pref) AS ?lang) WHERE {{
  VALUES ?org {{ {orgs} }}
  ?org skos:prefLabel ?pref .
}}"""


@dataclass(frozen=True)
class FundTotal:
    """The listed projects of one fund (and year, None when the projects have no start date): how many and
    the granted amount in ``currency``."""

    fund: str
    year: str | None
    currency: str | None
    projects: int
    granted: Decimal


def fund_totals(items: list[ProjectItem]) -> list[FundTotal]:
    """``items`` summed by (fund, year, currency), largest granted amount first."""
    sums: dict[tuple, list] = {}
    for item in items:
        if item.fund is None or item.granted is None:
            continue
        key = (item.fund, item.year, item.granted.currency)
        entry = sums.setdefault(key, [0, Decimal(0)])
        entry[0] += 1
        entry[1] += item.granted.value
    totals = [FundTotal(fund, year, currency, n, amount) for (fund, year, currency), (n, amount) in sums.items()]
    return sorted(totals, key=lambda t: (-t.granted, t.fund, t.year or ""))
