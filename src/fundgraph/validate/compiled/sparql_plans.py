"""SHACL-SPARQL constraints written as whole-store queries that Oxigraph answers with hash joins.

A SPARQL constraint's SELECT is run once over the whole store with ``$this`` joined to the shape's targets
(``shacl.split_sparql``). Oxigraph evaluates the joins of a basic graph pattern as nested loops: for each
solution so far, one index look-up per triple pattern. At 100 000 projects ListedProjectShape's "granted
exceeds total budget" (a focus node, two amounts, their values and a currency) took 9.2 s that way, where
scanning each of its predicates once takes a fraction of a second. Written with each triple pattern as a
subquery of its own, the same join is evaluated as hash joins of whole scans: 1.8 s (measured on the bench's
100 000, load 11). Likewise ``FILTER NOT EXISTS`` is evaluated once per row, MINUS as one hash anti-join
(1.65 → 0.3 s for ProjectShape's "no source document").

Both rewritings change the evaluation, never the solutions (SPARQL 1.1 §18.5: a basic graph pattern is the
join of its triple patterns, a FILTER constrains its whole group wherever it stands, a sequence path is the
join of its steps through a fresh variable; MINUS and NOT EXISTS agree when the only variable the negated
pattern shares with the rest of the group is ``?this``, which the targets always bind). So only a constraint
of that plain form is rewritten: its projection names variables only (the targets are made distinct, which an
aggregate would count), its WHERE group holds triple patterns without blank nodes (IRIs, sequence and inverse
paths of IRIs), ``FILTER ( … )`` and ``FILTER NOT EXISTS { triple patterns }``, no long (triple-quoted) string,
and nothing follows the group. Any other query is left as it is (``whole_store_query`` returns None), and runs as before.
"""

from __future__ import annotations

import re

from rdflib.paths import InvPath, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Literal, URIRef, Variable

_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\ufffd]+)")
_STEP = "fgStep"  # fresh variables of sequence paths: ?fgStep1 …


def whole_store_query(prefixes: str, select: str, targets: list[str]) -> str | None:
    """The query for the violations of SPARQL constraint ``select`` (its text, ``$this`` written ``?this``)
    over the whole store, ``?this`` ranging over the focus nodes matched by the group patterns ``targets``
    (``{ ?this a <C> }``, ``{ ?this <p> ?targetValue }``), with hash joins (see the module docstring); None
    when ``select`` is not of the plain form rewritten here. ``prefixes``: PREFIX lines ``select`` needs."""
    where = re.search(r"\bWHERE\s*\{", select, re.IGNORECASE)
    if where is None or "targetValue" in select or _STEP in select or '"""' in select or "'''" in select:
        return None
    if "(" in select[:where.start()]:  # an expression or aggregate in the projection counts rows: as written
        return None
    body = select[where.end():].rstrip()
    if not body.endswith("}"):
        return None
    parts = _split(body[:-1])
    if parts is None:
        return None
    triples, filters, negated = parts
    patterns = _patterns(prefixes, triples)
    if patterns is None:
        return None
    outer = set(_VARIABLE.findall(select[:where.start()])) | {v for _, vs in patterns for v in vs} | {
        v for f in filters for v in _VARIABLE.findall(f)}
    minus = []
    for group in negated:
        inner = _patterns(prefixes, group)
        if not inner or {v for _, vs in inner for v in vs} & outer != {"this"}:
            return None
        minus.append("MINUS { " + " ".join(pattern for pattern, _ in inner) + " }")
    joins = " ".join(f"{{ SELECT {' '.join('?' + v for v in sorted(vs))} WHERE {{ {pattern} }} }}"
                     for pattern, vs in patterns)
    return (f"{prefixes}{select[:where.start()]}WHERE {{ {{ SELECT DISTINCT ?this WHERE {{ {' UNION '.join(targets)} }} }} "
            f"{joins} {' '.join(minus)} {' '.join(f'FILTER {f}' for f in filters)} }}")


def _split(body: str) -> tuple[str, list[str], list[str]] | None:
    """``body`` (a group's inside) cut into its text without filters, its ``( … )`` FILTER expressions and
    the insides of its ``FILTER NOT EXISTS { … }``; None for any other FILTER form."""
    rest, filters, negated = [], [], []
    i = start = 0
    while i < len(body):
        c = body[i]
        if c in "\"'":
            i = _string_end(body, i)
        elif c == "#":  # a comment: not the plain form
            return None
        elif c == "<" and (end := body.find(">", i)) > i and not re.search(r"\s", body[i:end]):
            i = end + 1
        elif re.match(r"FILTER\b", body[i:i + 7], re.IGNORECASE) and (i == 0 or not body[i - 1].isalnum()):
            rest.append(body[start:i])
            after = body[i + 6:].lstrip()
            at = len(body) - len(after)
            if after.startswith("("):
                end = _closing(body, at, "(", ")")
                filters.append(body[at:end])
            elif (m := re.match(r"NOT\s+EXISTS\s*\{", after, re.IGNORECASE)):
                brace = at + m.end() - 1
                end = _closing(body, brace, "{", "}")
                negated.append(body[brace + 1:end - 1])
            else:
                return None
            if end < 0:
                return None
            i = start = end
        else:
            i += 1
    rest.append(body[start:])
    return "".join(rest), filters, negated


def _string_end(text: str, i: int) -> int:
    quote, i = text[i], i + 1
    while i < len(text) and text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i + 1


def _closing(text: str, i: int, opening: str, closing: str) -> int:
    """The index after the ``closing`` that matches the ``opening`` at ``i`` (-1 if none), strings skipped."""
    depth = 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = _string_end(text, i)
            continue
        depth += (c == opening) - (c == closing)
        i += 1
        if depth == 0:
            return i
    return -1


def _patterns(prefixes: str, triples: str) -> list[tuple[str, set[str]]] | None:
    """The triple patterns of ``triples`` (SPARQL text that must be one basic graph pattern), one per step of
    a sequence path, each as text with its variables; None if it is anything else or holds a blank node."""
    try:
        algebra = prepareQuery(f"{prefixes}SELECT * WHERE {{ {triples} }}").algebra
    except Exception:  # noqa: BLE001 — pyparsing's errors: not the plain form, left to Oxigraph as it is
        return None
    if algebra.p.name != "Project" or algebra.p.p.name != "BGP":
        return None
    patterns: list[tuple[str, set[str]]] = []
    fresh = 0
    for s, p, o in sorted(algebra.p.p.triples, key=str):
        steps = p.args if isinstance(p, SequencePath) else [p]
        nodes = [s]
        for _ in steps[1:]:
            fresh += 1
            nodes.append(Variable(f"{_STEP}{fresh}"))
        nodes.append(o)
        for a, step, b in zip(nodes, steps, nodes[1:]):
            if isinstance(step, InvPath) and isinstance(step.arg, URIRef):
                a, step, b = b, step.arg, a
            if not isinstance(step, URIRef) or not all(isinstance(t, (Variable, URIRef, Literal)) for t in (a, b)):
                return None
            variables = {str(t) for t in (a, b) if isinstance(t, Variable)}
            if not variables:
                return None
            patterns.append((f"{a.n3()} {step.n3()} {b.n3()} .", variables))
    return patterns
