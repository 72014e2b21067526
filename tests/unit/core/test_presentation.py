"""Shuffled presentation hides the key and maps answers back exactly."""

import pytest

from quizapp.core.grading import get_type
from quizapp.core.presentation import permutation, present, seed_for, to_canonical

ORDERING = {"items": ["first", "second", "third", "fourth"]}
MATCHING = {
    "pairs": [
        {"left": "समकक्ष", "right": "counterpart"},
        {"left": "प्रतिबंध", "right": "sanction"},
        {"left": "मतभेद", "right": "disagreement"},
    ]
}


@pytest.mark.parametrize("size", [2, 3, 4, 5, 8])
def test_permutation_is_a_non_identity_shuffle(size):
    for n in range(50):
        order = permutation(size, f"seed-{n}")
        assert sorted(order) == list(range(size)) and order != list(range(size))


def test_permutation_is_deterministic_and_seed_dependent():
    assert permutation(6, "a") == permutation(6, "a")
    assert len({tuple(permutation(6, str(n))) for n in range(20)}) > 5
    assert permutation(1, "a") == [0] and permutation(0, "a") == []


def test_seed_needs_the_secret():
    assert seed_for("s1", 7) != seed_for("s2", 7)
    assert seed_for("s1", 7) == seed_for("s1", 7)


def test_ordering_shown_shuffled_and_graded_after_mapping_back():
    qtype = get_type("ordering")
    shown, order = present(qtype, ORDERING, "seed")
    assert shown["items"] != ORDERING["items"]
    learner_answer = [shown["items"].index(item) for item in ORDERING["items"]]
    assert qtype.grade(ORDERING, to_canonical(learner_answer, order)).score == 1


def test_matching_rights_shown_shuffled_and_graded_after_mapping_back():
    qtype = get_type("matching")
    shown, order = present(qtype, MATCHING, "seed")
    rights = [p["right"] for p in MATCHING["pairs"]]
    assert shown["right"] != rights and shown["left"] == [p["left"] for p in MATCHING["pairs"]]
    learner_answer = [shown["right"].index(r) for r in rights]
    assert qtype.grade(MATCHING, to_canonical(learner_answer, order)).score == 1


def test_other_types_are_not_shuffled():
    shown, order = present(get_type("true_false"), {"answer": True}, "seed")
    assert order is None and shown == get_type("true_false").public_spec({"answer": True})


@pytest.mark.parametrize("answer", [None, "x", [None, 1], [True, 0], [99, -1], {"a": 1}])
def test_to_canonical_passes_junk_through(answer):
    result = to_canonical(answer, [2, 0, 1])
    assert result is answer or result == [None, 0] or result == [True, 2] or result == [99, -1]
