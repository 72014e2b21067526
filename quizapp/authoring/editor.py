"""The question editor's rules: form fields ↔ a bank-JSON question, for each question type.

A form's fields arrive as plain data, nested the way WTForms' ``form.data`` nests them
(``editor_forms``): ``{"prompt": {"hi", "en"}, "options": [{"hi", "en", "weight", …}], …}``.
``build_question`` turns that into the bank-JSON question the services store (PRODUCT.md,
"Bank interchange JSON"); ``form_data`` is its inverse, so an unchanged form saves an unchanged
question. Rows left empty are dropped, so lists have a fixed number of rows without JavaScript,
and ``field_name`` maps a validator's path (``questions[0].options[1].en``) back onto the row
the teacher typed it in, even with empty rows between.

Pure: no Flask, no database. Messages are marked with ``N_`` and translated where shown.
"""

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from quizapp.core.grading import registry
from quizapp.core.grading.base import N_, GradeResult
from quizapp.core.grading.cloze import parse_blanks
from quizapp.core.grading.forms import FormFields, FormValueError
from quizapp.core.interchange.model import COMMON_FIELDS
from quizapp.core.presentation import present, to_canonical

LANGUAGES = ("hi", "en")

#: What the editor calls each type, in the registry's order (a test checks every type has one).
TYPE_LABELS = {
    "mcq": N_("Multiple choice (one answer)"),
    "multi": N_("Multiple choice (several answers)"),
    "true_false": N_("True or false"),
    "numeric": N_("Number"),
    "short_answer": N_("Short answer"),
    "cloze": N_("Fill in the blanks"),
    "matching": N_("Matching pairs"),
    "ordering": N_("Put in order"),
    "translation": N_("Translation"),
}

#: One line on what a learner does with each type, for the type chooser.
TYPE_HINTS = {
    "mcq": N_("Learners choose the one right option."),
    "multi": N_("Learners tick every right option; partial credit for some."),
    "true_false": N_("Learners judge a statement true or false."),
    "numeric": N_("Learners type a number, in digits (Devanagari too) or in words."),
    "short_answer": N_("Learners type a word or phrase, matched against the answers you accept."),
    "cloze": N_("Learners fill the gaps in a sentence, typed or from a list."),
    "matching": N_("Learners match each item with its partner, e.g. word and meaning."),
    "ordering": N_("Learners put events or steps in the right order."),
    "translation": N_("Learners translate a sentence; scored against your references."),
}

#: Rows each list shows at least (without JavaScript, "Add a row" adds one more).
MIN_ROWS = {"options": 4, "answers": 1, "accept": 2, "pairs": 4, "items": 4, "references": 2}
#: At most this many rows in any list (a form posted with more is cut here).
MAX_ROWS = 40

NOT_A_NUMBER = N_("Expected a number.")


@dataclass
class Built:
    """A question built from the form: the bank-JSON dict, the problems met (field name,
    message), and for each list which form row each kept entry came from."""

    question: dict[str, Any]
    errors: list[tuple[str, str]] = field(default_factory=list)
    rows: dict[str, list[int]] = field(default_factory=dict)


# ---- Small readers ---------------------------------------------------------------------------


def clean(value: Any) -> str:
    """A text field's value: NFC, newlines as ``\\n`` (browsers send ``\\r\\n``), trimmed."""
    if not isinstance(value, str):
        return ""
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


