"""Search and facets over the publication's search index (``publish.search``), for programs and pages.

``{base path}search?q=…`` answers JSON: the projects whose title, summary or beneficiary name has every
word of ``q`` (folded, each word a prefix; see ``publish.search``), filtered by any of
``publish.search.FILTER_PARAMS`` (``fund=ERDF_2021``, ``priority=1``, ``country=SE``, ``county=24``,
``municipality=2480``, ``year=2022``, ``beneficiary_type=…``, ``beneficiary=<IRI>``), sorted (``sort``
title/granted/budget/case_id, ``order`` asc/desc; default: granted amount, largest first), a page at a time
(``page``, ``PAGE_SIZE``), with the total (``total_complete`` false: more than ``total``, which is
``publish.search.COUNT_LIMIT``) and the facets of the selection (``publish.facets``; ``facets_complete``
false when they were counted over the first ``publish.facets.FACET_LIMIT`` selected projects only). Nothing
runs against the store: the index is a file of the publication, opened read-only once per thread,
used when the app serves that publication's data (its store or an external copy), not a store given instead.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from ..publish import facets, search
from .errors import BadRequest, NotFound

blueprint = Blueprint("search", __name__)

FOLDER = "fundgraph.search.folder"
"""``app.extensions`` key of the folder whose search.sqlite answers (None: the app serves another store)."""
PAGE_SIZE = 25
MAX_PAGE = 10_000
MAX_TEXT = 200
_local = threading.local()


def index() -> sqlite3.Connection | None:
    """This thread's connection to the served publication's search.sqlite, or None when it has none (or
    the app serves a store given instead of the folder's)."""
    folder = current_app.extensions.get(FOLDER)
    connections = getattr(_local, "connections", None)
    if connections is None:
        connections = _local.connections = {}
    if folder not in connections:
        connections[folder] = search.open_index(folder)
    return connections[folder]


def parse_query(args: Mapping[str, str]) -> search.Query:
    """The index ``Query`` of request parameters; raises BadRequest for a text too long."""
    text = " ".join(args.get("q", "").split())
    if len(text) > MAX_TEXT:
        raise BadRequest(f"search text longer than {MAX_TEXT} characters")
    filters = {p: args[p].strip() for p in search.FILTER_PARAMS if args.get(p, "").strip()}
    return search.Query(text, filters)


@blueprint.route("/search")
def search_json() -> Response:
    """The JSON search API (module docstring). 404 when the publication has no search index."""
    db = index()
    if db is None:
        raise NotFound("this publication has no search index")
    query = parse_query(request.args)
    sort = request.args.get("sort") or "granted"
    order = request.args.get("order") or ("asc" if sort in ("title", "case_id") else "desc")
    if sort not in search.SORT_COLUMNS or order not in ("asc", "desc"):
        raise BadRequest(f"sort must be one of {', '.join(search.SORT_COLUMNS)} and order asc or desc")
    try:
        page = int(request.args.get("page") or 1)
    except ValueError:
        raise BadRequest("page must be a whole number") from None
    if not 1 <= page <= MAX_PAGE:
        raise BadRequest(f"page must be from 1 to {MAX_PAGE}")
    rows = search.page(db, query, sort=sort, order=order, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    total, exact = search.total(db, query)
    counts, whole = facets.counted(db, query)
    body: dict[str, Any] = {
        "q": query.text, "filters": dict(query.filters), "sort": sort, "order": order, "page": page,
        "page_size": PAGE_SIZE, "total": total, "total_complete": exact, "results": rows,
        "facets": counts, "facets_complete": whole,
    }
    return jsonify(body)

