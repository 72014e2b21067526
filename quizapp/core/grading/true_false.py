"""True or false: ``{"answer": bool, "feedback"?: {"true": {hi?, en?}, "false": {hi?, en?}}}``.

Answer: ``true`` or ``false`` (JSON booleans only; the strings "true"/"false" are a form's
business to convert). Score 1 or 0; the teacher's feedback for the chosen answer follows.
"""

from collections.abc import Mapping
from typing import Any

from quizapp.core.grading import forms
from quizapp.core.grading.base import N_, GradeResult, SpecError
from quizapp.core.grading.common import (
    CORRECT,
    INCORRECT,
    at,
    check_fields,
    check_localized,
    check_object,
    joined,
    json_type,
    localized,
    malformed,
)

FEEDBACK_KEYS = ("true", "false")


class TrueFalse:
    """A statement the learner judges true or false."""

    name = "true_false"
    #: Its quiz form's fields as an answer (forms.py).
    answer_from_form = staticmethod(forms.boolean)

    def validate_spec(self, spec: Mapping[str, Any]) -> list[SpecError]:
        """The answer must be a boolean; feedback, if any, keyed by "true"/"false"."""
        errors: list[SpecError] = []
        if not check_object(spec, "", errors):
            return errors
        check_fields(
            spec, "", errors, required=("answer",), optional=("feedback",), tolerate_common=True
        )
        if "answer" in spec and not isinstance(spec["answer"], bool):
            errors.append(SpecError("answer", N_("Expected true or false.")))
        feedback = spec.get("feedback")
        if "feedback" in spec and check_object(feedback, "feedback", errors):
            check_fields(feedback, "feedback", errors, optional=FEEDBACK_KEYS)
            for key in FEEDBACK_KEYS:
                if key in feedback:
                    check_localized(feedback[key], at("feedback", key), errors)
        return errors

    def grade(self, spec: Mapping[str, Any], answer: Any) -> GradeResult:
        """1 when the learner's boolean is the spec's."""
        if not isinstance(answer, bool):
            return malformed(
                f"Expected true or false; got {json_type(answer)}.",
                "सत्य (true) या असत्य (false) अपेक्षित था।",
            )
        right = answer == spec["answer"]
        chosen_feedback = localized((spec.get("feedback") or {}).get(str(answer).lower()))
        return GradeResult(
            score=1.0 if right else 0.0,
            correct=right,
            feedback=joined(CORRECT if right else INCORRECT, chosen_feedback),
        )

    def public_spec(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """Nothing: the statement is the prompt, and the feedback would give the answer away."""
        return {}

    def correct_answer(self, spec: Mapping[str, Any]) -> bool:
        """The right boolean."""
        return spec["answer"]
