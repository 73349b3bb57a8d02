"""validate_store / validate_files / `fundgraph validate`: the fixture conforms, batches agree,
files of any RDF format by extension, a readable report, exit codes."""

from __future__ import annotations

import sys

import pyoxigraph
import pytest

from fundgraph.cli import main
from fundgraph.errors import FundgraphError
from fundgraph.mapping import map_records, reference_quads
from fundgraph.validate import validate_files, validate_store

from test_mapping import BASE, SETTINGS, fixture_records

BREAK_AMOUNT = f"""DELETE {{ <{BASE}project/20372432/granted-amount> <http://schema.org/value> ?v }}
INSERT {{ <{BASE}project/20372432/granted-amount> <http://schema.org/value> "-1"^^<http://www.w3.org/2001/XMLSchema#decimal> }}
WHERE {{ <{BASE}project/20372432/granted-amount> <http://schema.org/value> ?v }}"""


@pytest.fixture(scope="module")
def quads() -> list[pyoxigraph.Quad]:
    return [*reference_quads(SETTINGS), *map_records(fixture_records(), SETTINGS)]


def store_of(quads, update: str | None = None) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.extend(quads)
    if update:
        store.update(update)
    return store


def test_fixture_conforms(quads):
    report = validate_store(store_of(quads), SETTINGS, engine="pyshacl")
    assert report.conforms, report.text()
    assert (report.violations, report.warnings) == ([], [])
    assert report.batches == 2  # the reference concepts, then the 17 projects
    assert report.text().startswith("Validation: the data conforms")


def test_small_batches_find_the_same(quads):
    store = store_of(quads, BREAK_AMOUNT)
    whole = validate_store(store, SETTINGS, engine="pyshacl")
    batched = validate_store(store, SETTINGS, engine="pyshacl", batch_size=5)
    assert batched.batches == 1 + 4
    assert sorted(map(repr, batched.violations)) == sorted(map(repr, whole.violations))
    assert [(v.focus_node, v.path, v.value) for v in whole.violations] == [
        (f"{BASE}project/20372432/granted-amount", "schema:value", '"-1"^^xsd:decimal')]
    text = whole.text()
    assert "does NOT conform" in text and "1 violation(s)" in text
    assert f"Violation: <{BASE}project/20372432/granted-amount>" in text and "path: schema:value" in text
    assert "xsd:decimal ≥ 0" in text


@pytest.mark.parametrize("extension", ["trig", "nq", "ttl", "nt", "rdf"])
def test_validate_files_by_extension(quads, tmp_path, extension):
    store = store_of(quads, BREAK_AMOUNT)
    path = tmp_path / f"data.{extension}"
    fmt = {"trig": pyoxigraph.RdfFormat.TRIG, "nq": pyoxigraph.RdfFormat.N_QUADS, "ttl": pyoxigraph.RdfFormat.TURTLE,
           "nt": pyoxigraph.RdfFormat.N_TRIPLES, "rdf": pyoxigraph.RdfFormat.RDF_XML}[extension]
    items = store if extension in ("trig", "nq") else (q.triple for q in store)
    pyoxigraph.serialize(items, path, format=fmt)
    report = validate_files([path], SETTINGS)
    assert [v.focus_node for v in report.violations] == [f"{BASE}project/20372432/granted-amount"]


def test_validate_files_errors_name_the_file(tmp_path):
    unknown = tmp_path / "data.xlsx"
    unknown.write_text("x")
    with pytest.raises(FundgraphError, match="data.xlsx: not an RDF file"):
        validate_files([unknown], SETTINGS)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .")
    with pytest.raises(FundgraphError, match="broken.ttl: cannot read as Turtle"):
        validate_files([broken], SETTINGS)


def test_cli_validate_exit_codes(quads, tmp_path, monkeypatch, capsys):
    good, bad = tmp_path / "good.nq", tmp_path / "bad.nq"
    pyoxigraph.serialize(store_of(quads), good, format=pyoxigraph.RdfFormat.N_QUADS)
    pyoxigraph.serialize(store_of(quads, BREAK_AMOUNT), bad, format=pyoxigraph.RdfFormat.N_QUADS)
    for path, code in ((good, 0), (bad, 5)):
        monkeypatch.setattr(sys, "argv", ["fundgraph", "validate", str(path)])
        try:
            main()
            exit_code = 0
        except SystemExit as exit_info:
            exit_code = exit_info.code
        assert exit_code == code
    out, err = capsys.readouterr()
    assert "the data conforms" in out and "does NOT conform" in out
    assert "fundgraph: error: 1 violation(s)" in err and "Traceback" not in err
