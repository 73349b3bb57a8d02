"""CSV distributions for people and tools that do not read RDF: projects.csv (+ CSVW metadata) and a
copy in the column layout of Kohesio's per-country project exports.

Rows are read from the store with SPARQL ordered by case id and written as they arrive: one query for
the single-valued columns and one per multi-valued column (municipalities, counties), merged by case id,
so memory does not grow with the number of projects. Multi-valued cells are joined with ";" in kommunkod
(county code) order, names aligned with codes. Amounts are whole SEK.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import Any

import pyoxigraph

from ..config import Settings
from ..mapping import iris
from ..mapping.vocab import PREFIXES

SEPARATOR = ";"
PROJECTS_CSV = "projects.csv"
PROJECTS_CSVW = "projects.csv-metadata.json"
KOHESIO_CSV = "kohesio-projects.csv"

_PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

def _each(variables: str, pattern: str, optional: bool = False) -> str:
    # Oxigraph's union default graph yields a triple once per named graph holding it, and a project
    # stated by two lists is in two graphs: each pattern is made DISTINCT on its own before joining, so
    # rows neither multiply nor blow up (a join of k duplicated patterns would give 2^k rows).
    return f"{'OPTIONAL ' if optional else ''}{{ SELECT DISTINCT {variables} WHERE {{ {pattern} }} }}\n"


_MAIN = _PROLOGUE + (
    "SELECT ?case ?project ?title ?summary ?beneficiary ?org ?granted ?total ?fundCode ?fund ?fundType ?euCode\n"
    "       ?priorityNumber ?priority WHERE {\n"
    + _each("?project ?case", "?project a fg:Project ; dct:identifier ?case")
    + _each("?project ?title", "?project a fg:Project ; dct:title ?title")
    + _each("?project ?granted", "?project a fg:Project ; fg:grantedAmount/schema:value ?granted")
    + _each("?project ?org", "?project a fg:Project ; fg:beneficiary ?org")
    + _each("?org ?beneficiary", "SELECT ?org (MIN(?name) AS ?beneficiary) WHERE { ?org rdfs:label ?name } GROUP BY ?org")
    + _each("?project ?fundNode", "?project a fg:Project ; fg:fund ?fundNode")
    + _each("?project ?summary", "?project a fg:Project ; dct:abstract ?summary", optional=True)
    + _each("?project ?total", "?project a fg:Project ; fg:totalBudget/schema:value ?total", optional=True)
    + _each("?fundNode ?fundCode", "?fundNode skos:notation ?fundCode", optional=True)
    + _each("?fundNode ?fund", "?fundNode skos:prefLabel ?fund FILTER(lang(?fund) = 'sv')", optional=True)
    + _each("?fundNode ?fundType", "?fundNode a fg:Programme BIND('programme' AS ?fundType)", optional=True)
    + _each("?fundNode ?euCode", "?fundNode fg:financedBy?/skos:exactMatch ?eu FILTER(STRSTARTS(STR(?eu), STR(euprog:))) "
            "BIND(STRAFTER(STR(?eu), STR(euprog:)) AS ?euCode)", optional=True)
    + _each("?project ?priorityNumber ?priority",
            "?project a fg:Project ; fg:priority ?p . OPTIONAL { ?p skos:notation ?priorityNumber } "
            "OPTIONAL { ?p skos:prefLabel ?priority }", optional=True)
    + "} ORDER BY ?case\n")

_PLACES = _PROLOGUE + (
    "SELECT ?case ?code ?name ?nuts WHERE {\n"
    + _each("?project ?case", "?project a fg:Project ; dct:identifier ?case")
    + _each("?project ?place", "?project a fg:Project ; %s ?place")
    + _each("?place ?code", "?place skos:notation ?code")
    + _each("?place ?name", "?place skos:prefLabel ?name FILTER(lang(?name) = 'sv')", optional=True)
    + _each("?place ?nuts", "?place skos:exactMatch ?nuts FILTER(STRSTARTS(STR(?nuts), STR(nuts:)))", optional=True)
    + "} ORDER BY ?case ?code\n")

PROJECT_COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    # name, CSVW datatype, English title, description
    ("case_id", "string", "Case id", "The list's case id (ärende-id) of the project."),
    ("title", "string", "Title", "Project title as printed in the list."),
    ("beneficiary", "string", "Beneficiary", "Beneficiary organisation, name as printed."),
    ("granted_amount_sek", "integer", "Granted amount (SEK)", "Amount granted to the project, in Swedish kronor."),
    ("total_budget_sek", "integer", "Total budget (SEK)",
     "The project's total budget, in Swedish kronor; empty when the list does not give one."),
    ("fund_code", "string", "Fund code", "fundgraph's code of the fund or programme (e.g. ERDF_2021)."),
    ("fund", "string", "Fund", "Name of the fund or programme (Swedish)."),
    ("priority_number", "integer", "Priority number", "Number of the priority of the regional strategy."),
    ("priority", "string", "Priority", "Label of the priority as printed."),
    ("kommunkoder", "string", "Municipality codes", "SCB kommunkoder of the municipalities, ';'-separated."),
    ("municipalities", "string", "Municipalities", "Municipality names, ';'-separated, in kommunkod order."),
    ("county_codes", "string", "County codes", "SCB county (län) codes, ';'-separated."),
    ("counties", "string", "Counties", "County names, ';'-separated, in county-code order."),
    ("nuts3_codes", "string", "NUTS-3 codes", "NUTS-3 codes of the counties, ';'-separated."),
    ("summary", "string", "Summary", "The list's description of the project."),
    ("project_iri", "anyURI", "Project IRI", "The project's IRI in the linked data."),
    ("beneficiary_iri", "anyURI", "Beneficiary IRI", "The beneficiary's IRI in the linked data."),
)
_LISTS = {"kommunkoder", "municipalities", "county_codes", "counties", "nuts3_codes"}

KOHESIO_COLUMNS = (
    "Operation_Local_Identifier", "Operation_Name_Programme_Language", "Operation_Summary_Programme_Language",
    "Beneficiary_Name", "Total_Eligible_Expenditure_amount", "Total_Eligible_Expenditure_Currency",
    "Project_EU_Budget", "Cofinancing_Rate", "Fund_Code", "Programme_Code", "Programme_Name", "NUTS3_Code",
    "LAU_Labels", "Country",
)
"""Columns of Kohesio's per-country project exports that the lists can fill (see VOCABULARY-NOTES)."""

