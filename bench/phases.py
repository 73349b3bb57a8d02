"""The benchmark's phases, each run in its own process: ``python -m bench.phases PHASE N WORKDIR SEED``.

A phase writes its result rows (bench.runner.Row as JSON) to ``WORKDIR/PHASE.json``. Phases use only
fundgraph's public library functions, the same ones ``fundgraph publish`` and ``fundgraph serve`` use.
Work files live in WORKDIR: ``store/`` (after load), ``publish/`` (dumps and the rest of the publication).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .runner import ROOT, Row

ORDER = ("extract", "extract-pages", "generate", "load", "dumps", "publish", "floor", "validate", "queries", "search",
         "browse", "index", "pages", "stores", "soak")
DEFAULT = ("extract", "extract-pages", "generate", "publish", "floor", "validate", "queries", "search", "pages")
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
        """The store the load phase wrote (``load``, ``dumps``)."""
        return self.workdir / "store"

    @property
    def serve_dir(self) -> Path:
        """A folder the server can serve: the publish phase's, else one holding just the load phase's store."""
        if (self.publish_dir / "store").is_dir():
            return self.publish_dir
        bare = self.workdir / "serve"
        bare.mkdir(exist_ok=True)
        if not (bare / "store").exists():
            (bare / "store").symlink_to(self.store_dir.resolve(), target_is_directory=True)
        return bare

    @property
    def published_store(self) -> Path:
        """The store of the publish phase's folder if there is one, else the load phase's."""
        published = self.publish_dir / "store"
        return published if published.is_dir() else self.store_dir

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


@phase("extract-pages")
def extract_pages(ctx: Context) -> list[Row]:
    """Seconds per PDF page, one process and worker processes (bench/extract.py); N is ignored."""
    from .extract import run

    return run(ctx.workdir)


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


PYSHACL_MAX = 10_000
"""Projects the pyshacl engine validates in full; above, its first PYSHACL_MAX projects' batches are checked
and the time extrapolated linearly (batches are independent and alike, so time per batch is flat)."""


@phase("validate")
def validate(ctx: Context) -> list[Row]:
    import pyoxigraph

    from fundgraph.validate import DEFAULT_BATCH_SIZE, validate_store

    store = pyoxigraph.Store.read_only(str(ctx.published_store))
    triples = len(store)
    start = time.perf_counter()
    # As publish validates: the control-character rule reads the data's N-Triples (publish: its spool).
    nt = ctx.publish_dir / "dataset.nt"
    report = validate_store(store, ctx.settings(), store_path=ctx.published_store,
                            ntriples=nt if ctx.published_store == ctx.publish_dir / "store" else None)
    seconds = time.perf_counter() - start
    rows = [Row("SHACL validation (compiled to SPARQL, whole store, 2 processes)", ctx.n, seconds, triples,
                extra={"conforms": report.conforms, "violations": len(report.violations)})]
    if ctx.n <= PYSHACL_MAX:
        start = time.perf_counter()
        report = validate_store(store, ctx.settings(), engine="pyshacl")
        rows.append(Row("SHACL validation (pyshacl, batches, 2 processes)", ctx.n, time.perf_counter() - start,
                        triples, extra={"conforms": report.conforms, "violations": len(report.violations),
                                        "batches": report.batches}))
        return rows
    # The same steps as validate_store's pyshacl engine, for the first PYSHACL_MAX projects only.
    from itertools import islice

    from fundgraph.validate.batches import project_batch_data
    from fundgraph.validate.parallel import check_in_parallel
    from fundgraph.validate.shacl import load_shapes, split_sparql

    shapes, _ = split_sparql(load_shapes())
    batches = islice(project_batch_data(store, DEFAULT_BATCH_SIZE), PYSHACL_MAX // DEFAULT_BATCH_SIZE)
    start = time.perf_counter()
    violations = sum(1 for r in check_in_parallel(batches, shapes, os.cpu_count() or 1) if r.severity == "Violation")
    measured = time.perf_counter() - start
    rows.append(Row(f"SHACL validation (pyshacl, batches, 2 processes; first {PYSHACL_MAX} measured, "
                    "extrapolated)", ctx.n, measured * ctx.n / PYSHACL_MAX, triples,
                    extra={"measured_s": round(measured, 1), "violations": violations}))
    return rows


@phase("dumps")
def dumps(ctx: Context) -> list[Row]:
    import pyoxigraph

    from fundgraph.mapping.vocab import PREFIXES
    from fundgraph.publish.dumps import write_dumps

    store = pyoxigraph.Store.read_only(str(ctx.store_dir))
    folder = ctx.workdir / "dumps"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    work = ctx.workdir / "tmp"
    work.mkdir(exist_ok=True)
    start_wall = time.time()
    start = time.perf_counter()
    counts = write_dumps(store, folder, PREFIXES, work)
    seconds = time.perf_counter() - start
    # write_dumps writes some files in parallel (a 2nd process, a gzip thread): a file's time is when it was
    # finished, counted from the start, not the time spent on it alone.
    files = sorted(folder.iterdir(), key=lambda f: f.stat().st_mtime)
    rows = []
    for f in files:
        rows.append(Row(f"dump {f.name} (finished after)", ctx.n, f.stat().st_mtime - start_wall,
                        counts.quads if f.suffix == ".nq" else counts.triples, extra={"bytes": f.stat().st_size}))
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


PUBLISH_LABEL = "publish end to end (records → validated dumps)"


def synthetic_list(n: int, seed: int):
    """What ``pipeline.read_list`` gives for the synthetic list of ``n`` projects (records made lazily), in
    Swedish as the real list it imitates: the stand-in the publish phase and bench/profile.py give it."""
    from types import SimpleNamespace

    from .synthetic import DOCUMENT, document_sha256

    return SimpleNamespace(records=LazyRecords(n, seed), warnings=[], totals=None, columns={}, language="sv",
                           document=SimpleNamespace(file_name=DOCUMENT, sha256=document_sha256(seed),
                                                    page_count=n // 2 + 1, title="Synthetic list"))


@phase("publish")
def publish_end_to_end(ctx: Context) -> list[Row]:
    """fundgraph's own publish pipeline, extract-free: the list's records come from the generator."""
    from fundgraph.publish import pipeline

    from .synthetic import DOCUMENT

    fake = synthetic_list(ctx.n, ctx.seed)
    pipeline.read_list = lambda path, sheet=None, **options: fake
    shutil.rmtree(ctx.publish_dir, ignore_errors=True)
    start = time.perf_counter()
    result = pipeline.publish([Path(DOCUMENT)], ctx.settings())
    seconds = time.perf_counter() - start
    triples = result.publication["triples"]
    rows = [Row(PUBLISH_LABEL, ctx.n, seconds, triples, extra={"files": len(result.files)})]
    rows += [Row(f"  publish step: {step}", ctx.n, t) for step, t in result.timings.items()]
    return rows


RAW_DUMPS = {"dataset.nq": "N_QUADS", "dataset.nt": "N_TRIPLES", "dataset.ttl": "TURTLE", "dataset.rdf": "RDF_XML",
             "dataset.jsonld": "JSON_LD"}
"""The dumps the floor writes with Oxigraph's own serializers (the publication's, without gzip)."""


@phase("floor")
def floor(ctx: Context) -> list[Row]:
    """The engine underneath, on the publish phase's own data: raw pyoxigraph ``bulk_load`` of the published
    dataset.nq into a fresh on-disk store, then Oxigraph's serializers writing the same dumps from that store
    (the triple formats from every graph's triples, as the publication's are). Ratios: publish's steps
    against these."""
    import pyoxigraph

    source = ctx.publish_dir / "dataset.nq"
    store_dir, folder = ctx.workdir / "floor-store", ctx.workdir / "floor-dumps"
    for path in (store_dir, folder):
        shutil.rmtree(path, ignore_errors=True)
    folder.mkdir(parents=True)
    start = time.perf_counter()
    store = pyoxigraph.Store(str(store_dir))
    store.bulk_load(path=str(source), format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    loaded = time.perf_counter() - start
    quads = len(store)
    dumped: dict[str, float] = {}
    sizes: dict[str, int] = {}
    for name, form in RAW_DUMPS.items():
        rdf_format = getattr(pyoxigraph.RdfFormat, form)
        begin = time.perf_counter()
        if form == "N_QUADS":
            store.dump(str(folder / name), rdf_format)
        else:
            pyoxigraph.serialize((q.triple for q in store.quads_for_pattern(None, None, None, None)),
                                 str(folder / name), rdf_format)
        dumped[name] = time.perf_counter() - begin
        sizes[name] = (folder / name).stat().st_size
        (folder / name).unlink()  # at 1 000 000 the five raw dumps are 22 GB beside the publication's 29
    published = _published_rows(ctx)
    raw_total = loaded + sum(dumped.values())
    rows = [Row("floor: raw bulk_load of dataset.nq into a fresh store", ctx.n, loaded, quads,
                extra={"ratio_map_to_raw": _ratio(published.get("  publish step: map"), loaded)})]
    rows += [Row(f"floor: raw dump {name}", ctx.n, t, quads, extra={"bytes": sizes[name]})
             for name, t in dumped.items()]
    rows.append(Row("floor: raw dumps (all, one after another)", ctx.n, sum(dumped.values()), quads,
                    extra={"ratio_dumps_to_raw": _ratio(published.get("  publish step: dumps"),
                                                        sum(dumped.values()))}))
    rows.append(Row("floor: raw bulk_load + dumps", ctx.n, raw_total, quads,
                    extra={"ratio_publish_to_raw": _ratio(published.get(PUBLISH_LABEL), raw_total)}))
    del store
    shutil.rmtree(store_dir, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    return rows


def _published_rows(ctx: Context) -> dict[str, float]:
    """The publish phase's rows of this run: label → seconds ({} when it did not run)."""
    result = ctx.workdir / "publish.json"
    if not result.is_file():
        return {}
    return {row["phase"]: row["seconds"] for row in json.loads(result.read_text())}


