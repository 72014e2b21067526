"""Attempts over the API: start/resume, autosave, submit once, 409s, time limits, retries."""

import json
from datetime import timedelta

import pytest

from quizapp import database
from quizapp.attempts.models import Answer, Attempt
from quizapp.attempts.services import Learner, finish_expired, read_attempt
from quizapp.auth.services import create_user, issue_token
from quizapp.core.grading import get_type
from quizapp.core.presentation import to_canonical
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.questions.models import Question, QuestionSet
from tests.functional.test_question_bank import FORBIDDEN_KEYS, _keys, _secret_strings


@pytest.fixture(autouse=True, params=["driver", "sqlalchemy"])
def statement_path(request, monkeypatch):
    """Every test here runs the hot statements both ways: straight through the SQLite driver,
    and through SQLAlchemy as on other databases (see database.driver_rows)."""
    monkeypatch.setattr(database, "DRIVER_ROWS_THROUGH_SQLALCHEMY", request.param == "sqlalchemy")
    return request.param


@pytest.fixture
def learner(app):
    with app.app_context():
        user = create_user("learner1", "kite river 42")
        return {"Authorization": f"Bearer {issue_token(user)}"}


@pytest.fixture
def other(app):
    with app.app_context():
        user = create_user("learner2", "kite river 42")
        return {"Authorization": f"Bearer {issue_token(user)}"}


def _set_id(app, title: str = "Understanding the meeting") -> int:
    with app.app_context():
        return db.session.query(QuestionSet).filter_by(title_en=title).one().id


def _right_answers(app, attempt: dict) -> dict[int, object]:
    """The right answer to each question, in the shown order of this attempt."""
    answers = {}
    with app.app_context():
        view = read_attempt(attempt["id"])
        by_id = {question.id: question for question in view.questions}
        for shown in attempt["questions"]:
            question = by_id[shown["id"]]
            key = get_type(question.type).correct_answer(question.spec)
            _public, order = view.shown(question)
            if order is not None:
                position = {index: at for at, index in enumerate(order)}
                key = [position[i] for i in key]
            answers[question.id] = key
    return answers


def test_start_save_submit_and_read(client, app, learner):
    set_id = _set_id(app)
    started = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=learner)
    assert started.status_code == 201
    attempt = started.get_json()
    assert attempt["state"] == "in_progress" and attempt["answers"] == {}
    resumed = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=learner)
    assert resumed.status_code == 200 and resumed.get_json()["id"] == attempt["id"]

    right = _right_answers(app, attempt)
    for qid, value in right.items():
        saved = client.put(
            f"/api/v1/attempts/{attempt['id']}/answers/{qid}",
            json={"answer": value},
            headers=learner,
        )
        assert saved.status_code == 200, saved.get_json()
    state = client.get(f"/api/v1/attempts/{attempt['id']}", headers=learner).get_json()
    assert state["answers"] == {str(k): v for k, v in right.items()}
    assert "results" not in state and "score" not in state

    done = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=learner).get_json()
    assert done["state"] == "submitted" and done["score"] == done["max_score"] > 0
    assert all(r["correct"] and r["explanation"]["hi"] and r["evidence"] for r in done["results"])
    again = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=learner).get_json()
    assert again == done

    first_q = attempt["questions"][0]["id"]
    late = client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/{first_q}",
        json={"answer": None},
        headers=learner,
    )
    assert late.status_code == 409
    with app.app_context():
        assert db.session.get(Answer, (attempt["id"], first_q)).value == right[first_q]


def test_attempt_json_has_no_key_before_submission(client, app, learner):
    with app.app_context():
        questions = {q.id: q for q in db.session.query(Question)}
        for question in questions.values():
            db.session.expunge(question)
    for set_id in [
        s["id"] for s in client.get("/api/v1/question-sets").get_json()["question_sets"]
    ]:
        attempt = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=learner)
        body = attempt.get_json()
        assert not (_keys(body["questions"]) & FORBIDDEN_KEYS)
        for shown in body["questions"]:
            text = json.dumps({k: v for k, v in shown.items() if k != "prompt"}, ensure_ascii=False)
            for secret in _secret_strings(questions[shown["id"]]):
                assert secret not in text


