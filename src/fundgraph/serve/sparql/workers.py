"""Query worker processes that can be killed: the hard limits on a user query's time and memory.

pyoxigraph has no query timeout, and a blocking operator computes everything before its first row, so
queries on an on-disk store run in worker processes, each with its own read-only handle on the store
(RocksDB allows many readers). A worker still busy at its deadline, or using more than its memory limit,
is killed and replaced; the request gets QueryTimeout (503) or ResultTooLarge (413). pyoxigraph releases
the GIL while it evaluates, and pages never use the workers, so the server answers other requests meanwhile.

Two lanes, so that cheap queries never wait behind heavy ones: the heavy lane (``size`` workers) takes
every query; the light lane (``light`` workers) takes only queries that ``inspection.looks_cheap`` and
gives each a short budget (``LIGHT_BUDGET``): one that has not started answering by then was misjudged, and
goes on in the heavy lane with the time it has left. Six heavy queries used to make ``ASK {}`` wait 8.9 s.

A worker streams its result: a head (the content type), pieces, an end (with the last piece: a small result is
two messages). ``WorkerPool.run`` waits for the head and the first ``FIRST_PART`` bytes, so that errors found
early are proper HTTP errors; the rest is read as the response is sent, and a limit passed then cuts the
response. The pool runs whatever function it is given (``execute`` of ``execution``, by default in ``backend``); it knows nothing of SPARQL.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any

from ..errors import HttpError, ResultTooLarge, ServerBusy, WorkersUnavailable
from .execution import QueryJob, QueryOutcome
from .inspection import looks_cheap
from .limits import timed_out

log = logging.getLogger(__name__)

_START_TIMEOUT = 60.0
_GRACE = 0.5
"""Seconds past a job's timeout the pool waits: the worker enforces the deadline between rows and says so."""
_POLL = 0.2
"""Seconds between checks of a busy worker's memory."""
LIGHT_BUDGET = 1.0
HEAVY_NICENESS = 10
"""How much lower the heavy lane's CPU priority is than the server's: pages and cheap queries stay quick
while heavy queries run (the light lane runs at the server's own priority)."""
FIRST_PART = 1 << 20
PIECE = 1 << 16
"""Bytes of a result a worker sends in one message (the engine writes 8 KiB at a time)."""
_MIB = 1 << 20
# Spawned, not forked: the server process has threads and an open RocksDB, neither survives fork.
_CONTEXT = multiprocessing.get_context("spawn")
_START_ADVICE = ("SPARQL queries cannot run now. A program that builds the server with create_app must do so "
                 "under `if __name__ == \"__main__\":` (worker processes are spawned and import the main module).")

Task = Callable[[Any, QueryJob], QueryOutcome]
"""What a worker runs: (store, job) → outcome. Must be a module-level function (it is pickled by name)."""


def default_pool_size() -> int:
    """Heavy-lane workers: one per core, at least two (so one slow query never blocks all)."""
    return max(2, os.cpu_count() or 1)


class _Worker:
    def __init__(self, store_path: str, task: Task, niceness: int = 0):
        self.conn, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_worker_main, args=(child, store_path, task, niceness), daemon=True,
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

    def rss(self) -> int:
        import psutil

        try:
            return psutil.Process(self.process.pid).memory_info().rss
        except psutil.Error:
            return 0

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class _Lane:
    """Up to ``size`` workers of one kind: a slot per worker, the idle ones, and how many exist."""

    def __init__(self, size: int, niceness: int = 0):
        self.size = size
        self.niceness = niceness
        self.slots = threading.BoundedSemaphore(size) if size else None
        self.idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        """Last in, first out: the worker that answered last takes the next query, its caches (CPU, RocksDB's
        blocks) still warm; the others stay idle until queries overlap."""
        self.lock = threading.Lock()
        self.spawned = 0
        self.live = 0
        """Workers that have started (idle or busy); ``spawned`` also counts those starting."""

    def reserve(self) -> bool:
        with self.lock:
            if self.spawned >= self.size:
                return False
            self.spawned += 1
            return True

    def unreserve(self, *, started: bool = False) -> None:
        with self.lock:
            self.spawned -= 1
            self.live -= started

    def started(self, worker: _Worker) -> _Worker:
        with self.lock:
            self.live += 1
        return worker


