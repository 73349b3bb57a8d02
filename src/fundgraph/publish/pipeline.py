"""``publish``: lists (PDF) → one validated dataset in a folder, swapped in only when complete.

Order of work, all inside a staging folder beside ``settings.out_dir``:
extract each list → map its records (quads streamed into an on-disk pyoxigraph store, the data in the
default graph, provenance in one named graph per document; on the way the quads are spooled for the dumps
and each project is counted for figures.json and tabulated for the CSV files, so that nothing reads the
whole store back) → reference quads and curated links → SHACL validation (refuse on violations) → figures.json → sorted
dumps, and beside them (while child processes write the dumps) the CSV distributions and the search index (search.sqlite) →
DCAT catalogue and VoID → publication.json → atomic swap.
On any error the staging folder is removed and the previous publication stays as it was. Only a folder
that is missing, empty or an earlier publication is replaced (``folder.check_replaceable``). With
``settings.store_url`` the published store is then loaded into that Graph Store Protocol endpoint.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph

from .. import formats
from ..config import Settings, check_settings
from ..errors import PublishError, ValidationFailed
from ..extract import ProjectRecord, hygiene, read_list
from ..mapping import MappingContext, iris, record_statements, reference_quads
from ..mapping.links import link_quads
from ..mapping.periods import list_period
from ..mapping.places import Places
from ..mapping.vocab import NUTS, PREFIXES, WD
from ..validate import validate_store
from .atomic import staging_folder
from .catalog import CatalogFacts, build_catalog, check_catalog, write_catalog
from .dumps import GZIPPED, TRIPLE_FORMATS, QuadSpool, dump_name, write_spooled_dumps
from .figures import FigureCounter
from .files import FileInfo, describe_file
from .loading import BackgroundLoad
from .folder import FIGURES_JSON, PUBLICATION_JSON, STORE_DIR, check_replaceable
from .projects import ProjectReader, Tally
from .search import IndexWriter
from .sources import ListSource, list_sources
from .tables import ProjectTable
from .void import Census, build_void

PARALLEL_VALIDATION_FROM = 20_000
"""Projects from which validation runs in worker processes (each opens the store from disk; starting
them costs about a second)."""


@dataclass
class PublishResult:
    """What ``publish`` wrote.

    ``out_dir``: the publication folder; ``files``: every file in it (not store/) with size, SHA-256 and
    media type; ``figures``: the content of figures.json; ``publication``: the content of publication.json;
    ``warnings``: what was suspicious but not wrong; ``timings``: seconds per step (the "dumps" step runs
    beside "csv" and "search", so the steps add up to more than ``seconds``); ``seconds``: the whole
    publication's wall time; ``loaded``: what went to ``settings.store_url`` (a ``graph_store.LoadResult``),
    None without one.
    """

    out_dir: Path
    files: dict[str, FileInfo]
    figures: dict[str, Any]
    publication: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    loaded: Any = None
    seconds: float = 0.0

    def summary(self) -> str:
        """A few lines for people: what was published where, with the main figures."""
        f = self.figures
        docs = self.publication["documents"]
        lines = [
            f"published {f['projects']} projects ({f['beneficiaries']} beneficiaries; granted "
            f"{_amounts(f['granted_amount'])}; {_budgets(f)}) from {len(docs)} list(s) into {self.out_dir}/",
            f"{self.publication['triples']} triples in {len(self.files)} files; "
            f"took {self.seconds or sum(self.timings.values()):.1f} s",
        ]
        if self.loaded is not None:
            lines.append(self.loaded.summary())
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)


def publish(pdfs: Sequence[Path | ListSource], settings: Settings, *, now: datetime | None = None) -> PublishResult:
    """Publish the lists ``pdfs`` as one dataset into ``settings.out_dir`` (see module docstring). Each is a
    path or a ``sources.ListSource`` (the currency, country, programming period and programme of a list
    whose records do not state them; each document keeps its own provenance graph).

    ``now`` is the publication time written into the catalogue and publication.json (default: the current
    UTC time); it never enters the dataset dumps. Raises the extract/mapping errors of a bad list,
    ConfigError for invalid settings (``config.check_settings``), ValidationFailed when the data does not
    conform (its ``lines``: one per violation, naming file, page and row, case id and the rule in words; its
    ``report``: the full SHACL report), PublishError when ``out_dir`` exists and is not an earlier
    publication (checked before any work), the catalogue lacks a mandatory property or the folder cannot
    be written. On error ``out_dir`` is untouched. StoreError when loading into ``settings.store_url``
    fails (the folder is published by then).
    """
    if not pdfs:
        raise PublishError("no list to publish: give at least one PDF")
    check_settings(settings)
    start = time.perf_counter()
    now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    out_dir = Path(settings.out_dir)
    issued = _previous_issue(out_dir) or now
    timings: dict[str, float] = {}
    clock = _Clock(timings)

    with staging_folder(out_dir, check=check_replaceable) as stage, _writing(out_dir):
        work = stage / ".work"
        work.mkdir()
        store, writable = pyoxigraph.Store(str(stage / STORE_DIR)), True
        try:
            counter, table, spool = FigureCounter(), ProjectTable(work), QuadSpool(work)
            documents, warnings = _load(store, pdfs, settings, clock, counter, table, spool)
            with clock("validate"):
                store.flush()
                # A large store is validated by worker processes that open it read-only from disk. A writable
                # store compacts in the background, deleting files that a read-only opener may have just
                # listed ("No such file ... .sst" at 100 000 projects): it is compacted now (closing it
                # would leave its bulk-loaded files uncompacted, and queries 2.3× slower at 100 000), then
                # closed and read read-only from here on, as nothing writes to it after the load.
                large = counter.projects >= PARALLEL_VALIDATION_FROM
                if large:
                    store.optimize()
                    store, writable = None, False  # the last reference: closed here
                    store = pyoxigraph.Store.read_only(str(stage / STORE_DIR))
                spool.close()  # complete: nothing is written to the store after the links
                report = validate_store(store, settings, store_path=stage / STORE_DIR if large else None,
                                        ntriples=spool.ntriples)
            if not report.conforms:
                raise ValidationFailed(
                    f"the data does not conform to the shapes ({len(report.violations)} violation(s)); "
                    "nothing was published", report.text(), report.lines(warnings=False))
            warnings += [f"validation: {report.line(w)}" for w in report.warnings]
            with clock("figures"):
                figures = counter.figures()
                _write_json(stage / FIGURES_JSON, figures)
            # The dumps are sorted by GNU sort and written by child processes while this thread waits: the CSV
            # files and the search index (Python and SQLite, in this process) are written meanwhile.
            census = Census()
            with ThreadPoolExecutor(1, thread_name_prefix="dumps") as beside:
                dumps = beside.submit(_timed, clock, "dumps", write_spooled_dumps, spool, stage, PREFIXES, work,
                                      census=census)
                with clock("csv"):
                    index = IndexWriter(stage)
                    table.write(stage, settings, counter, also=index.add)
                    warnings += table.notes
                with clock("search"):
                    index.close()
                counts = dumps.result()
            with clock("catalog"):
                files = _describe(stage, sha1=settings.dcat_ap == "2.1.1")
                spatial = _spatial(figures, settings)
                modified = data_modified(out_dir, files, now)
                catalog = build_catalog(settings, CatalogFacts(
                    files=files, spatial=spatial,
                    documents=tuple(iris.document(settings.base_iri, d["sha256"]) for d in documents),
                    issued=issued, modified=modified))
                check_catalog(catalog)
                write_catalog(catalog, stage)
                void_dumps = [dump_name(formats.NQUADS)] + [dump_name(f) for f in TRIPLE_FORMATS] + [
                    dump_name(f) + ".gz" for f in GZIPPED]
                build_void(store, settings, triples=counts.triples, census=census, dumps=void_dumps).serialize(
                    destination=str(stage / "void.ttl"), format=formats.TURTLE.rdflib, encoding="utf-8")
        finally:
            if writable:
                store.flush()
            del store
        for leftover in work.iterdir():
            leftover.unlink()
        work.rmdir()
        # The data files were described (hashed) for the catalogue already: only the newer ones now.
        files = dict(sorted({**files, **_describe(stage, exclude=(PUBLICATION_JSON, *files))}.items()))
        publication = {
            "base_iri": settings.base_iri,
            "dataset": iris.dataset(settings.base_iri),
            "catalog": iris.catalog(settings.base_iri),
            "sparql_endpoint": iris.sparql_endpoint(settings.base_iri),
            "published": now.isoformat(),
            "issued": issued.isoformat(),
            "modified": modified.isoformat(),
            "triples": counts.triples,
            "quads": counts.quads,
            "documents": documents,
            "files": {name: info.to_json() for name, info in files.items()},
        }
        _write_json(stage / PUBLICATION_JSON, publication)
    loaded = None
    if settings.store_url:
        from .graph_store import load_publication  # needs requests: only imported when used

        with clock("store"):
            loaded = load_publication(out_dir, settings.store_url, base_iri=settings.base_iri,
                                      user=settings.store_user)
    return PublishResult(out_dir=out_dir, files=files, figures=figures, publication=publication,
                         warnings=warnings, timings=timings, loaded=loaded, seconds=time.perf_counter() - start)


def _load(store: pyoxigraph.Store, pdfs: Sequence[Path | ListSource], settings: Settings, clock: "_Clock",
          counter: FigureCounter, table: ProjectTable,
          spool: QuadSpool) -> tuple[list[dict[str, Any]], list[str]]:
    """Extract and map every list into ``store``, counting its projects into ``counter`` and ``table`` and
    copying its quads to ``spool`` on the way (one pass over the records); return the documents'
    descriptions and warnings."""
    context = MappingContext(settings)
    tally = Tally(ProjectReader(context), counter, table)
    documents: list[dict[str, Any]] = []
    warnings: list[str] = []
    seen: set[str] = set()
    # The quads reach the store as N-Quads text through Oxigraph's bulk loader, in a thread beside the
    # mapping (loading.BackgroundLoad); the spool keeps the same text for the dumps.
    with BackgroundLoad(store) as load:
        for source in list_sources(pdfs):
            with clock("extract"):
                with hygiene.policy(settings.control_characters):
                    extracted = read_list(source.path, source.sheet, unreadable_cells=settings.unreadable_cells,
                                          swapped_amounts=source.swapped_amounts or settings.swapped_amounts)
            doc = extracted.document
            # The readers' warnings mostly name their file already ("X.xlsx, sheet 'A', row 4: …"): not twice.
            warnings += [w if w.startswith(doc.file_name) else f"{doc.file_name}: {w}" for w in extracted.warnings]
            # The list's period, for its funds: where the list says it, else the source's (a manifest's), else the
            # setting; a period the source gives is no assumed default (warned of only when the list names another).
            period = list_period(extracted, source.programming_period or settings.programming_period,
                                 Settings().programming_period if source.programming_period is None else "",
                                 context.fund_periods)
            if period.warning is not None:
                warnings.append(f"{doc.file_name}: {period.warning}")
            if doc.sha256 in seen:
                warnings.append(f"{doc.file_name}: the same document was given twice; published once")
                continue
            seen.add(doc.sha256)
            documents.append({"file_name": doc.file_name, "sha256": doc.sha256, "pages": doc.page_count,
                              "projects": len(extracted.records),
                              "graph": iris.document_graph(settings.base_iri, doc.sha256)})
            with clock("map"):
                context.period = period.period  # what the list's fund names mean: its own period
                context.language = extracted.language  # its titles, summaries and labels are in its language
                # The programme and NUTS mappings read the period from the context's settings (restored after).
                context.settings = replace(settings, programming_period=period.period)
                records = with_defaults(source.complete(extracted.records), settings.currency, settings.country)
                # Rows alike in every field are numbered here, in list order, before anything mints their IRIs.
                records = iris.number_repeats(records, warnings)
                spool.write_statements(record_statements(tally.watch(records), context.settings, context=context),
                                       load.write)
        context.settings = settings
        with clock("map"):
            spool.write(reference_quads(settings), load.write)
            load.close()  # waits for the loader
    warnings += tally.warnings
    with clock("map"):
        # list(): the links are few, and the store is read (do their subjects exist?) before it is written
        store.bulk_extend(spool.tee(list(link_quads(settings, store=store))))
    documents.sort(key=lambda d: (d["file_name"], d["sha256"]))
    return documents, warnings


def _timed(clock: "_Clock", step: str, work, *args, **kwargs):
    """``work(*args, **kwargs)`` timed as ``step`` (in another thread: the clock adds, and steps may overlap)."""
    with clock(step):
        return work(*args, **kwargs)


def _describe(folder: Path, exclude: tuple[str, ...] = (), *, sha1: bool = False) -> dict[str, FileInfo]:
    """``files.describe_folder``, two files at a time (hashlib lets go of the GIL while hashing)."""
    paths = [p for p in sorted(folder.iterdir()) if p.is_file() and p.name not in exclude]
    with ThreadPoolExecutor(2) as pool:
        infos = pool.map(lambda path: describe_file(path, sha1=sha1), paths)
        return {path.name: info for path, info in zip(paths, infos)}


def _spatial(figures: dict[str, Any], settings: Settings) -> tuple[str, ...]:
    """What the counties of the projects are skos:exactMatch of (Wikidata and NUTS-3 IRIs, as
    reference_quads states them), sorted: the catalogue's dct:spatial."""
    counties = {iris.county(settings.base_iri, c.code): c for c in Places.load().counties}
    places: set[str] = set()
    for row in figures["by_county"]:
        county = counties.get(row["iri"])  # None for an unlinked county: it matches nothing
        if county is not None:
            places.update(namespace + code for namespace, code in ((WD, county.wikidata), (NUTS, county.nuts3))
                          if code)
    return tuple(sorted(places))


