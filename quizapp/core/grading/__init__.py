"""Grading: one module per question type, a registry by name, and plain result values.

from quizapp.core.grading import grade, validate_spec, get_type
errors = validate_spec("numeric", {"value": 8})            # [] when it can be stored
result = grade("numeric", {"value": 8}, "८")               # GradeResult(score=1.0, …)
get_type("numeric").public_spec(spec)                      # what the learner may see
"""

from quizapp.core.grading.base import (
    GradeResult,
    Localized,
    PartResult,
    QuestionType,
    SpecError,
)
from quizapp.core.grading.forms import FormValueError
from quizapp.core.grading.registry import (
    QUESTION_TYPES,
    SKILLS,
    UnknownQuestionType,
    answer_from_form,
    get_type,
    grade,
    validate_spec,
)

__all__ = [
    "QUESTION_TYPES",
    "SKILLS",
    "FormValueError",
    "GradeResult",
    "Localized",
    "PartResult",
    "QuestionType",
    "SpecError",
    "UnknownQuestionType",
    "answer_from_form",
    "get_type",
    "grade",
    "validate_spec",
]
