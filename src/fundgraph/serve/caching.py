"""HTTP caching of a publication: validators on every answer, 304 without touching the store.

A publication never changes once published (a new one is a new folder, switched in whole), so every GET
answer of the server is a function of the publication, the URL and the request headers it is negotiated
on. ``add_validators`` (an ``after_request`` hook) gives every successful GET/HEAD answer
``ETag: "<publication id>-<variant>"`` — the publication id is a digest of its publication.json (which
lists the SHA-256 of every published file), the variant a digest of the path, query string and the
``Accept``, ``Accept-Language`` and ``Cookie`` headers (the language choice) — with ``Last-Modified`` the
publication time and ``Cache-Control: public, max-age=CACHE_SECONDS``. ``revalidate`` (a
``before_request`` hook) answers a conditional request whose validator still holds with 304 Not Modified
before any view runs (RFC 9110 §13.1: ``If-None-Match`` first, ``If-Modified-Since`` only without it).
A server without a published folder (a store given in memory, which may change) sends no validators.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime

from flask import Response, current_app, request

CACHE_SECONDS = 3600
"""How long a cache may reuse an answer without asking (an hour: a new publication shows within it)."""
VARIANT_HEADERS = ("Accept", "Accept-Language", "Cookie")
_STATE = "fundgraph.caching"


def _publication_validators() -> tuple[str, str, datetime] | None:
    """(publication id, Last-Modified text, publication time) of the served publication, or None."""
    state = current_app.extensions["fundgraph"]
    metadata = state.publication.metadata
    if not metadata or not metadata.get("published"):
        return None
    cached = current_app.extensions.get(_STATE)
    if cached is None or cached[0] is not metadata:
        text = json.dumps(metadata, sort_keys=True, ensure_ascii=False).encode()
        published = datetime.fromisoformat(metadata["published"]).replace(microsecond=0)
        cached = (metadata, (hashlib.sha256(text).hexdigest()[:16], format_datetime(published, usegmt=True),
                             published))
        current_app.extensions[_STATE] = cached
    return cached[1]


def etag_for(publication_id: str) -> str:
    """The entity tag (without quotes) of the current request's answer under ``publication_id``."""
    variant = hashlib.blake2b(digest_size=8)
    variant.update(request.full_path.encode())
    for name in VARIANT_HEADERS:
        variant.update(b"\0" + request.headers.get(name, "").encode())
    return f"{publication_id}-{variant.hexdigest()}"


def revalidate() -> Response | None:
    """304 for a GET/HEAD whose ``If-None-Match`` (or, without one, ``If-Modified-Since``) still holds."""
    if request.method not in ("GET", "HEAD"):
        return None
    validators = _publication_validators()
    if validators is None:
        return None
    publication_id, last_modified, published = validators
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tag = etag_for(publication_id)
        fresh = if_none_match.strip() == "*" or tag in {t.strip().removeprefix("W/").strip('"')
                                                         for t in if_none_match.split(",")}
    else:
        fresh = _not_modified_since(request.headers.get("If-Modified-Since"), published)
        tag = etag_for(publication_id) if fresh else ""
    if not fresh:
        return None
    response = Response(status=304)
    _set(response, tag, last_modified)
    return response


def add_validators(response: Response) -> Response:
    """Set ETag, Last-Modified and Cache-Control on a successful GET/HEAD answer (an ``after_request`` hook)."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    validators = _publication_validators()
    if validators is None:
        return response
    publication_id, last_modified, _ = validators
    _set(response, etag_for(publication_id), last_modified)
    return response


def _set(response: Response, tag: str, last_modified: str) -> None:
    response.headers["ETag"] = f'"{tag}"'
    response.headers["Last-Modified"] = last_modified
    # An answer that sets the language cookie is that reader's: shared caches must not keep it.
    scope = "private" if "Set-Cookie" in response.headers else "public"
    response.headers["Cache-Control"] = f"{scope}, max-age={CACHE_SECONDS}"
    for name in VARIANT_HEADERS:
        response.vary.add(name)


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
