"""Resource-page throughput: concurrent keep-alive HTTP/1.1 clients on loopback, bounded in count and time.

A small asyncio client rather than a thread per connection, so that on a 2-core machine the load generator
takes as little CPU from the server as possible. Each client holds one connection and sends GET requests
one after another (no pipelining) until ``total`` requests are sent or ``seconds`` have passed.
"""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass
class Throughput:
    """Requests completed, errors (status ≥ 400 or broken connections), wall seconds, latencies (ms)."""

    requests: int
    errors: int
    seconds: float
    median_ms: float
    p95_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """Read one HTTP/1.1 response; return its status, its body (chunks joined) and whether the server
    closes the connection after it (said so, or a body that ends with the connection)."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed")
    status = int(status_line.split()[1])
    length, chunked, close = None, False, False
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
        elif name == "connection" and "close" in value.lower():
            close = True
    parts = []
    if status in (204, 304) or status < 200:  # no body, whatever the headers say (RFC 9112 §6.3)
        pass
    elif chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            parts.append((await reader.readexactly(size + 2))[:-2])
            if size == 0:
                break
    elif length is not None:
        parts.append(await reader.readexactly(length))
    else:
        parts.append(await reader.read())
        close = True
    return status, b"".join(parts), close


async def _client(host: str, port: int, paths, accept: str, budget: list[int], deadline: float,
                  latencies: list[float], errors: list[int], extra: Mapping[str, str]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while budget[0] > 0 and time.perf_counter() < deadline:
            budget[0] -= 1
            path = next(paths)
            start = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: {accept}\r\n{extra.get(path, '')}"
                         f"User-Agent: fundgraph-bench\r\n\r\n".encode())
            try:
                status, _, close = await read_response(reader)
            except (ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
                errors[0] += 1
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
                continue
            if close:  # the server said so (waitress closes after every 304): a new connection, no error
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
            latencies.append(time.perf_counter() - start)
            if status >= 400:
                errors[0] += 1
    finally:
        writer.close()


def measure(host: str, port: int, paths: Sequence[str], *, accept: str = "text/html", clients: int = 8,
            total: int = 20_000, seconds: float = 20.0, extra: Mapping[str, str] | None = None) -> Throughput:
    """GET ``paths`` (cycled) with ``clients`` concurrent connections; at most ``total`` requests/``seconds``.
    ``extra`` maps a path to more header lines to send with it (each ending in CRLF: ``If-None-Match``)."""
    latencies: list[float] = []
    errors = [0]
    budget = [total]
    cycle = itertools.cycle(paths)

    async def main() -> float:
        start = time.perf_counter()
        await asyncio.gather(*(_client(host, port, cycle, accept, budget, start + seconds, latencies, errors, extra or {})
                               for _ in range(clients)))
        return time.perf_counter() - start

    wall = asyncio.run(main())
    ordered = sorted(latencies) or [0.0]
    return Throughput(requests=len(latencies), errors=errors[0], seconds=wall,
                      median_ms=statistics.median(ordered) * 1000,
                      p95_ms=ordered[int(0.95 * (len(ordered) - 1))] * 1000)
