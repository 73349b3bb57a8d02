"""The soak test: ``fundgraph serve`` as deployed, under every hostile load of issue 13 at once, bounded.

For ``SECONDS`` (60) on loopback only, against a server on the fixture list's publication (server A, the
embedded store) and a second one reading an Oxigraph server through ``--sparql-endpoint`` (server B):

- 16 page clients (keep-alive, HTML and Turtle resource pages, the landing page) measure latency and errors;
- 40 slow clients trickle a header line every 4 s (reconnecting when the server gives up on them);
- deeply nested (2 000 and 5 000 levels) and oversized (200 KB) queries, to both servers;
- 100 MB request bodies;
- heavy queries (a four-way cross product, stopped at the time limit) and a large streamed result;
- one republish in the middle, with another base IRI: afterwards every page must answer from it.

Pass: page errors 0, page p99 < 200 ms, the server tree's RSS under ``RSS_BOUND_MB``, every page from
the new publication once it is switched in, the Oxigraph server still answering at the end.
``python -m bench --phases soak --sizes 17`` runs it as a phase (N is ignored: the fixture list is used);
``python -m bench.soak`` alone prints the figures as JSON.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .load import read_response

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PDF = ROOT / "examples" / "granted-projects-vasterbotten.pdf"
SECONDS = 60.0
RSS_BOUND_MB = 2500
"""The bound on server A's tree (supervisor, server processes, query workers), from its settings: two server
processes of at most ``worker_memory_limit`` (400) and six query workers of ``query_memory_limit`` (250),
less what they never reach together; configurable with --rss-bound."""
FIRST_BASE, SECOND_BASE = "https://data.example.se/", "https://data.example.org/"
SETTINGS = {"workers": 2, "query_timeout": 10.0, "max_client_connections": 256, "request_timeout": 20.0,
            "worker_memory_limit": 400, "query_memory_limit": 250, "reload_check_interval": 0.5}
PAGES = ["/project/20372556", "/project/20372391", "/project/20373367", "/"]
NESTED = ["ASK { " + "{ " * 2000 + "}" * 2000 + " }", "ASK { " + "{ " * 5000 + "}" * 5000 + " }"]
OVERSIZED = "# " + "x" * 200_000 + "\nASK {}"
PAUSE = 0.25
"""Seconds each hostile client waits between its requests (the load generator shares the server's cores)."""
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
STREAMED = ("SELECT ?s (CONCAT(STR(?s), STR(?o), STR(?s), STR(?o)) AS ?big) WHERE { ?s ?p ?o . ?x ?y ?z } "
            "LIMIT 60000")


@dataclass
class Tally:
    """Counts by kind of client and answer, page latencies (s), and what the pages said about the switch."""

    statuses: dict[str, dict[str, int]] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    switched_at: float | None = None
    stale_after_switch: int = 0
    new_after_switch: int = 0

    def count(self, kind: str, outcome: object) -> None:
        bucket = self.statuses.setdefault(kind, {})
        bucket[str(outcome)] = bucket.get(str(outcome), 0) + 1


async def _request(host: str, port: int, head: str, body: bytes = b"", reader=None, writer=None):
    """Send one request (opening a connection unless given one); returns (status, body, reader, writer)."""
    if reader is None:
        reader, writer = await asyncio.open_connection(host, port)
    writer.write(head.encode() + body)
    await writer.drain()
    status, body, close = await read_response(reader)
    if close:
        writer.close()
        reader = writer = None
    return status, body, reader, writer


def _get(host: str, port: int, path: str, accept: str) -> str:
    return f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: {accept}\r\nUser-Agent: fundgraph-soak\r\n\r\n"


def _post(host: str, port: int, body: bytes, *, close: bool = True) -> str:
    return (f"POST /sparql HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/sparql-query\r\n"
            f"Accept: application/sparql-results+json\r\nContent-Length: {len(body)}\r\n"
            + ("Connection: close\r\n" if close else "") + "\r\n")


async def _page_client(host, port, tally: Tally, stop: float, rng: random.Random) -> None:
    reader = writer = None
    while time.monotonic() < stop:
        path = rng.choice(PAGES)
        accept = "text/turtle" if path != "/" and rng.random() < 0.5 else "text/html"
        started = time.monotonic()
        try:
            status, body, reader, writer = await _request(host, port, _get(host, port, path, accept), b"",
                                                          reader, writer)
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as error:
            tally.page_errors.append(f"{path}: {error!r}")
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        tally.latencies.append(time.monotonic() - started)
        tally.count("page", status)
        if status >= 400:
            tally.page_errors.append(f"{path}: HTTP {status}")
        if accept == "text/turtle" and tally.switched_at is not None and started > tally.switched_at + 5:
            if SECOND_BASE.encode() in body:
                tally.new_after_switch += 1
            else:
                tally.stale_after_switch += 1
    if writer is not None:
        writer.close()


async def _slow_client(host, port, tally: Tally, stop: float) -> None:
    while time.monotonic() < stop:
        try:
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n")
            while time.monotonic() < stop:
                try:  # a header line every 4 s, until the server answers (408) or closes
                    answer = await asyncio.wait_for(reader.read(4096), 4)
                except asyncio.TimeoutError:
                    writer.write(b"X-Slow: 1\r\n")
                    await writer.drain()
                    continue
                tally.count("slow client", answer.split(b" ", 2)[1].decode() if answer else "closed")
                break
            writer.close()
        except OSError as error:
            tally.count("slow client", type(error).__name__)
            await asyncio.sleep(0.5)


async def _looping(kind: str, host, port, tally: Tally, stop: float, request, pause: float = PAUSE) -> None:
    while time.monotonic() < stop:
        try:
            head, body = request()
            status, *_ = await _request(host, port, head, body)
            tally.count(kind, status)
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as error:
            tally.count(kind, type(error).__name__)
        await asyncio.sleep(pause)


async def _huge_body(host, port, tally: Tally, stop: float) -> None:
    chunk = b"#" * (1 << 20)
    while time.monotonic() < stop:
        try:
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(f"POST /sparql HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/sparql-query\r\n"
                         "Content-Length: 100000000\r\n\r\n".encode())
            try:
                for _ in range(100):
                    writer.write(chunk)
                    await writer.drain()
            except OSError:
                pass
            status_line = await asyncio.wait_for(reader.readline(), 10)
            tally.count("100 MB body", status_line.split()[1].decode() if status_line else "closed")
            writer.close()
        except (OSError, asyncio.TimeoutError, IndexError) as error:
            tally.count("100 MB body", type(error).__name__)
        await asyncio.sleep(1)


async def _streamed(host, port, tally: Tally, stop: float) -> None:
    from urllib.parse import quote

    while time.monotonic() < stop:
        try:
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(_get(host, port, "/sparql?query=" + quote(STREAMED), "text/csv").encode())
            size, status = 0, b""
            while chunk := await reader.read(1 << 16):
                status = status or chunk.split(b" ", 2)[1]
                size += len(chunk)
                await asyncio.sleep(0.005)  # a slow reader
            tally.count("streamed result", f"{status.decode()} ({size // 1_000_000} MB)")
            writer.close()
        except OSError as error:
            tally.count("streamed result", type(error).__name__)


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        top = psutil.Process(pid)
        processes = [top, *top.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            pass
    return total


class _Server:
    """``fundgraph serve`` in a child process on a free port, with ``SETTINGS`` in a config file."""

    def __init__(self, folder: Path, work: Path, *extra: str):
        config = work / f"fundgraph-{len(list(work.glob('fundgraph-*.toml')))}.toml"
        from fundgraph.config import toml_value

        config.write_text("".join(f"{k} = {toml_value(v)}\n" for k, v in SETTINGS.items()), encoding="utf-8")
        command = [sys.executable, "-m", "fundgraph.cli", "serve", str(folder), "--port", "0", "--config",
                   str(config), *extra]
        self.process = subprocess.Popen(command, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, env={**os.environ, "TMPDIR": str(work)})
        self.log: list[str] = []
        for line in self.process.stdout:
            self.log.append(line)
            if line.startswith("Serving "):
                self.port = int(line.rsplit(":", 1)[1].split("/")[0])
                break
        else:
            raise RuntimeError("the server did not start:\n" + "".join(self.log))
        threading.Thread(target=lambda: self.log.extend(self.process.stdout), daemon=True).start()

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def soak(seconds: float = SECONDS, rss_bound_mb: int = RSS_BOUND_MB, work: Path | None = None, *,
         hostile: bool = True) -> dict:
    """Run the soak test (module docstring) and return its figures; ``passed`` says whether it met them all.
    ``hostile=False`` runs the page clients alone (and the republish): the baseline on the same machine."""
    import requests

    from fundgraph.config import Settings
    from fundgraph.publish import publish
    sys.path.insert(0, str(ROOT / "tests"))
    from oxigraph_server import OxigraphServer

    own = work is None
    work = Path(tempfile.mkdtemp(prefix="fundgraph-soak-")) if own else work
    work.mkdir(parents=True, exist_ok=True)
    folder = work / "publish"
    settings = Settings(out_dir=folder, links_dir=work / "links", base_iri=FIRST_BASE)
    publish([FIXTURE_PDF], settings)
    tally = Tally()
    host = "127.0.0.1"
    servers = []
    try:
        with OxigraphServer(work / "oxigraph", union_default_graph=True) as oxigraph:
            from fundgraph.publish.graph_store import load_publication

            load_publication(folder, oxigraph.store_url)
            a = _Server(folder, work)
            servers.append(a)
            b = _Server(folder, work, "--sparql-endpoint", oxigraph.query_url)
            servers.append(b)
            for port in (a.port, b.port):  # both answer before the clock starts (query workers warm)
                requests.get(f"http://{host}:{port}/sparql", params={"query": "ASK {}"}, timeout=60)
            time.sleep(3)
            peak = [0]
            stop_sampling = threading.Event()

            def sample() -> None:
                while not stop_sampling.wait(0.25):
                    peak[0] = max(peak[0], _tree_rss(a.process.pid))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            republished = {}

            def republish() -> None:  # a process of its own, as an operator runs it
                time.sleep(seconds / 2)
                started = time.monotonic()
                subprocess.run([sys.executable, "-m", "fundgraph.cli", "publish", str(FIXTURE_PDF), "--out",
                                str(folder), "--base-iri", SECOND_BASE], cwd=work, check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                republished["seconds"] = round(time.monotonic() - started, 2)
                tally.switched_at = time.monotonic()

            publisher = threading.Thread(target=republish, daemon=True)
            publisher.start()
            started = time.monotonic()
            asyncio.run(_load(host, a.port, b.port, tally, started + seconds, hostile))
            wall = time.monotonic() - started
            publisher.join(60)
            stop_sampling.set()
            sampler.join()
            oxigraph_up = (oxigraph.process.poll() is None and requests.get(
                oxigraph.query_url, params={"query": "ASK {}"}, timeout=10).status_code == 200)
            b_up = requests.get(f"http://{host}:{b.port}/sparql", params={"query": "ASK {}"},
                                timeout=10).status_code == 200
    finally:
        for server in servers:
            server.stop()
        if own:
            shutil.rmtree(work, ignore_errors=True)
    ordered = sorted(tally.latencies) or [0.0]

    def quantile(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    figures = {
        "seconds": round(wall, 1), "page_requests": len(tally.latencies), "page_errors": len(tally.page_errors),
        "page_error_examples": tally.page_errors[:5],
        "page_ms": {"p50": quantile(0.5), "p95": quantile(0.95), "p99": quantile(0.99), "max": quantile(1.0)},
        "pages_per_second": round(len(tally.latencies) / wall, 1),
        "server_tree_peak_rss_mb": round(peak[0] / 2**20, 1), "rss_bound_mb": rss_bound_mb,
        "republish_seconds": republished.get("seconds"),
        "turtle_pages_after_switch": {"new": tally.new_after_switch, "old": tally.stale_after_switch},
        "oxigraph_up": oxigraph_up, "remote_server_up": b_up, "answers": tally.statuses,
    }
    figures["passed"] = bool(
        figures["page_errors"] == 0 and figures["page_ms"]["p99"] < 200 and peak[0] < rss_bound_mb * 2**20
        and "seconds" in republished and tally.stale_after_switch == 0 and tally.new_after_switch > 0
        and oxigraph_up and b_up)
    return figures


async def _load(host: str, port: int, remote_port: int, tally: Tally, stop: float, hostile: bool = True) -> None:
    rng = random.Random(13)

    def post(query: str, to: int):
        body = query.encode()
        return lambda: (_post(host, to, body), body)

    tasks = [_page_client(host, port, tally, stop, random.Random(i)) for i in range(16)]
    if not hostile:
        await asyncio.gather(*tasks)
        return
    tasks += [_slow_client(host, port, tally, stop) for _ in range(40)]
    for target, label in ((port, "local"), (remote_port, "remote")):
        tasks += [_looping(f"nested query ({label})", host, target, tally, stop, post(rng.choice(NESTED), target))]
        tasks += [_looping(f"oversized query ({label})", host, target, tally, stop, post(OVERSIZED, target))]
    tasks += [_looping("heavy query", host, port, tally, stop, post(HEAVY, port)) for _ in range(4)]
    tasks += [_huge_body(host, port, tally, stop) for _ in range(2)]
    tasks += [_streamed(host, port, tally, stop)]
    await asyncio.gather(*tasks)


def run_phase(ctx) -> list:
    """The bench phase: one Row with the figures in ``extra``; fails (raises) when the soak does not pass."""
    from .runner import Row

    figures = soak(work=ctx.workdir / "soak")
    print(json.dumps(figures, indent=1), file=sys.stderr)
    if not figures["passed"]:
        raise RuntimeError("the soak test did not pass: " + json.dumps(figures))
    return [Row("soak: pages under hostile load, p99 ms", ctx.n, figures["seconds"],
                extra={k: v for k, v in figures.items() if k != "answers"})]


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="The soak test of issue 13 (loopback only, bounded).")
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--rss-bound", type=int, default=RSS_BOUND_MB, help="MiB the server tree must stay under")
    parser.add_argument("--calm", action="store_true", help="the page clients (and the republish) alone: a baseline")
    args = parser.parse_args()
    result = soak(args.seconds, args.rss_bound, hostile=not args.calm)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    sys.exit(0 if result["passed"] else 1)
