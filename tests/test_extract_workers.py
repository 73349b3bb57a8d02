"""A long PDF is read by worker processes (extract/pdf.py, issue 12); they die with the process reading it,
even when ``fundgraph extract`` is killed without cleaning up (a terminal's kill, a CI job's time limit)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_PDF = ROOT / "examples" / "granted-projects-vasterbotten.pdf"
REPEATS = 30  # 210 pages: seconds of reading, so that the workers are still at work when the reader is killed
DEADLINE = 60.0

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux's"),
    pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: pages are read in one process"),
    pytest.mark.skipif(shutil.which("qpdf") is None, reason="needs qpdf (`make system`)"),
]


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("workers") / "long-list.pdf"
    subprocess.run(["qpdf", "--empty", "--pages", *[str(FIXTURE_PDF)] * REPEATS, "--", str(path)], check=True)
    return path


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie nobody has reaped yet has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _children(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid and _alive(int(entry.name)):
                children.append(int(entry.name))
    return children


def _wait(condition, what: str):
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"not within {DEADLINE:.0f} s: {what}")


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_killing_extract_leaves_no_worker_running(how, long_pdf, tmp_path):
    reader = subprocess.Popen([sys.executable, "-m", "fundgraph.cli", "extract", str(long_pdf),
                               "-o", str(tmp_path / "out.jsonl")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        workers = _wait(lambda: _children(reader.pid) if len(_children(reader.pid)) >= 2 else None,
                        "two worker processes reading pages")
        assert reader.poll() is None
        reader.send_signal(how)
        reader.wait(DEADLINE)
        _wait(lambda: not any(_alive(pid) for pid in workers), f"workers {workers} ended after their parent")
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
        for pid in workers:  # a failing run leaves nothing behind either
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert not (tmp_path / "out.jsonl").exists()  # the output is written aside and never switched in
