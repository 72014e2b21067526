"""Progress numbers on a fixed clock: history, skills, mastery, streak, time and suggestions."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from quizapp.core.progress import (
    DEFAULT_CAP_MINUTES,
    SKILLS,
    FinishedAttempt,
    QuestionOutcome,
    SetInfo,
    attempt_minutes,
    compute_progress,
    local_day,
    mastery_level,
    streak,
)
from quizapp.questions.models import SKILLS as MODEL_SKILLS

#: Friday 14 March 2025, 15:00 UTC: every test's "now".
NOW = datetime(2025, 3, 14, 15, 0, tzinfo=UTC)
TODAY = date(2025, 3, 14)

VOCAB = SetInfo(
    set_id=1,
    title_en="Vocabulary warm-up",
    passage_slug="p",
    passage_title_en="A passage",
    question_count=4,
    skill_counts=(("vocabulary", 4),),
)
MIXED = SetInfo(
    set_id=2,
    title_en="Understanding",
    passage_slug="p",
    passage_title_en="A passage",
    question_count=6,
    skill_counts=(("literal", 3), ("inference", 3)),
)
IDEAS = SetInfo(
    set_id=3,
    title_en="Main ideas",
    passage_slug="p",
    passage_title_en="A passage",
    question_count=6,
    skill_counts=(("main_idea", 4), ("inference", 2)),
)
TIMED = SetInfo(
    set_id=4,
    title_en="Timed",
    passage_slug="q",
    passage_title_en="Another passage",
    question_count=2,
    time_limit_minutes=10,
    skill_counts=(("translation", 2),),
)
SETS = (VOCAB, MIXED, IDEAS, TIMED)

_ids = iter(range(1, 10_000))


def attempt(
    set_id: int,
    days_ago: float,
    score: float,
    max_score: float = 10,
    minutes: float = 10,
    retry: bool = False,
    outcomes: tuple = (),
) -> FinishedAttempt:
    """A finished attempt ``days_ago`` days before NOW, taking ``minutes``."""
    finished = NOW - timedelta(days=days_ago)
    return FinishedAttempt(
        attempt_id=next(_ids),
        set_id=set_id,
        started_at=finished - timedelta(minutes=minutes),
        finished_at=finished,
        score=score,
        max_score=max_score,
        is_retry=retry,
        outcomes=tuple(outcomes),
    )


def outcomes(skill: str, right: int, wrong: int, points: float = 1.0) -> tuple:
    """``right`` questions of ``skill`` fully right and ``wrong`` ones wrong."""
    return tuple(QuestionOutcome(skill, 1.0, points) for _ in range(right)) + tuple(
        QuestionOutcome(skill, 0.0, points) for _ in range(wrong)
    )


def test_core_skills_match_the_model():
    assert SKILLS == MODEL_SKILLS


# ---- Levels and days -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "level"),
    [
        (None, "not_started"),
        (0.0, "learning"),
        (59.99, "learning"),
        (60.0, "good"),
        (84.9, "good"),
        (85.0, "mastered"),
        (100.0, "mastered"),
    ],
)
def test_mastery_levels(percent, level):
    assert mastery_level(percent) == level


@pytest.mark.parametrize(
    ("moment", "zone", "day"),
    [
        (datetime(2025, 3, 13, 23, 30, tzinfo=UTC), UTC, date(2025, 3, 13)),
        # 23:30 UTC is already the next morning in India.
        (datetime(2025, 3, 13, 23, 30, tzinfo=UTC), timezone(timedelta(hours=5, minutes=30)),
         date(2025, 3, 14)),
        (datetime(2025, 3, 13, 23, 30), UTC, date(2025, 3, 13)),  # naive is UTC
    ],
)  # fmt: skip
def test_local_day(moment, zone, day):
    assert local_day(moment, zone) == day


# ---- Streak ----------------------------------------------------------------------------------


def _days(*offsets: int) -> set[date]:
    return {TODAY - timedelta(days=n) for n in offsets}


@pytest.mark.parametrize(
    ("offsets", "current", "longest", "active_today"),
    [
        ((), 0, 0, False),
        ((0,), 1, 1, True),
        ((1,), 1, 1, False),  # today is not over: yesterday's run still counts
        ((2,), 0, 1, False),  # a missed day breaks it
        ((0, 1, 2, 3), 4, 4, True),
        ((1, 2, 3), 3, 3, False),
        ((0, 2, 3, 4), 1, 3, True),
        ((0, 1, 5, 6, 7, 8, 9, 20), 2, 5, True),
        ((-1, -2, 0), 1, 1, True),  # days after today (a skewed clock) are ignored
    ],
)
def test_streak(offsets, current, longest, active_today):
    result = streak(_days(*offsets), TODAY)
    assert (result.current, result.longest, result.active_today) == (
        current,
        longest,
        active_today,
    )


def test_streak_recent_days_window():
    result = streak(_days(0, 3, 29, 30, 45), TODAY)
    assert len(result.days) == 30
    assert result.days[0].day == TODAY - timedelta(days=29)
    assert result.days[-1].day == TODAY
    assert result.active_recent == 3  # 30 and 45 days ago are outside the window
    assert [d.day for d in result.days if d.active] == sorted(_days(0, 3, 29))


def test_streak_counts_other_activity_and_local_days():
    # A quiz yesterday and word reviews today and the day before yesterday: a run of 3.
    progress = compute_progress(
        [attempt(1, 1, 5)], SETS, NOW, activity_days=[TODAY, TODAY - timedelta(days=2)]
    )
    assert progress.streak.current == 3
    # In India, a quiz at 20:00 UTC yesterday fell on today's date.
    india = timezone(timedelta(hours=5, minutes=30))
    late = attempt(1, (NOW - datetime(2025, 3, 13, 20, 0, tzinfo=UTC)).total_seconds() / 86400, 5)
    assert compute_progress([late], SETS, NOW, zone=india).streak.active_today
    assert not compute_progress([late], SETS, NOW).streak.active_today


# ---- Time spent ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("info", "minutes", "counted"),
    [
        (VOCAB, 12, 12),
        (VOCAB, 0.5, 0.5),
        (VOCAB, 600, DEFAULT_CAP_MINUTES),  # a tab left open: capped at an hour
        (TIMED, 25, 10),  # capped at the set's time limit
        (TIMED, 8, 8),
        (None, 90, DEFAULT_CAP_MINUTES),  # an unknown set
        (VOCAB, -5, 0),  # a clock that went backwards
    ],
)
def test_attempt_minutes(info, minutes, counted):
    assert attempt_minutes(attempt(1, 1, 5, minutes=minutes), info) == pytest.approx(counted)


def test_time_spent_totals_and_last_seven_days():
    attempts = [
        attempt(1, 0.1, 5, minutes=10),
        attempt(2, 6, 5, minutes=20),  # 8 March: inside the last 7 days
        attempt(2, 7, 5, minutes=30),  # 7 March: outside
        attempt(4, 20, 1, max_score=2, minutes=45),  # timed: counts 10
        attempt(1, 2, 1, retry=True, minutes=5),  # retries count too
    ]
    time = compute_progress(attempts, SETS, NOW).time
    assert time.total_minutes == pytest.approx(10 + 20 + 30 + 10 + 5)
    assert time.recent_minutes == pytest.approx(10 + 20 + 5)
    assert time.attempts == 5


# ---- History and averages --------------------------------------------------------------------


def test_history_is_whole_attempts_in_time_order():
    attempts = [
        attempt(2, 1, 8),
        attempt(1, 3, 5),
        attempt(1, 2, 9, max_score=9, retry=True),  # a retry: not on the chart
        attempt(3, 4, 0, max_score=0),  # worth nothing: no percent
    ]
    progress = compute_progress(attempts, SETS, NOW)
    assert [(p.set.set_id, p.percent) for p in progress.history] == [(1, 50.0), (2, 80.0)]
    assert [p.day for p in progress.history] == [date(2025, 3, 11), date(2025, 3, 13)]
    assert progress.quizzes_finished == 3
    assert progress.retries_finished == 1


def test_recent_and_previous_averages():
    scores = [2, 3, 4, 5, 6, 6, 7, 8, 9, 10, 10]  # oldest first, out of 10
    attempts = [attempt(1, 20 - n, s) for n, s in enumerate(scores)]
    progress = compute_progress(attempts, SETS, NOW)
    assert progress.recent_average == pytest.approx(88.0)  # 70, 80, 90, 100, 100
    assert progress.previous_average == pytest.approx(48.0)  # 30, 40, 50, 60, 60


def test_averages_with_few_attempts():
    progress = compute_progress([attempt(1, 1, 7), attempt(1, 0.5, 9)], SETS, NOW)
    assert progress.recent_average == pytest.approx(80.0)
    assert progress.previous_average is None


# ---- Skills ----------------------------------------------------------------------------------


def test_skill_breakdown_weights_points_and_lists_every_skill():
    attempts = [
        attempt(1, 2, 3, max_score=4, outcomes=outcomes("vocabulary", 3, 1)),
        attempt(
            4,
            1,
            2.5,
            max_score=4,
            outcomes=(
                QuestionOutcome("translation", 0.75, 2),
                QuestionOutcome("translation", 0.5, 2),
            ),
        ),
        # Unknown or missing skills and zero points are left out; scores are clamped.
        attempt(
            2,
            1,
            1,
            outcomes=(
                QuestionOutcome(None, 1.0),
                QuestionOutcome("grammar", 1.0),
                QuestionOutcome("literal", 1.7),
                QuestionOutcome("literal", 1.0, 0),
            ),
        ),
    ]
    skills = {s.skill: s for s in compute_progress(attempts, SETS, NOW).skills}
    assert list(skills) == list(SKILLS)
    assert (skills["vocabulary"].questions, skills["vocabulary"].percent) == (4, 75.0)
    assert skills["translation"].questions == 2
    assert skills["translation"].earned == pytest.approx(2.5)
    assert skills["translation"].possible == pytest.approx(4)
    assert skills["translation"].percent == pytest.approx(62.5)
    assert (skills["literal"].questions, skills["literal"].percent) == (1, 100.0)
    assert (skills["inference"].questions, skills["inference"].percent) == (0, None)
    assert skills["inference"].level == "not_started"
    assert skills["vocabulary"].level == "good"


def test_retries_count_for_skills():
    attempts = [
        attempt(1, 2, 2, max_score=4, outcomes=outcomes("vocabulary", 2, 2)),
        attempt(1, 1, 2, max_score=2, retry=True, outcomes=outcomes("vocabulary", 2, 0)),
    ]
    vocabulary = compute_progress(attempts, SETS, NOW).skills[0]
    assert (vocabulary.questions, vocabulary.percent) == (6, pytest.approx(400 / 6))


# ---- Mastery ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "percent", "level"),
    [
        ((), None, "not_started"),
        ((4,), 40.0, "learning"),
        ((9, 5, 6, 7), 70.0, "good"),  # the 90 is older than the last three
        ((5, 9, 6, 7), 90.0, "mastered"),
        ((10, 10, 10, 2), 100.0, "mastered"),  # one bad day does not undo it
    ],
)
def test_set_mastery_is_best_of_last_three(scores, percent, level):
    attempts = [attempt(1, 10 - n, s) for n, s in enumerate(scores)]
    passage = compute_progress(attempts, SETS, NOW).mastery[0]
    vocab = next(m for m in passage.sets if m.set.set_id == 1)
    assert (vocab.percent, vocab.level, vocab.attempts) == (percent, level, len(scores))


def test_passage_mastery_averages_its_sets_counting_unstarted_as_zero():
    attempts = [attempt(1, 3, 10), attempt(2, 2, 9), attempt(2, 1, 2, retry=True, max_score=2)]
    mastery = compute_progress(attempts, SETS, NOW).mastery
    assert [m.slug for m in mastery] == ["p", "q"]
    first, second = mastery
    assert [m.set.set_id for m in first.sets] == [1, 2, 3]
    assert first.percent == pytest.approx((100 + 90 + 0) / 3)
    assert first.level == "good"
    assert [m.level for m in first.sets] == ["mastered", "mastered", "not_started"]
    assert (second.percent, second.level) == (0.0, "not_started")


def test_mastery_skips_unavailable_sets_unless_taken_and_groups_sets_without_passage():
    hidden = SetInfo(set_id=9, title_en="Draft", passage_slug="p", available=False)
    loose = SetInfo(set_id=7, title_en="No passage", question_count=1)
    mastery = compute_progress([attempt(8, 1, 5)], (*SETS, hidden, loose), NOW).mastery
    assert [m.slug for m in mastery] == ["p", "q", None]
    assert 9 not in [m.set.set_id for m in mastery[0].sets]
    # Set 8 is not in the catalogue (deleted or hidden since): it still counts where it was.
    assert [m.set.set_id for m in mastery[2].sets] == [7, 8]


# ---- Practise next ---------------------------------------------------------------------------


def test_new_learner_gets_started_with_sets_in_order():
    progress = compute_progress([], SETS, NOW)
    assert progress.is_empty
    nxt = progress.practise_next
    assert (nxt.reason, nxt.skill) == ("get_started", None)
    assert [s.set.set_id for s in nxt.sets] == [1, 2, 3]
    assert [s.questions for s in nxt.sets] == [4, 6, 6]
    assert nxt.untried == SKILLS
    assert progress.history == ()
    assert progress.streak.current == 0
    assert progress.time.total_minutes == 0


def test_getting_started_prefers_sets_not_started():
    attempts = [attempt(1, 1, 3, max_score=4, outcomes=outcomes("vocabulary", 3, 1))]
    nxt = compute_progress(attempts, SETS, NOW).practise_next
    assert nxt.reason == "get_started"  # 4 questions of one skill is not enough to judge
    assert [s.set.set_id for s in nxt.sets] == [2, 3, 4]
    assert "vocabulary" not in nxt.untried


def test_weakest_skill_and_the_sets_that_train_it_most():
    attempts = [
        attempt(1, 3, 8, outcomes=outcomes("vocabulary", 8, 2)),
        attempt(2, 2, 6, outcomes=outcomes("literal", 5, 1) + outcomes("inference", 2, 3)),
        attempt(3, 1, 4, outcomes=outcomes("main_idea", 2, 1)),  # too few to judge
    ]
    nxt = compute_progress(attempts, SETS, NOW).practise_next
    assert (nxt.reason, nxt.skill, nxt.skill_percent) == ("weakest_skill", "inference", 40.0)
    # Set 2 has three inference questions, set 3 two.
    assert [(s.set.set_id, s.questions) for s in nxt.sets] == [(2, 3), (3, 2)]
    assert nxt.untried == ("translation",)


def test_mastered_sets_are_suggested_last():
    attempts = [
        attempt(2, 3, 10, outcomes=outcomes("inference", 3, 0) + outcomes("literal", 3, 0)),
        attempt(3, 2, 2, outcomes=outcomes("inference", 0, 2) + outcomes("main_idea", 2, 2)),
        attempt(1, 1, 10, outcomes=outcomes("vocabulary", 5, 0)),
    ]
    nxt = compute_progress(attempts, SETS, NOW).practise_next
    assert nxt.skill == "inference"  # 3 of 5: 60%
    assert [s.set.set_id for s in nxt.sets] == [3, 2]  # set 2 (3 questions) is mastered


def test_weakest_skill_ties_go_in_skill_order_and_unavailable_sets_are_never_suggested():
    closed = SetInfo(set_id=5, title_en="Closed", skill_counts=(("literal", 9),), available=False)
    attempts = [
        attempt(2, 2, 5, outcomes=outcomes("literal", 3, 3) + outcomes("inference", 3, 3)),
    ]
    nxt = compute_progress(attempts, (*SETS, closed), NOW).practise_next
    assert nxt.skill == "literal"
    assert [s.set.set_id for s in nxt.sets] == [2]


def test_a_skill_no_available_set_trains_is_not_suggested():
    only_vocab = (VOCAB,)
    attempts = [
        attempt(1, 2, 9, outcomes=outcomes("vocabulary", 9, 1)),
        attempt(2, 1, 1, outcomes=outcomes("literal", 1, 9)),  # set 2 is gone since
    ]
    nxt = compute_progress(attempts, only_vocab, NOW).practise_next
    assert nxt.skill == "vocabulary"
    assert [s.set.set_id for s in nxt.sets] == [1]


def test_mastering_all_that_was_tried_points_to_new_sets_while_skills_are_untried():
    attempts = [attempt(1, 1, 9, outcomes=outcomes("vocabulary", 9, 1))]  # 90%: mastered
    nxt = compute_progress(attempts, SETS, NOW).practise_next
    assert nxt.reason == "get_started"
    assert [s.set.set_id for s in nxt.sets] == [2, 3, 4]  # not the mastered set 1 again
    # With nothing left untried, the weakest skill is named even when it is mastered.
    only_vocab = compute_progress(attempts, (VOCAB,), NOW).practise_next
    assert (only_vocab.reason, only_vocab.skill) == ("weakest_skill", "vocabulary")
