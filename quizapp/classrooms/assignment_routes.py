"""Pages of assignments and the gradebook: what a class has to do, and how each learner did.

Teachers and admins only (a guest is sent to sign in, a learner gets a 403); a class, learner,
assignment or attempt that is not the teacher's to see is a 404 whatever id is tried (the
services decide: ``assignments.own_class``, ``gradebook.teacher_attempt``). Every page works
without JavaScript: each change is a small form post that goes back to the list.
"""

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from quizapp.attempts import labels
from quizapp.attempts.services import question_result
from quizapp.classrooms import assignments as service
from quizapp.classrooms import gradebook as books
from quizapp.classrooms.assignment_forms import AssignForm, DatesForm, RemoveForm
from quizapp.database import utcnow
from quizapp.errors import localized_message
from quizapp.exceptions import DomainError
from quizapp.extensions import db, login_manager

bp = Blueprint("assignments", __name__)

_CLASS = "/teach/classes/<int:class_id>"


@bp.before_request
def _teachers_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    service.require_teacher(current_user)  # 403 for learners, as every teacher page
    return None


def _zone_labels(form: DatesForm, zone: str) -> None:
    form.open_at.label.text = _("Opens (%(zone)s time)", zone=zone)
    form.due_at.label.text = _("Due (%(zone)s time)", zone=zone)


def _local_form(form: DatesForm, assignment, zone) -> DatesForm:
    """An edit form filled with the assignment's dates in the class's zone."""
    if not form.is_submitted():
        opened = service.to_local(assignment.open_at, zone)
        due = service.to_local(assignment.due_at, zone)
        form.open_at.data = opened.replace(tzinfo=None) if opened else None
        form.due_at.data = due.replace(tzinfo=None) if due else None
    _zone_labels(form, zone.key)
    return form


def _set_title(question_set) -> str:
    return question_set.title_hi or question_set.title_en


@bp.route(f"{_CLASS}/assignments", methods=["GET", "POST"])
def index(class_id: int):
    """The class's assignments with their dates, and a form to assign another set."""
    classroom = service.own_class(current_user, class_id)
    zone = service.zone_of(classroom)
    form = AssignForm(prefix="new")
    sets = service.usable_sets(current_user)
    assigned = {a.question_set_id for a in service.class_assignments(class_id)}
    form.question_set_id.choices = [
        (s.id, f"{s.title_hi} · {s.title_en}" if s.title_hi and s.title_en else _set_title(s))
        for s in sets
        if s.id not in assigned
    ]
    _zone_labels(form, zone.key)
    status = 200
    if form.is_submitted():
        if form.validate():
            try:
                service.assign(
                    current_user,
                    class_id,
                    form.question_set_id.data,
                    service.to_utc(form.open_at.data, zone),
                    service.to_utc(form.due_at.data, zone),
                )
            except DomainError as error:
                db.session.rollback()
                form.question_set_id.errors = [localized_message(error)]
                status = error.status
            else:
                flash(_("Assigned."), "ok")
                return redirect(url_for("assignments.index", class_id=class_id))
        else:
            status = 400
    rows = [
        (a, _local_form(DatesForm(prefix=f"a{a.id}"), a, zone))
        for a in service.class_assignments(class_id)
    ]
    return (
        render_template(
            "classrooms/assignments.html",
            classroom=classroom,
            zone=zone,
            form=form,
            rows=rows,
            remove_form=RemoveForm(),
        ),
        status,
    )


@bp.post(f"{_CLASS}/assignments/<int:assignment_id>/dates")
def change_dates(class_id: int, assignment_id: int):
    """New open and due dates for one assignment."""
    assignment = service.get_assignment(current_user, class_id, assignment_id)
    zone = service.zone_of(assignment.classroom)
    form = DatesForm(prefix=f"a{assignment_id}")
    if not form.validate():
        errors = [e for f in (form.open_at, form.due_at) for e in f.errors]
        flash(" ".join(str(e) for e in errors) or _("Those dates could not be read."), "error")
        return redirect(url_for("assignments.index", class_id=class_id)), 303
    service.change_dates(
        current_user,
        class_id,
        assignment_id,
        service.to_utc(form.open_at.data, zone),
        service.to_utc(form.due_at.data, zone),
    )
    flash(_("Dates saved."), "ok")
    return redirect(url_for("assignments.index", class_id=class_id))


@bp.post(f"{_CLASS}/assignments/<int:assignment_id>/remove")
def remove(class_id: int, assignment_id: int):
    """Take an assignment off the class (the learners keep their attempts)."""
    form = RemoveForm()
    service.get_assignment(current_user, class_id, assignment_id)  # 404 before the token
    if not form.validate():
        flash(_("The form expired; try again."), "error")
        return redirect(url_for("assignments.index", class_id=class_id))
    service.remove(current_user, class_id, assignment_id)
    flash(_("Assignment removed."), "ok")
    return redirect(url_for("assignments.index", class_id=class_id))


@bp.get(f"{_CLASS}/gradebook")
def gradebook(class_id: int):
    """Learners × assignments: best score, attempts, late marks, averages."""
    book = books.gradebook(current_user, class_id)
    zone = service.zone_of(book.classroom)
    return render_template("classrooms/gradebook.html", book=book, zone=zone)


@bp.get(f"{_CLASS}/gradebook.csv")
def gradebook_csv(class_id: int):
    """The gradebook as a spreadsheet file (UTF-8 with BOM)."""
    book = books.gradebook(current_user, class_id)
    return csv_response(book)


def csv_response(book) -> Response:
    """The gradebook's CSV as a download (the page and the API send the same bytes)."""
    response = Response(books.gradebook_csv(book), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{books.csv_filename(book)}"'
    return response


@bp.get(f"{_CLASS}/learners/<int:user_id>")
def learner(class_id: int, user_id: int):
    """One learner's attempts at the class's assignments."""
    classroom, learner, attempts = books.learner_attempts(current_user, class_id, user_id)
    zone = service.zone_of(classroom)
    return render_template(
        "classrooms/learner.html",
        classroom=classroom,
        learner=learner,
        attempts=attempts,
        zone=zone,
    )


@bp.get(f"{_CLASS}/attempts/<int:attempt_id>")
def attempt(class_id: int, attempt_id: int):
    """A learner's attempt as they saw it (their order, their answers) with the grader's
    verdicts, whatever the set's feedback setting shows the learner."""
    classroom, learner, view = books.teacher_attempt(current_user, class_id, attempt_id)
    zone = service.zone_of(classroom)
    rows = [question_result(view, question) for question in view.questions]
    assignment = service.get_assignment_for_set(class_id, view.question_set.id)
    due = service.as_utc(assignment.due_at) if assignment else None
    submitted = view.attempt.submitted_at
    return render_template(
        "classrooms/teacher_attempt.html",
        classroom=classroom,
        learner=learner,
        attempt=view.attempt,
        question_set=view.question_set,
        rows=rows,
        answered={qid for qid, a in view.answers.items() if a.value is not None},
        late=bool(due and submitted and submitted > due),
        zone=zone,
        mode=view.question_set.prompt_language,
        key_labels=labels.KEY_LABEL,
        now=utcnow(),
    )
