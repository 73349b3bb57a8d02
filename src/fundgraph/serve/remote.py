"""A backend that reads the dataset from an external SPARQL 1.1 query endpoint (``serve --sparql-endpoint``).

When the data outgrows one machine it lives in a SPARQL server (Oxigraph server, Virtuoso 7, Apache Jena
Fuseki, ...) loaded with ``publish --store``; the fundgraph server then keeps serving pages and ``/sparql``
from it, speaking only the SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/).

- Default graph. fundgraph queries see the union of fundgraph's graphs as the default graph, and its
  provenance graphs as the named graphs. The backend lists the endpoint's graphs (again every
  ``graph_list_seconds``, so that a new publication's graphs are seen). When they are all fundgraph's (under
  ``base_iri``) and the endpoint's default graph already is their union (Oxigraph ``--union-default-graph``,
  Fuseki ``unionDefaultGraph``; checked with one triple), queries go as they are. Otherwise the backend sends
  fundgraph's graphs as ``default-graph-uri`` and its provenance graphs as ``named-graph-uri`` with every
  query that names no graphs itself (an RDF merge: the same union, since the data has no blank nodes).
  Virtuoso needs this: its default graph is the union of *all* its graphs, its own system graphs
  (``virtrdf:``, about 2 500 triples) included, and its Graph Store has no default graph, so the data is in
  the named graph ``graph_store.data_graph(base)``, which ``GRAPH ?g`` does not show (as with the embedded
  store, where the data is in the default graph). A server whose own default graph holds data besides
  separate named graphs cannot show their union over the protocol: StoreError says how to set it up.
- Bound terms. Pages bind terms (an IRI from a request) as values, never as text spliced into the query: the
  backend puts them in a ``VALUES`` block at the start of the query's WHERE group, each term written by
  pyoxigraph (an IRI is checked when its NamedNode is made, so it cannot close the block).
- User queries are checked by the endpoint's guards first (``sparql.protocol``: size, nesting, SERVICE),
  parsed locally (pyoxigraph, against an empty store) for the parser's message and the query form, asked of
  the endpoint in SPARQL JSON results or N-Triples, then written in the format the client negotiated by the
  same code as for the embedded store, under the same row, byte and time caps. An endpoint answer larger than
  the byte cap is not read further.
- Virtuoso's ways, adapted to: it answers ASK in JSON as a one-row SELECT of ``__ASK_RETVAL`` (read as the
  boolean); it is sent the query's time limit as its ``timeout`` parameter (milliseconds), and then answers
  with *partial* results marked by the header ``X-SQL-State: S1TAT`` ("anytime query"), which is a
  QueryTimeout here, never a short result (so is the 500 ``S1TAT`` "Returning partial results after anytime
  timeout" it answers instead on a loaded machine); its own ``MaxQueryExecutionTime`` answers 500 ``SR171``,
  also a QueryTimeout. A query the endpoint refuses with 400 (SPARQL it lacks) is QueryNotSupported with its
  message; so is Virtuoso's 500 for an error in evaluating an expression (SQL state 22xxx, e.g. ``1/0``,
  ``LCASE(<iri>)``, ``YEAR("x")``, a bad REGEX pattern), where SPARQL 1.1 (§17.3) leaves the variable unbound
  and the embedded store answers 200: the user's query, not an unavailable store (502). Its
  ``ResultSetMaxRows`` (10 000 in Debian's virtuoso.ini) truncates SELECT results silently: set it above
  ``max_result_rows``. It writes ``xsd:decimal`` and language tags canonically, as Oxigraph does.

Errors: an unreachable endpoint or an error status it returns is StoreError (502); a timeout is QueryTimeout.
"""

from __future__ import annotations

import re
import threading
import time

import pyoxigraph
import requests
from pyoxigraph import QueryBoolean, QuerySolutions, QueryResultsFormat, RdfFormat, Store, Triple

from ..errors import StoreError
from ..mapping.vocab import PREFIXES
from ..publish.graph_store import data_graph, error_detail
from .backend import Backend, Bindings, Term
from .errors import QueryNotSupported, QuerySyntaxError, QueryTimeout
from .sparql.execution import (QueryJob, QueryOutcome, boolean_outcome, form_format, solutions_outcome,
                               triples_outcome)
from .sparql.inspection import inspect_query
from .sparql.limits import collect, too_many_bytes

