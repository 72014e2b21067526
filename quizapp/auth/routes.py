"""Sign up, sign in and out, and the account page: interface language, password, sessions, API
tokens and, for admins, new accounts. Views stay thin: the rules live in quizapp.auth.services.
"""

from flask import (
    Blueprint,
    abort,
    after_this_request,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from quizapp.auth.devices import device_of, remember_device
from quizapp.auth.forms import (
    ROLE_LABELS,
    LanguageForm,
    LoginForm,
    NewUserForm,
    PasswordChangeForm,
    SignOutEverywhereForm,
    SignupForm,
    TokenForm,
    UnlockForm,
)
from quizapp.auth.messages import signup_throttle_message, throttle_message
from quizapp.auth.models import User
from quizapp.auth.services import (
    InvalidCredentials,
    InvalidInviteCode,
    LoginThrottled,
    UserExists,
    authenticate,
    change_password,
    create_user,
    end_all_sessions,
    end_login_session,
    issue_token,
    list_tokens,
    open_login_session,
    revoke_token,
    set_locale,
    sign_up,
    signup_limits,
    unlock_account,
)
from quizapp.extensions import login_manager
from quizapp.i18n import current_language, remember_language
from quizapp.security import safe_next_path
from quizapp.throttle import Throttled

bp = Blueprint("auth", __name__)


# ---- Sessions ----------------------------------------------------------------------------------


def start_session(user: User) -> None:
    """Sign ``user`` in on a fresh session: nothing from before survives and the CSRF token is
    new. What the old session held stays readable, for this request only, by receivers of
    Flask-Login's ``user_logged_in`` (a guest's attempts move into the account that way)."""
    g.session_before_login = dict(session)
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF's per-request copy of the old session's token
    login_user(open_login_session(user, current_app.permanent_session_lifetime))
    if user.locale:  # the account's language, in this browser from now on
        after_this_request(lambda response: remember_language(response, user.locale))


def end_session() -> None:
    """Sign this browser out for good (a copy of its cookie signs no one in again) and forget
    everything its session held."""
    if current_user.is_authenticated:
        end_login_session(current_user.login_session_id)
    logout_user()
    session.clear()


def redirect_to_login():
    """Flask-Login's unauthorized handler: sign in first, then come back to the page."""
    flash(str(login_manager.login_message), "info")
    target = request.full_path.rstrip("?") if request.method == "GET" else url_for("auth.account")
    return redirect(url_for("auth.login", next=target))


def _form_page(template: str, form, status: int = 200, headers: dict | None = None):
    if status == 200 and form.is_submitted() and form.errors:
        status = 400
    return render_template(template, form=form), status, headers or {}


def _refuse_throttled(template: str, form, error: LoginThrottled):
    form.form_errors.append(throttle_message(error.retry_after))
    return _form_page(template, form, 429, {"Retry-After": str(error.retry_after)})


# ---- Sign up, in and out -----------------------------------------------------------------------


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Make a learner's account (a teacher's with the invite code) and sign in with it."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.account"))
    form = SignupForm()
    if form.validate_on_submit():
        config = current_app.config
        limits = signup_limits(
            request.remote_addr or "",
            config["SIGNUP_LIMITS_PER_ADDRESS"],
            config["SIGNUP_LIMITS_IN_ALL"],
        )
        try:
            user = sign_up(
                form.username.data,
                form.password.data,
                form.invite_code.data or "",
                config["TEACHER_INVITE_CODE"],
                limits=limits,
            )
        except Throttled as error:
            form.form_errors.append(signup_throttle_message(error.retry_after))
            return _form_page(
                "auth/signup.html", form, 429, {"Retry-After": str(error.retry_after)}
            )
        except InvalidInviteCode:
            form.invite_code.errors.append(_("That teacher invite code is not valid."))
        except UserExists:
            form.username.errors.append(_("That username is taken. Choose another one."))
        else:
            start_session(user)
            flash(_("Welcome, %(name)s! Your account is ready.", name=user.username), "ok")
            return redirect(url_for("auth.account"))
    return _form_page("auth/signup.html", form)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in, then go on to ``next`` (a path on this site) or the home page."""
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        device = device_of(form.username.data)
        try:
            user = authenticate(form.username.data, form.password.data, device)
        except LoginThrottled as error:
            return _refuse_throttled("auth/login.html", form, error)
        except InvalidCredentials:
            form.form_errors.append(_("Wrong username or password."))
            status = 401
        else:
            start_session(user)
            response = redirect(safe_next_path(form.next.data, url_for("main.home")))
            return remember_device(response, user, device)
    return _form_page("auth/login.html", form, status)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """GET: a page with the sign-out button (cached pages link here); POST: sign out."""
    if request.method == "GET":
        return render_template("auth/logout.html")
    end_session()
    return redirect(url_for("main.home"))


# ---- The account page --------------------------------------------------------------------------

#: Shown to admins only.
_ADMIN_FORMS = ("user_form", "unlock_form")
_ACCOUNT_FORMS = {
    "language_form": lambda: LanguageForm(
        formdata=None, prefix="language", locale=current_user.locale or current_language()
    ),
    "password_form": lambda: PasswordChangeForm(formdata=None, prefix="password"),
    "token_form": lambda: TokenForm(formdata=None, prefix="token"),
    "everywhere_form": lambda: SignOutEverywhereForm(formdata=None, prefix="everywhere"),
    "user_form": lambda: NewUserForm(formdata=None, prefix="user"),
    "unlock_form": lambda: UnlockForm(formdata=None, prefix="unlock"),
}


def _account_page(
    status: int = 200, new_token: str | None = None, retry_after: int | None = None, **forms
):
    for name, make in _ACCOUNT_FORMS.items():
        if name not in forms and (name not in _ADMIN_FORMS or current_user.is_admin):
            forms[name] = make()
    page = render_template(
        "auth/account.html",
        tokens=list_tokens(current_user.id),
        new_token=new_token,
        role_labels=ROLE_LABELS,
        **forms,
    )
    response = make_response(page, status)  # no-store (quizapp.security): a new token shows once
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


@bp.get("/account")
@login_required
def account():
    """Who you are, your interface language, password, sessions and API tokens."""
    return _account_page()


@bp.post("/account/language")
@login_required
def save_language():
    """Save the preferred interface language to the account and this browser."""
    form = LanguageForm(prefix="language")
    if not form.validate_on_submit():
        return _account_page(400, language_form=form)
    set_locale(current_user, form.locale.data)
    flash(_("Interface language saved."), "ok")
    return remember_language(redirect(url_for("auth.account")), form.locale.data)


@bp.post("/account/password")
@login_required
def save_password():
    """Change the password; every other session ends, this one stays signed in."""
    form = PasswordChangeForm(prefix="password")
    form.account_username = current_user.username
    if form.validate_on_submit():
        try:
            user = change_password(
                current_user, form.current.data, form.password.data, form.revoke_tokens.data
            )
        except InvalidCredentials:
            form.current.errors.append(_("That is not your current password."))
        except LoginThrottled as error:
            form.form_errors.append(throttle_message(error.retry_after))
            return _account_page(429, password_form=form, retry_after=error.retry_after)
        else:
            start_session(user)
            flash(_("Password changed. Your other sessions are signed out."), "ok")
            return redirect(url_for("auth.account"))
    return _account_page(400, password_form=form)


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """End every session of the account, this one included, and its tokens unless kept."""
    form = SignOutEverywhereForm(prefix="everywhere")
    if not form.validate_on_submit():
        return _account_page(400, everywhere_form=form)
    end_all_sessions(current_user, revoke_tokens=form.revoke_tokens.data)
    end_session()
    flash(_("You are signed out on every device."), "ok")
    return redirect(url_for("auth.login"))


@bp.post("/account/tokens")
@login_required
def create_token():
    """Make an API token and show it, this once."""
    form = TokenForm(prefix="token")
    if not form.validate_on_submit():
        return _account_page(400, token_form=form)
    return _account_page(new_token=issue_token(current_user, form.name.data or ""))


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    """Revoke one of your tokens; anyone else's is a 404."""
    token = revoke_token(current_user.id, token_id)
    if token.name:
        flash(_("Token “%(name)s” revoked.", name=token.name), "ok")
    else:
        flash(_("Token revoked."), "ok")
    return redirect(url_for("auth.account", _anchor="tokens"))


@bp.post("/account/users")
@login_required
def create_account():
    """Admins: make an account of any role (teachers, mostly)."""
    if not current_user.is_admin:
        abort(403)
    form = NewUserForm(prefix="user")
    if form.validate_on_submit():
        try:
            user = create_user(form.username.data, form.password.data, form.role.data)
        except UserExists:
            form.username.errors.append(_("That username is taken. Choose another one."))
        else:
            role = ROLE_LABELS[user.role]
            flash(_("Account %(name)s created (%(role)s).", name=user.username, role=role), "ok")
            return redirect(url_for("auth.account", _anchor="new-user"))
    return _account_page(400, user_form=form)


@bp.post("/account/unlock")
@login_required
def unlock():
    """Admins: let an account locked by wrong passwords (someone else's guesses, mostly) be
    signed in to again at once."""
    if not current_user.is_admin:
        abort(403)
    form = UnlockForm(prefix="unlock")
    if not form.validate_on_submit():
        return _account_page(400, unlock_form=form)
    if unlock_account(form.username.data):
        flash(_("%(name)s can sign in again.", name=form.username.data), "ok")
    else:
        flash(_("%(name)s was not locked.", name=form.username.data), "info")
    return redirect(url_for("auth.account", _anchor="unlock"))