class _OverBudget(Exception):
    """A light-lane job that had not started answering within its budget."""


class WorkerPool:
    """Worker processes running ``task`` on the store at ``store_path``: ``size`` in the heavy lane (default
    ``default_pool_size``), ``light`` in the light lane; each killed past ``memory_limit`` MiB.

    Nothing starts when the pool is made: workers start on first use (or with ``warm``, which the server
    calls once it is set up) and are reused; one that cannot start is WorkersUnavailable (503). ``run`` waits
    at most ``job.timeout`` seconds for a free worker (else ServerBusy) and again at most ``job.timeout``
    seconds for the answer to start (else the worker is killed and QueryTimeout raised). Thread-safe;
    ``close`` stops all workers.
    """

    def __init__(self, store_path: str, task: Task, size: int | None = None, *, light: int = 1,
                 memory_limit: int = 1024):
        self.store_path = store_path
        self.task = task
        self.heavy = _Lane(size or default_pool_size(), HEAVY_NICENESS)
        self.light = _Lane(light)
        self.memory_limit = memory_limit
        self._closed = False

    @property
    def size(self) -> int:
        return self.heavy.size + self.light.size

    def warm(self) -> None:
        """Start the missing workers in the background, all at once, so the first queries need not wait."""
        def start(lane: _Lane) -> None:
            try:
                lane.idle.put(lane.started(_Worker(self.store_path, self.task, lane.niceness)))
            except HttpError:
                lane.unreserve()

        for lane in (self.light, self.heavy):
            while not self._closed and lane.reserve():
                threading.Thread(target=start, args=(lane,), daemon=True, name="fundgraph-query-warmup").start()

    def run(self, job: QueryJob) -> QueryOutcome:
        """Run ``job`` in a worker; returns its outcome (a stream past ``FIRST_PART`` bytes) or raises the
        HttpError it raised."""
        started = time.monotonic()
        # A light worker still starting (the server just started, or one was replaced) would make the cheap
        # query wait for it: the heavy lane takes it meanwhile. With none at all, the query starts one.
        if (self.light.slots is not None and (self.light.live or not self.light.spawned) and looks_cheap(job.query)
                and self.light.slots.acquire(blocking=False)):
            try:
                return self._run_in(self.light, job, min(job.timeout, LIGHT_BUDGET))
            except _OverBudget:
                log.info("query moved to the heavy lane after %.1f s: %.200r", LIGHT_BUDGET, job.query)
        if not self.heavy.slots.acquire(timeout=max(0.0, job.timeout - (time.monotonic() - started))):
            raise ServerBusy("every query worker is busy; try again shortly")
        return self._run_in(self.heavy, job, job.timeout + _GRACE)

    def _run_in(self, lane: _Lane, job: QueryJob, budget: float) -> QueryOutcome:
        """Run ``job`` in ``lane``, whose slot the caller holds (released here, or when the stream ends),
        giving it ``budget`` seconds from when a worker takes it to start answering."""
        try:
            worker = self._take(lane, job.timeout)
        except BaseException:
            lane.slots.release()
            raise
        lease = _Lease(self, lane, worker, job)
        deadline = time.monotonic() + budget
        try:
            worker.conn.send(job)
            kind, payload = self._receive(lease, deadline, light=lane is self.light)
            if kind == "error":
                lease.release()
                raise payload
            content_type, first, size = payload, [], 0
            deadline = max(deadline, time.monotonic() + job.timeout + _GRACE)  # a misjudged light job: its time
            while size < FIRST_PART:
                kind, payload = self._receive(lease, deadline)
                if kind == "error":
                    lease.release()
                    raise payload
                if kind == "end":
                    lease.release()
                    return QueryOutcome(content_type, b"".join([*first, payload]))
                first.append(payload)
                size += len(payload)
        except BaseException:
            lease.release(discard=True)
            raise
        return QueryOutcome(content_type, self._rest(lease, first, deadline))

    def _rest(self, lease: "_Lease", first: list[bytes], deadline: float) -> Iterator[bytes]:
        try:
            yield from first
            while True:
                kind, payload = self._receive(lease, deadline)
                if kind == "end":
                    lease.release()
                    if payload:
                        yield payload
                    return
                if kind == "error":
                    lease.release()
                    raise payload
                yield payload
        finally:
            lease.release(discard=True)  # a stream not read to its end: the worker is still writing it

    def _receive(self, lease: "_Lease", deadline: float, *, light: bool = False) -> tuple[str, Any]:
        """The worker's next message; kills it past ``deadline`` (QueryTimeout, or _OverBudget for a light
        job) or past the memory limit (ResultTooLarge), and when it dies (HttpError)."""
        worker = lease.worker
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    lease.release(discard=True)
                    if light:
                        raise _OverBudget
                    log.warning("query stopped at its time limit: %.200r", lease.job.query)
                    raise timed_out(lease.job.timeout)
                if worker.conn.poll(min(_POLL, left)):
                    return worker.conn.recv()
                if worker.rss() > self.memory_limit * _MIB:
                    lease.release(discard=True)
                    log.warning("query stopped past the memory limit of %d MiB: %.200r", self.memory_limit,
                                lease.job.query)
                    raise ResultTooLarge(f"the query needed more than {self.memory_limit} MiB of memory (setting "
                                         "query_memory_limit) and was stopped; narrow it or add a LIMIT")
        except (EOFError, OSError):
            lease.release(discard=True)
            raise HttpError("the query worker stopped unexpectedly") from None

    def _take(self, lane: _Lane, timeout: float) -> _Worker:
        try:
            return lane.idle.get_nowait()
        except queue.Empty:
            pass
        if not lane.reserve():
            # Every worker exists (or is starting); holding a slot means one is idle or about to be.
            try:
                return lane.idle.get(timeout=timeout)
            except queue.Empty:
                raise ServerBusy("no query worker became free; try again shortly") from None
        try:
            return lane.started(_Worker(self.store_path, self.task, lane.niceness))
        except HttpError:
            lane.unreserve()
            raise

    def close(self) -> None:
        """Stop the idle workers; busy ones stop when their query returns."""
        self._closed = True
        for lane in (self.heavy, self.light):
            while True:
                try:
                    worker = lane.idle.get_nowait()
                except queue.Empty:
                    break
                worker.kill()
                lane.unreserve(started=True)