KOHESIO_FUND_CODES = {"ERDF_2021": "ERDF", "ERDF": "ERDF", "ESF_PLUS": "ESF+", "ESF": "ESF", "JTF": "JTF"}
"""Kohesio's fund codes by EU Publications Office eu-programme code; a fund with none (regional money)
gets an empty Fund_Code."""


def project_rows(store: pyoxigraph.Store) -> Iterator[dict[str, Any]]:
    """Yield one dict per project (keys: PROJECT_COLUMNS names, plus ``fund_eu_code`` and ``fund_is_programme``),
    ordered by case id, amounts as int (None when absent)."""
    main = store.query(_MAIN, use_default_graph_as_union=True)
    municipalities = _places(store, "fg:municipality")
    counties = _places(store, "fg:county")
    next_municipalities = _next_group(municipalities)
    next_counties = _next_group(counties)
    seen = None
    for solution in main:
        case = solution["case"].value
        if case == seen:  # two spellings of one value (e.g. a second prefLabel): the first row wins
            continue
        seen = case
        places = next_municipalities(case)
        regions = next_counties(case)
        yield {
            "case_id": case,
            "title": _text(solution["title"]),
            "beneficiary": _text(solution["beneficiary"]),
            "granted_amount_sek": _amount(solution["granted"]),
            "total_budget_sek": _amount(solution["total"]),
            "fund_code": _text(solution["fundCode"]),
            "fund": _text(solution["fund"]),
            "priority_number": int(solution["priorityNumber"].value) if solution["priorityNumber"] else None,
            "priority": _text(solution["priority"]),
            "kommunkoder": [p[0] for p in places],
            "municipalities": [p[1] for p in places],
            "county_codes": [r[0] for r in regions],
            "counties": [r[1] for r in regions],
            "nuts3_codes": [r[2] for r in regions if r[2]],
            "summary": _text(solution["summary"]),
            "project_iri": solution["project"].value,
            "beneficiary_iri": solution["org"].value,
            "fund_eu_code": _text(solution["euCode"]),
            "fund_is_programme": solution["fundType"] is not None,
        }


