"""Shared fixtures. ``published``: the bundled list published once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["browser.fixtures"]  # server and browser, for tests/test_browser_*.py

REPOSITORY = Path(__file__).resolve().parent.parent
FIXTURE_PDF = REPOSITORY / "examples" / "granted-projects-vasterbotten.pdf"


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The PublishResult of publishing examples/granted-projects-vasterbotten.pdf with default settings
    (base IRI https://data.example.se/, no link tables) into a session temporary folder. ``.out_dir`` holds
    store/, the dumps, CSV, catalogue, VoID, figures.json and publication.json. Treat it as read-only."""
    from fundgraph.config import Settings
    from fundgraph.publish import publish

    root = tmp_path_factory.mktemp("published")
    return publish([FIXTURE_PDF], Settings(out_dir=root / "publish", links_dir=root / "links"))
