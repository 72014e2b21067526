"""translation: chrF against the best reference, mapped linearly from chrF 20 (0) to 70 (1)."""

import pytest

from quizapp.core.grading import get_type
from quizapp.core.grading.translation import chrf, chrf_to_score

from .samples import P1S1_EN, P1S1_HI, TRANSLATION, assert_graded, assert_malformed, error_paths

TRANSLATE = get_type("translation")

#: English translations of p1s1 as learners might write them, with the band each should land in.
GOOD = (
    "On Wednesday, US Secretary of State Antony Blinken met with his Russian counterpart Sergei "
    "Lavrov and discussed ways for their countries to cooperate in spite of their differences."
)
FAITHFUL_LOOSE = (
    "The American foreign minister Antony Blinken met Russian counterpart Sergei Lavrov on "
    "Wednesday and they discussed how their countries could cooperate despite differences."
)
FIRST_HALF = (
    "United States Secretary of State Antony Blinken met his Russian counterpart Sergei Lavrov "
    "on Wednesday."
)
WORD_SALAD = (
    "countries met despite Lavrov differences their Wednesday cooperation Blinken Russian discussed"
)
GIST = (
    "Blinken met the Russian minister Lavrov on Wednesday and they talked about working together."
)
UNRELATED = "The weather in Iceland was cold and windy all week."

HI_REFERENCE = P1S1_HI
EN_TO_HI = {"source": {"en": P1S1_EN}, "references": {"hi": [HI_REFERENCE]}}
HI_GOOD = (
    "बुधवार को अमेरिकी विदेश मंत्री एंटनी ब्लिंकन ने अपने रूसी समकक्ष सर्गेई लावरोव से मुलाक़ात "
    "की और मतभेदों के बावजूद दोनों देशों के बीच सहयोग के तरीक़ों पर चर्चा की।"
)
HI_LOOSE = "ब्लिंकन और लावरोव बुधवार को मिले और सहयोग पर बात की।"
HINGLISH = (
    "budhvar ko amriki videsh mantri antony blinken ne apne rusi samkaksh sergei lavrov se "
    "mulaqat ki aur matbhedon ke bavjood donon deshon ke beech sahyog ke tareekon par charcha ki"
)


@pytest.mark.parametrize(
    ("spec", "answer", "low", "high", "correct"),
    [
        pytest.param(TRANSLATION, P1S1_EN, 1, 1, True, id="the reference itself"),
        pytest.param(TRANSLATION, GOOD, 1, 1, True, id="a good paraphrase"),
        pytest.param(TRANSLATION, P1S1_EN.lower(), 1, 1, True, id="all lower case"),
        pytest.param(TRANSLATION, FAITHFUL_LOOSE, 0.8, 0.9, True, id="faithful but looser"),
        pytest.param(TRANSLATION, FIRST_HALF, 0.7, 0.8, False, id="half the sentence"),
        pytest.param(TRANSLATION, WORD_SALAD, 0.3, 0.4, False, id="the right words shuffled"),
        pytest.param(TRANSLATION, GIST, 0.05, 0.2, False, id="the gist without the names"),
        pytest.param(TRANSLATION, UNRELATED, 0, 0, False, id="an unrelated sentence"),
        pytest.param(TRANSLATION, P1S1_HI, 0, 0, False, id="the Hindi source copied"),
        pytest.param(TRANSLATION, "", 0, 0, False, id="empty is no answer"),
        pytest.param(EN_TO_HI, HI_GOOD, 1, 1, True, id="into Hindi, well"),
        pytest.param(EN_TO_HI, P1S1_EN, 0, 0, False, id="into Hindi, the English copied"),
        pytest.param(EN_TO_HI, HINGLISH, 0.8, 1, True, id="into Hindi, in Latin letters"),
        pytest.param(EN_TO_HI, HI_LOOSE, 0, 0.1, False, id="into Hindi, the gist"),
    ],
)
def test_grade(spec, answer, low, high, correct):
    result = TRANSLATE.grade(spec, answer)
    assert_graded(result, result.score, correct)
    assert low <= result.score <= high


