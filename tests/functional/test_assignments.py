"""Assignments: assigning a set to a class (who may, which sets, dates in the class's time
zone), a learner's statuses across time, late marks, "after the due date" feedback released
after that date and not before, the home page's "Assigned to you" and the learner API.

Classes and members are made with the models directly (the classes feature builds its own
services beside this one)."""

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.attempts.models import Attempt
from quizapp.auth.models import User
from quizapp.auth.services import issue_token
from quizapp.classrooms import assignments as service
from quizapp.classrooms.models import Assignment, ClassMember, Classroom
from quizapp.database import utcnow
from quizapp.exceptions import Conflict, NotAllowed, NotFound
from quizapp.extensions import db
from quizapp.questions.models import QuestionSet
from tests.conftest import sign_in
from tests.functional.test_quiz_pages import _right_answers, _token

KOLKATA = service.ZoneInfo("Asia/Kolkata")
UNDERSTANDING = "Understanding the meeting"
VOCABULARY = "Vocabulary warm-up"


def set_id(app, title: str) -> int:
    with app.app_context():
        return db.session.query(QuestionSet).filter_by(title_en=title).one().id


class World:
    """A teacher's class with two learners, another teacher's class with a third, an admin."""

    def __init__(self, app, make_user):
        self.app = app
        self.teacher = make_user("ms-rao", role="teacher")
        self.other_teacher = make_user("mr-sen", role="teacher")
        self.admin = make_user("boss", role="admin")
        self.asha = make_user("asha")
        self.ravi = make_user("ravi")
        self.outsider = make_user("meena")
        with app.app_context():
            db.session.get(User, self.asha.id).display_name = "आशा वर्मा"
            db.session.get(User, self.ravi.id).display_name = "=Ravi Kumar"
            mine = Classroom(
                teacher_id=self.teacher.id,
                name="Class 7 हिंदी",
                join_code="BCDFGH",
                time_zone="Asia/Kolkata",
            )
            theirs = Classroom(
                teacher_id=self.other_teacher.id,
                name="Other class",
                join_code="BCDFGJ",
                time_zone="Europe/London",
            )
            db.session.add_all([mine, theirs])
            db.session.flush()
            db.session.add_all(
                [
                    ClassMember(class_id=mine.id, user_id=self.asha.id),
                    ClassMember(class_id=mine.id, user_id=self.ravi.id),
                    ClassMember(class_id=theirs.id, user_id=self.outsider.id),
                ]
            )
            db.session.commit()
            self.class_id, self.other_class_id = mine.id, theirs.id
        self.understanding = set_id(app, UNDERSTANDING)
        self.vocabulary = set_id(app, VOCABULARY)

    def user(self, name: str) -> User:
        return db.session.get(User, getattr(self, name).id)

    def client(self, name: str):
        client = self.app.test_client()
        if name != "anonymous":
            sign_in(client, getattr(self, name))
        return client

    def bearer(self, name: str) -> dict:
        if name == "anonymous":
            return {}
        with self.app.app_context():
            return {"Authorization": f"Bearer {issue_token(self.user(name), 'test')}"}

    def assign(self, set_id=None, open_at=None, due_at=None, class_id=None, as_="teacher"):
        with self.app.app_context():
            assignment = service.assign(
                self.user(as_), class_id or self.class_id, set_id or self.understanding,
                open_at, due_at,
            )  # fmt: skip
            return assignment.id

    def attempt(self, user, set_id, submitted_at, score, max_score=10.0, retry_of=None):
        """A submitted attempt made directly (times chosen by the test)."""
        with self.app.app_context():
            row = Attempt(
                question_set_id=set_id,
                user_id=getattr(self, user).id,
                state="submitted",
                question_ids=[],
                seed="x",
                started_at=submitted_at - timedelta(minutes=5),
                submitted_at=submitted_at,
                finished_by="submitted",
                score=score,
                max_score=max_score,
                retry_of_id=retry_of,
            )
            db.session.add(row)
            db.session.commit()
            return row.id


@pytest.fixture
def world(app, make_user):
    return World(app, make_user)


