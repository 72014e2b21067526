"""Shuffled presentation hides the key and maps answers back exactly; mcq and multi options are
shuffled too, each carrying the canonical index answers name."""

import pytest

from quizapp.core.grading import get_type
from quizapp.core.presentation import (
    display_order,
    option_order,
    permutation,
    present,
    seed_for,
    shown_order,
    to_canonical,
)

ORDERING = {"items": ["first", "second", "third", "fourth"]}
MATCHING = {
    "pairs": [
        {"left": "समकक्ष", "right": "counterpart"},
        {"left": "प्रतिबंध", "right": "sanction"},
        {"left": "मतभेद", "right": "disagreement"},
    ]
}

MCQ = {
    "options": [
        {"en": "counterpart", "hi": "समकक्ष", "correct": True, "feedback": {"en": "Yes."}},
        {"en": "successor"},
        {"en": "deputy"},
        {"en": "opponent"},
    ]
}
MULTI = {
    "options": [
        {"en": "Iceland", "correct": True},
        {"en": "Moscow"},
        {"en": "first meeting", "correct": True},
        {"en": "a treaty"},
        {"hi": "आर्कटिक"},
    ]
}
#: "All of the above" must stay last.
FIXED = {
    "options": [{"en": "Blinken"}, {"en": "Lavrov"}, {"en": "All of the above", "correct": True}],
    "fixed_order": True,
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


@pytest.mark.parametrize(("name", "spec"), [("mcq", MCQ), ("multi", MULTI)])
def test_options_shown_shuffled_each_with_its_canonical_index(name, spec):
    qtype = get_type(name)
    canonical = qtype.public_spec(spec)["options"]
    for n in range(30):
        shown, order = present(qtype, spec, f"attempt-{n}:7")
        indices = [option["index"] for option in shown["options"]]
        assert order is None  # answers are canonical: nothing to map back
        assert sorted(indices) == list(range(len(canonical)))  # every option, once
        assert indices != sorted(indices)  # never the order written
        assert indices == option_order(qtype, spec, f"attempt-{n}:7")
        for option in shown["options"]:
            text = {k: v for k, v in option.items() if k != "index"}
            assert text == canonical[option["index"]]  # the index names that very option
            assert "correct" not in option and "feedback" not in option


@pytest.mark.parametrize(("name", "spec"), [("mcq", MCQ), ("multi", MULTI)])
def test_option_order_depends_on_the_seed(name, spec):
    qtype = get_type(name)
    orders = {tuple(option_order(qtype, spec, f"seed-{n}")) for n in range(20)}
    assert len(orders) > 5
    assert option_order(qtype, spec, "a") == option_order(qtype, spec, "a")


def test_answers_name_canonical_indices_whatever_the_order_shown():
    qtype = get_type("mcq")
    shown, order = present(qtype, MCQ, "seed")
    right = next(o["index"] for o in shown["options"] if o["en"] == "counterpart")
    assert right == 0 and to_canonical(right, order) == 0
    assert qtype.grade(MCQ, right).score == 1
    multi = get_type("multi")
    shown, order = present(multi, MULTI, "seed")
    picks = [o["index"] for o in shown["options"] if o.get("en") in ("Iceland", "first meeting")]
    assert multi.grade(MULTI, to_canonical(picks, order)).correct


def test_fixed_order_keeps_the_options_as_written():
    for name in ("mcq", "multi"):
        qtype = get_type(name)
        for n in range(10):
            shown, order = present(qtype, FIXED, f"seed-{n}")
            assert [o["index"] for o in shown["options"]] == [0, 1, 2] and order is None
            assert [o["en"] for o in shown["options"]][-1] == "All of the above"
    assert present(get_type("mcq"), {**FIXED, "fixed_order": False}, "s")[0]["options"] != [
        {"index": i, **o} for i, o in enumerate(get_type("mcq").public_spec(FIXED)["options"])
    ]


def test_display_order_is_whichever_list_is_shuffled():
    """The key of a question's rendering: the answer list's shuffle, or the options'."""
    ordering, mcq, tf = get_type("ordering"), get_type("mcq"), get_type("true_false")
    assert display_order(ordering, ORDERING, "s") == shown_order(ordering, ORDERING, "s")
    assert shown_order(mcq, MCQ, "s") is None
    assert display_order(mcq, MCQ, "s") == option_order(mcq, MCQ, "s")
    assert option_order(ordering, ORDERING, "s") is None
    assert display_order(tf, {"answer": True}, "s") is None
