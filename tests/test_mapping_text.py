"""The mapping's quads as N-Quads text (``record_statements``) are what pyoxigraph's serialiser writes for them.

Publish hands that text to Oxigraph's bulk loader and the dumps; the text of a term is pyoxigraph's own
``str(term)``, so these tests pin that it is byte for byte the N-Quads serialiser's, also for literals that
need escaping, and that the mapping's text parses back into the quads ``map_records`` gives.
"""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph
import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from fundgraph.config import Settings
from fundgraph.mapping import map_records, record_statements
from fundgraph.mapping.projects import Statement

from test_mapping import fixture_records

S = NamedNode("https://example.org/project/1")
P = NamedNode("http://purl.org/dc/terms/title")
G = NamedNode("https://example.org/graph/abc")
XSD = "http://www.w3.org/2001/XMLSchema#"

TEXTS = ["plain", 'a "quoted" word', "back\\slash", "line\nbreak\r\ttab", "\x00\x01\x08\x0b\x0c\x1f\x7f",
         "\x80\x9f\u00a0\u2028\u2029\ufeff", "Skellefteå — 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀", "", " lead and trail "]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("kind", ["simple", "language", "typed"])
def test_term_text_is_the_serialisers(text, kind):
    literal = {"simple": Literal(text), "language": Literal(text, language="sv"),
               "typed": Literal(text, datatype=NamedNode(XSD + "token"))}[kind]
    for graph in (DefaultGraph(), G):
        quad = Quad(S, P, literal, graph)
        expected = pyoxigraph.serialize([quad], format=pyoxigraph.RdfFormat.N_QUADS)
        graph_text = "" if isinstance(graph, DefaultGraph) else f" {graph}"
        assert f"{S} {P} {literal}{graph_text} .\n".encode() == expected


def _line(statement: Statement) -> str:
    triple, graph = statement
    return f"{triple} {graph} .\n" if graph else f"{triple} .\n"


def test_each_statement_is_the_serialisers_line_for_its_quad():
    records = fixture_records()
    records[0] = replace(records[0], title='Ett "citat"\nmed\tradbrytning\x01 och 😀', summary="back\\slash\r")
    lines = [_line(s) for s in record_statements(records, Settings())]
    assert len(lines) > 40 * len(records) // 2
    for line in lines:
        quads = list(pyoxigraph.parse(line.encode(), format=pyoxigraph.RdfFormat.N_QUADS))
        assert len(quads) == 1
        assert pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) == line.encode()
    assert any(" <https://" in line and line.count("> <") >= 2 for line in lines)  # provenance has graph names
    assert list(map_records(records, Settings())) == [
        q for line in lines for q in pyoxigraph.parse(line.encode(), format=pyoxigraph.RdfFormat.N_QUADS)]
