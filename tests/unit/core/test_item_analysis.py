"""Item analysis: Moodle's own fixture to 1e-6, a small example worked by hand, edge cases.

The fixture (tests/data/moodle_stats, see its README) is Moodle's statistics walkthrough:
25 attempts × 7 items in results00.csv, the expected item figures in qstats00.csv and the
expected set figures, copied from the PHP test, in quizstats00.csv.
"""

import csv
import dataclasses
import math
import random
import time
from pathlib import Path

import pytest

from quizapp.core.item_analysis import (
    AnswerGroup,
    ItemInfo,
    Response,
    analyse_items,
    choice_guess_score,
    group_answers,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "moodle_stats"
SLOTS = range(1, 8)

#: qstats00.csv column -> ItemStats field. Every slot has max mark 1, so Moodle's sd in
#: marks is also our sd of the fraction, and the variances are the same in both.
ITEM_FIELDS = {
    "facility": "facility",
    "sd": "sd",
    "effectiveweight": "effective_weight",
    "covariance": "covariance",
    "markvariance": "mark_variance",
    "othermarkvariance": "other_mark_variance",
    "discriminationindex": "discrimination_index",
    "covariancemax": "covariance_max",
    "discriminativeefficiency": "discriminative_efficiency",
}
#: quizstats00.csv row -> SetStats field (Moodle computes these over "all attempts").
SET_FIELDS = {
    "median": "median",
    "allattemptsavg": "mean",
    "allattemptscount": "n",
    "standarddeviation": "sd",
    "skewness": "skewness",
    "kurtosis": "kurtosis",
    "cic": "cic",
    "errorratio": "error_ratio",
    "standarderror": "standard_error",
}


def _close(actual, expected):
    """Within 1e-6 both absolutely and relatively (Moodle's own test allows 1e-6 to 1.5e-5
    relative only)."""
    assert actual is not None
    difference = abs(actual - expected)
    return difference <= 1e-6 and difference <= 1e-6 * abs(expected)


@pytest.fixture(scope="module")
def moodle_analysis():
    with (DATA / "results00.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    attempts = [{slot: (float(row[f"slots.{slot}.mark"]), 1.0) for slot in SLOTS} for row in rows]
    for row, attempt in zip(rows, attempts, strict=True):
        # The fixture's own total, as a check that we read the rows right (summarks is
        # rounded to 5 places in the file; the spreadsheet used the unrounded sum).
        assert math.fsum(mark for mark, _ in attempt.values()) == pytest.approx(
            float(row["summarks"]), abs=1e-5
        )
    return analyse_items(attempts)


def _expected_items():
    with (DATA / "qstats00.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("slot", "column"),
    [(slot, column) for slot in SLOTS for column in ITEM_FIELDS],
    ids=lambda value: str(value),
)
def test_moodle_item_figure(moodle_analysis, slot, column):
    expected = float(_expected_items()[slot - 1][column])
    item = moodle_analysis.items[slot - 1]
    assert item.question_id == slot
    assert item.n == 25
    assert _close(getattr(item, ITEM_FIELDS[column]), expected)


@pytest.mark.parametrize("statistic", SET_FIELDS)
def test_moodle_set_figure(moodle_analysis, statistic):
    with (DATA / "quizstats00.csv").open(encoding="utf-8", newline="") as handle:
        expected = {row["statistic"]: float(row["value"]) for row in csv.DictReader(handle)}
    assert _close(getattr(moodle_analysis.set, SET_FIELDS[statistic]), expected[statistic])


def test_moodle_figures_the_fixture_leaves_out(moodle_analysis):
    # Intended weight is max mark over the sum of max marks (7 slots of 1 mark); the random
    # guess score is the caller's and is None when not given.
    for item in moodle_analysis.items:
        assert item.intended_weight == pytest.approx(100 / 7)
        assert item.random_guess_score is None
        # Moodle's qstats00 has every item's covariance with the rest negative (the responses
        # were generated at random), but not with the total: every effective weight exists.
        assert not item.negative_covariance
    assert math.fsum(item.effective_weight for item in moodle_analysis.items) == pytest.approx(100)
    assert moodle_analysis.set.item_count == 7
    assert moodle_analysis.set.max_total == 7
    assert [flag.code for flag in moodle_analysis.set.flags] == ["cic_low"]


# --- A small example worked by hand ------------------------------------------------------
#
# Four attempts, three questions:
#   Q1 mcq, options 0-3, key 0, max 1, guess 1/4     Q2 true/false as options 0 (key), 1,
#   Q3 typed, max 2                                   max 1, guess 1/2
#
#   attempt  Q1 chose/mark  Q2 chose/mark  Q3 typed/mark   total  rest Q1 Q2 Q3
#   A        3 / 0          0 / 1          हिन्दी / 2        3        3   2  1
#   B        0 / 1          0 / 1          दिल्ली / 0        2        1   1  2
#   C        0 / 1          1 / 0          अंग्रेज़ी / 0       1        0   1  1
#   D        2 / 0          1 / 0          अंग्रेजी / 0       0        0   0  0
#
# Groups: 27% of 4 = 1.08 -> 1 attempt each: top A (3), bottom D (0).
# Q1 options: 0 chosen by B, C (2; top 0, bottom 0); 1 by nobody -> "distractor unused";
#   2 by D (1; bottom 1); 3 by A (1; top 1, bottom 0) -> "distractor draws top".
# Q2 options: 0 by A, B (top 1); 1 by C, D (bottom 1): no flag.
# Q3 wrong typed answers: अंग्रेज़ी and अंग्रेजी share a key (the nukta is optional): 2, then
#   दिल्ली 1; the right हिन्दी is not a wrong answer.
#
# Totals 3 2 1 0: mean 1.5, median 1.5, squares of deviations 2.25+0.25+0.25+2.25 = 5,
#   SD = sqrt(5/3); symmetric, so skewness 0; m2 = 5/4, m4 = 10.25/4, k2 = 5/3,
#   k4 = 16 (5 · 2.5625 - 9 · 1.5625) / 6 = -10/3, kurtosis = k4 / k2² = -1.2.
# Item variances (÷3): Q1 1/3, Q2 1/3, Q3 (2.25 + 3 · 0.25) / 3 = 1; sum 5/3 = k2, so
#   CIC = 150 (1 - 1) = 0, error ratio 100 sqrt(1) = 100, standard error = SD.
# Q1: mark deviations -.5 .5 .5 -.5, rest 3 1 0 0 (mean 1, deviations 2 0 -1 -1):
#   cov = (-1 + 0 - .5 + .5)/3 = -1/3, var(rest) = 6/3 = 2,
#   DI = 100 (-1/3) / sqrt(1/3 · 2) = -40.8248; sorted pairs (-.5,-1)(-.5,-1)(.5,0)(.5,2):
#   covmax = 2/3, DE = -50; cov with total = (-.75 + .25 - .25 + .75)/3 = 0.
# Q2: deviations .5 .5 -.5 -.5, rest 2 1 1 0 (deviations 1 0 0 -1): cov 1/3, var(rest) 2/3,
#   DI = 100 (1/3) / sqrt(2/9) = 70.7107; covmax 1/3, DE 100; cov with total 2/3.
# Q3: deviations 1.5 -.5 -.5 -.5, rest 1 2 1 0 (deviations 0 1 0 -1): cov 0, DI 0;
#   sorted pairs give covmax 2/3, DE 0; cov with total (2.25 - .25 + .25 + .75)/3 = 1;
#   facility 0.5/2 = .25, sd sqrt(1)/2 = .5.
# Effective weights: roots 0, sqrt(2/3), 1 -> 0%, 44.949%, 55.051%.
# Intended weights: max total 4 -> 25%, 25%, 50%.
# Flags: Q1 discrimination negative, efficiency low; Q2 random guess 50% > 40%;
#   Q3 discrimination 0 < 30 (weak), efficiency low; the set: CIC 0 < 64.

HAND_ITEMS = (
    ItemInfo("Q1", 1.0, random_guess_score=0.25, option_count=4, correct_options=frozenset({0})),
    ItemInfo("Q2", 1.0, random_guess_score=0.5, option_count=2, correct_options=frozenset({0})),
    ItemInfo("Q3", 2.0, random_guess_score=0.0),
)
HAND_ATTEMPTS = (
    {
        "Q1": Response(0, 1, chosen=(3,)),
        "Q2": Response(1, 1, chosen=(0,)),
        "Q3": Response(2, 2, typed="हिन्दी"),
    },
    {
        "Q1": Response(1, 1, chosen=(0,)),
        "Q2": Response(1, 1, chosen=(0,)),
        "Q3": Response(0, 2, typed="दिल्ली"),
    },
    {
        "Q1": Response(1, 1, chosen=(0,)),
        "Q2": Response(0, 1, chosen=(1,)),
        "Q3": Response(0, 2, typed="अंग्रेज़ी"),
    },
    {
        "Q1": Response(0, 1, chosen=(2,)),
        "Q2": Response(0, 1, chosen=(1,)),
        "Q3": Response(0, 2, typed="अंग्रेजी"),
    },
)


@pytest.fixture(scope="module")
def hand():
    return analyse_items(HAND_ATTEMPTS, HAND_ITEMS)


def _codes(flags):
    return [flag.code for flag in flags]


def test_hand_set_figures(hand):
    s = hand.set
    assert (s.n, s.item_count, s.max_total) == (4, 3, 4.0)
    assert s.mean == 1.5
    assert s.median == 1.5
    assert s.sd == pytest.approx(math.sqrt(5 / 3))
    assert s.skewness == pytest.approx(0, abs=1e-12)
    assert s.kurtosis == pytest.approx(-1.2)
    assert s.cic == pytest.approx(0, abs=1e-9)
    assert s.error_ratio == pytest.approx(100)
    assert s.standard_error == pytest.approx(math.sqrt(5 / 3))
    assert _codes(s.flags) == ["cic_low"]
    assert s.flags[0].n == 4


@pytest.mark.parametrize(
    ("index", "facility", "sd", "di", "de", "ew", "iw"),
    [
        (0, 0.5, math.sqrt(1 / 3), -100 / 3 / math.sqrt(2 / 3), -50, 0, 25),
        (1, 0.5, math.sqrt(1 / 3), 100 / math.sqrt(2), 100, 44.94897, 25),
        (2, 0.25, 0.5, 0, 0, 55.05103, 50),
    ],
)
def test_hand_item_figures(hand, index, facility, sd, di, de, ew, iw):
    item = hand.items[index]
    assert item.n == 4
    assert item.facility == pytest.approx(facility)
    assert item.sd == pytest.approx(sd)
    assert item.discrimination_index == pytest.approx(di, abs=1e-9)
    assert item.discriminative_efficiency == pytest.approx(de, abs=1e-9)
    assert item.effective_weight == pytest.approx(ew, abs=1e-5)
    assert item.intended_weight == pytest.approx(iw)


def test_hand_groups_and_options(hand):
    assert hand.group_size == 1
    q1, q2, q3 = hand.items
    assert (q1.n_top, q1.n_bottom) == (1, 1)
    assert [(o.index, o.correct, o.count, o.top, o.bottom) for o in q1.options] == [
        (0, True, 2, 0, 0),
        (1, False, 0, 0, 0),
        (2, False, 1, 0, 1),
        (3, False, 1, 1, 0),
    ]
    assert [_codes(o.flags) for o in q1.options] == [
        [],
        ["distractor_unused"],
        [],
        ["distractor_draws_top"],
    ]
    assert [(o.count, o.top, o.bottom) for o in q2.options] == [(2, 1, 0), (2, 0, 1)]
    assert all(not o.flags for o in q2.options)
    assert q3.options == ()


def test_hand_wrong_answers(hand):
    q1, _, q3 = hand.items
    assert q3.wrong_answers == (AnswerGroup("अंग्रेज़ी", 2), AnswerGroup("दिल्ली", 1))
    assert q1.wrong_answers == ()


def test_hand_item_flags(hand):
    q1, q2, q3 = hand.items
    assert _codes(q1.flags) == ["discrimination_negative", "efficiency_low"]
    assert _codes(q2.flags) == ["random_guess_high"]
    assert _codes(q3.flags) == ["discrimination_weak", "efficiency_low"]
    weak = q3.flags[0]
    assert (weak.level, weak.value, weak.threshold, weak.n) == ("warning", 0.0, 30.0, 4)
    assert "very likely needs checking" in weak.message


def test_flags_for_extreme_facility_and_negative_covariance():
    # Q1 everybody right (facility 1); Q2 nobody right (0).
    attempts = [
        {"Q1": (1, 1), "Q2": (0, 1), "Q3": (0, 1), "Q4": (1, 1)},
        {"Q1": (1, 1), "Q2": (0, 1), "Q3": (0, 1), "Q4": (1, 1)},
        {"Q1": (1, 1), "Q2": (0, 1), "Q3": (1, 1), "Q4": (0, 1)},
    ]
    q1, q2, q3, _ = analyse_items(attempts).items
    assert _codes(q1.flags) == ["facility_very_high"]
    assert _codes(q2.flags) == ["facility_very_low"]
    # Totals 2 2 2: nothing varies overall, so no covariance is negative, no weight exists.
    assert q3.effective_weight is None
    assert not q3.negative_covariance
    # Q3 right only in the weakest attempt: marks 0 0 1 against totals 2 2 1, deviations
    # (-1/3, -1/3, 2/3) and (1/3, 1/3, -2/3): cov with total = (-1/9 - 1/9 - 4/9)/2 = -1/3.
    attempts = [
        {"Q3": (0, 1), "Q4": (1, 1), "Q5": (1, 1)},
        {"Q3": (0, 1), "Q4": (1, 1), "Q5": (1, 1)},
        {"Q3": (1, 1), "Q4": (0, 1), "Q5": (0, 1)},
    ]
    q3, q4, q5 = analyse_items(attempts).items
    assert q3.covariance_with_total == pytest.approx(-1 / 3)
    assert q3.negative_covariance
    assert q3.effective_weight is None
    assert "negative_covariance" in _codes(q3.flags)
    # The others share the whole effective weight.
    assert q4.effective_weight == pytest.approx(50)
    assert q5.effective_weight == pytest.approx(50)


def test_sd_low_flag_when_facility_is_not_extreme():
    # 1 right of 10: facility .1, sd sqrt(.1 · .9 · 10/9) = .316 < 1/3.
    attempts = [{"Q": (1 if index == 0 else 0, 1), "R": (index % 2, 1)} for index in range(10)]
    item = analyse_items(attempts).items[0]
    assert item.sd == pytest.approx(math.sqrt(1 / 10))
    assert "sd_low" in _codes(item.flags)


# --- Edge cases ---------------------------------------------------------------------------


def _numbers(value):
    """Every float in a result, however deep."""
    if isinstance(value, float):
        yield value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _numbers(getattr(value, field.name))
    elif isinstance(value, tuple):
        for part in value:
            yield from _numbers(part)


def _assert_finite(analysis):
    assert all(math.isfinite(number) for number in _numbers(analysis))


def test_empty_input():
    analysis = analyse_items([])
    assert analysis.items == ()
    assert analysis.group_size == 0
    s = analysis.set
    assert s.n == 0
    assert s.item_count == 0
    assert (s.mean, s.median, s.sd, s.skewness, s.kurtosis) == (None,) * 5
    assert (s.cic, s.error_ratio, s.standard_error) == (None,) * 3
    assert s.flags == ()


def test_items_without_attempts():
    analysis = analyse_items([], HAND_ITEMS)
    q1 = analysis.items[0]
    assert q1.n == 0
    assert q1.facility is None
    assert q1.sd is None
    assert q1.intended_weight == 25
    assert q1.random_guess_score == 0.25
    assert [(o.count, o.top, o.bottom) for o in q1.options] == [(0, 0, 0)] * 4
    assert all(not o.flags for o in q1.options)  # nobody answered: no option is "unused" yet
    assert q1.flags == ()
    _assert_finite(analysis)


def test_one_attempt():
    analysis = analyse_items(HAND_ATTEMPTS[:1], HAND_ITEMS)
    s = analysis.set
    assert (s.n, s.mean, s.median) == (1, 3.0, 3.0)
    assert (s.sd, s.skewness, s.kurtosis, s.cic, s.error_ratio) == (None,) * 5
    assert analysis.group_size == 0  # 27% of 1 rounds to 0
    q3 = analysis.items[2]
    assert q3.facility == 1.0
    assert q3.sd is None
    assert q3.discrimination_index is None
    assert q3.discriminative_efficiency is None
    assert q3.effective_weight is None
    assert q3.mark_variance is None
    _assert_finite(analysis)


def test_everybody_the_same_score():
    attempts = [{"Q1": (1, 1), "Q2": (0.5, 1), "Q3": (0, 2)} for _ in range(5)]
    analysis = analyse_items(attempts)
    s = analysis.set
    assert s.sd == 0.0
    assert (s.skewness, s.kurtosis, s.cic, s.error_ratio, s.standard_error) == (None,) * 5
    for item in analysis.items:
        assert item.sd == 0.0
        assert item.mark_variance == 0.0
        assert item.discrimination_index is None
        assert item.discriminative_efficiency is None
        assert item.effective_weight is None
        assert not item.negative_covariance
    _assert_finite(analysis)


def test_same_totals_different_items():
    # Two learners, each right on a different question: totals equal, items not.
    analysis = analyse_items([{"A": (1, 1), "B": (0, 1)}, {"A": (0, 1), "B": (1, 1)}] * 2)
    assert analysis.set.sd == 0.0
    assert analysis.set.cic is None
    a = analysis.items[0]
    assert a.discrimination_index == pytest.approx(-100)
    assert a.effective_weight is None
    _assert_finite(analysis)


def test_rounding_noise_is_not_a_variance():
    # 0.1 + 0.2 is not 0.3 in floating point; equal marks must still have variance 0.
    attempts = [{"Q1": (0.1, 1), "Q2": (0.2, 1)} for _ in range(3)]
    analysis = analyse_items(attempts)
    assert analysis.set.sd == 0.0
    assert all(item.discrimination_index is None for item in analysis.items)


def test_question_missing_from_some_attempts():
    attempts = [{"Q1": (1, 1), "Q2": (1, 1)}, {"Q1": (0, 1)}, {"Q1": (1, 1), "Q2": (0, 1)}]
    q1, q2 = analyse_items(attempts).items
    assert (q1.n, q2.n) == (3, 2)
    assert q2.facility == 0.5


def test_unknown_questions_are_not_totalled():
    attempts = [{"Q1": (1, 1), "old": (5, 5)}, {"Q1": (0, 1), "old": (0, 5)}]
    analysis = analyse_items(attempts, [ItemInfo("Q1", 1)])
    assert analysis.set.mean == 0.5
    assert [item.question_id for item in analysis.items] == ["Q1"]


def test_choice_guess_score():
    assert choice_guess_score([1, 0, 0, 0]) == 0.25
    assert choice_guess_score([1, 0.5, 0]) == 0.5
    assert choice_guess_score([]) is None


def test_group_answers_orders_and_keys():
    texts = ["Delhi", "delhi ", "Mumbai", "DELHI", "", "  ", "mumbai", "Pune", "Mumbai"]
    # Equal counts keep first-seen order; within a group the most frequent spelling stands
    # for it (Mumbai twice), or the first seen when all are equal (Delhi, delhi, DELHI).
    assert group_answers(texts) == (
        AnswerGroup("Delhi", 3),
        AnswerGroup("Mumbai", 3),
        AnswerGroup("Pune", 1),
    )
    # A caller's key: exact text only.
    assert group_answers(["a", "A", "a"], key=lambda text: text) == (
        AnswerGroup("a", 2),
        AnswerGroup("A", 1),
    )


def test_flag_messages_are_plain_english_for_translation(hand):
    for item in hand.items:
        for flag in item.flags:
            assert flag.message and flag.message[0].isupper() and flag.message.endswith(".")
            assert flag.level in {"warning", "notice"}


def test_forty_by_thirty_is_fast(capsys):
    rng = random.Random(7)
    items = [
        ItemInfo(f"Q{i}", 1.0, 0.25, option_count=4, correct_options=frozenset({0}))
        for i in range(30)
    ]
    attempts = []
    for _ in range(40):
        attempt = {}
        for i in range(30):
            choice = rng.randrange(4)
            attempt[f"Q{i}"] = Response(float(choice == 0), 1.0, chosen=(choice,), typed="x")
        attempts.append(attempt)
    start = time.perf_counter()
    analysis = analyse_items(attempts, items)
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(f"\nitem analysis of 40 attempts x 30 items: {elapsed * 1000:.1f} ms")
    assert len(analysis.items) == 30
    _assert_finite(analysis)
    assert elapsed < 1.0
