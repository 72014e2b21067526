"""The passages API over real requests: shapes, the verbatim Hindi, errors and OpenAPI."""

import json
import re
import unicodedata

import pytest

from tests.conftest import PACKAGED_HINDI, SEED_HINDI, SLUG, sign_in


def test_list_passages(client):
    response = client.get("/api/v1/passages")
    assert response.status_code == 200
    (passage,) = response.get_json()["passages"]
    assert passage["slug"] == SLUG
    assert passage["title"]["hi"] and passage["title"]["en"]
    assert passage["url"] == f"/api/v1/passages/{SLUG}"
    assert passage["reader_url"] == f"/passages/{SLUG}"


def test_passage_hindi_equals_the_seed_file_sentence_by_sentence(client):
    data = client.get(f"/api/v1/passages/{SLUG}").get_json()
    text = SEED_HINDI.read_text(encoding="utf-8")
    expected = unicodedata.normalize("NFC", text).strip().split("\n")
    assert len(data["paragraphs"]) == 5
    sentences = [s for p in data["paragraphs"] for s in p["sentences"]]
    assert len(sentences) == 18
    rebuilt = [" ".join(s["hi"] for s in p["sentences"]) for p in data["paragraphs"]]
    assert rebuilt == expected
    assert [s["id"] for s in data["paragraphs"][0]["sentences"]] == ["p1s1", "p1s2"]
    assert all(s["en"].strip() and s["roman"].isascii() for s in sentences)


def test_packaged_article_is_byte_for_byte_the_published_seed():
    # tests/data holds the published article (tests/unit/test_data_copies.py keeps it so).
    assert PACKAGED_HINDI.read_bytes() == SEED_HINDI.read_bytes()


def test_passage_glossary(client):
    glossary = client.get(f"/api/v1/passages/{SLUG}").get_json()["glossary"]
    assert len(glossary) >= 80
    by_lemma = {g["lemma"]["hi"]: g for g in glossary}
    for word in ["समकक्ष", "मतभेद", "पदारोहण", "प्रतिबंध", "जैसे को तैसा", "आधारशिला"]:
        assert word in by_lemma, word
    entry = by_lemma["समकक्ष"]
    assert entry["lemma"]["roman"] == "samkaksh"
    assert entry["meaning"]["en"] and entry["pos"] == "noun" and entry["sentences"] == ["p1s1"]
    assert any(
        g["lemma"]["hi"] == "हाशिये पर" or "हाशिये पर" in [f["hi"] for f in g["forms"]]
        for g in glossary
    )


def test_unknown_passage_is_a_json_404(client):
    response = client.get("/api/v1/passages/no-such-thing")
    assert response.status_code == 404
    body = response.get_json()
    assert body["error"] == "Not Found" and "no-such-thing" in body["message"]


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/passages/%F0%9F%92%A9%00"])
def test_odd_api_paths_get_json_errors(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert set(response.get_json()) == {"error", "message"}


def test_wrong_method_is_405_json(client):
    response = client.delete("/api/v1/passages")
    assert response.status_code == 405
    assert response.get_json()["error"] == "Method Not Allowed"


def test_openapi_document_is_valid_and_describes_the_routes(client, app):
    from openapi_spec_validator import validate

    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert {"/passages", "/passages/{slug}"} <= set(document["paths"])
    api_rules = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi"
    }
    assert api_rules <= set(document["paths"])


def test_api_responses_are_gzipped_when_asked(client):
    plain = client.get(f"/api/v1/passages/{SLUG}")
    zipped = client.get(f"/api/v1/passages/{SLUG}", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert len(zipped.data) < len(plain.data) / 3
    import gzip

    assert json.loads(gzip.decompress(zipped.data)) == plain.get_json()


def test_the_api_neither_reads_nor_writes_the_session_cookie(client, make_user):
    """Bearer tokens only: a signed-in browser's cookie gives the API nothing, and the API's
    responses neither set it nor vary on it."""
    user = make_user("cookie-holder")
    sign_in(client, user)
    assert client.get_cookie("session") is not None
    mine = client.get("/api/v1/me/progress")
    assert mine.status_code == 401  # the cookie is no credential here
    listed = client.get("/api/v1/passages")
    assert listed.status_code == 200
    assert "Set-Cookie" not in listed.headers and "Cookie" not in listed.headers.get("Vary", "")
    # The browser's session is untouched: its pages still know who is signed in.
    assert client.get("/account").status_code == 200
