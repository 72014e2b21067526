"""Question and set objects (the bank-JSON shape) to dataclasses and back, shared by both formats.

``question_from_dict`` checks the JSON *types* of the common fields and reports each problem with
its location; the values themselves (skill names, points > 0, the spec) are ``validate_bank``'s
business. A GIFT question is first built as such a dict, so both formats meet the same checks.
"""

import math
import re
from collections.abc import Mapping
from typing import Any

from quizapp.core.interchange.model import (
    COMMON_FIELDS,
    LANGUAGES,
    Issue,
    QuestionData,
    SetData,
)

_DEVANAGARI = re.compile(r"[\u0900-\u097F\uA8E0-\uA8FF]")
_JSON_PATH = re.compile(r"[A-Za-z_]\w*(?:\[\d+\]|\.\w+)*")

#: Preferred key order when writing objects: common fields, then spec fields, then the rest.
_KEY_ORDER = (
    "format",
    "passage",
    "set",
    "questions",
    "id",
    "name",
    "type",
    "skill",
    "points",
    "title",
    "settings",
    "prompt_language",
    "shuffle",
    "attempts_allowed",
    "time_limit_minutes",
    "prompt",
    "text",
    "source",
    "options",
    "fixed_order",
    "answer",
    "value",
    "tolerance",
    "answers",
    "unit",
    "accept",
    "choices",
    "pairs",
    "left",
    "right",
    "items",
    "references",
    "near_miss_credit",
    "tolerant",
    "hi",
    "en",
    "correct",
    "weight",
    "credit",
    "feedback",
    "true",
    "false",
    "explanation",
    "evidence",
)
_RANK = {key: rank for rank, key in enumerate(_KEY_ORDER)}


def is_devanagari(text: str) -> bool:
    """True when ``text`` has at least one Devanagari character."""
    return bool(_DEVANAGARI.search(text))


def language_of(text: str) -> str:
    """ "hi" for text with Devanagari in it, else "en"."""
    return "hi" if is_devanagari(text) else "en"


def localize(text: str) -> dict[str, str]:
    """A single text as ``{hi: …}`` or ``{en: …}`` by its script; ``{}`` when it is empty."""
    return {language_of(text): text} if text else {}


def locate(base: str, path: str) -> str:
    """``path`` (``options[1].correct``) inside ``base``: a JSON path or a place (``line 12``)."""
    if not path:
        return base
    if not base:
        return path
    if _JSON_PATH.fullmatch(base):
        return f"{base}{path}" if path.startswith("[") else f"{base}.{path}"
    return f"{base}, {path}"


def json_type(value: Any) -> str:
    """The JSON name of ``value``'s type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def ordered(value: Any) -> Any:
    """``value`` with every object's keys in a stable, readable order (for writing files)."""
    if isinstance(value, Mapping):
        keys = sorted(value, key=lambda k: (_RANK.get(k, len(_RANK)), str(k)))
        return {key: ordered(value[key]) for key in keys}
    if isinstance(value, list | tuple):
        return [ordered(item) for item in value]
    return value


def plain_number(value: float) -> int | float:
    """A float that is a whole number as an int (``2.0`` → ``2``), for tidy files."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


class _Reader:
    """Reads fields of one object, recording an issue per problem at its location."""

    def __init__(self, base: str, errors: list[Issue]) -> None:
        self.base = base
        self.errors = errors
        self.count = len(errors)

    def error(self, path: str, message: str) -> None:
        self.errors.append(Issue(locate(self.base, path), message))

    @property
    def ok(self) -> bool:
        return len(self.errors) == self.count

    def id(self, value: Any, path: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str):
            return value
        self.error(path, f"Expected text, got {json_type(value)}.")
        return None

    def optional_text(self, value: Any, path: str) -> str | None:
        if value is None or isinstance(value, str):
            return value
        self.error(path, f"Expected text, got {json_type(value)}.")
        return None

    def localized(self, value: Any, path: str) -> dict[str, str]:
        """``{hi?, en?}``; a plain string is put under its script's language."""
        if isinstance(value, str):
            return localize(value)
        if not isinstance(value, Mapping):
            self.error(path, f"Expected an object {{hi, en}} or text, got {json_type(value)}.")
            return {}
        result = {}
        for key, text in value.items():
            where = f"{path}.{key}"
            if key not in LANGUAGES:
                self.error(where, "Unknown language; expected hi or en.")
            elif not isinstance(text, str):
                self.error(where, f"Expected text, got {json_type(text)}.")
            else:
                result[key] = text
        return result

    def points(self, value: Any, path: str) -> float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                return float(value)
            except OverflowError:
                self.error(path, "The number is too large.")
                return 1.0
        self.error(path, f"Expected a number, got {json_type(value)}.")
        return 1.0


