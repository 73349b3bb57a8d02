"""The browse page's search and facets (search.sqlite) in a real browser: headless Chromium against a live
server on a loopback port, on the published fixture list (the bench covers a million projects)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from browser.helpers import AXE, run_axe, screenshot, serious, skip_without_chromium, start_chromium

pytestmark = [pytest.mark.browser, pytest.mark.server]

skip_without_chromium()

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PROJECTS = json.loads((REPO / "tests" / "data" / "granted-projects-vasterbotten.expected.json")
                      .read_text("utf-8"))["projects"]


def _text(project):
    return " ".join((project["title"], project["summary"], project["beneficiary"])).lower()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


def _shown(browser):
    links = browser.find_elements(By.CSS_SELECTOR, "#projects-table tbody td.title-cell a")
    return {a.get_attribute("href").rsplit("/", 1)[1] for a in links}


def _option_count(browser, select_id, value):
    option = browser.find_element(By.CSS_SELECTOR, f"#{select_id} option[value='{value}']")
    return int(re.search(r"\((\d+)\)$", option.text).group(1))


def test_search_folded_then_filtered_with_facet_counts(browser, server):
    browser.get(server.url + "/projects")
    box = browser.find_element(By.ID, "q")
    box.send_keys("Skelleftea")  # no å: folded
    browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    WebDriverWait(browser, 15).until(EC.url_contains("q=Skelleftea"))
    found = {p["case_id"] for p in PROJECTS if "skellefteå" in _text(p)}
    assert found and _shown(browser) == found
    assert browser.find_element(By.ID, "results-heading").text == f"{len(found)} projekt"
    # the fund options count the projects the search selects
    erdf = {c for c in found if next(p for p in PROJECTS if p["case_id"] == c)["fund"] == "ERUF"}
    assert _option_count(browser, "fund", "ERDF_2021") == len(erdf)

    Select(browser.find_element(By.ID, "fund")).select_by_value("ERDF_2021")
    browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    WebDriverWait(browser, 15).until(EC.url_contains("fund=ERDF_2021"))
    assert _shown(browser) == erdf
    problems = serious(run_axe(browser)) if AXE.exists() else ["axe-core missing: run `npm ci`"]
    screenshot(browser, "projects-search-facets")
    assert not problems, "\n".join(problems)


def test_a_word_finds_its_inflections(browser, server):
    browser.get(server.url + "/projects?q=kommun")
    words = {p["case_id"] for p in PROJECTS if re.search(r"(^|\W)kommun", _text(p))}
    assert words and _shown(browser) == words
