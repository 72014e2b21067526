"""numeric: |answer − value| <= tolerance; numbers or numeric strings, Devanagari digits too."""

import pytest

from quizapp.core.grading import get_type

from .samples import NUMERIC, NUMERIC_SEVERAL, assert_graded, assert_malformed, error_paths

NUM = get_type("numeric")
HALF = {"value": 3.5, "tolerance": 0.5}


@pytest.mark.parametrize(
    ("spec", "answer", "score", "correct"),
    [
        pytest.param(NUMERIC, 8, 1, True, id="eight companies"),
        pytest.param(NUMERIC, 8.0, 1, True, id="8.0 is 8"),
        pytest.param(NUMERIC, "8", 1, True, id="a numeric string"),
        pytest.param(NUMERIC, "८", 1, True, id="a Devanagari digit"),
        pytest.param(NUMERIC, " 8 ", 1, True, id="spaces around the number"),
        pytest.param(NUMERIC, 7, 0, False, id="one too few"),
        pytest.param(NUMERIC, "९", 0, False, id="a wrong Devanagari digit"),
        pytest.param(NUMERIC, 8.000001, 0, False, id="no tolerance means exact"),
        pytest.param(NUMERIC, "", 0, False, id="an empty answer is no answer, not an error"),
        pytest.param(HALF, "4", 1, True, id="at the upper edge of the tolerance"),
        pytest.param(HALF, 3, 1, True, id="at the lower edge of the tolerance"),
        pytest.param(HALF, "३.५", 1, True, id="a Devanagari decimal"),
        pytest.param(HALF, 4.01, 0, False, id="just outside the tolerance"),
        pytest.param({"value": 0.3}, 0.1 + 0.2, 1, True, id="floating-point error is absorbed"),
        pytest.param({"value": 1000}, "1,000", 1, True, id="a thousands separator"),
        pytest.param({"value": -2}, "-2", 1, True, id="a negative number"),
        pytest.param(NUMERIC, "आठ", 1, True, id="a Hindi number word"),
        pytest.param(NUMERIC, "eight", 1, True, id="an English number word"),
        pytest.param(NUMERIC, "8 companies", 1, True, id="with the unit in English"),
        pytest.param(NUMERIC, "आठ कंपनियाँ", 1, True, id="in words with the unit in Hindi"),
        pytest.param(NUMERIC, "सात", 0, False, id="a wrong number word"),
    ],
)
def test_grade(spec, answer, score, correct):
    assert_graded(NUM.grade(spec, answer), score, correct)


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(True, id="true is not 1"),
        pytest.param(None, id="null"),
        pytest.param([8], id="a list"),
        pytest.param({"value": 8}, id="an object"),
        pytest.param("eighty-eight companies ago", id="words that are not a number"),
        pytest.param("8 firms", id="a unit the question does not use"),
        pytest.param("many", id="a word"),
        pytest.param(float("nan"), id="NaN"),
        pytest.param(float("inf"), id="infinity"),
        pytest.param(10**400, id="an integer too large for a float"),
        pytest.param("8" * 6000, id="a huge string"),
    ],
)
def test_malformed_answer(answer):
    assert_malformed(NUM.grade(NUMERIC, answer))


@pytest.mark.parametrize(
    ("answer", "score", "correct", "feedback"),
    [
        pytest.param(1822, 1, True, "Correct! Correct! 100% credit", id="the exact year"),
        pytest.param(
            "१८२१",
            0.5,
            False,
            "Partly right. He was born in 1822. You get 50% credit for being close.",
            id="a year off: the 50% answer's range",
        ),
        pytest.param(1824, 0.5, False, None, id="at the edge of the 50% range"),
        pytest.param(
            1823, 1, True, "Correct!", id="in two ranges: the best credit counts, with its feedback"
        ),
        pytest.param(1825, 0, False, "Not correct.", id="outside every range"),
        pytest.param(
            1865,
            0,
            False,
            "Not correct. 1865 is when the Civil War ended.",
            id="a known mistake at credit 0 gets its feedback",
        ),
    ],
)
def test_several_answers_with_their_own_credit(answer, score, correct, feedback):
    result = NUM.grade(NUMERIC_SEVERAL, answer)
    assert_graded(result, score, correct)
    if feedback is not None:
        assert result.feedback.en == feedback


