"""What the project page shows beyond a resource's generic description (other kinds: ``reading``).

``project_view`` reads the project's ``describe.Description`` (its triples, its owned amount nodes, the
labels of what it links to and their ``describe.LINKED_FACTS``): the page asks the store nothing more
than ``describe`` did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from pyoxigraph import Literal, NamedNode

from ...mapping.vocab import DCT, FG, PREFIXES, SCHEMA
from ..describe import Description
from .listing import Money

_PROV_DERIVED = PREFIXES["prov"] + "wasDerivedFrom"
_RDFS_LABEL = PREFIXES["rdfs"] + "label"
_PREF_LABEL = PREFIXES["skos"] + "prefLabel"
_NOTATION = PREFIXES["skos"] + "notation"

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


def project_view(description: Description, display_name: Callable[[list[str], dict[str, str]], str]
                 ) -> ProjectView | None:
    """The project of ``description`` for its page, or None if it lacks a mandatory fact (case id, title,
    granted amount, fund, beneficiary). ``display_name(labels, preferred)`` names the beneficiary from its
    rdfs:labels and its skos:prefLabels by language tag (``names.display_name``); labels are the Swedish ones
    (``in_language`` relabels)."""
    values: dict[str, list] = {}
    for p, o in description.outgoing:
        values.setdefault(p.value, []).append(o)

    def one(predicate: str):
        found = values.get(predicate)
        return found[0] if found else None

    case_id, title, granted = one(DCT + "identifier"), one(DCT + "title"), _money(description, one(FG + "grantedAmount"))
    fund, beneficiary = one(FG + "fund"), one(FG + "beneficiary")
    if not isinstance(case_id, Literal) or not isinstance(title, Literal) or granted is None \
            or not isinstance(fund, NamedNode) or not isinstance(beneficiary, NamedNode):
        return None
    abstract, priority = one(DCT + "abstract"), one(FG + "priority")

    def link(term: NamedNode) -> Link:
        codes = [o.value for p, o in description.facts.get(term, ()) if p.value == _NOTATION]
        code = codes[0] if codes else None
        return Link(term.value, description.label(term, "sv") or code or term.value, code)

    places = {kind: sorted((link(o) for o in values.get(FG + kind, ()) if isinstance(o, NamedNode)),
                           key=lambda place: place.label) for kind in ("municipality", "county")}
    pairs = description.labels.get(beneficiary, [])
    listed = [o.value for p, o in pairs if p.value == _RDFS_LABEL]
    preferred = {o.language or "": o.value for p, o in pairs if p.value == _PREF_LABEL}
    name = display_name(listed, preferred) or (listed[0] if listed else beneficiary.value)
    return ProjectView(
        case_id=case_id.value, title=title.value, summary=abstract.value if isinstance(abstract, Literal) else "",
        granted_amount=granted, total_budget=_money(description, one(FG + "totalBudget")),
        fund=link(fund), priority=link(priority) if isinstance(priority, NamedNode) else None,
        beneficiary=Link(beneficiary.value, name, beneficiary.value.rsplit("/", 1)[-1]),
        municipalities=places["municipality"], counties=places["county"], sources=_sources(description, values),
        summary_language=(abstract.language if isinstance(abstract, Literal) else None) or "sv")


def _money(description: Description, node) -> Money | None:
    """The schema:MonetaryAmount ``node`` the project owns as Money, or None (no node, no value)."""
    facts = dict(description.owned.get(node, ())) if isinstance(node, NamedNode) else {}
    value, currency = facts.get(NamedNode(SCHEMA + "value")), facts.get(NamedNode(SCHEMA + "currency"))
    if not isinstance(value, Literal):
        return None
    return Money(Decimal(value.value), currency.value if currency is not None else None)


def _sources(description: Description, values: dict[str, list]) -> list[SourceDocument]:
    """The documents the project was read from (by IRI) with the numbers of its source pages in each."""
    pages: dict[str, set[int]] = {d.value: set() for d in values.get(_PROV_DERIVED, ()) if isinstance(d, NamedNode)}
    for page in values.get(FG + "sourcePage", ()):
        facts = dict(description.facts.get(page, ()))
        document, number = facts.get(NamedNode(DCT + "isPartOf")), facts.get(NamedNode(FG + "pageNumber"))
        if document is not None and document.value in pages and isinstance(number, Literal):
            pages[document.value].add(int(number.value))
    found = []
    for document in sorted(pages):
        names = [o.value for p, o in description.labels.get(NamedNode(document), ()) if p.value == FG + "fileName"]
        found.append(SourceDocument(document, names[0] if names else document, tuple(sorted(pages[document]))))
    return found


def in_language(view: ProjectView, label: Callable[[str, str], str]) -> ProjectView:
    """``view`` with the fund, priority, municipalities and counties labelled by ``label(iri, fallback)``
    (the interface language's label, else the Swedish one the view was built with)."""

    def relabel(link: Link | None) -> Link | None:
        # Link(…), not dataclasses.replace: a project page relabels a dozen places, and replace costs 5 times more.
        return Link(link.iri, label(link.iri, link.label), link.code) if link is not None else None

    return replace(view, fund=relabel(view.fund), priority=relabel(view.priority),
                   municipalities=sorted((relabel(m) for m in view.municipalities), key=lambda link: link.label),
                   counties=[relabel(c) for c in view.counties])
