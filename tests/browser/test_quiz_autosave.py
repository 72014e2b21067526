"""Autosave in Chromium: a dropped connection loses nothing, a closed tab resumes, a finished
attempt sends the learner to the results, and a time limit runs out on screen."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from quizapp.attempts.models import Attempt
from quizapp.attempts.services import DEADLINE_GRACE
from quizapp.database import utcnow
from quizapp.extensions import db
from tests.browser.quiz_helpers import (
    UNDERSTANDING,
    answer,
    attempt_id,
    configure_set,
    expect_saved,
    right_answers,
    set_id_of,
    start_set,
    stored_answers,
    wait_for_quiz,
)
from tests.conftest import make_app


def _first_of(answers, qtype):
    return next((qid, value) for qid, t, value in answers if t == qtype)


def test_a_dropped_connection_loses_nothing(live_server, context_factory, db_path):
    context = context_factory()
    page = context.new_page()
    attempt = start_set(page, live_server, set_id_of(db_path, UNDERSTANDING))
    answers = right_answers(db_path, attempt)
    mcq, mcq_value = _first_of(answers, "mcq")
    short, short_value = _first_of(answers, "short_answer")

    context.set_offline(True)
    answer(page, mcq, "mcq", mcq_value)
    answer(page, short, "short_answer", short_value)
    for qid in (mcq, short):
        expect(page.locator(f"#q-{qid} .q__status")).to_have_text("Not saved — will retry")
    assert stored_answers(db_path, attempt) == {}
    pending = page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('quizapp:answer:'))"
    )
    assert len(pending) == 2

    context.set_offline(False)
    for qid in (mcq, short):
        expect(page.locator(f"#q-{qid} .q__status")).to_have_text("Saved")
    assert stored_answers(db_path, attempt) == {mcq: mcq_value, short: short_value}
    assert (
        page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('quizapp:answer:'))")
        == []
    )

    page.reload()
    wait_for_quiz(page)
    expect(page.locator(f"#q-{mcq} input[name=answer][value='{mcq_value}']")).to_be_checked()
    expect(page.locator(f"#q-{short} input[name=answer]")).to_have_value(short_value)


def test_answers_made_offline_are_sent_when_the_quiz_is_opened_again(
    live_server, context_factory, db_path
):
    context = context_factory()
    page = context.new_page()
    attempt = start_set(page, live_server, set_id_of(db_path, UNDERSTANDING))
    answers = right_answers(db_path, attempt)
    qid, value = _first_of(answers, "matching")
    context.set_offline(True)
    answer(page, qid, "matching", value)
    expect(page.locator(f"#q-{qid} .q__status")).to_have_text("Not saved — will retry")
    page.close()  # the tab is closed while offline
    context.set_offline(False)
    assert stored_answers(db_path, attempt) == {}

    page = context.new_page()
    page.goto(f"{live_server}/attempts/{attempt}")
    wait_for_quiz(page)
    expect_saved(page, qid)
    assert stored_answers(db_path, attempt) == {qid: value}
    selects = page.locator(f"#q-{qid} select[name=pick]")
    for n, pick in enumerate(value):
        expect(selects.nth(n)).to_have_value(str(pick))


def test_resume_after_closing_the_tab(live_server, context_factory, db_path):
    context = context_factory()
    page = context.new_page()
    set_id = set_id_of(db_path, UNDERSTANDING)
    attempt = start_set(page, live_server, set_id)
    answers = right_answers(db_path, attempt)
    for qid, qtype, value in answers[:4]:
        answer(page, qid, qtype, value)
        expect_saved(page, qid)
    page.close()

    page = context.new_page()
    page.goto(live_server + "/")
    card = page.locator(".set-card", has_text=UNDERSTANDING)
    expect(card.locator("button")).to_have_text("Resume")
    card.locator("button").click()
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    wait_for_quiz(page)
    assert attempt_id(page) == attempt
    expect(page.locator("#progress-text")).to_have_text("4 of 18 answered")
    for qid, _qtype, _value in answers[:4]:
        expect(page.locator(f"#q-{qid}")).to_have_class(re.compile("is-answered"))
        expect(page.locator(f'.qnav__link[data-qid="{qid}"]')).to_have_class(
            re.compile("is-answered")
        )
    # It reopens at the first unanswered question (the one shown first one at a time).
    expect(page.locator("section.q.is-current")).to_have_id(f"q-{answers[4][0]}")


def test_an_attempt_finished_elsewhere_leads_to_the_results(live_server, context_factory, db_path):
    context = context_factory()
    page = context.new_page()
    attempt = start_set(page, live_server, set_id_of(db_path, UNDERSTANDING))
    other = context.new_page()  # a second tab of the same browser submits
    other.goto(f"{live_server}/attempts/{attempt}/submit")
    other.locator(".submit-page form button").click()
    other.wait_for_url(re.compile(r"/results$"))

    qid, value = _first_of(right_answers(db_path, attempt), "true_false")
    answer(page, qid, "true_false", value)
    expect(page.locator("#quiz-notice")).to_contain_text("This attempt is finished")
    page.wait_for_url(re.compile(rf"/attempts/{attempt}/results$"))
    assert stored_answers(db_path, attempt) == {}


def test_a_bad_answer_shows_the_servers_message(live_server, page, db_path):
    attempt = start_set(page, live_server, set_id_of(db_path, UNDERSTANDING))
    qid, _value = _first_of(right_answers(db_path, attempt), "numeric")
    page.locator(f"#q-{qid} input[name=answer]").fill("many")
    error = page.locator(f"#q-{qid} .q__error")
    expect(error).to_contain_text("Expected a number")
    page.locator(f"#q-{qid} input[name=answer]").fill("8")
    expect(error).to_be_hidden()
    expect_saved(page, qid)


def test_the_time_limit_counts_down_and_the_server_finishes(live_server, page, db_path):
    set_id = configure_set(db_path, UNDERSTANDING, time_limit_minutes=1)
    page.clock.install()  # the page's time runs as usual, and can be moved on (below)
    attempt = start_set(page, live_server, set_id)
    clock = page.locator("#timer-clock")
    expect(clock).to_have_text(re.compile(r"^(1:00|0:[45]\d)$"))
    first = clock.inner_text()
    page.wait_for_timeout(1500)
    assert clock.inner_text() != first
    # Move the deadline into the grace period: the page says time is up, then reloads
    # once the server has finished the attempt.
    deadline = utcnow() - timedelta(seconds=8)
    app = make_app(db_path)
    with app.app_context():
        db.session.get(Attempt, attempt).deadline_at = deadline
        db.session.commit()
        db.engine.dispose()
    page.reload()
    expect(page.locator("#quiz-notice")).to_contain_text("Time is up")
    expect(clock).to_have_text("0:00")
    # The page reloads grace + 2 s after time is up, when the server has finished the attempt:
    # the server's grace runs out in real time; the page's own 12 s are moved on, not waited.
    grace_left = deadline + DEADLINE_GRACE - utcnow()
    page.wait_for_timeout(max(0, grace_left.total_seconds()) * 1000 + 200)
    page.clock.fast_forward(int((DEADLINE_GRACE.total_seconds() + 2) * 1000))
    page.wait_for_url(re.compile(rf"/attempts/{attempt}/results$"), timeout=20_000)
    expect(page.locator(".score-card__note").first).to_contain_text("Time ran out")