def test_public_spec_shows_only_the_unit():
    assert NUM.public_spec(NUMERIC) == {"unit": {"en": "companies", "hi": "कंपनियाँ"}}
    assert NUM.public_spec(HALF) == {}
    assert NUM.public_spec({**NUMERIC_SEVERAL, "unit": {"en": "AD"}}) == {"unit": {"en": "AD"}}
    assert NUM.correct_answer(NUMERIC) == 8


def test_key_is_the_first_full_credit_answer():
    assert NUM.correct_answer(NUMERIC_SEVERAL) == 1822
    assert NUM.correct_answer({"answers": [{"value": 7, "credit": 0.5}, {"value": 8}]}) == 8


@pytest.mark.parametrize(
    ("spec", "paths"),
    [
        pytest.param(NUMERIC, [], id="the sample is valid"),
        pytest.param(HALF, [], id="a tolerance"),
        pytest.param({"value": 0, "tolerance": 0}, [], id="zero value and tolerance"),
        pytest.param({}, ["value"], id="no value"),
        pytest.param({"value": "8"}, ["value"], id="the value as a string"),
        pytest.param({"value": True}, ["value"], id="the value as a boolean"),
        pytest.param({"value": float("nan")}, ["value"], id="NaN"),
        pytest.param({"value": 10**400}, ["value"], id="too large for a float"),
        pytest.param({"value": 8, "tolerance": -1}, ["tolerance"], id="a negative tolerance"),
        pytest.param({"value": 8, "tolerance": "1"}, ["tolerance"], id="a tolerance as text"),
        pytest.param({"value": 8, "tolerence": 1}, ["tolerence"], id="a typo"),
        pytest.param({"value": 8, "unit": "km"}, ["unit"], id="a unit must be {hi, en}"),
        pytest.param(NUMERIC_SEVERAL, [], id="several answers with credit and feedback"),
        pytest.param({"answers": [{"value": 8}]}, [], id="one answer in the list form"),
        pytest.param(
            {"answers": [{"value": 8}], "value": 8, "tolerance": 1},
            ["tolerance", "value"],
            id="value and answers both: one form or the other",
        ),
        pytest.param({"answers": []}, ["answers"], id="an empty list of answers"),
        pytest.param({"answers": {"value": 8}}, ["answers"], id="answers as an object"),
        pytest.param({"answers": [8]}, ["answers[0]"], id="an answer that is a bare number"),
        pytest.param({"answers": [{"tolerance": 1}]}, ["answers[0].value"], id="no value"),
        pytest.param(
            {"answers": [{"value": 8, "tolerance": -1}]},
            ["answers[0].tolerance"],
            id="a negative tolerance in an answer",
        ),
        pytest.param(
            {"answers": [{"value": 8}, {"value": 7, "credit": 1.5}]},
            ["answers[1].credit"],
            id="credit above 1",
        ),
        pytest.param(
            {"answers": [{"value": 8}, {"value": 7, "credit": 50}]},
            ["answers[1].credit"],
            id="credit as a percentage (GIFT's %50% is 0.5)",
        ),
        pytest.param(
            {"answers": [{"value": 8, "credit": 0.5}]},
            ["answers"],
            id="no answer with full credit",
        ),
        pytest.param(
            {"answers": [{"value": 8, "feedback": "yes"}]},
            ["answers[0].feedback"],
            id="feedback must be {hi, en}",
        ),
        pytest.param(
            {"answers": [{"value": 8, "weight": 100}]},
            ["answers[0].weight"],
            id="an unknown field in an answer",
        ),
    ],
)
def test_validate_spec(spec, paths):
    assert error_paths("numeric", spec) == sorted(paths)
