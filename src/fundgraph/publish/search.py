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

import math
import re
import sqlite3
import unicodedata
from decimal import Decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEARCH_DB = "search.sqlite"
MAX_WORDS = 12
"""Words of a search used (a longer text is cut: each word is one more FTS5 term list to intersect)."""

STAGING = """
CREATE TABLE project_in (
    seq INTEGER PRIMARY KEY, iri TEXT NOT NULL, case_id TEXT, title TEXT NOT NULL,
    beneficiary TEXT NOT NULL, beneficiary_iri TEXT NOT NULL, fund_code TEXT, fund TEXT,
    priority INTEGER, country TEXT, year INTEGER, beneficiary_type TEXT, currency TEXT,
    granted TEXT, budget TEXT, granted_cents INTEGER, budget_cents INTEGER);
CREATE TABLE place_in (seq INTEGER NOT NULL, kind TEXT NOT NULL, code TEXT NOT NULL);
CREATE TABLE summary_in (seq INTEGER PRIMARY KEY, summary TEXT);
"""
"""Rows as they arrive (case-id order); ``IndexWriter.close`` renumbers them into the tables below."""
_PROJECT_COLUMNS = ("iri, case_id, title, beneficiary, beneficiary_iri, fund_code, fund, priority, country, year, "
                    "beneficiary_type, currency, granted, budget, granted_cents, budget_cents")
