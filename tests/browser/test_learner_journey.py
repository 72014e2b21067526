"""A new learner's whole journey, once in each interface language: sign up, take a quiz (two
vocabulary questions missed on purpose), see the results, the progress chart and skill bars,
review the words the missed questions added, and sign out. axe on every page on the way."""

import json

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import run_axe, save_screenshot
from tests.browser.quiz_helpers import (
    answer,
    expect_saved,
    right_answers,
    set_id_of,
    start_set,
    submit_from_quiz,
)

PASSWORD = "a long enough password"
VOCABULARY = "Vocabulary warm-up"
TEXT = {
    "en": {
        "progress": "Your progress",
        "words": "My words",
        "good_chosen": "You chose: Good",
        "sign_in": "Sign in",
    },
    "hi": {
        "progress": "आपकी प्रगति",
        "words": "मेरे शब्द",
        "good_chosen": "आपने चुना: अच्छा",
        "sign_in": "साइन इन",
    },
}


def no_violations(page, name: str) -> None:
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.status)") == "loaded"
    violations = run_axe(page)
    assert violations == [], f"{name}: " + json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_sign_up_take_a_quiz_see_progress_review_words_sign_out(live_server, page, db_path, lang):
    text = TEXT[lang]
    page.goto(f"{live_server}/language/{lang}?next=/signup")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    no_violations(page, "sign up")
    page.locator("#username").fill(f"journey-{lang}")
    page.locator("#password").fill(PASSWORD)
    page.locator("#confirm").fill(PASSWORD)
    page.locator("#confirm").press("Enter")
    expect(page).to_have_url(live_server + "/account")

    # The quiz: everything right except the first two multiple-choice questions.
    attempt = start_set(page, live_server, set_id_of(db_path, VOCABULARY))
    no_violations(page, "quiz")
    missed = 0
    for qid, qtype, value in right_answers(db_path, attempt):
        if qtype == "mcq" and missed < 2:
            options = page.locator(f"#q-{qid} label.choice").count()
            value, missed = (value + 1) % options, missed + 1
        answer(page, qid, qtype, value)
        expect_saved(page, qid)
    assert missed == 2
    submit_from_quiz(page)
    expect(page.locator(".score-card__pct")).not_to_have_text("100%")
    no_violations(page, "results")

    # Progress: the score is on the chart, and every skill has its bar.
    page.locator(".site-nav__links a[href='/progress']").click()
    expect(page.locator("h1")).to_have_text(text["progress"])
    expect(page.locator("svg.chart__svg--history-wide path.chart__mark")).to_have_count(1)
    expect(page.locator("#skill-bars li.skill")).to_have_count(5)
    no_violations(page, "progress")
    save_screenshot(page, f"journey-progress-{lang}")

    # My words holds the words behind the two missed questions; review one of them.
    page.locator(".site-nav__links a[href='/words']").click()
    expect(page.locator("h1")).to_have_text(text["words"])
    assert page.locator(".word").count() >= 2
    no_violations(page, "my words")
    page.goto(live_server + "/words/review")
    expect(page.locator(".review-card__prompt")).to_be_visible()
    no_violations(page, "review card")
    page.locator(".review-card a[href*='show']").click()
    expect(page.locator(".review-card__solution")).to_be_visible()
    page.locator("button[value=good]").click()
    expect(page.locator("#review-result-title")).to_have_text(text["good_chosen"])
    no_violations(page, "review result")
    save_screenshot(page, f"journey-review-{lang}")

    page.locator(".site-nav__account button").click()
    expect(page.locator(".site-nav__account")).to_contain_text(text["sign_in"])
    expect(page.locator(".site-nav__links")).to_have_count(0)
    assert page.goto(live_server + "/progress").url.startswith(live_server + "/login")
