"""The assignments and gradebook API, on the API blueprint (create_app imports this module
before registering the blueprint).

Thin handlers over quizapp/classrooms/assignments.py and gradebook.py, which decide who may do
what: a class's teacher (or an admin) assigns and reads its gradebook, learners get a 403, and
another teacher a 404 whatever id is tried; a learner reads their own assignments. Dates go
out as ISO 8601 with the class's offset; a naive date sent in is read in the class's zone.
"""

from flask import jsonify, request
from flask.views import MethodView

from quizapp.api.auth import api_user, require_teacher, require_user
from quizapp.api.routes import bp, json_object
from quizapp.api.schemas import AssignmentRequest, parse_body
from quizapp.classrooms import assignments as service
from quizapp.classrooms import gradebook as books
from quizapp.classrooms.assignment_routes import csv_response
from quizapp.classrooms.models import Assignment
from quizapp.exceptions import DomainError

# ---- Serializers -------------------------------------------------------------------------------


def _when(moment, zone) -> str | None:
    local = service.to_local(moment, zone)
    return local.isoformat() if local is not None else None


def _set_ref(set_id: int, title_hi: str, title_en: str) -> dict:
    return {"id": set_id, "title": {"hi": title_hi, "en": title_en}}


def assignment_json(assignment: Assignment) -> dict:
    """An assignment as its class's teacher sees it."""
    zone = service.zone_of(assignment.classroom)
    question_set = assignment.question_set
    return {
        "id": assignment.id,
        "class_id": assignment.class_id,
        "question_set": _set_ref(question_set.id, question_set.title_hi, question_set.title_en),
        "open_at": _when(assignment.open_at, zone),
        "due_at": _when(assignment.due_at, zone),
        "time_zone": zone.key,
    }


def my_assignment_json(item: service.LearnerAssignment) -> dict:
    """An assignment as the learner sees it, with where they stand."""
    zone = service.ZoneInfo(item.time_zone)
    return {
        "assignment_id": item.assignment_id,
        "class": {"id": item.class_id, "name": item.class_name},
        "question_set": _set_ref(item.set_id, item.title_hi, item.title_en),
        "open_at": _when(item.open_at, zone),
        "due_at": _when(item.due_at, zone),
        "time_zone": item.time_zone,
        "status": item.status,
        "best_score": round(item.best * 100, 1) if item.best is not None else None,
        "attempts": item.attempts,
    }


def gradebook_json(book: books.Gradebook) -> dict:
    """The gradebook: learners, assignments (columns) and the cells that have attempts."""
    zone = service.zone_of(book.classroom)
    return {
        "class": {"id": book.classroom.id, "name": book.classroom.name, "time_zone": zone.key},
        "learners": [
            {
                "id": x.id,
                "name": x.name,
                "username": x.username,
                "average": book.row_averages.get(x.id),
            }
            for x in book.learners
        ],
        "assignments": [
            {
                "id": c.assignment_id,
                "question_set": _set_ref(c.set_id, c.title_hi, c.title_en),
                "due_at": _when(c.due_at, zone),
                "average": book.column_averages.get(c.assignment_id),
            }
            for c in book.columns
        ],
        "cells": [
            {
                "learner_id": learner_id,
                "assignment_id": assignment_id,
                "best_score": cell.best,
                "attempts": cell.attempts,
                "late": cell.late,
            }
            for (learner_id, assignment_id), cell in sorted(book.cells.items())
        ],
    }


# ---- Routes ------------------------------------------------------------------------------------


class ClassAssignments(MethodView):
    """A class's assignments: read them, or give the class another set. One rule for both
    methods, so an id beyond any table is a 404 for either (as every id route's)."""

    decorators = (require_teacher,)

    def get(self, class_id: int):
        """A class's assignments, soonest due first."""
        service.own_class(api_user(), class_id)
        return jsonify(
            assignments=[assignment_json(a) for a in service.class_assignments(class_id)]
        )

    def post(self, class_id: int):
        """Give a question set to a class, with optional open and due dates."""
        # The class first: another teacher's is a 404 whatever body is sent.
        zone = service.zone_of(service.own_class(api_user(), class_id))
        body = parse_body(AssignmentRequest, json_object())
        assignment = service.assign(
            api_user(),
            class_id,
            body.question_set_id,
            service.parse_when(body.open_at, zone, "open_at"),
            service.parse_when(body.due_at, zone, "due_at"),
        )
        return jsonify(assignment_json(assignment)), 201


bp.add_url_rule(
    "/classes/<int:class_id>/assignments",
    view_func=ClassAssignments.as_view("class_assignments"),
)


@bp.delete("/classes/<int:class_id>/assignments/<int:assignment_id>")
@require_teacher
def delete_assignment(class_id: int, assignment_id: int):
    """Take an assignment off a class (the learners keep their attempts)."""
    service.remove(api_user(), class_id, assignment_id)
    return "", 204


@bp.get("/classes/<int:class_id>/gradebook")
@require_teacher
def class_gradebook(class_id: int):
    """The class's gradebook as JSON, or ``?format=csv`` as the spreadsheet file."""
    wanted = request.args.get("format", "json")
    if wanted not in ("json", "csv"):
        raise DomainError("format is json or csv.")
    book = books.gradebook(api_user(), class_id)
    if wanted == "csv":
        return csv_response(book)
    return jsonify(gradebook_json(book))


@bp.get("/me/assignments")
@require_user
def my_assignments():
    """The caller's assignments across their classes, with a status each."""
    return jsonify(
        assignments=[my_assignment_json(a) for a in service.assignments_of(api_user().id)]
    )
