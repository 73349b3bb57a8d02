"""The browse view: which projects a request selects, the SPARQL query that selects them, and CSV.

A ``Selection`` is read from the query string of ``/projects``:

============  ============================================================================
``q``         words searched in titles, summaries and beneficiary names (each a word's start, folded)
``fund``      fund code (``ERDF_2021``) · ``priority`` priority number (``1``) ·
              ``municipality`` kommunkod (``2482``) · ``beneficiary`` organisation key
``sort``      ``title`` · ``granted`` (default) · ``budget`` · ``case_id``; ``order`` ``asc``/``desc``
``page``      1-based page number, at most ``MAX_PAGE``; ``PAGE_SIZE`` projects a page
============  ============================================================================

Filter values must be keys of ``figures.json`` (every fund, priority and municipality that has projects,
the largest beneficiaries) or, for a beneficiary figures.json does not list, an organisation the data
has (``lookup``); anything else is a ``BadSelection``, reported to the reader as a 400 page. The
query is built as text because the page shows it; user text enters it only through
``sparql_text.literal`` and IRIs from figures.json only through ``sparql_text.iri``.

With the publication's search index (``publish.search``, search.sqlite) the page's rows, count and facet
counts come from the index (``index_query``; a page in milliseconds at a million projects, words matched
folded and as prefixes); ``build_query`` is still shown as the SPARQL that selects the same projects.
Without an index (a bare store): every page runs ``build_query``, which groups the selected projects (one row per project with the
first beneficiary name and fund label) and sorts them all before LIMIT/OFFSET take a page; Oxigraph has
no top-k sort, so the unfiltered default view costs a sort of every project (about a second per 100 000
projects). That is why the pages run it under the endpoint's time limit in a worker process
(``data.rows``): a dataset too large for that gets a 503 page asking for a filter, never a stuck thread.
The unfiltered CSV is the published ``projects.csv`` and is never computed per request.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...errors import FundgraphError
from ...publish import search
from .figures import FACETS, Figures
from .sparql_text import iri, literal, prologue

PAGE_SIZE = 25
MAX_PAGE = 100_000
"""Highest page number accepted (2.5 million projects); beyond it OFFSET would only cost time."""
MAX_SEARCH_LENGTH = 200
SORTS = {"title": "?title", "granted": "?grantedAmount", "budget": "?totalBudget", "case_id": "?caseId"}
DEFAULT_SORT = "granted"
DEFAULT_ORDER = {"title": "asc", "granted": "desc", "budget": "desc", "case_id": "asc"}
CSV_HEADER = ("iri", "case_id", "title", "beneficiary", "fund_code", "fund", "granted_amount", "total_budget")


class BadSelection(FundgraphError):
    """A browse parameter has a value the dataset does not have (unknown fund, page 0, …)."""

    http_status = 400
    title = "Invalid selection"

    def __init__(self, message: str, *, param: str):
        self.param = param
        super().__init__(message)


@dataclass(frozen=True)
class Selection:
    """What ``/projects`` shows: ``filters`` maps a facet parameter to a figures.json entry."""

    search: str = ""
    filters: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    sort: str = DEFAULT_SORT
    order: str = DEFAULT_ORDER[DEFAULT_SORT]
    page: int = 1

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    def params(self, **changes: Any) -> dict[str, str]:
        """Query-string parameters that reproduce this selection (with ``changes``), defaults left out."""
        values: dict[str, Any] = {"q": self.search, "sort": self.sort, "order": self.order, "page": self.page}
        values.update({param: entry[_facet_key(param)] for param, entry in self.filters.items()})
        values.update(changes)
        defaults = {"q": "", "sort": DEFAULT_SORT, "order": DEFAULT_ORDER[values["sort"]], "page": 1}
        return {k: str(v) for k, v in values.items() if v not in (None, "") and defaults.get(k) != v}

    def known_count(self, total: int) -> int | None:
        """Number of selected projects when figures.json knows it, else None.

        ``total`` is the dataset's project count (figures.json ``projects``); a single filter's count is
        its figures.json entry's; with a search or several filters the count is not known.
        """
        if self.search or len(self.filters) > 1:
            return None
        if not self.filters:
            return total
        (entry,) = self.filters.values()
        return int(entry["projects"]) if entry.get("projects") is not None else None


def _facet_key(param: str) -> str:
    return next(f.key for f in FACETS if f.param == param)


def parse_selection(args: Mapping[str, str], figures: Figures,
                    lookup: Callable[[str, str], Mapping[str, Any] | None] | None = None) -> Selection:
    """Read a ``Selection`` from query parameters; raises BadSelection naming the parameter at fault.

    ``lookup(param, value)`` is asked for a filter value figures.json does not list (it lists only the
    largest beneficiaries): an entry like figures.json's (``projects`` may be None), or None if unknown.
    """
    search = " ".join(args.get("q", "").split())
    if len(search) > MAX_SEARCH_LENGTH:
        raise BadSelection(f"search text longer than {MAX_SEARCH_LENGTH} characters", param="q")
    filters = {}
    for facet in FACETS:
        value = args.get(facet.param, "").strip()
        if not value:
            continue
        entry = figures.entry(facet.param, value)
        if entry is None and lookup is not None:
            entry = lookup(facet.param, value)
        if entry is None:
            raise BadSelection(f"unknown {facet.param} {value!r}", param=facet.param)
        filters[facet.param] = entry
    sort = args.get("sort") or DEFAULT_SORT
    if sort not in SORTS:
        raise BadSelection(f"unknown sort {sort!r}; valid: {', '.join(SORTS)}", param="sort")
    order = args.get("order") or DEFAULT_ORDER[sort]
    if order not in ("asc", "desc"):
        raise BadSelection(f"unknown order {order!r}; valid: asc, desc", param="order")
    try:
        page = int(args.get("page") or 1)
    except ValueError:  # also a number too long to convert (Python refuses over 4300 digits)
        raise BadSelection("page must be a whole number", param="page") from None
    if not 1 <= page <= MAX_PAGE:
        raise BadSelection(f"page must be from 1 to {MAX_PAGE}", param="page")
    return Selection(search, filters, sort, order, page)


FILTER_PATTERNS = {
    "fund": "  ?project fg:fund {iri} .\n",
    "priority": "  ?project fg:priority {iri} .\n",
    "municipality": "  ?project fg:municipality {iri} .\n",
    "beneficiary": "  ?project fg:beneficiary {iri} .\n",
}


def build_query(selection: Selection, *, limit: int | None = None, offset: int = 0) -> str:
    """Return the SPARQL SELECT that lists the selected projects, one row per project, sorted.

    Columns: ``?project`` (IRI), ``?caseId``, ``?title``, ``?beneficiaryName``, ``?beneficiaryIri``, ``?fundCode``,
    ``?fundLabel``
    (the abbreviation as printed, e.g. "ERUF", else the Swedish name), ``?grantedAmount`` and ``?totalBudget``
    (xsd:decimal SEK; total budget may be unbound). Ties in the sort order are broken by case id so that paging is stable. ``limit`` and
    ``offset`` page the result; without them the query returns the whole selection (as shown to readers).
    """
    lines = [prologue("fg", "dct", "schema", "skos", "rdfs"),
             "SELECT ?project ?caseId ?title (MIN(?name) AS ?beneficiaryName) (SAMPLE(?beneficiary) AS ?beneficiaryIri)\n"
             "       ?fundCode\n"
             "       (MIN(COALESCE(?fundAlt, ?fundName)) AS ?fundLabel)\n"
             "       ?grantedAmount ?totalBudget\nWHERE {\n",
             "  ?project a fg:Project ;\n"
             "    dct:identifier ?caseId ;\n"
             "    dct:title ?title ;\n"
             "    fg:grantedAmount/schema:value ?grantedAmount ;\n"
             "    fg:beneficiary ?beneficiary ;\n"
             "    fg:fund ?fund .\n"]
    for param, entry in selection.filters.items():
        lines.append(FILTER_PATTERNS[param].format(iri=iri(entry["iri"])))
    lines.append("  ?beneficiary rdfs:label ?name .\n"
                 "  ?fund skos:notation ?fundCode .\n"
                 "  OPTIONAL { ?fund skos:altLabel ?fundAlt }\n"
                 "  OPTIONAL { ?fund skos:prefLabel ?fundName FILTER (LANG(?fundName) = \"sv\") }\n"
                 "  OPTIONAL { ?project fg:totalBudget/schema:value ?totalBudget }\n")
    if selection.search:
        lines.append("  OPTIONAL { ?project dct:abstract ?summary }\n"
                     "  BIND (CONCAT(STR(?title), \" \", STR(COALESCE(?summary, \"\")), \" \", STR(?name)) AS ?text)\n")
        lines += [f"  FILTER (REGEX(?text, {literal(pattern)}, \"i\"))\n" for pattern in word_patterns(selection.search)]
    lines.append("}\nGROUP BY ?project ?caseId ?title ?fundCode ?grantedAmount ?totalBudget\n")
    direction = "DESC" if selection.order == "desc" else "ASC"
    key = SORTS[selection.sort]
    tiebreak = "" if selection.sort == "case_id" else " ?caseId"
    lines.append(f"ORDER BY {direction}({key}){tiebreak}\n")
    if limit is not None:
        lines.append(f"LIMIT {int(limit)}\n")
    if offset:
        lines.append(f"OFFSET {int(offset)}\n")
    return "".join(lines)


INDEX_KEYS = {"fund": "code", "priority": "number", "municipality": "kommunkod", "beneficiary": "iri"}
"""The figures.json entry key whose value is the index's filter value, per browse parameter."""


