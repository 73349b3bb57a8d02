"""The publication's search index (publish.search) and facets (publish.facets): what they find and count,
checked against the fixture list's expected records (and brute-force counts on synthetic rows)."""

from __future__ import annotations

import json
import random
import sqlite3
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from fundgraph.publish import facets, search

REPO = Path(__file__).resolve().parent.parent
EXPECTED = json.loads((REPO / "tests" / "data" / "granted-projects-vasterbotten.expected.json").read_text("utf-8"))
PROJECTS = EXPECTED["projects"]


@pytest.fixture(scope="module")
def index(published):
    db = search.open_index(published.out_dir)
    yield db
    db.close()


def _case_ids(db, text="", **filters):
    return sorted(r["case_id"] for r in search.page(db, search.Query(text, filters), limit=1000))


def _words(project):
    return " ".join((project["title"], project["summary"], project["beneficiary"])).lower()


def test_the_index_is_a_published_file(published):
    assert search.SEARCH_DB in published.publication["files"]
    assert published.publication["files"][search.SEARCH_DB]["media_type"] == "application/vnd.sqlite3"


def test_every_project_once_in_granted_order(index):
    rows = search.page(index, search.Query(), limit=100)
    assert sorted(r["case_id"] for r in rows) == sorted(p["case_id"] for p in PROJECTS)
    granted = [Decimal(r["granted"]) for r in rows]
    assert granted == sorted(granted, reverse=True) and {r["currency"] for r in rows} == {"SEK"}
    assert search.count(index, search.Query()) == len(PROJECTS)


def test_folding_finds_the_word_without_its_diacritics(index):
    expected = sorted(p["case_id"] for p in PROJECTS if "skellefteå" in _words(p))
    assert expected
    assert _case_ids(index, "Skelleftea") == expected
    assert _case_ids(index, "SKELLEFTEÅ") == expected


def test_a_word_finds_its_inflected_forms(index):
    # "kommun" is a prefix of "kommuner", "kommunen", "kommunerna": every project with any of them.
    expected = sorted(p["case_id"] for p in PROJECTS
                      if any(w.startswith("kommun") for w in _words(p).replace(".", " ").replace(",", " ").split()))
    assert "kommuner" in " ".join(_words(p) for p in PROJECTS) and expected
    assert _case_ids(index, "kommun") == expected


def test_all_words_are_required_and_punctuation_is_no_syntax(index):
    both = _case_ids(index, "innovation Skellefteå")
    assert both and set(both) <= set(_case_ids(index, "innovation"))
    assert _case_ids(index, 'innovation" OR "x') == _case_ids(index, "innovation x")
    assert _case_ids(index, "*** ::") == []


def test_beneficiary_names_are_searched(index):
    project = PROJECTS[0]
    assert project["case_id"] in _case_ids(index, project["beneficiary"])


def test_filters_combine_with_search(index):
    umea = [p["case_id"] for p in PROJECTS if "Umeå" in p["municipalities"] and p["fund"] == "ERUF"]
    assert _case_ids(index, municipality="2480", fund="ERDF_2021") == sorted(umea)


def test_facets_count_what_the_other_filters_select(index):
    result = facets.facets(index, search.Query(filters={"priority": "1"}))
    by_fund = defaultdict(lambda: [0, 0])
    for p in PROJECTS:
        if p["priority_number"] == 1:
            by_fund[p["fund"]][0] += 1
            by_fund[p["fund"]][1] += Decimal(p["granted_amount"])
    assert sorted((e["projects"], Decimal(e["granted"]["SEK"])) for e in result["fund"]) == \
        sorted(map(tuple, by_fund.values()))
    # its own filter left out: every priority of the dataset is offered
    assert {e["value"] for e in result["priority"]} == {str(p["priority_number"]) for p in PROJECTS
                                                        if p["priority_number"] is not None}
    assert result["country"] == [] and result["year"] == []  # the list gives neither


