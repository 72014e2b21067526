"""Regrading: a teacher overrides one typed answer with a note, or accepts a typed answer for
everyone; totals, the learner's results page and progress follow; who may do it, by page and
API, whatever ids are tried."""

import threading

import pytest
from sqlalchemy import select

from quizapp.attempts.models import Answer, Attempt
from quizapp.attempts.services import Learner, save_answer, start_attempt, submit_attempt
from quizapp.auth.models import SYSTEM_USERNAME, User
from quizapp.auth.services import issue_token
from quizapp.classrooms.regrading import accept_answer, override_answer
from quizapp.exceptions import Conflict, NotAllowed, NotFound
from quizapp.extensions import db
from quizapp.progress.services import finished_attempts
from quizapp.questions.models import Question
from tests.conftest import sign_in
from tests.functional.test_item_analysis import build_world, make_set, take
from tests.functional.test_quiz_pages import _token

SHORT = 2  # index of the short-answer question in the example set


@pytest.fixture
def world(app, make_user):
    """test_item_analysis's example: four learners' attempts, classes, a second attempt."""
    return build_world(app, make_user)


def _answer(attempt_id, question_id) -> Answer:
    return db.session.get(Answer, (attempt_id, question_id))


def _bearer(app, user) -> dict:
    with app.app_context():
        return {"Authorization": f"Bearer {issue_token(user, 'test')}"}


# ---- Overriding one answer -------------------------------------------------------------------


def test_override_changes_total_results_page_and_progress(app, client, world):
    learner = world["learners"][3]
    attempt_id, question_id = world["attempts"][3], world["question_ids"][SHORT]
    with app.test_request_context():
        before = [a.score for a in finished_attempts(learner.id)]
        override_answer(world["owner"], attempt_id, question_id, 0.5, "Mumbai is a fair guess.")
        answer = _answer(attempt_id, question_id)
        assert (answer.score, answer.graded_score, answer.overridden_by) == (
            0.5,
            0.0,
            world["owner"].id,
        )
        assert answer.result["score"] == 0.5
        assert db.session.get(Attempt, attempt_id).score == 0.5
        # A second override keeps the grader's score, not the first override's.
        override_answer(world["owner"], attempt_id, question_id, 1, "Accepted after all.")
        answer = _answer(attempt_id, question_id)
        assert (answer.score, answer.graded_score) == (1.0, 0.0)
        assert db.session.get(Attempt, attempt_id).score == 1.0
        after = [a.score for a in finished_attempts(learner.id)]
    assert (before, after) == ([0.0], [1.0])
    sign_in(client, learner)
    html = client.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "Your teacher changed this score: Accepted after all." in html
    assert "1 of 3 points" in html


def test_override_refusals(app, world):
    owner, other = world["owner"], world["other"]
    attempt_id, question_ids = world["attempts"][3], world["question_ids"]
    with app.test_request_context():
        with pytest.raises(Conflict):  # an mcq answer is not typed
            override_answer(owner, attempt_id, question_ids[0], 1, "")
        with pytest.raises(NotFound):  # learner 4 is in none of the other teacher's classes
            override_answer(other, attempt_id, question_ids[SHORT], 1, "")
        with pytest.raises(NotFound):
            override_answer(owner, 10**6, question_ids[SHORT], 1, "")
        with pytest.raises(NotAllowed):
            override_answer(world["learners"][0], attempt_id, question_ids[SHORT], 1, "")
        for bad in (-0.1, 1.5, "1", float("nan"), True, None):
            with pytest.raises(Exception) as caught:
                override_answer(owner, attempt_id, question_ids[SHORT], bad, "")
            assert getattr(caught.value, "status", 0) == 422
        with pytest.raises(Exception) as caught:
            override_answer(owner, attempt_id, question_ids[SHORT], 1, "x" * 501)
        assert caught.value.status == 422
        # The other teacher's own class's learner (L3): allowed.
        override_answer(other, world["attempts"][2], question_ids[SHORT], 0.5, "")
        assert _answer(world["attempts"][2], question_ids[SHORT]).score == 0.5


def test_an_unfinished_attempt_is_refused(app, world):
    learner = world["learners"][1]
    with app.test_request_context():
        view, _ = start_attempt(world["set_id"], Learner(user_id=learner.id))
        save_answer(view.id, world["question_ids"][SHORT], "Agra", Learner(user_id=learner.id))
        with pytest.raises(Conflict):
            override_answer(world["owner"], view.id, world["question_ids"][SHORT], 1, "")


# ---- Accepting for everyone ------------------------------------------------------------------


