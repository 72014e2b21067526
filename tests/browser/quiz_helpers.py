"""Shared knowledge about the quiz pages for the browser tests: starting a set, the right
answers of an attempt (read from the database, never from the page), and answering a
question of any type with the mouse or with the keyboard only."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from quizapp.attempts.models import Answer
from quizapp.attempts.services import read_attempt
from quizapp.core.grading import get_type
from quizapp.extensions import db
from quizapp.questions.models import QuestionSet
from tests.conftest import make_app

UNDERSTANDING = "Understanding the meeting"
VOCABULARY = "Vocabulary warm-up"
MAIN_IDEAS = "Main ideas and inference"
TRANSLATION = "Translation practice"


def configure_set(db_path: Path, title: str, **settings) -> int:
    """Change a seeded set's settings (prompt_language, time_limit_minutes...); its id."""
    app = make_app(db_path)
    with app.app_context():
        question_set = db.session.query(QuestionSet).filter_by(title_en=title).one()
        for name, value in settings.items():
            setattr(question_set, name, value)
        db.session.commit()
        set_id = question_set.id
        db.engine.dispose()
    return set_id


def set_id_of(db_path: Path, title: str) -> int:
    return configure_set(db_path, title)


def start_set(page: Page, base: str, set_id: int) -> int:
    """Open the set page, press Start, wait for the quiz; the attempt id."""
    page.goto(f"{base}/sets/{set_id}")
    page.locator("form.start-form button").click()
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    wait_for_quiz(page)
    return attempt_id(page)


def wait_for_quiz(page: Page) -> None:
    """quiz.js has run: it shows the view switch."""
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))
    expect(page.locator("#view-switch")).to_be_visible()


def attempt_id(page: Page) -> int:
    return int(re.search(r"/attempts/(\d+)", page.url).group(1))


def right_answers(db_path: Path, attempt: int) -> list[tuple[int, str, object]]:
    """(question id, type, the right answer in the answer shape), in page order: indices into
    the lists as shown for matching and ordering; canonical option indices for mcq and multi,
    whose options the page shows in the attempt's order, each naming its canonical index
    (multi's listed top to bottom as shown, as the page sends the ticked boxes)."""
    app = make_app(db_path)
    out = []
    with app.app_context():
        view = read_attempt(attempt)
        for question in view.questions:
            qtype = get_type(question.type)
            key = qtype.correct_answer(question.spec)
            shown, order = view.shown(question)
            if order is not None:
                position = {index: at for at, index in enumerate(order)}
                key = [position[i] for i in key]
            elif question.type == "multi":
                key = [option["index"] for option in shown["options"] if option["index"] in key]
            out.append((question.id, question.type, key))
        db.engine.dispose()
    return out


def stored_answers(db_path: Path, attempt: int) -> dict[int, object]:
    """What the database holds for the attempt: question id → saved answer."""
    app = make_app(db_path)
    with app.app_context():
        rows = {
            a.question_id: a.value for a in db.session.query(Answer).filter_by(attempt_id=attempt)
        }
        db.engine.dispose()
    return rows


def as_stored(answers: list[tuple[int, str, object]]) -> dict[int, object]:
    """The right answers as the page stores them (a typed number stays the text typed)."""
    return {qid: str(value) if qtype == "numeric" else value for qid, qtype, value in answers}


def expect_saved(page: Page, qid: int) -> None:
    expect(page.locator(f"#q-{qid} .q__status")).to_have_class(re.compile("q__status--saved"))


# ---- With the mouse (and typing) ----------------------------------------------------------------


def answer(page: Page, qid: int, qtype: str, value) -> None:
    """Give ``value`` (the answer shape) to a question with pointer and typing."""
    section = page.locator(f"#q-{qid}")
    ANSWER_WITH_MOUSE[qtype](section, value)


def option_label(section, index: int):
    """The option with canonical ``index``, wherever this attempt shows it."""
    return section.locator(f"label.choice:has(input[name=answer][value='{index}'])")


def shown_indices(section) -> list[int]:
    """The canonical indices of a question's options, in the order the page shows them."""
    values = section.locator("input[name=answer]").evaluate_all("els => els.map(e => e.value)")
    return [int(value) for value in values]


def _choose(section, value):
    option_label(section, value).click()


def _choose_many(section, value):
    for index in value:
        option_label(section, index).click()


