"""The sparql engine (shapes compiled to SPARQL, validate/compiled) reports exactly what pyshacl reports.

Acceptance: for the published fixture and for every breakage of tests/test_shapes.py, the set of
(focus node, path, severity, source shape, value) equals pyshacl's run on the whole graph with the
shapes files. Features the shapes do not use yet are checked the same way on small shapes; features
the compiler does not implement raise UnsupportedShapeError.
"""

from __future__ import annotations

import sys

import pyoxigraph
import pytest
from rdflib import Graph

from fundgraph.cli import main
from fundgraph.errors import ConfigError
from fundgraph.mapping import map_records, reference_quads
from fundgraph.mapping.funds import Funds
from fundgraph.validate import validate_store
from fundgraph.validate.compiled import UnsupportedShapeError, compile_shapes, run_checks
from fundgraph.validate.dataset_checks import dataset_results
from fundgraph.validate.shacl import check, load_shapes, split_sparql

from test_mapping import BASE, SETTINGS, fixture_records, one_record
from test_shapes import BREAKAGES, small_places, store_of
from test_validate_parallel import BREAKS

SHAPES_PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def _key(result) -> tuple:
    return (result.focus_node, result.path, result.severity, result.shape, result.value)


def _union(store: pyoxigraph.Store) -> Graph:
    data = pyoxigraph.serialize((q.triple for q in store), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return Graph().parse(data=(data or b"").decode(), format="nt")


def _pyshacl(store: pyoxigraph.Store) -> set[tuple]:
    """pyshacl on the union of the store's graphs with the shapes files, plus the dataset-level rule."""
    results = {_key(r) for r in check(_union(store), load_shapes())}
    return results | {_key(r) for r in dataset_results(store)}


def _compiled(store: pyoxigraph.Store, **options) -> set[tuple]:
    report = validate_store(store, SETTINGS, engine="sparql", **options)
    return {_key(r) for r in (*report.violations, *report.warnings, *report.infos)}


@pytest.fixture(scope="module")
def quads() -> list[pyoxigraph.Quad]:
    return [*reference_quads(SETTINGS, places=small_places(), funds=Funds.load()),
            *map_records([one_record()], SETTINGS)]


@pytest.mark.parametrize("update", [None] + [b[1] for b in BREAKAGES],
                         ids=["unbroken"] + [f"{b[0]}-{i}" for i, b in enumerate(BREAKAGES)])
def test_same_results_as_pyshacl_for_every_breakage(quads, update):
    store = store_of(quads, update)
    expected = _pyshacl(store)
    assert _compiled(store) == expected
    assert (update is None) == (not expected)


def test_same_results_as_pyshacl_on_the_published_fixture(published):
    store = pyoxigraph.Store.read_only(str(published.out_dir / "store"))
    assert _compiled(store) == _pyshacl(store) == set()
    report = validate_store(store, SETTINGS)
    assert report.focus_nodes >= 17 + 290 + 21  # projects, municipalities, counties: SHACL focus nodes, each once
    assert f"{report.focus_nodes} node(s) checked." in report.text()
    # Worker processes, each opening the store read-only, find the same, and count the same nodes checked.
    assert _compiled(store, store_path=published.out_dir / "store", workers=2) == set()
    in_workers = validate_store(store, SETTINGS, store_path=published.out_dir / "store", workers=2)
    assert in_workers.focus_nodes == report.focus_nodes


def test_same_results_as_both_pyshacl_paths_on_the_fixture_broken_several_ways():
    store = pyoxigraph.Store()
    store.extend([*reference_quads(SETTINGS), *map_records(fixture_records(), SETTINGS)])
    store.update(BREAKS)
    expected = _pyshacl(store)
    assert len(expected) >= 4
    assert _compiled(store) == expected
    batched = validate_store(store, SETTINGS, engine="pyshacl", batch_size=5, workers=1)
    assert {_key(r) for r in (*batched.violations, *batched.warnings)} == expected


# Features of SHACL-Core the shapes files do not use (yet), each broken on purpose, against pyshacl.
GENERIC_SHAPES = SHAPES_PREFIXES + """
ex:Node a sh:NodeShape ; sh:targetNode ex:a , ex:b ;
  sh:hasValue ex:a ; sh:pattern "^HTTP://EXAMPLE.ORG/A$" ; sh:flags "i" ;
  sh:property [ sh:path ( ex:p [ sh:inversePath ex:q ] ) ; sh:minCount 3 ] ,
    [ sh:path [ sh:inversePath ex:r ] ; sh:maxCount 2 ; sh:class ex:C ] ,
    [ sh:path ex:label ; sh:uniqueLang true ; sh:languageIn ( "en" "sv" ) ; sh:datatype xsd:string ] ,
    [ sh:path ex:n ; sh:datatype xsd:integer ; sh:minInclusive 3 ; sh:in ( 3 4 "x" ) ; sh:minLength 1 ] ,
    [ sh:path ex:s ; sh:qualifiedMinCount 2 ; sh:qualifiedValueShape [ sh:nodeKind sh:IRI ; sh:class ex:C ] ] ,
    [ sh:path ex:t ; sh:or ( [ sh:datatype xsd:boolean ] [ sh:hasValue ex:a ] [ sh:class ex:D ] ) ;
      sh:severity sh:Info ] ,
    [ sh:path ex:u ; sh:minCount 1 ; sh:deactivated true ] .
ex:Subjects a sh:NodeShape ; sh:targetSubjectsOf ex:q ; sh:targetObjectsOf ex:r ; sh:nodeKind sh:BlankNodeOrIRI ;
  sh:class ex:C ; sh:severity sh:Warning ; sh:message "not a C" .
ex:Off a sh:NodeShape ; sh:targetClass ex:C ; sh:deactivated true ; sh:class ex:Nothing .
"""
GENERIC_DATA = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:D rdfs:subClassOf ex:C .
ex:a ex:p ex:m . ex:z ex:q ex:m . ex:y ex:q ex:m . ex:x ex:r ex:a . ex:w ex:r ex:a . ex:v ex:r ex:a .
ex:x a ex:D . ex:w a ex:C .
ex:a ex:label "one"@en , "two"@en , "tre"@sv , "fyra"@de , "plain" .
ex:a ex:n 5 , "4"^^xsd:integer , "x" , "2.5"^^xsd:decimal , "abc"^^xsd:integer .
ex:a ex:s ex:x , ex:w , "lit" . ex:b ex:s ex:x .
ex:a ex:t true , ex:a , ex:w , ex:x , "maybe" .
ex:b ex:p ex:m .
"""


def test_generic_features_same_results_as_pyshacl():
    shapes = Graph().parse(data=GENERIC_SHAPES, format="turtle")
    data = Graph().parse(data=GENERIC_DATA, format="turtle")
    expected = {_key(r) for r in check(data, shapes)}
    store = pyoxigraph.Store()
    store.load(GENERIC_DATA, format=pyoxigraph.RdfFormat.TURTLE, to_graph=pyoxigraph.NamedNode("http://example.org/g"))
    found = {_key(r) for r in run_checks(store, compile_shapes(shapes))}
    assert found == expected
    components = {c.component for c in compile_shapes(shapes)}
    assert len(components) == 14 and len(expected) >= 20


@pytest.mark.parametrize(("shape", "feature"), [
    ("ex:S sh:targetNode ex:a ; sh:closed true .", "sh:closed"),
    ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:maxLength 3 ] .", "sh:maxLength"),
    ("ex:S sh:targetNode ex:a ; sh:node ex:T . ex:T sh:class ex:C .", "sh:node"),
    ("ex:S sh:targetNode ex:a ; sh:not [ sh:class ex:C ] .", "sh:not"),
    ("ex:S sh:targetNode ex:a ; sh:xone ( [ sh:class ex:C ] ) .", "sh:xone"),
    ("ex:S sh:targetNode ex:a ; sh:sparql [ sh:select \"SELECT $this WHERE {}\" ] .", "sh:sparql"),
    ("ex:S sh:targetNode ex:a ; sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ] .", "sh:zeroOrMorePath"),
    ("ex:S sh:targetNode ex:a ; sh:property [ sh:path [ sh:alternativePath ( ex:p ex:q ) ] ] .",
     "sh:alternativePath"),
    ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:datatype xsd:dateTime ] .", "xsd:dateTime"),
    ("ex:S a sh:NodeShape , rdfs:Class ; sh:class ex:C .", "implicit class targets"),
    ("ex:S sh:targetNode ex:a ; sh:path ex:p ; sh:minCount 1 .", "property shapes with targets"),
    ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:C ] ; "
     "sh:qualifiedMaxCount 1 ] .", "sh:qualifiedMaxCount"),
    ("ex:S sh:targetNode ex:a ; sh:in ( [ ex:p 1 ] ) .", "sh:in with a blank node"),
    ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:property [ sh:path ex:q ; sh:minCount 1 ] ] .",
     "sh:property is not supported here"),
    ("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount -1 ] .", "non-negative integer"),
])
def test_unsupported_features_raise_when_compiling(shape, feature):
    with pytest.raises(UnsupportedShapeError, match=feature):
        compile_shapes(Graph().parse(data=SHAPES_PREFIXES + shape, format="turtle"))


def test_the_shapes_files_compile_without_their_sparql_constraints():
    shapes, sparql_checks = split_sparql(load_shapes())
    checks = compile_shapes(shapes)
    assert len(sparql_checks) == 3 and len(checks) > 100
    assert all(c.query.startswith("SELECT DISTINCT ?this") for c in checks)
    with pytest.raises(UnsupportedShapeError, match="sh:sparql"):
        compile_shapes(load_shapes())


def test_results_are_capped_with_a_note(quads):
    store = store_of(quads, "DELETE WHERE { GRAPH ?g { ?s schema:currency ?o } } ; "
                            "DELETE WHERE { ?s schema:currency ?o }")
    assert len(_compiled(store)) == 2  # the granted amount and the total budget
    report = validate_store(store, SETTINGS, limit=1)
    assert len(report.violations) == 1
    assert "Note: stopped after 1 result(s)" in report.text()


def test_unknown_engine_is_a_configuration_error(quads):
    with pytest.raises(ConfigError, match="known: sparql, pyshacl"):
        validate_store(store_of(quads), SETTINGS, engine="topbraid")


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_cli_validate_engine(quads, tmp_path, monkeypatch, capsys, engine):
    path = tmp_path / "bad.nq"
    pyoxigraph.serialize(store_of(quads, BREAKAGES[0][1]), path, format=pyoxigraph.RdfFormat.N_QUADS)
    monkeypatch.setattr(sys, "argv", ["fundgraph", "validate", "--engine", engine, str(path)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 5
    out, _ = capsys.readouterr()
    # Either engine's line names the row and says the rule in words (validate/report.py).
    assert "violation: list.pdf, pages 2–3, row 5 (case id  20000002): a project has at most one case id" in out
    assert ("engine: sparql" in out) == (engine == "sparql")
