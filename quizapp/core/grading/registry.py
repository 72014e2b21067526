"""Every question type by name, and the three calls the rest of the app makes.

Adding a type: write its module (a class with ``name``, ``validate_spec``, ``grade``,
``public_spec``, ``correct_answer`` and ``answer_from_form``; ``key_texts`` if its key names
words; ``key_label`` and ``save_label`` where the results page and the quiz form need words of
their own) and add one line to ``_TYPES`` below. The skills a question can train are listed here
too: the database's checks, the API's enums and the interface's labels all come from here.
"""

from collections.abc import Mapping
from typing import Any

from quizapp.core.grading.base import N_, GradeResult, Message, QuestionType, SpecError
from quizapp.core.grading.cloze import Cloze
from quizapp.core.grading.common import check_object
from quizapp.core.grading.matching import Matching
from quizapp.core.grading.mcq import MultipleChoice
from quizapp.core.grading.multi import MultipleResponse
from quizapp.core.grading.numeric import Numeric
from quizapp.core.grading.ordering import Ordering
from quizapp.core.grading.short_answer import ShortAnswer
from quizapp.core.grading.translation import Translation
from quizapp.core.grading.true_false import TrueFalse

_TYPES: tuple[QuestionType, ...] = (
    MultipleChoice(),
    MultipleResponse(),
    TrueFalse(),
    Numeric(),
    ShortAnswer(),
    Cloze(),
    Matching(),
    Ordering(),
    Translation(),
)

#: Question types by name, in the order authoring menus list them.
QUESTION_TYPES: dict[str, QuestionType] = {
    question_type.name: question_type for question_type in _TYPES
}


#: The skills a question can train, in the order progress lists them, with their labels.
SKILLS: dict[str, str] = {
    "vocabulary": N_("Vocabulary"),
    "literal": N_("Literal understanding"),
    "inference": N_("Inference"),
    "main_idea": N_("Main idea"),
    "translation": N_("Translation"),
}


class UnknownQuestionType(LookupError):
    """A type name that no module registers (a stored question from a newer or broken bank)."""


def get_type(name: str) -> QuestionType:
    """The question type called ``name``; UnknownQuestionType if there is none."""
    try:
        return QUESTION_TYPES[name]
    except (KeyError, TypeError):
        raise UnknownQuestionType(f"Unknown question type: {name!r}") from None


def validate_spec(type_name: Any, spec: Mapping[str, Any]) -> list[SpecError]:
    """Every problem with ``spec`` as a ``type_name`` question; an unknown type is one error."""
    if not isinstance(type_name, str) or type_name not in QUESTION_TYPES:
        known = ", ".join(QUESTION_TYPES)
        return [
            SpecError(
                "type",
                Message(
                    N_("Unknown question type %(name)r; expected one of %(known)s."),
                    name=type_name,
                    known=known,
                ),
            )
        ]
    errors: list[SpecError] = []
    if not check_object(spec, "", errors):
        return errors
    return QUESTION_TYPES[type_name].validate_spec(spec)


def answer_from_form(type_name: str, fields):
    """The answer a question's quiz form holds (``forms.FormValueError`` for impossible ones)."""
    return get_type(type_name).answer_from_form(fields)


def grade(type_name: str, spec: Mapping[str, Any], answer: Any) -> GradeResult:
    """Grade ``answer`` to a stored (valid) question; never raises on a bad answer."""
    return get_type(type_name).grade(spec, answer)
