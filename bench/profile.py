"""Where the time goes: cProfile of one publish or of resource pages, for the targets the benchmark misses.

    python -m bench.profile publish N [OUT]     publish N synthetic projects (as the publish phase does)
    python -m bench.profile pages FOLDER        200 resource pages of a published folder (Flask test client)

Prints the functions with the most cumulative time (fundgraph's, pyoxigraph's, pyshacl's, rdflib's, Jinja's)
and writes the whole profile to ``OUT/<target>.prof`` (default bench/results/) for snakeviz or pstats.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

from .phases import BASE_IRI, Context, synthetic_list

RESULTS = Path(__file__).resolve().parent / "results"


def profile_publish(n: int, out: Path) -> cProfile.Profile:
    from fundgraph.publish import pipeline

    from .synthetic import DOCUMENT

    with tempfile.TemporaryDirectory(dir=out) as work:
        ctx = Context(n, Path(work), 2024)
        fake = synthetic_list(n, 2024)
        pipeline.read_list = lambda path, sheet=None, **options: fake
        profiler = cProfile.Profile()
        profiler.enable()
        result = pipeline.publish([Path(DOCUMENT)], ctx.settings())
        profiler.disable()
        print({step: round(t, 2) for step, t in result.timings.items()})
    return profiler


def profile_pages(folder: Path) -> cProfile.Profile:
    from fundgraph.config import load_settings
    from fundgraph.serve import create_app

    app = create_app(load_settings(None, base_iri=BASE_IRI), publication_dir=folder)
    client = app.test_client()
    paths = [f"/project/{20_000_000 + i * 7}" for i in range(250)]
    for path in paths[:50]:  # warm up
        client.get(path, headers={"Accept": "text/html"})
    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths[50:]:
        client.get(path, headers={"Accept": "text/html"})
    profiler.disable()
    app.extensions["fundgraph"].backend.close()
    return profiler


def main(argv: list[str]) -> None:
    target = argv[0]
    out = Path(argv[2]) if len(argv) > 2 else RESULTS
    if target not in ("publish", "pages"):
        sys.exit(__doc__)
    out.mkdir(parents=True, exist_ok=True)
    profiler = profile_publish(int(argv[1]), out) if target == "publish" else profile_pages(Path(argv[1]))
    profiler.dump_stats(out / f"{target}.prof")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"fundgraph|pyoxigraph|pyshacl|jinja2/environ", 30)


if __name__ == "__main__":
    main(sys.argv[1:])