@contextmanager
def _writing(out_dir: Path) -> Iterator[None]:
    """Turn a failure to write (disk full, permissions) into a PublishError naming the folder."""
    try:
        yield
    except OSError as error:
        raise PublishError(f"cannot write the publication for {out_dir}: {error.strerror or error}") from None


def _amounts(by_currency: dict[str, str]) -> str:
    """{"SEK": "72750869", "EUR": "1.5"} -> "1.5 EUR + 72 750 869 SEK" (no-break spaces); "none" if empty."""
    parts = [f"{Decimal(v):,} {c}".replace(",", "\u00a0") for c, v in sorted(by_currency.items())]
    return " + ".join(parts) or "none"


def _budgets(figures: dict[str, Any]) -> str:
    """What the figures say of total budgets: their sum and how many projects state one, or "not given"."""
    with_budget, projects = figures["projects_with_budget"], figures["projects"]
    if not with_budget:
        return "total budgets not given"
    which = "" if with_budget == projects else f" ({with_budget} of {projects} projects state one)"
    return f"total budgets {_amounts(figures['total_budget'])}{which}"


def data_modified(out_dir: Path, files: dict[str, FileInfo], now: datetime) -> datetime:
    """When the data last changed: the ``modified`` time of the publication in ``out_dir`` when every
    dataset dump in ``files`` has the SHA-256 it had there (byte-identical data), else ``now``.

    So a republication of the same lists leaves the catalogue's dct:modified alone (DCAT: "the most recent
    date on which the item was changed"), and harvesters see no change where there is none."""
    try:
        previous = json.loads((out_dir / PUBLICATION_JSON).read_text(encoding="utf-8"))
        before = previous["files"]
        modified = datetime.fromisoformat(previous.get("modified") or previous["published"])
    except (OSError, ValueError, KeyError, TypeError):
        return now
    dumps = [name for name in files if name.startswith("dataset.")]
    same = bool(dumps) and all(isinstance(before.get(name), dict) and before[name].get("sha256") == files[name].sha256
                               for name in dumps)
    return modified if same else now


def _previous_issue(out_dir: Path) -> datetime | None:
    """When the dataset was first published, from an existing publication.json (None if there is none)."""
    try:
        previous = json.loads((out_dir / PUBLICATION_JSON).read_text(encoding="utf-8"))
        return datetime.fromisoformat(previous.get("issued") or previous["published"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


class _Clock:
    """``with clock(step):`` adds the block's wall time to ``timings[step]``."""

    def __init__(self, timings: dict[str, float]):
        self.timings = timings

    @contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[step] = self.timings.get(step, 0.0) + time.perf_counter() - start


def with_defaults(records: Iterable[ProjectRecord], currency: str, country: str = "") -> Iterator[ProjectRecord]:
    """The records, those that name no currency (country) given ``currency`` (``country``: the ``currency`` and
    ``country`` settings); a field is left alone when its default is empty."""
    for record in records:
        changes = {}
        if currency and record.currency is None:
            changes["currency"] = currency
        if country and record.country is None:
            changes["country"] = country
        yield replace(record, **changes) if changes else record
