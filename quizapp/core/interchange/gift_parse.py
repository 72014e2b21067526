"""Moodle GIFT text to a ``Bank``: every syntax error with its line, nothing half-read.

The syntax follows Moodle's own importer (question/format/gift/format.php) and its docs
(docs.moodle.org, "GIFT format"). How GIFT maps onto quizapp's question types:

- ``{=right ~wrong ~%50%half right}`` → ``mcq``: an answer's ``%weight%`` is kept as the
  option's ``weight`` and scored (choosing the half-right option earns 0.5); the option with
  100% (``=`` without a weight, or ``%100%``) is the correct one.
- ``{~%50%a ~%50%b ~%-100%c}`` (``~`` only, no ``=``) → ``multi``: weight > 0 is correct;
  every written weight is kept as the option's ``weight``, and scored as Moodle does (the
  chosen weights added up).
- ``{T}`` ``{TRUE}`` ``{F}`` ``{FALSE}`` → ``true_false``; ``{T#if wrong#if right}`` feedback
  goes to ``feedback.false`` / ``feedback.true`` (keyed by what the learner picks).
- ``{=a =b}`` (``=`` only, no ``->``) → ``short_answer``, ``accept`` split by script
  (Devanagari → hi, else en). An answer with ``%weight%`` or ``#feedback`` is written
  ``{"text", "credit"?, "feedback"?}`` (``=%75%Nazereth#Misspelled.`` → credit 0.75); weights
  are 0..100 here, as in Moodle, so a negative one is an error.
- ``{=left -> right …}`` → ``matching`` with plain-text sides; ``=-> extra`` distractors are
  dropped (warning).
- ``{#3.14:0.01}`` ``{#1..5}`` → ``numeric`` ``value``/``tolerance`` (``1..5`` → value 3,
  tolerance 2); several answers, or one with ``#feedback`` (``{#=1822:0#Yes! =%50%1822:2}``),
  → ``answers``, each with its ``credit`` and ``feedback``. Wrong-answer feedback (``~#…``) and
  ``*`` (any answer) are dropped (warning).
- Missing word — text after the block, ``Grant is {…} in the tomb.``: a choice or short-answer
  block that holds only right answers and plain distractors becomes ``cloze``: ``text`` is the
  sentence with ``{{right|alt}}`` in place of the block, choice blocks give all their options
  as ``choices``, and the prompt is the sentence with ``_____`` (Moodle's question text). A
  block with answer feedback or partial weights, which a blank cannot hold, stays what Moodle
  makes of it — mcq, multi or short_answer, the prompt with ``_____`` — as numeric,
  true/false and matching blocks always do.
- ``{}`` (essay) and text without any ``{…}`` (description) are skipped, with a warning naming
  the line.
- ``####general feedback`` → ``explanation``, which the results page shows after submitting,
  as Moodle shows general feedback; ``render_gift`` writes the explanation back there.
  ``#feedback`` on an answer → the option's or accepted answer's ``feedback`` (mcq, multi,
  short_answer, numeric) or ``feedback.true``/``false`` (true/false).
- ``::title::`` → ``id`` and ``name``. A title used twice gets the id ``title (2)`` (warning):
  Moodle titles need not be unique, quizapp ids must.
- ``[html]`` ``[moodle]`` ``[plain]`` ``[markdown]`` markers are removed. ``[html]`` text
  becomes plain text (``<br>`` and ``</p>`` give line breaks, entities are decoded, other tags
  are removed with a warning); Moodle and Markdown text is kept as written.
- ``$CATEGORY: $course$/top/Name`` — the last category in the file names the set (``Name``)
  when no ``// quizapp-bank`` comment gives one; otherwise categories are ignored.
- ``// quizapp: {…}`` right before a question: a patch (``patch.py``) restoring what GIFT
  cannot hold — the other language, evidence, skill, points. ``// quizapp-bank: {…}``: the
  bank's ``passage`` and ``set``. Both are written by ``render_gift``; other comments are
  ignored.

Texts go to ``hi`` when they contain Devanagari, else to ``en``. Escapes ``\\~ \\= \\# \\{ \\}
\\: \\\\`` give the character itself and ``\\n`` a line break; a line break in the file reads
as a space (like Markdown and HTML soft wraps). Questions are separated by blank lines; a
``$CATEGORY:`` line applies to its own line only. Syntax errors — unbalanced braces, ``->``
outside a matching block, a malformed ``%weight%``, a numeric answer that is not a number, an
unclosed title — are reported with their line, and the whole file is refused.
"""

