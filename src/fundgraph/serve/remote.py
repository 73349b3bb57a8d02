"""A backend that reads the dataset from an external SPARQL 1.1 query endpoint (``serve --sparql-endpoint``).

When the data outgrows one machine it lives in a SPARQL server (Oxigraph server, Apache Jena Fuseki, ...)
loaded with ``publish --store``; the fundgraph server then keeps serving pages and ``/sparql`` from it,
speaking only the SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/).

- Default graph. fundgraph queries see the union of all graphs as the default graph. Many servers can be
  set up that way (Oxigraph ``--union-default-graph``, Fuseki ``unionDefaultGraph``): the backend checks with
  one triple of a named graph. Where the server's default graph is empty instead, the backend lists the named
  graphs once and sends them as ``default-graph-uri`` (and as ``named-graph-uri``, so that GRAPH patterns still
  see them) with every query that names no graphs itself (an RDF merge: the same union, since the data has no
  blank nodes). A server whose own default graph holds data besides separate named graphs cannot show their
  union over the protocol: StoreError says how to set it up.
- Bound terms. Pages bind terms (an IRI from a request) as values, never as text spliced into the query: the
  backend puts them in a ``VALUES`` block at the start of the query's WHERE group, each term written by
  pyoxigraph (an IRI is checked when its NamedNode is made, so it cannot close the block).
- User queries are parsed locally first (pyoxigraph, against an empty store) for the parser's message and the
  query form, asked of the endpoint in SPARQL JSON results or N-Triples, then written in the format the client
  negotiated by the same code as for the embedded store, under the same row cap. The endpoint's own time
  limit is the HTTP timeout.

Errors: an unreachable endpoint or an error status it returns is StoreError (502); a timeout is QueryTimeout.
"""

from __future__ import annotations

import re
import sys
import threading
import time

import pyoxigraph
import requests
from pyoxigraph import QueryBoolean, QuerySolutions, QueryResultsFormat, RdfFormat, Store, Triple

from ..errors import StoreError
from ..mapping.vocab import PREFIXES
from .backend import Backend, Bindings, Term
from .errors import QuerySyntaxError, QueryTimeout
from .sparql import results
from .sparql.execution import QueryJob, QueryOutcome, choose_format
from .sparql.inspection import inspect_query
from .sparql.limits import collect

SPARQL_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
USER_AGENT = "fundgraph (SPARQL 1.1 Protocol client)"
_PROLOGUE = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
_GROUP_START = re.compile(r"\bWHERE\s*\{|\bASK\s*\{", re.IGNORECASE)
_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def bind(query: str, bindings: Bindings | None) -> str:
    """``query`` with ``bindings`` (variable name → pyoxigraph term) as a VALUES block opening its WHERE group.

    Raises ValueError if the query has no ``WHERE {`` (or ``ASK {``) to put it in, or a variable name is
    not a plain name.
    """
    if not bindings:
        return query
    match = _GROUP_START.search(query)
    if match is None:
        raise ValueError("cannot bind values: the query has no WHERE group")
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ValueError(f"not a SPARQL variable name: {name!r}")
    row = " ".join(str(bindings[n]) for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }} "
    return query[:match.end()] + block + query[match.end():]


