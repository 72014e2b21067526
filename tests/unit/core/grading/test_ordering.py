"""ordering: Kendall's tau against the right order, floored at 0; exact order for full marks."""

import pytest

from quizapp.core.grading import get_type
from quizapp.core.grading.ordering import discordant_pairs

from .samples import ORDERING, assert_graded, assert_malformed, error_paths

ORDER = get_type("ordering")
TWO = {"items": ["पहले", "बाद में"]}
FIVE = {"items": ["a", "b", "c", "d", "e"]}


@pytest.mark.parametrize(
    ("spec", "answer", "score", "correct"),
    [
        pytest.param(ORDERING, [0, 1, 2, 3], 1, True, id="the right order"),
        pytest.param(ORDERING, [1, 0, 2, 3], 2 / 3, False, id="first two swapped"),
        pytest.param(ORDERING, [0, 1, 3, 2], 2 / 3, False, id="last two swapped"),
        pytest.param(ORDERING, [0, 2, 1, 3], 2 / 3, False, id="middle two swapped"),
        pytest.param(ORDERING, [2, 0, 1, 3], 1 / 3, False, id="one item two places early"),
        pytest.param(ORDERING, [1, 0, 3, 2], 1 / 3, False, id="two separate swaps"),
        pytest.param(ORDERING, [1, 2, 3, 0], 0, False, id="first carried to the end"),
        pytest.param(ORDERING, [3, 2, 1, 0], 0, False, id="reversed"),
        pytest.param(ORDERING, [2, 3, 1, 0], 0, False, id="worse than chance, floored at 0"),
        pytest.param(TWO, [0, 1], 1, True, id="two items in order"),
        pytest.param(TWO, [1, 0], 0, False, id="two items swapped"),
        pytest.param(FIVE, [0, 1, 2, 4, 3], 0.8, False, id="five items, one neighbour swap"),
    ],
)
def test_grade(spec, answer, score, correct):
    assert_graded(ORDER.grade(spec, answer), score, correct)


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param([0, 1, 2], id="an item missing"),
        pytest.param([0, 1, 2, 3, 3], id="an item twice, too long"),
        pytest.param([0, 0, 1, 2], id="an item twice, right length"),
        pytest.param([0, 1, 2, 4], id="an index past the items"),
        pytest.param([0, 1, 2, -1], id="a negative index"),
        pytest.param([0, 1, 2, "3"], id="a numeric string"),
        pytest.param([True, 0, 2, 3], id="a boolean"),
        pytest.param([[0], 1, 2, 3], id="a nested list"),
        pytest.param("0123", id="a string"),
        pytest.param({"0": 0}, id="an object"),
        pytest.param(None, id="null"),
    ],
)
def test_malformed_answer(answer):
    assert_malformed(ORDER.grade(ORDERING, answer))


def test_feedback_counts_places_and_pairs():
    result = ORDER.grade(ORDERING, [1, 0, 2, 3])
    assert result.feedback.en == (
        "Partly right. Items in the right place: 2 of 4. Pairs in the right order: 5 of 6."
    )
    assert "6 में से 5" in result.feedback.hi
    assert [part.correct for part in result.parts] == [False, False, True, True]


def test_discordant_pairs():
    assert discordant_pairs([0, 1, 2, 3]) == 0
    assert discordant_pairs([3, 2, 1, 0]) == 6
    assert discordant_pairs([1, 2, 3, 0]) == 3


def test_public_spec_and_key():
    assert ORDER.public_spec(ORDERING) == {"items": ORDERING["items"]}
    assert ORDER.correct_answer(ORDERING) == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("spec", "paths"),
    [
        pytest.param(ORDERING, [], id="the sample is valid"),
        pytest.param(TWO, [], id="two plain strings"),
        pytest.param({}, ["items"], id="no items"),
        pytest.param({"items": "a, b, c"}, ["items"], id="items as a string"),
        pytest.param({"items": ["a"]}, ["items"], id="a single item"),
        pytest.param({"items": ["a", "b", "A"]}, ["items[2]"], id="the same item twice"),
        pytest.param({"items": ["a", ""]}, ["items[1]"], id="an empty item"),
        pytest.param({"items": ["a", 2]}, ["items[1]"], id="a number as an item"),
        pytest.param({"items": ["a", {}]}, ["items[1]"], id="an item in no language"),
        pytest.param({"items": ["a", "b"], "order": [1, 0]}, ["order"], id="an unknown field"),
    ],
)
def test_validate_spec(spec, paths):
    assert error_paths("ordering", spec) == sorted(paths)
