"""Multiple choice with one right option: ``{"options": [{hi?, en?, correct, feedback?,
weight?}], "fixed_order"?: bool}``.

Answer: the chosen option's index in canonical order, whatever order the attempt shows the
options in (shuffled unless ``fixed_order``; each shown option carries its ``index``). Score 1
for the correct option; a wrong option scores its weight as a fraction (GIFT ``~%50%`` → 0.5,
"partly right"; a negative weight scores 0), else 0. The chosen option's teacher feedback
follows the verdict.
"""

from collections.abc import Mapping
from typing import Any

from quizapp.core.grading import forms
from quizapp.core.grading import key_texts as keys
from quizapp.core.grading.base import N_, GradeResult, Message, SpecError
from quizapp.core.grading.common import (
    check_fields,
    check_object,
    is_index,
    joined,
    json_type,
    malformed,
    verdict,
)
from quizapp.core.grading.options import (
    OPTIONAL_FIELDS,
    check_fixed_order,
    check_mcq_weights,
    check_options,
    correct_flags,
    mcq_credit,
    option_parts,
    option_text,
)


class MultipleChoice:
    """One correct option among several."""

    name = "mcq"
    #: Its quiz form's fields as an answer (forms.py).
    answer_from_form = staticmethod(forms.index)
    #: The texts of its key that name words (key_texts.py, for My words).
    key_texts = staticmethod(keys.options)
    english_key = staticmethod(keys.options_english)
    #: Options shown in a shuffled order, each with its canonical ``index``, unless the spec
    #: says ``fixed_order`` (quizapp.core.presentation); answers name canonical indices.
    shuffle_options = True

    def validate_spec(self, spec: Mapping[str, Any]) -> list[SpecError]:
        """Every problem with the options; exactly one must be correct."""
        errors: list[SpecError] = []
        if not check_object(spec, "", errors):
            return errors
        check_fields(
            spec, "", errors, required=("options",), optional=OPTIONAL_FIELDS, tolerate_common=True
        )
        check_fixed_order(spec, errors)
        flags = check_options(spec, errors)
        check_mcq_weights(spec, errors)
        if flags is not None:
            right = [i for i, flag in enumerate(flags) if flag]
            if not right:
                errors.append(SpecError("options", N_("Mark exactly one option correct; none is.")))
            elif len(right) > 1:
                listed = ", ".join(str(i) for i in right)
                errors.append(
                    SpecError(
                        "options",
                        Message(
                            N_("Mark exactly one option correct; %(listed)s are."), listed=listed
                        ),
                    )
                )
        return errors

    def grade(self, spec: Mapping[str, Any], answer: Any) -> GradeResult:
        """1 for the correct option; a wrong one its weight (0..1), or 0 without one."""
        options = spec["options"]
        if not is_index(answer, len(options)):
            last = len(options) - 1
            return malformed(
                f"Expected the number of one option, from 0 to {last}; got {json_type(answer)}.",
                f"एक विकल्प की संख्या (0 से {last} तक) अपेक्षित थी।",
            )
        parts = option_parts(options, {answer})
        score = mcq_credit(options[answer])
        return GradeResult(
            score=score,
            correct=score == 1,
            feedback=joined(verdict(score), parts[answer].feedback),
            parts=parts,
        )

    def public_spec(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """The options' text only: no correct flag, weight or feedback."""
        return {"options": [option_text(option) for option in spec["options"]]}

    def correct_answer(self, spec: Mapping[str, Any]) -> int:
        """The index of the correct option."""
        return correct_flags(spec).index(True)
