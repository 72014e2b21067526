"""Configuration layering (defaults → instance/config.py → QUIZAPP_*), headers and errors."""

import os
import re
import subprocess
import sys

import pytest

from quizapp import create_app
from quizapp.config import DEVELOPMENT_SECRET_KEY, InsecureSecretKey
from tests.conftest import SLUG


def test_instance_config_then_environment(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text('SECRET_KEY = "from-file-0123456789"\nLEVEL_NOTE = "f"\n')
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(instance))
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-file-0123456789"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'quizapp.sqlite3'}"
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "from-env-0123456789")
    monkeypatch.setenv("QUIZAPP_SESSION_COOKIE_SECURE", "false")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-env-0123456789"
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_cookies_are_secure_outside_development(tmp_path, monkeypatch):
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "a-secret-of-this-install")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize(
    "secret", [None, "", "dev-only-not-secret", "short-secret", b"short"], ids=repr
)
def test_the_app_refuses_to_serve_without_a_secret_of_its_own(tmp_path, monkeypatch, secret):
    """Signed with the public default, sessions and CSRF tokens could be forged by anyone."""
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    with pytest.raises(InsecureSecretKey, match="QUIZAPP_SECRET_KEY"):
        create_app({} if secret is None else {"SECRET_KEY": secret})


def test_debug_mode_and_tests_may_use_the_development_secret(tmp_path, monkeypatch):
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    assert create_app({"TESTING": True}).config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert create_app().debug


def test_the_flask_command_says_how_to_set_a_secret(tmp_path):
    """What a user sees who starts the app by hand without one: the message, not a 500."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUIZAPP_", "FLASK_"))}
    env["QUIZAPP_SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "quizapp", "init-db"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "needs a secret key of its own" in done.stderr
    assert "scripts/run-app.sh" in done.stderr


@pytest.mark.parametrize("path", ["/", f"/passages/{SLUG}", "/api/v1/passages", "/nope"])
def test_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client):
    for path in ["/", f"/passages/{SLUG}", "/nope"]:
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and " style=" not in html and "<style" not in html
        assert "onclick=" not in html


def test_unexpected_errors_are_a_clean_500(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "kaboom" not in response.get_data(as_text=True)
    assert "Nothing you entered was lost" in response.get_data(as_text=True)


def test_static_assets_are_served_with_the_font(client):
    css = client.get("/static/css/app.css")
    assert css.status_code == 200 and b"Quizapp Devanagari" in css.data
    font = client.get(
        "/static/vendor/noto-sans-devanagari/noto-sans-devanagari-devanagari-400-normal.woff2"
    )
    assert font.status_code == 200 and font.data[:4] == b"wOF2"


def _guest_with_a_lasting_session(app):
    """A guest who started an attempt: their session is permanent (kept a month)."""
    from tests.functional.test_quiz_pages import _set_id, _start

    client = app.test_client()
    attempt_id = _start(client, _set_id(app))
    return client, attempt_id


def test_a_lasting_session_cookie_is_signed_again_once_a_day(app, monkeypatch):
    """Flask would re-sign a permanent session on every response; quizapp.security does it
    once a day, which still keeps the month counting from the last visit (to within a day)."""
    import time

    from quizapp import security

    client, attempt_id = _guest_with_a_lasting_session(app)
    assert "Set-Cookie" not in client.get(f"/attempts/{attempt_id}").headers
    later = time.time() + security.REFRESH_AFTER + 60
    monkeypatch.setattr(security.time, "time", lambda: later)
    refreshed = client.get(f"/attempts/{attempt_id}")
    assert refreshed.status_code == 200
    cookie = refreshed.headers["Set-Cookie"]
    assert cookie.startswith("session=") and "Expires=" in cookie and "HttpOnly" in cookie


def test_a_tampered_session_cookie_is_a_fresh_session(app):
    client, attempt_id = _guest_with_a_lasting_session(app)
    cookie = client.get_cookie("session")
    client.set_cookie("session", cookie.value[:-2] + ("AA" if cookie.value[-2:] != "AA" else "BB"))
    assert client.get(f"/attempts/{attempt_id}").status_code == 404


def test_the_csrf_token_stays_the_same_through_a_session_and_is_accepted(app):
    """Tokens are signed once per session (quizapp.fragments.csrf_token), so pages come out
    the same on every load; the token still posts, and another session's does not."""
    from tests.functional.test_quiz_pages import TOKEN

    client, attempt_id = _guest_with_a_lasting_session(app)
    pages = [client.get(f"/attempts/{attempt_id}").get_data(as_text=True) for _ in range(2)]
    pages.append(client.get("/").get_data(as_text=True))
    tokens = {TOKEN.search(page).group(1) for page in pages}
    assert len(tokens) == 1
    other = app.test_client()
    other_token = TOKEN.search(other.get("/").get_data(as_text=True)).group(1)
    assert other_token not in tokens
    submit = f"/attempts/{attempt_id}/submit"
    assert client.post(submit, data={"csrf_token": other_token}).status_code == 400
    assert client.post(submit, data={"csrf_token": tokens.pop()}).status_code == 302


#: Responses a browser may keep (the same for every visitor of a role), with what they say.
PUBLIC_CACHING = {
    "static": "max-age",
    "content.read": "no-cache",
    "api.passage": "no-cache",
    "attempts.transliterate": "max-age",
}


def test_every_personal_response_says_no_store(app, client, make_user):
    """Finding 9 of the security issue: results, My words and the attempt JSON carried no
    Cache-Control, so a shared school PC kept them. Every GET route is swept (a new one joins
    on its own); all but the public ones above say ``no-store`` to a signed-in learner."""
    from quizapp.auth.services import issue_token
    from tests.conftest import sign_in
    from tests.functional.test_quiz_pages import _set_id, _start, _token

    user = make_user("asha")
    sign_in(client, user)
    set_id = _set_id(app)
    attempt_id = _start(client, set_id)
    client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": _token(client)})
    with app.app_context():
        bearer = {"Authorization": f"Bearer {issue_token(user)}"}
    values = {"attempt_id": attempt_id, "set_id": set_id, "slug": SLUG, "code": "en"}
    values["filename"] = "css/app.css"
    values["question_id"] = 1  # the teacher pages' and API's (a learner is refused them)
    values.update(class_id=1, user_id=user.id, assignment_id=1, run_id=1)  # the classes
    seen = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(values[name]), url)
        response = client.get(url, headers=bearer if url.startswith("/api/") else {})
        assert response.status_code < 500, url
        said = response.headers.get("Cache-Control", "")
        expected = PUBLIC_CACHING.get(rule.endpoint, "no-store")
        assert expected in said, (url, response.status_code, said)
        seen.add(rule.endpoint)
    assert {"attempts.result_page", "words.index", "api.attempt", "progress.page"} <= seen
