"""Where the web pages get their data: the app's store backend, its settings and the published folder.

Everything the pages need from the serving app (its ``ServeState``, ``app.extensions["fundgraph"]``)
goes through these functions, so that the pages do not depend on how ``create_app`` keeps its state.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph
from flask import current_app

from ..resources import href_maker, local_href  # noqa: F401 - the one definition; pages and templates reach it here
from ..sparql.execution import QueryJob
from ..sparql.results import JSON as SPARQL_JSON_FORMAT
from .figures import Figures

SPARQL_JSON = SPARQL_JSON_FORMAT.media_type

_FIGURES_CACHE = "fundgraph.web.figures"


def _state() -> Any:
    return current_app.extensions["fundgraph"]


def local_hrefs():
    """``local_href`` for this app, with the app's base IRI and path looked up once (a page links dozens of
    resources), for a template's context."""
    return href_maker(_state())


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


def rows(query: str) -> Iterator[dict[str, str | None]]:
    """Run a page's SPARQL SELECT under the endpoint's limits and return its solutions, each mapping variable
    name to value text or None, read one at a time.

    The query goes through the backend's ``run_query`` like a user's: in a killable worker process for an
    on-disk store, with ``settings.query_timeout`` and ``settings.max_result_rows``. Raises, before the first
    solution is returned, QueryTimeout / ServerBusy / WorkersUnavailable (503) and ResultTooLarge (413).
    """
    st = _state()
    job = QueryJob(query, accept=SPARQL_JSON, timeout=st.settings.query_timeout, max_rows=st.settings.max_result_rows)
    body = st.backend.run_query(job).body

    def solutions() -> Iterator[dict[str, str | None]]:
        parsed = pyoxigraph.parse_query_results(body, pyoxigraph.QueryResultsFormat.JSON)
        names = [v.value for v in parsed.variables]
        for solution in parsed:
            yield {n: (solution[i].value if solution[i] is not None else None) for i, n in enumerate(names)}

    return solutions()


def select(query: str) -> list[dict[str, str | None]]:
    """``rows(query)`` as a list, for a page's bounded query (one with a small LIMIT)."""
    return list(rows(query))


def base_path() -> str:
    """Path of the base IRI ("/" for ``https://data.example.se/``): local links start with it."""
    return _state().base_path


def download_path(name: str) -> str | None:
    """Path of published file ``name`` on this server (``{base path}download/<name>``), None if not published."""
    return base_path() + "download/" + name if _state().publication.file(name) is not None else None


def sparql_path() -> str:
    """Path of the SPARQL endpoint on this server."""
    return base_path() + "sparql"
