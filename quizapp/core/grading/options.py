"""Option lists shared by ``mcq`` and ``multi``: checking them, hiding the key, option parts.

An option is ``{"hi"?, "en"?, "correct"?, "feedback"?, "weight"?}``: text in at least one
language, ``correct`` (false when left out), the teacher's feedback shown when the option is
chosen (GIFT ``#feedback``), and a GIFT weight in percent kept for round trips — scoring uses
the type's own rule, not the weight.

Learners see the options shuffled per attempt (``quizapp.core.presentation``), since teachers
tend to write the right one first; ``"fixed_order": true`` on the question keeps the order
written, for lists where it matters ("all of the above", "none of these", a scale).
"""

from collections.abc import Mapping, Sequence
from typing import Any

from quizapp.core.grading.base import PartResult, SpecError
from quizapp.core.grading.common import (
    LANGUAGES,
    as_finite_float,
    at,
    check_duplicates,
    check_localized,
    check_object,
    check_text,
    is_list,
    localized,
)

OPTION_FIELDS = ("hi", "en", "correct", "feedback", "weight")
#: The spec fields of mcq and multi besides ``options``.
OPTIONAL_FIELDS = ("fixed_order",)


def check_options(spec: Mapping[str, Any], errors: list[SpecError]) -> list[bool] | None:
    """Record every problem with ``spec["options"]``; the correct flags if it is a list."""
    if "options" not in spec:
        return None
    options = spec["options"]
    if not is_list(options):
        errors.append(SpecError("options", "Expected a list of options."))
        return None
    if len(options) < 2:
        errors.append(SpecError("options", "Give at least two options."))
    flags = [_check_option(option, at("options", i), errors) for i, option in enumerate(options)]
    check_duplicates([option_text(option) for option in options], "options", errors, what="text")
    return flags


def check_fixed_order(spec: Mapping[str, Any], errors: list[SpecError]) -> None:
    """Record an error unless ``fixed_order``, when given, is true or false."""
    if "fixed_order" in spec and not isinstance(spec["fixed_order"], bool):
        errors.append(SpecError("fixed_order", "Expected true or false."))


def _check_option(option: Any, path: str, errors: list[SpecError]) -> bool:
    """Record the problems of one option; whether it is marked correct."""
    if not check_object(option, path, errors):
        return False
    for name in option:
        if name not in OPTION_FIELDS:
            expected = ", ".join(OPTION_FIELDS)
            errors.append(SpecError(at(path, str(name)), f"Unknown field; expected {expected}."))
    languages = [lang for lang in LANGUAGES if lang in option]
    for lang in languages:
        check_text(option[lang], at(path, lang), errors)
    if not languages:
        errors.append(
            SpecError(path, "Give the option's text in Hindi (hi), English (en) or both.")
        )
    correct = option.get("correct", False)
    if not isinstance(correct, bool):
        errors.append(SpecError(at(path, "correct"), "Expected true or false."))
        correct = False
    if "feedback" in option:
        check_localized(option["feedback"], at(path, "feedback"), errors)
    if "weight" in option:
        weight = as_finite_float(option["weight"])
        if weight is None or not -100 <= weight <= 100:
            errors.append(SpecError(at(path, "weight"), "Expected a percentage from -100 to 100."))
    return correct


def option_text(option: Any) -> dict[str, Any]:
    """Only the text of an option: what a learner may see."""
    if not isinstance(option, Mapping):
        return {}
    return {lang: option[lang] for lang in LANGUAGES if lang in option}


def correct_flags(spec: Mapping[str, Any]) -> list[bool]:
    """Which options of a valid spec are correct."""
    return [option.get("correct") is True for option in spec["options"]]


def option_parts(options: Sequence[Mapping[str, Any]], chosen: set[int]) -> tuple[PartResult, ...]:
    """One part per option: whether the learner's choice on it was right, with its feedback."""
    parts = []
    for index, option in enumerate(options):
        picked = index in chosen
        right = option.get("correct") is True
        parts.append(
            PartResult(
                index=index,
                correct=picked == right,
                score=1.0 if picked == right else 0.0,
                given=picked,
                expected=right,
                feedback=localized(option.get("feedback")) if picked else None,
            )
        )
    return tuple(parts)