class _Lease:
    """A worker and its lane's slot, held for one job; ``release`` gives both back once."""

    def __init__(self, pool: WorkerPool, lane: _Lane, worker: _Worker, job: QueryJob):
        self.pool, self.lane, self.worker, self.job = pool, lane, worker, job
        self._done = False

    def release(self, *, discard: bool = False) -> None:
        if self._done:
            return
        self._done = True
        if discard or self.pool._closed:
            self.worker.kill()
            self.lane.unreserve(started=True)
        else:
            self.lane.idle.put(self.worker)
        self.lane.slots.release()


def _worker_main(conn: Connection, store_path: str, task: Task, niceness: int) -> None:
    from pyoxigraph import Store

    try:
        os.nice(niceness)
    except OSError:
        pass
    store = Store.read_only(store_path)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            outcome = task(store, job)
            conn.send(("head", outcome.content_type))
            pieces = _Pieces(conn)
            outcome.write_to(pieces.add)
            conn.send(("end", b"".join(pieces.held)))
        except HttpError as error:
            conn.send(("error", error))
        except Exception:  # noqa: BLE001 - reported as a 500 without the exception's text
            log.exception("query failed in worker")
            conn.send(("error", HttpError("the query failed inside the server")))


class _Pieces:
    """A result's pieces sent as chunks of at least PIECE bytes; what is ``held`` at the end goes with the end
    message (a small result is then two messages: head and end, each a wake-up of the server's thread)."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.held: list[bytes] = []
        self.size = 0

    def add(self, piece: bytes) -> None:
        self.held.append(piece)
        self.size += len(piece)
        if self.size >= PIECE:
            self.conn.send(("chunk", b"".join(self.held)))
            self.held, self.size = [], 0
