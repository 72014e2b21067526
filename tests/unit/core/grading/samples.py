"""Valid specs of every question type, written over the seeded article, and shared assertions."""

import json
from pathlib import Path

import pytest

from quizapp.core.grading import GradeResult, validate_spec

SEED = Path(__file__).resolve().parents[4] / "quizapp" / "content" / "seed"

#: The article's first sentence (p1s1) in Hindi, and our English translation of it.
P1S1_HI = SEED.joinpath("article.hi.txt").read_text(encoding="utf-8").split("।")[0] + "।"
P1S1_EN = json.loads(SEED.joinpath("article.json").read_text(encoding="utf-8"))["translation"][
    "p1s1"
]

MCQ = {
    "options": [
        {
            "en": "Reykjavik",
            "hi": "रिक्जेविक",
            "correct": True,
            "feedback": {
                "en": "Yes: on the sidelines of the Arctic Council.",
                "hi": "हाँ: आर्कटिक परिषद् के हाशिये पर।",
            },
        },
        {
            "en": "Moscow",
            "hi": "मॉस्को",
            "correct": False,
            "feedback": {"en": "Moscow is Lavrov's capital, not the venue."},
        },
        {"en": "Washington", "hi": "वाशिंगटन", "correct": False},
        {"en": "Geneva", "hi": "जिनेवा", "correct": False},
    ]
}

MULTI = {
    "options": [
        {"en": "fighting COVID-19", "hi": "कोविड-19 का मुकाबला", "correct": True},
        {"en": "climate change", "hi": "जलवायु परिवर्तन", "correct": True},
        {"en": "the Afghan peace process", "hi": "अफगान शांति प्रक्रिया", "correct": True},
        {
            "en": "the Olympic Games",
            "hi": "ओलंपिक खेल",
            "correct": False,
            "feedback": {"en": "Sport is not mentioned.", "hi": "खेल का ज़िक्र नहीं है।"},
        },
        {"en": "oil prices", "hi": "तेल की क़ीमतें", "correct": False, "weight": -50},
    ]
}

TRUE_FALSE = {
    "answer": True,
    "feedback": {
        "true": {"en": "Right: the first since Biden took office."},
        "false": {"en": "Look at p1s2 again.", "hi": "p1s2 फिर से पढ़ें।"},
    },
}

#: "How many Russian companies were sanctioned?"
NUMERIC = {"value": 8, "unit": {"en": "companies", "hi": "कंपनियाँ"}}

SHORT_ANSWER = {"accept": {"hi": ["समकक्ष"], "en": ["counterpart"]}}

CLOZE_TEXT = (
    "इसने अगले महीने बिडेन और रूसी राष्ट्रपति व्लादिमीर पुतिन के बीच संभावित "
    "{{शिखर वार्ता|शिखर-वार्ता}} की {{आधारशिला}} भी रखी।"
)
CLOZE = {"text": {"hi": CLOZE_TEXT}}
CLOZE_CHOICES = {
    "text": {"hi": CLOZE_TEXT},
    "choices": [["शिखर वार्ता", "युद्ध", "व्यापार"], None],
}

MATCHING = {
    "pairs": [
        {"left": "समकक्ष", "right": "counterpart"},
        {"left": "प्रतिबंध", "right": "sanctions"},
        {"left": "मतभेद", "right": "differences"},
        {"left": "शिखर वार्ता", "right": {"en": "summit", "hi": "सम्मेलन"}},
    ]
}

ORDERING = {
    "items": [
        {"en": "Joe Biden takes office", "hi": "जो बिडेन का पदारोहण"},
        {"en": "The US sanctions eight Russian companies", "hi": "आठ रूसी कंपनियों पर प्रतिबंध"},
        {"en": "Blinken and Lavrov meet in Reykjavik", "hi": "रिक्जेविक में ब्लिंकन-लावरोव बैठक"},
        {"en": "A Biden–Putin summit next month", "hi": "अगले महीने बिडेन-पुतिन शिखर वार्ता"},
    ]
}

TRANSLATION = {"source": {"hi": P1S1_HI}, "references": {"en": [P1S1_EN]}}

# --- What GIFT carries: weights, credits and feedback per answer (Moodle's examples) -------

#: Moodle's "Jesus' hometown" (GIFT examples): ~Jerusalem ~%25%Bethlehem ~%50%Galilee =Nazareth.
MCQ_WEIGHTED = {
    "options": [
        {"en": "Jerusalem", "feedback": {"en": "An important city, but the wrong answer."}},
        {"en": "Bethlehem", "weight": 25, "feedback": {"en": "Born here, not raised here."}},
        {"en": "Galilee", "weight": 50, "feedback": {"en": "You need to be more specific."}},
        {"en": "Nazareth", "correct": True, "feedback": {"en": "Yes! That's right!"}},
        {"en": "Rome", "weight": -50},
    ]
}

