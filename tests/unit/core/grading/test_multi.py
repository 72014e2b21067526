"""multi: partial credit (right − wrong) / correct, floored at 0; exact set for "correct"."""

import pytest

from quizapp.core.grading import get_type

from .samples import MULTI, assert_graded, assert_malformed, error_paths

MULTI_TYPE = get_type("multi")


@pytest.mark.parametrize(
    ("answer", "score", "correct"),
    [
        pytest.param([0, 1, 2], 1, True, id="exactly the correct options"),
        pytest.param([2, 0, 1], 1, True, id="in any order"),
        pytest.param([0, 1], 2 / 3, False, id="two of three correct, nothing wrong"),
        pytest.param([1], 1 / 3, False, id="one of three correct"),
        pytest.param([0, 1, 3], 1 / 3, False, id="a wrong pick cancels a right one"),
        pytest.param([0, 1, 2, 3], 2 / 3, False, id="all correct plus one wrong"),
        pytest.param([0, 1, 2, 3, 4], 1 / 3, False, id="every box ticked"),
        pytest.param([0, 3], 0, False, id="as many wrong as right is 0"),
        pytest.param([0, 3, 4], 0, False, id="more wrong than right is floored at 0"),
        pytest.param([3, 4], 0, False, id="only wrong options"),
        pytest.param([], 0, False, id="nothing chosen is a valid, empty answer"),
    ],
)
def test_grade(answer, score, correct):
    assert_graded(MULTI_TYPE.grade(MULTI, answer), score, correct)


def tomb(*weights):
    """Moodle's "What two people are entombed in Grant's tomb?" with these option weights."""
    names = ["No one", "Grant", "Grant's wife", "Grant's father"]
    options = []
    for name, weight in zip(names, weights, strict=True):
        option = {"en": name, "correct": weight is not None and weight > 0}
        if weight is not None:
            option["weight"] = weight
        options.append(option)
    return {"options": options}


#: ~No one ~%50%Grant ~%50%Grant's wife ~Grant's father: wrong picks cost nothing.
NO_PENALTY = tomb(None, 50, 50, None)
#: ~%-50%No one ~%50%Grant ~%50%Grant's wife ~%-50%Grant's father: each wrong pick costs half.
PENALTY = tomb(-50, 50, 50, -50)
#: Three thirds as GIFT writes them; they add up to 99.99999%.
THIRDS = {
    "options": [
        {"en": "a", "correct": True, "weight": 33.33333},
        {"en": "b", "correct": True, "weight": 33.33333},
        {"en": "c", "correct": True, "weight": 33.33333},
        {"en": "d", "weight": -100},
    ]
}
#: Weights that do not add up to 100 (Moodle refuses these): over the correct ones' 80.
UNEVEN = {
    "options": [
        {"en": "a", "correct": True, "weight": 60},
        {"en": "b", "correct": True, "weight": 20},
        {"en": "c"},
    ]
}


@pytest.mark.parametrize(
    ("spec", "answer", "score", "correct"),
    [
        pytest.param(NO_PENALTY, [1, 2], 1, True, id="Moodle: both 50% options, full credit"),
        pytest.param(NO_PENALTY, [1], 0.5, False, id="Moodle: one 50% option, half"),
        pytest.param(
            NO_PENALTY, [0, 1, 2, 3], 1, True, id="Moodle: unweighted wrong options cost nothing"
        ),
        pytest.param(NO_PENALTY, [0, 3], 0, False, id="Moodle: only 0% options"),
        pytest.param(PENALTY, [1, 2], 1, True, id="Moodle penalties: both right, full credit"),
        pytest.param(PENALTY, [1, 2, 3], 0.5, False, id="Moodle penalties: one wrong costs half"),
        pytest.param(PENALTY, [0, 1, 2, 3], 0, False, id="Moodle penalties: all ticked is 0"),
        pytest.param(PENALTY, [0, 3], 0, False, id="Moodle penalties: never below 0"),
        pytest.param(THIRDS, [0, 1, 2], 1, True, id="33.33333% three times is full credit"),
        pytest.param(THIRDS, [0, 1], 2 / 3, False, id="two thirds"),
        pytest.param(THIRDS, [0, 1, 2, 3], 0, False, id="a -100% option wipes it out"),
        pytest.param(UNEVEN, [0, 1], 1, True, id="weights are shares of the correct options'"),
        pytest.param(UNEVEN, [0], 0.75, False, id="60 of 80"),
    ],
)
def test_moodle_weights_add_up(spec, answer, score, correct):
    assert_graded(MULTI_TYPE.grade(spec, answer), score, correct)


