"""What a user's query asks of the server beyond reading its dataset, found before it runs.

- ``SERVICE``: Oxigraph evaluates federated ``SERVICE <url>`` clauses by fetching ``url`` from the
  server, which would let anyone make the server send requests anywhere (SSRF). pyoxigraph's
  ``Store.query`` has no option to disable SERVICE, so every query using it is refused
  (``ServiceRefused``, 400), wherever it is: in WHERE, a subquery, EXISTS, any letter case.
- ``FROM`` / ``FROM NAMED``: a query with its own dataset clause is run on that dataset, not on the
  union default graph (SPARQL 1.1 Query §13.2); protocol parameters still override it (Protocol §2.1.4).

Cheap on the common path: SPARQL codepoint escapes (``\\u0053ERVICE``, Query §19.2) are expanded
first, and only a query whose text contains "service" or "from" at all (any case) is parsed, with
rdflib's SPARQL 1.1 parser, whose parse tree is searched for ``ServiceGraphPattern`` and a dataset
clause; strings, comments and IRIs are thereby told apart from the query's own keywords. A query
rdflib cannot parse (Oxigraph also reads SPARQL-star and a few extensions) falls back to a lexical
scan that blanks out comments, strings and IRIs and looks for the bare keywords, erring towards refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ServiceRefused

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Comment (a "#" not escaped in a prefixed name), long and short strings, IRI reference.
_NOT_CODE = re.compile(r"""(?<!\\)\#[^\n\r]*
    |'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*"
    |<[^<>"{}|^`\\\x00-\x20]*>""", re.VERBOSE | re.DOTALL)
_KEYWORD = r"(?<![\w?$:\\-]){}(?![\w:-])"
_SERVICE_WORD = re.compile(_KEYWORD.format("service"), re.IGNORECASE)
_FROM_WORD = re.compile(_KEYWORD.format("from"), re.IGNORECASE)

REFUSAL = ("SERVICE (federated query) is not available on this endpoint: it does not fetch other "
           "servers' data. Query the other endpoint yourself, or load its data beside this dataset's dumps.")


@dataclass(frozen=True)
class QueryFeatures:
    """``dataset_clause``: the query has FROM or FROM NAMED, so it chooses its own dataset."""

    dataset_clause: bool = False


def inspect_query(query: str) -> QueryFeatures:
    """The features of ``query`` that decide how it is run; raises ServiceRefused if it uses SERVICE.

    Never raises for a malformed query: the query engine reports those with its own message.
    """
    text = _expand_codepoints(query)
    lowered = text.lower()
    if "service" not in lowered and "from" not in lowered:
        return QueryFeatures()
    tree = _parse(text)
    if tree is None:
        code = _NOT_CODE.sub(" ", text)
        service, dataset = bool(_SERVICE_WORD.search(code)), bool(_FROM_WORD.search(code))
    else:
        service, dataset = _has(tree, "ServiceGraphPattern"), _has(tree, "DatasetClause")
    if service:
        raise ServiceRefused(REFUSAL)
    return QueryFeatures(dataset_clause=dataset)


def _expand_codepoints(text: str) -> str:
    def expand(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _CODEPOINT.sub(expand, text)


def _parse(text: str):
    """rdflib's parse tree of ``text``, or None if rdflib cannot parse it."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return parseQuery(text)
    except (ParseBaseException, ValueError, TypeError):
        return None


def _has(node, name: str) -> bool:
    """Whether the parse tree ``node`` contains a part named ``name`` (a CompValue), at any depth."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == name:
                return True
            stack.extend(item.values())
        elif isinstance(item, (ParseResults, list, tuple)):
            stack.extend(item)
    return False