def index_query(selection: Selection) -> search.Query:
    """The search index's ``Query`` for ``selection`` (its search text and filters)."""
    return search.Query(selection.search, {param: str(entry[INDEX_KEYS[param]])
                                           for param, entry in selection.filters.items()})


_FOLDED = {base: f"[{base}{marked}]" for base, marked in (
    ("a", "àáâãäåāą"), ("c", "çćč"), ("e", "èéêëēęě"), ("i", "ìíîïī"), ("n", "ñńň"), ("o", "òóôõöøō"),
    ("s", "śšș"), ("u", "ùúûüūů"), ("y", "ýÿ"), ("z", "źżž"), ("l", "ł"), ("r", "ř"), ("t", "țť"), ("d", "ď"))}


def word_patterns(text: str) -> list[str]:
    """For each word of ``text`` (as the search index reads it: ``publish.search.match_expression``), a
    regular expression matching a word that starts with it, diacritics folded ("Skelleftea" →
    ``(^|\\W)sk[eè…]ll…``): the SPARQL the browse page shows selects what the index found."""
    import re
    import unicodedata

    patterns = []
    for word in search.words(text):
        plain = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))
        patterns.append("(^|\\W)" + "".join(_FOLDED.get(c, re.escape(c)) for c in plain))
    return patterns