def parse_number(text: Any) -> float | int | None:
    """A number typed in a field ("8", "0.5", "८"), as an int when it is whole; None if it is
    not one. Raises nothing: the caller reports the field."""
    raw = clean(text).translate(_DIGITS).replace(" ", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", raw):
        return None
    number = float(raw)
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def show_number(value: Any) -> str:
    """A number as the field shows it, so that reading it back gives the same number."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    return str(value)


def _number(data: Mapping, key: str, name: str, errors: list) -> float | int | None:
    """The number in ``data[key]`` (None when blank), recording an error at ``name``."""
    raw = clean(data.get(key))
    if not raw:
        return None
    number = parse_number(raw)
    if number is None:
        errors.append((name, NOT_A_NUMBER))
    return number


def localized(pair: Any) -> dict[str, str]:
    """``{hi?, en?}`` from a pair of fields, leaving out the empty ones."""
    pair = pair if isinstance(pair, Mapping) else {}
    return {lang: clean(pair.get(lang)) for lang in LANGUAGES if clean(pair.get(lang))}


def pair_of(value: Any) -> dict[str, str]:
    """A stored ``{hi?, en?}`` (or a plain text, placed by its script) as a pair of fields."""
    if isinstance(value, str):
        return {"hi": value, "en": ""} if _is_devanagari(value) else {"hi": "", "en": value}
    value = value if isinstance(value, Mapping) else {}
    return {lang: value.get(lang) or "" for lang in LANGUAGES}


def label_of(pair: Any) -> str | dict[str, str] | None:
    """A matching side or an ordering item from its pair of fields: plain text when only the
    language its script says is given (as bank files mostly write them), else ``{hi?, en?}``;
    None when both are empty."""
    texts = localized(pair)
    if not texts:
        return None
    if len(texts) == 1:
        ((lang, text),) = texts.items()
        if ("hi" if _is_devanagari(text) else "en") == lang:
            return text
    return texts


def _is_devanagari(text: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" for ch in text)


def _rows(data: Mapping, name: str) -> list:
    rows = data.get(name)
    return list(rows)[:MAX_ROWS] if isinstance(rows, list) else []


# ---- Form data → question --------------------------------------------------------------------


def build_question(qtype: str, data: Mapping[str, Any]) -> Built:
    """The bank-JSON question a ``qtype`` form holds (no ``id``: the services give one)."""
    built = Built(question={"type": qtype})
    question = built.question
    if clean(data.get("name")):
        question["name"] = clean(data.get("name"))
    skill = clean(data.get("skill"))
    if skill:
        question["skill"] = skill
    points = _number(data, "points", "points", built.errors)
    question["points"] = 1 if points is None else points
    question["prompt"] = localized(data.get("prompt"))
    _SPEC_BUILDERS[qtype](data, built)
    explanation = localized(data.get("explanation"))
    if explanation:
        question["explanation"] = explanation
    evidence = [clean(key) for key in data.get("evidence") or () if clean(key)]
    if evidence:
        question["evidence"] = list(dict.fromkeys(evidence))
    return built


def _options(data: Mapping, built: Built, single: bool) -> None:
    options, kept = [], []
    correct_row = clean(data.get("correct_option"))
    for row, option in enumerate(_rows(data, "options")):
        texts = localized(option)
        if not texts:
            continue
        entry: dict[str, Any] = dict(texts)
        right = str(row) == correct_row if single else bool(option.get("correct"))
        entry["correct"] = right
        weight = _number(option, "weight", f"options-{row}-weight", built.errors)
        if weight is not None:
            entry["weight"] = weight
        feedback = localized(option.get("feedback"))
        if feedback:
            entry["feedback"] = feedback
        options.append(entry)
        kept.append(row)
    built.question["options"] = options
    built.rows["options"] = kept
    if data.get("fixed_order"):
        built.question["fixed_order"] = True


def _mcq(data: Mapping, built: Built) -> None:
    _options(data, built, single=True)


def _multi(data: Mapping, built: Built) -> None:
    _options(data, built, single=False)


def _true_false(data: Mapping, built: Built) -> None:
    truth = clean(data.get("truth"))
    if truth in ("true", "false"):
        built.question["answer"] = truth == "true"
    feedback = {}
    for key in ("true", "false"):
        texts = localized((data.get("feedback") or {}).get(key))
        if texts:
            feedback[key] = texts
    if feedback:
        built.question["feedback"] = feedback


def _numeric(data: Mapping, built: Built) -> None:
    answers, kept = [], []
    for row, answer in enumerate(_rows(data, "answers")):
        value = _number(answer, "value", f"answers-{row}-value", built.errors)
        tolerance = _number(answer, "tolerance", f"answers-{row}-tolerance", built.errors)
        credit = _number(answer, "credit", f"answers-{row}-credit", built.errors)
        feedback = localized(answer.get("feedback"))
        if value is None and tolerance is None and credit is None and not feedback:
            continue
        entry: dict[str, Any] = {}
        if value is not None:
            entry["value"] = value
        if tolerance is not None:
            entry["tolerance"] = tolerance
        if credit is not None:
            entry["credit"] = credit
        if feedback:
            entry["feedback"] = feedback
        answers.append(entry)
        kept.append(row)
    built.rows["answers"] = kept
    several = data.get("several") == "1" or len(answers) > 1
    if not several and (not answers or set(answers[0]) <= {"value", "tolerance"}):
        single = answers[0] if answers else {}
        # A missing value is reported by the validator, at the value field.
        built.question["value"] = single.get("value")
        if "tolerance" in single:
            built.question["tolerance"] = single["tolerance"]
    else:
        built.question["answers"] = answers
    unit = localized(data.get("unit"))
    if unit:
        built.question["unit"] = unit


def _short_answer(data: Mapping, built: Built) -> None:
    accept: dict[str, list] = {}
    for lang in LANGUAGES:
        items, kept = [], []
        for row, item in enumerate(_rows(data.get("accept") or {}, lang)):
            text = clean(item.get("text"))
            credit = _number(item, "credit", f"accept-{lang}-{row}-credit", built.errors)
            feedback = localized(item.get("feedback"))
            if not text and credit is None and not feedback:
                continue
            if credit is None and not feedback:
                items.append(text)
            else:
                entry: dict[str, Any] = {"text": text}
                if credit is not None:
                    entry["credit"] = credit
                if feedback:
                    entry["feedback"] = feedback
                items.append(entry)
            kept.append(row)
        built.rows[f"accept-{lang}"] = kept
        if items:
            accept[lang] = items
    built.question["accept"] = accept
    near = _number(data, "near_miss_credit", "near_miss_credit", built.errors)
    if near is not None:
        built.question["near_miss_credit"] = near
    if not data.get("tolerant"):
        built.question["tolerant"] = False


def _cloze(data: Mapping, built: Built) -> None:
    lang = clean(data.get("text_lang"))
    lang = lang if lang in LANGUAGES else "hi"
    text = clean(data.get("text"))
    built.question["text"] = {lang: text}
    count = len(parse_blanks(text))
    rows = [_choice_lines(value) for value in _rows(data, "choices")][:count]
    if any(rows):
        built.question["choices"] = rows + [None] * (count - len(rows))
    near = _number(data, "near_miss_credit", "near_miss_credit", built.errors)
    if near is not None:
        built.question["near_miss_credit"] = near


def _choice_lines(value: Any) -> list[str] | None:
    lines = [clean(line) for line in clean(value).split("\n")]
    return [line for line in lines if line] or None


def _matching(data: Mapping, built: Built) -> None:
    pairs, kept = [], []
    for row, pair in enumerate(_rows(data, "pairs")):
        left, right = label_of(pair.get("left")), label_of(pair.get("right"))
        if left is None and right is None:
            continue
        pairs.append({"left": left or "", "right": right or ""})
        kept.append(row)
    built.question["pairs"] = pairs
    built.rows["pairs"] = kept


def _ordering(data: Mapping, built: Built) -> None:
    items, kept = [], []
    for row, item in enumerate(_rows(data, "items")):
        label = label_of(item)
        if label is not None:
            items.append(label)
            kept.append(row)
    built.question["items"] = items
    built.rows["items"] = kept


def _translation(data: Mapping, built: Built) -> None:
    lang = clean(data.get("source_lang"))
    lang = lang if lang in LANGUAGES else "hi"
    target = "en" if lang == "hi" else "hi"
    built.question["source"] = {lang: clean(data.get("source"))}
    references, kept = [], []
    for row, text in enumerate(_rows(data, "references")):
        if clean(text):
            references.append(clean(text))
            kept.append(row)
    built.question["references"] = {target: references}
    built.rows["references"] = kept


_SPEC_BUILDERS = {
    "mcq": _mcq,
    "multi": _multi,
    "true_false": _true_false,
    "numeric": _numeric,
    "short_answer": _short_answer,
    "cloze": _cloze,
    "matching": _matching,
    "ordering": _ordering,
    "translation": _translation,
}


# ---- Question → form data --------------------------------------------------------------------


def form_data(question: Mapping[str, Any]) -> dict[str, Any]:
    """The form fields that hold ``question`` (a bank-JSON dict): ``build_question`` of them
    gives the question back."""
    qtype = question.get("type")
    data: dict[str, Any] = {
        "name": question.get("name") or "",
        "skill": question.get("skill") or "",
        "points": show_number(question.get("points", 1)),
        "prompt": pair_of(question.get("prompt")),
        "explanation": pair_of(question.get("explanation")),
        "evidence": list(question.get("evidence") or ()),
    }
    _FORM_READERS[qtype](question, data)
    return data


def _options_data(question: Mapping, data: dict, single: bool) -> None:
    rows = []
    for n, option in enumerate(question.get("options") or ()):
        row = {
            **pair_of(option),
            "correct": option.get("correct") is True,
            "weight": show_number(option.get("weight")),
            "feedback": pair_of(option.get("feedback")),
        }
        if single and option.get("correct") is True:
            data["correct_option"] = str(n)
        rows.append(row)
    data["options"] = rows
    data["fixed_order"] = question.get("fixed_order") is True


def _true_false_data(question: Mapping, data: dict) -> None:
    answer = question.get("answer")
    data["truth"] = "true" if answer is True else "false" if answer is False else ""
    feedback = question.get("feedback") or {}
    data["feedback"] = {key: pair_of(feedback.get(key)) for key in ("true", "false")}


def _numeric_data(question: Mapping, data: dict) -> None:
    several = "answers" in question
    answers = question.get("answers") if several else [question]
    data["several"] = "1" if several else ""
    data["answers"] = [
        {
            "value": show_number(answer.get("value")),
            "tolerance": show_number(answer.get("tolerance")),
            "credit": show_number(answer.get("credit")),
            "feedback": pair_of(answer.get("feedback")),
        }
        for answer in answers or ()
    ]
    data["unit"] = pair_of(question.get("unit"))


def _short_answer_data(question: Mapping, data: dict) -> None:
    accept = question.get("accept") or {}
    data["accept"] = {
        lang: [
            {"text": item, "credit": "", "feedback": pair_of(None)}
            if isinstance(item, str)
            else {
                "text": item.get("text") or "",
                "credit": show_number(item.get("credit")),
                "feedback": pair_of(item.get("feedback")),
            }
            for item in accept.get(lang) or ()
        ]
        for lang in LANGUAGES
    }
    data["near_miss_credit"] = show_number(question.get("near_miss_credit"))
    data["tolerant"] = question.get("tolerant", True) is not False


def _cloze_data(question: Mapping, data: dict) -> None:
    text = question.get("text") or {}
    lang = next((lang for lang in LANGUAGES if lang in text), "hi")
    data["text_lang"] = lang
    data["text"] = text.get(lang, "")
    data["choices"] = ["\n".join(row) if row else "" for row in question.get("choices") or ()]
    data["near_miss_credit"] = show_number(question.get("near_miss_credit"))


def _matching_data(question: Mapping, data: dict) -> None:
    data["pairs"] = [
        {"left": pair_of(pair.get("left")), "right": pair_of(pair.get("right"))}
        for pair in question.get("pairs") or ()
    ]


def _ordering_data(question: Mapping, data: dict) -> None:
    data["items"] = [pair_of(item) for item in question.get("items") or ()]


def _translation_data(question: Mapping, data: dict) -> None:
    source = question.get("source") or {}
    lang = next((lang for lang in LANGUAGES if lang in source), "hi")
    data["source_lang"] = lang
    data["source"] = source.get(lang, "")
    references = question.get("references") or {}
    data["references"] = list(references.get("en" if lang == "hi" else "hi") or ())


_FORM_READERS = {
    "mcq": lambda q, d: _options_data(q, d, single=True),
    "multi": lambda q, d: _options_data(q, d, single=False),
    "true_false": _true_false_data,
    "numeric": _numeric_data,
    "short_answer": _short_answer_data,
    "cloze": _cloze_data,
    "matching": _matching_data,
    "ordering": _ordering_data,
    "translation": _translation_data,
}


# ---- Where an error belongs ------------------------------------------------------------------

_TOKEN = re.compile(r"[^.\[\]]+|\[(\d+)\]")


def _tokens(path: str) -> list[str | int]:
    return [
        int(m.group(1)) if m.group(1) is not None else m.group(0) for m in _TOKEN.finditer(path)
    ]


def field_name(qtype: str, path: str, rows: Mapping[str, list[int]] | None = None) -> list[str]:
    """The form field names a validator's ``path`` may point at, most precise first (the caller
    takes the first its form has). ``path`` is a spec or question path (``options[1].en``) or a
    bank location (``questions[0].accept.hi[2]``); ``rows`` maps kept entries to form rows."""
    rows = rows or {}
    tokens = _tokens(path)
    if tokens[:2] == ["questions", 0]:
        tokens = tokens[2:]
    tokens = _renamed(qtype, tokens)
    mapped: list[str | int] = []
    for token in tokens:
        if isinstance(token, int):
            kept = rows.get("-".join(str(t) for t in mapped))
            token = kept[token] if kept is not None and 0 <= token < len(kept) else token
        mapped.append(token)
    names = ["-".join(str(t) for t in mapped[:size]) for size in range(len(mapped), 0, -1)]
    return [name for name in names if name]


def _renamed(qtype: str, tokens: list[str | int]) -> list[str | int]:
    """Paths whose field is named otherwise than the JSON it fills."""
    rename = _RENAMES.get((qtype, tokens[0] if tokens else None))
    return rename(tokens) if rename else tokens


#: (type, first path segment) → the field path that holds it.
_RENAMES = {
    ("true_false", "answer"): lambda tokens: ["truth"],
    ("numeric", "value"): lambda tokens: ["answers", 0, *tokens],
    ("numeric", "tolerance"): lambda tokens: ["answers", 0, *tokens],
    ("cloze", "text"): lambda tokens: ["text"],
    ("translation", "source"): lambda tokens: ["source"],
    ("translation", "references"): lambda tokens: [
        "references",
        *[t for t in tokens[2:] if isinstance(t, int)],
    ],
    ("mcq", "options"): lambda tokens: ["correct_option"] if tokens[2:3] == ["correct"] else tokens,
}


def error_location(location: str, message: str) -> str:
    """A service error's location as a question path: evidence problems (reported at the
    question) belong to the evidence field."""
    if message.startswith("evidence"):
        return "evidence"
    return location


# ---- Saving a change -------------------------------------------------------------------------


def replacement_patch(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict:
    """The patch that turns stored question ``old`` into ``new`` through ``update_question``
    (a JSON merge patch): every field of ``new``, and null for each field it leaves out."""
    patch = {key: value for key, value in new.items() if key != "id"}
    if "evidence" in new:  # ticked in passage order: the sentences cited before keep theirs
        kept = [key for key in old.get("evidence") or () if key in new["evidence"]]
        patch["evidence"] = kept + [key for key in new["evidence"] if key not in kept]
    for key in old:
        if key not in new and key not in ("id", "type", "prompt", "points"):
            patch[key] = None
    return patch


# ---- Row actions (no JavaScript) -------------------------------------------------------------

_ACTION = re.compile(r"(add|up|down)-([a-z_]+(?:-(?:hi|en))?)(?:-(\d{1,3}))?")


def parse_action(value: Any) -> tuple[str, str, int | None] | None:
    """``add-options``, ``up-items-2``, ``down-options-0`` → (verb, list, row)."""
    match = _ACTION.fullmatch(value or "")
    if not match:
        return None
    row = int(match.group(3)) if match.group(3) is not None else None
    return match.group(1), match.group(2), row


def _list_at(data: dict, name: str) -> list | None:
    if name.startswith("accept-"):
        holder = data.setdefault("accept", {})
        return holder.setdefault(name.split("-", 1)[1], [])
    rows = data.get(name)
    if rows is None:
        rows = data[name] = []
    return rows if isinstance(rows, list) else None


def apply_row_action(data: dict, verb: str, name: str, row: int | None) -> dict:
    """``data`` with a row added to list ``name``, or row ``row`` moved up or down (the mcq's
    correct option moves with its row)."""
    if name not in ROW_LISTS:
        return data
    rows = _list_at(data, name)
    if rows is None:
        return data
    if verb == "add":
        if len(rows) < MAX_ROWS:
            rows.append(_blank_row(name))
        return data
    if row is None:
        return data
    other = row - 1 if verb == "up" else row + 1
    if 0 <= row < len(rows) and 0 <= other < len(rows):
        rows[row], rows[other] = rows[other], rows[row]
        if name == "options" and data.get("correct_option") in (str(row), str(other)):
            data["correct_option"] = str(other if data["correct_option"] == str(row) else row)
    return data


#: The lists whose rows can be added (and moved), and an empty row of each.
ROW_LISTS = {
    "options": lambda: {
        "hi": "",
        "en": "",
        "correct": False,
        "weight": "",
        "feedback": {"hi": "", "en": ""},
    },
    "answers": lambda: {
        "value": "",
        "tolerance": "",
        "credit": "",
        "feedback": {"hi": "", "en": ""},
    },
    "accept-hi": lambda: {"text": "", "credit": "", "feedback": {"hi": "", "en": ""}},
    "accept-en": lambda: {"text": "", "credit": "", "feedback": {"hi": "", "en": ""}},
    "pairs": lambda: {"left": {"hi": "", "en": ""}, "right": {"hi": "", "en": ""}},
    "items": lambda: {"hi": "", "en": ""},
    "references": lambda: "",
    "choices": lambda: "",
}


def _blank_row(name: str):
    return ROW_LISTS[name]()


def blank_count(data: Mapping[str, Any]) -> int:
    """How many blanks the cloze text in a form has (its choice rows follow it)."""
    return len(parse_blanks(clean(data.get("text"))))


# ---- Trying an answer -------------------------------------------------------------------------

#: The shuffle the preview shows lists in (an attempt's own is secret; a teacher's is not).
PREVIEW_SEED = "editor-preview"


@dataclass(frozen=True)
class Tried:
    """An answer tried in the editor: the question as the learner's form shows it (None while
    the question has errors), the answer as the form holds it, and the grader's result (None
    until an answer is given); ``problem`` for an answer no form could hold."""

    shown: dict | None = None
    answer: Any = None
    result: GradeResult | None = None
    problem: str | None = None


def spec_of(question: Mapping[str, Any]) -> dict[str, Any]:
    """The type-specific part of a bank-JSON question: what the grader reads."""
    return {key: value for key, value in question.items() if key not in COMMON_FIELDS}


def spec_errors(qtype: str, question: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(path, message) of every problem the type's validator finds in the question's spec."""
    return [(e.path, e.message) for e in registry.validate_spec(qtype, spec_of(question))]


