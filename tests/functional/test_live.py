"""Live lessons through the API and the pages: the state machine, answers, seats, ETags, what
is revealed when, and who may do what."""

import json
import re

import pytest

from quizapp.auth.services import issue_token
from quizapp.classrooms.models import ClassMember, Classroom, LiveAnswer, LivePlayer, LiveRun
from quizapp.core.grading import get_type
from quizapp.core.presentation import shown_order
from quizapp.extensions import db
from quizapp.questions.models import Question
from tests.conftest import sign_in
from tests.functional.test_quiz_pages import _set_id, _token

MAIN_IDEAS = "Main ideas and inference"  # mcq, mcq, mcq, multi, true/false, …


@pytest.fixture
def room(app, make_user):
    """A class (its teacher, two learners in it) and outsiders, each with a bearer token."""
    users = {
        "teacher": make_user("guru", role="teacher"),
        "other_teacher": make_user("other", role="teacher"),
        "admin": make_user("boss", role="admin"),
        "asha": make_user("asha"),
        "ravi": make_user("ravi"),
        "late": make_user("late"),
        "outsider": make_user("outsider"),
    }
    with app.app_context():
        classroom = Classroom(teacher_id=users["teacher"].id, name="7B", join_code="BCDFGH")
        db.session.add(classroom)
        db.session.flush()
        for name in ("asha", "ravi", "late"):
            db.session.add(ClassMember(class_id=classroom.id, user_id=users[name].id))
        users["asha"].display_name = "आशा"
        db.session.merge(users["asha"])
        db.session.commit()
        class_id = classroom.id
        headers = {
            name: {"Authorization": f"Bearer {issue_token(user, 'live')}"}
            for name, user in users.items()
        }
    return {"class_id": class_id, "users": users, "h": headers, "set_id": _set_id(app, MAIN_IDEAS)}


