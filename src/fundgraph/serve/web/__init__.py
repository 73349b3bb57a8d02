"""The web front for people: landing page with figures and charts, project browsing, language choice.

``blueprint`` is registered by ``fundgraph.serve.create_app``. It adds, for every HTML page of the app
(also the resource, SPARQL and error pages that extend ``base.html``): the interface language
(``i18n.select_language``; ``?lang=`` is remembered in a cookie), the text function ``t``, and the
filters ``sek``/``number`` that format amounts for that language. Its own pages:

=====================  ==================================================================
``/``                  the dataset in figures and charts (from figures.json, never a per-request aggregate)
``/projects``          browse: search, filters, sorting, paging (``browse.Selection``)
``/projects.csv``      the same selection as CSV (all of it, not one page); unfiltered: the published file
=====================  ==================================================================
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, abort, g, redirect, render_template, request, stream_with_context, url_for
from flask.typing import ResponseReturnValue

import pyoxigraph

from ...mapping import iris
from ..backend import iri as valid_iri
from ..errors import QueryTimeout, ServerBusy
from . import data, resource_views
from .browse import PAGE_SIZE, SORTS, BadSelection, ProjectRow, Selection, build_query, csv_lines, parse_selection
from .charts import Bar, bar_chart
from .examples import EXAMPLES
from .messages import localise
from .figures import FACET_BY_PARAM
from .i18n import (COOKIE, LANGUAGES, format_bytes, format_number, format_amounts, format_money, format_percent, format_sek, has_text,
                   select_language, translate)

blueprint = Blueprint("web", __name__, template_folder="../templates", static_folder=None)

LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
MUNICIPALITIES_IN_CHART = 15


@blueprint.before_app_request
def _choose_language() -> None:
    g.lang = select_language(request.args, request.cookies, request.accept_languages)


@blueprint.after_app_request
def _remember_language(response: Response) -> Response:
    if response.mimetype == "text/html":
        response.vary.update(("Cookie", "Accept-Language"))
        if request.args.get("lang") in LANGUAGES and request.cookies.get(COOKIE) != request.args["lang"]:
            response.set_cookie(COOKIE, request.args["lang"], max_age=LANGUAGE_COOKIE_AGE, samesite="Lax")
    return response


@blueprint.app_context_processor
def _page_context() -> dict:
    lang = getattr(g, "lang", None) or select_language(request.args, request.cookies, request.accept_languages)
    other = "en" if lang == "sv" else "sv"
    args = request.args.to_dict()
    args["lang"] = other
    return {
        "lang": lang,
        "other_lang": other,
        "other_lang_url": f"{request.path}?{urlencode(args)}",
        "t": lambda key, **values: translate(lang, key, **values),
        "has_text": has_text,
        "label_of": lambda entry: data.label(entry.get("iri"), lang, entry.get("label") or ""),
        "local_href": data.local_href,
        "base_path": data.base_path(),
        "share": lambda part, whole: format_percent(part, whole, lang),
        "reading_view": _reading_view,
        "localise": lambda message: localise(message, lang),
    }


def _reading_view(iri: str) -> tuple[str, object] | None:
    """For resource.html: ("project", ProjectView) or ("municipality", MunicipalityView) for ``iri``, else None.

    Which kind a resource is follows from its IRI (``mapping.iris``), so other resources cost no query.
    """
    base = data.settings().base_iri
    if valid_iri(iri) is None:
        return None
    local = iri[len(base):] if iri.startswith(base) else ""
    kind, _, key = local.partition("/")
    if not key or "/" in key:
        return None
    if kind == "project":
        view = resource_views.project_view(data.backend(), iri)
        return ("project", resource_views.in_language(view, lambda i, fallback: data.label(i, g.lang, fallback))) \
            if view else None
    if kind == "municipality":
        return "municipality", resource_views.municipality_view(data.backend(), iri, data.figures())
    return None


@blueprint.app_template_filter("sek")
def _sek(value: int | float | None) -> str:
    return "–" if value is None else format_sek(value, getattr(g, "lang", "sv"))


@blueprint.app_template_filter("money")
def _money(by_currency: dict[str, str] | None) -> str:
    return format_amounts(by_currency, getattr(g, "lang", "sv"))


@blueprint.app_template_filter("filesize")
def _filesize(value: int | None) -> str:
    return "–" if value is None else format_bytes(value, getattr(g, "lang", "sv"))


@blueprint.app_template_filter("number")
def _number(value: int | float | None) -> str:
    return "–" if value is None else format_number(value, getattr(g, "lang", "sv"))


def _chart(entries: list[dict], *, chart_id: str, title_key: str, what_key: str):
    lang = g.lang
    # One chart compares amounts in one currency: the one most projects use.
    currencies = data.figures().get("by_currency") if data.figures() is not None else None
    currency = currencies[0]["currency"] if currencies else "SEK"
    bars = [Bar(data.label(entry.get("iri"), lang, entry["label"]), float(entry["granted_amount"].get(currency, 0)))
            for entry in entries if currency in entry["granted_amount"]]
    description = translate(lang, "chart_desc", count=len(bars), what=translate(lang, what_key),
                            top=bars[0].label if bars else "–",
                            amount=format_money(bars[0].value, currency, lang) if bars else "–")
    return bar_chart(bars, chart_id=chart_id, title=translate(lang, title_key), description=description,
                     format_value=lambda v: format_money(v, currency, lang))


@blueprint.route("/")
def landing() -> str:
    """The dataset in figures and charts, with links to the dumps, the catalogue and the SPARQL endpoint."""
    figures = data.figures()
    charts = {}
    if figures is not None:
        charts = {
            "fund": _chart(figures.get("by_fund", []), chart_id="chart-fund", title_key="chart_by_fund",
                           what_key="chart_what_fund"),
            "priority": _chart(figures.get("by_priority", []), chart_id="chart-priority",
                               title_key="chart_by_priority", what_key="chart_what_priority"),
            "municipality": _chart(figures.get("by_municipality", [])[:MUNICIPALITIES_IN_CHART],
                                   chart_id="chart-municipality", title_key="chart_by_municipality",
                                   what_key="chart_what_municipality"),
        }
    return render_template("landing.html", figures=figures, charts=charts, examples=EXAMPLES,
                           publication=data.publication(), municipalities_in_chart=MUNICIPALITIES_IN_CHART,
                           sparql_url=data.sparql_path())


_BENEFICIARY = """PREFIX fg: <https://w3id.org/fundgraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?org (MIN(?name) AS ?label) WHERE { ?org a fg:Beneficiary ; rdfs:label ?name } GROUP BY ?org"""


