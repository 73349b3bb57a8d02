"""The benchmark's phases, each run in its own process: ``python -m bench.phases PHASE N WORKDIR SEED``.

A phase writes its result rows (bench.runner.Row as JSON) to ``WORKDIR/PHASE.json``. Phases use only
fundgraph's public library functions, the same ones ``fundgraph publish`` and ``fundgraph serve`` use.
Work files live in WORKDIR: ``store/`` (after load), ``publish/`` (dumps and the rest of the publication).
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .runner import ROOT, Row

ORDER = ("extract", "generate", "load", "validate", "dumps", "publish", "queries", "pages")
PHASES: dict[str, Callable[["Context"], list[Row]]] = {}
FIXTURE_PDF = ROOT / "examples" / "granted-projects-vasterbotten.pdf"
BASE_IRI = "https://data.example.se/"


@dataclass
class Context:
    """What a phase gets: the size ``n``, its work folder and the seed of the synthetic data."""

    n: int
    workdir: Path
    seed: int

    @property
    def store_dir(self) -> Path:
        return self.workdir / "store"

    @property
    def publish_dir(self) -> Path:
        return self.workdir / "publish"

    def settings(self):
        from fundgraph.config import load_settings

        return load_settings(None, base_iri=BASE_IRI, out_dir=self.publish_dir)

    def records(self):
        from .synthetic import synthetic_records

        return synthetic_records(self.n, self.seed)


def phase(name: str):
    def register(function: Callable[[Context], list[Row]]) -> Callable[[Context], list[Row]]:
        PHASES[name] = function
        return function
    return register


class Counter:
    """Counts the items of an iterator as they pass."""

    def __init__(self) -> None:
        self.count = 0

    def wrap(self, items) -> Iterator:
        for item in items:
            self.count += 1
            yield item


@phase("extract")
def extract(ctx: Context) -> list[Row]:
    from fundgraph.extract import extract_projects

    list(extract_projects(FIXTURE_PDF))  # warm imports and caches, as a running publisher would have them
    times = []
    for _ in range(5):
        start = time.perf_counter()
        records = list(extract_projects(FIXTURE_PDF))
        times.append(time.perf_counter() - start)
    times.sort()
    return [Row("extract (fixture, 7 pages)", len(records), times[2],
                extra={"min_s": round(times[0], 4), "cold_run": False})]


@phase("generate")
def generate(ctx: Context) -> list[Row]:
    start = time.perf_counter()
    count = sum(1 for _ in ctx.records())
    return [Row("generate records", count, time.perf_counter() - start)]


@phase("load")
def load(ctx: Context) -> list[Row]:
    import pyoxigraph

    from fundgraph.mapping import map_records, reference_quads

    settings = ctx.settings()
    shutil.rmtree(ctx.store_dir, ignore_errors=True)
    store = pyoxigraph.Store(str(ctx.store_dir))
    counter = Counter()
    start = time.perf_counter()
    store.bulk_extend(counter.wrap(reference_quads(settings)))
    store.bulk_extend(counter.wrap(map_records(ctx.records(), settings)))
    store.flush()
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    store.optimize()
    optimize = time.perf_counter() - start
    size = sum(f.stat().st_size for f in ctx.store_dir.rglob("*") if f.is_file())
    return [Row("records → triples → store", ctx.n, seconds, counter.count,
                extra={"optimize_s": round(optimize, 2), "store_bytes": size})]


@phase("validate")
def validate(ctx: Context) -> list[Row]:
    import pyoxigraph

    from fundgraph.validate import validate_store

    store = pyoxigraph.Store.read_only(str(ctx.store_dir))
    triples = len(store)
    start = time.perf_counter()
    report = validate_store(store, ctx.settings())
    seconds = time.perf_counter() - start
    return [Row("SHACL validation", ctx.n, seconds, triples,
                extra={"conforms": report.conforms, "violations": len(report.violations)})]


@phase("dumps")
def dumps(ctx: Context) -> list[Row]:
    import pyoxigraph

    from fundgraph.mapping.vocab import PREFIXES
    from fundgraph.publish.dumps import write_dumps

    store = pyoxigraph.Store.read_only(str(ctx.store_dir))
    folder = ctx.publish_dir
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    work = ctx.workdir / "tmp"
    work.mkdir(exist_ok=True)
    start_wall = time.time()
    start = time.perf_counter()
    counts = write_dumps(store, folder, PREFIXES, work)
    seconds = time.perf_counter() - start
    # write_dumps writes the files one after another: the time of each is the gap since the previous one.
    files = sorted(folder.iterdir(), key=lambda f: f.stat().st_mtime)
    rows = []
    previous = start_wall
    for f in files:
        finished = f.stat().st_mtime
        rows.append(Row(f"dump {f.name}", ctx.n, finished - previous,
                        counts.quads if f.suffix == ".nq" else counts.triples, extra={"bytes": f.stat().st_size}))
        previous = finished
    rows.append(Row("dumps (all)", ctx.n, seconds, counts.triples, extra={"quads": counts.quads}))
    return rows


@phase("publish")
def publish_rest(ctx: Context) -> list[Row]:
    from fundgraph.publish import finish_publication  # noqa: F401 (filled in when publish offers it)

    raise NotImplementedError


def _serve(ctx: Context) -> tuple[subprocess.Popen, str, int]:
    from fundgraph.serve.remote import wait_until_up  # noqa: F401 (see below)

    raise NotImplementedError


def _sample_ids(ctx: Context, k: int) -> list[str]:
    rng = random.Random(ctx.seed + 1)
    return [str(20_000_000 + rng.randrange(ctx.n)) for _ in range(k)]


def main(argv: list[str]) -> None:
    name, n, workdir, seed = argv[0], int(argv[1]), Path(argv[2]), int(argv[3])
    rows = PHASES[name](Context(n, workdir, seed))
    (workdir / f"{name}.json").write_text(json.dumps([
        {"phase": r.phase, "n": r.n, "seconds": r.seconds, "triples": r.triples, "extra": r.extra}
        for r in rows]), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
