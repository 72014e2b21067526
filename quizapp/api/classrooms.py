"""The classrooms API, on the API blueprint (create_app imports this module before registering
the blueprint): classes, joining by code, taking a learner out.

Thin handlers over quizapp/classrooms/services.py, which decide who may do what: teachers make
and run their own classes (another teacher's is a 404, whatever id is tried), learners join by
code and list the classes they are in. Joining is throttled per account and per address
(429 with Retry-After), as the join page is.
"""

from flask import jsonify, request, url_for

from quizapp.api.auth import api_user, require_teacher, require_user
from quizapp.api.routes import bp, json_object
from quizapp.api.schemas import ClassRequest, JoinRequest, parse_body
from quizapp.classrooms import services as classes
from quizapp.classrooms.models import Classroom
from quizapp.core.join_code import format_join_code
from quizapp.exceptions import NotFound


def class_json(classroom: Classroom, learners: int | None = None, members=None) -> dict:
    """A class; its code, link and learner count when ``learners`` is given (its teacher)."""
    body = {
        "id": classroom.id,
        "name": classroom.name,
        "time_zone": classroom.time_zone,
        "archived": classroom.archived_at is not None,
    }
    if learners is not None:
        code = format_join_code(classroom.join_code)
        body["join_code"] = classroom.join_code
        body["join_url"] = url_for("classrooms.join_code", code=code, _external=True)
        body["learners"] = learners
    if members is not None:
        body["members"] = [
            {
                "id": m.user_id,
                "username": m.username,
                "name": m.name,
                "joined_at": m.joined_at.isoformat(),
            }
            for m in members
        ]
    return body


@bp.post("/classes")
@require_teacher
def create_class():
    """A new class of the caller's, with a fresh join code."""
    body = parse_body(ClassRequest, json_object())
    classroom = classes.create_class(api_user(), body.name, body.time_zone)
    return jsonify(class_json(classroom, learners=0)), 201


@bp.get("/classes")
@require_user
def list_classes():
    """A teacher's own classes (not archived), or the classes a learner is in."""
    user = api_user()
    if user.is_teacher:
        found = [class_json(s.classroom, s.learners) for s in classes.list_classes(user)]
    else:
        found = [class_json(c) for c in classes.classes_of_learner(user.id)]
    return jsonify(classes=found)


@bp.get("/classes/<int:class_id>")
@require_user
def get_class(class_id: int):
    """One class: its teacher (or an admin) gets its learners too; a learner in it, the name."""
    user = api_user()
    if not user.is_teacher:
        found = [c for c in classes.classes_of_learner(user.id) if c.id == class_id]
        if not found:
            raise NotFound(f"No class with id {class_id}.")
        return jsonify(class_json(found[0]))
    classroom = classes.get_class(user, class_id)
    members = classes.list_members(user, class_id)
    return jsonify(class_json(classroom, len(members), members))


@bp.post("/classes/join")
@require_user
def join_class():
    """Join the class a code names (learners); joining twice changes nothing."""
    body = parse_body(JoinRequest, json_object())
    classroom, joined = classes.join_class(api_user(), body.code, request.remote_addr or "")
    return jsonify(id=classroom.id, name=classroom.name, joined=joined)


@bp.delete("/classes/<int:class_id>/members/<int:user_id>")
@require_teacher
def remove_class_member(class_id: int, user_id: int):
    """Take a learner out of a class; their account and work stay."""
    classes.remove_learner(api_user(), class_id, user_id)
    return "", 204