FINAL = f"""
CREATE TABLE project (
    id INTEGER PRIMARY KEY, iri TEXT NOT NULL, case_id TEXT, title TEXT NOT NULL,
    beneficiary TEXT NOT NULL, beneficiary_iri TEXT NOT NULL, fund_code TEXT, fund TEXT,
    priority INTEGER, country TEXT, year INTEGER, beneficiary_type TEXT, currency TEXT,
    granted TEXT, budget TEXT, granted_cents INTEGER, budget_cents INTEGER);
CREATE TABLE staging.numbering (seq INTEGER PRIMARY KEY, id INTEGER NOT NULL);
INSERT INTO numbering SELECT seq, row_number() OVER (ORDER BY granted_cents IS NULL, granted_cents DESC, case_id)
    FROM project_in;
INSERT INTO project SELECT r.id, {', '.join('i.' + c for c in _PROJECT_COLUMNS.split(', '))}
    FROM numbering r CROSS JOIN project_in i ON i.seq = r.seq ORDER BY r.id;
CREATE TABLE project_place (project INTEGER NOT NULL, kind TEXT NOT NULL, code TEXT NOT NULL,
    PRIMARY KEY (project, kind, code)) WITHOUT ROWID;
INSERT OR IGNORE INTO project_place SELECT r.id, pl.kind, pl.code FROM place_in pl CROSS JOIN numbering r
    ON r.seq = pl.seq ORDER BY r.id, pl.kind, pl.code;
CREATE VIRTUAL TABLE project_text USING fts5(
    title, summary, beneficiary, content='', columnsize=0, detail=column,
    tokenize="unicode61 remove_diacritics 2");
INSERT INTO project_text (rowid, title, summary, beneficiary)
    SELECT r.id, i.title, coalesce(s.summary, ''), i.beneficiary FROM numbering r CROSS JOIN project_in i ON i.seq = r.seq
    CROSS JOIN summary_in s ON s.seq = r.seq ORDER BY r.id;
CREATE TABLE staging.by_title (rank INTEGER PRIMARY KEY, seq INTEGER NOT NULL, id INTEGER NOT NULL);
INSERT INTO by_title SELECT row_number() OVER (ORDER BY i.title, i.case_id, r.id), i.seq, r.id
    FROM numbering r CROSS JOIN project_in i ON i.seq = r.seq;
CREATE TABLE title_rank (rank INTEGER PRIMARY KEY, id INTEGER NOT NULL);
INSERT INTO title_rank SELECT rank, id FROM by_title ORDER BY rank;
CREATE VIRTUAL TABLE project_text_by_title USING fts5(
    title, summary, beneficiary, content='', columnsize=0, detail=none,
    tokenize="unicode61 remove_diacritics 2");
INSERT INTO project_text_by_title (rowid, title, summary, beneficiary)
    SELECT b.rank, i.title, coalesce(s.summary, ''), i.beneficiary FROM by_title b CROSS JOIN project_in i ON i.seq = b.seq
    CROSS JOIN summary_in s ON s.seq = b.seq ORDER BY b.rank;
CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, project_text, 'row');
CREATE TABLE term (term TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO term SELECT term FROM temp.vocabulary;
DROP TABLE temp.vocabulary;
"""
"""The index's tables. ``project`` ids follow the default order of the browse page (granted amount, largest
first, ties by case id; none last), and the full-text rowids are those ids: the first page of a search in
that order is the first matches the FTS5 index yields, and any selection walked in id order stops after
one page, however many projects it selects. ``project_text_by_title`` is the same full text with rowids in
title order (``title_rank``: rank → project id; ties by case id, then id, as the ``sort_title_asc`` index
orders them): a large text selection wanted by title is walked there in the same way, instead of reading all
its matches into a set first (at 1 000 000 projects "kommun innovation", a quarter of them, cost 0.1 s so).
``detail=none``: no column lists, which the searches (every word in any column) do not use; a third less to
build than ``project_text``."""
SORT_INDEXES = {
    ("granted", "asc"): ("granted_cents IS NULL", "granted_cents", "case_id"),
    ("budget", "desc"): ("budget_cents IS NULL", "budget_cents DESC", "case_id"),
    ("budget", "asc"): ("budget_cents IS NULL", "budget_cents", "case_id"),
    ("title", "asc"): ("title", "case_id"),
    ("title", "desc"): ("title DESC", "case_id"),
    ("case_id", "asc"): ("case_id IS NULL", "case_id"),
    ("case_id", "desc"): ("case_id IS NULL", "case_id DESC"),
}
"""(sort, order) → the ORDER BY terms on ``project``; each has an index of the same terms (``granted``,
``desc`` is the id order itself), so that a large selection is walked in order and stops after a page."""
INDEXES = "".join(f"CREATE INDEX sort_{sort}_{order} ON project ({', '.join(terms)});\n"
                  for (sort, order), terms in SORT_INDEXES.items()) + """
CREATE INDEX project_fund ON project (fund_code);
CREATE INDEX project_priority ON project (priority);
CREATE INDEX project_country ON project (country);
CREATE INDEX project_beneficiary ON project (beneficiary_iri);
CREATE INDEX project_year ON project (year);
CREATE INDEX place_code ON project_place (kind, code, project);
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
    Rows are staged as they come and numbered in the browse page's default order by ``close`` (``FINAL``).
    """

    BATCH = 5_000

    def __init__(self, folder: Path):
        self.path = Path(folder) / SEARCH_DB
        self.path.unlink(missing_ok=True)
        self._staging = self.path.with_name(f".{SEARCH_DB}.staging")
        self._staging.unlink(missing_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=8192;"
                               "PRAGMA cache_size=-200000;")
        # The staged rows go to a file of their own, deleted by close: the index file gets no free pages.
        self._db.execute("ATTACH DATABASE ? AS staging", (str(self._staging),))
        self._db.executescript("PRAGMA staging.journal_mode=OFF; PRAGMA staging.synchronous=OFF;"
                               + STAGING.replace("CREATE TABLE ", "CREATE TABLE staging."))
        self._projects: list[tuple] = []
        self._places: list[tuple] = []
        self._summaries: list[tuple] = []
        self.count = 0

    def add(self, row: Mapping[str, Any]) -> None:
        self.count += 1
        seq = self.count
        year = row.get("year")
        if year is None and row.get("start_date"):
            year = int(str(row["start_date"])[:4])
        granted, budget = row.get("granted_amount"), row.get("total_budget")
        self._projects.append((
            seq, row["project_iri"], row.get("case_id"), row["title"], row["beneficiary"], row["beneficiary_iri"],
            row.get("fund_code") or None, row.get("fund"), row.get("priority_number"), row.get("country"), year,
            row.get("beneficiary_type"), row.get("currency"), granted, budget, _cents(granted), _cents(budget)))
        for kind, key in PLACE_KINDS.items():
            self._places.extend((seq, kind, code) for code in row.get(key) or ())
        self._summaries.append((seq, row.get("summary") or ""))
        if len(self._projects) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        db = self._db
        db.executemany("INSERT INTO project_in VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", self._projects)
        db.executemany("INSERT INTO place_in VALUES (?,?,?)", self._places)
        db.executemany("INSERT INTO summary_in VALUES (?,?)", self._summaries)
        self._projects.clear()
        self._places.clear()
        self._summaries.clear()

    def close(self) -> Path:
        """Finish the index (numbering, full text, secondary indexes, facet cubes, ANALYZE); return its path."""
        from .facets import build_cubes

        self._flush()
        db = self._db
        db.executescript(FINAL)
        db.executescript(INDEXES)
        build_cubes(db)
        db.commit()
        db.execute("DETACH DATABASE staging")
        self._staging.unlink()
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


