"""Dumps written from a store: sorted, deterministic, every format the same graph; the atomic swap."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from fundgraph.config import Settings
from fundgraph.errors import PublishError
from fundgraph.extract.records import ProjectRecord, Source
from fundgraph.mapping import map_records, reference_quads
from fundgraph.mapping.vocab import PREFIXES
from fundgraph.publish.atomic import staging_folder
from fundgraph.publish import dumps as dumps_module
from fundgraph.publish.dumps import subject_bounds, write_dumps
from fundgraph.publish.jsonld import write_jsonld
from fundgraph.publish.sorting import sorted_unique

EXPECTED = Path(__file__).parent / "data" / "granted-projects-vasterbotten.expected.json"
SHA = "ab" * 32


def expected_records() -> list[ProjectRecord]:
    data = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return [ProjectRecord.from_json(p) for p in data["projects"]]


def mapped_store(records: list[ProjectRecord]) -> pyoxigraph.Store:
    records = [ProjectRecord(**{**r.__dict__, "source": Source(document="list.pdf", sha256=SHA, pages=(1,))}) for r in records]
    store = pyoxigraph.Store()
    store.bulk_extend(map_records(records, Settings()))
    store.bulk_extend(reference_quads(Settings()))
    return store


@pytest.fixture(scope="module")
def dumps(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dumps")
    counts = write_dumps(mapped_store(expected_records()), folder, PREFIXES, folder)
    return folder, counts


def test_sorted_unique_spills_to_runs_and_merges(tmp_path):
    lines = [f"{n % 997:05d}\n".encode() for n in range(5000)]
    random.Random(1).shuffle(lines)
    assert list(sorted_unique(lines, tmp_path, chunk_lines=300)) == sorted(set(lines))
    assert list(tmp_path.iterdir()) == []


def test_every_dump_is_the_same_graph(dumps):
    folder, counts = dumps
    reference = rdflib.Graph().parse(folder / "dataset.nt", format="nt")
    assert len(reference) == counts.triples > 4000
    for name, fmt in (("dataset.ttl", "turtle"), ("dataset.jsonld", "json-ld"), ("dataset.rdf", "xml")):
        assert isomorphic(rdflib.Graph().parse(folder / name, format=fmt), reference), name
    for name, fmt in (("dataset.ttl.gz", "turtle"), ("dataset.nt.gz", "nt")):
        data = gzip.decompress((folder / name).read_bytes())
        assert data == (folder / name[:-3]).read_bytes()
    quads = rdflib.Dataset()
    quads.parse(folder / "dataset.nq", format="nquads")
    assert len(list(quads.quads())) == counts.quads
    graphs = {str(g.identifier) for g in quads.graphs() if len(g) and g.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID}
    assert graphs == {f"https://data.example.se/graph/{SHA}"}
    union = rdflib.Graph()
    for s, p, o, _ in quads.quads():
        union.add((s, p, o))
    assert isomorphic(union, reference)


def test_line_dumps_are_sorted_without_blank_nodes(dumps):
    folder, _ = dumps
    for name in ("dataset.nt", "dataset.nq"):
        lines = (folder / name).read_bytes().splitlines(keepends=True)
        assert lines == sorted(set(lines))
        assert not any(line.startswith(b"_:") or b" _:" in line for line in lines)


def test_jsonld_is_compacted_with_a_local_context(dumps):
    folder, _ = dumps
    document = json.loads((folder / "dataset.jsonld").read_text(encoding="utf-8"))
    assert document["@context"]["fg"] == PREFIXES["fg"]
    project = next(n for n in document["@graph"] if n["@id"] == "https://data.example.se/project/20372556")
    assert project["@type"] == "fg:Project"
    assert project["dct:identifier"] == "20372556"
    assert project["fg:fund"] == {"@id": "https://data.example.se/fund/ERDF_2021"}


def test_jsonld_writer_keeps_literal_forms():
    ex = "http://example.org/"
    s = pyoxigraph.NamedNode(ex + "s")
    triples = [
        pyoxigraph.Triple(s, pyoxigraph.NamedNode(ex + "p"), pyoxigraph.Literal("10.50", datatype=pyoxigraph.NamedNode(
            "http://www.w3.org/2001/XMLSchema#decimal"))),
        pyoxigraph.Triple(s, pyoxigraph.NamedNode(ex + "p"), pyoxigraph.Literal("a\n\"b\"", language="sv")),
        pyoxigraph.Triple(s, pyoxigraph.NamedNode(ex + "q"), pyoxigraph.Literal("plain")),
    ]
    import io
    out = io.StringIO()
    assert write_jsonld(triples, out, {"ex": ex, "xsd": "http://www.w3.org/2001/XMLSchema#"}) == 3
    parsed = rdflib.Graph().parse(data=out.getvalue(), format="json-ld")
    expected = rdflib.Graph().parse(data=pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES),
                                    format="nt")
    assert isomorphic(parsed, expected)
    with pytest.raises(ValueError):
        write_jsonld([pyoxigraph.Triple(pyoxigraph.BlankNode(), s, s)], io.StringIO(), {})


def _jsonld_by_objects(triples, prefixes) -> str:
    """The JSON-LD the writer gave before it read N-Triples lines (node dicts through json.dumps): the oracle
    that the line writer must match byte for byte."""
    import itertools

    def compact(iri):
        for prefix, ns in sorted(prefixes.items(), key=lambda item: -len(item[1])):
            if iri.startswith(ns) and iri[len(ns):] and not iri[len(ns):].startswith("//"):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def value(term):
        if isinstance(term, pyoxigraph.NamedNode):
            return {"@id": compact(term.value)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return term.value
        return {"@value": term.value, "@type": compact(term.datatype.value)}

    nodes = []
    for subject, group in itertools.groupby(triples, key=lambda t: t.subject):
        node = {"@id": compact(subject.value)}
        for t in group:
            if t.predicate.value == str(rdflib.RDF.type) and isinstance(t.object, pyoxigraph.NamedNode):
                node.setdefault("@type", []).append(compact(t.object.value))
            else:
                node.setdefault(compact(t.predicate.value), []).append(value(t.object))
        nodes.append(json.dumps({k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in node.items()},
                                ensure_ascii=False))
    context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False, sort_keys=True)
    return '{\n"@context": ' + context + ',\n"@graph": [' + "".join(
        ("\n" if i == 0 else ",\n") + n for i, n in enumerate(nodes)) + "\n]\n}\n"


AWKWARD = "".join(chr(c) for c in range(0x20)) + " \x7f \" \\ é \u2028 \u0085 \U0001F600 \ufeff ."
"""Every character N-Triples or JSON escapes, and those each leaves alone (line separators, DEL, emoji)."""


def test_jsonld_dump_is_the_bytes_of_the_node_objects(dumps):
    """The dump read from N-Triples lines is the JSON-LD that json.dumps writes for each subject's node."""
    folder, _ = dumps
    triples = list(pyoxigraph.parse(path=folder / "dataset.nt", format=pyoxigraph.RdfFormat.N_TRIPLES))
    assert (folder / "dataset.jsonld").read_text(encoding="utf-8") == _jsonld_by_objects(triples, PREFIXES)


