"""Write the dataset dumps, sorted so that the same data gives the same bytes.

``dataset.nq`` holds every quad (the data in the default graph, one named graph of provenance per document);
the triple formats hold the union of all graphs, each triple once. The quads are spooled to two work files
as they go into the store (``QuadSpool``: N-Quads, and the same without graph names) — reading them back
out of an on-disk store costs far more (every term is a RocksDB look-up). The two files are sorted in byte
order with duplicates dropped (``sorting.sort_files``: GNU sort, both at once), giving dataset.nq and
dataset.nt; Turtle, RDF/XML and JSON-LD are streamed from the sorted N-Triples, so subjects appear in
sorted order in every format. For a large dataset Turtle, RDF/XML and the JSON-LD (in pieces cut between
subjects, then joined) are written by child processes, both cores busy. Gzip copies are written with no file name and mtime 0, so they too are
byte-identical between runs.
"""

from __future__ import annotations

import gzip
import multiprocessing
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pyoxigraph

from .. import formats
from .jsonld import FOOTER, header, write_nodes
from .sorting import sort_files
from .void import Census

DATASET_STEM = "dataset"
TRIPLE_FORMATS = (formats.NTRIPLES, formats.TURTLE, formats.JSONLD, formats.RDFXML)
GZIPPED = (formats.TURTLE, formats.NTRIPLES)

SPOOL_CHUNK = 5_000
"""Quads serialised to the spool at a time: enough to make each call cheap, few enough that holding
them does not slow the mapping down (50 000 made building each Quad ~3x slower: more for the cyclic
garbage collector to walk)."""

PARALLEL_FROM_BYTES = 64 << 20
"""Size of dataset.nt from which Turtle, RDF/XML and JSON-LD are written by ``DUMP_PROCESSES`` child
processes (starting them costs about a second)."""

DUMP_PROCESSES = 2
"""Child processes writing the dumps of a large dataset (this machine has two cores)."""

JSONLD_PARTS = 4
"""Pieces the JSON-LD dump is written in (each by whichever process is free, then joined): enough for the
two processes to finish together after RDF/XML and Turtle."""


@dataclass(frozen=True)
class DumpCounts:
    """``quads``: distinct quads in dataset.nq; ``triples``: distinct triples of the union graph."""

    quads: int
    triples: int


def dump_name(fmt: formats.Format) -> str:
    """File name of the dataset dump in format ``fmt`` ("dataset.ttl")."""
    return f"{DATASET_STEM}.{fmt.extension}"


class QuadSpool:
    """Quads on their way into the store, copied to ``work_dir``/spool.nq and spool.nt (unsorted, with
    repeats) for ``write_spooled_dumps``. Use ``tee`` on every quad stream given to the store."""

    def __init__(self, work_dir: Path):
        self.nquads = work_dir / "spool.nq"
        self.ntriples = work_dir / "spool.nt"
        self._nq = self.nquads.open("wb")
        self._nt = self.ntriples.open("wb")

    def tee(self, quads: Iterable[pyoxigraph.Quad]) -> Iterator[pyoxigraph.Quad]:
        """Yield ``quads`` unchanged, spooling them in chunks of ``SPOOL_CHUNK``.

        Raises ValueError (from the serialiser) on a blank node or quoted triple only when writing."""
        quads = iter(quads)
        while chunk := list(islice(quads, SPOOL_CHUNK)):
            self._write(chunk)
            yield from chunk

    def write(self, quads: Iterable[pyoxigraph.Quad], also: Callable[[bytes], None]) -> None:
        """Spool ``quads``, giving their N-Quads text to ``also`` too (``loading.BackgroundLoad.write``: the
        store is loaded from the same text). Raises as ``tee``."""
        quads = iter(quads)
        while chunk := list(islice(quads, SPOOL_CHUNK)):
            self._write(chunk, also)

    def write_statements(self, statements: Iterable[tuple[str, str]], also: Callable[[bytes], None]) -> None:
        """Spool quads given as N-Quads text (``mapping.projects.Statement``: the triple's text and the graph
        name's, "" for the default graph), giving their N-Quads lines to ``also`` too (as ``write``)."""
        statements = iter(statements)
        while chunk := list(islice(statements, SPOOL_CHUNK)):
            triples = "".join([f"{triple} .\n" for triple, _ in chunk]).encode()
            self._nt.write(triples)
            if any(graph for _, graph in chunk):
                quads = "".join([f"{triple} {graph} .\n" if graph else f"{triple} .\n" for triple, graph in chunk]
                                ).encode()
            else:  # a quad in the default graph is written in N-Quads exactly as its triple is in N-Triples
                quads = triples
            self._nq.write(quads)
            also(quads)

    def _write(self, chunk: list[pyoxigraph.Quad], also: Callable[[bytes], None] | None = None) -> None:
        default, named = [], []
        for quad in chunk:
            (default if isinstance(quad.graph_name, pyoxigraph.DefaultGraph) else named).append(quad)
        # A quad in the default graph is written in N-Quads exactly as its triple is in N-Triples.
        lines = pyoxigraph.serialize(default, format=pyoxigraph.RdfFormat.N_QUADS)
        self._nt.write(lines)
        self._nq.write(lines)
        if also is not None:
            also(lines)
        if named:
            self._nt.write(pyoxigraph.serialize([q.triple for q in named], format=pyoxigraph.RdfFormat.N_TRIPLES))
            lines = pyoxigraph.serialize(named, format=pyoxigraph.RdfFormat.N_QUADS)
            self._nq.write(lines)
            if also is not None:
                also(lines)

    def close(self) -> None:
        self._nq.close()
        self._nt.close()


