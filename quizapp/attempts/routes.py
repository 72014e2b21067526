"""Taking a quiz in the browser: a set's page, the quiz form, autosave, submit and results.

Every page works without JavaScript (a form and a Save button per question); quiz.js adds
autosave over the same answer route, with JSON in and out. The views parse the request, call
one service and render; the rules are in ``attempts/services.py``. Before an attempt is
submitted nothing here reads a question's spec except through ``AttemptView.shown`` (the public
part), so no answer key reaches a page.
"""

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from quizapp.attempts import labels
from quizapp.attempts.learners import current_learner, current_viewer, learner_or_nobody
from quizapp.attempts.pages import quiz_page, sent_quiz_pages
from quizapp.attempts.services import (
    AnswerLocked,
    AnswerRejected,
    FeedbackLater,
    NothingToCheck,
    check_answer,
    feedback_visible,
    finished_attempts,
    get_attempt,
    quiz_items,
    quiz_page_stamp,
    results,
    retry_missed,
    save_answer,
    set_cards,
    start_attempt,
    submit_attempt,
)
from quizapp.compression import page_response
from quizapp.content.services import passage_by_id, passage_paragraphs, passage_version
from quizapp.core.grading import FormValueError, answer_from_form
from quizapp.core.romanize import to_devanagari
from quizapp.errors import localized_message
from quizapp.exceptions import DomainError, SignInRequired
from quizapp.extensions import db
from quizapp.fragments import csrf_token
from quizapp.i18n import current_language
from quizapp.json_input import json_body
from quizapp.questions.services import get_question_set

bp = Blueprint("attempts", __name__)

#: Longest text the transliteration helper converts (it echoes one typed answer).
MAX_TRANSLITERATE = 300


@bp.get("/sets/<int:set_id>")
def set_page(set_id: int):
    """A set's overview: what it holds, how it runs, the learner's attempts; Start/Resume."""
    question_set = get_question_set(set_id, current_viewer())
    cards = set_cards(current_viewer(), current_learner(), question_set.passage_id)
    card = next((c for c in cards if c.question_set.id == set_id), None)
    if card is None:
        abort(404)  # a set without questions cannot be taken
    return render_template(
        "attempts/set.html",
        card=card,
        question_set=question_set,
        finished=finished_attempts(set_id, current_learner()),
        skill_labels=labels.SKILL,
        feedback_timing=labels.FEEDBACK_TIMING,
    )


@bp.post("/sets/<int:set_id>/start")
def start(set_id: int):
    """Start an attempt, or resume the one in progress, and go to it (a guest at a set for
    signed-in learners goes to sign in first, and comes back to the set)."""
    try:
        view, _created = start_attempt(set_id, current_learner(create=True), current_viewer())
    except SignInRequired:
        flash(
            _("Sign in to take this set: it counts your attempts or keeps its answers hidden."),
            "info",
        )
        return redirect(url_for("auth.login", next=url_for("attempts.set_page", set_id=set_id)))
    return redirect(url_for("attempts.take", attempt_id=view.id))


@bp.get("/passages/<slug>/sets")
def passage_sets(slug: str):
    """A passage's sets with this browser's best scores: a fragment for the (cached) reader
    page to fetch, or a page of its own without JavaScript."""
    found = passage_version(slug)  # remembered per worker: cheap on every reader view
    if found is None:
        abort(404)
    fragment = request.args.get("fragment") == "1"
    return render_template(
        "attempts/_passage_sets.html" if fragment else "attempts/passage_sets.html",
        passage=passage_by_id(found[0]),
        cards=set_cards(current_viewer(), current_learner(), found[0]),
        skill_labels=labels.SKILL,
    )


@bp.get("/attempts/<int:attempt_id>")
def take(attempt_id: int):
    """The quiz: every question in a form of its own, saved answers filled in."""
    learner = learner_or_nobody()
    stamp = quiz_page_stamp(attempt_id, learner)
    if stamp is None:  # submitted, or its time ran out (get_attempt finishes it)
        view = get_attempt(attempt_id, learner)
        if view.state != "in_progress":
            return redirect(url_for("attempts.result_page", attempt_id=view.id))
        return _render_quiz(view)
    role = current_user.role if current_user.is_authenticated else ""
    key = (stamp, role, current_language(), csrf_token())
    page = sent_quiz_pages.get(key, lambda: quiz_page(get_attempt(attempt_id, learner), role))
    return page_response(page, personal=True)


def _render_quiz(view, question_errors: dict | None = None, status: int = 200):
    role = current_user.role if current_user.is_authenticated else ""
    return make_response(quiz_page(view, role, question_errors), status)


