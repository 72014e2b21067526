"""Immediate feedback: a learner checks one saved answer, sees its verdict, and it locks.

Over the page (forms without JavaScript) and the API: the check grades the saved answer as a
submit would, stores it with a mark, refuses further saves (409), and the submit keeps that
verdict. Sets with other timings refuse checks; no unchecked question's key is sent.
"""

import re
from datetime import timedelta

import pytest

from quizapp import database
from quizapp.attempts.models import Answer
from quizapp.auth.services import create_user, issue_token
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.questions.models import Question, QuestionSet
from tests.conftest import sign_in
from tests.functional.test_attempts_api import _right_answers as _api_right_answers
from tests.functional.test_question_bank import FORBIDDEN_KEYS, _keys
from tests.functional.test_quiz_pages import (
    FORM_FIELDS,
    UNDERSTANDING,
    _post_answer,
    _right_answers,
    _start,
    _token,
)


@pytest.fixture(autouse=True, params=["driver", "sqlalchemy"])
def statement_path(request, monkeypatch):
    """The check's statements both ways: straight through the driver and through SQLAlchemy."""
    monkeypatch.setattr(database, "DRIVER_ROWS_THROUGH_SQLALCHEMY", request.param == "sqlalchemy")
    return request.param


def _set(app, timing: str = "immediate", detail: str = "explanations") -> int:
    with app.app_context():
        question_set = db.session.query(QuestionSet).filter_by(title_en=UNDERSTANDING).one()
        question_set.feedback_timing = timing
        question_set.feedback_detail = detail
        db.session.commit()
        return question_set.id


@pytest.fixture
def tokens(app):
    with app.app_context():
        return [
            {"Authorization": f"Bearer {issue_token(create_user(name, 'kite river 42'))}"}
            for name in ("learner1", "learner2")
        ]


def _api_start(client, set_id, headers) -> dict:
    return client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=headers).get_json()


