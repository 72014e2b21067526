"""What every question type provides, and the plain values grading returns.

A question's *spec* is the type-specific part of a bank-JSON question (PRODUCT.md, "Bank
interchange JSON"), as a plain dict:

    mcq          {"options": [{"hi"?, "en"?, "correct": bool, "feedback"?: {hi?, en?},
                 "weight"?: -100..100}, ...], "fixed_order"?: bool} exactly one option
                 correct; a wrong option's weight (percent, GIFT ~%50%) is the credit for
                 choosing it, the correct one earns 1; answer: int (0-based index, canonical
                 order). Learners see the options shuffled per attempt, each with its canonical
                 "index"; "fixed_order": true keeps them as written
    multi        same options and fixed_order, at least one correct; with a weight on every
                 correct option, Moodle's rule (the chosen weights added up, clamped 0..1),
                 else right picks minus wrong picks over the correct ones (options.py);
                 answer: list of distinct ints (canonical indices)
    true_false   {"answer": bool, "feedback"?: {"true": {hi?, en?}, "false": {hi?, en?}}};
                 answer: true/false
    numeric      {"value": number, "tolerance"?: number >= 0, "unit"?: {hi?, en?}} or, for
                 several answers, {"answers": [{"value", "tolerance"?, "credit"?: 0..1,
                 "feedback"?: {hi?, en?}}], "unit"?}; answer: number or numeric string,
                 Devanagari digits allowed
    short_answer {"accept": {"hi"?: [answer], "en"?: [answer]}, "near_miss_credit"?: 0..1,
                 "tolerant"?: bool (default true: natural phrasing around a right answer is
                 right, tolerance.py)}, an answer being a str (full credit) or {"text": str,
                 "credit"?: 0..1, "feedback"?: {hi?, en?}}; answer: str
    cloze        {"text": {"hi"|"en": "… {{answer|alternative}} …"}, "choices"?: [[str]]|null,
                 "near_miss_credit"?: 0..1}; answer: list of str, one per blank
    matching     {"pairs": [{"left": str|{hi?,en?}, "right": str|{hi?,en?}}]} (>= 2 pairs);
                 answer: for each left item, the index of the right item chosen
    ordering     {"items": [str|{hi?,en?}, ...]} in the right order (>= 2); answer: the item
                 indices in the learner's order (a permutation)
    translation  {"source": {"hi"|"en": str}, "references": {"en"|"hi": [str]}}; answer: str

Grading never raises on a learner's answer: a malformed one gives a result with ``error`` set
and score 0. Specs come from teachers and files and are checked by ``validate_spec`` before
they are stored.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


def N_(message: str) -> str:
    """Marks an interface text for translation where it is defined (scripts/i18n.sh extracts
    it); the web layer translates it with lazy_gettext when it shows it."""
    return message


class Message(str):
    """A message's English text that remembers its template and values, so the web layer can
    show it in the interface language (``quizapp.i18n.localize``) while files, logs and the API
    keep plain English. ``template`` is marked with ``N_`` and uses ``%(name)s`` placeholders;
    a value that is itself a ``Message`` (a type name, say) is translated too."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> "Message":
        self = super().__new__(cls, template % params if params else template)
        self.template = template
        self.params = params
        return self

    def __reduce__(self):  # copies and pickles keep the template, not just the text
        return (_message, (self.template, self.params))


def _message(template: str, params: dict[str, Any]) -> Message:
    return Message(template, **params)


@dataclass(frozen=True)
class Localized:
    """A short text in both interface languages."""

    en: str
    hi: str


@dataclass(frozen=True)
class SpecError:
    """A problem in a question spec; ``path`` is JSON-path-like, e.g. ``options[2].correct``."""

    path: str
    message: str


@dataclass(frozen=True)
class PartResult:
    """One part of an answer (an option, a blank, a pair, an item) and how it went."""

    index: int
    correct: bool
    score: float = 0.0
    near_miss: bool = False
    given: Any = None
    #: The key for this part, for results pages: whether an option is correct, a blank's
    #: first accepted answer, the right-hand index a left item belongs to, the item that
    #: belongs at a position.
    expected: Any = None
    #: Feedback the teacher wrote for this part (GIFT ``#feedback`` on a chosen option).
    feedback: Localized | None = None


@dataclass(frozen=True)
class GradeResult:
    """The outcome of grading one answer: score in 0..1, feedback in both languages."""

    score: float
    correct: bool
    feedback: Localized
    parts: tuple[PartResult, ...] = field(default_factory=tuple)
    near_miss: bool = False
    #: Set when the answer itself was malformed (wrong shape, out of range); score is 0.
    error: Localized | None = None


class QuestionType(Protocol):
    """A question type: one module in quizapp/core/grading, registered by name."""

    name: str

    def validate_spec(self, spec: Mapping[str, Any]) -> list[SpecError]:
        """Every problem with a teacher's spec; empty when it can be stored."""
        ...

    def grade(self, spec: Mapping[str, Any], answer: Any) -> GradeResult:
        """Score ``answer`` against a valid ``spec``; never raises on a bad answer."""
        ...

    def public_spec(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """What a learner may see before submitting: no key, no accepted answer."""
        ...

    def correct_answer(self, spec: Mapping[str, Any]) -> Any:
        """A correct answer in the answer shape, for results pages after submission."""
        ...
