"""true_false: JSON booleans only, 1 or 0, feedback for the chosen answer."""

import pytest

from quizapp.core.grading import get_type

from .samples import TRUE_FALSE, assert_graded, assert_malformed, error_paths, with_

TF = get_type("true_false")


@pytest.mark.parametrize(
    ("spec", "answer", "score", "correct"),
    [
        pytest.param(TRUE_FALSE, True, 1, True, id="true when the statement is true"),
        pytest.param(TRUE_FALSE, False, 0, False, id="false when the statement is true"),
        pytest.param({"answer": False}, False, 1, True, id="false when the statement is false"),
        pytest.param({"answer": False}, True, 0, False, id="true when it is false"),
    ],
)
def test_grade(spec, answer, score, correct):
    assert_graded(TF.grade(spec, answer), score, correct)


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("true", id="the string true"),
        pytest.param(1, id="the number 1"),
        pytest.param(0, id="the number 0"),
        pytest.param(None, id="null"),
        pytest.param([True], id="a list"),
        pytest.param({}, id="an object"),
    ],
)
def test_malformed_answer(answer):
    assert_malformed(TF.grade(TRUE_FALSE, answer))


def test_feedback_for_the_chosen_answer():
    wrong = TF.grade(TRUE_FALSE, False)
    assert wrong.feedback.en == "Not correct. Look at p1s2 again."
    assert wrong.feedback.hi == "सही नहीं है। p1s2 फिर से पढ़ें।"
    assert TF.grade(TRUE_FALSE, True).feedback.hi.endswith("the first since Biden took office.")


def test_public_spec_and_key():
    assert TF.public_spec(TRUE_FALSE) == {}
    assert TF.correct_answer(TRUE_FALSE) is True


@pytest.mark.parametrize(
    ("spec", "paths"),
    [
        pytest.param(TRUE_FALSE, [], id="the sample is valid"),
        pytest.param({"answer": False}, [], id="feedback is optional"),
        pytest.param({}, ["answer"], id="no answer"),
        pytest.param({"answer": "true"}, ["answer"], id="the answer as a string"),
        pytest.param({"answer": 1}, ["answer"], id="the answer as a number"),
        pytest.param(with_(TRUE_FALSE, feedback="Good"), ["feedback"], id="feedback as a string"),
        pytest.param(
            with_(TRUE_FALSE, feedback={"yes": {"en": "x"}}),
            ["feedback.yes"],
            id="feedback keyed by something else than true/false",
        ),
        pytest.param(
            with_(TRUE_FALSE, feedback={"true": {"en": ""}}),
            ["feedback.true.en"],
            id="empty feedback text",
        ),
    ],
)
def test_validate_spec(spec, paths):
    assert error_paths("true_false", spec) == sorted(paths)
