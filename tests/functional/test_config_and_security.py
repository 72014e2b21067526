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
