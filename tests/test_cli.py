"""The command line as users meet it: a mistake gives one line naming what is wrong and a non-zero exit,
never a traceback, and leaves an existing publication and output files as they were."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from fundgraph import cli
from fundgraph.publish import pipeline
from fundgraph.publish.atomic import current_umask
from fundgraph.validate import ValidationReport, ValidationResult

from test_publish import earlier_publication

REPOSITORY = Path(__file__).resolve().parent.parent
PDF = REPOSITORY / "examples" / "granted-projects-vasterbotten.pdf"


def fundgraph(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fundgraph.cli", *args], capture_output=True, text=True, cwd=cwd)


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def existing(tmp_path) -> Path:
    """An earlier publication (publication.json listing its files, store/): one publish may replace."""
    return earlier_publication(tmp_path / "publish")


def assert_one_line_error(done: subprocess.CompletedProcess, code: int, *words: str) -> str:
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("fundgraph: error: "), done.stderr
    for word in words:
        assert word in lines[0]
    return lines[0]


@pytest.mark.parametrize("iri, problem", [
    ("https://exa mple.org/", "must be a valid IRI"),
    ("https://example.org/<x>/", "must be a valid IRI"),
    ("https:///", "must name a host"),
    ("https://example.org/a?b#/", "must not have a query"),
])
def test_malformed_base_iri_is_one_line_and_publishes_nothing(existing, tmp_path, iri, problem):
    before = snapshot(existing)
    done = fundgraph("publish", str(PDF), "--out", str(existing), "--base-iri", iri, cwd=tmp_path)
    assert_one_line_error(done, 2, "'base_iri'", problem, repr(iri))
    assert snapshot(existing) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["publish"]


def test_a_malformed_exchange_rate_is_one_line_and_publishes_nothing(existing, tmp_path):
    before = snapshot(existing)
    done = fundgraph("publish", str(PDF), "--out", str(existing), "--exchange-rate", "SEK=11.2",
                     "--exchange-rate", "DKK:7.46", cwd=tmp_path)
    assert_one_line_error(done, 2, "'exchange_rates'", "'DKK:7.46' is not one", "SEK=11.2 DKK:7.46")
    assert snapshot(existing) == before


@pytest.mark.parametrize("table, key", [('contact_email = "opendata at example.se"', "publisher.contact_email"),
                                        ('name = ""', "publisher.name"),
                                        ('type = "Region"', "publisher.type")])
def test_bad_publisher_setting_is_one_line_naming_setting_and_file(existing, tmp_path, table, key):
    (tmp_path / "fundgraph.toml").write_text(f"[publisher]\n{table}\n", encoding="utf-8")
    before = snapshot(existing)
    done = fundgraph("publish", str(PDF), "--out", str(existing), cwd=tmp_path)
    assert_one_line_error(done, 2, "fundgraph.toml", f"'{key}'")
    assert snapshot(existing) == before


def test_extract_to_a_missing_folder_is_one_line(tmp_path):
    target = tmp_path / "nonexistent" / "dir" / "x.jsonl"
    done = fundgraph("extract", str(PDF), "-o", str(target), cwd=tmp_path)
    assert_one_line_error(done, 10, str(target), "does not exist")
    assert not target.parent.exists()


def test_extract_replaces_the_output_only_when_complete(tmp_path):
    out = tmp_path / "projects.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    bad = tmp_path / "list.pdf"
    bad.write_text("not a PDF\n", encoding="utf-8")
    done = fundgraph("extract", str(bad), "-o", str(out), cwd=tmp_path)
    assert_one_line_error(done, 3, "list.pdf")
    assert out.read_text(encoding="utf-8") == "previous\n"

    done = fundgraph("extract", str(PDF), "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 17
    assert stat.S_IMODE(out.stat().st_mode) == 0o644 & ~current_umask()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.pdf", "projects.jsonl"]  # no temporary left


def test_publish_help_says_parent_folders_are_created(tmp_path):
    done = fundgraph("publish", "--help", cwd=tmp_path)
    assert done.returncode == 0
    assert "missing parent folders are created" in " ".join(done.stdout.split())


def test_config_prints_effective_settings_as_toml(tmp_path):
    (tmp_path / "fundgraph.toml").write_text('out_dir = "site/data"\nallow_unknown_concepts = true\n'
                                             '[publisher]\ntype = "LocalAuthority"\n', encoding="utf-8")
    done = fundgraph("config", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = tomllib.loads(done.stdout)
    assert data["out_dir"] == "site/data" and data["allow_unknown_concepts"] is True
    assert data["links_dir"] == "links" and data["port"] == 5000
    assert data["publisher"]["type"] == "LocalAuthority"
    assert 'out_dir = "site/data"  # from fundgraph.toml (default: "publish")' in done.stdout.splitlines()
    assert "PosixPath" not in done.stdout and " False" not in done.stdout


def test_config_with_an_invalid_file_is_one_line(tmp_path):
    (tmp_path / "fundgraph.toml").write_text('base_iri = "https://x.se/"\nport = "eighty"\n', encoding="utf-8")
    assert_one_line_error(fundgraph("config", cwd=tmp_path), 2, "fundgraph.toml", "'port'")
    (tmp_path / "other.toml").write_text("base_iri = \n", encoding="utf-8")
    assert_one_line_error(fundgraph("config", "--config", "other.toml", cwd=tmp_path), 2, "other.toml",
                          "not valid TOML")


def test_validate_prints_the_report_of_broken_data(published, tmp_path):
    project_title = "<https://data.example.se/project/20372556> <http://purl.org/dc/terms/title> "
    lines = (published.out_dir / "dataset.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / "broken.nt"
    # The title without its language tag (a list may give no title, but one it gives is tagged).
    broken.write_text("".join(line.replace('"@sv .', '" .') if line.startswith(project_title) else line
                              for line in lines), encoding="utf-8")
    assert broken.read_text(encoding="utf-8") != "".join(lines)
    done = fundgraph("validate", str(broken), cwd=tmp_path)
    assert_one_line_error(done, 5, "1 violation(s)", "the data does not conform")
    assert "does NOT conform" in done.stdout
    # One line naming the row as extraction does, the rule in words; the full report with --verbose.
    assert any(line.startswith("violation: granted-projects-vasterbotten.pdf, page 1, row 1 (case id 20372556): a "
                               "project has at most one title (dct:title), a non-empty text tagged with its language")
               for line in done.stdout.splitlines()), done.stdout
    done = fundgraph("validate", "--verbose", str(broken), cwd=tmp_path)
    assert_one_line_error(done, 5, "1 violation(s)", "the data does not conform")
    assert "Violation: <https://data.example.se/project/20372556>\n  path: dct:title" in done.stdout


def test_validate_a_catalogue_with_the_catalogue_shapes(published, tmp_path):
    catalog = published.out_dir / "catalog.ttl"
    done = fundgraph("validate", "--shapes", "catalog", str(catalog), str(published.out_dir / "catalog.rdf"),
                     cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "conforms" in done.stdout and "dcat-ap-se.ttl" in done.stdout

    done = fundgraph("validate", str(catalog), cwd=tmp_path)  # recognised by its content: the catalogue shapes
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the catalogue conforms to the DCAT-AP-SE shapes" in done.stdout and "project" not in done.stdout
    done = fundgraph("validate", "--shapes", "data", str(catalog), cwd=tmp_path)  # asked for the data shapes
    assert_one_line_error(done, 5, "the data does not conform")

    broken = tmp_path / "catalog.ttl"
    broken.write_text(catalog.read_text(encoding="utf-8").replace("dct:license", "dct:rights"), encoding="utf-8")
    done = fundgraph("validate", "--shapes", "catalog", str(broken), cwd=tmp_path)
    assert_one_line_error(done, 5, "the catalogue does not conform")
    assert "Violation: <https://data.example.se/catalog>\n  path: dct:license" in done.stdout


def test_publish_refusing_data_prints_the_report(existing, tmp_path, monkeypatch, capsys):
    report = ValidationReport()
    for n in range(30):
        report.add(ValidationResult("Violation", f"https://data.example.se/project/{20372500 + n}",
                                    "dct:title", "fewer than 1 value(s)"))
    monkeypatch.setattr(pipeline, "validate_store", lambda store, settings, **options: report)
    monkeypatch.setattr(sys, "argv", ["fundgraph", "publish", str(PDF), "--out", str(existing)])
    monkeypatch.chdir(tmp_path)
    before = snapshot(existing)
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 5
    err = capsys.readouterr().err.splitlines()
    # One line per violation (the first 20), naming the node when the graph says nothing of where it stands.
    assert err[0] == "fundgraph: violation: <https://data.example.se/project/20372500>: fewer than 1 value(s)"
    assert err[20] == "… 10 more line(s) of the report not shown"
    assert err[21].startswith("fundgraph: error: the data does not conform") and "(30 violation(s))" in err[21]
    assert len(err) == 22 and "Traceback" not in "\n".join(err)
    assert snapshot(existing) == before
    assert sorted(os.listdir(tmp_path)) == [".publish.releases", "publish"]
    assert os.listdir(tmp_path / ".publish.releases") == ["lock"]  # no staging folder left


@pytest.mark.parametrize("shapes", ["data", "catalog"])
def test_validate_a_file_that_does_not_parse_is_an_input_error(tmp_path, shapes):
    from fundgraph.errors import InputError

    (tmp_path / "broken.ttl").write_text("<https://x.se/a> <https://x.se/b> .\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not RDF\n", encoding="utf-8")
    done = fundgraph("validate", "--shapes", shapes, "broken.ttl", cwd=tmp_path)
    assert_one_line_error(done, InputError.exit_code, "broken.ttl", "cannot read as Turtle")
    done = fundgraph("validate", "--shapes", shapes, "notes.txt", cwd=tmp_path)
    assert_one_line_error(done, InputError.exit_code, "notes.txt", "not an RDF file by its extension")
    assert (InputError.exit_code, InputError.http_status) == (2, 400)


def test_publish_to_an_unreachable_graph_store_is_one_line_after_publishing(tmp_path):
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = fundgraph("publish", str(PDF), "--out", "out", "--store", f"http://127.0.0.1:{port}/store", cwd=tmp_path)
    assert_one_line_error(done, 8, "cannot reach graph store")
    assert (tmp_path / "out" / "publication.json").is_file()  # the folder is published; only the load failed
