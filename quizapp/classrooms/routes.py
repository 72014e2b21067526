"""Pages of classes: a teacher's classes, join codes, rosters, assignments and the gradebook;
a learner's joining.

Teacher pages (/teach/classes…) are for teachers and admins: a guest is sent to sign in, a
learner gets a 403, and another teacher's class is a 404 (the services say so). Joining
(/join, /join/<code>) is for everyone to see: a learner joins with a button (a POST with its
CSRF token) after seeing the class's name; a guest who presses it is asked to sign up or sign
in, and joins on signing in (Flask-Login's ``user_logged_in``, as a guest's attempts move into
the account), keeping what they practised as a guest. Every try that names a code is counted
against the join throttle (services), so the pages are no way round it.

The roster is load → preview → confirm, as the bank import: the preview page carries the file
back byte for byte (base64 in a hidden field), it is checked again and applied, and the
response to the confirm is the login slips page: the only place the new passwords ever appear.
"""

import base64
import binascii
from functools import wraps

import segno
from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, user_logged_in
from markupsafe import Markup

from quizapp.classrooms import (
    models,  # noqa: F401  (the tables join the metadata)
    services,
)
from quizapp.classrooms.forms import (
    ButtonForm,
    ClassForm,
    ConfirmRosterForm,
    JoinForm,
    RosterForm,
    roster_problem,
)
from quizapp.core.join_code import format_join_code, normalize_join_code
from quizapp.exceptions import Conflict, DomainError, NotAllowed
from quizapp.extensions import login_manager
from quizapp.throttle import Throttled

bp = Blueprint("classrooms", __name__)

#: The session key of a code a guest asked to join with; joined on signing in.
PENDING_JOIN = "join_after_sign_in"


def teacher_page(view):
    """Teachers and admins only: a guest signs in first, a learner gets a 403."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_teacher:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def _address() -> str:
    return request.remote_addr or ""


def join_url(code: str) -> str:
    """The address a learner opens to join (what the QR code holds)."""
    return url_for("classrooms.join_code", code=format_join_code(code), _external=True)


def qr_svg(url: str) -> Markup:
    """A QR code of ``url`` as inline SVG, sized by CSS, hidden from screen readers (the page
    gives the address as text beside it)."""
    svg = segno.make_qr(url, error="m").svg_inline(
        scale=1, border=4, omitsize=True, svgclass="class-qr__svg", dark="#000", light="#fff"
    )
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))  # nosec B704


@bp.context_processor
def _helpers():
    return {"roster_problem": roster_problem}


@bp.app_template_filter("join_code")
def _join_code_filter(code: str) -> str:
    return format_join_code(code)


# ---- A teacher's classes -------------------------------------------------------------------


@bp.route("/teach/classes", methods=["GET", "POST"])
@teacher_page
def class_list():
    """The teacher's classes (archived ones apart) and a form for a new one."""
    form = ClassForm()
    if form.validate_on_submit():
        classroom = services.create_class(current_user, form.name.data, form.time_zone.data)
        flash(_("The class is ready. Give your learners its code or link."), "ok")
        return redirect(url_for(".class_page", class_id=classroom.id))
    page = render_template(
        "classrooms/class_list.html",
        form=form,
        classes=services.list_classes(current_user),
        archived=services.list_classes(current_user, archived=True),
    )
    return page, 400 if form.is_submitted() else 200


@bp.get("/teach/classes/<int:class_id>")
@teacher_page
def class_page(class_id: int):
    """A class: its code, link and QR code, its learners, rename, archive, roster import."""
    return _class_page(services.get_class(current_user, class_id))


def _class_page(classroom, form: ClassForm | None = None, status: int = 200):
    url = join_url(classroom.join_code)
    if form is None:
        form = ClassForm(formdata=None, name=classroom.name, time_zone=classroom.time_zone)
    page = render_template(
        "classrooms/class.html",
        classroom=classroom,
        members=services.list_members(current_user, classroom.id),
        join_link=url,
        qr=qr_svg(url),
        form=form,
        button=ButtonForm(formdata=None),
    )
    return page, status


