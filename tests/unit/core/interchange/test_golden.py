"""Golden-file round trips: bank JSON ⇄ Bank ⇄ GIFT, with Hindi text full of GIFT's specials.

``tests/data/interchange/bank.json`` holds one question of every type (and a cloze with two
blanks), then the fields GIFT carries besides: an mcq with a partly right option, a multi
without weights (exported with ±100/k), several numeric answers and short answers with their own
credit and feedback — in canonical form: rendering it again must give the same bytes.
``tests/data/interchange/bank.gift`` is what ``render_gift`` makes of it.

After an intended change of the output, regenerate both files and review the diff:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/core/interchange/test_golden.py
"""

import os
from dataclasses import replace
from pathlib import Path

import pytest

from quizapp.core.interchange import (
    Bank,
    load_bank,
    parse_gift,
    parse_json,
    render_gift,
    render_json,
    validate_bank,
)

DATA = Path(__file__).resolve().parents[3] / "data" / "interchange"
BANK_JSON = DATA / "bank.json"
BANK_GIFT = DATA / "bank.gift"
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))

#: Questions GIFT cannot hold: skipped on export, each with a warning naming it.
NOT_IN_GIFT = {"q-cloze-two": "cloze", "q-order": "ordering", "q-trans": "translation"}


def _golden(path: Path, text: str) -> None:
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{path.name} changed; see module docstring"


@pytest.fixture(scope="module")
def bank() -> Bank:
    bank, warnings = parse_json(BANK_JSON.read_text(encoding="utf-8"))
    assert warnings == []
    return bank


def test_golden_bank_is_valid_and_has_every_type(bank):
    assert validate_bank(bank) == []
    assert {q.type for q in bank.questions} == {
        "mcq",
        "multi",
        "true_false",
        "numeric",
        "short_answer",
        "cloze",
        "matching",
        "ordering",
        "translation",
    }
    texts = BANK_JSON.read_text(encoding="utf-8")
    for special in "{}=~#:":
        assert special in texts


def test_render_json_is_canonical(bank):
    _golden(BANK_JSON, render_json(bank))


def test_json_round_trip(bank):
    again, warnings = parse_json(render_json(bank))
    assert again == bank
    assert warnings == []


def test_json_writes_utf8_two_space_indent_and_trailing_newline(bank):
    text = render_json(bank)
    assert text.startswith('{\n  "format": "quizapp.bank.v1",\n')
    assert text.endswith("}\n")
    assert "रिक्जेविक" in text
    assert "\\u" not in text


def test_render_gift_matches_golden_file(bank):
    text, _ = render_gift(bank)
    _golden(BANK_GIFT, text)


def test_render_gift_skips_what_gift_cannot_hold_with_a_warning(bank):
    _, warnings = render_gift(bank)
    assert [(w.severity, w.location) for w in warnings] == [
        ("warning", "questions[8]"),
        ("warning", "questions[10]"),
        ("warning", "questions[11]"),
    ]
    for warning, (question_id, question_type) in zip(warnings, NOT_IN_GIFT.items(), strict=True):
        assert f"'{question_id}' ({question_type})" in warning.message


def test_gift_round_trip_is_lossless_for_gift_types(bank):
    text, _ = render_gift(bank)
    again, warnings = parse_gift(text)
    expected = replace(bank, questions=tuple(q for q in bank.questions if q.id not in NOT_IN_GIFT))
    assert again == expected
    assert warnings == []


def test_gift_export_imports_through_load_bank(bank):
    text, _ = render_gift(bank)
    result = load_bank(text.encode("utf-8"), "bank.gift")
    assert result.format == "gift"
    assert len(result.bank.questions) == len(bank.questions) - len(NOT_IN_GIFT)


def test_gift_text_escapes_specials_and_keeps_hindi_in_front(bank):
    text, _ = render_gift(bank)
    assert "::q-mcq::ब्लिंकन किससे मिले? (उत्तर\\: एक नाम){" in text
    assert "\t=सर्गेई लावरोव#सही! रूस के \\#1 राजनयिक।" in text
    assert "~%-50%बैठक \\= असफलता" in text
    assert "differences \\{of opinion\\}" in text
    assert '{TRUE#नहीं — p1s1 में "बुधवार" लिखा है।#सही।}' in text


def test_gift_text_carries_weights_credits_and_answer_feedback(bank):
    text, _ = render_gift(bank)
    assert "\t~%50%आइसलैंड#देश सही है; शहर कौन-सा?" in text
    assert "::q-multi-plain::कौन मिले?{\n\t~%50%ब्लिंकन\n\t~%50%लावरोव\n\t~%-50%पुतिन\n}" in text
    assert "{#\n\t=8#सही\\: आठ कंपनियाँ।\n\t=%50%8:1#Close\\: count again in p1s3." in text
    assert "\t=%33.33333%80#Ten times too many\\: 8 companies." in text
    assert "\t=%75%equal#Close; the word is 'counterpart'.\n\t=%0%partner\n" in text
