"""Running the server with a production WSGI server (never Flask's development server).

One process serves with waitress (threads). More processes serve with gunicorn (Linux prefork, one
worker per core by default, gthread workers so that keep-alive connections are kept): a resource page
is a few milliseconds of Python and of pyoxigraph reads that hold the GIL, so the threads of one process
share one core while processes use them all (bench/RESULTS.md). Each gunicorn worker builds its own app
after the fork, so it opens the store read-only itself (RocksDB handles and threads do not survive a
fork) and has its own SPARQL query workers (``sparql.limits``).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from ..config import Settings
from ..errors import ConfigError
from .app import create_app, served_settings
from .publication import Publication

log = logging.getLogger(__name__)


def run(source: Path, settings: Settings, *, announce: Callable[[str], None] = log.info) -> None:
    """Serve ``source`` until interrupted (Ctrl-C or SIGTERM): a published folder, or a list (PDF)
    published first into a temporary folder that is removed afterwards. ``announce`` receives the URL
    to open once the server listens. ``settings.workers`` processes serve (0: one per core; 1: waitress
    in this process, else gunicorn), each with ``settings.threads`` threads.
    Raises ConfigError for a source that is neither, and the publish errors for a bad list.
    """
    source = Path(source)
    owner = os.getpid()
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
        workers = settings.workers or os.cpu_count() or 1
        if workers == 1:
            _serve_with_waitress(folder, settings, announce)
        else:
            _serve_with_gunicorn(folder, settings, workers, announce)
    finally:
        if os.getpid() == owner:  # not in a gunicorn worker leaving: the folder is the whole server's
            shutil.rmtree(scratch, ignore_errors=True)


def _where(settings: Settings, folder: Path, port: int) -> str:
    served = served_settings(settings, Publication.load(folder))
    host = settings.host if ":" not in settings.host else f"[{settings.host}]"
    base_path = urlsplit(served.base_iri).path or "/"
    return f"Serving {served.base_iri} at http://{host}:{port}{base_path}"


def _serve_with_waitress(folder: Path, settings: Settings, announce: Callable[[str], None]) -> None:
    import waitress

    app = create_app(settings, publication_dir=folder)
    state = app.extensions["fundgraph"]
    server = waitress.create_server(app, host=settings.host, port=settings.port, threads=settings.threads,
                                    ident="fundgraph")
    announce(_where(settings, folder, server.effective_port))
    stop = _stop_on_sigterm()
    state.backend.start()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        server.close()
        state.backend.close()


def _serve_with_gunicorn(folder: Path, settings: Settings, workers: int, announce: Callable[[str], None]) -> None:
    from gunicorn.app.base import BaseApplication

    host = settings.host if ":" not in settings.host else f"[{settings.host}]"

    def ready(arbiter) -> None:
        announce(_where(settings, folder, arbiter.LISTENERS[0].sock.getsockname()[1]))

    def worker_ready(worker) -> None:
        worker.wsgi.extensions["fundgraph"].backend.start()

    def worker_exit(arbiter, worker) -> None:
        if getattr(worker, "wsgi", None) is not None:
            worker.wsgi.extensions["fundgraph"].backend.close()

    options = {
        "bind": [f"{host}:{settings.port}"], "workers": workers, "worker_class": "gthread",
        "threads": settings.threads, "graceful_timeout": 10, "loglevel": "warning", "accesslog": None,
        "proc_name": "fundgraph", "when_ready": ready, "post_worker_init": worker_ready,
        "worker_exit": worker_exit,
        # gunicorn ≥ 25 listens on a control socket at a fixed path by default; two servers would share it.
        "control_socket_disable": True,
    }

    class Server(BaseApplication):
        def load_config(self) -> None:
            for name, value in options.items():
                if name in self.cfg.settings:
                    self.cfg.set(name, value)

        def load(self):  # in each worker, after the fork
            return create_app(settings, publication_dir=folder)

    Server().run()


def _stop_on_sigterm() -> Callable[[], None]:
    """Make SIGTERM end ``run`` like Ctrl-C (so the temporary folder is removed); returns the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, previous)
