"""A typed word or phrase: ``{"accept": {"hi"?: [str], "en"?: [str]}, "near_miss_credit"?}``.

Answer: a string (at most 5,000 characters). It is compared with every accepted answer,
Hindi and English alike, by ``quizapp.core.text.match_answer`` (Devanagari-aware keys,
Latin-typed Hindi, one-letter slips as near misses). An exact match scores 1; a near miss
scores ``near_miss_credit`` (default 0) with "Almost — check the spelling."; anything else 0.
"""

from collections.abc import Mapping
from typing import Any

from quizapp.core.grading import forms
from quizapp.core.grading import key_texts as keys
from quizapp.core.grading.base import GradeResult, Localized, SpecError
from quizapp.core.grading.common import (
    CORRECT,
    INCORRECT,
    LANGUAGES,
    NEAR_MISS,
    NO_ANSWER,
    at,
    check_accepted_list,
    check_fields,
    check_object,
    check_unit_interval,
    joined,
    read_text_answer,
    typed_score,
)
from quizapp.core.text import match_answer


def accepted_answers(spec: Mapping[str, Any]) -> list[str]:
    """Every accepted answer of a valid spec, Hindi first."""
    accept = spec["accept"]
    return [*accept.get("hi", ()), *accept.get("en", ())]


def latin_note(accepted: str) -> Localized:
    """Told to a learner whose Latin-typed Hindi was accepted: how it is written."""
    return Localized(
        en=f"In Devanagari it is written {accepted}.",
        hi=f"देवनागरी में यह {accepted} लिखा जाता है।",
    )


class ShortAnswer:
    """A short typed answer matched against a list of accepted ones."""

    name = "short_answer"
    #: Its quiz form's fields as an answer (forms.py).
    answer_from_form = staticmethod(forms.text)
    #: The texts of its key that name words (key_texts.py, for My words).
    key_texts = staticmethod(keys.accepted)
    english_key = staticmethod(keys.accepted_english)

    def validate_spec(self, spec: Mapping[str, Any]) -> list[SpecError]:
        """At least one accepted answer, none empty; near-miss credit from 0 to 1."""
        errors: list[SpecError] = []
        if not check_object(spec, "", errors):
            return errors
        check_fields(
            spec,
            "",
            errors,
            required=("accept",),
            optional=("near_miss_credit",),
            tolerate_common=True,
        )
        check_unit_interval(spec, "near_miss_credit", errors)
        accept = spec.get("accept")
        if "accept" not in spec or not check_object(accept, "accept", errors):
            return errors
        check_fields(accept, "accept", errors, optional=LANGUAGES)
        for lang in LANGUAGES:
            if lang in accept:
                check_accepted_list(accept[lang], at("accept", lang), errors)
        listed = sum(len(accept[lang]) for lang in LANGUAGES if isinstance(accept.get(lang), list))
        if not listed:
            errors.append(SpecError("accept", "Give at least one accepted answer (hi or en)."))
        return errors

    def grade(self, spec: Mapping[str, Any], answer: Any) -> GradeResult:
        """Exact 1, near miss ``near_miss_credit``, otherwise 0."""
        given = read_text_answer(answer)
        if isinstance(given, GradeResult):
            return given
        if not given.strip():
            return GradeResult(score=0.0, correct=False, feedback=NO_ANSWER)
        match = match_answer(given, accepted_answers(spec))
        score = typed_score(match.kind, float(spec.get("near_miss_credit", 0)))
        if match.kind == "exact":
            note = latin_note(match.accepted) if match.via_latin and match.accepted else None
            feedback = joined(CORRECT, note)
        elif match.kind == "near":
            feedback = NEAR_MISS
        else:
            feedback = INCORRECT
        return GradeResult(
            score=score,
            correct=match.kind == "exact",
            feedback=feedback,
            near_miss=match.kind == "near",
        )

    def public_spec(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """Nothing at all: every accepted answer is the key."""
        return {}

    def correct_answer(self, spec: Mapping[str, Any]) -> str:
        """The first accepted answer, Hindi first."""
        return accepted_answers(spec)[0]
