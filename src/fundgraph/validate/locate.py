"""Where a validation result's focus node stands in the lists, in the words of extraction's messages.

A project is named by its document, page and row (``fg:sourcePage``, ``fg:listRow``), or sheet and row
(``fg:sourceSheet``, ``fg:sheetRow``), or CSV line (``fg:sourceLine``) — the provenance each document's
graph holds (mapping/projects.py) — and its case id (else its title): "list.pdf, page 3, row 7 (case id
20372432)". A node of one project (its amounts, its grant) is named by that project and the property naming
it ("…, fg:grantedAmount"); a node projects share (an organisation, a concept), by its IRI and label, how many
projects use it and the first; a document by its file name, a page by file and page. Lookups are index scans
per node (``quads_for_pattern`` over all graphs), never a query over the whole store.
"""

from __future__ import annotations

from itertools import islice

from pyoxigraph import Literal, NamedNode, Store

from ..extract.records import Source
from ..mapping.vocab import DCT, FG, PROV, RDF, RDFS, SKOS
from .report import compact

_TYPE = NamedNode(RDF + "type")
_PROJECT = NamedNode(FG + "Project")
_DERIVED = NamedNode(PROV + "wasDerivedFrom")
_PART_OF = NamedNode(DCT + "isPartOf")
_LABELS = (RDFS + "label", SKOS + "prefLabel", DCT + "title")
_USERS_COUNTED = 10_000
"""Projects counted as users of a shared node before the count says "or more"."""


class Locator:
    """``where(iri)`` for the nodes of one store (cached per node)."""

    def __init__(self, store: Store):
        self.store = store
        self._cache: dict[str, str | None] = {}

    def where(self, iri: str) -> str | None:
        """Where the node ``iri`` stands, in words (see module docstring); None for a node of no list."""
        if iri not in self._cache:
            self._cache[iri] = self._where(NamedNode(iri)) if "://" in iri else None
        return self._cache[iri]

    def _where(self, node: NamedNode) -> str | None:
        if self._is_project(node):
            return self.project(node)
        file = self._value(node, FG + "fileName")
        if file is not None:
            return file
        number = self._value(node, FG + "pageNumber")
        document = self._object(node, _PART_OF)
        if number is not None and document is not None:
            return f"{self._value(document, FG + 'fileName') or compact(document.value)}, page {number}"
        users: dict[NamedNode, str] = {}  # project → the predicate by which it names the node
        for quad in self.store.quads_for_pattern(None, None, node, None):
            if quad.subject not in users and self._is_project(quad.subject):
                users[quad.subject] = compact(quad.predicate.value) or quad.predicate.value
                if len(users) > _USERS_COUNTED:
                    break
        first = next(iter(users), None)
        if first is not None and node.value.startswith(first.value + "/"):  # a part of one project: its amount
            return f"{self.project(first)}, {users[first]}"
        label = next((text for p in _LABELS if (text := self._value(node, p))), None)
        name = f"{compact(node.value)} ({label!r})" if label else compact(node.value)
        if first is None:
            return name
        count = f"{_USERS_COUNTED}+ projects" if len(users) > _USERS_COUNTED else \
            "1 project" if len(users) == 1 else f"{len(users)} projects"
        return f"{name}, used by {count}, first {self.project(first)}"

    def project(self, project: NamedNode) -> str:
        """"list.pdf, page 3, row 7 (case id 20372432)"; a project of several lists by its first (by file name)."""
        case_id = self._value(project, DCT + "identifier")
        if case_id is not None:
            name = f"case id {case_id}"
        else:
            title = self._value(project, DCT + "title")
            name = f"title {title[:60]!r}" if title else compact(project.value)
        places = sorted(filter(None, (self._place(project, quad.object, quad.graph_name)
                                      for quad in self.store.quads_for_pattern(project, _DERIVED, None, None))))
        return f"{places[0]} ({name})" if places else f"{compact(project.value)} ({name})"

    def _place(self, project: NamedNode, document, graph) -> str | None:
        if not isinstance(document, NamedNode):
            return None
        file = self._value(document, FG + "fileName") or compact(document.value)

        def numbers(predicate: str) -> tuple[int, ...]:
            found = self.store.quads_for_pattern(project, NamedNode(predicate), None, graph)
            return tuple(sorted(int(q.object.value) for q in found if isinstance(q.object, Literal)))

        pages = tuple(sorted(int(p) for q in self.store.quads_for_pattern(project, NamedNode(FG + "sourcePage"), None, graph)
                             if (p := self._value(q.object, FG + "pageNumber")) is not None))
        row = numbers(FG + "listRow")
        sheet = next((q.object.value for q in self.store.quads_for_pattern(
            project, NamedNode(FG + "sourceSheet"), None, graph)), None)
        where = Source(document=file, sha256="", pages=pages, sheet=sheet, rows=numbers(FG + "sheetRow"),
                       lines=numbers(FG + "sourceLine")).where()
        if pages and row:  # a PDF's row: its position in the list, as extraction's messages give it
            where += f", row {row[0]}"
        return ", ".join(part for part in (file, where) if part)

    def _is_project(self, node) -> bool:
        if not isinstance(node, NamedNode):
            return False
        return any(True for _ in islice(self.store.quads_for_pattern(node, _TYPE, _PROJECT, None), 1)) or \
            any(True for _ in islice(self.store.quads_for_pattern(node, _DERIVED, None, None), 1))

    def _object(self, node, predicate: NamedNode):
        return next((q.object for q in self.store.quads_for_pattern(node, predicate, None, None)), None)

    def _value(self, node, predicate: str) -> str | None:
        if not isinstance(node, NamedNode):
            return None
        term = self._object(node, NamedNode(predicate))
        return term.value if isinstance(term, Literal) else None
