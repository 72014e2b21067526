"""Home page and the interface-language switch."""

from flask import Blueprint, abort, current_app, redirect, request
from flask_login import current_user

from quizapp.attempts.learners import current_learner, current_viewer
from quizapp.attempts.services import set_cards_by_passage
from quizapp.classrooms.assignments import assignments_of
from quizapp.database import utcnow
from quizapp.i18n import remember_language
from quizapp.main.pages import home_page
from quizapp.security import safe_next_path
from quizapp.words.services import due_word_count

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """The passages to read, each with its quizzes and this browser's best scores."""
    signed_in = current_user.is_authenticated
    return home_page(
        set_cards_by_passage(current_viewer(), current_learner()),
        words_due=due_word_count(current_user.id, utcnow()) if signed_in else None,
        viewer_role=current_user.role if signed_in else "",
        assigned=tuple(assignments_of(current_user.id)) if signed_in else (),
    )


@bp.get("/language/<code>")
def set_language(code: str):
    """Switch this browser's interface language, then go back where the user was. Only the
    cookie: the account's saved language changes on the account page (a POST)."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    return remember_language(redirect(safe_next_path(request.args.get("next"))), code)
