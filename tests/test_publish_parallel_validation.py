"""A large publication is validated by worker processes reading the store from disk: the publishing process
closes its writable store first and reads it read-only from then on (a writable store compacts in the
background, deleting .sst files the workers had listed: publish failed at 100 000 projects). Here the size
from which that happens is lowered to the fixture's 17 projects, so that the path runs in seconds."""

from __future__ import annotations

import pyoxigraph
import pytest
from conftest import FIXTURE_PDF

from fundgraph.config import Settings
from fundgraph.publish import pipeline, publish


def test_a_store_validated_in_worker_processes_is_published_whole(tmp_path, monkeypatch, published):
    monkeypatch.setattr(pipeline, "PARALLEL_VALIDATION_FROM", 1)
    seen = []

    def validate_store(store, settings, **options):
        with pytest.raises(RuntimeError, match="read-write"):
            store.flush()  # read-only: the writable store was closed before the workers open it
        seen.append(options.get("store_path"))
        return real(store, settings, **options)

    real = pipeline.validate_store
    monkeypatch.setattr(pipeline, "validate_store", validate_store)
    result = publish([FIXTURE_PDF], Settings(out_dir=tmp_path / "publish", links_dir=tmp_path / "links"))
    assert len(seen) == 1 and seen[0] is not None  # the worker processes' path
    assert result.publication["triples"] == published.publication["triples"]
    assert (result.out_dir / "void.ttl").read_bytes() == (published.out_dir / "void.ttl").read_bytes()
    store = pyoxigraph.Store.read_only(str(result.out_dir / "store"))
    reference = pyoxigraph.Store.read_only(str(published.out_dir / "store"))
    assert set(store) == set(reference)
