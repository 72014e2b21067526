"""Classes end to end: a teacher makes a class and gets a code, link and QR code; learners join
by code or link (a guest signs up first and lands in the class); codes are normalised as
typed and throttled so they cannot be guessed; archived classes refuse; a roster file makes
learner accounts with login slips whose passwords work, or is refused whole with its lines;
the same file twice changes nothing. And who may do what, page and API: anonymous, a learner,
another teacher, the owner and an admin, whatever ids are tried. API responses are checked
against the OpenAPI document (conftest)."""

import base64
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from quizapp.attempts.models import Attempt
from quizapp.auth.models import User
from quizapp.auth.services import issue_token
from quizapp.classrooms import services
from quizapp.classrooms.models import ClassMember, Classroom
from quizapp.core.join_code import ALPHABET, format_join_code
from quizapp.extensions import db
from quizapp.throttle import Limit
from tests.conftest import sign_in
from tests.functional.test_quiz_pages import _set_id, _start

API = "/api/v1"
ROSTERS = Path(__file__).parent.parent / "data" / "roster"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
CONTENT = re.compile(r'name="content" (?:type="hidden" )?value="([^"]+)"')
SLIP = re.compile(
    r'<dt>Username</dt><dd class="class-slip__secret" translate="no">([^<]+)</dd></div>\s*'
    r'<div><dt>Password</dt><dd class="class-slip__secret" translate="no">([^<]+)</dd>'
)


def _token(client, url: str = "/join") -> str:
    return TOKEN.search(client.get(url).get_data(as_text=True)).group(1)


def _client(app, user=None):
    client = app.test_client()
    if user is not None:
        sign_in(client, user)
    return client


def _bearer(app, user) -> dict:
    with app.app_context():
        return {"Authorization": f"Bearer {issue_token(user, 'test')}"}


def _new_class(app, teacher, name="Class 8 B") -> Classroom:
    with app.app_context():
        classroom = services.create_class(teacher, name)
        db.session.expunge(classroom)
        return classroom


def _members(app, class_id: int) -> list[int]:
    with app.app_context():
        return services.learner_ids(class_id)


def _users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


@pytest.fixture
def people(app, make_user):
    """A teacher who owns a class, another teacher, a learner, an admin."""
    return {
        "owner": make_user("guru", role="teacher"),
        "teacher": make_user("other-guru", role="teacher"),
        "learner": make_user("asha"),
        "admin": make_user("boss", role="admin"),
    }


# ---- Codes and joining (services) ----------------------------------------------------------


def test_codes_are_unique_and_a_clash_draws_another(app, people, monkeypatch):
    first = _new_class(app, people["owner"])
    codes = iter([first.join_code, first.join_code, "BCDFGH"])
    monkeypatch.setattr(services, "new_join_code", lambda: next(codes))
    second = _new_class(app, people["owner"], "Another")
    assert second.join_code == "BCDFGH" != first.join_code
    assert set(first.join_code) <= set(ALPHABET) and len(first.join_code) == 6


@pytest.mark.parametrize(
    "typed", [lambda c: c, str.lower, format_join_code, lambda c: " " + c[:3] + " - " + c[3:]]
)
def test_join_by_code_as_typed(app, people, typed):
    classroom = _new_class(app, people["owner"])
    with app.app_context():
        joined, now = services.join_class(people["learner"], typed(classroom.join_code))
        assert (joined.id, now) == (classroom.id, True)
        assert services.join_class(people["learner"], classroom.join_code)[1] is False
        assert services.learner_ids(classroom.id) == [people["learner"].id]


def test_look_alikes_are_read_as_the_letter(app, people, monkeypatch):
    monkeypatch.setattr(services, "new_join_code", lambda: "SZBGVX")
    classroom = _new_class(app, people["owner"])
    with app.app_context():
        assert services.join_class(people["learner"], "5-2-8-6-u-x")[0].id == classroom.id


