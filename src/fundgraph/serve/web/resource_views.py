"""What the project page shows beyond a resource's generic description (other kinds: ``reading``).

Each function asks bounded questions about one resource, bound as ``?s`` through the backend's
``bindings`` (never spliced into query text; pyoxigraph wants a substituted variable projected, hence
``SELECT ?s …``), and returns a small view object for ``resource.html``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from pyoxigraph import NamedNode

from ...mapping.vocab import FG
from .listing import Money

PROJECT = """
SELECT ?s ?caseId ?title ?abstract (LANG(?abstract) AS ?abstractLanguage) ?granted ?currency ?budget ?budgetCurrency ?fund ?fundLabel ?fundCode ?priority
       ?priorityLabel ?beneficiary ?beneficiaryName WHERE {
  ?s dct:identifier ?caseId ; dct:title ?title ; fg:grantedAmount ?g ; fg:fund ?fund ; fg:beneficiary ?beneficiary .
  ?g schema:value ?granted . OPTIONAL { ?g schema:currency ?currency }
  OPTIONAL { ?s dct:abstract ?abstract }
  OPTIONAL { ?s fg:totalBudget ?b . ?b schema:value ?budget OPTIONAL { ?b schema:currency ?budgetCurrency } }
  OPTIONAL { ?fund skos:prefLabel ?fundLabel FILTER (LANG(?fundLabel) = "sv") }
  OPTIONAL { ?fund skos:notation ?fundCode }
  OPTIONAL { ?s fg:priority ?priority . OPTIONAL { ?priority skos:prefLabel ?priorityLabel } }
  OPTIONAL { ?beneficiary rdfs:label ?beneficiaryName }
} LIMIT 1"""
PROJECT_PLACES = """
SELECT ?s ?place ?label ?code ?kind WHERE {
  VALUES ?kind { fg:municipality fg:county }
  ?s ?kind ?place .
  OPTIONAL { ?place skos:prefLabel ?label FILTER (LANG(?label) = "sv") }
  OPTIONAL { ?place skos:notation ?code }
} ORDER BY ?kind ?label LIMIT 1000"""
PROJECT_SOURCE = """
SELECT ?s ?document ?fileName ?pageNumber WHERE {
  ?s prov:wasDerivedFrom ?document .
  OPTIONAL { ?document fg:fileName ?fileName }
  OPTIONAL { ?s fg:sourcePage ?page . ?page dct:isPartOf ?document ; fg:pageNumber ?pageNumber }
} ORDER BY ?document ?pageNumber LIMIT 1000"""


@dataclass(frozen=True)
class Link:
    """A related resource: ``iri``, its ``label`` and, for concepts, its ``code`` (kommunkod, fund code…)."""

    iri: str
    label: str
    code: str | None = None


@dataclass(frozen=True)
class SourceDocument:
    """Where a project was read: the document resource, its file name and the 1-based page numbers."""

    iri: str
    file_name: str
    pages: tuple[int, ...]


@dataclass(frozen=True)
class ProjectView:
    """A project for reading: amounts as ``listing.Money`` in their own currency (``total_budget`` None when
    not stated)."""

    case_id: str
    title: str
    summary: str
    granted_amount: Money
    total_budget: Money | None
    fund: Link
    priority: Link | None
    beneficiary: Link
    municipalities: list[Link] = field(default_factory=list)
    counties: list[Link] = field(default_factory=list)
    sources: list[SourceDocument] = field(default_factory=list)
    summary_language: str = "sv"
    """The language tag of the summary (the list's language), for the page's lang attribute."""


def project_view(backend, iri: str) -> ProjectView | None:
    """The project ``iri`` for its page, or None if it is not a (valid IRI of a) project with its mandatory facts."""
    try:
        bound = {"s": NamedNode(iri)}
    except ValueError:
        return None
    rows = backend.select_values(PROJECT, bound)
    if not rows:
        return None
    row = rows[0]
    places = backend.select_values(PROJECT_PLACES, bound)
    municipalities = [Link(p["place"], p["label"] or p["code"] or p["place"], p["code"])
                      for p in places if p["kind"] == FG + "municipality"]
    counties = [Link(p["place"], p["label"] or p["code"] or p["place"], p["code"])
                for p in places if p["kind"] == FG + "county"]
    pages: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for source in backend.select_values(PROJECT_SOURCE, bound):
        pages.setdefault(source["document"], [])
        names[source["document"]] = source["fileName"] or source["document"]
        if source["pageNumber"]:
            pages[source["document"]].append(int(source["pageNumber"]))
    return ProjectView(
        case_id=row["caseId"], title=row["title"], summary=row["abstract"] or "",
        granted_amount=Money(Decimal(row["granted"]), row["currency"]),
        total_budget=Money(Decimal(row["budget"]), row["budgetCurrency"]) if row["budget"] else None,
        fund=Link(row["fund"], row["fundLabel"] or row["fundCode"] or row["fund"], row["fundCode"]),
        priority=Link(row["priority"], row["priorityLabel"] or row["priority"]) if row["priority"] else None,
        beneficiary=Link(row["beneficiary"], row["beneficiaryName"] or row["beneficiary"],
                         row["beneficiary"].rsplit("/", 1)[-1]),
        municipalities=sorted(municipalities, key=lambda link: link.label), counties=counties,
        sources=[SourceDocument(doc, names[doc], tuple(sorted(set(p)))) for doc, p in pages.items()],
        summary_language=row.get("abstractLanguage") or "sv")


def in_language(view: ProjectView, label: Callable[[str, str], str]) -> ProjectView:
    """``view`` with the fund, priority, municipalities and counties labelled by ``label(iri, fallback)``
    (the interface language's label, else the Swedish one the view was built with)."""

    def relabel(link: Link | None) -> Link | None:
        return replace(link, label=label(link.iri, link.label)) if link is not None else None

    return replace(view, fund=relabel(view.fund), priority=relabel(view.priority),
                   municipalities=sorted((relabel(m) for m in view.municipalities), key=lambda link: link.label),
                   counties=[relabel(c) for c in view.counties])
