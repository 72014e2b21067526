"""The gradebook: numbers on a small hand-made class, the CSV's bytes, a learner's attempts and
one attempt's answers as the learner saw them; and who may see what, by page and API, whatever
ids are tried."""

from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from quizapp.attempts.models import Answer
from quizapp.classrooms import gradebook as books
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.questions.models import QuestionSet
from tests.functional.test_assignments import World, at
from tests.functional.test_quiz_pages import _right_answers, _start, _token

ROLES = ("anonymous", "asha", "other_teacher", "teacher", "admin")


@pytest.fixture
def world(app, make_user):
    return World(app, make_user)


def _hand_made(world):
    """Two sets; Asha: best of 3 = 80 % on time, vocabulary 50 % late; Ravi: 40 % on time,
    vocabulary not tried. A retry and an attempt by someone outside the class do not count."""
    world.assign(due_at=at("2026-12-05 18:29"))
    world.assign(set_id=world.vocabulary, due_at=at("2026-12-06 18:29"))
    u, v = world.understanding, world.vocabulary
    world.attempt("asha", u, at("2026-12-01 10:00"), 6)
    world.attempt("asha", u, at("2026-12-02 10:00"), 8)
    world.attempt("asha", u, at("2026-12-07 10:00"), 7)  # late, but not the best
    first = world.attempt("ravi", u, at("2026-12-03 10:00"), 4)
    world.attempt("ravi", u, at("2026-12-03 10:10"), 6, 6, retry_of=first)  # a retry: 100 %
    world.attempt("asha", v, at("2026-12-08 10:00"), 5)  # late
    world.attempt("outsider", u, at("2026-12-01 10:00"), 10)


def test_gradebook_numbers(world, app):
    _hand_made(world)
    with app.app_context():
        book = books.gradebook(world.user("teacher"), world.class_id)
        assert [x.name for x in book.learners] == ["=Ravi Kumar", "आशा वर्मा"]
        columns = {c.set_id: c.assignment_id for c in book.columns}
        u, v = columns[world.understanding], columns[world.vocabulary]
        asha, ravi = world.asha.id, world.ravi.id
        assert book.cell(asha, u) == books.Cell(80.0, 3, False)
        assert book.cell(asha, v) == books.Cell(50.0, 1, True)
        assert book.cell(ravi, u) == books.Cell(40.0, 1, False)
        assert book.cell(ravi, v) == books.EMPTY
        assert book.row_averages == {asha: 65.0, ravi: 40.0}
        assert book.column_averages == {u: 60.0, v: 50.0}


def test_gradebook_page_is_an_accessible_table(world):
    _hand_made(world)
    html = (
        world.client("teacher")
        .get(f"/teach/classes/{world.class_id}/gradebook")
        .get_data(as_text=True)
    )
    assert "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "80.0%" in html and "3 attempts" in html and "⚠</span> late" in html
    assert "आशा वर्मा" in html and "65.0%" in html
    assert f"/teach/classes/{world.class_id}/learners/{world.asha.id}" in html


