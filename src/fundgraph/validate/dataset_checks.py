"""Checks run as SPARQL queries over the whole store: the shapes' SHACL-SPARQL constraints, and
rules no batch can see: a case id used by two project IRIs (the IRI scheme mints one project per
case id, so two IRIs mean data mixed from different bases or edited by hand); a literal holding a
control character (``extract.hygiene``: XML cannot carry it, so every RDF/XML and SPARQL XML output would
break), whatever put it there — a list read before the check existed, links, an edited store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph

from ..extract.hygiene import forbidden_characters
from ..mapping.vocab import DCT, FG
from .report import VIOLATION, ValidationResult, compact, fill, readable
from .shacl import SparqlCheck

# The case ids used twice, then each one's projects. Each triple pattern is a subquery of its own so that
# Oxigraph hash-joins two scans instead of looking up every project's identifier (a nested loop), and no
# project's IRI is read as text but a repeated id's: at 100 000 projects 1.5 s became 0.3 s (one process).
_REPEATED_CASE_IDS = f"""PREFIX fg: <{FG}> PREFIX dct: <{DCT}>
SELECT ?id WHERE {{ {{ SELECT ?project WHERE {{ ?project a fg:Project }} }}
  {{ SELECT ?project ?id WHERE {{ ?project dct:identifier ?id }} }} }}
GROUP BY ?id HAVING (COUNT(DISTINCT ?project) > 1)"""
# ?id is bound to each repeated id (pyoxigraph's substitutions: the id's text never becomes query text).
_PROJECTS_OF_CASE_ID = f"""PREFIX fg: <{FG}> PREFIX dct: <{DCT}>
SELECT ?id (MIN(STR(?project)) AS ?first) (COUNT(DISTINCT ?project) AS ?count) WHERE {{
  ?project a fg:Project ; dct:identifier ?id }} GROUP BY ?id"""


# Surrogates cannot be in a store (its text is UTF-8), so the class here is hygiene.FORBIDDEN without them.
# Only text literals: numbers and dates are checked by their datatypes. About 2 s per million literals.
_CONTROL_CHARACTERS = r"""SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(ISLITERAL(?o)
  && (LANG(?o) != "" || DATATYPE(?o) = <http://www.w3.org/2001/XMLSchema#string>)
  && REGEX(STR(?o), "[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u0080-\\u009F\\uFFFE\\uFFFF]")) }
LIMIT 1000"""


def dataset_results(store: pyoxigraph.Store, sparql_checks: Iterable[SparqlCheck] = (), *,
                    control_characters: bool = True) -> Iterator[ValidationResult]:
    """Yield the results of every dataset-level check and of ``sparql_checks`` (default graph = union).
    ``control_characters`` False leaves out the control-character rule, for a caller that reads it from
    the data's text instead (``compiled.texts.text_results``)."""
    for check in sparql_checks:
        solutions = store.query(check.query, use_default_graph_as_union=True)
        for row in solutions:
            # SHACL §5.3.2: without a binding for ?value, the value is the focus node (as pyshacl reports);
            # the message's {?name} placeholders take the solution's bindings.
            value = _text(row, "value") or _text(row, "this")
            bound = {v.value: readable(_text(row, v.value), quote=False) for v in solutions.variables}
            yield ValidationResult(check.severity, row["this"].value, None,
                                   fill(check.message, {**bound, "value": readable(value)}),
                                   value=value, shape=check.shape)
    for repeated in store.query(_REPEATED_CASE_IDS, use_default_graph_as_union=True):
        case_id = repeated["id"]
        (row,) = store.query(_PROJECTS_OF_CASE_ID, use_default_graph_as_union=True,
                             substitutions={pyoxigraph.Variable("id"): case_id})
        yield ValidationResult(
            VIOLATION, row["first"].value, "dct:identifier",
            f"case id is used by {row['count'].value} different projects; a case id must identify one project",
            value=f'"{case_id.value}"', shape="dataset:unique-case-id")
    if control_characters:
        for row in store.query(_CONTROL_CHARACTERS, use_default_graph_as_union=True):
            yield control_character_result(row["s"].value, row["p"].value, row["o"].value)


def control_character_result(subject: str, predicate: str, text: str) -> ValidationResult:
    """The violation of a text literal ``text`` of ``subject``'s ``predicate`` (IRIs) holding control
    characters (``hygiene.forbidden_characters``)."""
    found = forbidden_characters(text)
    return ValidationResult(
        VIOLATION, subject, compact(predicate),
        f"text holds control character(s) {', '.join(found)}, which RDF/XML and SPARQL XML results cannot "
        "carry; fix the source (or publish with control_characters = \"remove\")",
        value=repr(text[:80]), shape="dataset:no-control-characters")


def _text(row: pyoxigraph.QuerySolution, name: str) -> str | None:
    try:
        term = row[name]
    except (KeyError, IndexError, TypeError):
        return None
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return compact(term.value)
    if isinstance(term, pyoxigraph.Literal) and term.language is None:
        return f'"{term.value}"^^{compact(term.datatype.value)}'
    return str(term)