MAX_EXPANSION = 64
"""Indexed words a searched word may expand to (past it FTS5's own prefix query is used)."""


def expand(db: sqlite3.Connection, text: str) -> str | None:
    """The MATCH expression for ``text`` on index ``db``: ``match_expression``, but each word's prefix
    expanded to the indexed words it begins (table ``term``): ``("kommun" OR "kommuner" OR …)``.

    Same matches, found faster: FTS5 reads a prefix term's whole merged doclist before its first match
    (12 ms for "innovation"* at 100 000 projects, ten times that at a million), while an OR of words
    yields its matches in order as they are read, so the first page stops early. A word that expands to
    nothing (folded otherwise than the tokenizer folds it) or to more than MAX_EXPANSION words keeps the
    prefix query."""
    found = words(text)
    if not found:
        return None
    parts = []
    for word in found:
        folded = fold(word)
        try:
            terms = [t for (t,) in db.execute("SELECT term FROM term WHERE term >= ? AND term < ? LIMIT ?",
                                              (folded, folded + "\U0010ffff", MAX_EXPANSION + 1))]
        except sqlite3.OperationalError:  # an index written before the table existed
            terms = []
        if not terms or len(terms) > MAX_EXPANSION or not folded.isalnum():
            parts.append(f'"{word}"*')
        else:
            parts.append("(" + " OR ".join(f'"{t}"' for t in terms) + ")")
    return " AND ".join(parts)


