"""The web front's pages through Flask's test client, on the published fixture dataset."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fundgraph.config import Settings

REPO = Path(__file__).resolve().parent.parent
EXPECTED = json.loads((REPO / "tests" / "data" / "granted-projects-vasterbotten.expected.json").read_text("utf-8"))
SKELLEFTEA = sorted(p["case_id"] for p in EXPECTED["projects"] if "Skellefteå" in p["municipalities"])
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def client(published):
    from fundgraph.serve import create_app

    app = create_app(Settings(), publication_dir=published.out_dir)
    yield app.test_client()
    app.extensions["fundgraph"].backend.close()  # its query worker processes


class Links(HTMLParser):
    """Collects hrefs of <a>, src of <script>/<img>, href of <link>, and the text."""

    def __init__(self, html: str):
        super().__init__()
        self.anchors: list[str] = []
        self.resources: list[str] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.anchors.append(attrs["href"])
        if tag in ("script", "img", "iframe") and attrs.get("src"):
            self.resources.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.resources.append(attrs["href"])

    def handle_data(self, data):
        self.text.append(data)


def _page(client, url, status=200, **kwargs):
    response = client.get(url, headers={"Accept": "text/html"}, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return response, Links(response.get_data(as_text=True))


def _local_only(links: Links):
    assert links.resources, "a page loads its stylesheet"
    assert all(r.startswith("/") and not r.startswith("//") for r in links.resources), links.resources


def test_landing_shows_the_figures_and_charts(client):
    response, links = _page(client, "/")
    html = response.get_data(as_text=True)
    assert '<html lang="sv">' in html
    for figure in ("17", f"72{NBSP}750{NBSP}869{NBSP}kr", f"225{NBSP}263{NBSP}121{NBSP}kr"):
        assert figure in html
    assert html.count('role="img"') == 3
    for chart in ("chart-fund", "chart-priority", "chart-municipality"):
        assert f'id="{chart}"' in html and f'aria-labelledby="{chart}-title {chart}-desc"' in html
    # each chart's data table links to the filtered browse view
    assert "/projects?municipality=2482" in links.anchors and "/projects?fund=ERDF_2021" in links.anchors
    for target in ("/download/dataset.ttl", "/datasets/dcat", "/sparql", "/projects"):
        assert any(a == target or a.startswith(target + "#") for a in links.anchors), target
    _local_only(links)
    assert "Vary" in response.headers and "Cookie" in response.headers["Vary"]


def test_landing_totals_match_the_fund_chart_table(client, published):
    figures = json.loads((published.out_dir / "figures.json").read_text("utf-8"))
    assert sum(int(e["granted_amount"]["SEK"]) for e in figures["by_fund"]) == int(EXPECTED["total_granted_amount"])
    _, links = _page(client, "/")
    text = "".join(links.text)
    for entry in figures["by_fund"]:
        assert entry["label"] in text


def test_language_switch_is_remembered_in_a_cookie(client):
    response, links = _page(client, "/?lang=en")
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html and f"SEK{NBSP}72,750,869" in html and "The dataset in figures" in html
    assert "lang=en" in response.headers.get("Set-Cookie", "")
    assert any("lang=sv" in a for a in links.anchors)  # the switch back
    client.set_cookie("lang", "en")
    try:
        response, _ = _page(client, "/projects")
        assert '<html lang="en">' in response.get_data(as_text=True)
    finally:
        client.delete_cookie("lang")


def _project_rows(html: str) -> list[str]:
    table = html.split('<table id="projects-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<a href="/project/(\d+)">', table)


def test_browse_lists_every_project_linking_to_its_page(client):
    response, _ = _page(client, "/projects?sort=case_id")
    rows = _project_rows(response.get_data(as_text=True))
    assert rows == sorted(p["case_id"] for p in EXPECTED["projects"])


def test_browse_filters_by_municipality(client):
    response, links = _page(client, "/projects?municipality=2482&sort=case_id")
    html = response.get_data(as_text=True)
    assert _project_rows(html) == SKELLEFTEA
    assert f"{len(SKELLEFTEA)} projekt" in html
    assert '<option value="2482" selected>' in html
    _local_only(links)


def test_browse_sorts_by_granted_amount_by_default(client):
    response, _ = _page(client, "/projects")
    expected = [p["case_id"] for p in sorted(EXPECTED["projects"], key=lambda p: (-int(p["granted_amount"]), p["case_id"]))]
    assert _project_rows(response.get_data(as_text=True)) == expected


def test_browse_search_and_second_page(client):
    response, _ = _page(client, "/projects?q=innovation&sort=title&order=asc")
    rows = _project_rows(response.get_data(as_text=True))
    expected = sorted((p for p in EXPECTED["projects"]
                       if "innovation" in (p["title"] + " " + p["summary"]).lower()), key=lambda p: p["title"])
    assert rows == [p["case_id"] for p in expected] and rows
    response, _ = _page(client, "/projects?page=2")
    html = response.get_data(as_text=True)
    assert "Inga projekt matchar urvalet." in html and '<a rel="prev" href="/projects">' in html


def test_browse_refuses_unknown_filter_values_with_400(client):
    response, _ = _page(client, '/projects?municipality="><script>', status=400)
    html = response.get_data(as_text=True)
    assert "Okänt filtervärde för Kommun" in html and "<script>" not in html
    assert client.get("/projects.csv?fund=NOPE").status_code == 400


def test_browse_csv_is_the_selection(client):
    response = client.get("/projects.csv?municipality=2482&sort=case_id")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["case_id"] for r in rows] == SKELLEFTEA
    by_id = {p["case_id"]: p for p in EXPECTED["projects"]}
    for row in rows:
        assert int(row["granted_amount"]) == int(by_id[row["case_id"]]["granted_amount"])
        assert row["title"] == by_id[row["case_id"]]["title"]


def test_browse_shows_the_query_that_produces_the_selection(client, published):
    import html as html_module

    import pyoxigraph

    response, links = _page(client, "/projects?municipality=2482&q=v%C3%A4sterbotten")
    page = response.get_data(as_text=True)
    query = html_module.unescape(page.split('<pre id="selection-query"', 1)[1].split("<code>", 1)[1]
                                 .split("</code>", 1)[0])
    store = pyoxigraph.Store.read_only(str(published.out_dir / "store"))
    ids = [s["caseId"].value for s in store.query(query, use_default_graph_as_union=True)]
    assert ids == _project_rows(page) and ids
    assert any(a.startswith("/sparql#query=") for a in links.anchors)
    endpoint_link = next(a for a in links.anchors if a.startswith("/sparql?query="))
    answer = client.get(endpoint_link)
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert [r["caseId"] for r in csv.DictReader(io.StringIO(answer.get_data(as_text=True)))] == ids


def test_static_files_and_vendored_editor(client):
    assert client.get("/static/css/site.css").status_code == 200
    assert client.get("/static/vendor/yasgui/yasgui.min.js").status_code == 200
    pinned = json.loads((REPO / "package.json").read_text("utf-8"))["devDependencies"]["@zazuko/yasgui"]
    vendored = REPO / "src" / "fundgraph" / "serve" / "static" / "vendor" / "yasgui"
    assert (vendored / "VERSION").read_text().strip() == pinned
    assert "MIT" in (vendored / "NOTICE").read_text()


def test_sparql_page_loads_the_editor_on_top_of_the_form(client):
    response, links = _page(client, "/sparql")
    html = response.get_data(as_text=True)
    assert "<textarea" in html and 'name="query"' in html  # the plain form, for use without JavaScript
    assert "/static/vendor/yasgui/yasgui.min.js" in links.resources
    assert "/static/js/sparql-editor.js" in links.resources
    _local_only(links)


def test_project_page_reads_as_a_page(client):
    response, links = _page(client, "/project/20372391")
    html = response.get_data(as_text=True)
    expected = next(p for p in EXPECTED["projects"] if p["case_id"] == "20372391")
    assert f"2{NBSP}690{NBSP}083{NBSP}kr" in html and f"11{NBSP}545{NBSP}418{NBSP}kr" in html
    for name in expected["municipalities"]:
        assert f">{name}</a>" in html
    assert "/municipality/2482" in links.anchors and "/fund/ERDF_2021" in links.anchors
    assert EXPECTED["document"] in html and "sidan" in html
    assert any(a.endswith("format=ttl") or a.endswith(".ttl") for a in links.anchors)
    _local_only(links)


def test_municipality_page_lists_its_projects_and_totals(client):
    response, links = _page(client, "/municipality/2482")
    html = response.get_data(as_text=True)
    skelleftea = [p for p in EXPECTED["projects"] if "Skellefteå" in p["municipalities"]]
    total = f"{sum(int(p['granted_amount']) for p in skelleftea):,}".replace(",", NBSP) + f"{NBSP}kr"
    assert total in html
    table = html.split('id="listing-projects-table"', 1)[1].split("</table>", 1)[0]
    assert sorted(re.findall(r'href="/project/(\d+)"', table)) == SKELLEFTEA
    assert len(re.findall(r'href="/organisation/', table)) == len(SKELLEFTEA)  # every beneficiary a link
    assert "/projects?municipality=2482" in links.anchors


def test_beneficiary_outside_figures_is_looked_up_in_the_data(published, tmp_path):
    """figures.json keeps only the largest beneficiaries: a filter on another is checked against the store."""
    import shutil

    from fundgraph.serve import create_app

    folder = tmp_path / "publish"
    shutil.copytree(published.out_dir, folder)
    figures = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    figures["by_beneficiary"] = []
    (folder / "figures.json").write_text(json.dumps(figures), encoding="utf-8")
    app = create_app(Settings(), publication_dir=folder)
    try:
        client = app.test_client()
        expected = sorted(p["case_id"] for p in EXPECTED["projects"] if p["beneficiary"] == "VILHELMINA KOMMUN")
        page = client.get("/projects?beneficiary=vilhelmina-kommun&sort=case_id&order=asc")
        assert page.status_code == 200
        assert sorted(set(re.findall(r"/project/(\d{8})", page.get_data(as_text=True)))) == expected
        assert client.get("/projects?beneficiary=no-such-organisation").status_code == 400
        assert client.get('/projects?beneficiary=x"%20}%20<y>').status_code == 400
    finally:
        app.extensions["fundgraph"].backend.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_listing_pages_link_names_in_both_languages(client, lang):
    """Municipalities have Swedish names only: an English page shows them too, never their codes."""
    response, links = _page(client, f"/fund/ERDF_2021?lang={lang}")
    html = response.get_data(as_text=True)
    table = html.split('id="listing-projects-table"', 1)[1].split("</table>", 1)[0]
    assert '">Bjurholm</a>' in table and not re.search(r'">\d{4}</a>', table)
    assert re.search(r'href="/organisation/[^"]+">Luleå tekniska universitet</a>', table)


@pytest.mark.parametrize("lang, words", [
    ("sv", "Europeiska regionala utvecklingsfonden (Eruf) (2021/2027) (EU:s programtabell)"),
    ("en", "European Regional Development Fund (ERDF) (2021/2027) (EU programme table)")])
def test_an_eu_table_concept_reads_as_the_name_of_the_fund_it_is(client, lang, words):
    """The EU Publications Office's eu-programme IRI has no label in our data: a page names it by our fund that
    is its skos:exactMatch (whose names are that table's), never by a code ("EU ERDF_2021"); the RDF says no more."""
    eu = "http://publications.europa.eu/resource/authority/eu-programme/ERDF_2021"
    for path in ("/fund/ERDF_2021", "/fund/INTERREG_AURORA"):  # same as / within
        html = _page(client, f"{path}?lang={lang}")[0].get_data(as_text=True)
        shown = re.findall(rf'<a href="{re.escape(eu)}">([^<]*)</a>', html)
        assert shown and set(shown) == {words}, (path, shown)
        assert "EU ERDF_2021" not in html
    import pyoxigraph

    turtle = client.get("/fund/INTERREG_AURORA", headers={"Accept": "text/turtle"}).get_data()
    assert not [t for t in pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE) if t.subject.value == eu]


