"""The publication's search index (``search.sqlite``): full text over titles, summaries and beneficiary
names, and the project table the browse page pages and facets over.

Built at publish time from the projects.csv rows (``tables.ProjectTable.rows``), inside the publication
folder, so that it is switched in with the rest of the publication and never disagrees with the data.
SQLite FTS5 rather than tantivy: Python ships it (no dependency, no native wheel to build), one file
opened read-only by every server worker, and its ``unicode61`` tokenizer with ``remove_diacritics 2``
folds å/ä/ö/é/ü… to their base letters in every language the lists come in ("Skelleftea" finds
"Skellefteå"). FTS5 has no Swedish stemmer (tantivy's Snowball one would be the reason to switch); every
word searched is matched as a prefix instead, which covers the suffix-inflecting languages of the lists
("kommun" finds "kommuner", "kommunen"; "projekt" finds "projektet").

Tables: ``project`` (one row per project, case-id order; codes and amounts for filters, facets and the
browse table), ``project_place`` (project × municipality/county code), ``project_text`` (FTS5, contentless,
rowid = project id) and the facet cubes of ``facets``. Amounts are kept as the decimal text of the records
(``granted``, ``budget``) and, for sorting and sums, in hundredths of the project's ``currency``
(``granted_cents``, ``budget_cents``: integers, so sums are exact).
"""

from __future__ import annotations

import re
import sqlite3
from decimal import Decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEARCH_DB = "search.sqlite"
MAX_WORDS = 12
"""Words of a search used (a longer text is cut: each word is one more FTS5 term list to intersect)."""

SCHEMA = """
CREATE TABLE project (
    id INTEGER PRIMARY KEY, iri TEXT NOT NULL, case_id TEXT, title TEXT NOT NULL,
    beneficiary TEXT NOT NULL, beneficiary_iri TEXT NOT NULL, fund_code TEXT, fund TEXT,
    priority INTEGER, country TEXT, year INTEGER, beneficiary_type TEXT, currency TEXT,
    granted TEXT, budget TEXT, granted_cents INTEGER, budget_cents INTEGER);
CREATE TABLE project_place (project INTEGER NOT NULL, kind TEXT NOT NULL, code TEXT NOT NULL);
CREATE VIRTUAL TABLE project_text USING fts5(
    title, summary, beneficiary, content='', columnsize=0, detail=column,
    tokenize="unicode61 remove_diacritics 2");
"""
INDEXES = """
CREATE INDEX project_granted ON project (granted_cents DESC, case_id);
CREATE INDEX project_budget ON project (budget_cents DESC, case_id);
CREATE INDEX project_title ON project (title, case_id);
CREATE INDEX project_case ON project (case_id);
CREATE INDEX project_fund ON project (fund_code, granted_cents DESC);
CREATE INDEX project_priority ON project (priority, granted_cents DESC);
CREATE INDEX project_beneficiary ON project (beneficiary_iri);
CREATE INDEX project_year ON project (year);
CREATE INDEX place_code ON project_place (kind, code, project);
CREATE INDEX place_project ON project_place (project);
"""
PLACE_KINDS = {"municipality": "kommunkoder", "county": "county_codes"}
"""project_place kinds and the projects.csv row lists they come from."""


@dataclass(frozen=True)
class Dimension:
    """A facet: its URL parameter, the ``project`` column (or project_place kind, ``place``) it counts."""

    param: str
    column: str
    place: bool = False


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("fund", "fund_code"),
    Dimension("priority", "priority"),
    Dimension("country", "country"),
    Dimension("county", "county", place=True),
    Dimension("municipality", "municipality", place=True),
    Dimension("year", "year"),
    Dimension("beneficiary_type", "beneficiary_type"),
    Dimension("currency", "currency"),
)
DIMENSION_BY_PARAM = {d.param: d for d in DIMENSIONS}
FILTER_PARAMS = (*DIMENSION_BY_PARAM, "beneficiary")
"""Filters the index answers: the facets, plus ``beneficiary`` (its IRI)."""


