"""`fundgraph link` against a real SPARQL server on loopback (Oxigraph) holding small test extracts.

tests/data/link/wikidata-extract.ttl is shaped like Wikidata, tests/data/link/kohesio-extract.ttl like the
EU Knowledge Graph behind Kohesio; both say which identifiers are real and which are invented.
Failures are tested against a closed port, a server that accepts and never answers, and one that
answers HTTP 500.
"""

from __future__ import annotations

import dataclasses
import http.server
import json
import socket
import sys
import threading
import time
from pathlib import Path

import pyoxigraph
import pytest
import requests

from fundgraph.config import load_settings
from fundgraph.errors import LinkError
from fundgraph.extract.records import ProjectRecord
from fundgraph.mapping import links
from fundgraph.mapping.links import ACCEPTED, PENDING, REJECTED, LinkRow
from fundgraph.mapping.reconcile import link_beneficiaries, link_projects, read_inputs

from oxigraph_server import OxigraphServer, free_port

DATA = Path(__file__).parent / "data"
WD = "http://www.wikidata.org/entity/"
KD = "https://linkedopendata.eu/entity/"
BASE = "https://data.example.se/"

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """An Oxigraph server on a random loopback port, loaded with both extracts; its SPARQL query URL."""
    with OxigraphServer(tmp_path_factory.mktemp("link-endpoint")) as server:
        for name in ("wikidata-extract.ttl", "kohesio-extract.ttl"):
            answer = requests.post(f"{server.store_url}?default", data=(DATA / "link" / name).read_bytes(),
                                   headers={"Content-Type": "text/turtle"}, timeout=10)
            answer.raise_for_status()
        yield server.query_url


@pytest.fixture(scope="module")
def records() -> list[ProjectRecord]:
    expected = json.loads((DATA / "granted-projects-vasterbotten.expected.json").read_text(encoding="utf-8"))
    return [ProjectRecord.from_json(project) for project in expected["projects"]]


@pytest.fixture(scope="module")
def names(records) -> set[str]:
    return {record.beneficiary for record in records}


@pytest.fixture(scope="module")
def projects(records) -> dict[str, str]:
    return {record.case_id: record.title for record in records}


@pytest.fixture
def settings(tmp_path):
    return load_settings(None, links_dir=tmp_path / "links", base_iri=BASE, link_timeout=5.0)


EXPECTED_BENEFICIARIES = [
    LinkRow("lulea-tekniska-universitet", "LULEÅ TEKNISKA UNIVERSITET", WD + "Q900000003",
            "Luleå tekniska universitet", 1.0, ACCEPTED),
    LinkRow("lycksele-kommun", "LYCKSELE KOMMUN", WD + "Q900000004", "Lycksele kommun", 1.0, ACCEPTED),
    LinkRow("pillars-sverige", "Pillars Sverige AB", WD + "Q900000008", "Pillars Sverige", 1.0, ACCEPTED),
    LinkRow("region-vasterbotten", "REGION VÄSTERBOTTEN", WD + "Q3233375", "Region Västerbotten", 1.0, ACCEPTED),
    # a research institute that is an AB: the class shows no kind, so 0.5 + 0.1 + 0.4 × 0.5
    LinkRow("rise-research-institutes-of-sweden", "RISE Research Institutes of Sweden AB", WD + "Q900000009",
            "RISE Research Institutes of Sweden", 0.8, PENDING),
    LinkRow("umea-universitet", "UMEÅ UNIVERSITET", WD + "Q900000002", "Umeå universitet", 1.0, ACCEPTED),
    LinkRow("vilhelmina-kommun", "VILHELMINA KOMMUN", WD + "Q900000006", "Vilhelmina kommun", 1.0, ACCEPTED),
    # matched by alias only; a parish's class shows no kind: 0.5 + 0 + 0.4 × 0.5
    LinkRow("vilhelmina-kommun", "VILHELMINA KOMMUN", WD + "Q900000007", "Vilhelmina församling", 0.7, PENDING),
]

