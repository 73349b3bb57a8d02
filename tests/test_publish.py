"""publish end to end on the bundled list: what the folder holds, the figures, determinism, and that a
failure leaves an existing publication untouched."""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from fundgraph.config import Publisher, Settings
from fundgraph.errors import ConfigError, FundgraphError, PublishError, ValidationFailed
from fundgraph.publish import publish
from fundgraph.publish import pipeline
from fundgraph.publish.atomic import current_umask

REPOSITORY = Path(__file__).resolve().parent.parent
PDF = REPOSITORY / "examples" / "granted-projects-vasterbotten.pdf"
DUMPS = ("dataset.ttl", "dataset.nt", "dataset.nq", "dataset.jsonld", "dataset.rdf", "dataset.ttl.gz",
         "dataset.nt.gz")
FILES = {*DUMPS, "projects.csv", "projects.csv-metadata.json", "kohesio-projects.csv", "catalog.rdf",
         "catalog.ttl", "catalog.jsonld", "void.ttl", "figures.json", "search.sqlite", "publication.json"}


def test_folder_layout(published):
    out = published.out_dir
    assert {p.name for p in out.iterdir()} == FILES | {"store"}
    assert not [p for p in out.parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name]


def test_figures(published):
    figures = json.loads((published.out_dir / "figures.json").read_text(encoding="utf-8"))
    assert figures == published.figures
    assert (figures["projects"], figures["beneficiaries"]) == (17, 11)
    assert (figures["granted_amount"], figures["total_budget"]) == ({"SEK": "72750869"}, {"SEK": "225263121"})
    assert figures["projects_with_budget"] == 17
    assert [(c["currency"], c["projects"]) for c in figures["by_currency"]] == [("SEK", 17)]
    assert [len(figures[k]) for k in ("by_fund", "by_priority", "by_municipality", "by_county",
                                      "by_beneficiary")] == [4, 5, 29, 2, 11]
    assert {f["code"] for f in figures["by_fund"]} == {"ERDF_2021", "ESF_PLUS", "INTERREG_AURORA", "REGIONAL"}
    assert sorted(p["number"] for p in figures["by_priority"]) == [1, 2, 3, 4, 6]
    for key in ("by_fund", "by_priority", "by_beneficiary"):
        assert sum(row["projects"] for row in figures[key]) == 17
        assert sum(int(row["granted_amount"]["SEK"]) for row in figures[key]) == 72_750_869
        assert sum(int(row["total_budget"]["SEK"]) for row in figures[key]) == 225_263_121
        amounts = [int(row["granted_amount"]["SEK"]) for row in figures[key]]
        assert amounts == sorted(amounts, reverse=True)
    region = next(b for b in figures["by_beneficiary"] if b["key"] == "region-vasterbotten")
    assert region["projects"] == 6
    county = {c["code"]: c for c in figures["by_county"]}
    assert county["24"]["projects"] == 17 and county["24"]["label"] == "Västerbottens län"


def test_publication_json(published):
    publication = json.loads((published.out_dir / "publication.json").read_text(encoding="utf-8"))
    assert publication == published.publication
    assert publication["base_iri"] == "https://data.example.se/"
    assert publication["dataset"] == "https://data.example.se/dataset"
    datetime.fromisoformat(publication["published"])
    (document,) = publication["documents"]
    sha = hashlib.sha256(PDF.read_bytes()).hexdigest()
    assert document == {"file_name": PDF.name, "sha256": sha, "pages": 7, "projects": 17,
                        "graph": f"https://data.example.se/graph/{sha}"}
    assert set(publication["files"]) == FILES - {"publication.json"}
    for name, info in publication["files"].items():
        data = (published.out_dir / name).read_bytes()
        assert info["bytes"] == len(data) and info["sha256"] == hashlib.sha256(data).hexdigest()
    assert publication["files"]["dataset.ttl"]["media_type"] == "text/turtle"
    assert publication["files"]["dataset.nt.gz"]["media_type"] == "application/gzip"
    assert publication["files"]["catalog.rdf"]["media_type"] == "application/rdf+xml"


COUNTS = """
PREFIX fg: <https://w3id.org/fundgraph/ns#>
PREFIX schema: <http://schema.org/>
SELECT (COUNT(DISTINCT ?p) AS ?projects) (COUNT(DISTINCT ?b) AS ?beneficiaries) (COUNT(DISTINCT ?f) AS ?funds)
       (COUNT(DISTINCT ?prio) AS ?priorities) (COUNT(DISTINCT ?m) AS ?municipalities) (COUNT(DISTINCT ?c) AS ?counties)
WHERE { ?p a fg:Project ; fg:beneficiary ?b ; fg:fund ?f ; fg:priority ?prio ; fg:municipality ?m ; fg:county ?c }
"""
SUMS = """
PREFIX fg: <https://w3id.org/fundgraph/ns#>
PREFIX schema: <http://schema.org/>
SELECT (SUM(?g) AS ?granted) (SUM(?t) AS ?total) WHERE {
  ?p a fg:Project ; fg:grantedAmount/schema:value ?g ; fg:totalBudget/schema:value ?t }
"""


