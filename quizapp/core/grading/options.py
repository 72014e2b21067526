"""Option lists shared by ``mcq`` and ``multi``: checking them, hiding the key, option parts.

An option is ``{"hi"?, "en"?, "correct"?, "feedback"?, "weight"?}``: text in at least one
language, ``correct`` (false when left out), the teacher's feedback shown when the option is
chosen (GIFT ``#feedback``), and a weight in percent, −100..100 as in GIFT (``~%50%``).

Weights are scored as Moodle scores them. In an mcq a wrong option's weight is the credit for
choosing it (``~%50%`` a half-right option earns 0.5; a negative one earns 0, since a question
never scores below 0) and the correct option always earns 1. In a multi with a weight on every
correct option (as every GIFT multi has), the chosen options' weights are added up over the
correct options' (100 in any question Moodle accepts) and clamped to 0..1; an option without
a weight counts 0. Without weights a multi keeps quizapp's own rule, right picks minus wrong
picks over the correct options — Moodle's rule with weights ±100/k (k correct options), which
is what a GIFT export writes for it. A multi whose correct options carry no weight ignores the
weights of its wrong options, as it always did.

Learners see the options shuffled per attempt (``quizapp.core.presentation``), since teachers
tend to write the right one first; ``"fixed_order": true`` on the question keeps the order
written, for lists where it matters ("all of the above", "none of these", a scale).
"""

from collections.abc import Mapping, Sequence
from typing import Any

from quizapp.core.grading.base import N_, Message, PartResult, SpecError
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
        errors.append(SpecError("options", N_("Expected a list of options.")))
        return None
    if len(options) < 2:
        errors.append(SpecError("options", N_("Give at least two options.")))
    flags = [_check_option(option, at("options", i), errors) for i, option in enumerate(options)]
    check_duplicates(
        [option_text(option) for option in options], "options", errors, what=N_("text")
    )
    return flags


def check_fixed_order(spec: Mapping[str, Any], errors: list[SpecError]) -> None:
    """Record an error unless ``fixed_order``, when given, is true or false."""
    if "fixed_order" in spec and not isinstance(spec["fixed_order"], bool):
        errors.append(SpecError("fixed_order", N_("Expected true or false.")))


def _check_option(option: Any, path: str, errors: list[SpecError]) -> bool:
    """Record the problems of one option; whether it is marked correct."""
    if not check_object(option, path, errors):
        return False
    for name in option:
        if name not in OPTION_FIELDS:
            expected = ", ".join(OPTION_FIELDS)
            errors.append(
                SpecError(
                    at(path, str(name)),
                    Message(N_("Unknown field; expected %(fields)s."), fields=expected),
                )
            )
    languages = [lang for lang in LANGUAGES if lang in option]
    for lang in languages:
        check_text(option[lang], at(path, lang), errors)
    if not languages:
        errors.append(
            SpecError(path, N_("Give the option's text in Hindi (hi), English (en) or both."))
        )
    correct = option.get("correct", False)
    if not isinstance(correct, bool):
        errors.append(SpecError(at(path, "correct"), N_("Expected true or false.")))
        correct = False
    if "feedback" in option:
        check_localized(option["feedback"], at(path, "feedback"), errors)
    if "weight" in option:
        weight = as_finite_float(option["weight"])
        if weight is None or not -100 <= weight <= 100:
            errors.append(
                SpecError(at(path, "weight"), N_("Expected a percentage from -100 to 100."))
            )
    return correct


def check_mcq_weights(spec: Mapping[str, Any], errors: list[SpecError]) -> None:
    """Record weights an mcq cannot mean: the correct option is worth 100%, the others less."""
    for index, option, weight in _weights(spec):
        path = at(at("options", index), "weight")
        if option.get("correct") is True and weight != 100:
            errors.append(
                SpecError(
                    path, N_("The correct option earns full credit (100%); leave its weight out.")
                )
            )
        elif option.get("correct") is not True and weight >= 100:
            errors.append(
                SpecError(
                    path,
                    N_(
                        "Only the correct option earns 100%; a partly right option has a weight "
                        "below 100 (50 for half marks)."
                    ),
                )
            )


def check_multi_weights(spec: Mapping[str, Any], errors: list[SpecError]) -> None:
    """Record weights that contradict an option's verdict: credit is for correct options only."""
    for index, option, weight in _weights(spec):
        path = at(at("options", index), "weight")
        if option.get("correct") is True and weight <= 0:
            errors.append(
                SpecError(
                    path, N_("A correct option's weight is its share of full credit: above 0.")
                )
            )
        elif option.get("correct") is not True and weight > 0:
            errors.append(
                SpecError(
                    path,
                    N_(
                        "A weight above 0 gives credit: mark this option correct, or give it a "
                        "weight of 0 or less."
                    ),
                )
            )


def _weights(spec: Mapping[str, Any]) -> list[tuple[int, Mapping[str, Any], float]]:
    """(index, option, weight) of every option with a well-formed weight."""
    options = spec.get("options")
    if not is_list(options):
        return []
    found = []
    for index, option in enumerate(options):
        if isinstance(option, Mapping) and "weight" in option:
            weight = as_finite_float(option["weight"])
            if weight is not None and -100 <= weight <= 100:
                found.append((index, option, weight))
    return found


def mcq_credit(option: Mapping[str, Any]) -> float:
    """The credit for choosing one mcq option: 1 if correct, else its weight as 0..1."""
    if option.get("correct") is True:
        return 1.0
    weight = option.get("weight")
    if weight is None:
        return 0.0
    return min(max(float(weight) / 100, 0.0), 1.0)


def multi_weights(options: Sequence[Mapping[str, Any]]) -> list[float] | None:
    """Every option's weight when each correct option has one (Moodle's rule), else None."""
    weights = []
    for option in options:
        weight = option.get("weight")
        if weight is None:
            if option.get("correct") is True:
                return None
            weights.append(0.0)
        else:
            weights.append(float(weight))
    return weights


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
