"""Every kind of page a person can land on, in headless Chromium, in Swedish and English, at 1 280 px and
390 px (a phone): no text box overlapping another, nothing wider than the window (``browser.layout``,
measured in the browser), axe-core without serious or critical violations, and a screenshot of each
(test-artifacts/page-<kind>-<lang>-<width>.png) — plus what each reading view must say.

axe-core runs twice per page (Swedish at 1 280 px, English at 390 px); layout is checked in all four.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser.helpers import AXE, run_axe, screenshot, serious, skip_without_chromium
from browser.layout import overflow, overlaps, unfold

pytestmark = [pytest.mark.browser, pytest.mark.server]

skip_without_chromium()

from selenium.webdriver.common.by import By  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
EXPECTED = json.loads((REPO / "tests" / "data" / "granted-projects-vasterbotten.expected.json").read_text("utf-8"))
DOCUMENT = "e9e9260f058369c766d7843663834e45062e218dfe106de6e3c50a66aec85c77"
NBSP = "\u00a0"

PAGES = {  # kind → path
    "landing": "/", "projects": "/projects", "project": "/project/20372556", "municipality": "/municipality/2482",
    "organisation": "/organisation/region-vasterbotten", "fund": "/fund/ERDF_2021", "programme": "/fund/INTERREG_AURORA",
    "priority": "/priority/1", "county": "/county/24", "document": f"/document/{DOCUMENT}", "catalogue": "/catalog",
    "dataset": "/dataset", "distribution": "/dataset/distribution/dataset.ttl", "data-service": "/service/sparql",
    "sparql": "/sparql", "sparql-error": "/sparql?query=SELECT+%3Fx%0AWHERE+%7B+%3Fx+%3Fp+%7D",
    "not-found": "/project/no-such-project",
}
SIZES = ((1280, 900), (390, 844))


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_layout_and_accessibility(browser, server, kind):
    path = PAGES[kind]
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` (make test does)"
    problems = []
    try:
        for lang in ("sv", "en"):
            for width, height in SIZES:
                browser.set_window_size(width, height)
                browser.get(server.url + path + ("&" if "?" in path else "?") + f"lang={lang}")
                assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
                where = f"{kind} ({lang}, {width} px)"
                screenshot(browser, f"page-{kind}-{lang}-{width}")
                if (lang, width) in (("sv", 1280), ("en", 390)):
                    problems += [f"{where}: {p}" for p in serious(run_axe(browser))]
                unfold(browser)  # the folded "all facts" and chart tables must fit too
                problems += [f"{where}: {p}" for p in overlaps(browser)]
                problems += [f"{where}: {p}" for p in overflow(browser)]
    finally:
        browser.set_window_size(*SIZES[0])
    assert not problems, "\n".join(problems)


def _open(browser, server, path: str, lang: str = "sv"):
    browser.set_window_size(*SIZES[0])
    browser.get(server.url + path + f"?lang={lang}")
    return browser.find_element(By.TAG_NAME, "main")


def test_organisation_page_reads_as_a_page(browser, server):
    main = _open(browser, server, PAGES["organisation"])
    assert browser.find_element(By.TAG_NAME, "h1").text == "Region Västerbotten"
    text = main.text
    assert "REGION VÄSTERBOTTEN" in text  # as the list writes it, said once, under "Namn i listan"
    assert "schema:funder" not in text and "dct:publisher" not in text
    mine = [p for p in EXPECTED["projects"] if p["beneficiary"].casefold() == "region västerbotten"]
    rows = main.find_elements(By.CSS_SELECTOR, "#listing-projects-table tbody tr")
    assert len(rows) == len(mine)
    links = {a.get_attribute("href").rsplit("/", 1)[-1] for a in
             main.find_elements(By.CSS_SELECTOR, "#listing-projects-table td.title-cell a")}
    assert links == {p["case_id"] for p in mine}
    assert "10 000 000 kr" in text.replace(NBSP, " ")
    assert main.find_elements(By.CSS_SELECTOR, "svg.chart[role=img]")
    assert "Wikidata Q3233375" in text
    # every link reads as a name, never as a path or an IRI
    for a in main.find_elements(By.CSS_SELECTOR, ".listing a"):
        assert not a.text.startswith(("/", "http")), a.text


def _swedish(text: str) -> str:
    # Swedish alphabetical order: å, ä, ö after z (what the page's Intl.Collator("sv") does)
    return text.casefold().translate(str.maketrans({"å": "{", "ä": "|", "ö": "}"}))


def test_the_organisations_table_sorts(browser, server):
    main = _open(browser, server, PAGES["organisation"])
    header = main.find_element(By.CSS_SELECTOR, "#listing-projects-table thead th:first-child button")
    header.click()
    titles = [a.text for a in main.find_elements(By.CSS_SELECTOR, "#listing-projects-table td.title-cell a")]
    assert titles == sorted(titles, key=_swedish)
    assert header.find_element(By.XPATH, "..").get_attribute("aria-sort") == "ascending"
    header.click()
    titles = [a.text for a in main.find_elements(By.CSS_SELECTOR, "#listing-projects-table td.title-cell a")]
    assert titles == sorted(titles, key=_swedish, reverse=True)


def test_document_page_is_named_by_its_file(browser, server):
    main = _open(browser, server, PAGES["document"], "en")
    assert browser.find_element(By.TAG_NAME, "h1").text == EXPECTED["document"]
    text = main.text
    assert "Pages" in text and "Projects in the document" in text and DOCUMENT in text
    assert "spdx:checksum" not in text and "dct:format" not in text
    assert len(main.find_elements(By.CSS_SELECTOR, "#listing-projects-table tbody tr")) == len(EXPECTED["projects"])


def test_fund_page_lists_its_projects_once(browser, server):
    main = _open(browser, server, PAGES["fund"])
    rows = main.find_elements(By.CSS_SELECTOR, "#listing-projects-table tbody tr")
    assert len(rows) == len([p for p in EXPECTED["projects"] if p["fund"] == "ERUF"])
    beneficiaries = main.find_elements(By.CSS_SELECTOR, "#listing-projects-table td[data-label] a[href*='/organisation/']")
    assert len(beneficiaries) == len(rows)  # a beneficiary link in every row
    assert "/projects?fund=ERDF_2021" in [a.get_attribute("href").replace(server.url, "")
                                          for a in main.find_elements(By.TAG_NAME, "a")]


def test_catalogue_pages_read_in_words(browser, server):
    for kind in ("catalogue", "dataset", "distribution", "data-service"):
        main = _open(browser, server, PAGES[kind], "en")
        for a in main.find_elements(By.CSS_SELECTOR, ".catalogue-view a"):
            assert not a.text.startswith(("/", "http")), (kind, a.text)  # link texts are names
    main = _open(browser, server, PAGES["distribution"], "en")
    text = main.text
    assert "Download the file" in text and "SHA-256" in text and "dcat:" not in text and "dct:" not in text
    main = _open(browser, server, PAGES["dataset"], "sv")
    text = main.text
    assert "Filer att ladda ner (10)" in text and "utgivare" in text and "http://publications.europa.eu" not in text


def test_editor_results_are_values_that_fit_and_its_words_are_swedish(browser, server):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(390, 844)
    try:
        browser.get(server.url + "/sparql?lang=sv")
        wait = WebDriverWait(browser, 15)
        editor = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#sparql-editor .CodeMirror"))
        browser.execute_script(
            "window.fundgraphEditor.getTab().getYasqe().setValue(arguments[0]);",
            "PREFIX fg: <https://w3id.org/fundgraph/ns#>\nSELECT ?p (COUNT(*) AS ?n) WHERE { ?p a fg:Project ; "
            "fg:grantedAmount ?a } GROUP BY ?p ORDER BY ?p LIMIT 3")
        # The page's script renames YASGUI's words on the next animation frame after they appear: wait for it.
        def swedish_run_button(d):
            button = d.find_element(By.CSS_SELECTOR, "#sparql-editor .yasqe_queryButton")
            named = button.get_attribute("aria-label") == "Kör frågan" and button.get_attribute("title") == "Kör frågan"
            return button if named else None
        run = wait.until(swedish_run_button, "the run button is not named 'Kör frågan'")
        run.click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#sparql-editor .yasr table tbody td"))
        body = browser.find_element(By.CSS_SELECTOR, "#sparql-editor .yasr table tbody").text
        assert "^^" not in body and "xsd:" not in body and "<http" not in body
        assert "https://data.example.se/project/" in body
        editor.is_displayed()
        results = browser.find_element(By.CSS_SELECTOR, "#sparql-editor .yasr").text
        assert "Enkel vy" in results and "3 rader på" in results and "Rad 1–3 av 3" in results
        unfold(browser)
        problems = overflow(browser) + overlaps(browser)
        screenshot(browser, "page-sparql-results-sv-390")
        assert not problems, "\n".join(problems)
    finally:
        browser.set_window_size(*SIZES[0])
