"""The question editor's and the set builder's forms (Flask-WTF), one per question type.

Field names follow the bank JSON they fill (``options-1-en`` holds ``options[1].en``), so the
validators' paths land on them (``editor.field_name``); ``form.data`` is what
``editor.build_question`` reads. Numbers are text fields read by ``editor.parse_number``, so
that "८" is a number and a typo is reported in the editor's words. Labels are the page's:
the templates label each field in context ("Option 2, Hindi"), so these carry none.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from quizapp.authoring.editor import MAX_ROWS, MIN_ROWS

#: Longest prompt, explanation or source text; longest option, answer or label.
LONG, SHORT, NUMBER = 5_000, 1_000, 40


def _long():
    return [Length(max=LONG, message=_l("At most %(max)d characters.", max=LONG))]


def _short():
    return [Length(max=SHORT, message=_l("At most %(max)d characters.", max=SHORT))]


def _number():
    return [Length(max=NUMBER, message=_l("At most %(max)d characters.", max=NUMBER))]


def _rows(form, name: str, **options):
    return FieldList(form, min_entries=MIN_ROWS.get(name, 0), max_entries=MAX_ROWS, **options)


class TextPair(Form):
    """A text in Hindi and in English, several lines each (prompt, explanation)."""

    hi = TextAreaField(validators=_long())
    en = TextAreaField(validators=_long())


class LinePair(Form):
    """A short text in Hindi and in English (an option, a label, a feedback)."""

    hi = StringField(validators=_short())
    en = StringField(validators=_short())


class OptionRow(Form):
    """One option of an mcq or multi question."""

    hi = StringField(validators=_short())
    en = StringField(validators=_short())
    correct = BooleanField()
    weight = StringField(validators=_number())
    feedback = FormField(LinePair)


class NumericRow(Form):
    """One accepted number, with its tolerance, credit and feedback."""

    value = StringField(validators=_number())
    tolerance = StringField(validators=_number())
    credit = StringField(validators=_number())
    feedback = FormField(LinePair)


class AcceptRow(Form):
    """One accepted short answer, with its credit and feedback."""

    text = StringField(validators=_short())
    credit = StringField(validators=_number())
    feedback = FormField(LinePair)


class AcceptLists(Form):
    """The accepted answers, a list per language (``accept.hi``, ``accept.en``)."""

    hi = _rows(FormField(AcceptRow), "accept")
    en = _rows(FormField(AcceptRow), "accept")


class PairRow(Form):
    """One matching pair."""

    left = FormField(LinePair)
    right = FormField(LinePair)


class TrueFalseFeedback(Form):
    """What a learner reads after choosing true, or false."""

    true = FormField(LinePair)
    false = FormField(LinePair)


class QuestionForm(FlaskForm):
    """What every question has; a subclass per type adds its own fields."""

    qtype = HiddenField()
    passage = HiddenField()
    name = StringField(validators=_short())
    skill = SelectField(validate_choice=False)
    points = StringField(validators=_number())
    prompt = FormField(TextPair)
    explanation = FormField(TextPair)
    evidence = SelectMultipleField(validate_choice=False)


class OptionsForm(QuestionForm):
    """mcq and multi: options, and whether they keep the order written."""

    options = _rows(FormField(OptionRow), "options")
    fixed_order = BooleanField()


class McqForm(OptionsForm):
    """mcq: the one correct option is a radio button across the rows."""

    correct_option = StringField(validators=_number())


class TrueFalseForm(QuestionForm):
    """true_false: the right answer, and feedback per choice."""

    truth = RadioField(
        choices=[SelectChoice("true", _l("True")), SelectChoice("false", _l("False"))],
        validate_choice=False,
    )
    feedback = FormField(TrueFalseFeedback)


class NumericForm(QuestionForm):
    """numeric: one or several accepted numbers and a unit."""

    several = HiddenField()
    answers = _rows(FormField(NumericRow), "answers")
    unit = FormField(LinePair)


class ShortAnswerForm(QuestionForm):
    """short_answer: accepted answers per language, near-miss credit, tolerance."""

    accept = FormField(AcceptLists)
    near_miss_credit = StringField(validators=_number())
    tolerant = BooleanField(default=True)


LANGUAGE_CHOICES = [SelectChoice("hi", _l("Hindi")), SelectChoice("en", _l("English"))]


class ClozeForm(QuestionForm):
    """cloze: a text with ``{{answer|alternative}}`` blanks, and dropdown choices per blank."""

    text_lang = RadioField(choices=LANGUAGE_CHOICES, default="hi", validate_choice=False)
    text = TextAreaField(validators=_long())
    choices = _rows(TextAreaField(validators=_long()), "choices")
    near_miss_credit = StringField(validators=_number())


class MatchingForm(QuestionForm):
    """matching: pairs of labels."""

    pairs = _rows(FormField(PairRow), "pairs")


class OrderingForm(QuestionForm):
    """ordering: items in the right order."""

    items = _rows(FormField(LinePair), "items")


class TranslationForm(QuestionForm):
    """translation: a source sentence and reference translations into the other language."""

    source_lang = RadioField(choices=LANGUAGE_CHOICES, default="hi", validate_choice=False)
    source = TextAreaField(validators=_long())
    references = _rows(TextAreaField(validators=_long()), "references")


#: The form of each question type.
FORMS = {
    "mcq": McqForm,
    "multi": OptionsForm,
    "true_false": TrueFalseForm,
    "numeric": NumericForm,
    "short_answer": ShortAnswerForm,
    "cloze": ClozeForm,
    "matching": MatchingForm,
    "ordering": OrderingForm,
    "translation": TranslationForm,
}


def leaf_fields(form) -> dict[str, object]:
    """Every field of ``form`` by its HTML name, lists and rows included (errors attach to the
    most precise one that exists)."""
    found: dict[str, object] = {}

    def walk(fields):
        for field in fields:
            found[field.name] = field
            if isinstance(field, FormField):
                walk(field.form)
            elif isinstance(field, FieldList):
                walk(field.entries)

    walk(form)
    return found


def field_errors(form) -> list[tuple[str, str]]:
    """(name, message) of every error WTForms found in the fields themselves."""
    return [
        (name, str(message))
        for name, field in leaf_fields(form).items()
        if not isinstance(field, FormField | FieldList)
        for message in field.errors or ()
    ]


# ---- The set builder -------------------------------------------------------------------------

PROMPT_LANGUAGE_CHOICES = [
    SelectChoice("both", _l("Hindi and English (learners can switch)")),
    SelectChoice("hi", _l("Hindi only")),
    SelectChoice("en", _l("English only")),
]
PAGE_CHOICES = [
    SelectChoice("0", _l("All questions on one page")),
    SelectChoice("1", _l("One question per page")),
]
FEEDBACK_CHOICES = [
    SelectChoice("after_submit", _l("Right after submitting")),
    SelectChoice("after_due", _l("After the due date")),
    SelectChoice("never", _l("Never")),
]
#: Offered only to a set that has it already: attempts show it like "after submitting".
IMMEDIATE_CHOICE = SelectChoice("immediate", _l("Immediately"))
DETAIL_CHOICES = [
    SelectChoice("score", _l("The score only (right or wrong per question)")),
    SelectChoice("answers", _l("The score and the correct answers")),
    SelectChoice("explanations", _l("The score, the correct answers, explanations and evidence")),
]


class SetForm(FlaskForm):
    """A set's title, passage, questions in order, and settings; plus the question picker's
    filters and ticks (the builder is one form, so it works without JavaScript)."""

    title_hi = StringField(validators=[Length(max=300)])
    title_en = StringField(validators=[Length(max=300)])
    passage = SelectField(validate_choice=False)
    question_ids = SelectMultipleField(coerce=int, validate_choice=False)
    prompt_language = RadioField(
        choices=PROMPT_LANGUAGE_CHOICES, default="both", validate_choice=False
    )
    one_per_page = RadioField(choices=PAGE_CHOICES, default="0", validate_choice=False)
    shuffle = BooleanField()
    shuffle_options = BooleanField(default=True)
    attempts_allowed = StringField(validators=_number())
    time_limit_minutes = StringField(validators=_number())
    feedback = RadioField(choices=FEEDBACK_CHOICES, default="after_submit", validate_choice=False)
    feedback_detail = RadioField(
        choices=DETAIL_CHOICES, default="explanations", validate_choice=False
    )
    # The picker.
    add = SelectMultipleField(coerce=int, validate_choice=False)
    f_passage = SelectField(validate_choice=False)
    f_type = SelectField(validate_choice=False)
    f_skill = SelectField(validate_choice=False)
    f_text = StringField(validators=[Length(max=200)])


class DraftsForm(FlaskForm):
    """The drafts proposed from a passage: which to keep, and a fingerprint of each, so that
    a passage changed in between is noticed rather than the wrong drafts created."""

    keep = SelectMultipleField(coerce=int, validate_choice=False)
    digest = SelectMultipleField(validate_choice=False)


class ConfirmForm(FlaskForm):
    """A button that changes something: only its CSRF token."""
