"""The live lesson's rules, without a database: transitions, "open next", tallies, bars."""

import pytest

from quizapp.core import live

STATES = ("waiting", "open", "closed", "finished")
ALLOWED = {
    ("waiting", "open"): "open",
    ("waiting", "finish"): "finished",
    ("open", "close"): "closed",
    ("open", "finish"): "finished",
    ("closed", "open"): "open",
    ("closed", "finish"): "finished",
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", live.ACTIONS)
def test_every_transition(state, action):
    if (state, action) in ALLOWED:
        assert live.refusal(state, action) is None
        assert live.transition(state, action) == ALLOWED[(state, action)]
    else:
        with pytest.raises(live.TransitionRefused) as refused:
            live.transition(state, action)
        assert str(refused.value)  # a message a teacher can act on


def test_unknown_action():
    assert "Unknown" in live.refusal("open", "explode")


def test_open_next_and_by_index():
    assert live.open_position("waiting", -1, 3, None) == 0
    assert live.open_position("closed", 0, 3, None) == 1
    assert live.open_position("closed", 1, 3, 0) == 0  # going back is allowed
    with pytest.raises(live.TransitionRefused, match="last question"):
        live.open_position("closed", 2, 3, None)
    with pytest.raises(live.TransitionRefused):
        live.open_position("open", 0, 3, None)
    for bad in (-1, 3, True, "1"):
        with pytest.raises(live.BadIndex):
            live.open_position("closed", 0, 3, bad)


def test_a_late_joiner_has_not_attempted_what_came_before():
    # Joined at position 2 of 4 opened; answered 2 (right) and 3 (wrong).
    tally = live.tally(range(4), 2, {2: True, 3: False})
    assert tally == live.Tally(correct=1, answered=2, asked=2, not_attempted=2)
    # An early joiner who skipped one: unanswered counts as asked, not "not attempted".
    assert live.tally(range(3), -1, {0: True}) == live.Tally(1, 1, 3, 0)
    # A question reopened after they joined, answered: it counts.
    assert live.tally(range(3), 2, {0: True}) == live.Tally(1, 1, 2, 1)


def test_histograms():
    spec = {"options": [{"en": "a"}, {"en": "b"}, {"en": "c"}]}
    assert live.histogram("mcq", spec, [2, 0, 1], [0, 0, 2, "x", True]) == [
        {"index": 2, "count": 1},
        {"index": 0, "count": 2},
        {"index": 1, "count": 0},
    ]
    assert live.histogram("multi", spec, None, [[0, 1], [1, 1], [2]]) == [
        {"index": 0, "count": 1},
        {"index": 1, "count": 2},
        {"index": 2, "count": 1},
    ]
    assert live.histogram("true_false", {}, None, [True, False, True, 1]) == [
        {"value": True, "count": 2},
        {"value": False, "count": 1},
    ]
    typed = live.histogram("short_answer", {}, None, ["Delhi", " delhi ", "Agra"])
    assert typed == [{"value": "Delhi", "count": 2}, {"value": "Agra", "count": 1}]
    assert len(live.histogram("numeric", {}, None, list(range(20)))) == 8
