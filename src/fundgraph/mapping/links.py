"""The reviewable link tables (``links/beneficiaries.csv``, ``links/projects.csv``) and their owl:sameAs.

``fundgraph link`` proposes candidates from a remote SPARQL endpoint; a person reviews them by
editing the ``status`` column; ``publish`` turns accepted rows into ``owl:sameAs`` with
``link_quads`` — reading only these files, never the network.

A table is UTF-8 CSV (RFC 4180) with a header row:

================  =======================================================================
beneficiaries     ``name_key, name, candidate, label, score, status``
projects          ``case_id, title, candidate, label, score, status``
================  =======================================================================

``name_key`` is the beneficiary's normalised name key (the key of its IRI ``organisation/{key}``),
``case_id`` the list's case id (``project/{case_id}``); ``name``/``title`` say what was looked for, as
printed; ``candidate`` is the external IRI (Wikidata entity, Kohesio project), ``label`` its label,
``score`` 0.00–1.00 (see ``fundgraph.mapping.reconcile``), ``status`` one of accepted, rejected,
pending. Rows are sorted by key, then score (highest first), then candidate.

Merging a new run into a table (``merge_rows``) never overrides a person: accepted and rejected rows
stay exactly as they are; a candidate seen before and still pending gets its fresh label and score;
a new candidate arrives as pending — or accepted when ``auto_accept`` is on and the rule of
``auto_accepted`` holds; rows of keys not in this run stay untouched (a table may cover many lists).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph

from ..config import Settings
from ..errors import LinkTableError
from . import iris
from .vocab import FG, OWL, RDF

ACCEPTED, REJECTED, PENDING = "accepted", "rejected", "pending"
STATUSES = (ACCEPTED, REJECTED, PENDING)


@dataclass(frozen=True)
class TableKind:
    """What one link table holds: its file name and its key and name columns."""

    file_name: str
    key_column: str
    name_column: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.key_column, self.name_column, "candidate", "label", "score", "status")


BENEFICIARIES = TableKind("beneficiaries.csv", "name_key", "name")
PROJECTS = TableKind("projects.csv", "case_id", "title")
_KIND_CLASS = {BENEFICIARIES: FG + "Beneficiary", PROJECTS: FG + "Project"}
"""The class a table's subjects have in the data (what ``link_quads(store=...)`` checks)."""


@dataclass(frozen=True)
class LinkRow:
    """One candidate link: our ``key`` (name key or case id) → ``candidate`` IRI, with ``score`` in [0, 1]."""

    key: str
    name: str
    candidate: str
    label: str
    score: float
    status: str = PENDING


def table_path(settings: Settings, kind: TableKind) -> Path:
    """Return the path of a link table in ``settings.links_dir``."""
    return Path(settings.links_dir) / kind.file_name


def read_table(path: Path, kind: TableKind) -> list[LinkRow]:
    """Read a link table; a missing file is an empty table.

    Status is read case-insensitively ("Accepted" is accepted). Raises ``LinkTableError`` naming the file
    and line for a missing column, an unknown status, a score that is not a number in [0, 1], an empty
    key or candidate, or the same (key, candidate) twice.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as error:
        raise LinkTableError(f"{path}: cannot read the link table ({error.__class__.__name__})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in kind.columns if c not in (reader.fieldnames or [])]
    if missing:
        raise LinkTableError(f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(kind.columns)}")
    rows: list[LinkRow] = []
    seen: set[tuple[str, str]] = set()
    for record in reader:
        line = reader.line_num
        key, candidate = (record[kind.key_column] or "").strip(), (record["candidate"] or "").strip()
        status = (record["status"] or "").strip().lower()
        if not key or not candidate:
            raise LinkTableError(f"{path}, line {line}: {kind.key_column} and candidate must not be empty")
        if status not in STATUSES:
            raise LinkTableError(
                f"{path}, line {line}: status {record['status']!r} is not one of {', '.join(STATUSES)}")
        try:
            score = float(record["score"])
        except (TypeError, ValueError):
            raise LinkTableError(f"{path}, line {line}: score {record['score']!r} is not a number") from None
        if not 0.0 <= score <= 1.0:
            raise LinkTableError(f"{path}, line {line}: score {score} is not between 0 and 1")
        if (key, candidate) in seen:
            raise LinkTableError(f"{path}, line {line}: {key} → {candidate} appears twice")
        seen.add((key, candidate))
        rows.append(LinkRow(key, (record[kind.name_column] or "").strip(), candidate,
                            (record["label"] or "").strip(), score, status))
    return rows


def _sorted(rows: Iterable[LinkRow]) -> list[LinkRow]:
    return sorted(rows, key=lambda r: (r.key, -r.score, r.candidate))


def write_table(path: Path, kind: TableKind, rows: Iterable[LinkRow]) -> None:
    """Write a link table atomically: to a temporary file beside ``path``, then renamed over it.

    Creates the folder if needed. Raises ``LinkTableError`` if the folder or file cannot be written
    (the old table is then left as it was).
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", newline="", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    except OSError as error:
        raise LinkTableError(f"{path}: cannot write the link table ({error.strerror or error})") from None
    try:
        with handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(kind.columns)
            for row in _sorted(rows):
                writer.writerow((row.key, row.name, row.candidate, row.label, f"{row.score:.2f}", row.status))
        os.replace(handle.name, path)
    except OSError as error:
        Path(handle.name).unlink(missing_ok=True)
        raise LinkTableError(f"{path}: cannot write the link table ({error.strerror or error})") from None


