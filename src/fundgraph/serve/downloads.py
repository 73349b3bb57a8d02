"""The published files: dumps at ``{base path}download/<file>``, the DCAT catalogue at
``{base path}datasets/dcat`` (the Swedish convention, dataportal.se harvests RDF/XML there) and
VoID at ``/.well-known/void`` (RFC 8615 / VoID §7: at the host's root).

Files are sent as published, with the media type ``publication.json`` lists for them (``.gz``
as ``application/gzip``, never as a Content-Encoding). The catalogue and VoID are negotiated
among the RDF formats; a format not published as a file is converted from one that is.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
from flask import Blueprint, Response, current_app, request, send_file

from ..formats import JSONLD, NTRIPLES, RDFXML, TURTLE, Format, is_textual
from . import negotiation, rdf
from .errors import BadRequest, NotAcceptable, NotFound

blueprint = Blueprint("downloads", __name__)
well_known = Blueprint("well_known", __name__)

CATALOG_FORMATS: tuple[Format, ...] = (RDFXML, TURTLE, JSONLD, NTRIPLES)
VOID_FORMATS: tuple[Format, ...] = (TURTLE, JSONLD, NTRIPLES, RDFXML)


def _publication():
    return current_app.extensions["fundgraph"].publication


@blueprint.route("/download/<name>")
def download(name: str) -> Response:
    """Send published file ``name``."""
    found = _publication().file(name)
    if found is None:
        raise NotFound(f"no published file {name!r}")
    path, media_type = found
    response = send_file(path, mimetype=media_type, conditional=True, etag=True, max_age=3600)
    response.content_type = f"{media_type}; charset=utf-8" if is_textual(media_type) else media_type
    response.headers.pop("Content-Encoding", None)
    return response


@blueprint.route("/datasets/dcat")
def catalog() -> Response:
    """The DCAT-AP catalogue, negotiated (RDF/XML unless the client asks for another RDF format)."""
    return _negotiated_rdf("catalog", CATALOG_FORMATS)


@well_known.route("/.well-known/void")
def void() -> Response:
    """The VoID description of the dataset."""
    return _negotiated_rdf("void", VOID_FORMATS)


def _negotiated_rdf(stem: str, formats: tuple[Format, ...]) -> Response:
    publication = _publication()
    published = {f: publication.directory / f"{stem}.{f.extension}" for f in formats
                 if publication.directory is not None and (publication.directory / f"{stem}.{f.extension}").is_file()}
    if not published:
        raise NotFound(f"this server has no {stem} (it serves no published folder)")
    name = request.args.get("format")
    if name is not None:
        fmt = next((f for f in formats if f.name == name), None)
        if fmt is None:
            raise BadRequest(f"unknown format {name!r}; valid: {', '.join(f.name for f in formats)}")
    else:
        chosen = negotiation.choose(request.headers.get("Accept"), [f.media_type for f in formats])
        if chosen is None:
            raise NotAcceptable.offering([f.media_type for f in formats])
        fmt = next(f for f in formats if f.media_type == chosen)
    body = published[fmt].read_bytes() if fmt in published else _convert(next(iter(published.items())), fmt)
    response = Response(body, content_type=f"{fmt.media_type}; charset=utf-8")
    response.vary.add("Accept")
    return response


def _convert(source: tuple[Format, Path], target: Format) -> bytes:
    fmt, path = source
    triples = [q.triple for q in pyoxigraph.parse(path=str(path), format=fmt.oxigraph)]
    return rdf.serialize(triples, target)
