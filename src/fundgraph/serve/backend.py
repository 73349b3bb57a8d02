"""The store behind the server, behind one small interface.

Pages ask bounded questions with terms bound as values (``bindings``: variable name → pyoxigraph
term, SEP-0007 substitution), never spliced into query text, so an IRI from a request cannot change
a query. User queries from ``/sparql`` go through ``run_query`` with the endpoint's limits, and so do
the browse pages' whole-selection queries (``web.data.rows``).
``LocalBackend`` runs on an embedded pyoxigraph store, ``remote.RemoteBackend`` on an external SPARQL
endpoint; both give the pages' queries to ``Backend``'s one path, which turns solutions into rows
(``_solutions``, ``_boolean`` and ``_triples`` are all a backend implements for them).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from itertools import islice
from pathlib import Path

from pyoxigraph import NamedNode, Store, Triple, Variable

from ..mapping.vocab import PREFIXES
from .sparql.execution import QueryJob, QueryOutcome, execute
from .sparql.workers import WorkerPool

Term = object
Bindings = Mapping[str, Term]
Pairs = list[tuple[Term, Term]]

MAX_TRIPLES = 10000
"""Triples a description reads of its resource, and of the nodes it owns together (``outgoing``, ``owned``)."""
OUTGOING = f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT {MAX_TRIPLES}"
OWNED = f"""SELECT ?s ?n ?p ?o WHERE {{
  ?s ?link ?n . FILTER(isIRI(?n) && STRSTARTS(STR(?n), CONCAT(STR(?s), "/")))
  ?n ?p ?o }} LIMIT {MAX_TRIPLES}"""
INCOMING = "SELECT ?s ?x ?p WHERE {{ ?x ?p ?s }} LIMIT {limit}"


class Backend(ABC):
    """Read access to the dataset. Queries see the union of all named graphs as their default graph;
    ``PREFIXES`` of ``mapping.vocab`` are predeclared for the built-in queries."""

    unchanging = False
    """Whether the data cannot change while it is served (a publication's store opened read-only), so that
    what was read of it may be kept (``describe.Describer``)."""

    @abstractmethod
    def _solutions(self, query: str, bindings: Bindings | None) -> tuple[list[str], Iterable[Sequence[Term | None]]]:
        """Variable names and rows (one term or None per variable) of a SELECT query."""

    @abstractmethod
    def _boolean(self, query: str, bindings: Bindings | None) -> bool:
        """The answer of an ASK query."""

    @abstractmethod
    def _triples(self, query: str, bindings: Bindings | None) -> list[Triple]:
        """The triples of a CONSTRUCT query."""

    def select(self, query: str, bindings: Bindings | None = None) -> list[dict[str, Term]]:
        """Rows of a SELECT query, as variable name → term (unbound variables absent)."""
        names, rows = self._solutions(query, bindings)
        return [{n: row[i] for i, n in enumerate(names) if row[i] is not None} for row in rows]

    def select_values(self, query: str, bindings: Bindings | None = None) -> list[dict[str, str | None]]:
        """Rows of a SELECT query as variable name → lexical form, None for unbound variables."""
        names, rows = self._solutions(query, bindings)
        return [{n: (row[i].value if row[i] is not None else None) for i, n in enumerate(names)} for row in rows]

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """The answer of an ASK query."""
        return self._boolean(query, bindings)

    def construct(self, query: str, bindings: Bindings | None = None) -> list[Triple]:
        """The triples of a CONSTRUCT query."""
        return self._triples(query, bindings)

    # The three reads of a description (``describe``), each of one resource bound as ``?s``. A triple held
    # by several graphs comes once per graph, as in the union default graph's answers.

    def outgoing(self, subject: NamedNode) -> Pairs:
        """(predicate, object) of the triples whose subject is ``subject``, at most MAX_TRIPLES."""
        return [(row["p"], row["o"]) for row in self.select(OUTGOING, {"s": subject})]

    def owned(self, subject: NamedNode, nodes: Sequence[NamedNode]) -> dict[NamedNode, Pairs]:
        """Node → its (predicate, object) pairs, for the ``nodes`` that ``subject`` links to and owns (IRIs
        under its own IRI plus "/"; the caller found them among its objects), at most MAX_TRIPLES together."""
        owned: dict[NamedNode, Pairs] = {}
        for row in self.select(OWNED, {"s": subject}):
            owned.setdefault(row["n"], []).append((row["p"], row["o"]))
        return owned

    def incoming(self, subject: NamedNode, limit: int) -> Pairs:
        """(subject, predicate) of the triples whose object is ``subject``, at most ``limit``."""
        return [(row["x"], row["p"]) for row in self.select(INCOMING.format(limit=int(limit)), {"s": subject})]

    @abstractmethod
    def run_query(self, job: QueryJob) -> QueryOutcome:
        """Run a user's query with its limits; raises the errors of ``sparql.execution.execute``."""

    def start(self) -> None:
        """Start background resources (query workers) ahead of the first request; a no-op by default."""

    def close(self) -> None:
        """Release processes and handles."""


class LocalBackend(Backend):
    """A pyoxigraph store. With ``store_path`` (an on-disk store opened read-only), user queries run
    in killable worker processes (hard timeout); without, in the request's thread, where the
    timeout is only checked between result rows (enough for tests and small in-memory stores)."""

    def __init__(self, store: Store, store_path: Path | None = None, *, pool_size: int | None = None,
                 memory_limit: int = 1024):
        self.store = store
        self.pool = (WorkerPool(str(store_path), execute, pool_size, memory_limit=memory_limit)
                     if store_path is not None else None)

    @classmethod
    def open(cls, store_path: Path, **kwargs) -> "LocalBackend":
        """Open the on-disk store at ``store_path`` read-only. Its query workers start on first use or
        with ``start`` (never while an app is being built: see ``sparql.limits``). Raises OSError if it
        is not a store."""
        backend = cls(Store.read_only(str(store_path)), store_path, **kwargs)
        backend.unchanging = True
        return backend

    def start(self) -> None:
        if self.pool is not None:
            self.pool.warm()

    def _query(self, query: str, bindings: Bindings | None):
        substitutions = {Variable(k): v for k, v in (bindings or {}).items()}
        return self.store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True,
                                substitutions=substitutions or None)

    def _solutions(self, query: str, bindings: Bindings | None) -> tuple[list[str], Iterable[Sequence[Term | None]]]:
        solutions = self._query(query, bindings)
        names = [v.value for v in solutions.variables]
        return names, ([s[i] for i in range(len(names))] for s in solutions)

    def _boolean(self, query: str, bindings: Bindings | None) -> bool:
        return bool(self._query(query, bindings))

    def _triples(self, query: str, bindings: Bindings | None) -> list[Triple]:
        return list(self._query(query, bindings))

    # A description's reads as index look-ups (``quads_for_pattern``): the same triples as the queries of
    # ``Backend``, without parsing and planning a query for each (a third of a page's store time).

    def _pattern(self, subject, predicate, obj) -> Iterable:
        return self.store.quads_for_pattern(subject, predicate, obj)

    def outgoing(self, subject: NamedNode) -> Pairs:
        return [(q.predicate, q.object) for q in islice(self._pattern(subject, None, None), MAX_TRIPLES)]

    def owned(self, subject: NamedNode, nodes: Sequence[NamedNode]) -> dict[NamedNode, Pairs]:
        owned: dict[NamedNode, Pairs] = {}
        left = MAX_TRIPLES
        for node in dict.fromkeys(nodes):
            pairs = [(q.predicate, q.object) for q in islice(self._pattern(node, None, None), left)]
            if pairs:
                owned[node] = pairs
                left -= len(pairs)
            if not left:
                break
        return owned

    def incoming(self, subject: NamedNode, limit: int) -> Pairs:
        return [(q.subject, q.predicate) for q in islice(self._pattern(None, None, subject), int(limit))]

    def run_query(self, job: QueryJob) -> QueryOutcome:
        if self.pool is not None:
            return self.pool.run(job)
        return execute(self.store, job)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()


def iri(value: str) -> NamedNode | None:
    """``value`` as a NamedNode, or None if it is not a valid IRI (so it names no resource)."""
    try:
        return NamedNode(value)
    except ValueError:
        return None
