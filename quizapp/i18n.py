"""Interface language: this browser's choice (the cookie the header's switch sets), else a
signed-in user's saved choice, else the browser's Accept-Language.

The switch is a plain link (GET), so it only sets the cookie: any site could make a browser
follow it, and it must not change an account. Saving the language to the account is the
account page's form (POST with a CSRF token); signing in puts the saved choice in the cookie.
"""

from flask import Flask, Response, current_app, g, request
from flask_babel import get_locale, get_translations
from flask_login import current_user

from quizapp.extensions import babel

LANGUAGE_COOKIE = "lang"
ONE_YEAR = 60 * 60 * 24 * 365
#: Names of the interface languages, each written in its own script.
LANGUAGE_NAMES = {"en": "English", "hi": "हिंदी"}


def select_locale() -> str:
    """The interface language for this request."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    if current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    header = request.headers.get("Accept-Language", "")
    key = (header, tuple(languages), current_app.config["BABEL_DEFAULT_LOCALE"])
    found = _by_accept_language.get(key)
    if found is None:
        found = request.accept_languages.best_match(languages) or key[2]
        if len(_by_accept_language) >= 1024:  # headers are few; a flood of odd ones is not kept
            _by_accept_language.clear()
        _by_accept_language[key] = found
    return found


#: Browsers send a handful of distinct Accept-Language headers; parsing and matching one took a
#: twentieth of a cached page's time, so each one's answer is kept.
_by_accept_language: dict[tuple, str] = {}


def remember_language(response: Response, code: str) -> Response:
    """Keep the interface language ``code`` in this browser's cookie for a year."""
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=ONE_YEAR,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def current_language() -> str:
    """ "en" or "hi": the language the interface is shown in."""
    return str(get_locale() or "en")


def _translations():
    # A quiz page calls gettext some two hundred times; Flask-Babel finds the catalog anew on
    # each call (domain, context, locale), which cost about a fifth of the page's time.
    if "translations" not in g:
        g.translations = get_translations()
    return g.translations


def localized_message(message: str) -> tuple[str, str]:
    """A message from the core or a service (a ``Message``, or plain text marked with ``N_``)
    in the interface language, with the language it ended up in: text the catalog does not
    know (a GIFT parser's English, say) stays as it is, in English."""
    template = getattr(message, "template", message)
    params = getattr(message, "params", None) or {}
    translated = _translations().ugettext(template)
    lang = current_language() if translated != template or current_language() == "en" else "en"
    if not params:
        return translated, lang
    values = {
        name: localized_message(value)[0] if hasattr(value, "template") else value
        for name, value in params.items()
    }
    try:
        return translated % values, lang
    except (KeyError, TypeError, ValueError):  # a catalog entry that lost a placeholder
        return str(message), "en"


def localize(message: str) -> str:
    """``localized_message`` without the language."""
    return localized_message(message)[0]


def init_app(app: Flask) -> None:
    """Bind Flask-Babel and expose the language helpers to templates."""
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals.update(current_language=current_language, language_names=LANGUAGE_NAMES)
    app.jinja_env.filters["localized_message"] = localized_message
