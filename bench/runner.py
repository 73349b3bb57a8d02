"""Run each benchmark phase in a fresh child process and measure its wall time and peak RSS.

A phase runs as ``python -m bench.phases PHASE N WORKDIR SEED`` and writes its result rows as JSON to
``WORKDIR/PHASE.json``. The child is reaped with ``os.wait4``, whose resource usage gives the
peak resident set size of that child and of the grandchildren it waited for (a server it started): the
figure reported for every row of the phase. A fresh process per phase means one phase's caches and
allocator high-water mark never count against the next.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    """One measured figure: ``phase`` (e.g. "load", "dump:ttl", "query:count-per-fund:http"), size ``n``.

    ``seconds`` is wall time; ``triples`` the triples handled (for a rate) or None; ``peak_rss_mb`` the
    peak RSS of the phase's process (MiB); ``extra`` anything else the phase reports.
    """

    phase: str
    n: int
    seconds: float
    triples: int | None = None
    peak_rss_mb: float | None = None
    extra: dict = field(default_factory=dict)

    @property
    def triples_per_second(self) -> float | None:
        if not self.triples or not self.seconds:
            return None
        return self.triples / self.seconds

    def to_json(self) -> dict:
        data = asdict(self)
        data["triples_per_second"] = self.triples_per_second
        return data


class PhaseFailed(RuntimeError):
    """A phase's child process exited non-zero; the message ends with its standard error."""


def run_phase(phase: str, n: int, workdir: Path, seed: int, *, timeout: float | None = None) -> list[Row]:
    """Run ``phase`` for ``n`` projects in a child process; return its rows with peak RSS filled in.

    The child writes its rows to ``WORKDIR/PHASE.json`` and its messages to ``WORKDIR/PHASE.log``.
    Raises PhaseFailed when it exits non-zero or outlives ``timeout`` seconds (it is then killed).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    result = workdir / f"{phase}.json"
    result.unlink(missing_ok=True)
    log = workdir / f"{phase}.log"
    command = [sys.executable, "-m", "bench.phases", phase, str(n), str(workdir), str(seed)]
    start = time.monotonic()
    with log.open("wb") as out:
        child = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if timeout is not None and time.monotonic() - start > timeout:
                child.kill()
                os.wait4(child.pid, 0)
                raise PhaseFailed(f"{phase} at N={n} did not finish within {timeout:g} s")
            time.sleep(0.05)
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    wall = time.monotonic() - start
    if child.returncode != 0 or not result.exists():
        raise PhaseFailed(f"{phase} at N={n} failed (exit {child.returncode}): "
                          f"{log.read_text(errors='replace')[-3000:]}")
    rows = [Row(**row) for row in json.loads(result.read_text())]
    peak = usage.ru_maxrss / 1024  # Linux reports KiB; includes the grandchildren the child waited for
    for row in rows:
        row.peak_rss_mb = round(peak, 1)
        row.extra.setdefault("process_seconds", round(wall, 3))
    return rows
