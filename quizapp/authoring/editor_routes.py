"""Teacher pages, part 2: the question editor, the set builder, drafts from a passage.

Teachers and admins only (a guest is sent to sign in, a learner gets a 403). Every page is one
form that works without JavaScript: a button says what to do (``action``: save, add a row,
move a row, try an answer, add questions to a set…) and the page comes back with the change;
nothing is stored until Save. editor.js only sends "Check this answer" in the background.

The editor's rules (form ↔ bank JSON, where an error belongs, trying an answer) live in
``editor``; the services check and store exactly what an imported bank file would hold.
"""

import hashlib
import json

from flask import (
    Blueprint,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.routing import BuildError

from quizapp.attempts import labels
from quizapp.authoring import editor, queries, services
from quizapp.authoring.editor_forms import (
    DETAIL_CHOICES,
    FEEDBACK_CHOICES,
    FORMS,
    IMMEDIATE_CHOICE,
    ConfirmForm,
    DraftsForm,
    SetForm,
    field_errors,
    leaf_fields,
)
from quizapp.content.services import passage_paragraphs
from quizapp.core.grading import QUESTION_TYPES
from quizapp.exceptions import DomainError, NotAllowed, NotFound
from quizapp.extensions import login_manager
from quizapp.i18n import localize
from quizapp.questions.services import BankRejected, get_question_set

bp = Blueprint("editor", __name__, url_prefix="/teach")

#: Question type → its name in the interface.
TYPE_LABELS = {name: _l(label) for name, label in editor.TYPE_LABELS.items()}
TYPE_HINTS = {name: _l(hint) for name, hint in editor.TYPE_HINTS.items()}


@bp.before_request
def _teachers_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    services.require_teacher(current_user)
    return None


def teach_url(endpoint: str, **values) -> str | None:
    """A link to a teacher page of the ``authoring`` blueprint, or None while it has none."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


@bp.context_processor
def _labels():
    return {"type_labels": TYPE_LABELS, "skill_labels": labels.SKILL, "teach_url": teach_url}


# ---- Questions -------------------------------------------------------------------------------


@bp.get("/questions")
def question_list():
    """The teacher's questions (on one passage, if asked), with edit, duplicate and delete."""
    passage = _passage(request.args.get("passage"))
    return render_template(
        "authoring/editor/questions.html",
        questions=services.list_own_questions(current_user, passage.id if passage else None),
        passage=passage,
        passages=queries.writable_passages(current_user),
        delete_form=ConfirmForm(),
    )


@bp.route("/questions/new", methods=["GET", "POST"])
def question_new():
    """Choose a type (and passage) first; then that type's editor. Saving creates a draft."""
    qtype = request.values.get("qtype") or request.args.get("type")
    passage = _passage(request.values.get("passage"))
    if qtype not in QUESTION_TYPES:
        return render_template(
            "authoring/editor/choose_type.html",
            passage=passage,
            passages=queries.writable_passages(current_user),
            hints=TYPE_HINTS,
        )
    if request.method == "GET":
        form = _form(qtype, editor.form_data(_blank_question(qtype)), passage)
        return _editor_page(form, qtype, passage)
    return _post_question(qtype, passage, None)


@bp.route("/questions/<int:question_id>", methods=["GET", "POST"])
def question_edit(question_id: int):
    """A question's editor, and its "try an answer" box; another teacher's published question
    (or an archived one) is shown read-only, to try or to duplicate."""
    question = services.get_question(current_user, question_id)
    if request.method == "GET":
        stored = services.question_json(question)
        form = _form(question.type, editor.form_data(stored), question.passage)
        return _editor_page(form, question.type, question.passage, question)
    if _editable(question):
        return _post_question(question.type, question.passage, question)
    if request.form.get("action") != "preview" and "move" not in request.form:
        raise NotAllowed(_("This question is not yours to change; duplicate it to change it."))
    stored = services.question_json(question)
    form = _form(question.type, editor.form_data(stored), question.passage)
    tried = editor.try_answer(question.type, stored, request.form)
    return _editor_page(form, question.type, question.passage, question, tried=tried, checked=True)


@bp.post("/questions/preview")
def preview():
    """Grade an answer to the question as the form holds it, saved or not: the "try an
    answer" box's HTML (editor.js), or the grader's result as JSON."""
    stored = request.form.get("question", type=int)
    if stored is not None:  # a read-only question: its fields are not sent
        question = services.get_question(current_user, stored)
        qtype, written = question.type, services.question_json(question)
    else:
        qtype = request.form.get("qtype")
        if qtype not in QUESTION_TYPES:
            raise DomainError(_("Choose a question type first."))
        written = editor.build_question(qtype, FORMS[qtype]().data).question
    tried = editor.try_answer(qtype, written, request.form)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(_tried_json(tried))
    return render_template(
        "authoring/editor/_preview.html", tried=tried, qtype=qtype, editable=True, checked=True
    )


@bp.post("/questions/<int:question_id>/copy")
def question_copy(question_id: int):
    """A draft copy (a new id; it remembers its origin), opened in the editor."""
    copy = services.copy_question(current_user, question_id)
    flash(_("This copy is yours to change; the original stays as it was."), "ok")
    return redirect(url_for(".question_edit", question_id=copy.id))


@bp.route("/questions/<int:question_id>/delete", methods=["GET", "POST"])
def question_delete(question_id: int):
    """Ask, then delete; a question someone answered is archived instead (results stay)."""
    question = services.get_question(current_user, question_id)
    if not services.owns(current_user, question.owner_id):
        raise NotAllowed(_("This question is not yours to delete."))
    if request.method == "GET":
        return render_template(
            "authoring/editor/delete.html", question=question, form=ConfirmForm()
        )
    slug = question.passage.slug if question.passage else None
    outcome = services.delete_question(current_user, question_id)
    if outcome == "archived":
        flash(
            _(
                "Learners have answered this question, so it was archived rather than "
                "deleted: their results stay as they were. It left your draft sets."
            ),
            "info",
        )
    else:
        flash(_("The question was deleted."), "ok")
    return redirect(url_for(".question_list", passage=slug))


def _post_question(qtype: str, passage, question):
    """One press of a button in the editor: a row added or moved, an answer tried, or Save."""
    form = FORMS[qtype]()
    data = form.data
    action = request.form.get("action", "")
    row_action = editor.parse_action(action)
    if row_action is not None:
        form = _form(qtype, editor.apply_row_action(data, *row_action), passage)
        return _editor_page(form, qtype, passage, question)
    built = editor.build_question(qtype, data)
    if action == "preview" or "move" in request.form:
        errors = built.errors + editor.spec_errors(qtype, built.question)
        tried = editor.try_answer(qtype, built.question, request.form)
        return _editor_page(
            form, qtype, passage, question, errors, built, tried=tried, checked=True
        )
    if action != "save":
        return _editor_page(form, qtype, passage, question)
    form.validate()
    errors = field_errors(form) + built.errors
    if errors:  # not sent to the services: the type's own checks, so every problem shows
        errors += editor.spec_errors(qtype, built.question)
    if not errors:
        try:
            saved = _save(question, passage, built)
        except BankRejected as error:
            errors = [
                (
                    editor.error_location(d.get("location", ""), d.get("message", "")),
                    d.get("message", ""),
                )
                for d in error.details or [{"location": "", "message": error.message}]
            ]
        else:
            flash(_("Saved."), "ok")
            return redirect(url_for(".question_edit", question_id=saved.id))
    return _editor_page(form, qtype, passage, question, errors, built, status=422)


def _save(question, passage, built: editor.Built):
    """Create or change the question; BankRejected (with details) when it has errors."""
    if question is None:
        return services.create_question(
            current_user, passage.slug if passage else None, built.question
        )
    patch = editor.replacement_patch(services.question_json(question), built.question)
    return services.update_question(current_user, question.id, patch)


def _editor_page(
    form, qtype, passage, question=None, errors=(), built=None, tried=None, status=200,
    checked=False,
):  # fmt: skip
    """The editor with ``errors`` (path or field name, message) placed on their fields."""
    editable = question is None or _editable(question)
    if built is None:
        built = editor.build_question(qtype, form.data)
    if tried is None:
        tried = editor.try_answer(qtype, built.question, MultiDict())
    by_field, general = _placed(form, qtype, errors, built.rows)
    blanks = editor.blank_count(form.data) if qtype == "cloze" else 0
    while qtype == "cloze" and len(form.choices.entries) < blanks:
        form.choices.append_entry()  # a row of choices for each blank the text has now
    _, paragraphs = passage_paragraphs(passage.id if passage else None)
    html = render_template(
        "authoring/editor/edit.html",
        form=form,
        qtype=qtype,
        passage=passage,
        question=question,
        editable=editable,
        paragraphs=paragraphs,
        errors=by_field,
        general_errors=general,
        error_list=[(name, message) for name, messages in by_field.items() for message in messages]
        + [(None, message) for message in general],
        tried=tried,
        checked=checked,
        blank_count=blanks,
        confirm_form=ConfirmForm(),
    )
    return html, status


def _placed(form, qtype, errors, rows) -> tuple[dict[str, list[str]], list[str]]:
    """Errors by the form field they belong to, and those that belong to none."""
    fields = leaf_fields(form)
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    for where, message in errors:
        names = [where] if where in fields else editor.field_name(qtype, where or "", rows)
        name = next((n for n in names if n in fields), None)
        text = localize(message)
        if name is None:
            general.append(text)
        elif text not in by_field.setdefault(name, []):
            by_field[name].append(text)
    return by_field, general


def _form(qtype: str, data: dict, passage):
    """The ``qtype`` editor form holding ``data`` (not the request's fields)."""
    form = FORMS[qtype](formdata=None, data=data)
    form.qtype.data = qtype
    form.passage.data = passage.slug if passage else ""
    return form


def _blank_question(qtype: str) -> dict:
    return {"type": qtype, "prompt": {}}


def _editable(question) -> bool:
    return services.owns(current_user, question.owner_id) and question.status != "archived"


def _passage(slug):
    """The passage named by ``slug`` (published, or the teacher's own draft); None for none."""
    if not slug:
        return None
    return services.get_own_passage(current_user, slug)


def _tried_json(tried: editor.Tried) -> dict:
    result = tried.result
    if result is None:
        return {"ready": tried.shown is not None, "result": None, "problem": tried.problem}
    return {
        "ready": True,
        "problem": tried.problem,
        "result": {
            "score": result.score,
            "correct": result.correct,
            "near_miss": result.near_miss,
            "feedback": {"en": result.feedback.en, "hi": result.feedback.hi},
            "error": {"en": result.error.en, "hi": result.error.hi} if result.error else None,
        },
    }


# ---- Sets ------------------------------------------------------------------------------------


@bp.route("/sets/new", methods=["GET", "POST"])
def set_new():
    """Build a new set: title, passage, questions in order, settings. Saving makes a draft."""
    if request.method == "GET":
        slug = request.args.get("passage") or ""
        _passage(slug)
        return _set_page(SetForm(formdata=None, data=editor.set_form_data(None, slug)), None)
    return _post_set(None)


@bp.route("/sets/<int:set_id>", methods=["GET", "POST"])
def set_edit(set_id: int):
    """A set's builder; another teacher's published set is shown read-only, to copy."""
    question_set = get_question_set(set_id, current_user)
    if request.method == "GET":
        data = editor.set_form_data(question_set, "")
        return _set_page(SetForm(formdata=None, data=data), question_set)
    if not services.owns(current_user, question_set.owner_id):
        raise NotAllowed(_("This set is not yours to change; copy it to change it."))
    return _post_set(question_set)


def _post_set(question_set):
    """One press of a button in the set builder: filter, add, move, remove, save, publish."""
    form = SetForm()
    data = form.data
    action = request.form.get("action", "")
    ids = editor.set_action(data.get("question_ids") or [], data.get("add") or [], action)
    form.question_ids.data, form.add.data = ids, []
    if action not in ("save", "publish", "unpublish"):
        return _set_page(form, question_set)
    patch, errors = editor.set_patch(data, ids, action)
    if not errors:
        try:
            saved = _save_set(question_set, patch)
        except (services.InvalidSettings, NotFound) as error:
            errors = [(d.get("location", ""), d.get("message", "")) for d in error.details] or [
                ("", error.message)
            ]
        else:
            return redirect(url_for(".set_edit", set_id=saved.id))
    return _set_page(form, question_set, errors, status=422)


def _save_set(question_set, patch: dict):
    if question_set is None:
        status = patch.pop("status", None)
        saved = services.create_set(
            current_user,
            patch["title"],
            patch["passage"],
            patch["question_ids"],
            patch["settings"],
        )
        if status is None:
            flash(_("Saved as a draft."), "ok")
            return saved
        question_set, patch = saved, {"status": status}
    saved = services.update_set(current_user, question_set.id, patch)
    flash(
        {
            "published": _("Published: learners can take this set now."),
            "draft": _("Unpublished: only you can see this set now."),
        }.get(patch.get("status"), _("Saved.")),
        "ok",
    )
    return saved


def _set_page(form, question_set, errors=(), status=200):
    """The set builder: the chosen questions in order, the picker, the settings."""
    user = current_user
    passages = queries.writable_passages(user)
    by_slug = {p.slug: p for p in passages}
    form.feedback.choices = list(FEEDBACK_CHOICES)
    if form.feedback.data == "immediate":
        form.feedback.choices.insert(0, IMMEDIATE_CHOICE)
    form.feedback_detail.choices = list(DETAIL_CHOICES)
    picked_passage = by_slug.get(form.f_passage.data or "")
    candidates = queries.pickable_questions(
        user,
        passage_id=picked_passage.id if picked_passage else None,
        qtype=form.f_type.data if form.f_type.data in QUESTION_TYPES else None,
        skill=form.f_skill.data if form.f_skill.data in labels.SKILL else None,
        text=(form.f_text.data or "").strip() or None,
    )
    ids = list(form.question_ids.data or [])
    found = queries.questions_by_id(ids)
    fields = leaf_fields(form)
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    for where, message in errors:
        name = editor.set_field(where)
        (by_field.setdefault(name, []) if name in fields else general).append(localize(message))
    editable = question_set is None or services.owns(user, question_set.owner_id)
    return (
        render_template(
            "authoring/editor/set.html",
            form=form,
            question_set=question_set,
            editable=editable,
            chosen=[found[i] for i in ids if i in found],
            candidates=[q for q in candidates if q.id not in set(ids)],
            passages=passages,
            passage_by_id={p.id: p for p in passages},
            errors=by_field,
            general_errors=general,
            unsaved=request.method == "POST",
            confirm_form=ConfirmForm(),
        ),
        status,
    )


# ---- Drafts from a passage -------------------------------------------------------------------


@bp.route("/passages/<slug>/drafts", methods=["GET", "POST"])
def drafts(slug: str):
    """Questions proposed from the passage's text and glossary: keep some, create them as
    drafts, then on to the question list."""
    passage = services.get_own_passage(current_user, slug)
    proposed = services.propose_drafts(current_user, slug)
    digests = [_digest(draft) for draft in proposed]
    form = DraftsForm()
    if request.method == "POST":
        if (form.digest.data or []) != digests:
            flash(_("The passage changed since these drafts were proposed; check them again."))
        else:
            keep = sorted({i for i in form.keep.data or [] if 0 <= i < len(proposed)})
            if not keep:
                flash(_("Tick the drafts to keep first."))
            else:
                created = _create_drafts(slug, [proposed[i] for i in keep])
                flash(
                    ngettext(
                        "%(num)d question was created as a draft.",
                        "%(num)d questions were created as drafts.",
                        created,
                    ),
                    "ok",
                )
                if created < len(keep):
                    flash(_("Some drafts had errors and were not created."), "error")
                return redirect(url_for(".question_list", passage=slug))
    return render_template(
        "authoring/editor/drafts.html",
        passage=passage,
        drafts=list(zip(proposed, digests, strict=True)),
        form=form,
        keys=editor.key_summary,
    )


def _create_drafts(slug: str, chosen: list[dict]) -> int:
    """Create each chosen draft as a draft question of the teacher's; how many were."""
    created = 0
    for draft in chosen:
        try:
            services.create_question(current_user, slug, draft)
        except BankRejected:
            continue
        created += 1
    return created


def _digest(draft: dict) -> str:
    text = json.dumps(draft, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
