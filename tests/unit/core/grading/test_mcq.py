"""mcq: one correct option, 1 or 0, the chosen option's feedback, strict spec checks."""

import pytest

from quizapp.core.grading import get_type

from .samples import MCQ, MCQ_WEIGHTED, assert_graded, assert_malformed, error_paths

MCQ_TYPE = get_type("mcq")


@pytest.mark.parametrize(
    ("answer", "score", "correct"),
    [
        pytest.param(0, 1, True, id="the correct option scores 1"),
        pytest.param(1, 0, False, id="a wrong option scores 0"),
        pytest.param(3, 0, False, id="the last option, wrong, scores 0"),
    ],
)
def test_grade(answer, score, correct):
    assert_graded(MCQ_TYPE.grade(MCQ, answer), score, correct)


@pytest.mark.parametrize(
    ("answer", "score", "correct", "feedback"),
    [
        pytest.param(3, 1, True, "Correct! Yes! That's right!", id="the correct option, 100%"),
        pytest.param(
            2, 0.5, False, "Partly right. You need to be more specific.", id="a 50% option"
        ),
        pytest.param(
            1, 0.25, False, "Partly right. Born here, not raised here.", id="a 25% option"
        ),
        pytest.param(
            0,
            0,
            False,
            "Not correct. An important city, but the wrong answer.",
            id="a wrong option without weight: 0",
        ),
        pytest.param(4, 0, False, "Not correct.", id="a negative weight scores 0, never below"),
    ],
)
def test_weighted_options_earn_their_weight(answer, score, correct, feedback):
    result = MCQ_TYPE.grade(MCQ_WEIGHTED, answer)
    assert_graded(result, score, correct)
    assert result.feedback.en == feedback


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(None, id="null"),
        pytest.param(True, id="true is not index 1"),
        pytest.param(False, id="false is not index 0"),
        pytest.param("0", id="a numeric string"),
        pytest.param(0.0, id="a float"),
        pytest.param(-1, id="a negative index"),
        pytest.param(4, id="one past the last option"),
        pytest.param(10**30, id="a huge index"),
        pytest.param([0], id="a list"),
        pytest.param({"index": 0}, id="an object"),
        pytest.param("x" * 6000, id="a huge string"),
    ],
)
def test_malformed_answer(answer):
    assert_malformed(MCQ_TYPE.grade(MCQ, answer))


def test_chosen_option_feedback_follows_the_verdict():
    result = MCQ_TYPE.grade(MCQ, 0)
    assert result.feedback.en == "Correct! Yes: on the sidelines of the Arctic Council."
    assert result.feedback.hi == "सही उत्तर! हाँ: आर्कटिक परिषद् के हाशिये पर।"
    assert result.parts[0].feedback is not None
    assert all(part.feedback is None for part in result.parts[1:])


def test_feedback_in_one_language_stands_in_for_the_other():
    result = MCQ_TYPE.grade(MCQ, 1)
    assert result.feedback.en.endswith("Moscow is Lavrov's capital, not the venue.")
    assert result.feedback.hi.endswith("Moscow is Lavrov's capital, not the venue.")


def test_parts_mark_each_option():
    parts = MCQ_TYPE.grade(MCQ, 2).parts
    assert [part.given for part in parts] == [False, False, True, False]
    assert [part.expected for part in parts] == [True, False, False, False]
    assert [part.correct for part in parts] == [False, True, False, True]


def test_public_spec_and_key():
    assert MCQ_TYPE.public_spec(MCQ) == {
        "options": [
            {"en": "Reykjavik", "hi": "रिक्जेविक"},
            {"en": "Moscow", "hi": "मॉस्को"},
            {"en": "Washington", "hi": "वाशिंगटन"},
            {"en": "Geneva", "hi": "जिनेवा"},
        ]
    }
    assert MCQ_TYPE.correct_answer(MCQ) == 0


def options(*flags, **extra):
    """Options "a", "b", … with these correct flags."""
    return [{"en": chr(ord("a") + i), "correct": flag, **extra} for i, flag in enumerate(flags)]


