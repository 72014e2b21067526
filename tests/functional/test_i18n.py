"""Two complete interface catalogs, and a language switch that is remembered."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import ROOT

CATALOGS = ROOT / "quizapp" / "translations"


def _catalog(lang: str):
    with open(CATALOGS / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_catalog_is_complete(lang):
    catalog = _catalog(lang)
    messages = [m for m in catalog if m.id]
    assert messages
    for message in messages:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated in {lang}: {message.id!r}"
        assert "fuzzy" not in message.flags, f"fuzzy in {lang}: {message.id!r}"


def test_hindi_catalog_is_in_devanagari():
    catalog = _catalog("hi")
    for message in catalog:
        if message.id and not str(message.id).startswith("%("):
            text = message.string if isinstance(message.string, str) else message.string[0]
            assert any("\u0900" <= ch <= "\u097f" for ch in text), message.id


def test_every_ui_string_is_extracted(tmp_path: Path):
    """Catches UI text added without running scripts/i18n.sh."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(pot, "rb") as f:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    for lang in ("en", "hi"):
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(lang) if m.id}
        assert extracted - known == set(), f"missing from {lang}: run scripts/i18n.sh"


def _key(value):
    return tuple(value) if isinstance(value, list | tuple) else value


def test_compiled_catalogs_are_fresh():
    for lang in ("en", "hi"):
        po = CATALOGS / lang / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_size > 0
        from babel.messages.mofile import read_mo

        with open(mo, "rb") as f:
            compiled = {_key(m.id): _key(m.string) for m in read_mo(f) if m.id}
        for message in _catalog(lang):
            if message.id:
                assert compiled.get(_key(message.id)) == _key(message.string), (
                    f"{lang} .mo is stale: run scripts/i18n.sh"
                )


def test_language_switch_sets_a_cookie_and_redirects_back(client):
    response = client.get("/language/hi?next=/passages/blinken-lavrov-reykjavik")
    assert response.status_code == 302
    assert response.headers["Location"] == "/passages/blinken-lavrov-reykjavik"
    assert "lang=hi" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]
    home = client.get("/").get_data(as_text=True)
    assert '<html lang="hi">' in home and "पाठ" in home


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_language_switch_is_not_an_open_redirect(client, target):
    response = client.get("/language/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_404(client):
    assert client.get("/language/fr").status_code == 404


def test_browser_language_is_the_default(client):
    html = client.get("/", headers={"Accept-Language": "hi-IN,hi;q=0.9"}).get_data(as_text=True)
    assert '<html lang="hi">' in html
    html = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="en">' in html
