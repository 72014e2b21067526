"""Check a parsed ``Bank`` before anything is stored: every error, each with its location.

Common fields are checked here; each question's type-specific spec by its grading module
(``quizapp.core.grading.validate_spec``), whose paths are prefixed with the question's location
(``questions[3].options[1].correct``, ``line 12, options[1].correct``).
"""

import math
import re
from collections.abc import Mapping
from typing import Any

from quizapp.core.grading import validate_spec
from quizapp.core.grading.base import N_, Message
from quizapp.core.interchange.convert import json_type, locate
from quizapp.core.interchange.model import LANGUAGES, SKILLS, Bank, Issue, QuestionData, SetData

EVIDENCE_ID = re.compile(r"^p\d+s\d+$")
PASSAGE_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
#: As long as the database's columns hold: a longer id, title or name would be a 500 there
#: (PostgreSQL refuses what does not fit) instead of a line-numbered error here.
MAX_ID_CHARS = 120
MAX_TITLE_CHARS = 300
MAX_NAME_CHARS = 200
#: attempts_allowed and time_limit_minutes stay within a database integer, and sensible.
MAX_SETTING_NUMBER = 10_000
#: Most values (options, pairs, texts…) one question's spec may hold; more is not a quiz.
MAX_SPEC_VALUES = 2000

PROMPT_LANGUAGES = ("hi", "en", "both")
FEEDBACK_TIMINGS = ("immediate", "after_submit", "after_due", "never")


def validate_bank(bank: Bank) -> list[Issue]:
    """Every error in ``bank`` (empty when it can be imported)."""
    errors: list[Issue] = []
    if bank.passage is not None and not (
        isinstance(bank.passage, str)
        and len(bank.passage) <= 120
        and PASSAGE_SLUG.match(bank.passage)
    ):
        errors.append(
            Issue(
                "passage",
                Message(
                    N_("%(slug)r is not a passage slug (like 'my-passage')."), slug=bank.passage
                ),
            )
        )
    if bank.set is not None:
        errors.extend(_set_errors(bank.set))
    if not bank.questions:
        errors.append(Issue("questions", N_("The bank has no questions.")))
    first_use: dict[str, str] = {}
    for index, question in enumerate(bank.questions):
        base = question.source or f"questions[{index}]"
        errors.extend(_question_errors(question, base))
        if isinstance(question.id, str) and question.id.strip():
            if question.id in first_use:
                errors.append(
                    Issue(
                        locate(base, "id"),
                        Message(
                            N_("Duplicate id %(id)r (first used at %(first)s)."),
                            id=question.id,
                            first=first_use[question.id],
                        ),
                    )
                )
            else:
                first_use[question.id] = base
    return errors


def _question_errors(question: QuestionData, base: str) -> list[Issue]:
    """The errors of one question, located under ``base``."""
    errors: list[Issue] = []

    def error(path: str, message: str) -> None:
        errors.append(Issue(locate(base, path), message))

    if question.id is not None:
        if not isinstance(question.id, str) or not question.id.strip():
            error("id", N_("An id must be non-empty text."))
        elif len(question.id) > MAX_ID_CHARS:
            error("id", Message(N_("An id is at most %(limit)d characters."), limit=MAX_ID_CHARS))
    if isinstance(question.name, str) and len(question.name) > MAX_NAME_CHARS:
        error("name", Message(N_("A name is at most %(limit)d characters."), limit=MAX_NAME_CHARS))
    _check_texts(question.prompt, "prompt", error, required=True)
    _check_texts(question.explanation, "explanation", error, required=False)
    if question.skill is not None and question.skill not in SKILLS:
        error(
            "skill",
            Message(
                N_("Unknown skill %(skill)r; expected one of %(known)s."),
                skill=question.skill,
                known=", ".join(SKILLS),
            ),
        )
    points = question.points
    if isinstance(points, bool) or not isinstance(points, int | float):
        error("points", Message(N_("Expected a number, got %(type)s."), type=json_type(points)))
    elif not math.isfinite(points):
        error("points", N_("Expected a finite number."))
    elif points <= 0:
        error("points", N_("Points must be a number greater than 0."))
    for index, key in enumerate(question.evidence):
        if not isinstance(key, str) or not EVIDENCE_ID.match(key):
            error(
                f"evidence[{index}]",
                Message(N_("%(key)r is not a sentence id like 'p1s1'."), key=key),
            )
    if _count_values(question.spec, MAX_SPEC_VALUES) > MAX_SPEC_VALUES:
        error(
            "",
            Message(
                N_("The question is too large (more than %(limit)d options, pairs or texts)."),
                limit=MAX_SPEC_VALUES,
            ),
        )
        return errors
    try:
        problems = validate_spec(question.type, question.spec)
    except Exception as crash:  # a grading bug must not turn a bad file into a server error
        error(
            "",
            Message(
                N_("The question could not be checked (%(error)s)."), error=type(crash).__name__
            ),
        )
        return errors
    errors.extend(Issue(locate(base, problem.path), problem.message) for problem in problems)
    return errors