def fold(word: str) -> str:
    """``word`` as the unicode61 tokenizer with remove_diacritics 2 indexes it: lower case, a letter's
    diacritics dropped ("Skellefteå" → "skelleftea"; letters without a decomposition, as ø, kept)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


class Index(sqlite3.Connection):
    """A read-only connection to a search.sqlite that remembers its word expansions and plans (``memory``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.memory: dict[tuple, Any] = {}


def open_index(folder: Path | None) -> sqlite3.Connection | None:
    """The folder's search.sqlite opened read-only (immutable: a publication never changes), or None
    when the folder has none. One connection per thread (sqlite3's rule): the caller keeps it per thread."""
    if folder is None or not (Path(folder) / SEARCH_DB).is_file():
        return None
    db = sqlite3.connect(f"file:{Path(folder) / SEARCH_DB}?mode=ro&immutable=1", uri=True,
                         check_same_thread=False, factory=Index)
    db.execute("PRAGMA cache_size=-64000")
    return db


DRIVE_LIMIT: int | None = None
"""A selection of at most this many projects is fetched through its most selective index (or its full-text
matches) and sorted; a larger one is walked in the sort order (the id order or a ``SORT_INDEXES`` index),
checking each project, until the rows wanted are found. None (the default): sqrt(rows wanted × projects),
where the two costs meet — fetching costs about the selection's size, walking about rows wanted × projects
÷ selection's size (25 rows of a million projects: 5 000). A text wanted in the default order is always
walked: its full-text matches come in that order (a text whose matches rarely pass the filters is the one
case that walks long, up to all its matches)."""
COUNT_LIMIT = 10_000
"""A total that the facet cubes cannot give (a text search, a beneficiary, places of two kinds) is counted
up to this many; past it the total is "more than COUNT_LIMIT" (``total``)."""


@dataclass(frozen=True)
class Query:
    """What the index is asked: ``text`` searched, ``filters`` (param → value: a fund code, priority
    number, country code, county code, kommunkod, year, beneficiary type, or a beneficiary IRI)."""

    text: str = ""
    filters: Mapping[str, str] = None  # type: ignore[assignment]

    def __post_init__(self):
        if self.filters is None:
            object.__setattr__(self, "filters", {})

    def expression(self, db: sqlite3.Connection) -> str | None:
        """The FTS5 MATCH expression of the text on ``db`` (``expand``; '""', matching nothing, for a text
        without a word), None without a text."""
        if not self.text:
            return None
        return _remembered(db, ("expression", self.text), lambda: expand(db, self.text) or '""')

    def without(self, param: str) -> Query:
        """The same query without filter ``param``."""
        return Query(self.text, {p: v for p, v in self.filters.items() if p != param})

    def filter_conditions(self, *, walk: bool) -> tuple[list[str], list[Any]]:
        """SQL conditions on ``project p`` for the filters and their parameters. ``walk``: a place as a
        probe of the project's own places (for a walk in sort order); else as the set of its projects, which
        the planner may start from."""
        clauses: list[str] = []
        params: list[Any] = []
        for param, value in sorted(self.filters.items()):
            if param == "beneficiary":
                clauses.append("p.beneficiary_iri = ?")
            else:
                dim = DIMENSION_BY_PARAM[param]
                if dim.place and walk:
                    clauses.append("EXISTS (SELECT 1 FROM project_place pp WHERE pp.project = p.id "
                                   "AND pp.kind = ? AND pp.code = ?)")
                    params.append(dim.param)
                elif dim.place:
                    clauses.append("p.id IN (SELECT project FROM project_place WHERE kind = ? AND code = ?)")
                    params.append(dim.param)
                else:
                    clauses.append(f"p.{dim.column} = ?")
            params.append(value)
        return clauses, params


SORT_COLUMNS = {"title": "title", "granted": "granted_cents", "budget": "budget_cents", "case_id": "case_id"}
ROW_COLUMNS = ("iri", "case_id", "title", "beneficiary", "fund_code", "fund", "currency", "granted", "budget")
_TEXT_SET = "p.id IN (SELECT rowid FROM project_text WHERE project_text MATCH ?)"
"""The text as a condition: its matches are read once into a set (FTS5 reads a prefix term's whole doclist
at every start, so probing it once per project would cost the matches every time)."""


def cube_count(db: sqlite3.Connection, query: Query) -> int | None:
    """The number of projects ``query`` selects, read from the facet cubes; None when they cannot tell (a
    text, a beneficiary, or places of two kinds)."""
    places = [p for p in query.filters if DIMENSION_BY_PARAM.get(p, _NOT_PLACE).place]
    if query.text or "beneficiary" in query.filters or len(places) > 1:
        return None
    conditions, params = [], []
    table = "cube"
    if places:
        table = "place_cube"
        conditions += ["kind = ?", "code = ?"]
        params += [places[0], query.filters[places[0]]]
    for param, value in sorted(query.filters.items()):
        if param not in places:
            conditions.append(f"{DIMENSION_BY_PARAM[param].column} = ?")
            params.append(value)
    where = " AND ".join(conditions) or "1"
    return db.execute(f"SELECT coalesce(sum(n), 0) FROM {table} WHERE {where}", params).fetchone()[0]


_NOT_PLACE = Dimension("", "")


def _bounded(db: sqlite3.Connection, sql: str, params: list[Any], limit: int) -> int:
    return db.execute(f"SELECT count(*) FROM ({sql} LIMIT {int(limit)})", params).fetchone()[0]


def _text_matches(db: sqlite3.Connection, query: Query, limit: int) -> int:
    return _bounded(db, "SELECT 1 FROM project_text WHERE project_text MATCH ?", [query.expression(db)], limit)


def _small(db: sqlite3.Connection, query: Query, in_id_order: bool, wanted: int) -> str | None:
    """How a selection of at most ``_drive_limit`` projects is best fetched: "text" (from its full-text matches),
    "filters" (from an index of a filter), or None: it is larger, or it has a text and is wanted in id order
    (the full-text matches come in that order: walk them)."""
    limit = _drive_limit(db, wanted)
    key = ("plan", query.text, tuple(sorted(query.filters.items())), in_id_order, limit)
    return _remembered(db, key, lambda: _choose(db, query, in_id_order, limit))


def _drive_limit(db: sqlite3.Connection, wanted: int) -> int:
    if DRIVE_LIMIT is not None:
        return DRIVE_LIMIT
    projects = _remembered(db, ("projects",), lambda: db.execute("SELECT coalesce(sum(n), 0) FROM cube").fetchone()[0])
    return int(math.sqrt(max(wanted, 1) * projects))


def _has_title_text(db: sqlite3.Connection) -> bool:
    """Whether the index has ``project_text_by_title`` (one written before it existed has not)."""
    return _remembered(db, ("title text",), lambda: db.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'project_text_by_title'").fetchone() is not None)


def _remembered(db: sqlite3.Connection, key: tuple, compute):
    """``compute()``, remembered by an ``Index`` connection (page, total and facets of one request ask
    the same): the expansions and plans of its last 1 000 questions."""
    memory = getattr(db, "memory", None)
    if memory is None:
        return compute()
    if key not in memory:
        if len(memory) >= 1000:
            memory.clear()
        memory[key] = compute()
    return memory[key]


def _choose(db: sqlite3.Connection, query: Query, in_id_order: bool, limit: int) -> str | None:
    if query.text:
        if in_id_order:
            return None
        if _text_matches(db, query, limit + 1) <= limit:
            return "text"
    if not query.filters:
        return None
    plain = Query("", query.filters)
    size = cube_count(db, plain)
    if size is None:
        clauses, params = plain.filter_conditions(walk=False)
        size = _bounded(db, f"SELECT 1 FROM project p WHERE {' AND '.join(clauses)}", params, limit + 1)
    return "filters" if size <= limit else None


def selection(db: sqlite3.Connection, query: Query, columns: str, *, sort: str = "granted", order: str = "desc",
              wanted: int = 25) -> tuple[str, list[Any]]:
    """``SELECT columns`` (over ``project p``) of the projects ``query`` selects in the order (``sort``,
    ``order``), and its parameters: the caller appends LIMIT/OFFSET. The plan follows the selection's size
    (``DRIVE_LIMIT``). Raises KeyError for an unknown sort."""
    terms = ("p.id",) if (sort, order) == ("granted", "desc") else tuple(
        "p." + t for t in SORT_INDEXES[sort, order])
    order_by = ", ".join(terms)
    how = _small(db, query, terms == ("p.id",), wanted)
    if how == "text":
        clauses, params = query.filter_conditions(walk=True)
        where = " AND ".join(clauses) or "1"
        return (f"SELECT {columns} FROM (SELECT rowid AS id FROM project_text WHERE project_text MATCH ?) hits "
                f"CROSS JOIN project p ON p.id = hits.id WHERE {where} ORDER BY {order_by}",
                [query.expression(db), *params])
    if query.text and how is None and (sort, order) == ("title", "asc") and _has_title_text(db):
        # large, by title: its full-text matches in title order come in that order (rowid = title rank)
        clauses, params = query.filter_conditions(walk=True)
        return (f"SELECT {columns} FROM project_text_by_title t CROSS JOIN title_rank r ON r.rank = t.rowid "
                f"CROSS JOIN project p ON p.id = r.id WHERE project_text_by_title MATCH ? AND "
                f"{' AND '.join(clauses) or '1'} ORDER BY t.rowid", [query.expression(db), *params])
    clauses, params = query.filter_conditions(walk=how is None)
    if query.text and terms != ("p.id",):
        clauses.append(_TEXT_SET)
        params.append(query.expression(db))
    where = " AND ".join(clauses) or "1"
    if how == "filters":  # the planner starts from the most selective filter's index and sorts
        return f"SELECT {columns} FROM project p WHERE {where} ORDER BY {order_by}", params
    if query.text and terms == ("p.id",):  # large, in id order: the full-text matches come in that order
        return (f"SELECT {columns} FROM project_text t CROSS JOIN project p ON p.id = t.rowid "
                f"WHERE project_text MATCH ? AND {where} ORDER BY t.rowid", [query.expression(db), *params])
    index = "NOT INDEXED" if terms == ("p.id",) else f"INDEXED BY sort_{sort}_{order}"
    return f"SELECT {columns} FROM project p {index} WHERE {where} ORDER BY {order_by}", params


def page(db: sqlite3.Connection, query: Query, *, sort: str = "granted", order: str = "desc",
         limit: int = 25, offset: int = 0) -> list[dict[str, Any]]:
    """One page of the projects ``query`` selects, sorted by ``sort`` (SORT_COLUMNS; ties by case id; a
    missing amount last), each a dict of ROW_COLUMNS. Raises KeyError for an unknown sort."""
    sql, params = selection(db, query, ", ".join("p." + c for c in ROW_COLUMNS), sort=sort, order=order,
                            wanted=limit + offset)
    return [dict(zip(ROW_COLUMNS, row))
            for row in db.execute(f"{sql} LIMIT ? OFFSET ?", [*params, int(limit), int(offset)])]


def total(db: sqlite3.Connection, query: Query) -> tuple[int, bool]:
    """(number of projects ``query`` selects, exact): exact from the facet cubes when they can tell, else
    counted up to COUNT_LIMIT — past it ``(COUNT_LIMIT, False)``, "more than COUNT_LIMIT"."""
    size = cube_count(db, query)
    if size is not None:
        return size, True
    if query.filters:
        sql, params = selection(db, query, "1", wanted=COUNT_LIMIT + 1)
        found = _bounded(db, sql, params, COUNT_LIMIT + 1)
    else:
        found = _text_matches(db, query, COUNT_LIMIT + 1)
    return min(found, COUNT_LIMIT), found <= COUNT_LIMIT


def count(db: sqlite3.Connection, query: Query) -> int:
    """The exact number of projects ``query`` selects (time in proportion to it when the cubes cannot
    tell: pages use ``total``)."""
    size = cube_count(db, query)
    if size is not None:
        return size
    sql, params = selection(db, query, "1", wanted=COUNT_LIMIT + 1)
    return db.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]


def known_values(db: sqlite3.Connection, param: str) -> set[str]:
    """Every value facet ``param`` has in the index, as text (the whitelist for its filter)."""
    dim = DIMENSION_BY_PARAM[param]
    if dim.place:
        rows = db.execute("SELECT DISTINCT code FROM place_cube WHERE kind = ?", (dim.param,))
    else:
        rows = db.execute(f"SELECT DISTINCT {dim.column} FROM cube WHERE {dim.column} IS NOT NULL")
    return {str(value) for (value,) in rows}


def build(rows: Iterable[Mapping[str, Any]], folder: Path) -> Path:
    """Write search.sqlite for ``rows`` (projects.csv rows) into ``folder``; return its path."""
    writer = IndexWriter(folder)
    for row in rows:
        writer.add(row)
    return writer.close()