def test_membership_helpers(app, people, make_user):
    classroom = _new_class(app, people["owner"])
    other = _new_class(app, people["teacher"], "Other class")
    outsider = make_user("ravi")
    with app.app_context():
        services.join_class(people["learner"], classroom.join_code)
        services.join_class(outsider, other.join_code)
        assert services.is_member(classroom.id, people["learner"].id)
        assert not services.is_member(classroom.id, outsider.id)
        assert [c.id for c in services.classes_of_learner(people["learner"].id)] == [classroom.id]
        assert services.learner_ids(classroom.id) == [people["learner"].id]
        assert services.teacher_can_see_learner(people["owner"], people["learner"].id)
        assert not services.teacher_can_see_learner(people["owner"], outsider.id)
        assert not services.teacher_can_see_learner(people["teacher"], people["learner"].id)
        assert services.teacher_can_see_learner(people["admin"], outsider.id)
        assert not services.teacher_can_see_learner(people["learner"], people["learner"].id)


def test_archived_class_refuses_joins_and_leaves_the_list(app, people):
    classroom = _new_class(app, people["owner"])
    bearer, code = _bearer(app, people["learner"]), classroom.join_code
    with app.app_context():
        services.set_archived(people["owner"], classroom.id, True)
        assert services.list_classes(people["owner"]) == []
        assert [s.classroom.id for s in services.list_classes(people["owner"], True)] == [
            classroom.id
        ]
    client = app.test_client()
    response = client.post(f"{API}/classes/join", json={"code": code}, headers=bearer)
    assert response.status_code == 409 and "archived" in response.json["message"]
    page = _client(app, people["learner"])
    response = page.post(f"/join/{classroom.join_code}", data={"csrf_token": _token(page)})
    assert response.status_code == 409 and "archived" in response.get_data(as_text=True)
    assert _members(app, classroom.id) == []
    with app.app_context():
        services.set_archived(people["owner"], classroom.id, False)
    response = client.post(f"{API}/classes/join", json={"code": code}, headers=bearer)
    assert response.status_code == 200


def test_teachers_cannot_join_as_learners(app, people):
    classroom = _new_class(app, people["teacher"])
    for role in ("owner", "admin"):
        bearer = _bearer(app, people[role])
        response = app.test_client().post(
            f"{API}/classes/join", json={"code": classroom.join_code}, headers=bearer
        )
        assert response.status_code == 403 and "cannot join" in response.json["message"]
    client = _client(app, people["owner"])
    data = {"csrf_token": _token(client), "code": classroom.join_code}
    response = client.post("/join", data=data)
    assert response.status_code == 302  # to the class's join page, which says why not
    page = client.get(response.location).get_data(as_text=True)
    assert "Teachers cannot join a class as learners" in page
    assert _members(app, classroom.id) == []


def test_wrong_codes_are_throttled_per_account_and_then_a_right_one_is_refused(
    app, people, make_user, monkeypatch
):
    monkeypatch.setattr(services, "JOIN_LIMIT_PER_ACCOUNT", Limit(3, 3600))
    classroom = _new_class(app, people["owner"])
    bearer, client = _bearer(app, people["learner"]), app.test_client()
    code = classroom.join_code
    for _ in range(3):
        response = client.post(f"{API}/classes/join", json={"code": "BBBBBB"}, headers=bearer)
        assert response.status_code == 404
        assert response.json["message"] == "No class has that code. Check it with your teacher."
    response = client.post(f"{API}/classes/join", json={"code": code}, headers=bearer)
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    # Not a code at all reveals nothing and is not counted (still a clear 404).
    response = client.post(f"{API}/classes/join", json={"code": "HELLO0"}, headers=bearer)
    assert response.status_code == 404 and "not a class code" in response.json["message"]
    # The page is no way round it.
    page = _client(app, people["learner"])
    response = page.get(f"/join/{classroom.join_code}")
    assert response.status_code == 429 and "Too many class codes" in response.get_data(as_text=True)
    assert _members(app, classroom.id) == []
    # Another learner at the same school address is not held up.
    other = make_user("ravi")
    response = client.post(
        f"{API}/classes/join", json={"code": classroom.join_code}, headers=_bearer(app, other)
    )
    assert response.status_code == 200


def test_the_address_cap_is_a_second_line(app, people, make_user, monkeypatch):
    monkeypatch.setattr(services, "JOIN_LIMIT_PER_ADDRESS", Limit(2, 3600))
    classroom = _new_class(app, people["owner"])
    client = app.test_client()
    for name in ("ravi", "meena"):
        bearer = _bearer(app, make_user(name))
        response = client.post(f"{API}/classes/join", json={"code": "BBBBBB"}, headers=bearer)
        assert response.status_code == 404
    response = client.get(f"/join/{classroom.join_code}")  # a guest, same address
    assert response.status_code == 429


