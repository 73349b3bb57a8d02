"""A query's result as a page for a browser: a table for SELECT, the answer for ASK, Turtle for CONSTRUCT.

The endpoint asks the backend for SPARQL JSON or Turtle (``protocol.HTML_VIEW_ACCEPT``), under the same
timeout and row cap as any query, and lays that out here; every value is escaped by the template, and only
http(s) IRIs become links (an IRI in the data may be ``javascript:…``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask import current_app, render_template

from .execution import QueryOutcome

LINKABLE = ("http://", "https://")


@dataclass(frozen=True)
class Cell:
    """One value: ``text``, ``href`` (None unless a linkable IRI), ``language`` tag, ``datatype`` IRI or ""."""

    text: str
    href: str | None = None
    language: str = ""
    datatype: str = ""


def render(query: str, outcome: QueryOutcome, endpoint: str) -> str:
    """The HTML page (sparql_results.html) for ``outcome``, a SPARQL JSON or Turtle result of ``query``."""
    context: dict = {"query": query, "endpoint": endpoint, "variables": [], "rows": [], "boolean": None,
                     "graph": None}
    if outcome.content_type.startswith("application/sparql-results+json"):
        result = json.loads(outcome.body)
        if "boolean" in result:
            context["boolean"] = bool(result["boolean"])
        else:
            variables = result["head"].get("vars", [])
            context["variables"] = variables
            context["rows"] = [[_cell(binding.get(v)) for v in variables] for binding in result["results"]["bindings"]]
    else:
        context["graph"] = outcome.body.decode("utf-8")
    return render_template("sparql_results.html", **context)


def _cell(term: dict | None) -> Cell | None:
    if term is None:
        return None
    if term["type"] == "uri":
        value = term["value"]
        return Cell(value, _href(value) if value.startswith(LINKABLE) else None)
    if term["type"] == "bnode":
        return Cell("_:" + term["value"])
    if term["type"] == "triple":
        inner = term["value"]
        return Cell("<< " + " ".join(_cell(inner[k]).text for k in ("subject", "predicate", "object")) + " >>")
    return Cell(term["value"], language=term.get("xml:lang", ""), datatype=term.get("datatype", ""))


def _href(iri: str) -> str:
    """A link to ``iri``: its path on this server when it is under the base IRI."""
    state = current_app.extensions["fundgraph"]
    base = state.settings.base_iri
    return state.base_path + iri[len(base):] if iri.startswith(base) else iri
