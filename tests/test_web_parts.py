"""Unit tests of the web front's parts: SVG charts, interface text, SPARQL literal writing, browse queries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fundgraph.serve.web import i18n
from fundgraph.serve.web.browse import (PAGE_SIZE, BadSelection, Selection, build_query, csv_lines,
                                        parse_selection, ProjectRow)
from fundgraph.serve.web.charts import Bar, bar_chart, wrap_label
from fundgraph.serve.web.figures import Figures
from fundgraph.serve.web.sparql_text import iri, literal

FIGURES = Figures({
    "projects": 3, "beneficiaries": 2, "granted_amount": {"SEK": "600"}, "total_budget": {"SEK": "900"},
    "by_fund": [{"iri": "https://data.example.se/fund/ERDF_2021", "label": "ERUF", "code": "ERDF_2021",
                 "projects": 2, "granted_amount": {"SEK": "500"}, "total_budget": {"SEK": "800"}}],
    "by_priority": [{"iri": "https://data.example.se/priority/1", "label": "P1", "number": 1, "projects": 3,
                     "granted_amount": {"SEK": "600"}, "total_budget": {"SEK": "900"}}],
    "by_municipality": [{"iri": "https://data.example.se/municipality/2482", "label": "Skellefteå",
                         "kommunkod": "2482", "projects": 1, "granted_amount": {"SEK": "100"}, "total_budget": {"SEK": "100"}}],
    "by_county": [],
    "by_beneficiary": [{"iri": "https://data.example.se/organisation/a-b", "label": "A B", "key": "a-b",
                        "projects": 1, "granted_amount": {"SEK": "100"}, "total_budget": {"SEK": "100"}}],
})


# --- charts -------------------------------------------------------------------------------------

def test_chart_is_an_accessible_image_with_escaped_text():
    svg = str(bar_chart([Bar("<script>alert(1)</script> & co", 10), Bar("Small", 5)], chart_id="c",
                        title='Title "quoted"', description="Two bars", format_value=lambda v: f"{v} kr"))
    assert svg.startswith('<svg class="chart" id="c" role="img" aria-labelledby="c-title c-desc"')
    assert '<title id="c-title">Title &#34;quoted&#34;</title>' in svg
    assert '<desc id="c-desc">Two bars</desc>' in svg
    assert "<script>" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in svg
    assert "<a " not in svg  # no interactive content inside role="img"


def test_chart_bars_are_proportional_to_values():
    svg = str(bar_chart([Bar("a", 200), Bar("b", 100), Bar("c", 0)], chart_id="c", title="t", description="d"))
    widths = [float(w) for w in re.findall(r'<rect class="chart-bar"[^>]* width="([0-9.]+)%"', svg)]
    assert widths == [75.0, 37.5, 0.0]
    assert re.findall(r'<text class="chart-value[^"]*"[^>]*>([^<]*)</text>', svg) == ["200", "100", "0"]
    assert svg.count('class="chart-value inside" text-anchor="end"') == 1  # only the long bar holds its value


def test_chart_rejects_negative_values_and_handles_empty():
    with pytest.raises(ValueError):
        bar_chart([Bar("a", -1)], chart_id="c", title="t", description="d")
    assert "<rect" not in str(bar_chart([], chart_id="c", title="t", description="d"))


def test_long_labels_wrap_at_spaces():
    label = "Västerbotten - en region med platsbaserad hållbar näringslivsutveckling"
    lines = wrap_label(label)
    assert " ".join(lines) == label and all(len(line) <= 38 for line in lines) and len(lines) > 1
    assert wrap_label("Skellefteå") == ["Skellefteå"] and wrap_label("") == [""]


# --- interface text ------------------------------------------------------------------------------

def test_every_text_has_swedish_and_english():
    for key, texts in i18n.TEXTS.items():
        assert set(texts) == set(i18n.LANGUAGES), key
        assert all(value.strip() for value in texts.values()), key
        placeholders = {lang: set(re.findall(r"{(\w+)}", text)) for lang, text in texts.items()}
        assert placeholders["sv"] == placeholders["en"], key


@pytest.mark.parametrize("args, cookies, expected", [
    ({}, {}, "sv"), ({"lang": "en"}, {}, "en"), ({}, {"lang": "en"}, "en"), ({"lang": "sv"}, {"lang": "en"}, "sv"),
    ({"lang": "de"}, {"lang": "en"}, "en"), ({"lang": "de"}, {}, "sv"), ({}, {"lang": "<x>"}, "sv"),
])
def test_language_selection(args, cookies, expected):
    assert i18n.select_language(args, cookies) == expected


def test_amount_formats():
    assert i18n.format_sek(72750869, "sv") == "72\u00a0750\u00a0869\u00a0kr"
    assert i18n.format_sek(72750869, "en") == "SEK\u00a072,750,869"
    assert i18n.format_number(17, "sv") == "17"
    assert i18n.format_percent(1, 2, "sv") == "50\u00a0%" and i18n.format_percent(1, 0, "en") == "–"
    assert i18n.format_bytes(251422, "sv") == "251\u00a0kB" and i18n.format_bytes(1_234_567, "sv") == "1,2\u00a0MB"
    assert i18n.format_bytes(1_234_567, "en") == "1.2\u00a0MB" and i18n.format_bytes(999, "en") == "999\u00a0B"


# --- SPARQL text ---------------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.text())
def test_literal_round_trips_any_text_through_a_query(text):
    """Whatever the text (quotes, backslashes, newlines, braces), the query parses and the value is intact."""
    if "\x00" in text or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return  # not representable in an RDF literal
    store = pyoxigraph.Store()
    (row,) = store.query(f"SELECT ?x WHERE {{ BIND({literal(text)} AS ?x) }}")
    assert row["x"].value == text


@pytest.mark.parametrize("attack", ['x" ) } DELETE WHERE { ?s ?p ?o } #', "x' } UNION { ?s ?p ?o", "\\\" }"])
def test_literal_cannot_break_out_of_the_query(attack):
    store = pyoxigraph.Store()
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://e/s"), pyoxigraph.NamedNode("http://e/p"),
                              pyoxigraph.Literal("o")))
    rows = list(store.query(f"SELECT ?s WHERE {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), {literal(attack)})) }}"))
    assert rows == [] and len(store) == 1


@pytest.mark.parametrize("bad", ["http://e/a b", "http://e/>", 'http://e/"', "http://e/{x}", "not an iri"])
def test_iri_rejects_what_could_break_out(bad):
    with pytest.raises(ValueError):
        iri(bad)


# --- browse --------------------------------------------------------------------------------------

def test_parse_selection_reads_and_whitelists_parameters():
    selection = parse_selection({"q": "  smart   region ", "municipality": "2482", "sort": "title", "page": "2"},
                                FIGURES)
    assert selection.search == "smart region" and selection.sort == "title" and selection.order == "asc"
    assert selection.filters["municipality"]["iri"].endswith("/municipality/2482")
    assert selection.offset == PAGE_SIZE
    assert selection.params() == {"q": "smart region", "municipality": "2482", "sort": "title", "page": "2"}
    assert selection.params(page=1, sort="granted", order=None) == {"q": "smart region", "municipality": "2482"}


@pytest.mark.parametrize("args, param", [
    ({"fund": "NOPE"}, "fund"), ({"municipality": "9999"}, "municipality"), ({"beneficiary": "<x>"}, "beneficiary"),
    ({"sort": "drop"}, "sort"), ({"order": "up"}, "order"), ({"page": "0"}, "page"), ({"page": "x"}, "page"),
    ({"q": "x" * 201}, "q"),
])
def test_parse_selection_refuses_unknown_values(args, param):
    with pytest.raises(BadSelection) as caught:
        parse_selection(args, FIGURES)
    assert caught.value.param == param and caught.value.http_status == 400


def test_known_count_comes_from_figures_only_when_it_can():
    assert parse_selection({}, FIGURES).known_count(3) == 3
    assert parse_selection({"municipality": "2482"}, FIGURES).known_count(3) == 1
    assert parse_selection({"municipality": "2482", "q": "x"}, FIGURES).known_count(3) is None
    assert parse_selection({"municipality": "2482", "fund": "ERDF_2021"}, FIGURES).known_count(3) is None


def test_query_is_valid_sparql_with_paging():
    selection = parse_selection({"q": 'a "quoted" }', "fund": "ERDF_2021", "sort": "budget"}, FIGURES)
    query = build_query(selection, limit=26, offset=25)
    pyoxigraph.Store().query(query)  # parses
    assert "<https://data.example.se/fund/ERDF_2021>" in query
    # only the words reach the query (as regular expressions in literals): no quote or brace of the text
    assert 'REGEX(?text, "(^|\\\\W)q[uùúûüūů][oòóôõöøō][tțť][eèéêëēęě][dď]", "i")' in query and '"quoted"' not in query
    assert query.rstrip().endswith("LIMIT 26\nOFFSET 25") and "ORDER BY DESC(?totalBudget) ?caseId" in query
    assert "LIMIT" not in build_query(selection)


def test_csv_lines():
    rows = [ProjectRow("https://e/p/1", "1", 'Title, "quoted"', "Org", "ESF_PLUS", "ESF+", 10, None)]
    assert "".join(csv_lines(rows)) == (
        "iri,case_id,title,beneficiary,fund_code,fund,granted_amount,total_budget\r\n"
        'https://e/p/1,1,"Title, ""quoted""",Org,ESF_PLUS,ESF+,10,\r\n')
    assert "".join(csv_lines([])).count("\r\n") == 1


