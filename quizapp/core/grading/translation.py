"""Free translation of a sentence: ``{"source": {"hi"|"en": str}, "references": {…: [str]}}``.

The source is in one language, the references (one or more good translations) in the other.
Answer: a string (at most 5,000 characters).

Scoring uses chrF (sacrebleu's defaults: character n-grams up to 6, no word n-grams, beta 2,
case-sensitive) against every reference, keeping the best — sacrebleu's sentence chrF does
exactly that when given several references. chrF++ (word bigrams too) was tried and dropped:
on the examples below it moved every score by a few points and ranked them the same.

The chrF value (0..100) maps to a score linearly between two anchors::

    chrF <= 20  ->  0          chrF >= 70  ->  1          score = (chrF − 20) / 50

and the answer counts as correct from 0.8 (chrF 60). Tuned on p1s1 of the seeded article
(chrF against our English reference):

    a good paraphrase, every name and claim kept       71–76  -> 1.0
    faithful but looser ("the American foreign minister")  63  -> 0.85
    only the first half of the sentence                 58  -> 0.76
    the right words shuffled (word salad)               39  -> 0.38
    the gist, names and claims dropped                  21–27 -> 0.02–0.14
    another sentence of the article, names only         11–12 -> 0
    unrelated, empty, or the Hindi source copied         0–6  -> 0

chrF cannot see word order, hence the word salad's 0.38: it stays in the lowest band
("Far from the reference"). An answer that is the source sentence itself scores 0 outright.

A fluent answer can still say the opposite: chrF scored "We do not want a predictable, stable
relationship with Russia" 1.0. The meaning guards (meaning_guards.py: a negation added or
dropped, a number changed, a different name, who-does-what reversed) cap such an answer at
MEANING_CAP (0.3, below the "partly right" band) and say why, each reason in both languages.
On the hand-judged answers in tests/data/translation_judged.tsv they took Spearman's rho with
the teacher from 0.40 to 0.87 and the reversals passing from 20 of 22 to none.

Into Hindi, an answer typed without any Devanagari (Hinglish, ITRANS) is compared through
``quizapp.core.text.latin_key`` on both sides, so a learner without a Hindi keyboard is not
scored as if the answer were empty: a good Hinglish translation of p1s1 scores chrF 67 (0.93),
a loose one 16 (0), the English sentence 24 (0.08).
"""

import functools
import unicodedata
from collections.abc import Mapping
from typing import Any

from sacrebleu.metrics import CHRF

from quizapp.core.grading import forms
from quizapp.core.grading.base import N_, GradeResult, Localized, Message, SpecError
from quizapp.core.grading.common import (
    LANGUAGES,
    NO_ANSWER,
    at,
    check_accepted_list,
    check_fields,
    check_object,
    check_text,
    is_list,
    joined,
    read_text_answer,
)
from quizapp.core.grading.meaning_guards import MEANING_CHANGED, meaning_problems
from quizapp.core.text import answer_key, is_devanagari, latin_key

#: chrF at or below which the score is 0, and at or above which it is 1.
CHRF_ZERO = 20.0
CHRF_FULL = 70.0
#: Score from which a translation counts as correct.
CORRECT_FROM = 0.8
#: Score from which a translation is "partly right" rather than "far from the reference".
PARTLY_FROM = 0.4
#: The most an answer that reverses the meaning can score (meaning_guards.py): below
#: PARTLY_FROM too, since a fluent sentence that says the opposite is not "partly right".
MEANING_CAP = 0.3

#: sacrebleu's defaults. ``sentence_score`` with explicit references caches nothing (it only
#: records the reference count for its signature), so one instance serves every thread.
CHRF_METRIC = CHRF()

CLOSE = Localized(en="Close to the reference translation.", hi="संदर्भ अनुवाद के क़रीब।")
PARTLY_RIGHT = Localized(
    en="Partly right: some of the meaning is there.",
    hi="आंशिक रूप से सही: कुछ अर्थ आ गया है।",
)
FAR = Localized(en="Far from the reference translation.", hi="संदर्भ अनुवाद से काफ़ी अलग।")
UNRELATED = Localized(
    en="This does not read as a translation of the sentence.",
    hi="यह इस वाक्य का अनुवाद नहीं लगता।",
)
WRITE_IN = {
    "en": Localized(en="Write your translation in English.", hi="अपना अनुवाद अंग्रेज़ी में लिखें।"),
    "hi": Localized(
        en="Write your translation in Hindi, in Devanagari.",
        hi="अपना अनुवाद हिंदी में, देवनागरी लिपि में लिखें।",
    ),
}
SOURCE_COPIED = Localized(
    en="That is the sentence itself, not a translation.",
    hi="यह तो मूल वाक्य ही है, अनुवाद नहीं।",
)