def auto_accepted(candidate: LinkRow, found_for_key: list[LinkRow], decided_keys: Container[str]) -> bool:
    """The auto-accept rule: True only if every signal agrees and nothing speaks against it.

    That is: ``candidate.score`` is 1.0 (an exact normalised match that every scored signal confirms),
    it is the only candidate of its key scoring 1.0 in this run, and no person has decided (accepted or
    rejected) any row of that key before. Anything less waits for review as pending.
    """
    if candidate.score < 1.0 or candidate.key in decided_keys:
        return False
    return sum(1 for other in found_for_key if other.score >= 1.0) == 1


def merge_rows(existing: Iterable[LinkRow], found: Iterable[LinkRow], *, auto_accept: bool = True) -> list[LinkRow]:
    """Merge candidates ``found`` by a new run into the ``existing`` table rows; return the new table.

    Rules in the module docstring; ``found`` rows' status is ignored (they are proposals).
    """
    table = {(row.key, row.candidate): row for row in existing}
    decided_keys = {row.key for row in table.values() if row.status != PENDING}
    by_key: dict[str, list[LinkRow]] = {}
    for row in found:
        by_key.setdefault(row.key, []).append(row)
    for key, rows in by_key.items():
        for row in rows:
            old = table.get((key, row.candidate))
            if old is not None:
                if old.status == PENDING:
                    table[(key, row.candidate)] = replace(old, name=row.name, label=row.label, score=row.score)
                continue
            status = ACCEPTED if auto_accept and auto_accepted(row, rows, decided_keys) else PENDING
            table[(key, row.candidate)] = replace(row, status=status)
    return _sorted(table.values())


def link_quads(settings: Settings, *, store: pyoxigraph.Store | None = None,
               organisation_keys: Container[str] | None = None,
               case_ids: Container[str] | None = None) -> Iterator[pyoxigraph.Quad]:
    """Yield ``owl:sameAs`` quads for the ACCEPTED rows of both link tables; no network.

    ``<{base}organisation/{name_key}> owl:sameAs <candidate>`` from ``beneficiaries.csv`` and
    ``<{base}project/{case_id}> owl:sameAs <candidate>`` from ``projects.csv``, all in the default graph:
    links are curated facts of the dataset, not something a source document says. Missing tables yield
    nothing. To keep only links of resources in the published data, give ``store`` (a row is kept when
    its subject is ``a fg:Beneficiary`` / ``a fg:Project`` in some graph of it: one index lookup per
    accepted row, the tables being small and the store big) or the keys themselves (``organisation_keys``,
    ``case_ids``, for small data). Raises ``LinkTableError`` for a malformed table or a candidate that is
    not an absolute IRI.
    """
    base = settings.base_iri
    graph = pyoxigraph.DefaultGraph()
    same_as = pyoxigraph.NamedNode(OWL + "sameAs")
    rdf_type = pyoxigraph.NamedNode(RDF + "type")
    for kind, mint, keep in ((BENEFICIARIES, iris.organisation, organisation_keys),
                             (PROJECTS, iris.project, case_ids)):
        path = table_path(settings, kind)
        cls = pyoxigraph.NamedNode(_KIND_CLASS[kind])
        for row in read_table(path, kind):
            if row.status != ACCEPTED or (keep is not None and row.key not in keep):
                continue
            subject = pyoxigraph.NamedNode(mint(base, row.key))
            if store is not None and next(iter(store.quads_for_pattern(subject, rdf_type, cls)), None) is None:
                continue
            if not row.candidate.startswith(("http://", "https://")):
                raise LinkTableError(f"{path}: candidate {row.candidate!r} of {row.key} is not an http(s) IRI")
            try:
                target = pyoxigraph.NamedNode(row.candidate)
            except ValueError:
                raise LinkTableError(f"{path}: candidate {row.candidate!r} of {row.key} is not a valid IRI") from None
            yield pyoxigraph.Quad(subject, same_as, target, graph)
