"""Who may see and change an attempt: only whoever started it. Every viewer (anonymous, another
guest, another learner, the owner, a teacher, an admin) tries the quiz page, the results page and
the API, for attempts of a signed-in learner and of a guest, in progress and submitted, and also
ids that do not exist: someone else's attempt must look exactly like a missing one.

Teachers and admins see their classes' work through the gradebook, not through these routes."""

import re

import pytest

from quizapp.attempts.models import Answer, Attempt
from quizapp.auth.services import create_user, issue_token
from quizapp.extensions import db
from quizapp.questions.models import QuestionSet
from tests.conftest import sign_in
from tests.functional.test_accounts import cheap_hashes  # noqa: F401 (autouse fixture)

VIEWERS = ["anonymous", "guest", "other learner", "owner", "teacher", "admin"]
MISSING_ID = 987_654
CSRF_INPUT = re.compile(r'<input[^>]*name="[\w-]*csrf_token"[^>]*>')


def _csrf(client) -> str:
    tag = CSRF_INPUT.search(client.get("/login").get_data(as_text=True)).group(0)
    return re.search(r'value="([^"]+)"', tag).group(1)


def _set_ids(app) -> list[int]:
    with app.app_context():
        return [s.id for s in db.session.query(QuestionSet).order_by(QuestionSet.id)]


def _start(client, set_id: int) -> int:
    response = client.post(f"/sets/{set_id}/start", data={"csrf_token": _csrf(client)})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return int(response.location.rsplit("/", 1)[1])


def _user(app, username: str, role: str = "learner"):
    with app.app_context():
        user = create_user(username, "kite river 42", role)
        return user, {"Authorization": f"Bearer {issue_token(user)}"}


def _snapshot(app, attempt_id: int) -> tuple:
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        answers = db.session.query(Answer).filter_by(attempt_id=attempt_id).count()
        return attempt.state, attempt.user_id, attempt.guest_key, answers, attempt.question_ids


@pytest.fixture
def world(app):
    """A factory: (owner kind, state) → the attempt and a client + API headers per viewer."""

    def build(owner_kind: str, state: str) -> dict:
        set_ids = _set_ids(app)
        viewers = {"anonymous": (app.test_client(), {})}
        owner_client = app.test_client()
        owner_headers = {}
        if owner_kind == "learner":
            owner, owner_headers = _user(app, "owner")
            sign_in(owner_client, owner)
        viewers["owner"] = (owner_client, owner_headers)
        attempt_id = _start(owner_client, set_ids[0])
        if state == "submitted":
            submitted = owner_client.post(
                f"/attempts/{attempt_id}/submit", data={"csrf_token": _csrf(owner_client)}
            )
            assert submitted.status_code == 302

        guest = app.test_client()
        _start(guest, set_ids[1])  # a guest with attempts of their own
        viewers["guest"] = (guest, {})
        for name, username, role in [
            ("other learner", "other", "learner"),
            ("teacher", "teacher", "teacher"),
            ("admin", "admin", "admin"),
        ]:
            user, headers = _user(app, username, role)
            client = app.test_client()
            sign_in(client, user)
            _start(client, set_ids[0])  # each has an attempt of their own at the same set
            viewers[name] = (client, headers)
        return {"attempt_id": attempt_id, "viewers": viewers, "owner_kind": owner_kind}

    return build


def _expected(viewer: str, owner_kind: str, state: str) -> dict[str, int]:
    """Status codes for GET quiz page, GET results page and GET API."""
    is_owner = viewer == "owner"
    has_token = viewer not in ("anonymous", "guest") and not (
        viewer == "owner" and owner_kind == "guest"
    )
    if is_owner:
        html = (
            {"take": 200, "results": 302}
            if state == "in_progress"
            else {"take": 302, "results": 200}
        )
        api = 200 if has_token else 401
    else:
        html = {"take": 404, "results": 404}
        api = 404 if has_token else 401
    return {**html, "api": api}


@pytest.mark.parametrize("owner_kind", ["learner", "guest"])
@pytest.mark.parametrize("state", ["in_progress", "submitted"])
@pytest.mark.parametrize("viewer", VIEWERS)
def test_only_the_owner_sees_an_attempt(world, owner_kind, state, viewer):
    setup = world(owner_kind, state)
    attempt_id = setup["attempt_id"]
    client, headers = setup["viewers"][viewer]
    expected = _expected(viewer, owner_kind, state)

    take = client.get(f"/attempts/{attempt_id}")
    results = client.get(f"/attempts/{attempt_id}/results")
    api = client.get(f"/api/v1/attempts/{attempt_id}", headers=headers)
    assert (take.status_code, results.status_code, api.status_code) == (
        expected["take"],
        expected["results"],
        expected["api"],
    )
    if viewer == "owner" and expected["api"] == 200:
        assert api.get_json()["id"] == attempt_id and api.get_json()["state"] == state
    if viewer != "owner":
        # Someone else's attempt answers exactly like an id that does not exist.
        for path in (f"/attempts/{MISSING_ID}", f"/attempts/{MISSING_ID}/results"):
            assert client.get(path).status_code == 404
        missing = client.get(f"/api/v1/attempts/{MISSING_ID}", headers=headers)
        assert missing.status_code == api.status_code
        assert set(missing.get_json()) == set(api.get_json()) == {"error", "message"}


@pytest.mark.parametrize("owner_kind", ["learner", "guest"])
@pytest.mark.parametrize("viewer", [v for v in VIEWERS if v != "owner"])
def test_nobody_else_can_answer_or_submit_an_attempt(app, world, owner_kind, viewer):
    setup = world(owner_kind, "in_progress")
    attempt_id = setup["attempt_id"]
    client, headers = setup["viewers"][viewer]
    before = _snapshot(app, attempt_id)
    question_id = before[4][0]
    token = _csrf(client)

    html_answer = client.post(
        f"/attempts/{attempt_id}/answers/{question_id}", data={"csrf_token": token, "answer": "0"}
    )
    html_submit = client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token})
    html_retry = client.post(f"/attempts/{attempt_id}/retry", data={"csrf_token": token})
    assert (html_answer.status_code, html_submit.status_code, html_retry.status_code) == (
        404,
        404,
        404,
    )
    api_status = 404 if headers else 401
    api_answer = client.put(
        f"/api/v1/attempts/{attempt_id}/answers/{question_id}", json={"answer": 0}, headers=headers
    )
    api_submit = client.post(f"/api/v1/attempts/{attempt_id}/submit", headers=headers)
    assert (api_answer.status_code, api_submit.status_code) == (api_status, api_status)
    assert _snapshot(app, attempt_id) == before


def test_the_owner_can_answer_and_submit(app, world):
    """The same requests as above succeed for the owner, so the 404s above are about access."""
    setup = world("learner", "in_progress")
    attempt_id = setup["attempt_id"]
    client, headers = setup["viewers"]["owner"]
    question_id = _snapshot(app, attempt_id)[4][0]
    saved = client.put(
        f"/api/v1/attempts/{attempt_id}/answers/{question_id}", json={"answer": 0}, headers=headers
    )
    assert saved.status_code == 200  # the first set starts with multiple-choice questions
    submitted = client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": _csrf(client)})
    assert submitted.status_code == 302
    assert _snapshot(app, attempt_id)[0] == "submitted"
