"""The browse page over a few thousand projects in a real browser: headless Chromium types a search word,
picks a fund and turns the page, against a live server of a published synthetic list (bench/synthetic.py,
the list the bench publishes; its ``browse`` phase runs the same check on a million projects)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from browser.helpers import skip_without_chromium

pytestmark = [pytest.mark.browser, pytest.mark.server]

skip_without_chromium()

from browser.browse import search_filter_and_page  # noqa: E402
from browser.helpers import LiveServer, screenshot  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PROJECTS = 2000
WORD, FUND = "innovation", "ERDF_2021"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A publication of PROJECTS synthetic projects (the bench's generator and its stand-in for a read list)."""
    sys.path.insert(0, str(REPO))
    try:
        from bench.phases import synthetic_list
    finally:
        sys.path.remove(str(REPO))
    from fundgraph.config import Settings
    from fundgraph.publish import pipeline

    fake = synthetic_list(PROJECTS, 2024)
    out = tmp_path_factory.mktemp("synthetic") / "publish"
    mp = pytest.MonkeyPatch()
    mp.setattr(pipeline, "read_list", lambda path, sheet=None, **options: fake)
    try:
        pipeline.publish([Path("synthetic-granted-projects.pdf")], Settings(out_dir=out))
    finally:
        mp.undo()
    return out


@pytest.fixture(scope="module")
def synthetic_server(synthetic):
    from fundgraph.config import Settings
    from fundgraph.serve import create_app

    app = create_app(Settings(), publication_dir=synthetic)
    try:
        with LiveServer(app) as live:
            yield live
    finally:
        app.extensions["fundgraph"].backend.close()


def test_search_a_fund_and_the_next_page_over_thousands_of_projects(browser, synthetic, synthetic_server):
    from fundgraph.publish import search
    from fundgraph.serve.search import parse_query

    run = search_filter_and_page(browser, synthetic_server.url, WORD, FUND)
    screenshot(browser, "projects-browse-synthetic")
    index = search.open_index(synthetic)
    try:
        query = parse_query({"q": WORD, "fund": FUND})
        expected = [[row["case_id"] for row in search.page(index, query, sort="granted", order="desc", limit=25,
                                                               offset=offset)] for offset in (0, 25)]
        total, exact = search.total(index, query)
        everything, _ = search.total(index, parse_query({}))
    finally:
        index.close()
    assert everything == PROJECTS and 50 < total < PROJECTS and exact  # the word and the fund both narrow it
    assert run.pages == expected and all(len(page) == 25 for page in run.pages)
    assert not set(run.pages[0]) & set(run.pages[1])
    assert run.heading == f"{total:,} projekt".replace(",", "\u00a0")
    assert set(run.funds) == {"Europeiska regionala utvecklingsfonden (Eruf) (2021/2027)"}, set(run.funds)
