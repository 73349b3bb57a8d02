"""Progress of a long extraction (issue 12): the library tells a callback each page read; ``fundgraph
extract`` draws a bar from it on a terminal only, never into a file, a pipe or a log."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

import pdfgen
from fundgraph.extract import read_list

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = json.loads((ROOT / "tests" / "data" / "granted-projects-vasterbotten.expected.json").read_text("utf-8"))
PAGES = 3


@pytest.fixture(scope="module")
def three_pages(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("progress") / "three-pages.pdf"
    style = pdfgen.ListStyle(pdfgen.default_columns(["case_id", "title", "beneficiary", "granted_amount"]),
                             rows_per_page=1)
    assert pdfgen.render_list(EXPECTED["projects"][:PAGES], style, path).pages == PAGES
    return path


def test_read_list_tells_its_progress_page_by_page(three_pages):
    told = []
    extracted = read_list(three_pages, progress=lambda done, total: told.append((done, total)))
    assert told == [(page, PAGES) for page in range(1, PAGES + 1)]
    assert len(extracted.records) == PAGES


def _extract(path: Path, out: Path, stderr) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "fundgraph.cli", "extract", str(path), "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=stderr)


def test_extract_draws_a_bar_of_pages_on_a_terminal_only(three_pages, tmp_path):
    leader, follower = pty.openpty()
    process = _extract(three_pages, tmp_path / "terminal.jsonl", follower)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the command has ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.wait(timeout=120) == 0
    assert f"reading {three_pages.name}".encode() in shown and f"{PAGES}/{PAGES}".encode() in shown

    piped = _extract(three_pages, tmp_path / "piped.jsonl", subprocess.PIPE)
    _, stderr = piped.communicate(timeout=120)
    assert piped.returncode == 0
    assert b"reading" not in stderr and b"#" not in stderr
    assert (tmp_path / "piped.jsonl").read_bytes() == (tmp_path / "terminal.jsonl").read_bytes()
