"""Forms of the teacher pages: a new passage, the review table's actions, glossary words from
the suggestions, publishing, and importing a bank file. They check what a teacher typed and
say what to fix; the services check it all again for the API."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from quizapp.authoring.review import ACTIONS
from quizapp.authoring.services import MAX_PASTE_CHARS
from quizapp.content.labels import PART_OF_SPEECH
from quizapp.core.interchange import MAX_BANK_BYTES

#: Longest title the passage table keeps.
MAX_TITLE = 300
#: Longest text one row of the review table takes in its edit form (a few pairs' worth).
MAX_ROW_EDIT = 20_000

#: Why a review-table action did nothing, by ``ActionRefused.reason``.
REFUSED = {
    "no-row": _l("That row is no longer there. Here is the passage as it is now."),
    "no-next": _l("There is no next pair in this paragraph to join or move to."),
    "no-previous": _l("There is no pair above to move the sentence to."),
    "no-english": _l("This pair has no English sentence to move."),
    "nothing-to-split": _l(
        "This pair has one sentence on each side, so there is nothing to split. "
        "Use Edit and leave an empty line where it should split."
    ),
    "no-rows-left": _l("A passage needs at least one sentence; nothing was removed."),
    "unknown-action": _l("That action is not available here."),
}


def _too_long(limit: int):
    return Length(
        max=limit, message=_l("This is too long (at most %(max)d characters).", max=limit)
    )


class NewPassageForm(FlaskForm):
    """A passage pasted in: titles and the two texts (either text may be left empty)."""

    title_hi = StringField(
        _l("Title in Hindi"), validators=[_too_long(MAX_TITLE)], render_kw={"lang": "hi"}
    )
    title_en = StringField(_l("Title in English"), validators=[_too_long(MAX_TITLE)])
    hi_text = TextAreaField(
        _l("Hindi text"),
        description=_l("Paste the article; leave an empty line between paragraphs."),
        validators=[_too_long(MAX_PASTE_CHARS)],
        render_kw={"lang": "hi", "rows": 12, "spellcheck": "false"},
    )
    en_text = TextAreaField(
        _l("English translation"),
        description=_l("Paragraph by paragraph, as in the Hindi. You can leave it empty."),
        validators=[_too_long(MAX_PASTE_CHARS)],
        render_kw={"lang": "en", "rows": 12},
    )

    def validate_title_en(self, field) -> None:
        """A title in at least one language."""
        if not (self.title_hi.data or "").strip() and not (field.data or "").strip():
            raise ValidationError(_l("Give the passage a title in Hindi, English or both."))

    def validate_en_text(self, field) -> None:
        """Some text to read."""
        if not (self.hi_text.data or "").strip() and not (field.data or "").strip():
            raise ValidationError(_l("Paste the Hindi text, its English translation, or both."))


class RowActionForm(FlaskForm):
    """One action of the review table on one row (merge, split, move, edit)."""

    action = HiddenField(validators=[AnyOf(ACTIONS)])
    row = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=10_000)])
    #: The passage version the page showed: a second post of the same button changes nothing.
    version = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    hi = TextAreaField(_l("Hindi"), validators=[Optional(), _too_long(MAX_ROW_EDIT)])
    en = TextAreaField(_l("English"), validators=[Optional(), _too_long(MAX_ROW_EDIT)])


class SuggestedWordForm(Form):
    """One suggested glossary word: add it?, its romanisation, meaning and part of speech."""

    add = BooleanField(_l("Add"))
    hi = HiddenField(validators=[DataRequired(), _too_long(200)])
    roman = StringField(_l("Romanisation"), validators=[Optional(), _too_long(200)])
    #: Not ``Optional()``: that would stop before ``validate_meaning`` asks for a ticked word's.
    meaning = StringField(_l("Meaning in English"), validators=[_too_long(2_000)])
    pos = SelectField(
        _l("Part of speech"),
        choices=[SelectChoice(value, label) for value, label in PART_OF_SPEECH.items()],
        validate_choice=True,
    )

    def validate_meaning(self, field) -> None:
        """A word to add needs its meaning."""
        if self.add.data and not (field.data or "").strip():
            raise ValidationError(_l("Write the meaning of a word you add."))


class GlossaryForm(FlaskForm):
    """The glossary suggestions of the review page; the ticked ones are added."""

    words = FieldList(FormField(SuggestedWordForm), max_entries=200)


class StatusForm(FlaskForm):
    """Publish or unpublish a passage."""

    status = HiddenField(validators=[AnyOf(("draft", "published"))])


class ImportForm(FlaskForm):
    """A bank file to check (a dry run) before importing it."""

    file = FileField(
        _l("Bank file (JSON or GIFT)"),
        description=_l(
            "Nothing is imported yet: you will see what the file holds and confirm first."
        ),
        validators=[
            FileRequired(_l("Choose a file to import.")),
            FileSize(
                MAX_BANK_BYTES,
                message=_l(
                    "The file is too large: bank files are limited to %(mb)d MB.",
                    mb=MAX_BANK_BYTES // 1024 // 1024,
                ),
            ),
        ],
        render_kw={"accept": ".json,.gift,.txt,application/json,text/plain"},
    )


class ConfirmImportForm(FlaskForm):
    """The checked file carried back (base64, byte for byte) to import it for real."""

    content = HiddenField(validators=[DataRequired(), _too_long(MAX_BANK_BYTES * 4 // 3 + 4)])
    filename = HiddenField(validators=[Optional(), _too_long(255)])
