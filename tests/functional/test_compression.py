"""Content codings over real requests: the same choice on cached pages (the reader, passage JSON)
and on pages compressed on the fly (the home page, API lists), Vary, ETags and 304s."""

import gzip
import io
import re

import brotli
import pytest
from flask import Response, send_file

from tests.conftest import SLUG

READER = f"/passages/{SLUG}"
PAGES = {
    "reader, cached": READER,
    "passage JSON, cached": f"/api/v1/passages/{SLUG}",
    "home page, on the fly": "/",
    "question sets JSON, on the fly": "/api/v1/question-sets",
}

#: Accept-Encoding → the coding sent (None: the body as it is). A row per rule.
CODINGS = [
    ("gzip", "gzip"),
    ("gzip;q=0", None),  # q=0: not acceptable (the bug: the old check saw "gzip" in it)
    ("gzip; q=0", None),
    ("br", "br"),
    ("br;q=0, gzip", "gzip"),
    ("br;q=0.5, gzip", "gzip"),  # the higher quality wins
    ("gzip, br", "br"),  # a tie goes to the smaller
    ("gzip, deflate, br, zstd", "br"),  # a browser over HTTPS
    ("gzip, deflate", "gzip"),  # a browser over plain HTTP
    ("*", "br"),
    ("*;q=0", None),
    ("gzip;q=0, *", "br"),  # an explicit refusal beats the wildcard
    ("br;q=0, *", "gzip"),
    ("br;q=0, gzip;q=0, *", None),
    ("identity", None),
    ("identity;q=0", None),  # nothing else acceptable: the plain body, not a 406
    ("identity;q=0, gzip", "gzip"),
    ("identity, gzip;q=0.5", None),  # identity preferred outright
    ("GZIP", "gzip"),
    ("", None),
    (None, None),  # no header at all
]

DECODE = {"gzip": gzip.decompress, "br": brotli.decompress, None: bytes}
#: A page's CSRF token is signed with the time: two requests a second apart differ there only.
CSRF_VALUE = re.compile(rb'(name="csrf_token" value="|name="csrf-token" content=")[^"]+')


def _same_page(body: bytes) -> bytes:
    return CSRF_VALUE.sub(rb"\1TOKEN", body)


def _get(client, url, accept_encoding, **headers):
    if accept_encoding is not None:
        headers["Accept-Encoding"] = accept_encoding
    return client.get(url, headers=headers)


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize(("accept_encoding", "coding"), CODINGS)
def test_the_coding_sent_follows_accept_encoding(client, page, accept_encoding, coding):
    url = PAGES[page]
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    response = _get(client, url, accept_encoding)
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == coding
    assert "Accept-Encoding" in response.vary
    assert _same_page(DECODE[coding](response.data)) == _same_page(plain.data)
    if coding is not None:
        assert len(response.data) < len(plain.data) / 2  # compressed, even at level 1


@pytest.mark.parametrize("accept_encoding", ["identity", "gzip", "br"])
def test_cached_page_has_a_strong_etag_per_coding_and_answers_304(client, accept_encoding):
    response = _get(client, READER, accept_encoding)
    etag, weak = response.get_etag()
    assert etag and not weak
    coding = response.headers.get("Content-Encoding")
    assert etag.endswith(f":{coding}") if coding else ":" not in etag

    again = _get(client, READER, accept_encoding, **{"If-None-Match": f'"{etag}"'})
    assert again.status_code == 304 and again.data == b""
    assert again.get_etag() == (etag, False)
    assert "Accept-Encoding" in again.vary


def test_cached_page_etags_differ_by_coding_and_any_of_them_revalidates(client):
    etags = {ae: _get(client, READER, ae).get_etag()[0] for ae in ("identity", "gzip", "br")}
    assert len(set(etags.values())) == 3
    # A cache that holds the brotli copy and now asks without br still has the current page.
    held = _get(client, READER, "gzip", **{"If-None-Match": f'"{etags["br"]}"'})
    assert held.status_code == 304 and held.get_etag()[0] == etags["gzip"]
    assert _get(client, READER, "gzip", **{"If-None-Match": '"stale"'}).status_code == 200


@pytest.fixture
def odd_routes(app):
    """Responses the compressor must leave alone: tiny, sent from a file, streamed."""
    html = "<!doctype html><p>" + "Lorem ipsum dolor sit amet. " * 400

    app.add_url_rule("/test/tiny", "tiny", lambda: "<p>small</p>")
    app.add_url_rule(
        "/test/file",
        "file",
        lambda: send_file(io.BytesIO(html.encode()), mimetype="text/html"),
    )
    app.add_url_rule("/test/stream", "stream", lambda: Response(iter([html]), mimetype="text/html"))
    app.add_url_rule("/test/big", "big", lambda: html)
    return app.test_client()


@pytest.mark.parametrize("path", ["/test/tiny", "/test/file", "/test/stream"])
def test_tiny_file_and_streamed_responses_are_left_alone(odd_routes, path):
    response = odd_routes.get(path, headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.data.startswith(b"<")


def test_on_the_fly_etag_gets_the_coding_and_a_304(odd_routes, app):
    """flask-compress marks a strong ETag with the coding and answers If-None-Match itself."""

    @app.after_request
    def _tag(response):
        if response.status_code == 200 and response.mimetype == "text/html":
            response.set_etag("v1")
        return response

    response = odd_routes.get("/test/big", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.get_etag() == ("v1:gzip", False)
    again = odd_routes.get(
        "/test/big", headers={"Accept-Encoding": "gzip", "If-None-Match": '"v1:gzip"'}
    )
    assert again.status_code == 304
