"""A typed word or phrase: ``{"accept": {"hi"?: [answer], "en"?: [answer]},
"near_miss_credit"?, "tolerant"?}``, where an answer is a text, or ``{"text": str, "credit"?:
0..1, "feedback"?: {hi?, en?}}`` for one with partial credit or its own feedback (GIFT
``=%75%Nazereth#Right, but misspelled.``). A text alone has full credit and no feedback; at
least one answer must have full credit.

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

Answers with a credit are matched the same way, best credit first: an exact (or tolerated)
match with any answer scores that answer's credit and shows its feedback — a teacher's listed
misspelling at 0.75 beats a near miss of the full answer; with no exact match anywhere, a near
miss scores ``near_miss_credit`` times the credit of the answer it nearly matches. An answer
of credit 0 with feedback answers a known mistake, as Moodle's ``=%0%`` does.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from quizapp.core.grading import forms
from quizapp.core.grading import key_texts as keys
from quizapp.core.grading.base import N_, GradeResult, Localized, Message, SpecError
from quizapp.core.grading.common import (
    INCORRECT,
    LANGUAGES,
    NEAR_MISS,
    NO_ANSWER,
    at,
    check_answer_text,
    check_credit,
    check_fields,
    check_localized,
    check_object,
    check_unit_interval,
    is_list,
    joined,
    json_type,
    localized,
    read_text_answer,
    typed_score,
    verdict,
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


#: The fields of an accepted answer written as an object.
ANSWER_FIELDS = ("text", "credit", "feedback")


def accepted_answers(spec: Mapping[str, Any]) -> list[str]:
    """Every accepted answer with full credit of a valid spec, Hindi first."""
    accept = spec["accept"]
    return [
        item if isinstance(item, str) else item["text"]
        for lang in LANGUAGES
        for item in accept.get(lang, ())
        if isinstance(item, str) or float(item.get("credit", 1)) == 1
    ]


def answer_groups(spec: Mapping[str, Any]) -> list[tuple[float, list[str], dict[str, Any]]]:
    """The accepted answers by credit, best first: (credit, texts, each text's feedback)."""
    groups: dict[float, tuple[list[str], dict[str, Any]]] = {}
    accept = spec["accept"]
    for lang in LANGUAGES:
        for item in accept.get(lang, ()):
            if isinstance(item, str):
                text, credit, feedback = item, 1.0, None
            else:
                text, credit = item["text"], float(item.get("credit", 1))
                feedback = item.get("feedback")
            texts, feedbacks = groups.setdefault(credit, ([], {}))
            texts.append(text)
            if feedback is not None:
                feedbacks.setdefault(text, feedback)
    return [(credit, *groups[credit]) for credit in sorted(groups, reverse=True)]


def is_plain(spec: Mapping[str, Any]) -> bool:
    """True when every accepted answer is a text alone: full credit, no feedback."""
    return all(isinstance(item, str) for texts in spec["accept"].values() for item in texts)


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
        """At least one accepted answer with full credit, none empty; credits 0..1; feedback
        {hi?, en?}; near-miss credit 0..1; tolerant a bool."""
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
                SpecError(
                    "tolerant",
                    Message(
                        N_("Expected true or false, got %(type)s."),
                        type=json_type(spec["tolerant"]),
                    ),
                )
            )
        accept = spec.get("accept")
        if "accept" not in spec or not check_object(accept, "accept", errors):
            return errors
        check_fields(accept, "accept", errors, optional=LANGUAGES)
        credits = []
        for lang in LANGUAGES:
            if lang in accept:
                credits += _check_answers(accept[lang], at("accept", lang), errors)
        listed = sum(len(accept[lang]) for lang in LANGUAGES if is_list(accept.get(lang)))
        if not listed:
            errors.append(SpecError("accept", N_("Give at least one accepted answer (hi or en).")))
        elif len(credits) == listed and 1 not in credits:
            errors.append(
                SpecError(
                    "accept",
                    N_("Give at least one answer with full credit (a text alone, or credit 1)."),
                )
            )
        return errors

    def grade(self, spec: Mapping[str, Any], answer: Any) -> GradeResult:
        """Exact 1 (or the matched answer's credit), near miss ``near_miss_credit`` (times that
        credit), otherwise 0; tolerant unless switched off."""
        given = read_text_answer(answer)
        if isinstance(given, GradeResult):
            return given
        if not given.strip():
            return GradeResult(score=0.0, correct=False, feedback=NO_ANSWER)
        tolerant = is_tolerant(spec)
        near_miss_credit = float(spec.get("near_miss_credit", 0))
        if is_plain(spec):
            match, wrong_because = _match(given, accepted_answers(spec), tolerant)
            credit, answer_feedback = 1.0, None
        else:
            match, wrong_because, credit, answer_feedback = _match_graded(
                given, answer_groups(spec), tolerant
            )
        score = typed_score(match.kind, near_miss_credit) * credit
        if match.kind == "exact":
            note = latin_note(match.accepted) if match.via_latin and match.accepted else None
            feedback = joined(verdict(score), note, answer_feedback)
        elif match.kind == "near":
            feedback = NEAR_MISS
        else:
            feedback = joined(INCORRECT, wrong_because)
        return GradeResult(
            score=score,
            correct=match.kind == "exact" and credit == 1,
            feedback=feedback,
            near_miss=match.kind == "near",
        )

    def public_spec(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """Nothing at all: every accepted answer is the key."""
        return {}

    def correct_answer(self, spec: Mapping[str, Any]) -> str:
        """The first accepted answer with full credit, Hindi first."""
        return accepted_answers(spec)[0]


def _check_answers(value: Any, path: str, errors: list[SpecError]) -> list[float]:
    """Record the problems of one language's answers; the credit of each usable one."""
    if not is_list(value):
        errors.append(
            SpecError(
                path,
                Message(N_("Expected a list of answers, got %(type)s."), type=json_type(value)),
            )
        )
        return []
    credits = []
    for index, item in enumerate(value):
        where = at(path, index)
        if isinstance(item, str):
            if check_answer_text(item, where, errors):
                credits.append(1.0)
            continue
        if not isinstance(item, Mapping):
            errors.append(
                SpecError(
                    where,
                    Message(
                        N_(
                            "Expected an answer: text, or {text, credit?, feedback?}; got %(type)s."
                        ),
                        type=json_type(item),
                    ),
                )
            )
            continue
        before = len(errors)
        check_fields(item, where, errors, required=("text",), optional=ANSWER_FIELDS[1:])
        if "text" in item:
            check_answer_text(item["text"], at(where, "text"), errors)
        if "credit" in item:
            check_credit(item["credit"], at(where, "credit"), errors)
        if "feedback" in item:
            check_localized(item["feedback"], at(where, "feedback"), errors)
        if len(errors) == before:
            credits.append(float(item.get("credit", 1)))
    return credits


def _match(
    given: str, answers: Sequence[str], tolerant: bool
) -> tuple[TextMatch, Localized | None]:
    """How ``given`` matches ``answers``, tolerance applied; why it is wrong, if it says."""
    match = match_answer(given, answers)
    wrong_because = None
    if match.kind != "exact" and tolerant:
        judged = judge(given, answers)
        if judged.kind == "exact" or (judged.kind == "near" and match.kind == "none"):
            match = TextMatch(judged.kind, judged.accepted, judged.via_latin)
        elif judged.reason == "negation" and judged.word:
            wrong_because = negation_note(judged.word)
        elif judged.reason == "competing":
            wrong_because = COMPETING
        elif judged.reason == "extra":
            wrong_because = EXTRA_WORDS
    return match, wrong_because


def _match_graded(
    given: str, groups: list[tuple[float, list[str], dict[str, Any]]], tolerant: bool
) -> tuple[TextMatch, Localized | None, float, Localized | None]:
    """The best match over answers with credits: exact anywhere, best credit first, beats
    near; the match, why it is wrong, the credit and the matched answer's feedback."""
    results = [
        (credit, feedbacks, *_match(given, texts, tolerant)) for credit, texts, feedbacks in groups
    ]
    for kind in ("exact", "near"):
        for credit, feedbacks, match, _ in results:
            if match.kind == kind:
                said = feedbacks.get(match.accepted) if kind == "exact" else None
                return match, None, credit, localized(said)
    reason = next((because for *_, because in results if because is not None), None)
    return results[0][2], reason, 1.0, None
