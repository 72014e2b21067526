"""Validator messages in both interface languages: every message the core's spec and bank
checks can give is in the Hindi catalog, and the web layer fills its values in Hindi too.

The messages are collected by breaking every field of every sample spec (and of a bank
question) in every way a form or file can: wrong JSON types, empty lists and texts,
duplicates, out-of-range numbers. A message added later without ``N_`` or a translation
fails here, whichever type it belongs to.
"""

import copy
from typing import Any

import pytest
from babel.messages.pofile import read_po

from quizapp.core.grading import validate_spec
from quizapp.core.grading.base import Message
from quizapp.core.interchange.model import Bank, QuestionData, SetData
from quizapp.core.interchange.validate import validate_bank
from quizapp.i18n import localized_message
from tests.conftest import ROOT
from tests.unit.core.grading.samples import RICH_SPECS, SPECS

BAD_VALUES: tuple[Any, ...] = (
    None,
    True,
    -5,
    10**9,
    1.5,
    "",
    " ",
    "x",
    "!!",
    [],
    [None],
    {},
    {"x": 1},
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into a nested spec (dict keys and list indices)."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _replaced(spec: Any, path: tuple, new: Any) -> Any:
    spec = copy.deepcopy(spec)
    target = spec
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return spec


def _broken_specs():
    for type_name, spec in [*SPECS.items(), *RICH_SPECS.items()]:
        yield type_name, {}
        yield type_name, {**spec, "optoins": 1}
        for path in _paths(spec):
            for bad in BAD_VALUES:
                yield type_name, _replaced(spec, path, bad)
            parent = path[:-1]
            if isinstance(path[-1], int):  # a list: its first item twice, or it alone
                items = spec
                for key in parent:
                    items = items[key]
                yield type_name, _replaced(spec, parent, [items[0], items[0]])
                yield type_name, _replaced(spec, parent, [items[0]])


def _spec_messages() -> set[str]:
    messages = set()
    for type_name, spec in _broken_specs():
        messages.update(error.message for error in validate_spec(type_name, spec))
    messages.update(error.message for error in validate_spec("essay", {}))
    return messages


def _bank_messages() -> set[str]:
    questions = [
        QuestionData(type="mcq", prompt={}, spec=SPECS["mcq"], id=bad, skill="guessing",
                     points=points, evidence=("p1", 3), name="n" * 300)
        for bad, points in (("", 0), ("x" * 200, "many"), (" ", float("inf")))
    ]  # fmt: skip
    questions += [
        QuestionData(type="mcq", prompt={"xx": 1, "en": 2}, spec=SPECS["mcq"], id="d")
    ] * 2
    bank = Bank(
        passage="Not A Slug",
        set=SetData(id="", title={"en": "t" * 400}, settings={"shuffle": 3, "colour": 1}),
        questions=tuple(questions),
    )
    return {issue.message for issue in validate_bank(bank)} | {
        issue.message for issue in validate_bank(Bank(questions=()))
    }


def _templates(message: str) -> set[str]:
    found = {getattr(message, "template", message)}
    for value in getattr(message, "params", {}).values():
        if isinstance(value, Message):
            found |= _templates(value)
    return found


@pytest.fixture(scope="module")
def hindi() -> dict[str, str]:
    with open(ROOT / "quizapp/translations/hi/LC_MESSAGES/messages.po", "rb") as f:
        return {m.id: m.string for m in read_po(f, locale="hi") if m.id}


def test_every_spec_and_bank_message_has_a_hindi_translation(hindi):
    messages = _spec_messages() | _bank_messages()
    assert len(messages) > 60  # the breaking reaches most checks, not a few
    missing = sorted({t for m in messages for t in _templates(m) if not hindi.get(t)})
    assert not missing, missing


def test_values_of_a_message_are_shown_in_the_interface_language(app):
    message = validate_spec("ordering", {"items": 3})[0].message
    assert message == "Expected a list of items, got a number."
    with app.test_request_context(headers={"Accept-Language": "hi"}):
        assert localized_message(message) == (
            "यहाँ चीज़ों की सूची होनी चाहिए, मिला: संख्या।",
            "hi",
        )
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert localized_message(message) == (str(message), "en")


def test_text_the_catalog_does_not_know_stays_english(app):
    with app.test_request_context(headers={"Accept-Language": "hi"}):
        assert localized_message("line 3: something only the parser says") == (
            "line 3: something only the parser says",
            "en",
        )
