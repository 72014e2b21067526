"""Account forms: sign up, sign in, and the account page's forms. They validate what a person
typed and say what to fix; the services check it again for the CLI and the API."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from quizapp.auth.services import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, is_valid_username
from quizapp.core.passwords import HAS_USERNAME, TOO_GUESSABLE, password_problem
from quizapp.i18n import LANGUAGE_NAMES

#: Each role's name in the interface.
ROLE_LABELS = {"learner": _l("Learner"), "teacher": _l("Teacher"), "admin": _l("Admin")}

#: What a username field takes at most before anything else is checked (huge input fails fast).
MAX_USERNAME_INPUT = 200


def _valid_username(_form, field) -> None:
    if not is_valid_username(field.data or ""):
        raise ValidationError(
            _l("Use 3 to 40 letters, digits, dots, dashes or underscores (Hindi letters too).")
        )


def _username_field() -> StringField:
    return StringField(
        _l("Username"),
        validators=[
            DataRequired(_l("Enter a username.")),
            Length(max=MAX_USERNAME_INPUT, message=_l("That username is too long.")),
            _valid_username,
        ],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )


#: Why a new password is refused, in words a twelve-year-old follows.
WEAK_PASSWORD = {
    TOO_GUESSABLE: _l(
        "That password is too easy to guess. Try three or four words you will remember, "
        "like “blue kite river 7”."
    ),
    HAS_USERNAME: _l("Your password must not contain your username."),
}


class HardToGuess:
    """Refuse a password ``core.passwords`` finds too guessable or built from the username
    (the form's ``username`` field, or ``form.account_username`` set by the view)."""

    def __call__(self, form, field) -> None:
        username = form.username.data if "username" in form else form.account_username
        problem = password_problem(field.data or "", username or "")
        if problem is not None:
            raise ValidationError(WEAK_PASSWORD[problem])


def _new_password_field(label) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Enter a password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                message=_l(
                    "A password has %(min)d to %(max)d characters.",
                    min=MIN_PASSWORD_LENGTH,
                    max=MAX_PASSWORD_LENGTH,
                ),
            ),
            HardToGuess(),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def _confirm_field() -> PasswordField:
    return PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def _revoke_tokens_field() -> BooleanField:
    # On unless unticked: whoever had the old password or a session may have made a token.
    return BooleanField(_l("Also revoke my API tokens"), default=True)


class SignupForm(FlaskForm):
    """A new learner's account, or a teacher's with the invite code."""

    username = _username_field()
    password = _new_password_field(_l("Password"))
    confirm = _confirm_field()
    invite_code = StringField(
        _l("Teacher invite code (optional)"),
        validators=[Optional(), Length(max=200, message=_l("That invite code is not valid."))],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    submit = SubmitField(_l("Create account"))


class LoginForm(FlaskForm):
    """Username and password; ``next`` is where to go afterwards (same-site paths only)."""

    username = StringField(
        _l("Username"),
        validators=[DataRequired(_l("Enter your username.")), Length(max=MAX_USERNAME_INPUT)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class LanguageForm(FlaskForm):
    """The interface language the account prefers."""

    locale = SelectField(
        _l("Interface language"),
        choices=[
            SelectChoice(code, name, render_kw={"lang": code})
            for code, name in LANGUAGE_NAMES.items()
        ],
        validators=[DataRequired()],
    )
    submit = SubmitField(_l("Save language"))


class PasswordChangeForm(FlaskForm):
    """A new password, after the current one (the view sets ``account_username``)."""

    account_username = ""

    current = PasswordField(
        _l("Current password"),
        validators=[
            DataRequired(_l("Enter your current password.")),
            Length(max=MAX_PASSWORD_LENGTH),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    password = _new_password_field(_l("New password"))
    confirm = _confirm_field()
    revoke_tokens = _revoke_tokens_field()
    submit = SubmitField(_l("Change password"))


class SignOutEverywhereForm(FlaskForm):
    """End every session of the account, and (by default) its API tokens."""

    revoke_tokens = _revoke_tokens_field()
    submit = SubmitField(_l("Sign out everywhere"))


class TokenForm(FlaskForm):
    """A new API token and the label it is listed under."""

    name = StringField(
        _l("Token name"),
        validators=[Optional(), Length(max=80, message=_l("Use at most 80 characters."))],
        description=_l("For example “grading script”, so you know which token is which."),
        render_kw={"autocomplete": "off"},
    )
    submit = SubmitField(_l("Create token"))


class ConfirmForm(FlaskForm):
    """A button and its CSRF token, for actions with nothing to fill in."""


class NewUserForm(FlaskForm):
    """An admin making an account of any role (teachers, mostly)."""

    username = _username_field()
    password = _new_password_field(_l("Password"))
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ("teacher", "learner", "admin")],
        default="teacher",
        validators=[DataRequired()],
    )
    submit = SubmitField(_l("Create account"))


class UnlockForm(FlaskForm):
    """Admins: lift a wrong-password lock from an account."""

    username = StringField(
        _l("Username"),
        validators=[DataRequired(_l("Enter a username.")), Length(max=MAX_USERNAME_INPUT)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    submit = SubmitField(_l("Unlock"))
