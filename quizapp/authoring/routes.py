"""Teacher pages: the teacher's home, a new passage and its review table, bank import and export.

Teachers and admins only: a guest is sent to sign in, a learner gets a 403 (the services say so
too, for the API). Every page works without JavaScript: each fix of the review table is a small
form post that saves the passage at once (``update_passage``), so a reload loses nothing, and
carries the passage version it was shown so that pressing it twice changes nothing twice.

Importing is a dry run first: the summary page carries the file back to the server byte for
byte (base64 in a hidden field), where it is checked again and only then written, whole or not
at all. Views stay thin: the work is in ``services``, the table's fixes in ``review``.
"""

import base64
import binascii

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.routing import BuildError

from quizapp.authoring import review, services
from quizapp.authoring.forms import (
    REFUSED,
    ConfirmImportForm,
    GlossaryForm,
    ImportForm,
    NewPassageForm,
    RowActionForm,
    StatusForm,
)
from quizapp.content.labels import PART_OF_SPEECH
from quizapp.core.interchange import MAX_BANK_BYTES
from quizapp.errors import localized_message
from quizapp.exceptions import Conflict, DomainError
from quizapp.extensions import csrf, login_manager
from quizapp.questions.services import BankRejected, list_question_sets

bp = Blueprint("authoring", __name__, url_prefix="/teach")

#: Suggested glossary words shown at once (the most frequent first).
SUGGESTIONS_SHOWN = 30
#: The confirm form carries the whole file in base64 (4 bytes for 3), past Flask's 500 kB limit
#: for a form field.
CONFIRM_FORM_BYTES = MAX_BANK_BYTES * 4 // 3 + 64 * 1024
#: Exports by format: file extension and content type.
EXPORTS = {"json": ("json", "application/json"), "gift": ("gift", "text/plain")}


@bp.before_request
def _teachers_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_teacher:  # the services' rule (require_teacher), said in the UI's words
        abort(403)
    return None


def maybe_url(endpoint: str, **values) -> str | None:
    """A link to a page that may not exist yet (the question editor's), or None."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


@bp.context_processor
def _helpers():
    return {"maybe_url": maybe_url, "pos_labels": PART_OF_SPEECH}


@bp.get("/")
def home():
    """My passages and sets (searchable), the shipped sets to copy, and where to start."""
    user, filters = current_user, review.Filters.from_args(request.args)
    passages, sets = services.list_own_passages(user), services.list_own_sets(user)
    shared = [s for s in list_question_sets(user) if s.owner_id != user.id]
    shared = [s for s in shared if s.status == "published"]
    return render_template(
        "authoring/home.html",
        filters=filters,
        passages=filters.passages(passages),
        sets=filters.sets(sets),
        shared=filters.sets(shared, by_status=False),
        counts=services.passage_counts(user),
        passage_choices=review.passage_choices(passages, [*sets, *shared]),
    )


@bp.post("/sets/<int:set_id>/copy")
def copy_set(set_id: int):
    """A draft copy of a set (with copies of its questions) to edit; then to the copy."""
    copy = services.copy_set(current_user, set_id)
    flash(_("This copy is yours to change; the original stays as it was."), "ok")
    target = maybe_url("editor.set_edit", set_id=copy.id)
    return redirect(target or url_for(".home", _anchor=f"set-{copy.id}"))


@bp.route("/passages/new", methods=["GET", "POST"])
def new_passage():
    """Paste a Hindi text and its translation; they are split, aligned and kept as a draft."""
    form = NewPassageForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("authoring/new_passage.html", form=form), status
    draft = services.create_passage(
        current_user,
        {"hi": form.title_hi.data or "", "en": form.title_en.data or ""},
        form.hi_text.data or "",
        form.en_text.data or "",
    )
    for warning in draft.warnings:
        flash(warning, "info")
    return redirect(url_for(".review_page", slug=draft.passage.slug))


@bp.get("/passages/<slug>")
def review_page(slug: str):
    """The aligned pairs to check and fix, glossary suggestions, and publishing."""
    passage = services.get_own_passage(current_user, slug)
    return _review(passage, None)


def _review(passage, glossary_form: GlossaryForm | None, status: int = 200):
    editable = services.owns(current_user, passage.owner_id)
    suggestions = services.glossary_suggestions(passage)[:SUGGESTIONS_SHOWN] if editable else []
    if glossary_form is None:
        glossary_form = GlossaryForm(formdata=None, data={"words": _suggested(suggestions)})
    rows = review.rows_of(passage.sentences)
    page = render_template(
        "authoring/review.html",
        passage=passage,
        editable=editable,
        table=review.table(rows),
        flagged=review.flagged(rows),
        last=len(rows) - 1,
        editing=request.args.get("edit", type=int),
        glossary_form=glossary_form,
        status_form=StatusForm(formdata=None),
    )
    return page, status


def _suggested(suggestions) -> list[dict]:
    return [{"hi": s.hi, "roman": s.roman, "pos": "noun"} for s in suggestions]


def _save(slug: str, patch: dict) -> bool:
    """Save a change of the review page; a change the service refuses is told, not a 4xx."""
    try:
        services.update_passage(current_user, slug, patch)
    except (Conflict, services.InvalidSettings) as refused:
        flash(localized_message(refused), "error")
        return False
    return True


@bp.post("/passages/<slug>/rows")
def row_action(slug: str):
    """One fix of the review table (merge, split, move English, edit), saved at once."""
    passage = services.get_own_passage(current_user, slug)
    form = RowActionForm()
    if not form.validate():
        raise DomainError(_("The form was incomplete. Please try again."))
    if form.version.data != passage.version:
        flash(_("The passage changed since this page was shown, so nothing was done."), "info")
        return redirect(url_for(".review_page", slug=slug))
    rows = review.rows_of(passage.sentences)
    hi, en = form.hi.data or "", form.en.data or ""
    try:
        rows = review.apply_action(rows, form.action.data, form.row.data, hi, en)
    except review.ActionRefused as refused:
        flash(str(REFUSED[refused.reason]), "error")
    else:
        _save(slug, {"paragraphs": review.paragraphs_of(rows)})
    anchor = f"row-{max(0, form.row.data - (form.action.data == 'move-up'))}"
    return redirect(url_for(".review_page", slug=slug, _anchor=anchor))


@bp.post("/passages/<slug>/glossary")
def add_glossary(slug: str):
    """Add the ticked suggestions, with their meanings, to the passage's glossary."""
    passage = services.get_own_passage(current_user, slug)
    form = GlossaryForm()
    if not form.validate():
        return _review(passage, form, 400)
    new = [_entry(word) for word in form.words if word.add.data]
    if not new:
        flash(_("Tick the words to add, and write their meanings."), "info")
    elif _save(slug, {"glossary": [*map(review.entry_dict, passage.glossary), *new]}):
        added = ngettext(
            "%(num)d word added to the glossary.", "%(num)d words added to the glossary.", len(new)
        )
        flash(added, "ok")
    return redirect(url_for(".review_page", slug=slug, _anchor="glossary"))


