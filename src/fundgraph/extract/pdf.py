"""Opening a list's PDF safely and reading, page by page, its glyphs and ruling lines (pdfplumber).

Only what a reader sees is read: glyphs a cell's clipping hides (text overflowing into its neighbour)
are left out, as pdfminer, which pdfplumber uses, ignores clipping.

Everything that makes a file unreadable is reported here as an ``ExtractError`` subclass naming the
file (and page): not a PDF, truncated or corrupt, encrypted, a page that is only an image.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import itertools
import multiprocessing
import os
import signal
import sys
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter
from pdfminer.utils import apply_matrix_pt
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

from ..errors import DamagedPdfError, EncryptedPdfError, NotAPdfError, NoTextError
from .fonts import FontRepair

# A PDF's header must be within its first 1024 bytes and its last "%%EOF" within the last 1024
# (ISO 32000-1, 7.5.2 and 7.5.5); a file cut short loses the latter, which pdfminer would silently
# paper over by scanning for objects.
_HEAD_WINDOW = 1024
_TAIL_WINDOW = 1024


class Glyph(NamedTuple):
    """One drawn character: its text (NFC-ready, ligatures expanded), box in PDF points, font size
    and the font's name as the PDF gives it (e.g. "BAAAAA+LiberationSans-Bold")."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str = ""


class Rule(NamedTuple):
    """A ruling line segment in PDF points, top-left origin (``x0 == x1`` for vertical ones)."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class PageContent:
    """What fundgraph reads from one page: 1-based ``number``, glyphs, vertical and horizontal rules."""

    number: int
    width: float
    height: float
    glyphs: list[Glyph]
    vertical: list[Rule]
    horizontal: list[Rule]
    has_images: bool


def file_sha256(path: Path) -> str:
    """SHA-256 of the file's bytes, lower-case hex."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _check_envelope(path: Path) -> None:
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(_HEAD_WINDOW)
            handle.seek(max(0, size - _TAIL_WINDOW))
            tail = handle.read()
    except OSError as error:
        raise NotAPdfError(f"cannot read the file ({error.strerror})", file=name) from None
    if b"%PDF-" not in head:
        raise NotAPdfError("not a PDF (no %PDF- header)", file=name)
    if b"%%EOF" not in tail:
        raise DamagedPdfError("truncated PDF (no %%EOF end marker)", file=name)


def _is_password_error(error: BaseException) -> bool:
    while error is not None:
        if isinstance(error, (PDFPasswordIncorrect, PDFEncryptionError)):
            return True
        error = error.__cause__ or error.__context__ or (error.args[0] if error.args and
                                                         isinstance(error.args[0], BaseException) else None)
    return False


@contextmanager
def open_pdf(path: Path) -> Iterator[pdfplumber.PDF]:
    """Open ``path`` with pdfplumber after checking it is a whole, unencrypted PDF.

    Raises NotAPdfError, DamagedPdfError or EncryptedPdfError (each names the file).
    """
    path = Path(path)
    _check_envelope(path)
    try:
        pdf = pdfplumber.open(path)
        pdf.pages  # parses the page tree, where a damaged file usually fails
    except Exception as error:  # pdfminer raises many unrelated types for broken files
        if _is_password_error(error):
            raise EncryptedPdfError("encrypted PDF (needs a password); publish an unprotected copy",
                                    file=path.name) from None
        raise DamagedPdfError(f"corrupt PDF ({_describe(error)})", file=path.name) from None
    try:
        yield pdf
    finally:
        pdf.close()


def _describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:120] if text else type(error).__name__


#: A callback told (pages read, pages in the document) as a document is read, e.g. to draw a progress bar.
Progress = Callable[[int, int], None]

#: Documents of at least this many pages are read by worker processes, several pages at once.
PARALLEL_FROM_PAGES = 24
#: Pages one worker reads per task (big enough to pay for the hand-over, small enough to stop early).
PAGES_PER_TASK = 8


