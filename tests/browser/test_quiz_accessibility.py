"""axe-core finds no violations on the quiz pages: set page, quiz (all at once, one at a time,
the passage dialog open, an error shown, without the script), submit and results, in both
interface languages; and screenshots of them for people to look at."""

import json

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, run_axe, save_screenshot
from tests.browser.quiz_helpers import (
    UNDERSTANDING,
    answer,
    configure_set,
    expect_saved,
    right_answers,
    set_id_of,
    start_set,
    submit_from_quiz,
)
from tests.browser.reader_helpers import READER

DEVICES = {
    "desktop": {"viewport": DESKTOP},
    "wide": {"viewport": {"width": 1920, "height": 1080}},
    "phone": {"viewport": PHONE, "has_touch": True, "is_mobile": True},
}


def use_language(page, base: str, code: str) -> None:
    page.goto(f"{base}/language/{code}?next=/")
    expect(page.locator("html")).to_have_attribute("lang", code)


def report(violations) -> str:
    return json.dumps(violations, ensure_ascii=False, indent=1)


def settle(page) -> None:
    """Fonts in and nothing wider than the screen."""
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.status)") == "loaded"
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "page wider than screen"


def _answer_some(page, db_path, attempt, right: int, wrong: int):
    """Answer ``right`` questions right and the next ``wrong`` ones wrong (typed nonsense or
    the first option), leaving the rest unanswered, so results show every verdict.

    Every answer is given, then every one is waited for until saved: waiting after each typed
    answer for its 0.6 s debounce took half of each of these tests' time.
    """
    answers = right_answers(db_path, attempt)
    given = answers[:right] + [
        (qid, qtype, WRONG.get(qtype, lambda v: v)(value))
        for qid, qtype, value in answers[right : right + wrong]
    ]
    for qid, qtype, value in given:
        answer(page, qid, qtype, value)
    for qid, _qtype, _value in given:
        expect_saved(page, qid)


#: A wrong answer for the types where one is easy to make (others keep the right one).
WRONG = {
    "mcq": lambda v: (v + 1) % 2,
    "true_false": lambda v: not v,
    "numeric": lambda v: f"{float(v) + 1:g}",
    "short_answer": lambda v: "xyz",
}


@pytest.mark.parametrize("language", ["en", "hi"])
def test_quiz_pages_have_no_axe_violations(live_server, context_factory, db_path, language):
    page = context_factory().new_page()
    use_language(page, live_server, language)
    set_id = set_id_of(db_path, UNDERSTANDING)
    found = {}

    def check(name):
        violations = run_axe(page)
        if violations:
            found[name] = violations

    page.goto(f"{live_server}/sets/{set_id}")
    check("set page")
    attempt = start_set(page, live_server, set_id)
    check("quiz, all questions")
    _answer_some(page, db_path, attempt, right=8, wrong=4)
    page.locator("section.q").last.locator("label.seg:has(input[value=en])").click()
    check("quiz, answered, language switched")
    numeric = next(q for q, t, _v in right_answers(db_path, attempt)[12:] if t == "numeric")
    page.locator(f"#q-{numeric} input[name=answer]").fill("many")
    expect(page.locator(f"#q-{numeric} .q__error")).to_be_visible()
    check("quiz, an error shown")
    page.locator(f"#q-{numeric} input[name=answer]").fill("")
    page.locator("#view-switch label.seg:has(input[value=one])").click()
    check("quiz, one at a time")
    page.goto(f"{live_server}/attempts/{attempt}/submit")
    check("submit page")
    submit_from_quiz_page(page)
    check("results")
    page.goto(live_server + "/")
    check("home with best score")
    page.goto(live_server + READER)
    expect(page.locator("#reader-quizzes .set-card").first).to_be_visible()
    check("reader with its quizzes")
    assert found == {}, report(found)


def test_quiz_on_a_phone_has_no_axe_violations(live_server, context_factory, db_path):
    page = context_factory(**DEVICES["phone"]).new_page()
    start_set(page, live_server, set_id_of(db_path, UNDERSTANDING))
    violations = run_axe(page)
    assert violations == [], report(violations)
    page.locator("#ctx-open").tap()
    expect(page.locator("#ctx-dialog")).to_be_visible()
    violations = run_axe(page)
    assert violations == [], report(violations)


