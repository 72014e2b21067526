"""The rules of a teacher-paced live lesson, without a database: which transitions a run's
state allows, where "open next" goes, and what a learner's answers add up to.

A run goes waiting → open → closed → open → … → finished. Only an open question takes
answers; closing reveals the histogram and the right answer; finishing ends the lesson from
any state but finished. Scores count correct answers only: time is never an input.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: Why each refused transition is refused, by (state, action); anything absent is allowed.
_REFUSED: dict[tuple[str, str], str] = {
    ("waiting", "close"): "No question is open yet: open one first.",
    ("open", "open"): "A question is open: close it before opening another.",
    ("closed", "close"): "The question is closed already: open the next one or finish.",
    ("finished", "open"): "This live lesson has finished.",
    ("finished", "close"): "This live lesson has finished.",
    ("finished", "finish"): "This live lesson has finished already.",
}

ACTIONS = ("open", "close", "finish")
#: What each allowed action leads to.
NEXT_STATE = {"open": "open", "close": "closed", "finish": "finished"}


class TransitionRefused(ValueError):
    """The run's state does not allow the action (a 409)."""


class BadIndex(ValueError):
    """The question index is not one of the run's (a 422)."""


def refusal(state: str, action: str) -> str | None:
    """Why ``action`` is not allowed in ``state``, or None when it is."""
    if action not in ACTIONS:
        return f"Unknown action {action!r}."
    return _REFUSED.get((state, action))


def open_position(state: str, position: int, count: int, index: int | None) -> int:
    """The position the question to open is at: ``index`` if given, else the one after the
    current; TransitionRefused or BadIndex when there is none to open."""
    reason = refusal(state, "open")
    if reason:
        raise TransitionRefused(reason)
    if index is None:
        index = position + 1
        if index >= count:
            raise TransitionRefused("That was the last question: finish the lesson.")
        return index
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
        raise BadIndex(f"Give an index from 0 to {count - 1}.")
    return index


def transition(state: str, action: str) -> str:
    """The state ``action`` leads to from ``state``; TransitionRefused if not allowed."""
    reason = refusal(state, action)
    if reason:
        raise TransitionRefused(reason)
    return NEXT_STATE[action]


@dataclass(frozen=True)
class Tally:
    """A learner's lesson so far: correct answers, questions they could answer, and those
    opened before they joined (not attempted, not wrong)."""

    correct: int
    answered: int
    asked: int
    not_attempted: int


def tally(opened: Iterable[int], joined_at: int, correct_by_position: Mapping[int, bool]) -> Tally:
    """Add up a learner's answers. ``opened``: positions opened so far; ``joined_at``: the
    position that was current when they joined (a question already closed or never opened
    before it counts as not attempted); ``correct_by_position``: their answers' verdicts."""
    positions = sorted(set(opened))
    missed = [p for p in positions if p < joined_at and p not in correct_by_position]
    asked = [p for p in positions if p not in missed]
    return Tally(
        correct=sum(1 for p in asked if correct_by_position.get(p)),
        answered=sum(1 for p in asked if p in correct_by_position),
        asked=len(asked),
        not_attempted=len(missed),
    )


def histogram(
    type_name: str, spec: Mapping[str, Any], shown_options: list[int] | None, values: list
) -> list[dict]:
    """How often each answer was given, as bars to draw: for mcq and multi one bar per option
    in the order shown ({index, count}); for true/false {value, count} for true and false; for
    other types the answers given, most frequent first ({value, count}, at most eight)."""
    if type_name in ("mcq", "multi"):
        order = shown_options if shown_options is not None else list(range(len(spec["options"])))
        counts = dict.fromkeys(order, 0)
        for value in values:
            chosen = value if isinstance(value, list) else [value]
            for index in {c for c in chosen if isinstance(c, int) and not isinstance(c, bool)}:
                if index in counts:
                    counts[index] += 1
        return [{"index": index, "count": counts[index]} for index in order]
    if type_name == "true_false":
        return [
            {"value": flag, "count": sum(1 for v in values if v is flag)} for flag in (True, False)
        ]
    groups: dict[str, dict] = {}
    for value in values:
        key = _group_key(value)
        group = groups.setdefault(key, {"value": value, "count": 0})
        group["count"] += 1
    ordered = sorted(groups.values(), key=lambda g: -g["count"])
    return ordered[:8]


def _group_key(value: Any) -> str:
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    return repr(value)
