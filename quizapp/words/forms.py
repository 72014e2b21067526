"""Forms of My words: answering or self-grading a review card, removing a word, adding one."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from quizapp.core.review import DIRECTIONS, MAX_TYPED_CHARS, RATINGS


class ReviewForm(FlaskForm):
    """One review: a typed answer ("Check") or a self-grade button, for the card the learner saw."""

    answer = StringField(
        _l("Your answer"),
        validators=[
            Optional(),
            Length(
                max=MAX_TYPED_CHARS,
                message=_l(
                    "That answer is too long (at most %(max)d characters).", max=MAX_TYPED_CHARS
                ),
            ),
        ],
    )
    rating = HiddenField(
        validators=[
            Optional(),
            AnyOf(tuple(RATINGS), message=_l("Choose Again, Hard, Good or Easy.")),
        ]
    )
    #: The card's review count when it was shown: a second post of the same form changes nothing.
    seen = IntegerField(validators=[Optional(), NumberRange(min=0, max=1_000_000)])
    #: Which cards the learner is going through ("" for both directions), to come back to them.
    direction = HiddenField(validators=[Optional(), AnyOf(("", *DIRECTIONS))])


class AddWordForm(FlaskForm):
    """Add a glossary entry to My words (the reader's button, or the page asking to confirm)."""

    entry = IntegerField(
        validators=[DataRequired(_l("Say which word to add.")), NumberRange(min=1, max=2**62)]
    )


class RemoveWordForm(FlaskForm):
    """Remove a word: nothing but the CSRF token."""