def _ratio(value: float | None, floor: float) -> float | None:
    return round(value / floor, 2) if value is not None and floor else None


class Server:
    """``fundgraph.serve.run`` on a published folder in a child process (production settings: one waitress
    process per core), on a free loopback port; ``url`` is its root. Stopped on exit."""

    def __init__(self, folder: Path, **settings):
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        overrides = {"base_iri": BASE_IRI, "port": self.port, **settings}
        code = ("import sys; from pathlib import Path; from fundgraph.config import load_settings; "
                "from fundgraph.serve import run; "
                f"run(Path({str(folder)!r}), load_settings(None, **{overrides!r}))")
        self.process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.DEVNULL)

    def __enter__(self) -> "Server":
        import requests

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the server exited while starting")
            try:
                requests.get(self.url + "/sparql", params={"query": "ASK {}"}, timeout=2).raise_for_status()
                return self
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("the server did not start within 120 s")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _beneficiary_of(store, case_id: str) -> str:
    rows = list(store.query(f"""SELECT ?b WHERE {{ ?p <http://purl.org/dc/terms/identifier> "{case_id}" ;
        <https://w3id.org/fundgraph/ns#beneficiary> ?b }}""", use_default_graph_as_union=True))
    return rows[0]["b"].value


@phase("queries")
def queries(ctx: Context) -> list[Row]:
    import pyoxigraph
    import requests

    from . import queries as q

    repeats = 5 if ctx.n >= 1_000_000 else 9
    case_id = _sample_ids(ctx, 1)[0]
    rows = []
    with Server(ctx.serve_dir, query_timeout=900.0, max_result_rows=10_000_000) as server:
        store = pyoxigraph.Store.read_only(str(ctx.serve_dir / "store"))
        texts = q.queries(case_id, _beneficiary_of(store, case_id))
        session = requests.Session()
        for name, text in texts.items():
            direct, size = q.median_seconds(q.direct(store, text), repeats)
            http, body = q.median_seconds(q.over_http(session, server.url + "/sparql", text), repeats)
            rows.append(Row(f"query {name}: pyoxigraph", ctx.n, direct, extra={"rows": size}))
            rows.append(Row(f"query {name}: /sparql", ctx.n, http,
                            extra={"bytes": body, "ratio": round(http / direct, 2) if direct else None}))
    return rows


