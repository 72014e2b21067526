"""The seeded question banks as a teacher would check them: multiple choice that gives nothing
away by position or length, typed answers that accept what learners write, numbers asked for
in a form the prompt names."""

import json
from collections import Counter
from importlib import resources

import pytest

from quizapp.core.grading import grade

FOLDER = resources.files("quizapp.questions.seed")
BANKS = {
    path.name: json.loads(path.read_text("utf-8"))
    for path in sorted(FOLDER.iterdir(), key=lambda p: p.name)
    if path.name.endswith(".json")
}
QUESTIONS = {q["id"]: q for bank in BANKS.values() for q in bank["questions"]}
MCQ = [q for q in QUESTIONS.values() if q["type"] == "mcq"]
MULTI = [q for q in QUESTIONS.values() if q["type"] == "multi"]


def _keys(question: dict) -> tuple[int, ...]:
    return tuple(i for i, option in enumerate(question["options"]) if option["correct"])


def test_mcq_keys_are_spread_over_the_positions():
    """Shuffled per attempt or not, a bank whose keys sit mostly in one place teaches
    guessing (and a set with ``fixed_order``, or a GIFT export, shows that place). With four
    options an even spread is a quarter each; no place may hold more than a third."""
    spread = Counter(_keys(q)[0] for q in MCQ)
    assert len(MCQ) >= 10
    assert max(spread.values()) <= len(MCQ) / 3, spread
    assert len(spread) >= 4, spread


def test_multi_keys_vary():
    patterns = Counter(_keys(q) for q in MULTI)
    assert len(MULTI) >= 4
    assert max(patterns.values()) <= len(MULTI) / 2, patterns


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_the_key_is_rarely_the_longest_option(lang):
    """The longest, most careful option is the classic giveaway: it may be the key in at most
    a fifth of the questions, in either language."""
    counted = [q for q in MCQ if all(lang in o for o in q["options"])]
    longest = [
        q["id"]
        for q in counted
        if (lengths := [len(o[lang]) for o in q["options"]])
        and lengths.count(max(lengths)) == 1
        and lengths.index(max(lengths)) == _keys(q)[0]
    ]
    assert len(longest) <= 0.2 * len(counted), longest


@pytest.mark.parametrize(
    ("question_id", "answer"),
    [
        ("bl-und-01", "रिक्जेविक"),
        ("bl-und-01", "रेक्जेविक"),
        ("bl-und-01", "Reykjavik"),
        ("bl-und-01", "Reykjavík"),
        ("bl-und-15", "जर्मनी"),
        ("bl-und-15", "जर्मनी की"),
        ("bl-und-15", "Germany"),
        ("bl-vocab-10", "पदारोहण"),
        ("bl-vocab-10", "पदारोहन"),
        ("bl-vocab-12", "summit"),
        ("bl-vocab-12", "summits"),
        ("bl-vocab-12", "a summit meeting"),
    ],
)
def test_short_answers_accept_what_learners_write(question_id, answer):
    question = QUESTIONS[question_id]
    assert grade(question["type"], question, answer).score == 1, answer


@pytest.mark.parametrize(
    "blanks",
    [
        ["बिडेन", "पहली", "आर्कटिक"],
        ["बाइडेन", "प्रथम", "आर्कटिक"],
        ["बायडेन", "पहली", "आर्क्टिक"],
    ],
)
def test_the_names_cloze_accepts_the_usual_spellings(blanks):
    question = QUESTIONS["bl-und-02"]
    assert grade("cloze", question, blanks).score == 1
    assert question["near_miss_credit"] == 0.5


def test_numeric_prompts_say_how_to_write_the_number():
    numeric = [q for q in QUESTIONS.values() if q["type"] == "numeric"]
    assert len(numeric) >= 3
    for question in numeric:
        assert "अंकों या शब्दों में" in question["prompt"]["hi"], question["id"]
        assert "in digits or in words" in question["prompt"]["en"], question["id"]
        for written in (str(question["value"]), f"{question['value']} {question['unit']['en']}"):
            assert grade("numeric", question, written).score == 1, (question["id"], written)


def test_events_to_order_in_time_all_happened():
    """A possible summit is not an event that happened: it cannot be put in order of time."""
    question = QUESTIONS["bl-und-18"]
    for item in question["items"]:
        assert "संभावित" not in item["hi"] and "possible" not in item["en"].lower(), item


def test_anumaanit_is_taught_as_estimated_used_for_predictable():
    pairs = {p["left"]: p["right"] for p in QUESTIONS["bl-vocab-09"]["pairs"]}
    assert pairs["अनुमानित"].startswith("estimated") and "predictable" in pairs["अनुमानित"]
    statement = QUESTIONS["bl-vocab-16"]
    assert "estimated" in statement["prompt"]["en"] and statement["answer"] is True
    for lang in ("hi", "en"):
        assert "जिसका अनुमान लगाया जा सके" not in statement["explanation"][lang]