@bp.post("/teach/classes/<int:class_id>/edit")
@teacher_page
def class_edit(class_id: int):
    """Rename a class or change its time zone."""
    classroom = services.get_class(current_user, class_id)
    form = ClassForm()
    if not form.validate_on_submit():
        return _class_page(classroom, form, 400)
    services.update_class(current_user, class_id, form.name.data, form.time_zone.data)
    flash(_("Saved."), "ok")
    return redirect(url_for(".class_page", class_id=class_id))


@bp.post("/teach/classes/<int:class_id>/archive")
@teacher_page
def class_archive(class_id: int):
    """Archive a class (no more joins; it leaves the list), or bring it back."""
    restore = request.form.get("restore") == "1"
    ButtonForm().validate_on_submit() or abort(400)
    services.set_archived(current_user, class_id, not restore)
    if restore:
        flash(_("The class is back in your list and takes learners again."), "ok")
    else:
        flash(_("The class is archived: it takes no new learners."), "ok")
    return redirect(url_for(".class_page", class_id=class_id))


@bp.post("/teach/classes/<int:class_id>/members/<int:user_id>/remove")
@teacher_page
def remove_member(class_id: int, user_id: int):
    """Take a learner out of the class; their account and work stay."""
    ButtonForm().validate_on_submit() or abort(400)
    services.remove_learner(current_user, class_id, user_id)
    flash(_("The learner was taken out of the class."), "ok")
    return redirect(url_for(".class_page", class_id=class_id, _anchor="members"))


# ---- Roster --------------------------------------------------------------------------------


@bp.route("/teach/classes/<int:class_id>/roster", methods=["GET", "POST"])
@teacher_page
def roster(class_id: int):
    """Upload a roster file: what it would do, to confirm; or its errors, by line."""
    classroom = services.get_class(current_user, class_id)
    form = RosterForm()
    if not form.validate_on_submit():
        page = render_template("classrooms/roster.html", classroom=classroom, form=form)
        return page, 400 if form.is_submitted() else 200
    data = form.file.data.read()
    try:
        plan = services.preview_roster(current_user, class_id, data)
    except services.RosterRejected as rejected:
        form = RosterForm(formdata=None)
        page = render_template(
            "classrooms/roster.html", classroom=classroom, form=form, rejected=rejected
        )
        return page, 422
    confirm = ConfirmRosterForm(formdata=None, content=base64.b64encode(data).decode("ascii"))
    return render_template(
        "classrooms/roster.html", classroom=classroom, form=form, plan=plan, confirm=confirm
    )


@bp.post("/teach/classes/<int:class_id>/roster/confirm")
@teacher_page
def roster_confirm(class_id: int):
    """Import the checked roster, whole or not at all; then the login slips of new learners."""
    classroom = services.get_class(current_user, class_id)
    form = ConfirmRosterForm()
    if not form.validate():
        raise DomainError(_("The form expired or was incomplete. Please upload the file again."))
    try:
        data = base64.b64decode(form.content.data, validate=True)
    except (binascii.Error, ValueError):
        raise DomainError(_("The file could not be read back. Please upload it again.")) from None
    try:
        result = services.import_roster(current_user, class_id, data)
    except services.RosterRejected as rejected:
        page = render_template(
            "classrooms/roster.html",
            classroom=classroom,
            form=RosterForm(formdata=None),
            rejected=rejected,
        )
        return page, 422
    joined = result.plan.count("new")
    flash(ngettext("%(num)d learner added.", "%(num)d learners added.", joined), "ok")
    response = render_template(
        "classrooms/slips.html",
        classroom=classroom,
        result=result,
        site=url_for("main.home", _external=True),
    )
    # The passwords are on this page only: no cache may keep it.
    return response, 200, {"Cache-Control": "no-store"}