def try_answer(qtype: str, question: Mapping[str, Any], fields: FormFields) -> Tried:
    """Grade the answer in the learner's form ``fields`` against ``question`` as written —
    saved or not — shown and mapped back exactly as an attempt does, and graded by the one
    grader attempts use (``registry.grade``)."""
    spec = spec_of(question)
    if registry.validate_spec(qtype, spec):
        return Tried()
    shown, order = present(registry.get_type(qtype), spec, PREVIEW_SEED)
    try:
        answer = registry.answer_from_form(qtype, fields)
    except FormValueError as error:
        return Tried(shown=shown, problem=str(error))
    if answer is None or answer == []:
        return Tried(shown=shown)
    result = registry.grade(qtype, spec, to_canonical(answer, order))
    return Tried(shown=shown, answer=answer, result=result)


# ---- The set builder -------------------------------------------------------------------------

#: The set builder's defaults (those of a new QuestionSet row).
SET_DEFAULTS = {
    "prompt_language": "both",
    "one_per_page": "0",
    "shuffle": False,
    "shuffle_options": True,
    "feedback": "after_submit",
    "feedback_detail": "explanations",
}
WHOLE_NUMBER = N_("Expected a whole number from 1 to 10000, or nothing for no limit.")


def set_form_data(question_set: Any, passage_slug: str = "") -> dict[str, Any]:
    """The set builder's fields for a stored set (or a new one on ``passage_slug``)."""
    if question_set is None:
        return {**SET_DEFAULTS, "passage": passage_slug, "f_passage": passage_slug}
    slug = question_set.passage.slug if question_set.passage is not None else ""
    return {
        "title_hi": question_set.title_hi,
        "title_en": question_set.title_en,
        "passage": slug,
        "f_passage": slug,
        "question_ids": [item.question_id for item in question_set.items],
        "prompt_language": question_set.prompt_language,
        "one_per_page": "1" if question_set.one_per_page else "0",
        "shuffle": question_set.shuffle,
        "shuffle_options": question_set.shuffle_options,
        "attempts_allowed": show_number(question_set.attempts_allowed),
        "time_limit_minutes": show_number(question_set.time_limit_minutes),
        "feedback": question_set.feedback_timing,
        "feedback_detail": question_set.feedback_detail,
    }


