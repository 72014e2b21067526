"""The reader: a passage in Hindi and English, with glosses, romanisation and listening."""

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user
from markupsafe import Markup

from quizapp.compression import PageCache, page_response
from quizapp.content import labels
from quizapp.content import prefs as reader_prefs
from quizapp.content.services import get_passage, passage_version, reader_paragraphs
from quizapp.i18n import current_language

bp = Blueprint("content", __name__, url_prefix="/passages")

ONE_YEAR = 60 * 60 * 24 * 365
#: The reader page depends only on the passage version, the view options, the interface
#: language and the header's navigation (signed in or not, and the role), so each worker renders
#: it once and serves it from memory afterwards. Nothing personal goes into it: no name, no
#: CSRF token (the header's sign-out links to a page with the form, see _site_nav.html).
pages = PageCache()


@bp.get("/<slug>")
def read(slug: str):
    """Read a passage in the mode the reader prefers."""
    found = passage_version(slug)
    if found is None:
        abort(404)
    cookie = request.cookies.get(reader_prefs.COOKIE)
    prefs, changed = reader_prefs.from_request(request.args, cookie)
    nav = current_user.role if current_user.is_authenticated else ""
    page = pages.get((*found, prefs, current_language(), nav), lambda: _render(slug, prefs))
    response = page_response(page)
    if changed:
        _remember(response, prefs)
    return response


@bp.get("/preferences")
def save_preferences():
    """Remember reader options chosen in the page's script (answers 204, no body)."""
    prefs, _changed = reader_prefs.from_request(
        request.args, request.cookies.get(reader_prefs.COOKIE)
    )
    response = current_app.make_response(("", 204))
    _remember(response, prefs)
    return response


def _remember(response, prefs: reader_prefs.ReaderPrefs) -> None:
    response.set_cookie(
        reader_prefs.COOKIE,
        prefs.to_cookie(),
        max_age=ONE_YEAR,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )


def _render(slug: str, prefs: reader_prefs.ReaderPrefs) -> str:
    passage = get_passage(slug)
    if passage is None:
        abort(404)
    body = render_template(
        "content/_passage_body.html",
        passage=passage,
        paragraphs=reader_paragraphs(passage),
        mode=prefs.mode,
        form_roman={f["hi"]: f["roman"] for g in passage.glossary for f in g.forms},
        sentence_numbers={s.key: n for n, s in enumerate(passage.sentences, 1)},
        pos_labels=labels.PART_OF_SPEECH,
        gender_labels=labels.GENDER,
    )
    return render_template(
        "content/reader.html",
        # Not a finding (B704): HTML our template rendered, text escaped there.
        body=Markup(body),  # nosec B704
        prefs=prefs,
        modes=reader_prefs.MODES,
        mode_labels=labels.MODE,
        slug=passage.slug,
        title_hi=passage.title_hi,
        title_en=passage.title_en,
        level=passage.level,
        sentence_count=len(passage.sentences),
        cacheable_page=True,
    )
