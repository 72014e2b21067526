"""JSON API under /api/v1: thin handlers over the same services the pages use."""

import json

from flask import Blueprint, abort, jsonify
from flask.views import MethodView

from quizapp.api.auth import api_user, require_teacher, require_user
from quizapp.api.openapi import openapi_document
from quizapp.api.schemas import (
    AnswerRequest,
    PreviewRequest,
    QuestionSetPatch,
    TokenRequest,
    parse_body,
)
from quizapp.api.serializers import (
    attempt_json,
    authored_set,
    grade_result,
    passage_detail,
    passage_summary,
    question_result_json,
    question_set_detail,
    question_set_summary,
    token_json,
)
from quizapp.attempts.services import (
    Learner,
    attempt_stamp,
    check_answer,
    finished_stamp,
    get_attempt,
    save_answer,
    start_attempt,
    submit_attempt,
)
from quizapp.auth.services import authenticate, issue_token, list_tokens, revoke_token
from quizapp.authoring.services import get_own_passage, update_set
from quizapp.compression import PageCache, page_response
from quizapp.content.services import get_passage, list_passages, passage_version
from quizapp.database import utcnow
from quizapp.exceptions import DomainError
from quizapp.json_input import json_body
from quizapp.progress.serializers import progress_json
from quizapp.progress.services import learner_progress, progress_zone
from quizapp.questions.services import get_question_set, list_question_sets, preview_answer
from quizapp.words.serializers import word_json
from quizapp.words.services import due_count, list_words

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document(server_url=bp.url_prefix))


@bp.get("/passages")
def passages():
    """All passages, without their text."""
    return jsonify(passages=[passage_summary(p) for p in list_passages()])


#: Whole-passage JSON is the same for every client until the passage changes.
passages_json = PageCache(size=64)


@bp.get("/passages/<slug>")
def passage(slug: str):
    """One passage: paragraphs of aligned sentences, and its glossary. A draft only for its
    teacher (and admins), with their token; for anyone else it does not exist."""
    found = passage_version(slug)
    if found is None:
        return _draft_passage(slug)
    page = passages_json.get(found, lambda: _passage_json(slug), mimetype="application/json")
    return page_response(page)


def _draft_passage(slug: str):
    user = api_user()
    if user is None or not user.is_teacher:
        abort(404, description=f"No passage with slug {slug!r}.")
    return jsonify(passage_detail(get_own_passage(user, slug)))


def _passage_json(slug: str) -> str:
    passage = get_passage(slug)
    if passage is None:
        abort(404, description=f"No passage with slug {slug!r}.")
    return json.dumps(passage_detail(passage), ensure_ascii=False)


def json_object() -> dict:
    """The request body as a JSON object, or a 400 that says what was expected."""
    body = json_body()
    if not isinstance(body, dict):
        raise DomainError("Send a JSON object body with Content-Type: application/json.")
    return body


@bp.post("/tokens")
def create_token():
    """Exchange a username and password for a bearer token."""
    body = parse_body(TokenRequest, json_object())
    user = authenticate(body.username, body.password)
    # Not a finding (B106): the token type's name, not a password.
    return jsonify(token=issue_token(user, body.name), token_type="Bearer"), 201  # nosec B106


@bp.get("/tokens")
@require_user
def tokens():
    """The caller's tokens (revoked ones too), newest first; never a token or its hash."""
    return jsonify(tokens=[token_json(t) for t in list_tokens(api_user().id)])


@bp.delete("/tokens/<int:token_id>")
@require_user
def revoke(token_id: int):
    """Revoke one of the caller's tokens; it stops working at once. Others' tokens are 404."""
    return jsonify(token_json(revoke_token(api_user().id, token_id)))


@bp.get("/question-sets")
def question_sets():
    """The question sets this caller may see, without questions."""
    return jsonify(question_sets=[question_set_summary(s) for s in list_question_sets(api_user())])


