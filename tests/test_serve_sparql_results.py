"""SPARQL JSON results as the endpoint writes them: the text written row by row (``results._json_term_text``) is
what ``json.dumps`` writes for the W3C SPARQL 1.1 Query Results JSON form of each term."""

from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from fundgraph.serve.sparql import results

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)  # quotes, backslashes, controls, non-ASCII
IRIS = st.sampled_from(["https://data.example.se/project/1", "http://example.org/ä?q=x%22&y=€", "urn:x:ö"]).map(NamedNode)
LITERALS = st.one_of(
    TEXT.map(Literal),
    st.tuples(TEXT, st.sampled_from(["sv", "en", "de-CH"])).map(lambda t: Literal(t[0], language=t[1])),
    st.tuples(st.integers().map(str), st.sampled_from(["http://www.w3.org/2001/XMLSchema#decimal",
                                                       "http://www.w3.org/2001/XMLSchema#integer"]))
    .map(lambda t: Literal(t[0], datatype=NamedNode(t[1]))),
)
TERMS = st.one_of(IRIS, LITERALS, st.sampled_from(["b0", "x1"]).map(BlankNode), st.none(),
                  st.tuples(IRIS, IRIS, LITERALS).map(lambda t: Triple(*t)))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(TERMS, min_size=2, max_size=2), max_size=4))
def test_json_rows_are_what_json_dumps_writes(rows):
    variables = ["s", "o"]
    body = b"".join(results.solution_chunks(variables, rows, results.JSON)).decode()
    bindings = [{v: results._json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    expected = ('{"head": {"vars": ["s", "o"]}, "results": {"bindings": ['
                + ", ".join(json.dumps(b, ensure_ascii=False) for b in bindings) + "]}}")
    assert body == expected
    assert json.loads(body)["results"]["bindings"] == bindings