@phase("pages")
def pages(ctx: Context) -> list[Row]:
    from .load import measure

    paths = [f"/project/{case}" for case in _sample_ids(ctx, 2000)]
    rows = []
    with Server(ctx.serve_dir) as server:
        time.sleep(5)  # the server starts its SPARQL worker processes in the background: let them settle
        measure("127.0.0.1", server.port, paths[:50], total=200, seconds=10)  # warm up
        for accept, label in (("text/html", "HTML"), ("text/turtle", "Turtle")):
            result = measure("127.0.0.1", server.port, paths, accept=accept, clients=8, total=20_000, seconds=20)
            rows.append(Row(f"resource pages ({label}), 8 clients", ctx.n, result.seconds,
                            extra={"requests": result.requests, "errors": result.errors, "clients": 8,
                                   "requests_per_second": round(result.per_second, 1),
                                   "median_ms": round(result.median_ms, 1), "p95_ms": round(result.p95_ms, 1)}))
    return rows


SEARCHES = {
    "all, first page": {},
    "word 'innovation'": {"q": "innovation"},
    "prefix 'kommun'": {"q": "kommun"},
    "folded 'Skelleftea'": {"q": "Skelleftea"},
    "fund": {"fund": "ERDF_2021"},
    "fund+priority+municipality": {"fund": "ERDF_2021", "priority": "1", "municipality": "2480"},
    "word+fund+county": {"q": "innovation", "fund": "ERDF_2021", "county": "24"},
    "two words, page 3, by title": {"q": "kommun innovation", "sort": "title", "page": "3"},
}


