"""Reviewing a learner's words: grading an answer and scheduling the next review with FSRS.

Each word has two cards, one per direction:

``hi_en``
    The Hindi word is shown; the learner answers with its English meaning.
``en_hi``
    The English meaning is shown; the learner answers with the Hindi word, in Devanagari or
    in Latin letters ("samkaksh").

A typed answer is graded by the same text key as typed quiz answers
(:func:`quizapp.core.text.match_answer`): Devanagari-aware, case- and punctuation-blind, Hindi
typed in Latin letters accepted, one-letter slips a near miss. Then

* right (an exact match)  -> ``Good``
* a near miss             -> ``Hard``
* anything else           -> ``Again``

A learner who presses "Show answer" grades themselves: Again, Hard, Good or Easy. The rating
goes to the FSRS scheduler (the ``fsrs`` package), which decides when the card is due again;
the card's state is kept as ``fsrs.Card.to_dict()`` (plain JSON, times in UTC).

English meanings come from the glossary, where one entry may give several
(``"foreign minister; (US) Secretary of State"``). Each alternative is accepted
(:func:`english_alternatives`): parts are split at commas and semicolons outside
parentheses; a parenthesised aside may be left out or typed (``summit (talks)`` accepts
"summit" and "summit talks"); a note after a dash is dropped; ``a/b`` accepts either word; a
leading "to", "a", "an" or "the" is optional on both sides (``to meet`` = "meet").
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

from quizapp.core.text import TextMatch, answer_key, match_answer

__all__ = [
    "DIRECTIONS",
    "MAX_TYPED_CHARS",
    "RATINGS",
    "Rating",
    "ReviewOutcome",
    "TypedGrade",
    "WordFacts",
    "accepted_answers",
    "english_alternatives",
    "grade_typed",
    "make_scheduler",
    "new_card_state",
    "parse_rating",
    "preview_dues",
    "review_card",
]

#: The two ways a word is asked: Hindi → English and English → Hindi.
DIRECTIONS = ("hi_en", "en_hi")
#: Self-grading buttons, by the name a form sends.
RATINGS = {
    "again": Rating.Again,
    "hard": Rating.Hard,
    "good": Rating.Good,
    "easy": Rating.Easy,
}
#: Longest typed answer graded (a word or short phrase; anything longer is a mistake).
MAX_TYPED_CHARS = 200

_RATING_OF_MATCH = {"exact": Rating.Good, "near": Rating.Hard, "none": Rating.Again}
_STAGES = {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}


@dataclass(frozen=True)
class WordFacts:
    """What a review needs to know about a word."""

    #: The dictionary form in Devanagari, and the forms met in the text.
    hindi: str
    forms: tuple[str, ...] = ()
    roman: str = ""
    #: The English meaning as the glossary gives it (alternatives separated by , or ;).
    english: str = ""


@dataclass(frozen=True)
class TypedGrade:
    """How a typed answer went: the match kind, the rating it earns, what it matched."""

    kind: str  # "exact" | "near" | "none"
    rating: Rating
    accepted: str | None = None
    via_latin: bool = False

    @property
    def correct(self) -> bool:
        """Right (exactly, or Hindi typed in Latin letters)."""
        return self.kind == "exact"


@dataclass(frozen=True)
class ReviewOutcome:
    """A card after a review: its new FSRS state, when it is due, and its stage."""

    state: dict
    due: datetime
    stage: str  # "learning" | "review" | "relearning"
    #: True when a card that had been learnt (in review) was forgotten.
    lapsed: bool


# ---- English meanings ------------------------------------------------------------------------

_LEADING_WORD = re.compile(r"^(?:to|a|an|the)\s+", re.IGNORECASE)
_PARENTHESIS = re.compile(r"\(([^()]*)\)")
_SLASHED = re.compile(r"(\w+)/(\w+)")
_NOTE_DASH = re.compile(r"\s[—–]\s")


def _split_outside_parentheses(text: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char in ",;" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _without_leading_word(text: str) -> str:
    return _LEADING_WORD.sub("", text.strip())


def english_alternatives(meaning: str) -> tuple[str, ...]:
    """Every English answer a glossary meaning accepts (module docstring), in order."""
    found: dict[str, None] = {}
    for part in _split_outside_parentheses(meaning or ""):
        part = _NOTE_DASH.split(part)[0]
        for variant in (_PARENTHESIS.sub(" ", part), _PARENTHESIS.sub(r"\1", part)):
            variant = " ".join(variant.split())
            slashed = _SLASHED.search(variant)
            choices = [variant]
            if slashed:
                choices += [
                    variant[: slashed.start()] + word + variant[slashed.end() :]
                    for word in slashed.groups()
                ]
            for choice in choices:
                for text in (choice, _without_leading_word(choice)):
                    if answer_key(text):
                        found.setdefault(text, None)
    return tuple(found)


def accepted_answers(direction: str, word: WordFacts) -> tuple[str, ...]:
    """The answers a card accepts: English alternatives, or the Hindi word and its forms."""
    if direction == "hi_en":
        return english_alternatives(word.english)
    return tuple(dict.fromkeys(text for text in (word.hindi, *word.forms) if text))


# ---- Grading ---------------------------------------------------------------------------------


def _best(matches: list[TextMatch]) -> TextMatch:
    for kind in ("exact", "near"):
        for match in matches:
            if match.kind == kind:
                return match
    return TextMatch("none", None)


def grade_typed(direction: str, answer: str, word: WordFacts) -> TypedGrade:
    """Grade a typed answer to a card in ``direction``; the rating it earns (module docstring)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}")
    if not isinstance(answer, str) or not answer.strip() or len(answer) > MAX_TYPED_CHARS:
        return TypedGrade("none", Rating.Again)
    accepted = accepted_answers(direction, word)
    if direction == "hi_en":
        given = {answer, _without_leading_word(answer)}
        stripped = [_without_leading_word(text) for text in accepted]
        matches = [match_answer(g, accepted) for g in given]
        matches += [match_answer(g, stripped) for g in given]
    else:
        matches = [match_answer(answer, accepted)]
    match = _best(matches)
    return TypedGrade(match.kind, _RATING_OF_MATCH[match.kind], match.accepted, match.via_latin)


