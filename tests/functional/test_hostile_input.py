"""Hostile input that used to be a 500 (issue 11, finding 4): ids beyond what a table holds on
every id route, deeply nested JSON, and lone surrogates in JSON text. Each is now a 4xx with a
message, and changes nothing. The id sweep reads Flask's URL map, so a new route joins it."""

import json
import re

import pytest

from quizapp.auth.services import issue_token
from quizapp.security import MAX_ID
from tests.conftest import db_rows, sign_in
from tests.functional.test_quiz_pages import _set_id, _start, _token

#: Past PostgreSQL's INTEGER, past SQLite's INTEGER (2**63), and far past both.
HUGE_IDS = [MAX_ID + 1, 2**63, 2**64 + 7, 10**30]
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _id_routes(app) -> list[tuple[str, str, list[str]]]:
    """(method, rule, its int arguments) for every route that takes an id."""
    found = []
    for rule in app.url_map.iter_rules():
        ints = [
            name for name, conv in rule._converters.items() if type(conv).__name__ == "DatabaseId"
        ]
        if ints:
            found += [(m, rule.rule, ints) for m in sorted(rule.methods) if m in METHODS]
    return found


def _url(rule: str, ints: list[str], value: int) -> str:
    url = rule
    for name in ints:
        url = url.replace(f"<int:{name}>", str(value))
    return re.sub(r"<(?:[a-z]+:)?[a-z_]+>", "x", url)


@pytest.fixture
def signed_in(app, client, make_user):
    user = make_user("asha")
    sign_in(client, user)
    with app.app_context():
        headers = {"Authorization": f"Bearer {issue_token(user)}", "X-CSRFToken": _token(client)}
    return client, headers


def test_the_sweep_finds_the_id_routes(app):
    rules = {rule for _method, rule, _ints in _id_routes(app)}
    assert "/attempts/<int:attempt_id>" in rules
    assert "/api/v1/attempts/<int:attempt_id>/answers/<int:question_id>" in rules
    assert len(rules) >= 10, rules


@pytest.mark.parametrize("value", HUGE_IDS)
def test_ids_beyond_a_table_are_404_on_every_id_route(app, signed_in, value):
    client, headers = signed_in
    for method, rule, ints in _id_routes(app):
        url = _url(rule, ints, value)
        response = client.open(url, method=method, headers=headers, json={"answer": 1})
        assert response.status_code == 404, (method, url, response.status_code)


@pytest.mark.parametrize("depth", [40, 400, 1000, 100_000])
def test_deeply_nested_json_is_a_400(app, client, signed_in, depth):
    client, headers = signed_in
    attempt_id = _start(client, _set_id(app))
    question = next(
        q["id"]
        for q in client.get(f"/api/v1/attempts/{attempt_id}", headers=headers).get_json()[
            "questions"
        ]
    )
    nested = "[" * depth + "1" + "]" * depth
    bodies = {
        ("PUT", f"/api/v1/attempts/{attempt_id}/answers/{question}"): '{"answer": VALUE}',
        ("POST", f"/attempts/{attempt_id}/answers/{question}"): '{"answer": VALUE}',
        ("POST", "/api/v1/tokens"): '{"username": VALUE, "password": "x"}',
        ("POST", f"/api/v1/questions/{question}/preview"): '{"answer": VALUE}',
    }
    for (method, url), body in bodies.items():
        response = client.open(
            url,
            method=method,
            data=body.replace("VALUE", nested),
            content_type="application/json",
            headers=headers,
        )
        assert 400 <= response.status_code < 500, (url, response.status_code)
        if response.status_code == 400:
            assert "nested too deeply" in response.get_json()["message"], url
    saved = client.get(f"/api/v1/attempts/{attempt_id}", headers=headers).get_json()["answers"]
    assert saved == {} or all(v is None for v in saved.values()), saved


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "रेक्जाविक\udc80"], ids=repr)
def test_lone_surrogates_in_json_text_are_a_400(app, client, signed_in, db_path, text):
    client, headers = signed_in
    attempt_id = _start(client, _set_id(app))
    view = client.get(f"/api/v1/attempts/{attempt_id}", headers=headers).get_json()
    short = next(q["id"] for q in view["questions"] if q["type"] == "short_answer")
    tokens_before = db_rows(db_path, "SELECT count(*) FROM api_token")
    escaped = json.dumps(text)  # "\ud800" as JSON's escape: the only way a surrogate arrives
    bodies = {
        ("PUT", f"/api/v1/attempts/{attempt_id}/answers/{short}"): '{"answer": VALUE}',
        ("POST", f"/attempts/{attempt_id}/answers/{short}"): '{"answer": VALUE}',
        ("POST", "/api/v1/tokens"): '{"username": VALUE, "password": "x"}',
        ("POST", "/api/v1/tokens#password"): '{"username": "asha", "password": VALUE}',
        ("POST", "/api/v1/tokens#name"): (
            '{"username": "asha", "password": "correct horse 1", "name": VALUE}'
        ),
    }
    for (method, url), body in bodies.items():
        response = client.open(
            url.split("#")[0],
            method=method,
            data=body.replace("VALUE", escaped),
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 400, (url, response.status_code)
        assert "not valid Unicode" in response.get_json()["message"], url
    saved = client.get(f"/api/v1/attempts/{attempt_id}", headers=headers).get_json()["answers"]
    assert str(short) not in saved or saved[str(short)] is None
    assert db_rows(db_path, "SELECT count(*) FROM api_token") == tokens_before
