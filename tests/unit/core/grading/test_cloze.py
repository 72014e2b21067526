"""cloze: blanks graded like short answers, score = fraction right, dropdowns exact only."""

import pytest

from quizapp.core.grading import get_type
from quizapp.core.grading.cloze import blank_problems, parse_blanks

from .samples import CLOZE, CLOZE_CHOICES, CLOZE_TEXT, assert_graded, assert_malformed, error_paths

CLOZE_TYPE = get_type("cloze")
LENIENT = {**CLOZE, "near_miss_credit": 0.5}


@pytest.mark.parametrize(
    ("spec", "answer", "score", "correct", "near_miss"),
    [
        pytest.param(CLOZE, ["शिखर वार्ता", "आधारशिला"], 1, True, False, id="both blanks"),
        pytest.param(CLOZE, ["शिखर-वार्ता", "आधारशिला"], 1, True, False, id="the alternative"),
        pytest.param(CLOZE, ["शिखर वार्ता", "नींव"], 0.5, False, False, id="one of two"),
        pytest.param(CLOZE, ["", "आधारशिला"], 0.5, False, False, id="one blank left empty"),
        pytest.param(CLOZE, ["युद्ध", "नींव"], 0, False, False, id="both wrong"),
        pytest.param(CLOZE, ["", ""], 0, False, False, id="nothing filled in is no answer"),
        pytest.param(
            CLOZE, ["शिखर वार्ता", "आधारशीला"], 0.5, False, True, id="a slip earns no credit"
        ),
        pytest.param(
            LENIENT, ["शिखर वार्ता", "आधारशीला"], 0.75, False, True, id="a slip earns half"
        ),
        pytest.param(
            CLOZE, ["shikhar varta", "aadharshila"], 1, True, False, id="typed in Latin letters"
        ),
        pytest.param(
            LENIENT, ["शीखर वार्ता", "आधारशिला"], 0.75, False, True, id="a vowel-length slip"
        ),
        pytest.param(
            CLOZE_CHOICES, ["शिखर वार्ता", "आधारशिला"], 1, True, False, id="dropdown and typed"
        ),
        pytest.param(
            CLOZE_CHOICES, ["युद्ध", "आधारशिला"], 0.5, False, False, id="a wrong dropdown choice"
        ),
        pytest.param(
            {**CLOZE_CHOICES, "near_miss_credit": 0.5},
            ["शीखर वार्ता", "आधारशिला"],
            0.5,
            False,
            False,
            id="a dropdown blank is never a near miss",
        ),
    ],
)
def test_grade(spec, answer, score, correct, near_miss):
    assert_graded(CLOZE_TYPE.grade(spec, answer), score, correct, near_miss=near_miss)


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("शिखर वार्ता आधारशिला", id="a string, not a list"),
        pytest.param(["शिखर वार्ता"], id="fewer answers than blanks"),
        pytest.param(["a", "b", "c"], id="more answers than blanks"),
        pytest.param([None, "आधारशिला"], id="null for a blank"),
        pytest.param([1, 2], id="numbers"),
        pytest.param([["शिखर वार्ता"], "आधारशिला"], id="a nested list"),
        pytest.param(None, id="null"),
        pytest.param({"0": "शिखर वार्ता", "1": "आधारशिला"}, id="an object"),
        pytest.param(["x" * 5001, ""], id="a huge blank"),
    ],
)
def test_malformed_answer(answer):
    assert_malformed(CLOZE_TYPE.grade(CLOZE, answer))


def test_parts_show_each_blank():
    result = CLOZE_TYPE.grade(CLOZE, ["शिखर वार्ता", "आधारशीला"])
    assert [(p.index, p.correct, p.near_miss, p.expected) for p in result.parts] == [
        (0, True, False, "शिखर वार्ता"),
        (1, False, True, "आधारशिला"),
    ]
    assert result.feedback.en == "Partly right. Blanks right: 1 of 2. Almost — check the spelling."


