"""The validation report: SHACL results as plain values, readable as text.

Two readings: ``ValidationReport.text()`` is the full SHACL report (focus node, path, value, message of
each result); ``ValidationReport.lines()`` says each result as an extraction error says a bad cell — one
line naming where the project's row stands (``locations``, filled by ``validate_store`` from the provenance
the graph holds: file, page and row, or sheet and row, or CSV line; and the case id) and the rule in words:
the shape's ``sh:message`` with its placeholders filled (``words``).

Placeholders in a shape's ``sh:message``: ``{?value}`` is the result's value, ``{$this}`` its focus node; a
SHACL-SPARQL constraint's message may name any variable its SELECT binds (``{?total}``; SHACL §5.3.2).
Values are written for people (``readable``): numbers grouped by thousands ("3 100 000"), text quoted, IRIs
compact. A parenthesised part holding ``{?value}`` is left out when a result has no value (a count
constraint): "a co-financing rate is one percentage from 0 to 100 (found {?value})".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..mapping.vocab import PREFIXES

VIOLATION, WARNING, INFO = "Violation", "Warning", "Info"


def compact(iri: str | None) -> str | None:
    """Write ``iri`` as prefix:name when a fundgraph prefix covers it, else ``<iri>``; None stays None."""
    if iri is None:
        return None
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and "/" not in iri[len(namespace):]:
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>" if "://" in iri else iri


_LITERAL = re.compile(r'^"(?P<text>.*)"(?:\^\^(?P<datatype>\S+)|@(?P<language>[A-Za-z0-9-]+))?$', re.DOTALL)
_NUMERIC = {"xsd:decimal", "xsd:integer", "xsd:double", "xsd:float", "xsd:int", "xsd:long"}
_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")


def group_digits(number: str) -> str:
    """"3100000" -> "3 100 000", "-1234.5" -> "-1 234.5" (thousands grouped by spaces); other text as it is."""
    try:
        value = Decimal(number)
    except InvalidOperation:
        return number
    if not value.is_finite():
        return number
    whole, _, fraction = number.strip().lstrip("+-").partition(".")
    grouped = f"{int(whole or 0):,}".replace(",", " ")
    return ("-" if value < 0 else "") + grouped + (f".{fraction}" if fraction else "")


def readable(value: str | None, *, quote: bool = True) -> str:
    """A result's value text (as the engines write it: ``"5"^^xsd:decimal``, ``"text"@sv``, ``fg:Fund``,
    ``<iri>``) for people: numbers grouped by thousands, dates and codes bare, text quoted (unless not
    ``quote``: a currency code in a sentence); "" for None."""
    if value is None:
        return ""
    literal = _LITERAL.match(value)
    if literal is None:
        return value
    text, datatype, language = literal.group("text", "datatype", "language")
    if datatype in _NUMERIC:
        return group_digits(text)
    if datatype is not None and datatype != "xsd:string":
        return text
    return (f"'{text}'" if quote else text) + (f" (@{language})" if language else "")


def fill(message: str, values: Mapping[str, str | None]) -> str:
    """``message`` with each ``{?name}``/``{$name}`` replaced by ``values[name]`` (already readable); a
    parenthesised part whose placeholder has no value is dropped; unknown placeholders stay as written."""
    def part(match: re.Match) -> str:
        names = _PLACEHOLDER.findall(match.group(0))
        return "" if any(values.get(n) in (None, "") for n in names) else match.group(0)

    message = re.sub(r"\s*\([^()]*\{[?$]\w+\}[^()]*\)", part, message)
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)] if values.get(m.group(1)) else m.group(0), message)


@dataclass(frozen=True)
class ValidationResult:
    """One result: ``severity`` is "Violation", "Warning" or "Info"; ``focus_node`` the IRI of the node
    checked; ``path`` the property path as text (compact) or None for node-level results; ``value``
    the offending value as text or None; ``shape`` the source shape's IRI or None."""

    severity: str
    focus_node: str
    path: str | None
    message: str
    value: str | None = None
    shape: str | None = None

    def words(self) -> str:
        """The rule broken, in words: the message with ``{?value}`` and ``{$this}`` filled (see module doc)."""
        return fill(self.message, {"value": readable(self.value), "this": compact(self.focus_node)})

    def text(self) -> str:
        parts = [f"{self.severity}: {compact(self.focus_node)}"]
        if self.path:
            parts.append(f"  path: {self.path}")
        if self.value is not None:
            parts.append(f"  value: {self.value}")
        if self.shape is not None:
            parts.append(f"  shape: {compact(self.shape)}")
        parts.append(f"  {self.words()}")
        return "\n".join(parts)


