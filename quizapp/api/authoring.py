"""The authoring API: teachers write passages, questions and sets, and import and export banks.

Thin handlers over quizapp/authoring/services.py, on the API's blueprint (create_app imports
this module before registering it); changing a set (PATCH /question-sets/<id>) is in
routes.py, beside reading one. Who may do what is the services' business: teachers only
(learners 403, no token 401), changes by the owner only (or an admin); another teacher's drafts
are a 404 whatever id is tried, and a published thing of someone else's a 403 ("copy it").
"""

from flask import jsonify, request
from flask.views import MethodView

from quizapp.api.auth import api_user, require_teacher
from quizapp.api.routes import bp, json_object
from quizapp.api.schemas import (
    PassagePatch,
    PassageRequest,
    QuestionPatch,
    QuestionRequest,
    QuestionSetRequest,
    parse_body,
)
from quizapp.api.serializers import (
    authored_question,
    authored_set,
    bank_export_json,
    import_summary_json,
    new_passage_json,
    passage_detail,
)
from quizapp.authoring import services as authoring
from quizapp.exceptions import DomainError
from quizapp.security import MAX_ID

# ---- Passages ------------------------------------------------------------------------------


@bp.post("/passages")
@require_teacher
def create_passage():
    """A draft passage from pasted Hindi and English, aligned, with glossary suggestions."""
    body = parse_body(PassageRequest, json_object())
    title = body.title.model_dump(exclude_unset=True)
    draft = authoring.create_passage(api_user(), title, body.hi, body.en)
    return jsonify(new_passage_json(draft)), 201


@bp.patch("/passages/<slug>")
@require_teacher
def update_passage(slug: str):
    """Change a passage's title, reviewed text, glossary or status (its owner)."""
    body = parse_body(PassagePatch, json_object())
    passage = authoring.update_passage(api_user(), slug, body.model_dump(exclude_unset=True))
    return jsonify(passage_detail(passage))


@bp.post("/passages/<slug>/drafts")
@require_teacher
def propose_drafts(slug: str):
    """Questions proposed from a passage's text and glossary, in the bank-JSON shape; none
    stored. ``?seed=`` draws other distractors and orders."""
    seed = request.args.get("seed", "")[:100]
    return jsonify(questions=authoring.propose_drafts(api_user(), slug, seed))


# ---- Questions -----------------------------------------------------------------------------


@bp.post("/questions")
@require_teacher
def create_question():
    """A new draft question from a bank-JSON question, checked as a bank file's would be."""
    fields = parse_body(QuestionRequest, json_object()).model_dump(exclude_unset=True)
    passage = fields.pop("passage", None)
    question = authoring.create_question(api_user(), passage, fields)
    return jsonify(authored_question(question, api_user())), 201


class QuestionView(MethodView):
    """/questions/<id>: read, change or delete a question (one rule for the three methods, so
    an id out of range is a 404 whatever the method; see routes.QuestionSetView)."""

    decorators = (require_teacher,)

    def get(self, question_id: int):
        """A question the teacher may see (theirs, or published), its answer key included."""
        question = authoring.get_question(api_user(), question_id)
        return jsonify(authored_question(question, api_user()))

    def patch(self, question_id: int):
        """Replace some of a question's bank-JSON fields; it is checked again as a whole."""
        patch = parse_body(QuestionPatch, json_object()).model_dump(exclude_unset=True)
        question = authoring.update_question(api_user(), question_id, patch)
        return jsonify(authored_question(question, api_user()))

    def delete(self, question_id: int):
        """Delete a question, or archive it if someone answered it (results stay intact)."""
        outcome = authoring.delete_question(api_user(), question_id)
        return jsonify(id=question_id, outcome=outcome)


bp.add_url_rule("/questions/<int:question_id>", view_func=QuestionView.as_view("question"))


@bp.post("/questions/<int:question_id>/copy")
@require_teacher
def copy_question(question_id: int):
    """A draft copy of a question the teacher may see: a new id, its origin remembered."""
    return jsonify(
        authored_question(authoring.copy_question(api_user(), question_id), api_user())
    ), 201


# ---- Question sets -------------------------------------------------------------------------


@bp.post("/question-sets")
@require_teacher
def create_question_set():
    """A new draft set over questions the teacher may see, in the order given."""
    body = parse_body(QuestionSetRequest, json_object())
    question_set = authoring.create_set(
        api_user(),
        body.title.model_dump(exclude_unset=True),
        body.passage,
        body.question_ids,
        body.settings,
    )
    return jsonify(authored_set(question_set, api_user())), 201


@bp.post("/question-sets/<int:set_id>/copy")
@require_teacher
def copy_question_set(set_id: int):
    """A draft copy of a set with copies of its questions: how a seeded set is changed."""
    return jsonify(authored_set(authoring.copy_set(api_user(), set_id), api_user())), 201


# ---- Bank files ----------------------------------------------------------------------------


@bp.post("/banks/import")
@require_teacher
def import_bank():
    """Import a bank file (JSON or GIFT: the body, or a multipart ``file``) as the teacher's
    drafts, whole or not at all; ``?dry_run=1`` says what it would do and writes nothing."""
    data, filename = _bank_file()
    summary = authoring.import_teacher_bank(api_user(), data, filename, dry_run=_flag("dry_run"))
    return jsonify(import_summary_json(summary))


@bp.get("/banks/export")
@require_teacher
def export_bank():
    """The teacher's own questions, or a set they may see (``?set_id=``), as a bank file."""
    fmt = request.args.get("format", "json")
    content, warnings = authoring.export_teacher_bank(api_user(), fmt, _id_arg("set_id"))
    return jsonify(bank_export_json(fmt, content, warnings))


def _bank_file() -> tuple[bytes, str | None]:
    """The uploaded file and its name, or the body (named by its content type)."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise DomainError("Send the bank file as the form field 'file'.")
        return upload.read(), upload.filename or None
    return request.get_data(), "bank.json" if request.mimetype == "application/json" else None


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def _flag(name: str) -> bool:
    value = request.args.get(name, "").strip().lower()
    if value not in _TRUE + _FALSE:
        raise DomainError(f"{name} must be 1 or 0 (true or false).")
    return value in _TRUE


def _id_arg(name: str) -> int | None:
    value = request.args.get(name)
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_ID:
        raise DomainError(f"{name} must be an id (a whole number from 1).")
    return int(value)