def parse_rating(value: object) -> Rating | None:
    """The rating a self-grading button sends ("again" … "easy", or 1 … 4), else None."""
    if isinstance(value, str):
        name = value.strip().lower()
        if name in RATINGS:
            return RATINGS[name]
        value = int(name) if name.isdigit() and len(name) == 1 else None
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
        return Rating(value)
    return None


# ---- Scheduling ------------------------------------------------------------------------------


def make_scheduler(*, fuzzing: bool = True) -> Scheduler:
    """The FSRS scheduler with its default parameters (fuzzing off gives exact, testable dues)."""
    return Scheduler(enable_fuzzing=fuzzing)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: review times must be timezone-aware UTC")
    return moment.astimezone(UTC)


def new_card_state(card_id: int, now: datetime) -> dict:
    """The FSRS state of a card never reviewed, due at ``now``."""
    return Card(card_id=card_id, due=_utc(now)).to_dict()


def review_card(state: dict, rating: Rating, now: datetime, scheduler: Scheduler) -> ReviewOutcome:
    """Apply one review with ``rating`` at ``now`` to a card's stored state."""
    card = Card.from_dict(state)
    was_learnt = card.state == State.Review
    card, _log = scheduler.review_card(card, Rating(rating), review_datetime=_utc(now))
    due = _utc(card.due)
    return ReviewOutcome(
        state=card.to_dict(),
        due=due,
        stage=_STAGES[card.state],
        lapsed=was_learnt and rating == Rating.Again,
    )


def preview_dues(state: dict, now: datetime, scheduler: Scheduler) -> dict[Rating, timedelta]:
    """How long until the card is due again after each possible rating (for the buttons)."""
    return {rating: review_card(state, rating, now, scheduler).due - _utc(now) for rating in Rating}