def test_store_holds_the_list(published):
    store = pyoxigraph.Store.read_only(str(published.out_dir / "store"))
    (row,) = list(store.query(COUNTS, use_default_graph_as_union=True))
    assert [int(row[v].value) for v in ("projects", "beneficiaries", "funds", "priorities", "municipalities",
                                        "counties")] == [17, 11, 4, 5, 29, 2]
    (row,) = list(store.query(SUMS, use_default_graph_as_union=True))
    assert (row["granted"].value, row["total"].value) == ("72750869", "225263121")
    assert row["granted"].datatype.value == "http://www.w3.org/2001/XMLSchema#decimal"


def test_dumps_of_the_list_are_one_graph(published):
    out = published.out_dir
    reference = rdflib.Graph().parse(out / "dataset.nt", format="nt")
    assert len(reference) == published.publication["triples"]
    for name, fmt in (("dataset.ttl", "turtle"), ("dataset.jsonld", "json-ld"), ("dataset.rdf", "xml")):
        assert isomorphic(rdflib.Graph().parse(out / name, format=fmt), reference), name
    void = rdflib.Graph().parse(out / "void.ttl", format="turtle")
    triples = void.value(rdflib.URIRef("https://data.example.se/dataset"),
                         rdflib.URIRef("http://rdfs.org/ns/void#triples"))
    assert int(triples) == len(reference)


def test_publishing_again_gives_identical_dumps_and_keeps_the_issue_date(published, tmp_path):
    out = tmp_path / "publish"
    shutil.copytree(published.out_dir, out)  # an earlier publication: replaced as a whole
    (out / "dataset.csv").write_text("a file of an older version, listed in its publication.json\n")
    earlier = json.loads((out / "publication.json").read_text(encoding="utf-8"))
    earlier["files"]["dataset.csv"] = {}
    (out / "publication.json").write_text(json.dumps(earlier), encoding="utf-8")
    later = datetime(2031, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    again = publish([PDF], Settings(out_dir=out, links_dir=tmp_path / "links"), now=later)
    for name in DUMPS + ("projects.csv", "kohesio-projects.csv", "figures.json"):
        assert (out / name).read_bytes() == (published.out_dir / name).read_bytes(), name
    assert not (out / "dataset.csv").exists()
    assert again.publication["published"] == later.isoformat()
    assert again.publication["issued"] == published.publication["issued"]
    # byte-identical data: dct:modified stays that of the first publication, as does dct:issued
    assert again.publication["modified"] == published.publication["modified"]
    catalog = (out / "catalog.ttl").read_text(encoding="utf-8")
    assert "2031-01-02" not in catalog and published.publication["issued"][:19] in catalog
    assert (out / "catalog.ttl").read_bytes() == (published.out_dir / "catalog.ttl").read_bytes()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def earlier_publication(out: Path) -> Path:
    """Make ``out`` look like an earlier publication (publication.json listing its files, store/)."""
    out.mkdir()
    (out / "store").mkdir()
    (out / "dataset.ttl").write_text("# the previous publication\n")
    (out / "publication.json").write_text(json.dumps({"base_iri": "https://data.example.se/",
                                                      "files": {"dataset.ttl": {}}}) + "\n")
    return out


@pytest.fixture
def existing(tmp_path):
    return earlier_publication(tmp_path / "publish")


def test_a_file_that_is_not_a_pdf_leaves_the_publication_untouched(existing, tmp_path):
    before = _snapshot(existing)
    bad = tmp_path / "list.pdf"
    bad.write_text("this is not a PDF\n")
    with pytest.raises(FundgraphError, match="list.pdf"):
        publish([PDF, bad], Settings(out_dir=existing, links_dir=tmp_path / "links"))
    assert _snapshot(existing) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".publish.releases", "list.pdf", "publish"]
    assert [p.name for p in (tmp_path / ".publish.releases").iterdir()] == ["lock"]  # no staging folder


def test_data_that_does_not_conform_is_refused(existing, tmp_path, monkeypatch):
    from fundgraph.validate import ValidationReport, ValidationResult

    report = ValidationReport()
    report.add(ValidationResult("Violation", "https://data.example.se/project/1", "dct:title", "no dct:title"))
    monkeypatch.setattr(pipeline, "validate_store", lambda store, settings, **options: report)
    before = _snapshot(existing)
    with pytest.raises(ValidationFailed, match="1 violation") as error:
        publish([PDF], Settings(out_dir=existing, links_dir=tmp_path / "links"))
    assert "no dct:title" in error.value.report
    assert error.value.lines == ("violation: <https://data.example.se/project/1>: no dct:title",)
    assert _snapshot(existing) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".publish.releases", "publish"]
    assert [p.name for p in (tmp_path / ".publish.releases").iterdir()] == ["lock"]  # no staging folder


