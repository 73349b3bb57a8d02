"""Reconciliation: propose links from our beneficiaries and projects to other datasets, for review.

``link_beneficiaries`` asks a Wikidata-shaped endpoint (``settings.link_endpoint``) and updates
``links/beneficiaries.csv``; ``link_projects`` asks the EU Knowledge Graph behind Kohesio
(``settings.kohesio_endpoint``) and updates ``links/projects.csv``. Both query first and write only
after every query has succeeded, so an endpoint failure (``LinkError``) leaves the table as it was.
Table format and merge rules: ``fundgraph.mapping.links``; queries and scores: ``wikidata``, ``kohesio``.

Input is project records: from lists (PDF, read with ``fundgraph.extract``) or from the JSON Lines
that ``fundgraph extract`` writes (``read_records``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ...config import Settings
from ...errors import ExtractError
from ...extract.records import ProjectRecord
from ..links import ACCEPTED, BENEFICIARIES, PENDING, PROJECTS, LinkRow, TableKind, merge_rows, read_table, \
    table_path, write_table
from ._stopgap_names import beneficiary_key
from .kohesio import project_candidates
from .wikidata import beneficiary_candidates


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


def read_records(paths: Iterable[Path]) -> Iterator[ProjectRecord]:
    """Yield the project records of lists (``.pdf``) and of extracted records (``.jsonl``, ``fundgraph extract``).

    Raises ``ExtractError`` for a list that cannot be read exactly or a JSON Lines file that is not records.
    """
    for path in map(Path, paths):
        if path.suffix.lower() == ".pdf":
            from ...extract import extract_projects

            yield from extract_projects(path)
            continue
        try:
            with path.open(encoding="utf-8") as lines:
                for number, line in enumerate(lines, 1):
                    if line.strip():
                        try:
                            yield ProjectRecord.from_json(json.loads(line))
                        except (ValueError, TypeError, KeyError) as error:
                            raise ExtractError(f"not a project record ({type(error).__name__})",
                                               file=str(path), cell=f"line {number}") from None
        except OSError as error:
            raise ExtractError(f"cannot read ({error.strerror or error})", file=str(path)) from None


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


def link_beneficiaries(records: Iterable[ProjectRecord], settings: Settings, *, endpoint: str | None = None,
                       auto_accept: bool = True) -> LinkResult:
    """Reconcile the records' beneficiaries at ``endpoint`` (default ``settings.link_endpoint``).

    Updates ``{links_dir}/beneficiaries.csv``. Raises ``LinkError`` (endpoint failed; table untouched),
    ``LinkTableError`` (the existing table is malformed or cannot be written).
    """
    endpoint = endpoint or settings.link_endpoint
    names = {record.beneficiary for record in records}
    path = table_path(settings, BENEFICIARIES)
    read_table(path, BENEFICIARIES)  # a malformed table stops us before any remote query
    found = beneficiary_candidates(sorted(names), endpoint, settings.link_timeout)
    asked = len({beneficiary_key(name) for name in names})
    return _update(settings, BENEFICIARIES, endpoint, asked, found, auto_accept)


def link_projects(records: Iterable[ProjectRecord], settings: Settings, *, endpoint: str | None = None,
                  auto_accept: bool = True) -> LinkResult:
    """Reconcile the records' projects at the Kohesio graph ``endpoint`` (default ``settings.kohesio_endpoint``).

    Updates ``{links_dir}/projects.csv``. Raises ``LinkError`` (endpoint failed; table untouched),
    ``LinkTableError`` (the existing table is malformed or cannot be written).
    """
    endpoint = endpoint or settings.kohesio_endpoint
    projects = {record.case_id: record.title for record in records}
    read_table(table_path(settings, PROJECTS), PROJECTS)
    found = project_candidates(sorted(projects.items()), endpoint, settings.link_timeout)
    return _update(settings, PROJECTS, endpoint, len(projects), found, auto_accept)


__all__ = ["LinkResult", "link_beneficiaries", "link_projects", "read_records"]