def test_other_learners_cannot_see_or_touch_an_attempt(client, app, learner, other):
    set_id = _set_id(app)
    attempt = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=learner).get_json()
    qid = attempt["questions"][0]["id"]
    assert client.get(f"/api/v1/attempts/{attempt['id']}", headers=other).status_code == 404
    assert (
        client.put(
            f"/api/v1/attempts/{attempt['id']}/answers/{qid}", json={"answer": 1}, headers=other
        ).status_code
        == 404
    )
    assert client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=other).status_code == 404
    assert client.get(f"/api/v1/attempts/{attempt['id']}").status_code == 401
    # Once submitted, results are served from a per-worker cache: still only to the owner.
    assert (
        client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=learner).status_code == 200
    )
    for url in (f"/api/v1/attempts/{attempt['id']}", f"/api/v1/attempts/{attempt['id']}/submit"):
        method = client.get if url.endswith(str(attempt["id"])) else client.post
        assert method(url, headers=learner).status_code == 200
        assert method(url, headers=other).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"answer": {"nested": ["junk"]}},
        {"answer": "x" * 30_000},
        {"answer": [1, 2, 3] * 10},
        {"wrong": 1},
        ["answer"],
    ],
)
def test_malformed_answers_are_refused_and_change_nothing(client, app, learner, body):
    set_id = _set_id(app)
    attempt = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=learner).get_json()
    mcq = next(q for q in attempt["questions"] if q["type"] == "mcq")
    response = client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/{mcq['id']}", json=body, headers=learner
    )
    assert response.status_code in (400, 422)
    assert response.get_json()["message"]
    with app.app_context():
        assert db.session.get(Answer, (attempt["id"], mcq["id"])) is None


def test_question_outside_the_attempt_is_404(client, app, learner):
    attempt = client.post(
        f"/api/v1/question-sets/{_set_id(app)}/attempts", headers=learner
    ).get_json()
    assert (
        client.put(
            f"/api/v1/attempts/{attempt['id']}/answers/999999", json={"answer": 1}, headers=learner
        ).status_code
        == 404
    )


def test_expired_attempt_is_finished_from_saved_answers(client, app, learner):
    set_id = _set_id(app)
    with app.app_context():
        db.session.get(QuestionSet, set_id).time_limit_minutes = 5
        db.session.commit()
    attempt = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=learner).get_json()
    assert attempt["deadline_at"]
    right = _right_answers(app, attempt)
    first = next(iter(right))
    client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/{first}",
        json={"answer": right[first]},
        headers=learner,
    )
    with app.app_context():
        row = db.session.get(Attempt, attempt["id"])
        row.deadline_at = row.deadline_at - timedelta(minutes=10)
        db.session.commit()
        assert finish_expired() == 1
        row = db.session.get(Attempt, attempt["id"])
        assert row.state == "submitted" and row.finished_by == "expired" and row.score > 0
    late = client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/{first}", json={"answer": None}, headers=learner
    )
    assert late.status_code == 409


def test_expired_attempt_finishes_on_the_next_request(client, app, learner):
    set_id = _set_id(app)
    with app.app_context():
        db.session.get(QuestionSet, set_id).time_limit_minutes = 1
        db.session.commit()
    attempt = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=learner).get_json()
    with app.app_context():
        row = db.session.get(Attempt, attempt["id"])
        row.deadline_at = row.deadline_at - timedelta(minutes=5)
        db.session.commit()
    state = client.get(f"/api/v1/attempts/{attempt['id']}", headers=learner).get_json()
    assert state["state"] == "submitted" and state["finished_by"] == "expired"


def test_attempts_allowed_is_enforced(client, app, learner):
    set_id = _set_id(app)
    with app.app_context():
        db.session.get(QuestionSet, set_id).attempts_allowed = 1
        db.session.commit()
    attempt = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=learner).get_json()
    client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=learner)
    second = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=learner)
    assert second.status_code == 403 and "1 attempt" in second.get_json()["message"]


def test_retry_missed_makes_an_attempt_of_only_those(app, client, learner):
    from quizapp.attempts.services import retry_missed

    set_id = _set_id(app)
    attempt = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=learner).get_json()
    right = _right_answers(app, attempt)
    answered = list(right)[:3]
    for qid in answered:
        client.put(
            f"/api/v1/attempts/{attempt['id']}/answers/{qid}",
            json={"answer": right[qid]},
            headers=learner,
        )
    client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=learner)
    with app.app_context():
        user_id = db.session.get(Attempt, attempt["id"]).user_id
        retry = retry_missed(attempt["id"], Learner(user_id=user_id))
        assert retry.attempt.retry_of_id == attempt["id"]
        assert set(retry.attempt.question_ids) == set(right) - set(answered)


def test_shuffled_questions_grade_in_shown_order(app, client, learner):
    """Ordering/matching answers are given against the shown order and graded right."""
    set_id = _set_id(app, "Main ideas and inference")
    attempt = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=learner).get_json()
    right = _right_answers(app, attempt)
    ordering = [q for q in attempt["questions"] if q["type"] == "ordering"]
    assert ordering
    for q in ordering:
        assert right[q["id"]] != list(range(len(q["items"])))  # shown order is not the answer
        client.put(
            f"/api/v1/attempts/{attempt['id']}/answers/{q['id']}",
            json={"answer": right[q["id"]]},
            headers=learner,
        )
    done = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=learner).get_json()
    scored = {r["question_id"]: r for r in done["results"]}
    assert all(scored[q["id"]]["score"] == 1 for q in ordering)
    assert all(scored[q["id"]]["correct_answer"] == right[q["id"]] for q in ordering)
    with app.app_context():
        row = db.session.get(Attempt, attempt["id"])
        assert to_canonical(right[ordering[0]["id"]], None) == right[ordering[0]["id"]]
        assert row.score > 0