SPARQL_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
USER_AGENT = "fundgraph (SPARQL 1.1 Protocol client)"
_PROLOGUE = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
_GROUP_START = re.compile(r"\bWHERE\s*\{|\bASK\s*\{", re.IGNORECASE)
_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }"  # the dataset's named graphs, without a scan
_GRAPHS_SCANNED = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"  # Virtuoso's answer to the above: one unbound row
_VIRTUOSO_ASK = "__ASK_RETVAL"
_VIRTUOSO_TIMEOUT = re.compile(r"\b(SR171|S1T00|S1TAT)\b")
# Virtuoso's SQL states for a query's own fault: data exceptions (22xxx: division by zero, a function given the
# wrong type, a bad regular expression) and syntax or access errors (37000, 42xxx).
_VIRTUOSO_QUERY_ERROR = re.compile(r"\bVirtuoso (22\w{3}|37000|42\w{3}) Error\b")
# The prologue (BASE and PREFIX declarations, comments) and the query form's keyword after it.
_FORM = re.compile(r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)*(ASK|DESCRIBE)\b", re.IGNORECASE)
Dataset = tuple[tuple[str, ...], tuple[str, ...]]
"""default-graph-uri and named-graph-uri values; both empty: the endpoint's own default graph."""


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
    """Reads from the SPARQL query endpoint ``endpoint`` (e.g. ``http://host:7878/query``,
    ``http://host:8890/sparql``).

    ``timeout``: seconds per request for the pages' own queries (user queries use their job's timeout).
    ``base_iri``: fundgraph's graphs are those under it (None: all the endpoint's graphs).
    ``union_default_graph``: True if the endpoint already answers with the union of fundgraph's graphs as
    default graph, False to always name the graphs, None (default) to find out. ``graph_list_seconds``: how
    long a listing of the graphs is used. Thread-safe: one pooled HTTP session serves all threads.
    """

    def __init__(self, endpoint: str, *, timeout: float = 30.0, base_iri: str | None = None,
                 union_default_graph: bool | None = None, graph_list_seconds: float = 30.0,
                 session: requests.Session | None = None):
        if not endpoint.startswith(("http://", "https://")):
            raise StoreError(f"SPARQL endpoint must be an http(s) URL, not {endpoint!r}")
        self.endpoint = endpoint
        self.timeout = timeout
        self.base_iri = base_iri
        self.graph_list_seconds = graph_list_seconds
        self._session = session or requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=32)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers["User-Agent"] = USER_AGENT
        self._union = union_default_graph
        self._dataset_cache: tuple[float, Dataset] | None = None
        self.virtuoso = False
        """Whether the endpoint is a Virtuoso (its Server header), found with the first answer."""
        self._lock = threading.Lock()

    # -- HTTP --------------------------------------------------------------------------------------------

    def _post(self, query: str, accept: str, dataset: Dataset = ((), ()), *, timeout: float | None = None,
              user_query: bool = False, max_bytes: int | None = None) -> bytes:
        """POST ``query`` on ``dataset``; returns the answer's body (at most ``max_bytes``: ResultTooLarge).

        ``user_query``: a 400 from the endpoint is the user's (QueryNotSupported), not a StoreError.
        """
        default_graphs, named_graphs = dataset
        limit = timeout if timeout is not None else self.timeout
        form = {"query": query, "default-graph-uri": list(default_graphs), "named-graph-uri": list(named_graphs)}
        if self.virtuoso:  # Virtuoso stops the query itself (an "anytime" query), rather than run on
            form["timeout"] = str(max(1, int(limit * 1000)))
        try:
            response = self._session.post(self.endpoint, data=form, headers={"Accept": accept},
                                          timeout=limit + 5 if self.virtuoso else limit, stream=True)
            with response:
                self.virtuoso = self.virtuoso or response.headers.get("Server", "").startswith("Virtuoso")
                if response.status_code >= 400:
                    self._refused(response, limit, user_query)
                if response.headers.get("X-SQL-State") == "S1TAT":  # Virtuoso's partial "anytime" result
                    raise _timeout(limit)
                return _read(response, max_bytes)
        except requests.Timeout:
            raise _timeout(limit) from None
        except requests.RequestException as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {self.endpoint}: {type(exc).__name__}") from None

    def _refused(self, response: requests.Response, limit: float, user_query: bool) -> None:
        detail = error_detail(response)
        if _VIRTUOSO_TIMEOUT.search(detail):
            raise _timeout(limit)
        if user_query and response.status_code == 400:
            raise QueryNotSupported(f"the SPARQL endpoint refused the query: {detail}")
        if user_query and _VIRTUOSO_QUERY_ERROR.search(detail):
            # Virtuoso stops the query (500) where SPARQL leaves the expression's variable unbound.
            raise QueryNotSupported(f"the SPARQL endpoint could not evaluate the query: {detail}")
        raise StoreError(f"the SPARQL endpoint {self.endpoint} answered HTTP {response.status_code}: {detail}")

    def _dataset(self) -> Dataset:
        """The graphs to name so that the default graph is the union of fundgraph's graphs and the named
        graphs its provenance graphs (both empty: the endpoint's default graph is that union already).

        Raises StoreError when the union cannot be had: the endpoint's own default graph holds triples that
        are not in its named graphs, and it does not show the named graphs in it (no protocol parameter can
        name a server's default graph).
        """
        with self._lock:
            now = time.monotonic()
            if self._dataset_cache is not None and now - self._dataset_cache[0] < self.graph_list_seconds:
                return self._dataset_cache[1]
            graphs = self._graph_names(_GRAPHS)
            if not graphs and self.virtuoso:
                graphs = self._graph_names(_GRAPHS_SCANNED)
            ours = [g for g in graphs if self.base_iri is None or g.startswith(self.base_iri)]
            data = data_graph(self.base_iri) if self.base_iri else None
            if len(ours) == len(graphs) and data not in ours and (self._union or self._probe_union()):
                dataset: Dataset = ((), ())
                self._union = True
            else:
                dataset = (tuple(ours), tuple(g for g in ours if g != data))
            self._dataset_cache = (now, dataset)
            return dataset

    def _graph_names(self, query: str) -> list[str]:
        _, rows = _solution_rows(self._post(query, SPARQL_JSON), None, float("inf"))
        return sorted(row[0].value for row in rows if row[0] is not None)

    def _probe_union(self) -> bool:
        """Whether the endpoint's default graph already shows its named graphs' triples."""
        if self._union is not None:
            return self._union
        _, sample = _solution_rows(self._post("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1",
                                              SPARQL_JSON), None, float("inf"))
        if not sample:
            return True  # no named graphs: the default graph is all there is
        s, p, o = sample[0]
        if _boolean(self._post(bind("ASK { ?s ?p ?o }", {"s": s, "p": p, "o": o}), SPARQL_JSON)):
            return True
        if _boolean(self._post("ASK { ?s ?p ?o }", SPARQL_JSON)):
            raise StoreError(
                f"the SPARQL endpoint {self.endpoint} keeps data both in its default graph and in named graphs, and "
                "its default graph is not their union: start it so that it is (Oxigraph: --union-default-graph; "
                "Fuseki: tdb2:unionDefaultGraph true) or load all data into named graphs")
        self._union = False
        return False

    # -- Backend -----------------------------------------------------------------------------------------

    def _page_query(self, query: str, bindings: Bindings | None) -> str:
        return _PROLOGUE + bind(query, bindings)

    def _solutions(self, query: str, bindings: Bindings | None) -> tuple[list[str], list[list[Term | None]]]:
        body = self._post(self._page_query(query, bindings), SPARQL_JSON, self._dataset())
        return _solution_rows(body, None, float("inf"))

    def _boolean(self, query: str, bindings: Bindings | None) -> bool:
        return self._ask(self._page_query(query, bindings), self._dataset())

    def _ask(self, query: str, dataset: Dataset, **options) -> bool:
        """The answer of ASK ``query``. Virtuoso answers some ASK queries wrongly when given a dataset (true
        for ``GRAPH <g>`` with a graph it does not hold): it is asked ``SELECT * … LIMIT 1`` instead."""
        self._dataset()  # the first answer tells whether the endpoint is a Virtuoso
        if self.virtuoso:
            select = _ask_as_select(query)
            if select is not None:
                _, rows = _solution_rows(self._post(select, SPARQL_JSON, dataset, **options), None, float("inf"))
                return bool(rows)
        return _boolean(self._post(query, SPARQL_JSON, dataset, **options))

    def _triples(self, query: str, bindings: Bindings | None) -> list[Triple]:
        body = self._post(self._page_query(query, bindings), NTRIPLES, self._dataset())
        return [quad.triple for quad in pyoxigraph.parse(body, RdfFormat.N_TRIPLES)]

    def run_query(self, job: QueryJob) -> QueryOutcome:
        """Run a user's query on the endpoint and write its result as the client negotiated.

        The dataset is the protocol's graphs when the job names any; else the query's own FROM / FROM NAMED;
        else fundgraph's graphs (see the module). Raises ServiceRefused (a query using SERVICE),
        QuerySyntaxError (the local parser's message), QueryNotSupported (the endpoint refused it),
        NotAcceptable, ResultTooLarge, QueryTimeout, StoreError.
        """
        deadline = time.monotonic() + job.timeout
        features = inspect_query(job.query, job.max_query_bytes, job.max_query_depth)
        form = _query_form(job.query, job.base_iri)
        if job.default_graphs or job.named_graphs:
            dataset: Dataset = (job.default_graphs, job.named_graphs)
        elif features.dataset_clause:
            self._dataset()  # the first answer tells whether the endpoint is a Virtuoso
            dataset = ((), ()) if self.virtuoso else _dataset_clause(job.query, job.base_iri)
        else:
            dataset = self._dataset()
        query = job.query if job.base_iri is None else f"BASE <{job.base_iri}>\n{job.query}"
        fmt = form_format(job, form)  # before asking the endpoint: NotAcceptable costs it nothing
        if form == "ask":
            return boolean_outcome(fmt, self._ask(query, dataset, timeout=job.timeout, user_query=True))
        # The endpoint's answer is more verbose than what is written from it, but of the same order.
        received = 4 * job.max_bytes
        if form == "select":
            body = self._post(query, SPARQL_JSON, dataset, timeout=job.timeout, user_query=True,
                              max_bytes=received)
            variables, rows = _solution_rows(body, job.max_rows, deadline)
            outcome = solutions_outcome(fmt, variables, rows, job.max_bytes)
            outcome.body  # noqa: B018 (written now, so that ResultTooLarge comes before the response starts)
            return outcome
        if self.virtuoso and _form_keyword(query) == "DESCRIBE":
            # Virtuoso's DESCRIBE also gives the triples whose object the resource is; Oxigraph's is the
            # concise bounded description (the resource's triples, blank nodes followed).
            query = 'define sql:describe-mode "CBD"\n' + query
        body = self._post(query, NTRIPLES, dataset, timeout=job.timeout, user_query=True, max_bytes=received)
        triples = collect((q.triple for q in pyoxigraph.parse(body, RdfFormat.N_TRIPLES)), job.max_rows, deadline)
        return triples_outcome(fmt, triples, job.max_bytes)

    def close(self) -> None:
        self._session.close()


