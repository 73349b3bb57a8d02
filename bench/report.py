"""The benchmark's table: one line per measured figure."""

from __future__ import annotations

from collections.abc import Iterable

from .runner import Row

COLUMNS = ("phase", "N", "seconds", "triples", "triples/s", "peak RSS MiB", "tree RSS MiB", "notes")
"""``peak RSS``: the largest single process of the phase (kernel's ru_maxrss); ``tree RSS``: the largest sum
over the phase's process and its children (workers, server), sampled every 0.2 s."""


def _number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return ""
    return f"{value:,.{digits}f}".replace(",", " ")


def _notes(row: Row) -> str:
    keys = ("conforms", "violations", "batches", "rows", "requests_per_second", "requests", "errors", "bytes",
            "ratio", "median_ms", "p95_ms", "measured_s", "files", "load", "error")
    return " ".join(f"{k}={row.extra[k]}" for k in keys if k in row.extra)


def table(rows: Iterable[Row], header: bool = True) -> str:
    """Rows as a fixed-width text table (seconds to 3 decimals; thousands separated by spaces)."""
    lines = []
    cells = [(r.phase, _number(r.n), f"{r.seconds:.3f}", _number(r.triples), _number(r.triples_per_second),
              _number(r.peak_rss_mb), _number(r.extra.get("peak_tree_rss_mb")), _notes(r)) for r in rows]
    widths = [max([len(c[i]) for c in cells] + [len(COLUMNS[i]) if header else 0]) for i in range(len(COLUMNS))]
    if header:
        lines.append("  ".join(h.ljust(w) for h, w in zip(COLUMNS, widths)))
        lines.append("  ".join("-" * w for w in widths))
    for c in cells:
        lines.append("  ".join([c[0].ljust(widths[0])] + [v.rjust(w) for v, w in zip(c[1:-1], widths[1:-1])]
                               + [c[-1]]))
    return "\n".join(lines)


def markdown(rows: Iterable[Row]) -> str:
    """Rows as a Markdown table (for bench/RESULTS.md)."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        cells = [r.phase.strip(), _number(r.n), f"{r.seconds:.3f}", _number(r.triples), _number(r.triples_per_second),
                 _number(r.peak_rss_mb), _number(r.extra.get("peak_tree_rss_mb")), _notes(r)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
