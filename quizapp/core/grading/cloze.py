"""Blanks in a sentence: ``{"text": {"hi"|"en": "… {{answer|alternative}} …"}, "choices"?, …}``.

Blanks are written ``{{answer|alternative|…}}`` inside the text of exactly one language; the
first alternative is the one shown as the key. ``choices`` is null or one entry per blank:
null for a typed blank, or the dropdown's options (at least two, the right answer among them).
``near_miss_credit`` (0..1, default 0) is what a near miss on a typed blank earns.

Answer: a list of strings, one per blank ("" for a blank left empty). Each blank is graded like
a short answer against its alternatives — exact 1, near miss ``near_miss_credit``, else 0 —
except that a dropdown blank is right or wrong, never "nearly" right. The score is the mean
over the blanks; the answer is correct only when every blank is exactly right.

The public spec numbers the blanks ``{{1}}``, ``{{2}}``, … in the text, and lists each
dropdown's options sorted by their comparison key, so the order a teacher typed them in (often
the answer first) does not give the answer away.
"""

import functools
import itertools
import re
from collections.abc import Mapping
from typing import Any

from quizapp.core.grading import forms
from quizapp.core.grading import key_texts as keys
from quizapp.core.grading.base import N_, GradeResult, Localized, Message, PartResult, SpecError
from quizapp.core.grading.common import (
    CORRECT,
    INCORRECT,
    LANGUAGES,
    MAX_ANSWER_CHARS,
    NEAR_MISS,
    NO_ANSWER,
    PARTLY,
    at,
    check_answer_text,
    check_fields,
    check_object,
    check_unit_interval,
    is_list,
    joined,
    json_type,
    malformed,
    typed_score,
)
from quizapp.core.text import answer_key, match_answer

BLANK = re.compile(r"\{\{([^{}]*)\}\}")


@functools.lru_cache(maxsize=1024)
def parse_blanks(text: str) -> tuple[tuple[str, ...], ...]:
    """The alternatives of each blank in ``text``, stripped (cached: texts are graded often)."""
    return tuple(
        tuple(part.strip() for part in m.group(1).split("|")) for m in BLANK.finditer(text)
    )


def blank_problems(text: str) -> list[str]:
    """What is wrong with how the blanks of ``text`` are written."""
    blanks = parse_blanks(text)
    problems = []
    rest = BLANK.sub("", text)
    if "{" in rest or "}" in rest:
        problems.append(N_("Unbalanced braces: write each blank as {{answer|alternative}}."))
    if not blanks:
        problems.append(N_("Put at least one blank in the text, written {{answer}}."))
    for number, alternatives in enumerate(blanks, start=1):
        if not all(alternatives):
            problems.append(
                Message(N_("Blank %(number)d has an empty alternative."), number=number)
            )
        elif not all(answer_key(alternative) for alternative in alternatives):
            problems.append(
                Message(
                    N_("Blank %(number)d has an alternative with nothing but punctuation."),
                    number=number,
                )
            )
    return problems


def placeholder(number: int) -> str:
    """The marker that stands for blank ``number`` (from 1) in the public text: ``{{1}}``."""
    return "{{" + str(number) + "}}"


def cloze_text(spec: Mapping[str, Any]) -> tuple[str, str]:
    """The language and text of a valid spec."""
    lang = next(lang for lang in LANGUAGES if lang in spec["text"])
    return lang, spec["text"][lang]


def blank_count(spec: Mapping[str, Any]) -> int:
    """How many blanks a valid spec has."""
    return len(parse_blanks(cloze_text(spec)[1]))