EXPECTED_PROJECTS = [
    LinkRow("20372391", "Build Equal", KD + "Q900001", "Build Equal", 1.0, ACCEPTED),
    LinkRow("20372556", "Västerbotten Regional Innovation Science Park (VRISP)", KD + "Q900002",
            "VRISP – Västerbottens innovationspark", 0.9, PENDING),
    LinkRow("20373406", "Kvarken Film Hub", KD + "Q900003", "Kvarken Film Hub", 0.6, PENDING),
]


def test_beneficiary_candidates_are_scored_and_written(endpoint, names, settings):
    result = link_beneficiaries(names, settings, endpoint=endpoint)
    path = settings.links_dir / "beneficiaries.csv"
    assert result.path == path
    assert links.read_table(path, links.BENEFICIARIES) == EXPECTED_BENEFICIARIES
    assert (result.asked, result.candidates, result.added_accepted, result.added_pending, result.rows) == (11, 8, 6, 2, 8)
    assert path.read_text(encoding="utf-8").splitlines()[:2] == [
        "name_key,name,candidate,label,score,status",
        f"lulea-tekniska-universitet,LULEÅ TEKNISKA UNIVERSITET,{WD}Q900000003,Luleå tekniska universitet,1.00,accepted"]
    assert [p.name for p in settings.links_dir.iterdir()] == ["beneficiaries.csv"]  # no temporary file left


def test_no_auto_accept_leaves_everything_pending(endpoint, names, settings):
    link_beneficiaries(names, settings, endpoint=endpoint, auto_accept=False)
    rows = links.read_table(settings.links_dir / "beneficiaries.csv", links.BENEFICIARIES)
    assert {row.status for row in rows} == {PENDING}
    assert len(rows) == len(EXPECTED_BENEFICIARIES)


def test_rerun_keeps_the_reviewers_decisions(endpoint, names, settings):
    path = settings.links_dir / "beneficiaries.csv"
    reviewed = [
        # the reviewer turned down the auto-accepted Region Västerbotten and accepted RISE
        dataclasses.replace(EXPECTED_BENEFICIARIES[3], status=REJECTED),
        dataclasses.replace(EXPECTED_BENEFICIARIES[4], status=ACCEPTED, label="RISE (checked)"),
        # rejected another candidate for Umeå universitet: a new perfect match must now wait for review
        LinkRow("umea-universitet", "UMEÅ UNIVERSITET", WD + "Q900000555", "Umeå stad", 0.5, REJECTED),
        # a beneficiary of another list: untouched
        LinkRow("skelleftea-kommun", "SKELLEFTEÅ KOMMUN", WD + "Q900000444", "Skellefteå kommun", 1.0, ACCEPTED),
        # a pending row gets fresh label and score
        dataclasses.replace(EXPECTED_BENEFICIARIES[7], label="old label", score=0.1),
    ]
    links.write_table(path, links.BENEFICIARIES, reviewed)
    link_beneficiaries(names, settings, endpoint=endpoint)
    rows = {(row.key, row.candidate): row for row in links.read_table(path, links.BENEFICIARIES)}
    assert rows[("region-vasterbotten", WD + "Q3233375")].status == REJECTED
    assert rows[("rise-research-institutes-of-sweden", WD + "Q900000009")] == reviewed[1]
    assert rows[("umea-universitet", WD + "Q900000555")] == reviewed[2]
    assert rows[("umea-universitet", WD + "Q900000002")].status == PENDING
    assert rows[("skelleftea-kommun", WD + "Q900000444")] == reviewed[3]
    assert rows[("vilhelmina-kommun", WD + "Q900000007")] == EXPECTED_BENEFICIARIES[7]
    assert len(rows) == len(EXPECTED_BENEFICIARIES) + 2
    # a second identical run changes nothing
    before = path.read_bytes()
    link_beneficiaries(names, settings, endpoint=endpoint)
    assert path.read_bytes() == before