def test_huge_numbers_are_refused_not_stored_changed(client, app, learner):
    attempt = client.post(
        f"/api/v1/question-sets/{_set_id(app)}/attempts", headers=learner
    ).get_json()
    numeric = next(q for q in attempt["questions"] if q["type"] == "numeric")
    url = f"/api/v1/attempts/{attempt['id']}/answers/{numeric['id']}"
    response = client.put(url, json={"answer": 2**60}, headers=learner)
    assert response.status_code == 422 and "too large" in response.get_json()["message"]
    assert client.put(url, json={"answer": 2**52}, headers=learner).status_code == 200
    state = client.get(f"/api/v1/attempts/{attempt['id']}", headers=learner).get_json()
    assert state["answers"][str(numeric["id"])] == 2**52


def test_answers_saved_before_their_question_changed_are_graded_again(client, app, learner):
    """Answers are graded when saved; a question edited since is graded anew at submit."""
    set_id = _set_id(app)
    attempt = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=learner).get_json()
    right = _right_answers(app, attempt)
    for qid, value in right.items():
        client.put(
            f"/api/v1/attempts/{attempt['id']}/answers/{qid}",
            json={"answer": value},
            headers=learner,
        )
    flipped = next(q["id"] for q in attempt["questions"] if q["type"] == "true_false")
    with app.app_context():
        question = db.session.get(Question, flipped)
        question.spec = {**question.spec, "answer": not question.spec["answer"]}
        question.updated_at = utcnow()  # after the answers were saved
        db.session.commit()

    done = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=learner).get_json()
    by_question = {r["question_id"]: r for r in done["results"]}
    assert not by_question[flipped]["correct"] and by_question[flipped]["score"] == 0
    assert all(r["correct"] for qid, r in by_question.items() if qid != flipped)
    assert done["score"] == done["max_score"] - by_question[flipped]["points"]
    with app.app_context():
        stored = db.session.get(Answer, (attempt["id"], flipped))
        assert stored.score == 0 and stored.result["correct"] is False
    # Read back later, the results are the same as the submit said.
    reread = client.get(f"/api/v1/attempts/{attempt['id']}", headers=learner).get_json()
    assert reread["results"] == done["results"] and reread["score"] == done["score"]


def test_an_attempt_view_is_a_snapshot_and_the_next_read_sees_writes(app):
    """Services hand back explicit snapshots: a write never changes one already handed out,
    and the next read shows it."""
    from quizapp.attempts.services import get_attempt, save_answer, start_attempt

    with app.test_request_context():
        user = create_user("memo-learner", "kite river 42")
        learner = Learner(user_id=user.id)
        view, _created = start_attempt(_set_id(app), learner)
        assert view.answers == {}
        question_id = view.attempt.question_ids[0]
        save_answer(attempt_id=view.id, question_id=question_id, value="x", learner=learner)
        assert view.answers == {}
        assert get_attempt(view.id, learner).answers[question_id].value == "x"


def test_a_submit_that_loses_the_race_keeps_the_winners_score(app, monkeypatch):
    """Another request finishes the attempt between submit's first read and its write."""
    from quizapp.attempts import services
    from quizapp.attempts.services import save_answer, start_attempt, submit_attempt

    with app.test_request_context():
        learner = Learner(user_id=create_user("racer", "kite river 42").id)
        attempt, _created = start_attempt(_set_id(app), learner)
        save_answer(attempt.id, attempt.attempt.question_ids[0], "x", learner)
        attempt_id = attempt.id
    real = services._questions_in_order

    def finished_meanwhile(question_ids, connection=None):
        with app.app_context():
            row = db.session.get(Attempt, attempt_id)
            row.state, row.finished_by, row.score, row.max_score = "submitted", "expired", 7, 9
            row.submitted_at = utcnow()
            db.session.commit()
        return real(question_ids, connection)

    monkeypatch.setattr(services, "_questions_in_order", finished_meanwhile)
    with app.test_request_context():
        done = submit_attempt(attempt_id, learner)
        assert (
            done.state,
            done.attempt.finished_by,
            done.attempt.score,
            done.attempt.max_score,
        ) == (
            "submitted",
            "expired",
            7,
            9,
        )