#: Moodle's "When was Ulysses S. Grant born?" {#=1822:0#Correct! =%50%1822:2#…}, with a
#: known mistake at credit 0 and a second full-credit answer.
NUMERIC_SEVERAL = {
    "answers": [
        {"value": 1822, "tolerance": 0, "feedback": {"en": "Correct! 100% credit"}},
        {
            "value": 1822,
            "tolerance": 2,
            "credit": 0.5,
            "feedback": {"en": "He was born in 1822. You get 50% credit for being close."},
        },
        {"value": 1865, "credit": 0, "feedback": {"en": "1865 is when the Civil War ended."}},
        {"value": 1822.5, "tolerance": 0.5},
    ]
}

#: Moodle's "Jesus' hometown (Short answer ex.)": =Nazareth#Yes! That's right!
#: =%75%Nazereth#Right, but misspelled. =%25%Bethlehem#He was born here, but not raised here.
#: plus a known mistake at credit 0.
SHORT_ANSWER_CREDITS = {
    "accept": {
        "en": [
            {"text": "Nazareth", "feedback": {"en": "Yes! That's right!"}},
            {"text": "Nazereth", "credit": 0.75, "feedback": {"en": "Right, but misspelled."}},
            {"text": "Bethlehem", "credit": 0.25, "feedback": {"en": "Born here, not raised."}},
            {"text": "Jerusalem", "credit": 0, "feedback": {"en": "Important, but no."}},
        ],
        "hi": ["नासरत"],
    },
    "near_miss_credit": 0.5,
}

#: A spec per type using the fields GIFT carries, and the strings they must not leak.
RICH_SPECS = {
    "mcq": MCQ_WEIGHTED,
    "numeric": NUMERIC_SEVERAL,
    "short_answer": SHORT_ANSWER_CREDITS,
}
RICH_KEY_STRINGS = {
    "mcq": ['"correct"', '"weight"', '"feedback"', "more specific"],
    "numeric": ['"answers"', '"credit"', "1822", "Civil War"],
    "short_answer": ['"accept"', '"credit"', "Nazereth", "misspelled", "नासरत"],
}


#: One valid spec per registered type.
SPECS = {
    "mcq": MCQ,
    "multi": MULTI,
    "true_false": TRUE_FALSE,
    "numeric": NUMERIC,
    "short_answer": SHORT_ANSWER,
    "cloze": CLOZE,
    "matching": MATCHING,
    "ordering": ORDERING,
    "translation": TRANSLATION,
}

#: The strings that give each spec's key away, to look for in public specs.
KEY_STRINGS = {
    "mcq": ['"correct"', '"feedback"', "Arctic Council", "Lavrov's capital"],
    "multi": ['"correct"', '"feedback"', '"weight"', "Sport is not"],
    "true_false": ['"answer"', "true", "false", "Biden took office", "p1s2"],
    "numeric": ['"value"', "8"],
    "short_answer": ['"accept"', "समकक्ष", "counterpart"],
    "cloze": ["शिखर वार्ता", "शिखर-वार्ता", "आधारशिला", "|"],
    "matching": ['"pairs"'],
    "ordering": [],
    "translation": ['"references"', P1S1_EN, "Blinken"],
}


def assert_graded(
    result: GradeResult,
    score: float,
    correct: bool,
    *,
    near_miss: bool = False,
) -> None:
    """A well-formed result with this score and verdict, feedback in both languages."""
    assert isinstance(result, GradeResult)
    assert result.error is None, result.error
    assert result.score == pytest.approx(score)
    assert result.correct is correct
    assert result.near_miss is near_miss
    assert result.feedback.en.strip() and result.feedback.hi.strip()


def assert_malformed(result: GradeResult) -> None:
    """A result that rejects the answer's shape: score 0, an explanation in both languages."""
    assert isinstance(result, GradeResult)
    assert result.score == 0 and result.correct is False
    assert result.error is not None
    assert result.error.en.strip() and result.error.hi.strip()
    assert result.feedback.en.strip() and result.feedback.hi.strip()


def error_paths(type_name: str, spec: object) -> list[str]:
    """The sorted paths of every problem ``validate_spec`` finds."""
    return sorted(error.path for error in validate_spec(type_name, spec))


def with_(spec: dict, **changes: object) -> dict:
    """A copy of ``spec`` with some top-level fields replaced."""
    return {**spec, **changes}