def _wrong(value):
    """An answer of the same shape that is not the key (enough for the types seeded)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1 if value == 0 else 0
    if isinstance(value, list) and len(value) > 1:
        return list(reversed(value))
    return value


# ---- API -----------------------------------------------------------------------------------------


def test_check_grades_locks_and_submit_keeps_it(client, app, tokens):
    me = tokens[0]
    attempt = _api_start(client, _set(app), me)
    right = _api_right_answers(app, attempt)
    first, second = attempt["questions"][0]["id"], attempt["questions"][1]["id"]
    url = f"/api/v1/attempts/{attempt['id']}"
    nothing = client.post(f"{url}/questions/{first}/check", headers=me)
    assert nothing.status_code == 409 and nothing.get_json()["message"] == "Answer it first."

    client.put(f"{url}/answers/{first}", json={"answer": right[first]}, headers=me)
    checked = client.post(f"{url}/questions/{first}/check", headers=me)
    assert checked.status_code == 200
    result = checked.get_json()
    assert result["question_id"] == first and result["correct"] and result["score"] == 1
    assert client.post(f"{url}/questions/{first}/check", headers=me).get_json() == result

    locked = client.put(f"{url}/answers/{first}", json={"answer": None}, headers=me)
    assert locked.status_code == 409 and "checked" in locked.get_json()["message"]

    state = client.get(url, headers=me).get_json()
    assert [r["question_id"] for r in state["checked"]] == [first]
    assert state["checked"][0] == result
    assert not (_keys(state["questions"]) & FORBIDDEN_KEYS)

    # A checked verdict is what the submit counts, even if grading would now say otherwise.
    with app.app_context():
        answer = db.session.get(Answer, (attempt["id"], first))
        answer.result = {**answer.result, "score": 0.5, "correct": False}
        answer.score = 0.5
        # The question changed since: an unchecked answer would be graded again at submit.
        db.session.get(Question, first).updated_at = utcnow() + timedelta(minutes=1)
        db.session.commit()
    client.put(f"{url}/answers/{second}", json={"answer": right[second]}, headers=me)
    done = client.post(f"{url}/submit", headers=me).get_json()
    by_id = {r["question_id"]: r for r in done["results"]}
    assert by_id[first]["score"] == 0.5 and by_id[second]["score"] == 1
    closed = client.post(f"{url}/questions/{second}/check", headers=me)
    assert closed.status_code == 409


@pytest.mark.parametrize("timing", ["after_submit", "after_due", "never"])
def test_other_timings_refuse_checks(client, app, tokens, timing):
    me = tokens[0]
    attempt = _api_start(client, _set(app, timing), me)
    qid = attempt["questions"][0]["id"]
    right = _api_right_answers(app, attempt)
    client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/{qid}", json={"answer": right[qid]}, headers=me
    )
    refused = client.post(f"/api/v1/attempts/{attempt['id']}/questions/{qid}/check", headers=me)
    assert refused.status_code == 409
    assert refused.get_json()["message"] == "This set shows feedback after submitting."
    assert "checked" not in client.get(f"/api/v1/attempts/{attempt['id']}", headers=me).get_json()


def test_another_learners_attempt_is_not_found(client, app, tokens):
    me, other = tokens
    attempt = _api_start(client, _set(app), me)
    qid = attempt["questions"][0]["id"]
    right = _api_right_answers(app, attempt)
    client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/{qid}", json={"answer": right[qid]}, headers=me
    )
    url = f"/api/v1/attempts/{attempt['id']}/questions/{qid}/check"
    assert client.post(url, headers=other).status_code == 404
    assert client.post(url).status_code == 401


# ---- Page ----------------------------------------------------------------------------------------


def _page_setup(client, app, make_user, detail="explanations"):
    set_id = _set(app, detail=detail)
    sign_in(client, make_user("pagelearner"))
    attempt_id = _start(client, set_id)
    return attempt_id, _right_answers(app, attempt_id), _token(client, f"/attempts/{attempt_id}")


def test_page_check_shows_feedback_and_locks(client, app, make_user):
    attempt_id, answers, token = _page_setup(client, app, make_user)
    (qid, qtype, key), (other_id, _t, _k) = answers[0], answers[1]
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert f"/attempts/{attempt_id}/questions/{qid}/check" in page  # a Check button each
    assert "q__checked" not in page

    wrong = _wrong(key)
    _post_answer(client, attempt_id, qid, FORM_FIELDS[qtype](wrong), token)
    checked = client.post(
        f"/attempts/{attempt_id}/questions/{qid}/check", data={"csrf_token": token}
    )
    assert checked.status_code == 302 and checked.location.endswith(f"#q-{qid}")

    # The kept page is rebuilt: a reload shows the verdict and the lock.
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    section = re.search(rf'<section[^>]*id="q-{qid}".*?</section>', page, re.S).group(0)
    assert "q__checked" in section and "disabled" in section and "data-checked" in section
    assert f"/questions/{qid}/check" not in section
    assert page.count("q__checked") == 1  # no other question's verdict, nor key
    with app.app_context():
        question = db.session.get(Question, qid)
        verdict = "Correct" if wrong == key else "Incorrect"
        assert verdict in section
        if question.explanation_en:
            assert question.explanation_en in section
        unchecked = db.session.get(Question, other_id)
        if unchecked.explanation_en:
            assert unchecked.explanation_en not in page

    again = _post_answer(client, attempt_id, qid, FORM_FIELDS[qtype](key), token)
    assert again.status_code == 409
    assert "can no longer be changed" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Answer, (attempt_id, qid)).value == wrong


def test_page_check_without_answer_and_score_only_detail(client, app, make_user):
    attempt_id, answers, token = _page_setup(client, app, make_user, detail="score")
    qid, qtype, key = answers[0]
    url = f"/attempts/{attempt_id}/questions/{qid}/check"
    first = client.post(url, data={"csrf_token": token})
    assert first.status_code == 409 and "Answer it first." in first.get_data(as_text=True)
    _post_answer(client, attempt_id, qid, FORM_FIELDS[qtype](_wrong(key)), token)
    client.post(url, data={"csrf_token": token})
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    section = re.search(rf'<section[^>]*id="q-{qid}".*?</section>', page, re.S).group(0)
    assert "q__checked" in section and "result__answer--key" not in section


def test_page_check_refused_for_other_timings(client, app, make_user):
    set_id = _set(app, "after_submit")
    sign_in(client, make_user("pagelearner"))
    attempt_id = _start(client, set_id)
    token = _token(client, f"/attempts/{attempt_id}")
    qid, qtype, key = _right_answers(app, attempt_id)[0]
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "/check" not in page
    _post_answer(client, attempt_id, qid, FORM_FIELDS[qtype](key), token)
    refused = client.post(
        f"/attempts/{attempt_id}/questions/{qid}/check", data={"csrf_token": token}
    )
    assert refused.status_code == 409
    assert "This set shows feedback after submitting." in refused.get_data(as_text=True)