@pytest.mark.parametrize(
    ("answer", "band"),
    [
        pytest.param(GOOD, "Close to the reference translation.", id="close"),
        pytest.param(FIRST_HALF, "Partly right: some of the meaning is there.", id="partly"),
        pytest.param(WORD_SALAD, "Far from the reference translation.", id="far"),
        pytest.param(UNRELATED, "This does not read as a translation of the sentence.", id="none"),
        pytest.param(P1S1_HI, "That is the sentence itself, not a translation.", id="copied"),
    ],
)
def test_feedback_band(answer, band):
    feedback = TRANSLATE.grade(TRANSLATION, answer).feedback
    assert feedback.en.startswith(band)
    assert feedback.hi


def test_wrong_language_is_pointed_out():
    feedback = TRANSLATE.grade(EN_TO_HI, "Blinken met Lavrov.").feedback
    assert feedback.en.endswith("Write your translation in Hindi, in Devanagari.")
    assert feedback.hi.endswith("अपना अनुवाद हिंदी में, देवनागरी लिपि में लिखें।")


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(None, id="null"),
        pytest.param(5, id="a number"),
        pytest.param([GOOD], id="a list"),
        pytest.param({"en": GOOD}, id="an object"),
        pytest.param(GOOD * 30, id="longer than 5,000 characters"),
    ],
)
def test_malformed_answer(answer):
    assert_malformed(TRANSLATE.grade(TRANSLATION, answer))


@pytest.mark.parametrize(
    ("value", "score"),
    [(0, 0), (20, 0), (45, 0.5), (60, 0.8), (70, 1), (100, 1)],
)
def test_chrf_curve(value, score):
    assert chrf_to_score(value) == pytest.approx(score)


def test_best_reference_counts():
    assert chrf(GOOD, [UNRELATED, P1S1_EN]) == pytest.approx(chrf(GOOD, [P1S1_EN]))


def test_public_spec_and_key():
    assert TRANSLATE.public_spec(TRANSLATION) == {"source": {"hi": P1S1_HI}, "target": "en"}
    assert TRANSLATE.correct_answer(TRANSLATION) == P1S1_EN
    assert TRANSLATE.public_spec(EN_TO_HI)["target"] == "hi"


@pytest.mark.parametrize(
    ("spec", "paths"),
    [
        pytest.param(TRANSLATION, [], id="the sample is valid"),
        pytest.param(EN_TO_HI, [], id="English into Hindi"),
        pytest.param({}, ["references", "source"], id="nothing"),
        pytest.param(
            {**TRANSLATION, "source": {"hi": P1S1_HI, "en": P1S1_EN}},
            ["source"],
            id="a source in both languages",
        ),
        pytest.param({**TRANSLATION, "source": {"hi": ""}}, ["source.hi"], id="an empty source"),
        pytest.param({**TRANSLATION, "source": P1S1_HI}, ["source"], id="a source as a string"),
        pytest.param(
            {**TRANSLATION, "references": {"hi": [P1S1_HI]}},
            ["references", "references.hi"],
            id="references in the source's language",
        ),
        pytest.param(
            {**TRANSLATION, "references": {"en": P1S1_EN}},
            ["references", "references.en"],
            id="references as a string",
        ),
        pytest.param({**TRANSLATION, "references": {"en": []}}, ["references"], id="no reference"),
        pytest.param(
            {**TRANSLATION, "references": {"en": [P1S1_EN, ""]}},
            ["references.en[1]"],
            id="an empty reference",
        ),
        pytest.param(
            {"source": TRANSLATION["source"], "refrences": {"en": [P1S1_EN]}},
            ["references", "refrences"],
            id="a typo",
        ),
    ],
)
def test_validate_spec(spec, paths):
    assert error_paths("translation", spec) == sorted(paths)
