"""The published folder the server serves from: its store, publication.json and figures.json.

Layout: docs/publication.md (written by ``fundgraph.publish``). Read once at start-up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..publish.folder import FIGURES_JSON, PUBLICATION_JSON, STORE_DIR


@dataclass(frozen=True)
class Publication:
    """A published folder (``directory``) with its parsed ``metadata`` (publication.json) and
    ``figures`` (figures.json); both None when the server runs on a bare store."""

    directory: Path | None = None
    metadata: dict[str, Any] | None = None
    figures: dict[str, Any] | None = None

    @classmethod
    def load(cls, directory: Path) -> "Publication":
        """Read ``directory``; raises ConfigError if it is not a published folder.

        The folder is kept as an absolute path: files are sent by path, and Flask resolves a relative
        one against the application's package, not the working directory (``fundgraph serve publish``).
        """
        directory = Path(directory).resolve()
        if not (directory / STORE_DIR).is_dir():
            raise ConfigError(f"{directory}: not a published folder (no {STORE_DIR}/); run `fundgraph publish` first")
        return cls(directory, _read_json(directory / PUBLICATION_JSON), _read_json(directory / FIGURES_JSON))

    @property
    def store_path(self) -> Path | None:
        return self.directory / STORE_DIR if self.directory else None

    @property
    def base_iri(self) -> str | None:
        """The base IRI the data was published under."""
        return (self.metadata or {}).get("base_iri")

    def file(self, name: str) -> tuple[Path, str] | None:
        """(path, media type) of published file ``name`` as listed in publication.json, or None."""
        info = (self.metadata or {}).get("files", {}).get(name)
        if self.directory is None or info is None or "/" in name or name.startswith("."):
            return None
        path = self.directory / name
        return (path, info.get("media_type") or "application/octet-stream") if path.is_file() else None


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except json.JSONDecodeError as error:
        raise ConfigError(f"{path}: not valid JSON: {error}") from None
