"""Dereferencing: every IRI under the base IRI answers at the same path on this server.

``/project/123`` on any host describes ``{base}project/123``. The representation is chosen as
``negotiation`` documents (``?format=``, then a file extension such as ``/project/123.ttl``, then
Accept); the resource must be the subject of some triple in the data or in the published
catalogue, or be a named graph, else 404.
"""

from __future__ import annotations

from typing import Callable
from urllib.parse import quote, unquote, urlsplit

from flask import Blueprint, Response, current_app, g, render_template, request

from ..formats import HTML, JSONLD, NTRIPLES, RDFXML, TURTLE, Format
from . import negotiation, rdf
from .describe import Description, GraphDescription
from .errors import BadRequest, NotAcceptable, NotFound
from .page import DEFAULT_LANGUAGE, graph_page, resource_page

RESOURCE_FORMATS: tuple[Format, ...] = (TURTLE, JSONLD, NTRIPLES, RDFXML, HTML)
_BY_NAME = {f.name: f for f in RESOURCE_FORMATS}

blueprint = Blueprint("resources", __name__)


def state():
    return current_app.extensions["fundgraph"]


def request_iri(base_iri: str, base_path: str) -> str | None:
    """The IRI this request's path names under ``base_iri``, or None when the path is outside ``base_path``.

    The path is taken as the client sent it (waitress' REQUEST_URI, gunicorn's RAW_URI) and each segment is brought to
    the form ``mapping.iris`` mints (percent-decoded, then encoded with nothing left safe), so
    ``/organisation/ume%c3%a5`` and ``/organisation/umeå`` name the same IRI, and an encoded "/"
    stays inside its segment.
    """
    raw = request.environ.get("REQUEST_URI") or request.environ.get("RAW_URI")
    path = urlsplit(raw).path if raw else quote(request.path, safe="/")
    if not path.startswith(base_path):
        return None
    segments = path[len(base_path):].split("/")
    return base_iri + "/".join(quote(unquote(s), safe="") for s in segments)


def local_href(iri: str) -> str:
    """The link to ``iri`` on this server: its path under the base path, else the IRI itself."""
    return href_maker(state())(iri)


def href_maker(st) -> Callable[[str], str]:
    """``local_href`` for the server of ``st`` (a ServeState), without looking the app up on every call."""
    base, base_path = st.settings.base_iri, st.base_path
    return lambda iri: base_path + iri[len(base):] if iri.startswith(base) else iri


@blueprint.route("/<path:path>", methods=["GET"])
def resource(path: str) -> Response:
    """Describe the resource whose IRI is this path under the base IRI."""
    st = state()
    iri = request_iri(st.settings.base_iri, st.base_path)
    if iri is None:
        raise NotFound("no resource at this path")
    fixed = _format_parameter()
    description = _describe(st, iri)
    if description is None:
        stem, dot, extension = iri.rpartition(".")
        if dot and extension in _BY_NAME and "/" not in extension:
            description = _describe(st, stem)
            if description is not None:
                fixed = fixed or _BY_NAME[extension]
                iri = stem
    if description is None:
        raise NotFound(f"there is no resource {iri}")
    browser = negotiation.is_browser_like(request)
    if fixed is None:
        offered = negotiation.preference([f.media_type for f in RESOURCE_FORMATS], browser=browser)
        chosen = negotiation.choose(request.headers.get("Accept"), offered)
        if chosen is None:
            raise NotAcceptable.offering(offered)
        fmt = next(f for f in RESOURCE_FORMATS if f.media_type == chosen)
    else:
        fmt = fixed
    href = href_maker(st)
    alternates = _alternates(href(iri))
    if fmt is HTML and isinstance(description, GraphDescription):
        page = graph_page(description, href, page_language())
        body = render_template("graph.html", page=page, alternates=alternates)
    elif fmt is HTML:
        page = resource_page(description, href, st.figures_by_iri.get(iri), page_language(),
                             st.describers[0].vocabulary())
        body = render_template("resource.html", page=page, alternates=alternates)
    else:
        body = rdf.serialize(description.triples(), fmt)
    response = Response(body, content_type=f"{fmt.media_type}; charset=utf-8")
    response.vary.update(("Accept", "User-Agent"))
    links = [f'<{link}>; rel="alternate"; type="{media_type}"'
             for _, link, media_type in alternates if media_type != fmt.media_type]
    generic = href(iri)
    if fixed is None:
        response.headers["Content-Location"] = f"{generic}.{fmt.extension}"
    else:
        links.append(f'<{generic}>; rel="canonical"')
    response.headers["Link"] = ", ".join(links)
    return response


def _describe(st, iri: str) -> Description | GraphDescription | None:
    """The data's description of ``iri``; else the published catalogue's (catalogue, dataset,
    distributions, data service: ``serve.catalogue``); else, for a named graph, its content."""
    data, catalogue = st.describers
    description = data.describe(iri)
    if description is None and catalogue is not None:
        description = catalogue.describe(iri)
    return description if description is not None else data.describe_graph(iri)


def page_language() -> str:
    """The interface language of this request's page (the web front sets ``g.lang``), Swedish by default."""
    return getattr(g, "lang", None) or DEFAULT_LANGUAGE


def _format_parameter() -> Format | None:
    name = request.args.get("format")
    if name is None:
        return None
    if name not in _BY_NAME:
        raise BadRequest(f"unknown format {name!r}; valid: {', '.join(_BY_NAME)}")
    return _BY_NAME[name]


def _alternates(href: str) -> list[tuple[str, str, str]]:
    """(label, link, media type) for every representation of the resource at ``href`` (its local link)."""
    return [(f.label, f"{href}.{f.extension}", f.media_type) for f in RESOURCE_FORMATS]