import html
import json
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from quizapp.core.interchange.convert import (
    language_of,
    localize,
    question_from_dict,
    set_from_dict,
)
from quizapp.core.interchange.model import (
    MAX_QUESTIONS,
    Bank,
    BankFormatError,
    Issue,
    QuestionData,
    SetData,
)
from quizapp.core.interchange.patch import PatchError, apply_patch

META_PREFIX = "// quizapp:"
BANK_META_PREFIX = "// quizapp-bank:"
CATEGORY_PREFIX = "$CATEGORY:"
BLANK_LINE = "_____"
#: Most answers one answer block may list.
MAX_ANSWERS = 1000

FORMAT_MARKER = re.compile(r"\[(html|moodle|plain|markdown)\]")
_ESCAPE = re.compile(r"\\([\\~=#{}:n])")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_WEIGHT = re.compile(r"\s*[+-]?\d+(?:\.\d+)?\s*")
_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_HTML_BREAK = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|tr)\s*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^<>]*>")
_CATEGORY_SPLIT = re.compile(r"(?<!/)/(?!/)")
_CATEGORY_ROOTS = {"$course$", "$system$", "$module$", "$cat$", "top", ""}
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


class _Refused(Exception):
    """The question has a syntax error, already recorded; stop reading it."""


def unescape(text: str) -> str:
    """GIFT escapes resolved in a piece of text read on its own (a category name)."""
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def html_to_text(text: str) -> tuple[str, bool]:
    """``[html]`` text as plain text, and whether formatting tags had to be dropped."""
    text = _HTML_BREAK.sub("\n", text)
    dropped = bool(_HTML_TAG.search(text))
    text = html.unescape(_HTML_TAG.sub("", text))
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip(), dropped


class _Text:
    """The characters of one question with its escapes read; escaped ones never act as syntax."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        parts: list[str] = []
        literal = bytearray()
        self.starts: list[int] = []
        self.numbers: list[int] = []
        size = 0
        for index, (number, line) in enumerate(lines):
            if index:
                parts.append(" ")  # a line break inside a question reads as a space
                literal.append(0)
                size += 1
            self.starts.append(size)
            self.numbers.append(number)
            position = 0
            for match in _ESCAPE.finditer(line):
                plain = line[position : match.start()]
                parts.append(plain)
                literal.extend(bytes(len(plain)))
                parts.append("\n" if match.group(1) == "n" else match.group(1))
                literal.append(1)
                size += len(plain) + 1
                position = match.end()
            plain = line[position:]
            parts.append(plain)
            literal.extend(bytes(len(plain)))
            size += len(plain)
        self.s = "".join(parts)
        self.literal = bytes(literal)

    def line_at(self, position: int) -> int:
        """The file line of the character at ``position``."""
        index = max(bisect_right(self.starts, max(position, 0)) - 1, 0)
        return self.numbers[index]

    def is_syntax(self, position: int, token: str) -> bool:
        """True when ``token`` starts at ``position`` and none of it was escaped."""
        end = position + len(token)
        return self.s.startswith(token, position) and not any(self.literal[position:end])

    def find(self, token: str, start: int, end: int) -> int:
        """The first unescaped ``token`` in ``start:end``, or -1."""
        index = self.s.find(token, start, end)
        while index >= 0 and any(self.literal[index : index + len(token)]):
            index = self.s.find(token, index + 1, end)
        return index

    def rfind(self, token: str, start: int, end: int) -> int:
        """The last unescaped ``token`` in ``start:end``, or -1."""
        index = self.s.rfind(token, start, end)
        while index >= 0 and any(self.literal[index : index + len(token)]):
            index = self.s.rfind(token, start, index + len(token) - 1)
        return index

    def positions(self, char: str, start: int, end: int) -> list[int]:
        """Every unescaped ``char`` in ``start:end``."""
        found = []
        index = self.find(char, start, end)
        while index >= 0:
            found.append(index)
            index = self.find(char, index + 1, end)
        return found

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """``start:end`` without surrounding whitespace."""
        while start < end and self.s[start].isspace():
            start += 1
        while end > start and self.s[end - 1].isspace():
            end -= 1
        return start, end


@dataclass(frozen=True)
class _Answer:
    """One answer of a block: its marker (``=``/``~``), ``%weight%``, text and ``#feedback``."""

    marker: str
    weight: int | float | None
    text: str
    feedback: str


