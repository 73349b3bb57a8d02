"""Totals of the published data, computed once at publish time with SPARQL aggregates (figures.json).

Pages read these figures instead of running whole-dataset aggregates per request. Shape (all amounts
whole SEK as ints; lists sorted by granted amount, largest first, then by label)::

    {"projects", "beneficiaries", "granted_amount_sek", "total_budget_sek",
     "by_fund": [{"iri", "label", "code", "projects", "granted_amount_sek", "total_budget_sek"}, ...],
     "by_priority": [... "number" ...], "by_municipality": [... "kommunkod" ...],
     "by_county": [... "code" ...], "by_beneficiary": [... "key" ...]}

A project in several municipalities (counties) counts with its full amounts in each. Total budgets sum
the projects that state one. ``by_beneficiary`` lists only the ``TOP_BENEFICIARIES`` largest beneficiaries
(a region may have hundreds of thousands); ``beneficiaries`` counts them all. The queries follow the model in ontology/fundgraph.ttl (docs/data-model.md).
"""

from __future__ import annotations

import heapq
from decimal import Decimal
from typing import Any

import pyoxigraph

from ..mapping.vocab import PREFIXES

TOP_BENEFICIARIES = 100
"""How many beneficiaries ``by_beneficiary`` lists: those with the largest granted amounts."""

_PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

# Each project once with its amounts. Oxigraph's union default graph yields a triple once per named
# graph holding it (a project stated by two lists is in two graphs), so each pattern is made DISTINCT
# before joining: sums never count a project twice, and rows never multiply.
_PROJECTS = """
  SELECT ?project ?granted ?total WHERE {
    { SELECT DISTINCT ?project ?granted WHERE { ?project a fg:Project ; fg:grantedAmount/schema:value ?granted } }
    OPTIONAL { SELECT DISTINCT ?project ?total WHERE { ?project a fg:Project ; fg:totalBudget/schema:value ?total } }
  }"""

_TOTALS = _PROLOGUE + f"""
SELECT (COUNT(?project) AS ?projects) (SUM(?granted) AS ?g) (SUM(COALESCE(?total, 0)) AS ?t) WHERE {{ {_PROJECTS} }}
"""

_BENEFICIARIES = _PROLOGUE + """
SELECT (COUNT(DISTINCT ?org) AS ?n) WHERE { ?project a fg:Project ; fg:beneficiary ?org }
"""

# (figures key, property from project, key name of the code, how to read the code and label of a value)
_DIMENSIONS = (
    ("by_fund", "fg:fund", "code",
     "OPTIONAL { ?x skos:notation ?code } OPTIONAL { ?x skos:prefLabel ?label FILTER(lang(?label) = 'sv') }"),
    ("by_priority", "fg:priority", "number",
     "OPTIONAL { ?x skos:notation ?code } OPTIONAL { ?x skos:prefLabel ?label FILTER(lang(?label) = 'sv') }"),
    ("by_municipality", "fg:municipality", "kommunkod",
     "OPTIONAL { ?x skos:notation ?code } OPTIONAL { ?x skos:prefLabel ?label FILTER(lang(?label) = 'sv') }"),
    ("by_county", "fg:county", "code",
     "OPTIONAL { ?x skos:notation ?code } OPTIONAL { ?x skos:prefLabel ?label FILTER(lang(?label) = 'sv') }"),
    ("by_beneficiary", "fg:beneficiary", "key",
     "OPTIONAL { ?x fg:nameKey ?code } OPTIONAL { ?x rdfs:label ?label }"),
)


def _dimension_query(prop: str, describe: str) -> str:
    return _PROLOGUE + f"""
SELECT ?x (COUNT(?project) AS ?projects) (SUM(?granted) AS ?g) (SUM(COALESCE(?total, 0)) AS ?t)
       (MIN(?code0) AS ?code) (MIN(?label0) AS ?label) WHERE {{
  {{ {_PROJECTS} }}
  {{ SELECT DISTINCT ?project ?x WHERE {{ ?project a fg:Project ; {prop} ?x }} }}
  OPTIONAL {{ SELECT ?x (MIN(?code) AS ?code0) (MIN(?label) AS ?label0) WHERE {{
      {{ SELECT DISTINCT ?x WHERE {{ ?p a fg:Project ; {prop} ?x }} }}
      {describe}
  }} GROUP BY ?x }}
}} GROUP BY ?x
"""


def compute_figures(store: pyoxigraph.Store) -> dict[str, Any]:
    """Return the figures of the data in ``store`` (all graphs as one), in the shape described above."""
    totals = next(iter(_select(store, _TOTALS)))
    beneficiaries = next(iter(_select(store, _BENEFICIARIES)))
    figures: dict[str, Any] = {
        "projects": _int(totals["projects"]),
        "beneficiaries": _int(beneficiaries["n"]),
        "granted_amount_sek": _int(totals["g"]),
        "total_budget_sek": _int(totals["t"]),
    }
    for key, prop, code_key, describe in _DIMENSIONS:
        rows = _dimension_rows(store, prop, code_key, describe)
        if key == "by_beneficiary":  # keeps only the top ones in memory, never the whole list
            figures[key] = heapq.nsmallest(TOP_BENEFICIARIES, rows, key=_order)
        else:
            figures[key] = sorted(rows, key=_order)
    return figures


def _dimension_rows(store: pyoxigraph.Store, prop: str, code_key: str, describe: str):
    for row in _select(store, _dimension_query(prop, describe)):
        code = row["code"].value if row["code"] is not None else None
        if code_key == "number" and code is not None and code.isdigit():
            code = int(code)
        yield {
            "iri": row["x"].value,
            "label": row["label"].value if row["label"] is not None else (code or row["x"].value),
            code_key: code,
            "projects": _int(row["projects"]),
            "granted_amount_sek": _int(row["g"]),
            "total_budget_sek": _int(row["t"]),
        }


def _order(row: dict[str, Any]) -> tuple:
    """Largest granted amount first, then by label and IRI (a total order: the same data, the same file)."""
    return (-row["granted_amount_sek"], str(row["label"]), row["iri"])


def _select(store: pyoxigraph.Store, query: str):
    return store.query(query, use_default_graph_as_union=True)


def _int(term: Any) -> int:
    """Whole number of a numeric literal (a SUM of no rows is unbound or 0)."""
    if term is None:
        return 0
    return int(Decimal(term.value))
