"""Helpers the question-type modules share: spec checks, answer checks and feedback texts.

Spec checks append to a list of ``SpecError`` instead of raising, so a teacher sees every
problem in one go. Paths are JSON-path-like (``options[2].correct``, ``accept.hi[0]``); the
empty path means the spec itself.

Every spec may also carry the fields common to all questions in bank JSON (``COMMON_FIELDS``:
id, type, prompt, …). Callers strip them before validating, but they are tolerated here so a
whole question dict can be passed without false "unknown field" errors.
"""

import math
from collections.abc import Iterable, Mapping
from typing import Any

from quizapp.core.grading.base import N_, GradeResult, Localized, Message, SpecError
from quizapp.core.text import answer_key

#: Longest typed answer graded; longer ones are rejected as malformed before any matching.
MAX_ANSWER_CHARS = 5000

#: Bank-JSON fields every question carries besides its type-specific spec.
COMMON_FIELDS = frozenset({"id", "type", "prompt", "explanation", "evidence", "skill", "points"})

LANGUAGES = ("hi", "en")

CORRECT = Localized(en="Correct!", hi="सही उत्तर!")
INCORRECT = Localized(en="Not correct.", hi="सही नहीं है।")
PARTLY = Localized(en="Partly right.", hi="आंशिक रूप से सही।")
NO_ANSWER = Localized(en="No answer given.", hi="कोई उत्तर नहीं दिया गया।")
NEAR_MISS = Localized(en="Almost — check the spelling.", hi="लगभग सही — वर्तनी जाँचें।")
TOO_LONG = Localized(
    en=f"The answer is too long: at most {MAX_ANSWER_CHARS:,} characters are accepted.",
    hi=f"उत्तर बहुत लंबा है: अधिकतम {MAX_ANSWER_CHARS:,} अक्षर स्वीकार किए जाते हैं।",
)


# --- paths -------------------------------------------------------------------------------


def at(path: str, key: str | int) -> str:
    """The path of ``key`` (a field name or a list index) inside ``path``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


# --- plain value tests -------------------------------------------------------------------


def is_number(value: Any) -> bool:
    """True for JSON numbers; bools are not numbers here even though Python says so."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def as_finite_float(value: Any) -> float | None:
    """``value`` as a finite float, or None (not a number, NaN, infinite, too large)."""
    if not is_number(value):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def is_list(value: Any) -> bool:
    """True for JSON arrays (a string is a sequence too, but never a list here)."""
    return isinstance(value, list | tuple)


def is_index(value: Any, size: int) -> bool:
    """True when ``value`` is an int (not a bool) in ``0 .. size - 1``."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size


def has_text(value: Any) -> bool:
    """True for a string with something other than whitespace in it."""
    return isinstance(value, str) and bool(value.strip())


# --- spec checks -------------------------------------------------------------------------


def check_object(spec: Any, path: str, errors: list[SpecError]) -> bool:
    """Record an error unless ``spec`` is a JSON object; True when it is."""
    if isinstance(spec, Mapping):
        return True
    errors.append(
        SpecError(path, Message(N_("Expected an object, got %(type)s."), type=json_type(spec)))
    )
    return False


def check_fields(
    value: Mapping[str, Any],
    path: str,
    errors: list[SpecError],
    *,
    required: Iterable[str] = (),
    optional: Iterable[str] = (),
    tolerate_common: bool = False,
) -> None:
    """Record missing required fields and unknown ones (most often typos like "optoins")."""
    required = tuple(required)
    allowed = set(required) | set(optional)
    for name in required:
        if name not in value:
            errors.append(SpecError(at(path, name), N_("This field is required.")))
    for name in value:
        if name in allowed or (tolerate_common and name in COMMON_FIELDS):
            continue
        expected = ", ".join(sorted(allowed))
        errors.append(
            SpecError(
                at(path, str(name)),
                Message(N_("Unknown field; expected %(fields)s."), fields=expected),
            )
        )


def check_text(value: Any, path: str, errors: list[SpecError]) -> bool:
    """Record an error unless ``value`` is a non-empty string."""
    if not isinstance(value, str):
        errors.append(
            SpecError(path, Message(N_("Expected text, got %(type)s."), type=json_type(value)))
        )
        return False
    if not value.strip():
        errors.append(SpecError(path, N_("Must not be empty.")))
        return False
    return True


def check_answer_text(value: Any, path: str, errors: list[SpecError]) -> bool:
    """Like ``check_text``, and the text must survive normalisation (not just punctuation)."""
    if not check_text(value, path, errors):
        return False
    if not answer_key(value):
        errors.append(
            SpecError(path, N_("Nothing is left to compare once punctuation is removed."))
        )
        return False
    return True


def check_localized(value: Any, path: str, errors: list[SpecError]) -> bool:
    """Record errors unless ``value`` is ``{hi?, en?}`` with at least one non-empty text."""
    if not check_object(value, path, errors):
        return False
    before = len(errors)
    check_fields(value, path, errors, optional=LANGUAGES)
    present = [lang for lang in LANGUAGES if lang in value]
    for lang in present:
        check_text(value[lang], at(path, lang), errors)
    if not present:
        errors.append(SpecError(path, N_("Give the text in Hindi (hi), English (en) or both.")))
    return len(errors) == before


def check_label(value: Any, path: str, errors: list[SpecError]) -> bool:
    """Record errors unless ``value`` is a non-empty string or ``{hi?, en?}``."""
    if isinstance(value, str):
        return check_text(value, path, errors)
    if isinstance(value, Mapping):
        return check_localized(value, path, errors)
    errors.append(
        SpecError(
            path,
            Message(
                N_("Expected text or an object {hi, en}, got %(type)s."), type=json_type(value)
            ),
        )
    )
    return False


def check_unit_interval(spec: Mapping[str, Any], name: str, errors: list[SpecError]) -> None:
    """Record an error unless optional field ``name`` is a number from 0 to 1."""
    if name not in spec:
        return
    number = as_finite_float(spec[name])
    if number is None or not 0 <= number <= 1:
        errors.append(SpecError(name, N_("Expected a number from 0 to 1.")))


def check_credit(value: Any, path: str, errors: list[SpecError]) -> bool:
    """Record an error unless ``value`` is a credit: a number from 0 (none) to 1 (full)."""
    number = as_finite_float(value)
    if number is None or not 0 <= number <= 1:
        errors.append(
            SpecError(path, N_("Expected a credit from 0 to 1 (0.5 is half marks; GIFT's %50%)."))
        )
        return False
    return True


def label_key(value: Any) -> tuple[str, ...]:
    """A comparison key for a label (string or ``{hi, en}``), to find duplicates."""
    if isinstance(value, str):
        return (answer_key(value),)
    if isinstance(value, Mapping):
        return tuple(
            answer_key(value[lang]) if isinstance(value.get(lang), str) else ""
            for lang in LANGUAGES
        )
    return ("",)


def check_duplicates(
    values: Iterable[Any],
    path: str,
    errors: list[SpecError],
    *,
    what: str,
    field: str | None = None,
) -> None:
    """Record an error for each value with the same text as an earlier one.

    ``values[i]`` lives at ``path[i]``, or at ``path[i].field`` when ``field`` is given.
    """

    def where(index: int) -> str:
        return at(at(path, index), field) if field else at(path, index)

    seen: dict[tuple[str, ...], int] = {}
    for index, value in enumerate(values):
        key = label_key(value)
        if not any(key):
            continue
        if key in seen:
            errors.append(
                SpecError(
                    where(index),
                    Message(
                        N_("Same %(what)s as %(other)s."),
                        what=Message(what),
                        other=where(seen[key]),
                    ),
                )
            )
        else:
            seen[key] = index


def json_type(value: Any) -> str:
    """The JSON name of ``value``'s type, for error messages."""
    if value is None:
        return Message(N_("null"))
    if isinstance(value, bool):
        return Message(N_("true/false"))
    if is_number(value):
        return Message(N_("a number"))
    if isinstance(value, str):
        return Message(N_("text"))
    if is_list(value):
        return Message(N_("a list"))
    if isinstance(value, Mapping):
        return Message(N_("an object"))
    return type(value).__name__


