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
        # Closed from inside the server's own loop thread: closing its sockets from here while that thread
        # waits in select() on them made it die of EBADF (an unhandled thread exception in the test's warnings).
        server.trigger.pull_trigger(lambda: _close_all(server))
        thread.join(5)
        server.task_dispatcher.shutdown()
        app.extensions["fundgraph"].backend.close()


def _close_all(server) -> None:
    """Close every channel of ``server``'s loop (listening socket, connections, its trigger): the loop ends
    when it has none left."""
    for channel in list(server._map.values()):
        channel.close()


def build_store(path: Path, quads: Iterable[pyoxigraph.Quad]) -> Path:
    """Write ``quads`` into a new on-disk store at ``path`` and close it, so it can be opened read-only."""
    store = pyoxigraph.Store(str(path))
    store.bulk_extend(quads)
    store.flush()
    del store
    gc.collect()
    return path


@contextmanager
def serve_command(args: list[str], cwd: Path, settings: dict | None = None) -> Iterator[tuple[object, str]]:
    """``fundgraph serve ARGS --port 0`` in a child process (temporary files in ``cwd``, ``settings`` written to
    a fundgraph.toml there); yields (process, root URL read from the line it prints). Stopped with SIGTERM
    afterwards, and killed if it does not stop within 30 s."""
    import os
    import subprocess
    import sys

    if settings:
        from fundgraph.config import toml_value

        (cwd / "fundgraph.toml").write_text("".join(f"{k} = {toml_value(v)}\n" for k, v in settings.items()))
    command = [sys.executable, "-m", "fundgraph.cli", "serve", *args, "--port", "0"]
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "TMPDIR": str(cwd)})
    lines = []
    reader = None
    try:
        for line in process.stdout:  # the server prints the URL once it listens
            lines.append(line)
            if line.startswith("Serving "):
                break
        else:
            process.wait(10)
            raise AssertionError("the server printed no URL:\n" + "".join(lines))
        reader = threading.Thread(target=lambda: [lines.append(line) for line in process.stdout], daemon=True)
        reader.start()
        process.log = lines
        yield process, line.split(" at ", 1)[1].strip().rstrip("/")
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if reader is not None:  # it ends at the output's end, once the process has gone; close stdout after it
            reader.join(10)
        process.stdout.close()