# ---- Pages ---------------------------------------------------------------------------------


def test_teacher_makes_a_class_and_sees_code_link_and_qr(app, people):
    client = _client(app, people["owner"])
    token = _token(client, "/teach/classes")
    response = client.post(
        "/teach/classes",
        data={"csrf_token": token, "name": "  कक्षा 8 ब  ", "time_zone": "Asia/Kolkata"},
    )
    assert response.status_code == 302
    class_id = int(response.location.rsplit("/", 1)[1])
    page = client.get(response.location).get_data(as_text=True)
    with app.app_context():
        classroom = db.session.get(Classroom, class_id)
        assert (classroom.name, classroom.teacher_id) == ("कक्षा 8 ब", people["owner"].id)
        code = classroom.join_code
    assert format_join_code(code) in page
    assert f"http://localhost/join/{format_join_code(code)}" in page
    assert '<svg aria-hidden="true" focusable="false" viewBox=' in page
    assert "QR code of the join link" in page
    listing = client.get("/teach/classes").get_data(as_text=True)
    assert "कक्षा 8 ब" in listing and format_join_code(code) in listing


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "time_zone": "Asia/Kolkata"},
        {"name": "x" * 121, "time_zone": "Asia/Kolkata"},
        {"name": "A", "time_zone": "Mars/Olympus"},
    ],
)
def test_bad_class_forms_are_refused(app, people, data):
    client = _client(app, people["owner"])
    response = client.post("/teach/classes", data={"csrf_token": _token(client), **data})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Classroom)) == 0


def test_rename_change_zone_archive_and_remove_a_learner(app, people):
    classroom = _new_class(app, people["owner"])
    with app.app_context():
        services.join_class(people["learner"], classroom.join_code)
    client = _client(app, people["owner"])
    base = f"/teach/classes/{classroom.id}"
    token = _token(client, base)
    response = client.post(
        f"{base}/edit", data={"csrf_token": token, "name": "8 B", "time_zone": "Europe/London"}
    )
    assert response.status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "asha" in page
    for link in ("/assignments", "/gradebook", "/live/new"):  # the class's other pages
        assert f'href="{base}{link}"' in page
        assert client.get(base + link).status_code == 200
    response = client.post(
        f"{base}/members/{people['learner'].id}/remove", data={"csrf_token": token}
    )
    assert response.status_code == 302
    assert _members(app, classroom.id) == []
    response = client.post(
        f"{base}/members/{people['learner'].id}/remove", data={"csrf_token": token}
    )
    assert response.status_code == 404
    assert client.post(f"{base}/archive", data={"csrf_token": token}).status_code == 302
    with app.app_context():
        stored = db.session.get(Classroom, classroom.id)
        assert (stored.name, stored.time_zone) == ("8 B", "Europe/London")
        assert stored.archived_at is not None
    listing = client.get("/teach/classes").get_data(as_text=True)
    assert ">8 B</a></td>" not in listing and ">8 B</a>" in listing.split("Archived classes")[1]
    client.post(f"{base}/archive", data={"csrf_token": token, "restore": "1"})
    with app.app_context():
        assert db.session.get(Classroom, classroom.id).archived_at is None


def test_learner_joins_by_link_and_by_typing_the_code(app, people, make_user):
    classroom = _new_class(app, people["owner"], "Hindi 7A")
    client = _client(app, people["learner"])
    page = client.get(f"/join/{format_join_code(classroom.join_code).lower()}")
    assert page.status_code == 200 and "Hindi 7A" in page.get_data(as_text=True)
    assert _members(app, classroom.id) == []  # seeing is not joining
    response = client.post(f"/join/{classroom.join_code}", data={"csrf_token": _token(client)})
    assert response.status_code == 302 and response.location == "/classes"
    mine = client.get("/classes").get_data(as_text=True)
    assert "Hindi 7A" in mine and "You are in the class Hindi 7A." in mine
    assert "You are in this class." in client.get(f"/join/{classroom.join_code}").get_data(True)

    other = _client(app, make_user("ravi"))
    typed = format_join_code(classroom.join_code).lower()
    response = other.post("/join", data={"csrf_token": _token(other), "code": typed})
    assert response.status_code == 302 and response.location == "/classes"
    assert len(_members(app, classroom.id)) == 2
    response = other.post("/join", data={"csrf_token": _token(other), "code": "BBB-BBB"})
    assert response.status_code == 404
    assert "No class has that code" in response.get_data(as_text=True)
    response = other.post("/join", data={"csrf_token": _token(other), "code": "hello"})
    assert response.status_code == 404 and "not a class code" in response.get_data(as_text=True)


