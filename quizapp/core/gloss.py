"""Find glossary terms in a sentence so the reader can make them tappable.

Terms are matched as whole words (never inside a longer word), longest first, without overlap:
a phrase like "जैसे को तैसा" wins over a single word inside it.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from quizapp.core.segment import is_word_char


@dataclass(frozen=True)
class Match:
    """A term found in a text: where it is and which entry it belongs to."""

    start: int
    end: int
    key: str


@dataclass(frozen=True)
class Segment:
    """A stretch of text, linked to a glossary entry when ``key`` is set."""

    text: str
    key: str | None = None


def find_terms(text: str, terms: Iterable[tuple[str, str]]) -> list[Match]:
    """Non-overlapping whole-word matches of ``(form, key)`` pairs, in text order."""
    candidates: list[Match] = []
    for form, key in terms:
        if not form:
            continue
        start = text.find(form)
        while start != -1:
            end = start + len(form)
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if not is_word_char(before) and not is_word_char(after):
                candidates.append(Match(start, end, key))
            start = text.find(form, start + 1)
    # Longest first, then leftmost: a phrase beats the words inside it.
    candidates.sort(key=lambda m: (-(m.end - m.start), m.start))
    taken: list[Match] = []
    for match in candidates:
        if all(match.end <= t.start or match.start >= t.end for t in taken):
            taken.append(match)
    return sorted(taken, key=lambda m: m.start)


def split_by_terms(text: str, terms: Iterable[tuple[str, str]]) -> list[Segment]:
    """The text cut into plain segments and glossary-term segments, in order."""
    segments: list[Segment] = []
    position = 0
    for match in find_terms(text, terms):
        if match.start > position:
            segments.append(Segment(text[position : match.start]))
        segments.append(Segment(text[match.start : match.end], match.key))
        position = match.end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments
