"""What learners see before submitting gives no key away; the key grades as full marks."""

import json

import pytest

from quizapp.core.grading import get_type

from .samples import CLOZE_CHOICES, KEY_STRINGS, RICH_KEY_STRINGS, RICH_SPECS, SPECS

TYPES = sorted(SPECS)


@pytest.mark.parametrize("name", TYPES)
def test_public_spec_hides_the_key(name):
    public = json.dumps(get_type(name).public_spec(SPECS[name]), ensure_ascii=False)
    for secret in KEY_STRINGS[name]:
        assert secret not in public, secret


@pytest.mark.parametrize("name", TYPES)
def test_public_spec_is_json_and_leaves_the_spec_alone(name):
    spec = json.loads(json.dumps(SPECS[name]))
    public = get_type(name).public_spec(spec)
    assert json.loads(json.dumps(public)) == public
    assert spec == SPECS[name]


def test_cloze_dropdowns_keep_the_answer_among_options_but_not_first():
    public = get_type("cloze").public_spec(CLOZE_CHOICES)
    assert public["choices"][0] == ["युद्ध", "व्यापार", "शिखर वार्ता"]
    assert "आधारशिला" not in json.dumps(public, ensure_ascii=False)


@pytest.mark.parametrize("name", TYPES)
def test_correct_answer_earns_full_marks(name):
    question_type = get_type(name)
    key = question_type.correct_answer(SPECS[name])
    result = question_type.grade(SPECS[name], json.loads(json.dumps(key)))
    assert (result.score, result.correct, result.error) == (1.0, True, None)


@pytest.mark.parametrize("name", sorted(RICH_SPECS))
def test_weights_credits_and_answer_feedback_stay_hidden(name):
    public = json.dumps(get_type(name).public_spec(RICH_SPECS[name]), ensure_ascii=False)
    for secret in RICH_KEY_STRINGS[name]:
        assert secret not in public, secret


@pytest.mark.parametrize("name", sorted(RICH_SPECS))
def test_correct_answer_earns_full_marks_with_weights_and_credits(name):
    question_type = get_type(name)
    key = question_type.correct_answer(RICH_SPECS[name])
    result = question_type.grade(RICH_SPECS[name], json.loads(json.dumps(key)))
    assert (result.score, result.correct, result.error) == (1.0, True, None)