def _lookup(param: str, value: str) -> dict | None:
    """A beneficiary figures.json does not list (it keeps only the largest): asked of the store, bound."""
    if param != "beneficiary":
        return None
    iri = iris.organisation(data.settings().base_iri, value)
    rows = data.backend().select_values(_BENEFICIARY, {"org": pyoxigraph.NamedNode(iri)})
    if not rows or rows[0].get("label") is None:
        return None
    return {"iri": iri, "key": value, "label": rows[0]["label"], "projects": None}


def _selection(figures):
    """The request's selection, or (None, message) for a parameter the dataset has no value for."""
    try:
        return parse_selection(request.args, figures, _lookup), None
    except BadSelection as error:
        if error.param in FACET_BY_PARAM:
            return None, translate(g.lang, "bad_filter", field=translate(g.lang, f"filter_{error.param}"))
        return None, str(error)


def _figures_or_503():
    figures = data.figures()
    if figures is None:
        abort(503, description=translate(g.lang, "no_figures"))
    return figures


@blueprint.route("/projects")
def projects() -> ResponseReturnValue:
    """Browse the projects: a GET form (works without JavaScript) and a sorted, paged table.

    The page's query runs under the endpoint's limits (``data.rows``); one that runs out of time, or finds
    every query worker busy, gets this page with an explanation and status 503.
    """
    figures = _figures_or_503()
    selection, error = _selection(figures)
    common = {"figures": figures, "sorts": list(SORTS), "sparql_url": data.sparql_path()}
    if error:
        return render_template("projects.html", selection=Selection(), error=error, rows=[], count=None,
                               has_next=False, query=None, page_url=None, csv_url=None, **common), 400
    query = build_query(selection)
    try:
        rows = [ProjectRow.from_solution(s)
                for s in data.select(build_query(selection, limit=PAGE_SIZE + 1, offset=selection.offset))]
    except (QueryTimeout, ServerBusy):
        return render_template("projects.html", selection=selection, error=translate(g.lang, "browse_timeout"),
                               rows=[], count=None, has_next=False, query=query, page_url=None, csv_url=None,
                               **common), 503, {"Retry-After": "30"}
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    count = selection.known_count(figures["projects"])
    return render_template(
        "projects.html", selection=selection, rows=rows, count=count, has_next=has_next, query=query,
        page_url=lambda **changes: url_for("web.projects", **selection.params(**changes)),
        csv_url=url_for("web.projects_csv", **selection.params(page=1)), error=None, **common)


@blueprint.route("/projects.csv")
def projects_csv() -> Response:
    """The whole selection (every page) as CSV, columns ``browse.CSV_HEADER``, UTF-8, streamed row by row.

    Without a search or filter the selection is the whole dataset: that is the published ``projects.csv``,
    to which the request is redirected (302) rather than computed again.
    """
    selection, error = _selection(_figures_or_503())
    if error:
        abort(400, description=error)
    if not selection.search and not selection.filters and (published := data.download_path("projects.csv")):
        return redirect(published, 302)
    solutions = data.rows(build_query(selection))
    lines = csv_lines(ProjectRow.from_solution(s) for s in solutions)
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="projects-selection.csv"'
    return response
