"""Forms of the assignment pages: give a set to a class, change its dates, take it off.

Dates are ``datetime-local`` inputs, read as wall-clock times in the class's time zone (the
labels say which); the services check the order again for the API."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, SelectField
from wtforms.validators import InputRequired, Optional, ValidationError

#: What a browser's datetime-local input sends (seconds when a step asks for them).
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


class DatesForm(FlaskForm):
    """Open and due dates, both optional."""

    open_at = DateTimeLocalField(
        _l("Opens"),
        format=DATETIME_FORMATS,
        validators=[Optional()],
        description=_l("Leave empty to open it now."),
    )
    due_at = DateTimeLocalField(
        _l("Due"),
        format=DATETIME_FORMATS,
        validators=[Optional()],
        description=_l("Leave empty for no due date."),
    )

    def validate_due_at(self, field) -> None:
        """The due date comes after the open date."""
        if field.data and self.open_at.data and field.data <= self.open_at.data:
            raise ValidationError(_l("The due date must be after the open date."))


class AssignForm(DatesForm):
    """A set to give the class, with its dates."""

    question_set_id = SelectField(
        _l("Question set"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose a question set."))],
    )


class RemoveForm(FlaskForm):
    """Take an assignment off the class (the CSRF token is all it carries)."""