class IndexWriter:
    """Writes ``search.sqlite`` into a folder one projects.csv row at a time (``add``), then ``close``.

    A row is a ``tables.ProjectTable.rows`` dict (amounts as decimal text); ``country``, ``year`` (or
    ``start_date``) and ``beneficiary_type`` are used when the row has them (absent: NULL, never counted).
    """

    BATCH = 5_000

    def __init__(self, folder: Path):
        self.path = Path(folder) / SEARCH_DB
        self.path.unlink(missing_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=8192;"
                               "PRAGMA cache_size=-200000;" + SCHEMA)
        self._projects: list[tuple] = []
        self._places: list[tuple] = []
        self._texts: list[tuple] = []
        self.count = 0

    def add(self, row: Mapping[str, Any]) -> None:
        self.count += 1
        pid = self.count
        year = row.get("year")
        if year is None and row.get("start_date"):
            year = int(str(row["start_date"])[:4])
        granted, budget = row.get("granted_amount"), row.get("total_budget")
        self._projects.append((
            pid, row["project_iri"], row.get("case_id"), row["title"], row["beneficiary"], row["beneficiary_iri"],
            row.get("fund_code") or None, row.get("fund"), row.get("priority_number"), row.get("country"), year,
            row.get("beneficiary_type"), row.get("currency"), granted, budget, _cents(granted), _cents(budget)))
        for kind, key in PLACE_KINDS.items():
            self._places.extend((pid, kind, code) for code in row.get(key) or ())
        self._texts.append((pid, row["title"], row.get("summary") or "", row["beneficiary"]))
        if len(self._projects) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        db = self._db
        db.executemany("INSERT INTO project VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", self._projects)
        db.executemany("INSERT INTO project_place VALUES (?,?,?)", self._places)
        db.executemany("INSERT INTO project_text (rowid, title, summary, beneficiary) VALUES (?,?,?,?)",
                       self._texts)
        self._projects.clear()
        self._places.clear()
        self._texts.clear()

    def close(self) -> Path:
        """Finish the index (secondary indexes, facet cubes, FTS merge, ANALYZE); return its path."""
        from .facets import build_cubes

        self._flush()
        db = self._db
        db.executescript(INDEXES)
        build_cubes(db)
        db.execute("INSERT INTO project_text (project_text) VALUES ('optimize')")
        db.commit()
        db.execute("ANALYZE")
        db.commit()
        db.close()
        return self.path


def _cents(amount: str | None) -> int | None:
    return None if amount is None else int(Decimal(amount).scaleb(2).to_integral_value())


