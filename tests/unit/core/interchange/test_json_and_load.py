"""Bank JSON details, format detection and the load → validate pipeline."""

import json

import pytest

from quizapp.core.interchange import (
    Bank,
    BankFormatError,
    QuestionData,
    SetData,
    detect_format,
    load_bank,
    parse_gift,
    parse_json,
    render_gift,
    render_json,
    validate_bank,
)


def _doc(**fields) -> str:
    question = {"type": "true_false", "prompt": {"en": "Sky is blue."}, "answer": True}
    return json.dumps({"format": "quizapp.bank.v1", "questions": [question], **fields})


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Basics", {"en": "Basics"}),
        ("बुनियादी प्रश्न", {"hi": "बुनियादी प्रश्न"}),
        ({"hi": "बुनियादी", "en": "Basics"}, {"hi": "बुनियादी", "en": "Basics"}),
    ],
)
def test_set_title_string_or_object(title, expected):
    bank, _ = parse_json(_doc(set={"title": title}))
    assert bank.set == SetData(title=expected)


def test_plain_string_prompt_and_explanation_go_by_script():
    question = {
        "type": "true_false",
        "prompt": "आसमान नीला है।",
        "answer": True,
        "explanation": "Look up.",
    }
    bank, _ = parse_json(json.dumps({"format": "quizapp.bank.v1", "questions": [question]}))
    assert bank.questions[0].prompt == {"hi": "आसमान नीला है।"}
    assert bank.questions[0].explanation == {"en": "Look up."}


def test_common_fields_and_spec_are_separated():
    question = {
        "id": 7,
        "name": "Seven",
        "type": "numeric",
        "prompt": {"en": "7?"},
        "explanation": {"en": "Seven."},
        "evidence": ["p1s1"],
        "skill": "literal",
        "points": 3,
        "value": 7,
        "tolerance": 0,
    }
    bank, _ = parse_json(json.dumps({"format": "quizapp.bank.v1", "questions": [question]}))
    assert bank.questions[0] == QuestionData(
        id="7",
        name="Seven",
        type="numeric",
        prompt={"en": "7?"},
        explanation={"en": "Seven."},
        evidence=("p1s1",),
        skill="literal",
        points=3.0,
        spec={"value": 7, "tolerance": 0},
    )
    assert bank.questions[0].source == "questions[0]"


def test_render_json_leaves_out_defaults_and_orders_keys():
    bank = Bank(
        questions=(
            QuestionData(type="numeric", prompt={"en": "7?"}, spec={"tolerance": 1, "value": 7}),
        )
    )
    assert json.loads(render_json(bank)) == {
        "format": "quizapp.bank.v1",
        "questions": [{"type": "numeric", "prompt": {"en": "7?"}, "value": 7, "tolerance": 1}],
    }
    assert render_json(bank).index('"value"') < render_json(bank).index('"tolerance"')


def test_spec_errors_are_prefixed_with_the_question_location():
    bank = Bank(
        questions=(
            QuestionData(
                type="numeric", prompt={"en": "7?"}, spec={"value": "seven"}, source="line 12"
            ),
            QuestionData(type="numeric", prompt={"en": "7?"}, spec={"valeu": 7}),
        )
    )
    assert [(i.location, i.message) for i in validate_bank(bank)] == [
        ("line 12, value", "Expected a finite number."),
        ("questions[1].value", "This field is required."),
        ("questions[1].valeu", "Unknown field; expected answers, tolerance, unit, value."),
    ]


@pytest.mark.parametrize(
    ("text", "filename", "expected"),
    [
        ('  \n{"format": 1}', None, "json"),
        ('[{"type": "mcq"}]', None, "json"),
        ("[html]<b>Q</b>{T}", "bank.json", "gift"),
        ("// comment\nQ? {T}", "bank.json", "gift"),
        ("Q? {T}", None, "gift"),
        ("Q? {T}", "bank.gift", "gift"),
        ("nonsense", "bank.json", "json"),
    ],
)
def test_detect_format_by_content_with_name_as_a_hint(text, filename, expected):
    assert detect_format(text, filename) == expected


def test_load_bank_returns_warnings_and_format():
    result = load_bank(b"Q? {T}\n\nEssay? {}\n", "x.txt")
    assert result.format == "gift"
    assert len(result.bank.questions) == 1
    assert [(w.location, w.severity) for w in result.warnings] == [("line 3", "warning")]
    result = load_bank(_doc().encode())
    assert result.format == "json"
    assert result.warnings == []


def test_load_bank_strips_a_utf8_bom():
    assert load_bank(b"\xef\xbb\xbf" + _doc().encode()).format == "json"


def _fixed_order_bank(fixed_order) -> bytes:
    options = [{"en": "Yes", "correct": True}, {"en": "No"}, {"en": "All of the above"}]
    question = {"type": "mcq", "prompt": {"en": "Q?"}, "options": options}
    return json.dumps(
        {"format": "quizapp.bank.v1", "questions": [{**question, "fixed_order": fixed_order}]}
    ).encode()


def test_fixed_order_round_trips_through_json_and_gift():
    """GIFT has no syntax for it: the export's quizapp comment keeps it."""
    bank = load_bank(_fixed_order_bank(True), "bank.json").bank
    assert bank.questions[0].spec["fixed_order"] is True
    text = render_json(bank)
    assert '"fixed_order": true' in text and text.index('"options"') < text.index('"fixed_order"')
    assert parse_json(text)[0] == bank
    gift, warnings = render_gift(bank)
    assert warnings == [] and '"fixed_order": true' in gift
    assert parse_gift(gift)[0].questions[0].spec["fixed_order"] is True


def test_fixed_order_must_be_true_or_false():
    """An mcq's fixed_order that is not a boolean rejects the bank, naming where."""
    with pytest.raises(BankFormatError) as failure:
        load_bank(_fixed_order_bank("yes"), "bank.json")
    assert [(i.location, i.message) for i in failure.value.issues] == [
        ("questions[0].fixed_order", "Expected true or false.")
    ]
