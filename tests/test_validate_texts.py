"""The control-character rule read from N-Triples text (validate.compiled.texts) finds what its query finds."""

from __future__ import annotations

import pyoxigraph

from fundgraph.config import Settings
from fundgraph.extract.hygiene import FORBIDDEN
from fundgraph.validate import validate_store
from fundgraph.validate.compiled.texts import text_results
from fundgraph.validate.dataset_checks import dataset_results

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
FORBIDDEN_POINTS = [c for c in range(0x110000) if 0xD800 > c or c > 0xDFFF if chr(c) in
                    {chr(x) for x in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x80, 0xA0), 0xFFFE, 0xFFFF)}]
assert "\x00-\x08\x0b\x0c\x0e-\x1f\x80-\x9f\ufffe\uffff" in FORBIDDEN  # the set these tests cover


def _store() -> pyoxigraph.Store:
    """One literal per forbidden character (plain, tagged, in a named graph), and near misses."""
    store = pyoxigraph.Store()
    p, g = pyoxigraph.NamedNode(EX + "p"), pyoxigraph.NamedNode(EX + "g")
    for n, c in enumerate(FORBIDDEN_POINTS):
        s = pyoxigraph.NamedNode(f"{EX}s{n}")
        literal = pyoxigraph.Literal(f"a{chr(c)}b", language="sv") if n % 2 else pyoxigraph.Literal(f"a{chr(c)}")
        store.add(pyoxigraph.Quad(s, p, literal, g if n % 3 == 0 else pyoxigraph.DefaultGraph()))
    near = ["back\\slash b \\b", "tab\tnew\nline\rreturn", "\u00a0 nbsp \u00c2 \uffc0 \ufffd é \u2028",
            'quote " \\u0007 as text']
    for n, text in enumerate(near):
        store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(f"{EX}ok{n}"), p, pyoxigraph.Literal(text),
                                  pyoxigraph.DefaultGraph()))
    # Not a text literal: the query leaves it to its datatype's check, and so does the text.
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(EX + "typed"), p,
                              pyoxigraph.Literal("1\x07", datatype=pyoxigraph.NamedNode(XSD + "token")),
                              pyoxigraph.DefaultGraph()))
    return store


def _ntriples(store: pyoxigraph.Store, path):
    path.write_bytes(pyoxigraph.serialize([q.triple for q in store], format=pyoxigraph.RdfFormat.N_TRIPLES))
    return path


def _key(result):
    return (result.focus_node, result.path, result.message, result.value)


def test_the_text_finds_what_the_query_finds(tmp_path):
    store = _store()
    by_query = [r for r in dataset_results(store) if r.shape == "dataset:no-control-characters"]
    by_text = list(text_results(_ntriples(store, tmp_path / "data.nt")))
    assert len(by_query) == len(FORBIDDEN_POINTS)
    assert sorted(map(_key, by_text)) == sorted(map(_key, by_query))


def test_the_limit_holds_and_a_last_line_without_break_counts(tmp_path):
    store = _store()
    path = _ntriples(store, tmp_path / "data.nt")
    assert len(list(text_results(path, limit=5))) == 5
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    assert len(list(text_results(path))) == len(FORBIDDEN_POINTS)


def test_validate_store_reads_the_rule_from_the_text(tmp_path):
    store = _store()
    path = _ntriples(store, tmp_path / "data.nt")
    expected = sorted(map(_key, (r for r in dataset_results(store) if r.shape == "dataset:no-control-characters")))
    found = [r for r in validate_store(store, Settings(), ntriples=path).violations
             if r.shape == "dataset:no-control-characters"]
    assert sorted(map(_key, found)) == expected
    on_disk = pyoxigraph.Store(str(tmp_path / "store"))
    on_disk.bulk_extend(store)
    on_disk.flush()
    del on_disk
    report = validate_store(pyoxigraph.Store.read_only(str(tmp_path / "store")), Settings(),
                            store_path=tmp_path / "store", workers=2, ntriples=path)  # in worker processes
    assert sorted(map(_key, (r for r in report.violations if r.shape == "dataset:no-control-characters"))) == expected
    clean = tmp_path / "clean.nt"
    clean.write_bytes(b"")  # the text is what is checked: an empty one finds nothing
    assert not [r for r in validate_store(store, Settings(), ntriples=clean).violations
                if r.shape == "dataset:no-control-characters"]