def _synthetic_rows(n=400, seed=7):
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        rows.append({
            "project_iri": f"https://x/p/{i}", "case_id": f"{i:06d}", "title": f"projekt {rnd.choice('abc')}",
            "summary": rnd.choice(["kommunerna samverkar", "företag växer", ""]), "beneficiary": f"Org {i % 17}",
            "beneficiary_iri": f"https://x/o/{i % 17}", "fund_code": rnd.choice(["ERDF_2021", "ESF_PLUS", "REG"]),
            "fund": "f", "priority_number": rnd.choice([1, 2, 3, None]), "country": rnd.choice(["SE", "FI"]),
            "start_date": f"{rnd.choice([2021, 2022, 2023])}-03-01", "beneficiary_type": rnd.choice(["public", "private", None]),
            "currency": rnd.choice(["SEK", "EUR"]), "granted_amount": f"{rnd.randrange(1, 10**6)}.{rnd.randrange(100):02d}",
            "total_budget": rnd.choice([None, str(rnd.randrange(10**6))]),
            "kommunkoder": sorted(rnd.sample(["2480", "2482", "2462", "2418"], rnd.randrange(0, 4))),
            "county_codes": rnd.sample(["24", "25"], rnd.randrange(0, 3)),
        })
    return rows


def _brute(rows, dim, filters, text=""):
    def selected(row, param, value):
        if param == "municipality":
            return value in row["kommunkoder"]
        if param == "county":
            return value in row["county_codes"]
        if param == "beneficiary":
            return row["beneficiary_iri"] == value
        if param == "year":
            return row["start_date"][:4] == value
        column = {"fund": "fund_code", "priority": "priority_number"}.get(param, param)
        return str(row[column]) == value
    counts = defaultdict(lambda: [0, defaultdict(Decimal)])
    for row in rows:
        if text and text not in (row["title"] + " " + row["summary"]):
            continue
        if not all(selected(row, p, v) for p, v in filters.items() if p != dim):
            continue
        if dim in ("municipality", "county"):
            values = row["kommunkoder" if dim == "municipality" else "county_codes"]
        elif dim == "year":
            values = [row["start_date"][:4]]
        else:
            values = [row[{"fund": "fund_code", "priority": "priority_number"}.get(dim, dim)]]
        for value in values:
            if value is not None:
                counts[str(value)][0] += 1
                counts[str(value)][1][row["currency"]] += Decimal(row["granted_amount"])
    return sorted((v, n, dict(g)) for v, (n, g) in counts.items())


@pytest.mark.parametrize("filters,text", [
    ({}, ""), ({"fund": "ESF_PLUS"}, ""), ({"municipality": "2480"}, ""), ({"county": "24", "priority": "2"}, ""),
    ({"municipality": "2482", "county": "25", "year": "2022"}, ""), ({"beneficiary": "https://x/o/3"}, ""),
    ({"country": "FI", "beneficiary_type": "public"}, "kommunerna"), ({"fund": "REG"}, "företag"),
])
def test_facets_equal_brute_force_counts(tmp_path, filters, text):
    rows = _synthetic_rows()
    db = search.open_index(search.build(rows, tmp_path).parent)
    result = facets.facets(db, search.Query(text, filters))
    for dim in search.DIMENSIONS:
        got = sorted((e["value"], e["projects"], {c: Decimal(t) for c, t in e["granted"].items()})
                     for e in result[dim.param])
        assert got == _brute(rows, dim.param, filters, text), dim.param
    db.close()


def test_search_api_answers_json(published):
    from fundgraph.config import Settings
    from fundgraph.serve import create_app

    app = create_app(Settings(), publication_dir=published.out_dir)
    client = app.test_client()
    try:
        body = client.get("/search?q=Skelleftea&fund=ERDF_2021").get_json()
        expected = sorted(p["case_id"] for p in PROJECTS if "skellefteå" in _words(p) and p["fund"] == "ERUF")
        assert sorted(r["case_id"] for r in body["results"]) == expected and body["total"] == len(expected)
        assert {e["value"] for e in body["facets"]["fund"]} >= {"ERDF_2021"}
        assert body["results"][0]["iri"].startswith("https://data.example.se/project/")
        assert client.get("/search?page=0").status_code == 400
        assert client.get("/search?sort=x").status_code == 400
        assert client.get("/search?q=" + "x" * 300).status_code == 400
        assert client.get("/search").get_json()["total"] == len(PROJECTS)
    finally:
        app.extensions["fundgraph"].backend.close()