def _true_false(section, value):
    section.locator(f"input[name=answer][value={'true' if value else 'false'}]").check()


def _type(section, value):
    section.locator("[name=answer]").fill(str(value))


def _blanks(section, value):
    for blank, text in zip(section.locator("[name=blank]").all(), value, strict=True):
        if blank.evaluate("el => el.tagName") == "SELECT":
            blank.select_option(label=text)
        else:
            blank.fill(text)


def _picks(section, value):
    for select, pick in zip(section.locator("select[name=pick]").all(), value, strict=True):
        select.select_option(value=str(pick))


def _order(section, value):
    for target, index in enumerate(value):
        item = section.locator(f'.order__item[data-index="{index}"]')
        current = section.locator(".order__item").evaluate_all(
            "(items, index) => items.findIndex(i => i.dataset.index === String(index))", index
        )
        for _ in range(current - target):
            item.locator('.order__btn[data-dir="up"]').click()
        expect(section.locator(".order__item").nth(target)).to_have_attribute(
            "data-index", str(index)
        )


ANSWER_WITH_MOUSE = {
    "mcq": _choose,
    "multi": _choose_many,
    "true_false": _true_false,
    "numeric": _type,
    "short_answer": _type,
    "translation": _type,
    "cloze": _blanks,
    "matching": _picks,
    "ordering": _order,
}


# ---- With the keyboard only ----------------------------------------------------------------------


def tab_to(page: Page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches ``selector`` (fails after ``limit``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"Tab never reached {selector}")


def answer_with_keyboard(page: Page, qid: int, qtype: str, value) -> None:
    """Give ``value`` to a question using Tab, arrows, Space, Enter and typing only."""
    ANSWER_WITH_KEYBOARD[qtype](page, f"#q-{qid}", value)


def _kb_choose(page, q, value):
    tab_to(page, f"{q} input[name=answer]")
    page.keyboard.press("Space")  # the first option shown
    for _ in range(shown_indices(page.locator(q)).index(value)):
        page.keyboard.press("ArrowDown")


def _kb_choose_many(page, q, value):
    for index in value:
        tab_to(page, f"{q} input[name=answer][value='{index}']")
        page.keyboard.press("Space")


def _kb_true_false(page, q, value):
    tab_to(page, f"{q} input[name=answer]")
    page.keyboard.press("Space")  # "True" is first
    if not value:
        page.keyboard.press("ArrowDown")


def _kb_type(page, q, value):
    tab_to(page, f"{q} [name=answer]")
    page.keyboard.type(str(value))


def _kb_blanks(page, q, value):
    for n, text in enumerate(value):
        tab_to(page, f"{q} [name=blank][id$='-{n}']")
        if page.evaluate("() => document.activeElement.tagName") == "SELECT":
            options = page.evaluate("() => [...document.activeElement.options].map(o => o.text)")
            for _ in range(options.index(text)):
                page.keyboard.press("ArrowDown")
        else:
            page.keyboard.type(text)


def _kb_picks(page, q, value):
    for n, pick in enumerate(value):
        tab_to(page, f"{q} select[name=pick][id$='-{n}']")
        for _ in range(pick + 1):  # past the "(choose)" entry
            page.keyboard.press("ArrowDown")


def _kb_order(page, q, value):
    section = page.locator(q)
    for target, index in enumerate(value):
        current = section.locator(".order__item").evaluate_all(
            "(items, index) => items.findIndex(i => i.dataset.index === String(index))", index
        )
        if current == target:
            continue
        tab_to(page, f'{q} .order__item[data-index="{index}"] .order__btn[data-dir="up"]')
        for _ in range(current - target):
            page.keyboard.press("Enter")  # focus stays on the moved item's button
        expect(section.locator(".order__item").nth(target)).to_have_attribute(
            "data-index", str(index)
        )


ANSWER_WITH_KEYBOARD = {
    "mcq": _kb_choose,
    "multi": _kb_choose_many,
    "true_false": _kb_true_false,
    "numeric": _kb_type,
    "short_answer": _kb_type,
    "translation": _kb_type,
    "cloze": _kb_blanks,
    "matching": _kb_picks,
    "ordering": _kb_order,
}


def submit_from_quiz(page: Page) -> None:
    """Review and submit, then wait for the results page."""
    page.locator("#review-link").click()
    page.wait_for_url(re.compile(r"/submit$"))
    page.locator(".submit-page form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/results$"))
