"""Fixtures of the browser tests (tests/test_browser_*.py), loaded by tests/conftest.py: one live server of
the published fixture list and one headless Chromium for the whole session."""

from __future__ import annotations

import pytest

from browser.helpers import LiveServer, start_chromium


@pytest.fixture(scope="session")
def server(published):
    """The published fixture dataset served on a free loopback port (``.url``)."""
    from fundgraph.config import Settings
    from fundgraph.serve import create_app

    app = create_app(Settings(), publication_dir=published.out_dir)
    try:
        with LiveServer(app) as live:
            yield live
    finally:
        app.extensions["fundgraph"].backend.close()  # its query worker processes


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Headless Chromium (a Swedish reader's Accept-Language), 1 280 × 900 unless a test resizes it."""
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()