def _direct_searches(folder: Path, n: int) -> list[Row]:
    """SEARCHES answered on ``folder``/search.sqlite directly: page + total + facets (as /search answers them:
    ``search.total``, ``facets.counted``), median of 9."""
    from fundgraph.publish import facets, search
    from fundgraph.serve.search import parse_query

    from . import queries as q

    db = search.open_index(folder)
    rows = []
    for name, params in SEARCHES.items():
        def run(params=params) -> int:
            db.memory.clear()  # each run plans afresh, as a new request does
            query = parse_query(params)
            found = search.page(db, query, sort=params.get("sort", "granted"),
                                order="asc" if params.get("sort") == "title" else "desc", limit=25,
                                offset=25 * (int(params.get("page", 1)) - 1))
            search.total(db, query)
            facets.counted(db, query)
            return len(found)
        seconds, found = q.median_seconds(run, 9)
        rows.append(Row(f"search {name}: SQLite (page+total+facets)", n, seconds, extra={"rows": found}))
    db.close()
    return rows


@phase("search")
def search_and_caching(ctx: Context) -> list[Row]:
    """The search index of the publish phase's folder: SEARCHES direct on search.sqlite, through /search
    and the browse page; then conditional GETs of project pages (If-None-Match) answered 304, 8 clients."""
    import requests

    from . import queries as q
    from .load import measure

    rows = _direct_searches(ctx.publish_dir, ctx.n)
    with Server(ctx.serve_dir) as server:
        session = requests.Session()
        for name, params in SEARCHES.items():
            def over(path, params=params):
                def run() -> int:
                    response = session.get(server.url + path, params=params, timeout=60)
                    response.raise_for_status()
                    return len(response.content)
                return run
            http, size = q.median_seconds(over("/search"), 9)
            rows.append(Row(f"search {name}: /search JSON", ctx.n, http, extra={"bytes": size}))
            html, size = q.median_seconds(over("/projects"), 5)
            rows.append(Row(f"search {name}: /projects HTML", ctx.n, html, extra={"bytes": size}))
        paths = [f"/project/{case}" for case in _sample_ids(ctx, 500)]
        tags = {}
        for path in paths:
            response = session.get(server.url + path, headers={"Accept": "text/html"}, timeout=60)
            tags[path] = f"If-None-Match: {response.headers['ETag']}\r\n"
        result = measure("127.0.0.1", server.port, paths, accept="text/html", clients=8, total=100_000,
                         seconds=15, extra=tags)
        rows.append(Row("revalidation (If-None-Match → 304), 8 clients", ctx.n, result.seconds,
                        extra={"requests": result.requests, "errors": result.errors,
                               "requests_per_second": round(result.per_second, 1),
                               "median_ms": round(result.median_ms, 2), "p95_ms": round(result.p95_ms, 2)}))
    return rows