def test_accept_for_everyone_regrades_and_keeps_overrides(app, world):
    owner = world["owner"]
    question_id = world["question_ids"][SHORT]
    attempts = world["attempts"]
    with app.test_request_context():
        # L1's second attempt typed "Agra"; the teacher already gave it half.
        override_answer(owner, world["second"], question_id, 0.5, "Half")
        done = accept_answer(owner, question_id, "Mumbai")
        assert (done.regraded, done.changed, done.now_right) == (5, 1, 1)
        assert _answer(attempts[3], question_id).score == 1.0
        assert db.session.get(Attempt, attempts[3]).score == 1.0
        kept = _answer(world["second"], question_id)
        assert (kept.score, kept.graded_score) == (0.5, 0.0)
        question = db.session.get(Question, question_id)
        assert "Mumbai" in question.spec["accept"]["en"]
        # Devanagari joins accept.hi; accepting again changes nothing more.
        done = accept_answer(owner, question_id, "मुंबई")
        assert "मुंबई" in db.session.get(Question, question_id).spec["accept"]["hi"]
        assert done.changed == 0
        # An accepted answer of the grader's now counts for a later submit too.
        learner = world["learners"][2]
        view, _ = start_attempt(world["set_id"], Learner(user_id=learner.id))
        save_answer(view.id, question_id, "Mumbai", Learner(user_id=learner.id))
        finished = submit_attempt(view.id, Learner(user_id=learner.id))
        assert finished.answers[question_id].score == 1.0


def test_accept_refusals(app, world):
    owner, other = world["owner"], world["other"]
    with app.test_request_context():
        with pytest.raises(NotAllowed):  # not the question's owner
            accept_answer(other, world["question_ids"][SHORT], "Mumbai")
        with pytest.raises(Conflict):  # not a short answer
            accept_answer(owner, world["question_ids"][0], "Mumbai")
        for bad in ("", "   ", "x" * 201, 5, None):
            with pytest.raises(Exception) as caught:
                accept_answer(owner, world["question_ids"][SHORT], bad)
            assert caught.value.status == 422
        with pytest.raises(NotFound):
            accept_answer(owner, 10**6, "Mumbai")
        system = db.session.scalar(select(User).where(User.username == SYSTEM_USERNAME))
        shipped = db.session.scalar(
            select(Question).where(Question.owner_id == system.id, Question.type == "short_answer")
        )
        with pytest.raises(NotAllowed) as caught:
            accept_answer(owner, shipped.id, "anything")
        assert "copy it" in str(caught.value)
        spec_before = dict(db.session.get(Question, world["question_ids"][SHORT]).spec)
    with app.test_request_context():
        assert db.session.get(Question, world["question_ids"][SHORT]).spec == spec_before


def test_regrade_is_one_transaction(app, world, monkeypatch):
    """A failure half-way leaves neither the accepted answer nor any regraded score."""
    from quizapp.classrooms import regrading

    real = regrading.recompute_total

    def boom(attempt):
        real(attempt)
        raise RuntimeError("disk full")

    monkeypatch.setattr(regrading, "recompute_total", boom)
    question_id = world["question_ids"][SHORT]
    with app.test_request_context(), pytest.raises(RuntimeError):
        accept_answer(world["owner"], question_id, "Mumbai")
    with app.test_request_context():
        assert "Mumbai" not in db.session.get(Question, question_id).spec["accept"]["en"]
        assert _answer(world["attempts"][3], question_id).score == 0.0


def test_a_submit_during_a_regrade_loses_nothing(app, world):
    """A learner submitting while the teacher accepts an answer: both land, in some order, and
    the late submit is graded with the new key (the question's updated_at moved)."""
    learner = world["learners"][1]
    question_id = world["question_ids"][SHORT]
    with app.test_request_context():
        view, _ = start_attempt(world["set_id"], Learner(user_id=learner.id))
        save_answer(view.id, question_id, "Mumbai", Learner(user_id=learner.id))
    errors = []

    def submit():
        try:
            with app.test_request_context():
                submit_attempt(view.id, Learner(user_id=learner.id))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    thread = threading.Thread(target=submit)
    with app.test_request_context():
        thread.start()
        accept_answer(world["owner"], question_id, "Mumbai")
    thread.join()
    assert not errors
    with app.test_request_context():
        assert db.session.get(Attempt, view.id).state == "submitted"
        assert _answer(view.id, question_id).score == 1.0
        assert _answer(world["attempts"][3], question_id).score == 1.0


# ---- Pages and API ---------------------------------------------------------------------------