_SET_ACTION = re.compile(r"(up|down|remove|add)-(\d{1,9})")


def set_action(ids: list[int], ticked: list[int], action: str) -> list[int]:
    """The set's question ids after a button: ``add`` (the ticked ones), ``add-<id>``,
    ``up-<n>``, ``down-<n>``, ``remove-<n>`` (``n`` a position in the set)."""
    ids = [i for i in dict.fromkeys(ids) if isinstance(i, int)]
    if action == "add":
        return ids + [i for i in dict.fromkeys(ticked) if i not in ids]
    match = _SET_ACTION.fullmatch(action or "")
    if not match:
        return ids
    verb, number = match.group(1), int(match.group(2))
    if verb == "add":
        return ids if number in ids else [*ids, number]
    if not 0 <= number < len(ids):
        return ids
    if verb == "remove":
        return ids[:number] + ids[number + 1 :]
    other = number - 1 if verb == "up" else number + 1
    if 0 <= other < len(ids):
        ids[number], ids[other] = ids[other], ids[number]
    return ids


def _whole(data: Mapping, name: str, errors: list) -> int | None:
    raw = clean(data.get(name))
    if not raw:
        return None
    number = parse_number(raw)
    if not isinstance(number, int) or not 1 <= number <= 10_000:
        errors.append((name, WHOLE_NUMBER))
        return None
    return number