def test_accepted_rows_become_owl_same_as(endpoint, projects, names, settings):
    link_beneficiaries(names, settings, endpoint=endpoint)
    link_projects(projects.items(), settings, endpoint=endpoint)
    graph = pyoxigraph.DefaultGraph()
    same_as = pyoxigraph.NamedNode("http://www.w3.org/2002/07/owl#sameAs")

    def quad(subject, target):
        return pyoxigraph.Quad(pyoxigraph.NamedNode(BASE + subject), same_as, pyoxigraph.NamedNode(target), graph)

    expected = {quad("organisation/" + row.key, row.candidate)
                for row in EXPECTED_BENEFICIARIES if row.status == ACCEPTED}
    expected.add(quad("project/20372391", KD + "Q900001"))
    assert set(links.link_quads(settings)) == expected
    assert len(expected) == 7
    # restricted to what is published
    assert set(links.link_quads(settings, organisation_keys={"lycksele-kommun"}, case_ids=set())) == {
        quad("organisation/lycksele-kommun", WD + "Q900000004")}


def test_kohesio_candidates_by_identifier_and_title(endpoint, projects, settings):
    # with a case known only from an amendment (no title): asked by identifier alone
    result = link_projects({**projects, "20363558": ""}.items(), settings, endpoint=endpoint)
    assert result.path == settings.links_dir / "projects.csv"
    assert links.read_table(result.path, links.PROJECTS) == EXPECTED_PROJECTS
    assert (result.asked, result.candidates, result.added_accepted, result.added_pending) == (18, 3, 1, 2)
    assert result.path.read_text(encoding="utf-8").splitlines()[0] == "case_id,title,candidate,label,score,status"


def test_cli_links_records_from_json_lines(endpoint, records, settings, tmp_path, monkeypatch, capsys):
    from fundgraph import cli

    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text("".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["fundgraph", "link", "--kohesio", "--endpoint", endpoint,
                                      "--links-dir", str(settings.links_dir), str(jsonl)])
    cli.main()
    assert "added 1 accepted and 2 pending" in capsys.readouterr().out
    assert links.read_table(settings.links_dir / "projects.csv", links.PROJECTS) == EXPECTED_PROJECTS


# --- endpoints that fail -------------------------------------------------------------------------------

@pytest.fixture
def silent_endpoint():
    """A loopback server that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        accepted = []
        stop = threading.Event()

        def hold():
            listener.settimeout(0.1)
            while not stop.is_set():
                try:
                    accepted.append(listener.accept()[0])
                except OSError:
                    continue

        thread = threading.Thread(target=hold, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()


@pytest.fixture
def failing_endpoint():
    """A loopback server answering every request with HTTP 500."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_error(500, "Internal Server Error", "java.lang.OutOfMemoryError\nat line 1")

        do_GET = do_POST

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()
    thread.join()


def _existing_table(settings) -> bytes:
    links.write_table(settings.links_dir / "beneficiaries.csv", links.BENEFICIARIES, EXPECTED_BENEFICIARIES[:2])
    return (settings.links_dir / "beneficiaries.csv").read_bytes()


def test_unreachable_endpoint_is_a_link_error_and_the_table_stays(names, settings):
    before = _existing_table(settings)
    endpoint = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens there
    with pytest.raises(LinkError, match=r"^http://127\.0\.0\.1:\d+/sparql: cannot connect") as error:
        link_beneficiaries(names, settings, endpoint=endpoint)
    assert "\n" not in str(error.value)
    assert (settings.links_dir / "beneficiaries.csv").read_bytes() == before
    assert sorted(p.name for p in settings.links_dir.iterdir()) == ["beneficiaries.csv"]


def test_unreachable_endpoint_exit_code(records, settings, tmp_path, monkeypatch, capsys):
    from fundgraph import cli

    before = _existing_table(settings)
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text(json.dumps(records[0].to_json()) + "\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["fundgraph", "link", "--endpoint", f"http://127.0.0.1:{free_port()}/sparql",
                                      "--links-dir", str(settings.links_dir), str(jsonl)])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == LinkError.exit_code == 7
    message = capsys.readouterr().err
    assert message.startswith("fundgraph: error: http://127.0.0.1:") and "cannot connect" in message
    assert message.count("\n") == 1
    assert (settings.links_dir / "beneficiaries.csv").read_bytes() == before