def _start(client, room, who="teacher") -> int:
    response = client.post(
        f"/api/v1/classes/{room['class_id']}/live",
        json={"question_set_id": room["set_id"]},
        headers=room["h"][who],
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def _act(client, room, run_id, action, who="teacher", **body):
    return client.post(f"/api/v1/live/{run_id}/{action}", json=body or None, headers=room["h"][who])


def _get(client, room, run_id, who, etag=None):
    headers = dict(room["h"][who])
    if etag:
        headers["If-None-Match"] = etag
    return client.get(f"/api/v1/live/{run_id}", headers=headers)


def _answer(client, room, run_id, who, question_id, answer):
    return client.put(
        f"/api/v1/live/{run_id}/answer",
        json={"question_id": question_id, "answer": answer},
        headers=room["h"][who],
    )


def _key(app, run_id: int, question_id: int):
    """The right answer as the room is shown the question."""
    with app.app_context():
        run = db.session.get(LiveRun, run_id)
        question = db.session.get(Question, question_id)
        qtype = get_type(question.type)
        key = qtype.correct_answer(question.spec)
        order = shown_order(qtype, question.spec, f"{run.seed}:{question_id}")
        if order is not None:
            position = {index: shown for shown, index in enumerate(order)}
            key = [position[i] for i in key]
        return key


def _wrong_mcq(key: int, options: int = 4) -> int:
    return next(i for i in range(options) if i != key)


def test_a_whole_lesson_through_the_api(app, client, room):
    run_id = _start(client, room)
    state = _get(client, room, run_id, "teacher").get_json()
    assert state["state"] == "waiting" and state["index"] is None and state["question"] is None
    assert state["count"] == 10 and state["players"] == 0 and state["join_code"] == "BCDFGH"

    # Asha looks before the start: she has a seat from the first question on.
    assert _get(client, room, run_id, "asha").get_json()["joined_at_index"] == -1

    opened = _act(client, room, run_id, "open")
    assert opened.status_code == 200
    state = opened.get_json()
    assert state["state"] == "open" and state["index"] == 0
    question = state["question"]
    assert question["type"] == "mcq" and question["evidence"][0]["id"] == "p1s1"
    assert "hi" in question["evidence"][0] and "hi" in question["prompt"]
    # No key anywhere while open, for the teacher or a learner.
    assert "correct" not in json.dumps(state)
    assert "correct" not in json.dumps(_get(client, room, run_id, "asha").get_json())

    key = _key(app, run_id, question["id"])
    # The projector's option order is every phone's order.
    phone = _get(client, room, run_id, "ravi").get_json()
    assert phone["question"]["options"] == question["options"]

    assert _answer(client, room, run_id, "asha", question["id"], _wrong_mcq(key)).status_code == 200
    # Her last answer before closing counts.
    saved = _answer(client, room, run_id, "asha", question["id"], key)
    assert saved.status_code == 200 and saved.get_json()["question_id"] == question["id"]
    assert _answer(client, room, run_id, "ravi", question["id"], _wrong_mcq(key)).status_code == 200
    teacher = _get(client, room, run_id, "teacher").get_json()
    assert teacher["answered"] == 2 and teacher["players"] == 2
    names = {p["name"] for p in teacher["player_list"]}
    assert names == {"आशा", "ravi"}
    assert _get(client, room, run_id, "asha").get_json()["your_answer"] == key

    closed = _act(client, room, run_id, "close").get_json()
    assert closed["state"] == "closed" and closed["correct_answer"] == key
    bars = {bar["index"]: bar["count"] for bar in closed["histogram"]}
    assert bars[key] == 1 and bars[_wrong_mcq(key)] == 1 and sum(bars.values()) == 2
    assert [bar["index"] for bar in closed["histogram"]] == [
        o["index"] for o in question["options"]
    ]
    asha = _get(client, room, run_id, "asha").get_json()
    assert asha["your_result"] == {"correct": True, "score": 1.0}
    assert asha["your_score"] == {"correct": 1, "answered": 1, "asked": 1, "not_attempted": 0}
    ravi = _get(client, room, run_id, "ravi").get_json()
    assert ravi["your_result"]["correct"] is False and ravi["correct_answer"] == key

    # Answers after closing are refused and change nothing.
    late_try = _answer(client, room, run_id, "ravi", question["id"], key)
    assert late_try.status_code == 409
    with app.app_context():
        stored = db.session.get(LiveAnswer, (run_id, question["id"], room["users"]["ravi"].id))
        assert stored.correct is False

    # A late joiner arrives after question 1 closed: it is "not attempted" for them, not wrong.
    late = _get(client, room, run_id, "late").get_json()
    assert late["joined_at_index"] == 1 and late["your_result"] is None

    second = _act(client, room, run_id, "open").get_json()["question"]
    assert _answer(client, room, run_id, "late", second["id"], _key(app, run_id, second["id"]))
    _act(client, room, run_id, "close")
    late = _get(client, room, run_id, "late").get_json()
    assert late["your_score"] == {"correct": 1, "answered": 1, "asked": 1, "not_attempted": 1}
    ravi = _get(client, room, run_id, "ravi").get_json()
    assert ravi["your_score"] == {"correct": 0, "answered": 1, "asked": 2, "not_attempted": 0}

    finished = _act(client, room, run_id, "finish").get_json()
    assert finished["state"] == "finished" and finished["question"] is None


def test_every_transition(app, client, room):
    run_id = _start(client, room)
    expect = {
        # (state, action): status
        ("waiting", "close"): 409,
        ("waiting", "open"): 200,
        ("open", "open"): 409,
        ("open", "close"): 200,
        ("closed", "close"): 409,
        ("closed", "open"): 200,
    }
    assert _act(client, room, run_id, "close").status_code == expect[("waiting", "close")]
    version = _get(client, room, run_id, "teacher").get_json()["version"]
    assert _act(client, room, run_id, "open").status_code == 200
    refused = _act(client, room, run_id, "open")
    assert refused.status_code == 409 and "close it" in refused.get_json()["message"]
    assert _act(client, room, run_id, "close").status_code == 200
    assert _act(client, room, run_id, "close").status_code == 409
    state = _act(client, room, run_id, "open", index=9).get_json()
    assert state["index"] == 9 and state["version"] == version + 3
    _act(client, room, run_id, "close")
    last = _act(client, room, run_id, "open")
    assert last.status_code == 409 and "last question" in last.get_json()["message"]
    bad = _act(client, room, run_id, "open", index=10)
    assert bad.status_code == 422
    assert _act(client, room, run_id, "open", index="1").status_code == 400
    assert _act(client, room, run_id, "open", index=2).get_json()["index"] == 2
    # Finishing while a question is open closes it too.
    assert _act(client, room, run_id, "finish").status_code == 200
    with app.app_context():
        run = db.session.get(LiveRun, run_id)
        assert run.closed_at is not None and run.finished_at is not None
    for action in ("open", "close", "finish"):
        response = _act(client, room, run_id, action)
        assert response.status_code == 409 and "finished" in response.get_json()["message"]


def test_finish_from_waiting_and_closed(client, room):
    run_id = _start(client, room)
    assert _act(client, room, run_id, "finish").get_json()["state"] == "finished"
    run_id = _start(client, room)
    _act(client, room, run_id, "open")
    _act(client, room, run_id, "close")
    assert _act(client, room, run_id, "finish").get_json()["state"] == "finished"


def test_answers_only_for_the_open_question(app, client, room):
    run_id = _start(client, room)
    with app.app_context():
        first_id = db.session.get(LiveRun, run_id).question_ids[0]
    assert _answer(client, room, run_id, "asha", first_id, 0).status_code == 409  # waiting
    question = _act(client, room, run_id, "open").get_json()["question"]
    other = _answer(client, room, run_id, "asha", question["id"] + 1, 0)
    assert other.status_code == 409 and "not the open one" in other.get_json()["message"]
    wrong_shape = _answer(client, room, run_id, "asha", question["id"], "not an index")
    assert wrong_shape.status_code == 422
    assert _answer(client, room, run_id, "asha", question["id"], None).status_code == 422
    assert (
        client.put(
            f"/api/v1/live/{run_id}/answer", json={"answer": 1}, headers=room["h"]["asha"]
        ).status_code
        == 400
    )
    assert _answer(client, room, run_id, "teacher", question["id"], 0).status_code == 403
    assert _answer(client, room, run_id, "outsider", question["id"], 0).status_code == 404
    with app.app_context():
        assert db.session.query(LiveAnswer).count() == 0


def test_a_phone_that_reloads_gets_its_seat_and_answer_back(app, client, room):
    run_id = _start(client, room)
    question = _act(client, room, run_id, "open").get_json()["question"]
    _answer(client, room, run_id, "asha", question["id"], 2)
    again = _get(client, room, run_id, "asha").get_json()
    assert again["your_answer"] == 2 and again["joined_at_index"] == 0
    with app.app_context():
        assert db.session.query(LivePlayer).filter_by(run_id=run_id).count() == 1


def test_etags_per_viewer(client, room):
    run_id = _start(client, room)
    teacher = _get(client, room, run_id, "teacher")
    etag = teacher.headers["ETag"]
    assert _get(client, room, run_id, "teacher", etag).status_code == 304
    first = _get(client, room, run_id, "asha")  # takes her seat: the teacher's view changes
    asha_etag = first.headers["ETag"]
    assert _get(client, room, run_id, "asha", asha_etag).status_code == 304
    assert _get(client, room, run_id, "teacher", etag).status_code == 200
    etag = _get(client, room, run_id, "teacher").headers["ETag"]
    ravi_etag = _get(client, room, run_id, "ravi").headers["ETag"]
    etag = _get(client, room, run_id, "teacher").headers["ETag"]
    assert ravi_etag != asha_etag  # one viewer's validator never serves another's view

    question = _act(client, room, run_id, "open").get_json()["question"]
    assert _get(client, room, run_id, "asha", asha_etag).status_code == 200
    assert _get(client, room, run_id, "teacher", etag).status_code == 200
    etag = _get(client, room, run_id, "teacher").headers["ETag"]
    asha_etag = _get(client, room, run_id, "asha").headers["ETag"]
    ravi_etag = _get(client, room, run_id, "ravi").headers["ETag"]

    _answer(client, room, run_id, "ravi", question["id"], 1)
    # Ravi's answer changes the teacher's count and Ravi's view, not Asha's.
    assert _get(client, room, run_id, "teacher", etag).status_code == 200
    assert _get(client, room, run_id, "ravi", ravi_etag).status_code == 200
    assert _get(client, room, run_id, "asha", asha_etag).status_code == 304
    _answer(client, room, run_id, "asha", question["id"], 1)
    assert _get(client, room, run_id, "asha", asha_etag).status_code == 200


def test_hiding_a_player_bumps_the_version_and_keeps_them_answering(app, client, room):
    from quizapp.classrooms.live import set_hidden

    run_id = _start(client, room)
    _get(client, room, run_id, "asha")
    with app.app_context():
        set_hidden(room["users"]["teacher"], run_id, room["users"]["asha"].id, True)
    players = _get(client, room, run_id, "teacher").get_json()["player_list"]
    assert players[0]["hidden"] is True
    question = _act(client, room, run_id, "open").get_json()["question"]
    assert _answer(client, room, run_id, "asha", question["id"], 0).status_code == 200


@pytest.mark.parametrize(
    ("who", "start", "view", "act", "answer"),
    [
        ("anonymous", 401, 401, 401, 401),
        ("outsider", 403, 404, 404, 404),
        ("asha", 403, 200, 403, 409),
        ("other_teacher", 404, 404, 404, 404),
        ("teacher", 201, 200, 409, 403),
        ("admin", 201, 200, 409, 403),
    ],
)
def test_api_access(client, room, who, start, view, act, answer):
    run_id = _start(client, room)
    headers = room["h"].get(who, {})
    response = client.post(
        f"/api/v1/classes/{room['class_id']}/live",
        json={"question_set_id": room["set_id"]},
        headers=headers,
    )
    assert response.status_code == start
    assert client.get(f"/api/v1/live/{run_id}", headers=headers).status_code == view
    assert client.post(f"/api/v1/live/{run_id}/close", headers=headers).status_code == act
    assert (
        client.put(
            f"/api/v1/live/{run_id}/answer", json={"question_id": 1, "answer": 0}, headers=headers
        ).status_code
        == answer
    )
    # Ids that are not there are 404 for everyone signed in.
    if who != "anonymous":
        assert client.get("/api/v1/live/999999", headers=headers).status_code == 404
        assert client.post("/api/v1/live/999999/open", headers=headers).status_code == 404


def test_starting_needs_a_published_set_of_the_callers_class(app, client, room):
    url = f"/api/v1/classes/{room['class_id']}/live"
    teacher = room["h"]["teacher"]
    assert client.post(url, json={"question_set_id": 999999}, headers=teacher).status_code == 404
    assert client.post(url, json={}, headers=room["h"]["teacher"]).status_code == 400
    assert client.post("/api/v1/classes/999999/live", json={"question_set_id": room["set_id"]},
                       headers=room["h"]["teacher"]).status_code == 404  # fmt: skip


def test_the_pages_script_reads_and_writes_on_the_session_cookie(app, client, room):
    run_id = _start(client, room)
    teacher = _client_for(app, room, "teacher")
    # The API itself takes bearer tokens only.
    assert teacher.get(f"/api/v1/live/{run_id}").status_code == 401
    polled = teacher.get(f"/live/{run_id}/state")
    assert polled.status_code == 200 and polled.get_json()["state"] == "waiting"
    etag = polled.headers["ETag"]
    again = teacher.get(f"/live/{run_id}/state", headers={"If-None-Match": etag})
    assert again.status_code == 304
    json_headers = {"Accept": "application/json"}
    # A cookie alone never writes.
    assert teacher.post(f"/teach/live/{run_id}/open", headers=json_headers).status_code == 400
    token = _token(teacher, f"/teach/live/{run_id}")
    opened = teacher.post(
        f"/teach/live/{run_id}/open", headers={**json_headers, "X-CSRFToken": token}
    )
    assert opened.status_code == 200 and opened.get_json()["state"] == "open"
    question_id = opened.get_json()["question"]["id"]

    asha = _client_for(app, room, "asha")
    url = f"/live/{run_id}/answer"
    body = {"question_id": question_id, "answer": 0}
    assert asha.put(url, json=body).status_code == 400  # no CSRF header
    token = _token(asha, f"/live/{run_id}")
    saved = asha.put(url, json=body, headers={"X-CSRFToken": token})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert asha.get(f"/live/{run_id}/state").get_json()["your_answer"] == 0
    bad = asha.put(url, json={"question_id": "x", "answer": 0}, headers={"X-CSRFToken": token})
    assert bad.status_code == 400
    outsider = _client_for(app, room, "outsider")
    assert outsider.get(f"/live/{run_id}/state").status_code == 404


# ---- Pages ---------------------------------------------------------------------------------


def _client_for(app, room, who):
    client = app.test_client()
    if who != "anonymous":
        sign_in(client, room["users"][who])
    return client


@pytest.mark.parametrize(
    ("who", "projector", "phone", "new"),
    [
        ("anonymous", 302, 302, 302),
        ("outsider", 403, 404, 403),  # teacher pages: learners 403, as everywhere
        ("asha", 403, 200, 403),
        ("other_teacher", 404, 404, 404),
        ("teacher", 200, 302, 200),
        ("admin", 200, 302, 200),
    ],
)
def test_page_access(app, client, room, who, projector, phone, new):
    run_id = _start(client, room)
    visitor = _client_for(app, room, who)
    assert visitor.get(f"/teach/live/{run_id}").status_code == projector
    assert visitor.get(f"/live/{run_id}").status_code == phone
    assert visitor.get(f"/teach/classes/{room['class_id']}/live/new").status_code == new
    if who != "anonymous":
        assert visitor.get("/teach/live/999999").status_code in (403, 404)
        assert visitor.get("/live/999999").status_code == 404


def test_start_page_creates_a_run_and_goes_to_the_projector(app, room):
    teacher = _client_for(app, room, "teacher")
    url = f"/teach/classes/{room['class_id']}/live/new"
    page = teacher.get(url).get_data(as_text=True)
    assert MAIN_IDEAS in page
    token = _token(teacher, url)
    response = teacher.post(url, data={"csrf_token": token, "question_set_id": room["set_id"]})
    assert response.status_code == 302
    run_id = int(re.fullmatch(r"/teach/live/(\d+)", response.location).group(1))
    projector = teacher.get(f"/teach/live/{run_id}").get_data(as_text=True)
    assert "BCDFGH" in projector or "BCD FGH" in projector or "BCD-FGH" in projector
    assert teacher.post(url, data={"question_set_id": room["set_id"]}).status_code == 400


def test_projector_buttons_and_phone_form_work_without_script(app, room):
    teacher = _client_for(app, room, "teacher")
    asha = _client_for(app, room, "asha")
    run_id = _start(teacher, room)
    token = _token(teacher, f"/teach/live/{run_id}")
    response = teacher.post(f"/teach/live/{run_id}/open", data={"csrf_token": token})
    assert response.status_code == 302
    phone = asha.get(f"/live/{run_id}").get_data(as_text=True)
    assert 'name="answer"' in phone
    question_id = int(re.search(r'name="question_id" value="(\d+)"', phone).group(1))
    key = _key(app, run_id, question_id)
    response = asha.post(
        f"/live/{run_id}",
        data={"csrf_token": _token(asha, f"/live/{run_id}"), "question_id": question_id,
              "answer": str(key)},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(LiveAnswer, (run_id, question_id, room["users"]["asha"].id))
    teacher.post(f"/teach/live/{run_id}/close", data={"csrf_token": token})
    assert "live-result" in asha.get(f"/live/{run_id}").get_data(as_text=True)
    hide = teacher.post(
        f"/teach/live/{run_id}/players/{room['users']['asha'].id}/hide",
        data={"csrf_token": token, "hidden": "1"},
    )
    assert hide.status_code == 302
    with app.app_context():
        assert db.session.get(LivePlayer, (run_id, room["users"]["asha"].id)).hidden


def test_live_sends_a_learner_to_the_lesson_running_in_their_class(app, client, room):
    run_id = _start(client, room)
    asha = _client_for(app, room, "asha")
    response = asha.get("/live")
    assert response.status_code == 302 and response.location == f"/live/{run_id}"
    outsider = _client_for(app, room, "outsider").get("/live")
    assert outsider.status_code == 200 and "No live lesson" in outsider.get_data(as_text=True)
    _act(client, room, run_id, "finish")
    assert asha.get("/live").status_code == 200
    assert _client_for(app, room, "anonymous").get("/live").status_code == 302
    projector = _client_for(app, room, "teacher").get(f"/teach/live/{run_id}")
    assert "/live</span>" in projector.get_data(as_text=True)


@pytest.mark.parametrize("title", ["Understanding the meeting", "Translation practice"])
def test_every_question_type_shows_on_the_projector_and_the_phone(app, client, room, title):
    response = client.post(
        f"/api/v1/classes/{room['class_id']}/live",
        json={"question_set_id": _set_id(app, title)},
        headers=room["h"]["teacher"],
    )
    run_id = response.get_json()["id"]
    teacher, asha = _client_for(app, room, "teacher"), _client_for(app, room, "asha")
    count = _get(client, room, run_id, "teacher").get_json()["count"]
    for index in range(count):
        question = _act(client, room, run_id, "open", index=index).get_json()["question"]
        assert "correct" not in json.dumps(question)
        phone = asha.get(f"/live/{run_id}")
        assert phone.status_code == 200 and 'id="live-answer"' in phone.get_data(as_text=True)
        assert teacher.get(f"/teach/live/{run_id}").status_code == 200
        key = _key(app, run_id, question["id"])
        assert _answer(client, room, run_id, "ravi", question["id"], key).status_code == 200
        closed = _act(client, room, run_id, "close").get_json()
        assert sum(bar["count"] for bar in closed["histogram"]) >= 1, question["type"]
        assert "live-result" in asha.get(f"/live/{run_id}").get_data(as_text=True)
        assert "live-bars" in teacher.get(f"/teach/live/{run_id}").get_data(as_text=True)
        ravi = _get(client, room, run_id, "ravi").get_json()
        assert ravi["your_result"]["correct"] is True, question["type"]
