"""Loading the mapped quads into the on-disk store beside the mapping, on the other core.

``Store.bulk_extend`` takes pyoxigraph Quads from a Python iterator and loads them while the caller waits:
at 10 000 projects it was a third of the map step. The quads are serialised to N-Quads for the dump spool
anyway, so the same text goes through a pipe to Oxigraph's own bulk loader (``Store.bulk_load``), which runs
in a thread and lets go of the GIL while it parses and writes: the mapping (Python) and the load (Rust,
RocksDB) proceed at once, and the loader never sees a Python object.
"""

from __future__ import annotations

import fcntl
import os
import threading
from types import TracebackType

import pyoxigraph

from ..errors import PublishError

PIPE_BYTES = 1 << 20
"""Capacity asked for the pipe (Linux ``F_SETPIPE_SZ``; 64 KiB by default): fewer switches between the
mapping and the loader."""


class BackgroundLoad:
    """A context manager: N-Quads text given to ``write`` is bulk-loaded into ``store`` by a thread.

    ``store`` must not be used by anyone else until the ``with`` block is left, which waits for the load to
    finish. Raises PublishError (from ``write`` or on leaving) when the loader fails, naming its error; when
    the block raises, the loader is stopped at the end of what it was given and the block's error goes on.
    """

    def __init__(self, store: pyoxigraph.Store):
        self._store = store
        self._error: BaseException | None = None
        read, self._write_fd = os.pipe()
        try:
            fcntl.fcntl(self._write_fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        except (OSError, AttributeError):  # not Linux, or above /proc/sys/fs/pipe-max-size: the default
            pass
        self._thread = threading.Thread(target=self._load, args=(read,), name="bulk-load", daemon=True)
        self._thread.start()

    def _load(self, read: int) -> None:
        try:
            if os.path.isdir("/dev/fd"):
                # Oxigraph reads the pipe itself (a Python file object costs it a call per block: 1.6x slower)
                self._store.bulk_load(path=f"/dev/fd/{read}", format=pyoxigraph.RdfFormat.N_QUADS)
            else:
                with os.fdopen(read, "rb", buffering=PIPE_BYTES, closefd=False) as pipe:
                    self._store.bulk_load(input=pipe, format=pyoxigraph.RdfFormat.N_QUADS)
        except BaseException as error:  # reported by write or close, in the caller's thread
            self._error = error
        finally:
            os.close(read)  # no reader left: a write fails at once instead of waiting for one

    def write(self, data: bytes) -> None:
        """Send N-Quads ``data`` (whole lines) to the loader; blocks while the pipe is full."""
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._write_fd, view):]
        except BrokenPipeError:  # the loader stopped reading: it failed
            self.close()
            raise PublishError(f"loading the store failed: {self._error}") from self._error

    def close(self) -> None:
        """End the input and wait for the loader; raise PublishError if it failed."""
        if self._write_fd >= 0:
            os.close(self._write_fd)
            self._write_fd = -1
        self._thread.join()
        if self._error is not None:
            raise PublishError(f"loading the store failed: {self._error}") from self._error

    def __enter__(self) -> "BackgroundLoad":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            self.close()
            return
        try:
            self.close()
        except PublishError:
            pass  # the block's own error is the one to report