def test_csv_bytes(world, app):
    _hand_made(world)
    response = world.client("teacher").get(f"/teach/classes/{world.class_id}/gradebook.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="gradebook-class-7.csv"' in response.headers["Content-Disposition"]
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == (
        "Name,Username,"
        "बैठक को समझना — best %,बैठक को समझना — attempts,बैठक को समझना — late,"
        f"{_title(app, world.vocabulary)} — best %,{_title(app, world.vocabulary)} — attempts,"
        f"{_title(app, world.vocabulary)} — late,Average %"
    )
    assert lines[1] == "'=Ravi Kumar,ravi,40,1,,,0,,40"  # the formula neutralised
    assert lines[2] == "आशा वर्मा,asha,80,3,,50,1,late,65"
    assert lines[3].startswith("Average (of learners with a score),,60,,,50")
    # The API's CSV is the same file (a plain client: the checker reads JSON only).
    api = FlaskClient(app, use_cookies=False)
    same = api.get(
        f"/api/v1/classes/{world.class_id}/gradebook?format=csv", headers=world.bearer("teacher")
    )
    assert same.get_data() == data


def _title(app, set_id):
    with app.app_context():
        question_set = db.session.get(QuestionSet, set_id)
        return question_set.title_hi or question_set.title_en


def test_gradebook_json(world, app):
    _hand_made(world)
    client = app.test_client()
    body = client.get(
        f"/api/v1/classes/{world.class_id}/gradebook", headers=world.bearer("teacher")
    ).get_json()
    assert body["class"]["time_zone"] == "Asia/Kolkata"
    assert [x["username"] for x in body["learners"]] == ["ravi", "asha"]
    assert body["assignments"][0]["due_at"] == "2026-12-05T23:59:00+05:30"
    cells = {(c["learner_id"], c["assignment_id"]): c for c in body["cells"]}
    assert len(cells) == 3
    assert (
        client.get(
            f"/api/v1/classes/{world.class_id}/gradebook?format=xml",
            headers=world.bearer("teacher"),
        ).status_code
        == 400
    )


def test_teacher_sees_the_learners_answers_and_verdicts(world, app):
    world.assign(due_at=utcnow() + timedelta(days=2))
    learner = world.client("asha")
    attempt_id = _start(learner, world.understanding)
    token = _token(learner, f"/attempts/{attempt_id}")
    answers = _right_answers(app, attempt_id)
    first_qid = answers[0][0]
    # One answer given right (first question: a typed answer), the rest left out.
    qid, _qtype, value = answers[0]
    learner.post(
        f"/attempts/{attempt_id}/answers/{qid}",
        json={"answer": value},
        headers={"X-CSRFToken": token},
    )
    learner.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token})
    teacher = world.client("teacher")
    page = teacher.get(f"/teach/classes/{world.class_id}/learners/{world.asha.id}")
    assert page.status_code == 200
    assert f"/teach/classes/{world.class_id}/attempts/{attempt_id}" in page.get_data(as_text=True)
    html = teacher.get(f"/teach/classes/{world.class_id}/attempts/{attempt_id}").get_data(
        as_text=True
    )
    assert "आशा वर्मा" in html
    assert "Correct" in html and "Not answered" in html
    assert f"/teach/questions/{first_qid}/answers?set_id={world.understanding}" in html
    if isinstance(value, str):
        assert value in html
    # A teacher's change to a score shows beside the answer, with its note.
    with app.app_context():
        row = db.session.get(Answer, (attempt_id, qid))
        row.override_note, row.overridden_at = "Spelling is fine", utcnow()
        db.session.commit()
    html = teacher.get(f"/teach/classes/{world.class_id}/attempts/{attempt_id}").get_data(
        as_text=True
    )
    assert "A teacher changed this score: Spelling is fine" in html
    # The learner's own route stays theirs: the teacher gets a 404 there.
    assert teacher.get(f"/attempts/{attempt_id}/results").status_code == 404


# ---- Who may see what --------------------------------------------------------------------------


def _ids(world, app):
    """A class's ids and ids of things outside it: another class, its learner, an attempt."""
    assignment_id = world.assign()
    mine = world.attempt("asha", world.understanding, at("2026-12-01 10:00"), 5)
    theirs = world.attempt("outsider", world.understanding, at("2026-12-01 10:00"), 5)
    world.assign(class_id=world.other_class_id, as_="other_teacher")
    unassigned = world.attempt("asha", world.vocabulary, at("2026-12-01 10:00"), 5)
    return assignment_id, mine, theirs, unassigned


#: page → status by role (anonymous, learner, other teacher, owner, admin).
PAGE = {"anonymous": 302, "asha": 403, "other_teacher": 404, "teacher": 200, "admin": 200}
API = {"anonymous": 401, "asha": 403, "other_teacher": 404, "teacher": 200, "admin": 200}


