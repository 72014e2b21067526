"""Bank JSON (``"format": "quizapp.bank.v1"``): read into a ``Bank``, write one back.

Reading checks the file's structure and the JSON types of every field, each problem reported
with its path (``questions[3].prompt``); values are checked afterwards by ``validate_bank``.
Writing is deterministic: 2-space indent, real UTF-8 (no ``\\u`` escapes), keys in a fixed
order, defaults left out, a trailing newline — so exports diff well and golden files are stable.
"""

import json
from typing import Any

from quizapp.core.interchange.convert import (
    json_type,
    ordered,
    question_from_dict,
    question_to_dict,
    set_from_dict,
    set_to_dict,
)
from quizapp.core.interchange.model import (
    FORMAT_ID,
    MAX_QUESTIONS,
    Bank,
    BankFormatError,
    Issue,
    QuestionData,
)

_TOP_LEVEL = ("format", "passage", "set", "questions")
TOP = "top level"


class _BadConstant(ValueError):
    """NaN or Infinity in the file: Python's json accepts them, JSON does not."""


def _reject_constant(name: str) -> Any:
    raise _BadConstant(name)


def read_json(text: str) -> tuple[Bank, list[Issue], list[Issue]]:
    """The bank in ``text`` with the errors and warnings met; the bank holds what could be read."""
    errors: list[Issue] = []
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        message = error.msg
        if error.pos >= len(text.rstrip()):
            message += " (the file ends before the JSON is complete: is it cut short?)"
        errors.append(Issue(f"line {error.lineno} column {error.colno}", message))
        return Bank(), errors, []
    except _BadConstant as error:
        errors.append(Issue(TOP, f"{error} is not a valid JSON number."))
        return Bank(), errors, []
    except RecursionError:
        errors.append(Issue(TOP, "The JSON is nested too deeply."))
        return Bank(), errors, []
    except ValueError:  # Python refuses integers of more than 4300 digits
        errors.append(Issue(TOP, "A number in the file has far too many digits."))
        return Bank(), errors, []
    if not isinstance(doc, dict):
        errors.append(
            Issue(TOP, f"Expected a bank object {{format, questions, …}}, got {json_type(doc)}.")
        )
        return Bank(), errors, []
    for key in doc:
        if key not in _TOP_LEVEL:
            errors.append(Issue(key, "Unknown field; expected format, passage, set, questions."))
    if "format" not in doc:
        errors.append(Issue("format", f'Missing; a bank file says "format": "{FORMAT_ID}".'))
    elif doc["format"] != FORMAT_ID:
        errors.append(Issue("format", f'Unknown format {doc["format"]!r}; expected "{FORMAT_ID}".'))
    passage = doc.get("passage")
    if passage is not None and not isinstance(passage, str):
        errors.append(Issue("passage", f"Expected a passage slug, got {json_type(passage)}."))
        passage = None
    question_set = None
    if doc.get("set") is not None:
        question_set = set_from_dict(doc["set"], "set", errors)
    questions: list[QuestionData] = []
    if "questions" not in doc:
        errors.append(Issue("questions", "This field is required."))
    elif not isinstance(doc["questions"], list):
        errors.append(
            Issue("questions", f"Expected a list of questions, got {json_type(doc['questions'])}.")
        )
    elif len(doc["questions"]) > MAX_QUESTIONS:
        errors.append(
            Issue(
                "questions",
                f"Too many questions ({len(doc['questions']):,}); a "
                f"bank file holds at most {MAX_QUESTIONS:,}.",
            )
        )
    else:
        for index, obj in enumerate(doc["questions"]):
            question = question_from_dict(obj, f"questions[{index}]", errors)
            if question is not None:
                questions.append(question)
    bank = Bank(passage=passage, set=question_set, questions=tuple(questions))
    return bank, errors, []


def parse_json(text: str) -> tuple[Bank, list[Issue]]:
    """Bank JSON text as a ``Bank`` and its warnings; BankFormatError lists every error."""
    bank, errors, warnings = read_json(text)
    if errors:
        raise BankFormatError(errors)
    return bank, warnings


def bank_to_dict(bank: Bank) -> dict[str, Any]:
    """A bank as the bank-JSON document (plain dicts and lists)."""
    doc: dict[str, Any] = {"format": FORMAT_ID}
    if bank.passage is not None:
        doc["passage"] = bank.passage
    if bank.set is not None:
        doc["set"] = set_to_dict(bank.set)
    doc["questions"] = [question_to_dict(question) for question in bank.questions]
    return ordered(doc)


def render_json(bank: Bank) -> str:
    """A bank as bank-JSON text: stable key order, 2-space indent, UTF-8, trailing newline."""
    return json.dumps(bank_to_dict(bank), ensure_ascii=False, indent=2) + "\n"
