"""matching: the fraction of left items matched to their own right item."""

import pytest

from quizapp.core.grading import get_type

from .samples import MATCHING, assert_graded, assert_malformed, error_paths

MATCH = get_type("matching")
SYNONYMS = {
    "pairs": [
        {"left": "वार्ता", "right": "talks"},
        {"left": "बातचीत", "right": "talks"},
        {"left": "बैठक", "right": "meeting"},
    ]
}


@pytest.mark.parametrize(
    ("spec", "answer", "score", "correct"),
    [
        pytest.param(MATCHING, [0, 1, 2, 3], 1, True, id="every pair"),
        pytest.param(MATCHING, [1, 0, 2, 3], 0.5, False, id="two swapped"),
        pytest.param(MATCHING, [3, 2, 1, 0], 0, False, id="none right"),
        pytest.param(MATCHING, [0, 0, 0, 0], 0.25, False, id="one right index for all"),
        pytest.param(MATCHING, [0, 1, 2, None], 0.75, False, id="one left unmatched"),
        pytest.param(MATCHING, [None] * 4, 0, False, id="nothing matched is no answer"),
        pytest.param(SYNONYMS, [1, 0, 2], 1, True, id="rights that read the same are one"),
        pytest.param(SYNONYMS, [2, 0, 1], 1 / 3, False, id="synonyms, one right"),
    ],
)
def test_grade(spec, answer, score, correct):
    assert_graded(MATCH.grade(spec, answer), score, correct)


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param([0, 1, 2], id="one index short"),
        pytest.param([0, 1, 2, 3, 0], id="one index too many"),
        pytest.param([0, 1, 2, 4], id="an index past the rights"),
        pytest.param([0, 1, 2, -1], id="a negative index"),
        pytest.param([0, 1, 2, "3"], id="a numeric string"),
        pytest.param([0, 1, 2, True], id="a boolean"),
        pytest.param([0, 1, 2, 3.0], id="a float"),
        pytest.param([[0], 1, 2, 3], id="a nested list"),
        pytest.param("0123", id="a string"),
        pytest.param({"समकक्ष": "counterpart"}, id="an object"),
        pytest.param(None, id="null"),
    ],
)
def test_malformed_answer(answer):
    assert_malformed(MATCH.grade(MATCHING, answer))


def test_parts_and_feedback():
    result = MATCH.grade(MATCHING, [1, 0, 2, 3])
    assert [(p.given, p.expected, p.correct) for p in result.parts] == [
        (1, 0, False),
        (0, 1, False),
        (2, 2, True),
        (3, 3, True),
    ]
    assert result.feedback.en == "Partly right. Pairs right: 2 of 4."
    assert result.feedback.hi == "आंशिक रूप से सही। सही जोड़े: 4 में से 2।"


def test_public_spec_and_key():
    assert MATCH.public_spec(MATCHING) == {
        "left": ["समकक्ष", "प्रतिबंध", "मतभेद", "शिखर वार्ता"],
        "right": ["counterpart", "sanctions", "differences", {"en": "summit", "hi": "सम्मेलन"}],
    }
    assert MATCH.correct_answer(MATCHING) == [0, 1, 2, 3]


def pairs(*lefts):
    return {"pairs": [{"left": left, "right": f"r{i}"} for i, left in enumerate(lefts)]}


@pytest.mark.parametrize(
    ("spec", "paths"),
    [
        pytest.param(MATCHING, [], id="the sample is valid"),
        pytest.param(SYNONYMS, [], id="repeated rights are allowed"),
        pytest.param({}, ["pairs"], id="no pairs"),
        pytest.param({"pairs": {"समकक्ष": "counterpart"}}, ["pairs"], id="pairs as an object"),
        pytest.param(pairs("समकक्ष"), ["pairs"], id="a single pair"),
        pytest.param(
            {"pairs": [{"left": "a", "right": "b"}, ["c", "d"]]}, ["pairs[1]"], id="a pair as list"
        ),
        pytest.param(
            {"pairs": [{"left": "a", "right": "b"}, {"left": "c"}]},
            ["pairs[1].right"],
            id="a pair without a right",
        ),
        pytest.param(
            {"pairs": [{"left": "a", "right": "b"}, {"left": "c", "rigth": "d"}]},
            ["pairs[1].right", "pairs[1].rigth"],
            id="a typo inside a pair",
        ),
        pytest.param(pairs("", "b"), ["pairs[0].left"], id="an empty left"),
        pytest.param(pairs(3, "b"), ["pairs[0].left"], id="a number as a left"),
        pytest.param(
            pairs({"fr": "x"}, "b"), ["pairs[0].left", "pairs[0].left.fr"], id="a French left"
        ),
        pytest.param(pairs("समकक्ष", "मतभेद", "समकक्ष।"), ["pairs[2].left"], id="a repeated left"),
    ],
)
def test_validate_spec(spec, paths):
    assert error_paths("matching", spec) == sorted(paths)
