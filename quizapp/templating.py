"""Every filter and test the templates use, in one place and registered once by create_app.

They turn stored values into what a page shows: which language a label is in, a cloze text cut
at its blanks, points and percents as people write them.
"""

import re

from flask import Flask

from quizapp.core.grading.common import is_answered

_DEVANAGARI = re.compile("[\u0900-\u097f]")
_PLACEHOLDER = re.compile(r"\{\{(\d+)\}\}")


def script_lang(text) -> str:
    """ "hi" for text with Devanagari in it, else "en" (for ``lang`` attributes)."""
    return "hi" if _DEVANAGARI.search(str(text)) else "en"


def label_parts(value, mode: str = "both") -> list[dict]:
    """A label (string or {hi?, en?}) as the spans to show for the set's prompt language.

    ``only`` marks a part that is the label's only language: shown whatever the switch says.
    """
    if isinstance(value, str):
        return [{"lang": script_lang(value), "text": value, "only": True}]
    texts = {lang: value.get(lang) for lang in ("hi", "en") if value.get(lang)}
    if mode in texts:
        texts = {mode: texts[mode]}
    return [{"lang": lang, "text": text, "only": len(texts) == 1} for lang, text in texts.items()]


def label_text(value, mode: str = "both") -> str:
    """A label as plain text (for ``<option>``): both languages joined by a middle dot."""
    return " · ".join(part["text"] for part in label_parts(value, mode))


def cloze_parts(text: str) -> list[dict]:
    """A cloze text cut at its numbered placeholders: {"text": …} and {"blank": 0-based}."""
    parts: list[dict] = []
    last = 0
    for match in _PLACEHOLDER.finditer(text):
        parts.append({"text": text[last : match.start()]})
        parts.append({"blank": int(match.group(1)) - 1})
        last = match.end()
    parts.append({"text": text[last:]})
    return [p for p in parts if p.get("text") != ""]


def item_order(answer, size: int) -> list[int]:
    """The order to show ordering items in: the saved one if it is a permutation."""
    if isinstance(answer, list) and sorted(answer) == list(range(size)):
        return answer
    return list(range(size))


def points(value) -> str:
    """7.0 → "7", 7.5 → "7.5", 0.6667 → "0.67"."""
    return f"{round(float(value or 0), 2):g}"


def percent(fraction) -> str:
    """0.8 → "80"."""
    return f"{round(100 * float(fraction or 0)):d}"


FILTERS = {
    "script_lang": script_lang,
    "label_parts": label_parts,
    "label_text": label_text,
    "cloze_parts": cloze_parts,
    "item_order": item_order,
    "points": points,
    "percent": percent,
}
TESTS = {"answered": is_answered}


def init_app(app: Flask) -> None:
    """Register the filters and tests."""
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.tests.update(TESTS)