# ---- Joining -------------------------------------------------------------------------------


def _join_message(error: DomainError, text: str) -> str:
    """A join refusal in the interface language."""
    if isinstance(error, Throttled):
        return _("Too many class codes were tried just now. Wait a while, then try again.")
    if isinstance(error, NotAllowed):
        return _("Teachers cannot join a class as learners. Sign in with a learner's account.")
    if isinstance(error, Conflict):
        return _("This class is archived and takes no new learners.")
    if normalize_join_code(text or "") is None:
        return _("That is not a class code. A code has six letters, like BCD-FGH.")
    return _("No class has that code. Check it with your teacher.")


def _join_page(form, classroom=None, error: DomainError | None = None, status: int = 200):
    message = _join_message(error, form.code.data or "") if error else None
    page = render_template(
        "classrooms/join.html",
        form=form,
        classroom=classroom,
        error=message,
        button=ButtonForm(formdata=None),
        member=bool(
            classroom
            and current_user.is_authenticated
            and services.is_member(classroom.id, current_user.id)
        ),
    )
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, Throttled) else {}
    return page, error.status if error else status, headers


@bp.route("/join", methods=["GET", "POST"])
def join():
    """Type a class code. A learner joins at once; a guest sees the class and how to join."""
    form = JoinForm()
    if not form.validate_on_submit():
        return _join_page(form, status=400 if form.is_submitted() else 200)
    text = form.code.data
    try:
        if current_user.is_authenticated and not current_user.is_teacher:
            classroom, _joined = services.join_class(current_user, text, _address())
            flash(_("You are in the class %(name)s.", name=classroom.name), "ok")
            return redirect(url_for(".my_classes"))
        user_id = current_user.id if current_user.is_authenticated else None
        classroom = services.class_for_code(user_id, text, _address())
    except DomainError as error:
        return _join_page(form, error=error)
    return redirect(url_for(".join_code", code=format_join_code(classroom.join_code)))


@bp.route("/join/<code>", methods=["GET", "POST"])
def join_code(code: str):
    """A class's join link: its name, and a button to join (a guest: sign up or in first)."""
    form = JoinForm(formdata=None, code=code)
    signed_in = current_user.is_authenticated
    classroom = None
    try:
        if request.method == "GET":
            user_id = current_user.id if signed_in else None
            return _join_page(form, services.class_for_code(user_id, code, _address()))
        if signed_in:
            classroom, _joined = services.join_class(current_user, code, _address())
            flash(_("You are in the class %(name)s.", name=classroom.name), "ok")
            return redirect(url_for(".my_classes"))
        classroom = services.class_for_code(None, code, _address())
        if classroom.archived_at is not None:
            raise Conflict("This class is archived and takes no new learners.")
    except DomainError as error:
        return _join_page(form, classroom, error=error)
    session[PENDING_JOIN] = classroom.join_code
    if request.form.get("then") == "login":
        return redirect(url_for("auth.login", next=url_for(".my_classes")))
    return redirect(url_for("auth.signup", next=url_for(".my_classes")))


@user_logged_in.connect
def _join_after_sign_in(_app, user, **_extra) -> None:
    # A guest pressed Join, then signed up or in: the code is in the session before sign-in
    # (auth keeps it in ``g.session_before_login`` for receivers like this one).
    code = (g.get("session_before_login") or {}).get(PENDING_JOIN)
    if not code:
        return
    try:
        classroom, _joined = services.join_class(user, code, _address())
    except DomainError as error:
        flash(_join_message(error, code), "info")
        return
    flash(_("You are in the class %(name)s.", name=classroom.name), "ok")


@bp.get("/classes")
def my_classes():
    """The classes the signed-in learner is in."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return render_template(
        "classrooms/my_classes.html",
        classes=services.classes_of_learner(current_user.id),
        form=JoinForm(formdata=None),
    )
