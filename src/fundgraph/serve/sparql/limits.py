"""Limits on user queries: a row cap, a deadline, and worker processes that can be killed.

pyoxigraph has no query timeout, and a blocking operator (ORDER BY, GROUP BY, a huge join under
COUNT) computes everything before the first row appears; no check between rows can stop it. So
queries on an on-disk store run in a small pool of worker processes, each with its own read-only
handle on the store (RocksDB allows many readers): a query still running at its timeout has its
process killed and replaced, and the request gets QueryTimeout. pyoxigraph releases the GIL while
it evaluates, and pages never use the workers, so the server answers other requests meanwhile.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Iterable
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, TypeVar

from ..errors import HttpError, QueryTimeout, ResultTooLarge, ServerBusy, WorkersUnavailable

if TYPE_CHECKING:
    from .execution import QueryJob, QueryOutcome

log = logging.getLogger(__name__)
T = TypeVar("T")

_CHECK_EVERY = 512
_START_TIMEOUT = 60.0
# Spawned, not forked: the server process has threads and an open RocksDB, neither survives fork.
_CONTEXT = multiprocessing.get_context("spawn")
_START_ADVICE = ("SPARQL queries cannot run now. A program that builds the server with create_app must do so "
                 "under `if __name__ == \"__main__\":` (worker processes are spawned and import the main module).")


def collect(items: Iterable[T], max_rows: int, deadline: float, timeout: float | None = None) -> list[T]:
    """Return ``items`` as a list; raises ResultTooLarge past ``max_rows`` items and QueryTimeout
    (naming ``timeout``, the limit in seconds, if given) when ``time.monotonic()`` passes ``deadline``
    between items."""
    out: list[T] = []
    for item in items:
        out.append(item)
        if len(out) > max_rows:
            raise ResultTooLarge(
                f"the result has more than {max_rows} rows (or triples); add a LIMIT or download the dataset dump")
        if len(out) % _CHECK_EVERY == 0 and time.monotonic() > deadline:
            raise _timeout(timeout)
    if time.monotonic() > deadline:
        raise _timeout(timeout)
    return out


def _timeout(seconds: float | None) -> QueryTimeout:
    limit = f" of {seconds:g} s" if seconds is not None else ""
    return QueryTimeout(f"the query ran past the time limit{limit} and was stopped; narrow it or add a LIMIT")


def default_pool_size() -> int:
    """Worker processes for queries: one per core, at least two (so one slow query never blocks all)."""
    return max(2, os.cpu_count() or 1)


class _Worker:
    def __init__(self, store_path: str):
        self.conn, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_worker_main, args=(child, store_path), daemon=True,
                                        name="fundgraph-query-worker")
        try:
            self.process.start()
        except (RuntimeError, OSError) as error:
            # RuntimeError: multiprocessing refuses to spawn while the main module is being imported
            # by a child, i.e. a script built the app outside ``if __name__ == "__main__":``.
            self.conn.close()
            child.close()
            log.error("cannot start a query worker: %s", error)
            raise WorkersUnavailable(_START_ADVICE) from None
        child.close()
        try:
            ready = self.conn.poll(_START_TIMEOUT) and self.conn.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise WorkersUnavailable("the query worker could not open the store; " + _START_ADVICE)

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """Up to ``size`` worker processes answering ``QueryJob``s on the store at ``store_path``.

    Nothing starts when the pool is made: workers start on first use (or with ``warm``, which ``serve.run``
    calls once the server is set up) and are reused; one that cannot start is WorkersUnavailable (503). ``run`` waits at most ``job.timeout`` seconds for a
    free worker (else ServerBusy) and again at most ``job.timeout`` seconds for the answer (else
    the worker is killed and QueryTimeout raised). Thread-safe; ``close`` stops all workers.
    """

    def __init__(self, store_path: str, size: int | None = None):
        self.store_path = store_path
        self.size = size or default_pool_size()
        self._slots = threading.BoundedSemaphore(self.size)
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._spawned = 0
        self._closed = False

    def warm(self) -> None:
        """Start the missing workers in the background, so the first queries need not wait for them."""
        def start_all() -> None:
            while not self._closed and self._reserve():
                try:
                    self._idle.put(_Worker(self.store_path))
                except HttpError:
                    self._release_reservation()
                    return

        threading.Thread(target=start_all, daemon=True, name="fundgraph-query-warmup").start()

    def _reserve(self) -> bool:
        with self._lock:
            if self._spawned >= self.size:
                return False
            self._spawned += 1
            return True

    def _release_reservation(self) -> None:
        with self._lock:
            self._spawned -= 1

    def run(self, job: "QueryJob") -> "QueryOutcome":
        """Run ``job`` in a worker; returns its outcome or raises the HttpError it raised."""
        if not self._slots.acquire(timeout=job.timeout):
            raise ServerBusy("every query worker is busy; try again shortly")
        worker = None
        try:
            worker = self._take(job.timeout)
            worker.conn.send(job)
            # The worker enforces the deadline itself between rows; the grace period lets it say so.
            if not worker.conn.poll(job.timeout + 0.5):
                log.warning("query stopped after %.1f s: %.200r", job.timeout, job.query)
                self._discard(worker)
                worker = None
                raise _timeout(job.timeout)
            status, payload = worker.conn.recv()
        except (EOFError, OSError):
            if worker is not None:
                self._discard(worker)
                worker = None
            raise HttpError("the query worker stopped unexpectedly") from None
        finally:
            if worker is not None:
                if self._closed:
                    self._discard(worker)
                else:
                    self._idle.put(worker)
            self._slots.release()
        if status == "error":
            raise payload
        return payload

    def _take(self, timeout: float) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        if not self._reserve():
            # Every worker exists (or is starting); holding a slot means one is idle or about to be.
            try:
                return self._idle.get(timeout=timeout)
            except queue.Empty:
                raise ServerBusy("no query worker became free; try again shortly") from None
        try:
            return _Worker(self.store_path)
        except HttpError:
            self._release_reservation()
            raise

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        self._release_reservation()

    def close(self) -> None:
        """Stop the idle workers; busy ones stop when their query returns."""
        self._closed = True
        while True:
            try:
                self._discard(self._idle.get_nowait())
            except queue.Empty:
                return


def _worker_main(conn: Connection, store_path: str) -> None:
    from pyoxigraph import Store

    from .execution import execute

    store = Store.read_only(store_path)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", execute(store, job)))
        except HttpError as error:
            conn.send(("error", error))
        except Exception:  # noqa: BLE001 - reported as a 500 without the exception's text
            log.exception("query failed in worker")
            conn.send(("error", HttpError("the query failed inside the server")))
