"""What the project and municipality pages show beyond a resource's generic description.

Each function asks bounded questions about one resource, bound as ``?s`` through the backend's
``bindings`` (never spliced into query text; pyoxigraph wants a substituted variable projected, hence
``SELECT ?s …``), and returns a small view object for ``resource.html``.
Totals of a municipality come from figures.json (computed at publish time); its list of projects is
capped at ``MAX_PROJECTS`` with a link to the browse page for all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from pyoxigraph import NamedNode

from ...mapping.vocab import FG
from .figures import Figures

MAX_PROJECTS = 500

PROJECT = """
SELECT ?s ?caseId ?title ?abstract ?granted ?budget ?fund ?fundLabel ?fundCode ?priority ?priorityLabel
       ?beneficiary ?beneficiaryName WHERE {
  ?s dct:identifier ?caseId ; dct:title ?title ; fg:grantedAmount/schema:value ?granted ;
     fg:fund ?fund ; fg:beneficiary ?beneficiary .
  OPTIONAL { ?s dct:abstract ?abstract }
  OPTIONAL { ?s fg:totalBudget/schema:value ?budget }
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
# No ORDER BY: sorting every project of a large municipality costs seconds per page (measured 4.8 s at
# 100 000 projects); without it Oxigraph stops after MAX_PROJECTS + 1 rows, and those are sorted here.
# Beyond MAX_PROJECTS the page links to the browse view, which sorts under the query time limit.
MUNICIPALITY_PROJECTS = f"""
SELECT ?s ?project ?caseId ?title ?granted ?budget WHERE {{
  ?project fg:municipality ?s ; dct:identifier ?caseId ; dct:title ?title ; fg:grantedAmount/schema:value ?granted .
  OPTIONAL {{ ?project fg:totalBudget/schema:value ?budget }}
}} LIMIT {MAX_PROJECTS + 1}"""


def _kronor(text: str | None) -> int | None:
    return int(Decimal(text)) if text else None


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
    """A project for reading: amounts in whole SEK (``total_budget`` None when not stated)."""

    case_id: str
    title: str
    summary: str
    granted_amount: int
    total_budget: int | None
    fund: Link
    priority: Link | None
    beneficiary: Link
    municipalities: list[Link] = field(default_factory=list)
    counties: list[Link] = field(default_factory=list)
    sources: list[SourceDocument] = field(default_factory=list)


@dataclass(frozen=True)
class MunicipalityView:
    """A municipality's projects and totals from figures.json.

    ``projects``: all of them, largest grant first, when there are at most MAX_PROJECTS; else
    (``truncated``) MAX_PROJECTS of them in that order, and the page sends the reader to the browse view."""

    kommunkod: str
    projects: list[dict]
    truncated: bool
    totals: dict | None


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
        granted_amount=_kronor(row["granted"]) or 0, total_budget=_kronor(row["budget"]),
        fund=Link(row["fund"], row["fundLabel"] or row["fundCode"] or row["fund"], row["fundCode"]),
        priority=Link(row["priority"], row["priorityLabel"] or row["priority"]) if row["priority"] else None,
        beneficiary=Link(row["beneficiary"], row["beneficiaryName"] or row["beneficiary"],
                         row["beneficiary"].rsplit("/", 1)[-1]),
        municipalities=sorted(municipalities, key=lambda link: link.label), counties=counties,
        sources=[SourceDocument(doc, names[doc], tuple(sorted(set(p)))) for doc, p in pages.items()])


def in_language(view: ProjectView, label: Callable[[str, str], str]) -> ProjectView:
    """``view`` with the fund, priority, municipalities and counties labelled by ``label(iri, fallback)``
    (the interface language's label, else the Swedish one the view was built with)."""

    def relabel(link: Link | None) -> Link | None:
        return replace(link, label=label(link.iri, link.label)) if link is not None else None

    return replace(view, fund=relabel(view.fund), priority=relabel(view.priority),
                   municipalities=sorted((relabel(m) for m in view.municipalities), key=lambda link: link.label),
                   counties=[relabel(c) for c in view.counties])


def municipality_view(backend, iri: str, figures: Figures | None) -> MunicipalityView:
    """The projects touching municipality ``iri`` and its totals (from figures.json, None if absent)."""
    rows = backend.select_values(MUNICIPALITY_PROJECTS, {"s": NamedNode(iri)})
    projects = sorted(({"iri": r["project"], "case_id": r["caseId"], "title": r["title"],
                        "granted_amount": _kronor(r["granted"]), "total_budget": _kronor(r["budget"])}
                       for r in rows[:MAX_PROJECTS]), key=lambda p: (-p["granted_amount"], p["case_id"]))
    totals = figures.entry_by_iri("municipality", iri) if figures is not None else None
    kommunkod = totals["kommunkod"] if totals else iri.rsplit("/", 1)[-1]
    return MunicipalityView(kommunkod, projects, len(rows) > MAX_PROJECTS, totals)