class QuestionSetView(MethodView):
    """/question-sets/<id>: read as a learner sees it, or changed by its teacher.

    One rule for both methods: werkzeug checks a path's rules' methods before their
    converters, so with a rule per method an id out of range answered PATCH with a 405.
    """

    def get(self, set_id: int):
        """One set with its questions as a learner sees them: no answer keys."""
        return jsonify(question_set_detail(get_question_set(set_id, api_user())))

    @require_teacher
    def patch(self, set_id: int):
        """Change a set's title, passage, questions and their order, settings or status."""
        patch = parse_body(QuestionSetPatch, json_object()).model_dump(exclude_unset=True)
        return jsonify(authored_set(update_set(api_user(), set_id, patch), api_user()))


bp.add_url_rule("/question-sets/<int:set_id>", view_func=QuestionSetView.as_view("question_set"))


@bp.post("/questions/<int:question_id>/preview")
@require_teacher
def preview(question_id: int):
    """Grade an answer to a question without recording anything (teachers)."""
    body = parse_body(PreviewRequest, json_object())
    return jsonify(grade_result(preview_answer(question_id, api_user(), body.answer)))


def _learner() -> Learner:
    return Learner(user_id=api_user().id)


@bp.post("/question-sets/<int:set_id>/attempts")
@require_user
def start(set_id: int):
    """Start an attempt at a set, or resume the caller's attempt in progress (200)."""
    attempt, created = start_attempt(set_id, _learner(), api_user())
    return jsonify(attempt_json(attempt)), 201 if created else 200


#: A finished attempt never changes, so its JSON is built once per worker; repeat submits and
#: result reloads (a whole class refreshing at once) then cost little more than the lookup.
finished_json = PageCache(size=1024, compresslevel=4)


def _attempt_response(found, *, with_questions: bool = True):
    if found.state != "submitted":
        return jsonify(attempt_json(found, with_questions=with_questions))
    return _finished_response(attempt_stamp(found), lambda: found, with_questions)


def _finished_response(stamp: tuple, load, with_questions: bool):
    page = finished_json.get(
        (*stamp, with_questions),
        lambda: json.dumps(attempt_json(load(), with_questions=with_questions), ensure_ascii=False),
        "application/json",
    )
    return page_response(page, personal=True)


@bp.get("/attempts/<int:attempt_id>")
@require_user
def attempt(attempt_id: int):
    """State, saved answers, and results once submitted (as the set's feedback setting allows)."""
    learner = _learner()
    stamp = finished_stamp(attempt_id, learner)
    if stamp is not None:
        return _finished_response(stamp, lambda: get_attempt(attempt_id, learner), True)
    return _attempt_response(get_attempt(attempt_id, learner))


@bp.put("/attempts/<int:attempt_id>/answers/<int:question_id>")
@require_user
def answer(attempt_id: int, question_id: int):
    """Autosave one answer; 409 once the attempt is finished."""
    body = parse_body(AnswerRequest, json_object())
    saved_at = save_answer(attempt_id, question_id, body.answer, _learner())
    return jsonify(question_id=question_id, saved_at=saved_at.isoformat())


@bp.post("/attempts/<int:attempt_id>/questions/<int:question_id>/check")
@require_user
def check(attempt_id: int, question_id: int):
    """Grade one saved answer now and lock it (sets with immediate feedback); its result."""
    return jsonify(question_result_json(check_answer(attempt_id, question_id, _learner())))


@bp.post("/attempts/<int:attempt_id>/submit")
@require_user
def submit(attempt_id: int):
    """Grade and finish the attempt; a repeat submit changes nothing."""
    learner = _learner()
    stamp = finished_stamp(attempt_id, learner)
    if stamp is not None:  # a repeat submit: nothing to write, the results are as they were
        return _finished_response(stamp, lambda: get_attempt(attempt_id, learner), False)
    return _attempt_response(submit_attempt(attempt_id, learner), with_questions=False)


@bp.get("/me/words")
@require_user
def my_words():
    """The caller's words (My words) with each card's schedule, and how many cards are due."""
    user_id = api_user().id
    return jsonify(
        words=[word_json(word) for word in list_words(user_id)],
        due=due_count(user_id, utcnow()),
    )


@bp.get("/me/progress")
@require_user
def my_progress():
    """The caller's progress: the numbers the progress page shows."""
    zone = progress_zone()
    return jsonify(progress_json(learner_progress(api_user().id, zone=zone), str(zone)))
