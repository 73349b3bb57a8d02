"""HTTP caching (serve.caching): validators on every answer of a publication, 304 without the store."""

from __future__ import annotations

import pytest

from fundgraph.config import Settings

PATHS = ("/", "/projects?fund=ERDF_2021", "/project/20372556", "/download/dataset.ttl", "/search?q=kommun",
         "/datasets/dcat", "/sparql?query=ASK%7B%7D")


@pytest.fixture(scope="module")
def app(published):
    from fundgraph.serve import create_app

    app = create_app(Settings(), publication_dir=published.out_dir)
    yield app
    app.extensions["fundgraph"].backend.close()


@pytest.mark.parametrize("path", PATHS)
def test_every_answer_has_validators_and_revalidates_to_304(app, published, path):
    client = app.test_client()
    first = client.get(path, headers={"Accept": "text/turtle"} if path.startswith("/project/") else {})
    assert first.status_code == 200, path
    tag = first.headers["ETag"]
    assert tag.startswith('"') and published.publication["published"]
    assert first.headers["Cache-Control"].startswith(("public, max-age=", "private, max-age="))
    assert first.headers["Last-Modified"].endswith("GMT")
    headers = {"If-None-Match": tag}
    if path.startswith("/project/"):
        headers["Accept"] = "text/turtle"
    again = client.get(path, headers=headers)
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == tag
    del headers["If-None-Match"]
    since = client.get(path, headers={**headers, "If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304


def test_each_variant_has_its_own_tag(app):
    client = app.test_client()
    html = client.get("/project/20372556", headers={"Accept": "text/html"})
    turtle = client.get("/project/20372556", headers={"Accept": "text/turtle"})
    assert html.headers["ETag"] != turtle.headers["ETag"]
    # a tag of the other variant is no validator of this one
    assert client.get("/project/20372556", headers={"Accept": "text/turtle",
                                                    "If-None-Match": html.headers["ETag"]}).status_code == 200
    assert "Accept" in turtle.headers["Vary"]


def test_a_304_never_touches_the_store(app, monkeypatch):
    client = app.test_client()
    tag = client.get("/project/20372556").headers["ETag"]
    backend = app.extensions["fundgraph"].backend

    def refuse(*args, **kwargs):
        raise AssertionError("the store was asked")

    for name in ("select_values", "run_query", "query"):
        if hasattr(backend, name):
            monkeypatch.setattr(backend, name, refuse)
    assert client.get("/project/20372556", headers={"If-None-Match": tag}).status_code == 304


def test_errors_and_posts_carry_no_validator(app):
    client = app.test_client()
    assert "ETag" not in client.get("/project/does-not-exist").headers
    assert "ETag" not in client.post("/sparql", data={"query": "ASK {}"}).headers
    stale = client.get("/", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert stale.status_code == 200


def test_a_304_carries_the_headers_of_the_200(app):
    # RFC 9110 §15.4.5: the validators, Cache-Control and Vary the 200 would carry; and ours, security and CORS.
    client = app.test_client()
    first = client.get("/project/20372556", headers={"Accept": "text/turtle"})
    again = client.get("/project/20372556", headers={"Accept": "text/turtle", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and "Content-Type" not in again.headers
    for name in ("ETag", "Last-Modified", "Cache-Control", "Content-Security-Policy", "X-Content-Type-Options",
                 "Access-Control-Allow-Origin"):
        assert again.headers[name] == first.headers[name], name
    assert {"Accept", "Accept-Language", "Cookie"} <= {v.strip() for v in again.headers["Vary"].split(",")}


def test_a_url_over_the_limit_is_414_even_with_a_matching_tag(app):
    client = app.test_client()
    path = "/projects?q=" + "x" * (app.extensions["fundgraph"].settings.max_url_bytes + 10)
    assert client.get(path, headers={"If-None-Match": "*"}).status_code == 414
