"""Locate the files fundgraph ships beside its code: ontology, shapes and reference tables.

``ontology/`` and ``shapes/`` live at the top of the repository (they are read by people and other
tools as much as by fundgraph); ``reference/`` lives inside the package. An installed wheel carries
copies of all three inside the package, a checkout (editable install) reads them in place.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPOSITORY = _PACKAGE.parent.parent


def resource_dir(kind: str) -> Path:
    """Return the folder holding ``kind`` ("ontology", "shapes" or "reference").

    Raises FileNotFoundError when neither the package nor the checkout has it.
    """
    for candidate in (_PACKAGE / kind, _REPOSITORY / kind):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"fundgraph resource folder {kind!r} not found")


def resource_path(kind: str, name: str) -> Path:
    """Return the path of file ``name`` in resource folder ``kind``."""
    return resource_dir(kind) / name
