"""A live lesson in the room: the teacher runs three questions on the projector while three
learners answer — one on a phone (in Hindi), one who joins after the first question closed,
one who loses the connection for a question — and the projector shows the right counts and
bars; both views are axe-clean."""

import re

import pytest
from playwright.sync_api import expect

from quizapp.classrooms.models import ClassMember, Classroom, LiveRun
from quizapp.core.grading import get_type
from quizapp.extensions import db
from quizapp.questions.models import Question, QuestionSet
from tests.browser.conftest import PHONE, run_axe, save_screenshot
from tests.conftest import make_app, sign_in

pytestmark = pytest.mark.slow

MAIN_IDEAS = "Main ideas and inference"  # its first three questions are mcq
TIMEOUT = 8_000


def _cookie(db_path, user) -> str:
    client = make_app(db_path).test_client()
    sign_in(client, user)
    client.get("/")
    return client.get_cookie("session").value


def _class(db_path, teacher, learners) -> tuple[int, int]:
    app = make_app(db_path)
    with app.app_context():
        classroom = Classroom(teacher_id=teacher.id, name="7B", join_code="BCDFGH")
        db.session.add(classroom)
        db.session.flush()
        for learner in learners:
            db.session.add(ClassMember(class_id=classroom.id, user_id=learner.id))
        db.session.commit()
        set_id = db.session.query(QuestionSet).filter_by(title_en=MAIN_IDEAS).one().id
        class_id = classroom.id
        db.engine.dispose()
    return class_id, set_id


def _key(db_path, run_id: int, index: int) -> int:
    """The canonical index of question ``index``'s right option (mcq)."""
    app = make_app(db_path)
    with app.app_context():
        question = db.session.get(Question, db.session.get(LiveRun, run_id).question_ids[index])
        key = get_type(question.type).correct_answer(question.spec)
        db.engine.dispose()
    return key


def _choose(page, option_index: int) -> None:
    page.locator(f"#live-answer input[name=answer][value='{option_index}']").check()


def _wait_for_question(page, index: int) -> None:
    """Until the phone shows question ``index`` open (the last one's form may still be there
    for a moment: a choice made on it would be swapped away)."""
    stage = page.locator(f"#live-stage[data-state=open][data-index='{index}']")
    expect(stage).to_be_visible(timeout=TIMEOUT)
    expect(stage.locator("#live-answer")).to_be_visible(timeout=TIMEOUT)


def _wrong(key: int) -> int:
    return 0 if key != 0 else 1