def test_row_amounts_are_whole_kronor_from_decimals():
    row = ProjectRow.from_solution({"project": "p", "caseId": "1", "title": "t", "grantedAmount": "10000000.0",
                                    "totalBudget": None})
    assert row.granted_amount == 10_000_000 and row.total_budget is None


def test_selection_defaults():
    assert Selection().params() == {}
    assert Selection().sort == "granted" and Selection().order == "desc"


# --- against the published fixture ---------------------------------------------------------------

EXPECTED = json.loads((Path(__file__).parent / "data" / "granted-projects-vasterbotten.expected.json")
                      .read_text(encoding="utf-8"))


def _run(published, query):
    store = pyoxigraph.Store.read_only(str(published.out_dir / "store"))
    result = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in result]


def test_browse_query_finds_the_projects_of_skelleftea(published):
    figures = Figures.load(published.out_dir)
    selection = parse_selection({"municipality": "2482", "sort": "case_id"}, figures)
    rows = [ProjectRow.from_solution(s) for s in _run(published, build_query(selection))]
    expected = sorted((p for p in EXPECTED["projects"] if "Skellefteå" in p["municipalities"]),
                      key=lambda p: p["case_id"])
    assert [(r.case_id, r.title, r.granted_amount, r.total_budget) for r in rows] == [
        (p["case_id"], p["title"], int(p["granted_amount"]), int(p["total_budget"])) for p in expected]
    assert selection.known_count(17) == len(expected)


