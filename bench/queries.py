"""The five typical SPARQL queries of the benchmark, timed on pyoxigraph directly and through HTTP.

The queries (data model: /work/team/MODEL.md, ontology/fundgraph.ttl):

- count-per-fund: projects per fund (a GROUP BY over every project);
- sum-per-municipality: granted amount per municipality (a join of every project with its amounts);
- project-by-case-id: one project's title and amount, by dct:identifier (an index look-up);
- projects-of-beneficiary: the projects of one organisation (an index look-up with many results);
- title-filter: projects whose title contains a word, case-insensitive, first 100 by title (a full scan).

Each is run once to warm caches, then ``repeats`` times; the median wall time counts (slow ones: median
of 3 runs, see ``median_seconds``). Direct runs read every
value of every solution; HTTP runs read the whole response body (SPARQL JSON results).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import pyoxigraph
import requests

from fundgraph.mapping.vocab import PREFIXES

PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def queries(case_id: str, beneficiary_iri: str, word: str = "innovation") -> dict[str, str]:
    """The five queries by name, with their parameters filled in (values are literals/IRIs we chose)."""
    return {
        "count-per-fund": """SELECT ?fund (COUNT(?project) AS ?projects) WHERE {
  ?project a fg:Project ; fg:fund ?fund } GROUP BY ?fund ORDER BY DESC(?projects)""",
        "sum-per-municipality": """SELECT ?municipality (SUM(?granted) AS ?total) WHERE {
  ?project a fg:Project ; fg:municipality ?municipality ; fg:grantedAmount/schema:value ?granted
} GROUP BY ?municipality ORDER BY DESC(?total)""",
        "project-by-case-id": f"""SELECT ?project ?title ?granted WHERE {{
  ?project dct:identifier "{case_id}" ; a fg:Project ; dct:title ?title ; fg:grantedAmount/schema:value ?granted }}""",
        "projects-of-beneficiary": f"""SELECT ?project ?title WHERE {{
  ?project fg:beneficiary <{beneficiary_iri}> ; dct:title ?title }}""",
        "title-filter": f"""SELECT ?project ?title WHERE {{
  ?project a fg:Project ; dct:title ?title FILTER(CONTAINS(LCASE(?title), "{word}"))
}} ORDER BY ?title LIMIT 100""",
    }


def median_seconds(run: Callable[[], int], repeats: int, slow: float = 5.0) -> tuple[float, int]:
    """Run once to warm up, then ``repeats`` times; return (median seconds, result size of the last run).

    A query whose warm-up run takes over ``slow`` seconds is run twice more only and the warm-up counts as
    a sample (median of 3); over ``6 × slow`` once more (mean of 2): caches matter little next to that much
    work, and the benchmark stays bounded.
    """
    start = time.perf_counter()
    size = run()
    first = time.perf_counter() - start
    times = [first] if first > slow else []
    for _ in range(repeats if first <= slow else 2 if first <= 6 * slow else 1):
        start = time.perf_counter()
        size = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def direct(store: pyoxigraph.Store, query: str) -> Callable[[], int]:
    """A run of ``query`` on ``store`` (default graph = union of all graphs) that reads every value."""
    text = PROLOGUE + query

    def run() -> int:
        rows = 0
        for solution in store.query(text, use_default_graph_as_union=True):
            for value in solution:
                if value is not None:
                    value.value  # noqa: B018 (touch the term, as a client would)
            rows += 1
        return rows
    return run


def over_http(session: requests.Session, endpoint: str, query: str) -> Callable[[], int]:
    """A run of ``query`` POSTed to the SPARQL endpoint ``endpoint``; returns the response's byte count."""
    text = PROLOGUE + query

    def run() -> int:
        response = session.post(endpoint, data={"query": text},
                                headers={"Accept": "application/sparql-results+json"}, timeout=600)
        response.raise_for_status()
        return len(response.content)
    return run
