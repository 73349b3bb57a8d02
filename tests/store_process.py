"""A SPARQL server in a child process, for tests and the bench: started on free loopback ports, waited for until
its query endpoint answers, and stopped whatever happens.

``StoreProcess`` is the base of ``OxigraphServer`` (tests/oxigraph_server.py) and ``VirtuosoServer``
(tests/virtuoso_server.py). Its ``__enter__`` stops the process again when anything after the start fails (the
endpoint never answers, the server exits, the set-up step ``_ready`` raises, even KeyboardInterrupt), so that
no server outlives the test or bench run that started it; on Linux the server is also asked to stop
(SIGTERM, ``prctl(PR_SET_PDEATHSIG)``) when the process that started it dies without cleaning up (killed by a
signal, as a CI job's time limit does). The server's standard error goes to an anonymous temporary file (never
a pipe nobody reads, which would block a talkative server), quoted when it fails.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

_PR_SET_PDEATHSIG = 1
# Looked up here, not in the child between fork and exec, where only the call itself should run.
_prctl = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl if sys.platform == "linux" else None


def _stop_with_parent() -> None:
    """In the server's process before exec: SIGTERM when its parent dies."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_endpoint(process: subprocess.Popen, query_url: str, timeout: float, what: str,
                      detail=lambda: "") -> None:
    """Wait until ``query_url`` answers ``ASK {}`` with a success status, for at most ``timeout`` seconds.

    Raises RuntimeError naming ``what`` and ``detail()`` (e.g. the server's log) when ``process`` exits first or
    the endpoint does not answer in time. Polls every 0.1 s; the timeout is a deadline, not a sleep.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode}: {detail()}")
        try:
            requests.get(query_url, params={"query": "ASK {}"}, timeout=10).raise_for_status()
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer at {query_url} within {timeout:g} s: {detail()}")


class StoreProcess:
    """A server process whose SPARQL query endpoint is ``query_url``; a context manager.

    Subclasses set ``what`` (a name for messages), ``query_url``, ``startup_timeout`` and ``stop_timeout``
    (seconds), and define ``_command()`` (the argument list) and optionally ``_ready()`` (set-up once the
    endpoint answers) and ``_log_tail()`` (what to quote on failure). ``cwd``: the process's folder.
    """

    what = "server"
    query_url = ""
    startup_timeout = 60.0
    stop_timeout = 20.0
    cwd: Path | None = None

    def _command(self) -> list[str]:
        raise NotImplementedError

    def _ready(self) -> None:
        """Set-up once the endpoint answers (nothing by default)."""

    def _log_tail(self) -> str:
        self._stderr.flush()
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")[-800:]

    def __enter__(self):
        self.process: subprocess.Popen | None = None
        self._stderr = tempfile.TemporaryFile()
        try:
            self.process = subprocess.Popen(self._command(), cwd=self.cwd, stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=self._stderr,
                                            preexec_fn=_stop_with_parent)
            wait_for_endpoint(self.process, self.query_url, self.startup_timeout, self.what, self._log_tail)
            self._ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``stop_timeout`` s) and close its log file."""
        process = getattr(self, "process", None)
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if getattr(self, "_stderr", None) is not None:
            self._stderr.close()
