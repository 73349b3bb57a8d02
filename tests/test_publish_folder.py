"""publish replaces only a folder that is missing, empty or an earlier publication: never a user's folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fundgraph.config import Settings
from fundgraph.errors import PublishError
from fundgraph.publish import publish
from fundgraph.publish.atomic import staging_folder
from fundgraph.publish.folder import check_replaceable, is_publication

REPOSITORY = Path(__file__).resolve().parent.parent
PDF = REPOSITORY / "examples" / "granted-projects-vasterbotten.pdf"
REFUSED = "exists and is not a fundgraph publication; refusing to replace it"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def earlier_publication(out: Path, files: dict | None = None) -> Path:
    out.mkdir()
    (out / "store").mkdir()
    (out / "dataset.ttl").write_text("# published before\n", encoding="utf-8")
    (out / "publication.json").write_text(json.dumps({"base_iri": "https://data.example.se/",
                                                      "files": {"dataset.ttl": {}} if files is None else files}))
    return out


def test_a_folder_of_the_users_is_refused_and_left_as_it_was(tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "thesis.txt").write_text("precious\n", encoding="utf-8")
    with pytest.raises(PublishError, match=REFUSED):
        publish([PDF], Settings(out_dir=victim, links_dir=tmp_path / "links"))
    assert snapshot(victim) == {"thesis.txt": b"precious\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["victim"]  # no staging folder either


def test_the_current_folder_is_refused_on_the_command_line(tmp_path):
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "fundgraph.cli", "publish", str(PDF), "--out", "."],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == PublishError.exit_code
    assert done.stderr.strip().splitlines() == [f"fundgraph: error: {tmp_path} {REFUSED}"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("spoil, replaceable", [
    (lambda out: None, True),
    (lambda out: (out / "README.md").write_text("added by hand"), False),  # a file it does not list
    (lambda out: (out / "publication.json").write_text("{not json"), False),
    (lambda out: (out / "publication.json").write_text('{"files": {"dataset.ttl": {}}}'), False),  # no base_iri
    (lambda out: (out / "publication.json").write_text('["https://data.example.se/"]'), False),
    (lambda out: (out / "store").rmdir(), False),
])
def test_what_counts_as_an_earlier_publication(tmp_path, spoil, replaceable):
    out = earlier_publication(tmp_path / "publish")
    spoil(out)
    assert is_publication(out) is replaceable
    if replaceable:
        check_replaceable(out)
    else:
        with pytest.raises(PublishError, match=REFUSED):
            check_replaceable(out)


def test_missing_and_empty_folders_may_be_replaced_but_not_a_file(tmp_path):
    check_replaceable(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    check_replaceable(tmp_path / "empty")
    (tmp_path / "file").write_text("x")
    with pytest.raises(PublishError, match=REFUSED):
        check_replaceable(tmp_path / "file")


def test_a_file_added_while_publishing_stops_the_swap(tmp_path):
    out = earlier_publication(tmp_path / "publish")
    with pytest.raises(PublishError, match=REFUSED):
        with staging_folder(out, check=check_replaceable) as stage:
            (stage / "dataset.ttl").write_text("# new\n")
            (out / "mine.txt").write_text("written meanwhile\n")
    assert snapshot(out) == {"dataset.ttl": b"# published before\n", "mine.txt": b"written meanwhile\n",
                             "publication.json": (out / "publication.json").read_bytes()}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".publish.releases", "publish"]
    assert [p.name for p in (tmp_path / ".publish.releases").iterdir()] == ["lock"]
