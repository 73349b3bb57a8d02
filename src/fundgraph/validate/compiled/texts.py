"""The control-character rule (``dataset_checks``) read from the data's N-Triples text instead of the store.

As a query the rule reads every literal of the store back from RocksDB, one term at a time: at 20 000
projects it took 54 % of all validation (6.3 of 11.6 s in one process), more than the 184 compiled checks
together. Publish has the same triples as N-Triples text (the dump spool), where a forbidden character can
stand in only a few ways — as Oxigraph's escape (``\\b``, ``\\f``, ``\\u000B`` …, RDF 1.1 N-Triples §2.4;
``\\U`` forms from other writers) or, for U+0080–U+009F, U+FFFE and U+FFFF, as its UTF-8 bytes — so a
regular expression over the bytes (~300 MB/s) finds every candidate line, and each is parsed and checked
with ``hygiene.forbidden_characters`` exactly as the query's solutions are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pyoxigraph

from ...extract.hygiene import forbidden_characters
from ..dataset_checks import control_character_result
from ..report import ValidationResult

_HEX = "[0-9A-Fa-f]"
_CANDIDATE = re.compile(
    rb"\\(?:[bf]|u00(?:0[0-8BbCcEeFf]|1" + _HEX.encode() + rb"|[89]" + _HEX.encode() + rb")|u[Ff]{3}[EeFf]"
    rb"|U0000(?:00(?:0[0-8BbCcEeFf]|1" + _HEX.encode() + rb"|[89]" + _HEX.encode() + rb")|[Ff]{3}[EeFf]))"
    rb"|\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]")
"""Where a forbidden character may stand in an N-Triples line (an escaped backslash before "b" matches too:
every candidate is parsed and checked)."""

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_BLOCK = 1 << 24


def text_results(ntriples: Path, limit: int = 1000) -> Iterator[ValidationResult]:
    """The control-character results (``dataset_checks.control_character_result``) of the text literals
    (language-tagged or xsd:string, as the query's) in the N-Triples file ``ntriples``, at most ``limit``
    (the query's LIMIT). A triple that occurs on several lines is reported once per line."""
    lines = (line for block in _blocks(ntriples) for line in _candidate_lines(block))
    return islice(filter(None, map(_check, lines)), limit)


def _blocks(path: Path) -> Iterator[bytes]:
    """The bytes of ``path`` in blocks of whole lines (the last one given its line break if it lacks it)."""
    with path.open("rb") as data:
        carry = b""
        while block := data.read(_BLOCK):
            block = carry + block
            cut = block.rfind(b"\n") + 1
            carry = block[cut:]
            yield block[:cut]
        if carry:
            yield carry + b"\n"


def _candidate_lines(block: bytes) -> Iterator[bytes]:
    end = 0
    for match in _CANDIDATE.finditer(block):
        if match.start() < end:
            continue  # a line already yielded
        start = block.rfind(b"\n", 0, match.start()) + 1
        end = block.index(b"\n", match.start()) + 1
        yield block[start:end]


def _check(line: bytes) -> ValidationResult | None:
    (triple,) = pyoxigraph.parse(line, format=pyoxigraph.RdfFormat.N_TRIPLES)
    term = triple.object
    if not isinstance(term, pyoxigraph.Literal) or not (term.language or term.datatype.value == _XSD_STRING) \
            or not forbidden_characters(term.value):
        return None
    return control_character_result(triple.subject.value, triple.predicate.value, term.value)
