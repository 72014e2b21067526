"""A ``Bank`` as Moodle GIFT text, lossless for the types GIFT can express.

GIFT holds one text per field. Each question is written in its first language with text
(Hindi, else English), then read back with the importer; whatever differs from the question —
the other language, evidence, skill, points, a cloze prompt, a name that is not the id… — goes
into one ``// quizapp: {…}`` comment line right before the question (a patch, see ``patch.py``).
Moodle ignores comments, and ``parse_gift`` applies them, so ``render_gift`` → ``parse_gift``
gives the bank back. The bank's passage and set go into a ``// quizapp-bank: {…}`` line at the
top, with a ``$CATEGORY:`` line naming the set for Moodle.

Written: mcq, multi, true_false, numeric, short_answer, matching and cloze with exactly one
blank (as a missing-word question). Weights, credits (``"credit": 0.75`` → ``%75%``) and
feedback per answer are written in GIFT's own syntax, so Moodle scores them as quizapp does;
a multi without weights is written with ±100/k (k correct options), Moodle's way of saying
quizapp's rule, and the comment restores it without them. A quizapp explanation is GIFT's
general feedback (``####``). Texts are escaped (``\\~ \\= \\# \\{ \\} \\: \\\\``, line
breaks as ``\\n``); a text that Moodle would misread — starting with ``[``, ``%``, ``//`` or
``$`` — gets a ``[plain]`` marker; ``->`` in an answer is written ``-\\>`` (GIFT cannot escape
it; Moodle shows the backslash, the quizapp comment restores the text).

Skipped with a warning naming the question: ordering and translation (GIFT has nothing like
them) and cloze with several blanks (a GIFT question has one answer block). A question whose
GIFT text cannot be read back (an invalid question, e.g. without answers) is skipped with a
warning too, never written half right.
"""

import json
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from quizapp.core.interchange.convert import ordered, question_to_dict, set_to_dict
from quizapp.core.interchange.gift_parse import (
    BANK_META_PREFIX,
    CATEGORY_PREFIX,
    META_PREFIX,
    QuestionReader,
)
from quizapp.core.interchange.model import LANGUAGES, Bank, Issue, QuestionData
from quizapp.core.interchange.patch import is_empty, make_patch

HEADER = (
    "// quizapp question bank in Moodle GIFT format.\n"
    "// A '// quizapp: {…}' line keeps what GIFT cannot hold (the other language, evidence,\n"
    "// skill, points); keep it just above its question, or delete it to drop those details."
)
_BLANK = re.compile(r"\{\{([^{}]*)\}\}")
_ESCAPES = {
    "\\": "\\\\",
    "~": "\\~",
    "=": "\\=",
    "#": "\\#",
    "{": "\\{",
    "}": "\\}",
    ":": "\\:",
    "\n": "\\n",
    "\r": "\\n",
}
_NEEDS_PLAIN = ("[", "//", "$", "%")


class _CannotWrite(Exception):
    """The question cannot be written as GIFT; the message says why."""


def compact_json(value: Any) -> str:
    """One line of JSON for a comment: real UTF-8, stable key order."""
    return json.dumps(ordered(value), ensure_ascii=False)


def primary(texts: Any) -> str:
    """The text GIFT shows: Hindi if there is any, else English (a plain label as it is)."""
    if isinstance(texts, str):
        return texts
    if isinstance(texts, Mapping):
        for lang in LANGUAGES:
            text = texts.get(lang)
            if isinstance(text, str) and text.strip():
                return text
    return ""


def escape(text: str, *, arrows: bool = False) -> str:
    """``text`` with GIFT's special characters escaped; line breaks as ``\\n``."""
    out = "".join(_ESCAPES.get(char, char) for char in text if not _is_control(char))
    return out.replace("->", "-\\>") if arrows else out


def _is_control(char: str) -> bool:
    """Control characters other than tab and line breaks, which a text file should not hold."""
    code = ord(char)
    return (code < 32 and char not in "\t\n\r") or 0x7F <= code < 0xA0


def piece(text: str, *, arrows: bool = False) -> str:
    """An escaped text that Moodle would not mistake for a format marker, weight or comment."""
    out = escape(text, arrows=arrows)
    return "[plain]" + out if out.lstrip().startswith(_NEEDS_PLAIN) else out


def _general_feedback(question: QuestionData) -> str:
    text = primary(question.explanation)
    return "####" + piece(text) if text else ""


def _feedback(texts: Any) -> str:
    text = primary(texts)
    return "#" + piece(text) if text else ""


