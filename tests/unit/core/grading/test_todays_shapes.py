"""Specs stored before weights, credits and several numeric answers were scored grade as before.

``todays_shapes.json`` holds the mcq, multi, numeric and short_answer specs of the seeded
questions and of the grading samples (one multi with a weight on a wrong option only, which
keeps quizapp's own rule), with every answer graded by the grader of commit f99df13. Stored
questions need no migration as long as this table holds.
"""

import json
from pathlib import Path

import pytest

from quizapp.core.grading import get_type, validate_spec

TABLE = json.loads(Path(__file__).with_name("todays_shapes.json").read_text(encoding="utf-8"))
SPECS = TABLE["specs"]


@pytest.mark.parametrize("name", sorted(SPECS))
def test_still_valid_with_the_same_key(name):
    question = SPECS[name]
    assert validate_spec(question["type"], question["spec"]) == []
    key = get_type(question["type"]).correct_answer(question["spec"])
    assert key == TABLE["keys"][name]


@pytest.mark.parametrize(
    ("name", "answer", "score", "correct", "near_miss"),
    [pytest.param(*row, id=f"{row[0]}-{i}") for i, row in enumerate(TABLE["graded"])],
)
def test_graded_as_before(name, answer, score, correct, near_miss):
    question = SPECS[name]
    result = get_type(question["type"]).grade(question["spec"], answer)
    assert (round(result.score, 9), result.correct, result.near_miss) == (
        score,
        correct,
        near_miss,
    )