def test_jsonld_writer_copies_escapes_as_json_writes_them():
    ex = "http://example.org/"
    s, p = pyoxigraph.NamedNode(ex + "s"), pyoxigraph.NamedNode(ex + "p")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    triples = [pyoxigraph.Triple(s, p, pyoxigraph.Literal(AWKWARD)),
               pyoxigraph.Triple(s, p, pyoxigraph.Literal(AWKWARD, language="sv")),
               pyoxigraph.Triple(s, p, pyoxigraph.Literal("a \u2028 b", language="en")),
               pyoxigraph.Triple(s, p, pyoxigraph.Literal("1", datatype=pyoxigraph.NamedNode(xsd + "integer"))),
               pyoxigraph.Triple(s, pyoxigraph.NamedNode(str(rdflib.RDF.type)), pyoxigraph.Literal("not a class")),
               pyoxigraph.Triple(s, pyoxigraph.NamedNode(str(rdflib.RDF.type)), pyoxigraph.NamedNode(ex + "C")),
               pyoxigraph.Triple(pyoxigraph.NamedNode(ex + "t"), p, s)]
    import io
    out = io.StringIO()
    prefixes = {"ex": ex, "xsd": xsd}
    assert write_jsonld(triples, out, prefixes) == len(triples)
    assert out.getvalue() == _jsonld_by_objects(triples, prefixes)
    parsed = rdflib.Graph().parse(data=out.getvalue(), format="json-ld")
    expected = rdflib.Graph().parse(data=pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES),
                                    format="nt")
    assert isomorphic(parsed, expected)


