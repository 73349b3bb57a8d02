"""The SPARQL 1.1 Protocol endpoint (https://www.w3.org/TR/sparql11-protocol/), read-only.

Queries arrive as GET ``?query=``, POST ``application/x-www-form-urlencoded`` (``query=`` in the
body, UTF-8 unless its ``charset`` says ISO-8859-1 or another codec; bytes that are not of that encoding
are a 400, never replaced) or POST ``application/sparql-query`` (the body, UTF-8); ``default-graph-uri`` and
``named-graph-uri`` (query string or form, absolute IRIs, else 400) set the dataset, else the query's
own FROM / FROM NAMED, else the default graph is the union of all graphs. A query using SERVICE is
refused with 400 (``inspection``: the server fetches nothing for its clients). ``format=`` (json, xml, csv, tsv, ttl, jsonld, nt, rdf) overrides Accept; an unknown name is a 400
(a media type there is left to Accept, as SPARQLWrapper sends one beside the name). A browser (an
Accept preferring ``text/html``) or ``format=html`` gets the result as a page (``results_page``). Any update
is refused with 403. Without a query, GET answers with the service description for an RDF Accept
and with the query page for HTML.

Before any backend sees it, a query is checked for size and nesting (``inspection.check_shape``, 400
naming the limit), whatever store answers it. A result streams out: its first part (``FIRST_PART``) is
read before the status is sent, so a limit passed early is a proper error; past it, a limit passed cuts
the response (``max_result_bytes``).
"""

from __future__ import annotations

import codecs
from dataclasses import replace
from urllib.parse import parse_qsl

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.datastructures import CombinedMultiDict, MultiDict

from .. import negotiation
from ..errors import BadRequest, NotAcceptable, UnsupportedMediaType, UpdateRefused
from . import results, results_page, service_description
from .execution import QueryJob, QueryOutcome, graph_nodes
from .inspection import check_shape

blueprint = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
HTML_VIEW = "html"
HTML_VIEW_ACCEPT = f"{results.JSON.media_type}, {results.GRAPH_TURTLE.media_type};q=0.9"
"""What a results page asks the backend for: SPARQL JSON (SELECT, ASK), else Turtle (CONSTRUCT, DESCRIBE)."""
FIRST_PART = 1 << 20
"""Bytes of a result read before its status is sent."""


