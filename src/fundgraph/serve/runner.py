"""Running the server: a supervisor and waitress server processes sharing one listening socket.

``run`` binds the socket (a busy port is one ConfigError line), then forks ``settings.workers`` server
processes (one per core by default): each builds its own app after the fork and opens the store read-only
itself (RocksDB handles and threads do not survive a fork), serves with ``front`` (waitress: requests are
read whole on an event loop before a thread runs them, so slow clients hold sockets, not threads) and has
its own SPARQL query workers (``sparql.limits``). A resource page is a few milliseconds of Python holding
the GIL, so processes, not threads, use the cores (bench/RESULTS.md).

The supervisor only watches, about once a second:

- a server process that dies is replaced;
- one that uses more than ``worker_memory_limit`` MiB is replaced;
- a new publication (the served folder resolves to another release: ``publish.releases``; or SIGHUP)
  replaces all of them.

A replacement starts first; once it listens, the old process stops accepting, finishes the requests it
has (answering them with ``Connection: close``) and exits, so no request is dropped. Each process serves
one publication, store and files together, from its start to its end: a new file is never served with
the old store.
"""

from __future__ import annotations

import errno
import logging
import os
import select
import shutil
import signal
import socket
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from ..config import Settings
from ..errors import ConfigError
from .app import create_app, served_settings
from .publication import Publication

log = logging.getLogger(__name__)

_START_TIMEOUT = 120.0
_STOP_TIMEOUT = 15.0
_MIB = 1 << 20


