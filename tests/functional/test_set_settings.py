"""The set builder's newer settings as learners meet them: options shuffled or as written,
the quiz starting on one question per page, and how much of the key the results show (the
score only, the correct answers, or the explanations and evidence too)."""

import re

import pytest

from quizapp.authoring import services
from tests.conftest import SLUG, sign_in
from tests.functional.test_quiz_pages import _start, _token

MCQ = {
    "type": "mcq",
    "prompt": {"en": "Where did they meet?"},
    "options": [
        {"en": "Moscow", "correct": False},
        {"en": "Reykjavik", "correct": True, "feedback": {"en": "Yes, at the Arctic Council."}},
        {"en": "Oslo", "correct": False},
        {"en": "Washington", "correct": False},
    ],
    "explanation": {"en": "The first sentence names the city."},
    "evidence": ["p1s1"],
}


@pytest.fixture
def make_set(app, make_user):
    """Factory: a published set of the MCQ above with ``settings``; its id and question's."""
    teacher = make_user("tess", role="teacher")

    def make(**settings):
        with app.app_context():
            question = services.create_question(teacher, SLUG, dict(MCQ))
            question_set = services.create_set(
                teacher, {"en": "Settings"}, SLUG, [question.id], settings
            )
            services.update_set(teacher, question_set.id, {"status": "published"})
            return question_set.id, question.id

    return make


@pytest.fixture
def learner(app, client, make_user):
    sign_in(client, make_user("lena"))
    return client


def _option_values(page: str) -> list[int]:
    return [int(v) for v in re.findall(r'<input type="radio" name="answer" value="(\d+)"', page)]


@pytest.mark.parametrize(("shuffle_options", "canonical"), [(False, True), (True, False)])
def test_options_are_shown_as_written_unless_the_set_shuffles_them(
    make_set, learner, shuffle_options, canonical
):
    set_id, _question = make_set(shuffle_options=shuffle_options)
    attempt_id = _start(learner, set_id)
    shown = _option_values(learner.get(f"/attempts/{attempt_id}").get_data(as_text=True))
    assert sorted(shown) == [0, 1, 2, 3]
    assert (shown == [0, 1, 2, 3]) is canonical


def test_options_as_written_are_still_graded_by_their_index(make_set, learner):
    set_id, question_id = make_set(shuffle_options=False)
    attempt_id = _start(learner, set_id)
    token = _token(learner, f"/attempts/{attempt_id}")
    learner.post(
        f"/attempts/{attempt_id}/answers/{question_id}", data={"csrf_token": token, "answer": "1"}
    )
    learner.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token})
    page = learner.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "1 of 1 points" in page


@pytest.mark.parametrize(("one_per_page", "start"), [(True, "one"), (False, "")])
def test_the_quiz_starts_on_one_question_per_page_if_the_set_says(
    make_set, learner, one_per_page, start
):
    set_id, _question = make_set(one_per_page=one_per_page)
    page = learner.get(f"/attempts/{_start(learner, set_id)}").get_data(as_text=True)
    assert f'data-start-view="{start}"' in page


#: What the results of a wrong answer show, by the set's feedback_detail.
DETAIL = {
    "score": {"key": False, "feedback": False, "explanation": False, "evidence": False},
    "answers": {"key": True, "feedback": True, "explanation": False, "evidence": False},
    "explanations": {"key": True, "feedback": True, "explanation": True, "evidence": True},
}


@pytest.mark.parametrize("detail", list(DETAIL))
def test_results_show_as_much_of_the_key_as_the_set_says(make_set, learner, detail):
    set_id, question_id = make_set(feedback_detail=detail)
    attempt_id = _start(learner, set_id)
    token = _token(learner, f"/attempts/{attempt_id}")
    learner.post(
        f"/attempts/{attempt_id}/answers/{question_id}", data={"csrf_token": token, "answer": "0"}
    )
    learner.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token})
    page = learner.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "0 of 1 points" in page and "Incorrect" in page  # the score and verdict, always
    assert "Moscow" in page  # the learner's own answer, always
    seen = {
        "key": "result__answer--key" in page,
        "feedback": 'class="result__feedback"' in page,
        "explanation": "The first sentence names the city." in page,
        "evidence": 'class="result__evidence"' in page,
    }
    assert seen == DETAIL[detail]