def chrf(answer: str, references: list[str]) -> float:
    """The best chrF (0..100) of ``answer`` against any of ``references``."""
    normalized = [unicodedata.normalize("NFC", reference) for reference in references]
    return CHRF_METRIC.sentence_score(unicodedata.normalize("NFC", answer), normalized).score


@functools.lru_cache(maxsize=1024)
def latin_references(references: tuple[str, ...]) -> list[str]:
    """The Latin keys of Hindi references (cached: the same references grade many answers)."""
    return [latin_key(reference) for reference in references]


def chrf_to_score(value: float) -> float:
    """Map chrF 0..100 onto a score 0..1: linear from CHRF_ZERO to CHRF_FULL."""
    return min(1.0, max(0.0, (value - CHRF_ZERO) / (CHRF_FULL - CHRF_ZERO)))


def band(score: float) -> Localized:
    """The feedback for a translation's score."""
    if score >= CORRECT_FROM:
        return CLOSE
    if score >= PARTLY_FROM:
        return PARTLY_RIGHT
    if score > 0:
        return FAR
    return UNRELATED


def source_of(spec: Mapping[str, Any]) -> tuple[str, str]:
    """The source language and sentence of a valid spec."""
    lang = next(lang for lang in LANGUAGES if lang in spec["source"])
    return lang, spec["source"][lang]


def target_of(spec: Mapping[str, Any]) -> str:
    """The language the learner translates into."""
    return "en" if source_of(spec)[0] == "hi" else "hi"


class Translation:
    """A sentence to translate, scored with chrF against reference translations."""

    name = "translation"
    #: Its quiz form's fields as an answer (forms.py).
    answer_from_form = staticmethod(forms.text)
    #: What the results page calls its key ("Correct answer" would not fit).
    key_label = N_("A model translation")

    def validate_spec(self, spec: Mapping[str, Any]) -> list[SpecError]:
        """A source in one language; at least one reference, all in the other language."""
        errors: list[SpecError] = []
        if not check_object(spec, "", errors):
            return errors
        check_fields(spec, "", errors, required=("source", "references"), tolerate_common=True)
        source_lang = None
        source = spec.get("source")
        if "source" in spec and check_object(source, "source", errors):
            check_fields(source, "source", errors, optional=LANGUAGES)
            languages = [lang for lang in LANGUAGES if lang in source]
            if len(languages) == 1:
                source_lang = languages[0]
                check_text(source[source_lang], at("source", source_lang), errors)
            else:
                errors.append(SpecError("source", N_("Give the source in exactly one language.")))
        references = spec.get("references")
        if "references" in spec and check_object(references, "references", errors):
            target = {"hi": "en", "en": "hi"}.get(source_lang or "")
            allowed = (target,) if target else LANGUAGES
            check_fields(references, "references", errors, optional=allowed)
            for lang in LANGUAGES:
                if lang in references and lang in allowed:
                    check_accepted_list(references[lang], at("references", lang), errors)
            listed = [
                item
                for lang in allowed
                if is_list(references.get(lang))
                for item in references[lang]
            ]
            if not listed:
                message = (
                    Message(N_("Give at least one reference in %(lang)s."), lang=target)
                    if target
                    else N_("Give at least one reference in the other language.")
                )
                errors.append(SpecError("references", message))
        return errors

    def grade(self, spec: Mapping[str, Any], answer: Any) -> GradeResult:
        """chrF against the best reference, mapped onto 0..1; correct from 0.8."""
        given = read_text_answer(answer)
        if isinstance(given, GradeResult):
            return given
        if not given.strip():
            return GradeResult(score=0.0, correct=False, feedback=NO_ANSWER)
        source = source_of(spec)[1]
        target = target_of(spec)
        if answer_key(given) == answer_key(source):
            return GradeResult(
                score=0.0, correct=False, feedback=joined(SOURCE_COPIED, WRITE_IN[target])
            )
        references = tuple(spec["references"][target])
        if target == "hi" and not is_devanagari(given):
            value = chrf(latin_key(given), latin_references(references))
        else:
            value = chrf(given, list(references))
        score = chrf_to_score(value)
        wrong_script = score < CORRECT_FROM and is_devanagari(given) != (target == "hi")
        # Only a score above the cap can be capped: lower ones skip the guards' cost.
        problems = (
            meaning_problems(source, references, target, given) if score > MEANING_CAP else ()
        )
        if problems:
            score = MEANING_CAP
        verdict = (MEANING_CHANGED, *(p.feedback for p in problems)) if problems else (band(score),)
        return GradeResult(
            score=score,
            correct=score >= CORRECT_FROM,
            feedback=joined(*verdict, WRITE_IN[target] if wrong_script else None),
        )

    def public_spec(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """The source sentence and the language to translate into; never the references."""
        source_lang, source = source_of(spec)
        return {"source": {source_lang: source}, "target": target_of(spec)}

    def correct_answer(self, spec: Mapping[str, Any]) -> str:
        """The first reference translation."""
        return spec["references"][target_of(spec)][0]
