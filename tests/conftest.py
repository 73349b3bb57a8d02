"""Shared fixtures. ``published``: the bundled list published once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

# server and browser, for tests/test_browser_*.py; the external stores' session servers (oxigraph_server,
# oxigraph_union_server, virtuoso_server), registered once here: a fixture imported into each test module would
# be a fixture of each module, and start a server per module for the rest of the session.
pytest_plugins = ["browser.fixtures", "oxigraph_server", "virtuoso_server"]

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


@pytest.fixture(scope="session")
def libreoffice_lists(tmp_path_factory):
    """{layout name: PDF path}: the Västerbotten fixture's 17 projects written as each layout of
    tests/lo_corpus.py (Writer documents and Calc spreadsheets) and printed to PDF by LibreOffice,
    all in one soffice call with a private profile. Treat the files as read-only."""
    import json

    import lo_corpus

    root = tmp_path_factory.mktemp("libreoffice")
    projects = json.loads((REPOSITORY / "tests" / "data" / "granted-projects-vasterbotten.expected.json")
                          .read_text("utf-8"))["projects"]
    sources = {name: lo_corpus.write_source(projects, layout, root / "src" / lo_corpus.file_stem(name))
               for name, layout in lo_corpus.LAYOUTS.items()}
    (root / "src").mkdir(exist_ok=True)
    pdfs = lo_corpus.convert_all(list(sources.values()), root / "pdf", root / "profile")
    return {name: pdfs[source] for name, source in sources.items()}