class QuestionReader:
    """Reads the lines of one GIFT question into a bank-JSON question dict."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.t = _Text(lines)
        self.first_line = lines[0][0]
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self.format = "moodle"

    # --- reporting -----------------------------------------------------------------------

    def error(self, position: int, message: str) -> None:
        self.errors.append(Issue(f"line {self.t.line_at(position)}", message))

    def refuse(self, position: int, message: str) -> _Refused:
        self.error(position, message)
        return _Refused()

    def warn(self, message: str, line: int | None = None) -> None:
        issue = Issue(f"line {line or self.first_line}", message, "warning")
        if issue not in self.warnings:
            self.warnings.append(issue)

    # --- texts ---------------------------------------------------------------------------

    def clean(self, raw: str) -> str:
        """A text as quizapp stores it: trimmed, format marker removed, HTML made plain."""
        text = raw.strip()
        text_format = self.format
        marker = FORMAT_MARKER.match(text)
        if marker:
            text_format = marker.group(1)
            text = text[marker.end() :].strip()
        if text_format == "html":
            text, dropped = html_to_text(text)
            if dropped:
                self.warn("HTML formatting was removed; the text is kept as plain text.")
        return text

    def text(self, start: int, end: int) -> str:
        return self.clean(self.t.s[start:end])

    # --- the question --------------------------------------------------------------------

    def read(self) -> dict[str, Any] | None:
        """The question as a bank-JSON dict; None when skipped (a warning) or refused (errors)."""
        try:
            return self._read()
        except _Refused:
            return None

    def _read(self) -> dict[str, Any] | None:
        t = self.t
        start, end = t.trim(0, len(t.s))
        title = None
        if t.is_syntax(start, "::"):
            close = t.find("::", start + 2, end)
            if close < 0:
                raise self.refuse(start, "The question title opened with '::' is not closed.")
            title = t.s[start + 2 : close].strip()
            start, end = t.trim(close + 2, end)
        opening = t.positions("{", start, end)
        closing = t.positions("}", start, end)
        if not opening and not closing:
            self.warn(
                "Skipped a description (text without an answer block {…}): "
                "quizapp has no description questions."
            )
            return None
        self._check_braces(opening, closing)
        head = t.s[start : opening[0]].lstrip()
        marker = FORMAT_MARKER.match(head)
        if marker:
            self.format = marker.group(1)
        block_start, block_end = opening[0] + 1, closing[0]
        before, after = t.s[start : opening[0]], t.s[block_end + 1 : end]
        missing_word = bool(after.strip())
        explanation = ""
        general = t.rfind("####", block_start, block_end)
        if general >= 0:
            explanation = self.text(general + 4, block_end)
            block_end = general
        block_start, block_end = t.trim(block_start, block_end)
        if block_start == block_end:
            self.warn("Skipped an essay question (empty answer block {}): quizapp has no essays.")
            return None
        question = self._block(block_start, block_end, before, after, missing_word)
        if self.errors:
            return None
        if title:
            question = {"id": title, "name": title, **question}
        if explanation:
            question["explanation"] = localize(explanation)
        return question

    def _check_braces(self, opening: list[int], closing: list[int]) -> None:
        if not opening or (closing and closing[0] < opening[0]):
            raise self.refuse(closing[0], "'}' without an opening '{' (write \\} for a brace).")
        if not closing:
            raise self.refuse(
                opening[0],
                "'{' is never closed: the answer block needs its '}' before the next blank line.",
            )
        if len(opening) > 1 and opening[1] < closing[0]:
            raise self.refuse(opening[1], "'{' inside an answer block (write \\{ for a brace).")
        if len(opening) > 1:
            raise self.refuse(
                opening[1],
                "A second answer block: one question has one {…}; separate questions "
                "with a blank line.",
            )
        if len(closing) > 1:
            raise self.refuse(closing[1], "'}' without an opening '{' (write \\} for a brace).")

    def _block(
        self, start: int, end: int, before: str, after: str, missing_word: bool
    ) -> dict[str, Any]:
        """The type and spec from the answer block, with the prompt around it."""
        t = self.t
        if t.is_syntax(start, "#"):
            question_type, spec = "numeric", self._numeric(start + 1, end)
        elif t.positions("~", start, end):
            return self._choice(start, end, before, after, missing_word)
        elif t.find("=", start, end) >= 0 and t.find("->", start, end) >= 0:
            question_type, spec = "matching", self._matching(start, end)
        elif self._true_false_word(start, end) is not None:
            question_type, spec = "true_false", self._true_false(start, end)
        else:
            return self._short_answer(start, end, before, after, missing_word)
        prompt = before + BLANK_LINE + after if missing_word else before
        return {"type": question_type, "prompt": localize(self.clean(prompt)), **spec}

    # --- answers -------------------------------------------------------------------------

    def _answers(self, start: int, end: int, markers: str) -> list[tuple[str, int, int]]:
        """The answers of a block as (marker, start, end), split at unescaped markers."""
        t = self.t
        found = sorted(p for marker in markers for p in t.positions(marker, start, end))
        lead = t.s[start : found[0] if found else end].strip()
        if lead:
            shown = lead if len(lead) <= 30 else lead[:30] + "…"
            listed = " or ".join(f"'{m}'" for m in markers)
            raise self.refuse(
                start, f"Text before the first answer ({shown!r}): start each answer with {listed}."
            )
        if len(found) > MAX_ANSWERS:
            raise self.refuse(
                start, f"Too many answers in one block ({len(found):,}); at most {MAX_ANSWERS:,}."
            )
        bounds = [*found, end]
        return [(t.s[p], p + 1, bounds[i + 1]) for i, p in enumerate(found)]

    def _weight(self, start: int, end: int) -> tuple[int | float | None, int]:
        """A ``%weight%`` at the start of an answer, and where the rest begins."""
        t = self.t
        start, end = t.trim(start, end)
        if start >= end or t.s[start] != "%":
            return None, start
        close = t.s.find("%", start + 1, end)
        raw = t.s[start + 1 : close] if close >= 0 else t.s[start + 1 : end]
        weight = _parse_weight(raw) if close >= 0 else None
        if weight is None or not -100 <= weight <= 100:
            shown = f"%{raw}%" if close >= 0 else f"%{raw[:20]}"
            raise self.refuse(
                start,
                f"Unknown weight syntax {shown!r}: a weight is a percentage from -100 to 100 "
                "between % signs, like ~%50%answer (start a text with [plain] to begin it "
                "with %).",
            )
        return weight, close + 1

    def _answer(self, marker: str, start: int, end: int) -> _Answer:
        """One answer: weight, text and ``#feedback``; ``->`` belongs to matching blocks only."""
        t = self.t
        weight, start = self._weight(start, end)
        hash_at = t.find("#", start, end)
        text_end = hash_at if hash_at >= 0 else end
        arrow = t.find("->", start, text_end)
        if arrow >= 0:
            raise self.refuse(arrow, "'->' is only used in matching questions ({=left -> right}).")
        feedback = self.text(hash_at + 1, end) if hash_at >= 0 else ""
        return _Answer(marker, weight, self.text(start, text_end), feedback)

    def _choice(
        self, start: int, end: int, before: str, after: str, missing_word: bool
    ) -> dict[str, Any]:
        """``{=right ~wrong}`` → mcq; ``{~%50%a ~%50%b ~c}`` (no ``=``) → multi."""
        answers = [self._answer(m, a, b) for m, a, b in self._answers(start, end, "~=")]
        single = any(answer.marker == "=" for answer in answers)
        options = []
        for answer in answers:
            if single:
                weight = answer.weight
                correct = (weight if weight is not None else _MARKER_WEIGHT[answer.marker]) == 100
            else:
                correct = answer.weight is not None and answer.weight > 0
            option: dict[str, Any] = {**localize(answer.text), "correct": correct}
            if answer.weight is not None:
                option["weight"] = answer.weight
            if answer.feedback:
                option["feedback"] = localize(answer.feedback)
            options.append(option)
        plain = single and all(
            not answer.feedback and answer.weight in (None, _MARKER_WEIGHT[answer.marker])
            for answer in answers
        )
        right = [a.text for a, o in zip(answers, options, strict=True) if o["correct"]]
        if missing_word and not right:
            raise self.refuse(start, "This missing-word block has no right answer ('=').")
        if missing_word and plain:
            return self._cloze(right, [a.text for a in answers], before, after, start)
        question_type = "mcq" if single else "multi"
        return {
            "type": question_type,
            "prompt": self._prompt(before, after, missing_word),
            "options": options,
        }

    def _prompt(self, before: str, after: str, missing_word: bool) -> dict[str, str]:
        """The question text, with ``_____`` where a missing-word block stood (as Moodle)."""
        return localize(self.clean(before + BLANK_LINE + after if missing_word else before))

    def _credit(self, answer: _Answer, start: int) -> int | float:
        """A typed answer's ``%weight%`` as a credit 0..1 (none is full credit)."""
        if answer.weight is None:
            return 1
        if answer.weight < 0:
            raise self.refuse(
                start,
                f"A typed answer's weight is from 0% to 100%, not {answer.weight}% "
                "(negative weights belong to multiple-choice options).",
            )
        return _credit_of(answer.weight)

    def _short_answer(
        self, start: int, end: int, before: str, after: str, missing_word: bool
    ) -> dict[str, Any]:
        """``{=a =%50%b#feedback}`` → short_answer (or cloze in the middle of a sentence)."""
        if not self.t.is_syntax(start, "="):
            shown = self.t.s[start:end][:30]
            raise self.refuse(
                start,
                f"Cannot read the answer block {{{shown}…}}: answers start with '=' (right) or "
                "'~' (wrong); true/false is {T} or {F}, numbers {#…}.",
            )
        spans = self._answers(start, end, "=")
        answers = [self._answer(m, a, b) for m, a, b in spans]
        credits = [
            self._credit(answer, a) for answer, (_, a, _) in zip(answers, spans, strict=True)
        ]
        if 1 not in credits:
            raise self.refuse(
                start, "No answer has full credit: give at least one '=answer' without a weight."
            )
        plain = all(
            credit == 1 and not a.feedback for a, credit in zip(answers, credits, strict=True)
        )
        if missing_word and plain:
            return self._cloze([a.text for a in answers], None, before, after, start)
        accept: dict[str, list[Any]] = {}
        for answer, credit in zip(answers, credits, strict=True):
            item: Any = answer.text
            if credit != 1 or answer.feedback:
                item = {"text": answer.text}
                if credit != 1:
                    item["credit"] = credit
                if answer.feedback:
                    item["feedback"] = localize(answer.feedback)
            accept.setdefault(language_of(answer.text), []).append(item)
        return {
            "type": "short_answer",
            "prompt": self._prompt(before, after, missing_word),
            "accept": dict(sorted(accept.items())),
        }

    def _cloze(
        self, right: list[str], choices: list[str] | None, before: str, after: str, at: int
    ) -> dict[str, Any]:
        """A missing-word question: the sentence with ``{{right|alt}}``, the prompt with ____."""
        for text in right:
            if "|" in text:
                raise self.refuse(at, f"A missing-word answer cannot contain '|': {text!r}.")
        text = self.clean(before + "{{" + "|".join(right) + "}}" + after)
        prompt = self.clean(before + BLANK_LINE + after)
        lang = language_of(text)
        question: dict[str, Any] = {
            "type": "cloze",
            "prompt": {lang: prompt} if prompt else {},
            "text": {lang: text},
        }
        if choices is not None:
            question["choices"] = [choices]
        return question

    def _matching(self, start: int, end: int) -> dict[str, Any]:
        """``{=left -> right …}``: plain-text pairs; ``=-> extra`` distractors are dropped."""
        t = self.t
        pairs = []
        for _, a, b in self._answers(start, end, "="):
            arrow = t.find("->", a, b)
            if arrow < 0:
                raise self.refuse(
                    a, "A matching pair is written '=left -> right'; this one has no '->'."
                )
            left, right = self.text(a, arrow), t.s[arrow + 2 : b].strip()
            if not left:
                self.warn(
                    f"The extra right-hand item {right!r} (no left item) was dropped: "
                    "quizapp matches pairs only.",
                    t.line_at(a),
                )
                continue
            pairs.append({"left": left, "right": right})
        return {"pairs": pairs}

    def _true_false_word(self, start: int, end: int) -> bool | None:
        hash_at = self.t.find("#", start, end)
        word = self.t.s[start : hash_at if hash_at >= 0 else end].strip()
        return _TRUE_FALSE.get(word.upper())

    def _true_false(self, start: int, end: int) -> dict[str, Any]:
        """``{T#feedback if wrong#feedback if right}``; feedback keyed by the learner's pick."""
        t = self.t
        answer = self._true_false_word(start, end)
        first = t.find("#", start, end)
        second = t.find("#", first + 1, end) if first >= 0 else -1
        wrong = self.text(first + 1, second if second >= 0 else end) if first >= 0 else ""
        right = self.text(second + 1, end) if second >= 0 else ""
        picked = {answer: right, (not answer): wrong}
        spec: dict[str, Any] = {"answer": answer}
        feedback = {
            key: localize(picked[value])
            for key, value in (("true", True), ("false", False))
            if picked[value]
        }
        if feedback:
            spec["feedback"] = feedback
        return spec

    def _numeric(self, start: int, end: int) -> dict[str, Any]:
        """``{#3.14:0.01}``, ``{#1..5}``, ``{#=a:t#feedback =%50%b:t}``: one answer gives
        ``value``/``tolerance``; several, or one with feedback, give ``answers``."""
        t = self.t
        tilde = t.find("~", start, end)
        if tilde >= 0:
            self.warn("Feedback for wrong answers (~…) is not kept for numeric questions.")
            end = tilde
        if t.find("=", start, end) >= 0:
            spans = self._answers(start, end, "=")
        else:
            spans = [("", start, end)]
        answers: list[dict[str, Any]] = []
        dropped = []
        for _, a, b in spans:
            weight, text_start = self._weight(a, b)
            hash_at = t.find("#", text_start, b)
            text_end = hash_at if hash_at >= 0 else b
            raw = t.s[text_start:text_end].strip()
            if raw == "*":
                dropped.append("'*' (any answer)")
                continue
            answer = self._number_answer(text_start, text_end)
            credit = self._credit(_Answer("=", weight, raw, ""), a)
            if credit != 1:
                answer["credit"] = credit
            feedback = self.text(hash_at + 1, b) if hash_at >= 0 else ""
            if feedback:
                answer["feedback"] = localize(feedback)
            answers.append(answer)
        if not any(answer.get("credit", 1) == 1 for answer in answers):
            raise self.refuse(
                start, "No numeric answer has full credit: give one like {#42} or {#=42 =%50%41}."
            )
        if dropped:
            self.warn(
                "Answers matching anything are not kept for numeric questions; dropped: "
                + ", ".join(dropped)
                + "."
            )
        if len(answers) == 1 and set(answers[0]) <= {"value", "tolerance"}:
            return answers[0]
        return {"answers": answers}

    def _number_answer(self, start: int, end: int) -> dict[str, Any]:
        """``v``, ``v:tolerance`` or ``low..high`` as {value, tolerance?}."""
        t = self.t
        raw = t.s[start:end].strip()
        dots = raw.find("..")
        colon = t.find(":", start, end)
        if dots > 0:
            low, high = _parse_number(raw[:dots]), _parse_number(raw[dots + 2 :])
            if low is None or high is None:
                raise self._not_a_number(start, raw)
            if low > high:
                raise self.refuse(start, f"The range {raw!r} runs backwards: write low..high.")
            middle = (low + high) / 2
            whole = all(_is_integer_literal(s) for s in (raw[:dots], raw[dots + 2 :]))
            return {
                "value": _json_number(middle, whole),
                "tolerance": _json_number(high - middle, whole),
            }
        if colon >= 0 and t.s[start:colon].strip():
            value_text, tolerance_text = t.s[start:colon], t.s[colon + 1 : end]
            value, tolerance = _parse_number(value_text), _parse_number(tolerance_text)
            if value is None or tolerance is None:
                raise self._not_a_number(start, raw)
            return {
                "value": _json_number(value, _is_integer_literal(value_text)),
                "tolerance": _json_number(tolerance, _is_integer_literal(tolerance_text)),
            }
        value = _parse_number(raw)
        if value is None:
            raise self._not_a_number(start, raw)
        return {"value": _json_number(value, _is_integer_literal(raw))}

    def _not_a_number(self, at: int, raw: str) -> _Refused:
        shown = raw if len(raw) <= 30 else raw[:30] + "…"
        return self.refuse(
            at,
            f"{shown!r} is not a number: numeric answers are written like "
            "{#3.14}, {#3.14:0.01} (with tolerance) or {#1..5} (a range).",
        )


