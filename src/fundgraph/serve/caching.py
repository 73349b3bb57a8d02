"""HTTP caching of a publication: validators on every answer, 304 without touching the store.

A publication never changes once published (a new one is a new folder, switched in whole), so every GET
answer of the server is a function of the publication, the URL and the request headers it is negotiated
on. ``add_validators`` (an ``after_request`` hook) gives every successful GET/HEAD answer
``ETag: "<publication id>-<variant>"`` — the publication id is a digest of its publication.json (which
lists the SHA-256 of every published file), the variant a digest of the path, query string and the
``Accept``, ``Accept-Language`` and ``Cookie`` headers (the language choice) — with ``Last-Modified`` the
publication time and ``Cache-Control: public, max-age=CACHE_SECONDS``. ``Revalidator`` (WSGI middleware)
answers a conditional request whose validator still holds with 304 Not Modified before Flask sees it
(RFC 9110 §13.1: ``If-None-Match`` first, ``If-Modified-Since`` only without it).
A server without a published folder (a store given in memory, which may change) sends no validators.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime

from flask import Flask, Response, current_app, request

CACHE_SECONDS = 3600
"""How long a cache may reuse an answer without asking (an hour: a new publication shows within it)."""
VARIANT_HEADERS = ("Accept", "Accept-Language", "Cookie")
_VARIANT_KEYS = tuple("HTTP_" + name.upper().replace("-", "_") for name in VARIANT_HEADERS)
_STATE = "fundgraph.caching"


def _publication_validators(app: Flask) -> tuple[str, str, datetime] | None:
    """(publication id, Last-Modified text, publication time) of the publication ``app`` serves, or None."""
    state = app.extensions["fundgraph"]
    metadata = state.publication.metadata
    if not metadata or not metadata.get("published"):
        return None
    cached = app.extensions.get(_STATE)
    if cached is None or cached[0] is not metadata:
        text = json.dumps(metadata, sort_keys=True, ensure_ascii=False).encode()
        published = datetime.fromisoformat(metadata["published"]).replace(microsecond=0)
        cached = (metadata, (hashlib.sha256(text).hexdigest()[:16], format_datetime(published, usegmt=True),
                             published))
        app.extensions[_STATE] = cached
    return cached[1]


def etag_for(publication_id: str, environ: dict) -> str:
    """The entity tag (without quotes) of the answer to the request of WSGI ``environ`` under
    ``publication_id``: the path, query string and VARIANT_HEADERS, read from the environ as sent."""
    variant = hashlib.blake2b(digest_size=8)
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    variant.update(f"{path}?{environ.get('QUERY_STRING', '')}".encode("latin-1", "replace"))
    for key in _VARIANT_KEYS:
        variant.update(b"\0" + environ.get(key, "").encode("latin-1", "replace"))
    return f"{publication_id}-{variant.hexdigest()}"


class Revalidator:
    """WSGI middleware around a fundgraph app: a GET/HEAD whose ``If-None-Match`` (or, without one,
    ``If-Modified-Since``) still holds is answered 304 from the environ alone, before Flask builds a
    request — no view, no store, no hook (1.5 ms of Flask per 304 here was most of a revalidation's cost).
    The 304 carries what the 200 would: the validators, Cache-Control, Vary, and ``headers`` (the
    security and CORS headers the app's hooks add)."""

    def __init__(self, app: Flask, headers: list[tuple[str, str]]):
        self.app, self.wsgi_app = app, app.wsgi_app
        self.headers = headers
        self.max_url_bytes = app.extensions["fundgraph"].settings.max_url_bytes

    def __call__(self, environ, start_response):
        answer = self._not_modified(environ)
        if answer is None:
            return self.wsgi_app(environ, start_response)
        start_response("304 Not Modified", answer)
        return []

    def _not_modified(self, environ) -> list[tuple[str, str]] | None:
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
        if (if_none_match is None and if_modified_since is None) or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        uri = environ.get("REQUEST_URI") or environ.get("PATH_INFO", "") + "?" + environ.get("QUERY_STRING", "")
        if len(uri) > self.max_url_bytes:  # the app answers 414
            return None
        validators = _publication_validators(self.app)
        if validators is None:
            return None
        publication_id, last_modified, published = validators
        tag = etag_for(publication_id, environ)
        if if_none_match is not None:
            fresh = if_none_match.strip() == "*" or tag in {t.strip().removeprefix("W/").strip('"')
                                                             for t in if_none_match.split(",")}
        else:
            fresh = _not_modified_since(if_modified_since, published)
        if not fresh:
            return None
        return [("ETag", f'"{tag}"'), ("Last-Modified", last_modified),
                ("Cache-Control", f"public, max-age={CACHE_SECONDS}"), ("Vary", ", ".join(VARIANT_HEADERS)),
                *self.headers]


def add_validators(response: Response) -> Response:
    """Set ETag, Last-Modified and Cache-Control on a successful GET/HEAD answer (an ``after_request`` hook)."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    validators = _publication_validators(current_app)
    if validators is None:
        return response
    publication_id, last_modified, _ = validators
    response.headers["ETag"] = f'"{etag_for(publication_id, request.environ)}"'
    response.headers["Last-Modified"] = last_modified
    # An answer that sets the language cookie is that reader's: shared caches must not keep it.
    scope = "private" if "Set-Cookie" in response.headers else "public"
    response.headers["Cache-Control"] = f"{scope}, max-age={CACHE_SECONDS}"
    response.vary.update(VARIANT_HEADERS)
    return response


def _not_modified_since(header: str | None, published: datetime) -> bool:
    if not header:
        return False
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        return False
    return published <= since
