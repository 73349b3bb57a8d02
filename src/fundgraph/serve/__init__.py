"""Serving a publication: dereferenceable IRIs with content negotiation and a SPARQL 1.1 endpoint.

``create_app(config, store=None, publication_dir=None)`` builds the Flask app; ``run(source, settings)``
serves a published folder (or a list, published first) with waitress.
"""

from .app import create_app
from .runner import run

__all__ = ["create_app", "run"]