def write_dumps(store: pyoxigraph.Store, folder: Path, prefixes: dict[str, str], work_dir: Path,
                census=None) -> DumpCounts:
    """Write dataset.nq, .nt, .ttl, .jsonld, .rdf and .ttl.gz, .nt.gz of ``store`` into ``folder``.

    Reads every quad of the store once (for data that went into the store without a ``QuadSpool``).
    Otherwise as ``write_spooled_dumps``.
    """
    spool = QuadSpool(work_dir)
    for _ in spool.tee(store):
        pass
    return write_spooled_dumps(spool, folder, prefixes, work_dir, census=census)


def write_spooled_dumps(spool: QuadSpool, folder: Path, prefixes: dict[str, str], work_dir: Path,
                        census=None) -> DumpCounts:
    """Write dataset.nq, .nt, .ttl, .jsonld, .rdf and .ttl.gz, .nt.gz into ``folder`` from ``spool``.

    ``prefixes`` (prefix → namespace) are declared in Turtle, RDF/XML and the JSON-LD @context.
    ``work_dir`` holds temporary files (same file system preferred); they are removed, the spool's too.
    ``census``: an object with ``watch(triples) -> triples`` that sees every triple once (``void.Census``).
    Raises OSError when writing or sorting fails, ValueError when the data holds blank nodes.
    """
    prefixes = dict(sorted(prefixes.items()))
    spool.close()
    nq, nt = folder / dump_name(formats.NQUADS), folder / dump_name(formats.NTRIPLES)
    sort_files([(spool.nquads, nq), (spool.ntriples, nt)], work_dir)
    spool.nquads.unlink()
    spool.ntriples.unlink()

    zip_nt = threading.Thread(target=gzip_file, args=(nt,))  # zlib lets go of the GIL: runs beside the rest
    zip_nt.start()
    bounds = subject_bounds(nt, JSONLD_PARTS)
    parts = [work_dir / f"jsonld-{i}.part" for i in range(len(bounds) - 1)]
    # Longest first: RDF/XML, Turtle (and its gzip copy), then the JSON-LD parts fill whichever process is free.
    jobs = [(_write_formats, nt, folder, [formats.RDFXML.extension], prefixes),
            (_write_formats, nt, folder, [formats.TURTLE.extension], prefixes)]
    jobs += [(_write_jsonld_part, nt, start, end, part, prefixes) for start, end, part in zip(bounds, bounds[1:], parts)]
    if nt.stat().st_size >= PARALLEL_FROM_BYTES:
        with ProcessPoolExecutor(DUMP_PROCESSES, mp_context=multiprocessing.get_context("spawn")) as pool:
            results = [future.result() for future in [pool.submit(*job) for job in jobs]]
    else:
        results = [job[0](*job[1:]) for job in jobs]
    triples = 0
    with (folder / dump_name(formats.JSONLD)).open("w", encoding="utf-8") as out:
        out.write(header(prefixes))
        lead = "\n"
        for part, (count, counted) in zip(parts, results[2:]):
            if count:
                out.write(lead)
                out.flush()
                _append(part, out)
                lead = ",\n"
            part.unlink()
            triples += count
            if census is not None:
                census.add(counted)
        out.write(FOOTER)
    zip_nt.join()
    return DumpCounts(quads=_lines(nq), triples=triples)


