"""The server front under hostile clients (issue 13, cases 1, 3 and 8), over real sockets against
``fundgraph serve`` as deployed: slow clients, huge bodies, too many connections, a busy port."""

from __future__ import annotations

import http.client
import select
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
import requests

from servers import serve_command

pytestmark = pytest.mark.server

LIMITS = {"workers": 2, "request_timeout": 3.0, "max_client_connections": 60, "keepalive_timeout": 5.0,
          "max_request_bytes": 100_000}


@pytest.fixture(scope="module")
def served(published, tmp_path_factory):
    with serve_command([str(published.out_dir)], tmp_path_factory.mktemp("front"), LIMITS) as (process, root):
        yield root


def _address(root: str) -> tuple[str, int]:
    parts = urlsplit(root)
    return parts.hostname, parts.port


def _slow_client(address) -> socket.socket:
    sock = socket.create_connection(address, timeout=10)
    sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
    return sock


def test_slow_clients_do_not_stall_the_site(served):
    # Case 1: 40 connections trickling header lines held gunicorn's workers; every other request timed out.
    address = _address(served)
    slow = []
    try:
        for _ in range(40):  # under the per-client limit of 60
            slow.append(_slow_client(address))
        started = time.monotonic()
        for _ in range(3):
            for sock in slow:
                sock.sendall(b"X-Slow: 1\r\n")
            for _ in range(5):
                page = requests.get(served + "/project/20372556", headers={"Accept": "text/turtle"}, timeout=5)
                assert page.status_code == 200
            time.sleep(0.5)
        assert time.monotonic() - started < 10
    finally:
        for sock in slow:
            sock.close()


def test_a_request_not_received_in_time_gets_408(served):
    sock = _slow_client(_address(served))
    with sock:
        sock.settimeout(15)
        started = time.monotonic()
        # A header line every 0.5 s: never idle, never done, until the server answers.
        while not select.select([sock], [], [], 0.5)[0] and time.monotonic() - started < 10:
            sock.sendall(b"X-Slow: 1\r\n")
        answer = sock.recv(4096)
        while b"\r\n\r\n" not in answer:
            answer += sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b"request_timeout" in answer
    assert 3 <= time.monotonic() - started < 8


def test_a_body_over_max_request_bytes_is_413_with_a_message(served):
    body = "# " + "x" * 5_000_000 + "\nASK {}"  # more than the socket buffers: the client is still sending
    plain = requests.post(served + "/sparql", data=body, headers={"Content-Type": "application/sparql-query"},
                          timeout=10)
    assert plain.status_code == 413
    assert "100000 bytes, setting max_request_bytes" in plain.text
    page = requests.post(served + "/sparql", data=body, timeout=10,
                         headers={"Content-Type": "application/sparql-query", "Accept": "text/html"})
    assert page.status_code == 413 and page.headers["Content-Type"].startswith("text/html")
    assert "max_request_bytes" in page.text and "<html" in page.text  # the site's error page


def test_a_huge_body_does_not_grow_the_server(served, published):
    # Case 3: four 100 MB bodies took the server from 568 to 1 844 MiB. Now each is refused at its headers.
    def post() -> bytes:
        sock = socket.create_connection(_address(served), timeout=10)
        with sock:
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                         b"Content-Length: 100000000\r\n\r\n")
            try:
                for _ in range(100):
                    sock.sendall(b"#" * 1_000_000)
            except OSError:
                pass  # the server stops reading a while after its 413
            return sock.recv(100)

    before = _tree_rss(served)
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: post(), range(4)))
    assert _tree_rss(served) - before < 50 * 2**20
    # The 413 reaches the client that sent the whole body (the server read and dropped it: lingering close).
    assert all(answer.startswith(b"HTTP/1.1 413 ") for answer in answers), answers
    assert requests.get(served + "/sparql", params={"query": "ASK {}"}, timeout=5).json()["boolean"] is True