@bp.post("/attempts/<int:attempt_id>/answers/<int:question_id>")
def save(attempt_id: int, question_id: int):
    """Save one answer: JSON ``{"answer": …}`` from quiz.js, or a question's form without JS."""
    learner = learner_or_nobody()
    if request.is_json:
        body = json_body()
        if not isinstance(body, dict) or "answer" not in body:
            raise DomainError('Send the answer as {"answer": ...}.')
        saved_at = save_answer(attempt_id, question_id, body["answer"], learner)
        return jsonify(question_id=question_id, saved_at=saved_at.isoformat())
    view = get_attempt(attempt_id, learner)
    question = next((q for q in view.questions if q.id == question_id), None)
    if question is None:
        abort(404)
    try:
        save_answer(attempt_id, question_id, answer_from_form(question.type, request.form), learner)
    except AnswerLocked:
        db.session.rollback()
        return _render_quiz(view, {question_id: _check_refusals()[AnswerLocked]}, status=409)
    except (AnswerRejected, FormValueError) as error:
        db.session.rollback()
        message = localized_message(error) if isinstance(error, DomainError) else str(error)
        return _render_quiz(view, {question_id: message}, status=AnswerRejected.status)
    return redirect(url_for("attempts.take", attempt_id=attempt_id, _anchor=f"q-{question_id}"))


def _check_refusals() -> dict[type, str]:
    """What the quiz page says beside a question whose check (or save) was refused."""
    return {
        AnswerLocked: _("You checked this answer, so it can no longer be changed."),
        FeedbackLater: _("This set shows feedback after submitting."),
        NothingToCheck: _("Answer it first."),
    }


@bp.post("/attempts/<int:attempt_id>/questions/<int:question_id>/check")
def check(attempt_id: int, question_id: int):
    """Check one saved answer (sets with immediate feedback): grade it, lock it, show it."""
    learner = learner_or_nobody()
    try:
        check_answer(attempt_id, question_id, learner)
    except (FeedbackLater, NothingToCheck) as error:
        db.session.rollback()
        view = get_attempt(attempt_id, learner)
        if view.state != "in_progress":
            return redirect(url_for("attempts.result_page", attempt_id=view.id))
        return _render_quiz(view, {question_id: _check_refusals()[type(error)]}, status=409)
    return redirect(url_for("attempts.take", attempt_id=attempt_id, _anchor=f"q-{question_id}"))


@bp.route("/attempts/<int:attempt_id>/submit", methods=["GET", "POST"])
def submit(attempt_id: int):
    """GET: confirm, listing unanswered questions. POST: submit (a repeat changes nothing)."""
    if request.method == "POST":
        submit_attempt(attempt_id, learner_or_nobody())
        return redirect(url_for("attempts.result_page", attempt_id=attempt_id))
    view = get_attempt(attempt_id, learner_or_nobody())
    if view.state != "in_progress":
        return redirect(url_for("attempts.result_page", attempt_id=view.id))
    items = quiz_items(view)
    return render_template(
        "attempts/submit.html",
        attempt=view.attempt,
        question_set=view.question_set,
        questions=items,
        unanswered=[item for item in items if not item.answered],
        mode=view.question_set.prompt_language,
    )


@bp.get("/attempts/<int:attempt_id>/results")
def result_page(attempt_id: int):
    """Score, and per question (when the set allows it) answer, key, feedback and evidence."""
    view = get_attempt(attempt_id, learner_or_nobody())
    if view.state == "in_progress":
        return redirect(url_for("attempts.take", attempt_id=view.id))
    visible = feedback_visible(view)
    rows = results(view) if visible else []
    passage, paragraphs = passage_paragraphs(view.question_set.passage_id)
    sentences = [s for paragraph in paragraphs for s in paragraph]
    return render_template(
        "attempts/results.html",
        attempt=view.attempt,
        question_set=view.question_set,
        visible=visible,
        rows=rows,
        missed=sum(1 for row in rows if row.score < 1),
        sentences={s.key: s for s in sentences},
        sentence_numbers={s.key: n for n, s in enumerate(sentences, 1)},
        passage=passage,
        mode=view.question_set.prompt_language,
        detail=view.question_set.feedback_detail,
        feedback_later=labels.FEEDBACK_LATER,
        key_labels=labels.KEY_LABEL,
        skill_labels=labels.SKILL,
    )


@bp.post("/attempts/<int:attempt_id>/retry")
def retry(attempt_id: int):
    """A new attempt with only the questions this one missed."""
    new = retry_missed(attempt_id, learner_or_nobody())
    return redirect(url_for("attempts.take", attempt_id=new.id))


@bp.get("/attempts/transliterate")
def transliterate():
    """ITRANS-typed Hindi in Devanagari, for the helper line under Hindi text inputs."""
    text = request.args.get("text", "")[:MAX_TRANSLITERATE]
    response = jsonify(devanagari=to_devanagari(text))
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
