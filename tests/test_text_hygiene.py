"""Text hygiene (issue 13, case 4): control characters stopped where a list is read (an error naming the
cell, or removed with a warning), refused by validation whatever made the store, and every XML output
parsed back with a strict parser (expat), TSV results read back by rdflib."""

from __future__ import annotations

import io
import json
import logging
from dataclasses import replace
from pathlib import Path
from xml.dom import minidom

import pyoxigraph
import pytest
import rdflib
from rdflib.query import Result

import pdfgen
from fundgraph.config import Settings
from fundgraph.errors import CellError
from fundgraph.extract import hygiene, read_list
from fundgraph.mapping.vocab import PREFIXES
from fundgraph.publish import publish
from fundgraph.publish.dumps import write_dumps
from fundgraph.serve import create_app
from fundgraph.validate import validate_store

ROOT = Path(__file__).resolve().parents[1]
RECORDS = json.loads((ROOT / "tests" / "data" / "granted-projects-vasterbotten.expected.json")
                     .read_text("utf-8"))["projects"][:3]
TRICKY = "Tab\there <&> \"q\" 'a' ]]> \r\n line \ufffd 😀 é"
"""Every character XML can carry that a writer could get wrong. (Extraction collapses white space, so a
carriage return comes only from other sources; pyoxigraph's RDF/XML writer leaves it raw, which XML
parsers read as a line feed: the dump keeps that flaw, the server's RDF/XML escapes it.)"""
TITLE = rdflib.URIRef("http://purl.org/dc/terms/title")


@pytest.fixture(scope="module")
def bell_list(tmp_path_factory) -> Path:
    """A generated list whose second title holds U+0007 and U+0000: pdfplumber reads both as U+0000
    (the font has no glyph for them), as a notdef glyph comes out of real lists."""
    records = [dict(r) for r in RECORDS]
    records[1]["title"] = "Bell\x07 och noll\x00 här"
    path = tmp_path_factory.mktemp("hygiene") / "bell.pdf"
    pdfgen.render_list(records, pdfgen.ListStyle(pdfgen.default_columns()), path)
    return path


def test_a_control_character_is_an_error_naming_the_cell(bell_list):
    with pytest.raises(CellError) as error:
        read_list(bell_list)
    text = str(error.value)
    assert text.startswith("bell.pdf, page 1, row 2 (case id ")
    assert "column 'Projektnamn'" in text and "control character U+0000 in 'Bell� och noll� här'" in text
    assert 'set control_characters = "remove"' in text


def test_removed_with_a_warning_by_the_setting(bell_list, caplog):
    with caplog.at_level(logging.WARNING, logger="fundgraph.extract.hygiene"), hygiene.policy("remove"):
        records = read_list(bell_list).records
    assert records[1].title == "Bell och noll här"
    assert caplog.messages == [f"bell.pdf, page 1, row 2 (case id {records[1].case_id}), column 'Projektnamn': "
                               "control character U+0000 removed, leaving 'Bell och noll här'"]


def test_publish_uses_the_setting(bell_list, tmp_path):
    settings = Settings(out_dir=tmp_path / "publish", links_dir=tmp_path / "links")
    with pytest.raises(CellError):
        publish([bell_list], settings)
    done = publish([bell_list], replace(settings, control_characters="remove"))
    minidom.parse(str(done.out_dir / "dataset.rdf"))  # well-formed


def _store_with_title(published, title: str) -> tuple[pyoxigraph.Store, str]:
    """The published fixture's quads in memory, the first project's title replaced by ``title``."""
    source = pyoxigraph.Store.read_only(str(published.out_dir / "store"))
    store = pyoxigraph.Store()
    store.bulk_extend(source.quads_for_pattern(None, None, None, None))
    quad = next(iter(store.quads_for_pattern(None, pyoxigraph.NamedNode(str(TITLE)), None, None)))
    store.remove(quad)
    store.add(pyoxigraph.Quad(quad.subject, quad.predicate, pyoxigraph.Literal(title), quad.graph_name))
    return store, quad.subject.value


def test_validation_refuses_a_store_holding_one(published):
    store, project = _store_with_title(published, "Bell\x07 title")
    report = validate_store(store, Settings())
    assert not report.conforms
    found = [r for r in report.violations if r.shape == "dataset:no-control-characters"]
    assert [(r.focus_node, r.path) for r in found] == [(project, "dct:title")]
    assert "U+0007" in found[0].message


def test_every_xml_output_parses_strictly_and_tsv_reads_back(published, tmp_path):
    store, project = _store_with_title(published, TRICKY)
    write_dumps(store, tmp_path, PREFIXES, tmp_path)
    minidom.parse(str(tmp_path / "dataset.rdf"))
    graph = rdflib.Graph().parse(str(tmp_path / "dataset.rdf"), format="xml")
    assert _titles(graph, project) == {TRICKY.replace("\r\n", "\n")}
    minidom.parse(str(published.out_dir / "catalog.rdf"))
    client = create_app(Settings(), store=store, publication_dir=published.out_dir).test_client()
    path = "/" + project.split("/", 3)[3]
    page = client.get(path + ".rdf")
    assert page.status_code == 200
    _strict(page.data)
    assert _titles(rdflib.Graph().parse(data=page.data, format="xml"), project) == {TRICKY}
    described = client.get("/sparql", query_string={"query": f"DESCRIBE <{project}>"},
                           headers={"Accept": "application/rdf+xml"})
    _strict(described.data)
    assert _titles(rdflib.Graph().parse(data=described.data, format="xml"), project) == {TRICKY}
    select = f"SELECT ?title WHERE {{ <{project}> <{TITLE}> ?title }}"
    for media_type, form in (("application/sparql-results+xml", "xml"), ("text/tab-separated-values", "tsv"),
                             ("application/sparql-results+json", "json"), ("text/csv", "csv")):
        answer = client.get("/sparql", query_string={"query": select}, headers={"Accept": media_type})
        assert answer.status_code == 200, media_type
        if form == "xml":
            _strict(answer.data)
        if form == "csv":
            continue  # CSV results lose the term type by design; rdflib reads no CSV results
        result = Result.parse(io.BytesIO(answer.data), format=form)
        assert [str(row[0]) for row in result] == [TRICKY], media_type


def test_tsv_results_escape_what_line_readers_split_on(published):
    # U+2028 and the like split a line for str.splitlines (rdflib's TSV reader, which takes no escapes
    # either); written as Turtle escapes, pyoxigraph (and any reader following the W3C format) reads them back.
    text = "line\u2028sep\u2029par\x85nel\x0bvt\ttab\nlf"
    store, project = _store_with_title(published, text)
    client = create_app(Settings(), store=store, publication_dir=published.out_dir).test_client()
    answer = client.get("/sparql", query_string={"query": f"SELECT ?t WHERE {{ <{project}> <{TITLE}> ?t }}"},
                        headers={"Accept": "text/tab-separated-values"})
    assert answer.data.decode().splitlines()[1] == '"line\\u2028sep\\u2029par\\u0085nel\\u000Bvt\\ttab\\nlf"'
    parsed = pyoxigraph.parse_query_results(answer.data, pyoxigraph.QueryResultsFormat.TSV)
    assert [row[0].value for row in parsed] == [text]


def _strict(data: bytes) -> None:
    """Parse ``data`` with expat, which refuses any character XML 1.0 cannot carry."""
    minidom.parseString(data)


def _titles(graph: rdflib.Graph, project: str) -> set[str]:
    return {str(o) for o in graph.objects(rdflib.URIRef(project), TITLE)}