def iter_pages(pdf: pdfplumber.PDF, file_name: str, workers: int | None = None,
               progress: Progress | None = None) -> Iterator[PageContent]:
    """Yield each page's content in order, releasing pdfplumber's caches as it goes.

    A document of PARALLEL_FROM_PAGES pages or more is read by ``workers`` processes (default: one
    per core, at most 2 — this machine's), pages in order; the consumer may stop early, which stops
    them. ``progress``, if given, is called with (pages read, pages in the document) as each page is
    handed over. Raises DamagedPdfError for a page that cannot be parsed and NoTextError for a page
    that shows images but holds no text.
    """
    path = getattr(pdf.stream, "name", None)
    workers = min(2, os.cpu_count() or 1) if workers is None else workers
    count = len(pdf.pages)
    if workers > 1 and count >= PARALLEL_FROM_PAGES and isinstance(path, str):
        contents = _parallel_pages(path, count, workers)
    else:
        contents = (_content(page) for page in pdf.pages)
    for content in contents:
        if isinstance(content, _PageFailure):
            raise DamagedPdfError(f"corrupt page ({content.description})", file=file_name,
                                  page=content.number) from None
        if not content.glyphs and content.has_images:
            raise NoTextError("page holds only images, no text (a scan?); it needs OCR before it can be read",
                              file=file_name, page=content.number)
        if progress is not None:
            progress(content.number, count)
        yield content


class _PageFailure(NamedTuple):
    number: int
    description: str


def _content(page) -> "PageContent | _PageFailure":
    try:
        return _read_page(page)
    except Exception as error:  # pdfminer raises many unrelated types for a broken page (PSException, ...)
        return _PageFailure(page.page_number, _describe(error))
    finally:
        page.close()


_worker_pdf: pdfplumber.PDF | None = None
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_prctl = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl if sys.platform == "linux" else None


def _open_in_worker(path: str, parent: int) -> None:
    """A worker's start: it dies with the process reading the document (``parent``), even one killed
    without cleaning up (SIGTERM or SIGKILL to ``fundgraph extract``), by asking Linux for SIGTERM when its
    parent dies (``prctl(PR_SET_PDEATHSIG)``); a parent already gone by then ends it at once."""
    global _worker_pdf
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(1)
    _worker_pdf = pdfplumber.open(path)


def _read_in_worker(first: int, last: int) -> list:
    return [_content(_worker_pdf.pages[index]) for index in range(first, last)]


def _parallel_pages(path: str, count: int, workers: int) -> Iterator:
    # "fork": the workers only parse the file, and need nothing imported again (spawn would re-run
    # the caller's __main__).
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_open_in_worker, initargs=(path, os.getpid()))
    tasks = iter(range(0, count, PAGES_PER_TASK))
    pending: deque = deque()
    yielded = 0
    try:
        for first in itertools.islice(tasks, 2 * workers):
            pending.append(pool.submit(_read_in_worker, first, min(first + PAGES_PER_TASK, count)))
        while pending:
            try:
                done = pending.popleft().result()
            except BrokenProcessPool:  # a worker died (killed, out of memory): read the rest here
                with pdfplumber.open(path) as pdf:
                    yield from (_content(pdf.pages[index]) for index in range(yielded, count))
                return
            first = next(tasks, None)
            if first is not None:
                pending.append(pool.submit(_read_in_worker, first, min(first + PAGES_PER_TASK, count)))
            yielded += len(done)
            yield from done
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


class _ClippedState(PDFGraphicState):
    """pdfminer's graphics state with the clipping area: a box (x0, y0, x1, y1) in page space, or None."""

    clip: tuple[float, float, float, float] | None = None

    def copy(self) -> "_ClippedState":
        state = _ClippedState()
        state.__dict__.update(self.__dict__)
        return state


