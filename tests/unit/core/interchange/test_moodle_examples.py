"""Moodle's own GIFT examples file (question/format/gift/examples.txt) imports, summarised exactly.

The fixture is a copy in tests/data/gift/ (source and licence in tests/data/SOURCES.md). It has
no essay or description question, so those skips are checked on the same file with two
questions added.
"""

from collections import Counter
from pathlib import Path

import pytest

from quizapp.core.grading import get_type
from quizapp.core.interchange import load_bank, parse_gift, parse_json, render_gift, render_json

EXAMPLES = Path(__file__).parents[3] / "data" / "gift" / "moodle-examples.gift"

EXPECTED_COUNTS = {
    "mcq": 11,
    "short_answer": 8,
    "numeric": 8,
    "cloze": 6,
    "true_false": 5,
    "matching": 3,
    "multi": 2,
}

#: Every warning: nothing GIFT says is dropped any more (until weights, credits, per-answer
#: feedback and several numeric answers were kept, this file gave 14 "not kept" warnings).
EXPECTED_WARNINGS = [
    (
        "line 123",
        "The title \"Jesus' hometown\" is also used on line 117; this question's id "
        'is "Jesus\' hometown (2)".',
    ),
]


@pytest.fixture(scope="module")
def loaded():
    return load_bank(EXAMPLES.read_bytes(), EXAMPLES.name)


@pytest.fixture(scope="module")
def by_line(loaded):
    return {int(q.source.removeprefix("line ")): q for q in loaded.bank.questions}


def test_imports_as_gift_with_the_expected_types(loaded):
    assert loaded.format == "gift"
    assert Counter(q.type for q in loaded.bank.questions) == EXPECTED_COUNTS
    assert len(loaded.bank.questions) == 43
    assert loaded.bank.set is None and loaded.bank.passage is None


def test_warnings_are_exactly_the_lossy_conversions(loaded):
    assert [(w.location, w.message) for w in loaded.warnings] == EXPECTED_WARNINGS
    assert {w.severity for w in loaded.warnings} == {"warning"}
    assert not any("Skipped" in w.message for w in loaded.warnings)


def test_essay_and_description_are_skipped_with_their_lines():
    text = EXAMPLES.read_text(encoding="utf-8")
    lines = text.count("\n")
    extra = (
        "\n// ===Essay===\nWrite a short biography of Dag Hammarskjöld. {}\n"
        "\n// ===Description===\nYou can use your pencil and paper for these next math "
        "questions.\n"
    )
    result = load_bank((text + extra).encode("utf-8"))
    skipped = [
        (w.location, w.message.split(" (")[0]) for w in result.warnings if "Skipped" in w.message
    ]
    assert skipped == [
        (f"line {lines + 3}", "Skipped an essay question"),
        (f"line {lines + 6}", "Skipped a description"),
    ]
    assert len(result.bank.questions) == 43


def test_plain_mcq(by_line):
    question = by_line[8]
    assert question.prompt == {"en": "Who's buried in Grant's tomb?"}
    assert question.spec == {
        "options": [
            {"en": "Grant", "correct": False},
            {"en": "Jefferson", "correct": False},
            {"en": "no one", "correct": True},
        ]
    }


def test_weighted_multi(by_line):
    question = by_line[136]
    assert question.type == "multi"
    assert question.spec["options"] == [
        {"en": "No one", "correct": False, "weight": -50},
        {"en": "Grant", "correct": True, "weight": 50},
        {"en": "Grant's wife", "correct": True, "weight": 50},
        {"en": "Grant's father", "correct": False, "weight": -50},
    ]
    unweighted = by_line[130].spec["options"]
    assert [o.get("weight") for o in unweighted] == [None, 50, 50, None]


def test_nothing_is_dropped(loaded):
    assert not any("not kept" in w.message or "dropped" in w.message for w in loaded.warnings)


def test_exported_gift_needs_no_quizapp_comment_but_for_a_renamed_title(loaded):
    """GIFT alone holds every imported question: weights, credits and feedback included."""
    text, _ = render_gift(loaded.bank)
    comments = [line for line in text.splitlines() if line.startswith("// quizapp:")]
    assert comments == ['// quizapp: {"name": "Jesus\' hometown"}']


def test_numeric_range_and_tolerance(by_line):
    assert by_line[74].type == "numeric"
    assert by_line[74].spec["value"] == pytest.approx(3.1415)
    assert by_line[74].spec["tolerance"] == pytest.approx(0.0005)
    assert by_line[74].prompt == {"en": "What is the value of pi (to 3 decimal places)? _____."}
    assert by_line[16].spec == {"value": 1822, "tolerance": 1}
    assert by_line[70].spec == {"value": 1822}
    assert by_line[76].spec == {
        "answers": [{"value": 1822, "tolerance": 0}, {"value": 1822, "tolerance": 2, "credit": 0.5}]
    }


def test_several_numeric_answers_with_feedback(by_line):
    assert by_line[202].spec == {
        "answers": [
            {"value": 1822, "tolerance": 0, "feedback": {"en": "Correct! 100% credit"}},
            {
                "value": 1822,
                "tolerance": 2,
                "credit": 0.5,
                "feedback": {"en": "He was born in 1822. You get 50% credit for being close."},
            },
        ]
    }