def test_a_guest_signs_up_and_lands_in_the_class(app, people):
    classroom = _new_class(app, people["owner"], "Hindi 7A")
    guest = app.test_client()
    attempt_id = _start(guest, _set_id(app))  # practice before having an account
    page = guest.get(f"/join/{classroom.join_code}").get_data(as_text=True)
    assert "Hindi 7A" in page and "Sign up and join" in page
    response = guest.post(
        f"/join/{classroom.join_code}", data={"csrf_token": _token(guest), "then": "signup"}
    )
    assert response.status_code == 302 and response.location.startswith("/signup")
    assert _members(app, classroom.id) == []
    response = guest.post(
        "/signup",
        data={
            "csrf_token": _token(guest, "/signup"),
            "username": "meena",
            "password": "blue kite river 7",
            "confirm": "blue kite river 7",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        meena = db.session.scalar(select(User).where(User.username == "meena"))
        assert services.learner_ids(classroom.id) == [meena.id]
        assert db.session.get(Attempt, attempt_id).user_id == meena.id  # kept what they did
    assert "Hindi 7A" in guest.get("/classes").get_data(as_text=True)


def test_a_guest_signs_in_and_lands_in_the_class(app, people):
    classroom = _new_class(app, people["owner"])
    guest = app.test_client()
    response = guest.post(
        f"/join/{classroom.join_code}", data={"csrf_token": _token(guest), "then": "login"}
    )
    assert response.status_code == 302 and response.location.startswith("/login?next=")
    response = guest.post(
        "/login",
        data={"csrf_token": _token(guest, "/login"), "username": "asha",
              "password": "correct horse 1", "next": "/classes"},
    )  # fmt: skip
    assert response.status_code == 302 and response.location == "/classes"
    assert _members(app, classroom.id) == [people["learner"].id]


def test_unknown_join_link_is_a_404_with_the_form(app):
    response = app.test_client().get("/join/BBB-BBB")
    assert response.status_code == 404
    assert 'name="code"' in response.get_data(as_text=True)


# ---- Roster import -------------------------------------------------------------------------


def _upload(client, class_id: int, data: bytes, name="roster.csv"):
    url = f"/teach/classes/{class_id}/roster"
    return client.post(
        url,
        data={"csrf_token": _token(client, url), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _confirm(client, class_id: int, preview_page: str):
    content = CONTENT.search(preview_page).group(1)
    url = f"/teach/classes/{class_id}/roster/confirm"
    return client.post(url, data={"csrf_token": _token(client, f"/teach/classes/{class_id}/roster"),
                                  "content": content})  # fmt: skip


def test_roster_moodle_header_bom_semicolon_makes_accounts_and_slips_that_work(app, people):
    classroom = _new_class(app, people["owner"])
    client = _client(app, people["owner"])
    data = (ROSTERS / "moodle_bom_semicolon.csv").read_bytes()
    users_before = _users(app)
    preview = _upload(client, classroom.id, data)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "अनीता शर्मा" in page and "anita.s" in page and "New account" in page
    assert "ravi.kumar" in page and "ravi.kumar2" in page  # two learners of one name
    assert _users(app) == users_before and _members(app, classroom.id) == []  # nothing yet
    assert "-" not in "".join(re.findall(r"class-slip__secret[^>]*>([^<]+)", page))

    response = _confirm(client, classroom.id, page)
    slips_page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    slips = dict(SLIP.findall(slips_page))
    assert set(slips) == {"anita.s", "ravi.kumar", "ravi.kumar2", "priya.nair", "mohammed.dsouza"}
    assert format_join_code(classroom.join_code) in slips_page and "http://localhost/" in slips_page
    assert "js/classrooms.js" in slips_page
    with app.app_context():
        anita = db.session.scalar(select(User).where(User.username == "anita.s"))
        assert anita.display_name == "अनीता शर्मा" and anita.role == "learner"
        assert anita.password_hash.startswith("$argon2id$")
        assert slips["anita.s"] not in anita.password_hash
    assert len(_members(app, classroom.id)) == 5
    # Each slip's password signs its learner in.
    for username in ("anita.s", "ravi.kumar2"):
        learner = app.test_client()
        response = learner.post(
            "/login",
            data={"csrf_token": _token(learner, "/login"), "username": username,
                  "password": slips[username]},
        )  # fmt: skip
        assert response.status_code == 302, username
    # The passwords are shown once: the class page never shows them.
    assert slips["anita.s"] not in client.get(f"/teach/classes/{classroom.id}").get_data(True)

    # The same file again changes nothing.
    users_after = _users(app)
    again = _upload(client, classroom.id, data).get_data(as_text=True)
    assert again.count("Already in the class") >= 5 and "New account<" not in again
    response = _confirm(client, classroom.id, again)
    assert response.status_code == 200 and not SLIP.findall(response.get_data(as_text=True))
    assert _users(app) == users_after and len(_members(app, classroom.id)) == 5


def test_roster_plain_devanagari_names(app, people):
    classroom = _new_class(app, people["owner"])
    client = _client(app, people["owner"])
    page = _upload(client, classroom.id, (ROSTERS / "names_devanagari.csv").read_bytes())
    response = _confirm(client, classroom.id, page.get_data(as_text=True))
    slips = dict(SLIP.findall(response.get_data(as_text=True)))
    assert {"anita.sharma", "ravi.kumar", "ravi.kumar2", "priya.nair"} <= set(slips)
    with app.app_context():
        names = {u.username: u.display_name for u in db.session.scalars(select(User))}
    assert names["ravi.kumar"] == names["ravi.kumar2"] == "रवि कुमार"


def test_a_bad_roster_is_rejected_whole_with_its_lines(app, people):
    classroom = _new_class(app, people["owner"])
    client = _client(app, people["owner"])
    users = _users(app)
    response = _upload(client, classroom.id, (ROSTERS / "bad_several_errors.csv").read_bytes())
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nothing was imported" in page
    for line in (3, 4, 5, 6, 7):
        assert f"Line {line}" in page
    assert "“meena-at-example.org” does not look like an email address." in page
    assert "The username “bad name” cannot be used" in page
    assert 'name="content"' not in page  # no confirm
    response = _upload(client, classroom.id, (ROSTERS / "latin1.csv").read_bytes())
    assert response.status_code == 422 and "Line 2" in response.get_data(as_text=True)
    assert _users(app) == users and _members(app, classroom.id) == []
    # A confirm forged with a bad file is refused the same way.
    forged = base64.b64encode((ROSTERS / "bad_several_errors.csv").read_bytes()).decode()
    response = _confirm(client, classroom.id, f'name="content" value="{forged}"')
    assert response.status_code == 422 and _users(app) == users


def test_roster_never_pulls_in_an_account_outside_the_class(app, people, make_user):
    classroom = _new_class(app, people["owner"])
    make_user("anita.sharma")  # an account of someone else: generated names avoid it
    client = _client(app, people["owner"])
    users = _users(app)
    # asha is a learner of someone else's: naming her would let this teacher see her work.
    roster = b"username,firstname,lastname\nasha,Asha,Verma\n,Anita,Sharma\n"
    response = _upload(client, classroom.id, roster)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Line 2" in page and "join code" in page
    assert _users(app) == users and _members(app, classroom.id) == []
    # Without her the file imports, the generated name avoiding the existing account.
    page = _upload(client, classroom.id, b"firstname,lastname\nAnita,Sharma\n").get_data(True)
    assert "anita.sharma2" in page
    slips = dict(SLIP.findall(_confirm(client, classroom.id, page).get_data(as_text=True)))
    assert set(slips) == {"anita.sharma2"}
    assert people["learner"].id not in _members(app, classroom.id)
    # A teacher's username is not a learner to add: the whole file is refused.
    roster = b"username,firstname\nother-guru,Someone\n,New Person\n"
    response = _upload(client, classroom.id, roster)
    assert response.status_code == 422 and "Line 2" in response.get_data(as_text=True)


def test_roster_upload_without_a_file_or_too_big(app, people):
    classroom = _new_class(app, people["owner"])
    client = _client(app, people["owner"])
    url = f"/teach/classes/{classroom.id}/roster"
    assert client.post(url, data={"csrf_token": _token(client, url)}).status_code == 400
    assert _upload(client, classroom.id, b"a\n" * 200_000).status_code == 400
    bad = client.post(f"{url}/confirm", data={"csrf_token": _token(client, url), "content": "%%%"})
    assert bad.status_code == 400


# ---- API -----------------------------------------------------------------------------------


def test_api_create_list_get_join_remove(app, people):
    client = app.test_client()
    owner, learner = _bearer(app, people["owner"]), _bearer(app, people["learner"])
    response = client.post(f"{API}/classes", json={"name": "7 A"}, headers=owner)
    assert response.status_code == 201
    body = response.json
    assert body["time_zone"] == "Asia/Kolkata" and body["learners"] == 0
    assert body["join_url"].endswith("/join/" + format_join_code(body["join_code"]))
    response = client.post(
        f"{API}/classes", json={"name": "7 B", "time_zone": "Mars/Olympus"}, headers=owner
    )
    assert response.status_code == 400 and "time zone" in response.json["message"]
    assert client.post(f"{API}/classes", json={"name": " "}, headers=owner).status_code == 400
    assert client.post(f"{API}/classes", json={"name": 7}, headers=owner).status_code == 400

    code = format_join_code(body["join_code"]).lower()
    response = client.post(f"{API}/classes/join", json={"code": code}, headers=learner)
    assert response.json == {"id": body["id"], "name": "7 A", "joined": True}
    response = client.post(f"{API}/classes/join", json={"code": code}, headers=learner)
    assert response.json["joined"] is False

    listed = client.get(f"{API}/classes", headers=owner).json["classes"]
    assert [(c["id"], c["learners"]) for c in listed] == [(body["id"], 1)]
    mine = client.get(f"{API}/classes", headers=learner).json["classes"]
    assert mine == [{"id": body["id"], "name": "7 A", "time_zone": "Asia/Kolkata",
                     "archived": False}]  # fmt: skip
    detail = client.get(f"{API}/classes/{body['id']}", headers=owner).json
    assert [m["username"] for m in detail["members"]] == ["asha"]
    seen = client.get(f"{API}/classes/{body['id']}", headers=learner).json
    assert "members" not in seen and "join_code" not in seen

    url = f"{API}/classes/{body['id']}/members/{people['learner'].id}"
    assert client.delete(url, headers=owner).status_code == 204
    assert client.delete(url, headers=owner).status_code == 404
    assert client.get(f"{API}/classes/{body['id']}", headers=learner).status_code == 404


ROLES = ("anonymous", "learner", "teacher", "owner", "admin")


@pytest.fixture
def world(app, people):
    """The owner's class with the learner in it; a client and a bearer for each role."""
    classroom = _new_class(app, people["owner"])
    with app.app_context():
        services.join_class(people["learner"], classroom.join_code)
    clients = {"anonymous": app.test_client()}
    bearers = {"anonymous": {}}
    for role in ROLES[1:]:
        clients[role] = _client(app, people[role])
        bearers[role] = _bearer(app, people[role])
    return classroom, clients, bearers


#: Page routes: (method, url template, expected by role). Writes carry a CSRF token.
PAGES = [
    ("GET", "/teach/classes", {"anonymous": 302, "learner": 403, "teacher": 200, "owner": 200,
                               "admin": 200}),
    ("GET", "/teach/classes/{id}", {"anonymous": 302, "learner": 403, "teacher": 404,
                                    "owner": 200, "admin": 200}),
    ("GET", "/teach/classes/{id}/roster", {"anonymous": 302, "learner": 403, "teacher": 404,
                                           "owner": 200, "admin": 200}),
    ("POST", "/teach/classes/{id}/roster", {"anonymous": 302, "learner": 403, "teacher": 404,
                                            "owner": 400, "admin": 400}),
    ("POST", "/teach/classes/{id}/roster/confirm", {"anonymous": 302, "learner": 403,
                                                    "teacher": 404, "owner": 400, "admin": 400}),
    ("POST", "/teach/classes/{id}/edit", {"anonymous": 302, "learner": 403, "teacher": 404,
                                          "owner": 400, "admin": 400}),
    ("POST", "/teach/classes/{id}/archive", {"anonymous": 302, "learner": 403, "teacher": 404,
                                             "owner": 302, "admin": 302}),
    ("POST", "/teach/classes/{id}/members/{learner}/remove", {"anonymous": 302, "learner": 403,
                                                              "teacher": 404, "owner": 302,
                                                              "admin": 302}),
    ("GET", "/classes", {"anonymous": 302, "learner": 200, "teacher": 200, "owner": 200,
                         "admin": 200}),
    ("GET", "/join", dict.fromkeys(ROLES, 200)),
    ("GET", "/join/{code}", dict.fromkeys(ROLES, 200)),
]  # fmt: skip
#: API operations: (method, url template, expected by role).
APIS = [
    ("GET", "/classes", {"anonymous": 401, "learner": 200, "teacher": 200, "owner": 200,
                         "admin": 200}),
    ("GET", "/classes/{id}", {"anonymous": 401, "learner": 200, "teacher": 404, "owner": 200,
                              "admin": 200}),
    ("POST", "/classes", {"anonymous": 401, "learner": 403, "teacher": 400, "owner": 400,
                          "admin": 400}),
    ("POST", "/classes/join", {"anonymous": 401, "learner": 400, "teacher": 400, "owner": 400,
                               "admin": 400}),
    ("DELETE", "/classes/{id}/members/{learner}", {"anonymous": 401, "learner": 403,
                                                   "teacher": 404, "owner": 204, "admin": 204}),
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix_pages_and_api(app, people, world, role):
    classroom, clients, bearers = world
    values = {"id": classroom.id, "code": classroom.join_code, "learner": people["learner"].id}
    client = clients[role]
    token = _token(client)
    got, expected = {}, {}
    for method, template, table in PAGES:
        url = template.format(**values)
        data = {"csrf_token": token} if method == "POST" else None
        got[(method, url)] = client.open(url, method=method, data=data).status_code
        expected[(method, url)] = table[role]
    with app.app_context():  # as it was, if the pages archived it and took the learner out
        services.set_archived(people["owner"], classroom.id, False)
        services.join_class(people["learner"], classroom.join_code)
    for method, template, table in APIS:
        url = API + template.format(**values)
        body = {"answer": 1} if method == "POST" else None
        got[(method, url)] = client.open(url, method=method, json=body,
                                         headers=bearers[role]).status_code  # fmt: skip
        expected[(method, url)] = table[role]
    wrong = {key: (got[key], expected[key]) for key in got if got[key] != expected[key]}
    assert not wrong, f"{role}: (got, expected) {wrong}"


@pytest.mark.parametrize("class_id", [0, 2, 999_999, 2**31 - 1])
def test_other_ids_are_404_for_the_owner_too(app, people, world, class_id):
    _classroom, clients, bearers = world
    owner = clients["owner"]
    assert owner.get(f"/teach/classes/{class_id}").status_code == 404
    assert owner.get(f"/teach/classes/{class_id}/roster").status_code == 404
    response = app.test_client().get(f"{API}/classes/{class_id}", headers=bearers["owner"])
    assert response.status_code == 404
    assert owner.get(f"/teach/classes/{2**31}").status_code == 404  # past an id: no route


def test_a_second_class_of_another_teacher_is_404_whatever_is_tried(app, people, world):
    _classroom, clients, bearers = world
    theirs = _new_class(app, people["teacher"], "Theirs")
    owner, token = clients["owner"], _token(clients["owner"])
    base = f"/teach/classes/{theirs.id}"
    assert owner.get(base).status_code == 404
    assert owner.post(f"{base}/archive", data={"csrf_token": token}).status_code == 404
    assert (
        owner.post(
            f"{base}/members/{people['learner'].id}/remove", data={"csrf_token": token}
        ).status_code
        == 404
    )
    response = app.test_client().delete(
        f"{API}/classes/{theirs.id}/members/{people['learner'].id}", headers=bearers["owner"]
    )
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Classroom, theirs.id).archived_at is None
        assert db.session.scalar(select(func.count()).select_from(ClassMember)) == 1
