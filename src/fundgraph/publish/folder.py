"""What a publication folder holds, and which existing folder ``publish`` may replace.

``publish --out DIR`` replaces DIR as a whole, so it must never be pointed at a folder of the user's by
mistake (``--out .``, ``--out ~``). A folder may be replaced only when it does not exist, is empty, or is
an earlier fundgraph publication: it holds ``publication.json`` that parses to an object naming a
``base_iri`` and listing its ``files``, a ``store/`` folder, and nothing else but the files that
``publication.json`` lists. A file someone added by hand makes it not a publication any more: the folder
is refused rather than the file lost. A publication folder is a link to its current release
(``atomic``): such a link, pointing into the folder's own releases, is judged by its release; any other
link is refused.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import PublishError

STORE_DIR = "store"
FIGURES_JSON = "figures.json"
PUBLICATION_JSON = "publication.json"


def is_publication(folder: Path) -> bool:
    """Whether ``folder`` is an earlier fundgraph publication (rule in the module docstring)."""
    folder = Path(folder)
    try:
        publication = json.loads((folder / PUBLICATION_JSON).read_text(encoding="utf-8"))
        names = {entry.name for entry in folder.iterdir()}
    except (OSError, ValueError):
        return False
    if not (isinstance(publication, dict) and isinstance(publication.get("base_iri"), str)
            and publication["base_iri"] and isinstance(publication.get("files"), dict)):
        return False
    if not (folder / STORE_DIR).is_dir() or (folder / STORE_DIR).is_symlink():
        return False
    return names <= {PUBLICATION_JSON, STORE_DIR, *publication["files"]}


def is_release_link(folder: Path) -> bool:
    """Whether ``folder`` is a symbolic link to a release in its own releases folder (``atomic``)."""
    try:
        pointed = Path(os.readlink(folder))
    except OSError:
        return False
    return not pointed.is_absolute() and len(pointed.parts) == 2 and pointed.parts[0] == f".{Path(folder).name}.releases"


def check_replaceable(folder: Path) -> None:
    """Raise PublishError unless ``folder`` may be replaced by a new publication: it does not exist, is an
    empty folder, or is an earlier publication (``is_publication``). Nothing is changed."""
    folder = Path(folder)
    if not folder.exists() and not folder.is_symlink():
        return
    if folder.is_dir() and (not folder.is_symlink() or is_release_link(folder)):
        try:
            if next(folder.iterdir(), None) is None or is_publication(folder):
                return
        except OSError as error:
            raise PublishError(f"{folder}: cannot read the folder: {error.strerror or error}") from None
    raise PublishError(f"{folder} exists and is not a fundgraph publication; refusing to replace it")
