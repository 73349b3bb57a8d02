"""Reconciliation: propose links from our beneficiaries and projects to other datasets, for review.

``link_beneficiaries`` asks a Wikidata-shaped endpoint (``settings.link_endpoint``) and updates
``links/beneficiaries.csv``; ``link_projects`` asks the EU Knowledge Graph behind Kohesio
(``settings.kohesio_endpoint``) and updates ``links/projects.csv``. Both read the existing table first
(a malformed one stops them before any query), query, and write only after every query succeeded, so
an endpoint failure (``LinkError``) leaves the table as it was. Table format and merge rules:
``fundgraph.mapping.links``; queries and scores: ``wikidata``, ``kohesio``.

What to link comes from ``read_inputs``: lists (PDF, read exactly with ``fundgraph.extract``), records
written by ``fundgraph extract`` (JSON Lines), or a published folder (its ``dataset.nt``, streamed).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from ...config import Settings
from ...errors import ExtractError
from ...extract.records import ProjectRecord
from ..links import ACCEPTED, BENEFICIARIES, PENDING, PROJECTS, LinkRow, TableKind, merge_rows, read_table, \
    table_path, write_table
from ..organisations import organisation_key
from ..vocab import DCT, FG, RDF, RDFS
from .kohesio import project_candidates
from .wikidata import beneficiary_candidates


@dataclass
class LinkInputs:
    """What to link: beneficiary names as printed, and projects as case id → title."""

    beneficiaries: set[str] = field(default_factory=set)
    projects: dict[str, str] = field(default_factory=dict)

    def add_record(self, record: ProjectRecord) -> None:
        if record.beneficiary:
            self.beneficiaries.add(record.beneficiary)
        self.projects.setdefault(record.case_id, record.title or "")


@dataclass(frozen=True)
class LinkResult:
    """What one linking run did to a table: ``path``, keys asked, candidates found, rows added by status."""

    path: Path
    endpoint: str
    asked: int
    candidates: int
    added_pending: int
    added_accepted: int
    rows: int

    def summary(self) -> str:
        """One line for a person: what was asked where, and what to review."""
        return (f"{self.path}: asked {self.endpoint} about {self.asked}, found {self.candidates} candidate(s); "
                f"added {self.added_accepted} accepted and {self.added_pending} pending; {self.rows} row(s) in all")


def _read_jsonl(path: Path, inputs: LinkInputs) -> None:
    try:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    try:
                        inputs.add_record(ProjectRecord.from_json(json.loads(line)))
                    except (ValueError, TypeError, KeyError, AttributeError) as error:
                        raise ExtractError(f"not a project record ({type(error).__name__})",
                                           file=str(path), cell=f"line {number}") from None
    except OSError as error:
        raise ExtractError(f"cannot read ({error.strerror or error})", file=str(path)) from None


def _read_published(folder: Path, inputs: LinkInputs) -> None:
    # dataset.nt is the union of all graphs; stream it keeping only the few values linking needs.
    dump = folder / "dataset.nt"
    rdf_type, label, identifier, title = (pyoxigraph.NamedNode(RDF + "type"), pyoxigraph.NamedNode(RDFS + "label"),
                                          pyoxigraph.NamedNode(DCT + "identifier"), pyoxigraph.NamedNode(DCT + "title"))
    beneficiary, project = pyoxigraph.NamedNode(FG + "Beneficiary"), pyoxigraph.NamedNode(FG + "Project")
    beneficiaries, projects = set(), set()
    labels: dict[pyoxigraph.NamedNode, str] = {}
    ids: dict[pyoxigraph.NamedNode, str] = {}
    titles: dict[pyoxigraph.NamedNode, str] = {}
    try:
        for triple in pyoxigraph.parse(path=dump, format=pyoxigraph.RdfFormat.N_TRIPLES):
            subject, predicate, value = triple.subject, triple.predicate, triple.object
            if predicate == rdf_type:
                if value == beneficiary:
                    beneficiaries.add(subject)
                elif value == project:
                    projects.add(subject)
            elif predicate == label and isinstance(value, pyoxigraph.Literal):
                labels.setdefault(subject, value.value)
            elif predicate == identifier and isinstance(value, pyoxigraph.Literal):
                ids.setdefault(subject, value.value)
            elif predicate == title and isinstance(value, pyoxigraph.Literal):
                titles.setdefault(subject, value.value)
    except OSError as error:
        raise ExtractError(f"not a published folder: cannot read dataset.nt ({error.strerror or error})",
                           file=str(folder)) from None
    except SyntaxError as error:
        raise ExtractError(f"dataset.nt is not N-Triples ({error})", file=str(folder)) from None
    inputs.beneficiaries.update(labels[s] for s in beneficiaries if s in labels)
    for subject in projects:
        if subject in ids:
            inputs.projects.setdefault(ids[subject], titles.get(subject, ""))


def read_inputs(paths: Iterable[Path]) -> LinkInputs:
    """Collect beneficiaries and projects from lists (``.pdf``), ``fundgraph extract`` output (``.jsonl``)
    and published folders (a directory: its ``dataset.nt``; beneficiaries are ``fg:Beneficiary`` with their
    ``rdfs:label``, projects ``fg:Project`` with ``dct:identifier`` and ``dct:title``, see docs/data-model.md).

    Raises ``ExtractError`` for a list that cannot be read exactly, a JSON Lines line that is not a
    record, or a folder without a readable ``dataset.nt``.
    """
    inputs = LinkInputs()
    for path in map(Path, paths):
        if path.is_dir():
            _read_published(path, inputs)
        elif path.suffix.lower() == ".pdf":
            from ...extract import extract_projects

            for record in extract_projects(path):
                inputs.add_record(record)
        else:
            _read_jsonl(path, inputs)
    return inputs


def _update(settings: Settings, kind: TableKind, endpoint: str, asked: int, found: list[LinkRow],
            auto_accept: bool) -> LinkResult:
    path = table_path(settings, kind)
    existing = read_table(path, kind)
    before = {(row.key, row.candidate) for row in existing}
    merged = merge_rows(existing, found, auto_accept=auto_accept)
    added = [row for row in merged if (row.key, row.candidate) not in before]
    write_table(path, kind, merged)
    return LinkResult(path, endpoint, asked, len(found),
                      sum(row.status == PENDING for row in added), sum(row.status == ACCEPTED for row in added),
                      len(merged))


def link_beneficiaries(names: Iterable[str], settings: Settings, *, endpoint: str | None = None,
                       auto_accept: bool = True) -> LinkResult:
    """Reconcile beneficiaries (names as printed) at ``endpoint`` (default ``settings.link_endpoint``).

    Updates ``{links_dir}/beneficiaries.csv``. Raises ``LinkError`` (endpoint failed; table untouched),
    ``LinkTableError`` (the existing table is malformed or cannot be written).
    """
    endpoint = endpoint or settings.link_endpoint
    names = sorted(set(names))
    existing = read_table(table_path(settings, BENEFICIARIES), BENEFICIARIES)  # malformed: stop before querying
    if not names:
        return LinkResult(table_path(settings, BENEFICIARIES), endpoint, 0, 0, 0, 0, len(existing))
    found = beneficiary_candidates(names, endpoint, settings.link_timeout)
    asked = len({organisation_key(name) for name in names})
    return _update(settings, BENEFICIARIES, endpoint, asked, found, auto_accept)


def link_projects(projects: Iterable[tuple[str, str]], settings: Settings, *, endpoint: str | None = None,
                  auto_accept: bool = True) -> LinkResult:
    """Reconcile projects, ``(case_id, title)`` pairs, at the Kohesio graph ``endpoint``
    (default ``settings.kohesio_endpoint``).

    Updates ``{links_dir}/projects.csv``. Raises ``LinkError`` (endpoint failed; table untouched),
    ``LinkTableError`` (the existing table is malformed or cannot be written).
    """
    endpoint = endpoint or settings.kohesio_endpoint
    projects = dict(projects)
    existing = read_table(table_path(settings, PROJECTS), PROJECTS)
    if not projects:
        return LinkResult(table_path(settings, PROJECTS), endpoint, 0, 0, 0, 0, len(existing))
    found = project_candidates(sorted(projects.items()), endpoint, settings.link_timeout)
    return _update(settings, PROJECTS, endpoint, len(projects), found, auto_accept)


__all__ = ["LinkInputs", "LinkResult", "link_beneficiaries", "link_projects", "read_inputs"]