class Cloze:
    """Fill in the blanks of a sentence, typed or from dropdowns."""

    name = "cloze"
    #: Its quiz form's fields as an answer (forms.py).
    answer_from_form = staticmethod(forms.blanks)
    #: The texts of its key that name words (key_texts.py, for My words).
    key_texts = staticmethod(keys.blanks)

    def validate_spec(self, spec: Mapping[str, Any]) -> list[SpecError]:
        """Text in one language with well-formed blanks; choices, if any, fit the blanks."""
        errors: list[SpecError] = []
        if not check_object(spec, "", errors):
            return errors
        check_fields(
            spec,
            "",
            errors,
            required=("text",),
            optional=("choices", "near_miss_credit"),
            tolerate_common=True,
        )
        check_unit_interval(spec, "near_miss_credit", errors)
        blanks = self._check_text(spec, errors)
        if spec.get("choices") is not None and blanks is not None:
            self._check_choices(spec["choices"], blanks, errors)
        return errors

    def _check_text(
        self, spec: Mapping[str, Any], errors: list[SpecError]
    ) -> tuple[tuple[str, ...], ...] | None:
        """Record problems with ``text``; the blanks' alternatives when it could be read."""
        text = spec.get("text")
        if "text" not in spec or not check_object(text, "text", errors):
            return None
        check_fields(text, "text", errors, optional=LANGUAGES)
        languages = [lang for lang in LANGUAGES if lang in text]
        if len(languages) != 1:
            errors.append(
                SpecError("text", N_("Write the text in exactly one language: hi or en."))
            )
            return None
        path = at("text", languages[0])
        value = text[languages[0]]
        if not isinstance(value, str) or not value.strip():
            errors.append(
                SpecError(
                    path,
                    Message(N_("Expected text with blanks, got %(type)s."), type=json_type(value)),
                )
            )
            return None
        errors.extend(SpecError(path, problem) for problem in blank_problems(value))
        return parse_blanks(value)

    def _check_choices(
        self, choices: Any, blanks: tuple[tuple[str, ...], ...], errors: list[SpecError]
    ) -> None:
        """Record problems with the dropdown options: one entry per blank, answer included."""
        if not is_list(choices):
            errors.append(
                SpecError(
                    "choices",
                    Message(N_("Expected a list, got %(type)s."), type=json_type(choices)),
                )
            )
            return
        if len(choices) != len(blanks):
            errors.append(
                SpecError(
                    "choices",
                    Message(
                        N_("Expected one entry per blank (%(blanks)d), got %(entries)d."),
                        blanks=len(blanks),
                        entries=len(choices),
                    ),
                )
            )
        for index, (options, alternatives) in enumerate(zip(choices, blanks, strict=False)):
            path = at("choices", index)
            if options is None:
                continue
            if not is_list(options):
                errors.append(
                    SpecError(
                        path,
                        Message(
                            N_("Expected a list of options or null, got %(type)s."),
                            type=json_type(options),
                        ),
                    )
                )
                continue
            if len(options) < 2:
                errors.append(SpecError(path, N_("A dropdown needs at least two options.")))
            keys: dict[str, int] = {}
            for number, option in enumerate(options):
                if not check_answer_text(option, at(path, number), errors):
                    continue
                key = answer_key(option)
                if key in keys:
                    errors.append(
                        SpecError(
                            at(path, number),
                            Message(N_("Same option as %(other)s."), other=at(path, keys[key])),
                        )
                    )
                keys.setdefault(key, number)
            answers = {answer_key(alternative) for alternative in alternatives}
            if keys and not answers & keys.keys():
                errors.append(
                    SpecError(
                        path,
                        Message(
                            N_("The options must include the answer of blank %(number)d."),
                            number=index + 1,
                        ),
                    )
                )

    def grade(self, spec: Mapping[str, Any], answer: Any) -> GradeResult:
        """The fraction of blanks right, near misses on typed blanks earning partial credit."""
        blanks = parse_blanks(cloze_text(spec)[1])
        count = len(blanks)
        if (
            not is_list(answer)
            or len(answer) != count
            or not all(isinstance(given, str) for given in answer)
        ):
            return malformed(
                f'Expected a list of {count} texts, one per blank ("" for a blank left empty).',
                f"{count} टेक्स्ट की सूची अपेक्षित थी, हर रिक्त स्थान के लिए एक "
                '(ख़ाली छोड़े रिक्त स्थान के लिए "")।',
            )
        if any(len(given) > MAX_ANSWER_CHARS for given in answer):
            return malformed(
                f"An answer is too long: at most {MAX_ANSWER_CHARS:,} characters per blank.",
                f"एक उत्तर बहुत लंबा है: हर रिक्त स्थान में अधिकतम {MAX_ANSWER_CHARS:,} अक्षर।",
            )
        if not any(given.strip() for given in answer):
            return GradeResult(score=0.0, correct=False, feedback=NO_ANSWER)
        credit = float(spec.get("near_miss_credit", 0))
        choices = spec.get("choices") or [None] * count
        parts = tuple(
            self._grade_blank(index, given, alternatives, credit, dropdown=options is not None)
            for index, (given, alternatives, options) in enumerate(
                zip(answer, blanks, choices, strict=True)
            )
        )
        right = sum(part.correct for part in parts)
        near = any(part.near_miss for part in parts)
        score = sum(part.score for part in parts) / count
        correct = right == count
        if correct:
            feedback = CORRECT
        else:
            tally = Localized(
                en=f"Blanks right: {right} of {count}.",
                hi=f"सही भरे गए रिक्त स्थान: {count} में से {right}।",
            )
            feedback = joined(
                PARTLY if score > 0 else INCORRECT, tally, NEAR_MISS if near else None
            )
        return GradeResult(
            score=score, correct=correct, feedback=feedback, parts=parts, near_miss=near
        )

    @staticmethod
    def _grade_blank(
        index: int, given: str, alternatives: tuple[str, ...], credit: float, *, dropdown: bool
    ) -> PartResult:
        """One blank, graded like a short answer; a dropdown choice is never a near miss."""
        kind = match_answer(given, alternatives).kind if given.strip() else "none"
        if dropdown and kind == "near":
            kind = "none"
        return PartResult(
            index=index,
            correct=kind == "exact",
            score=typed_score(kind, credit),
            near_miss=kind == "near",
            given=given,
            expected=alternatives[0],
        )

    def public_spec(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """The text with numbered placeholders, the blank count and the dropdowns' options."""
        lang, text = cloze_text(spec)
        numbers = itertools.count(1)
        public: dict[str, Any] = {
            "text": {lang: BLANK.sub(lambda _: placeholder(next(numbers)), text)},
            "blanks": blank_count(spec),
        }
        if spec.get("choices") is not None:
            public["choices"] = [
                None if options is None else sorted(options, key=lambda o: (answer_key(o), o))
                for options in spec["choices"]
            ]
        return public

    def correct_answer(self, spec: Mapping[str, Any]) -> list[str]:
        """The first alternative of every blank."""
        return [alternatives[0] for alternatives in parse_blanks(cloze_text(spec)[1])]
