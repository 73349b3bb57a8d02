"""The store loaded from N-Quads text by Oxigraph's bulk loader in a thread (publish.loading)."""

from __future__ import annotations

import pyoxigraph
import pytest

from fundgraph.errors import PublishError
from fundgraph.publish.loading import BackgroundLoad

LINE = b'<http://example.org/s%d> <http://example.org/p> "v\\u00E9 %d"@sv <http://example.org/g> .\n'


def test_what_is_written_is_in_the_store_when_the_block_ends(tmp_path):
    store = pyoxigraph.Store(str(tmp_path / "store"))
    with BackgroundLoad(store) as load:
        for n in range(20_000):  # more than a pipe holds: the writer waits for the loader
            load.write(LINE % (n, n))
        load.write(LINE % (0, 0))  # a repeat is one quad
    assert len(store) == 20_000
    (quad,) = store.quads_for_pattern(pyoxigraph.NamedNode("http://example.org/s7"), None, None)
    assert quad.object == pyoxigraph.Literal("vé 7", language="sv")
    assert quad.graph_name == pyoxigraph.NamedNode("http://example.org/g")


def test_a_failing_loader_is_an_error_not_a_hang(tmp_path):
    store = pyoxigraph.Store(str(tmp_path / "store"))
    with pytest.raises(PublishError, match="loading the store failed"):
        with BackgroundLoad(store) as load:
            load.write(b"this is not N-Quads\n")
            for n in range(100_000):  # the loader has stopped reading: a write fails, or leaving the block
                load.write(LINE % (n, n))


def test_the_blocks_own_error_is_the_one_raised(tmp_path):
    store = pyoxigraph.Store(str(tmp_path / "store"))
    with pytest.raises(KeyError):
        with BackgroundLoad(store) as load:
            load.write(LINE % (1, 1))
            raise KeyError("mapping failed")
