"""The browse page used as a person uses it, in a real browser: a search word typed and sent, a fund chosen
from the filter, then the next page. One function, run by tests/test_browser_browse.py on a few thousand
synthetic projects and by the bench's ``browse`` phase on a million (``python -m bench --phases browse``)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait


@dataclass
class BrowseRun:
    """What the browser showed: the results ``heading`` after the search and the filter, the case ids of the
    first and second ``pages`` (in the order shown), the fund column of both pages (``funds``), and seconds
    from each click to the page being there (``seconds``: "search", "filter", "next page")."""

    heading: str
    pages: list[list[str]]
    funds: list[str]
    seconds: dict[str, float] = field(default_factory=dict)


def shown(driver) -> list[str]:
    """Case ids of the projects in the browse table, in the order shown."""
    links = driver.find_elements(By.CSS_SELECTOR, "#projects-table tbody td.title-cell a")
    return [a.get_attribute("href").rsplit("/", 1)[1] for a in links]


def _fund_cells(driver) -> list[str]:
    return [row.find_elements(By.CSS_SELECTOR, "td")[2].text
            for row in driver.find_elements(By.CSS_SELECTOR, "#projects-table tbody tr")]


def _after(driver, click, url_part: str, timeout: float) -> float:
    """Seconds from ``click()`` until the page whose URL holds ``url_part`` has its results table."""
    start = time.perf_counter()
    click()
    WebDriverWait(driver, timeout).until(EC.url_contains(url_part))
    WebDriverWait(driver, timeout).until(EC.presence_of_element_located((By.ID, "results-heading")))
    return time.perf_counter() - start


def search_filter_and_page(driver, url: str, word: str, fund: str, *, timeout: float = 120) -> BrowseRun:
    """On the server at ``url``: open /projects, search ``word``, filter by fund code ``fund``, go to page 2."""
    driver.get(url + "/projects")
    submit = driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]")
    driver.find_element(By.ID, "q").send_keys(word)
    seconds = {"search": _after(driver, submit.click, f"q={word}", timeout)}
    Select(driver.find_element(By.ID, "fund")).select_by_value(fund)
    submit = driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]")
    seconds["filter"] = _after(driver, submit.click, f"fund={fund}", timeout)
    heading = driver.find_element(By.ID, "results-heading").text
    first, funds = shown(driver), _fund_cells(driver)
    following = driver.find_element(By.CSS_SELECTOR, "a[rel=next]")
    seconds["next page"] = _after(driver, following.click, "page=2", timeout)
    assert re.search(rf"[?&]q={re.escape(word)}(&|$)", driver.current_url) and f"fund={fund}" in driver.current_url
    return BrowseRun(heading, [first, shown(driver)], funds + _fund_cells(driver), seconds)
