"""Totals of the published data (figures.json), counted once at publish time as the projects are mapped.

Pages read these figures instead of running whole-dataset aggregates per request. Shape (amounts are
decimal strings by ISO 4217 currency, never summed across currencies; lists sorted by granted amount,
largest first, then by label)::

    {"projects", "beneficiaries", "granted_amount": {"SEK": "72750869"}, "total_budget": {"SEK": "…"},
     "projects_with_budget",
     "by_currency": [{"iri": "http://publications.europa.eu/resource/authority/currency/SEK", "label": "SEK","currency": "SEK", "projects", "granted_amount", ...}],
     "by_country": [{"iri": "…/authority/country/DEU", "label": "DE", "country": "DE", ...,
                     "by_fund": [{"iri", "label", "code", "projects", "granted_amount", ...}, ...]}],
     "by_fund": [{"iri", "label", "code", "projects", "granted_amount", "total_budget",
                  "projects_with_budget"}, ...],
     "by_priority": [... "number" ...], "by_municipality": [... "kommunkod" ...],
     "by_county": [... "code" ...], "by_beneficiary": [... "key" ...]}

A project in several municipalities (counties) counts with its full amounts in each. Total budgets sum
only the projects that state one (``projects_with_budget`` says how many); with none, ``total_budget`` is
``{}`` — "not given", never 0. A project without a granted amount (withdrawn) counts in ``projects`` only. ``by_beneficiary`` lists only the ``TOP_BENEFICIARIES`` largest beneficiaries
(a region may have hundreds of thousands); ``beneficiaries`` counts them all; a project whose list gives no
beneficiary (a natural person's name withheld) counts everywhere but there. Labels are what the data
states: a concept's Swedish skos:prefLabel, a beneficiary's smallest rdfs:label (names as printed, in
code-point order), a priority's smallest label as printed. The same totals follow from the SPARQL queries
of docs/data-model.md over the published store.
"""

from __future__ import annotations

import heapq
from decimal import Decimal
from typing import Any

from ..extract.records import decimal_text
from ..mapping.countries import country_iri

from .projects import Concept, ProjectFacts

CURRENCY = "http://publications.europa.eu/resource/authority/currency/"
"""The EU Publications Office currency table: a currency's IRI is this plus its ISO 4217 code."""

TOP_BENEFICIARIES = 100
"""How many beneficiaries ``by_beneficiary`` lists: those with the largest granted amounts."""

_DIMENSIONS = (("by_currency", "currency"), ("by_country", "country"), ("by_fund", "code"), ("by_priority", "number"), ("by_municipality", "kommunkod"),
               ("by_county", "code"), ("by_beneficiary", "key"))


class _Total:
    __slots__ = ("label", "code", "projects", "with_budget", "granted", "total")

    def __init__(self, label: str, code: str | None):
        self.label = label
        self.code = code
        self.projects = self.with_budget = 0
        self.granted: dict[str, Decimal] = {}
        self.total: dict[str, Decimal] = {}

    def add(self, facts: ProjectFacts) -> None:
        self.projects += 1
        currency = facts.currency or ""
        if facts.granted_amount is not None:
            self.granted[currency] = self.granted.get(currency, Decimal(0)) + facts.granted_amount
        if facts.total_budget is not None:
            self.with_budget += 1
            self.total[currency] = self.total.get(currency, Decimal(0)) + facts.total_budget

    def amounts(self) -> dict[str, Any]:
        return {"granted_amount": _by_currency(self.granted), "total_budget": _by_currency(self.total),
                "projects_with_budget": self.with_budget}

    def relabel(self, label: str) -> None:
        if label and (not self.label or label < self.label):
            self.label = label


