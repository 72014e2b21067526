"""Taking a quiz in Chromium: whole attempts with prompts in Hindi, English and both, one
question at a time on a phone, and with the keyboard only; finding a quiz from the reader."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.quiz_helpers import (
    MAIN_IDEAS,
    TRANSLATION,
    UNDERSTANDING,
    VOCABULARY,
    answer,
    answer_with_keyboard,
    as_stored,
    configure_set,
    expect_saved,
    right_answers,
    set_id_of,
    start_set,
    stored_answers,
    submit_from_quiz,
    tab_to,
    wait_for_quiz,
)
from tests.browser.reader_helpers import READER


def _answer_all_and_submit(page, db_path, attempt):
    answers = right_answers(db_path, attempt)
    for qid, qtype, value in answers:
        answer(page, qid, qtype, value)
        expect_saved(page, qid)
    assert stored_answers(db_path, attempt) == as_stored(answers)
    expect(page.locator("#progress-text")).to_have_text(
        f"{len(answers)} of {len(answers)} answered"
    )
    submit_from_quiz(page)
    expect(page.locator(".score-card__pct")).to_have_text("100%")
    expect(page.locator(".verdict--right")).to_have_count(len(answers))


def test_whole_attempt_with_prompts_in_hindi(live_server, page, db_path):
    set_id = configure_set(db_path, UNDERSTANDING, prompt_language="hi")
    attempt = start_set(page, live_server, set_id)
    expect(page.locator(".q__prompt .t-hi")).to_have_count(18)
    expect(page.locator(".q__prompt .t-en")).to_have_count(0)
    expect(page.locator(".qlang")).to_have_count(0)
    # Options and matching items in Hindi only, too.
    expect(page.locator(".choice__text .t-en")).to_have_count(0)
    _answer_all_and_submit(page, db_path, attempt)
    # Results follow the set's language for prompts but give both explanations.
    expect(page.locator(".result__prompt .t-en")).to_have_count(0)
    expect(page.locator('.result__explanation p[lang="en"]').first).to_be_visible()


def test_whole_attempt_with_prompts_in_english(live_server, page, db_path):
    set_id = configure_set(db_path, VOCABULARY, prompt_language="en")
    attempt = start_set(page, live_server, set_id)
    expect(page.locator(".q__prompt .t-hi")).to_have_count(0)
    expect(page.locator(".q__prompt .t-en").first).to_be_visible()
    _answer_all_and_submit(page, db_path, attempt)


def test_whole_attempt_with_prompts_in_both_and_the_switch(live_server, page, db_path):
    set_id = configure_set(db_path, TRANSLATION, prompt_language="both")
    attempt = start_set(page, live_server, set_id)
    first = page.locator("section.q").first
    hindi, english = first.locator(".q__prompt .t-hi"), first.locator(".q__prompt .t-en")
    expect(hindi).to_be_visible()
    expect(english).to_be_visible()
    first.locator("label.seg:has(input[value=en])").click()
    expect(hindi).to_be_hidden()
    expect(english).to_be_visible()
    first.locator("label.seg:has(input[value=hi])").click()
    expect(english).to_be_hidden()
    expect(hindi).to_be_visible()
    # The other questions keep both.
    expect(page.locator("section.q").nth(1).locator(".q__prompt .t-en")).to_be_visible()
    _answer_all_and_submit(page, db_path, attempt)


def test_phone_one_question_at_a_time(live_server, context_factory, db_path):
    page = context_factory(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    attempt = start_set(page, live_server, set_id_of(db_path, MAIN_IDEAS))
    expect(page.locator("#view-switch input[value=one]")).to_be_checked()
    expect(page.locator("section.q:visible")).to_have_count(1)
    # The passage is a dialog on a phone.
    expect(page.locator("#ctx")).to_be_hidden()
    page.locator("#ctx-open").tap()
    expect(page.locator("#ctx-dialog")).to_be_visible()
    expect(page.locator("#ctx-dialog .ctx-sent").first).to_be_visible()
    page.locator("#ctx-close").tap()
    expect(page.locator("#ctx-dialog")).to_be_hidden()
    expect(page.locator("#ctx-open")).to_be_focused()

    answers = right_answers(db_path, attempt)
    for n, (qid, qtype, value) in enumerate(answers):
        current = page.locator("section.q.is-current")
        expect(current).to_have_id(f"q-{qid}")
        expect(page.locator("section.q:visible")).to_have_count(1)
        expect(page.locator("#step-where")).to_have_text(f"Question {n + 1} of {len(answers)}")
        answer(page, qid, qtype, value)
        expect_saved(page, qid)
        if n < len(answers) - 1:
            page.locator("#step-next").tap()
            expect(page.locator(f"#q-{qid}")).to_be_hidden()
    expect(page.locator("#step-next")).to_be_disabled()
    page.locator("#step-prev").tap()
    expect(page.locator(f"#q-{answers[-2][0]}")).to_be_visible()
    # Jump with the question list.
    page.locator(f'.qnav__link[data-qid="{answers[0][0]}"]').tap()
    expect(page.locator(f"#q-{answers[0][0]}")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # "All questions" shows every one; the choice is remembered.
    page.locator("#view-switch label.seg:has(input[value=all])").tap()
    expect(page.locator("section.q:visible")).to_have_count(len(answers))
    page.reload()
    wait_for_quiz(page)
    expect(page.locator("#view-switch input[value=all]")).to_be_checked()
    submit_from_quiz(page)
    expect(page.locator(".score-card__pct")).to_have_text("100%")


def test_whole_attempt_with_the_keyboard_only(live_server, page, db_path):
    set_id = set_id_of(db_path, UNDERSTANDING)
    page.goto(f"{live_server}/sets/{set_id}")
    tab_to(page, "form.start-form button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    wait_for_quiz(page)
    attempt = int(re.search(r"/attempts/(\d+)", page.url).group(1))
    answers = right_answers(db_path, attempt)
    for qid, qtype, value in answers:
        answer_with_keyboard(page, qid, qtype, value)
    for qid, _qtype, _value in answers:
        expect_saved(page, qid)
    assert stored_answers(db_path, attempt) == as_stored(answers)
    tab_to(page, "#review-link")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/submit$"))
    expect(page.locator(".notice--ok")).to_be_visible()
    tab_to(page, ".submit-page form button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/results$"))
    expect(page.locator(".score-card__pct")).to_have_text("100%")


def test_ordering_announces_moves_and_keeps_focus(live_server, page, db_path):
    attempt = start_set(page, live_server, set_id_of(db_path, UNDERSTANDING))
    qid = next(qid for qid, t, _v in right_answers(db_path, attempt) if t == "ordering")
    section = page.locator(f"#q-{qid}")
    count = section.locator(".order__item").count()
    index = section.locator(".order__item").nth(1).get_attribute("data-index")
    second = section.locator(f'.order__item[data-index="{index}"]')
    button = second.locator('.order__btn[data-dir="up"]')
    button.focus()
    page.keyboard.press("Enter")
    expect(section.locator(".order__live")).to_contain_text(f"is now number 1 of {count}")
    # At the top "Move up" is unavailable, so focus moved to the same item's "Move down".
    expect(
        section.locator(".order__item").first.locator('.order__btn[data-dir="down"]')
    ).to_be_focused()
    expect(
        section.locator(".order__item").first.locator('.order__btn[data-dir="up"]')
    ).to_have_attribute("aria-disabled", "true")
    expect_saved(page, qid)
    assert stored_answers(db_path, attempt)[qid][0] == int(index)


def test_ordering_items_can_be_dragged(live_server, page, db_path):
    attempt = start_set(page, live_server, set_id_of(db_path, UNDERSTANDING))
    qid = next(qid for qid, t, _v in right_answers(db_path, attempt) if t == "ordering")
    items = page.locator(f"#q-{qid} .order__item")
    count = items.count()
    before = [items.nth(i).get_attribute("data-index") for i in range(count)]
    items.nth(count - 1).scroll_into_view_if_needed()
    last, first = items.nth(count - 1).bounding_box(), items.nth(0).bounding_box()
    page.mouse.move(last["x"] + last["width"] / 2, last["y"] + last["height"] / 2)
    page.mouse.down()
    page.mouse.move(first["x"] + first["width"] / 2, first["y"] + 4, steps=12)
    page.mouse.up()
    after = [items.nth(i).get_attribute("data-index") for i in range(count)]
    assert after == [before[-1], *before[:-1]]
    expect(page.locator(f"#q-{qid} .order__pos").first).to_have_text("1")
    expect(page.locator(f"#q-{qid} .order__live")).to_contain_text(f"is now number 1 of {count}")
    expect_saved(page, qid)
    assert stored_answers(db_path, attempt)[qid] == [int(i) for i in after]


def test_reader_lists_the_quizzes_and_the_best_score(live_server, page, db_path):
    page.goto(live_server + READER)
    quizzes = page.locator("#reader-quizzes .set-card")
    expect(quizzes).to_have_count(4)
    expect(page.locator("#reader-quizzes .set-card__best")).to_have_count(0)
    card = quizzes.filter(has_text=MAIN_IDEAS)
    card.locator("button").click()
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    wait_for_quiz(page)
    attempt = int(re.search(r"/attempts/(\d+)", page.url).group(1))
    for qid, qtype, value in right_answers(db_path, attempt):
        answer(page, qid, qtype, value)
        expect_saved(page, qid)
    submit_from_quiz(page)
    page.locator(".score-card__actions a", has_text="Back to the text").click()
    expect(page.locator("#reader-quizzes .set-card__best")).to_have_text("Your best: 100%")
    # The evidence link opens the reader at the sentence.
    page.go_back()
    link = page.locator(".evidence figcaption a").first
    href = link.get_attribute("href")
    link.click()
    expect(page.locator(f"#{href.split('#')[1]}")).to_be_in_viewport()


def test_romanised_typing_shows_the_devanagari(live_server, page, db_path):
    attempt = start_set(page, live_server, set_id_of(db_path, UNDERSTANDING))
    qid, value = next((q, v) for q, t, v in right_answers(db_path, attempt) if t == "short_answer")
    field = page.locator(f"#q-{qid} input[name=answer]")
    expect(field).to_have_attribute("lang", "hi")
    field.press_sequentially("rikjevik")
    helper = page.locator(f"#q-{qid} .translit")
    expect(helper.locator(".translit__out")).to_have_text("रिक्जेविक")
    helper.locator(".translit__use").click()
    expect(field).to_have_value("रिक्जेविक")
    expect(helper).to_be_hidden()
    expect_saved(page, qid)
    assert stored_answers(db_path, attempt)[qid] == "रिक्जेविक" == value
