"""Reviewing words: grading typed answers both ways, and FSRS scheduling on a fixed clock."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from quizapp.core.review import (
    Rating,
    WordFacts,
    accepted_answers,
    english_alternatives,
    grade_typed,
    make_scheduler,
    new_card_state,
    parse_rating,
    preview_dues,
    review_card,
)

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
MINISTER = WordFacts(
    hindi="विदेश मंत्री",
    forms=("विदेश मंत्री",),
    roman="videsh mantri",
    english="foreign minister; external affairs minister",
)
ZOR = WordFacts(hindi="ज़ोर", forms=("ज़ोर",), roman="zor", english="force, emphasis, stress")
PRATIBANDH = WordFacts(
    hindi="प्रतिबंध",
    forms=("प्रतिबंधों", "प्रतिबंध"),
    roman="pratibandh",
    english="sanction; restriction, ban",
)
MEET = WordFacts(hindi="मुलाकात करना", english="to meet (with)")


@pytest.fixture
def scheduler():
    return make_scheduler(fuzzing=False)


# ---- English meanings --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meaning", "expected"),
    [
        ("counterpart, opposite number", ("counterpart", "opposite number")),
        ("sanction; restriction, ban", ("sanction", "restriction", "ban")),
        ("summit (talks)", ("summit", "summit talks")),
        (
            "foreign minister; (US) Secretary of State",
            ("foreign minister", "Secretary of State", "US Secretary of State"),
        ),
        ("to meet (with)", ("to meet", "meet", "to meet with", "meet with")),
        ("they — with ने", ("they",)),
        ("", ()),
    ],
)
def test_english_alternatives(meaning, expected):
    assert english_alternatives(meaning) == expected


def test_slash_alternatives_accept_either_word():
    alternatives = english_alternatives("he/she (respectful)")
    assert {"he", "she", "he/she"} <= set(alternatives)


def test_accepted_answers_per_direction():
    assert accepted_answers("hi_en", PRATIBANDH) == ("sanction", "restriction", "ban")
    assert accepted_answers("en_hi", PRATIBANDH) == ("प्रतिबंध", "प्रतिबंधों")


# ---- Grading typed answers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "answer", "kind", "rating"),
    [
        # Hindi → English: each alternative of the meaning, case, articles and "to" forgiven
        (MINISTER, "foreign minister", "exact", Rating.Good),
        (MINISTER, "External Affairs Minister", "exact", Rating.Good),
        (MINISTER, "the foreign minister.", "exact", Rating.Good),
        (MINISTER, "foriegn minister", "near", Rating.Hard),
        (MINISTER, "minister", "none", Rating.Again),
        (PRATIBANDH, "ban", "exact", Rating.Good),
        (PRATIBANDH, "a restriction", "exact", Rating.Good),
        (PRATIBANDH, "sanctions", "none", Rating.Again),
        (MEET, "meet", "exact", Rating.Good),
        (MEET, "to meet with", "exact", Rating.Good),
        (MEET, "", "none", Rating.Again),
    ],
)
def test_hindi_to_english(word, answer, kind, rating):
    grade = grade_typed("hi_en", answer, word)
    assert (grade.kind, grade.rating) == (kind, rating)


@pytest.mark.parametrize(
    ("word", "answer", "kind", "via_latin"),
    [
        (ZOR, "ज़ोर", "exact", False),
        (ZOR, "जोर", "exact", False),  # nukta optional
        (ZOR, "ज\u093cोर", "exact", False),  # decomposed nukta
        (ZOR, "zor", "exact", True),  # romanised
        (ZOR, "jor", "exact", True),  # romanised without the nukta
        (ZOR, "जौर", "none", False),
        (PRATIBANDH, "प्रतिबंधों", "exact", False),  # a form from the text
        (PRATIBANDH, "प्रतिबन्ध", "exact", False),  # nasal + virama = anusvara
        (PRATIBANDH, "pratibandh", "exact", True),
        (PRATIBANDH, "प्रतीबंध", "near", False),  # vowel length slip
        (MINISTER, "videsh mantri", "exact", True),
        (MINISTER, "foreign minister", "none", False),  # English is not the Hindi answer
    ],
)
def test_english_to_hindi(word, answer, kind, via_latin):
    grade = grade_typed("en_hi", answer, word)
    assert (grade.kind, grade.via_latin) == (kind, via_latin)
    assert grade.correct is (kind == "exact")


def test_grading_refuses_huge_answers_and_unknown_directions():
    assert grade_typed("hi_en", "ban" * 100, PRATIBANDH).rating == Rating.Again
    assert grade_typed("hi_en", None, PRATIBANDH).rating == Rating.Again
    with pytest.raises(ValueError):
        grade_typed("hi_fr", "ban", PRATIBANDH)


@pytest.mark.parametrize(
    ("value", "rating"),
    [
        ("again", Rating.Again),
        ("Hard", Rating.Hard),
        ("good", Rating.Good),
        ("easy", Rating.Easy),
        ("3", Rating.Good),
        (4, Rating.Easy),
        ("superb", None),
        ("5", None),
        (0, None),
        (True, None),
        (None, None),
        ("33", None),
    ],
)
def test_parse_rating(value, rating):
    assert parse_rating(value) == rating


# ---- Scheduling (fuzzing off, fixed clock) ---------------------------------------------------


def test_a_new_card_is_due_at_once():
    state = new_card_state(7, NOW)
    assert state["card_id"] == 7
    assert datetime.fromisoformat(state["due"]) == NOW


def test_new_card_rated_good_comes_back_in_ten_minutes(scheduler):
    outcome = review_card(new_card_state(1, NOW), Rating.Good, NOW, scheduler)
    assert outcome.due == NOW + timedelta(minutes=10)
    assert outcome.stage == "learning"
    assert not outcome.lapsed


@pytest.mark.parametrize(
    ("rating", "after", "stage"),
    [
        (Rating.Again, timedelta(minutes=1), "learning"),
        (Rating.Hard, timedelta(minutes=5, seconds=30), "learning"),
        (Rating.Good, timedelta(minutes=10), "learning"),
        (Rating.Easy, timedelta(days=8), "review"),
    ],
)
def test_first_review_of_a_new_card(scheduler, rating, after, stage):
    outcome = review_card(new_card_state(1, NOW), rating, NOW, scheduler)
    assert (outcome.due - NOW, outcome.stage) == (after, stage)


def test_the_chain_of_good_reviews_is_stable(scheduler):
    """Reviewed on time with Good each time: 10 min, then 2, 11 and 46 days."""
    state, moment, gaps = new_card_state(1, NOW), NOW, []
    for _ in range(4):
        outcome = review_card(state, Rating.Good, moment, scheduler)
        gaps.append(outcome.due - moment)
        state, moment = outcome.state, outcome.due
    assert gaps == [
        timedelta(minutes=10),
        timedelta(days=2),
        timedelta(days=11),
        timedelta(days=46),
    ]


def test_forgetting_a_learnt_card_brings_it_back_within_minutes(scheduler):
    state, moment = new_card_state(1, NOW), NOW
    for _ in range(3):
        outcome = review_card(state, Rating.Good, moment, scheduler)
        state, moment = outcome.state, outcome.due
    assert outcome.stage == "review"
    forgotten = review_card(state, Rating.Again, moment, scheduler)
    assert forgotten.due - moment == timedelta(minutes=10)
    assert forgotten.stage == "relearning"
    assert forgotten.lapsed
    relearnt = review_card(forgotten.state, Rating.Good, forgotten.due, scheduler)
    assert relearnt.stage == "review"
    assert timedelta(days=1) <= relearnt.due - forgotten.due < timedelta(days=11)


def test_state_round_trips_through_json_with_utc_times(scheduler):
    outcome = review_card(new_card_state(1, NOW), Rating.Good, NOW, scheduler)
    assert outcome.state["due"] == (NOW + timedelta(minutes=10)).isoformat()
    assert outcome.state["last_review"] == NOW.isoformat()
    again = review_card(outcome.state, Rating.Good, outcome.due, scheduler)
    assert again.due == outcome.due + timedelta(days=2)


def test_other_time_zones_are_converted_and_naive_times_refused(scheduler):
    india = timezone(timedelta(hours=5, minutes=30))
    outcome = review_card(new_card_state(1, NOW), Rating.Good, NOW.astimezone(india), scheduler)
    assert outcome.due == NOW + timedelta(minutes=10)
    assert outcome.due.tzinfo == UTC
    with pytest.raises(ValueError):
        review_card(new_card_state(1, NOW), Rating.Good, NOW.replace(tzinfo=None), scheduler)


def test_previews_show_each_rating_without_changing_the_card(scheduler):
    state = new_card_state(1, NOW)
    previews = preview_dues(state, NOW, scheduler)
    assert previews == {
        Rating.Again: timedelta(minutes=1),
        Rating.Hard: timedelta(minutes=5, seconds=30),
        Rating.Good: timedelta(minutes=10),
        Rating.Easy: timedelta(days=8),
    }
    assert state == new_card_state(1, NOW)


def test_fuzzing_only_moves_long_intervals_a_little():
    fuzzy = make_scheduler(fuzzing=True)
    steady = make_scheduler(fuzzing=False)
    state = review_card(new_card_state(1, NOW), Rating.Good, NOW, steady).state
    moment = NOW + timedelta(minutes=10)
    exact = review_card(state, Rating.Good, moment, steady).due - moment
    for _ in range(20):
        fuzzed = review_card(state, Rating.Good, moment, fuzzy).due - moment
        assert abs(fuzzed - exact) <= timedelta(days=1)