def test_jsonld_written_in_parts_is_the_same_file(dumps, tmp_path, monkeypatch):
    """Cut into pieces between subjects and written by child processes, the dumps are the same bytes."""
    folder, counts = dumps
    monkeypatch.setattr(dumps_module, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(dumps_module, "JSONLD_PARTS", 7)
    assert write_dumps(mapped_store(expected_records()), tmp_path, PREFIXES, tmp_path) == counts
    for name in ("dataset.jsonld", "dataset.ttl", "dataset.rdf"):
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name
    assert not list(tmp_path.glob("*.part"))


def test_subject_bounds_never_split_a_subject(dumps):
    folder, _ = dumps
    nt = folder / "dataset.nt"
    data = nt.read_bytes()
    for parts in (1, 2, 5, 40, 10_000):
        bounds = subject_bounds(nt, parts)
        assert bounds[0] == 0 and bounds[-1] == len(data) and bounds == sorted(set(bounds))
        assert len(bounds) - 1 <= parts
        for cut in bounds[1:-1]:
            before = data[:cut].splitlines()[-1]
            after = data[cut:].split(b"\n", 1)[0]
            assert before.split(b" ", 1)[0] != after.split(b" ", 1)[0]
    assert len(subject_bounds(nt, 5)) == 6


def test_same_data_in_another_order_gives_the_same_bytes(dumps, tmp_path):
    folder, _ = dumps
    records = expected_records()
    records.reverse()
    write_dumps(mapped_store(records), tmp_path, PREFIXES, tmp_path)
    for name in ("dataset.nq", "dataset.nt", "dataset.ttl", "dataset.jsonld", "dataset.rdf", "dataset.ttl.gz",
                 "dataset.nt.gz"):
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name


def test_staging_folder_swaps_in_on_success(tmp_path):
    target = tmp_path / "publish"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with staging_folder(target) as stage:
        assert stage.parent == tmp_path / ".publish.releases" and stage.name.startswith("tmp-")
        (stage / "new.txt").write_text("new")
    assert [p.name for p in target.iterdir()] == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".publish.releases", "publish"]
    # The earlier plain folder is kept as the previous release; the new one is linked.
    assert target.is_symlink() and (target.resolve().parent / f"{target.resolve().name}-before" / "old.txt").exists()


def test_staging_folder_leaves_the_old_folder_on_error(tmp_path):
    target = tmp_path / "publish"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with pytest.raises(RuntimeError):
        with staging_folder(target) as stage:
            (stage / "new.txt").write_text("new")
            raise RuntimeError("boom")
    assert [p.name for p in target.iterdir()] == ["old.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".publish.releases", "publish"]
    assert [p.name for p in (tmp_path / ".publish.releases").iterdir()] == ["lock"]


def test_staging_folder_refuses_a_file_as_target(tmp_path):
    target = tmp_path / "publish"
    target.write_text("not a folder")
    with pytest.raises(PublishError, match="not a folder"):
        with staging_folder(target):
            pass
    assert target.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".publish.releases", "publish"]
    assert [p.name for p in (tmp_path / ".publish.releases").iterdir()] == ["lock"]


def test_staging_folder_names_an_unwritable_place(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    with pytest.raises(PublishError, match="cannot create a folder beside"):
        with staging_folder(blocker / "publish"):
            pass


def test_spooled_dumps_hold_exactly_the_quads_of_the_store(published):
    # The dumps are written from the quads spooled on their way into the store: they must be the store's.
    store = pyoxigraph.Store.read_only(str(published.out_dir / "store"))
    lines = store.dump(format=pyoxigraph.RdfFormat.N_QUADS).splitlines(keepends=True)
    assert (published.out_dir / "dataset.nq").read_bytes() == b"".join(sorted(set(lines)))
    triples = {pyoxigraph.serialize([q.triple], format=pyoxigraph.RdfFormat.N_TRIPLES) for q in store}
    assert (published.out_dir / "dataset.nt").read_bytes() == b"".join(sorted(triples))


def test_a_second_process_writes_the_same_bytes(dumps, tmp_path, monkeypatch):
    from fundgraph.publish import dumps as dumps_module

    folder, counts = dumps
    monkeypatch.setattr(dumps_module, "PARALLEL_FROM_BYTES", 0)
    assert write_dumps(mapped_store(expected_records()), tmp_path, PREFIXES, tmp_path) == counts
    for name in ("dataset.nq", "dataset.nt", "dataset.ttl", "dataset.jsonld", "dataset.rdf", "dataset.ttl.gz",
                 "dataset.nt.gz"):
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in folder.iterdir())


def test_python_sort_is_the_same_as_gnu_sort(tmp_path, monkeypatch):
    from fundgraph.publish import sorting

    lines = [f"<http://x/{n % 997}> \"{'é' if n % 3 else 'z'}\" .\n".encode() for n in range(5000)]
    random.Random(2).shuffle(lines)
    (tmp_path / "in").write_bytes(b"".join(lines))
    sorting.sort_files([(tmp_path / "in", tmp_path / "gnu")], tmp_path)
    monkeypatch.setattr(sorting.shutil, "which", lambda name: None)
    sorting.sort_files([(tmp_path / "in", tmp_path / "python")], tmp_path)
    assert (tmp_path / "gnu").read_bytes() == (tmp_path / "python").read_bytes() == b"".join(sorted(set(lines)))
