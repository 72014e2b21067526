"""Interface language: chosen by the user (cookie), else the browser's Accept-Language."""

from flask import Flask, current_app, request
from flask_babel import get_locale

from quizapp.extensions import babel

LANGUAGE_COOKIE = "lang"
#: Names of the interface languages, each written in its own script.
LANGUAGE_NAMES = {"en": "English", "hi": "हिन्दी"}


def select_locale() -> str:
    """The interface language for this request."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def current_language() -> str:
    """ "en" or "hi": the language the interface is shown in."""
    return str(get_locale() or "en")


def init_app(app: Flask) -> None:
    """Bind Flask-Babel and expose the language helpers to templates."""
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(current_language=current_language, language_names=LANGUAGE_NAMES)