def _tree_rss(root: str) -> int:
    """RSS in bytes of the server listening at ``root`` and all its descendants."""
    import psutil

    port = _address(root)[1]
    owner = next(c.pid for c in psutil.net_connections("tcp") if c.laddr and c.laddr.port == port
                 and c.status == psutil.CONN_LISTEN and c.pid)
    top = psutil.Process(owner)
    while top.parent() is not None and "fundgraph" in " ".join(top.parent().cmdline()):
        top = top.parent()
    return sum(p.memory_info().rss for p in [top, *top.children(recursive=True)])


def test_connections_past_the_per_client_limit_get_429(served):
    address = _address(served)
    held, refused = [], set()
    try:
        time.sleep(1)  # the connections of earlier tests are closed
        for _ in range(80):  # 60 allowed, over both processes
            held.append(socket.create_connection(address, timeout=5))
        # A loaded machine may take a while to answer every refused connection: wait for the answers (up
        # to 10 s), then a little longer to see that no connection within the limit is refused too.
        # A connection within the limit may be closed unanswered by the server's idle timeout meanwhile.
        deadline, closed = time.monotonic() + 10, set()
        while time.monotonic() < deadline:
            ready, _, _ = select.select([s for s in held if s not in refused | closed], [], [], 0.3)
            if not ready and len(refused) >= 80 - 60:
                break
            for sock in ready:
                answer = sock.recv(100)
                assert answer == b"" or answer.startswith(b"HTTP/1.1 429 "), answer
                (refused if answer else closed).add(sock)
    finally:
        for sock in held:
            sock.close()
    assert len(refused) == 80 - 60
    time.sleep(1)  # the server sees them closed
    assert requests.get(served + "/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200


def test_a_304_keeps_the_connection_open(served):
    # waitress closed the connection after every 304 (no Content-Length): each revalidation reconnected.
    connection = http.client.HTTPConnection(*_address(served), timeout=30)
    try:
        connection.request("GET", "/project/20372556", headers={"Accept": "text/turtle"})
        first = connection.getresponse()
        first.read()
        tag, sock = first.getheader("ETag"), connection.sock
        for _ in range(3):
            connection.request("GET", "/project/20372556", headers={"Accept": "text/turtle", "If-None-Match": tag})
            answer = connection.getresponse()
            assert answer.status == 304 and answer.read() == b""
            assert answer.getheader("Connection") is None and not answer.will_close
            assert connection.sock is sock
        connection.request("GET", "/project/20372556", headers={"Accept": "text/turtle"})
        again = connection.getresponse()
        assert again.status == 200 and again.read() and connection.sock is sock
    finally:
        connection.close()


def test_a_busy_port_is_one_line_of_error(published, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "fundgraph.cli", "serve", str(published.out_dir),
                               "--port", str(port)], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"fundgraph: error: cannot listen on 127.0.0.1:{port}: the port is in use by another program; "
        "stop it or choose another --port"]


def test_a_server_process_past_its_memory_limit_is_replaced_without_dropping_requests(published, tmp_path):
    # The bound on the server's memory: a process over worker_memory_limit is replaced (here every process
    # is, as 1 MiB is less than any), the new one listening before the old one stops.
    settings = {"workers": 1, "worker_memory_limit": 1, "reload_check_interval": 0}
    with serve_command([str(published.out_dir)], tmp_path, settings) as (process, root), requests.Session() as session:
        # Until two replacements are seen, however slow the machine: every request in between must be answered.
        deadline = time.monotonic() + 120
        answered = replaced = 0
        while (answered <= 20 or replaced < 2) and time.monotonic() < deadline:
            page = session.get(root + "/project/20372556", headers={"Accept": "text/turtle"}, timeout=10)
            assert page.status_code == 200
            answered += 1
            replaced = "".join(process.log).count("(limit worker_memory_limit = 1 MiB); replacing it")
    assert answered > 20
    assert replaced >= 2
