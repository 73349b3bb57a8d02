"""``python -m bench``: measure fundgraph at 10 000, 100 000 and 1 000 000 synthetic projects.

Each phase of each size runs in its own child process (bench/runner.py) so that its peak RSS is its own.
Phases, in order (later ones use what earlier ones left in ``OUT/work-N/``):

  extract    the 7-page fixture PDF → records (once, N is the fixture's 17)
  extract-pages  seconds per PDF page on a long document, one process and worker processes (bench/extract.py)
  generate   synthetic records only (the cost the other phases include for making their input)
  load       (optional) records → triples (map_records) → on-disk pyoxigraph store, alone
  dumps      (optional) every dump written from that store (publish's writer), seconds per file
  publish    fundgraph's publish pipeline end to end, extract-free (records → validated dumps, CSV,
             catalogue, figures), with its own time per step
  floor      the engine underneath on the same data: raw pyoxigraph bulk_load of the published dataset.nq
             into a fresh store and Oxigraph's own serializers writing the dumps; ratios of publish to it
  validate   SHACL validation of the published store: validate_store's default engine (shapes compiled
             to SPARQL) and its pyshacl engine (batches in 2 processes; above 10 000 projects the first
             10 000 are validated and the time extrapolated)
  queries    5 typical SPARQL queries, median of repeated runs, on pyoxigraph directly and through /sparql
  search     the search index: page + total + facets of typical searches and filters on search.sqlite,
             through /search and the browse page; then revalidations (If-None-Match → 304) per second
  browse     (optional) the browse page in headless Chromium: a search word, a fund filter, the next page
             (tests/browser/browse.py), seconds per step
  index      (optional) the search index alone (records → search.sqlite, no store or dumps) and the
             searches of ``search`` on it directly: search and facets at 1 000 000 without a full publish
  pages      resource-page throughput: concurrent HTTP clients on loopback, bounded in count and time
  stores     (optional) publish --store into an Oxigraph server and Virtuoso 7 (and Virtuoso's bulk loader),
             the five queries on each, directly and through /sparql (bench/external_stores.py)
  soak       (optional) 60 s of hostile load at once (bench/soak.py): slow clients, nested and huge
             queries, 100 MB bodies, heavy queries, 16 page clients, a republish; fails unless it holds

It prints a table (phase, N, seconds, triples/s, peak RSS) and writes ``OUT/results-<time>.json``,
``OUT/results-latest.json`` and the table as Markdown, ``OUT/results-<time>.md``. Targets are checked in bench/RESULTS.md, not here.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

from .phases import DEFAULT, ORDER
from .report import markdown, table
from .runner import PhaseFailed, Row, run_phase


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(s.replace("_", "")) for s in text.split(",") if s.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be integers separated by commas, not {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def _phases(text: str) -> list[str]:
    phases = [p.strip() for p in text.split(",") if p.strip()]
    unknown = [p for p in phases if p not in ORDER]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown phase(s) {', '.join(unknown)}; known: {', '.join(ORDER)}")
    return [p for p in ORDER if p in phases]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.split("\n")[2:]))
    parser.add_argument("--sizes", type=_sizes, default=[10_000, 100_000, 1_000_000],
                        help="numbers of projects, comma-separated (default: 10000,100000,1000000)")
    parser.add_argument("--phases", type=_phases, default=list(DEFAULT),
                        help=f"phases to run, comma-separated, from {','.join(ORDER)} "
                             f"(default: {','.join(DEFAULT)})")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results",
                        help="folder for results and work files (default: bench/results/, gitignored)")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the synthetic data (default: 2024)")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds one phase may run (default: 3600)")
    parser.add_argument("--keep", action="store_true", help="keep the work folders (stores, dumps) afterwards")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    failures = []
    for n in args.sizes:
        workdir = args.out / f"work-{n}"
        for phase in args.phases:
            if phase in ("extract", "extract-pages") and n != args.sizes[0]:
                continue
            print(f"[bench] {phase} N={n} ...", file=sys.stderr, flush=True)
            try:
                new = run_phase(phase, n, workdir, args.seed, timeout=args.timeout)
            except PhaseFailed as failure:
                print(f"[bench] FAILED: {failure}", file=sys.stderr, flush=True)
                failures.append({"phase": phase, "n": n, "error": str(failure)[-3000:]})
                continue
            rows.extend(new)
            print(table(new, header=False), file=sys.stderr, flush=True)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    print(table(rows))
    stamp = time.strftime("%Y%m%dT%H%M%S")
    document = {"sizes": args.sizes, "seed": args.seed, "rows": [r.to_json() for r in rows], "failures": failures}
    for name in (f"results-{stamp}.json", "results-latest.json"):
        (args.out / name).write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
    (args.out / f"results-{stamp}.md").write_text(markdown(rows) + "\n", encoding="utf-8")
    print(f"\nwritten {args.out / f'results-{stamp}.json'}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
