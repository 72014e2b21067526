"""Pages of item analysis and regrading: how each question of a set did, and a teacher's
corrections to scores.

Teachers and admins only (a guest is sent to sign in, a learner gets a 403). Thin: who sees
which attempts, the figures and the regrading are the services' (``analysis``, ``regrading``).
"""

from decimal import Decimal

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from quizapp.attempts import labels
from quizapp.classrooms import analysis, regrading
from quizapp.classrooms.analysis_forms import AcceptForm, OverrideForm
from quizapp.core.csv_out import to_csv
from quizapp.core.grading import QUESTION_TYPES
from quizapp.exceptions import DomainError, NotFound
from quizapp.extensions import login_manager
from quizapp.i18n import localize

bp = Blueprint("analysis", __name__)

#: Question type → its name in the interface (the editor's names).
TYPE_LABELS = {
    "mcq": _l("Multiple choice"),
    "multi": _l("Multiple response"),
    "true_false": _l("True or false"),
    "numeric": _l("Number"),
    "short_answer": _l("Short answer"),
    "cloze": _l("Fill in the blanks"),
    "matching": _l("Matching"),
    "ordering": _l("Ordering"),
    "translation": _l("Translation"),
}
assert set(TYPE_LABELS) == set(QUESTION_TYPES)  # a new type needs its label here  # nosec B101


@bp.before_request
def _teachers_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    regrading.require_teacher(current_user)
    return None


@bp.context_processor
def _labels():
    return {"type_labels": TYPE_LABELS, "skill_labels": labels.SKILL, "flag_text": localize}


@bp.app_template_global("answer_overrides")
def answer_overrides(attempt_id: int) -> dict[int, dict]:
    """For the learner's results page: question id → the teacher's change to that answer."""
    return regrading.overrides_of(attempt_id)


def _choice() -> tuple[int | None, str]:
    return (
        analysis.class_id_of(request.args.get("class_id")),
        analysis.attempts_mode(request.args.get("attempts")),
    )


# ---- Item analysis ---------------------------------------------------------------------------


@bp.get("/teach/question-sets/<int:set_id>/analysis")
def set_analysis(set_id: int):
    """The set's statistics, a row per question with bars and flags, and each question's
    options and wrong typed answers."""
    class_id, attempts = _choice()
    found = analysis.analyse_set(current_user, set_id, class_id, attempts)
    return render_template(
        "classrooms/analysis.html",
        analysis=found,
        classes=analysis.teacher_classes(current_user),
        accept_form=AcceptForm(),
    )


#: The CSV's columns: a school office's words, the figures in Moodle's scales.
CSV_HEADER = (
    _l("Position"),
    _l("Question"),
    _l("Type"),
    _l("Attempts (n)"),
    _l("Facility (%)"),
    _l("Standard deviation (%)"),
    _l("Random guess score (%)"),
    _l("Intended weight (%)"),
    _l("Effective weight (%)"),
    _l("Discrimination index (%)"),
    _l("Discriminative efficiency (%)"),
    _l("Flags"),
)


@bp.get("/teach/question-sets/<int:set_id>/analysis.csv")
def set_analysis_csv(set_id: int):
    """The table of the analysis page as CSV (UTF-8 with BOM, for spreadsheet programs)."""
    class_id, attempts = _choice()
    found = analysis.analyse_set(current_user, set_id, class_id, attempts)
    rows = []
    for item in found.items:
        stats = item.stats
        rows.append(
            (
                item.position,
                analysis.prompt_text(item.prompt),
                str(TYPE_LABELS.get(item.type, item.type)),
                stats.n,
                _percent(stats.facility),
                _percent(stats.sd),
                _percent(stats.random_guess_score),
                stats.intended_weight,
                stats.effective_weight,
                stats.discrimination_index,
                stats.discriminative_efficiency,
                "; ".join(localize(flag.message) for flag in stats.flags),
            )
        )
    body = to_csv([str(name) for name in CSV_HEADER], rows)
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="set-{set_id}-analysis.csv"'
    return response


def _percent(value: float | None) -> float | None:
    return None if value is None else 100 * value


# ---- Answers to one question, overrides and "accept for everyone" ----------------------------


def _set_id_arg() -> int | None:
    value = request.values.get("set_id")
    if value in (None, ""):
        return None
    if not (value.isascii() and value.isdigit() and len(value) < 12) or not 0 < int(value) < 2**31:
        raise NotFound("No question set with that id.")
    return int(value)


def _answers_page(override_form=None, status: int = 200, override_for: int | None = None):
    question_id = request.view_args["question_id"]
    found = regrading.question_answers(current_user, question_id, _set_id_arg())
    return (
        render_template(
            "classrooms/answers.html",
            found=found,
            override_form=override_form,
            override_for=override_for,
            accept_form=AcceptForm(),
            blank_form=OverrideForm(formdata=None),
        ),
        status,
    )


@bp.get("/teach/questions/<int:question_id>/answers")
def question_answers(question_id: int):
    """Every finished answer to the question the teacher may see, grouped by text, with a
    form to change each one's score and a button to accept a group's text for everyone."""
    return _answers_page()


def _back(question_id: int):
    set_id = _set_id_arg()
    return redirect(url_for("analysis.question_answers", question_id=question_id, set_id=set_id))


@bp.post("/teach/questions/<int:question_id>/answers/override")
def override(question_id: int):
    """Store the teacher's points for one answer, with a note for the learner."""
    form = OverrideForm()
    if not form.validate():
        return _answers_page(form, 400, form.attempt_id.data)
    question = regrading.question_answers(current_user, question_id, _set_id_arg()).question
    points = Decimal(question.points) if question.points else Decimal(1)
    if form.points.data > points:
        form.points.errors = [_("At most %(points)s points.", points=f"{question.points:g}")]
        return _answers_page(form, 422, form.attempt_id.data)
    try:
        regrading.override_answer(
            current_user,
            form.attempt_id.data,
            question_id,
            float(form.points.data / points),
            form.note.data or "",
        )
    except regrading.InvalidOverride as error:
        form.note.errors = [localize(str(error))]
        return _answers_page(form, error.status, form.attempt_id.data)
    flash(_("Score changed; the learner sees it with your note."), "ok")
    return _back(question_id)


@bp.post("/teach/questions/<int:question_id>/answers/accept")
def accept(question_id: int):
    """Add a group's text to the question's accepted answers and regrade every finished
    attempt's answer to it."""
    form = AcceptForm()
    if not form.validate():
        abort(400)
    try:
        done = regrading.accept_answer(current_user, question_id, form.answer.data)
    except DomainError as error:
        if error.status == 404:
            raise
        flash(_("Not accepted: %(reason)s", reason=localize(str(error))), "error")
        return _answers_page(status=error.status)
    flash(
        ngettext(
            "%(num)d answer regraded: %(changed)d changed score, %(right)d now right.",
            "%(num)d answers regraded: %(changed)d changed score, %(right)d now right.",
            done.regraded,
            changed=done.changed,
            right=done.now_right,
        ),
        "ok",
    )
    return _back(question_id)
