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
from fundgraph.publish.dumps import write_dumps
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
