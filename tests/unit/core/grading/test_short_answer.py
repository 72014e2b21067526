"""short_answer: Devanagari-aware matching, near misses, strict where words differ."""

import pytest

from quizapp.core.grading import get_type

from .samples import (
    SHORT_ANSWER,
    SHORT_ANSWER_CREDITS,
    assert_graded,
    assert_malformed,
    error_paths,
    with_,
)

SHORT = get_type("short_answer")
LENIENT = with_(SHORT_ANSWER, near_miss_credit=0.5)


@pytest.mark.parametrize(
    ("spec", "answer", "score", "correct", "near_miss"),
    [
        pytest.param(SHORT_ANSWER, "समकक्ष", 1, True, False, id="the Hindi word"),
        pytest.param(SHORT_ANSWER, "counterpart", 1, True, False, id="the English word"),
        pytest.param(SHORT_ANSWER, "Counterpart.", 1, True, False, id="case and full stop"),
        pytest.param(SHORT_ANSWER, "  समकक्ष।", 1, True, False, id="spaces and a danda"),
        pytest.param(SHORT_ANSWER, "counterpat", 0, False, True, id="a slip, no credit"),
        pytest.param(LENIENT, "counterpat", 0.5, False, True, id="a slip, half credit"),
        pytest.param(SHORT_ANSWER, "samkaksh", 1, True, False, id="Hindi typed in Latin"),
        pytest.param(SHORT_ANSWER, "samakaksha", 1, True, False, id="Latin, schwas written"),
        pytest.param(SHORT_ANSWER, "समकक्श", 0, False, False, id="श for ष at the end is wrong"),
        pytest.param(LENIENT, "समककक्ष", 0.5, False, True, id="an extra letter inside"),
        pytest.param(SHORT_ANSWER, "partner", 0, False, False, id="another word"),
        pytest.param(SHORT_ANSWER, "", 0, False, False, id="empty is no answer, not an error"),
        pytest.param(SHORT_ANSWER, "x" * 5000, 0, False, False, id="5,000 characters is graded"),
        pytest.param({"accept": {"hi": ["काम"]}}, "कम", 0, False, False, id="कम is not काम"),
        pytest.param({"accept": {"hi": ["ज़ोर"]}}, "जोर", 1, True, False, id="nukta or not"),
        pytest.param(
            {"accept": {"hi": ["पहुँच"]}}, "पहुंच", 1, True, False, id="chandrabindu ≈ anusvara"
        ),
        pytest.param(
            {"accept": {"en": ["COVID-19"]}},
            "कोविड-१९",
            0,
            False,
            False,
            id="no cross-script guess",
        ),
    ],
)
def test_grade(spec, answer, score, correct, near_miss):
    assert_graded(SHORT.grade(spec, answer), score, correct, near_miss=near_miss)


@pytest.mark.parametrize(
    ("answer", "score", "correct", "near_miss", "feedback"),
    [
        pytest.param(
            "Nazareth", 1, True, False, "Correct! Yes! That's right!", id="full credit, feedback"
        ),
        pytest.param("नासरत", 1, True, False, "Correct!", id="a plain text is full credit"),
        pytest.param(
            "nazereth",
            0.75,
            False,
            False,
            "Partly right. Right, but misspelled.",
            id="a listed misspelling at 75% beats a near miss of the answer",
        ),
        pytest.param(
            "in Bethlehem",
            0.25,
            False,
            False,
            "Partly right. Born here, not raised.",
            id="tolerant phrasing works for partly right answers too",
        ),
        pytest.param(
            "Jerusalem",
            0,
            False,
            False,
            "Not correct. Important, but no.",
            id="a known mistake at credit 0 gets its feedback",
        ),
        pytest.param(
            "Betlehem",
            0.125,
            False,
            True,
            "Almost — check the spelling.",
            id="a near miss of a 25% answer: near-miss credit times 25%",
        ),
        pytest.param("Rome", 0, False, False, "Not correct.", id="none of them"),
    ],
)
def test_accepted_answers_with_their_own_credit(answer, score, correct, near_miss, feedback):
    result = SHORT.grade(SHORT_ANSWER_CREDITS, answer)
    assert_graded(result, score, correct, near_miss=near_miss)
    assert result.feedback.en == feedback


def test_key_and_public_spec_with_credits():
    assert SHORT.correct_answer(SHORT_ANSWER_CREDITS) == "नासरत"
    assert SHORT.correct_answer({"accept": {"en": [{"text": "b", "credit": 0.5}, "a"]}}) == "a"
    assert SHORT.public_spec(SHORT_ANSWER_CREDITS) == {}


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(None, id="null"),
        pytest.param(5, id="a number"),
        pytest.param(["counterpart"], id="a list"),
        pytest.param({"en": "counterpart"}, id="an object"),
        pytest.param("counterpart" + "x" * 5000, id="longer than 5,000 characters"),
    ],
)
def test_malformed_answer(answer):
    assert_malformed(SHORT.grade(SHORT_ANSWER, answer))