def _form_keyword(query: str) -> str | None:
    """"ASK" or "DESCRIBE" when ``query`` (after its prologue) has that form, else None."""
    found = _FORM.match(query)
    return found.group(1).upper() if found else None


def _ask_as_select(query: str) -> str | None:
    """ASK ``query`` as ``SELECT * … LIMIT 1`` (one row when the answer is true); None when the rewritten text
    does not parse (e.g. a trailing VALUES clause, after which no LIMIT may come)."""
    found = _FORM.match(query)
    if found is None or found.group(1).upper() != "ASK":
        return None
    select = f"{query[:found.start(1)]}SELECT *{query[found.end(1):]}\nLIMIT 1"
    try:
        Store().query(select)
    except (SyntaxError, ValueError):
        return None
    return select


def _dataset_clause(query: str, base_iri: str | None) -> Dataset:
    """The graphs of ``query``'s FROM and FROM NAMED clauses, to be sent as protocol graphs (which mean the
    same, Protocol §2.1.4): an Oxigraph server run with ``--union-default-graph`` ignores FROM (0.5.13).
    ``((), ())`` (the query is sent as it is) when rdflib cannot read the query."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        clauses = prepareQuery(query, base=base_iri).algebra.datasetClause or []
    except Exception:  # rdflib's parser raises many kinds; Oxigraph has accepted the query
        return (), ()
    default = tuple(str(c["default"]) for c in clauses if "default" in c)
    named = tuple(str(c["named"]) for c in clauses if "named" in c)
    return default, named


def _timeout(seconds: float) -> QueryTimeout:
    return QueryTimeout(f"the SPARQL endpoint did not answer within {seconds:g} s; narrow the query or add a LIMIT")


def _read(response: requests.Response, max_bytes: int | None) -> bytes:
    """The body of ``response``, raising ResultTooLarge (and dropping the connection) past ``max_bytes``."""
    if max_bytes is None:
        return response.content
    pieces, total = [], 0
    for piece in response.iter_content(1 << 16):
        total += len(piece)
        if total > max_bytes:
            raise too_many_bytes(max_bytes)
        pieces.append(piece)
    return b"".join(pieces)


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


def _boolean(body: bytes) -> bool:
    """The boolean of an ASK answer in SPARQL JSON, also Virtuoso's one-row ``__ASK_RETVAL`` form."""
    answer = pyoxigraph.parse_query_results(body, QueryResultsFormat.JSON)
    try:
        if isinstance(answer, QueryBoolean):
            return bool(answer)
        variables = [v.value for v in answer.variables]
        if variables != [_VIRTUOSO_ASK]:
            raise StoreError("the SPARQL endpoint answered an ASK query with solutions")
        row = next(iter(answer), None)
        return row is not None and row[0] is not None and row[0].value not in ("0", "false")
    finally:
        del answer


def _solution_rows(body: bytes, max_rows: int | None, deadline: float) -> tuple[list[str], list[list]]:
    """Variables and rows of SPARQL JSON results ``body``; raises ResultTooLarge / QueryTimeout (see
    ``limits.bounded``) past ``max_rows`` (None: no cap) or ``deadline``."""
    solutions = pyoxigraph.parse_query_results(body, QueryResultsFormat.JSON)
    try:
        variables = [v.value for v in solutions.variables]
        rows = ([s[i] for i in range(len(variables))] for s in solutions)
        rows = list(rows) if max_rows is None else collect(rows, max_rows, deadline)
    finally:
        del solutions
    return variables, rows
