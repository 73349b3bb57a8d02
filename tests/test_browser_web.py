"""The web front in a real browser: headless Chromium (Debian's) against a live server on a loopback port.

One browser session for the module. Each page is checked with axe-core (no serious or critical
violations) and saved as a screenshot under test-artifacts/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser.helpers import AXE, run_axe, screenshot, serious, skip_without_chromium

pytestmark = [pytest.mark.browser, pytest.mark.server]

skip_without_chromium()

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
EXPECTED = json.loads((REPO / "tests" / "data" / "granted-projects-vasterbotten.expected.json").read_text("utf-8"))
SKELLEFTEA = {p["case_id"]: p for p in EXPECTED["projects"] if "Skellefteå" in p["municipalities"]}


def _accessible(browser, name: str) -> None:
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` (make test does)"
    problems = serious(run_axe(browser))
    screenshot(browser, name)
    assert not problems, "\n".join(problems)


def _wait(browser, condition, timeout: float = 15):
    return WebDriverWait(browser, timeout).until(condition)


def test_landing_page_shows_figures_and_charts(browser, server):
    browser.get(server.url + "/")
    figures = browser.find_element(By.ID, "figures").text
    assert "17" in browser.find_element(By.ID, "figure-projects").text
    assert browser.find_element(By.ID, "figure-granted").text == "72 750 869 kr"
    assert browser.find_element(By.ID, "figure-budget").text == "225 263 121 kr"
    assert "stödmottagare" in figures
    charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart[role=img]")
    assert len(charts) == 3 and all(c.size["height"] > 40 and c.size["width"] > 200 for c in charts)
    values = [t.text for t in browser.find_elements(By.CSS_SELECTOR, "#chart-fund .chart-value")]
    assert sum(int(v.replace(" ", "").removesuffix("kr")) for v in values) == int(EXPECTED["total_granted_amount"])
    _accessible(browser, "landing")


def test_landing_page_on_a_phone(browser, server):
    browser.set_window_size(390, 844)
    try:
        browser.get(server.url + "/?lang=en")
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390, "no sideways scrolling on a phone"
        _accessible(browser, "landing-phone-en")
    finally:
        browser.get(server.url + "/?lang=sv")
        browser.set_window_size(1280, 900)


def test_filtering_by_skelleftea_lists_its_projects(browser, server):
    browser.get(server.url + "/projects")
    Select(browser.find_element(By.ID, "municipality")).select_by_value("2482")
    browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    _wait(browser, EC.url_contains("municipality=2482"))
    links = browser.find_elements(By.CSS_SELECTOR, "#projects-table tbody td.title-cell a")
    shown = {a.get_attribute("href").rsplit("/", 1)[1]: a.text for a in links}
    assert shown == {case_id: p["title"] for case_id, p in SKELLEFTEA.items()}
    assert browser.find_element(By.ID, "results-heading").text == f"{len(SKELLEFTEA)} projekt"
    _accessible(browser, "projects-skelleftea")


def test_project_page(browser, server):
    case_id = "20372556"
    browser.get(server.url + f"/project/{case_id}")
    assert EXPECTED["projects"][0]["title"] in browser.find_element(By.TAG_NAME, "h1").text
    assert "10 000 000 kr" in browser.find_element(By.TAG_NAME, "main").text
    _accessible(browser, "project")


def test_municipality_page(browser, server):
    browser.get(server.url + "/municipality/2482")
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "Skellefteå" in text
    for project in SKELLEFTEA.values():
        assert project["title"] in text
    _accessible(browser, "municipality")


def test_a_query_typed_into_the_editor_shows_results(browser, server):
    browser.get(server.url + "/sparql")
    editor = _wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "#sparql-editor .CodeMirror")))
    _accessible(browser, "sparql-editor")
    editor.click()
    area = editor.find_element(By.CSS_SELECTOR, "textarea")
    # Select all and type a new query, as a person would.
    area.send_keys("\ue009a")  # Ctrl+A
    area.send_keys("\ue017")  # Delete
    # projects granted money (an amended earlier project is an fg:Project too, without amounts of its own)
    area.send_keys("PREFIX fg: <https://w3id.org/fundgraph/ns#>\n"
                   "SELECT (COUNT(?p) AS ?projects) WHERE { ?p a fg:Project ; fg:grantedAmount ?a }")
    browser.find_element(By.CSS_SELECTOR, "#sparql-editor .yasqe_queryButton").click()
    _wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "#sparql-editor .yasr table tbody td")))
    # the value, not its notation: 17, not "17"^^xsd:integer
    _wait(browser, lambda d: "17" in d.find_element(By.CSS_SELECTOR, "#sparql-editor .yasr table tbody").text.split())
    assert "^^" not in browser.find_element(By.CSS_SELECTOR, "#sparql-editor .yasr table tbody").text
    screenshot(browser, "sparql-results")


def test_an_example_query_runs_in_the_editor(browser, server):
    browser.get(server.url + "/sparql")
    _wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "#sparql-editor .CodeMirror")))
    first = browser.find_element(By.CSS_SELECTOR, "section details")
    first.find_element(By.TAG_NAME, "summary").click()
    first.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    # the per-fund example: one row per fund that has projects, in the editor's result table
    _wait(browser, lambda d: "ERDF_2021" in d.find_element(By.CSS_SELECTOR, "#sparql-editor .yasr").text)
    assert browser.current_url.startswith(server.url + "/sparql")  # stayed on the page
    origins = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => new URL(e.name).origin)")
    assert set(origins) <= {server.url}, "the editor loads nothing from other hosts"


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_figure_cards_hold_their_values_at_1280px(browser, server, lang):
    browser.set_window_size(1280, 900)
    browser.get(server.url + f"/?lang={lang}")
    overflowing = browser.execute_script(
        "return [...document.querySelectorAll('.figure')].filter(card => {"
        "  const value = card.querySelector('.figure-value').getBoundingClientRect();"
        "  const box = card.getBoundingClientRect();"
        "  return value.right > box.right - 4 || card.scrollWidth > card.clientWidth;"
        "}).map(card => card.textContent.trim());")
    screenshot(browser, f"landing-figures-1280-{lang}", full_page=False)
    assert not overflowing, overflowing
