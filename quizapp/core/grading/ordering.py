"""Put items in order: ``{"items": [label, …]}`` listed in the right order (>= 2, all different).

Answer: the canonical item indices in the order the learner put them — a permutation of
``0 .. n-1``. The right order is ``[0, 1, …, n-1]``.

Score: Kendall's tau between the learner's order and the right one, floored at 0::

    score = max(0, 1 − 2·D / T)     D = pairs of items in the wrong relative order
                                    T = n·(n − 1) / 2, all pairs

1 only for the exact order; 0 for the reverse order and for anything no better than a random
shuffle (whose expected tau is 0), so guessing earns little. ``1 − D / T`` was rejected because
a random order would earn 0.5 on average. One neighbouring swap costs 2/T: 3 items → 0.33,
4 → 0.67, 5 → 0.8, 6 → 0.87. The price of chance correction: one item carried from one end to
the other breaks n − 1 pairs (4 items → 0, 6 items → 0.33).

The public spec lists the items in canonical order, i.e. the answer: the quiz UI shuffles them
with the attempt's seed before showing them and sends back canonical indices.
"""

from collections.abc import Mapping
from typing import Any

from quizapp.core.grading import forms
from quizapp.core.grading.base import N_, GradeResult, Localized, Message, PartResult, SpecError
from quizapp.core.grading.common import (
    CORRECT,
    INCORRECT,
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
    malformed,
)


def discordant_pairs(order: list[int]) -> int:
    """How many pairs of items stand in the wrong relative order (O(n²); n is small)."""
    return sum(1 for i, earlier in enumerate(order) for later in order[i + 1 :] if earlier > later)


def order_score(order: list[int]) -> float:
    """Kendall's tau of ``order`` against ``0 .. n-1``, floored at 0."""
    total = len(order) * (len(order) - 1) / 2
    return max(0.0, 1 - 2 * discordant_pairs(order) / total)


class Ordering:
    """Events (or steps, or sentences) to put in order."""

    name = "ordering"
    #: Its quiz form's fields as an answer (forms.py).
    answer_from_form = staticmethod(forms.order)
    #: What the results page calls its key ("Correct answer" would not fit).
    key_label = N_("The right order")
    #: Its Save button stays with JavaScript on (the shown order is an answer too).
    save_label = N_("Save this order")
    #: Shown to learners in a shuffled order (quizapp.core.presentation); answers index
    #: into that order and are mapped back before grading.
    shuffle_field = "items"

    def validate_spec(self, spec: Mapping[str, Any]) -> list[SpecError]:
        """At least two items, each a label, no two alike."""
        errors: list[SpecError] = []
        if not check_object(spec, "", errors):
            return errors
        check_fields(spec, "", errors, required=("items",), tolerate_common=True)
        if "items" not in spec:
            return errors
        items = spec["items"]
        if not is_list(items):
            errors.append(
                SpecError(
                    "items",
                    Message(N_("Expected a list of items, got %(type)s."), type=json_type(items)),
                )
            )
            return errors
        if len(items) < 2:
            errors.append(SpecError("items", N_("Give at least two items.")))
        for index, item in enumerate(items):
            check_label(item, at("items", index), errors)
        check_duplicates(items, "items", errors, what=N_("text"))
        return errors

    def grade(self, spec: Mapping[str, Any], answer: Any) -> GradeResult:
        """Kendall's tau floored at 0; see the module docstring."""
        size = len(spec["items"])
        if (
            not is_list(answer)
            or len(answer) != size
            or not all(is_index(item, size) for item in answer)
            or len(set(answer)) != size
        ):
            return malformed(
                f"Expected the item numbers 0 to {size - 1}, each once, in your order.",
                f"0 से {size - 1} तक की क्रम-संख्याएँ अपेक्षित थीं, हर एक एक बार, आपके क्रम में।",
            )
        order = list(answer)
        parts = tuple(
            PartResult(
                index=position,
                correct=item == position,
                score=1.0 if item == position else 0.0,
                given=item,
                expected=position,
            )
            for position, item in enumerate(order)
        )
        score = order_score(order)
        correct = order == list(range(size))
        if correct:
            feedback = CORRECT
        else:
            total = size * (size - 1) // 2
            in_order = total - discordant_pairs(order)
            placed = sum(part.correct for part in parts)
            tally = Localized(
                en=f"Items in the right place: {placed} of {size}. "
                f"Pairs in the right order: {in_order} of {total}.",
                hi=f"सही स्थान पर: {size} में से {placed}। सही क्रम वाले जोड़े: {total} में से {in_order}।",
            )
            feedback = joined(PARTLY if score > 0 else INCORRECT, tally)
        return GradeResult(score=score, correct=correct, feedback=feedback, parts=parts)

    def public_spec(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """The items in canonical order; the UI must shuffle them before showing them."""
        return {"items": list(spec["items"])}

    def correct_answer(self, spec: Mapping[str, Any]) -> list[int]:
        """The canonical order: 0, 1, 2, …"""
        return list(range(len(spec["items"])))
