"""Sort a stream of lines in bounded memory (external merge sort), dropping duplicates.

Dumps are written in sorted order so that the same data always gives the same bytes, whatever order the
store yields quads in, and so that two publications can be compared with a line diff.
"""

from __future__ import annotations

import heapq
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from itertools import groupby
from pathlib import Path

CHUNK_LINES = 500_000
"""Lines sorted in memory at once (about 100 MB of N-Quads); more spill to temporary files."""


def sorted_unique(lines: Iterable[bytes], work_dir: Path, chunk_lines: int = CHUNK_LINES) -> Iterator[bytes]:
    """Yield ``lines`` (bytes, each ending with b"\\n") in byte order, each distinct line once.

    Holds at most ``chunk_lines`` lines in memory; longer inputs are sorted in runs written to temporary
    files in ``work_dir`` and merged. Byte order is code-point order for UTF-8, independent of locale.
    """
    runs: list[Path] = []
    chunk: list[bytes] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= chunk_lines:
            runs.append(_write_run(sorted(set(chunk)), work_dir))
            chunk = []
    if not runs:
        yield from sorted(set(chunk))
        return
    if chunk:
        runs.append(_write_run(sorted(set(chunk)), work_dir))
    with ExitStack() as stack:
        files = [stack.enter_context(run.open("rb")) for run in runs]
        for line, _ in groupby(heapq.merge(*files)):
            yield line
    for run in runs:
        run.unlink(missing_ok=True)


def _write_run(lines: list[bytes], work_dir: Path) -> Path:
    with tempfile.NamedTemporaryFile("wb", dir=work_dir, prefix="run-", suffix=".txt", delete=False) as run:
        run.writelines(lines)
    return Path(run.name)


SORT_MEMORY = "256M"
"""Buffer of each GNU sort process (its ``-S``); more spills to temporary files in the work folder."""


def sort_files(jobs: Iterable[tuple[Path, Path]], work_dir: Path) -> None:
    """Write the lines of each ``(source, target)`` pair's source into its target in byte order, each
    distinct line once (as ``sorted_unique``), all pairs at the same time.

    Uses GNU ``sort`` (coreutils, on every Debian system) with ``LC_ALL=C`` — byte order whatever the
    locale, bounded memory (``SORT_MEMORY``), several cores — about 2–3× faster than the merge sort here
    in Python, which is the fallback where no ``sort`` is found. Raises OSError when a sort fails.
    """
    jobs = list(jobs)
    program = shutil.which("sort")
    if program is None:
        for source, target in jobs:
            with source.open("rb") as lines, target.open("wb") as out:
                out.writelines(sorted_unique(lines, work_dir))
        return
    env = {**os.environ, "LC_ALL": "C"}
    running = [(subprocess.Popen([program, "-u", "-S", SORT_MEMORY, "-T", str(work_dir), "-o", str(target),
                                  str(source)], env=env, stderr=subprocess.PIPE), source)
               for source, target in jobs]
    failures = []
    for process, source in running:
        _, error = process.communicate()
        if process.returncode != 0:
            failures.append(f"{source.name}: {error.decode(errors='replace').strip()}")
    if failures:
        raise OSError(f"sorting failed: {'; '.join(failures)}")