class FigureCounter:
    """Counts projects (``add``, each project once) into the figures; memory grows with the number of
    distinct funds, priorities, places and beneficiaries, not with projects."""

    def __init__(self) -> None:
        self._all = _Total("", None)
        self._by: dict[str, dict[str, _Total]] = {key: {} for key, _ in _DIMENSIONS}
        self._country_funds: dict[str, dict[str, _Total]] = {}

    @property
    def projects(self) -> int:
        """Projects counted so far."""
        return self._all.projects

    def add(self, facts: ProjectFacts) -> None:
        """Count one project (a ``projects.ProjectFacts``) in the totals and in each of its dimensions."""
        self._all.add(facts)
        if facts.currency is not None:
            self._count("by_currency", Concept(CURRENCY + facts.currency, facts.currency, facts.currency), facts)
        country = facts.record.country
        if country is not None:
            place = Concept(country_iri(country) or country, country, country)
            self._count("by_country", place, facts)
            if facts.fund is not None:
                self._count_in(self._country_funds.setdefault(place.iri, {}), facts.fund, facts)
        if facts.fund is not None:
            self._count("by_fund", facts.fund, facts)
        if facts.priority is not None:
            self._count("by_priority", facts.priority, facts)
        for place in facts.municipalities:
            self._count("by_municipality", place, facts)
        for place in facts.counties:
            self._count("by_county", place, facts)
        if facts.beneficiary_iri:  # a list withholding the name states no beneficiary to count
            self._count("by_beneficiary", Concept(facts.beneficiary_iri, facts.beneficiary_key,
                                                  facts.beneficiary_name), facts)

    def name(self, printed: str, beneficiary_iri: str) -> None:
        """Note another printed name (rdfs:label) of a beneficiary already counted."""
        known = self._by["by_beneficiary"].get(beneficiary_iri)
        if known is not None:
            known.relabel(printed)

    def label(self, key: str, iri: str) -> str:
        """The label counted for ``iri`` in dimension ``key`` ("by_beneficiary", "by_priority", …), or ""."""
        totals = self._by[key].get(iri)
        return totals.label if totals is not None else ""

    def _count(self, key: str, concept: Concept, facts: ProjectFacts) -> None:
        self._count_in(self._by[key], concept, facts)

    @staticmethod
    def _count_in(by_iri: dict[str, _Total], concept: Concept, facts: ProjectFacts) -> None:
        totals = by_iri.get(concept.iri)
        if totals is None:
            totals = by_iri[concept.iri] = _Total(concept.label, concept.code)
        elif concept.label != totals.label:
            totals.relabel(concept.label)
        totals.add(facts)

    def figures(self) -> dict[str, Any]:
        """The figures counted so far, in the shape described in the module docstring."""
        figures: dict[str, Any] = {
            "projects": self._all.projects,
            "beneficiaries": len(self._by["by_beneficiary"]),
            **self._all.amounts(),
        }
        for key, code_key in _DIMENSIONS:
            rows = (_row(iri, totals, code_key) for iri, totals in self._by[key].items())
            if key == "by_beneficiary":
                figures[key] = heapq.nsmallest(TOP_BENEFICIARIES, rows, key=_order)
            else:
                figures[key] = sorted(rows, key=_order)
        for row in figures["by_country"]:
            funds = self._country_funds.get(row["iri"], {})
            row["by_fund"] = sorted((_row(iri, totals, "code") for iri, totals in funds.items()), key=_order)
        return figures


def _row(iri: str, totals: _Total, code_key: str) -> dict[str, Any]:
    code: Any = totals.code
    if code_key == "number" and code is not None and code.isdigit():
        code = int(code)
    return {
        "iri": iri,
        "label": totals.label or code or iri,
        code_key: code,
        "projects": totals.projects,
        **totals.amounts(),
    }


def _by_currency(sums: dict[str, Decimal]) -> dict[str, str]:
    return {currency: decimal_text(sums[currency]) for currency in sorted(sums)}


def _order(row: dict[str, Any]) -> tuple:
    """Largest granted amount (in any one currency) first, then by label and IRI (a total order: the same
    data, the same file)."""
    largest = max((Decimal(v) for v in row["granted_amount"].values()), default=Decimal(0))
    return (-largest, str(row["label"]), row["iri"])