def test_public_spec_numbers_the_blanks():
    assert CLOZE_TYPE.public_spec(CLOZE) == {
        "text": {
            "hi": "इसने अगले महीने बिडेन और रूसी राष्ट्रपति व्लादिमीर पुतिन के बीच संभावित "
            "{{1}} की {{2}} भी रखी।"
        },
        "blanks": 2,
    }


def test_public_spec_sorts_dropdown_options():
    public = CLOZE_TYPE.public_spec(CLOZE_CHOICES)
    assert public["choices"] == [sorted(["शिखर वार्ता", "युद्ध", "व्यापार"]), None]
    assert "शिखर" not in public["text"]["hi"]


def test_key_and_parsing():
    assert CLOZE_TYPE.correct_answer(CLOZE) == ["शिखर वार्ता", "आधारशिला"]
    assert parse_blanks(CLOZE_TEXT) == (("शिखर वार्ता", "शिखर-वार्ता"), ("आधारशिला",))
    assert blank_problems(CLOZE_TEXT) == []


def hi(text):
    return {"text": {"hi": text}}


@pytest.mark.parametrize(
    ("spec", "paths"),
    [
        pytest.param(CLOZE, [], id="the sample is valid"),
        pytest.param(CLOZE_CHOICES, [], id="dropdown options"),
        pytest.param({**CLOZE, "choices": None}, [], id="choices null"),
        pytest.param({"text": {"en": "A {{summit}} next month."}}, [], id="English text"),
        pytest.param({}, ["text"], id="no text"),
        pytest.param({"text": CLOZE_TEXT}, ["text"], id="text as a string"),
        pytest.param({"text": {}}, ["text"], id="text in no language"),
        pytest.param(
            {"text": {"hi": CLOZE_TEXT, "en": "A {{summit}}."}}, ["text"], id="two languages"
        ),
        pytest.param({"text": {"fr": "Un {{sommet}}."}}, ["text", "text.fr"], id="French"),
        pytest.param({"text": {"hi": 5}}, ["text.hi"], id="text as a number"),
        pytest.param(hi("बिना रिक्त स्थान का वाक्य।"), ["text.hi"], id="no blank"),
        pytest.param(hi("{{शिखर वार्ता की {{आधारशिला}}"), ["text.hi"], id="an unclosed blank"),
        pytest.param(hi("संभावित शिखर}} वार्ता {{की}}"), ["text.hi"], id="a stray closing brace"),
        pytest.param(hi("{{शिखर {{वार्ता}}}}"), ["text.hi"], id="nested blanks"),
        pytest.param(hi("संभावित {{शिखर वार्ता|}} की"), ["text.hi"], id="an empty alternative"),
        pytest.param(hi("संभावित {{}} की"), ["text.hi"], id="an empty blank"),
        pytest.param(hi("संभावित {{।}} की"), ["text.hi"], id="a blank of punctuation"),
        pytest.param({**CLOZE, "choices": "शिखर वार्ता"}, ["choices"], id="choices as a string"),
        pytest.param(
            {**CLOZE, "choices": [["शिखर वार्ता", "युद्ध"]]}, ["choices"], id="one entry short"
        ),
        pytest.param(
            {**CLOZE, "choices": [["युद्ध", "व्यापार"], None]},
            ["choices[0]"],
            id="a dropdown without the answer",
        ),
        pytest.param(
            {**CLOZE, "choices": [["शिखर वार्ता"], None]},
            ["choices[0]"],
            id="a dropdown of one",
        ),
        pytest.param(
            {**CLOZE, "choices": [["शिखर वार्ता", ""], None]},
            ["choices[0][1]"],
            id="an empty dropdown option",
        ),
        pytest.param(
            {**CLOZE, "choices": [["शिखर वार्ता", "शिखर  वार्ता।"], None]},
            ["choices[0][1]"],
            id="the same option twice",
        ),
        pytest.param(
            {**CLOZE, "choices": [None, "आधारशिला"]}, ["choices[1]"], id="an entry as a string"
        ),
        pytest.param({**CLOZE, "near_miss_credit": -0.1}, ["near_miss_credit"], id="credit < 0"),
    ],
)
def test_validate_spec(spec, paths):
    assert error_paths("cloze", spec) == sorted(paths)
