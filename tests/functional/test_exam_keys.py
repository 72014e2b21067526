"""An exam keeps its key (issue 11, finding 1). A set with ``feedback: never`` (or an attempt
limit) used to give its answers away three ways: the right word of a missed vocabulary
question landed in My words, a retry of the missed questions (refused by nothing but a hidden
button) scored each changed answer, and each new guest session could start it afresh."""

import pytest
from sqlalchemy import func, select

from quizapp.attempts.models import Attempt
from quizapp.auth.services import issue_token
from quizapp.extensions import db
from quizapp.questions.models import QuestionSet
from quizapp.words.models import Word
from tests.conftest import sign_in
from tests.functional.test_quiz_pages import _set_id, _start, _token
from tests.functional.test_words import VOCABULARY

EXAM = {"feedback_timing": "never", "attempts_allowed": 1}


def _make_exam(app, title: str = VOCABULARY, **settings) -> int:
    set_id = _set_id(app, title)
    with app.app_context():
        question_set = db.session.get(QuestionSet, set_id)
        for name, value in (settings or EXAM).items():
            setattr(question_set, name, value)
        db.session.commit()
    return set_id


def _attempts(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Attempt.id)))


def _submit_blank(client, attempt_id: int) -> None:
    response = client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": _token(client)})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "settings",
    [EXAM, {"feedback_timing": "never"}, {"feedback_timing": "after_due"}, {"attempts_allowed": 3}],
    ids=["exam", "never", "after_due", "limited"],
)
def test_a_guest_is_sent_to_sign_in_before_such_a_set(app, client, settings):
    set_id = _make_exam(app, **settings)
    before = _attempts(app)
    response = client.post(f"/sets/{set_id}/start", data={"csrf_token": _token(client)})
    assert response.status_code == 302
    assert response.location.startswith("/login?next=/sets/")
    assert _attempts(app) == before
    login_page = client.get(response.location).get_data(as_text=True)
    assert "counts your attempts or keeps its answers hidden" in login_page
    for page in ("/", f"/sets/{set_id}"):
        assert "Sign in to start" in client.get(page).get_data(as_text=True)


def test_a_set_that_shows_its_answers_stays_open_to_guests(app, client):
    set_id = _set_id(app, VOCABULARY)
    response = client.post(f"/sets/{set_id}/start", data={"csrf_token": _token(client)})
    assert response.location.startswith("/attempts/")


def test_a_missed_word_of_an_exam_does_not_reach_my_words(app, client, make_user):
    user = make_user("asha")
    sign_in(client, user)
    set_id = _make_exam(app)
    _submit_blank(client, _start(client, set_id))  # every vocabulary question missed
    assert client.get("/words").status_code == 200  # the visit that scans pending attempts
    with app.app_context():
        assert db.session.scalar(select(func.count(Word.id)).where(Word.user_id == user.id)) == 0


def test_the_same_attempt_with_answers_shown_adds_the_words(app, client, make_user):
    """The control: the words come from the same missed questions when the set shows them."""
    user = make_user("asha")
    sign_in(client, user)
    _submit_blank(client, _start(client, _set_id(app, VOCABULARY)))
    with app.app_context():
        assert db.session.scalar(select(func.count(Word.id)).where(Word.user_id == user.id)) > 0


def test_an_exam_cannot_be_retried_at_all(app, client, make_user):
    sign_in(client, make_user("asha"))
    attempt_id = _start(client, _make_exam(app, feedback_timing="never", attempts_allowed=None))
    _submit_blank(client, attempt_id)
    before = _attempts(app)
    for _ in range(3):
        retry = client.post(f"/attempts/{attempt_id}/retry", data={"csrf_token": _token(client)})
        assert retry.status_code == 403
    assert _attempts(app) == before


def test_retries_count_towards_the_attempts_allowed(app, client, make_user):
    sign_in(client, make_user("asha"))
    set_id = _make_exam(app, feedback_timing="after_submit", attempts_allowed=2)
    first = _start(client, set_id)
    _submit_blank(client, first)
    retry = client.post(f"/attempts/{first}/retry", data={"csrf_token": _token(client)})
    assert retry.status_code == 302 and retry.location.startswith("/attempts/")
    _submit_blank(client, int(retry.location.rsplit("/", 1)[1]))
    again = client.post(f"/attempts/{first}/retry", data={"csrf_token": _token(client)})
    assert again.status_code == 403
    third = client.post(f"/sets/{set_id}/start", data={"csrf_token": _token(client)})
    assert third.status_code == 403


def test_the_api_takes_an_exam_with_a_token(app, client, make_user):
    user = make_user("asha")
    set_id = _make_exam(app)
    with app.app_context():
        headers = {"Authorization": f"Bearer {issue_token(user)}"}
    created = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=headers)
    assert created.status_code == 201
    again = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=headers)
    assert again.status_code == 200  # the same attempt, resumed