def question_from_dict(obj: Any, base: str, errors: list[Issue]) -> QuestionData | None:
    """A bank-JSON question object as ``QuestionData``; None (and issues) if a field is mistyped."""
    read = _Reader(base, errors)
    if not isinstance(obj, Mapping):
        read.error("", f"Expected a question object, got {json_type(obj)}.")
        return None
    question_type = obj.get("type")
    if "type" not in obj:
        read.error("type", "This field is required.")
    elif not isinstance(question_type, str):
        read.error("type", f"Expected text, got {json_type(question_type)}.")
    if "prompt" not in obj:
        read.error("prompt", "This field is required.")
    prompt = read.localized(obj.get("prompt", {}), "prompt")
    explanation = obj.get("explanation")
    explanation = {} if explanation is None else read.localized(explanation, "explanation")
    evidence = obj.get("evidence")
    keys: list[str] = []
    if evidence is not None and not isinstance(evidence, list):
        read.error("evidence", f"Expected a list of sentence ids, got {json_type(evidence)}.")
    for index, key in enumerate(evidence if isinstance(evidence, list) else ()):
        if isinstance(key, str):
            keys.append(key)
        else:
            read.error(f"evidence[{index}]", f"Expected a sentence id, got {json_type(key)}.")
    points = read.points(obj["points"], "points") if "points" in obj else 1.0
    question = QuestionData(
        id=read.id(obj.get("id"), "id"),
        name=read.optional_text(obj.get("name"), "name"),
        type=question_type if isinstance(question_type, str) else "",
        prompt=prompt,
        explanation=explanation,
        evidence=tuple(keys),
        skill=read.optional_text(obj.get("skill"), "skill"),
        points=points,
        spec={key: value for key, value in obj.items() if key not in COMMON_FIELDS},
        source=base,
    )
    return question if read.ok else None


def question_to_dict(question: QuestionData) -> dict[str, Any]:
    """A question as a bank-JSON object, leaving out what is empty or the default."""
    obj: dict[str, Any] = {}
    if question.id is not None:
        obj["id"] = question.id
    if question.name is not None:
        obj["name"] = question.name
    obj["type"] = question.type
    if question.skill is not None:
        obj["skill"] = question.skill
    if question.points != 1:
        obj["points"] = plain_number(question.points)
    obj["prompt"] = dict(question.prompt)
    obj.update({k: v for k, v in question.spec.items() if k not in COMMON_FIELDS})
    if question.explanation:
        obj["explanation"] = dict(question.explanation)
    if question.evidence:
        obj["evidence"] = list(question.evidence)
    return ordered(obj)


_SET_FIELDS = ("id", "title", "settings")


def set_from_dict(obj: Any, base: str, errors: list[Issue]) -> SetData | None:
    """A bank-JSON ``set`` object as ``SetData``; None (and issues) if it is malformed."""
    read = _Reader(base, errors)
    if not isinstance(obj, Mapping):
        read.error("", f"Expected an object {{id?, title, settings?}}, got {json_type(obj)}.")
        return None
    for key in obj:
        if key not in _SET_FIELDS:
            read.error(str(key), "Unknown field; expected id, title, settings.")
    if "title" not in obj:
        read.error("title", "This field is required.")
    title = read.localized(obj.get("title", {}), "title")
    settings = obj.get("settings")
    if settings is None:
        settings = {}
    elif not isinstance(settings, Mapping):
        read.error("settings", f"Expected an object, got {json_type(settings)}.")
        settings = {}
    result = SetData(id=read.id(obj.get("id"), "id"), title=title, settings=dict(settings))
    return result if read.ok else None


def set_to_dict(data: SetData) -> dict[str, Any]:
    """A set as a bank-JSON object."""
    obj: dict[str, Any] = {}
    if data.id is not None:
        obj["id"] = data.id
    obj["title"] = dict(data.title)
    if data.settings:
        obj["settings"] = dict(data.settings)
    return ordered(obj)