def test_browse_query_searches_titles_and_summaries(published):
    figures = Figures.load(published.out_dir)
    needle = "MATINNOVATION"  # in a title, found case-insensitively
    rows = _run(published, build_query(parse_selection({"q": needle}, figures)))
    expected = [p["case_id"] for p in EXPECTED["projects"]
                if needle.lower() in p["title"].lower() or needle.lower() in p["summary"].lower()]
    assert sorted(r["caseId"] for r in rows) == sorted(expected) and expected


def test_every_text_used_in_a_template_exists():
    templates = Path(__file__).resolve().parent.parent / "src" / "fundgraph" / "serve" / "templates"
    used = set()
    for path in templates.rglob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z_]+)'\s*[,)]", path.read_text(encoding="utf-8")))
    assert used and not used - set(i18n.TEXTS)


# --- reading views of resources ------------------------------------------------------------------

@pytest.fixture(scope="module")
def backend(published):
    from fundgraph.serve.backend import LocalBackend

    local = LocalBackend(pyoxigraph.Store.read_only(str(published.out_dir / "store")))
    yield local
    local.close()


def test_project_view_has_what_a_reader_needs(backend):
    from decimal import Decimal

    from fundgraph.serve.describe import Describer
    from fundgraph.serve.web.listing import Money
    from fundgraph.serve.web.resource_views import project_view

    expected = next(p for p in EXPECTED["projects"] if p["case_id"] == "20372391")
    describer = Describer(backend)
    view = project_view(describer.describe("https://data.example.se/project/20372391"), _name)
    assert (view.title, view.summary, view.granted_amount, view.total_budget) == (
        expected["title"], expected["summary"], Money(Decimal(expected["granted_amount"]), "SEK"),
        Money(Decimal(expected["total_budget"]), "SEK"))
    assert sorted(m.label for m in view.municipalities) == sorted(expected["municipalities"])
    assert all(m.iri.startswith("https://data.example.se/municipality/") and m.code for m in view.municipalities)
    assert view.fund.code == "ERDF_2021" and view.priority.iri.endswith("/priority/1")
    assert view.beneficiary.label.casefold() == expected["beneficiary"].casefold()
    assert [s.file_name for s in view.sources] == [EXPECTED["document"]] and view.sources[0].pages
    assert [s.pages for s in view.sources] == [tuple(sorted(set(view.sources[0].pages)))]
    assert project_view(describer.describe("https://data.example.se/organisation/region-vasterbotten"),
                        _name) is None  # not a project: no case id, title, amount, fund or beneficiary


