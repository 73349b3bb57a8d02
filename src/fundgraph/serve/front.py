"""The HTTP front of one server process: waitress, with deadlines and limits against hostile clients.

waitress reads every request on one asyncore event loop and buffers it whole (headers, then the body,
spooled to a temporary file past 512 KB) before a worker thread sees it, so a client that sends its
headers one line every few seconds holds a socket, never a thread (gunicorn's sync and gthread workers
give such a client a thread or a worker and were stalled by 16 of them: issue 13). On top of waitress's
own header and body limits (431 and 413) this adds what it lacks:

- a deadline for reading a whole request (``request_timeout``): a request still incomplete after it is
  answered with 408 and closed (waitress's own ``channel_timeout`` only closes idle connections, and a
  client trickling bytes is never idle);
- a limit on connections from one client address to the whole server (``max_client_connections``,
  counted across its processes in ``ClientCounts``): the one past it is answered with 429 and closed at once;
- errors found by waitress (too large, malformed, too slow) rendered as the site's error page;
- a response cut because a query passed a limit while streaming logged as one line, not a traceback;
- a lingering close after 413: the connection is half-closed and what the client still sends is read and
  dropped for up to ``_LINGER`` seconds, so that a client sending a 100 MB body reads the 413 instead of
  a connection reset (as nginx's ``lingering_close``).
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import socket
import time
import zlib

from flask import Flask
from waitress.channel import HTTPChannel
from waitress.adjustments import Adjustments
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask, WSGITask

from ..config import Settings
from .errors import HttpError, error_response

log = logging.getLogger(__name__)

_LINGER = 3.0
"""Seconds a connection answered with 413 keeps reading (and dropping) the rest of the body."""
_DRAIN_IDLE = 1.0
"""Seconds a connection must have been idle before a draining process closes it."""
_TITLES = {400: "Bad request", 408: "Request timeout", 413: "Request too large", 429: "Too many connections",
           431: "Request headers too large", 501: "Not implemented"}


class ClientCounts:
    """Open connections per client address, across the server processes: a table in shared memory made
    before they fork, one row per process (each writes only its own; the supervisor clears the row of one
    that ended), one column per hash bucket of the address (a collision only makes two addresses share
    a limit)."""

    BUCKETS = 4096

    def __init__(self, rows: int = 1):
        self.rows = rows
        self._table = multiprocessing.RawArray(ctypes.c_int32, rows * self.BUCKETS)

    def bucket(self, client: str) -> int:
        return zlib.crc32(client.encode()) % self.BUCKETS

    def total(self, bucket: int) -> int:
        return sum(self._table[row * self.BUCKETS + bucket] for row in range(self.rows))

    def add(self, row: int, bucket: int, change: int) -> None:
        self._table[row * self.BUCKETS + bucket] += change

    def clear(self, row: int) -> None:
        ctypes.memset(ctypes.addressof(self._table) + row * self.BUCKETS * 4, 0, self.BUCKETS * 4)


def create_server(app: Flask, settings: Settings, sock: socket.socket, clients: ClientCounts | None = None,
                  row: int = 0) -> TcpWSGIServer:
    """A waitress server for ``app`` accepting on ``sock`` (bound and listening, possibly shared with
    other processes), with the limits of ``settings``: ``threads``, ``max_request_bytes`` (body),
    ``max_header_bytes``, ``request_timeout``, ``keepalive_timeout`` (idle connections closed),
    ``max_client_connections`` (counted in row ``row`` of ``clients``, shared with the other processes) and
    ``max_connections`` (the process stops accepting beyond it)."""
    adj = Adjustments(
        sockets=[sock], threads=settings.threads, ident="fundgraph",
        max_request_body_size=settings.max_request_bytes + 1,  # waitress refuses at >= its value
        max_request_header_size=settings.max_header_bytes, channel_timeout=max(1, int(settings.keepalive_timeout)),
        connection_limit=settings.max_connections, cleanup_interval=1, clear_untrusted_proxy_headers=True,
    )
    channel = type("Channel", (_Channel,), {"app": app, "settings": settings})
    sockinfo = (sock.family, sock.type, sock.proto, sock.getsockname())
    server = _Server(app, {}, True, sock, adj=adj, bind_socket=False, sockinfo=sockinfo)
    server.channel_class = channel
    server.clients, server.row = clients or ClientCounts(), row
    return server


class _CutResponses(logging.Filter):
    """waitress logs an exception raised while a response streams with its traceback: for a query that
    passed a limit (an HttpError: the client's doing), one line says what happened instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpError):
            record.msg, record.args, record.exc_info, record.levelno, record.levelname = (
                "response cut: %s", (error,), None, logging.INFO, "INFO")
        return True


logging.getLogger("waitress").addFilter(_CutResponses())


class _ErrorPage(ErrorTask):
    """waitress's error response (a request it refused while reading) as the site's error page."""

    def execute(self) -> None:
        error = self.request.error
        app = self.channel.app
        accept = self.request.headers.get("ACCEPT", "")
        title = _TITLES.get(error.code, error.reason)
        with app.test_request_context("/", headers={"Accept": accept}):
            response = error_response(error.code, title, _message(error, self.channel.settings))
        self.status = f"{response.status_code} {error.reason}"
        self.response_headers.extend(
            (k, v) for k, v in response.headers.items() if k.lower() not in ("content-length", "connection"))
        self.set_close_on_finish()
        self.channel.linger = error.code == 413  # the client is still sending the body
        body = response.get_data()
        self.content_length = len(body)
        self.write(body)


def _message(error, settings: Settings) -> str:
    if error.code == 413:
        return (f"the request body is larger than the server accepts ({settings.max_request_bytes} bytes, "
                "setting max_request_bytes); send a shorter query")
    if error.code == 431:
        return (f"the request line and headers are larger than the server accepts ({settings.max_header_bytes} "
                "bytes, setting max_header_bytes); POST a long query instead of putting it in the URL")
    return str(error.body)


class _Task(WSGITask):
    """A request's task: while the process drains, the response closes its connection; a bodiless
    response (1xx, 204, 304) keeps it open.

    waitress 3.0 closes an HTTP/1.1 connection after every response without a Content-Length, also when
    the status has no body at all (RFC 9112 §6.3: a 304 ends at its headers, so the connection stays
    usable), which cost every revalidating client a new connection per 304 (466 revalidations/s instead
    of thousands; issue 14).
    """

    _keep_bodiless = False

    def build_response_header(self):
        if self.channel.server.draining:
            self.set_close_on_finish()
        self._keep_bodiless = (not self.has_body and self.version == "1.1" and not self.close_on_finish
                               and self.request.headers.get("CONNECTION", "").lower() != "close")
        try:
            return super().build_response_header()
        finally:
            self._keep_bodiless = False

    def set_close_on_finish(self) -> None:
        if not self._keep_bodiless:
            super().set_close_on_finish()


class _Channel(HTTPChannel):
    error_task_class = _ErrorPage
    task_class = _Task
    app: Flask
    settings: Settings
    request_began = 0.0
    bucket: int | None = None
    """The client's bucket in ``ClientCounts``, while the connection is counted there."""
    linger = False
    lingering_until: float | None = None

    def received(self, data):
        if self.request is None:  # a new request starts with these bytes
            self.request_began = time.time()
        return super().received(data)

    def readable(self):
        return True if self.lingering_until is not None else super().readable()

    def writable(self):
        return False if self.lingering_until is not None else super().writable()

    def handle_read(self):
        if self.lingering_until is None:
            return super().handle_read()
        try:
            data = self.socket.recv(1 << 16)
        except OSError:
            data = b""
        if not data or time.time() > self.lingering_until:
            self.handle_close()

    def handle_close(self):
        if self.linger and self.lingering_until is None and self.connected:
            try:
                self.socket.shutdown(socket.SHUT_WR)  # the answer is sent: the client sees its end
                self.lingering_until = time.time() + _LINGER
                self.will_close = self.close_when_flushed = False
                return
            except OSError:
                pass
        if self.bucket is not None:
            self.server.clients.add(self.server.row, self.bucket, -1)
            self.bucket = None
        super().handle_close()


class _Server(TcpWSGIServer):
    """waitress's TCP server with the per-client connection limit and the request-read deadline."""

    channel_class: type[_Channel]
    draining = False

    clients: ClientCounts
    row: int

    def drain(self) -> None:
        """Stop accepting (other processes on the socket take new connections), finish the requests in
        hand (closing their connections after the answer), close connections idle for ``_DRAIN_IDLE``
        seconds, and end ``run`` when none is left. Safe in a signal handler."""
        self.draining = True
        self.accepting = False
        self.next_channel_cleanup = 0

    def handle_accept(self):
        try:
            accepted = self.accept()
        except OSError:
            return
        if accepted is None:
            return
        conn, addr = accepted
        settings = self.channel_class.settings
        bucket = self.clients.bucket(addr[0] if isinstance(addr, tuple) else str(addr))
        if self.clients.total(bucket) >= settings.max_client_connections:
            _refuse(conn, settings)
            return
        self.set_socket_options(conn)
        channel = self.channel_class(self, conn, self.fix_addr(addr), self.adj, map=self._map)
        self.clients.add(self.row, bucket, 1)
        channel.bucket = bucket

    def maintenance(self, now):
        super().maintenance(now)
        limit = self.channel_class.settings.request_timeout
        for channel in list(self.active_channels.values()):
            if channel.lingering_until is not None and now > channel.lingering_until:
                channel.handle_close()
            elif channel.request is not None and not channel.requests and now - channel.request_began > limit:
                _answer_timeout(channel, limit)
            elif (self.draining and channel.request is None and not channel.requests
                  and not channel.total_outbufs_len and now - channel.last_activity > _DRAIN_IDLE):
                # A busy keep-alive connection gets its next answer with "Connection: close" (``_Task``):
                # closing it between two requests could meet the client's next one and reset it.
                channel.will_close = True
        if self.draining and not self.active_channels:
            raise SystemExit(0)  # waitress's loop ends on it


def _refuse(conn: socket.socket, settings: Settings) -> None:
    """Answer 429 on a connection over the per-client limit and close it, without reading the request."""
    body = (f"Too many connections: this client has {settings.max_client_connections} connections open to "
            "this server (setting max_client_connections); reuse one.\n").encode()
    try:
        conn.setblocking(False)
        conn.send(b"HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 1\r\n"
                  b"Content-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    except OSError:
        pass
    finally:
        conn.close()


def _answer_timeout(channel: _Channel, limit: float) -> None:
    body = f"Request timeout: the request was not received within {limit:g} s (setting request_timeout).\n"
    data = body.encode()
    head = (b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n"
            b"Content-Length: %d\r\n\r\n" % len(data))
    channel.request = None
    try:
        channel.write_soon(head + data)
    except Exception:  # noqa: BLE001 - the connection is being dropped anyway
        pass
    channel.close_when_flushed = True
