"""The live-lesson API, on the API blueprint (create_app imports this module before registering
the blueprint). Bearer tokens only, as the whole API: the projector and phone pages' script
uses the same services through the pages' own JSON routes (classrooms/live_routes.py), where
the session cookie and the CSRF header work as for every page.
"""

from flask import Response, jsonify, request

from quizapp.api.auth import api_user, require_teacher, require_user
from quizapp.api.routes import bp, json_object
from quizapp.api.schemas import LiveAnswerRequest, LiveOpenRequest, LiveStartRequest, parse_body
from quizapp.auth.models import HasRole
from quizapp.classrooms.live import (
    close_question,
    finish_run,
    live_view,
    open_question,
    seated_stamp,
    start_run,
    submit_answer,
)


def _object_or_empty() -> dict:
    if not request.get_data(cache=True).strip():
        return {}
    return json_object()


@bp.post("/classes/<int:class_id>/live")
@require_teacher
def start_live(class_id: int):
    """Start a live lesson of a published set for the caller's class (it waits for the first
    question)."""
    user = api_user()
    body = parse_body(LiveStartRequest, json_object())
    run_id = start_run(user, class_id, body.question_set_id)
    return jsonify(id=run_id, state="waiting"), 201


@bp.post("/live/<int:run_id>/open")
@require_user
def live_open(run_id: int):
    """Open the next question, or the one at ``index``."""
    user = api_user()
    body = parse_body(LiveOpenRequest, _object_or_empty())
    open_question(user, run_id, body.index)
    return _state(run_id, user)


@bp.post("/live/<int:run_id>/close")
@require_user
def live_close(run_id: int):
    """Close the open question: the histogram and the right answer show."""
    user = api_user()
    close_question(user, run_id)
    return _state(run_id, user)


@bp.post("/live/<int:run_id>/finish")
@require_user
def live_finish(run_id: int):
    """End the lesson."""
    user = api_user()
    finish_run(user, run_id)
    return _state(run_id, user)


@bp.get("/live/<int:run_id>")
@require_user
def live_state(run_id: int):
    """The caller's view of the lesson, with an ETag; 304 while it has not changed."""
    return _state(run_id, api_user(), poll=True)


def _state(run_id: int, user: HasRole, poll: bool = False) -> Response:
    stamp = seated_stamp(run_id, user)  # a learner's first look takes their seat
    if poll and request.if_none_match.contains_weak(stamp.etag):
        response = Response(status=304)
    else:
        response = jsonify(live_view(run_id, user, stamp))
    response.set_etag(stamp.etag, weak=True)
    response.headers["Cache-Control"] = "no-cache, private"
    response.vary.update(("Authorization", "Cookie"))
    return response


@bp.put("/live/<int:run_id>/answer")
@require_user
def live_answer(run_id: int):
    """Answer the open question (learners of the class); the last answer before closing
    counts."""
    user = api_user()
    body = parse_body(LiveAnswerRequest, json_object())
    return jsonify(submit_answer(run_id, user, body.question_id, body.answer))