def test_timeout_is_a_link_error_and_the_table_stays(projects, settings, silent_endpoint):
    before = _existing_table(settings)
    quick = dataclasses.replace(settings, link_timeout=0.3)
    started = time.monotonic()
    with pytest.raises(LinkError, match=r": no answer within 0\.3 s \(link_timeout\)$"):
        link_projects(projects.items(), quick, endpoint=silent_endpoint)
    assert time.monotonic() - started < 5
    assert (settings.links_dir / "beneficiaries.csv").read_bytes() == before
    assert not (settings.links_dir / "projects.csv").exists()


def test_http_500_is_a_link_error_without_the_servers_text(names, settings, failing_endpoint):
    before = _existing_table(settings)
    with pytest.raises(LinkError) as error:
        link_beneficiaries(names, settings, endpoint=failing_endpoint)
    assert str(error.value) == f"{failing_endpoint}: the endpoint answered HTTP 500"
    assert (settings.links_dir / "beneficiaries.csv").read_bytes() == before


def test_inputs_from_json_lines_and_bad_lines(records, tmp_path):
    from fundgraph.errors import ExtractError

    good = tmp_path / "good.jsonl"
    good.write_text("".join(json.dumps(r.to_json()) + "\n" for r in records[:3]), encoding="utf-8")
    inputs = read_inputs([good])
    assert inputs.beneficiaries == {"REGION VÄSTERBOTTEN", "LULEÅ TEKNISKA UNIVERSITET",
                                    "RISE Research Institutes of Sweden AB"}
    assert inputs.projects == {r.case_id: r.title for r in records[:3]}
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(records[0].to_json()) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ExtractError, match=r"bad\.jsonl, line 2: not a project record"):
        read_inputs([bad])


def test_names_are_escaped_as_literals(endpoint):
    from fundgraph.mapping.reconcile.wikidata import beneficiary_candidates

    names = ['Evil" } } ; SELECT * { ?s ?p ?o } #', "back\\slash\nAB", "UMEÅ  UNIVERSITET"]
    rows = beneficiary_candidates(names, endpoint, 5.0)
    assert [(row.key, row.candidate) for row in rows] == [("umea-universitet", WD + "Q900000002")]


def test_inputs_from_a_published_folder(published, names, projects):
    inputs = read_inputs([published.out_dir])
    # the earlier case that 20374134 amends is not a listed project (no rdf:type, no title): not linked
    assert inputs.projects == projects
    # one label per beneficiary node: 11 organisations, whichever spelling the node carries
    from fundgraph.mapping.organisations import organisation_key

    assert {organisation_key(name) for name in inputs.beneficiaries} == {organisation_key(name) for name in names}
    assert len(inputs.beneficiaries) == 11


def test_a_folder_without_dataset_is_an_error(tmp_path):
    from fundgraph.errors import ExtractError

    with pytest.raises(ExtractError, match="not a published folder"):
        read_inputs([tmp_path])


def test_spellings_of_one_organisation_are_asked_together(endpoint):
    from fundgraph.mapping.reconcile.wikidata import beneficiary_candidates

    rows = beneficiary_candidates(["PILLARS SVERIGE AKTIEBOLAG", "Pillars Sverige AB"], endpoint, 5.0)
    assert rows == [LinkRow("pillars-sverige", "PILLARS SVERIGE AKTIEBOLAG", WD + "Q900000008", "Pillars Sverige", 1.0)]


def test_spellings_and_scores():
    from fundgraph.mapping.reconcile import kohesio, wikidata

    assert wikidata.spellings("LULEÅ TEKNISKA UNIVERSITET") == {
        "LULEÅ TEKNISKA UNIVERSITET", "Luleå tekniska universitet", "Luleå Tekniska Universitet"}
    assert "Länstrafiken i Västerbotten" in wikidata.spellings("Länstrafiken i Västerbotten Aktiebolag")
    assert wikidata.class_kinds("kommun i Sverige") == {"municipality"}
    assert wikidata.score({"label"}, "municipality", {"municipality"}) == 1.0
    assert wikidata.score({"alias"}, "municipality", {"municipality"}) == 0.9
    assert wikidata.score({"label"}, None, {"municipality"}) == 0.8
    assert wikidata.score({"label"}, "company", {"municipality"}) == 0.6
    assert (kohesio.score({"identifier", "title"}), kohesio.score({"identifier"}), kohesio.score({"title"})) == (
        1.0, 0.9, 0.6)