# --- results -----------------------------------------------------------------------------


def malformed(en: str, hi: str) -> GradeResult:
    """The result for an answer of the wrong shape: score 0, and what was expected."""
    message = Localized(en=en, hi=hi)
    return GradeResult(score=0.0, correct=False, feedback=message, error=message)


def localized(value: Any) -> Localized | None:
    """A teacher's ``{hi?, en?}`` text as ``Localized``, one language standing in for the other."""
    if not isinstance(value, Mapping):
        return None
    en = value.get("en") if has_text(value.get("en")) else None
    hi = value.get("hi") if has_text(value.get("hi")) else None
    if en is None and hi is None:
        return None
    return Localized(en=en or hi or "", hi=hi or en or "")


def verdict(score: float) -> Localized:
    """ "Correct!" for full marks, "Partly right." for some, "Not correct." for none."""
    if score >= 1:
        return CORRECT
    return PARTLY if score > 0 else INCORRECT


def joined(*texts: Localized | None) -> Localized:
    """Several feedback texts as one, sentence after sentence, in both languages."""
    present = [text for text in texts if text is not None]
    return Localized(
        en=" ".join(text.en for text in present), hi=" ".join(text.hi for text in present)
    )


def read_text_answer(answer: Any) -> str | GradeResult:
    """A typed answer as a string, or the malformed result to return instead."""
    if not isinstance(answer, str):
        return malformed(
            f"Expected text, got {json_type(answer)}.",
            "उत्तर के रूप में टेक्स्ट अपेक्षित था।",
        )
    if len(answer) > MAX_ANSWER_CHARS:
        return GradeResult(score=0.0, correct=False, feedback=TOO_LONG, error=TOO_LONG)
    return answer


def typed_score(kind: str, near_miss_credit: float) -> float:
    """The score of a typed answer from its match kind ("exact", "near", "none")."""
    if kind == "exact":
        return 1.0
    if kind == "near":
        return near_miss_credit
    return 0.0


def check_accepted_list(value: Any, path: str, errors: list[SpecError]) -> int:
    """Record errors unless ``value`` is a list of answer texts; how many usable ones it has."""
    if not is_list(value):
        errors.append(
            SpecError(
                path,
                Message(N_("Expected a list of answers, got %(type)s."), type=json_type(value)),
            )
        )
        return 0
    return sum(check_answer_text(item, at(path, i), errors) for i, item in enumerate(value))


def is_answered(value: Any) -> bool:
    """True for an answer with content: not None, not blank text, not a list of nothing."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(is_answered(part) for part in value)
    return True
