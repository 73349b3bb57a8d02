"""What a user's query asks of the server beyond reading its dataset, found before it runs.

- Size and nesting (``check_shape``): a query longer than ``max_query_bytes`` or nesting ``{ } ( ) [ ]``
  deeper than ``max_query_depth`` is refused (``QueryTooComplex``, 400, naming the limit) before any
  parser sees it: Oxigraph's parser and evaluator recurse per level, and ``ASK { {×2000 }×2000 }`` (12 KB)
  overflowed the stack of a query worker and killed an external Oxigraph server (issue 13). Every other
  step below runs after it, for the embedded store and for an external one alike.

- ``SERVICE``: Oxigraph evaluates federated ``SERVICE <url>`` clauses by fetching ``url`` from the
  server, which would let anyone make the server send requests anywhere (SSRF). pyoxigraph's
  ``Store.query`` has no option to disable SERVICE, so every query using it is refused
  (``ServiceRefused``, 400), wherever it is: in WHERE, a subquery, EXISTS, any letter case.
- ``FROM`` / ``FROM NAMED``: a query with its own dataset clause is run on that dataset, not on the
  union default graph (SPARQL 1.1 Query §13.2); protocol parameters still override it (Protocol §2.1.4).

Cheap on the common path: SPARQL codepoint escapes (``\\u0053ERVICE``, Query §19.2) are expanded
first, and only a query whose body (after its prologue) holds "service" or "from" as a word (any case) is parsed, with
rdflib's SPARQL 1.1 parser, whose parse tree is searched for ``ServiceGraphPattern`` and a dataset
clause; strings, comments and IRIs are thereby told apart from the query's own keywords. (The prologue —
PREFIX and BASE declarations, white space, comments, read token by token from the start as the parser reads
them — holds no keyword; leaving it out keeps a prologue declaring e.g. ``sd:``, the SPARQL service
description namespace, from costing an rdflib parse, 5–10 ms, on every query.) A query
rdflib cannot parse (Oxigraph also reads SPARQL-star and a few extensions) falls back to a lexical
scan that blanks out comments, strings and IRIs and looks for the bare keywords, erring towards refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QueryTooComplex, ServiceRefused

MAX_QUERY_BYTES = 100_000
MAX_QUERY_DEPTH = 64
"""Defaults of settings ``max_query_bytes`` and ``max_query_depth`` (``config.Settings``)."""
_BRACKETS = re.compile(r"[{}()\[\]]")
_OPENING = frozenset("{([")

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Comment (a "#" not escaped in a prefixed name), long and short strings, IRI reference.
_NOT_CODE = re.compile(r"""(?<!\\)\#[^\n\r]*
    |'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*"
    |<[^<>"{}|^`\\\x00-\x20]*>""", re.VERBOSE | re.DOTALL)
_KEYWORD = r"(?<![\w?$:\\-]){}(?![\w:-])"
_SERVICE_WORD = re.compile(_KEYWORD.format("service"), re.IGNORECASE)
_FROM_WORD = re.compile(_KEYWORD.format("from"), re.IGNORECASE)
_PROLOGUE = re.compile(r"(?:\s+|\#[^\n\r]*|(?:PREFIX\s+[^\s:<]*:|BASE)\s*<[^<>\"{}|^`\\\x00-\x20]*>)*",
                       re.IGNORECASE)

REFUSAL = ("SERVICE (federated query) is not available on this endpoint: it does not fetch other "
           "servers' data. Query the other endpoint yourself, or load its data beside this dataset's dumps.")


@dataclass(frozen=True)
class QueryFeatures:
    """``dataset_clause``: the query has FROM or FROM NAMED, so it chooses its own dataset."""

    dataset_clause: bool = False