@pytest.mark.parametrize("lang, partition", [("sv", "projekt"), ("en", "project")])
def test_the_dataset_page_names_its_void_terms_and_partitions(client, lang, partition):
    """VoID's properties read as words and a class partition as its class's name, not "void:triples" or
    "fg%3AProject" (the catalogue's description is read without the ontology: the data's vocabulary names it)."""
    html = _page(client, f"/dataset?lang={lang}")[0].get_data(as_text=True)
    names = re.findall(r'<dt><a href="[^"]*" title="[^"]*">([^<]*)</a></dt>', html)
    assert names and not [n for n in names if re.match(r"\w+:\w", n)], names
    assert f'<a href="/dataset/partition/class/fg%3AProject">{partition}</a>' in html


@pytest.mark.parametrize("lang, theme, namespace", [("sv", "EU:s datateman", "föredragen namnrymd"),
                                                    ("en", "EU data themes", "preferred namespace IRI")])
def test_the_catalogue_and_dataset_pages_speak_the_page_language(client, lang, theme, namespace):
    """The catalogue's theme taxonomy has only an English title ("Data theme"), and the property partitions
    of the dataset page include VANN's terms: both read in the page's language, not as English or as IRIs."""
    catalogue = " ".join(_page(client, f"/catalog?lang={lang}")[1].text)
    assert theme in catalogue and "Data theme" not in catalogue
    dataset = " ".join(_page(client, f"/dataset?lang={lang}")[1].text)
    assert namespace in dataset and "http://purl.org/vocab/vann/preferred" not in dataset