def run(source: Path, settings: Settings, *, announce: Callable[[str], None] = log.info) -> None:
    """Serve ``source`` until interrupted (Ctrl-C or SIGTERM): a published folder, or a list (PDF)
    published first into a temporary folder that is removed afterwards. ``announce`` receives the URL
    to open once the server listens. ``settings.workers`` server processes serve (0: one per core).
    Raises ConfigError for a source that is neither or a port that cannot be listened on, and the
    publish errors for a bad list.
    """
    source = Path(source)
    scratch = tempfile.mkdtemp(prefix="fundgraph-serve-")
    try:
        if source.is_dir():
            folder = source
        elif source.is_file() and source.suffix.lower() == ".pdf":
            from ..publish import publish

            announce(f"Publishing {source} into a temporary folder …")
            # A scratch publication is for this server only: it is not loaded into an external store.
            folder = publish([source], replace(settings, out_dir=Path(scratch) / "publish", store_url="")).out_dir
        else:
            raise ConfigError(f"{source}: not a published folder or a list (.pdf) to publish")
        Publication.load(folder)  # a folder that is not a publication: one error, before anything forks
        with listen(settings.host, settings.port) as sock:
            supervisor = Supervisor(folder, settings, sock, announce)
            supervisor.start()
            announce(_where(settings, folder, sock.getsockname()[1]))
            supervisor.watch()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def listen(host: str, port: int) -> socket.socket:
    """A TCP socket listening on ``host``:``port`` (0: a free port); raises ConfigError in one line when
    the address is taken or cannot be used."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise ConfigError(f"cannot listen on {host}: {error.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(1024)
    except OSError as error:
        sock.close()
        shown = f"[{host}]" if ":" in host else host
        if error.errno == errno.EADDRINUSE:
            raise ConfigError(f"cannot listen on {shown}:{port}: the port is in use by another program; "
                              "stop it or choose another --port") from None
        raise ConfigError(f"cannot listen on {shown}:{port}: {error.strerror or error}") from None
    sock.setblocking(False)
    return sock


def _where(settings: Settings, folder: Path, port: int) -> str:
    served = served_settings(settings, Publication.load(folder))
    host = settings.host if ":" not in settings.host else f"[{settings.host}]"
    base_path = urlsplit(served.base_iri).path or "/"
    return f"Serving {served.base_iri} at http://{host}:{port}{base_path}"


def release_of(folder: Path) -> tuple[str, int]:
    """What identifies the publication ``folder`` holds now: the folder it resolves to and its inode
    (a folder replaced by rename, or a release link pointed elsewhere, changes it)."""
    real = os.path.realpath(folder)
    try:
        return real, os.stat(real).st_ino
    except OSError:
        return real, -1


@dataclass
class _Process:
    pid: int
    release: tuple[str, int]
    row: int
    """Its row in the shared ``front.ClientCounts``."""
    stop_by: float | None = None
    """When a draining process is killed if it has not exited."""


class Supervisor:
    """Forks and watches the server processes of one listening socket (see the module docstring).

    ``start`` forks the first processes and returns once they listen (ConfigError if none could start);
    ``announce`` receives a line when a new publication is served by every process;
    ``watch`` loops until SIGTERM or SIGINT, then stops them all. Must run in the main thread.
    """

    def __init__(self, folder: Path, settings: Settings, sock: socket.socket,
                 announce: Callable[[str], None] = log.info):
        self.announce = announce
        self.folder = Path(folder)
        self.settings = settings
        self.sock = sock
        self.size = settings.workers or os.cpu_count() or 1
        from .front import ClientCounts

        # Rows for the serving processes, their replacements and the ones still draining.
        self.clients = ClientCounts(rows=4 * self.size + 4)
        self._free_rows = list(range(self.clients.rows))
        self.serving: list[_Process] = []
        self.draining: list[_Process] = []
        self._stop = False
        self._reload = False
        self._failed_release: tuple[str, int] | None = None

    def start(self) -> None:
        release = release_of(self.folder)
        for _ in range(self.size):
            process = self._spawn(release)
            if process is None:
                self._stop_all()
                raise ConfigError(f"{self.folder}: the server could not start (see the log above)")
            self.serving.append(process)

    def watch(self) -> None:
        previous = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
        interval = self.settings.reload_check_interval
        last_check = last_release_check = time.monotonic()
        try:
            while not self._stop:
                time.sleep(0.2)
                self._reap()
                now = time.monotonic()
                if self._reload or (interval > 0 and now - last_release_check >= interval):
                    last_release_check = now
                    self._check_release(forced=self._reload)
                    self._reload = False
                if now - last_check >= 1.0:
                    last_check = now
                    self._check_memory()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self._stop_all()

    def _on_signal(self, signum, frame) -> None:
        if signum == signal.SIGHUP:
            self._reload = True
        else:
            self._stop = True

    def _spawn(self, release: tuple[str, int]) -> _Process | None:
        """Fork a server process for the folder as it is now; None if it did not come up."""
        if not self._free_rows:
            log.error("too many server processes are still stopping; not starting another")
            return None
        row = self._free_rows.pop(0)
        self.clients.clear(row)
        ready_read, ready_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child; covered by the live tests
            os.close(ready_read)
            _serve_in_child(self.folder, self.settings, self.sock, self.clients, row, ready_write)
        os.close(ready_write)
        try:
            readable, _, _ = select.select([ready_read], [], [], _START_TIMEOUT)
            came_up = bool(readable) and os.read(ready_read, 1) == b"r"
        finally:
            os.close(ready_read)
        if not came_up:
            _kill(pid)
            self._free_rows.append(row)
            return None
        return _Process(pid, release, row)

    def _replace(self, old: _Process, release: tuple[str, int]) -> bool:
        new = self._spawn(release)
        if new is None:
            return False
        self.serving[self.serving.index(old)] = new
        self._drain(old)
        return True

    def _drain(self, process: _Process) -> None:
        process.stop_by = time.monotonic() + _STOP_TIMEOUT
        self.draining.append(process)
        try:
            os.kill(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass

    def _reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            for process in [p for p in self.draining if p.pid == pid]:
                self.draining.remove(process)
                self._free(process)
            for process in list(self.serving):
                if process.pid == pid:
                    self._free(process)
                    log.warning("server process %d stopped unexpectedly (status %d); starting another", pid, status)
                    new = self._spawn(process.release)
                    if new is None:
                        self.serving.remove(process)
                    else:
                        self.serving[self.serving.index(process)] = new
        now = time.monotonic()
        for process in self.draining:
            if process.stop_by is not None and now > process.stop_by:
                _kill(process.pid, wait=False)
                process.stop_by = None

    def _free(self, process: _Process) -> None:
        self.clients.clear(process.row)
        self._free_rows.append(process.row)

    def _check_release(self, *, forced: bool) -> None:
        release = release_of(self.folder)
        stale = [p for p in self.serving if p.release != release]
        if not forced and (not stale or release == self._failed_release):
            return
        try:
            Publication.load(self.folder)
        except ConfigError as error:
            log.error("not switching to the new publication: %s", error)
            self._failed_release = release
            return
        for process in list(self.serving if forced else stale):
            if not self._replace(process, release):
                log.error("the server could not start on the new publication in %s; still serving the old one",
                          self.folder)
                self._failed_release = release
                return
        self.announce(f"Switched to the new publication in {release[0]}")

    def _check_memory(self) -> None:
        import psutil

        limit = self.settings.worker_memory_limit * _MIB
        for process in list(self.serving):
            try:
                rss = psutil.Process(process.pid).memory_info().rss
            except psutil.Error:
                continue
            if rss > limit:
                log.warning("server process %d uses %d MiB (limit worker_memory_limit = %d MiB); replacing it",
                            process.pid, rss // _MIB, self.settings.worker_memory_limit)
                self._replace(process, process.release)

    def _stop_all(self) -> None:
        for process in self.serving:
            self._drain(process)
        self.serving = []
        deadline = time.monotonic() + _STOP_TIMEOUT
        while self.draining and time.monotonic() < deadline:
            self._reap()
            time.sleep(0.05)
        for process in self.draining:
            _kill(process.pid)
            self._free(process)
        self.draining = []


def _kill(pid: int, *, wait: bool = True) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        if wait:
            os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _serve_in_child(folder: Path, settings: Settings, sock: socket.socket, clients, row: int, ready: int):  # pragma: no cover
    """The body of a server process: never returns."""
    from . import front

    code = 1
    backend = None
    try:
        # Ctrl-C reaches the whole process group: the supervisor decides; SIGTERM drains (set below).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        app = create_app(settings, publication_dir=folder)
        backend = app.extensions["fundgraph"].backend
        server = front.create_server(app, settings, sock, clients, row)
        signal.signal(signal.SIGTERM, lambda signum, frame: server.drain())
        backend.start()
        os.write(ready, b"r")
        os.close(ready)
        server.run()
        code = 0
    except BaseException:  # noqa: BLE001 - the child must never return into the supervisor's code
        log.exception("the server process failed")
    finally:
        try:
            if backend is not None:
                backend.close()
        finally:
            os._exit(code)
