"""Running one user query against a pyoxigraph store and serialising its result as it is read.

``execute`` is what a query worker process runs (``workers.WorkerPool``) and what the server runs
in-process for a store without a path. The result format is chosen here, after the query is parsed,
because only then is its form (SELECT, ASK, CONSTRUCT/DESCRIBE) known. SELECT results stream out in
pieces under the row, byte and time limits (``limits``); CONSTRUCT/DESCRIBE triples are collected under the
same limits first, as the RDF writers need them all (prefixes, JSON-LD compaction).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from pyoxigraph import NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions, Store

from .. import negotiation
from ..errors import BadRequest, NotAcceptable, QueryNotSupported, QuerySyntaxError
from . import results
from .inspection import MAX_QUERY_BYTES, MAX_QUERY_DEPTH, inspect_query, select_star_order
from .limits import bounded, capped, timed_out, too_many_bytes, too_many_rows


@dataclass(frozen=True)
class QueryJob:
    """One query request, picklable for a worker process.

    ``default_graphs``/``named_graphs``: the protocol's default-graph-uri / named-graph-uri values
    (both empty: the default graph is the union of all graphs). ``accept``: the Accept header;
    ``format``: a short result-format name that overrides it, or "". ``browser``: whether the
    client is browser-like. ``base_iri``: resolves relative IRIs in the query (the endpoint's URL).
    ``timeout``: seconds; ``max_rows``: most solutions or triples; ``max_bytes``: most bytes of the
    serialised result; ``max_query_bytes`` and ``max_query_depth``: ``inspection.check_shape``.
    """

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str = ""
    format: str = ""
    base_iri: str | None = None
    timeout: float = 10.0
    max_rows: int = 100_000
    max_bytes: int = 50_000_000
    max_query_bytes: int = MAX_QUERY_BYTES
    max_query_depth: int = MAX_QUERY_DEPTH


class QueryOutcome:
    """A serialised result: ``content_type`` header value and the body, given as bytes, as an iterable of byte
    pieces (a stream, read once), or as ``writer``: a function that writes the body piece by piece into the
    function it is given (the engine's result writer, which calls back instead of yielding). ``write_to(emit)``
    passes the pieces to ``emit`` as they are made; ``chunks()`` yields them (a writer's all made first);
    ``body`` is the whole body."""

    def __init__(self, content_type: str, body: bytes | Iterable[bytes] = b"", *,
                 writer: Callable[[Callable[[bytes], object]], None] | None = None):
        self.content_type = content_type
        self._body = body
        self._writer = writer

    @property
    def body(self) -> bytes:
        if not isinstance(self._body, bytes) or self._writer is not None:
            self._body = b"".join(self.chunks())
        return self._body

    def chunks(self) -> Iterator[bytes]:
        if self._writer is not None:
            pieces: list[bytes] = []
            self.write_to(pieces.append)
            self._body = pieces
        if isinstance(self._body, bytes):
            yield self._body
        else:
            yield from self._body

    def write_to(self, emit: Callable[[bytes], object]) -> None:
        """Pass the body's pieces to ``emit`` (once: a stream or a writer is used up)."""
        writer, self._writer = self._writer, None
        if writer is not None:
            writer(emit)
            self._body = b""
        else:
            for chunk in self.chunks():
                emit(chunk)

    def close(self) -> None:
        """Stop a stream not read to its end (releasing the worker that produces it)."""
        close = getattr(self._body, "close", None)
        if close is not None:
            close()


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
    """Run ``job`` on ``store``; its result is serialised as the outcome's body is read.

    The dataset is the protocol's graphs when the request names any; else the query's own FROM /
    FROM NAMED when it has them; else the union of all graphs. Raises QueryTooComplex and ServiceRefused
    (``inspection``), BadRequest (a graph parameter that is not an IRI), QuerySyntaxError (with the
    parser's message), QueryNotSupported (e.g. an extension function Oxigraph lacks), NotAcceptable; and,
    while the body is read, ResultTooLarge and QueryTimeout when a limit is passed (a blocking operator
    such as ORDER BY can only be stopped by killing the process running it: see ``workers.WorkerPool``).
    """
    deadline = time.monotonic() + job.timeout
    features = inspect_query(job.query, job.max_query_bytes, job.max_query_depth)
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
    except RuntimeError as error:
        if _UNSUPPORTED.search(str(error)):
            raise QueryNotSupported(f"the query cannot be evaluated here: {error}") from None
        raise
    if isinstance(answer, QueryBoolean):
        return boolean_outcome(form_format(job, "ask"), bool(answer))
    if isinstance(answer, QuerySolutions):
        fmt = form_format(job, "select")
        variables = [v.value for v in answer.variables]
        order = select_star_order(job.query, variables)  # pyoxigraph sorts SELECT * columns by name
        if fmt is results.JSON and order == list(range(len(order))):
            return engine_json_outcome(answer, job.max_rows, job.max_bytes, deadline, job.timeout)
        rows = ([solution[i] for i in order] for solution in answer)
        return solutions_outcome(fmt, [variables[i] for i in order], bounded(rows, job.max_rows, deadline, job.timeout),
                                 job.max_bytes)
    fmt = form_format(job, "graph")
    triples = list(_within_bytes(bounded(answer, job.max_rows, deadline, job.timeout), job.max_bytes))
    return triples_outcome(fmt, triples, job.max_bytes)


# The result formats and short-name aliases of each query form: "ask", "select", "graph" (CONSTRUCT/DESCRIBE).
_FORM_FORMATS = {"ask": (results.ASK_FORMATS, results.TABULAR_ALIASES),
                 "select": (results.SELECT_FORMATS, results.TABULAR_ALIASES),
                 "graph": (results.GRAPH_FORMATS, results.GRAPH_ALIASES)}


def form_format(job: QueryJob, form: str) -> results.ResultFormat:
    """``choose_format`` among the formats of query form ``form`` ("ask", "select" or "graph")."""
    return choose_format(job, *_FORM_FORMATS[form])


# The outcome of each query form, written in ``fmt``: the same for the embedded store and an external endpoint
# (remote.RemoteBackend), so that both answer byte for byte alike.

def boolean_outcome(fmt: results.ResultFormat, answer: bool) -> QueryOutcome:
    """An ASK answer."""
    return QueryOutcome(results.content_type(fmt), results.write_boolean(answer, fmt))


def solutions_outcome(fmt: results.ResultFormat, variables: list[str], rows: Iterable, max_bytes: int) -> QueryOutcome:
    """SELECT solutions (``rows``: one term or None per variable), streamed as they are read; ResultTooLarge
    past ``max_bytes`` while the body is read."""
    return QueryOutcome(results.content_type(fmt), capped(results.solution_chunks(variables, rows, fmt), max_bytes))


def engine_json_outcome(solutions: QuerySolutions, max_rows: int, max_bytes: int, deadline: float,
                        timeout: float | None = None) -> QueryOutcome:
    """SELECT ``solutions`` written in SPARQL JSON by Oxigraph's own writer (Rust, several times faster than a writer
    in Python per row), the same bytes as ``results.solution_chunks`` writes; under the row, byte and time limits
    while the body is written (``_LimitedWriter``)."""

    def write(emit: Callable[[bytes], object]) -> None:
        out = _LimitedWriter(emit, max_rows, max_bytes, deadline, timeout)
        solutions.serialize(out, QueryResultsFormat.JSON)
        out.finish()

    return QueryOutcome(results.content_type(results.JSON), writer=write)


_NEXT_SOLUTION = re.compile(rb'\},\{(?=["}])')
"""Where a solution ends and the next begins in Oxigraph's compact SPARQL JSON: ``},{"``, or ``},{}`` before an empty
solution. Within a solution a term's object is followed by ``,"`` or ``}``, and ``},{"`` cannot occur inside a JSON
string (its quote would be escaped); ``},{}`` can, in a literal, which then counts one row more: erring towards
refusal at the cap."""


class _LimitedWriter:
    """The binary file Oxigraph's SPARQL JSON writer writes into: passes its pieces (8 KiB) to ``emit``, raising
    ResultTooLarge past ``max_rows`` solutions (counted from the text, ``_NEXT_SOLUTION``) or ``max_bytes``, and
    QueryTimeout past ``deadline`` (``time.monotonic()``), between pieces and at the end (``finish``), as
    ``limits.bounded`` and ``limits.capped`` do for the writers in Python."""

    def __init__(self, emit: Callable[[bytes], object], max_rows: int, max_bytes: int, deadline: float,
                 timeout: float | None):
        self.emit, self.max_rows, self.max_bytes, self.deadline, self.timeout = emit, max_rows, max_bytes, deadline, timeout
        self.size = 0
        self.boundaries = 0
        self.last = b""
        """The last 4 bytes written (a boundary may span two pieces)."""

    def write(self, piece: bytes) -> int:
        piece = bytes(piece)
        self.size += len(piece)
        if self.size > self.max_bytes:
            raise too_many_bytes(self.max_bytes)
        text = self.last[1:] + piece  # a boundary that ended in the last piece has its first byte out of it
        self.boundaries += len(_NEXT_SOLUTION.findall(text))
        self.last = (self.last + piece)[-4:]
        if self.boundaries and self.boundaries >= self.max_rows:  # boundaries + 1 solutions at least
            raise too_many_rows(self.max_rows)
        if time.monotonic() > self.deadline:
            raise timed_out(self.timeout)
        self.emit(piece)
        return len(piece)

    def flush(self) -> None:
        pass

    def finish(self) -> None:
        """Check the limits once the whole result is written."""
        solutions = self.boundaries + (not self.last.endswith(b"[]}}"))
        if solutions > self.max_rows:
            raise too_many_rows(self.max_rows)
        if time.monotonic() > self.deadline:
            raise timed_out(self.timeout)


def triples_outcome(fmt: results.ResultFormat, triples: list, max_bytes: int) -> QueryOutcome:
    """CONSTRUCT/DESCRIBE triples, written at once (the RDF writers need them all); ResultTooLarge past
    ``max_bytes``."""
    body = results.write_triples(triples, fmt)
    if len(body) > max_bytes:
        raise too_many_bytes(max_bytes)
    return QueryOutcome(results.content_type(fmt), body)


_UNSUPPORTED = re.compile(r"not supported|not implemented|unsupported", re.IGNORECASE)


def _within_bytes(triples: Iterable, max_bytes: int) -> Iterator:
    """``triples``, raising ResultTooLarge once their N-Triples text passes ``max_bytes`` (so that the
    triples held for the writer stay bounded too)."""
    total = 0
    for triple in triples:
        total += len(str(triple)) + 3
        if total > max_bytes:
            raise too_many_bytes(max_bytes)
        yield triple
