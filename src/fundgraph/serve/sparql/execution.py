"""Running one user query against a pyoxigraph store and serialising its result.

``execute`` is what a query worker process runs (``limits.WorkerPool``) and what the server runs
in-process for a store without a path. The result format is chosen here, after the query is parsed,
because only then is its form (SELECT, ASK, CONSTRUCT/DESCRIBE) known.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, Store

from .. import negotiation
from ..errors import BadRequest, NotAcceptable, QuerySyntaxError
from . import results
from .inspection import inspect_query
from .limits import collect


@dataclass(frozen=True)
class QueryJob:
    """One query request, picklable for a worker process.

    ``default_graphs``/``named_graphs``: the protocol's default-graph-uri / named-graph-uri values
    (both empty: the default graph is the union of all graphs). ``accept``: the Accept header;
    ``format``: a short result-format name that overrides it, or "". ``browser``: whether the
    client is browser-like. ``base_iri``: resolves relative IRIs in the query (the endpoint's URL).
    ``timeout``: seconds; ``max_rows``: most solutions or triples.
    """

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str = ""
    format: str = ""
    base_iri: str | None = None
    timeout: float = 10.0
    max_rows: int = 100_000


@dataclass(frozen=True)
class QueryOutcome:
    """A serialised result: ``content_type`` header value and ``body`` bytes."""

    content_type: str
    body: bytes


def graph_nodes(parameter: str, values: tuple[str, ...]) -> list[NamedNode]:
    """``values`` of protocol parameter ``parameter`` as NamedNodes; raises BadRequest for one that is
    not an absolute IRI."""
    nodes = []
    for value in values:
        try:
            nodes.append(NamedNode(value))
        except ValueError:
            raise BadRequest(f"{parameter} must be an absolute IRI, not {value!r}") from None
    return nodes


def choose_format(job: QueryJob, offered: tuple[results.ResultFormat, ...],
                  aliases: dict[str, str]) -> results.ResultFormat:
    """The result format for ``job`` among ``offered``: the one ``job.format`` names, else by Accept.

    A ``format`` naming a format of another query form is NotAcceptable; any other value (a media
    type, which SPARQLWrapper sends; the endpoint refuses unknown names before running) is left to
    Accept. Raises NotAcceptable listing the offered media types when Accept admits none of them.
    """
    if job.format:
        for fmt in offered:
            if fmt.named(job.format):
                return fmt
        if any(fmt.named(job.format) for fmt in results.ALL_FORMATS):
            raise NotAcceptable(f"format {job.format!r} is not available for this query form; available: "
                                + ", ".join(f.name for f in offered))
    chosen = negotiation.choose(job.accept, [f.media_type for f in offered], aliases)
    for fmt in offered:
        if fmt.media_type == chosen:
            return fmt
    raise NotAcceptable.offering([f.media_type for f in offered])


def execute(store: Store, job: QueryJob) -> QueryOutcome:
    """Run ``job`` on ``store`` and serialise the result.

    The dataset is the protocol's graphs when the request names any; else the query's own FROM /
    FROM NAMED when it has them; else the union of all graphs. Raises ServiceRefused (a query using
    SERVICE, ``inspection``), BadRequest (a graph parameter that is not an IRI), QuerySyntaxError (with
    the parser's message), NotAcceptable, ResultTooLarge, or QueryTimeout when the deadline passes
    while results are read (a blocking operator such as ORDER BY can only be stopped by killing the
    process running it: see ``limits.WorkerPool``).
    """
    deadline = time.monotonic() + job.timeout
    features = inspect_query(job.query)
    options: dict = {"base_iri": job.base_iri}
    if job.default_graphs or job.named_graphs:
        options["default_graph"] = graph_nodes("default-graph-uri", job.default_graphs)
        options["named_graphs"] = graph_nodes("named-graph-uri", job.named_graphs)
    elif not features.dataset_clause:
        options["use_default_graph_as_union"] = True
    try:
        answer = store.query(job.query, **options)
    except (SyntaxError, ValueError) as error:
        raise QuerySyntaxError(str(error)) from None
    if isinstance(answer, QueryBoolean):
        fmt = choose_format(job, results.ASK_FORMATS, results.TABULAR_ALIASES)
        return QueryOutcome(results.content_type(fmt), results.write_boolean(bool(answer), fmt))
    if isinstance(answer, QuerySolutions):
        fmt = choose_format(job, results.SELECT_FORMATS, results.TABULAR_ALIASES)
        variables = [v.value for v in answer.variables]
        count = len(variables)
        rows = collect(([solution[i] for i in range(count)] for solution in answer), job.max_rows, deadline,
                       job.timeout)
        return QueryOutcome(results.content_type(fmt), results.write_solutions(variables, rows, fmt))
    fmt = choose_format(job, results.GRAPH_FORMATS, results.GRAPH_ALIASES)
    triples = collect(answer, job.max_rows, deadline, job.timeout)
    return QueryOutcome(results.content_type(fmt), results.write_triples(triples, fmt))
