"""A number: ``{"value": number, "tolerance"?: number >= 0, "unit"?: {hi?, en?}}``.

Answer: a JSON number or a numeric string — ASCII or Devanagari digits, with separators, as
``quizapp.core.text.parse_number`` reads them (``"८"``, ``"1,000"``), or a number in words
(``"आठ"``, ``"eight"``, ``tolerance.number_value``), either followed by the question's unit
(``"8 companies"``). Booleans are not numbers.
Score 1 when ``|answer − value| <= tolerance`` (default 0, i.e. exact), else 0; a relative
slack of 1e-9 absorbs binary floating-point error (``0.1 + 0.2`` still equals ``0.3``).
"""

import math
from collections.abc import Mapping
from typing import Any

from quizapp.core.grading import forms
from quizapp.core.grading.base import GradeResult, SpecError
from quizapp.core.grading.common import (
    CORRECT,
    INCORRECT,
    MAX_ANSWER_CHARS,
    NO_ANSWER,
    TOO_LONG,
    as_finite_float,
    check_fields,
    check_localized,
    check_object,
    json_type,
    malformed,
)
from quizapp.core.grading.tolerance import number_value
from quizapp.core.text import answer_key, parse_number

RELATIVE_SLACK = 1e-9


class Numeric:
    """A number, exact or within a tolerance."""

    name = "numeric"
    #: Its quiz form's fields as an answer (forms.py).
    answer_from_form = staticmethod(forms.text)

    def validate_spec(self, spec: Mapping[str, Any]) -> list[SpecError]:
        """The value must be a finite number; the tolerance a finite number >= 0."""
        errors: list[SpecError] = []
        if not check_object(spec, "", errors):
            return errors
        check_fields(
            spec,
            "",
            errors,
            required=("value",),
            optional=("tolerance", "unit"),
            tolerate_common=True,
        )
        if "value" in spec and as_finite_float(spec["value"]) is None:
            errors.append(SpecError("value", "Expected a finite number."))
        if "tolerance" in spec:
            tolerance = as_finite_float(spec["tolerance"])
            if tolerance is None or tolerance < 0:
                errors.append(SpecError("tolerance", "Expected a number of 0 or more."))
        if "unit" in spec:
            check_localized(spec["unit"], "unit", errors)
        return errors

    def grade(self, spec: Mapping[str, Any], answer: Any) -> GradeResult:
        """1 when the answer is within the tolerance of the value."""
        if isinstance(answer, str):
            if len(answer) > MAX_ANSWER_CHARS:
                return GradeResult(score=0.0, correct=False, feedback=TOO_LONG, error=TOO_LONG)
            if not answer.strip():
                return GradeResult(score=0.0, correct=False, feedback=NO_ANSWER)
            given = _read_number(answer, spec.get("unit"))
            if given is not None and not math.isfinite(given):
                given = None
        else:
            given = as_finite_float(answer)
        if given is None:
            return malformed(
                f"Expected a number, such as 8 or ८; got {json_type(answer)}.",
                "एक संख्या अपेक्षित थी, जैसे 8 या ८।",
            )
        value = float(spec["value"])
        tolerance = float(spec.get("tolerance", 0))
        slack = RELATIVE_SLACK * max(1.0, abs(value))
        right = abs(given - value) <= tolerance + slack
        return GradeResult(
            score=1.0 if right else 0.0,
            correct=right,
            feedback=CORRECT if right else INCORRECT,
        )

    def public_spec(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """Only the unit, if the question has one."""
        return {"unit": dict(spec["unit"])} if "unit" in spec else {}

    def correct_answer(self, spec: Mapping[str, Any]) -> int | float:
        """The value itself."""
        return spec["value"]


def _read_number(answer: str, unit: Mapping[str, str] | None) -> float | None:
    """The number a learner typed: digits or words (आठ, eight), with or without the question's
    unit after it ("8 companies", "आठ कंपनियाँ") — all of them what a learner means."""
    words = answer.split()
    for text in (unit or {}).values():
        size = len(text.split())
        if 0 < size < len(words) and answer_key(" ".join(words[-size:])) == answer_key(text):
            answer = " ".join(words[:-size])
            break
    given = parse_number(answer)
    return given if given is not None else number_value(answer)