#: The weight an answer has without ``%weight%``: ``=`` full credit, ``~`` none.
_MARKER_WEIGHT = {"=": 100, "~": 0}


def _credit_of(weight: int | float) -> int | float:
    """A GIFT percentage as a credit 0..1, exactly as written (``33.33333`` → ``0.3333333``)."""
    credit = Decimal(repr(weight)) / 100
    return int(credit) if credit == credit.to_integral_value() else float(credit)


def _parse_weight(raw: str) -> int | float | None:
    if not _WEIGHT.fullmatch(raw):
        return None
    number = Decimal(raw.strip())
    return int(number) if number == number.to_integral_value() else float(number)


def _parse_number(raw: str) -> Decimal | None:
    text = raw.strip().translate(_DEVANAGARI_DIGITS)
    if len(text) > 400 or not _NUMBER.fullmatch(text):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or not math.isfinite(float(number)):
        return None
    return number


def _is_integer_literal(raw: str) -> bool:
    text = raw.strip().translate(_DEVANAGARI_DIGITS)
    return bool(re.fullmatch(r"[+-]?\d+", text))


def _json_number(number: Decimal, whole: bool) -> int | float:
    """An int for whole numbers written as such, else a float (``3.1415``, not ``3.14150``)."""
    if whole and number == number.to_integral_value():
        return int(number)
    return float(number)