def test_access_matrix_pages(world, app):
    assignment_id, mine, theirs, unassigned = _ids(world, app)
    c = f"/teach/classes/{world.class_id}"
    urls = [
        f"{c}/assignments",
        f"{c}/gradebook",
        f"{c}/gradebook.csv",
        f"{c}/learners/{world.asha.id}",
        f"{c}/attempts/{mine}",
    ]
    for role in ROLES:
        client = world.client(role)
        for url in urls:
            assert client.get(url).status_code == PAGE[role], (role, url)
        if role in ("anonymous", "asha"):
            continue
        token = _token(client, "/")
        edits = [
            (f"{c}/assignments/{assignment_id}/dates", {f"a{assignment_id}-due_at": ""}),
            (f"{c}/assignments/{assignment_id}/remove", {}),
        ]
        if role == "other_teacher":
            for url, data in edits:
                assert client.post(url, data={"csrf_token": token, **data}).status_code == 404
    # Whatever ids are tried, the owner gets a 404 for what is not in the class.
    owner = world.client("teacher")
    other = f"/teach/classes/{world.other_class_id}"
    for url in (
        f"{other}/assignments",
        f"{other}/gradebook",
        f"{other}/gradebook.csv",
        f"{other}/learners/{world.outsider.id}",
        f"{c}/learners/{world.outsider.id}",  # another class's learner
        f"{c}/learners/{world.teacher.id}",
        f"{c}/attempts/{theirs}",  # a learner not in the class
        f"{c}/attempts/{unassigned}",  # a set not assigned to the class
        f"{c}/attempts/999999",
        "/teach/classes/999999/gradebook",
    ):
        assert owner.get(url).status_code == 404, url
    token = _token(owner, "/")
    for_other = world.assign(set_id=world.vocabulary, class_id=world.other_class_id, as_="admin")
    assert (
        owner.post(f"{c}/assignments/{for_other}/remove", data={"csrf_token": token}).status_code
        == 404
    )
    assert (
        owner.post(
            f"{other}/assignments/{for_other}/remove", data={"csrf_token": token}
        ).status_code
        == 404
    )


def test_access_matrix_api(world, app):
    assignment_id, *_rest = _ids(world, app)
    client = app.test_client()
    c = f"/api/v1/classes/{world.class_id}"
    for role in ROLES:
        headers = world.bearer(role)
        assert client.get(f"{c}/assignments", headers=headers).status_code == API[role], role
        assert client.get(f"{c}/gradebook", headers=headers).status_code == API[role], role
        post = client.post(f"{c}/assignments", json={"question_set_id": world.vocabulary},
                           headers=headers)  # fmt: skip
        expected = {**API, "teacher": 201, "admin": 409}[role]  # the admin's comes second
        assert post.status_code == expected, (role, post.get_json())
        me = client.get("/api/v1/me/assignments", headers=headers)
        assert me.status_code == (401 if role == "anonymous" else 200)
    other = f"/api/v1/classes/{world.other_class_id}"
    teacher = world.bearer("teacher")
    assert client.get(f"{other}/gradebook", headers=teacher).status_code == 404
    assert client.delete(f"{other}/assignments/{assignment_id}", headers=teacher).status_code == 404
    assert client.delete(f"{c}/assignments/999999", headers=teacher).status_code == 404
    assert client.delete(f"{c}/assignments/{assignment_id}",
                         headers=world.bearer("other_teacher")).status_code == 404  # fmt: skip
    assert client.delete(f"{c}/assignments/{assignment_id}", headers=teacher).status_code == 204
    # What a learner sees is only their own classes'.
    outsider = client.get("/api/v1/me/assignments", headers=world.bearer("outsider")).get_json()
    assert {a["class"]["id"] for a in outsider["assignments"]} == {world.other_class_id}