def at(text: str) -> datetime:
    """A UTC moment from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# ---- Time zones --------------------------------------------------------------------------------


def test_a_due_date_entered_in_kolkata_is_stored_in_utc(world, app):
    due = datetime(2026, 12, 5, 23, 59)  # naive: the class's wall clock
    assignment_id = world.assign(due_at=due)
    with app.app_context():
        stored = db.session.get(Assignment, assignment_id).due_at
        assert stored.replace(tzinfo=UTC) == at("2026-12-05 18:29")
        assert service.to_local(stored, KOLKATA).strftime("%H:%M") == "23:59"


def test_parse_when_reads_naive_in_the_zone_and_keeps_offsets():
    assert service.parse_when("2026-12-05T23:59", KOLKATA, "due_at") == at("2026-12-05 18:29")
    assert service.parse_when("2026-12-05T23:59+00:00", KOLKATA, "x") == at("2026-12-05 23:59")
    assert service.parse_when("", KOLKATA, "x") is None
    for bad in ("tomorrow", "2026-13-01T00:00", "1900-01-01T00:00"):
        with pytest.raises(service.BadDate):
            service.parse_when(bad, KOLKATA, "due_at")


# ---- Assigning: who, what ----------------------------------------------------------------------


def test_who_may_assign_and_which_sets(world, app, make_user):
    with app.app_context():
        learner = world.user("asha")
        with pytest.raises(NotAllowed):
            service.assign(learner, world.class_id, world.understanding)
        with pytest.raises(NotFound):  # another teacher's class: as if it did not exist
            service.assign(world.user("other_teacher"), world.class_id, world.understanding)
        with pytest.raises(NotFound):
            service.assign(world.user("teacher"), 999_999, world.understanding)
        with pytest.raises(NotFound):
            service.assign(world.user("teacher"), world.class_id, 999_999)
        # Another teacher's published set is not one this teacher may assign; a draft neither.
        other_set = db.session.get(QuestionSet, world.vocabulary)
        other_set.owner_id = world.other_teacher.id
        db.session.commit()
        with pytest.raises(NotFound):
            service.assign(world.user("teacher"), world.class_id, world.vocabulary)
        assert world.vocabulary not in {s.id for s in service.usable_sets(world.user("teacher"))}
        assert world.understanding in {s.id for s in service.usable_sets(world.user("teacher"))}
        # An admin may assign in anyone's class, any published set.
        service.assign(world.user("admin"), world.class_id, world.vocabulary)
        service.assign(world.user("teacher"), world.class_id, world.understanding)
        with pytest.raises(Conflict):
            service.assign(world.user("teacher"), world.class_id, world.understanding)
        with pytest.raises(service.BadDate):
            service.change_dates(
                world.user("teacher"), world.class_id,
                service.get_assignment_for_set(world.class_id, world.understanding).id,
                at("2026-12-05 10:00"), at("2026-12-04 10:00"),
            )  # fmt: skip


# ---- Statuses across time ----------------------------------------------------------------------


def test_statuses_across_time(world, app):
    opens, due = at("2026-12-01 03:30"), at("2026-12-05 18:29")
    world.assign(open_at=opens, due_at=due)
    with app.app_context():

        def status(user, now):
            (item,) = service.assignments_of(getattr(world, user).id, now)
            return item.status

        assert status("asha", at("2026-11-30 12:00")) == "not_open"
        assert status("asha", at("2026-12-02 12:00")) == "to_do"
        assert status("asha", at("2026-12-04 18:30")) == "due_soon"  # within 48 hours
        assert status("asha", at("2026-12-05 18:30")) == "late"
    # An attempt before the open date does not count; one by the due date does.
    world.attempt("asha", world.understanding, at("2026-11-30 10:00"), 9)
    with app.app_context():
        assert status("asha", at("2026-12-06 00:00")) == "late"
    world.attempt("asha", world.understanding, at("2026-12-05 18:29"), 6)
    world.attempt("ravi", world.understanding, at("2026-12-06 09:00"), 4)
    # A retry of missed questions never counts (its percent is not the set's).
    first = world.attempt("ravi", world.understanding, at("2026-12-02 09:00"), 0, 10)
    world.attempt("ravi", world.understanding, at("2026-12-02 09:10"), 2, 2, retry_of=first)
    with app.app_context():
        (asha,) = service.assignments_of(world.asha.id, at("2026-12-07 00:00"))
        assert (asha.status, asha.best, asha.attempts) == ("done", 0.6, 1)
        (ravi,) = service.assignments_of(world.ravi.id, at("2026-12-07 00:00"))
        # One on-time attempt (0/10) and one late one: done, not late.
        assert (ravi.status, ravi.best, ravi.attempts) == ("done", 0.4, 2)
        assert service.assignments_of(world.outsider.id, at("2026-12-07 00:00")) == []


def test_done_late_when_only_late_attempts(world, app):
    world.assign(due_at=at("2026-12-05 18:29"))
    world.attempt("asha", world.understanding, at("2026-12-05 18:30"), 7)
    with app.app_context():
        (item,) = service.assignments_of(world.asha.id, at("2026-12-08 00:00"))
        assert item.status == "done_late"
        with app.test_request_context():
            assert str(service.STATUS_LABELS[item.status]) == "Done late"


def test_no_dates_is_to_do_then_done(world, app):
    world.assign()
    with app.app_context():
        assert service.assignments_of(world.asha.id, at("2030-01-01 00:00"))[0].status == "to_do"
    world.attempt("asha", world.understanding, at("2029-01-01 00:00"), 10)
    with app.app_context():
        assert service.assignments_of(world.asha.id)[0].status == "done"


# ---- "After the due date" feedback ----------------------------------------------------------


def _submit_via_api(client, headers, set_id_, answers) -> int:
    started = client.post(f"/api/v1/question-sets/{set_id_}/attempts", headers=headers)
    attempt = started.get_json()
    for question in attempt["questions"]:
        client.put(
            f"/api/v1/attempts/{attempt['id']}/answers/{question['id']}",
            json={"answer": answers(attempt["id"]).get(question["id"])},
            headers=headers,
        )
    client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=headers)
    return attempt["id"]


def test_after_due_feedback_is_released_after_the_due_date_and_not_before(world, app):
    with app.app_context():
        db.session.get(QuestionSet, world.understanding).feedback_timing = "after_due"
        db.session.commit()
    client, headers = app.test_client(), world.bearer("asha")

    def answers(attempt_id):
        return {qid: value for qid, _type, value in _right_answers(app, attempt_id)}

    attempt_id = _submit_via_api(client, headers, world.understanding, answers)
    # Not assigned: hidden, as before.
    assert (
        client.get(f"/api/v1/attempts/{attempt_id}", headers=headers).get_json()["results"] is None
    )
    assignment_id = world.assign(due_at=utcnow() + timedelta(days=1))
    # Due tomorrow: still hidden (the page says when, the API gives no results).
    assert (
        client.get(f"/api/v1/attempts/{attempt_id}", headers=headers).get_json()["results"] is None
    )
    page = world.client("asha")
    html = page.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "after the due date" in html and "result__answers" not in html
    with app.app_context():
        service.change_dates(
            world.user("teacher"), world.class_id, assignment_id, None,
            utcnow() - timedelta(minutes=1),
        )  # fmt: skip
    # The due date passed: the results are out (the cached JSON of before is not served).
    results = client.get(f"/api/v1/attempts/{attempt_id}", headers=headers).get_json()["results"]
    assert results and all(r["correct"] for r in results)
    assert "result__answers" in page.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    # Another learner of no class that assigned it still sees nothing.
    other = world.bearer("outsider")
    other_attempt = _submit_via_api(client, other, world.understanding, answers)
    assert (
        client.get(f"/api/v1/attempts/{other_attempt}", headers=other).get_json()["results"] is None
    )


def test_after_due_uses_the_latest_due_date_among_the_learners_classes(world, app):
    from quizapp.attempts import queries

    with app.app_context():
        db.session.add(ClassMember(class_id=world.other_class_id, user_id=world.asha.id))
        db.session.commit()
    world.assign(due_at=at("2026-12-05 18:29"))
    world.assign(due_at=at("2026-12-09 18:29"), class_id=world.other_class_id, as_="admin")
    with app.app_context():
        connection = db.session.connection()
        assert not queries.due_passed(
            connection, world.asha.id, world.understanding, at("2026-12-06 00:00")
        )
        assert queries.due_passed(
            connection, world.asha.id, world.understanding, at("2026-12-10 00:00")
        )
        assert not queries.due_passed(
            connection, world.ravi.id, world.vocabulary, at("2030-01-01 00:00")
        )


# ---- Pages -------------------------------------------------------------------------------------


def test_teacher_assigns_edits_and_removes_on_the_page(world, app):
    client = world.client("teacher")
    url = f"/teach/classes/{world.class_id}/assignments"
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Asia/Kolkata" in html and "Understanding the meeting" in html
    token = _token(client, url)
    response = client.post(url, data={
        "csrf_token": token, "new-question_set_id": str(world.understanding),
        "new-open_at": "2026-12-01T09:00", "new-due_at": "2026-12-05T23:59",
    })  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        (row,) = db.session.query(Assignment).all()
        assert row.due_at.replace(tzinfo=UTC) == at("2026-12-05 18:29")
        assert row.open_at.replace(tzinfo=UTC) == at("2026-12-01 03:30")
        assignment_id = row.id
    html = client.get(url).get_data(as_text=True)
    assert 'value="2026-12-05T23:59"' in html  # shown back in the class's zone
    # Bad input: 400, nothing changed.
    bad = client.post(url, data={
        "csrf_token": token, "new-question_set_id": str(world.vocabulary),
        "new-open_at": "2026-12-05T09:00", "new-due_at": "2026-12-01T09:00",
    })  # fmt: skip
    assert bad.status_code == 400 and "after the open date" in bad.get_data(as_text=True)
    garbage = client.post(url, data={"csrf_token": token, "new-question_set_id": "x"})
    assert garbage.status_code == 400
    no_token = client.post(url, data={"new-question_set_id": str(world.vocabulary)})
    assert no_token.status_code == 400
    with app.app_context():
        assert db.session.query(Assignment).count() == 1
    dates = f"{url}/{assignment_id}/dates"
    client.post(dates, data={
        "csrf_token": token, f"a{assignment_id}-open_at": "",
        f"a{assignment_id}-due_at": "2026-12-07T08:00",
    })  # fmt: skip
    with app.app_context():
        row = db.session.get(Assignment, assignment_id)
        assert row.open_at is None and row.due_at.replace(tzinfo=UTC) == at("2026-12-07 02:30")
    assert (
        client.post(f"{url}/{assignment_id}/remove", data={"csrf_token": token}).status_code == 302
    )
    with app.app_context():
        assert db.session.query(Assignment).count() == 0


def test_home_page_shows_assigned_to_you(world, app):
    due = (utcnow() - timedelta(days=1)).astimezone(KOLKATA).replace(second=0, microsecond=0)
    world.assign(due_at=due)
    world.assign(set_id=world.vocabulary, open_at=utcnow() + timedelta(days=3))
    html = world.client("asha").get("/").get_data(as_text=True)
    assert "Assigned to you" in html
    assert "Class 7 हिंदी" in html
    assert f"Due {due:%Y-%m-%d %H:%M} (Asia/Kolkata time)" in html
    assert ">Late<" in html  # the status in words, not colour alone
    assert "Not open yet" in html and "disabled" in html and "Opens " in html
    # Someone in no class sees no such section; nor does a guest.
    assert "Assigned to you" not in world.client("outsider").get("/").get_data(as_text=True)
    assert "Assigned to you" not in app.test_client().get("/").get_data(as_text=True)


# ---- API ---------------------------------------------------------------------------------------


def test_api_assign_list_delete_and_my_assignments(world, app):
    client = app.test_client()
    teacher = world.bearer("teacher")
    base = f"/api/v1/classes/{world.class_id}/assignments"
    created = client.post(
        base, json={"question_set_id": world.understanding, "due_at": "2026-12-05T23:59"},
        headers=teacher,
    )  # fmt: skip
    assert created.status_code == 201
    body = created.get_json()
    assert body["due_at"] == "2026-12-05T23:59:00+05:30"
    assert body["time_zone"] == "Asia/Kolkata"
    again = client.post(base, json={"question_set_id": world.understanding}, headers=teacher)
    assert again.status_code == 409
    for bad, status in (
        ({"question_set_id": world.vocabulary, "due_at": "soon"}, 422),
        ({"question_set_id": world.vocabulary, "open_at": "2026-12-05T10:00",
          "due_at": "2026-12-05T09:00"}, 422),
        ({"question_set_id": "1"}, 400),
        ({"question_set_id": 1.5}, 400),
        ({"question_set_id": world.vocabulary, "due_at": 5}, 400),
        ({}, 400),
    ):  # fmt: skip
        assert client.post(base, json=bad, headers=teacher).status_code == status, bad
    listed = client.get(base, headers=teacher).get_json()["assignments"]
    assert [a["id"] for a in listed] == [body["id"]]
    # JSON's 12.0 is the integer 12.
    whole = client.post(base, json={"question_set_id": float(world.vocabulary)}, headers=teacher)
    assert whole.status_code == 201
    assert client.delete(f"{base}/{whole.get_json()['id']}", headers=teacher).status_code == 204
    mine = client.get("/api/v1/me/assignments", headers=world.bearer("asha")).get_json()
    (item,) = mine["assignments"]
    assert item["class"] == {"id": world.class_id, "name": "Class 7 हिंदी"}
    assert item["question_set"]["id"] == world.understanding
    assert item["due_at"] == "2026-12-05T23:59:00+05:30"
    assert item["attempts"] == 0 and item["best_score"] is None
    assert item["status"] in service.STATUSES
    assert client.delete(f"{base}/{body['id']}", headers=teacher).status_code == 204
    assert client.get(base, headers=teacher).get_json()["assignments"] == []
