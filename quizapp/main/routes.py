"""Home page and the interface-language switch."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, redirect, render_template, request

from quizapp.attempts.labels import SKILL
from quizapp.attempts.routes import set_cards_by_passage
from quizapp.content.services import passage_cards
from quizapp.i18n import LANGUAGE_COOKIE

bp = Blueprint("main", __name__)

ONE_YEAR = 60 * 60 * 24 * 365


@bp.get("/")
def home():
    """The passages to read, each with its quizzes and this browser's best scores."""
    return render_template(
        "main/home.html",
        cards=passage_cards(),
        quiz_sets=set_cards_by_passage(),
        skill_labels=SKILL,
    )


@bp.get("/language/<code>")
def set_language(code: str):
    """Switch the interface language and remember it, then go back where the user was."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    response = redirect(_safe_next(request.args.get("next")))
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=ONE_YEAR,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the switch cannot be used as an open redirect."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target
