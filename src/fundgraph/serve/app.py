"""The Flask application: linked-data pages, the SPARQL endpoint and the published files.

``create_app`` wires the parts on one ``ServeState`` (``app.extensions["fundgraph"]``): settings,
the store backend and the published folder. Routes live under the path of the base IRI ("/" for
``https://data.example.se/``): the web front's pages (``serve.web``, if installed), ``sparql``,
``download/<file>``, ``datasets/dcat``, ``search`` (JSON), and every other path as a resource IRI; ``/.well-known/void``
at the host's root, and ``/`` redirects to the base path when that is not "/".
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response, redirect, request
from markupsafe import escape
from pyoxigraph import Store

from ..config import Settings
from . import caching, downloads, headers, resources, search
from .backend import Backend, LocalBackend
from .catalogue import catalogue_backend
from .describe import Describer
from .errors import register_error_handlers
from .publication import Publication
from .sparql import protocol

@dataclass
class ServeState:
    """What the views share: ``settings``, ``backend``, ``publication``, ``base_path`` (the base
    IRI's path, ending in "/") and ``catalogue``. ``publication_dir`` is the published folder or None."""

    settings: Settings
    backend: Backend
    publication: Publication
    base_path: str
    catalogue: Backend | None = None
    """The published catalog.ttl and void.ttl in memory (``catalogue.catalogue_backend``), or None."""
    describers: tuple[Describer, Describer | None] = field(init=False)
    """Describers of ``backend`` and ``catalogue``, kept for the server's life (they hold vocabulary labels)."""
    figures_by_iri: dict[str, dict] = field(init=False)
    """The entries of figures.json's ``by_…`` lists by their ``iri``."""

    def __post_init__(self) -> None:
        self.describers = (Describer(self.backend), Describer(self.catalogue) if self.catalogue else None)
        self.figures_by_iri = {entry["iri"]: entry for key, entries in (self.publication.figures or {}).items()
                               if key.startswith("by_") and isinstance(entries, list)
                               for entry in entries if isinstance(entry, dict) and "iri" in entry}

    @property
    def publication_dir(self) -> Path | None:
        return self.publication.directory


def create_app(config: Settings, store: Store | Backend | None = None, publication_dir: Path | None = None) -> Flask:
    """Build the server for ``publication_dir`` (a published folder; its store is opened read-only) or
    for ``store`` (a pyoxigraph Store, e.g. in memory, or any Backend), or both (the store wins, the
    folder gives files and figures). With ``config.sparql_endpoint`` set and no ``store``, queries go to
    that external endpoint (``remote.RemoteBackend``) instead of the folder's store.

    The base IRI is ``config.base_iri``, or the one in the folder's publication.json when ``config``
    keeps the default. Raises ConfigError when neither a store nor a published folder is given.
    """
    from ..errors import ConfigError

    publication = Publication.load(Path(publication_dir)) if publication_dir is not None else Publication()
    if isinstance(store, Backend):
        backend = store
    elif store is not None:
        backend = LocalBackend(store)
    elif config.sparql_endpoint:  # the data lives in an external SPARQL server (issue 7)
        from .remote import RemoteBackend

        backend = RemoteBackend(config.sparql_endpoint, timeout=config.query_timeout,
                                base_iri=served_settings(config, publication).base_iri)
    elif publication.store_path is not None:
        backend = LocalBackend.open(publication.store_path, pool_size=config.query_workers or None,
                                    memory_limit=config.query_memory_limit)
    else:
        raise ConfigError("nothing to serve: give a published folder or a store")
    settings = served_settings(config, publication)
    base_path = urlsplit(settings.base_iri).path or "/"
    prefix = base_path.rstrip("/") or None

    app = Flask(__name__)
    app.extensions["fundgraph"] = ServeState(settings, backend, publication, base_path,
                                             catalogue_backend(publication.directory))
    # The folder's search index describes the folder's data: not a store given instead of it.
    app.extensions[search.FOLDER] = publication.directory if store is None else None
    register_error_handlers(app)
    app.before_request(headers.check_url_length)
    app.after_request(caching.add_validators)
    app.after_request(_cors)
    app.after_request(headers.add_security_headers)

    if importlib.util.find_spec(f"{__package__}.web") is not None:
        from .web import blueprint as web_blueprint

        app.register_blueprint(web_blueprint, url_prefix=prefix)
    app.register_blueprint(protocol.blueprint, url_prefix=prefix)
    app.register_blueprint(downloads.blueprint, url_prefix=prefix)
    app.register_blueprint(search.blueprint, url_prefix=prefix)
    app.register_blueprint(downloads.well_known)
    if not any(rule.rule == base_path for rule in app.url_map.iter_rules()):
        app.add_url_rule(base_path, "landing", _minimal_landing)
    app.register_blueprint(resources.blueprint, url_prefix=prefix)
    # A 304 is answered before Flask: never a view, so never the store.
    app.wsgi_app = caching.Revalidator(app, [*headers.SECURITY_HEADERS.items(), *CORS_HEADERS.items()])
    if prefix is not None:  # the host's root leads to the dataset's pages
        app.add_url_rule("/", "root", lambda: redirect(base_path, 302))
    return app


def served_settings(config: Settings, publication: Publication) -> Settings:
    """``config`` with the base IRI of ``publication`` (its publication.json) when ``config`` keeps the default."""
    if publication.base_iri and config.base_iri == Settings().base_iri:
        from dataclasses import replace

        return replace(config, base_iri=publication.base_iri)
    return config


def _minimal_landing() -> Response:
    """Stands in for the web front's landing page when that package is not installed."""
    state = resources.state()
    body = (f"<!doctype html><title>fundgraph</title><p>Linked data under {escape(state.settings.base_iri)}. "
            f'<a href="{escape(state.base_path)}sparql">SPARQL endpoint</a>.')
    return Response(body, content_type="text/html; charset=utf-8")


CORS_HEADERS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Link, Content-Location, Vary"}
"""The data is public: any origin may read pages, files and query results."""


def _cors(response: Response) -> Response:
    response.headers.update(CORS_HEADERS)
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
