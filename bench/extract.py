"""PDF extraction speed per page (issue 12: at most 0.1 s a page on this machine, both cores used).

``run`` builds a long document of the fixture's 7 pages repeated (qpdf, ``REPEATS`` times), then times
reading it page by page — pdfplumber's glyphs and rules (extract/pdf.py) and the table geometry
(extract/table.py), the work ``fundgraph extract`` does per page — once in one process and once with
the worker processes ``iter_pages`` uses for long documents. Rows report seconds per page and the
speed-up of the parallel reading, pages per second, how much of a page's time is the table geometry
(the rest is pdfminer's parsing), and the load average at the time (the machine is shared: figures
taken under load are not the machine's).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from .runner import ROOT, Row

FIXTURE_PDF = ROOT / "examples" / "granted-projects-vasterbotten.pdf"
REPEATS = 12


def long_document(workdir: Path) -> Path:
    """The fixture's pages REPEATS times over, as one PDF in ``workdir`` (made once)."""
    path = workdir / "long-list.pdf"
    if not path.exists():
        if shutil.which("qpdf") is None:
            raise RuntimeError("qpdf is not installed (`make system` installs it)")
        workdir.mkdir(parents=True, exist_ok=True)
        subprocess.run(["qpdf", "--empty", "--pages", *[str(FIXTURE_PDF)] * REPEATS, "--", str(path)], check=True)
    return path


def _read(path: Path, workers: int) -> tuple[int, float, float]:
    """Pages read, wall seconds, and of those the seconds in the table geometry (the rest is
    pdfplumber/pdfminer parsing the page into glyphs and rules, in this process or the workers)."""
    from fundgraph.extract.pdf import iter_pages, open_pdf
    from fundgraph.extract.table import read_page

    start = time.perf_counter()
    pages = 0
    geometry = 0.0
    with open_pdf(path) as pdf:
        layout = None
        for content in iter_pages(pdf, path.name, workers=workers):
            began = time.perf_counter()
            layout = read_page(content, layout).layout or layout
            geometry += time.perf_counter() - began
            pages += 1
    return pages, time.perf_counter() - start, geometry


def run(workdir: Path) -> list[Row]:
    """Rows: one process, and worker processes, on the long document; pages per second, the share of
    the table geometry, and the load average when measured (the machine is shared)."""
    path = long_document(workdir)
    _read(FIXTURE_PDF, 1)  # warm imports
    pages, one, geometry = _read(path, 1)
    _, parallel, _ = _read(path, 2)
    load = round(os.getloadavg()[0], 1)
    return [Row(f"extract pages, 1 process ({pages} pages)", pages, one,
                extra={"s_per_page": round(one / pages, 4), "pages_per_s": round(pages / one, 2),
                       "geometry_s_per_page": round(geometry / pages, 4),
                       "parse_s_per_page": round((one - geometry) / pages, 4), "load_average": load}),
            Row(f"extract pages, 2 workers ({pages} pages)", pages, parallel,
                extra={"s_per_page": round(parallel / pages, 4), "pages_per_s": round(pages / parallel, 2),
                       "speed_up": round(one / parallel, 2), "target_s_per_page": 0.1, "load_average": load})]
