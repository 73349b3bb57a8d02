"""Facet counts for any filter combination of the browse page, from cubes precomputed at publish time.

A facet lists, for one dimension (``search.DIMENSIONS``: fund, priority, country, county, municipality,
year, beneficiary type), every value with the number of projects and the sums of granted amount and
total budget among the projects the *other* filters select (its own filter is left out, so that the
reader sees the alternatives: the usual "disjunctive" facet). The counts are not computed over the
projects per request: ``build_cubes`` groups the projects once by every dimension (``cube``, each project
once; a few thousand rows) and by every place and dimension (``place_cube``, a project once per
municipality or county it covers), so a facet is a GROUP BY over a few thousand rows whatever the size of
the dataset. Only what the cubes cannot answer — a text search, a beneficiary, or place filters of two
kinds at once — is counted over the selected projects (``project``/``project_place``, indexed).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from .search import DIMENSIONS, Dimension, Query

_PLAIN = [d for d in DIMENSIONS if not d.place]
_COLUMNS = ", ".join(d.column for d in _PLAIN)


def build_cubes(db: sqlite3.Connection) -> None:
    """Create ``cube`` and ``place_cube`` from the ``project`` and ``project_place`` tables."""
    db.executescript(f"""
        CREATE TABLE cube AS SELECT {_COLUMNS}, count(*) AS n, sum(granted) AS granted, sum(budget) AS budget
            FROM project GROUP BY {_COLUMNS};
        CREATE TABLE place_cube AS SELECT pp.kind AS kind, pp.code AS code, {', '.join('p.' + d.column for d in _PLAIN)},
            count(*) AS n, sum(p.granted) AS granted, sum(p.budget) AS budget
            FROM project_place pp JOIN project p ON p.id = pp.project GROUP BY pp.kind, pp.code, {_COLUMNS};
        CREATE INDEX place_cube_code ON place_cube (kind, code);
    """)


def facets(db: sqlite3.Connection, query: Query) -> dict[str, list[dict[str, Any]]]:
    """For every dimension, its values among the projects ``query`` selects without that dimension's own
    filter: ``[{"value", "projects", "granted", "budget"}]``, largest granted amount first (None values,
    a field the lists did not give, are left out)."""
    return {dim.param: _facet(db, dim, query) for dim in DIMENSIONS}


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
        rows = db.execute(f"SELECT {key}, sum(n), sum(granted), sum(budget) FROM {table} WHERE {where} "
                          f"GROUP BY {key}", params)
    entries = [{"value": str(value), "projects": n, "granted": granted or 0, "budget": budget}
               for value, n, granted, budget in rows]
    entries.sort(key=lambda e: (-e["granted"], e["value"]))
    return entries


def _scan(db: sqlite3.Connection, dim: Dimension, query: Query):
    where, params = query.where()
    if dim.place:
        return db.execute(
            "SELECT pp.code, count(*), sum(p.granted), sum(p.budget) FROM project p "
            f"JOIN project_place pp ON pp.project = p.id AND pp.kind = ? WHERE {where} GROUP BY pp.code",
            [dim.param, *params])
    return db.execute(f"SELECT p.{dim.column}, count(*), sum(p.granted), sum(p.budget) FROM project p "
                      f"WHERE {where} AND p.{dim.column} IS NOT NULL GROUP BY p.{dim.column}", params)


def _column(param: str) -> str:
    return next(d.column for d in DIMENSIONS if d.param == param)
