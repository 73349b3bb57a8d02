"""Facet counts for any filter combination of the browse page, from cubes precomputed at publish time.

A facet lists, for one dimension (``search.DIMENSIONS``: fund, priority, country, county, municipality,
year, beneficiary type, currency), every value with the number of projects and the sums of granted amount
and total budget per currency (decimal text; amounts of different currencies are never added) among the projects the *other* filters select (its own filter is left out, so that the
reader sees the alternatives: the usual "disjunctive" facet). The counts are not computed over the
projects per request: ``build_cubes`` groups the projects once by every dimension (``cube``, each project
once; a few thousand rows) and by every place and dimension (``place_cube``, a project once per
municipality or county it covers), so a facet is a GROUP BY over a few thousand rows whatever the size of
the dataset. Only what the cubes cannot answer — a text search, a beneficiary, or place filters of two
kinds at once — is counted over the selected projects (``project``/``project_place``, indexed); for a text
search over at most TEXT_FACET_LIMIT of them (the first in case-id order), since counting costs time in
proportion to the matches (about 10 µs each over seven facets): ``facets`` says whether the counts are
complete.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from .search import DIMENSIONS, Dimension, Query, cents_text, match_expression

TEXT_FACET_LIMIT = 10_000
"""Projects matching a text search over which its facets are counted (some 50 ms on this machine, quiet)."""
_PLAIN = [d for d in DIMENSIONS if not d.place]
_COLUMNS = ", ".join(d.column for d in _PLAIN)


def build_cubes(db: sqlite3.Connection) -> None:
    """Create ``cube`` and ``place_cube`` from the ``project`` and ``project_place`` tables."""
    db.executescript(f"""
        CREATE TABLE cube AS SELECT {_COLUMNS}, count(*) AS n, sum(granted_cents) AS granted,
            sum(budget_cents) AS budget FROM project GROUP BY {_COLUMNS};
        CREATE TABLE place_cube AS SELECT pp.kind AS kind, pp.code AS code, {', '.join('p.' + d.column for d in _PLAIN)},
            count(*) AS n, sum(p.granted_cents) AS granted, sum(p.budget_cents) AS budget
            FROM project_place pp JOIN project p ON p.id = pp.project GROUP BY pp.kind, pp.code, {_COLUMNS};
        CREATE INDEX place_cube_code ON place_cube (kind, code);
    """)


def facets(db: sqlite3.Connection, query: Query) -> dict[str, list[dict[str, Any]]]:
    """For every dimension, its values among the projects ``query`` selects without that dimension's own
    filter: ``[{"value", "projects", "granted", "budget"}]`` (sums: currency → decimal text), most projects
    first (None values,
    a field the lists did not give, are left out). With a text search matching more than TEXT_FACET_LIMIT
    projects the counts are of the first TEXT_FACET_LIMIT only (``complete`` tells)."""
    return {dim.param: _facet(db, dim, query) for dim in DIMENSIONS}


def complete(db: sqlite3.Connection, query: Query) -> bool:
    """Whether ``facets(db, query)`` counts every selected project (False: a text search matching more
    than TEXT_FACET_LIMIT projects, counted over the first of them)."""
    if not query.text:
        return True
    expression = match_expression(query.text) or '""'
    return db.execute("SELECT count(*) FROM (SELECT 1 FROM project_text WHERE project_text MATCH ? LIMIT ?)",
                      (expression, TEXT_FACET_LIMIT + 1)).fetchone()[0] <= TEXT_FACET_LIMIT


def _facet(db: sqlite3.Connection, dim: Dimension, query: Query) -> list[dict[str, Any]]:
    others = {p: v for p, v in query.filters.items() if p != dim.param}
    places = {p: v for p, v in others.items() if p in ("county", "municipality")}
    plain = {p: v for p, v in others.items() if p not in places}
    if query.text or "beneficiary" in others or len(places) > 1 or (dim.place and places):
        rows = _scan(db, dim, Query(query.text, others))
    else:
        conditions = [f"{_column(p)} = ?" for p in sorted(plain)]
        params: list[Any] = [plain[p] for p in sorted(plain)]
        if dim.place:
            table, key = "place_cube", "code"
            conditions.insert(0, "kind = ?")
            params.insert(0, dim.param)
        elif places:
            ((kind, code),) = places.items()
            table, key = "place_cube", dim.column
            conditions[:0] = ["kind = ?", "code = ?"]
            params[:0] = [kind, code]
        else:
            table, key = "cube", dim.column
        where = " AND ".join([*conditions, f"{key} IS NOT NULL"])
        rows = db.execute(f"SELECT {key}, currency, sum(n), sum(granted), sum(budget) FROM {table} WHERE {where} "
                          f"GROUP BY {key}, currency", params)
    entries: dict[str, dict[str, Any]] = {}
    for value, currency, n, granted, budget in rows:
        entry = entries.setdefault(str(value), {"value": str(value), "projects": 0, "granted": {}, "budget": {}})
        entry["projects"] += n
        for name, cents in (("granted", granted), ("budget", budget)):
            if cents is not None and currency is not None:
                entry[name][currency] = cents_text(cents)
    return sorted(entries.values(), key=lambda e: (-e["projects"], e["value"]))


def _scan(db: sqlite3.Connection, dim: Dimension, query: Query):
    if query.text:
        # The matches first (at most TEXT_FACET_LIMIT), then their rows: CROSS JOIN keeps SQLite from
        # walking a whole facet index instead and probing the matches for every project.
        where, params = Query("", query.filters).where()
        hits = ("WITH hits(id) AS MATERIALIZED (SELECT rowid FROM project_text WHERE project_text MATCH ? "
                f"ORDER BY rowid LIMIT {int(TEXT_FACET_LIMIT)}) ")
        params = [match_expression(query.text) or '""', *params]
        source = "hits CROSS JOIN project p ON p.id = hits.id"
    else:
        where, params = query.where()
        hits, source = "", "project p"
    if dim.place:
        return db.execute(
            f"{hits}SELECT pp.code, p.currency, count(*), sum(p.granted_cents), sum(p.budget_cents) FROM {source} "
            f"CROSS JOIN project_place pp ON pp.project = p.id AND pp.kind = ? WHERE {where} "
            "GROUP BY pp.code, p.currency",
            [*params[:1], dim.param, *params[1:]] if hits else [dim.param, *params])
    return db.execute(f"{hits}SELECT p.{dim.column}, p.currency, count(*), sum(p.granted_cents), "
                      f"sum(p.budget_cents) FROM {source} WHERE {where} AND p.{dim.column} IS NOT NULL "
                      f"GROUP BY p.{dim.column}, p.currency", params)


def _column(param: str) -> str:
    return next(d.column for d in DIMENSIONS if d.param == param)