def test_a_failure_beside_the_dumps_leaves_the_publication_untouched(existing, tmp_path, monkeypatch):
    """The CSV files are written while the dumps are (pipeline: a thread waits for their child processes):
    when the CSV step fails, the dumps are waited for and the staging folder goes, then the error is raised."""
    from fundgraph.publish.tables import ProjectTable

    dumps_done = []
    write_dumps = pipeline.write_spooled_dumps

    def dumps(*args, **kwargs):
        counts = write_dumps(*args, **kwargs)
        dumps_done.append(threading.current_thread().name)
        return counts

    def failing(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "write_spooled_dumps", dumps)
    monkeypatch.setattr(ProjectTable, "write", failing)
    before = _snapshot(existing)
    with pytest.raises(PublishError, match="No space left on device"):
        publish([PDF], Settings(out_dir=existing, links_dir=tmp_path / "links"))
    assert len(dumps_done) == 1 and dumps_done[0] != threading.current_thread().name
    assert _snapshot(existing) == before
    assert [p.name for p in (tmp_path / ".publish.releases").iterdir()] == ["lock"]  # no staging folder
    assert not [t for t in threading.enumerate() if t.name.startswith("dumps")]


def test_cli_reports_a_bad_list_in_one_line(tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    done = subprocess.run([sys.executable, "-m", "fundgraph.cli", "publish", str(bad), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode != 0
    assert len(done.stderr.strip().splitlines()) == 1 and "notes.pdf" in done.stderr
    assert not (tmp_path / "out").exists()


def test_several_lists_are_one_dataset_with_a_graph_per_document(published, tmp_path):
    copy = tmp_path / "second-list.pdf"  # same projects, other bytes: another document stating them
    copy.write_bytes(PDF.read_bytes() + b"%% a later copy\n")
    result = publish([PDF, copy], Settings(out_dir=tmp_path / "publish", links_dir=tmp_path / "links"))
    docs = result.publication["documents"]
    assert [d["file_name"] for d in docs] == ["granted-projects-vasterbotten.pdf", "second-list.pdf"]
    assert result.figures == published.figures  # each project counted once
    quads = rdflib.Dataset()
    quads.parse(result.out_dir / "dataset.nq", format="nquads")
    graphs = {str(g.identifier) for g in quads.graphs() if len(g) and g.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID}
    assert {d["graph"] for d in docs} == graphs
    nt = rdflib.Graph().parse(result.out_dir / "dataset.nt", format="nt")
    project = rdflib.URIRef("https://data.example.se/project/20372556")
    sources = set(nt.objects(project, rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")))
    assert {str(s).rsplit("/", 1)[1] for s in sources} == {d["sha256"] for d in docs}
    with (result.out_dir / "projects.csv").open(encoding="utf-8") as f:
        assert len(f.read().splitlines()) == 18


def test_published_folder_is_readable_by_other_users(published):
    # tempfile makes the staging folder 0700; a web server running as another user must read the folder.
    mask = current_umask()
    assert stat.S_IMODE(published.out_dir.stat().st_mode) == 0o755 & ~mask
    paths = list(published.out_dir.rglob("*"))
    assert any(p.is_dir() for p in paths) and len(paths) > 20
    for path in paths:
        assert stat.S_IMODE(path.stat().st_mode) == (0o755 if path.is_dir() else 0o644) & ~mask, path


def test_publish_checks_settings_made_in_python(tmp_path):
    bad = Settings(out_dir=tmp_path / "publish", publisher=replace(Publisher(), contact_email="opendata at x.se"))
    with pytest.raises(ConfigError, match="'publisher.contact_email' must be an e-mail address"):
        publish([PDF], bad)
    assert list(tmp_path.iterdir()) == []


def test_publish_loads_into_the_graph_store_of_the_settings(tmp_path, monkeypatch):
    from fundgraph.publish import graph_store

    loads = []

    class Loaded:
        def summary(self):
            return "loaded 3 triples in 1 graph(s) into http://127.0.0.1:9/store"

    def load_publication(out_dir, url, **options):
        assert (out_dir / "store").is_dir() and (out_dir / "publication.json").is_file()  # after the swap
        loads.append((out_dir, url))
        return Loaded()

    monkeypatch.setattr(graph_store, "load_publication", load_publication)
    out = tmp_path / "publish"
    result = publish([PDF], Settings(out_dir=out, links_dir=tmp_path / "links", store_url="http://127.0.0.1:9/store"))
    assert loads == [(out, "http://127.0.0.1:9/store")]
    assert isinstance(result.loaded, Loaded)
    assert result.summary().splitlines()[2] == "loaded 3 triples in 1 graph(s) into http://127.0.0.1:9/store"