def subject_bounds(nt: Path, parts: int) -> list[int]:
    """Byte offsets cutting the sorted N-Triples file ``nt`` into at most ``parts`` pieces of about equal
    size, each cut at the first line of a subject (so no subject's triples are split): [0, …, size]."""
    size = nt.stat().st_size
    bounds = [0]
    with nt.open("rb") as lines:
        for i in range(1, parts):
            lines.seek(max(size * i // parts, bounds[-1]))
            if lines.tell() > 0:
                lines.readline()  # the rest of a line cut in the middle
            offset = lines.tell()
            first = lines.readline()
            subject = first[:first.find(b"> <") + 1]
            while first and first.startswith(subject):
                offset = lines.tell()
                first = lines.readline()
            if 0 < offset < size and offset > bounds[-1]:
                bounds.append(offset)
    return bounds + [size]


def gzip_file(path: Path) -> Path:
    """Write ``path``.gz beside ``path`` (no stored name, mtime 0: same input, same bytes); return its path.

    Level 6 (gzip's own default): about twice as fast as Python's default 9 for a few percent more bytes."""
    target = path.with_name(path.name + ".gz")
    with path.open("rb") as source, target.open("wb") as raw, \
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as compressed:
        shutil.copyfileobj(source, compressed, 1 << 20)
    return target


def _write_formats(nt: Path, folder: Path, extensions: list[str], prefixes: dict[str, str]) -> None:
    """Write the dumps in the formats of ``extensions`` from the sorted N-Triples (also in a child process)."""
    for extension in extensions:
        fmt = formats.BY_EXTENSION[extension]
        target = folder / dump_name(fmt)
        pyoxigraph.serialize(_triples(nt), target, fmt.oxigraph, prefixes=prefixes)
        if fmt in GZIPPED:
            gzip_file(target)


def _write_jsonld_part(nt: Path, start: int, end: int, target: Path, prefixes: dict[str, str]) -> tuple[int, Census]:
    """Write the JSON-LD node objects of the lines of ``nt`` in [``start``, ``end``) bytes to ``target`` (also in
    a child process); return the number of triples and their census."""
    census = Census()
    with target.open("w", encoding="utf-8") as out:
        return write_nodes(_text_lines(nt, start, end), out, prefixes, census), census


def _text_lines(path: Path, start: int, end: int) -> Iterator[str]:
    """The lines of ``path`` in bytes [``start``, ``end``) (which begin lines), decoded, without their line break.
    Split on "\\n" only: a literal may hold U+2028 or U+0085, which ``str.splitlines`` would cut at."""
    with path.open("rb") as data:
        data.seek(start)
        rest, carry = end - start, b""
        while rest > 0 and (block := data.read(min(rest, 1 << 24))):
            rest -= len(block)
            block = carry + block
            cut = block.rfind(b"\n") + 1
            carry = block[cut:]
            yield from block[:cut].decode("utf-8").split("\n")[:-1]
        if carry:  # a last line without its line break
            yield carry.decode("utf-8")


def _append(part: Path, out) -> None:
    """Copy the file ``part`` to the end of the open file ``out`` (in the kernel where it can)."""
    with part.open("rb") as source:
        try:
            size = part.stat().st_size
            while size > 0:
                copied = os.copy_file_range(source.fileno(), out.fileno(), size)
                if copied == 0:
                    break
                size -= copied
            if size == 0:
                return
        except OSError:
            pass
        source.seek(0)
        out.flush()
        shutil.copyfileobj(source, out.buffer, 1 << 20)


def _lines(path: Path) -> int:
    count = 0
    with path.open("rb") as data:
        while block := data.read(1 << 24):
            count += block.count(b"\n")
    return count


def _triples(nt: Path) -> Iterator[pyoxigraph.Quad]:
    """The triples of an N-Triples file, as the parser gives them: quads in the default graph (they have
    the subject, predicate and object of a triple, and serialise as one), not copied into Triples."""
    return iter(pyoxigraph.parse(path=nt, format=pyoxigraph.RdfFormat.N_TRIPLES))
