"""What a person needs to fix a query the parser refused: where, and in words.

Oxigraph's SPARQL parser reports the furthest point it reached and the tokens it would have taken there
("error at 1:10: expected CONSTRUCT"), which reads well for a typo inside a pattern but not for a query that
does not start with a query form: ``SELEC ?x WHERE {`` and ``DELETE WHERE { … }`` both get "expected
CONSTRUCT". ``diagnose`` looks at the first word after the prologue (PREFIX and BASE declarations, comments)
first: an update operation (SPARQL 1.1 Update §3: INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, COPY, MOVE, ADD,
WITH) is refused as an update, any other word that is not SELECT, CONSTRUCT, ASK or DESCRIBE is named with its
position; otherwise the parser's own position and expectation are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

_PARSER_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.S)
# The prologue: whitespace, comments, PREFIX p: <iri> and BASE <iri> (SPARQL 1.1 Query §19.8, [4]–[6]).
_SKIP = re.compile(r"""(?:\s+|\#[^\n]*|(?i:PREFIX)\s+[^\s:]*:\s*<[^>]*>|(?i:BASE)\s+<[^>]*>)*""")
_WORD = re.compile(r"[A-Za-z_][\w-]*|\S")


@dataclass(frozen=True)
class Diagnosis:
    """Why a query does not parse: ``kind`` "update" (an update operation sent as a query), "form" (the
    first word is not a query form: ``word``) or "syntax" (the parser's ``expected``); ``line`` and
    ``column`` (1-based) where, when known."""

    kind: str
    line: int | None = None
    column: int | None = None
    word: str = ""
    expected: str = ""

    def message(self) -> str:
        """The English message (the server's; pages translate it)."""
        if self.kind == "update":
            return "updates are not accepted on this read-only endpoint"
        where = f"line {self.line}, column {self.column}" if self.line else "somewhere"
        if self.kind == "form":
            return f"at {where}: a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE, not {self.word!r}"
        return f"at {where}: {self.expected}" if self.expected else f"the query does not parse ({where})"


def first_word(query: str) -> tuple[str, int, int]:
    """The first word of ``query`` after its prologue, with its 1-based line and column ("" at the end)."""
    start = _SKIP.match(query).end()
    found = _WORD.match(query, start)
    if found is None:
        return "", *_position(query, start)
    return found.group(0), *_position(query, start)


def diagnose(query: str, parser_message: str) -> Diagnosis:
    """Explain why ``query`` failed with ``parser_message`` (the text of Oxigraph's SyntaxError)."""
    word, line, column = first_word(query)
    if word.upper() in UPDATE_WORDS:
        return Diagnosis("update", line, column, word)
    if word.upper() not in QUERY_FORMS:
        return Diagnosis("form", line, column, word or "(nothing)")
    found = _PARSER_POSITION.match(parser_message.strip())
    if found is None:
        return Diagnosis("syntax", expected=parser_message.strip())
    return Diagnosis("syntax", int(found.group(1)), int(found.group(2)), expected=_readable(found.group(3)))


MAX_EXPECTED = 12


def _readable(expected: str) -> str:
    """The parser's expectation, kept short: a list ("expected one of …") loses its character ranges and
    classes (``'\\u{3001}'..='\\u{D7FF}'``, ``[_]``) and stops after ``MAX_EXPECTED`` tokens."""
    expected = " ".join(expected.split())
    head, found, tokens = expected.partition("expected one of ")
    if not found:
        return expected
    kept = [t for t in (t.strip() for t in re.split(r",\s*(?![^\[]*\])", tokens))
            if t and "..=" not in t and not t.startswith(("[", "'\\u")) and "|" not in t]
    more = len(kept) > MAX_EXPECTED
    return f"{head}expected one of {', '.join(kept[:MAX_EXPECTED])}{', …' if more else ''}"


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
