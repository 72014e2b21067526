"""The texts of an answer key that name words: what ``core.vocab`` looks glossary terms up in.

A type module that has such texts names its reader here (``key_texts``, and ``english_key``
for the English that picks among homographs); types without one have no words to add.
``key_texts`` gives (Hindi text, English hint) pairs; ``missed`` is the set of blanks or pairs
the learner got wrong, or None when unknown (then every part counts).
"""

import re
from collections.abc import Mapping
from typing import Any

from quizapp.core.text import is_devanagari

_BLANK = re.compile(r"\{\{([^{}]*)\}\}")


def label_sides(label: Any) -> tuple[str, str]:
    """(Hindi, English) of a label that is a string or ``{hi?, en?}``."""
    if isinstance(label, Mapping):
        hi, en = label.get("hi"), label.get("en")
        return (hi if isinstance(hi, str) else ""), (en if isinstance(en, str) else "")
    if isinstance(label, str):
        return (label, "") if is_devanagari(label) else ("", label)
    return "", ""


def _correct_options(spec: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [
        option
        for option in spec.get("options") or []
        if isinstance(option, Mapping) and option.get("correct") is True
    ]


def options(spec: Mapping[str, Any], missed: frozenset[int] | None) -> list[tuple[str, str]]:
    """mcq, multi: the correct options."""
    return [label_sides(option) for option in _correct_options(spec)]


def options_english(spec: Mapping[str, Any]) -> str:
    """mcq, multi: the English of the correct options."""
    return " ; ".join(o["en"] for o in _correct_options(spec) if isinstance(o.get("en"), str))


def _full_credit(spec: Mapping[str, Any], lang: str) -> list[str]:
    """short_answer: the accepted answers in ``lang`` that earn full credit (a text alone, or
    ``{text, credit: 1}``); partly right ones are not the word a learner should learn."""
    texts = []
    for item in (spec.get("accept") or {}).get(lang) or []:
        if isinstance(item, Mapping) and item.get("credit", 1) == 1:
            item = item.get("text")
        if isinstance(item, str):
            texts.append(item)
    return texts


def accepted(spec: Mapping[str, Any], missed: frozenset[int] | None) -> list[tuple[str, str]]:
    """short_answer: the accepted Hindi answers, hinted by the accepted English ones."""
    hint = accepted_english(spec)
    return [(a, hint) for a in _full_credit(spec, "hi")]


def accepted_english(spec: Mapping[str, Any]) -> str:
    """short_answer: the accepted English answers."""
    return " ; ".join(_full_credit(spec, "en"))


def blanks(spec: Mapping[str, Any], missed: frozenset[int] | None) -> list[tuple[str, str]]:
    """cloze: every alternative of the missed blanks of a Hindi text."""
    text = (spec.get("text") or {}).get("hi")
    if not isinstance(text, str):
        return []
    return [
        (alternative.strip(), "")
        for number, blank in enumerate(_BLANK.finditer(text))
        if missed is None or number in missed
        for alternative in blank.group(1).split("|")
    ]


def pairs(spec: Mapping[str, Any], missed: frozenset[int] | None) -> list[tuple[str, str]]:
    """matching: the Hindi side of the missed pairs, hinted by the English side."""
    texts = []
    for number, pair in enumerate(spec.get("pairs") or []):
        if not isinstance(pair, Mapping) or (missed is not None and number not in missed):
            continue
        left_hi, left_en = label_sides(pair.get("left"))
        right_hi, right_en = label_sides(pair.get("right"))
        texts.append((left_hi or right_hi, right_en or left_en))
    return texts
