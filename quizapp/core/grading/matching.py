"""Match each left item to a right one: ``{"pairs": [{"left": label, "right": label}, …]}``.

A label is a string or ``{hi?, en?}``; at least two pairs, no two lefts alike. Rights may
repeat (two words with one meaning); a pick is right when the chosen right item reads the same
as the left item's own.

Answer: one entry per left item, in canonical order: the canonical index of the right item
chosen, or null for a left item left unmatched. Indices may repeat, but only the true pair
scores. Score: the fraction of left items matched right; correct only when all are.

The public spec lists lefts and rights in canonical order, where right ``i`` belongs to left
``i``: it is not safe to send as it is. The quiz UI shuffles the rights (and may shuffle the
lefts) with the attempt's seed and maps the learner's picks back to canonical indices.
"""

from collections.abc import Mapping
from typing import Any

from quizapp.core.grading import forms
from quizapp.core.grading import key_texts as keys
from quizapp.core.grading.base import N_, GradeResult, Localized, Message, PartResult, SpecError
from quizapp.core.grading.common import (
    CORRECT,
    INCORRECT,
    NO_ANSWER,
    PARTLY,
    at,
    check_duplicates,
    check_fields,
    check_label,
    check_object,
    is_index,
    is_list,
    joined,
    json_type,
    label_key,
    malformed,
)


class Matching:
    """Pairs to put back together, e.g. word ↔ meaning."""

    name = "matching"
    #: Its quiz form's fields as an answer (forms.py).
    answer_from_form = staticmethod(forms.picks)
    #: What the results page calls its key ("Correct answer" would not fit).
    key_label = N_("The right pairs")
    #: The texts of its key that name words (key_texts.py, for My words).
    key_texts = staticmethod(keys.pairs)
    #: Shown to learners in a shuffled order (quizapp.core.presentation); answers index
    #: into that order and are mapped back before grading.
    shuffle_field = "right"

    def validate_spec(self, spec: Mapping[str, Any]) -> list[SpecError]:
        """At least two pairs, every side a label, no duplicate lefts."""
        errors: list[SpecError] = []
        if not check_object(spec, "", errors):
            return errors
        check_fields(spec, "", errors, required=("pairs",), tolerate_common=True)
        if "pairs" not in spec:
            return errors
        pairs = spec["pairs"]
        if not is_list(pairs):
            errors.append(
                SpecError(
                    "pairs",
                    Message(N_("Expected a list of pairs, got %(type)s."), type=json_type(pairs)),
                )
            )
            return errors
        if len(pairs) < 2:
            errors.append(SpecError("pairs", N_("Give at least two pairs.")))
        for index, pair in enumerate(pairs):
            path = at("pairs", index)
            if not check_object(pair, path, errors):
                continue
            check_fields(pair, path, errors, required=("left", "right"))
            for side in ("left", "right"):
                if side in pair:
                    check_label(pair[side], at(path, side), errors)
        lefts = [pair.get("left") if isinstance(pair, Mapping) else None for pair in pairs]
        check_duplicates(lefts, "pairs", errors, what=N_("left item"), field="left")
        return errors

    def grade(self, spec: Mapping[str, Any], answer: Any) -> GradeResult:
        """The fraction of left items matched to their own right item."""
        pairs = spec["pairs"]
        size = len(pairs)
        if (
            not is_list(answer)
            or len(answer) != size
            or not all(pick is None or is_index(pick, size) for pick in answer)
        ):
            return malformed(
                f"Expected a list of {size} numbers from 0 to {size - 1} (or null), "
                "one per left-hand item.",
                f"0 से {size - 1} तक की {size} संख्याओं (या null) की सूची अपेक्षित थी, "
                "बाईं ओर की हर चीज़ के लिए एक।",
            )
        if all(pick is None for pick in answer):
            return GradeResult(score=0.0, correct=False, feedback=NO_ANSWER)
        rights = [label_key(pair["right"]) for pair in pairs]
        parts = []
        for index, pick in enumerate(answer):
            right = pick is not None and rights[pick] == rights[index]
            parts.append(
                PartResult(
                    index=index,
                    correct=right,
                    score=1.0 if right else 0.0,
                    given=pick,
                    expected=index,
                )
            )
        matched = sum(part.correct for part in parts)
        correct = matched == size
        if correct:
            feedback = CORRECT
        else:
            tally = Localized(
                en=f"Pairs right: {matched} of {size}.",
                hi=f"सही जोड़े: {size} में से {matched}।",
            )
            feedback = joined(PARTLY if matched else INCORRECT, tally)
        return GradeResult(
            score=matched / size, correct=correct, feedback=feedback, parts=tuple(parts)
        )

    def public_spec(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """Lefts and rights in canonical order; the UI must shuffle before showing them."""
        pairs = spec["pairs"]
        return {
            "left": [pair["left"] for pair in pairs],
            "right": [pair["right"] for pair in pairs],
        }

    def correct_answer(self, spec: Mapping[str, Any]) -> list[int]:
        """Every left item matched to its own right item: 0, 1, 2, …"""
        return list(range(len(spec["pairs"])))
