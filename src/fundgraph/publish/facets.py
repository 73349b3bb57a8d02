"""Facet counts for any filter combination of the browse page, from cubes precomputed at publish time.

A facet lists, for one dimension (``search.DIMENSIONS``: fund, priority, country, county, municipality,
year, beneficiary type, currency), every value with the number of projects and the sums of granted amount
and total budget per currency (decimal text; amounts of different currencies are never added) among the projects the *other* filters select (its own filter is left out, so that the
reader sees the alternatives: the usual "disjunctive" facet). The counts are not computed over the
projects per request: ``build_cubes`` groups the projects once by every dimension (``cube``, each project
once; a few thousand rows) and by every place and dimension (``place_cube``, a project once per
municipality or county it covers), so a facet is a GROUP BY over a few thousand rows whatever the size of
the dataset. Only what the cubes cannot answer — a text search, a beneficiary, or place filters of two
kinds at once — is counted over the selected projects themselves, and over at most FACET_LIMIT of them
(the first in the default order, the largest grants: ``search.selection`` walks them and stops there),
since counting costs time in proportion to the projects; ``counted`` says whether the counts are complete.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .search import DIMENSIONS, Dimension, Query, cents_text, selection

FACET_LIMIT = 1_000
"""Projects over which a facet the cubes cannot answer is counted (the first in the default order): about
20 µs each for the municipality facet (a project covers ~12 municipalities), so some 20 ms."""
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
    first (None values, a field the lists did not give, are left out). See ``counted`` for the bound."""
    return counted(db, query)[0]


def complete(db: sqlite3.Connection, query: Query) -> bool:
    """Whether ``facets(db, query)`` counts every selected project (``counted``)."""
    return counted(db, query)[1]


def counted(db: sqlite3.Connection, query: Query) -> tuple[dict[str, list[dict[str, Any]]], bool]:
    """(``facets``, complete): the facets that the cubes cannot answer are counted over the first
    FACET_LIMIT selected projects in the default order (the largest grants); complete is False when some
    facet's selection was larger."""
    result: dict[str, list[dict[str, Any]]] = {}
    scans: dict[tuple, tuple[Query, list[Dimension]]] = {}
    for dim in DIMENSIONS:
        others = query.without(dim.param)
        places = [p for p in others.filters if p in _PLACE_PARAMS]
        if others.text or "beneficiary" in others.filters or len(places) > 1 or (dim.place and places):
            key = (others.text, tuple(sorted(others.filters.items())))
            scans.setdefault(key, (others, []))[1].append(dim)
        else:
            result[dim.param] = _entries(_from_cube(db, dim, others, places))
    whole = True
    for others, dims in scans.values():
        sql, params = selection(db, others, "p.id", wanted=FACET_LIMIT + 1)
        ids = [row[0] for row in db.execute(f"{sql} LIMIT {FACET_LIMIT + 1}", params)]
        whole = whole and len(ids) <= FACET_LIMIT
        result.update(_from_hits(db, dims, json.dumps(ids[:FACET_LIMIT])))
    return {dim.param: result[dim.param] for dim in DIMENSIONS}, whole


_PLACE_PARAMS = {d.param for d in DIMENSIONS if d.place}
_HITS = "WITH hits(id) AS (SELECT value FROM json_each(?)) "


def _from_cube(db: sqlite3.Connection, dim: Dimension, others: Query, places: list[str]):
    plain = sorted(p for p in others.filters if p not in places)
    conditions = [f"{_column(p)} = ?" for p in plain]
    params: list[Any] = [others.filters[p] for p in plain]
    if dim.place:
        table, key = "place_cube", "code"
        conditions.insert(0, "kind = ?")
        params.insert(0, dim.param)
    elif places:
        table, key = "place_cube", dim.column
        conditions[:0] = ["kind = ?", "code = ?"]
        params[:0] = [places[0], others.filters[places[0]]]
    else:
        table, key = "cube", dim.column
    where = " AND ".join([*conditions, f"{key} IS NOT NULL"])
    return db.execute(f"SELECT {key}, currency, sum(n), sum(granted), sum(budget) FROM {table} WHERE {where} "
                      f"GROUP BY {key}, currency", params)


def _from_hits(db: sqlite3.Connection, dims: list[Dimension], ids: str) -> dict[str, list[dict[str, Any]]]:
    """The facets ``dims`` over the projects ``ids`` (a JSON array): the plain ones from one small cube of
    the hits grouped by every plain dimension, the places one query each."""
    result = {}
    plain = [d for d in dims if not d.place]
    if plain:
        rows = db.execute(f"{_HITS}SELECT {', '.join('p.' + d.column for d in _PLAIN)}, p.currency, count(*), "
                          "sum(p.granted_cents), sum(p.budget_cents) FROM hits CROSS JOIN project p ON p.id = hits.id "
                          f"GROUP BY {', '.join('p.' + d.column for d in _PLAIN)}, p.currency", (ids,)).fetchall()
        for dim in plain:
            at = _PLAIN.index(dim)
            result[dim.param] = _entries((row[at], *row[len(_PLAIN):]) for row in rows if row[at] is not None)
    for dim in (d for d in dims if d.place):
        result[dim.param] = _entries(db.execute(
            f"{_HITS}SELECT pp.code, p.currency, count(*), sum(p.granted_cents), sum(p.budget_cents) FROM hits "
            "CROSS JOIN project p ON p.id = hits.id CROSS JOIN project_place pp ON pp.project = hits.id "
            "AND pp.kind = ? GROUP BY pp.code, p.currency", (ids, dim.param)))
    return result


def _entries(rows) -> list[dict[str, Any]]:
    """Facet entries of (value, currency, projects, granted cents, budget cents) rows, a value's currencies
    summed apart."""
    entries: dict[str, dict[str, Any]] = {}
    for value, currency, n, granted, budget in rows:
        entry = entries.setdefault(str(value), {"value": str(value), "projects": 0, "granted": {}, "budget": {}})
        entry["projects"] += n
        for name, cents in (("granted", granted), ("budget", budget)):
            if cents is not None and currency is not None:
                total = entry[name].get(currency)
                entry[name][currency] = cents if total is None else total + cents
    for entry in entries.values():
        for name in ("granted", "budget"):
            entry[name] = {c: cents_text(v) for c, v in entry[name].items()}
    return sorted(entries.values(), key=lambda e: (-e["projects"], e["value"]))


def _column(param: str) -> str:
    return next(d.column for d in DIMENSIONS if d.param == param)