def test_weights_on_wrong_options_only_keep_quizapps_rule():
    """The sample's "oil prices" has weight -50 but no correct option has one: (right − wrong)
    / correct, exactly as before weights were scored."""
    assert MULTI_TYPE.grade(MULTI, [0, 1, 2, 4]).score == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(None, id="null"),
        pytest.param(0, id="a bare index"),
        pytest.param("0,1", id="a string"),
        pytest.param([0, 0], id="the same index twice"),
        pytest.param([0, 5], id="an index past the last option"),
        pytest.param([-1], id="a negative index"),
        pytest.param([True], id="a boolean in the list"),
        pytest.param(["0"], id="a numeric string in the list"),
        pytest.param([0.0], id="a float in the list"),
        pytest.param([[0]], id="a nested list"),
        pytest.param([0, 1, 2, 3, 4, 4], id="longer than the options"),
        pytest.param({"0": True}, id="an object"),
    ],
)
def test_malformed_answer(answer):
    assert_malformed(MULTI_TYPE.grade(MULTI, answer))


def test_partial_feedback_counts_right_and_wrong_picks():
    result = MULTI_TYPE.grade(MULTI, [0, 1, 3])
    assert result.feedback.en.startswith(
        "Partly right. Correct options chosen: 2 of 3. Wrong options chosen: 1."
    )
    assert "3 में से 2" in result.feedback.hi
    assert result.feedback.en.endswith("Sport is not mentioned.")
    assert result.feedback.hi.endswith("खेल का ज़िक्र नहीं है।")


def test_parts_and_key():
    parts = MULTI_TYPE.grade(MULTI, [0, 3]).parts
    assert [part.correct for part in parts] == [True, False, False, False, True]
    assert MULTI_TYPE.correct_answer(MULTI) == [0, 1, 2]
    assert MULTI_TYPE.public_spec(MULTI)["options"][4] == {"en": "oil prices", "hi": "तेल की क़ीमतें"}


@pytest.mark.parametrize(
    ("spec", "paths"),
    [
        pytest.param(MULTI, [], id="the sample is valid"),
        pytest.param(
            {"options": [{"en": "a", "correct": True}, {"en": "b", "correct": True}]},
            [],
            id="every option may be correct",
        ),
        pytest.param({"options": [{"en": "a", "correct": True}]}, ["options"], id="one option"),
        pytest.param(
            {"options": [{"en": "a"}, {"en": "b", "correct": False}]},
            ["options"],
            id="no correct option",
        ),
        pytest.param(
            {"options": [{"en": "a", "correct": True}, {"en": "b", "weight": "50%"}]},
            ["options[1].weight"],
            id="a weight as text",
        ),
        pytest.param(NO_PENALTY, [], id="Moodle weights without penalties"),
        pytest.param(PENALTY, [], id="Moodle weights with penalties"),
        pytest.param(THIRDS, [], id="thirds to five decimals"),
        pytest.param(UNEVEN, [], id="correct weights that add up to 80"),
        pytest.param(
            {"options": [{"en": "a", "correct": True, "weight": 0}, {"en": "b"}]},
            ["options[0].weight"],
            id="a correct option's weight is above 0",
        ),
        pytest.param(
            {"options": [{"en": "a", "correct": True}, {"en": "b", "weight": 50}]},
            ["options[1].weight"],
            id="a wrong option with a positive weight",
        ),
        pytest.param({"options": None}, ["options"], id="options null"),
        pytest.param(
            {"options": [{"en": "a", "correct": True}, {"en": "b"}], "shuffle": True},
            ["shuffle"],
            id="an unknown top-level field",
        ),
        pytest.param({**MULTI, "fixed_order": True}, [], id="fixed_order true"),
        pytest.param({**MULTI, "fixed_order": False}, [], id="fixed_order false"),
        pytest.param({**MULTI, "fixed_order": 1}, ["fixed_order"], id="fixed_order as a number"),
    ],
)
def test_validate_spec(spec, paths):
    assert error_paths("multi", spec) == sorted(paths)
