"""Batched validation in worker processes (pyshacl engine) and the compiled SPARQL engine find exactly what
pyshacl finds on the whole graph at once."""

from __future__ import annotations

import re

import pyoxigraph
import pytest
from rdflib import Graph

from fundgraph.validate import validate_store
from fundgraph.validate.shacl import check, load_shapes
from fundgraph.mapping import map_records, reference_quads

from test_mapping import BASE, SETTINGS, fixture_records

XSD = "http://www.w3.org/2001/XMLSchema#"
# Breaks of different kinds: a core constraint on an owned node (negative amount), a SPARQL constraint
# (granted > total budget), a class constraint across nodes (a municipality that is a county), a missing
# value out of range (a negative co-financing rate).
BREAKS = f"""
PREFIX fg: <https://w3id.org/fundgraph/ns#>
PREFIX schema: <http://schema.org/>
DELETE {{ <{BASE}project/20372432/granted-amount> schema:value ?v }}
INSERT {{ <{BASE}project/20372432/granted-amount> schema:value "-1"^^<{XSD}decimal> }}
WHERE {{ <{BASE}project/20372432/granted-amount> schema:value ?v }} ;
DELETE {{ <{BASE}project/20372556/total-budget> schema:value ?v }}
INSERT {{ <{BASE}project/20372556/total-budget> schema:value "5"^^<{XSD}decimal> }}
WHERE {{ <{BASE}project/20372556/total-budget> schema:value ?v }} ;
INSERT DATA {{ <{BASE}project/20372391> fg:municipality <{BASE}county/24> }} ;
INSERT DATA {{ <{BASE}project/20372305> fg:cofinancingRate "-3"^^<{XSD}decimal> }}
"""


@pytest.fixture(scope="module")
def broken() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.extend([*reference_quads(SETTINGS), *map_records(fixture_records(), SETTINGS)])
    store.update(BREAKS)
    return store


def _key(result) -> tuple:
    # pyshacl (the reference) fills a SPARQL constraint's message with the bindings as written ("10000000"); ours
    # groups the digits for people ("10 000 000", validate/report.py): compare them ungrouped.
    message = re.sub(r"(?<=\d) (?=\d{3}\b)", "", result.message)
    return tuple(v or "" for v in (result.severity, result.focus_node, result.path, result.value, message))


def test_parallel_batches_find_what_whole_graph_validation_finds(broken: pyoxigraph.Store):
    union = Graph()
    for graph in (pyoxigraph.DefaultGraph(), *broken.named_graphs()):
        union.parse(data=broken.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph).decode(), format="nt")
    reference = sorted(_key(r) for r in set(check(union, load_shapes())) if r.severity == "Violation")

    parallel = validate_store(broken, SETTINGS, engine="pyshacl", batch_size=4, workers=2)
    serial = validate_store(broken, SETTINGS, engine="pyshacl", batch_size=4, workers=1)
    compiled = validate_store(broken, SETTINGS, engine="sparql")

    assert sorted(map(_key, parallel.violations)) == reference
    assert sorted(map(_key, serial.violations)) == reference
    assert sorted(map(_key, compiled.violations)) == reference
    assert parallel.batches == serial.batches == 1 + 5  # reference concepts + 18 projects by 4
    focus = {r.focus_node for r in parallel.violations}
    assert {f"{BASE}project/20372432/granted-amount", f"{BASE}project/20372556", f"{BASE}project/20372391",
            f"{BASE}project/20372305"} <= focus