def test_answers_page_override_and_accept(app, client, world):
    sign_in(client, world["owner"])
    question_id = world["question_ids"][SHORT]
    url = f"/teach/questions/{question_id}/answers?set_id={world['set_id']}"
    html = client.get(url).get_data(as_text=True)
    assert "Mumbai" in html and "Agra" in html and "Accept for everyone" in html
    token = _token(client, url)
    response = client.post(
        f"/teach/questions/{question_id}/answers/override?set_id={world['set_id']}",
        data={"csrf_token": token, "attempt_id": world["attempts"][3], "points": "0.5",
              "note": "Close enough"},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        assert _answer(world["attempts"][3], question_id).score == 0.5
    bad = client.post(
        f"/teach/questions/{question_id}/answers/override",
        data={"csrf_token": token, "attempt_id": world["attempts"][3], "points": "7"},
    )
    assert bad.status_code == 422
    assert "At most 1 points" in bad.get_data(as_text=True)
    bad = client.post(
        f"/teach/questions/{question_id}/answers/override",
        data={"csrf_token": token, "attempt_id": world["attempts"][3], "points": "x"},
    )
    assert bad.status_code == 400
    response = client.post(
        f"/teach/questions/{question_id}/answers/accept?set_id={world['set_id']}",
        data={"csrf_token": token, "answer": "Agra"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "5 answers regraded: 1 changed score, 1 now right." in response.get_data(as_text=True)
    refused = client.post(
        f"/teach/questions/{world['question_ids'][0]}/answers/accept",
        data={"csrf_token": token, "answer": "Agra"},
    )
    assert refused.status_code == 409
    assert (
        client.post(
            f"/teach/questions/{question_id}/answers/accept", data={"answer": "Agra"}
        ).status_code
        == 400
    )  # no CSRF token


def test_api_override_and_accept(app, client, world):
    headers = _bearer(app, world["owner"])
    question_id = world["question_ids"][SHORT]
    url = f"/api/v1/attempts/{world['attempts'][3]}/answers/{question_id}/override"
    response = client.put(url, json={"score": 1, "note": "ok"}, headers=headers)
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert (data["score"], data["graded_score"], data["attempt_score"]) == (1.0, 0.0, 1.0)
    assert client.put(url, json={"score": 2}, headers=headers).status_code == 400
    assert client.put(url, json={"score": "1"}, headers=headers).status_code == 400
    assert client.put(url, json=[1], headers=headers).status_code == 400
    other = _bearer(app, world["other"])
    assert client.put(url, json={"score": 1}, headers=other).status_code == 404
    learner = _bearer(app, world["learners"][3])
    assert client.put(url, json={"score": 1}, headers=learner).status_code == 403
    assert client.put(url, json={"score": 1}).status_code == 401

    accept = f"/api/v1/questions/{question_id}/accept"
    response = client.post(accept, json={"answer": "Agra"}, headers=headers)
    assert response.status_code == 200
    assert response.get_json() == {"regraded": 5, "changed": 1, "now_right": 1}
    assert client.post(accept, json={"answer": ""}, headers=headers).status_code == 400
    assert client.post(accept, json={"answer": "Agra"}, headers=other).status_code == 403
    assert client.post(f"/api/v1/questions/{10**6}/accept", json={"answer": "a"},
                       headers=headers).status_code == 404  # fmt: skip


ROLES = ("anonymous", "learner", "other", "owner", "admin")


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(app, world, role):
    """Every page and API route of this feature, by role; another teacher's class → 404."""
    client = app.test_client()
    user = {"learner": world["learners"][0], "other": world["other"], "owner": world["owner"],
            "admin": world["admin"]}.get(role)  # fmt: skip
    headers = {}
    if user is not None:
        sign_in(client, user)
        headers = _bearer(app, user)
    set_id, question_id = world["set_id"], world["question_ids"][SHORT]
    pages = {
        f"/teach/question-sets/{set_id}/analysis": 200,
        f"/teach/question-sets/{set_id}/analysis.csv": 200,
        f"/teach/question-sets/{set_id}/analysis?class_id={world['class_id']}": 200,
        f"/teach/question-sets/{10**6}/analysis": 404,
        f"/teach/questions/{question_id}/answers": 200,
        f"/teach/questions/{10**6}/answers": 404,
    }
    api = {
        f"/api/v1/question-sets/{set_id}/item-analysis": 200,
        f"/api/v1/question-sets/{set_id}/item-analysis?class_id={world['class_id']}": 200,
        f"/api/v1/question-sets/{10**6}/item-analysis": 404,
    }
    got = {}
    for url in pages:
        got[url] = client.get(url).status_code
    for url in api:
        got[url] = client.get(url, headers=headers).status_code
    expected = {}
    for url, status in {**pages, **api}.items():
        if role == "anonymous":
            status = 401 if url.startswith("/api/") else 302
        elif role == "learner":
            status = 403
        elif role == "other" and f"class_id={world['class_id']}" in url:
            status = 404  # the owner's class
        expected[url] = status
    assert got == expected


def test_the_learners_api_results_follow_an_override(app, client, world):
    """The API keeps finished attempts' JSON per worker: an override must not leave it stale."""
    learner = world["learners"][3]
    attempt_id, question_id = world["attempts"][3], world["question_ids"][SHORT]
    headers = _bearer(app, learner)
    before = client.get(f"/api/v1/attempts/{attempt_id}", headers=headers).get_json()
    assert before["score"] == 0.0
    with app.test_request_context():
        override_answer(world["owner"], attempt_id, question_id, 1, "Fine")
    after = client.get(f"/api/v1/attempts/{attempt_id}", headers=headers).get_json()
    assert after["score"] == 1.0


def test_answers_page_of_a_choice_question_has_no_score_forms(client, world):
    sign_in(client, world["owner"])
    html = client.get(f"/teach/questions/{world['question_ids'][0]}/answers").get_data(as_text=True)
    assert "Scores can be changed for typed answers only" in html
    assert "Save score" not in html
    assert "Chennai" in html and "Delhi" in html  # the options' words, not their indices


def test_accepting_a_translation_adds_a_reference(app, make_user):
    owner = make_user("translator-t", role="teacher")
    learner = make_user("translator-l")
    question = {
        "type": "translation",
        "prompt": {"en": "Translate.", "hi": "अनुवाद कीजिए।"},
        "source": {"hi": "मैं घर जा रहा हूँ।"},
        "references": {"en": ["I am going home."]},
    }
    with app.test_request_context():
        set_id, (question_id,) = make_set(owner, (question,))
        attempt_id = take(learner, set_id, ("Home is where I go now",))
        before = _answer(attempt_id, question_id).score
        done = accept_answer(owner, question_id, "Home is where I go now")
        assert (done.regraded, done.changed, done.now_right) == (1, 1, 1)
        assert before < 1 and _answer(attempt_id, question_id).score == 1.0
        refs = db.session.get(Question, question_id).spec["references"]
        assert refs == {"en": ["I am going home.", "Home is where I go now"]}


def test_accepting_a_cloze_answer_widens_its_blanks(app, make_user):
    owner = make_user("cloze-t", role="teacher")
    learner = make_user("cloze-l")
    question = {
        "type": "cloze",
        "prompt": {"en": "Fill in.", "hi": "रिक्त स्थान भरिए।"},
        "text": {"en": "The capital is {{Delhi}} and the river is {{Ganga|Ganges}}."},
    }
    with app.test_request_context():
        set_id, (question_id,) = make_set(owner, (question,))
        attempt_id = take(learner, set_id, (["delhi", "Yamuna"],))
        assert _answer(attempt_id, question_id).score == 0.5
        with pytest.raises(Exception) as caught:  # one answer per blank
            accept_answer(owner, question_id, "Yamuna")
        assert caught.value.status == 422
        with pytest.raises(Exception) as caught:
            accept_answer(owner, question_id, "Delhi / Ya|muna")
        assert caught.value.status == 422
        done = accept_answer(owner, question_id, "delhi / Yamuna")
        assert (done.regraded, done.changed, done.now_right) == (1, 1, 1)
        text = db.session.get(Question, question_id).spec["text"]["en"]
        assert text == "The capital is {{Delhi}} and the river is {{Ganga|Ganges|Yamuna}}."
        assert db.session.get(Attempt, attempt_id).score == 1.0


def test_a_hidden_feedback_set_tells_only_that_a_score_changed(app, client, world):
    """A set that keeps its answers hidden shows the new total and that the teacher changed a
    score, but not which answer or the note (they would tell the key)."""
    from quizapp.authoring.services import update_set

    learner = world["learners"][3]
    attempt_id, question_id = world["attempts"][3], world["question_ids"][SHORT]
    with app.test_request_context():
        update_set(world["owner"], world["set_id"], {"settings": {"feedback": "never"}})
        override_answer(world["owner"], attempt_id, question_id, 1, "Mumbai will do")
    sign_in(client, learner)
    html = client.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "Your teacher changed the score of one answer." in html
    assert "Mumbai will do" not in html
    assert "1 of 3 points" in html
