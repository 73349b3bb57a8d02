"""Where the web pages get their data: the app's store backend, its settings and the published folder.

Everything the pages need from the serving app (its ``ServeState``, ``app.extensions["fundgraph"]``)
goes through these functions, so that the pages do not depend on how ``create_app`` keeps its state.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import current_app

from .figures import Figures

_FIGURES_CACHE = "fundgraph.web.figures"


def _state() -> Any:
    return current_app.extensions["fundgraph"]


def settings():
    """The app's ``fundgraph.config.Settings``."""
    return _state().settings


def publication_dir() -> Path | None:
    """The published folder the app serves, or None when it serves a store alone."""
    return _state().publication_dir


def figures() -> Figures | None:
    """The published ``figures.json`` (read by the app at start-up), or None if there is none."""
    data = _state().publication.figures
    if data is None:
        return None
    cached = current_app.extensions.get(_FIGURES_CACHE)
    if cached is None or cached.data is not data:
        cached = Figures(data)
        current_app.extensions[_FIGURES_CACHE] = cached
    return cached


_LABELS_CACHE = "fundgraph.web.labels"
LABELS_IN = """SELECT ?s ?label WHERE {{ ?s skos:prefLabel ?label FILTER (LANG(?label) = "{language}") }}"""


def labels(language: str) -> dict[str, str]:
    """IRI → its skos:prefLabel in ``language`` (an interface language, "sv" or "en"), for every resource
    that has one: the reference concepts (funds, priorities, municipalities, counties), a few hundred,
    read once per app and language, not per request."""
    from .i18n import LANGUAGES

    if language not in LANGUAGES:
        raise ValueError(f"not an interface language: {language!r}")
    cache = current_app.extensions.setdefault(_LABELS_CACHE, {})
    if language not in cache:
        found: dict[str, str] = {}
        for row in _state().backend.select_values(LABELS_IN.format(language=language)):
            found.setdefault(row["s"], row["label"])
        cache[language] = found
    return cache[language]


def label(iri: str | None, language: str, fallback: str) -> str:
    """The label of ``iri`` in ``language`` (see ``labels``), else ``fallback`` (the label as published)."""
    return labels(language).get(iri or "", fallback) if iri else fallback


def publication() -> dict[str, Any] | None:
    """The published ``publication.json`` (file names, sizes, publishing time), or None."""
    return _state().publication.metadata


def backend():
    """The app's ``serve.backend.Backend``."""
    return _state().backend


def select(query: str) -> list[dict[str, str | None]]:
    """Run a SPARQL SELECT on the app's backend; each solution maps variable name to value text or None."""
    return _state().backend.select_values(query)


def base_path() -> str:
    """Path of the base IRI ("/" for ``https://data.example.se/``): local links start with it."""
    return _state().base_path


def local_href(iri: str) -> str:
    """The link to ``iri`` on this server: its path if it is under the base IRI, else ``iri`` itself."""
    base = settings().base_iri
    if iri.startswith(base):
        parts = urlsplit(iri)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return iri


def sparql_path() -> str:
    """Path of the SPARQL endpoint on this server."""
    return base_path() + "sparql"