def set_patch(data: Mapping[str, Any], ids: list[int], action: str) -> tuple[dict, list]:
    """The set builder's fields as ``update_set``'s patch (title, passage, question_ids,
    settings, and status for publish / unpublish), and the fields' problems."""
    errors: list[tuple[str, str]] = []
    title = {
        lang: clean(data.get(f"title_{lang}"))
        for lang in LANGUAGES
        if clean(data.get(f"title_{lang}"))
    }
    settings = {
        "prompt_language": data.get("prompt_language") or SET_DEFAULTS["prompt_language"],
        "one_per_page": data.get("one_per_page") == "1",
        "shuffle": bool(data.get("shuffle")),
        "shuffle_options": bool(data.get("shuffle_options")),
        "attempts_allowed": _whole(data, "attempts_allowed", errors),
        "time_limit_minutes": _whole(data, "time_limit_minutes", errors),
        "feedback": data.get("feedback") or SET_DEFAULTS["feedback"],
        "feedback_detail": data.get("feedback_detail") or SET_DEFAULTS["feedback_detail"],
    }
    patch = {
        "title": title,
        "passage": clean(data.get("passage")) or None,
        "question_ids": list(ids),
        "settings": settings,
    }
    status = {"publish": "published", "unpublish": "draft"}.get(action)
    if status:
        patch["status"] = status
    return patch, errors


