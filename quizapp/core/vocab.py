"""Which glossary words a vocabulary question is about, so a missed one can feed "My words".

A question names its words in two places: its answer key and its prompt. The glossary's terms
(each entry's lemma and the surface forms it has in the text) are looked for as whole words,
longest first, without overlap (:func:`quizapp.core.gloss.find_terms`, as in the reader) in:

1. **The Hindi of the answer key**: the Hindi of the correct options (``mcq``, ``multi``), the
   accepted Hindi answers (``short_answer``), the alternatives of the blanks the learner missed
   in a Hindi ``cloze``, and the Hindi side of the pairs the learner missed (``matching``).
   When no part is known to be missed (no answer at all), every blank or pair counts.
2. If that finds nothing, **the Hindi quoted in the English prompt** (each run of Devanagari in
   it: "What does समकक्ष mean?"). A prompt often quotes a whole phrase and then asks about one
   word of it ("… meets 'अपने रूसी समकक्ष सर्गेई लावरोव'. What does समकक्ष mean?"): a run whose
   words include all the words of another run is left out, so only the word asked about counts.
3. If that finds nothing either (a question with a Hindi prompt only), the same on the spans
   quoted in the Hindi prompt (between ' ', " ", ‘ ’ or “ ”).

When one spelling belongs to several entries (राजनयिक the noun "diplomat" and the adjective
"diplomatic"), the entries whose English meaning matches the question's English for that text
(the option's English, the matched pair's other side) are kept, else all of them.

The result is in order of first appearance, without repeats; it may be empty (a question about
a word the glossary does not have).
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from quizapp.core.gloss import find_terms
from quizapp.core.grading import QUESTION_TYPES
from quizapp.core.review import english_alternatives
from quizapp.core.text import answer_key

__all__ = ["GlossIndex", "GlossTerm", "question_words"]

_DEVANAGARI_RUN = re.compile(
    "[\u0900-\u097f\u200c\u200d]+(?:[\\s,\\-\u2013]+[\u0900-\u097f\u200c\u200d]+)*"
)
_QUOTED = re.compile("['\u2018\"\u201c]([^'\u2019\"\u201d]+)['\u2019\"\u201d]")


@dataclass(frozen=True)
class GlossTerm:
    """A glossary entry as the matcher sees it."""

    id: int
    #: The lemma and every surface form, in Devanagari.
    forms: tuple[str, ...]
    #: The English meaning as the glossary gives it.
    meaning: str = ""


class GlossIndex:
    """A passage's glossary, indexed by spelling (build once per passage version)."""

    def __init__(self, terms: Iterable[GlossTerm]):
        self.by_form: dict[str, list[GlossTerm]] = {}
        for term in terms:
            for form in dict.fromkeys(_nfc(f) for f in term.forms if f):
                self.by_form.setdefault(form, []).append(term)
        self._pairs = [(form, form) for form in self.by_form]
        self._meanings: dict[int, frozenset[str]] = {}

    def _meaning_keys(self, term: GlossTerm) -> frozenset[str]:
        if term.id not in self._meanings:
            self._meanings[term.id] = frozenset(
                answer_key(text) for text in english_alternatives(term.meaning)
            )
        return self._meanings[term.id]

    def entries_in(self, text: str, hint: str = "") -> list[int]:
        """Ids of the entries found in ``text`` (``hint``: English that picks among homographs)."""
        found: list[int] = []
        hint_keys = {answer_key(h) for h in english_alternatives(hint)} if hint else set()
        for match in find_terms(_nfc(text), self._pairs):
            candidates = self.by_form[match.key]
            if len(candidates) > 1 and hint_keys:
                preferred = [t for t in candidates if self._meaning_keys(t) & hint_keys]
                candidates = preferred or candidates
            found.extend(t.id for t in candidates)
        return list(dict.fromkeys(found))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _answer_texts(
    qtype: str, spec: Mapping[str, Any], missed: frozenset[int] | None
) -> list[tuple[str, str]]:
    """(Hindi text, English hint) pairs from the answer key (rule 1), as the type reads them."""
    reader = getattr(QUESTION_TYPES.get(qtype), "key_texts", None)
    texts = reader(spec, missed) if reader is not None else []
    return [(hi, en) for hi, en in texts if hi]


def _english_hint(qtype: str, spec: Mapping[str, Any]) -> str:
    """The English of the answer key, to choose among homographs found in the prompt."""
    reader = getattr(QUESTION_TYPES.get(qtype), "english_key", None)
    return reader(spec) if reader is not None else ""


def _focused(runs: list[str], index: GlossIndex, hint: str) -> list[int]:
    """Entries of the runs, leaving out a run whose entries include all of another run's."""
    sets = [index.entries_in(run, hint) for run in runs]
    kept: list[int] = []
    for i, entries in enumerate(sets):
        if not entries:
            continue
        broader = any(
            j != i and other and set(other) < set(entries) for j, other in enumerate(sets)
        )
        if not broader:
            kept.extend(entries)
    return list(dict.fromkeys(kept))


def question_words(
    qtype: str,
    spec: Mapping[str, Any],
    prompt_hi: str,
    prompt_en: str,
    index: GlossIndex,
    missed_parts: frozenset[int] | None = None,
) -> list[int]:
    """Ids of the glossary entries a vocabulary question is about (module docstring)."""
    spec = spec if isinstance(spec, Mapping) else {}
    found: list[int] = []
    for hindi, hint in _answer_texts(qtype, spec, missed_parts):
        found.extend(index.entries_in(hindi, hint))
    if found:
        return list(dict.fromkeys(found))
    hint = _english_hint(qtype, spec)
    found = _focused(_DEVANAGARI_RUN.findall(prompt_en or ""), index, hint)
    if found:
        return found
    return _focused(_QUOTED.findall(prompt_hi or ""), index, hint)