@dataclass
class ValidationReport:
    """Outcome of validating a dataset. ``conforms`` is False iff there is at least one violation;
    warnings (unlinked concepts, organisations of unknown type) are reported but do not count.
    ``focus_nodes`` counts the nodes checked, ``batches`` the batches they were checked in; ``notes``
    say how the check was done or cut short (e.g. a result limit reached)."""

    violations: list[ValidationResult] = field(default_factory=list)
    warnings: list[ValidationResult] = field(default_factory=list)
    infos: list[ValidationResult] = field(default_factory=list)
    focus_nodes: int = 0
    batches: int = 0
    notes: list[str] = field(default_factory=list)
    subject: str = "the data"
    """What was checked, as the summary line names it ("the catalogue")."""
    shapes_name: str = "fundgraph's shapes"
    """Which shapes, as the summary line names them ("the DCAT-AP-SE shapes")."""
    locations: dict[str, str] = field(default_factory=dict)
    """Focus node IRI → where it stands, in words ("list.pdf, page 3, row 7 (case id 20372432)"); a node
    without an entry is named by its IRI."""
    _seen: set[ValidationResult] = field(default_factory=set, repr=False, compare=False)

    @property
    def conforms(self) -> bool:
        return not self.violations

    def add(self, result: ValidationResult) -> None:
        """Record ``result`` unless an equal one was recorded (batches overlap at shared nodes)."""
        if result in self._seen:
            return
        self._seen.add(result)
        {VIOLATION: self.violations, WARNING: self.warnings}.get(result.severity, self.infos).append(result)

    def line(self, result: ValidationResult) -> str:
        """One line for ``result``: where (``locations``, else the focus node) and the rule in words."""
        where = self.locations.get(result.focus_node) or compact(result.focus_node)
        return f"{where}: {result.words()}"

    def lines(self, *, warnings: bool = True) -> list[str]:
        """One line per violation ("violation: list.pdf, page 3, row 7 (case id 20372432): granted 3 100 000
        SEK exceeds total budget 1 000 SEK"), then, with ``warnings``, one per warning and info."""
        results = [(VIOLATION, r) for r in self.violations]
        if warnings:
            results += [(r.severity, r) for r in (*self.warnings, *self.infos)]
        return [f"{severity.lower()}: {self.line(r)}" for severity, r in results]

    def summary(self) -> str:
        """The first line of ``text``: the verdict and the counts."""
        verdict = "conforms" if self.conforms else "does NOT conform"
        batches = f"; {self.focus_nodes} node(s) checked" + (f" in {self.batches} batch(es)" if self.batches else "")
        return (f"Validation: {self.subject} {verdict} to {self.shapes_name}: {len(self.violations)} violation(s), "
                f"{len(self.warnings)} warning(s){batches}.")

    def brief(self) -> str:
        """The summary line, the notes, then one line per result (``lines``)."""
        return "\n".join([self.summary(), *(f"Note: {note}" for note in self.notes), *self.lines()])

    def text(self) -> str:
        """A readable report: a summary line, then each violation and warning (focus node, path, value, message)."""
        lines = [self.summary(), *(f"Note: {note}" for note in self.notes)]
        for result in (*self.violations, *self.warnings, *self.infos):
            lines.append(result.text())
        return "\n".join(lines)