class _ClippingInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter keeping the clipping area, which it otherwise ignores (the ``W``/``W*``
    operators, ISO 32000-1, 8.5.4): the box of each clipping path, intersected with the area before it,
    saved and restored with the graphics state and passed on to form XObjects. A box: a cell's clipping
    path is its rectangle, and for any other path the box is wider than what it shows, never narrower."""

    inherited: tuple[float, float, float, float] | None = None

    def dup(self) -> "_ClippingInterpreter":
        child = super().dup()
        child.inherited = self.graphicstate.clip
        return child

    def init_state(self, ctm) -> None:
        super().init_state(ctm)
        self.graphicstate = _ClippedState()
        self.graphicstate.clip = self.inherited

    def _clip_to_path(self) -> None:
        points = [apply_matrix_pt(self.ctm, (segment[i], segment[i + 1]))
                  for segment in self.curpath for i in range(1, len(segment) - 1, 2)]
        if not points:
            return
        box = (min(x for x, _ in points), min(y for _, y in points), max(x for x, _ in points),
               max(y for _, y in points))
        if self.graphicstate.clip is not None:
            old = self.graphicstate.clip
            box = (max(box[0], old[0]), max(box[1], old[1]), min(box[2], old[2]), min(box[3], old[3]))
        self.graphicstate.clip = box

    def do_W(self) -> None:
        self._clip_to_path()

    def do_W_a(self) -> None:
        self._clip_to_path()


# How far (points) a glyph's centre may lie outside its clipping area and still be seen (half-visible glyphs).
CLIP_TOLERANCE = 0.5


class _ClippingAggregator(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's page device, leaving out each glyph whose centre lies left or right of the clipping
    area it is drawn in: a cell's text that overflows into a filled neighbour is clipped at the cell's
    edge (Excel's export clips each such cell), and its hidden letters would otherwise mix into the
    neighbour's text. Glyphs above or below their area are kept: a header's last line set below its
    rule is hidden the same way, and ``table._overflowing_header`` reads it as the header's."""

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate, *args, **kwargs):
        advance = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate, *args, **kwargs)
        clip = getattr(graphicstate, "clip", None)
        if clip is not None:
            glyph = self.cur_item._objs[-1]
            if not clip[0] - CLIP_TOLERANCE <= (glyph.x0 + glyph.x1) / 2 <= clip[2] + CLIP_TOLERANCE:
                self.cur_item._objs.pop()
        return advance


def _lay_out_visible(page) -> None:
    """Lay ``page`` out as pdfplumber does, with the glyphs hidden by clipping left out (see
    ``_ClippingAggregator``); pdfplumber's page then reads its chars and edges from this layout."""
    device = _ClippingAggregator(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    _ClippingInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()  # pdfplumber's own cache of Page.layout


def _read_page(page) -> PageContent:
    _lay_out_visible(page)
    glyphs = _glyphs(page.chars, FontRepair(page.page_obj).text)
    vertical, horizontal = [], []
    for edge in page.edges:
        rule = Rule(edge["x0"], edge["top"], edge["x1"], edge["bottom"])
        if edge["orientation"] == "v":
            vertical.append(rule)
        else:
            horizontal.append(rule)
    return PageContent(page.page_number, float(page.width), float(page.height), glyphs,
                       vertical, horizontal, bool(page.images))


def _glyphs(chars: list[dict], repair=lambda text, font: text) -> list[Glyph]:
    """Turn pdfplumber chars into glyphs: combining marks joined to their base, ligatures expanded,
    white space dropped (word gaps are measured from positions); ``repair(text, font name)`` gives the
    text of a glyph pdfminer left undecoded (see ``fonts.FontRepair``)."""
    glyphs: list[Glyph] = []
    for char in chars:
        text = repair(char["text"], char.get("fontname") or "")
        if not text or text.isspace():
            continue
        if unicodedata.combining(text[0]) and glyphs:
            base = glyphs[-1]
            glyphs[-1] = base._replace(text=base.text + text, x1=max(base.x1, char["x1"]))
            continue
        glyphs.append(Glyph(_expand_ligatures(text), char["x0"], char["x1"], char["top"], char["bottom"],
                            char["size"] or (char["bottom"] - char["top"]), char.get("fontname") or ""))
    return glyphs


def _expand_ligatures(text: str) -> str:
    # Only the Latin presentation-form ligatures (U+FB00-FB06: ff, fi, fl, ffi, ffl, ſt, st) are
    # decomposed; full NFKC would also rewrite superscripts, fractions and the like.
    if any("\ufb00" <= c <= "\ufb06" for c in text):
        return "".join(unicodedata.normalize("NFKC", c) if "\ufb00" <= c <= "\ufb06" else c for c in text)
    return text