def check_shape(query: str, max_bytes: int = MAX_QUERY_BYTES, max_depth: int = MAX_QUERY_DEPTH) -> None:
    """Raise QueryTooComplex if ``query`` is longer than ``max_bytes`` (UTF-8) or nests brackets deeper than
    ``max_depth`` (strings, comments and IRIs not counted). Linear in the query's length, no recursion."""
    size = len(query.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise QueryTooComplex(f"the query is {size} bytes long, more than this endpoint accepts ({max_bytes} "
                              "bytes, setting max_query_bytes)")
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_NOT_CODE.sub(" ", query)):
        depth = depth + 1 if bracket in _OPENING else depth - 1
        deepest = max(deepest, depth)
    if deepest > max_depth:
        raise QueryTooComplex(f"the query nests {{ }} ( ) [ ] {deepest} levels deep, more than this endpoint "
                              f"accepts ({max_depth} levels, setting max_query_depth)")


def inspect_query(query: str, max_bytes: int = MAX_QUERY_BYTES, max_depth: int = MAX_QUERY_DEPTH) -> QueryFeatures:
    """The features of ``query`` that decide how it is run; raises QueryTooComplex past ``max_bytes`` or
    ``max_depth`` (``check_shape``) and ServiceRefused if it uses SERVICE.

    Never raises for a malformed query: the query engine reports those with its own message.
    """
    check_shape(query, max_bytes, max_depth)
    text = _expand_codepoints(query)
    lowered = text.lower()
    if "service" not in lowered and "from" not in lowered:
        return QueryFeatures()
    body = text[_PROLOGUE.match(text).end():]
    if not _SERVICE_WORD.search(body) and not _FROM_WORD.search(body):
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


def _code(query: str) -> str:
    """``query`` after its prologue (which holds no keyword, and is most of a short query's text), codepoint escapes
    expanded, comments, strings and IRIs blanked out."""
    text = _expand_codepoints(query)
    return _NOT_CODE.sub(" ", text[_PROLOGUE.match(text).end():])


_SELECT = re.compile(r"(?<![\w?$:])select\s+(?:(?:distinct|reduced)\s+)?(\*)?", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)")


def select_star_order(query: str, variables: list[str]) -> list[int]:
    """The order to give ``variables`` (an engine's result columns, as indexes into the list): for a
    ``SELECT *`` query, the order in which the query first mentions them (SPARQL 1.1 Query §18.2.4.1 leaves
    it open; people expect the query's order, and pyoxigraph sorts by name); else the engine's own."""
    engine = list(range(len(variables)))
    code = _code(query)
    first = _SELECT.search(code)
    if first is None or first.group(1) is None:
        return engine
    seen: dict[str, int] = {}
    for match in _VARIABLE.finditer(code, first.end()):
        seen.setdefault(match.group(1), len(seen))
    return sorted(engine, key=lambda i: seen.get(variables[i], len(seen) + i))


_HEAVY = re.compile(
    r"(?<![\w?$:])(?:order|group|having|count|sum|avg|min|max|group_concat|sample|distinct|reduced|regex|"
    r"replace|concat|strlen|optional|minus|exists|union|values)(?![\w:-])|[*+]\s*[/|)]|\)\s*[*+]", re.IGNORECASE)
_LIMIT = re.compile(r"(?<![\w?$:])limit\s+(\d+)", re.IGNORECASE)
_ASK = re.compile(r"(?<![\w?$:])ask(?![\w:-])", re.IGNORECASE)
CHEAP_LIMIT = 1000


def looks_cheap(query: str) -> bool:
    """Whether ``query`` is likely to answer at once: an ASK, or a query with a LIMIT of at most CHEAP_LIMIT,
    and in either case none of the operators that make an engine read much (sorting, grouping, aggregates,
    DISTINCT, OPTIONAL, UNION, MINUS, EXISTS, string scans, property paths with * or +). A guess from the
    text: the light lane of ``workers`` gives a misjudged query a short budget, then moves it."""
    code = _code(query)
    if _HEAVY.search(code):
        return False
    if _ASK.search(code):
        return True
    limits = [int(m.group(1)) for m in _LIMIT.finditer(code)]
    return bool(limits) and max(limits) <= CHEAP_LIMIT
