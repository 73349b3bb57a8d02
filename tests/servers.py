"""Live servers for the serve tests: an app on a free loopback port, served by waitress in a thread."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph
import waitress


@contextmanager
def live_server(app, threads: int = 4) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 (free port) for the block; yields the root URL (no trailing slash).
    Stops the server and the app's backend afterwards."""
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(5)
        app.extensions["fundgraph"].backend.close()


def build_store(path: Path, quads: Iterable[pyoxigraph.Quad]) -> Path:
    """Write ``quads`` into a new on-disk store at ``path`` and close it, so it can be opened read-only."""
    store = pyoxigraph.Store(str(path))
    store.bulk_extend(quads)
    store.flush()
    del store
    gc.collect()
    return path