def write_csvs(store: pyoxigraph.Store, folder: Path, settings: Settings) -> int:
    """Write projects.csv, projects.csv-metadata.json and kohesio-projects.csv into ``folder`` in one pass
    over the projects; return the number of projects."""
    count = 0
    with (folder / PROJECTS_CSV).open("w", encoding="utf-8", newline="") as projects, \
            (folder / KOHESIO_CSV).open("w", encoding="utf-8", newline="") as kohesio:
        ours = csv.writer(projects, lineterminator="\r\n")
        theirs = csv.writer(kohesio, lineterminator="\r\n")
        ours.writerow([c[0] for c in PROJECT_COLUMNS])
        theirs.writerow(KOHESIO_COLUMNS)
        for row in project_rows(store):
            ours.writerow([_cell(row[c[0]]) for c in PROJECT_COLUMNS])
            theirs.writerow(kohesio_row(row))
            count += 1
    (folder / PROJECTS_CSVW).write_text(
        json.dumps(csvw_metadata(settings), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return count


def csvw_metadata(settings: Settings) -> dict[str, Any]:
    """CSVW metadata (W3C Metadata Vocabulary for Tabular Data) describing projects.csv.

    ``aboutUrl`` makes each row describe the project's IRI, so a CSVW-to-RDF converter yields IRIs that
    agree with the linked data.
    """
    columns = []
    for name, datatype, title, description in PROJECT_COLUMNS:
        column: dict[str, Any] = {"name": name, "titles": name, "dc:title": title, "dc:description": description,
                                  "datatype": datatype}
        if name in _LISTS:
            column["separator"] = SEPARATOR
        if name in ("case_id", "title", "beneficiary", "granted_amount_sek", "fund_code", "project_iri"):
            column["required"] = True
        if datatype == "integer":
            column["datatype"] = {"base": "integer", "minimum": 0}
        columns.append(column)
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "url": PROJECTS_CSV,
        "dc:title": settings.publisher.dataset_title_en,
        "dc:license": {"@id": settings.publisher.licence},
        "dialect": {"header": True, "encoding": "utf-8", "delimiter": ","},
        "tableSchema": {
            "columns": columns,
            "primaryKey": "case_id",
            "aboutUrl": settings.base_iri + iris.PROJECT_TEMPLATE,
        },
    }


def kohesio_row(row: dict[str, Any]) -> list[Any]:
    """A project (as from ``project_rows``) in KOHESIO_COLUMNS order.

    Filled: identifier (case id), name, summary, beneficiary, total eligible expenditure (the total budget,
    currency SEK), fund code (EU funds only), programme name (programmes only, e.g. Interreg Aurora), NUTS-3
    codes of the counties, municipality names (LAU labels; Swedish LAU units are the municipalities), country.
    Left empty because the lists do not say them: EU budget, co-financing rate, programme CCI code.
    """
    total = row["total_budget_sek"]
    return [
        row["case_id"], row["title"], row["summary"], row["beneficiary"],
        "" if total is None else total, "" if total is None else "SEK",
        "", "", KOHESIO_FUND_CODES.get(row["fund_eu_code"] or "", ""), "",
        row["fund"] if row["fund_is_programme"] else "",
        SEPARATOR.join(row["nuts3_codes"]), SEPARATOR.join(row["municipalities"]), "SE",
    ]


def _places(store: pyoxigraph.Store, prop: str) -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    rows = store.query(_PLACES % prop, use_default_graph_as_union=True)
    for case, group in groupby(rows, key=lambda s: s["case"].value):
        values: dict[str, tuple[str, str, str]] = {}
        for s in group:
            code = s["code"].value
            values.setdefault(code, (code, _text(s["name"]), _text(s["nuts"]).rsplit("/", 1)[-1]))
        yield case, sorted(values.values())


def _next_group(groups: Iterator[tuple[str, list]]):
    """Merge-join helper: return f(case) giving the group of ``case`` from a case-ordered stream, or []."""
    pending: list = [next(groups, None)]

    def take(case: str) -> list:
        while pending[0] is not None and pending[0][0] < case:
            pending[0] = next(groups, None)
        if pending[0] is not None and pending[0][0] == case:
            values = pending[0][1]
            pending[0] = next(groups, None)
            return values
        return []

    return take


def _text(term: Any) -> str:
    return "" if term is None else term.value


def _amount(term: Any) -> int | None:
    return None if term is None else int(Decimal(term.value))


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return SEPARATOR.join(value)
    return value
