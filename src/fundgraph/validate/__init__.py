"""Validation: fundgraph data against the SHACL shapes in shapes/.

``validate_store`` checks a pyoxigraph store (the union of its graphs) with one of two engines for
the SHACL-Core constraints: ``sparql`` (default) compiles the shapes into SPARQL queries Oxigraph runs
over the whole store (``compiled``; tested to report what pyshacl reports); ``pyshacl`` runs pyshacl
in batches of focus nodes (reference concepts once, then ``batch_size`` projects at a time with the
nodes they point to). Either way the SHACL-SPARQL constraints and dataset-level rules (unique case
ids) run as queries over the whole store. ``validate_files`` loads RDF files first.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from itertools import chain, islice
from pathlib import Path

import pyoxigraph

from ..config import Settings
from ..errors import ConfigError, InputError
from ..formats import BY_EXTENSION
from ..mapping.vocab import FG, RDF
from .batches import project_batch_data, reference_batch_data
from .compiled import compile_shapes, focus_nodes_query, run_checks, run_checks_in_processes
from .compiled.run import count
from .compiled.texts import text_results
from .dataset_checks import dataset_results
from .locate import Locator
from .parallel import check_in_parallel
from .report import ValidationReport, ValidationResult
from .shacl import check, load_shapes, split_sparql

__all__ = ["ENGINES", "ValidationReport", "ValidationResult", "validate_files", "validate_store"]

ENGINES = ("sparql", "pyshacl")
RESULT_LIMIT = 10_000
"""Results the ``sparql`` engine collects before it stops (the report says so): memory stays bounded."""

DEFAULT_BATCH_SIZE = 1000
PARALLEL_FROM = 3
"""Batches of projects from which ``validate_store`` uses worker processes (starting them costs ~1 s)."""


def validate_store(store: pyoxigraph.Store, settings: Settings, *, engine: str = "sparql",
                   batch_size: int = DEFAULT_BATCH_SIZE, workers: int | None = None,
                   limit: int = RESULT_LIMIT, store_path: Path | None = None,
                   ntriples: Path | None = None) -> ValidationReport:
    """Validate all data in ``store`` (default graph = union of its graphs); returns the report.

    ``engine`` "sparql": the shapes compiled to SPARQL, run by Oxigraph; it stops after ``limit``
    results, with a note in the report. Given ``store_path``, the folder of ``store`` on disk (not
    written to while validating), its queries run in ``workers`` processes (default: one per core),
    each opening the store read-only. ``engine`` "pyshacl": ``batch_size`` projects are checked at a
    time (memory grows with it, not with the store), in ``workers`` processes (default: one per core
    once there are ``PARALLEL_FROM`` batches, else 1). Either way the report's ``locations`` say where each
    result's node stands in the lists (``locate.Locator``). ``ntriples``: an N-Triples file holding the
    store's triples (publish's dump spool): the control-character rule reads its text instead of every
    literal of the store (``compiled.texts``; the same results, in a fraction of the time). Raises ConfigError for an unknown engine,
    compiled.UnsupportedShapeError if the sparql engine meets a SHACL feature it does not compile,
    FileNotFoundError if the shapes are missing from the installation.
    """
    if engine not in ENGINES:
        raise ConfigError(f"unknown validation engine {engine!r} (known: {', '.join(ENGINES)})")
    shapes, sparql_checks = split_sparql(load_shapes())
    if engine == "sparql":
        report = _validate_compiled(store, shapes, sparql_checks, limit, store_path, workers or os.cpu_count() or 1,
                                    ntriples)
    else:
        report = _validate_in_batches(store, shapes, sparql_checks, batch_size, workers, ntriples)
    locator = Locator(store)
    for result in (*report.violations, *report.warnings, *report.infos):
        where = locator.where(result.focus_node)
        if where is not None:
            report.locations[result.focus_node] = where
    return report


def _validate_in_batches(store: pyoxigraph.Store, shapes, sparql_checks, batch_size: int,
                         workers: int | None, ntriples: Path | None) -> ValidationReport:
    """The ``pyshacl`` engine: the reference batch, then the project batches, then the SPARQL constraints."""
    report = ValidationReport()
    reference = reference_batch_data(store)
    batches = chain([reference] if reference is not None else [], project_batch_data(store, batch_size))
    if workers is None:
        workers = (os.cpu_count() or 1) if _has_projects(store, PARALLEL_FROM * batch_size) else 1
    if workers > 1:
        counts = [0, 0]
        for result in check_in_parallel(batches, shapes, workers, counts):
            report.add(result)
        report.batches, report.focus_nodes = counts
    else:
        for data in batches:
            batch = data.batch()
            report.batches += 1
            report.focus_nodes += len(batch.focus_nodes)
            for result in check(batch.graph, shapes, batch.focus_nodes):
                report.add(result)
    for result in _dataset_results(store, sparql_checks, ntriples):
        report.add(result)
    return report


def _validate_compiled(store: pyoxigraph.Store, shapes, sparql_checks, limit: int, store_path: Path | None,
                       workers: int, ntriples: Path | None) -> ValidationReport:
    """The ``sparql`` engine: each compiled check, then the SPARQL constraints and dataset rules."""
    report = ValidationReport()
    checks = compile_shapes(shapes)
    count_query = focus_nodes_query(shapes)
    report.notes.append(f"SHACL-Core shapes compiled to {len(checks)} SPARQL queries run over the whole store "
                        "(engine: sparql)")
    counted: list[int] = []
    if store_path is not None and workers > 1:
        # The count of the nodes checked is one more task of the processes (it takes as long as a few checks).
        results = run_checks_in_processes(store_path, checks, workers, limit=limit, sparql_checks=sparql_checks,
                                          ntriples=ntriples, count_query=count_query, counted=counted.append)
    else:
        results = chain(run_checks(store, checks), _dataset_results(store, sparql_checks, ntriples))
    for result in results:
        report.add(result)
        if len(report.violations) + len(report.warnings) + len(report.infos) >= limit:
            report.notes.append(f"stopped after {limit} result(s): more may exist")
            break
    report.focus_nodes = counted[0] if counted else count(store, count_query)  # stopped early: not counted yet
    return report


def _dataset_results(store: pyoxigraph.Store, sparql_checks, ntriples: Path | None):
    """``dataset_results``, the control-character rule read from ``ntriples`` when given."""
    if ntriples is None:
        return dataset_results(store, sparql_checks)
    return chain(dataset_results(store, sparql_checks, control_characters=False), text_results(ntriples))


def _has_projects(store: pyoxigraph.Store, count: int) -> bool:
    """Whether ``store`` holds at least ``count`` projects (counts no further)."""
    typed = store.quads_for_pattern(None, pyoxigraph.NamedNode(RDF + "type"), pyoxigraph.NamedNode(FG + "Project"))
    return sum(1 for _ in islice(typed, count)) >= count


def validate_files(paths: Iterable[Path], settings: Settings, *, engine: str = "sparql",
                   batch_size: int = DEFAULT_BATCH_SIZE) -> ValidationReport:
    """Load RDF files (format by extension: .ttl .nt .nq .trig .jsonld .rdf) and validate them together
    with ``engine`` (see ``validate_store``).

    Raises InputError naming the file for an unknown extension, a file that cannot be read or does not parse.
    """
    store = pyoxigraph.Store()
    for path in paths:
        path = Path(path)
        fmt = BY_EXTENSION.get(path.suffix.lstrip(".").lower())
        if fmt is None or fmt.oxigraph is None:
            known = ", ".join(f".{f.extension}" for f in BY_EXTENSION.values() if f.oxigraph is not None)
            raise InputError(f"{path}: not an RDF file by its extension (known: {known})")
        try:
            # Triples go to a graph named after the file so that the union default graph sees them.
            store.bulk_load(path=path, format=fmt.oxigraph,
                            to_graph=None if fmt.quads else pyoxigraph.NamedNode(path.resolve().as_uri()))
        except (SyntaxError, ValueError, OSError) as error:
            raise InputError(f"{path}: cannot read as {fmt.label}: {error}") from None
    return validate_store(store, settings, engine=engine, batch_size=batch_size)
