"""Facts about the files of a publication: size, SHA-256 and media type.

Media types of RDF dumps and CSV come from the format table (``fundgraph.formats``); the few files that
are not data formats (gzip copies, JSON side files) are named here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .. import formats

GZIP_MEDIA_TYPE = "application/gzip"
"""IANA media type of the .gz downloads (RFC 6713)."""

_OTHER_MEDIA_TYPES = {
    "csv-metadata.json": "application/csvm+json",  # CSVW metadata (W3C Metadata Vocabulary for Tabular Data §A)
    "json": "application/json",
    "gz": GZIP_MEDIA_TYPE,
    "sqlite": "application/vnd.sqlite3",  # the search index (publish.search); IANA-registered
}


@dataclass(frozen=True)
class FileInfo:
    """A published file: ``bytes`` (size), ``sha256`` (hex digest of its bytes), ``media_type`` (IANA) and,
    when asked for (a DCAT-AP 2.1.1 catalogue wants SHA-1 checksums), ``sha1``, else ""."""

    bytes: int
    sha256: str
    media_type: str
    sha1: str = ""

    def to_json(self) -> dict:
        return {"bytes": self.bytes, "sha256": self.sha256, "media_type": self.media_type}


def media_type(name: str) -> str:
    """IANA media type of a published file, by its name ("dataset.ttl" → "text/turtle").

    Raises KeyError for a name fundgraph does not publish.
    """
    for suffix, media in _OTHER_MEDIA_TYPES.items():
        if name.endswith("." + suffix):
            return media
    return formats.BY_EXTENSION[name.rsplit(".", 1)[-1]].media_type


def describe_file(path: Path, *, sha1: bool = False) -> FileInfo:
    """Size, SHA-256 (and SHA-1 if ``sha1``) and media type of ``path`` (read in 1 MiB blocks)."""
    digest = hashlib.sha256()
    old = hashlib.sha1(usedforsecurity=False) if sha1 else None
    size = 0
    with path.open("rb") as data:
        while block := data.read(1 << 20):
            digest.update(block)
            if old is not None:
                old.update(block)
            size += len(block)
    return FileInfo(bytes=size, sha256=digest.hexdigest(), media_type=media_type(path.name),
                    sha1=old.hexdigest() if old is not None else "")


def describe_folder(folder: Path, exclude: tuple[str, ...] = ()) -> dict[str, FileInfo]:
    """FileInfo of every file directly in ``folder`` (sub-folders such as store/ are skipped), by name, sorted."""
    return {path.name: describe_file(path) for path in sorted(folder.iterdir())
            if path.is_file() and path.name not in exclude}