# --- the file --------------------------------------------------------------------------------


def _chunks(text: str) -> list[list[tuple[int, str]]]:
    """The file's lines (numbered from 1, stripped) in groups separated by blank lines."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    chunks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped:
            current.append((number, stripped))
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def _category_title(path: str) -> str:
    """The set title a ``$CATEGORY:`` path gives: its last segment (``//`` is a slash)."""
    segments = [s.replace("//", "/").strip() for s in _CATEGORY_SPLIT.split(path)]
    last = segments[-1] if segments else ""
    return "" if last in _CATEGORY_ROOTS else last


class _FileReader:
    """Reads a whole GIFT file: chunks, comments with quizapp data, categories, questions."""

    def __init__(self) -> None:
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self.questions: list[QuestionData] = []
        self.bank_meta: dict[str, Any] | None = None
        self.bank_meta_line = 0
        self.category = ""
        self.read_questions = 0

    def read(self, text: str) -> Bank:
        for chunk in _chunks(text):
            self._chunk(chunk)
            if self.read_questions > MAX_QUESTIONS:
                self.errors.append(
                    Issue(
                        "file",
                        f"Too many questions: a bank file holds at most {MAX_QUESTIONS:,}; "
                        f"reading stopped at line {chunk[0][0]}.",
                    )
                )
                break
        self._unique_ids()
        return self._bank()

    def _chunk(self, chunk: list[tuple[int, str]]) -> None:
        meta: tuple[int, str] | None = None
        lines: list[tuple[int, str]] = []
        for number, line in chunk:
            if line.startswith("//"):
                if line.startswith(BANK_META_PREFIX):
                    self._read_bank_meta(number, line[len(BANK_META_PREFIX) :])
                elif line.startswith(META_PREFIX):
                    if meta is not None:
                        self.errors.append(
                            Issue(
                                f"line {number}",
                                f"A second quizapp comment for one question "
                                f"(the first is on line {meta[0]}).",
                            )
                        )
                    meta = (number, line[len(META_PREFIX) :])
                continue
            if not lines and line.startswith(CATEGORY_PREFIX):
                self.category = _category_title(unescape(line[len(CATEGORY_PREFIX) :]))
                continue
            lines.append((number, line))
        if not lines:
            if meta is not None:
                self.warnings.append(
                    Issue(
                        f"line {meta[0]}",
                        "This quizapp comment is not followed by a question; it was ignored.",
                        "warning",
                    )
                )
            return
        self.read_questions += 1
        reader = QuestionReader(lines)
        question = reader.read()
        self.errors.extend(reader.errors)
        self.warnings.extend(reader.warnings)
        if question is None:
            return
        if meta is not None:
            question = self._apply_meta(question, *meta)
            if question is None:
                return
        data = question_from_dict(question, f"line {reader.first_line}", self.errors)
        if data is not None:
            self.questions.append(data)

    def _load_comment(self, number: int, raw: str) -> Any:
        try:
            return json.loads(raw)
        except (ValueError, RecursionError) as error:
            reason = error.msg if isinstance(error, json.JSONDecodeError) else "unreadable"
            self.errors.append(
                Issue(
                    f"line {number}",
                    f"The quizapp comment is not valid JSON ({reason}); fix or delete the line.",
                )
            )
            return None

    def _apply_meta(self, question: dict[str, Any], number: int, raw: str) -> dict | None:
        patch = self._load_comment(number, raw)
        if patch is None:
            return None
        if not isinstance(patch, dict):
            self.errors.append(
                Issue(
                    f"line {number}",
                    "The quizapp comment must hold an object {…}; fix or delete the line.",
                )
            )
            return None
        try:
            patched, stale = apply_patch(question, patch)
        except PatchError as error:
            self.errors.append(
                Issue(f"line {number}", f"The quizapp comment cannot be applied: {error}.")
            )
            return None
        if stale:
            self.warnings.append(
                Issue(
                    f"line {number}",
                    f"The quizapp comment no longer fits the question ({', '.join(stale)} were "
                    "edited in the GIFT text); its details for them were ignored.",
                    "warning",
                )
            )
        return patched

    def _read_bank_meta(self, number: int, raw: str) -> None:
        if self.bank_meta is not None:
            self.errors.append(
                Issue(
                    f"line {number}",
                    f"A second quizapp-bank comment (the first is on line {self.bank_meta_line}).",
                )
            )
            return
        meta = self._load_comment(number, raw)
        if meta is None:
            return
        if not isinstance(meta, dict) or not set(meta) <= {"passage", "set"}:
            self.errors.append(
                Issue(
                    f"line {number}", "The quizapp-bank comment must be an object {passage?, set?}."
                )
            )
            return
        self.bank_meta, self.bank_meta_line = meta, number

    def _unique_ids(self) -> None:
        """Moodle titles need not be unique, quizapp ids must: number the repeats."""
        taken = {q.id for q in self.questions if q.id is not None}
        first: dict[str, str] = {}
        for index, question in enumerate(self.questions):
            if question.id is None:
                continue
            if question.id not in first:
                first[question.id] = question.source
                continue
            number = 2
            while f"{question.id} ({number})" in taken:
                number += 1
            new_id = f"{question.id} ({number})"
            taken.add(new_id)
            self.warnings.append(
                Issue(
                    question.source,
                    f"The title {question.id!r} is also used on {first[question.id]}; this "
                    f"question's id is {new_id!r}.",
                    "warning",
                )
            )
            self.questions[index] = replace(question, id=new_id)

    def _bank(self) -> Bank:
        passage = None
        question_set: SetData | None = None
        if self.bank_meta is not None:
            where = f"line {self.bank_meta_line}"
            passage = self.bank_meta.get("passage")
            if passage is not None and not isinstance(passage, str):
                self.errors.append(Issue(where, "The quizapp-bank passage must be a slug."))
                passage = None
            if self.bank_meta.get("set") is not None:
                question_set = set_from_dict(self.bank_meta["set"], f"{where}, set", self.errors)
        if question_set is None and self.category:
            question_set = SetData(title=localize(self.category))
        return Bank(passage=passage, set=question_set, questions=tuple(self.questions))


def read_gift(text: str) -> tuple[Bank, list[Issue], list[Issue]]:
    """The bank in GIFT ``text`` with the errors and warnings met; the bank holds what was read."""
    reader = _FileReader()
    bank = reader.read(text)
    return bank, reader.errors, reader.warnings


def parse_gift(text: str) -> tuple[Bank, list[Issue]]:
    """GIFT text as a ``Bank`` and its warnings; BankFormatError lists every syntax error."""
    bank, errors, warnings = read_gift(text)
    if errors:
        raise BankFormatError(errors)
    return bank, warnings