class RemoteBackend(Backend):
    """Reads from the SPARQL query endpoint ``endpoint`` (e.g. ``http://host:7878/query``).

    ``timeout``: seconds per request for the pages' own queries (user queries use their job's timeout).
    ``union_default_graph``: True if the endpoint already answers with the union of its graphs as default
    graph, False to always list the named graphs, None (default) to find out with the first query.
    Thread-safe: one pooled HTTP session serves all threads of the server.
    """

    def __init__(self, endpoint: str, *, timeout: float = 30.0, union_default_graph: bool | None = None,
                 session: requests.Session | None = None):
        if not endpoint.startswith(("http://", "https://")):
            raise StoreError(f"SPARQL endpoint must be an http(s) URL, not {endpoint!r}")
        self.endpoint = endpoint
        self.timeout = timeout
        self._session = session or requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=32)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers["User-Agent"] = USER_AGENT
        self._union = union_default_graph
        self._graphs: tuple[str, ...] | None = None
        self._lock = threading.Lock()

    # -- HTTP --------------------------------------------------------------------------------------------

    def _post(self, query: str, accept: str, *, default_graphs: tuple[str, ...] = (),
              named_graphs: tuple[str, ...] | None = None, timeout: float | None = None) -> requests.Response:
        """POST ``query``; ``named_graphs`` None means the same as ``default_graphs`` (the union case)."""
        if named_graphs is None:
            named_graphs = default_graphs
        params = [("default-graph-uri", g) for g in default_graphs] + [("named-graph-uri", g) for g in named_graphs]
        limit = timeout if timeout is not None else self.timeout
        try:
            response = self._session.post(self.endpoint, params=params, data={"query": query},
                                          headers={"Accept": accept}, timeout=limit)
        except requests.Timeout:
            raise QueryTimeout(f"the SPARQL endpoint did not answer within {limit:g} s; narrow the query "
                               "or add a LIMIT") from None
        except requests.RequestException as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {self.endpoint}: {type(exc).__name__}") from None
        if response.status_code >= 400:
            detail = response.text.strip().splitlines()[0][:300] if response.text.strip() else response.reason
            raise StoreError(f"the SPARQL endpoint {self.endpoint} answered HTTP {response.status_code}: {detail}")
        return response

    def _default_graphs(self) -> tuple[str, ...]:
        """Graphs to send as default-graph-uri so that the default graph is the union (empty: not needed).

        Raises StoreError when the union cannot be had: the endpoint's own default graph holds triples that
        are not in its named graphs, and it does not show the named graphs in it (no protocol parameter can
        name a server's default graph).
        """
        with self._lock:
            if self._union is None:
                self._union = self._probe_union()
            if self._union:
                return ()
            if self._graphs is None:
                _, rows = self._select_raw(_GRAPHS, ())
                self._graphs = tuple(sorted(row[0].value for row in rows))
            return self._graphs

    def _probe_union(self) -> bool:
        """Whether the endpoint's default graph already shows its named graphs' triples."""
        _, sample = self._select_raw("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", ())
        if not sample:
            return True  # no named graphs: the default graph is all there is
        s, p, o = sample[0]
        if self._ask_raw(bind("ASK { ?s ?p ?o }", {"s": s, "p": p, "o": o}), ()):
            return True
        if self._ask_raw("ASK { ?s ?p ?o }", ()):
            raise StoreError(
                f"the SPARQL endpoint {self.endpoint} keeps data both in its default graph and in named graphs, and "
                "its default graph is not their union: start it so that it is (Oxigraph: --union-default-graph; "
                "Fuseki: tdb2:unionDefaultGraph true) or load all data into named graphs")
        return False

    def _ask_raw(self, query: str, graphs: tuple[str, ...], named: tuple[str, ...] | None = None,
                 timeout: float | None = None) -> bool:
        body = self._post(query, SPARQL_JSON, default_graphs=graphs, named_graphs=named, timeout=timeout).content
        answer = pyoxigraph.parse_query_results(body, QueryResultsFormat.JSON)
        value = bool(answer)
        del answer
        return value

    def _select_raw(self, query: str, graphs: tuple[str, ...]) -> tuple[list[str], list[list]]:
        body = self._post(query, SPARQL_JSON, default_graphs=graphs).content
        return _solution_rows(body, sys.maxsize, float("inf"))

    # -- Backend -----------------------------------------------------------------------------------------

    def _page_query(self, query: str, bindings: Bindings | None) -> str:
        return _PROLOGUE + bind(query, bindings)

    def select(self, query: str, bindings: Bindings | None = None) -> list[dict[str, Term]]:
        names, rows = self._select_raw(self._page_query(query, bindings), self._default_graphs())
        return [{n: row[i] for i, n in enumerate(names) if row[i] is not None} for row in rows]

    def select_values(self, query: str, bindings: Bindings | None = None) -> list[dict[str, str | None]]:
        names, rows = self._select_raw(self._page_query(query, bindings), self._default_graphs())
        return [{n: (row[i].value if row[i] is not None else None) for i, n in enumerate(names)} for row in rows]

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        return self._ask_raw(self._page_query(query, bindings), self._default_graphs())

    def construct(self, query: str, bindings: Bindings | None = None) -> list[Triple]:
        body = self._post(self._page_query(query, bindings), NTRIPLES,
                          default_graphs=self._default_graphs()).content
        return [quad.triple for quad in pyoxigraph.parse(body, RdfFormat.N_TRIPLES)]

    def run_query(self, job: QueryJob) -> QueryOutcome:
        """Run a user's query on the endpoint and write its result as the client negotiated.

        A query with FROM / FROM NAMED and no protocol graphs is sent as it is, on its own dataset. Raises
        ServiceRefused (a query using SERVICE), QuerySyntaxError (the local parser's message), NotAcceptable,
        ResultTooLarge, QueryTimeout, StoreError.
        """
        deadline = time.monotonic() + job.timeout
        features = inspect_query(job.query)  # before anything parses it: Oxigraph would run its SERVICE
        form = _query_form(job.query, job.base_iri)
        if job.default_graphs or job.named_graphs:
            graphs, named = job.default_graphs, job.named_graphs
        elif features.dataset_clause:
            graphs, named = (), ()
        else:
            graphs, named = self._default_graphs(), None
        query = job.query if job.base_iri is None else f"BASE <{job.base_iri}>\n{job.query}"
        if form == "ask":
            fmt = choose_format(job, results.ASK_FORMATS, results.TABULAR_ALIASES)
            answer = self._ask_raw(query, graphs, named, job.timeout)
            return QueryOutcome(results.content_type(fmt), results.write_boolean(answer, fmt))
        if form == "select":
            fmt = choose_format(job, results.SELECT_FORMATS, results.TABULAR_ALIASES)
            body = self._post(query, SPARQL_JSON, default_graphs=graphs, named_graphs=named,
                              timeout=job.timeout).content
            variables, rows = _solution_rows(body, job.max_rows, deadline)
            return QueryOutcome(results.content_type(fmt), results.write_solutions(variables, rows, fmt))
        fmt = choose_format(job, results.GRAPH_FORMATS, results.GRAPH_ALIASES)
        body = self._post(query, NTRIPLES, default_graphs=graphs, named_graphs=named, timeout=job.timeout).content
        triples = collect((q.triple for q in pyoxigraph.parse(body, RdfFormat.N_TRIPLES)), job.max_rows, deadline)
        return QueryOutcome(results.content_type(fmt), results.write_triples(triples, fmt))

    def close(self) -> None:
        self._session.close()


# pyoxigraph's result objects must be dropped by the thread that made them: these helpers make and drop
# them locally, so that no traceback (kept by the server's error handling) holds one.

def _query_form(query: str, base_iri: str | None) -> str:
    """"ask", "select" or "graph" (CONSTRUCT/DESCRIBE), by parsing ``query`` against an empty store.

    Raises QuerySyntaxError with the parser's message.
    """
    try:
        answer = Store().query(query, base_iri=base_iri)
    except (SyntaxError, ValueError) as error:
        raise QuerySyntaxError(str(error)) from None
    form = "ask" if isinstance(answer, QueryBoolean) else "select" if isinstance(answer, QuerySolutions) else "graph"
    del answer
    return form


def _solution_rows(body: bytes, max_rows: int, deadline: float) -> tuple[list[str], list[list]]:
    """Variables and rows of SPARQL JSON results ``body``; raises ResultTooLarge / QueryTimeout (see collect)."""
    solutions = pyoxigraph.parse_query_results(body, QueryResultsFormat.JSON)
    try:
        variables = [v.value for v in solutions.variables]
        rows = collect(([s[i] for i in range(len(variables))] for s in solutions), max_rows, deadline)
    finally:
        del solutions
    return variables, rows