def cents_text(cents: int | None) -> str | None:
    """Hundredths as decimal text without trailing zeros ("1234500" → "12345", 1 → "0.01")."""
    if cents is None:
        return None
    text = format(Decimal(cents).scaleb(-2), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def words(text: str) -> list[str]:
    """The words of a reader's search ``text`` (runs of letters and digits), at most MAX_WORDS."""
    return re.findall(r"\w+", text)[:MAX_WORDS]


def match_expression(text: str) -> str | None:
    """The FTS5 MATCH expression for a reader's search ``text``: every word (folded by the tokenizer) as a
    quoted prefix term, all required; None when the text has no word."""
    return " ".join(f'"{w}"*' for w in words(text)) or None


def open_index(folder: Path | None) -> sqlite3.Connection | None:
    """The folder's search.sqlite opened read-only (immutable: a publication never changes), or None
    when the folder has none. One connection per thread (sqlite3's rule): the caller keeps it per thread."""
    if folder is None or not (Path(folder) / SEARCH_DB).is_file():
        return None
    db = sqlite3.connect(f"file:{Path(folder) / SEARCH_DB}?mode=ro&immutable=1", uri=True,
                         check_same_thread=False)
    db.execute("PRAGMA cache_size=-64000")
    return db


@dataclass(frozen=True)
class Query:
    """What the index is asked: ``text`` searched, ``filters`` (param → value: a fund code, priority
    number, country code, county code, kommunkod, year, beneficiary type, or a beneficiary IRI)."""

    text: str = ""
    filters: Mapping[str, str] = None  # type: ignore[assignment]

    def __post_init__(self):
        if self.filters is None:
            object.__setattr__(self, "filters", {})

    def where(self, exclude: str | None = None, alias: str = "p", *, text_limit: int | None = None
              ) -> tuple[str, list[Any]]:
        """SQL condition on ``project`` rows (``alias``) and its parameters, leaving out filter ``exclude``;
        with ``text_limit`` only the first that many projects (in case-id order) matching the text count."""
        clauses: list[str] = []
        params: list[Any] = []
        expression = match_expression(self.text) if self.text else None
        if self.text:
            limit = f" ORDER BY rowid LIMIT {int(text_limit)}" if text_limit is not None else ""
            clauses.append(f"{alias}.id IN (SELECT rowid FROM project_text WHERE project_text MATCH ?{limit})")
            params.append(expression or '""')
        for param, value in sorted(self.filters.items()):
            if param == exclude:
                continue
            if param == "beneficiary":
                clauses.append(f"{alias}.beneficiary_iri = ?")
            else:
                dim = DIMENSION_BY_PARAM[param]
                if dim.place:
                    clauses.append(f"{alias}.id IN (SELECT project FROM project_place WHERE kind = ? AND code = ?)")
                    params.append(dim.param)
                else:
                    clauses.append(f"{alias}.{dim.column} = ?")
            params.append(value)
        return (" AND ".join(clauses) or "1"), params


SORT_COLUMNS = {"title": "title", "granted": "granted_cents", "budget": "budget_cents", "case_id": "case_id"}
ROW_COLUMNS = ("iri", "case_id", "title", "beneficiary", "fund_code", "fund", "currency", "granted", "budget")


def page(db: sqlite3.Connection, query: Query, *, sort: str = "granted", order: str = "desc",
         limit: int = 25, offset: int = 0) -> list[dict[str, Any]]:
    """One page of the projects ``query`` selects, sorted by ``sort`` (SORT_COLUMNS; ties by case id),
    each a dict of ROW_COLUMNS. Raises KeyError for an unknown sort."""
    column = SORT_COLUMNS[sort]
    direction = "DESC" if order == "desc" else "ASC"
    where, params = query.where()
    tiebreak = "" if column == "case_id" else ", p.case_id"
    nulls = f"p.{column} IS NULL, " if column != "title" else ""
    sql = (f"SELECT {', '.join('p.' + c for c in ROW_COLUMNS)} FROM project p WHERE {where} "
           f"ORDER BY {nulls}p.{column} {direction}{tiebreak} LIMIT ? OFFSET ?")
    return [dict(zip(ROW_COLUMNS, row)) for row in db.execute(sql, [*params, int(limit), int(offset)])]


def count(db: sqlite3.Connection, query: Query) -> int:
    """Number of projects ``query`` selects."""
    where, params = query.where()
    return db.execute(f"SELECT count(*) FROM project p WHERE {where}", params).fetchone()[0]


def known_values(db: sqlite3.Connection, param: str) -> set[str]:
    """Every value facet ``param`` has in the index, as text (the whitelist for its filter)."""
    dim = DIMENSION_BY_PARAM[param]
    if dim.place:
        rows = db.execute("SELECT DISTINCT code FROM project_place WHERE kind = ?", (dim.param,))
    else:
        rows = db.execute(f"SELECT DISTINCT {dim.column} FROM project WHERE {dim.column} IS NOT NULL")
    return {str(value) for (value,) in rows}


def build(rows: Iterable[Mapping[str, Any]], folder: Path) -> Path:
    """Write search.sqlite for ``rows`` (projects.csv rows) into ``folder``; return its path."""
    writer = IndexWriter(folder)
    for row in rows:
        writer.add(row)
    return writer.close()

