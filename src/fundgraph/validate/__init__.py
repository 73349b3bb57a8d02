"""Validation: fundgraph data against the SHACL shapes in shapes/, in bounded batches.

``validate_store`` checks a pyoxigraph store (the union of its graphs) in batches of focus nodes
(reference concepts once, then ``batch_size`` projects at a time with the nodes they point to)
plus dataset-level checks (unique case ids); ``validate_files`` loads RDF files first.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph

from ..config import Settings
from ..errors import FundgraphError
from ..formats import BY_EXTENSION
from .batches import project_batches, reference_batch
from .dataset_checks import dataset_results
from .report import ValidationReport, ValidationResult
from .shacl import check, load_shapes

__all__ = ["ValidationReport", "ValidationResult", "validate_files", "validate_store"]

DEFAULT_BATCH_SIZE = 1000


def validate_store(store: pyoxigraph.Store, settings: Settings, *, batch_size: int = DEFAULT_BATCH_SIZE
                   ) -> ValidationReport:
    """Validate all data in ``store`` (default graph = union of its graphs); returns the report.

    ``batch_size`` projects are checked at a time (memory grows with it, not with the store).
    Raises FileNotFoundError if the shapes are missing from the installation.
    """
    shapes = load_shapes()
    report = ValidationReport()
    batches = [b for b in (reference_batch(store),) if b is not None]
    for batch in (*batches, *project_batches(store, batch_size)):
        report.batches += 1
        report.focus_nodes += len(batch.focus_nodes)
        for result in check(batch.graph, shapes, batch.focus_nodes):
            report.add(result)
    for result in dataset_results(store):
        report.add(result)
    return report


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