def test_a_live_lesson_in_the_room(live_server, context_factory, db_path, make_user):
    base = live_server
    teacher = make_user("guru", role="teacher")
    asha, ravi, late = make_user("asha"), make_user("ravi"), make_user("meera")
    class_id, set_id = _class(db_path, teacher, [asha, ravi, late])

    def browser_for(user, **options):
        context = context_factory(**options)
        context.add_cookies([{"name": "session", "value": _cookie(db_path, user), "url": base}])
        return context, context.new_page()

    _, projector = browser_for(teacher)
    projector.goto(f"{base}/teach/classes/{class_id}/live/new")
    projector.get_by_label("Question set").select_option(str(set_id))
    projector.get_by_role("button", name="Start and open the projector view").click()
    projector.wait_for_url(re.compile(r"/teach/live/\d+$"))
    run_id = int(projector.url.rsplit("/", 1)[1])
    expect(projector.locator(".live-join__code")).to_have_text("BCD-FGH")
    # The join code is at least a tenth of the screen's height.
    code_height = projector.locator(".live-join__code").evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize) / window.innerHeight"
    )
    assert code_height >= 0.1

    phone_context, phone = browser_for(asha, viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(f"{base}/language/hi?next=/live/{run_id}")
    flaky_context, flaky = browser_for(ravi)
    flaky.goto(f"{base}/live/{run_id}")
    expect(flaky.locator(".live-wait")).to_contain_text("Waiting for the teacher")
    expect(projector.locator("#live-players")).to_contain_text("ravi")

    # Question 1: two answer, one right and one wrong.
    projector.get_by_role("button", name="Open the first question").click()
    key = _key(db_path, run_id, 0)
    for learner in (phone, flaky):
        expect(learner.locator("#live-answer")).to_be_visible(timeout=TIMEOUT)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _choose(phone, key)
    expect(phone.locator("#live-saved")).to_have_attribute("data-status", "saved", timeout=TIMEOUT)
    assert phone.locator("html").get_attribute("lang") == "hi"
    save_screenshot(phone, "phone-hi")
    assert run_axe(phone) == []
    _choose(flaky, _wrong(key))
    expect(flaky.locator("#live-saved")).to_have_attribute("data-status", "saved", timeout=TIMEOUT)
    expect(projector.locator("#live-count")).to_have_text("2 of 2 answered", timeout=TIMEOUT)
    projector.get_by_role("button", name="Close and show the answers").click()
    right = projector.locator(".live-bar--right")
    expect(right).to_contain_text("1 answer", timeout=TIMEOUT)
    expect(right).to_contain_text("Right answer")
    expect(projector.locator(".live-bar")).to_have_count(4)
    save_screenshot(projector, "projector-en")
    assert run_axe(projector) == []
    expect(phone.locator(".live-result__verdict--right")).to_be_visible(timeout=TIMEOUT)
    expect(flaky.locator(".live-result__verdict--wrong")).to_be_visible(timeout=TIMEOUT)

    # A learner joins late: question 1 is "not attempted" for them, not wrong.
    _, latecomer = browser_for(late)
    latecomer.goto(f"{base}/live")  # the address the projector gives, for class members
    expect(latecomer.locator(".live-result__verdict")).to_contain_text("not attempted")

    # Question 2: Ravi's connection drops; his answer waits and arrives when it is back.
    projector.get_by_role("button", name="Open the next question").click()
    key = _key(db_path, run_id, 1)
    for learner in (phone, flaky, latecomer):
        _wait_for_question(learner, 1)
    flaky_context.set_offline(True)
    expect(flaky.locator("#live-offline")).to_be_visible(timeout=TIMEOUT)
    _choose(flaky, key)
    expect(flaky.locator("#live-saved")).to_have_attribute("data-status", "retry")
    _choose(phone, key)
    _choose(latecomer, _wrong(key))
    expect(projector.locator("#live-count")).to_have_text("2 of 3 answered", timeout=TIMEOUT)
    flaky_context.set_offline(False)
    expect(flaky.locator("#live-offline")).to_be_hidden(timeout=TIMEOUT)
    expect(flaky.locator("#live-saved")).to_have_attribute("data-status", "saved", timeout=TIMEOUT)
    expect(projector.locator("#live-count")).to_have_text("3 of 3 answered", timeout=TIMEOUT)
    projector.get_by_role("button", name="Close and show the answers").click()
    expect(projector.locator(".live-bar--right")).to_contain_text("2 answers", timeout=TIMEOUT)
    expect(latecomer.locator(".live-score")).to_contain_text("not counted", timeout=TIMEOUT)

    # Question 3 with the keyboard: everyone right; the teacher hides a name, then finishes.
    projector.get_by_role("button", name="Open the next question").focus()
    projector.keyboard.press("Enter")
    key = _key(db_path, run_id, 2)
    for learner in (phone, flaky, latecomer):
        _wait_for_question(learner, 2)
        _choose(learner, key)
        expect(learner.locator("#live-saved")).to_have_attribute(
            "data-status", "saved", timeout=TIMEOUT
        )
    expect(projector.locator("#live-count")).to_have_text("3 of 3 answered", timeout=TIMEOUT)
    projector.get_by_role("button", name="Close and show the answers").click()
    expect(projector.locator(".live-bar--right")).to_contain_text("3 answers", timeout=TIMEOUT)
    projector.get_by_role("button", name="Remove ravi from the projector").click()
    expect(projector.locator("#live-players")).not_to_contain_text("ravi", timeout=TIMEOUT)
    projector.get_by_role("button", name="Finish the lesson").click()
    expect(projector.locator(".live-status__where")).to_contain_text("finished", timeout=TIMEOUT)
    expect(phone.locator(".live-wait")).to_be_visible(timeout=TIMEOUT)
    expect(phone.locator(".live-score")).to_contain_text("3")
    phone_context.close()
