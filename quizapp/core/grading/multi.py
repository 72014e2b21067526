"""Multiple choice with several right options: ``{"options": [{hi?, en?, correct, feedback?,
weight?}], "fixed_order"?: bool}``.

Answer: a list of distinct option indices in canonical order, whatever order the attempt shows
the options in (shuffled unless ``fixed_order``; each shown option carries its ``index``).
Each chosen option's teacher feedback follows the verdict. Two rules for partial credit:

- Without weights (quizapp's rule): ``(right picks − wrong picks) / number of correct
  options``, floored at 0, so every wrong box ticked cancels a right one; the answer is correct
  only when it is exactly the set of correct options.
- With a weight on every correct option (Moodle's rule, as GIFT ``~%50%a ~%50%b ~%-50%c``
  writes it): the chosen options' weights added up, over the correct options' weights (100
  in any question Moodle accepts), clamped to 0..1; an option without a weight counts 0. The
  answer is correct when it earns full credit — ticking an extra option of weight 0 costs
  nothing, as in Moodle.

quizapp's rule is Moodle's with weights +100/k on the k correct options and −100/k on the
others, which is how a GIFT export writes a multi without weights (``options.py``).
"""

from collections.abc import Mapping
from typing import Any

from quizapp.core.grading import forms
from quizapp.core.grading import key_texts as keys
from quizapp.core.grading.base import N_, GradeResult, Localized, SpecError
from quizapp.core.grading.common import (
    CORRECT,
    INCORRECT,
    PARTLY,
    check_fields,
    check_object,
    is_index,
    is_list,
    joined,
    malformed,
)
from quizapp.core.grading.options import (
    OPTIONAL_FIELDS,
    check_fixed_order,
    check_multi_weights,
    check_options,
    correct_flags,
    multi_weights,
    option_parts,
    option_text,
)

#: Weights written to a few decimals (33.33333 three times) still add up to full credit.
FULL_CREDIT_SLACK = 1e-6

NOTHING_CHOSEN = Localized(en="No option chosen.", hi="कोई विकल्प नहीं चुना गया।")


class MultipleResponse:
    """Any number of correct options, at least one."""

    name = "multi"
    #: Its quiz form's fields as an answer (forms.py).
    answer_from_form = staticmethod(forms.indices)
    #: The texts of its key that name words (key_texts.py, for My words).
    key_texts = staticmethod(keys.options)
    english_key = staticmethod(keys.options_english)
    #: Options shown in a shuffled order, each with its canonical ``index``, unless the spec
    #: says ``fixed_order`` (quizapp.core.presentation); answers name canonical indices.
    shuffle_options = True

    def validate_spec(self, spec: Mapping[str, Any]) -> list[SpecError]:
        """Every problem with the options; at least one must be correct."""
        errors: list[SpecError] = []
        if not check_object(spec, "", errors):
            return errors
        check_fields(
            spec, "", errors, required=("options",), optional=OPTIONAL_FIELDS, tolerate_common=True
        )
        check_fixed_order(spec, errors)
        flags = check_options(spec, errors)
        check_multi_weights(spec, errors)
        if flags is not None and not any(flags):
            errors.append(SpecError("options", N_("Mark at least one option correct.")))
        return errors

    def grade(self, spec: Mapping[str, Any], answer: Any) -> GradeResult:
        """Partial credit: the chosen options' weights if every correct option has one, else
        right picks minus wrong picks over the number of correct options."""
        options = spec["options"]
        size = len(options)
        if (
            not is_list(answer)
            or len(answer) > size
            or not all(is_index(choice, size) for choice in answer)
            or len(set(answer)) != len(answer)
        ):
            return malformed(
                f"Expected a list of different option numbers from 0 to {size - 1}.",
                f"अलग-अलग विकल्प संख्याओं (0 से {size - 1} तक) की सूची अपेक्षित थी।",
            )
        chosen = set(answer)
        flags = correct_flags(spec)
        total = sum(flags)
        right = sum(1 for i in chosen if flags[i])
        wrong = len(chosen) - right
        weights = multi_weights(options)
        full = sum(weight for weight in weights if weight > 0) if weights is not None else 0
        if weights is not None and full > 0:
            earned = sum(weights[i] for i in chosen) / full
            score = 1.0 if earned > 1 - FULL_CREDIT_SLACK else max(0.0, earned)
            correct = score == 1
        else:
            score = max(0.0, (right - wrong) / total)
            correct = right == total and wrong == 0
        parts = option_parts(options, chosen)
        if correct:
            verdict = CORRECT
        elif not chosen:
            verdict = NOTHING_CHOSEN
        else:
            verdict = Localized(
                en=f"Correct options chosen: {right} of {total}. Wrong options chosen: {wrong}.",
                hi=f"चुने गए सही विकल्प: {total} में से {right}। चुने गए ग़लत विकल्प: {wrong}।",
            )
            verdict = joined(PARTLY if score > 0 else INCORRECT, verdict)
        option_feedback = [parts[i].feedback for i in sorted(chosen)]
        return GradeResult(
            score=score,
            correct=correct,
            feedback=joined(verdict, *option_feedback),
            parts=parts,
        )

    def public_spec(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """The options' text only: no correct flag, weight or feedback."""
        return {"options": [option_text(option) for option in spec["options"]]}

    def correct_answer(self, spec: Mapping[str, Any]) -> list[int]:
        """The indices of all correct options, ascending."""
        return [i for i, flag in enumerate(correct_flags(spec)) if flag]
