"""The reviewable link tables: reading, atomic writing, merging a run into reviewed rows, owl:sameAs output."""

from __future__ import annotations

import os

import pyoxigraph
import pytest

from fundgraph.config import load_settings
from fundgraph.errors import LinkTableError
from fundgraph.mapping import links
from fundgraph.mapping.links import ACCEPTED, BENEFICIARIES, PENDING, PROJECTS, REJECTED, LinkRow

WD = "http://www.wikidata.org/entity/"
HEADER = "name_key,name,candidate,label,score,status\n"


@pytest.fixture
def settings(tmp_path):
    return load_settings(None, links_dir=tmp_path / "links", base_iri="https://data.example.se/")


def row(key="lycksele-kommun", candidate=WD + "Q1", score=1.0, status=PENDING, label="Lycksele kommun"):
    return LinkRow(key, key.upper(), candidate, label, score, status)


def test_missing_table_is_empty(tmp_path):
    assert links.read_table(tmp_path / "nope.csv", BENEFICIARIES) == []


def test_write_then_read_round_trips_sorted(tmp_path):
    path = tmp_path / "links" / "beneficiaries.csv"
    rows = [row("b", WD + "Q2", 0.7), row("b", WD + "Q3", 0.9, ACCEPTED), row("a", WD + "Q1", 0.5, REJECTED)]
    links.write_table(path, BENEFICIARIES, rows)
    assert links.read_table(path, BENEFICIARIES) == [rows[2], rows[1], rows[0]]
    assert os.listdir(path.parent) == ["beneficiaries.csv"]


