"""Forms of the class pages: a new class, its name and time zone, a roster file and its
confirmation, a join code, and the small buttons (archive, remove a learner, join). They check
what a teacher or learner typed and say what to fix; the services check it all again."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from quizapp.classrooms.models import DEFAULT_TIME_ZONE
from quizapp.classrooms.services import MAX_NAME, time_zones
from quizapp.core.join_code import MAX_INPUT

#: A roster this big is refused at upload: the confirm form carries it back in base64 (4 bytes
#: for 3), and a form field stays under Flask's 500 kB. 500 learners take about 40 kB.
MAX_ROSTER_UPLOAD = 360_000


def _zone_choices():
    return [(zone, zone.replace("_", " ")) for zone in time_zones()]


class ClassForm(FlaskForm):
    """A class's name and time zone (a new class, or renaming one)."""

    name = StringField(
        _l("Class name"),
        description=_l("For example “Class 8 B, Hindi”. Learners see it when they join."),
        validators=[
            DataRequired(_l("Give the class a name.")),
            Length(max=MAX_NAME, message=_l("At most %(max)d characters.", max=MAX_NAME)),
        ],
        render_kw={"maxlength": MAX_NAME, "autocomplete": "off"},
    )
    time_zone = SelectField(
        _l("Time zone"),
        description=_l("Due dates are entered and shown in it."),
        choices=_zone_choices,
        default=DEFAULT_TIME_ZONE,
        validate_choice=True,
    )


class RosterForm(FlaskForm):
    """A roster file to check before importing it."""

    file = FileField(
        _l("Roster file (CSV)"),
        description=_l(
            "One name a line, or a spreadsheet saved as “CSV UTF-8” with columns such as "
            "username, firstname, lastname. Nothing is imported until you confirm."
        ),
        validators=[
            FileRequired(_l("Choose a file to import.")),
            FileSize(
                MAX_ROSTER_UPLOAD,
                message=_l("The file is too large for a class roster (at most 350 kB)."),
            ),
        ],
        render_kw={"accept": ".csv,.txt,.tsv,text/csv,text/plain"},
    )


class ConfirmRosterForm(FlaskForm):
    """The checked roster carried back (base64, byte for byte) to import it for real."""

    content = HiddenField(validators=[DataRequired(), Length(max=MAX_ROSTER_UPLOAD * 4 // 3 + 4)])


class JoinForm(FlaskForm):
    """A class code typed by a learner."""

    code = StringField(
        _l("Class code"),
        description=_l("Six letters from your teacher, like BCD-FGH."),
        validators=[
            DataRequired(_l("Type the code your teacher gave you.")),
            Length(max=MAX_INPUT, message=_l("A class code is six letters.")),
        ],
        render_kw={
            "autocomplete": "off",
            "autocapitalize": "characters",
            "spellcheck": "false",
            "maxlength": MAX_INPUT,
        },
    )


class ButtonForm(FlaskForm):
    """A button that posts nothing but its CSRF token (join, archive, remove a learner)."""


#: A roster file's problems in the interface language, by ``RosterProblem.code``
#: (core.roster; ``not_a_learner`` from the services); ``%(value)s`` is the offending value.
ROSTER_PROBLEMS = {
    "too_big": _l("The file is larger than 1 MB; a roster is far smaller."),
    "utf16": _l(
        "The file is UTF-16 (Unicode Text). Save it as “CSV UTF-8 (comma delimited)” and "
        "upload that."
    ),
    "not_utf8": _l(
        "This line is not UTF-8 text. Save the file as “CSV UTF-8 (comma delimited)” and "
        "upload that."
    ),
    "binary": _l("This is not a text file. Upload a CSV file."),
    "bad_csv": _l(
        "A double quote is out of place or never closed. Put the whole cell in double quotes, "
        "or remove the quote."
    ),
    "empty": _l("The file has no names in it."),
    "duplicate_column": _l("The column “%(value)s” appears twice in the header."),
    "no_name_column": _l("The header has no firstname, lastname or name column."),
    "name_and_parts": _l("Use either a name column or firstname and lastname columns, not both."),
    "too_many_rows": _l("The file has more than 500 learners. Split it into smaller files."),
    "line_too_long": _l("This line is longer than 1000 characters."),
    "extra_cells": _l("This line has more cells than the header has columns."),
    "several_columns": _l(
        "This line has several cells; a list of names has one name a line. For several "
        "columns, start the file with a header row: username, firstname, lastname, email, group."
    ),
    "empty_name": _l("The name is empty."),
    "name_too_long": _l("The name is longer than 100 characters."),
    "control_character": _l("The name holds a control character."),
    "bad_username": _l(
        "The username “%(value)s” cannot be used: use 3 to 40 letters, digits, dots, dashes "
        "or underscores, without spaces."
    ),
    "duplicate_username": _l("The username “%(value)s” is on an earlier line too."),
    "bad_email": _l("“%(value)s” does not look like an email address."),
    "group_too_long": _l("The group is longer than 100 characters."),
    "not_a_learner": _l("The username “%(value)s” belongs to a teacher's account."),
    "not_in_class": _l(
        "The username “%(value)s” belongs to an account outside this class: leave it out and "
        "give that learner the join code."
    ),
    "ignored_column": _l("The column “%(value)s” is not used; it was ignored."),
    "same_name": _l(
        "%(value)s is also on an earlier line: two learners, each with a username of their own."
    ),
}


def roster_problem(problem) -> str:
    """A roster problem in the interface language (its English message if the code is new)."""
    message = ROSTER_PROBLEMS.get(problem.code)
    if message is None:
        return problem.message
    return str(message) % {"value": problem.value} if "%(value)s" in str(message) else str(message)
