"""Limits on a user query's result: a row cap, a byte cap and a deadline, checked as results are read.

pyoxigraph has no query timeout, and a blocking operator (ORDER BY, GROUP BY, a huge join under COUNT)
computes everything before the first row appears; no check between rows can stop it. That is what the
query worker processes are for (``workers.WorkerPool``: killed at the deadline, or past their memory
limit). These checks cover the rest: results that stream out row by row.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

from ..errors import QueryTimeout, ResultTooLarge

T = TypeVar("T")

_CHECK_EVERY = 512


def bounded(items: Iterable[T], max_rows: int, deadline: float, timeout: float | None = None) -> Iterator[T]:
    """``items`` one by one; raises ResultTooLarge past ``max_rows`` items and QueryTimeout (naming
    ``timeout``, the limit in seconds, if given) when ``time.monotonic()`` passes ``deadline`` between items."""
    count = 0
    for item in items:
        count += 1
        if count > max_rows:
            raise too_many_rows(max_rows)
        if count % _CHECK_EVERY == 0 and time.monotonic() > deadline:
            raise timed_out(timeout)
        yield item
    if time.monotonic() > deadline:
        raise timed_out(timeout)


def collect(items: Iterable[T], max_rows: int, deadline: float, timeout: float | None = None) -> list[T]:
    """``bounded(items, …)`` as a list."""
    return list(bounded(items, max_rows, deadline, timeout))


def capped(chunks: Iterable[bytes], max_bytes: int, size: int = 1 << 16) -> Iterator[bytes]:
    """``chunks`` regrouped into pieces of about ``size`` bytes; raises ResultTooLarge once more than
    ``max_bytes`` have passed (before yielding the piece that crosses it)."""
    total = 0
    pending: list[bytes] = []
    pending_size = 0
    for chunk in chunks:
        total += len(chunk)
        if total > max_bytes:
            raise too_many_bytes(max_bytes)
        pending.append(chunk)
        pending_size += len(chunk)
        if pending_size >= size:
            yield b"".join(pending)
            pending, pending_size = [], 0
    if pending:
        yield b"".join(pending)


def too_many_rows(max_rows: int) -> ResultTooLarge:
    return ResultTooLarge(
        f"the result has more than {max_rows} rows (or triples); add a LIMIT or download the dataset dump")


def too_many_bytes(max_bytes: int) -> ResultTooLarge:
    return ResultTooLarge(f"the result is larger than {max_bytes} bytes (setting max_result_bytes); "
                          "add a LIMIT, select fewer or shorter values, or download the dataset dump")


def timed_out(seconds: float | None) -> QueryTimeout:
    limit = f" of {seconds:g} s" if seconds is not None else ""
    return QueryTimeout(f"the query ran past the time limit{limit} and was stopped; narrow it or add a LIMIT")