def test_status_is_read_case_insensitively(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text(HEADER + f"k,K,{WD}Q1,L,1.00, Accepted \n", encoding="utf-8")
    assert links.read_table(path, BENEFICIARIES)[0].status == ACCEPTED


@pytest.mark.parametrize("line, message", [
    (f"k,K,{WD}Q1,L,1.00,maybe", r"line 2: status 'maybe' is not one of accepted, rejected, pending"),
    (f"k,K,{WD}Q1,L,high,pending", r"line 2: score 'high' is not a number"),
    (f"k,K,{WD}Q1,L,1.5,pending", r"line 2: score 1.5 is not between 0 and 1"),
    ("k,K,,L,1.0,pending", r"line 2: name_key and candidate must not be empty"),
    (f"k,K,{WD}Q1,L,1.0,pending\nk,K,{WD}Q1,L,0.5,pending", r"line 3: k → .*Q1 appears twice"),
])
def test_malformed_tables_name_file_and_line(tmp_path, line, message):
    path = tmp_path / "beneficiaries.csv"
    path.write_text(HEADER + line + "\n", encoding="utf-8")
    with pytest.raises(LinkTableError, match=message) as error:
        links.read_table(path, BENEFICIARIES)
    assert str(error.value).startswith(str(path))


def test_missing_column(tmp_path):
    path = tmp_path / "projects.csv"
    path.write_text("case_id,candidate,status\n", encoding="utf-8")
    with pytest.raises(LinkTableError, match="missing column.s. title, label, score"):
        links.read_table(path, PROJECTS)


def test_failed_write_keeps_the_old_table(tmp_path, monkeypatch):
    path = tmp_path / "links" / "beneficiaries.csv"
    links.write_table(path, BENEFICIARIES, [row()])
    before = path.read_bytes()

    def disk_full(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(links.os, "replace", disk_full)
    with pytest.raises(LinkTableError, match=r"cannot write the link table \(No space left on device\)"):
        links.write_table(path, BENEFICIARIES, [row(score=0.5)])
    assert path.read_bytes() == before
    assert os.listdir(path.parent) == ["beneficiaries.csv"]  # the temporary file is gone


def test_unwritable_folder(tmp_path):
    blocker = tmp_path / "links"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(LinkTableError, match="cannot write the link table"):
        links.write_table(blocker / "beneficiaries.csv", BENEFICIARIES, [row()])


def test_auto_accept_rule():
    perfect = row(score=1.0)
    assert links.auto_accepted(perfect, [perfect, row(candidate=WD + "Q2", score=0.7)], set())
    assert not links.auto_accepted(row(score=0.99), [row(score=0.99)], set())
    twin = row(candidate=WD + "Q2", score=1.0)
    assert not links.auto_accepted(perfect, [perfect, twin], set())  # two perfect matches: a person decides
    assert not links.auto_accepted(perfect, [perfect], {"lycksele-kommun"})  # a person already decided


def test_merge_keeps_decisions_and_refreshes_pending():
    existing = [row(candidate=WD + "Q1", score=0.6, status=REJECTED, label="kept"),
                row(candidate=WD + "Q2", score=0.6, status=PENDING, label="old"),
                row(key="other", candidate=WD + "Q9", status=ACCEPTED)]
    found = [row(candidate=WD + "Q1", score=1.0, label="new"), row(candidate=WD + "Q2", score=0.8, label="new"),
             row(candidate=WD + "Q3", score=1.0, label="new")]
    merged = links.merge_rows(existing, found)
    assert merged == [
        row(candidate=WD + "Q3", score=1.0, status=PENDING, label="new"),  # key has a decision: no auto-accept
        row(candidate=WD + "Q2", score=0.8, status=PENDING, label="new"),
        row(candidate=WD + "Q1", score=0.6, status=REJECTED, label="kept"),
        row(key="other", candidate=WD + "Q9", status=ACCEPTED),
    ]
    assert links.merge_rows([], [row(score=1.0)]) == [row(score=1.0, status=ACCEPTED)]
    assert links.merge_rows([], [row(score=1.0)], auto_accept=False) == [row(score=1.0, status=PENDING)]


def test_link_quads_without_tables_is_empty(settings):
    assert list(links.link_quads(settings)) == []


def test_link_quads_only_from_accepted_rows(settings):
    links.write_table(links.table_path(settings, BENEFICIARIES), BENEFICIARIES, [
        row("vilhelmina-kommun", WD + "Q1", status=ACCEPTED), row("vilhelmina-kommun", WD + "Q2", status=REJECTED),
        row("lycksele-kommun", WD + "Q3", status=PENDING)])
    links.write_table(links.table_path(settings, PROJECTS), PROJECTS, [
        row("20372391", "https://linkedopendata.eu/entity/Q7", status=ACCEPTED)])
    graph = pyoxigraph.DefaultGraph()
    same_as = pyoxigraph.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
    assert list(links.link_quads(settings)) == [
        pyoxigraph.Quad(pyoxigraph.NamedNode("https://data.example.se/organisation/vilhelmina-kommun"), same_as,
                        pyoxigraph.NamedNode(WD + "Q1"), graph),
        pyoxigraph.Quad(pyoxigraph.NamedNode("https://data.example.se/project/20372391"), same_as,
                        pyoxigraph.NamedNode("https://linkedopendata.eu/entity/Q7"), graph),
    ]


@pytest.mark.parametrize("candidate", ["Q1", "urn:x:1", "http://example.org/a b"])
def test_accepted_candidate_must_be_an_http_iri(settings, candidate):
    links.write_table(links.table_path(settings, BENEFICIARIES), BENEFICIARIES, [row(candidate=candidate,
                                                                                      status=ACCEPTED)])
    with pytest.raises(LinkTableError, match="is not a"):
        list(links.link_quads(settings))


def test_link_quads_with_a_store_keep_links_of_resources_of_the_right_kind(settings):
    # The store says which subjects exist, and as what: a beneficiary key never links a project, nor a case id
    # an organisation, and a key the data does not have is dropped.
    base = "https://data.example.se/"
    rdf_type = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    fg = "https://w3id.org/fundgraph/ns#"
    store = pyoxigraph.Store()
    store.extend([
        pyoxigraph.Quad(pyoxigraph.NamedNode(base + "organisation/vilhelmina-kommun"), rdf_type,
                        pyoxigraph.NamedNode(fg + "Beneficiary"), pyoxigraph.DefaultGraph()),
        pyoxigraph.Quad(pyoxigraph.NamedNode(base + "project/20372391"), rdf_type,
                        pyoxigraph.NamedNode(fg + "Project"), pyoxigraph.NamedNode(base + "graph/abc")),
    ])
    links.write_table(links.table_path(settings, BENEFICIARIES), BENEFICIARIES, [
        row("vilhelmina-kommun", WD + "Q1", status=ACCEPTED), row("20372391", WD + "Q2", status=ACCEPTED),
        row("lycksele-kommun", WD + "Q3", status=ACCEPTED)])
    links.write_table(links.table_path(settings, PROJECTS), PROJECTS, [
        row("20372391", "https://linkedopendata.eu/entity/Q7", status=ACCEPTED),
        row("vilhelmina-kommun", "https://linkedopendata.eu/entity/Q8", status=ACCEPTED)])
    assert [(q.subject.value, q.object.value) for q in links.link_quads(settings, store=store)] == [
        (base + "organisation/vilhelmina-kommun", WD + "Q1"),
        (base + "project/20372391", "https://linkedopendata.eu/entity/Q7"),
    ]
