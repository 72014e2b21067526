"""Guards every route inherits, checked by sweeping Flask's URL map (a new route joins these
tests on its own): no state-changing page request goes through without its CSRF token, no API
write goes through on a browser's session cookie, and neither leaves a change behind."""

import hashlib
import re

from sqlalchemy import select

from quizapp.attempts.services import read_attempt
from quizapp.auth.services import issue_token, list_tokens
from quizapp.extensions import db
from quizapp.words.services import add_word
from tests.conftest import SLUG, sign_in
from tests.functional.test_quiz_pages import _set_id, _start

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
#: Routes that answer a write without a token otherwise than 400 (pages) / 401 (API), and why.
EXCEPTIONS = {
    # Exempt from CSRFProtect: its form checks the token and shows a confirm page without one.
    "words.add": 200,
    # The sign-in of the API: no session involved; an empty body is a 400.
    "api.create_token": 400,
    # Exempt from CSRFProtect (its form checks the token once the size limit is raised): the
    # learner sweeping is refused before that, as every teacher page refuses learners.
    "authoring.import_confirm": 403,
}


def _snapshot(app) -> str:
    """A digest of every row of every table: equal before and after means nothing changed."""
    digest = hashlib.sha256()
    with app.app_context():
        for table in db.metadata.sorted_tables:
            rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
            digest.update(repr((table.name, rows)).encode())
    return digest.hexdigest()


def _state_changing_rules(app):
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & WRITES):
            yield method, rule


def _fill(rule, values: dict) -> str:
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(values.get(name, 1)), url)
    return url


def test_no_state_changing_request_goes_through_without_its_csrf_token(app, client, make_user):
    user = make_user("asha")
    sign_in(client, user)
    attempt_id = _start(client, _set_id(app))
    with app.app_context():
        issue_token(user, "script")
        word, _created = add_word(user.id, 1)
        values = {
            "attempt_id": attempt_id,
            "question_id": read_attempt(attempt_id).questions[0].id,
            "set_id": _set_id(app),
            "word_id": word.id,
            "card_id": word.cards[0].id,
            "token_id": list_tokens(user.id)[0].id,
            "slug": SLUG,
            "code": "en",
        }
    before = _snapshot(app)
    swept = []
    for method, rule in _state_changing_rules(app):
        url = _fill(rule, values)
        api = url.startswith("/api/")
        expected = EXCEPTIONS.get(rule.endpoint, 401 if api else 400)
        body = {"answer": "x"} if api else None
        data = None if api else {"answer": "x", "entry": "1", "locale": "hi", "name": "n"}
        response = client.open(url, method=method, json=body, data=data)
        assert response.status_code == expected, (method, url, response.status_code)
        swept.append(rule.endpoint)
    assert _snapshot(app) == before
    assert {"attempts.save", "attempts.submit", "auth.save_password", "api.answer"} <= set(swept)


def test_a_method_a_route_does_not_take_is_405_with_allow(app, client):
    """RFC 9110: a 405 says which methods the resource takes (a fuzzing run found 13 without)."""
    swept = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        allowed = rule.methods or set()
        missing = sorted(WRITES - allowed) or (["GET"] if "GET" not in allowed else [])
        if not missing:
            continue
        url = _fill(rule, {"slug": SLUG, "code": "en"})
        response = client.open(url, method=missing[0])
        if response.status_code != 405:
            continue  # another rule takes that method at the same URL
        assert {m.strip() for m in response.headers["Allow"].split(",")} >= allowed - {"OPTIONS"}
        swept += 1
    assert swept >= 20