def _entry(word) -> dict:
    return review.new_entry(word.hi.data, word.roman.data or "", word.meaning.data, word.pos.data)


@bp.post("/passages/<slug>/status")
def set_status(slug: str):
    """Publish the passage (learners can read it) or take it back to a draft."""
    services.get_own_passage(current_user, slug)
    form = StatusForm()
    if not form.validate():
        raise DomainError(_("The form was incomplete. Please try again."))
    if _save(slug, {"status": form.status.data}):
        published = form.status.data == "published"
        flash(
            _("Published: learners can read it now.")
            if published
            else _("Back to a draft: only you and admins can see it now."),
            "ok",
        )
    return redirect(url_for(".review_page", slug=slug))


@bp.route("/import", methods=["GET", "POST"])
def import_page():
    """Upload a JSON or GIFT bank: a dry run first, then a summary to confirm."""
    form = ImportForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("authoring/import.html", form=form), status
    upload = form.file.data
    return _import(upload.read(), upload.filename or "", dry_run=True)


@bp.post("/import/confirm")
@csrf.exempt  # checked by the form, once the size limit below is raised (CSRFProtect reads
# the form before any view, at Flask's 500 kB limit for a field)
def import_confirm():
    """Import the file the summary page carried back, checked again, whole or not at all."""
    request.max_form_memory_size = CONFIRM_FORM_BYTES
    form = ConfirmImportForm()
    if not form.validate():
        raise DomainError(_("The form expired or was incomplete. Please upload the file again."))
    try:
        data = base64.b64decode(form.content.data, validate=True)
    except (binascii.Error, ValueError):
        raise DomainError(_("The file could not be read back. Please upload it again.")) from None
    return _import(data, form.filename.data or "", dry_run=False)


def _import(data: bytes, filename: str, dry_run: bool):
    try:
        summary = services.import_teacher_bank(current_user, data, filename, dry_run=dry_run)
    except BankRejected as rejected:
        form = ImportForm(formdata=None)
        page = render_template("authoring/import.html", form=form, rejected=rejected)
        return page, 422
    confirm = None
    if dry_run:
        encoded = base64.b64encode(data).decode("ascii")
        confirm = ConfirmImportForm(formdata=None, content=encoded, filename=filename)
    return render_template(
        "authoring/import_summary.html", summary=summary, confirm=confirm, filename=filename
    )


@bp.get("/export")
def export():
    """Download my bank, or one of my sets, as bank JSON or GIFT (UTF-8)."""
    fmt = request.args.get("format", "json")
    set_id = request.args.get("set_id", type=int)
    if fmt not in EXPORTS:
        raise DomainError(_("Choose the format json or gift."))
    text, _warnings = services.export_teacher_bank(current_user, fmt, set_id)
    extension, mimetype = EXPORTS[fmt]
    name = f"quizapp-set-{set_id}.{extension}" if set_id else f"quizapp-bank.{extension}"
    return Response(
        text.encode("utf-8"),
        content_type=f"{mimetype}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