@pytest.mark.parametrize(
    ("spec", "paths"),
    [
        pytest.param(MCQ, [], id="the sample is valid"),
        pytest.param({"options": options(False, True)}, [], id="two options, one correct"),
        pytest.param(
            {"options": [{"hi": "हाँ", "correct": True}, {"en": "no"}]},
            [],
            id="one language per option is enough; correct defaults to false",
        ),
        pytest.param(
            {**MCQ, "id": "q1", "type": "mcq", "prompt": {"en": "Where?"}, "points": 2},
            [],
            id="the common question fields are tolerated",
        ),
        pytest.param({**MCQ, "fixed_order": True}, [], id="fixed_order keeps the order written"),
        pytest.param({**MCQ, "fixed_order": False}, [], id="fixed_order false, the default"),
        pytest.param({**MCQ, "fixed_order": "yes"}, ["fixed_order"], id="fixed_order as text"),
        pytest.param({**MCQ, "fixed_order": None}, ["fixed_order"], id="fixed_order null"),
        pytest.param({**MCQ, "fixedorder": True}, ["fixedorder"], id="a typo of fixed_order"),
        pytest.param([], [""], id="a spec that is not an object"),
        pytest.param({}, ["options"], id="no options"),
        pytest.param({"optoins": options(True, False)}, ["optoins", "options"], id="a typo"),
        pytest.param({"options": "a|b"}, ["options"], id="options as a string"),
        pytest.param({"options": options(True)}, ["options"], id="a single option"),
        pytest.param({"options": options(False, False)}, ["options"], id="no correct option"),
        pytest.param({"options": options(True, True)}, ["options"], id="two correct options"),
        pytest.param(
            {"options": [*options(True), "b"]}, ["options[1]"], id="an option that is a string"
        ),
        pytest.param(
            {"options": [*options(True), {"correct": False}]},
            ["options[1]"],
            id="an option without text",
        ),
        pytest.param(
            {"options": [*options(True), {"hi": "  "}]},
            ["options[1].hi"],
            id="an option with blank text",
        ),
        pytest.param(
            {"options": [*options(True), {"en": 7}]}, ["options[1].en"], id="a number as text"
        ),
        pytest.param(
            {"options": [*options(True, False), {"en": "c", "correct": "yes"}]},
            ["options[2].correct"],
            id="correct must be a boolean",
        ),
        pytest.param(
            {"options": [*options(True), {"en": "b", "corect": True}]},
            ["options[1].corect"],
            id="a typo inside an option",
        ),
        pytest.param(
            {"options": [{"en": "a", "correct": True, "feedback": "nice"}, {"en": "b"}]},
            ["options[0].feedback"],
            id="feedback must be {hi, en}",
        ),
        pytest.param(
            {"options": [{"en": "a", "correct": True, "weight": 150}, {"en": "b"}]},
            ["options[0].weight"],
            id="a weight beyond 100 percent",
        ),
        pytest.param(MCQ_WEIGHTED, [], id="weights on wrong options: partial credit"),
        pytest.param(
            {"options": [{"en": "a", "correct": True, "weight": 100}, {"en": "b"}]},
            [],
            id="the correct option may say its 100%",
        ),
        pytest.param(
            {"options": [{"en": "a", "correct": True, "weight": 50}, {"en": "b"}]},
            ["options[0].weight"],
            id="the correct option is worth 100%, not 50",
        ),
        pytest.param(
            {"options": [*options(True), {"en": "b", "weight": 100}]},
            ["options[1].weight"],
            id="a wrong option worth 100% would be a second key",
        ),
        pytest.param(
            {"options": [*options(True), {"en": "b", "weight": -100}]},
            [],
            id="a negative weight is allowed, as in GIFT",
        ),
        pytest.param(
            {"options": [*options(True, False), {"en": "A."}]},
            ["options[2]"],
            id="two options with the same text",
        ),
        pytest.param(
            {"options": [{"en": "", "correct": 1}, "x"]},
            ["options", "options[0].correct", "options[0].en", "options[1]"],
            id="every problem at once",
        ),
    ],
)
def test_validate_spec(spec, paths):
    assert error_paths("mcq", spec) == sorted(paths)