def _name(labels, preferred):
    from fundgraph.serve.web.names import display_name

    return display_name(labels, preferred, "sv")


def test_a_municipalitys_project_list_is_every_project_there_largest_first(backend):
    from decimal import Decimal

    from fundgraph.serve.web.listing import project_list

    listed = project_list(backend, "https://data.example.se/municipality/2482", "municipality", _name)
    skelleftea = [p for p in EXPECTED["projects"] if "Skellefteå" in p["municipalities"]]
    assert sorted(p.case_id for p in listed.items) == sorted(p["case_id"] for p in skelleftea)
    assert sum(p.granted.value for p in listed.items) == sum(Decimal(p["granted_amount"]) for p in skelleftea)
    assert {p.granted.currency for p in listed.items} == {"SEK"}
    amounts = [p.granted.value for p in listed.items]
    assert amounts == sorted(amounts, reverse=True) and not listed.truncated
    assert all(p.beneficiary and p.beneficiary_name and "https://data.example.se/municipality/2482" in p.places
               for p in listed.items)


def test_a_project_list_stops_at_its_cap(backend, monkeypatch):
    from fundgraph.serve.web import listing

    monkeypatch.setattr(listing, "MAX_PROJECTS", 3)
    listed = listing.project_list(backend, "https://data.example.se/county/24", "county", _name)
    assert listed.truncated and len(listed.items) == 3


def test_an_organisation_shows_one_name_and_its_listed_form(backend):
    from fundgraph.serve.web.reading import organisation_facts

    facts = organisation_facts(backend, "https://data.example.se/organisation/region-vasterbotten", _name)
    assert facts.name == "Region Västerbotten" and facts.listed == ["REGION VÄSTERBOTTEN"]
    assert facts.same_as == [("Wikidata Q3233375", "http://www.wikidata.org/entity/Q3233375")]
    assert facts.governs == ["https://data.example.se/county/24"]
    ltu = organisation_facts(backend, "https://data.example.se/organisation/lulea-tekniska-universitet", _name)
    assert ltu.name == "Luleå tekniska universitet" and ltu.listed == ["LULEÅ TEKNISKA UNIVERSITET"]


@pytest.mark.parametrize("listed, shown", [
    ("REGION VÄSTERBOTTEN", "Region Västerbotten"), ("LULEÅ TEKNISKA UNIVERSITET", "Luleå tekniska universitet"),
    ("STUDIEFÖRBUNDET BILDA NORD", "Studieförbundet Bilda Nord"), ("VILHELMINA KOMMUN", "Vilhelmina kommun"),
    ("UMEÅ UNIVERSITET", "Umeå universitet"), ("NORRA SKOGSÄGARNA EK. FÖR.", "Norra Skogsägarna ek. för."),
    ("PARTNERINVEST ÖVRE NORRLAND AB", "Partnerinvest Övre Norrland AB"),
    ("RISE Research Institutes of Sweden AB", "RISE Research Institutes of Sweden AB"),
    ("Connect Norr Service AB", "Connect Norr Service AB"), ("LYCKSELE KOMMUN", "Lycksele kommun"),
])
def test_names_in_capitals_read_as_names(listed, shown):
    from fundgraph.serve.web.names import readable

    assert readable(listed) == shown


def test_a_preferred_name_wins_over_the_lists(backend):
    from fundgraph.serve.web.names import display_name

    assert display_name(["REGION VÄSTERBOTTEN"], {"sv": "Region Västerbotten"}, "en") == "Region Västerbotten"
    assert display_name(["X AB"], {"en": "X Ltd", "sv": "X AB"}, "en") == "X Ltd"
    assert display_name([], {}, "sv") == ""
