"""Validation: fundgraph data against the SHACL shapes in shapes/, in bounded batches.

``validate_store`` checks a pyoxigraph store (the union of its graphs): the SHACL-Core constraints
with pyshacl in batches of focus nodes (reference concepts once, then ``batch_size`` projects at a
time with the nodes they point to), the SHACL-SPARQL constraints and dataset-level rules (unique
case ids) as queries over the whole store. ``validate_files`` loads RDF files first.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from itertools import chain, islice
from pathlib import Path

import pyoxigraph

from ..config import Settings
from ..errors import FundgraphError
from ..formats import BY_EXTENSION
from ..mapping.vocab import FG, RDF
from .batches import project_batch_data, reference_batch_data
from .dataset_checks import dataset_results
from .parallel import check_in_parallel
from .report import ValidationReport, ValidationResult
from .shacl import check, load_shapes, split_sparql

__all__ = ["ValidationReport", "ValidationResult", "validate_files", "validate_store"]

DEFAULT_BATCH_SIZE = 1000
PARALLEL_FROM = 3
"""Batches of projects from which ``validate_store`` uses worker processes (starting them costs ~1 s)."""


def validate_store(store: pyoxigraph.Store, settings: Settings, *, batch_size: int = DEFAULT_BATCH_SIZE,
                   workers: int | None = None) -> ValidationReport:
    """Validate all data in ``store`` (default graph = union of its graphs); returns the report.

    ``batch_size`` projects are checked at a time (memory grows with it, not with the store), in
    ``workers`` processes (default: one per core once there are ``PARALLEL_FROM`` batches, else 1).
    Raises FileNotFoundError if the shapes are missing from the installation.
    """
    shapes, sparql_checks = split_sparql(load_shapes())
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
    for result in dataset_results(store, sparql_checks):
        report.add(result)
    return report


def _has_projects(store: pyoxigraph.Store, count: int) -> bool:
    """Whether ``store`` holds at least ``count`` projects (counts no further)."""
    typed = store.quads_for_pattern(None, pyoxigraph.NamedNode(RDF + "type"), pyoxigraph.NamedNode(FG + "Project"))
    return sum(1 for _ in islice(typed, count)) >= count


def validate_files(paths: Iterable[Path], settings: Settings, *, batch_size: int = DEFAULT_BATCH_SIZE
                   ) -> ValidationReport:
    """Load RDF files (format by extension: .ttl .nt .nq .trig .jsonld .rdf) and validate them together.

    Raises FundgraphError naming the file for an unknown extension or a file that does not parse.
    """
    store = pyoxigraph.Store()
    for path in paths:
        path = Path(path)
        fmt = BY_EXTENSION.get(path.suffix.lstrip(".").lower())
        if fmt is None or fmt.oxigraph is None:
            known = ", ".join(f".{f.extension}" for f in BY_EXTENSION.values() if f.oxigraph is not None)
            raise FundgraphError(f"{path}: not an RDF file by its extension (known: {known})")
        try:
            # Triples go to a graph named after the file so that the union default graph sees them.
            store.bulk_load(path=path, format=fmt.oxigraph,
                            to_graph=None if fmt.quads else pyoxigraph.NamedNode(path.resolve().as_uri()))
        except (SyntaxError, ValueError, OSError) as error:
            raise FundgraphError(f"{path}: cannot read as {fmt.label}: {error}") from None
    return validate_store(store, settings, batch_size=batch_size)
