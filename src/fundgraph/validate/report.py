"""The validation report: SHACL results as plain values, readable as text."""

from __future__ import annotations

from dataclasses import dataclass, field

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

    def text(self) -> str:
        parts = [f"{self.severity}: {compact(self.focus_node)}"]
        if self.path:
            parts.append(f"  path: {self.path}")
        if self.value is not None:
            parts.append(f"  value: {self.value}")
        parts.append(f"  {self.message}")
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

    def text(self) -> str:
        """A readable report: a summary line, then each violation and warning (focus node, path, value, message)."""
        verdict = "conforms" if self.conforms else "does NOT conform"
        batches = f"; {self.focus_nodes} node(s) checked" + (f" in {self.batches} batch(es)" if self.batches else "")
        lines = [f"Validation: {self.subject} {verdict} to {self.shapes_name}: {len(self.violations)} violation(s), "
                 f"{len(self.warnings)} warning(s){batches}."]
        lines += [f"Note: {note}" for note in self.notes]
        for result in (*self.violations, *self.warnings, *self.infos):
            lines.append(result.text())
        return "\n".join(lines)