def _number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _CannotWrite("its value is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise _CannotWrite("its value is not a finite number")
    return str(value) if isinstance(value, int) else repr(value)


def _weight(value: Any) -> str | None:
    """A weight as GIFT writes it (``50``, ``33.33333``); None if GIFT cannot hold it."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value) or not -100 <= value <= 100:
        return None
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")


def _options(question: QuestionData) -> list[Mapping[str, Any]]:
    options = question.spec.get("options")
    if not isinstance(options, list) or not all(isinstance(o, Mapping) for o in options):
        raise _CannotWrite("its options are not a list of objects")
    return options


def _mcq(question: QuestionData) -> str:
    lines = [piece(primary(question.prompt)) + "{"]
    for option in _options(question):
        if option.get("correct") is True:
            marker = "="
        else:
            weight = _weight(option.get("weight")) if "weight" in option else None
            marker = f"~%{weight}%" if weight is not None else "~"
        text = piece(primary(option), arrows=True)
        lines.append(f"\t{marker}{text}{_feedback(option.get('feedback'))}")
    return _close(lines, question)


def _multi(question: QuestionData) -> str:
    """Weights as written when every correct option has one (Moodle's rule); otherwise
    quizapp's rule written as Moodle's: ±100/k on the k correct options and the others."""
    options = _options(question)
    right = sum(option.get("correct") is True for option in options)
    share = _weight(round(100 / right, 5)) if right else None
    weights = [_weight(option.get("weight")) if "weight" in option else None for option in options]
    weighted = all(
        weight is not None and float(weight) > 0
        for option, weight in zip(options, weights, strict=True)
        if option.get("correct") is True
    )
    lines = [piece(primary(question.prompt)) + "{"]
    for option, weight in zip(options, weights, strict=True):
        if not weighted and share is not None:
            weight = share if option.get("correct") is True else f"-{share}"
        marker = f"~%{weight}%" if weight is not None else "~"
        text = piece(primary(option), arrows=True)
        lines.append(f"\t{marker}{text}{_feedback(option.get('feedback'))}")
    return _close(lines, question)


def _close(lines: list[str], question: QuestionData) -> str:
    general = _general_feedback(question)
    if general:
        lines.append("\t" + general)
    lines.append("}")
    return "\n".join(lines)


def _true_false(question: QuestionData) -> str:
    answer = question.spec.get("answer")
    if not isinstance(answer, bool):
        raise _CannotWrite("its answer is not true or false")
    feedback = question.spec.get("feedback")
    feedback = feedback if isinstance(feedback, Mapping) else {}
    right = primary(feedback.get("true" if answer else "false"))
    wrong = primary(feedback.get("false" if answer else "true"))
    block = "TRUE" if answer else "FALSE"
    if wrong:
        block += "#" + piece(wrong)
    elif right:
        block += "#"
    if right:
        block += "#" + piece(right)
    return f"{piece(primary(question.prompt))}{{{block}{_general_feedback(question)}}}"


def _numeric(question: QuestionData) -> str:
    spec = question.spec
    if "answers" not in spec:
        block = "#" + _number_range(spec)
        return f"{piece(primary(question.prompt))}{{{block}{_general_feedback(question)}}}"
    answers = spec["answers"]
    if not isinstance(answers, list) or not all(isinstance(a, Mapping) for a in answers):
        raise _CannotWrite("its answers are not a list of objects")
    lines = [piece(primary(question.prompt)) + "{#"]
    for answer in answers:
        lines.append(
            f"\t={_credit(answer)}{_number_range(answer)}{_feedback(answer.get('feedback'))}"
        )
    return _close(lines, question)


def _number_range(answer: Mapping[str, Any]) -> str:
    """``value`` or ``value:tolerance``."""
    text = _number(answer.get("value"))
    if "tolerance" in answer:
        text += ":" + _number(answer["tolerance"])
    return text


def _credit(answer: Mapping[str, Any]) -> str:
    """A credit 0..1 as GIFT's ``%weight%`` (``0.75`` → ``%75%``); nothing for full credit."""
    if "credit" not in answer:
        return ""
    credit = answer["credit"]
    if isinstance(credit, bool) or not isinstance(credit, int | float):
        raise _CannotWrite("a credit is not a number")
    if not math.isfinite(credit) or not 0 <= credit <= 1:
        raise _CannotWrite("a credit is not from 0 to 1")
    if credit == 1:
        return ""
    percent = (Decimal(repr(float(credit))) * 100).normalize()
    return f"%{format(percent, 'f')}%"


def _short_answer(question: QuestionData) -> str:
    accept = question.spec.get("accept")
    if not isinstance(accept, Mapping):
        raise _CannotWrite("its accepted answers are not an object {hi, en}")
    lines = [piece(primary(question.prompt)) + "{"]
    for lang in LANGUAGES:
        answers = accept.get(lang, [])
        if not isinstance(answers, list):
            raise _CannotWrite(f"its accepted {lang} answers are not a list")
        for answer in answers:
            if isinstance(answer, str):
                lines.append(f"\t={piece(answer, arrows=True)}")
            elif isinstance(answer, Mapping) and isinstance(answer.get("text"), str):
                text = piece(answer["text"], arrows=True)
                lines.append(f"\t={_credit(answer)}{text}{_feedback(answer.get('feedback'))}")
            else:
                raise _CannotWrite(f"an accepted {lang} answer is not a text or {{text, …}}")
    return _close(lines, question)


def _matching(question: QuestionData) -> str:
    pairs = question.spec.get("pairs")
    if not isinstance(pairs, list) or not all(isinstance(p, Mapping) for p in pairs):
        raise _CannotWrite("its pairs are not a list of objects")
    lines = [piece(primary(question.prompt)) + "{"]
    for pair in pairs:
        left = piece(primary(pair.get("left")), arrows=True)
        lines.append(f"\t={left} -> {escape(primary(pair.get('right')))}")
    return _close(lines, question)


def _cloze(question: QuestionData) -> str:
    texts = question.spec.get("text")
    text = primary(texts) if isinstance(texts, Mapping) else ""
    blanks = list(_BLANK.finditer(text))
    if len(blanks) != 1:
        raise _CannotWrite(f"a GIFT question holds one blank, this one has {len(blanks)}")
    blank = blanks[0]
    right = [part.strip() for part in blank.group(1).split("|")]
    choices = question.spec.get("choices")
    options = choices[0] if isinstance(choices, list) and len(choices) == 1 else None
    if options is not None:
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
            raise _CannotWrite("its choices are not a list of texts")
        answers = [("=" if option in right else "~", option) for option in options]
        answers += [("=", alternative) for alternative in right if alternative not in options]
    else:
        answers = [("=", alternative) for alternative in right]
    block = " ".join(marker + piece(answer, arrows=True) for marker, answer in answers)
    before, after = text[: blank.start()], text[blank.end() :]
    return f"{piece(before)}{{{block}{_general_feedback(question)}}}{escape(after)}"


_WRITERS: dict[str, Callable[[QuestionData], str]] = {
    "mcq": _mcq,
    "multi": _multi,
    "true_false": _true_false,
    "numeric": _numeric,
    "short_answer": _short_answer,
    "matching": _matching,
    "cloze": _cloze,
}


def _write_question(question: QuestionData) -> list[str]:
    """The GIFT lines of one question, its quizapp comment first; _CannotWrite if impossible."""
    writer = _WRITERS.get(question.type)
    if writer is None:
        raise _CannotWrite(f"GIFT has no {question.type} questions")
    title = question.id if question.id is not None else question.name
    body = (f"::{escape(title)}::" if title else "") + writer(question)
    lines = body.split("\n")
    reader = QuestionReader([(n, line.strip()) for n, line in enumerate(lines, start=1)])
    got = reader.read()
    if reader.errors or got is None:
        reason = reader.errors[0].message if reader.errors else "it reads back as no question"
        raise _CannotWrite(f"its GIFT text cannot be read back ({reason})")
    patch = make_patch(question_to_dict(question), got)
    if is_empty(patch):
        return lines
    return [f"{META_PREFIX} {compact_json(patch)}", *lines]


def render_gift(bank: Bank) -> tuple[str, list[Issue]]:
    """A bank as GIFT text, and a warning for each question GIFT cannot hold (skipped)."""
    warnings: list[Issue] = []
    out = [HEADER]
    meta: dict[str, Any] = {}
    if bank.passage is not None:
        meta["passage"] = bank.passage
    if bank.set is not None:
        meta["set"] = set_to_dict(bank.set)
    if meta:
        out.append(f"{BANK_META_PREFIX} {compact_json(meta)}")
    title = primary(bank.set.title) if bank.set is not None else ""
    if title.strip():
        category = " ".join(title.split()).replace("/", "//")
        out.append(f"{CATEGORY_PREFIX} {category}")
    for index, question in enumerate(bank.questions):
        try:
            lines = _write_question(question)
        except _CannotWrite as reason:
            label = question.id or question.name or f"#{index + 1}"
            warnings.append(
                Issue(
                    question.source or f"questions[{index}]",
                    f"Question {label!r} ({question.type}) was not exported to GIFT: {reason}.",
                    "warning",
                )
            )
            continue
        out.append("")
        out.extend(lines)
    return "\n".join(out) + "\n", warnings