def _selected(row, text, filters):
    if text and not all(word in (row["title"] + " " + row["summary"]) for word in text.split()):
        return False
    for param, value in filters.items():
        if param in ("municipality", "county"):
            if value not in row["kommunkoder" if param == "municipality" else "county_codes"]:
                return False
        elif str(row[{"fund": "fund_code", "priority": "priority_number", "beneficiary": "beneficiary_iri"}
                     .get(param, param)]) != value:
            return False
    return True


def _in_order(rows, sort="granted", order="desc"):
    """Case ids of ``rows`` as the index sorts them: ties by case id, a missing amount last."""
    if sort == "case_id":
        return sorted((r["case_id"] for r in rows), reverse=order == "desc")
    if sort == "title":
        by_case = sorted(rows, key=lambda r: r["case_id"])
        return [r["case_id"] for r in sorted(by_case, key=lambda r: r["title"], reverse=order == "desc")]
    column = {"granted": "granted_amount", "budget": "total_budget"}[sort]
    sign = -1 if order == "desc" else 1
    return [r["case_id"] for r in sorted(rows, key=lambda r: (
        r[column] is None, sign * Decimal(r[column] or 0), r["case_id"]))]


def _rows_with_gaps():
    rows = _synthetic_rows()
    for row in rows[::23]:
        row["granted_amount"] = None
    return rows


SELECTIONS = [("", {}), ("kommun", {}), ("företag", {"fund": "REG"}), ("", {"fund": "ESF_PLUS", "priority": "2"}),
              ("", {"municipality": "2480"}), ("kommun", {"county": "24", "municipality": "2482"}),
              ("", {"beneficiary": "https://x/o/3"}), ("projekt", {"municipality": "2462", "country": "FI"})]


@pytest.mark.parametrize("drive_limit", [0, 10**9], ids=["walked in order", "fetched and sorted"])
def test_pages_and_totals_equal_brute_force_in_either_plan(tmp_path, monkeypatch, drive_limit):
    # Large selections are walked in sort order, small ones fetched through an index and sorted: both
    # plans must give the same pages (the limit forces one or the other for every selection).
    rows = _rows_with_gaps()
    db = search.open_index(search.build(rows, tmp_path).parent)
    monkeypatch.setattr(search, "DRIVE_LIMIT", drive_limit)
    for text, filters in SELECTIONS:
        chosen = [r for r in rows if _selected(r, text, filters)]
        assert chosen, (text, filters)
        query = search.Query(text, filters)
        assert search.total(db, query) == (len(chosen), True) and search.count(db, query) == len(chosen)
        for sort, order in [("granted", "desc"), *search.SORT_INDEXES]:
            expected = _in_order(chosen, sort, order)
            for offset in (0, 7):
                got = [r["case_id"] for r in search.page(db, query, sort=sort, order=order, limit=9, offset=offset)]
                assert got == expected[offset:offset + 9], (text, filters, sort, order, offset)
    db.close()


def test_a_total_the_cubes_cannot_give_is_bounded(tmp_path, monkeypatch):
    rows = _synthetic_rows()
    db = search.open_index(search.build(rows, tmp_path).parent)
    monkeypatch.setattr(search, "COUNT_LIMIT", 10)
    assert search.total(db, search.Query("projekt")) == (10, False)  # every title: "more than 10"
    assert search.total(db, search.Query(filters={"fund": "REG"})) == (
        sum(r["fund_code"] == "REG" for r in rows), True)  # from the cube, exact whatever its size
    assert search.count(db, search.Query("projekt")) == len(rows)
    db.close()


