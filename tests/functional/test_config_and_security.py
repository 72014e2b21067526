"""Configuration layering (defaults → instance/config.py → QUIZAPP_*), headers and errors."""

import pytest

from quizapp import create_app
from tests.conftest import SLUG


def test_instance_config_then_environment(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text('SECRET_KEY = "from-file"\nLEVEL_NOTE = "file"\n')
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(instance))
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-file"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'quizapp.sqlite3'}"
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "from-env")
    monkeypatch.setenv("QUIZAPP_SESSION_COOKIE_SECURE", "false")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_cookies_are_secure_outside_development(tmp_path, monkeypatch):
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


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