@phase("browse")
def browse(ctx: Context) -> list[Row]:
    """The browse page in headless Chromium on the publish phase's folder (served as ``Server`` does): a search
    word, a fund filter, the next page (tests/browser/browse.py, the check tests/test_browser_browse.py runs
    on 2 000 projects); seconds from each click to the page, and whether page 2 follows page 1."""
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    from browser.browse import search_filter_and_page
    from browser.helpers import start_chromium

    rows = []
    with Server(ctx.serve_dir) as server, tempfile.TemporaryDirectory() as profile:
        driver = start_chromium(Path(profile))
        try:
            for word, fund in (("innovation", "ERDF_2021"), ("kommun", "ESF_PLUS")):
                run = search_filter_and_page(driver, server.url, word, fund)
                for step, seconds in run.seconds.items():
                    rows.append(Row(f"browse in Chromium '{word}' + fund {fund}: {step}", ctx.n, seconds,
                                    extra={"heading": run.heading, "rows": len(run.pages[0 if step != "next page" else 1]),
                                           "pages_disjoint": not set(run.pages[0]) & set(run.pages[1])}))
        finally:
            driver.quit()
    return rows


@phase("index")
def index_alone(ctx: Context) -> list[Row]:
    """The search index alone (records → projects table → search.sqlite, as publish builds it, without
    the store or dumps), then SEARCHES on it directly: search and facets at a size whose full publish is
    too long to repeat."""
    from fundgraph.mapping import MappingContext
    from fundgraph.publish.figures import FigureCounter
    from fundgraph.publish.projects import ProjectReader, Tally
    from fundgraph.publish.search import IndexWriter
    from fundgraph.publish.tables import ProjectTable

    folder = ctx.workdir / "index"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "work").mkdir(parents=True)
    settings = ctx.settings()
    start = time.perf_counter()
    counter, table = FigureCounter(), ProjectTable(folder / "work")
    tally = Tally(ProjectReader(MappingContext(settings)), counter, table)
    for _ in tally.watch(ctx.records()):
        pass
    tabulated = time.perf_counter()
    index = IndexWriter(folder)
    table.write(folder, settings, counter, also=index.add)
    written = time.perf_counter()
    index.close()
    done = time.perf_counter()
    size = (folder / "search.sqlite").stat().st_size
    rows = [Row("index: records → project rows", ctx.n, tabulated - start),
            Row("index: CSV + index rows (publish's csv step)", ctx.n, written - tabulated),
            Row("index: numbering, full text, secondary indexes, cubes (publish's search step)", ctx.n, done - written,
                extra={"bytes": size})]
    return rows + _direct_searches(folder, ctx.n)


def _sample_ids(ctx: Context, k: int) -> list[str]:
    rng = random.Random(ctx.seed + 1)
    return [str(20_000_000 + rng.randrange(ctx.n)) for _ in range(k)]


class TreeRss:
    """Samples the summed RSS of this process and all its descendants (workers, a server) every 0.2 s."""

    def __init__(self) -> None:
        import threading

        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.wait(0.2):
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return round(self.peak / 2**20, 1)


@phase("stores")
def stores(ctx: Context) -> list[Row]:
    """The published dataset in an Oxigraph server and in Virtuoso 7 (bench/external_stores.py)."""
    from .external_stores import run_phase

    return run_phase(ctx)


@phase("soak")
def soak(ctx: Context) -> list[Row]:
    """The hostile-load soak test (bench/soak.py): 60 s, the fixture list whatever N is."""
    from .soak import run_phase

    return run_phase(ctx)


def main(argv: list[str]) -> None:
    name, n, workdir, seed = argv[0], int(argv[1]), Path(argv[2]), int(argv[3])
    sampler = TreeRss()
    rows = PHASES[name](Context(n, workdir, seed))
    tree_peak = sampler.stop()
    for row in rows:
        row.extra["peak_tree_rss_mb"] = tree_peak
    (workdir / f"{name}.json").write_text(json.dumps([
        {"phase": r.phase, "n": r.n, "seconds": r.seconds, "triples": r.triples, "extra": r.extra}
        for r in rows]), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
