"""Pages of a live lesson: the teacher's start page and projector view, and a learner's phone.

Both views poll ``GET /live/<id>/state`` with If-None-Match from static/js/live.js: the same
JSON, ETag and 304 as ``GET /api/v1/live/<id>`` (the same services), on the session cookie
(the API reads bearer tokens only and opens no session); the script's writes send the CSRF
token in ``X-CSRFToken``, which CSRFProtect checks as for every page. Without
the script every button is a form that posts and comes back (progressive enhancement): the
projector's Open/Close/Finish and remove-from-projector, the phone's answer form; the pages
then need a reload to see what changed, and say so.
"""

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.routing import BuildError
from wtforms import HiddenField, SelectField

from quizapp.classrooms import live as services
from quizapp.core.grading import answer_from_form
from quizapp.core.join_code import format_join_code
from quizapp.errors import localized_message
from quizapp.exceptions import DomainError
from quizapp.extensions import login_manager

bp = Blueprint("live", __name__)

ACTIONS = {
    "open": services.open_question,
    "close": services.close_question,
    "finish": services.finish_run,
}


class StartForm(FlaskForm):
    """Which set to run live."""

    question_set_id = SelectField(coerce=int, validate_choice=True)


class ButtonForm(FlaskForm):
    """A button: only its CSRF token (and a hidden value for some)."""

    hidden = HiddenField()


@bp.before_request
def _signed_in():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def _teacher():
    if not current_user.is_teacher:
        abort(403)


def _join_address() -> str:
    try:
        return url_for("classrooms.join", _external=True)
    except BuildError:
        return request.host_url.rstrip("/") + "/join"


def _qr(url: str) -> str | None:
    try:
        import segno
    except ImportError:  # pragma: no cover - a dependency; the code as text is enough
        return None
    return segno.make(url, error="m").svg_inline(scale=6, dark="#1f1d1a", light="#ffffff")


@bp.route("/teach/classes/<int:class_id>/live/new", methods=["GET", "POST"])
def new(class_id: int):
    """Start a live lesson for a class: pick a published set; off to the projector."""
    _teacher()
    classroom = services.own_class(current_user, class_id)
    form = StartForm()
    sets = services.usable_sets(current_user)
    form.question_set_id.choices = [
        (s.id, " · ".join(t for t in (s.title_hi, s.title_en) if t)) for s in sets
    ]
    error = None
    if form.validate_on_submit():
        try:
            run_id = services.start_run(current_user, class_id, form.question_set_id.data)
        except DomainError as refused:
            error = localized_message(refused)
        else:
            return redirect(url_for(".projector", run_id=run_id))
    page = render_template(
        "classrooms/live_new.html", classroom=classroom, form=form, error=error, sets=sets
    )
    return page, 400 if form.is_submitted() else 200


@bp.get("/teach/live/<int:run_id>")
def projector(run_id: int):
    """The projector view: the question in large type, the join code, answers, results."""
    _teacher()
    stamp, state = services.viewer_state(run_id, current_user)
    if stamp.role != "teacher":
        abort(404)
    code = state["join_code"]
    address = _join_address()
    return render_template(
        "classrooms/projector.html",
        state=state,
        code=format_join_code(code),
        address=address.split("://", 1)[-1],
        live_address=url_for(".mine", _external=True).split("://", 1)[-1],
        qr=_qr(f"{address}/{format_join_code(code)}"),
        form=ButtonForm(formdata=None),
        etag=stamp.etag,
    )


def _transition(run_id: int, action: str):
    _teacher()
    ButtonForm().validate_on_submit() or abort(400)
    ACTIONS[action](current_user, run_id)
    if _wants_json():
        return state_response(run_id)
    return redirect(url_for(".projector", run_id=run_id))


@bp.post("/teach/live/<int:run_id>/open")
def open_next(run_id: int):
    """Open the next question (the projector's button; JSON for its script)."""
    return _transition(run_id, "open")


@bp.post("/teach/live/<int:run_id>/close")
def close(run_id: int):
    """Close the open question: its answers and the right one show."""
    return _transition(run_id, "close")


@bp.post("/teach/live/<int:run_id>/finish")
def finish(run_id: int):
    """End the lesson."""
    return _transition(run_id, "finish")


@bp.post("/teach/live/<int:run_id>/players/<int:user_id>/hide")
def hide(run_id: int, user_id: int):
    """Remove a player's name from the projector (``hidden=0``: show it again)."""
    _teacher()
    form = ButtonForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_hidden(current_user, run_id, user_id, form.hidden.data != "0")
    if _wants_json():
        return {"hidden": form.hidden.data != "0"}
    return redirect(url_for(".projector", run_id=run_id))


@bp.get("/live")
def mine():
    """Where the projector sends learners: the live lesson running in their class."""
    running = services.running_for(current_user)
    if len(running) == 1:
        return redirect(url_for(".phone", run_id=running[0]))
    return render_template("classrooms/live_mine.html", running=running)


@bp.route("/live/<int:run_id>", methods=["GET", "POST"])
def phone(run_id: int):
    """A learner's phone: the open question with big targets, their answer, their result."""
    stamp, state = services.viewer_state(run_id, current_user)
    if stamp.role == "teacher":
        return redirect(url_for(".projector", run_id=run_id))
    form = ButtonForm()
    error = None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        question = state["question"] or {}
        try:
            value = answer_from_form(question.get("type", "mcq"), request.form)
            question_id = int(request.form.get("question_id", "0"))
            services.submit_answer(run_id, current_user, question_id, value)
        except (DomainError, ValueError) as refused:
            error = (
                localized_message(refused)
                if isinstance(refused, DomainError)
                else _("That answer could not be read. Please choose again.")
            )
        else:
            return redirect(url_for(".phone", run_id=run_id))
        stamp, state = services.viewer_state(run_id, current_user)
    page = render_template(
        "classrooms/phone.html", state=state, form=ButtonForm(formdata=None), error=error,
        etag=stamp.etag,
    )  # fmt: skip
    return page, 422 if error else 200


# ---- The pages' script: JSON on the session cookie -------------------------------------------


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def state_response(run_id: int, poll: bool = False) -> Response:
    """The caller's view as JSON with its ETag; a 304 for a poll that holds it already."""
    stamp = services.seated_stamp(run_id, current_user)
    if poll and request.if_none_match.contains_weak(stamp.etag):
        response = Response(status=304)
    else:
        response = jsonify(services.live_view(run_id, current_user, stamp))
    response.set_etag(stamp.etag, weak=True)
    response.headers["Cache-Control"] = "no-cache, private"
    response.vary.add("Cookie")
    return response


@bp.get("/live/<int:run_id>/state")
def state(run_id: int):
    """What ``GET /api/v1/live/<id>`` answers, for the signed-in pages' script."""
    return state_response(run_id, poll=True)


@bp.put("/live/<int:run_id>/answer")
def answer(run_id: int):
    """What ``PUT /api/v1/live/<id>/answer`` does, for the phone page's script."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or "answer" not in body or "question_id" not in body:
        raise DomainError('Give the answer as {"question_id": <id>, "answer": ...}.')
    question_id = body["question_id"]
    if isinstance(question_id, bool) or not isinstance(question_id, int):
        raise DomainError("question_id must be an integer.")
    return jsonify(services.submit_answer(run_id, current_user, question_id, body["answer"]))
