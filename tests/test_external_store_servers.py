"""The test-server helpers never leave a server running: a start that fails after the process began (the
endpoint never answers, the server exits, the set-up step raises) stops the process before the error leaves
``__enter__`` (tests/store_process.py, used by tests/oxigraph_server.py and tests/virtuoso_server.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_process import StoreProcess, free_port
from virtuoso_server import VirtuosoServer, require_virtuoso


class _HttpServer(StoreProcess):
    """Python's http.server: answers GET (a directory listing), so the endpoint "answers" once it listens."""

    what = "http.server"

    def __init__(self, tmp_path, *, port=None, ready_error: BaseException | None = None):
        self.port = port or free_port()
        self.query_url = f"http://127.0.0.1:{self.port}/"
        self.cwd = tmp_path
        self.ready_error = ready_error
        self.startup_timeout = 60.0

    def _command(self) -> list[str]:
        return [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(self.port)]

    def _ready(self) -> None:
        if self.ready_error is not None:
            raise self.ready_error


@pytest.mark.parametrize("error", [RuntimeError("set-up failed"), KeyboardInterrupt()])
def test_a_failing_set_up_step_stops_the_server(tmp_path, error):
    server = _HttpServer(tmp_path, ready_error=error)
    with pytest.raises(type(error)):
        server.__enter__()
    assert server.process.poll() is not None and server._stderr.closed


def test_a_server_that_exits_while_starting_is_named_with_its_error_output(tmp_path):
    server = _HttpServer(tmp_path)
    server._command = lambda: [sys.executable, "-c", "import sys; sys.exit('cannot bind: port in use')"]
    with pytest.raises(RuntimeError, match="http.server exited with status 1: cannot bind: port in use"):
        server.__enter__()
    assert server.process.poll() is not None


def test_a_server_that_never_answers_is_stopped_after_the_deadline(tmp_path):
    server = _HttpServer(tmp_path)
    server.startup_timeout = 0.5
    server._command = lambda: [sys.executable, "-c", "import time; time.sleep(600)"]
    with pytest.raises(RuntimeError, match="did not answer"):
        server.__enter__()
    assert server.process.poll() is not None


def test_a_server_stops_when_the_process_that_started_it_is_killed(tmp_path):
    # A test run or bench killed by a signal runs no __exit__: the server must not outlive it.
    script = ("import sys, time; sys.path.insert(0, sys.argv[1]); from test_external_store_servers import _HttpServer;"
              "from pathlib import Path; server = _HttpServer(Path(sys.argv[2])).__enter__();"
              "print(server.process.pid, flush=True); time.sleep(600)")
    parent = subprocess.Popen([sys.executable, "-c", script, str(Path(__file__).parent), str(tmp_path)],
                              stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    parent.kill()
    parent.wait()
    parent.stdout.close()
    deadline = time.monotonic() + 60
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(child):
        os.kill(child, signal.SIGKILL)
        pytest.fail("the server outlived the process that started it")


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, dead but not yet reaped by init, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def test_virtuoso_is_stopped_when_its_password_cannot_be_changed(tmp_path, monkeypatch):
    require_virtuoso()

    def refused(self, password, *statements, **options):
        raise RuntimeError("isql failed: *** Error 42000: password refused")

    monkeypatch.setattr(VirtuosoServer, "isql", refused)
    server = VirtuosoServer(tmp_path / "virtuoso", buffers=2_000)
    with pytest.raises(RuntimeError, match="password refused"):
        server.__enter__()
    assert server.process.poll() is not None
