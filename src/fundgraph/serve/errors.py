"""HTTP errors of the server, as classes carrying their status, rendered in one place.

Views raise these (or any ``fundgraph.errors.FundgraphError``); ``register_error_handlers`` turns
them into a response: a short HTML page for people, plain text for programs (SPARQL clients read
the message of a 400 as the parser's message). Unexpected exceptions become a generic 500 whose
text never echoes the exception; the traceback goes to the log only.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from ..errors import ConfigError, FundgraphError, LinkError, StoreError
from .sparql.diagnosis import Diagnosis, diagnose

log = logging.getLogger(__name__)


class HttpError(FundgraphError):
    """Base of the server's own errors; ``str(error)`` is shown to the client as it is."""

    http_status = 500
    title = "Server error"


class BadRequest(HttpError):
    """The request breaks the protocol (two queries, wrong media type, non-UTF-8 body, ...)."""

    http_status = 400
    title = "Bad request"


class QuerySyntaxError(BadRequest):
    """The SPARQL query does not parse; the message is the parser's."""

    title = "Malformed query"


class ServiceRefused(BadRequest):
    """A query uses SERVICE: the endpoint does not fetch from other servers (``sparql.inspection``)."""

    title = "Federated query not available"


class QueryTooComplex(BadRequest):
    """A query longer or more deeply nested than the endpoint accepts (``sparql.inspection.check_shape``)."""

    title = "Query too large or too deeply nested"


class QueryNotSupported(BadRequest):
    """A query the engine parses but cannot evaluate, e.g. one calling an extension function it lacks."""

    title = "Query not supported"


class UpdateRefused(HttpError):
    """A SPARQL update was sent to the read-only endpoint (as ``update=``, an update body, or an update
    operation sent as a query); the message is always ``MESSAGE``."""

    http_status = 403
    title = "Update refused"
    MESSAGE = "updates are not accepted on this read-only endpoint"

    def __init__(self, message: str | None = None):
        super().__init__(self.MESSAGE)


class NotFound(HttpError):
    """No resource with this IRI, or no such file."""

    http_status = 404
    title = "Not found"


class NotAcceptable(HttpError):
    """No representation matches the Accept header; the message lists the types on offer."""

    http_status = 406
    title = "Not acceptable"

    @classmethod
    def offering(cls, offered: list[str]) -> "NotAcceptable":
        return cls("none of the requested media types can be produced here; available: " + ", ".join(offered))


class UnsupportedMediaType(HttpError):
    """A POST body of a media type the endpoint does not take."""

    http_status = 415
    title = "Unsupported media type"


class ResultTooLarge(HttpError):
    """A query's result exceeds ``max_result_rows`` or ``max_result_bytes``, or its worker passed
    ``query_memory_limit`` (settings)."""

    http_status = 413
    title = "Result too large"


class QueryTimeout(HttpError):
    """A query ran longer than ``settings.query_timeout`` and was stopped."""

    http_status = 503
    title = "Query timed out"


class ServerBusy(HttpError):
    """Every query worker stayed busy for the whole timeout."""

    http_status = 503
    title = "Server busy"


class WorkersUnavailable(HttpError):
    """The query worker processes could not be started (``sparql.limits.WorkerPool``)."""

    http_status = 503
    title = "Query service unavailable"


# Titles of the pipeline's errors (fundgraph.errors) when one reaches the server; the web front's error
# page shows a Swedish or English title per status instead (``error_<status>`` texts).
_TITLES: tuple[tuple[type[FundgraphError], str], ...] = (
    (StoreError, "Data store unavailable"),
    (ConfigError, "Server configuration error"),
    (LinkError, "Linked source unavailable"),
)


def error_title(error: FundgraphError) -> str:
    """A short human title for ``error``: its class's ``title``, one of ``_TITLES``, else the name of its
    HTTP status ("Bad Request"); never a class name."""
    title = getattr(error, "title", None)
    if title:
        return title
    for cls, text in _TITLES:
        if isinstance(error, cls):
            return text
    return HTTP_STATUS_CODES.get(error.http_status, "Error")


def _request_query() -> str | None:
    """The SPARQL query of this request (``query=`` in the URL or form, or a direct POST body), or None."""
    if request.mimetype == "application/sparql-query":
        return request.get_data(as_text=True) or None
    return request.values.get("query") or None


def _sparql_error(error: QuerySyntaxError) -> HttpError:
    """A parser error explained with ``diagnosis`` (an update sent as a query becomes UpdateRefused)."""
    query = _request_query()
    if query is None:
        return error
    found = diagnose(query, str(error))
    if found.kind == "update":
        return UpdateRefused()
    explained = QuerySyntaxError(found.message())
    explained.diagnosis = found
    return explained


def _wants_html() -> bool:
    best = request.accept_mimetypes.best_match(["text/plain", "text/html"], default="text/plain")
    return best == "text/html" and request.accept_mimetypes["text/html"] > request.accept_mimetypes["text/plain"]


def error_response(status: int, title: str, message: str, diagnosis: Diagnosis | None = None) -> Response:
    """Render an error as HTML for a browser, else as plain text; never cached. A SPARQL request's page
    keeps the query, in a form to fix and rerun it, with ``diagnosis``'s position marked."""
    if _wants_html():
        query = _request_query() if request.path.endswith("/sparql") else None
        body = render_template("error.html", status=status, title=title, message=message, query=query,
                               diagnosis=diagnosis, query_lines=query.split("\n") if query else [])
        response = Response(body, status=status, mimetype="text/html")
    else:
        response = Response(f"{title}: {message}\n", status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Accept")
    return response


def register_error_handlers(app: Flask) -> None:
    """Make ``app`` render every error through ``error_response``."""

    @app.errorhandler(FundgraphError)
    def _fundgraph_error(error: FundgraphError) -> Response:
        if isinstance(error, QuerySyntaxError):
            error = _sparql_error(error)
        title = error_title(error)
        if error.http_status >= 500 and not isinstance(error, HttpError):
            log.error("server-side error: %s", error)
        return error_response(error.http_status, title, str(error), getattr(error, "diagnosis", None))

    @app.errorhandler(HTTPException)
    def _http_exception(error: HTTPException) -> Response:
        response = error_response(error.code or 500, error.name, error.description or "")
        if error.code == 405 and (allow := error.get_headers()):
            for name, value in allow:
                if name.lower() == "allow":
                    response.headers["Allow"] = value
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unexpected error while serving %s", request.path)
        return error_response(500, "Server error", "an unexpected error occurred; it has been logged")