@dataclass(frozen=True)
class ProjectRow:
    """One row of the browse table; amounts in whole SEK (``total_budget`` None when not stated)."""

    iri: str
    case_id: str
    title: str
    beneficiary: str
    fund_code: str
    fund: str
    granted_amount: int
    total_budget: int | None
    beneficiary_iri: str = ""

    @classmethod
    def from_solution(cls, row: Mapping[str, str | None]) -> "ProjectRow":
        """Build from a solution mapping column name to the lexical form of its value (None if unbound)."""
        budget = row.get("totalBudget")
        return cls(iri=row["project"] or "", case_id=row["caseId"] or "", title=row["title"] or "",
                   beneficiary=row.get("beneficiaryName") or "", fund_code=row.get("fundCode") or "",
                   fund=row.get("fundLabel") or row.get("fundCode") or "",
                   granted_amount=_whole(row["grantedAmount"]), total_budget=_whole(budget) if budget else None,
                   beneficiary_iri=row.get("beneficiaryIri") or "")


    @classmethod
    def from_index(cls, row: Mapping[str, Any]) -> "ProjectRow":
        """Build from a row of ``publish.search.page``."""
        return cls(iri=row["iri"], case_id=row["case_id"] or "", title=row["title"], beneficiary=row["beneficiary"],
                   fund_code=row["fund_code"] or "", fund=row["fund"] or "", granted_amount=_whole(row["granted"]),
                   total_budget=_whole(row["budget"]) if row["budget"] is not None else None)


def _whole(decimal_text: str | None) -> int:
    # xsd:decimal lexical forms such as "10000000" or "10000000.0"; amounts are whole kronor.
    return int(Decimal(decimal_text or "0"))


def csv_lines(rows: Iterable[ProjectRow]) -> Iterator[str]:
    """Yield the CSV text of ``rows`` (header first, RFC 4180 quoting via the csv module), a line at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow((row.iri, row.case_id, row.title, row.beneficiary, row.fund_code, row.fund,
                         row.granted_amount, "" if row.total_budget is None else row.total_budget))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