@pytest.mark.parametrize("lang, generic, case_id", [("sv", "identifierare", "ärende-id"), ("en", "identifier", "identifier")])
def test_dct_identifier_is_named_for_the_resource_it_identifies(client, lang, generic, case_id):
    """dct:identifier is a project's case id ("ärende-id"); on the dataset page it is the dataset's identifier,
    and its property partition counts every identifier in the data: both read as the general word."""
    def names(path):
        html = _page(client, f"{path}?lang={lang}")[0].get_data(as_text=True)
        return re.findall(r'<dt><a href="http://purl.org/dc/terms/identifier" title="[^"]*">([^<]*)</a></dt>', html), html

    (named,), html = names("/dataset")
    assert named == generic
    assert f'<a href="/dataset/partition/property/dct%3Aidentifier">{generic}</a>' in html
    assert "ärende-id" not in html
    assert names("/project/20372391")[0] == [case_id]


@pytest.mark.parametrize("lang, other", [("sv", "en"), ("en", "sv")])
def test_a_funds_other_names_read_once_each_grouped_by_language(client, lang, other):
    """The ERDF's skos:altLabels are the EU table's names in 24 languages, many alike ("FEDER" in five, the page's
    own language's name twice): the key facts show the names in the page's language, then, folded away, the other
    languages' (the site's other language first, then by tag), every name of the data once, never the title."""
    import pyoxigraph

    turtle = client.get("/fund/ERDF_2021", headers={"Accept": "text/turtle"}).get_data()
    labels = [t.object for t in pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE)
              if t.predicate.value == "http://www.w3.org/2004/02/skos/core#altLabel"]
    html = _page(client, f"/fund/ERDF_2021?lang={lang}")[0].get_data(as_text=True)
    title = re.search(r"<h1>([^<]*)</h1>", html).group(1)
    facts = html.split('<dl class="facts key-facts">', 1)[1].split("</details>", 1)[0]
    own, others = facts.split('<details class="other-names">', 1)
    shown = re.findall(r'<span lang="([^"]*)">([^<]*)</span>', facts)
    texts = [text.casefold() for _, text in shown]
    assert len(texts) == len(set(texts)), "each name once"
    assert set(texts) == {label.value.casefold() for label in labels} - {title.casefold()}
    assert {tag for tag, _ in re.findall(r'<span lang="([^"]*)">([^<]*)</span>', own)} == {lang}
    groups = re.findall(r"<dt>([^<]*)</dt><dd>", others)
    assert groups[0] == other and groups[1:] == sorted(groups[1:]) and lang not in groups
    misplaced = [(group, tag) for group, values in re.findall(r"<dt>([^<]*)</dt><dd>(.*?)</dd>", others)
                 for tag in re.findall(r'<span lang="([^"]*)">', values) if tag != group]
    assert not misplaced
    count = {"sv": "på andra språk ({})", "en": "in other languages ({})"}[lang].format(
        sum(1 for tag, _ in shown if tag != lang))
    assert f"<summary>{count}</summary>" in others
