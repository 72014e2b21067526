"""My words in Chromium: a signed-in learner adds words from the reader by keyboard, sees them
on My words and on the home page, and reviews them both ways with typed and self-graded
answers. axe finds nothing on the list and the review pages. Screenshots land in
test-artifacts/ (words-*.png)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, run_axe, save_screenshot
from tests.browser.reader_helpers import READER, wait_for_script
from tests.conftest import make_app, sign_in


@pytest.fixture
def learner_cookie(db_path, make_user):
    """A learner's session cookie for this test's database."""
    user = make_user("meera")
    client = make_app(db_path).test_client()
    sign_in(client, user)
    client.get("/")
    return client.get_cookie("session").value


def _page(context_factory, live_server, cookie, **options):
    context = context_factory(**options)
    context.add_cookies([{"name": "session", "value": cookie, "url": live_server}])
    return context.new_page()


def _no_axe_violations(page):
    violations = run_axe(page)
    assert violations == [], violations


def _add_by_keyboard(page, key: str):
    button = page.locator(f"#g-{key} .gadd")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-disabled", "true")
    expect(button).to_contain_text("In my words")


def _answer(page, text: str):
    field = page.locator("#answer")
    expect(field).to_be_focused()  # autofocus: type at once
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_add_words_and_review_them_both_ways(live_server, context_factory, learner_cookie):
    page = _page(context_factory, live_server, learner_cookie)

    # The reader: add two glossary words from the keyboard, without leaving the page.
    page.goto(live_server + READER)
    wait_for_script(page)
    _add_by_keyboard(page, "samkaksh")
    _add_by_keyboard(page, "zor")
    expect(page.locator(".glossary [role=status]")).to_have_text("ज़ोर is in your words now.")
    assert page.url.endswith(READER)
    page.locator("#g-samkaksh").scroll_into_view_if_needed()
    save_screenshot(page, "words-reader-added", full_page=False)
    # Reloaded, the reader still shows which words are in the list.
    page.reload()
    expect(page.locator("#g-samkaksh .gadd")).to_contain_text("In my words")
    expect(page.locator("#g-sahyog .gadd")).not_to_contain_text("In my words")

    page.goto(live_server + "/")
    expect(page.locator(".hero__words a")).to_have_text("2 words due for review")

    page.goto(live_server + "/words")
    expect(page.locator(".word")).to_have_count(2)
    expect(page.locator(".word__hi").first).to_have_text("ज़ोर")
    expect(page.locator(".words-review .button").first).to_have_text("Review 4 due cards")
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.status)") == "loaded"
    _no_axe_violations(page)
    save_screenshot(page, "words-list")

    # Hindi → English: a typed answer, then "Show answer" and a self-grade by key.
    page.locator(".words-review a", has_text="Hindi → English").click()
    expect(page.locator(".review-card__prompt")).to_have_text("समकक्ष")
    _no_axe_violations(page)
    save_screenshot(page, "words-review-card")
    _answer(page, "counterpart")
    expect(page.locator("#review-result-title")).to_have_text("Right!")
    expect(page.locator(".review-result")).to_contain_text("This card comes back in 10 minutes.")
    expect(page.locator(".review-card__prompt")).to_have_text("ज़ोर")
    show = page.locator("a", has_text="Show answer")
    show.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".review-card__solution")).to_have_text("force, emphasis, stress")
    expect(page.locator("button[value=good]")).to_be_focused()
    _no_axe_violations(page)
    page.keyboard.press("3")
    expect(page.locator("#review-result-title")).to_have_text("You chose: Good")
    expect(page.locator("#review-done-title")).to_have_text("Nothing to review now")

    # English → Hindi: romanised typing, the Devanagari helper, and Devanagari typed directly.
    page.locator(".review-directions a", has_text="English → Hindi").click()
    expect(page.locator(".review-card__prompt")).to_have_text("counterpart, opposite number")
    expect(page.locator("#answer")).to_have_attribute("lang", "hi")
    page.locator("#answer").fill("samakakSha")
    helper = page.locator(".translit")
    expect(helper).to_be_visible()
    expect(helper.locator(".translit__out")).to_have_text("समकक्ष")
    helper.locator(".translit__use").click()
    expect(page.locator("#answer")).to_have_value("समकक्ष")
    page.keyboard.press("Enter")
    expect(page.locator("#review-result-title")).to_have_text("Right!")
    expect(page.locator(".review-card__prompt")).to_have_text("force, emphasis, stress")
    _answer(page, "जौर")
    expect(page.locator("#review-result-title")).to_have_text("Not quite.")
    expect(page.locator(".review-result .word__hi")).to_have_text("ज़ोर")
    expect(page.locator(".review-result")).to_contain_text("This card comes back in 1 minute.")
    _no_axe_violations(page)
    save_screenshot(page, "words-review-result")

    page.goto(live_server + "/")
    expect(page.locator(".hero__words a")).to_have_text("My words: nothing due for review")


def test_review_on_a_phone_in_hindi(live_server, context_factory, learner_cookie):
    page = _page(context_factory, live_server, learner_cookie, viewport=PHONE, has_touch=True)
    page.goto(f"{live_server}/language/hi?next={READER}")
    wait_for_script(page)
    # Tap a word in the text: its meaning pops up with a button that adds it.
    page.locator('#p5s2 a.gw[href="#g-shikhar-vaartaa"]').tap()
    popover = page.locator("#gloss-popover")
    expect(popover).to_be_visible()
    popover.locator(".gloss-popover__add").tap()
    expect(page.locator("#g-shikhar-vaartaa .gadd")).to_contain_text("मेरे शब्दों में है")
    expect(popover.locator(".gloss-popover__add")).to_have_attribute("aria-disabled", "true")
    save_screenshot(page, "words-reader-popover-phone", full_page=False)
    page.goto(live_server + "/words/review")
    expect(page.locator(".review-card__prompt")).to_have_text("शिखर वार्ता")
    page.locator("a", has_text="उत्तर दिखाएँ").tap()
    expect(page.locator(".review-card__solution")).to_have_text("summit (talks)")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _no_axe_violations(page)
    save_screenshot(page, "words-review-phone-hindi")
    page.locator("button[value=easy]").tap()
    expect(page.locator("#review-result-title")).to_have_text(re.compile("आपने चुना: आसान"))
