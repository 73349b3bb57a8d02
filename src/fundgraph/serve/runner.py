"""Running the server with waitress (a production WSGI server; never Flask's development server)."""

from __future__ import annotations

import logging
import signal
import tempfile
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import waitress

from ..config import Settings
from ..errors import ConfigError
from .app import create_app

log = logging.getLogger(__name__)


def run(source: Path, settings: Settings, *, announce: Callable[[str], None] = log.info) -> None:
    """Serve ``source`` until interrupted: a published folder, or a list (PDF) published first into a
    temporary folder that is removed afterwards. ``announce`` receives the URL to open once the server
    listens. Raises ConfigError for a source that is neither, and the publish errors for a bad list.
    """
    source = Path(source)
    with tempfile.TemporaryDirectory(prefix="fundgraph-serve-") as scratch:
        if source.is_dir():
            folder = source
        elif source.is_file() and source.suffix.lower() == ".pdf":
            from ..publish import publish

            announce(f"Publishing {source} into a temporary folder …")
            # A scratch publication is for this server only: it is not loaded into an external store.
            folder = publish([source], replace(settings, out_dir=Path(scratch) / "publish", store_url="")).out_dir
        else:
            raise ConfigError(f"{source}: not a published folder or a list (.pdf) to publish")
        app = create_app(settings, publication_dir=folder)
        state = app.extensions["fundgraph"]
        server = waitress.create_server(app, host=settings.host, port=settings.port, threads=settings.threads,
                                        ident="fundgraph")
        host = settings.host if ":" not in settings.host else f"[{settings.host}]"
        announce(f"Serving {state.settings.base_iri} at http://{host}:{server.effective_port}{state.base_path}")
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


def _stop_on_sigterm() -> Callable[[], None]:
    """Make SIGTERM end ``run`` like Ctrl-C (so the temporary folder is removed); returns the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, previous)
