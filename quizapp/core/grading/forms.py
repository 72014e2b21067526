"""How a question's HTML form fields become an answer in its type's shape (PRODUCT.md).

Each type module names the reader it uses (``answer_from_form``); the quiz page posts these
fields when JavaScript is off, so every parser is strict about what a field can hold and
returns None for "nothing chosen yet". ``fields`` is anything with ``get`` and ``getlist``
(werkzeug's MultiDict), so this stays free of Flask.
"""

import re
from typing import Any, Protocol


class FormFields(Protocol):
    """The part of a MultiDict the parsers use."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def getlist(self, key: str) -> list[str]: ...


class FormValueError(ValueError):
    """A field value that no answer of the question's type could hold."""


def text(fields: FormFields) -> str | None:
    """One typed text (numeric, short answer, translation); blank is no answer."""
    value = fields.get("answer", "")
    return value if value.strip() else None


def index(fields: FormFields) -> int | None:
    """One chosen option (mcq)."""
    raw = fields.get("answer", "")
    return None if raw == "" else _int(raw)


def indices(fields: FormFields) -> list[int] | None:
    """Every ticked option (multi)."""
    chosen = [_int(raw) for raw in fields.getlist("answer")]
    return chosen or None


def boolean(fields: FormFields) -> bool | None:
    """True or false."""
    raw = fields.get("answer", "")
    if raw == "":
        return None
    if raw not in ("true", "false"):
        raise FormValueError("Choose true or false.")
    return raw == "true"


def blanks(fields: FormFields) -> list[str] | None:
    """One text per blank (cloze)."""
    values = fields.getlist("blank")
    return values if any(b.strip() for b in values) else None


def picks(fields: FormFields) -> list[int | None] | None:
    """For each left item, the right item chosen (matching)."""
    chosen = [None if raw == "" else _int(raw) for raw in fields.getlist("pick")]
    return chosen if any(p is not None for p in chosen) else None


def order(fields: FormFields) -> list[int]:
    """The items' order, after the Move up / Move down button that was pressed (ordering)."""
    items = [_int(raw) for raw in fields.getlist("item")]
    move = re.fullmatch(r"(up|down)-(\d+)", fields.get("move", ""))
    if move:
        position = int(move.group(2))
        other = position - 1 if move.group(1) == "up" else position + 1
        if 0 <= position < len(items) and 0 <= other < len(items):
            items[position], items[other] = items[other], items[position]
    return items


def _int(raw: str) -> int:
    if not re.fullmatch(r"\d{1,4}", raw.strip()):
        raise FormValueError(f"Not an option of this question: {raw[:40]!r}.")
    return int(raw)
