"""Response headers every answer carries, and request checks before any view runs.

Security headers (OWASP Secure Headers): a Content-Security-Policy that lets the pages load only this
server's own scripts, styles, images and fonts, and lets the vendored YASGUI editor (which sets inline
styles and draws icons as ``data:`` images) work and query this server only; ``nosniff`` so that a
downloaded Turtle or CSV file is never run as a script; a referrer policy that sends other sites the
origin only; framing by this site only.
"""

from __future__ import annotations

from flask import Response, current_app, request
from werkzeug.exceptions import RequestURITooLarge

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",  # YASGUI and CodeMirror position their parts with style attributes
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",  # YASGUI queries this endpoint only
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
))
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "SAMEORIGIN",
}


def add_security_headers(response: Response) -> Response:
    """Set SECURITY_HEADERS on ``response`` (an ``after_request`` hook)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def check_url_length() -> None:
    """Refuse a request whose path and query string are longer than ``settings.max_url_bytes`` with 414
    (rendered as the site's error page), saying to POST a long query (a ``before_request`` hook)."""
    limit = current_app.extensions["fundgraph"].settings.max_url_bytes
    size = len(request.environ.get("REQUEST_URI") or request.full_path)
    if size > limit:
        raise RequestURITooLarge(f"the address is {size} bytes long, more than this server accepts ({limit} "
                                 "bytes, setting max_url_bytes); send a long SPARQL query with POST instead")
