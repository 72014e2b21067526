"""The set builder's drag ordering: a question dragged to another place in the set keeps that
place once saved, and the ↑ ↓ buttons follow the new order."""

import re

from playwright.sync_api import expect

from quizapp.auth.models import User
from quizapp.authoring.services import copy_set
from quizapp.extensions import db
from quizapp.questions.models import QuestionSet
from tests.browser.test_question_editor import teacher  # noqa: F401  (the signed-in page)
from tests.conftest import make_app


def _copy_of_a_seeded_set(db_path) -> tuple[int, list[int]]:
    app = make_app(db_path)
    with app.app_context():
        user = db.session.query(User).filter_by(username="guru").one()
        source = db.session.query(QuestionSet).filter_by(title_en="Translation practice").one()
        copy = copy_set(user, source.id)
        ids = [item.question_id for item in copy.items]
        set_id = copy.id
        db.engine.dispose()
    return set_id, ids


def _stored_order(db_path, set_id: int) -> list[int]:
    app = make_app(db_path)
    with app.app_context():
        order = [item.question_id for item in db.session.get(QuestionSet, set_id).items]
        db.engine.dispose()
    return order


def test_a_dragged_question_keeps_its_place(live_server, teacher, db_path):  # noqa: F811
    page = teacher
    set_id, ids = _copy_of_a_seeded_set(db_path)
    page.goto(f"{live_server}/teach/sets/{set_id}")
    items = page.locator(".editor-chosen__item")
    expect(items).to_have_count(len(ids))
    items.nth(0).drag_to(items.nth(2))
    expect(page.locator("#order-note")).to_be_visible()
    shown = [int(v) for v in page.locator(".editor-chosen input[name=question_ids]").evaluate_all(
        "inputs => inputs.map(i => i.value)")]  # fmt: skip
    assert sorted(shown) == sorted(ids) and shown != ids
    first_up = items.nth(0).locator('button[value^="up-"]')
    expect(first_up).to_be_disabled()
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    assert re.search(rf"/teach/sets/{set_id}$", page.url)
    assert _stored_order(db_path, set_id) == shown
