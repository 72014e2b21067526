"""Immediate feedback as a learner meets it: in a set that shows feedback at once, checking one
saved answer shows its verdict and feedback beside it and locks the answer; the page stays
accessible, and a reload keeps both."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import run_axe, save_screenshot
from tests.browser.quiz_helpers import (
    UNDERSTANDING,
    answer,
    configure_set,
    expect_saved,
    right_answers,
    start_set,
)


def test_a_checked_answer_shows_its_verdict_and_locks(live_server, page, db_path):
    set_id = configure_set(
        db_path, UNDERSTANDING, feedback_timing="immediate", feedback_detail="explanations"
    )
    attempt = start_set(page, live_server, set_id)
    qid, qtype, value = next(a for a in right_answers(db_path, attempt) if a[1] == "true_false")
    section = page.locator(f"#q-{qid}")
    answer(page, qid, qtype, not value)  # the wrong one, so the key is shown
    expect_saved(page, qid)
    # Another question's key is nowhere on the page before it is checked.
    assert page.locator(".q__checked").count() == 0
    section.get_by_role("button", name="Check").click()
    page.wait_for_url(re.compile(rf"/attempts/{attempt}(#q-{qid})?$"))
    section = page.locator(f"#q-{qid}")
    expect(section.locator(".verdict")).to_have_text("Incorrect")
    expect(section.locator(".result__explanation")).to_be_visible()
    expect(section.locator("input[name=answer]").first).to_be_disabled()
    expect(section.get_by_role("button", name="Check")).to_have_count(0)
    assert page.locator(".q__checked").count() == 1
    save_screenshot(page, "immediate-feedback")
    assert run_axe(page) == []
    page.reload()
    section = page.locator(f"#q-{qid}")
    expect(section.locator(".verdict")).to_have_text("Incorrect")
    expect(section.locator("input[name=answer]").first).to_be_disabled()