def set_field(location: str) -> str:
    """The set builder's field for a service error's location (``settings.feedback``)."""
    name = location.removeprefix("settings.")
    return {"title": "title_hi", "feedback": "feedback"}.get(name, name)


# ---- Reading a question at a glance (lists, draft cards) ------------------------------------


def prompt_text(question: Mapping[str, Any], language: str) -> str:
    """The prompt in ``language``, or in the other one."""
    prompt = question.get("prompt") or {}
    other = "en" if language == "hi" else "hi"
    return prompt.get(language) or prompt.get(other) or ""


def _label_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return " · ".join(value[lang] for lang in LANGUAGES if value.get(lang))
    return ""


def key_summary(question: Mapping[str, Any]) -> list[str]:
    """The answer key in a few plain lines: the key's own words and numbers (a true/false
    key is "True" or "False", for the page to translate)."""
    summary = _KEY_SUMMARIES.get(question.get("type"))
    return summary(question) if summary else []


def _numeric_key(question: Mapping[str, Any]) -> list[str]:
    unit = _label_text(question.get("unit"))
    lines = []
    for answer in question.get("answers") or [question]:
        text = show_number(answer.get("value"))
        if answer.get("tolerance"):
            text += f" ± {show_number(answer['tolerance'])}"
        lines.append(f"{text} {unit}".strip())
    return lines


def _cloze_key(question: Mapping[str, Any]) -> list[str]:
    text = next(iter((question.get("text") or {"": ""}).values()))
    return [" | ".join(alternatives) for alternatives in parse_blanks(text)]


_KEY_SUMMARIES = {
    "mcq": lambda q: [_label_text(o) for o in q.get("options") or () if o.get("correct")],
    "multi": lambda q: [_label_text(o) for o in q.get("options") or () if o.get("correct")],
    "true_false": lambda q: [N_("True") if q.get("answer") else N_("False")],
    "numeric": _numeric_key,
    "short_answer": lambda q: [
        item if isinstance(item, str) else item.get("text", "")
        for lang in LANGUAGES
        for item in (q.get("accept") or {}).get(lang) or ()
    ],
    "cloze": _cloze_key,
    "matching": lambda q: [
        f"{_label_text(p.get('left'))} → {_label_text(p.get('right'))}"
        for p in q.get("pairs") or ()
    ],
    "ordering": lambda q: [f"{n}. {_label_text(i)}" for n, i in enumerate(q.get("items") or (), 1)],
    "translation": lambda q: [
        text for texts in (q.get("references") or {}).values() for text in texts
    ][:2],
}
