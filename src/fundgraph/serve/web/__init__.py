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
from ..page import operation_name
from . import data, reading, resource_views
from ...publish import facets, search
from ..search import index as search_index
from .browse import (PAGE_SIZE, SORTS, BadSelection, ProjectRow, Selection, build_query, csv_lines, index_query,
                     parse_selection)
from .charts import Bar, bar_chart
from .examples import EXAMPLES
from .messages import localise
from .figures import FACET_BY_PARAM
from .i18n import (COOKIE, LANGUAGES, format_amounts, format_bytes, format_date, format_money, format_number,
                   format_percent, format_sek, has_text, select_language, translate)
from .listing import Money
from .names import display_name, readable

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
        "local_href": data.local_hrefs(),
        "base_path": data.base_path(),
        "share": lambda part, whole: format_percent(part, whole, lang),
        "reading_view": _reading_view,
        "label_of_iri": lambda iri, fallback: _label(iri, lang, fallback),
        "localise": lambda message: localise(message, lang),
        "operation_name": lambda title, case_id=None: operation_name(title, case_id, lang),
    }


def _reading_view(page) -> tuple | None:
    """For resource.html: the reading view of ``page`` (a serve.page.ResourcePage), else None:
    ("project", ProjectView), ("listing", ListingView, extras) for an organisation, fund, priority, county,
    municipality or document, ("catalogue", CatalogueView) for the catalogue's resources.

    Which kind a resource is follows from its IRI (``mapping.iris``), so other resources cost no query.
    """
    if valid_iri(page.iri) is None:
        return None
    found = reading.kind_of(page.iri, data.settings().base_iri)
    if found is None:
        return None
    kind, key = found
    lang = g.lang
    if kind == "project":
        view = resource_views.project_view(page.description, _name_of) if page.description else None
        if view is None:
            return None
        return "project", resource_views.in_language(view, lambda i, fallback: data.label(i, lang, fallback))
    if kind in reading.LISTING_KINDS:
        publication = data.publication() or {}
        view = reading.listing_view(data.backend(), page.iri, kind, key, _name_of, page.figures,
                                    publication.get("documents"))
        published = publication.get("published") if kind == "document" else None
        return "listing", view, {"chart": _fund_chart(view) if view.fund_totals else None,
                                 "published_on": format_date(published, lang) if published else None}
    if kind in reading.CATALOGUE_VIEWS:
        return "catalogue", reading.catalogue_view(page, kind, lang)
    return None


def _label(iri: str, lang: str, fallback: str) -> str:
    """A concept's label in ``lang``, else its Swedish one (municipalities have no English names), else ``fallback``."""
    return data.label(iri, lang, data.label(iri, "sv", fallback))


def _name_of(labels: list[str], preferred: dict[str, str]) -> str:
    return display_name(labels, preferred, g.lang)


def _fund_chart(view):
    """An organisation's listed grants by fund and year as a bar chart (one currency: the first's)."""
    lang = g.lang
    totals = view.fund_totals
    currency = totals[0].currency
    bars = [Bar(_label(t.fund, lang, t.fund.rsplit("/", 1)[-1]) + (f" ({t.year})" if t.year else ""),
                float(t.granted)) for t in totals if t.currency == currency]
    description = translate(lang, "chart_desc", count=len(bars), what=translate(lang, "chart_what_fund"),
                            top=bars[0].label, amount=format_money(totals[0].granted, currency, lang))
    return bar_chart(bars, chart_id="chart-organisation-funds", title=translate(lang, "chart_by_fund_year"),
                     description=description, format_value=lambda v: format_money(round(v), currency, lang))


@blueprint.app_template_filter("fund_total_money")
def _fund_total_money(total) -> Money:
    return Money(total.granted, total.currency)


@blueprint.app_template_filter("date")
def _date(iso: str) -> str:
    """An ISO 8601 date (or date-time) in the page's language: "7 december 2026"."""
    return format_date(iso, getattr(g, "lang", "sv"))


@blueprint.app_template_filter("readable")
def _readable(name: str) -> str:
    """An organisation's name as listed, in the readable form pages show (``names.readable``)."""
    return readable(name)


@blueprint.app_template_filter("fund_iri")
def _fund_iri(code: str) -> str:
    return iris.fund(data.settings().base_iri, code)


@blueprint.app_template_filter("place_link")
def _place_link(iri: str) -> dict:
    return {"iri": iri, "label": _label(iri, getattr(g, "lang", "sv"), iri.rsplit("/", 1)[-1])}


@blueprint.app_template_filter("sek")
def _sek(value: int | float | None) -> str:
    return "–" if value is None else format_sek(value, getattr(g, "lang", "sv"))


@blueprint.app_template_filter("money")
def _money(amount: Money | dict[str, str] | None) -> str:
    """An amount in the page's language and its own currency: a listing.Money, or sums by currency as
    figures.json gives them ({"SEK": "72750869"}, joined by " + "); "–" for None (not given)."""
    if isinstance(amount, Money):
        return format_money(amount.value, amount.currency, getattr(g, "lang", "sv"))
    return format_amounts(amount, getattr(g, "lang", "sv"))


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
    common = {"figures": figures, "sorts": list(SORTS), "sparql_url": data.sparql_path(), "facet_counts": {},
              "count_more": False}
    if error:
        return render_template("projects.html", selection=Selection(), error=error, rows=[], count=None,
                               has_next=False, query=None, page_url=None, csv_url=None, **common), 400
    query = build_query(selection)
    index = search_index()
    if index is not None:  # rows, count and facet counts from the publication's search index
        wanted = index_query(selection)
        base = data.settings().base_iri
        rows = [ProjectRow.from_index({**r, "fund": data.label(iris.fund(base, r["fund_code"]), g.lang, r["fund"] or "")
                                       if r["fund_code"] else r["fund"]})
                for r in search.page(index, wanted, sort=selection.sort, order=selection.order,
                                     limit=PAGE_SIZE + 1, offset=selection.offset)]
        count, exact = search.total(index, wanted)
        common["count_more"] = not exact
        counts, whole = facets.counted(index, wanted)
        if whole:  # else the options keep the dataset's counts (figures.json)
            common["facet_counts"] = {param: {e["value"]: e["projects"] for e in entries}
                                      for param, entries in counts.items()}
    else:
        try:
            rows = [ProjectRow.from_solution(s)
                    for s in data.select(build_query(selection, limit=PAGE_SIZE + 1, offset=selection.offset))]
        except (QueryTimeout, ServerBusy):
            return render_template("projects.html", selection=selection, error=translate(g.lang, "browse_timeout"),
                                   rows=[], count=None, has_next=False, query=query, page_url=None, csv_url=None,
                                   **common), 503, {"Retry-After": "30"}
        count = selection.known_count(figures["projects"])
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
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
