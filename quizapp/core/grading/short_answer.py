"""A typed word or phrase: ``{"accept": {"hi"?: [str], "en"?: [str]}, "near_miss_credit"?,
"tolerant"?}``.

Answer: a string (at most 5,000 characters). It is compared with every accepted answer,
Hindi and English alike, by ``quizapp.core.text.match_answer`` (Devanagari-aware keys,
Latin-typed Hindi, one-letter slips as near misses). An exact match scores 1; a near miss
scores ``near_miss_credit`` (default 0) with "Almost — check the spelling."; anything else 0.

Unless the spec says ``"tolerant": false``, an answer that is not an exact match is then judged
as a teacher would (``quizapp.core.grading.tolerance``): the right answer written naturally —
with a postposition or preposition (``रिक्जेविक में``, ``in Reykjavik``), an article, a few
function words (``it was held in Reykjavik``), a number in words or with its noun (``तीन``,
``three``, ``3 ministers`` for accepted ``3``) — counts as exact (or near, for a slip inside
it). The same answer with a negation (``not Reykjavik``), a second answer (``Reykjavik or
Moscow``, ``3 or 4``) or other content words around it scores 0, and the feedback says why.
With ``"tolerant": false`` only the whole-answer comparison applies.
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
    json_type,
    read_text_answer,
    typed_score,
)
from quizapp.core.grading.tolerance import judge
from quizapp.core.text import TextMatch, match_answer

#: Said when an answer holds an accepted answer beside another one (tolerance.py, rule 4).
COMPETING = Localized(
    en="Give one answer; yours names more than one.",
    hi="एक ही उत्तर दें; आपके उत्तर में एक से ज़्यादा उत्तर हैं।",
)
#: Said when an answer holds an accepted answer among other content words (rule 5).
EXTRA_WORDS = Localized(
    en="Give just the answer; yours says more than the question asks.",
    hi="केवल उत्तर लिखें; आपके उत्तर में पूछी गई बात के अलावा और बातें भी हैं।",
)


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


def negation_note(word: str) -> Localized:
    """Said when an answer holds an accepted answer but turns it around (rule 3)."""
    return Localized(
        en=f"Your answer adds '{word}', which changes its meaning.",
        hi=f"आपके उत्तर में '{word}' जुड़ा है, जिससे उसका अर्थ बदल जाता है।",
    )


def is_tolerant(spec: Mapping[str, Any]) -> bool:
    """Whether natural phrasing around an answer is judged (default) or only whole answers."""
    return spec.get("tolerant", True) is not False


class ShortAnswer:
    """A short typed answer matched against a list of accepted ones."""

    name = "short_answer"
    #: Its quiz form's fields as an answer (forms.py).
    answer_from_form = staticmethod(forms.text)
    #: The texts of its key that name words (key_texts.py, for My words).
    key_texts = staticmethod(keys.accepted)
    english_key = staticmethod(keys.accepted_english)

    def validate_spec(self, spec: Mapping[str, Any]) -> list[SpecError]:
        """At least one accepted answer, none empty; near-miss credit 0..1; tolerant a bool."""
        errors: list[SpecError] = []
        if not check_object(spec, "", errors):
            return errors
        check_fields(
            spec,
            "",
            errors,
            required=("accept",),
            optional=("near_miss_credit", "tolerant"),
            tolerate_common=True,
        )
        check_unit_interval(spec, "near_miss_credit", errors)
        if "tolerant" in spec and not isinstance(spec["tolerant"], bool):
            errors.append(
                SpecError("tolerant", f"Expected true or false, got {json_type(spec['tolerant'])}.")
            )
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
        """Exact 1, near miss ``near_miss_credit``, otherwise 0; tolerant unless switched off."""
        given = read_text_answer(answer)
        if isinstance(given, GradeResult):
            return given
        if not given.strip():
            return GradeResult(score=0.0, correct=False, feedback=NO_ANSWER)
        answers = accepted_answers(spec)
        match = match_answer(given, answers)
        wrong_because = None
        if match.kind != "exact" and is_tolerant(spec):
            verdict = judge(given, answers)
            if verdict.kind == "exact" or (verdict.kind == "near" and match.kind == "none"):
                match = TextMatch(verdict.kind, verdict.accepted, verdict.via_latin)
            elif verdict.reason == "negation" and verdict.word:
                wrong_because = negation_note(verdict.word)
            elif verdict.reason == "competing":
                wrong_because = COMPETING
            elif verdict.reason == "extra":
                wrong_because = EXTRA_WORDS
        score = typed_score(match.kind, float(spec.get("near_miss_credit", 0)))
        if match.kind == "exact":
            note = latin_note(match.accepted) if match.via_latin and match.accepted else None
            feedback = joined(CORRECT, note)
        elif match.kind == "near":
            feedback = NEAR_MISS
        else:
            feedback = joined(INCORRECT, wrong_because)
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