def test_matching(by_line):
    question = by_line[61]
    assert question.type == "matching"
    assert question.prompt == {
        "en": "Match the following countries with their corresponding capitals."
    }
    assert question.spec["pairs"] == [
        {"left": "Canada", "right": "Ottawa"},
        {"left": "Italy", "right": "Rome"},
        {"left": "Japan", "right": "Tokyo"},
        {"left": "India", "right": "New Delhi"},
    ]
    assert len(by_line[177].spec["pairs"]) == 3


def test_missing_word_becomes_cloze(by_line):
    question = by_line[29]
    assert question.type == "cloze"
    assert question.prompt == {
        "en": "The American holiday of Thanksgiving is celebrated on the _____ Thursday of "
        "November."
    }
    assert question.spec == {
        "text": {
            "en": "The American holiday of Thanksgiving is celebrated on the {{fourth}} "
            "Thursday of November."
        },
        "choices": [["second", "third", "fourth"]],
    }
    typed = by_line[45]
    assert typed.spec == {"text": {"en": "Two plus two equals {{four|4}}."}}


def test_missing_word_with_weights_or_feedback_keeps_moodles_type(by_line):
    """A blank holds right answers only; with credit or feedback per answer the question stays
    what Moodle makes of it, with _____ in the prompt."""
    hometown = by_line[117]
    assert hometown.type == "mcq"
    assert hometown.prompt == {"en": "Jesus Christ was from _____."}
    assert [(o["en"], o["correct"], o.get("weight")) for o in hometown.spec["options"]] == [
        ("Jerusalem", False, None),
        ("Bethlehem", False, 25),
        ("Galilee", False, 50),
        ("Nazareth", True, None),
    ]
    assert by_line[184].type == "mcq"
    assert by_line[184].prompt == {"en": "Grant is _____ in Grant's tomb."}
    assert by_line[195].type == "short_answer"
    assert by_line[195].spec == {
        "accept": {
            "en": [
                {"text": "Nazareth", "feedback": {"en": "Yes! That's right!"}},
                {"text": "Nazereth", "credit": 0.75, "feedback": {"en": "Right, but misspelled."}},
                {
                    "text": "Bethlehem",
                    "credit": 0.25,
                    "feedback": {"en": "He was born here, but not raised here."},
                },
            ]
        }
    }


@pytest.mark.parametrize(
    ("line", "answer", "score", "feedback"),
    [
        pytest.param(115, 1, 0.5, "Partly right.", id="mcq: the 50% option"),
        pytest.param(117, 1, 0.25, "Partly right. He was born here, but not raised here."),
        pytest.param(117, 3, 1, "Correct! Yes! That's right!", id="mcq: the = option"),
        pytest.param(123, "Nazereth", 0.75, "Partly right. Right, but misspelled."),
        pytest.param(103, "nobody", 1, "Correct! excellent answer!", id="short answer feedback"),
        pytest.param(130, [0, 1, 2, 3], 1, "Correct!", id="multi: 0% options cost nothing"),
        pytest.param(136, [1, 2, 3], 0.5, None, id="multi: a -50% option costs half"),
        pytest.param(
            202,
            "1821",
            0.5,
            "Partly right. He was born in 1822. You get 50% credit for being close.",
            id="numeric: the 50% range",
        ),
    ],
)
def test_imported_questions_score_as_moodle_would(by_line, line, answer, score, feedback):
    question = by_line[line]
    result = get_type(question.type).grade(question.spec, answer)
    assert result.score == pytest.approx(score)
    if feedback is not None:
        assert result.feedback.en == feedback


def test_short_answer_true_false_and_titles(by_line):
    assert by_line[14].spec == {"accept": {"en": ["no one", "nobody"]}}
    kanji = by_line[90]
    assert (kanji.id, kanji.name) == ("Kanji Origins", "Kanji Origins")
    assert kanji.prompt == {"en": "Japanese characters originally came from what country?"}
    assert by_line[113].spec == {
        "answer": False,
        "feedback": {"true": {"en": "No one is buried in Grant's tomb."}},
    }
    assert by_line[51].spec == {"answer": True}
    assert by_line[123].id == "Jesus' hometown (2)"
    assert by_line[123].name == "Jesus' hometown"


def test_format_marker_is_removed(by_line):
    assert by_line[108].prompt == {"en": "Who's buried in **Grant's tomb**?"}


def test_escapes(by_line):
    assert [o["en"] for o in by_line[143].spec["options"]] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]
    control = by_line[148]
    assert control.id == "GIFT Control Characters"
    options = control.spec["options"]
    assert [o["en"] for o in options] == ["~", "=", "#", "{", "}", "\\"]
    assert [o["correct"] for o in options] == [False] * 5 + [True]
    assert options[2]["feedback"] == {"en": "# is a control character."}
    assert options[5]["feedback"]["en"].startswith(
        "Correct! \\ (backslash) is not a control character. BUT, it is used to escape"
    )


def test_option_feedback_is_kept_for_mcq(by_line):
    options = by_line[98].spec["options"]
    assert options[2] == {"en": "right answer", "correct": True, "feedback": {"en": "Very good!"}}


def test_imported_examples_round_trip_through_both_formats(loaded):
    from_json, _ = parse_json(render_json(loaded.bank))
    assert from_json == loaded.bank
    text, warnings = render_gift(loaded.bank)
    assert warnings == []
    from_gift, _ = parse_gift(text)
    assert from_gift == loaded.bank
