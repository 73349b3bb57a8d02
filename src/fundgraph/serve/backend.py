"""The store behind the server, behind one small interface.

Pages ask bounded questions with terms bound as values (``bindings``: variable name → pyoxigraph
term, SEP-0007 substitution), never spliced into query text, so an IRI from a request cannot change
a query. User queries from ``/sparql`` go through ``run_query`` with the endpoint's limits, and so do
the browse pages' whole-selection queries (``web.data.rows``).
``LocalBackend`` runs on an embedded pyoxigraph store; another backend (e.g. one proxying to an
external SPARQL endpoint) implements the same four methods.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path

from pyoxigraph import NamedNode, Store, Triple, Variable

from ..mapping.vocab import PREFIXES
from .sparql.execution import QueryJob, QueryOutcome, execute
from .sparql.workers import WorkerPool

Term = object
Bindings = Mapping[str, Term]


class Backend(ABC):
    """Read access to the dataset. Queries see the union of all named graphs as their default graph;
    ``PREFIXES`` of ``mapping.vocab`` are predeclared for the built-in queries."""

    @abstractmethod
    def select(self, query: str, bindings: Bindings | None = None) -> list[dict[str, Term]]:
        """Rows of a SELECT query, as variable name → term (unbound variables absent)."""

    @abstractmethod
    def select_values(self, query: str, bindings: Bindings | None = None) -> list[dict[str, str | None]]:
        """Rows of a SELECT query as variable name → lexical form, None for unbound variables."""

    @abstractmethod
    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """The answer of an ASK query."""

    @abstractmethod
    def construct(self, query: str, bindings: Bindings | None = None) -> list[Triple]:
        """The triples of a CONSTRUCT query."""

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
        return cls(Store.read_only(str(store_path)), store_path, **kwargs)

    def start(self) -> None:
        if self.pool is not None:
            self.pool.warm()

    def _query(self, query: str, bindings: Bindings | None):
        substitutions = {Variable(k): v for k, v in (bindings or {}).items()}
        return self.store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True,
                                substitutions=substitutions or None)

    def select(self, query: str, bindings: Bindings | None = None) -> list[dict[str, Term]]:
        solutions = self._query(query, bindings)
        names = [v.value for v in solutions.variables]
        return [{n: s[i] for i, n in enumerate(names) if s[i] is not None} for s in solutions]

    def select_values(self, query: str, bindings: Bindings | None = None) -> list[dict[str, str | None]]:
        solutions = self._query(query, bindings)
        names = [v.value for v in solutions.variables]
        return [{n: (s[i].value if s[i] is not None else None) for i, n in enumerate(names)} for s in solutions]

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        return bool(self._query(query, bindings))

    def construct(self, query: str, bindings: Bindings | None = None) -> list[Triple]:
        return list(self._query(query, bindings))

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
