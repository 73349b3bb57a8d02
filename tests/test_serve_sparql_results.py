"""SPARQL JSON results as the endpoint writes them: the text written row by row in Python
(``results.solution_chunks``, for external endpoints and reordered ``SELECT *`` columns) is the text Oxigraph's
own writer writes for the same solutions (``execution.engine_json_outcome``, the embedded store's usual path), so
that a result is the same bytes whichever writes it; and the engine path keeps the row, byte and time limits."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings, strategies as st
from pyoxigraph import (BaseDirection, BlankNode, Literal, NamedNode, Quad, QueryResultsFormat, Store, Triple,
                        parse_query_results)

from fundgraph.serve.errors import QueryTimeout, ResultTooLarge
from fundgraph.serve.sparql import results
from fundgraph.serve.sparql.execution import QueryJob, engine_json_outcome, execute

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)  # quotes, backslashes, controls, non-ASCII
IRIS = st.sampled_from(["https://data.example.se/project/1", "http://example.org/ä?q=x%22&y=€", "urn:x:ö"]).map(NamedNode)
LITERALS = st.one_of(
    TEXT.map(Literal),
    st.tuples(TEXT, st.sampled_from(["sv", "en", "de-ch"])).map(lambda t: Literal(t[0], language=t[1])),
    st.tuples(TEXT, st.sampled_from([BaseDirection.LTR, BaseDirection.RTL]))
    .map(lambda t: Literal(t[0], language="ar", direction=t[1])),
    st.tuples(st.integers().map(str), st.sampled_from(["http://www.w3.org/2001/XMLSchema#decimal",
                                                       "http://www.w3.org/2001/XMLSchema#integer"]))
    .map(lambda t: Literal(t[0], datatype=NamedNode(t[1]))),
    st.just(Literal("},{}")),  # the text of an empty solution's start, inside a literal
)
TERMS = st.one_of(IRIS, LITERALS, st.sampled_from(["b0", "x1"]).map(BlankNode), st.none(),
                  st.tuples(IRIS, IRIS, LITERALS).map(lambda t: Triple(*t)))
VARIABLES = ["s", "o"]


def _engine_solutions(rows):
    """Oxigraph's QuerySolutions holding ``rows`` (read back from a SPARQL JSON document written with json.dumps)."""
    def term(t):
        if isinstance(t, NamedNode):
            return {"type": "uri", "value": t.value}
        if isinstance(t, BlankNode):
            return {"type": "bnode", "value": t.value}
        if isinstance(t, Literal):
            form = {"type": "literal", "value": t.value}
            if t.language:
                form["xml:lang"] = t.language
                if t.direction:
                    form["its:dir"] = str(t.direction)
            elif t.datatype.value != results.XSD_STRING:
                form["datatype"] = t.datatype.value
            return form
        return {"type": "triple", "value": {"subject": term(t.subject), "predicate": term(t.predicate),
                                            "object": term(t.object)}}

    document = {"head": {"vars": VARIABLES}, "results": {"bindings": [
        {v: term(t) for v, t in zip(VARIABLES, row) if t is not None} for row in rows]}}
    return parse_query_results(json.dumps(document).encode(), QueryResultsFormat.JSON)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(TERMS, min_size=2, max_size=2), max_size=4))
def test_json_rows_written_in_python_are_the_engines_bytes(rows):
    ours = results.write_solutions(VARIABLES, rows, results.JSON)
    assert ours == _engine_solutions(rows).serialize(format=QueryResultsFormat.JSON)
    engine = engine_json_outcome(_engine_solutions(rows), max_rows=100, max_bytes=10**6, deadline=time.monotonic() + 60)
    assert engine.body == ours
    assert len(json.loads(ours)["results"]["bindings"]) == len(rows)


@pytest.fixture(scope="module")
def store():
    store = Store()
    p = NamedNode("http://example.org/p")
    store.extend(Quad(NamedNode(f"http://example.org/s{i}"), p, Literal(f"title {i} " + "x" * 30)) for i in range(3000))
    return store


@pytest.mark.parametrize("limit", [0, 1, 2, 999, 1000, 1001, 3000])
def test_the_engine_path_counts_rows_exactly(store, limit):
    # 3000 rows, about 250 KB: the row cap is passed inside a piece, at a piece's edge, or at the end.
    for max_rows in (1, 1000, 2999, 3000):
        job = QueryJob(f"SELECT ?s ?o WHERE {{ ?s ?p ?o }} LIMIT {limit}", accept="application/sparql-results+json",
                       max_rows=max_rows)
        if limit > max_rows:
            with pytest.raises(ResultTooLarge, match=f"more than {max_rows} rows"):
                execute(store, job).body  # noqa: B018
        else:
            assert len(json.loads(execute(store, job).body)["results"]["bindings"]) == limit


def test_empty_solutions_are_counted_as_rows(store):
    job = QueryJob("SELECT ?x WHERE { VALUES ?x { UNDEF UNDEF UNDEF } }", accept="application/sparql-results+json",
                   max_rows=2)
    with pytest.raises(ResultTooLarge):
        execute(store, job).body  # noqa: B018
    assert execute(store, QueryJob(job.query, accept=job.accept, max_rows=3)).body == (
        b'{"head":{"vars":["x"]},"results":{"bindings":[{},{},{}]}}')


def test_the_engine_path_keeps_the_byte_and_time_limits(store):
    query = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    with pytest.raises(ResultTooLarge, match="larger than 100000 bytes"):
        execute(store, QueryJob(query, accept="application/sparql-results+json", max_bytes=100_000)).body  # noqa: B018
    outcome = engine_json_outcome(store.query(query), max_rows=10**6, max_bytes=10**9, deadline=time.monotonic() - 1,
                                  timeout=5.0)
    with pytest.raises(QueryTimeout, match="time limit of 5 s"):
        outcome.body  # noqa: B018


def test_select_star_keeps_the_querys_column_order_in_the_engines_bytes(store):
    # pyoxigraph orders SELECT * columns by name; the Python writer puts them in the query's order, in the same text.
    body = execute(store, QueryJob("SELECT * WHERE { ?s ?p ?o } LIMIT 1", accept="application/json")).body
    assert body.startswith(b'{"head":{"vars":["s","p","o"]},"results":{"bindings":[{"s":{"type":"uri","value":')