@blueprint.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer one protocol request (see the module docstring)."""
    query, graphs_from = _read_operation()
    state = current_app.extensions["fundgraph"]
    if query is None:
        return _describe_service()
    settings = state.settings
    check_shape(query, settings.max_query_bytes, settings.max_query_depth)
    for name in graphs_from.getlist("format"):
        if not results.known_format(name) and name != HTML_VIEW:
            raise BadRequest(f"unknown format {name!r}; valid: {', '.join([*results.format_names(), HTML_VIEW])}")
    job = QueryJob(
        query=query,
        default_graphs=tuple(graphs_from.getlist("default-graph-uri")),
        named_graphs=tuple(graphs_from.getlist("named-graph-uri")),
        accept=request.headers.get("Accept", ""),
        format=graphs_from.get("format", ""),
        base_iri=request.base_url,
        timeout=settings.query_timeout,
        max_rows=settings.max_result_rows,
        max_bytes=settings.max_result_bytes,
        max_query_bytes=settings.max_query_bytes,
        max_query_depth=settings.max_query_depth,
    )
    graph_nodes("default-graph-uri", job.default_graphs)  # a bad IRI is the client's mistake: 400, whatever the backend
    graph_nodes("named-graph-uri", job.named_graphs)
    if _wants_html_view(job):
        job = replace(job, accept=HTML_VIEW_ACCEPT, format="")
        response = Response(results_page.render(query, state.backend.run_query(job), request.base_url),
                            content_type="text/html; charset=utf-8")
    else:
        response = _streamed(state.backend.run_query(job))
    response.vary.add("Accept")
    return response


def _streamed(outcome: QueryOutcome) -> Response:
    """A response sending ``outcome``: whole if it is at most FIRST_PART bytes, else streamed after
    its first part. Errors while the first part is read propagate (a proper HTTP error)."""
    chunks = outcome.chunks()
    first, size = [], 0
    for chunk in chunks:
        first.append(chunk)
        size += len(chunk)
        if size >= FIRST_PART:
            break
    else:
        return Response(b"".join(first), content_type=outcome.content_type)

    def rest():
        try:
            yield from first
            yield from chunks
        finally:
            chunks.close()

    return Response(rest(), content_type=outcome.content_type)


def _wants_html_view(job: QueryJob) -> bool:
    """Whether to answer with a results page: ``format=html``, or an Accept that prefers HTML to every
    result format (a browser following a link; ``*/*`` still gets a result format, as HTML is offered last)."""
    if job.format:
        return job.format == HTML_VIEW
    offered = [f.media_type for f in results.ALL_FORMATS] + ["text/html"]
    return negotiation.choose(job.accept, offered) == "text/html"


def _read_operation():
    """(query text or None, the MultiDict holding the dataset parameters); raises the protocol's errors."""
    if "update" in request.args or (request.method == "POST" and request.mimetype == UPDATE):
        raise UpdateRefused("this endpoint is read-only: SPARQL updates are not accepted")
    if request.method == "GET":
        return _single(request.args.getlist("query"), required=False), request.args
    if request.mimetype == FORM:
        form = _form()
        if "update" in form:
            raise UpdateRefused("this endpoint is read-only: SPARQL updates are not accepted")
        queries = request.args.getlist("query") + form.getlist("query")
        return _single(queries, required=True), CombinedMultiDict([request.args, form])
    if request.mimetype == QUERY:
        if "query" in request.args:
            raise BadRequest("a direct POST carries its query in the body only, not also in ?query=")
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise BadRequest(f"the query must be UTF-8, not {charset}")
        try:
            text = request.get_data().decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("the query body is not valid UTF-8") from None
        return _single([text], required=True), request.args
    raise UnsupportedMediaType(
        f"POST a query as {FORM} (query=...) or as {QUERY}, not as {request.mimetype or 'an untyped body'}")


def _form() -> MultiDict:
    """The form body, decoded strictly in its declared charset (default UTF-8). Werkzeug would replace bytes
    that are not UTF-8 and run what is left: a Latin-1 form then silently asked another query."""
    charset = request.mimetype_params.get("charset", "utf-8")
    try:
        codecs.lookup(charset)
    except LookupError:
        raise BadRequest(f"unknown charset {charset!r} for the form; send it as UTF-8") from None
    try:
        text = request.get_data(cache=False).decode(charset)
        return MultiDict(parse_qsl(text, keep_blank_values=True, encoding=charset, errors="strict"))
    except UnicodeDecodeError:
        raise BadRequest(f"the form body is not valid {charset}; send it as UTF-8 (or say charset=ISO-8859-1 "
                         "in Content-Type if it is Latin-1)") from None


def _single(queries: list[str], *, required: bool) -> str | None:
    if len(queries) > 1:
        raise BadRequest("more than one query in the request; send exactly one")
    if not queries or not queries[0].strip():
        if required:
            raise BadRequest("the request has no query")
        return None
    return queries[0]


def _describe_service() -> Response:
    browser = negotiation.is_browser_like(request)
    formats = service_description.FORMATS
    offered = negotiation.preference([f.media_type for f in formats] + ["text/html"], browser=browser)
    chosen = negotiation.choose(request.headers.get("Accept"), offered)
    if chosen is None:
        raise NotAcceptable.offering(offered)
    if chosen == "text/html":
        body = render_template("sparql_form.html", endpoint=request.base_url, examples=_examples(),
                               query=request.args.get("query", ""))
        response = Response(body, content_type="text/html; charset=utf-8")
    else:
        fmt = next(f for f in formats if f.media_type == chosen)
        response = Response(service_description.serialize(request.base_url, fmt),
                            content_type=f"{fmt.media_type}; charset=utf-8")
    response.vary.update(("Accept", "User-Agent"))
    return response


def _examples() -> list:
    """The web front's example queries (objects with ``key`` and ``query``), none without it."""
    try:
        from ..web.examples import EXAMPLES
    except ImportError:
        return []
    return list(EXAMPLES)
