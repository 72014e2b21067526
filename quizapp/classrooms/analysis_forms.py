"""Forms of the answers page: a teacher's score for one answer, and "accept for everyone".
They check what was typed and say what to fix; the regrading service checks it all again."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from quizapp.classrooms.regrading import MAX_ACCEPTED, MAX_NOTE


class OverrideForm(FlaskForm):
    """The points one answer earns, of the question's points, and a note for the learner."""

    attempt_id = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])
    points = DecimalField(
        _l("Points"),
        places=None,
        validators=[
            InputRequired(message=_l("Give the points this answer earns.")),
            NumberRange(min=0, message=_l("The points cannot be below 0.")),
        ],
    )
    note = StringField(
        _l("Note for the learner"),
        validators=[Optional(), Length(max=MAX_NOTE)],
    )


class AcceptForm(FlaskForm):
    """One typed answer to add to the question's accepted answers, regrading everyone."""

    answer = HiddenField(validators=[DataRequired(), Length(max=MAX_ACCEPTED)])
