"""The published catalogue (DCAT) and VoID description as resources the server can describe.

``publish`` mints the catalogue's IRIs under the base IRI (``catalog``, ``dataset``,
``dataset/distribution/<file>``, ``dataset/temporal``, ``dataset/partition/…``, ``service/sparql``,
``contact``: ``publish.catalog`` and ``publish.void``) but writes their triples to catalog.ttl and
void.ttl, not to the store. So that those IRIs dereference like every other, both files are read once
at start-up into a small in-memory store (tens of triples per distribution) that resources fall back to.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph

from .backend import LocalBackend

CATALOGUE_FILES = ("catalog.ttl", "void.ttl")


def catalogue_backend(directory: Path | None) -> LocalBackend | None:
    """A backend over ``directory``'s catalog.ttl and void.ttl (whichever exist), or None when there are
    neither. Raises SyntaxError for a file that is not Turtle (publish writes them, so that is a bug)."""
    if directory is None:
        return None
    paths = [directory / name for name in CATALOGUE_FILES if (directory / name).is_file()]
    if not paths:
        return None
    store = pyoxigraph.Store()
    for path in paths:
        store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    return LocalBackend(store)