def test_quiz_without_its_script_has_no_axe_violations(live_server, context_factory, db_path):
    context = context_factory()
    context.route("**/static/js/quiz.js", lambda route: route.abort())
    page = context.new_page()
    set_id = configure_set(db_path, UNDERSTANDING, time_limit_minutes=30)
    page.goto(f"{live_server}/sets/{set_id}")
    page.locator("form.start-form button").click()
    page.wait_for_url(f"{live_server}/attempts/*")
    expect(page.locator(".q__save").first).to_be_visible()
    expect(page.locator("#timer")).to_be_visible()
    violations = run_axe(page)
    assert violations == [], report(violations)
    # Without JavaScript a Save button posts the question's form and comes back to it.
    mcq = page.locator('section.q[data-type="mcq"]').first
    qid = mcq.get_attribute("data-qid")
    mcq.locator("input[name=answer]").first.check()
    mcq.locator(".q__save").click()
    page.wait_for_url(f"**/attempts/*#q-{qid}")
    expect(page.locator(f"#q-{qid} .q__status")).to_have_text("Saved")
    expect(page.locator(f"#q-{qid} input[name=answer]").first).to_be_checked()


@pytest.mark.parametrize("language", ["en", "hi"])
def test_screenshots_quiz_and_results(live_server, context_factory, db_path, language):
    set_id = set_id_of(db_path, UNDERSTANDING)
    for device in ("phone", "desktop", "wide"):
        page = context_factory(**DEVICES[device]).new_page()
        use_language(page, live_server, language)
        attempt = start_set(page, live_server, set_id)
        page.locator("#view-switch label.seg:has(input[value=all])").click()
        _answer_some(page, db_path, attempt, right=10, wrong=4)
        page.evaluate("window.scrollTo(0, 0)")
        if device == "phone":
            page.locator("#view-switch label.seg:has(input[value=one])").tap()
            page.locator(".qnav__link").nth(2).tap()  # the matching question
        settle(page)
        save_screenshot(page, f"quiz-{language}-{device}", full_page=False)
        if device == "phone":
            page.locator("#ctx-open").tap()
            expect(page.locator("#ctx-dialog")).to_be_visible()
            save_screenshot(page, f"quiz-{language}-phone-text", full_page=False)
            page.locator("#ctx-close").tap()
        else:
            page.locator("section.q").nth(17).scroll_into_view_if_needed()
            save_screenshot(page, f"quiz-{language}-{device}-ordering", full_page=False)
        page.goto(f"{live_server}/attempts/{attempt}/submit")
        settle(page)
        save_screenshot(page, f"submit-{language}-{device}", full_page=False)
        submit_from_quiz_page(page)
        settle(page)
        save_screenshot(page, f"results-{language}-{device}", full_page=False)
        page.locator(".result").nth(2).scroll_into_view_if_needed()
        save_screenshot(page, f"results-{language}-{device}-matching", full_page=False)
    page.goto(f"{live_server}/sets/{set_id}")
    settle(page)
    save_screenshot(page, f"set-{language}-wide", full_page=False)


def submit_from_quiz_page(page):
    page.locator(".submit-page form button").click()
    page.wait_for_url("**/results")


def test_screenshot_home_and_reader_with_quizzes(live_server, context_factory, db_path):
    page = context_factory(**DEVICES["desktop"]).new_page()
    attempt = start_set(page, live_server, set_id_of(db_path, UNDERSTANDING))
    _answer_some(page, db_path, attempt, right=12, wrong=0)
    submit_from_quiz(page)
    page.goto(live_server + "/")
    settle(page)
    save_screenshot(page, "home-quizzes-desktop", full_page=False)
    page.goto(live_server + READER)
    expect(page.locator("#reader-quizzes .set-card__best")).to_be_visible()
    settle(page)
    save_screenshot(page, "reader-quizzes-desktop", full_page=False)