def _count_values(value: Any, limit: int) -> int:
    """How many values ``value`` holds, counting stopped soon after ``limit``."""
    count = 1
    stack = [value]
    while stack and count <= limit:
        item = stack.pop()
        children = item.values() if isinstance(item, Mapping) else item
        if isinstance(item, Mapping | list | tuple):
            count += len(children)
            stack.extend(children)
    return count


def _check_texts(texts: Any, path: str, error: Any, *, required: bool) -> None:
    """``{hi?, en?}`` of strings; when ``required``, at least one of them not blank."""
    if not isinstance(texts, Mapping):
        error(
            path, Message(N_("Expected an object {hi, en}, got %(type)s."), type=json_type(texts))
        )
        return
    for lang, text in texts.items():
        if lang not in LANGUAGES:
            error(f"{path}.{lang}", N_("Unknown language; expected hi or en."))
        elif not isinstance(text, str):
            error(
                f"{path}.{lang}", Message(N_("Expected text, got %(type)s."), type=json_type(text))
            )
    if required and not any(isinstance(t, str) and t.strip() for t in texts.values()):
        error(path, N_("Give the text in Hindi (hi), English (en) or both."))


def _set_errors(data: SetData) -> list[Issue]:
    """The errors of the bank's set: a title, and settings of the right kinds."""
    errors: list[Issue] = []

    def error(path: str, message: str) -> None:
        errors.append(Issue(f"set.{path}", message))

    if data.id is not None and (not isinstance(data.id, str) or not data.id.strip()):
        error("id", N_("An id must be non-empty text."))
    elif data.id is not None and len(data.id) > MAX_ID_CHARS:
        error("id", Message(N_("An id is at most %(limit)d characters."), limit=MAX_ID_CHARS))
    _check_texts(data.title, "title", error, required=True)
    if isinstance(data.title, Mapping):
        for lang, text in data.title.items():
            if isinstance(text, str) and len(text) > MAX_TITLE_CHARS:
                error(
                    f"title.{lang}",
                    Message(N_("A title is at most %(limit)d characters."), limit=MAX_TITLE_CHARS),
                )
    settings = data.settings if isinstance(data.settings, Mapping) else {}
    checks = {
        "prompt_language": lambda v: v in PROMPT_LANGUAGES,
        "shuffle": lambda v: isinstance(v, bool),
        "attempts_allowed": _positive_int_or_null,
        "time_limit_minutes": _positive_int_or_null,
        "feedback": lambda v: v in FEEDBACK_TIMINGS,
    }
    expected = {
        "prompt_language": Message(N_("one of %(known)s"), known=", ".join(PROMPT_LANGUAGES)),
        "shuffle": Message(N_("true or false")),
        "attempts_allowed": Message(
            N_("a whole number from 1 to %(limit)d, or null"), limit=MAX_SETTING_NUMBER
        ),
        "time_limit_minutes": Message(
            N_("a whole number from 1 to %(limit)d, or null"), limit=MAX_SETTING_NUMBER
        ),
        "feedback": Message(N_("one of %(known)s"), known=", ".join(FEEDBACK_TIMINGS)),
    }
    for key, value in settings.items():
        if key not in checks:
            error(
                f"settings.{key}",
                Message(N_("Unknown setting; expected %(known)s."), known=", ".join(checks)),
            )
        elif not _safe(checks[key], value):
            error(
                f"settings.{key}",
                Message(
                    N_("Expected %(expected)s, got %(value)r."), expected=expected[key], value=value
                ),
            )
    return errors


def _positive_int_or_null(value: Any) -> bool:
    return value is None or (
        isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_SETTING_NUMBER
    )


def _safe(check: Any, value: Any) -> bool:
    """``check(value)``, False for values that cannot even be compared (lists, objects)."""
    try:
        return bool(check(value))
    except TypeError:
        return False
