"""A number: ``{"value": number, "tolerance"?: number >= 0, "unit"?: {hi?, en?}}``, or several
answers with their own credit and feedback: ``{"answers": [{"value": number, "tolerance"?:
number >= 0, "credit"?: 0..1, "feedback"?: {hi?, en?}}, ...], "unit"?}`` (GIFT ``{#=1822:0
=%50%1822:2}``). Either ``value`` or ``answers``, not both; among the answers at least one has
full credit (``credit`` left out is 1).

Answer: a JSON number or a numeric string — ASCII or Devanagari digits, with separators, as
``quizapp.core.text.parse_number`` reads them (``"८"``, ``"1,000"``), or a number in words
(``"आठ"``, ``"eight"``, ``tolerance.number_value``), either followed by the question's unit
(``"8 companies"``). Booleans are not numbers.
An answer within ``|answer − value| <= tolerance`` (default 0, i.e. exact) of a value scores its
credit (1 for ``value`` alone), else 0; where several answers' ranges hold it, the best credit
counts and its feedback follows the verdict (Moodle takes the first listed, which a teacher
lists best first anyway). A relative slack of 1e-9 absorbs binary floating-point error
(``0.1 + 0.2`` still equals ``0.3``).
"""

import math
from collections.abc import Mapping
from typing import Any

from quizapp.core.grading import forms
from quizapp.core.grading.base import N_, GradeResult, SpecError
from quizapp.core.grading.common import (
    CORRECT,
    INCORRECT,
    MAX_ANSWER_CHARS,
    NO_ANSWER,
    TOO_LONG,
    as_finite_float,
    at,
    check_credit,
    check_fields,
    check_localized,
    check_object,
    is_list,
    joined,
    json_type,
    localized,
    malformed,
    verdict,
)
from quizapp.core.grading.tolerance import number_value
from quizapp.core.text import answer_key, parse_number

RELATIVE_SLACK = 1e-9
#: The fields of one of several answers.
ANSWER_FIELDS = ("value", "tolerance", "credit", "feedback")


def numeric_answers(spec: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """A valid spec's answers, ``value``/``tolerance`` alone being one answer of full credit."""
    return spec.get("answers", [spec])


class Numeric:
    """A number, exact or within a tolerance; several with their own credit if the spec says."""

    name = "numeric"
    #: Its quiz form's fields as an answer (forms.py).
    answer_from_form = staticmethod(forms.text)

    def validate_spec(self, spec: Mapping[str, Any]) -> list[SpecError]:
        """A finite value and a tolerance >= 0, alone or per answer; credits 0..1, one full."""
        errors: list[SpecError] = []
        if not check_object(spec, "", errors):
            return errors
        several = "answers" in spec
        check_fields(
            spec,
            "",
            errors,
            required=() if several else ("value",),
            optional=("value", "tolerance", "answers", "unit"),
            tolerate_common=True,
        )
        if several:
            errors.extend(
                SpecError(
                    name,
                    N_("Give value and tolerance (one answer) or answers (several), not both."),
                )
                for name in ("value", "tolerance")
                if name in spec
            )
            _check_answers(spec["answers"], errors)
        else:
            _check_value(spec, "", errors)
        if "unit" in spec:
            check_localized(spec["unit"], "unit", errors)
        return errors

    def grade(self, spec: Mapping[str, Any], answer: Any) -> GradeResult:
        """1 within the tolerance of the value; with several answers, the best credit among
        those whose range holds it, with its feedback."""
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
        if "answers" not in spec:
            right = _within(given, spec)
            return GradeResult(
                score=1.0 if right else 0.0,
                correct=right,
                feedback=CORRECT if right else INCORRECT,
            )
        best = None
        for candidate in spec["answers"]:
            if _within(given, candidate) and (best is None or _credit(candidate) > _credit(best)):
                best = candidate
        score = _credit(best) if best is not None else 0.0
        said = localized(best.get("feedback")) if best is not None else None
        return GradeResult(score=score, correct=score == 1, feedback=joined(verdict(score), said))

    def public_spec(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """Only the unit, if the question has one."""
        return {"unit": dict(spec["unit"])} if "unit" in spec else {}

    def correct_answer(self, spec: Mapping[str, Any]) -> int | float:
        """The value itself, or the first answer with full credit."""
        return next(a["value"] for a in numeric_answers(spec) if _credit(a) == 1)


def _within(given: float, answer: Mapping[str, Any]) -> bool:
    """True when ``given`` is within the answer's tolerance of its value."""
    value = float(answer["value"])
    slack = RELATIVE_SLACK * max(1.0, abs(value))
    return abs(given - value) <= float(answer.get("tolerance", 0)) + slack


def _credit(answer: Mapping[str, Any]) -> float:
    return float(answer.get("credit", 1))


def _check_value(answer: Mapping[str, Any], path: str, errors: list[SpecError]) -> None:
    """Record problems of a value (finite) and its tolerance (finite, >= 0)."""
    if "value" in answer and as_finite_float(answer["value"]) is None:
        errors.append(SpecError(at(path, "value"), N_("Expected a finite number.")))
    if "tolerance" in answer:
        tolerance = as_finite_float(answer["tolerance"])
        if tolerance is None or tolerance < 0:
            errors.append(SpecError(at(path, "tolerance"), N_("Expected a number of 0 or more.")))


def _check_answers(answers: Any, errors: list[SpecError]) -> None:
    """Record problems of the answers list: objects, one at least with full credit."""
    if not is_list(answers) or not answers:
        errors.append(
            SpecError("answers", N_("Expected a list of answers {value, tolerance?, credit?, …}."))
        )
        return
    credits = []
    for index, answer in enumerate(answers):
        path = at("answers", index)
        if not check_object(answer, path, errors):
            continue
        before = len(errors)
        check_fields(answer, path, errors, required=("value",), optional=ANSWER_FIELDS[1:])
        _check_value(answer, path, errors)
        if "credit" in answer:
            check_credit(answer["credit"], at(path, "credit"), errors)
        if "feedback" in answer:
            check_localized(answer["feedback"], at(path, "feedback"), errors)
        if len(errors) == before:
            credits.append(_credit(answer))
    if len(credits) == len(answers) and 1 not in credits:
        errors.append(
            SpecError(
                "answers", N_("Give at least one answer with full credit (credit 1 or none).")
            )
        )


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