def test_latin_typed_hindi_is_shown_in_devanagari():
    result = SHORT.grade(SHORT_ANSWER, "samkaksh")
    assert result.feedback.en == "Correct! In Devanagari it is written समकक्ष."
    assert result.feedback.hi == "सही उत्तर! देवनागरी में यह समकक्ष लिखा जाता है।"


def test_near_miss_feedback():
    result = SHORT.grade(SHORT_ANSWER, "counterpat")
    assert result.feedback.en == "Almost — check the spelling."
    assert result.feedback.hi == "लगभग सही — वर्तनी जाँचें।"


def test_public_spec_and_key():
    assert SHORT.public_spec(SHORT_ANSWER) == {}
    assert SHORT.correct_answer(SHORT_ANSWER) == "समकक्ष"
    assert SHORT.correct_answer({"accept": {"en": ["counterpart"]}}) == "counterpart"


@pytest.mark.parametrize(
    ("spec", "paths"),
    [
        pytest.param(SHORT_ANSWER, [], id="the sample is valid"),
        pytest.param({"accept": {"en": ["counterpart"]}}, [], id="one language is enough"),
        pytest.param({"accept": {"hi": [], "en": ["x"]}}, [], id="an empty list beside a full one"),
        pytest.param(LENIENT, [], id="near-miss credit"),
        pytest.param({}, ["accept"], id="no accepted answers"),
        pytest.param({"acept": {"en": ["x"]}}, ["acept", "accept"], id="a typo"),
        pytest.param({"accept": ["counterpart"]}, ["accept"], id="accept as a list"),
        pytest.param({"accept": {}}, ["accept"], id="accept with no language"),
        pytest.param({"accept": {"hi": [], "en": []}}, ["accept"], id="only empty lists"),
        pytest.param({"accept": {"hi": "समकक्ष"}}, ["accept", "accept.hi"], id="a string, not list"),
        pytest.param({"accept": {"hi": [""]}}, ["accept.hi[0]"], id="an empty accepted answer"),
        pytest.param(
            {"accept": {"en": ["x", 5]}}, ["accept.en[1]"], id="a number as an accepted answer"
        ),
        pytest.param({"accept": {"hi": ["।"]}}, ["accept.hi[0]"], id="only punctuation"),
        pytest.param(
            {
                "accept": {"fr": ["homologue"]},
            },
            ["accept", "accept.fr"],
            id="French",
        ),
        pytest.param(
            with_(SHORT_ANSWER, near_miss_credit=2), ["near_miss_credit"], id="credit > 1"
        ),
        pytest.param(SHORT_ANSWER_CREDITS, [], id="answers with credit and feedback"),
        pytest.param(
            {"accept": {"en": [{"text": "a"}]}}, [], id="an answer object with only its text"
        ),
        pytest.param(
            {"accept": {"en": [{"text": "a", "credit": 0.5}]}},
            ["accept"],
            id="no answer with full credit",
        ),
        pytest.param(
            {"accept": {"en": ["a", {"text": "b", "credit": 75}]}},
            ["accept.en[1].credit"],
            id="credit as a percentage (GIFT's %75% is 0.75)",
        ),
        pytest.param(
            {"accept": {"en": ["a", {"text": "b", "credit": -0.5}]}},
            ["accept.en[1].credit"],
            id="a negative credit",
        ),
        pytest.param(
            {"accept": {"en": ["a", {"credit": 0.5}]}},
            ["accept.en[1].text"],
            id="an answer object without text",
        ),
        pytest.param(
            {"accept": {"en": ["a", {"text": "?!"}]}},
            ["accept.en[1].text"],
            id="an answer object with only punctuation",
        ),
        pytest.param(
            {"accept": {"en": [{"text": "a", "feedback": "good"}]}},
            ["accept.en[0].feedback"],
            id="feedback must be {hi, en}",
        ),
        pytest.param(
            {"accept": {"en": [{"text": "a", "weight": 100}]}},
            ["accept.en[0].weight"],
            id="an unknown field in an answer object",
        ),
        pytest.param(
            with_(SHORT_ANSWER, near_miss_credit=True), ["near_miss_credit"], id="credit as a bool"
        ),
    ],
)
def test_validate_spec(spec, paths):
    assert error_paths("short_answer", spec) == sorted(paths)