def test_facets_past_the_limit_are_counted_over_the_largest_grants_and_say_so(tmp_path, monkeypatch):
    rows = _synthetic_rows()
    db = search.open_index(search.build(rows, tmp_path).parent)
    query = search.Query("projekt")  # every title
    assert facets.counted(db, query)[1] and facets.complete(db, query)
    monkeypatch.setattr(facets, "FACET_LIMIT", 10)
    counts, whole = facets.counted(db, query)
    assert not whole and not facets.complete(db, search.Query("projekt", {"fund": "REG"}))
    largest = [r for r in rows if r["case_id"] in set(_in_order(rows)[:10])]
    by_fund = defaultdict(int)
    for row in largest:
        by_fund[row["fund_code"]] += 1
    assert {e["value"]: e["projects"] for e in counts["fund"]} == by_fund
    assert facets.counted(db, search.Query(filters={"fund": "REG"}))[1]  # the cubes count every project
    db.close()


@pytest.mark.parametrize("text", ["kommun", "Skelleftea", "SKELLEFTEÅ", "innovation Skellefteå", "projekt", "x", "ö"])
def test_a_word_expanded_to_the_indexed_words_it_begins_matches_as_its_prefix_query(index, text):
    expanded = search.expand(index, text)
    native = search.match_expression(text)
    def ids(expression):
        return [r for (r,) in index.execute("SELECT rowid FROM project_text WHERE project_text MATCH ? ORDER BY rowid",
                                            (expression,))]
    assert ids(expanded) == ids(native)
    if text == "kommun":
        assert '"kommuner"' in expanded and "*" not in expanded


def test_the_browse_page_says_more_than_when_the_total_is_bounded(published, monkeypatch):
    from fundgraph.config import Settings
    from fundgraph.serve import create_app

    app = create_app(Settings(), publication_dir=published.out_dir)
    monkeypatch.setattr(search, "COUNT_LIMIT", 2)
    try:
        client = app.test_client()
        page = client.get("/projects?q=projekt&lang=en").get_data(as_text=True)
        assert "More than 2 projects" in page
        body = client.get("/search?q=projekt").get_json()
        assert body["total"] == 2 and body["total_complete"] is False
    finally:
        app.extensions["fundgraph"].backend.close()


def test_a_large_text_selection_by_title_walks_the_title_ordered_text_and_pages_as_before(tmp_path, monkeypatch):
    """A text wanted by title (ascending) is walked in ``project_text_by_title`` (rowids in title order) rather
    than read whole into a set; an index written before that table existed is searched the old way: the same
    pages either way, ties of title by case id."""
    rows = _rows_with_gaps()
    folder, old = tmp_path / "new", tmp_path / "old"
    folder.mkdir()
    old.mkdir()
    search.build(rows, folder)
    (old / search.SEARCH_DB).write_bytes((folder / search.SEARCH_DB).read_bytes())
    with sqlite3.connect(old / search.SEARCH_DB) as writable:
        writable.executescript("DROP TABLE project_text_by_title; DROP TABLE title_rank;")
    monkeypatch.setattr(search, "DRIVE_LIMIT", 0)  # every selection is large
    new_db, old_db = search.open_index(folder), search.open_index(old)
    for text, filters in [("projekt", {}), ("kommun", {"fund": "REG"}), ("projekt", {"municipality": "2480"}), ("kommun", {})]:
        query = search.Query(text, filters)
        assert "project_text_by_title" in search.selection(new_db, query, "p.id", sort="title", order="asc")[0]
        assert "project_text_by_title" not in search.selection(old_db, query, "p.id", sort="title", order="asc")[0]
        expected = _in_order([r for r in rows if _selected(r, text, filters)], "title", "asc")
        for db in (new_db, old_db):
            for offset in (0, 9, 50):
                got = [r["case_id"] for r in search.page(db, query, sort="title", order="asc", limit=9, offset=offset)]
                assert got == expected[offset:offset + 9], (text, filters, offset)
    new_db.close()
    old_db.close()
