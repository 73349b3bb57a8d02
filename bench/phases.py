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


SHACL_MAX = 100_000
"""Projects validated in full; above this the validate phase checks the first SHACL_MAX projects' batches and
extrapolates linearly (batches are independent and alike, so time per batch is flat)."""


@phase("validate")
def validate(ctx: Context) -> list[Row]:
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(ctx.store_dir))
    triples = len(store)
    if ctx.n <= SHACL_MAX:
        from fundgraph.validate import validate_store

        start = time.perf_counter()
        report = validate_store(store, ctx.settings())
        seconds = time.perf_counter() - start
        return [Row("SHACL validation", ctx.n, seconds, triples,
                    extra={"conforms": report.conforms, "violations": len(report.violations),
                           "batches": report.batches})]
    # The same steps as validate_store, for the first SHACL_MAX projects only.
    from itertools import islice

    from fundgraph.validate import DEFAULT_BATCH_SIZE
    from fundgraph.validate.batches import project_batch_data
    from fundgraph.validate.parallel import check_in_parallel
    from fundgraph.validate.shacl import load_shapes, split_sparql

    import os

    shapes, _ = split_sparql(load_shapes())
    batches = islice(project_batch_data(store, DEFAULT_BATCH_SIZE), SHACL_MAX // DEFAULT_BATCH_SIZE)
    start = time.perf_counter()
    violations = sum(1 for r in check_in_parallel(batches, shapes, os.cpu_count() or 1) if r.severity == "Violation")
    measured = time.perf_counter() - start
    share = SHACL_MAX / ctx.n
    return [Row(f"SHACL validation (first {SHACL_MAX} projects measured, extrapolated)", ctx.n, measured / share,
                triples, extra={"measured_s": round(measured, 1), "violations_in_sample": violations})]


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


class LazyRecords:
    """The records of a synthetic list: a length and an iterator, never all in memory."""

    def __init__(self, n: int, seed: int):
        self.n, self.seed = n, seed

    def __len__(self) -> int:
        return self.n

    def __iter__(self):
        from .synthetic import synthetic_records

        return synthetic_records(self.n, self.seed)


@phase("publish")
def publish_end_to_end(ctx: Context) -> list[Row]:
    """fundgraph's own publish pipeline, extract-free: the list's records come from the generator.

    Above SHACL_MAX projects validation is left out here (it is measured, extrapolated, by the validate
    phase) and the row says so.
    """
    from types import SimpleNamespace

    from fundgraph.publish import pipeline

    from .synthetic import DOCUMENT, document_sha256

    fake = SimpleNamespace(records=LazyRecords(ctx.n, ctx.seed), warnings=[], totals=None, columns={},
                           document=SimpleNamespace(file_name=DOCUMENT, sha256=document_sha256(ctx.seed),
                                                    page_count=ctx.n // 2 + 1, title="Synthetic list"))
    pipeline.read_list = lambda path: fake
    validated = ctx.n <= SHACL_MAX
    if not validated:
        from fundgraph.validate import ValidationReport

        pipeline.validate_store = lambda store, settings: ValidationReport()
    shutil.rmtree(ctx.publish_dir, ignore_errors=True)
    start = time.perf_counter()
    result = pipeline.publish([Path(DOCUMENT)], ctx.settings())
    seconds = time.perf_counter() - start
    triples = result.publication["triples"]
    label = "publish end to end (records → validated dumps)" if validated else \
        "publish end to end WITHOUT SHACL (add the validate phase's figure)"
    rows = [Row(label, ctx.n, seconds, triples, extra={"files": len(result.files)})]
    rows += [Row(f"  publish step: {step}", ctx.n, t) for step, t in result.timings.items()]
    return rows


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
