"""Assignments and the gradebook in the browser: a teacher assigns a set with a due date, a
learner finds it on the home page under "Assigned to you", takes and submits it, and the
teacher's gradebook shows the score and opens the learner's answers with their verdicts. Each
page axe-clean; screenshots in English and Hindi."""

import re

from playwright.sync_api import expect

from quizapp.auth.models import User
from quizapp.classrooms.models import ClassMember, Classroom
from quizapp.extensions import db
from tests.browser.conftest import run_axe, save_screenshot
from tests.browser.quiz_helpers import (
    answer,
    right_answers,
    set_id_of,
    submit_from_quiz,
    wait_for_quiz,
)
from tests.conftest import make_app, sign_in

VOCABULARY = "Vocabulary warm-up"


def _class(db_path, teacher, learner) -> int:
    app = make_app(db_path)
    with app.app_context():
        db.session.get(User, learner.id).display_name = "आशा वर्मा"
        classroom = Classroom(
            teacher_id=teacher.id, name="कक्षा 7 · Class 7", join_code="BCDFGH",
            time_zone="Asia/Kolkata",
        )  # fmt: skip
        db.session.add(classroom)
        db.session.flush()
        db.session.add(ClassMember(class_id=classroom.id, user_id=learner.id))
        db.session.commit()
        class_id = classroom.id
        db.engine.dispose()
    return class_id


def _signed_in(context_factory, db_path, user, base):
    client = make_app(db_path).test_client()
    sign_in(client, user)
    client.get("/")
    context = context_factory()
    context.add_cookies([{"name": "session", "value": client.get_cookie("session").value,
                          "url": base}])  # fmt: skip
    return context.new_page()


def _hindi(page, base) -> None:
    path = re.sub(r"^https?://[^/]+", "", page.url)
    page.goto(f"{base}/language/hi?next={path}")
    expect(page.locator("html")).to_have_attribute("lang", "hi")


def _english(page, base) -> None:
    path = re.sub(r"^https?://[^/]+", "", page.url)
    page.goto(f"{base}/language/en?next={path}")


def test_assign_take_and_grade(live_server, context_factory, db_path, make_user):
    base = live_server
    teacher = make_user("ms-rao", role="teacher")
    learner = make_user("asha")
    class_id = _class(db_path, teacher, learner)
    set_id = set_id_of(db_path, VOCABULARY)

    # The teacher assigns the set with a due date (the class's wall clock).
    desk = _signed_in(context_factory, db_path, teacher, base)
    desk.goto(f"{base}/teach/classes/{class_id}/assignments")
    desk.get_by_label("Question set", exact=True).select_option(value=str(set_id))
    desk.get_by_label("Due (Asia/Kolkata time)").first.fill("2030-12-05T23:59")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Assign", exact=True).click()
    expect(desk.locator(".teach-notice--ok")).to_have_text("Assigned.")
    expect(desk.locator("table.teach-table tbody tr")).to_have_count(1)
    assert run_axe(desk) == []
    save_screenshot(desk, "assignments-en")

    # The learner sees it on the home page and takes it from there.
    phone = _signed_in(context_factory, db_path, learner, base)
    phone.goto(base + "/")
    section = phone.get_by_role("region", name="Assigned to you")
    expect(section).to_contain_text("Due 2030-12-05 23:59 (Asia/Kolkata time)")
    expect(section.locator(".assigned__status")).to_have_text("To do")
    assert run_axe(phone) == []
    save_screenshot(phone, "assigned-home-en", full_page=False)
    _hindi(phone, base)
    expect(phone.get_by_role("region").first).to_be_visible()
    save_screenshot(phone, "assigned-home-hi", full_page=False)
    _english(phone, base)
    with phone.expect_navigation():
        phone.get_by_role("region", name="Assigned to you").get_by_role(
            "button", name="Start"
        ).click()
    phone.wait_for_url(re.compile(r"/attempts/\d+$"))
    wait_for_quiz(phone)
    attempt = int(re.search(r"/attempts/(\d+)", phone.url).group(1))
    for qid, qtype, value in right_answers(db_path, attempt):
        answer(phone, qid, qtype, value)
    submit_from_quiz(phone)
    phone.goto(base + "/")
    expect(phone.locator(".assigned__status")).to_have_text("Done")

    # The teacher's gradebook shows the score; the learner's row opens their answers.
    desk.goto(f"{base}/teach/classes/{class_id}/gradebook")
    table = desk.get_by_role("table")
    expect(table).to_contain_text("100.0%")
    expect(table).to_contain_text("1 attempt")
    assert run_axe(desk) == []
    save_screenshot(desk, "gradebook-en")
    _hindi(desk, base)
    expect(desk.get_by_role("table")).to_contain_text("आशा वर्मा")
    save_screenshot(desk, "gradebook-hi")
    _english(desk, base)
    with desk.expect_navigation():
        desk.get_by_role("link", name="आशा वर्मा").click()
    assert run_axe(desk) == []
    with desk.expect_navigation():
        desk.get_by_role("link", name="Open the answers").click()
    expect(desk.locator(".verdict").first).to_have_text("Correct")
    expect(desk.locator(".verdict--wrong")).to_have_count(0)
    expect(desk.locator(".result__answer--given").first).to_be_visible()
    assert run_axe(desk) == []
    save_screenshot(desk, "teacher-attempt-en", full_page=False)
    _hindi(desk, base)
    save_screenshot(desk, "teacher-attempt-hi", full_page=False)
